//! Any front-matter text: the simple reader either declines it or gives
//! the tree the YAML parser's events give, positions included.

#![no_main]

use dossier::vault::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let read = yaml::parse(text).map_err(|e| (e.problem, e.pos));
    let parsed = yaml::parse_events(text).map_err(|e| (e.problem, e.pos));
    // `{:?}`: a NaN reads the same on both sides.
    assert_eq!(format!("{read:?}"), format!("{parsed:?}"), "{text:?}");
});
