//! A vault as an attacker with a pull request would shape it: templates,
//! style sheets, settings and caches that are symlinks out of the vault,
//! FIFOs or `/dev/zero`; `init` into folders full of links; a past vault
//! read while the run is interrupted. Each case fails if a site file holds
//! the bytes of a file outside the vault, if anything outside changes, or
//! if the run does not end.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const SECRET: &str = "SECRET-OUTSIDE-THE-VAULT";
const ENV_SECRET: &str = "ENV-SECRET-OF-THE-CI";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn git(dir: &Path, args: &[&str]) {
    common::git(dir, args, Some("2026-11-01T10:00:00+00:00"));
}

/// Every file below `dir` with its bytes, symlinks not followed.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.push((
                entry.path().to_path_buf(),
                std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    out
}

/// Fails when any file below `dir` holds one of `needles`.
fn assert_holds_none(dir: &Path, needles: &[&str]) {
    for (path, bytes) in files(dir) {
        let text = String::from_utf8_lossy(&bytes);
        for needle in needles {
            assert!(!text.contains(needle), "{} holds {needle}", path.display());
        }
    }
}

/// A vault in a repository with one commit, beside a folder `outside`
/// holding a secret and a JSON file a cache clean-up would delete.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let outside = dir.path().join("outside");
    write(&outside.join("secret.txt"), SECRET);
    write(&outside.join("victim.json"), "{\"keep\": true}");
    write(
        &vault.join("clients/acme.md"),
        "---\ntype: client\ncode: C001\nname: Acme\nowner: Ann\n\
         opportunities:\n  - {code: O001, name: Pilot, stage: proposal, amount: 100}\n---\n# Acme\n",
    );
    git(&vault, &["init", "-q"]);
    git(&vault, &["add", "-A"]);
    git(&vault, &["commit", "-q", "-m", "first"]);
    (dir, vault, outside)
}

fn run(vault: &Path, home: &Path, args: &[&str]) -> std::process::Output {
    common::dossier(vault)
        .args(args)
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("DOSSIER_TEST_SECRET", ENV_SECRET)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap()
}

fn codes(output: &std::process::Output) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_committed_cache_symlink_deletes_and_writes_nothing_outside() {
    let (dir, vault, outside) = setup();
    // The old cache folders, committed as symlinks: the cache no longer
    // lives in the work tree, so they are never used.
    symlink("../outside", vault.join(".dossier-cache")).unwrap();
    std::fs::create_dir(vault.join("sub")).unwrap();
    git(&vault, &["add", "-A"]);
    git(&vault, &["commit", "-q", "-m", "cache links"]);
    let before = files(&outside);
    for args in [
        &["report", ".", "--format", "json"][..],
        &["build", ".", "-o", "../site", "--as-of", "2026-11-20"][..],
        &["check", "."][..],
    ] {
        run(&vault, dir.path(), args);
    }
    assert_eq!(files(&outside), before, "nothing outside changed");
    assert!(vault.join(".git/dossier").is_dir(), "the cache is in .git");
}

#[test]
fn a_cache_folder_that_is_a_symlink_is_never_written_through() {
    let (dir, vault, outside) = setup();
    // Planted by hand in the Git folder (a pull request cannot): the cache
    // then goes to the user's cache folder instead.
    symlink(&outside, vault.join(".git/dossier")).unwrap();
    let before = files(&outside);
    let out = run(
        &vault,
        dir.path(),
        &["build", ".", "-o", "../site", "--as-of", "2026-11-20"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    run(&vault, dir.path(), &["report", ".", "--format", "json"]);
    assert_eq!(files(&outside), before, "nothing outside changed");
    assert!(
        dir.path().join("cache/dossier").is_dir(),
        "kept in the user's cache"
    );
}

#[test]
fn a_cache_that_is_a_fifo_or_garbage_is_discarded_and_the_run_ends() {
    let (dir, vault, _) = setup();
    run(&vault, dir.path(), &["report", ".", "--format", "json"]);
    let kept: Vec<_> = std::fs::read_dir(vault.join(".git/dossier"))
        .unwrap()
        .flatten()
        .collect();
    let cache = kept[0].path();
    let first = run(&vault, dir.path(), &["report", ".", "--format", "json"]);
    // The format and key this run wants, then a body cut halfway, then one
    // of junk: discarded, read again, the same figures.
    let kept = cache.join("history.bin");
    let real = std::fs::read(&kept).unwrap();
    let (_, rest): ((u32, u64), &[u8]) = postcard::take_from_bytes(&real).unwrap();
    let head = &real[..real.len() - rest.len()];
    for body in [&rest[..rest.len() / 2], &[0xff; 64][..]] {
        std::fs::write(&kept, [head, body].concat()).unwrap();
        let again = run(&vault, dir.path(), &["report", ".", "--format", "json"]);
        assert_eq!(again.status.code(), Some(0));
        assert_eq!(again.stdout, first.stdout);
    }
    // The JSON of an older format, left behind: never read, removed.
    std::fs::write(
        cache.join("history.json"),
        r#"{"format":3,"key":0,"read":{"head":"x","head_tree":null,"commits":[],"steps":[{"commit":99,"code":"O1","step":"Gone"}],"files":{}}}"#,
    )
    .unwrap();
    std::fs::remove_file(&kept).unwrap();
    let again = run(&vault, dir.path(), &["report", ".", "--format", "json"]);
    assert_eq!(again.stdout, first.stdout);
    assert!(!cache.join("history.json").exists());
    std::fs::remove_file(&kept).unwrap();
    mkfifo(&kept);
    let fifo = run(&vault, dir.path(), &["report", ".", "--format", "json"]);
    assert_eq!(fifo.status.code(), Some(0));
    assert_eq!(fifo.stdout, first.stdout);
    std::fs::remove_file(&kept).unwrap();
    symlink("/dev/zero", &kept).unwrap();
    let zero = run(&vault, dir.path(), &["report", ".", "--format", "json"]);
    assert_eq!(zero.stdout, first.stdout);
}

#[test]
fn templates_style_sheets_and_settings_that_lead_out_are_reported_and_not_read() {
    let (dir, vault, outside) = setup();
    let templates = vault.join("templates");
    std::fs::create_dir(&templates).unwrap();
    symlink("/proc/self/environ", templates.join("extra.css")).unwrap();
    symlink(outside.join("secret.txt"), templates.join("style.css")).unwrap();
    symlink("/etc/passwd", templates.join("not-found.html")).unwrap();
    symlink("../../outside/secret.txt", templates.join("note.html")).unwrap();
    mkfifo(&templates.join("client.html"));
    std::fs::create_dir(vault.join(".obsidian")).unwrap();
    mkfifo(&vault.join(".obsidian/app.json"));
    symlink("/dev/zero", vault.join(".obsidian/templates.json")).unwrap();

    let check = run(&vault, dir.path(), &["check", ".", "--format", "json"]);
    let found = codes(&check);
    for (file, code) in [
        ("templates/extra.css", "W-symlink-outside"),
        ("templates/style.css", "W-symlink-outside"),
        ("templates/not-found.html", "W-symlink-outside"),
        ("templates/note.html", "W-symlink-outside"),
        ("templates/client.html", "E-file-unreadable"),
        (".obsidian/app.json", "E-file-unreadable"),
        (".obsidian/templates.json", "W-symlink-outside"),
    ] {
        assert!(
            found.contains(&(file.to_owned(), code.to_owned())),
            "{file} {code} not in {found:?}"
        );
    }
    let site = dir.path().join("site");
    let out = run(
        &vault,
        dir.path(),
        &["build", ".", "-o", site.to_str().unwrap(), "--allow-errors"],
    );
    // Written in spite of the unreadable template (exit 1 for the error).
    assert!(
        site.join("index.html").is_file(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.join("_assets/extra.css").exists());
    assert_holds_none(&site, &[SECRET, ENV_SECRET, "root:x:0:0"]);
}

#[test]
fn init_force_never_writes_through_a_symlink_and_a_refusal_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    write(&outside.join("victim"), "keep");
    std::fs::create_dir(outside.join("folder")).unwrap();
    let before = files(&outside);
    for (name, target) in [
        (".gitignore", outside.join("victim")),
        ("dossier.toml", outside.join("not-yet")),
        ("clients", outside.join("folder")),
        (".github", outside.join("folder")),
    ] {
        let vault = dir
            .path()
            .join(format!("vault-{}", name.trim_start_matches('.')));
        std::fs::create_dir(&vault).unwrap();
        symlink(&target, vault.join(name)).unwrap();
        let out = common::dossier(dir.path())
            .args(["init", vault.to_str().unwrap(), "--force"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {out:?}");
        let left: Vec<_> = std::fs::read_dir(&vault).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "{name}: nothing but the link: {left:?}");
        assert_eq!(files(&outside), before, "{name}: nothing outside changed");
        assert!(!outside.join("not-yet").exists());
    }
}

#[test]
fn a_past_vault_is_private_and_gone_after_the_run_even_when_interrupted() {
    let (dir, vault, _) = setup();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let leftovers = || -> Vec<String> {
        std::fs::read_dir(&tmp)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("dossier-at-"))
            .collect()
    };
    let out = common::dossier(&vault)
        .args(["report", ".", "--format", "json", "--at", "2026-11-02"])
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(leftovers(), Vec::<String>::new());
    // Interrupted at whatever point it has reached: nothing stays behind.
    for wait in [0, 20, 60, 150] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("dossier"))
            .current_dir(&vault)
            .args(["build", ".", "-o", "../site-at", "--at", "2026-11-02"])
            .env("TMPDIR", &tmp)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait));
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();

        let status = child.wait().unwrap();
        assert_eq!(
            leftovers(),
            Vec::<String>::new(),
            "after {wait} ms: {status:?}"
        );
    }
}

/// Every address the search index holds: that of each item, read from
/// the chunks of items the index names.
fn index_urls(site: &Path) -> Vec<String> {
    let script = std::fs::read_to_string(site.join("_search/index.js")).unwrap();
    let json = script
        .trim()
        .trim_start_matches("window.__dossierSearch=")
        .trim_end_matches(';');
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let (items, chunk) = (
        index["items"].as_u64().unwrap(),
        index["chunk"].as_u64().unwrap(),
    );
    let mut out = Vec::new();
    for n in 0..items.div_ceil(chunk) {
        let part = std::fs::read_to_string(site.join(format!("_search/i/{n}.js"))).unwrap();
        let prefix = format!("__dossierSearchPart(\"i/{n}\",");
        let json = part
            .trim()
            .strip_prefix(&prefix)
            .and_then(|p| p.strip_suffix(");"))
            .unwrap();
        let rows: serde_json::Value = serde_json::from_str(json).unwrap();
        for r in rows.as_array().unwrap() {
            out.push(r[3].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(out.len() as u64, items);
    out
}

#[test]
fn search_results_for_names_that_are_urls_stay_relative_and_lead_to_their_page() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let names = [
        "javascript:alert(1).md",
        "javascript:x/note.md",
        "data:text.md",
        "a#b.md",
        "a?b.md",
        "100%.md",
        "back\\slash.md",
        "tab\there.md",
        "new\nline.md",
        "客户/东义:集团.md",
    ];
    for name in names {
        write(&vault.join(name), "# A note\n\nSome text.\n");
    }
    let site = dir.path().join("site");
    let out = run(
        &vault,
        dir.path(),
        &["build", ".", "-o", site.to_str().unwrap()],
    );
    assert!(
        site.join("index.html").is_file(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scheme = regex::Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:").unwrap();
    let urls = index_urls(&site);
    assert!(urls.len() >= names.len(), "{urls:?}");
    for url in urls {
        assert!(!scheme.is_match(&url), "{url} reads as a scheme");
        assert!(
            !url.contains(['#', '?', '\\', '\t', '\n']),
            "{url} is not encoded"
        );
        let path = percent_encoding::percent_decode_str(&url)
            .decode_utf8()
            .unwrap();
        assert!(site.join(&*path).is_file(), "{url} leads nowhere");
    }
}
