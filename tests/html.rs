//! Every page the site writes is valid HTML, as the Nu HTML checker reads
//! it (npm's `vnu-jar`, which needs a Java runtime; `.ci/run` installs it
//! into `target/test-tools`). The example vault, the Obsidian fixture (the
//! richest Markdown) and a vault `dossier init` writes are built and
//! checked. Under `CI=true` a missing checker fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn checker() -> Option<PathBuf> {
    let jar = std::env::var_os("DOSSIER_TEST_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-tools"))
        .join("node_modules/vnu-jar/build/dist/vnu.jar");
    let java = Command::new("java").arg("-version").output().is_ok();
    if jar.is_file() && java {
        return Some(jar);
    }
    common::missing_tool(
        "HTML check",
        if java { "no vnu.jar" } else { "no java" },
        "npm install --prefix target/test-tools vnu-jar; and a Java runtime",
    );
    None
}

fn build(vault: &Path, site: &Path) {
    let out = common::dossier(vault)
        .args(["build", "--as-of", "2025-11-23", "--allow-errors", "-o"])
        .arg(site)
        .arg(vault)
        .output()
        .unwrap();
    assert!(
        site.join("index.html").is_file(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_page_is_valid_html() {
    let Some(jar) = checker() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let obsidian = dir.path().join("obsidian");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/obsidian"),
        &obsidian,
    );
    let init = dir.path().join("init");
    let made = common::dossier(dir.path())
        .args(["init", "init", "--language", "zh"])
        .output()
        .unwrap();
    assert!(made.status.success());
    let history = common::history_book(&dir.path().join("history"));
    let mut sites = Vec::new();
    for (name, vault) in [
        ("example", common::example()),
        ("obsidian", obsidian),
        ("init", init),
        ("history", history),
    ] {
        let site = dir.path().join(format!("site-{name}"));
        build(&vault, &site);
        sites.push(site);
    }
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .args(&sites)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
