//! `dossier.toml` text: parsed and checked, never a panic; a config that is
//! accepted works for a small vault.

#![no_main]

use dossier::config::Config;
use dossier::model::Model;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = Config::parse(text) else {
        return;
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 11, 23).unwrap();
    let client = "---\ntype: client\ncode: C001\nname: 甲\nowner: 张\ntier: strategic\nlast_contact: 2020-01-01\n\
        health: {relationship: 4.5, payment: green}\ncontacts: [{name: 赵, level: vp, department: it}]\n\
        opportunities: [{code: O1, name: x, stage: proposal, amount: 100, expected_close: 2025-01-01}]\n---\n";
    let model = Model::from_texts(config, &[("c.md", client)], as_of);
    let _ = dossier::analytics::compute(&model);
});
