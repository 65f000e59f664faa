//! Nothing of a private or unreadable note reaches any output. A vault is
//! planted with markers (`LEAK…`) in every private place: private notes of
//! every kind and everything they hold, phone numbers and emails of public
//! contacts, notes that say `private` in a way that is not `false`, front
//! matter that does not read or is not at the top, the paths of private
//! notes that other notes' problems would name. Every file `build` writes,
//! the report as JSON and CSV, and every page and overlay `serve` answers
//! are searched for them.

mod common;

use std::path::Path;

use assert_cmd::Command;

const FILES: &[(&str, &str)] = &[
    (
        "clients/公开客户.md",
        "---\ntype: client\ncode: C001\nname: 公开客户\nowner: 张伟\nemployees: 100\n\
         contacts:\n  - {name: 王总, department: it, level: vp, phone: \"+86 LEAKPHONE1\", email: leakemail1@example.com}\n---\n\
         # 公开客户\n\n见 [[私密笔记|一条私密笔记]]、[[重复]] 与 [[私密客户#不存在的标题|坏锚点]]。\n",
    ),
    (
        "clients/私密客户.md",
        "---\ntype: client\ncode: C002\nname: LEAKNAME2\nowner: LEAKOWNER2\nprivate: true\nindustry: LEAKINDUSTRY2\n\
         contacts:\n  - {name: LEAKCONTACT2, phone: LEAKPHONE2, department: finance}\n\
         health:\n  relationship: {score: 4, note: LEAKHEALTH2}\n\
         opportunities:\n  - {code: O900, name: LEAKDEAL2, stage: proposal, amount: 777777}\n---\n# LEAKNAME2\n\nLEAKBODY2\n",
    ),
    (
        "opportunities/公开商机.md",
        "---\ntype: opportunity\ncode: O001\nname: 公开商机\nclient: C002\nstage: proposal\namount: 100\n---\n# 公开商机\n",
    ),
    (
        "opportunities/私密商机.md",
        "---\ntype: opportunity\ncode: O002\nname: LEAKDEAL3\nclient: C001\nstage: negotiation\namount: 888888\nexpected_close: 2025-12-31\nowner: LEAKOWNER3\nprivate: true\n---\nLEAKBODY3\n",
    ),
    (
        "projects/私密项目.md",
        "---\ntype: project\ncode: P001\nname: LEAKPROJECT4\nclient: C001\nprivate: true\n---\nLEAKBODY4\n",
    ),
    (
        "partners/私密伙伴.md",
        "---\ntype: partner\nname: LEAKPARTNER5\nclients: [C001]\nprivate: true\n---\nLEAKBODY5\n",
    ),
    (
        "contacts/私密联系人.md",
        "---\ntype: contact\nname: LEAKPERSON6\nclient: C001\ndepartment: hr\nprivate: true\n---\nLEAKBODY6\n",
    ),
    (
        "私密笔记.md",
        "---\ntitle: LEAKTITLE7\nprivate: true\n---\nLEAKBODY7\n",
    ),
    (
        "yes.md",
        "---\ntitle: LEAKTITLE8\nprivate: yes\n---\nLEAKBODY8\n",
    ),
    (
        "one.md",
        "---\ntitle: LEAKTITLE9\nprivate: 1\n---\nLEAKBODY9\n",
    ),
    (
        "misplaced.md",
        "\n---\ntitle: LEAKTITLE10\nphone: LEAKPHONE10\n---\nLEAKBODY10\n",
    ),
    (
        "broken.md",
        "---\nprivate: true\ntitle: LEAKTITLE11\n  bad: [\n---\nLEAKBODY11\n",
    ),
    (
        "clients/重复码.md",
        "---\ntype: client\ncode: C003\nname: 重复码\nowner: 李娜\n---\n",
    ),
    (
        "clients/LEAKPATH12.md",
        "---\ntype: client\ncode: C003\nname: LEAKNAME12\nowner: 李娜\nprivate: true\n---\n",
    ),
    // A private client and contact with Chinese names: neither the names
    // nor their pinyin (`xiemi…`, `xmkh`) reach the search index.
    (
        "clients/泄密客户.md",
        "---\ntype: client\ncode: C004\nname: 泄密客户\nowner: 李娜\nprivate: true\n\
         contacts:\n  - {name: 泄密人, department: it}\n---\n",
    ),
    ("公开/重复.md", "# 重复\n"),
    ("LEAKDIR13/重复.md", "---\nprivate: true\n---\nLEAKBODY13\n"),
];

/// Notes marked private in the ways a hurried writer or another editor
/// marks them, and notes that cannot be read as UTF-8 text: each withheld.
fn spelt_private() -> Vec<(&'static str, Vec<u8>)> {
    let utf16 = |text: &str, bom: bool| {
        let mut bytes: Vec<u8> = if bom { vec![0xff, 0xfe] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    vec![
        (
            "cr-only.md",
            b"---\rtitle: LEAKTITLE14\rprivate: true\r---\rLEAKBODY14\r".to_vec(),
        ),
        (
            "utf16.md",
            utf16(
                "---\ntitle: LEAKTITLE15\nprivate: true\n---\nLEAKBODY15\n",
                false,
            ),
        ),
        (
            "utf16-bom.md",
            utf16(
                "---\ntitle: LEAKTITLE16\nprivate: true\n---\nLEAKBODY16\n",
                true,
            ),
        ),
        (
            "capital.md",
            b"---\nPrivate: true\ntitle: LEAKTITLE17\n---\nLEAKBODY17\n".to_vec(),
        ),
        (
            "upper.md",
            b"---\nPRIVATE: yes\ntitle: LEAKTITLE18\n---\nLEAKBODY18\n".to_vec(),
        ),
        (
            "dataview.md",
            b"# LEAKTITLE19\n\n**private**:: true\n\nLEAKBODY19\n".to_vec(),
        ),
        (
            "latin1.md",
            b"---\ntitle: LEAKTITLE20\n---\nLEAKBODY20 caf\xe9\n".to_vec(),
        ),
    ]
}

fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = FILES
        .iter()
        .map(|(p, t)| (*p, t.as_bytes().to_vec()))
        .chain(spelt_private());
    for (path, text) in files {
        let p = dir.path().join("vault").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn dossier(vault: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("dossier")
        .unwrap()
        .args(args)
        .arg(vault)
        .args(["--as-of", "2025-11-23"])
        .output()
        .unwrap()
}

/// Fails on any marker in `text`, naming where it was found; a marker
/// written as UTF-16 (its NULs dropped or replaced) counts too.
fn assert_clean(what: &str, text: &str) {
    let squeezed: String = text
        .chars()
        .filter(|c| !matches!(c, '\0' | '\u{fffd}'))
        .collect();
    if squeezed.len() != text.len() {
        assert_clean_text(what, &squeezed);
    }
    assert_clean_text(what, text);
}

fn assert_clean_text(what: &str, text: &str) {
    // Initials only as a whole term: as a part of a word or a code they
    // would be chance.
    let found = ["LEAK", "leakemail", "泄密", "xiemi", "\"xmkh\"", "\"xmr\""]
        .iter()
        .find_map(|marker| text.find(marker));
    if let Some(at) = found {
        let from = text[..at]
            .char_indices()
            .rev()
            .nth(80)
            .map_or(0, |(i, _)| i);
        let to = (at + 80).min(text.len());
        let to = (to..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        panic!("{what} leaks: …{}…", &text[from..to]);
    }
}

#[test]
fn no_output_of_build_or_report_carries_anything_private() {
    let dir = vault();
    let vault = dir.path().join("vault");
    let site = dir.path().join("site");
    let out = Command::cargo_bin("dossier")
        .unwrap()
        .args(["build", "--allow-errors", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .arg(&vault)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = assert_folder_clean(&site);
    assert!(files > 20, "only {files} files were written");
    // The files for other tools were among them, and name public notes.
    let data = std::fs::read_to_string(site.join("data/report.json")).unwrap();
    assert!(
        data.contains("\"schema\": 1") && data.contains("公开客户"),
        "{data}"
    );
    let llms = std::fs::read_to_string(site.join("llms.txt")).unwrap();
    assert!(
        llms.contains("公开客户") && llms.contains("data/report.json"),
        "{llms}"
    );
    // The problems page counts the hidden problems.
    let problems = std::fs::read_to_string(site.join("problems.html")).unwrap();
    assert!(problems.contains("E-yaml-syntax"), "{problems}");
    let json = dossier(&vault, &["report", "--format", "json"]);
    assert_clean(
        "report --format json",
        &String::from_utf8_lossy(&json.stdout),
    );
    for table in ["clients", "action-plan", "funnel", "forecast"] {
        let csv = dossier(&vault, &["report", "--format", "csv", "--table", table]);
        assert_clean(
            &format!("the {table} CSV"),
            &String::from_utf8_lossy(&csv.stdout),
        );
    }
    let summary = dossier(&vault, &["report"]);
    assert_clean(
        "the report summary",
        &String::from_utf8_lossy(&summary.stdout),
    );
}

#[test]
fn no_page_or_overlay_that_serve_answers_carries_anything_private() {
    let dir = vault();
    let vault = dir.path().join("vault");
    let site = dir.path().join("site");
    let built = Command::cargo_bin("dossier")
        .unwrap()
        .args(["build", "--allow-errors", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .arg(&vault)
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(1));
    let server = common::Server::start_on(&vault);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&site).unwrap();
        let url: String = rel
            .to_string_lossy()
            .split('/')
            .map(|s| {
                percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("/");
        let r = server.get(&format!("/{url}"));
        assert_clean(&format!("GET /{url} ({})", r.status), &r.body);
        pages += 1;
    }
    assert!(pages > 20, "only {pages} pages were asked for");
    // The preview's data/report.json is the built one, risks worded.
    let served: serde_json::Value =
        serde_json::from_str(&server.get("/data/report.json").body).unwrap();
    let built: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("data/report.json")).unwrap())
            .unwrap();
    assert_eq!(served, built);
    assert!(
        built["clients"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| !c["contact_risk"]["reasons"].as_array().unwrap().is_empty()),
        "{built}"
    );
    // Pages that are not there, and the overlay on them.
    for missing in [
        "/私密笔记.html",
        "/yes.html",
        "/cr-only.html",
        "/utf16.html",
        "/utf16-bom.html",
        "/capital.html",
        "/upper.html",
        "/dataview.html",
        "/latin1.html",
        "/broken.html",
        "/clients/LEAKPATH12.html",
    ] {
        let r = server.get(missing);
        assert_eq!(r.status, 404, "{missing}");
        assert_clean(missing, &r.body);
    }
    let r = server.get("/");
    assert!(r.body.contains("dossier-overlay"), "no overlay");
}

fn commit_all(vault: &Path, day: &str) {
    let date = format!("{day}T10:00:00+00:00");
    common::git(vault, &["add", "-A"], None);
    common::git(
        vault,
        &["commit", "-q", "--allow-empty", "-m", day],
        Some(&date),
    );
}

/// Every file below `dir`, checked for markers, its path included.
fn assert_folder_clean(dir: &Path) -> usize {
    let mut files = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let name = entry.path().to_string_lossy().into_owned();
        assert_clean(&format!("the path {name}"), &name);
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert_clean(&name, &String::from_utf8_lossy(&bytes));
            files += 1;
        }
    }
    files
}

#[test]
fn no_book_of_the_past_carries_anything_private_now_or_then() {
    let dir = vault();
    let vault = dir.path().join("vault");
    // Public in the past, private now: in a later commit, and in the work
    // tree alone.
    let public = |n: u32| {
        format!(
            "---\ntype: client\ncode: C{n}\nname: LEAKNAME{n}\nowner: LEAKOWNER{n}\n\
             opportunities: [{{code: O{n}, name: LEAKDEAL{n}, stage: proposal, amount: {n}{n}{n}}}]\n---\nLEAKBODY{n}\n"
        )
    };
    std::fs::write(vault.join("clients/was-public.md"), public(401)).unwrap();
    std::fs::write(vault.join("clients/now-private.md"), public(402)).unwrap();
    common::git(&vault, &["init", "-q"], None);
    commit_all(&vault, "2025-10-01");
    let private = |n: u32| public(n).replacen("owner:", "private: true\nowner:", 1);
    std::fs::write(vault.join("clients/was-public.md"), private(401)).unwrap();
    commit_all(&vault, "2025-11-01");
    std::fs::write(vault.join("clients/now-private.md"), private(402)).unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("dossier")
            .unwrap()
            .args(args)
            .arg(&vault)
            .env("TMPDIR", &tmp)
            .output()
            .unwrap()
    };
    let site = dir.path().join("site-at");
    let built = run(&[
        "build",
        "--allow-errors",
        "--at",
        "2025-10-02",
        "-o",
        site.to_str().unwrap(),
    ]);
    assert!(
        site.join("index.html").is_file(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(assert_folder_clean(&site) > 20);
    assert_clean("build --at stderr", &String::from_utf8_lossy(&built.stderr));
    let site = dir.path().join("site-now");
    run(&[
        "build",
        "--allow-errors",
        "--as-of",
        "2025-11-23",
        "-o",
        site.to_str().unwrap(),
    ]);
    assert_folder_clean(&site);
    for args in [
        &["report", "--format", "json", "--at", "2025-10-02"][..],
        &[
            "report",
            "--format",
            "csv",
            "--table",
            "clients",
            "--at",
            "2025-10-02",
        ][..],
        &["report", "--format", "json", "--as-of", "2025-11-23"][..],
        &["changes", "--since", "2025-10-02", "--format", "json"][..],
        &["changes", "--since", "2025-10-02"][..],
        &["changes", "--since", "2025-10-02", "--until", "2025-11-02"][..],
    ] {
        let out = run(args);
        assert_clean(&format!("{args:?}"), &String::from_utf8_lossy(&out.stdout));
        assert_clean(
            &format!("{args:?} stderr"),
            &String::from_utf8_lossy(&out.stderr),
        );
    }
    // No past vault is left in the temporary folder.
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    // The history cache holds what was read, not what is shown; it lives
    // in the repository's own folder, never in the work tree.
    let status = std::process::Command::new("git")
        .current_dir(&vault)
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(!status.contains("dossier"), "{status}");
}
