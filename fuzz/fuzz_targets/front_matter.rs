//! A note's text, read and typed as a client note (by its folder), then the
//! checks and the analytics over it: nothing may panic or hang.

#![no_main]

use dossier::config::Config;
use dossier::model::Model;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut config = Config::parse("[folders]\nclients = \"client\"\n").unwrap();
    config.max_file_bytes = 1 << 20;
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 11, 23).unwrap();
    let other = "---\ntype: opportunity\ncode: O1\nname: x\nclient: C001\nstage: proposal\n---\n";
    let model = Model::from_texts(
        config,
        &[("clients/fuzzed.md", &text), ("deal.md", other)],
        as_of,
    );
    let report = dossier::analytics::compute(&model);
    let _ = dossier::check::codes_and_references(&model);
    let _ = dossier::check::links::resolve_all(&model);
    let _ = serde_json::to_string(&report);
});
