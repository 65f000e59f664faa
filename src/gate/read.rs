//! Reading through the gate: regular files only, each under a bound, and
//! only inside the folder a caller names.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::with_path;

/// Why the gate handed over no bytes.
#[derive(Debug)]
pub enum Refused {
    /// The path, symlinks resolved, leads outside the folder it must stay
    /// in: where it leads.
    Outside(PathBuf),
    /// A FIFO, a socket, a device or a folder.
    NotRegular,
    /// More bytes than the bound: the size, and the bound.
    TooLarge(u64, u64),
    Io(io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Outside(to) => write!(
                f,
                "it leads outside the vault (to {}); it is not read",
                to.display()
            ),
            Refused::NotRegular => f.write_str("not a regular file; it is not read"),
            Refused::TooLarge(size, max) => write!(
                f,
                "the file is {size} bytes, over the limit of {max}; it is not read"
            ),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for Refused {
    fn from(e: io::Error) -> Refused {
        if e.raw_os_error() == Some(libc::ELOOP) {
            // `O_NOFOLLOW` met a symlink that appeared after the path was
            // resolved: not read, as one that leads out.
            return Refused::NotRegular;
        }
        Refused::Io(e)
    }
}

/// Opens `path` for reading only when it is a regular file, without
/// following a symlink at its last step. A FIFO would block a plain
/// `open` until something writes to it, so the file is opened without
/// waiting, then looked at: a FIFO, a socket or a device is refused. With
/// the file, its size from the same `fstat`.
fn open_checked(path: &Path, follow: bool) -> Result<(std::fs::File, u64), Refused> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Refused::NotRegular);
    }
    Ok((file, meta.len()))
}

/// At most `max` bytes of an open file whose `fstat` said `size`; a file
/// that grows past `max` while it is read is still refused.
fn read_bounded(file: std::fs::File, size: u64, max: u64) -> Result<Vec<u8>, Refused> {
    if size > max {
        return Err(Refused::TooLarge(size, max));
    }
    // One byte more than the size, so that the end is seen in the first
    // pass; never more than one past the limit.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooLarge(bytes.len() as u64, max));
    }
    Ok(bytes)
}

/// The bytes of `path` when, with every symlink resolved, it is a regular
/// file inside `root` (canonical) of at most `max` bytes. The resolved
/// path is opened without following a symlink, so a link swapped in after
/// the check is refused rather than followed.
pub fn read_inside(root: &Path, path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    let real = path.canonicalize()?;
    if !real.starts_with(root) {
        return Err(Refused::Outside(real));
    }
    let (file, size) = open_checked(&real, false)?;
    read_bounded(file, size, max)
}

/// The bytes of a file the user named outside the vault (`--config`) or
/// of the system's (`/proc/self/status`): a regular file of at most `max`
/// bytes, wherever it is.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    let (file, size) = open_checked(path, true)?;
    read_bounded(file, size, max)
}

/// What [`read_regular_bounded`] found.
pub enum Bounded {
    Bytes(Vec<u8>),
    /// The file holds more than the limit: its size, unread.
    TooLarge(u64),
}

/// The bytes of a note or attachment whose place the vault's walk has
/// already checked (`path` is inside the vault, or the resolved target of
/// a symlink that stays inside it): a regular file of at most `max` bytes,
/// opened without following a symlink at its last step. A note costs one
/// `open`, one `fstat` and its reads.
pub fn read_regular_bounded(path: &Path, max: u64) -> io::Result<Bounded> {
    let refused = |r: Refused| match r {
        Refused::Io(e) => e,
        other => io::Error::other(other.to_string()),
    };
    match open_checked(path, false).and_then(|(file, size)| read_bounded(file, size, max)) {
        Ok(bytes) => Ok(Bounded::Bytes(bytes)),
        Err(Refused::TooLarge(size, _)) => Ok(Bounded::TooLarge(size)),
        Err(other) => Err(refused(other)),
    }
}

/// Opens a file whose place was checked, for streaming (see
/// [`read_regular_bounded`]); the error names the path.
pub(super) fn open_regular(path: &Path) -> io::Result<std::fs::File> {
    open_checked(path, false)
        .map(|(file, _)| file)
        .map_err(|r| match r {
            Refused::Io(e) => with_path(e, "read", path),
            other => io::Error::other(format!("cannot read {}: {other}", path.display())),
        })
}

/// One of Obsidian's settings files of a vault (`.obsidian/app.json`),
/// read as JSON; `None` when it is missing, leads outside the vault, is not
/// a regular file, is over [`super::SETTINGS_MAX_BYTES`] or is not JSON
/// (Obsidian's defaults then hold).
pub fn read_setting(vault: &Path, file: &str) -> Option<serde_json::Value> {
    let root = vault.canonicalize().ok()?;
    let path = root.join(".obsidian").join(file);
    let bytes = read_inside(&root, &path, super::SETTINGS_MAX_BYTES).ok()?;
    serde_json::from_slice(&bytes).ok()
}
