//! The `dossier` binary as scripts and CI see it: exit codes, output
//! formats, and what `build` does and refuses to do on disk.

use std::path::Path;
use std::process::Output;

mod common;

use common::{dossier, example};

fn vault_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const GOOD: &str = "---\ntype: client\ncode: C001\nname: 东义集团\nowner: 张伟\n---\n# 东义集团\n\n见 [[总览]]。\n";
const OVERVIEW: &str = "# 总览\n\n[东义](clients/东义集团.md)\n";
const BROKEN: &str = "---\ntype: client\ncode: C002\nname: 坏\nowner: 张伟\nindusty: x\ntier: strategc\nemployees: 10\nlast_contact: 2099-01-01\n---\n[坏链接](nope.md)\n";

/// Runs `dossier check --format json` in `dir`: the output and its JSON.
fn check_json(dir: &Path) -> (Output, serde_json::Value) {
    let out = dossier(dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (out, json)
}

/// The code of every diagnostic of a `check --format json` answer.
fn codes_of(v: &serde_json::Value) -> Vec<&str> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn example_vault_checks_clean() {
    let out = dossier(&example())
        .args(["check", ".", "--format", "json", "--as-of", "2025-11-23"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"], 0);
    // The only warnings are the business warnings the vault exists to show,
    // and it shows each of them.
    let mut codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.dedup();
    codes.sort();
    codes.dedup();
    assert_eq!(
        codes,
        [
            "W-close-overdue",
            "W-employees-missing",
            "W-follow-up-overdue",
            "W-next-step-missing",
            "W-next-step-overdue",
            "W-tier-mismatch"
        ]
    );
}

#[test]
fn check_exits_1_on_errors_and_0_on_warnings_unless_strict() {
    let dir = vault_with(&[
        ("clients/东义集团.md", GOOD),
        ("总览.md", OVERVIEW),
        ("clients/bad.md", BROKEN),
    ]);
    let out = dossier(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));

    let warn = vault_with(&[(
        "a.md",
        "---\ntype: client\ncode: C001\nname: a\nowner: b\nownr: c\n---\n",
    )]);
    let out = dossier(warn.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = dossier(warn.path())
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn exit_2_when_the_command_cannot_run() {
    let dir = vault_with(&[("a.md", "# a\n")]);
    dossier(dir.path())
        .args(["check", "--format", "yaml"])
        .assert()
        .code(2);
    dossier(dir.path())
        .args(["check", "--as-of", "23.11.2025"])
        .assert()
        .code(2);
    // Days dossier does not work with are refused, never worked out.
    for (command, flag, day) in [
        ("check", "--as-of", "-262143-01-01"),
        ("report", "--as-of", "+10000-01-01"),
        ("report", "--at", "1899-12-31"),
        ("changes", "--since", "10000-01-01"),
    ] {
        let out = dossier(dir.path())
            .args([command, &format!("{flag}={day}")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command} {flag} {day}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(day));
    }
    let dated = vault_with(&[(
        "c.md",
        "---\ntype: client\ncode: C1\nname: C\nowner: A\nlast_contact: 0001-01-01\n---\n",
    )]);
    let (_, v) = check_json(dated.path());
    assert!(v.to_string().contains("E-date-range"), "{v}");
    dossier(dir.path())
        .args(["check", "no-such-vault"])
        .assert()
        .code(2);
    dossier(dir.path())
        .args(["check", "--config", "missing.toml"])
        .assert()
        .code(2);
    std::fs::write(dir.path().join("dossier.toml"), "language = \"fr\"\n").unwrap();
    let out = dossier(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dossier.toml"));
}

#[test]
fn json_format_has_the_documented_shape() {
    let dir = vault_with(&[("clients/bad.md", BROKEN)]);
    let (_, v) = check_json(dir.path());
    assert_eq!(v["files"], 1);
    assert_eq!(v["errors"], 2);
    assert_eq!(v["warnings"], 1);
    let first = &v["diagnostics"][0];
    for key in [
        "code", "severity", "message", "file", "line", "column", "help",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    let codes: Vec<&str> = codes_of(&v);
    assert_eq!(codes, ["W-field-unknown", "E-field-enum", "E-link-broken"]);
    assert_eq!(v["diagnostics"][1]["line"], 7);
    assert_eq!(v["diagnostics"][1]["column"], 7);
    assert_eq!(v["diagnostics"][1]["help"], "did you mean `strategic`?");
}

#[test]
fn github_format_prints_workflow_annotations() {
    let dir = vault_with(&[("clients/bad.md", BROKEN)]);
    let out = dossier(dir.path())
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("::warning file=clients/bad.md,line=6,col=1,title=W-field-unknown::unknown field `industy`"), "{text}");
    assert!(text.contains("::error file=clients/bad.md,line=7,col=7,title=E-field-enum::unknown tier `strategc`%0Ahelp: did you mean `strategic`?"), "{text}");
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn human_format_has_no_colour_off_a_terminal() {
    let dir = vault_with(&[("clients/bad.md", BROKEN)]);
    let out = dossier(dir.path()).arg("check").output().unwrap();
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("clients/bad.md:7:7"), "{text}");
    assert!(text.contains("tier: strategc"), "{text}");
    assert!(text.contains("help: did you mean `strategic`?"), "{text}");
}

#[test]
fn every_command_explains_itself() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [&["--help"][..], &["check", "--help"], &["build", "--help"]] {
        let out = dossier(dir.path()).args(cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).len() > 100);
    }
    let out = dossier(dir.path())
        .args(["build", "--help"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("--allow-errors"));
}

#[test]
fn build_with_errors_writes_nothing_unless_allowed() {
    let dir = vault_with(&[("clients/东义集团.md", GOOD), ("clients/bad.md", BROKEN)]);
    let out_dir = dir.path().join("site");
    dossier(dir.path())
        .args(["build", ".", "-o", "site"])
        .assert()
        .code(1);
    assert!(!out_dir.exists());
    dossier(dir.path())
        .args(["build", ".", "-o", "site", "--allow-errors"])
        .assert()
        .code(1);
    let problems = std::fs::read_to_string(out_dir.join("problems.html")).unwrap();
    assert!(problems.contains("E-link-broken"));
    assert!(problems.contains("clients/bad.md"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for out in [a.path(), b.path()] {
        dossier(&example())
            .args(["build", ".", "--as-of", "2025-11-23", "-o"])
            .arg(out.join("site"))
            .assert()
            .code(0);
    }
    let first = snapshot(&a.path().join("site"));
    assert!(first.len() > 20);
    assert_eq!(first, snapshot(&b.path().join("site")));
}

#[test]
fn build_defaults_to_public_in_the_vault_and_replaces_its_own_output() {
    let dir = vault_with(&[
        ("clients/东义集团.md", GOOD),
        ("总览.md", OVERVIEW),
        ("旧.md", "# 旧\n"),
    ]);
    dossier(dir.path()).arg("build").assert().code(0);
    let public = dir.path().join("public");
    assert!(public.join("index.html").is_file());
    assert!(public.join("clients/东义集团.html").is_file());
    assert!(public.join("旧.html").is_file());
    // A second build replaces it, and never reads its own output as notes.
    std::fs::remove_file(dir.path().join("旧.md")).unwrap();
    dossier(dir.path()).arg("build").assert().code(0);
    assert!(!public.join("旧.html").exists());
    let (_, v) = check_json(dir.path());
    assert_eq!(v["files"], 2);
    // No staging folders are left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("dossier-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = vault_with(&[("clients/东义集团.md", GOOD), ("总览.md", OVERVIEW)]);
    dossier(dir.path())
        .args(["build", ".", "-o", "out"])
        .assert()
        .code(0);
    let before = snapshot(&dir.path().join("out"));
    // Broken input: the check fails.
    std::fs::write(dir.path().join("clients/bad.md"), BROKEN).unwrap();
    dossier(dir.path())
        .args(["build", ".", "-o", "out"])
        .assert()
        .code(1);
    assert_eq!(before, snapshot(&dir.path().join("out")));
    // A broken template: rendering fails.
    std::fs::remove_file(dir.path().join("clients/bad.md")).unwrap();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/note.html"), "{% if %}").unwrap();
    let out = dossier(dir.path())
        .args(["build", ".", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("E-template"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("templates/note.html"),
        "{}",
        stdout(&out)
    );
    assert_eq!(before, snapshot(&dir.path().join("out")));
}

#[test]
fn refuses_output_folders_it_must_not_replace() {
    let dir = vault_with(&[("a.md", "# a\n")]);
    // The vault itself, and a folder holding the vault.
    dossier(dir.path())
        .args(["build", ".", "-o", "."])
        .assert()
        .code(2);
    dossier(dir.path())
        .args(["build", ".", "-o", ".."])
        .assert()
        .code(2);
    // A folder with someone else's files.
    let foreign = dir.path().join("docs");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    let out = dossier(dir.path())
        .args(["build", ".", "-o", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "mine"
    );
    // An empty folder is fine.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    dossier(dir.path())
        .args(["build", ".", "-o", "empty"])
        .assert()
        .code(0);
}

#[test]
fn a_vault_template_overrides_the_built_in() {
    let dir = vault_with(&[
        ("a.md", "# a\n"),
        (
            "templates/problems.html",
            "<p>custom {{ layout.problems.errors }}</p>",
        ),
    ]);
    dossier(dir.path())
        .args(["build", ".", "-o", "out"])
        .assert()
        .code(0);
    let page = std::fs::read_to_string(dir.path().join("out/problems.html")).unwrap();
    assert_eq!(page, "<p>custom 0</p>");
}

#[test]
fn contact_phone_and_email_are_published_only_when_configured() {
    let client = "---\ntype: client\ncode: C001\nname: 甲\nowner: 张伟\ncontacts:\n  - {name: 曹总, phone: \"+86 138 0000 0000\", email: cao@example.com}\n---\n";
    let dir = vault_with(&[("c.md", client)]);
    dossier(dir.path())
        .args(["build", ".", "-o", "out"])
        .assert()
        .code(0);
    let all: String = snapshot(&dir.path().join("out"))
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(all.contains("曹总"));
    assert!(!all.contains("138 0000"));
    assert!(!all.contains("cao@example.com"));
    std::fs::write(
        dir.path().join("dossier.toml"),
        "publish_contact_fields = [\"email\"]\n",
    )
    .unwrap();
    dossier(dir.path())
        .args(["build", ".", "-o", "out"])
        .assert()
        .code(0);
    let page = std::fs::read_to_string(dir.path().join("out/c.html")).unwrap();
    assert!(page.contains("cao@example.com"));
    assert!(!page.contains("138 0000"));
}

#[test]
fn unclosed_front_matter_never_reaches_the_site() {
    let dir = vault_with(&[
        (
            "leak.md",
            "\u{feff}---\ntitle: x\nphone: \"+86 139 1111 2222\"\n\n# body\n",
        ),
        ("ok.md", "# ok\n\n[leak](leak.md)\n"),
    ]);
    dossier(dir.path())
        .args(["build", ".", "-o", "out", "--allow-errors"])
        .assert()
        .code(1);
    let all: String = snapshot(&dir.path().join("out"))
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    assert!(!all.contains("139 1111"), "the YAML block was published");
    assert!(!dir.path().join("out/leak.html").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_vault_or_in_loops_are_reported_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = vault_with(&[("secret.md", "---\ntitle: secret\n---\nTOP SECRET\n")]);
    let dir = vault_with(&[("a.md", "# a\n")]);
    symlink(
        outside.path().join("secret.md"),
        dir.path().join("secret.md"),
    )
    .unwrap();
    symlink(dir.path(), dir.path().join("loop")).unwrap();
    symlink(dir.path().join("self.md"), dir.path().join("self.md")).unwrap();
    symlink(dir.path().join("gone.md"), dir.path().join("dangling.md")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    symlink(dir.path().join("sub"), dir.path().join("alias-of-sub")).unwrap();
    let (_, v) = check_json(dir.path());
    let found: Vec<(&str, &str)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("alias-of-sub", "W-symlink-folder"),
            ("dangling.md", "W-symlink-broken"),
            ("loop", "W-symlink-loop"),
            ("secret.md", "W-symlink-outside"),
            ("self.md", "W-symlink-loop"),
        ],
        "{v}"
    );
    assert_eq!(v["files"], 1);
    dossier(dir.path())
        .args(["build", ".", "-o", "out"])
        .assert()
        .code(0);
    assert!(!dir.path().join("out/secret.html").exists());
}

#[cfg(unix)]
#[test]
fn a_non_utf8_file_name_is_reported_and_the_rest_builds() {
    use std::os::unix::ffi::OsStrExt;
    let dir = vault_with(&[("a.md", "# a\n")]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(dir.path().join(name), "# x\n").unwrap();
    let (_, v) = check_json(dir.path());
    assert_eq!(v["diagnostics"][0]["code"], "E-name-encoding");
    assert_eq!(v["files"], 1);
}

#[test]
fn a_huge_front_matter_block_is_refused() {
    let big = format!(
        "---\ntitle: x\n{}---\n# x\n",
        "k: 0123456789012345678901234567890123456789\n".repeat(2000)
    );
    let dir = vault_with(&[("big.md", &big), ("ok.md", "# ok\n")]);
    let (_, v) = check_json(dir.path());
    assert_eq!(v["diagnostics"][0]["code"], "E-frontmatter-too-large");
    assert_eq!(v["files"], 2);
}

#[cfg(unix)]
#[test]
fn a_note_that_is_not_a_regular_file_is_reported_not_read() {
    let dir = vault_with(&[("a.md", "# a\n")]);
    // A socket named like a note: reading it would fail (a FIFO would hang).
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("socket.md")).unwrap();
    let (out, v) = check_json(dir.path());
    assert_eq!(v["diagnostics"][0]["code"], "E-file-unreadable", "{v}");
    assert_eq!(v["diagnostics"][0]["file"], "socket.md");
    assert_eq!(v["files"], 1);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn nothing_of_a_private_note_reaches_any_page() {
    // A copy: in place, the fixture would be read with this project's own
    // Git history.
    let out = tempfile::tempdir().unwrap();
    let fixture = out.path().join("vault");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/private"),
        &fixture,
    );
    dossier(&fixture)
        .args(["build", ".", "--allow-errors", "-o"])
        .arg(out.path().join("site"))
        .assert()
        .code(1);
    let files = snapshot(&out.path().join("site"));
    assert!(files.iter().any(|(p, _)| p == "public.html"));
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        for secret in ["提成 8%", "秘密客户", "机密人数", "C900", "内部/"] {
            assert!(!text.contains(secret), "{path} contains {secret}");
        }
    }
}

#[test]
fn a_bom_before_front_matter_keeps_the_yaml_out_of_the_page() {
    let note = "\u{feff}---\r\ntype: contact\r\nname: 曹总\r\nphone: \"+86 138 0000 0000\"\r\n---\r\n# 曹总\r\n";
    let dir = vault_with(&[("曹总.md", note)]);
    dossier(dir.path())
        .args(["build", ".", "-o", "out"])
        .assert()
        .code(0);
    let page = std::fs::read_to_string(dir.path().join("out/曹总.html")).unwrap();
    assert!(page.contains("曹总"));
    assert!(!page.contains("138 0000"), "the front matter leaked");
    assert!(!page.contains("type: contact"), "the front matter leaked");
}

#[test]
fn every_url_in_the_example_site_is_relative_and_resolves() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    dossier(&example())
        .args(["build", ".", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .assert()
        .code(0);
    let attribute = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    let mut checked = 0;
    for (page, bytes) in snapshot(&site) {
        if !page.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for url in attribute.captures_iter(&html).map(|c| c[1].to_owned()) {
            assert!(!url.starts_with('/'), "{page}: absolute URL {url}");
            if url.starts_with("http") || url.starts_with("mailto:") || url.starts_with('#') {
                continue;
            }
            let path = url.split('#').next().unwrap();
            let decoded = percent_encoding::percent_decode_str(path)
                .decode_utf8()
                .unwrap();
            let base = Path::new(&page).parent().unwrap();
            let target = site.join(base).join(decoded.as_ref());
            assert!(target.is_file(), "{page}: {url} leads nowhere");
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links followed");
}

#[test]
fn no_table_of_the_example_site_has_two_columns_of_one_name_nor_a_page_two_headings() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    dossier(&example())
        .args(["build", ".", "--as-of", "2025-11-23", "-o"])
        .arg(&site)
        .assert()
        .code(0);
    let head = regex::Regex::new(r"(?s)<thead><tr>(.*?)</tr></thead>").unwrap();
    let cell = regex::Regex::new(r"(?s)<th[^>]*>(.*?)</th>").unwrap();
    let heading = regex::Regex::new(r"(?s)<h([1-6])[^>]*>(.*?)</h[1-6]>").unwrap();
    let tag = regex::Regex::new(r"<[^>]+>").unwrap();
    let text = |html: &str| tag.replace_all(html, "").trim().to_owned();
    let mut tables = 0;
    for (page, bytes) in snapshot(&site) {
        if !page.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for row in head.captures_iter(&html) {
            let names: Vec<String> = cell.captures_iter(&row[1]).map(|c| text(&c[1])).collect();
            let mut sorted = names.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{page}: columns {names:?}");
            tables += 1;
        }
        if page.starts_with("clients/") {
            // The page's sections and the note's own headings: none twice.
            let mut seen: Vec<String> = Vec::new();
            for h in heading.captures_iter(&html) {
                let shown = text(&h[2]);
                let name = shown.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
                assert!(
                    !seen.iter().any(|s| s == name),
                    "{page}: heading {name} twice"
                );
                seen.push(name.to_owned());
            }
        }
    }
    assert!(tables > 30, "only {tables} tables");
}

#[test]
fn large_directories_are_split_into_linked_pages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("clients")).unwrap();
    for i in 1..=1001 {
        std::fs::write(
            dir.path().join(format!("clients/c{i}.md")),
            format!(
                "---\ntype: client\ncode: C{i:04}\nname: N{i}\nowner: A\nemployees: 10\nlast_contact: 2025-11-20\n\
                 contacts:\n  - {{name: P{i}, department: sales}}\n---\n"
            ),
        )
        .unwrap();
    }
    let out = dossier(dir.path())
        .args(["build", "--as-of", "2025-11-23", "-o", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let site = dir.path().join("site");
    let first = std::fs::read_to_string(site.join("clients.html")).unwrap();
    let second = std::fs::read_to_string(site.join("clients-2.html")).unwrap();
    assert!(!site.join("clients-3.html").exists());
    let rows = |html: &str| html.matches("<td><a href=\"clients/c").count();
    assert_eq!(rows(&first), 1000);
    assert_eq!(rows(&second), 1);
    assert!(second.contains(">C1001</span> N1001</a>"));
    for page in [&first, &second] {
        assert!(page.contains("<a href=\"clients-2.html\""), "pager missing");
        assert!(page.contains("<a href=\"clients.html\""));
    }
    assert!(site.join("contacts-2.html").exists());
}

/// Builds `dir` into `dir/site` as of the fixed date; the output.
fn build(dir: &Path) -> Output {
    dossier(dir)
        .args(["build", "--as-of", "2025-11-23", "-o", "site"])
        .output()
        .unwrap()
}

#[test]
fn a_link_in_the_opening_title_leaves_later_links_in_place() {
    let dir = vault_with(&[
        ("a.md", "# Alpha\n"),
        ("b.md", "# Beta\n"),
        ("c.md", "# Gamma\n"),
        (
            "Meeting with Alpha.md",
            "# Meeting with [Alpha](a.md)\n\nThen [Beta](b.md) and [[c|Gamma]].\n",
        ),
    ]);
    let (out, json) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
    assert!(build(dir.path()).status.success());
    let page = std::fs::read_to_string(dir.path().join("site/Meeting%20with%20Alpha.html"))
        .or_else(|_| std::fs::read_to_string(dir.path().join("site/Meeting with Alpha.html")))
        .unwrap();
    assert!(page.contains("<a href=\"b.html\">Beta</a>"), "{page}");
    assert!(page.contains("<a href=\"c.html\">Gamma</a>"), "{page}");
}

#[test]
fn check_reports_a_template_that_does_not_parse_or_render() {
    // Does not parse.
    let dir = vault_with(&[("a.md", "# A\n"), ("templates/note.html", "{% if %}")]);
    let (out, json) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "E-template");
    assert_eq!(d["file"], "templates/note.html");
    // Parses, but fails on every page it renders.
    let dir = vault_with(&[
        ("a.md", "# A\n"),
        ("templates/note.html", "{{ page.no_such_field.deeper }}"),
    ]);
    let (out, json) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "E-template");
    assert_eq!(d["file"], "templates/note.html");
    // `build` reports the same and writes nothing.
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("site").exists());
}

#[test]
fn the_menu_is_nav_html_and_base_html_may_still_loop_over_its_items() {
    // `nav.html` of the vault's own, in pages of two folders: its links
    // are relative to each page's folder, its active item is each page's.
    let dir = vault_with(&[
        ("a.md", "# A\n"),
        ("sub/b.md", "# B\n"),
        (
            "templates/nav.html",
            "<nav>{% for item in layout.nav %}{% if item.active %}*{% endif %}[{{ item.href }}]{% endfor %}|{{ layout.root }}</nav>",
        ),
    ]);
    assert!(build(dir.path()).status.success());
    let read = |p: &str| std::fs::read_to_string(dir.path().join("site").join(p)).unwrap();
    assert!(
        // A knowledge vault: its menu has no page of the client book.
        read("a.html").contains("<nav>[index.html][notes.html][problems.html]"),
        "{}",
        read("a.html")
    );
    assert!(read("a.html").contains("|</nav>"));
    assert!(
        read("sub/b.html").contains("<nav>[../index.html]"),
        "{}",
        read("sub/b.html")
    );
    assert!(read("sub/b.html").contains("|../</nav>"));
    assert!(
        read("index.html").contains("<nav>*[index.html]"),
        "{}",
        read("index.html")
    );
    // What differs from page to page is not the menu's to see.
    let dir = vault_with(&[
        ("a.md", "# A\n"),
        ("templates/nav.html", "{{ layout.title }}"),
    ]);
    let (out, json) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(json["diagnostics"][0]["file"], "templates/nav.html");
    // A `base.html` written before `nav.html` was one keeps its loop.
    let dir = vault_with(&[
        ("a.md", "# A\n"),
        (
            "templates/base.html",
            "{% for item in layout.nav %}({{ item.label }}){% endfor %}{% block content %}{% endblock content %}",
        ),
    ]);
    assert!(build(dir.path()).status.success());
    let page = std::fs::read_to_string(dir.path().join("site/a.html")).unwrap();
    assert!(
        page.starts_with("(概览)(客户)") || page.starts_with("(Dashboard)"),
        "{page}"
    );
}

#[test]
fn an_alias_of_tags_gives_the_note_its_tags() {
    let dir = vault_with(&[
        (
            "dossier.toml",
            "[aliases]\n\"标签\" = \"tags\"\n\"标题\" = \"title\"\n",
        ),
        (
            "a.md",
            "---\n标题: 会议纪要\n标签: [煤化工, 标杆]\n---\n正文\n",
        ),
    ]);
    let (out, json) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
    assert!(build(dir.path()).status.success());
    let page = std::fs::read_to_string(dir.path().join("site/a.html")).unwrap();
    assert!(page.contains("<title>会议纪要"), "{page}");
    assert!(page.contains("煤化工") && page.contains("标杆"), "{page}");
}

#[test]
fn the_documented_example_with_its_comments_checks_clean() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/vault.md"))
            .unwrap();
    let start = readme.find("```yaml\n").unwrap() + "```yaml\n".len();
    let block = &readme[start..];
    let block = &block[..block.find("```").unwrap()];
    assert!(
        block.contains("# required"),
        "the example lost its comments"
    );
    let note = format!("{block}# 东义集团\n");
    let dir = vault_with(&[("东义集团.md", note.as_str())]);
    let out = dossier(dir.path())
        .args(["check", "--format", "json", "--as-of", "2025-11-23"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"], 0, "{}", stdout(&out));
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.iter().all(|c| c.starts_with("W-")), "{codes:?}");
}

/// Every file of a built site, as text.
fn site_texts(dir: &Path) -> Vec<(String, String)> {
    snapshot(dir)
        .into_iter()
        .map(|(p, bytes)| (p, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

#[test]
fn nothing_in_the_site_can_run_script() {
    let dir = vault_with(&[
        ("javascript:alert(1).md", "# 名字里有冒号\n"),
        ("javascript:alert(2)/x.md", "# 文件夹名字里有冒号\n"),
        ("b.md", "# B\n"),
        (
            "raw.md",
            "# 原始 HTML\n\n<p><a href=\"b.md\">B</a> <img src=\"ok.png\" alt=\"ok\"> <a href='missing.md'>坏</a> <a href=\"javascript:alert(3)\">x</a> <a href=\"evil.shtml\">s</a></p>\n\n[[javascript:alert(1)]] [链接](javascript:alert(1).md) [[x]]\n",
        ),
        ("ok.png", "png"),
        ("evil.shtml", "<script>alert(4)</script>"),
        ("evil.xht", "x"),
        ("evil.mht", "x"),
        ("evil.xsl", "x"),
        ("evil.swf", "x"),
        ("evil.es", "x"),
        (
            "links.md",
            "# 附件\n\n[a](evil.xht) [b](evil.mht) [c](evil.xsl) [d](evil.swf) [e](evil.es) ![ok](ok.png)\n",
        ),
    ]);
    let (_, json) = check_json(dir.path());
    let codes: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    // The raw HTML's broken and script links are reported like Markdown ones.
    assert!(codes.contains(&("E-link-broken", "raw.md")), "{codes:?}");
    assert!(codes.contains(&("W-link-unsafe", "raw.md")), "{codes:?}");
    let unsafe_attachments = codes
        .iter()
        .filter(|c| c.0 == "W-attachment-unsafe")
        .count();
    assert_eq!(unsafe_attachments, 6, "{codes:?}");
    let out = dossier(dir.path())
        .args([
            "build",
            "--allow-errors",
            "--as-of",
            "2025-11-23",
            "-o",
            "site",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let site = dir.path().join("site");
    for (path, text) in site_texts(&site) {
        for bad in ["href=\"javascript:", "src=\"javascript:", "<script>alert"] {
            assert!(!text.contains(bad), "{path} contains {bad}");
        }
    }
    for evil in [
        "evil.shtml",
        "evil.xht",
        "evil.mht",
        "evil.xsl",
        "evil.swf",
        "evil.es",
    ] {
        assert!(!site.join(evil).exists(), "{evil} was copied");
    }
    assert!(site.join("ok.png").exists());
    let raw = std::fs::read_to_string(site.join("raw.html")).unwrap();
    assert!(raw.contains("<a href=\"b.html\""), "{raw}");
    assert!(raw.contains("<img src=\"ok.png\""), "{raw}");
    // No link to it (the problems of the note quote it as text).
    assert!(!raw.contains("=\"missing.md"), "{raw}");
    assert!(raw.contains("href=\"./javascript:alert(1).html\""), "{raw}");
    assert!(
        raw.contains("href=\"./javascript:alert(2)/x.html\""),
        "{raw}"
    );
}

#[test]
fn notes_that_would_share_a_page_are_reported_and_none_is_written_over() {
    let long = format!("{}.md", "长".repeat(84)); // 252 bytes + ".md"
    let dir = vault_with(&[
        ("index.md", "# 首页笔记\n"),
        ("index.note.md", "# 另一个\n"),
        ("clients.md", "# 客户笔记\n"),
        ("clients.note.md", "# 客户笔记二\n"),
        ("kb/a.md", "# 小写\n"),
        ("kb/A.md", "# 大写\n"),
        (long.as_str(), "# 很长的名字\n"),
        ("clients.csv", "code,name\n"),
        ("links.md", "[表](clients.csv)\n"),
    ]);
    let (out, json) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let collisions: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "E-page-collision")
        .map(|d| (d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    let files: Vec<&str> = collisions.iter().map(|c| c.0).collect();
    assert!(files.contains(&"index.note.md"), "{collisions:?}");
    assert!(files.contains(&"clients.note.md"), "{collisions:?}");
    assert!(files.contains(&"kb/a.md"), "{collisions:?}");
    assert!(files.contains(&long.as_str()), "{collisions:?}");
    assert!(files.contains(&"links.md"), "{collisions:?}");
    // With --allow-errors the site is written: one page each, the site's own
    // CSV untouched.
    let out = dossier(dir.path())
        .args([
            "build",
            "--allow-errors",
            "--as-of",
            "2025-11-23",
            "-o",
            "site",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The vault's `clients.csv` is not copied to the site's own name (a
    // knowledge vault has no download there at all).
    let csv = std::fs::read_to_string(dir.path().join("site/clients.csv")).unwrap_or_default();
    assert!(!csv.starts_with("code,name\n"), "{csv}");
    let index = std::fs::read_to_string(dir.path().join("site/index.note.html")).unwrap();
    assert!(index.contains("首页笔记"), "{index}");
}

#[cfg(unix)]
#[test]
fn stale_staging_folders_are_cleaned_and_a_symlinked_output_stays_a_symlink() {
    let dir = vault_with(&[("a.md", "# A\n")]);
    let real = dir.path().join("real-site");
    assert!(
        dossier(dir.path())
            .args(["build", "--as-of", "2025-11-23", "-o", "real-site"])
            .output()
            .unwrap()
            .status
            .success()
    );
    std::os::unix::fs::symlink(&real, dir.path().join("site")).unwrap();
    // What killed builds leave behind, and a folder that is not ours.
    for stale in [".real-site.dossier-new-abc", ".real-site.dossier-old-123"] {
        let p = dir.path().join(stale);
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(p.join(".dossier-output"), "x").unwrap();
    }
    std::fs::create_dir_all(dir.path().join(".real-site.dossier-new-mine")).unwrap();
    assert!(
        dossier(dir.path())
            .args(["build", "--as-of", "2025-11-23", "-o", "site"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let link = std::fs::symlink_metadata(dir.path().join("site")).unwrap();
    assert!(link.file_type().is_symlink(), "the symlink was replaced");
    assert!(real.join("a.html").is_file());
    assert!(!dir.path().join(".real-site.dossier-new-abc").exists());
    assert!(!dir.path().join(".real-site.dossier-old-123").exists());
    assert!(dir.path().join(".real-site.dossier-new-mine").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dossier-"))
        .collect();
    assert_eq!(leftovers, [".real-site.dossier-new-mine"]);
}

#[test]
fn names_written_decomposed_match_links_typed_composed() {
    // macOS, iCloud and Dropbox write `é` as `e` and a combining accent.
    let decomposed = "clients/Cafe\u{301}.md";
    let dir = vault_with(&[
        (
            decomposed,
            "---\ntype: client\ncode: C001\nname: Café\nowner: Ann\n---\n# Café\n",
        ),
        (
            "deals/O001.md",
            "---\ntype: opportunity\ncode: O001\nname: Pilot\nclient: \"[[Café]]\"\nstage: won\namount: 100\n---\n",
        ),
        (
            "note.md",
            "# Note\n\nSee [[Café]] and [the file](clients/Caf%C3%A9.md).\n",
        ),
    ]);
    let (_, v) = check_json(dir.path());
    let codes: Vec<&str> = codes_of(&v);
    assert!(
        !codes
            .iter()
            .any(|c| c.starts_with("E-link") || c.contains("ref")),
        "{v}"
    );
    let out = dossier(dir.path())
        .args(["report", ".", "--format", "json", "--as-of", "2025-11-23"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let client = &r["clients"][0];
    assert_eq!(client["name"], "Café", "{client}");
    assert!(
        client.to_string().contains("100"),
        "the won deal is credited: {client}"
    );
    dossier(dir.path())
        .args(["build", ".", "-o", "out"])
        .assert()
        .code(0);
    assert!(dir.path().join("out/clients/Café.html").is_file());
}
