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
    reports_values_as_the_team_writes_them => "team-values",
    reports_interactions_by_the_dates_in_their_names => "dated-by-name",
    reports_and_shows_links_in_any_front_matter => "front-links",
    reports_deals_a_client_lists_by_link => "deal-lists",
    reads_obsidians_own_files_and_folders => "obsidian-files",
    builds_a_knowledge_site_from_a_vault_without_clients => "knowledge",
    shows_a_deal_with_an_unknown_stage_where_it_is_shown => "book-bugs",
    groups_problems_for_people => "people-problems",
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

/// A copy of fixture `case` in a temporary folder, to change or read.
fn copy_of(case: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join(case);
    copy_dir(&fixtures().join(case), &vault);
    (dir, vault)
}

/// The report of `book` as JSON, worded.
fn report_of(book: &mut Book) -> serde_json::Value {
    serde_json::to_value(book.report_in_words()).unwrap()
}

/// Code, file, line and column of each problem of `book` that `keep`
/// keeps.
fn problems(book: &Book, keep: impl Fn(&str) -> bool) -> Vec<(String, String, u32, u32)> {
    book.diagnostics()
        .items
        .iter()
        .filter(|d| keep(d.code().id()))
        .map(|d| (d.code().id().to_owned(), d.file.clone(), d.line, d.column))
        .collect()
}

fn page(site: &Site, page: &str) -> String {
    let bytes = site
        .pages
        .get(page)
        .unwrap_or_else(|| panic!("no page {page}"));
    String::from_utf8_lossy(bytes).into_owned()
}

/// Values as a Chinese team writes them (`team-values`): stages, tiers
/// and statuses by their labels in either language and any ASCII case;
/// field names in any case; amounts in 万, 亿, 千, k, with currency and
/// thousands commas; a probability with its percent sign; a boolean
/// property mapped to a status. The report gives keys and numbers; what
/// cannot be read says what to write.
#[test]
fn values_are_read_as_the_team_writes_them() {
    let (_dir, vault) = copy_of("team-values");
    let mut book = check(&vault);
    let errors: Vec<(String, String, u32, u32, String)> = book
        .diagnostics()
        .items
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let words = d.words(dossier::diagnostics::Language::Zh);
            (
                d.code().id().to_owned(),
                d.file.clone(),
                d.line,
                d.column,
                words.help.unwrap_or_default(),
            )
        })
        .collect();
    let at = |code: &str, line, column, help: &str| {
        (
            code.to_owned(),
            "clients/丁.md".to_owned(),
            line,
            column,
            help.to_owned(),
        )
    };
    assert_eq!(
        errors,
        [
            at(
                "E-field-duplicate",
                5,
                1,
                "只保留一个；别名与原字段算作同一字段"
            ),
            at(
                "E-field-enum",
                7,
                8,
                "可选：large (大型)、medium (中型)、small (小型)"
            ),
            at(
                "E-field-type",
                8,
                17,
                "写成普通数字：`contract_value: 1200000`"
            ),
            at("E-field-enum", 11, 12, "是否想写 `商务洽谈`？"),
        ]
    );
    let r = report_of(&mut book);
    let clients = r["clients"].as_array().unwrap();
    let client = |code: &str| clients.iter().find(|c| c["code"] == code).unwrap();
    assert_eq!(client("C001")["name"], "甲");
    assert_eq!(client("C001")["owner"], "张伟");
    assert_eq!(client("C001")["tier"], "core");
    assert_eq!(client("C001")["status"], "churned");
    assert_eq!(client("C001")["contract_value"], 850000);
    assert_eq!(client("C002")["status"], "active");
    assert_eq!(client("C002")["contract_value"], 120000);
    assert_eq!(client("C003")["status"], "active", "`Active: true`");
    assert_eq!(client("C003")["contract_value"], 3500);
    let deals = r["stale_opportunities"].as_array().unwrap();
    let deal = |code: &str| deals.iter().find(|d| d["code"] == code).unwrap();
    assert_eq!(deal("O001")["stage"], "negotiation");
    assert_eq!(deal("O001")["amount"], 120000000);
    assert_eq!(deal("O002")["stage"], "proposal");
    assert_eq!(deal("O002")["amount"], 850000);
    assert_eq!(deal("O004")["amount"], 1200000);
    let f = &r["funnel"];
    assert_eq!(f["open_count"], 3, "O005's stage does not read");
    assert_eq!(f["open_amount"], 122_050_000);
    // 1.2亿 × 60% + 850,000 × 50% + 1,200,000 × 25% (the stages' own).
    assert_eq!(f["weighted_amount"], 72_725_000);
    assert_eq!(f["won_count"], 1);
    assert_eq!(f["won_amount"], 850000);
}

/// Interactions dated by their file names (`dated-by-name`): a leading
/// `YYYY-MM-DD`, or Obsidian's daily-notes format in its folder; a date
/// written wins; one neither written nor named is missing its date.
/// Turned off, the named ones are missing theirs too.
#[test]
fn interactions_are_dated_by_their_file_names() {
    let (_dir, vault) = copy_of("dated-by-name");
    let mut book = check(&vault);
    assert_eq!(
        problems(&book, |c| c.starts_with("E-")),
        [(
            "E-field-missing".to_owned(),
            "meetings/no date.md".to_owned(),
            2,
            1
        )]
    );
    let r = report_of(&mut book);
    let clients = r["clients"].as_array().unwrap();
    let client = |code: &str| clients.iter().find(|c| c["code"] == code).unwrap();
    assert_eq!(client("C001")["last_contact"], "2025-11-03");
    assert_eq!(
        client("C001")["last_contact_source"],
        "interaction_file_name"
    );
    assert_eq!(client("C002")["last_contact"], "2025-10-20");
    assert_eq!(
        client("C002")["last_contact_source"],
        "interaction_file_name"
    );
    assert_eq!(client("C003")["last_contact"], "2025-11-01");
    assert_eq!(client("C003")["last_contact_source"], "interaction");

    let config = std::fs::read_to_string(vault.join("dossier.toml")).unwrap();
    std::fs::write(
        vault.join("dossier.toml"),
        format!("dates_from_file_names = false\n{config}"),
    )
    .unwrap();
    let book = check(&vault);
    let missing: Vec<String> = problems(&book, |c| c == "E-field-missing")
        .into_iter()
        .map(|p| p.1)
        .collect();
    assert_eq!(
        missing,
        [
            "Daily/20.10.2025.md",
            "meetings/2025-11-03 甲技术交流.md",
            "meetings/no date.md"
        ]
    );
}

/// Bugs found on real vaults (`book-bugs`): a deal whose stage does not
/// read is in no figure anywhere, neither open nor closed on its client's
/// page (where it is listed apart, with the problem beside it), not in
/// the pipeline; a custom tier list shows the value tiers' labels, never
/// `tier:normal`; nobody is high on an RFM measure that is 0.
#[test]
fn a_deal_with_an_unknown_stage_is_shown_with_its_problem_and_counted_nowhere() {
    let (_dir, vault) = copy_of("book-bugs");
    let mut book = check(&vault);
    assert_eq!(
        problems(&book, |c| c.starts_with("E-")),
        [("E-field-enum".to_owned(), "acme.md".to_owned(), 9, 12)]
    );
    let r = report_of(&mut book);
    assert_eq!(r["funnel"]["open_count"], 1);
    assert_eq!(r["funnel"]["open_amount"], 700);
    assert_eq!(
        r["opportunities_left_out"],
        serde_json::json!([{"code": "O001", "name": null, "file": "acme.md"}])
    );
    let summary = dossier::report::summary(book.report(), book.config(), book.words());
    assert!(
        summary.contains(
            "rotting deals: 1, at risk 700\n  O002 (C001): never followed up, limit 30 days\n"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("left out of every figure (their stage does not read; `dossier check` says why): 1\n  O001 in acme.md\n"),
        "{summary}"
    );
    for c in r["clients"].as_array().unwrap() {
        assert_eq!(c["rfm"]["frequency"], 0, "{c}");
        assert_eq!(c["rfm"]["f_high"], false, "{c}");
        assert_eq!(c["rfm"]["m_high"], false, "{c}");
    }
    let site = Site::build(book.input(), book.templates()).unwrap();
    let acme = page(&site, "acme.html");
    let uncounted = acme.find("Deals not counted").expect("the section");
    let problems = acme.find("Problems in this note").expect("the problems");
    assert!(acme[uncounted..problems].contains("O001"), "{acme}");
    assert!(
        !acme[..uncounted].contains("O001"),
        "O001 is not open: {acme}"
    );
    assert!(
        acme[problems..].contains("unknown stage `negociation`"),
        "{acme}"
    );
    let clients = page(&site, "clients.html");
    assert!(!clients.contains("tier:"), "raw tier keys: {clients}");
}

/// Obsidian's own files and folders (`obsidian-files`): a relative link
/// that climbs above the root is read from the root, with
/// `W-link-above-root` at the link; `.canvas` and `.base` files are
/// linked and embedded as files, copied when a published note links
/// them; the note template folder's other files are linked like any, its
/// notes are named as text and never read; tags inside an HTML span are
/// tags; a `$$` block with blank lines is one math block.
#[test]
fn obsidians_own_files_and_folders() {
    let (_dir, vault) = copy_of("obsidian-files");
    let book = check(&vault);
    assert_eq!(
        problems(&book, |_| true),
        [(
            "W-link-above-root".to_owned(),
            "notes/a.md".to_owned(),
            3,
            1
        )]
    );
    assert_eq!(book.files_read(), 3, "the template is not read");
    assert_eq!(book.report().clients.len(), 0);
    let site = Site::build(book.input(), book.templates()).unwrap();
    let a = page(&site, "notes/a.html");
    assert!(a.contains("src=\"../images/x.png\""), "{a}");
    assert!(a.contains("href=\"../Board.canvas\""), "{a}");
    assert!(a.contains("href=\"../Tasks.base\""), "{a}");
    for copied in [
        "Board.canvas",
        "Tasks.base",
        "images/x.png",
        "Templates/Bases/Books.base",
    ] {
        assert!(site.copies.contains_key(copied), "{copied} is copied");
    }
    assert!(!site.pages.keys().any(|p| p.contains("Client Template")));
    assert!(!site.copies.keys().any(|p| p.contains("Client Template")));
    let books = page(&site, "Books.html");
    assert_eq!(
        books
            .matches(
                "<span class=\"link-template\" title=\"Obsidian note template, not published\">"
            )
            .count(),
        2,
        "{books}"
    );
    let spans = page(&site, "notes/spans and math.html");
    assert!(spans.contains("_tags/feature/statuses.html"), "{spans}");
    assert!(site.pages.contains_key("_tags/task-format/dataview.html"));
    assert_eq!(spans.matches("class=\"math math-display\"").count(), 1);
    assert!(spans.contains("a_1 = [[not a link]]\n\nb_2 = c"), "{spans}");
}

/// A vault with no client, deal, project or interaction (`knowledge`) is
/// a knowledge site: no page of the client book, none in the menu, no
/// CRM title, a front page of recent notes, tags and problems, a search
/// for notes. One client note brings the book back.
#[test]
fn a_vault_that_is_not_a_client_book_builds_a_knowledge_site() {
    let (_dir, vault) = copy_of("knowledge");
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
    let home = page(&site, "index.html");
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
    let home = page(&site, "index.html");
    assert!(home.contains("Client book"), "{home}");
}

/// Links in the front matter of any note (`front-links`) are resolved as
/// the body's are: a broken one is reported at its line and column, a
/// good one counts as a backlink of its target. The page shows the
/// properties its kind does not read, links as links, contact details
/// left out.
#[test]
fn links_in_any_front_matter_are_resolved_reported_and_shown() {
    let (_dir, vault) = copy_of("front-links");
    let book = check(&vault);
    let at = |line, column| {
        (
            "E-link-broken".to_owned(),
            "meeting.md".to_owned(),
            line,
            column,
        )
    };
    assert_eq!(
        problems(&book, |c| c.starts_with("E-")),
        [at(3, 12), at(3, 24)]
    );
    let site = Site::build(book.input(), book.templates()).unwrap();
    let acme = page(&site, "Acme.html");
    assert!(acme.contains("href=\"meeting.html\""), "a backlink: {acme}");
    let meeting = page(&site, "meeting.html");
    let props = &meeting[meeting.find("class=\"props\"").expect("the properties")..];
    let props = &props[..props.find("</table>").unwrap()];
    let keys: Vec<&str> = props
        .split("<th>")
        .skip(1)
        .map(|row| &row[..row.find("</th>").unwrap()])
        .collect();
    assert_eq!(
        keys,
        [
            "company",
            "related",
            "attendees",
            "rating",
            "reviewed",
            "website"
        ]
    );
    assert!(
        props.contains("<a href=\"Acme.html\">ACME Inc</a>"),
        "{props}"
    );
    assert!(props.contains("class=\"link-private\""), "{props}");
    assert!(
        props.contains("<a href=\"https://acme.example\">"),
        "{props}"
    );
    assert!(!meeting.contains("acme.example>") && !meeting.contains("138 0000"));
}

/// A client may list its deals and projects as links to their notes
/// (`deal-lists`, as luebken/ccrm does): they belong to it, and a deal
/// listed that way needs no `client:`. One whose own `client:` names
/// another client is `E-client-conflict`, at the listing, naming both
/// places; one neither listed nor naming a client misses its client.
#[test]
fn a_client_lists_its_deals_and_projects_by_link() {
    let (_dir, vault) = copy_of("deal-lists");
    let mut book = check(&vault);
    assert_eq!(
        problems(&book, |c| c.starts_with("E-")),
        [
            (
                "E-client-conflict".to_owned(),
                "clients/acme.md".to_owned(),
                8,
                5
            ),
            (
                "E-field-missing".to_owned(),
                "deals/stray.md".to_owned(),
                2,
                1
            ),
        ]
    );
    let conflict = book
        .diagnostics()
        .items
        .iter()
        .find(|d| d.code().id() == "E-client-conflict")
        .unwrap()
        .words(dossier::diagnostics::Language::En)
        .message;
    assert!(conflict.contains("deals/other.md:4:9"), "{conflict}");
    let r = report_of(&mut book);
    let deals = r["stale_opportunities"].as_array().unwrap();
    let deal = |code: &str| deals.iter().find(|d| d["code"] == code).unwrap();
    assert_eq!(deal("O001")["client_file"], "clients/acme.md");
    assert_eq!(deal("O002")["client_file"], "clients/globex.md");
    let site = Site::build(book.input(), book.templates()).unwrap();
    let acme = page(&site, "clients/acme.html");
    assert!(acme.contains("O001"), "the listed deal is Acme's: {acme}");
    assert!(
        acme.contains("Rollout"),
        "the listed project is Acme's: {acme}"
    );
    assert!(!acme.contains("O002"), "O002 is Globex's: {acme}");
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

/// Problems for people (`people-problems`): the problems page lists the
/// mistakes in files by client and owner, then by file, each with links
/// to edit it in Obsidian and on the Git host; the business warnings are
/// on the follow-ups page, and the menu's badge counts errors only.
#[test]
fn problems_are_grouped_by_client_with_edit_links_and_to_dos_apart() {
    let (_dir, vault) = copy_of("people-problems");
    let book = check(&vault);
    let site = Site::build(book.input(), book.templates()).unwrap();
    let problems = page(&site, "problems.html");
    let acme = problems
        .find("<span class=\"code\">C001</span> Acme")
        .expect("Acme's group");
    let globex = problems
        .find("<span class=\"code\">C002</span> Globex")
        .expect("Globex's group");
    let loose = problems
        .find(">notes/loose.md</a> <span")
        .expect("the loose note's group");
    assert!(
        acme < globex && globex < loose,
        "by owner (Ann, Bob), then files: {problems}"
    );
    assert!(
        problems.contains("href=\"owners/Ann.html\">Ann</a>"),
        "{problems}"
    );
    assert!(
        problems.contains(
            "href=\"obsidian://open?vault=Client%20Book&amp;file=clients%2FAcme%20Corp.md\""
        ),
        "{problems}"
    );
    assert!(
        problems.contains(
            "href=\"https://git.example.com/acme/book/edit/main/clients/Acme%20Corp.md\""
        ),
        "{problems}"
    );
    assert!(!problems.contains("W-follow-up-overdue") && !problems.contains("W-tier-mismatch"));
    let follow_ups = page(&site, "follow-ups.html");
    assert!(follow_ups.contains("W-follow-up-overdue"), "{follow_ups}");
    let health = page(&site, "health.html");
    assert!(health.contains("W-tier-mismatch"), "{health}");
    // Tiers by their labels, not their keys.
    assert!(health.contains("declared tier `Strategic`"), "{health}");
    let errors = book.diagnostics().errors();
    let home = page(&site, "index.html");
    assert!(
        home.contains(&format!("Problems <span class=\"count\">{errors}</span>")),
        "{home}"
    );
    let client = page(&site, "clients/Acme Corp.html");
    assert!(client.contains("class=\"edit-links\""), "{client}");
}
