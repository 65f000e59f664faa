//! What was read from Git, kept between runs outside the work tree: in the
//! repository's own folder (`.git/dossier/`, found through gix), or in the
//! user's cache folder when that cannot be written. Kept under a key made
//! of what decides how notes are read (the config, Obsidian's settings);
//! any other key, a file that does not read, or one whose contents do not
//! hold together, means reading again from the first commit — a cache is
//! never trusted and never fatal.
//!
//! The history is kept in postcard's compact binary form (`history.bin`):
//! read back in a sixth of the time its JSON took at 10,000 clients, which
//! a run after one new commit spends on nothing else. Past books stay JSON.
//!
//! Every read, write and removal goes through the gate, confined to the
//! folder found here: a symlink below it is never followed.

use std::path::{Path, PathBuf};

use super::Read;
use crate::config::Config;
use crate::gate;

const FORMAT: u32 = 7;

/// Where a vault's cache lives.
pub struct Folder {
    /// The folder writes are confined to (canonical): the repository's
    /// common Git folder, or the user's cache folder.
    root: PathBuf,
    /// This vault's own folder below it.
    dir: PathBuf,
}

impl Folder {
    /// The cache folder of the vault at `vault`, when it is in a Git
    /// repository whose history can be read (without one there is no
    /// history to keep).
    pub fn of(vault: &Path) -> Option<Folder> {
        Folder::in_repo(&super::git::Repo::open(vault).ok()?)
    }

    /// The cache folder of the vault `repo` was opened for.
    pub(super) fn in_repo(repo: &super::git::Repo) -> Option<Folder> {
        let git_dir = repo.common_dir().canonicalize().ok()?;
        // Vaults in sub-folders of one repository keep their own caches.
        let name = format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(repo.prefix().join("/").as_bytes())
        );
        let in_git = Folder {
            dir: git_dir.join("dossier").join(&name),
            root: git_dir.clone(),
        };
        if gate::create_dirs_inside(&in_git.root, &in_git.dir).is_ok() {
            return Some(in_git);
        }
        // A repository that cannot be written to (a read-only checkout):
        // the user's cache folder, by the repository's place.
        let user = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
        gate::create_dir_all(&user).ok()?;
        let root = user.canonicalize().ok()?;
        let place = format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(git_dir.to_string_lossy().as_bytes())
        );
        let dir = root.join("dossier").join(place).join(name);
        gate::create_dirs_inside(&root, &dir).ok()?;
        Some(Folder { root, dir })
    }

    fn read<T: serde::de::DeserializeOwned>(&self, file: &Path) -> Option<T> {
        let bytes = gate::read_inside(&self.root, file, gate::CACHE_MAX_BYTES).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Keeps `value` in `file`; a folder that cannot be written to means
    /// reading again next time, nothing more.
    fn write<T: serde::Serialize>(&self, file: &Path, value: &T) {
        if let Ok(bytes) = serde_json::to_vec(value) {
            let _ = gate::replace_inside(&self.root, file, &bytes);
        }
    }

    fn history_file(&self) -> PathBuf {
        self.dir.join("history.bin")
    }

    fn past_dir(&self) -> PathBuf {
        self.dir.join("past")
    }
}

#[derive(serde::Deserialize)]
struct Head {
    format: u32,
    key: u64,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    format: u32,
    key: u64,
    read: Read,
}

/// The key of the cache for this vault and config.
pub fn key(vault: &Path, config: &Config) -> u64 {
    let mut text = serde_json::to_string(config).unwrap_or_default();
    for settings in crate::vault::rules::OBSIDIAN_SETTINGS {
        text.push('\0');
        let name = settings.trim_start_matches(".obsidian/");
        if let Some(value) = gate::read_setting(vault, name) {
            text.push_str(&value.to_string());
        }
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes()) ^ u64::from(FORMAT)
}

pub fn load(folder: &Folder, key: u64) -> Option<Read> {
    let _t = crate::timings::stage("history: cache load");
    let bytes =
        gate::read_inside(&folder.root, &folder.history_file(), gate::CACHE_MAX_BYTES).ok()?;
    // The format and key come first, so that another version's file is
    // turned down before its contents are read.
    let (head, _): (Head, _) = postcard::take_from_bytes(&bytes).ok()?;
    if head.format != FORMAT || head.key != key {
        return None;
    }
    let stored: Stored = postcard::from_bytes(&bytes).ok()?;
    stored.read.holds_together().then_some(stored.read)
}

/// Keeps `read` for the next run.
pub fn save(folder: &Folder, key: u64, read: &Read) {
    let _t = crate::timings::stage("history: cache save");
    let stored = StoredRef {
        format: FORMAT,
        key,
        read,
    };
    if let Ok(bytes) = postcard::to_stdvec(&stored) {
        let _ = gate::replace_inside(&folder.root, &folder.history_file(), &bytes);
    }
    // What formats before 7 kept, in JSON: never read again.
    let _ = gate::remove_file_inside(&folder.root, &folder.dir.join("history.json"));
}

/// Where what was worked out of the book on a past day is kept, by key.
fn past_file(folder: &Folder, key: u64) -> PathBuf {
    folder.past_dir().join(past_name(key))
}

fn past_name(key: u64) -> String {
    format!("{key:016x}.json")
}

/// The key of a past book: the commit it was read at (`None`: before the
/// first), the day, the config file given in place of the vault's own
/// (its text), and what the vault withholds now (`WithheldNow::digest`),
/// which the past book withholds too.
pub fn past_key(
    commit: Option<&str>,
    day: chrono::NaiveDate,
    config: Option<&Path>,
    withheld_now: u64,
) -> u64 {
    let config = config
        .and_then(|c| gate::read_regular(c, gate::CONFIG_MAX_BYTES).ok())
        .unwrap_or_default();
    let text = format!(
        "{FORMAT}\0{}\0{day}\0{}\0{withheld_now:016x}\0{}",
        commit.unwrap_or("-"),
        String::from_utf8_lossy(&config),
        env!("CARGO_PKG_VERSION")
    );
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

pub fn load_past<T: serde::de::DeserializeOwned>(folder: &Folder, key: u64) -> Option<T> {
    folder.read(&past_file(folder, key))
}

/// Keeps `value` under `key`, and lets go of every other past book but
/// those of `keep`: only files named as this cache names them, never
/// through a symlink.
pub fn save_past<T: serde::Serialize>(folder: &Folder, key: u64, value: &T, keep: &[u64]) {
    let dir = folder.past_dir();
    if gate::create_dirs_inside(&folder.root, &dir).is_err() {
        return;
    }
    if let Ok(entries) = gate::list_dir(&dir) {
        let kept: Vec<String> = keep.iter().map(|k| past_name(*k)).collect();
        for (name, kind) in entries {
            let ours = name.len() == 21
                && name.ends_with(".json")
                && name[..16].bytes().all(|b| b.is_ascii_hexdigit());
            if ours && kind.is_file() && !kept.contains(&name) {
                let _ = gate::remove_file_inside(&folder.root, &dir.join(&name));
            }
        }
    }
    folder.write(&past_file(folder, key), value);
}

#[derive(serde::Serialize)]
struct StoredRef<'a> {
    format: u32,
    key: u64,
    read: &'a Read,
}

/// The gaps inside the binary cache, as JSON text: their reasons are an
/// internally tagged enum, which only a self-describing format reads back.
pub(super) mod gaps_as_json {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::history::Gap;

    pub fn serialize<S: Serializer>(gaps: &[Gap], to: S) -> Result<S::Ok, S::Error> {
        serde_json::to_string(gaps)
            .map_err(serde::ser::Error::custom)?
            .serialize(to)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Vec<Gap>, D::Error> {
        let text = String::deserialize(from)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
