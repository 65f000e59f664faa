//! Folders dossier makes for a run and removes after it: readable by the
//! user alone (`0700`), and removed on every way out — an error, the end of
//! the run, and Ctrl-C or a `kill`, which would otherwise skip the
//! destructors and leave a copy of the vault, private notes included, in
//! the temporary folder.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The folders alive now, removed by the signal thread before it ends the
/// run.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Whether the signal thread ends the run after removing them; the preview
/// stops by itself and says so.
static EXIT_ON_SIGNAL: AtomicBool = AtomicBool::new(true);

/// A folder of the user's alone, removed when dropped or when the run is
/// interrupted.
pub struct PrivateDir {
    dir: Option<tempfile::TempDir>,
}

impl PrivateDir {
    pub fn path(&self) -> &Path {
        self.dir.as_ref().map_or(Path::new(""), |d| d.path())
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let path = dir.path().to_path_buf();
            let _ = dir.close();
            let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
            live.retain(|p| *p != path);
        }
    }
}

/// A new folder `PREFIX…` in the temporary folder, `0700`.
pub fn private_dir(prefix: &str) -> io::Result<PrivateDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    // Made and listed under the lock, so that a signal thread removing
    // the live folders never misses one being made.
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    let dir = builder.tempdir()?;
    live.push(dir.path().to_path_buf());
    Ok(PrivateDir { dir: Some(dir) })
}

/// A new folder `PREFIX…` inside `parent` (a build's staging folder beside
/// its output), removed when dropped unless kept.
pub fn staging_dir(parent: &Path, prefix: &str) -> io::Result<tempfile::TempDir> {
    tempfile::Builder::new().prefix(prefix).tempdir_in(parent)
}

/// From now on Ctrl-C, `SIGTERM` and `SIGHUP` remove the folders of
/// [`private_dir`] before the run ends (exit 130 for Ctrl-C, 128 + the
/// signal otherwise). The binary calls it first thing.
pub fn remove_on_signal() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
                    remove_all(std::mem::take(&mut *live));
                    if EXIT_ON_SIGNAL.load(Ordering::SeqCst) {
                        // The lock is held to the end: no folder can be
                        // made after the last was removed.
                        std::process::exit(128 + signal);
                    }
                }
            });
    }
}

/// The preview stops by itself on Ctrl-C; the signal thread then only
/// removes the folders.
pub fn stop_by_itself_on_signal() {
    EXIT_ON_SIGNAL.store(false, Ordering::SeqCst);
}

/// Removes folders while other threads may still be writing into them:
/// each is first moved aside in one step, so that a writer finds its
/// folder gone (and fails) instead of making it again.
fn remove_all(live: Vec<PathBuf>) {
    for path in live {
        let mut aside = path.clone().into_os_string();
        aside.push(".removed");
        let aside = PathBuf::from(aside);
        let gone = if super::rename(&path, &aside).is_ok() {
            aside
        } else {
            path
        };
        // A file being made as the folder moved may land after the first
        // pass; the writers fail from then on, so a few passes suffice.
        for _ in 0..5 {
            if super::remove_dir_all(&gone).is_ok() || !gone.exists() {
                break;
            }
        }
    }
}
