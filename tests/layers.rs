//! The modules of `src/` stand in layers, each importing only those below
//! it: positions and diagnostics at the bottom, then the config, the
//! vault, the model, checks and analytics, rendering and the site, the
//! `Book` that strings them together, and the command line and the preview
//! on top (docs/architecture.md). This test fails when an import goes up
//! a layer, which is also how a cycle would come back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The top-level modules, lowest first. A module may use the modules
/// before it in this list, and never one after it.
const LAYERS: &[&str] = &[
    "gate",
    "timings",
    "memory",
    "text",
    "diagnostics",
    "config",
    "vault",
    "model",
    "history",
    "check",
    "analytics",
    "render",
    "report",
    "site",
    "book",
    "serve",
    "cli",
    "cmd",
];

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

/// The top-level module a file of `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

/// Every `crate::NAME` a file names, outside its tests, with its line.
fn uses(text: &str) -> Vec<(String, usize)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        let first = |s: &str| -> String {
            s.trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        };
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            // `crate::{a::b, c}` names each module of the group.
            let names: Vec<String> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(first)
                    .collect(),
                None => vec![first(rest)],
            };
            out.extend(
                names
                    .into_iter()
                    .filter(|n| !n.is_empty() && n != "self")
                    .map(|name| (name, n + 1)),
            );
        }
    }
    out
}

#[test]
fn every_import_goes_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rank: BTreeMap<&str, usize> = LAYERS.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut modules_seen = 0;
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(&own) = rank.get(module.as_str()) else {
            problems.push(format!(
                "{}: module `{module}` has no layer in tests/layers.rs",
                file.display()
            ));
            continue;
        };
        modules_seen += 1;
        let text = std::fs::read_to_string(file).unwrap();
        for (used, line) in uses(&text) {
            if used == module {
                continue;
            }
            match rank.get(used.as_str()) {
                Some(&other) if other < own => {}
                Some(_) => problems.push(format!(
                    "{}:{line}: `{module}` uses `{used}`, which stands above it",
                    file.display()
                )),
                None => problems.push(format!(
                    "{}:{line}: `{used}` has no layer in tests/layers.rs",
                    file.display()
                )),
            }
        }
    }
    assert!(modules_seen > 40, "only {modules_seen} files were read");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Imports the layers allow but the design does not: rendering knows no
/// report (its text, JSON and CSV forms are `report`'s), and the server
/// asks the `Book` what changed, never the vault or the model.
const FORBIDDEN: &[(&str, &str)] = &[
    ("render", "analytics"),
    ("serve", "vault"),
    ("serve", "model"),
];

#[test]
fn no_module_reaches_past_the_one_it_should_ask() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (used, line) in uses(&text) {
            if FORBIDDEN.contains(&(module.as_str(), used.as_str())) {
                problems.push(format!(
                    "{}:{line}: `{module}` uses `{used}`",
                    file.display()
                ));
            }
        }
        // The model reached through the book is the model all the same.
        if module == "serve"
            && text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or("")
                .contains(".model()")
        {
            problems.push(format!(
                "{}: `serve` asks the book for its model",
                file.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_upward_import_is_caught() {
    let found = uses(
        "use crate::site::Site;\nfn f() { crate::book::Book::load(x); }\nuse crate::{cmd::X, serve};\n",
    );
    let names: Vec<(&str, usize)> = found.iter().map(|(m, l)| (m.as_str(), *l)).collect();
    assert_eq!(names, [("site", 1), ("book", 2), ("cmd", 3), ("serve", 3)]);
}

/// Whether a note may be published is decided once, when it is read
/// (`vault::Visibility`), and read through the note's and the model's own
/// questions (`published`, `is_private`, `described`, `Model::shown`, the
/// published view of `model::published`). No module above the model looks
/// at the visibility itself, nor reads a `private` key again.
#[test]
fn privacy_is_decided_in_the_vault_and_asked_of_the_model() {
    let found = lines_where(|module, line| {
        module != "vault"
            && module != "model"
            && (line.contains(".visibility")
                || line.contains("Visibility::")
                || line.contains("Withheld::")
                || line.contains("\"private\""))
    });
    assert!(
        found.is_empty(),
        "privacy decided outside the vault and the model:\n{}",
        found.join("\n")
    );
}

/// Every line of code in `src/` (tests and comments left out) of which
/// `hit(module, line)` holds, as `file:line: text`.
fn lines_where(hit: impl Fn(&str, &str) -> bool) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let module = module_of(&src, &file).unwrap_or_default();
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            if hit(&module, line) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

/// Figures carry no words: the analytics say what they found as codes,
/// numbers and typed messages (`diagnostics::Message`), which the site and
/// the command line word in the vault's language; nothing in `analytics/`
/// words a message, and no sentence of a diagnostic is written outside
/// `diagnostics/words/`.
#[test]
fn figures_carry_no_words_and_messages_are_worded_in_one_place() {
    let found = lines_where(|module, line| {
        let words = line.contains(".words(") || line.contains("Words") || line.contains("frame(");
        // Since the wording of problems moved to one place, no module
        // builds a diagnostic from a string, nor matches one by regex.
        let from_text = line.contains("Diagnostic::new(\"")
            || line.contains("render::messages")
            || line.contains("help_opt(");
        (module == "analytics" && words) || from_text
    });
    assert!(
        found.is_empty(),
        "words outside their place:\n{}",
        found.join("\n")
    );
}

// Every file dossier opens, reads, writes or removes goes through one gate
// (`src/gate/`), where symlinks out of the vault, FIFOs, devices and
// oversized files are refused; the scan below fails when a file is touched
// anywhere else in `src/`, so the next feature cannot open a file on its
// own. Looking at a path without opening it (`symlink_metadata`,
// `metadata`, `canonicalize`, `read_link`) and walking folders (walkdir,
// the watcher) stay allowed.

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
