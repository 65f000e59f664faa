//! One harness over the fixture vaults in `tests/fixtures/<case>/`: each is
//! checked as of a fixed date, its JSON diagnostics are compared with a
//! stored snapshot, and the pages named in its `pages.txt` are built and
//! compared too.

mod common;

use std::path::{Path, PathBuf};

use common::copy_dir;

use dossier::book::{Book, Options};
use dossier::diagnostics::render_json;
use dossier::site::Site;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn check(vault: &Path) -> Book {
    Book::load(Options {
        vault: vault.to_path_buf(),
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 11, 23),
        ..Options::default()
    })
    .unwrap()
}

fn run_case(case: &str) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join(case);
    copy_dir(&fixtures().join(case), &vault);
    let book = check(&vault);
    let json = render_json(
        book.diagnostics(),
        book.files_read(),
        dossier::diagnostics::Language::En,
    );
    insta::assert_snapshot!(format!("{case}__diagnostics"), json);
    let pages = vault.join("pages.txt");
    if pages.exists() {
        let site = Site::build(book.input(), book.templates()).unwrap();
        for page in std::fs::read_to_string(pages).unwrap().lines() {
            let html = site.pages.get(page).unwrap_or_else(|| {
                panic!("{case}: no page {page}; pages: {:?}", site.pages.keys())
            });
            let name = format!("{case}__{}", page.replace('/', "__"));
            let html = String::from_utf8_lossy(html);
            // What a page says is its `<main>`; the frame around it (menu,
            // header, footer) is the same on every page and is compared
            // once (`the_frame_of_a_page_is_as_it_was`).
            insta::assert_snapshot!(name, main_of(&html));
        }
    }
}

/// The `<main>` element of a page, whole.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.rfind("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

/// The frame of a page (the menu, the header, the footer, the head) once,
/// on the dashboard of a vault with a private note.
#[test]
fn the_frame_of_a_page_is_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("private");
    copy_dir(&fixtures().join("private"), &vault);
    let book = check(&vault);
    let site = Site::build(book.input(), book.templates()).unwrap();
    let html = String::from_utf8_lossy(&site.pages["index.html"]).into_owned();
    let main = main_of(&html);
    let frame = html.replacen(main, "<main>…</main>", 1);
    insta::assert_snapshot!("frame__private__index.html", frame);
}

/// Cases that git cannot carry as files (symlinks, non-UTF-8 names, huge
/// or special files): built in the temporary vault, then run like the rest.
#[cfg(unix)]
fn run_generated(case: &str, make: impl FnOnce(&Path)) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join(case);
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(vault.join("ok.md"), "# 正常的笔记\n").unwrap();
    make(&vault);
    let book = check(&vault);
    let json = render_json(
        book.diagnostics(),
        book.files_read(),
        dossier::diagnostics::Language::En,
    );
    insta::assert_snapshot!(format!("generated-{case}__diagnostics"), json);
}

#[cfg(unix)]
#[test]
fn reports_symlinks_that_leave_the_vault_loop_dangle_or_alias_folders() {
    use std::os::unix::fs::symlink;
    run_generated("symlinks", |v| {
        let outside = v.parent().unwrap().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.md"), "TOP SECRET\n").unwrap();
        symlink("../outside/secret.md", v.join("secret.md")).unwrap();
        symlink(".", v.join("loop")).unwrap();
        symlink("self.md", v.join("self.md")).unwrap();
        symlink("gone.md", v.join("dangling.md")).unwrap();
        std::fs::create_dir(v.join("kb")).unwrap();
        symlink("kb", v.join("kb-alias")).unwrap();
        std::fs::write(v.join("kb/inside.md"), "# 里面\n").unwrap();
        symlink("kb/inside.md", v.join("inside-link.md")).unwrap();
    });
}

#[cfg(unix)]
#[test]
fn reports_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    run_generated("name-encoding", |v| {
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(v.join(name), "# x\n").unwrap();
    });
}

#[cfg(unix)]
#[test]
fn refuses_front_matter_over_64_kib() {
    run_generated("front-matter-too-large", |v| {
        let line = "k: 0123456789012345678901234567890123456789\n";
        let text = format!("---\ntitle: x\n{}---\n# x\n", line.repeat(2000));
        std::fs::write(v.join("big.md"), text).unwrap();
    });
}

#[cfg(unix)]
#[test]
fn reports_notes_that_are_not_regular_files() {
    run_generated("unreadable", |v| {
        let socket = std::os::unix::net::UnixListener::bind(v.join("socket.md")).unwrap();
        std::mem::forget(socket);
    });
}

macro_rules! cases {
    ($($name:ident => $dir:literal),* $(,)?) => {
        $(#[test] fn $name() { run_case($dir); })*

        #[test]
        fn every_fixture_folder_has_a_case() {
            let known = [$($dir),*];
            for entry in std::fs::read_dir(fixtures()).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                assert!(known.contains(&name.as_str()), "fixture {name} is not run");
            }
        }
    };
}

cases! {
    reports_every_field_problem_at_its_value => "fields",
    keeps_yaml_1_1_words_as_written => "norway",
    reads_crlf_and_bom_with_whole_file_lines => "crlf-bom",
    reports_broken_front_matter_and_withholds_the_note => "front-matter",
    stops_an_alias_bomb_and_builds_the_rest => "alias-bomb",
    errors_on_duplicate_codes_and_dangling_references => "codes",
    resolves_and_reports_links_wikilinks_and_anchors => "links",
    removes_script_from_notes => "unsafe-html",
    never_publishes_a_private_note => "private",
    reports_invalid_utf8_and_keeps_going => "utf8",
    refuses_oversized_files => "too-large",
    withholds_what_cannot_be_read_or_is_private_in_any_spelling => "withheld",
    refuses_numbers_and_dates_out_of_range => "ranges",
    reads_an_obsidian_vault_as_its_team_keeps_it => "obsidian",
}

/// The Obsidian fixture beyond its snapshots: what its report says of
/// clients without codes and of references by link, and that neither a
/// `%% comment %%` nor a private client reaches any output.
#[test]
fn an_obsidian_vault_reports_by_link_and_keeps_its_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("obsidian");
    copy_dir(&fixtures().join("obsidian"), &vault);
    let mut book = check(&vault);
    let report = serde_json::to_value(book.report_in_words()).unwrap();
    let clients = report["clients"].as_array().unwrap();
    let acme = clients
        .iter()
        .find(|c| c["file"] == "Companies/Acme Corp.md")
        .expect("Acme, a `type: company`, is a client");
    assert_eq!(acme["code"], serde_json::Value::Null);
    assert_eq!(acme["name"], "Acme Corp", "name defaults to the title");
    // Jane Doe (a person note linked both ways) and Nobody Yet (a link to
    // no note, kept as a name).
    assert_eq!(acme["contact_count"], 2);
    let umbrella = clients
        .iter()
        .find(|c| c["file"] == "Companies/Umbrella.md")
        .unwrap();
    assert_eq!(umbrella["owner"], "Lee", "a Dataview field fills in");
    assert!(
        !clients.iter().any(|c| c["file"] == "Companies/Initech.md"),
        "a private client is in no figure"
    );
    let stages = report["funnel"]["stages"].as_array().unwrap();
    let proposal = stages.iter().find(|s| s["key"] == "proposal").unwrap();
    // `probability: 0.35` of `value: 120000` (aliases of the opportunity).
    assert_eq!(proposal["amount"], 120000.0);
    assert_eq!(proposal["weighted_amount"], 42000.0);
    let stale = report["stale_opportunities"].as_array().unwrap();
    let renewal = stale.iter().find(|s| s["name"] == "Acme renewal").unwrap();
    assert_eq!(renewal["client"], "Acme Corp");
    assert_eq!(renewal["client_file"], "Companies/Acme Corp.md");
    let umbrella_deal = stale.iter().find(|s| s["name"] == "Umbrella deal").unwrap();
    assert_eq!(umbrella_deal["client_file"], "Companies/Umbrella.md");
    // Obsidian's templates and excluded files are not notes.
    let files: Vec<&str> = book
        .diagnostics()
        .items
        .iter()
        .map(|d| d.file.as_str())
        .collect();
    assert!(
        !files.iter().any(|f| f.starts_with("Meta/")
            || f.starts_with("Templates/")
            || f.starts_with("Archive/")),
        "{files:?}"
    );
    let site = Site::build(book.input(), book.templates()).unwrap();
    let json = render_json(
        book.diagnostics(),
        book.files_read(),
        dossier::diagnostics::Language::En,
    );
    let report = serde_json::to_string(&book.report_in_words()).unwrap();
    for secret in [
        "SECRET-COMMENT-9",
        "SECRET-OWNER-7",
        "SECRET-BODY-7",
        "pay double",
    ] {
        for (page, bytes) in &site.pages {
            assert!(
                !String::from_utf8_lossy(bytes).contains(secret),
                "{secret} in {page}"
            );
        }
        assert!(!json.contains(secret), "{secret} in the diagnostics");
        assert!(!report.contains(secret), "{secret} in the report");
    }
    let acme_page = String::from_utf8_lossy(&site.pages["Companies/Acme Corp.html"]).into_owned();
    assert!(acme_page.contains("<mark>renewal</mark>"), "{acme_page}");
    assert!(
        acme_page.contains("class=\"embed\""),
        "the meeting's decisions are embedded"
    );
    assert!(site.pages.contains_key("_tags/contact/buyer.html"));
}

/// A deal whose stage does not read is in no figure anywhere: neither
/// open nor closed on its client's page (where it is listed apart, with
/// the problem beside it), not in the pipeline; and a custom tier list
/// shows the value tiers' labels, never `tier:normal`.
#[test]
fn a_deal_with_an_unknown_stage_is_shown_with_its_problem_and_counted_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(
        vault.join("dossier.toml"),
        "[[tiers]]\nkey = \"gold\"\ncadence_days = 7\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("acme.md"),
        "---\ntype: client\ncode: C001\nname: Acme\nowner: Li\ncontract_value: 100\nopportunities:\n  - code: O001\n    stage: negociation\n    amount: 5000\n  - code: O002\n    stage: proposal\n    amount: 700\n---\n",
    )
    .unwrap();
    let book = check(&vault);
    let report = book.report();
    assert_eq!(report.funnel.open_count, 1);
    let site = Site::build(book.input(), book.templates()).unwrap();
    let page = String::from_utf8_lossy(&site.pages["acme.html"]).into_owned();
    let uncounted = page.find("Deals not counted").expect("the section");
    let problems = page.find("Problems in this note").expect("the problems");
    assert!(page[uncounted..problems].contains("O001"), "{page}");
    assert!(
        !page[..uncounted].contains("O001"),
        "O001 is not open: {page}"
    );
    assert!(
        page[problems..].contains("unknown stage `negociation`"),
        "{page}"
    );
    let clients = String::from_utf8_lossy(&site.pages["clients.html"]).into_owned();
    assert!(!clients.contains("tier:"), "raw tier keys: {clients}");
}

/// A relative link that climbs above the root is read from the root, as
/// Obsidian reads it, with `W-link-above-root` at the link; Obsidian's own
/// `.canvas` and `.base` files are linked and embedded as files, copied
/// when a published note links them, never `W-attachment-unsafe`.
#[test]
fn links_above_the_root_and_obsidians_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    std::fs::create_dir_all(vault.join("notes")).unwrap();
    std::fs::create_dir_all(vault.join("images")).unwrap();
    std::fs::write(vault.join("images/x.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(vault.join("Board.canvas"), "{\"nodes\":[],\"edges\":[]}").unwrap();
    std::fs::write(vault.join("Tasks.base"), "views: []\n").unwrap();
    std::fs::write(
        vault.join("notes/a.md"),
        "# A\n\n![x](../../images/x.png)\n\n![[Board.canvas]] and [[Tasks.base]]\n",
    )
    .unwrap();
    let book = check(&vault);
    let found: Vec<(String, String, u32, u32)> = book
        .diagnostics()
        .items
        .iter()
        .map(|d| (d.code().id().to_owned(), d.file.clone(), d.line, d.column))
        .collect();
    assert_eq!(
        found,
        [(
            "W-link-above-root".to_owned(),
            "notes/a.md".to_owned(),
            3,
            1
        )]
    );
    let site = Site::build(book.input(), book.templates()).unwrap();
    let page = String::from_utf8_lossy(&site.pages["notes/a.html"]).into_owned();
    assert!(page.contains("src=\"../images/x.png\""), "{page}");
    assert!(page.contains("href=\"../Board.canvas\""), "{page}");
    assert!(page.contains("href=\"../Tasks.base\""), "{page}");
    assert!(site.copies.contains_key("Board.canvas"));
    assert!(site.copies.contains_key("Tasks.base"));
    assert!(site.copies.contains_key("images/x.png"));
}

/// A vault with no client, deal, project or interaction is a knowledge
/// site: no page of the client book, none in the menu, no CRM title, a
/// front page of recent notes, tags and problems. One client note brings
/// the book back.
#[test]
fn a_vault_that_is_not_a_client_book_builds_a_knowledge_site() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    std::fs::create_dir_all(vault.join("daily")).unwrap();
    std::fs::write(
        vault.join("Rust.md"),
        "# Rust\n\n#lang/rust, see [[Tokio]].\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("Tokio.md"),
        "---\nupdated: 2025-10-01\n---\n# Tokio\n",
    )
    .unwrap();
    std::fs::write(vault.join("daily/2025-11-03.md"), "# Day\n\n#journal\n").unwrap();
    let book = check(&vault);
    let site = Site::build(book.input(), book.templates()).unwrap();
    for crm in [
        "clients.html",
        "pipeline.html",
        "rfm.html",
        "health.html",
        "risk.html",
        "changes.html",
        "contacts.html",
        "clients.csv",
    ] {
        assert!(!site.pages.contains_key(crm), "{crm} in a knowledge site");
    }
    let home = String::from_utf8_lossy(&site.pages["index.html"]).into_owned();
    assert!(home.contains("<title>Dashboard · Notes</title>"), "{home}");
    assert!(
        !home.contains("clients.html") && !home.contains("Client book"),
        "{home}"
    );
    let day = home.find("daily/2025-11-03.html").expect("the dated note");
    let tokio = home.find("Tokio.html").expect("the updated note");
    let rust = home.find("Rust.html").expect("the undated note");
    assert!(day < tokio && tokio < rust, "newest first: {home}");
    assert!(home.contains("_tags/journal.html"), "{home}");
    assert!(home.contains("placeholder=\"Search notes (/)\""), "{home}");

    std::fs::write(
        vault.join("acme.md"),
        "---\ntype: client\ncode: C001\nname: Acme\nowner: Li\n---\n",
    )
    .unwrap();
    let book = check(&vault);
    let site = Site::build(book.input(), book.templates()).unwrap();
    assert!(site.pages.contains_key("clients.html"));
    assert!(site.pages.contains_key("pipeline.html"));
    let home = String::from_utf8_lossy(&site.pages["index.html"]).into_owned();
    assert!(home.contains("Client book"), "{home}");
}

/// Links in the front matter of any note are resolved as the body's are:
/// a broken one is reported at its line and column, a good one counts as
/// a backlink of its target.
#[test]
fn links_in_any_front_matter_are_resolved_reported_and_backlinked() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(vault.join("Acme.md"), "# Acme\n").unwrap();
    std::fs::write(
        vault.join("meeting.md"),
        "---\ncompany: \"[[Acme]]\"\nrelated: [\"[[Gone]]\", \"[notes](nowhere.md)\"]\n---\n# Meeting\n",
    )
    .unwrap();
    let book = check(&vault);
    let found: Vec<(String, u32, u32)> = book
        .diagnostics()
        .items
        .iter()
        .map(|d| (d.code().id().to_owned(), d.line, d.column))
        .collect();
    assert_eq!(
        found,
        [
            ("E-link-broken".to_owned(), 3, 12),
            ("E-link-broken".to_owned(), 3, 24),
        ]
    );
    let site = Site::build(book.input(), book.templates()).unwrap();
    let acme = String::from_utf8_lossy(&site.pages["Acme.html"]).into_owned();
    assert!(acme.contains("href=\"meeting.html\""), "a backlink: {acme}");
}

/// A client may list its deals and projects as links to their notes (as
/// luebken/ccrm does): they belong to it, and a deal listed that way needs
/// no `client:`. One whose own `client:` names another client is
/// `E-client-conflict`, at the listing, naming both places.
#[test]
fn a_client_lists_its_deals_and_projects_by_link() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    for folder in ["clients", "deals", "projects"] {
        std::fs::create_dir_all(vault.join(folder)).unwrap();
    }
    std::fs::write(
        vault.join("clients/acme.md"),
        "---\ntype: client\ncode: C001\nname: Acme\nowner: Li\nopportunities:\n  - \"[[deals/acme-q3]]\"\n  - \"[[deals/other]]\"\nprojects: [\"[[projects/rollout]]\"]\n---\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("clients/globex.md"),
        "---\ntype: client\ncode: C002\nname: Globex\nowner: Li\n---\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("deals/acme-q3.md"),
        "---\ntype: opportunity\ncode: O001\nstage: proposal\namount: 5000\n---\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("deals/other.md"),
        "---\ntype: opportunity\ncode: O002\nclient: C002\nstage: proposal\namount: 100\n---\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("projects/rollout.md"),
        "---\ntype: project\ncode: P001\nname: Rollout\n---\n",
    )
    .unwrap();
    let book = check(&vault);
    let errors: Vec<(String, String, u32, u32)> = book
        .diagnostics()
        .items
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code().id().to_owned(), d.file.clone(), d.line, d.column))
        .collect();
    assert_eq!(
        errors,
        [(
            "E-client-conflict".to_owned(),
            "clients/acme.md".to_owned(),
            8,
            5
        )]
    );
    let conflict = book
        .diagnostics()
        .items
        .iter()
        .find(|d| d.is_error())
        .unwrap()
        .words(dossier::diagnostics::Language::En)
        .message;
    assert!(conflict.contains("deals/other.md:4:9"), "{conflict}");
    let site = Site::build(book.input(), book.templates()).unwrap();
    let acme = String::from_utf8_lossy(&site.pages["clients/acme.html"]).into_owned();
    assert!(acme.contains("O001"), "the listed deal is Acme's: {acme}");
    assert!(
        acme.contains("Rollout"),
        "the listed project is Acme's: {acme}"
    );
    assert!(!acme.contains("O002"), "O002 is Globex's: {acme}");
}

/// Obsidian's note template folder is an ordinary folder to Obsidian: a
/// `.base` or an image kept there is linked like any file; its notes are
/// still no notes of the book (no records, no pages).
#[test]
fn files_in_the_template_folder_are_linked_its_notes_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    std::fs::create_dir_all(vault.join(".obsidian")).unwrap();
    std::fs::create_dir_all(vault.join("Templates/Bases")).unwrap();
    std::fs::write(
        vault.join(".obsidian/templates.json"),
        "{\"folder\": \"Templates\"}",
    )
    .unwrap();
    std::fs::write(vault.join("Templates/Bases/Books.base"), "views: []\n").unwrap();
    std::fs::write(
        vault.join("Templates/Client Template.md"),
        "---\ntype: client\n---\n# {{title}}\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("Books.md"),
        "# Books\n\n![[Books.base]], made from [[Client Template]] and [the template](Templates/Client%20Template.md).\n",
    )
    .unwrap();
    let book = check(&vault);
    assert!(
        book.diagnostics().items.is_empty(),
        "{:?}",
        book.diagnostics().items
    );
    assert_eq!(book.files_read(), 1);
    assert_eq!(book.report().clients.len(), 0);
    let site = Site::build(book.input(), book.templates()).unwrap();
    assert!(site.copies.contains_key("Templates/Bases/Books.base"));
    assert!(!site.pages.keys().any(|p| p.contains("Client Template")));
    assert!(!site.copies.keys().any(|p| p.contains("Client Template")));
    let books = String::from_utf8_lossy(&site.pages["Books.html"]).into_owned();
    assert_eq!(
        books
            .matches(
                "<span class=\"link-template\" title=\"Obsidian note template, not published\">"
            )
            .count(),
        2,
        "{books}"
    );
}

/// A `templates/` folder of notes, with no page template or style sheet
/// in it, is content: its notes are read and published like any.
#[test]
fn a_templates_folder_of_notes_is_content() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("v");
    std::fs::create_dir_all(vault.join("templates")).unwrap();
    std::fs::write(
        vault.join("templates/proposal.md"),
        "# Proposal\n\nHow we write a proposal.\n",
    )
    .unwrap();
    std::fs::write(vault.join("index.md"), "# Home\n\n[[proposal]]\n").unwrap();
    let book = check(&vault);
    assert!(
        book.diagnostics().items.is_empty(),
        "{:?}",
        book.diagnostics().items
    );
    assert_eq!(book.files_read(), 2);
    let site = Site::build(book.input(), book.templates()).unwrap();
    assert!(site.pages.contains_key("templates/proposal.html"));

    // One style sheet makes the folder the site's templates again.
    std::fs::write(vault.join("templates/extra.css"), "body { color: red }\n").unwrap();
    let book = check(&vault);
    assert_eq!(book.files_read(), 1);
}
