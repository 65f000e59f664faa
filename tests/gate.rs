//! Every file dossier opens, reads, writes or removes goes through one
//! gate (`src/gate/`), where symlinks out of the vault, FIFOs, devices and
//! oversized files are refused. This test fails when a file is touched
//! anywhere else in `src/`: the next feature cannot open a file on its own.
//! Looking at a path without opening it (`symlink_metadata`, `metadata`,
//! `canonicalize`, `read_link`) and walking folders (walkdir, the watcher)
//! stay allowed.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The ways of touching a file's contents or a folder's entries.
const TOUCHES: &str = r"(?x)
    \b(std::)?fs::(read|read_to_string|write|File|OpenOptions|remove_file|remove_dir|remove_dir_all
        |copy|rename|create_dir|create_dir_all|read_dir|hard_link|set_permissions|DirBuilder)\b
  | \bFile::(open|create|create_new|options)\b
  | \bOpenOptions::new\b
  | \btempfile::
  | \btokio::fs\b
  | \.persist\(
  | \blibc::(open|openat|unlink|unlinkat|rename|renameat2?|mkdir|rmdir)\b
";

/// Every line of `src/` outside the gate and outside tests that touches a
/// file, as `file:line: text`.
fn touches_outside_the_gate() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let touch = regex::Regex::new(TOUCHES).unwrap();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for file in files {
        if file.starts_with(src.join("gate")) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            if touch.is_match(line) {
                let rel = file.strip_prefix(root).unwrap().display();
                found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn no_file_is_touched_outside_the_gate() {
    let found = touches_outside_the_gate();
    assert!(
        found.is_empty(),
        "files touched outside src/gate/ (go through crate::gate):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_sees_a_touch_when_there_is_one() {
    let touch = regex::Regex::new(TOUCHES).unwrap();
    for line in [
        "let t = std::fs::read_to_string(p)?;",
        "fs::write(&path, bytes)",
        "let f = File::open(path)?;",
        "std::fs::remove_file(entry.path())",
        "let mut temp = tempfile::NamedTempFile::new_in(dir)?;",
        "tokio::fs::read(path).await",
        "for e in std::fs::read_dir(dir) {",
    ] {
        assert!(touch.is_match(line), "not seen: {line}");
    }
    for line in [
        "std::fs::symlink_metadata(path)",
        "path.canonicalize()",
        "std::fs::metadata(path).ok()",
        "crate::gate::read_inside(&root, &path, max)",
    ] {
        assert!(!touch.is_match(line), "seen wrongly: {line}");
    }
}
