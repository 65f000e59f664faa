//! The history cache as a tampered or corrupt file would hold it: the
//! fuzz input, with the key of the vault's config put in when it is a JSON
//! object (so that it is not simply discarded for its key), is read by the
//! history reader of a small repository. Never a panic; a cache that does
//! not hold together gives the history a fresh read gives.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use dossier::config::Config;
use dossier::vault::rules::Rules;
use libfuzzer_sys::fuzz_target;

struct Fixture {
    _dir: tempfile::TempDir,
    vault: PathBuf,
    cache: PathBuf,
    key: serde_json::Value,
    fresh: Vec<String>,
}

fn git(vault: &std::path::Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .current_dir(vault)
        .args(["-c", "user.name=F", "-c", "user.email=f@example.com"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

fn history() -> Vec<String> {
    let f = fixture();
    let config = Config::default();
    let rules = Rules::new(&f.vault, &config, Vec::new(), f.vault.join("dossier.toml"));
    let h = dossier::history::read(&f.vault, &config, &rules, None);
    h.commits.iter().map(|c| format!("{} {}", c.id, c.day)).collect()
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        std::fs::create_dir_all(vault.join("clients")).unwrap();
        git(&vault, &["init", "-q"]);
        for (n, stage) in ["contacted", "proposal", "won"].iter().enumerate() {
            std::fs::write(
                vault.join("clients/a.md"),
                format!(
                    "---\ntype: client\ncode: C1\nname: A\nowner: B\n\
                     opportunities: [{{code: O1, name: x, stage: {stage}, amount: {n}}}]\n---\n"
                ),
            )
            .unwrap();
            git(&vault, &["add", "-A"]);
            git(&vault, &["commit", "-q", "-m", stage]);
        }
        let config = Config::default();
        let rules = Rules::new(&vault, &config, Vec::new(), vault.join("dossier.toml"));
        let h = dossier::history::read(&vault, &config, &rules, None);
        let fresh = h.commits.iter().map(|c| format!("{} {}", c.id, c.day)).collect();
        let cache = walkdir::WalkDir::new(vault.join(".git/dossier"))
            .into_iter()
            .flatten()
            .find(|e| e.file_name() == "history.json")
            .unwrap()
            .path()
            .to_path_buf();
        let stored: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
        Fixture {
            _dir: dir,
            vault,
            cache,
            key: stored["key"].clone(),
            fresh,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let bytes = match serde_json::from_slice::<serde_json::Value>(data) {
        Ok(serde_json::Value::Object(mut o)) => {
            o.insert("key".into(), f.key.clone());
            serde_json::to_vec(&o).unwrap()
        }
        _ => data.to_vec(),
    };
    std::fs::write(&f.cache, &bytes).unwrap();
    let read = history();
    // What a cache can change is how much is read again, never what is
    // found: the commits are those of a fresh read, whatever it held.
    assert_eq!(read, f.fresh);
});
