//! The history read so far, kept in `VAULT/.dossier-cache/` under a key
//! made of what decides how notes are read (the config, Obsidian's
//! settings); any other key, or a file that cannot be read, means reading
//! again from the first commit.

use std::path::{Path, PathBuf};

use super::{CACHE_DIR, Read};
use crate::config::Config;

const FORMAT: u32 = 1;

#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    format: u32,
    key: u64,
    read: Read,
}

fn file(vault: &Path) -> PathBuf {
    vault.join(CACHE_DIR).join("history.json")
}

/// The key of the cache for this vault and config.
pub fn key(vault: &Path, config: &Config) -> u64 {
    let mut text = serde_json::to_string(config).unwrap_or_default();
    for settings in crate::vault::rules::OBSIDIAN_SETTINGS {
        text.push('\0');
        text.push_str(&std::fs::read_to_string(vault.join(settings)).unwrap_or_default());
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes()) ^ u64::from(FORMAT)
}

pub fn load(vault: &Path, key: u64) -> Option<Read> {
    let bytes = std::fs::read(file(vault)).ok()?;
    let stored: Stored = serde_json::from_slice(&bytes).ok()?;
    (stored.format == FORMAT && stored.key == key).then_some(stored.read)
}

/// Keeps `read` for the next run; a vault that cannot be written to is
/// read again next time, nothing more.
pub fn save(vault: &Path, key: u64, read: &Read) {
    let path = file(vault);
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let stored = StoredRef {
        format: FORMAT,
        key,
        read,
    };
    let Ok(bytes) = serde_json::to_vec(&stored) else {
        return;
    };
    let Ok(mut temp) = tempfile::NamedTempFile::new_in(dir) else {
        return;
    };
    if std::io::Write::write_all(&mut temp, &bytes).is_ok() {
        let _ = temp.persist(&path);
    }
}

/// Where what was worked out of the book on a past day is kept, by key.
fn past_file(vault: &Path, key: u64) -> PathBuf {
    vault
        .join(CACHE_DIR)
        .join("past")
        .join(format!("{key:016x}.json"))
}

/// The key of a past book: the commit it was read at (`None`: before the
/// first), the day, and the config file given in place of the vault's own
/// (its text).
pub fn past_key(commit: Option<&str>, day: chrono::NaiveDate, config: Option<&Path>) -> u64 {
    let config = config
        .map(|c| std::fs::read_to_string(c).unwrap_or_default())
        .unwrap_or_default();
    let text = format!(
        "{FORMAT}\0{}\0{day}\0{config}\0{}",
        commit.unwrap_or("-"),
        env!("CARGO_PKG_VERSION")
    );
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

pub fn load_past<T: serde::de::DeserializeOwned>(vault: &Path, key: u64) -> Option<T> {
    let bytes = std::fs::read(past_file(vault, key)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Keeps `value` under `key`, and lets go of every other past book but
/// those of `keep`.
pub fn save_past<T: serde::Serialize>(vault: &Path, key: u64, value: &T, keep: &[u64]) {
    let path = past_file(vault, key);
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let kept: Vec<String> = keep.iter().map(|k| format!("{k:016x}.json")).collect();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !kept.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let Ok(bytes) = serde_json::to_vec(value) else {
        return;
    };
    let Ok(mut temp) = tempfile::NamedTempFile::new_in(dir) else {
        return;
    };
    if std::io::Write::write_all(&mut temp, &bytes).is_ok() {
        let _ = temp.persist(&path);
    }
}

#[derive(serde::Serialize)]
struct StoredRef<'a> {
    format: u32,
    key: u64,
    read: &'a Read,
}
