//! A saved note is read again alone by `dossier serve`; the result must be
//! what reading the whole vault again gives. Each case edits a copy of the
//! example vault, updates a workspace in place, and compares it with a
//! fresh one: every figure of the report, every diagnostic, every link.

mod common;

use dossier::book::{Book, Options, Update};
use dossier::diagnostics::render_json;

fn open(vault: &std::path::Path) -> Book {
    Book::load_for_preview(Options {
        vault: vault.to_path_buf(),
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 11, 23),
        ..Options::default()
    })
    .unwrap()
}

fn state(book: &Book) -> (String, String, String) {
    (
        serde_json::to_string_pretty(book.report()).unwrap(),
        render_json(
            book.diagnostics(),
            book.files_read(),
            dossier::diagnostics::Language::En,
        ),
        format!("{:?}", book.resolutions()),
    )
}

/// Applies `edit` to the file `rel` and checks that updating it alone
/// equals reading everything again.
fn same_as_full(rel: &str, edit: impl Fn(&str) -> String) {
    same_as_full_in(&common::example(), rel, edit)
}

/// [`same_as_full`] on a copy of the vault at `source`.
fn same_as_full_in(source: &std::path::Path, rel: &str, edit: impl Fn(&str) -> String) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    common::copy_dir(source, &vault);
    let mut book = open(&vault);
    let path = vault.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(text, edited, "{rel}: the edit changed nothing");
    std::fs::write(&path, edited).unwrap();
    book.update(&Update {
        notes: vec![rel.to_owned()],
        ..Update::default()
    });
    let fresh = open(&vault);
    let (a, b) = (state(&book), state(&fresh));
    assert!(a.0 == b.0, "{rel}: the report differs");
    assert!(
        a.1 == b.1,
        "{rel}: the diagnostics differ:\n{}\n---\n{}",
        a.1,
        b.1
    );
    assert!(a.2 == b.2, "{rel}: the links differ");
}

#[test]
fn a_client_renamed() {
    same_as_full("clients/东义集团.md", |t| {
        t.replace("name: 东义集团", "name: 东义控股")
    });
}

#[test]
fn a_contract_value_that_moves_value_tiers() {
    same_as_full("clients/海川教育.md", |t| {
        t.replace("contract_value: 48000", "contract_value: 9900000")
    });
}

#[test]
fn a_deal_moved_to_another_stage() {
    same_as_full("clients/东义集团.md", |t| {
        t.replace("stage: proposal", "stage: won")
    });
}

#[test]
fn a_code_changed_and_duplicated() {
    same_as_full("clients/晋能电力.md", |t| {
        t.replace("code: C002", "code: C001")
    });
}

#[test]
fn front_matter_broken() {
    same_as_full("clients/晋能电力.md", |t| {
        t.replace("type: client", "type: client\n  bad: [")
    });
}

#[test]
fn a_client_turned_private() {
    same_as_full("clients/蓝海物流.md", |t| {
        t.replacen("---\n", "---\nprivate: true\n", 1)
    });
}

#[test]
fn a_person_note_moved_to_another_client() {
    same_as_full("contacts/小穆总.md", |t| {
        t.replace("client: C001", "client: C002")
    });
}

#[test]
fn a_heading_that_links_point_at_renamed() {
    same_as_full("clients/东义集团.md", |t| {
        t.replace("## 组织与决策", "## 组织结构")
    });
}

#[test]
fn a_note_that_stops_being_a_client() {
    same_as_full("clients/西部矿业.md", |t| {
        t.replace("type: client", "type: note")
    });
}

#[test]
fn a_standalone_deal_edited() {
    same_as_full("opportunities/O001-煤化工AI智能体.md", |t| {
        t.replace("stage: negotiation", "stage: lost\nlost_at: proposal")
    });
}

#[test]
fn an_interaction_moved_to_a_later_day() {
    same_as_full("会议纪要/2025-09-18-东义集团高层拜访.md", |t| {
        t.replace("date: 2025-09-18", "date: 2025-11-21")
    });
}

#[test]
fn an_interaction_turned_to_another_client() {
    same_as_full("会议纪要/2025-11-03-东义集团技术交流.md", |t| {
        t.replace("client: C001", "client: C002")
    });
}

/// A deal a client lists by link has its client; taken off the list, its
/// missing `client:` is a problem again, though the deal note itself was
/// not saved.
#[test]
fn a_deal_taken_off_its_clients_list() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("listed");
    std::fs::create_dir_all(source.join("clients")).unwrap();
    std::fs::create_dir_all(source.join("deals")).unwrap();
    std::fs::write(
        source.join("clients/acme.md"),
        "---\ntype: client\ncode: C001\nname: Acme\nowner: Li\nopportunities: [\"[[deals/q3]]\"]\n---\n",
    )
    .unwrap();
    std::fs::write(
        source.join("deals/q3.md"),
        "---\ntype: opportunity\ncode: O001\nstage: proposal\namount: 5000\n---\n",
    )
    .unwrap();
    same_as_full_in(&source, "clients/acme.md", |t| {
        t.replace("opportunities: [\"[[deals/q3]]\"]\n", "")
    });
    // And back onto it.
    std::fs::write(
        source.join("clients/acme.md"),
        "---\ntype: client\ncode: C001\nname: Acme\nowner: Li\n---\n",
    )
    .unwrap();
    same_as_full_in(&source, "clients/acme.md", |t| {
        t.replace(
            "owner: Li\n",
            "owner: Li\nopportunities: [\"[[deals/q3]]\"]\n",
        )
    });
}
