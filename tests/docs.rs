//! The documentation says what the code does: each kind's table of fields
//! in `docs/vault.md` lists exactly the keys its reader takes.

use std::collections::BTreeSet;

use dossier::model::fields::COMMON_KEYS;
use dossier::model::records::{
    CLIENT_KEYS, CONTACT_KEYS, INTERACTION_KEYS, OPPORTUNITY_KEYS, PARTNER_KEYS, PROJECT_KEYS,
};

/// The fields of the table under `### \`KIND\`` in `docs/vault.md`.
fn documented(doc: &str, kind: &str) -> BTreeSet<String> {
    let heading = format!("### `{kind}`");
    let at = doc
        .find(&heading)
        .unwrap_or_else(|| panic!("docs/vault.md has no {heading}"));
    let section = &doc[at + heading.len()..];
    let section = section.split("\n#").next().unwrap_or("");
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_kind_documents_exactly_the_fields_it_reads() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/vault.md")).unwrap();
    for (kind, keys) in [
        ("client", CLIENT_KEYS),
        ("opportunity", OPPORTUNITY_KEYS),
        ("project", PROJECT_KEYS),
        ("partner", PARTNER_KEYS),
        ("contact", CONTACT_KEYS),
        ("interaction", INTERACTION_KEYS),
    ] {
        let read: BTreeSet<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        assert_eq!(documented(&doc, kind), read, "the fields of `{kind}`");
    }
    for key in COMMON_KEYS {
        assert!(
            doc.contains(&format!("`{key}`")),
            "`{key}` is not in docs/vault.md"
        );
    }
}
