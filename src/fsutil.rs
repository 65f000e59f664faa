//! File-system calls whose errors name the path they were about.

use std::io;
use std::path::Path;

fn with_path(err: io::Error, action: &str, path: &Path) -> io::Error {
    io::Error::new(
        err.kind(),
        format!("cannot {action} {}: {err}", path.display()),
    )
}

/// One of Obsidian's settings files of a vault (`.obsidian/app.json`),
/// read as JSON; `None` when it is missing, not a regular file, larger
/// than 1 MiB or not JSON (Obsidian's defaults then hold).
pub fn obsidian_setting(vault: &Path, file: &str) -> Option<serde_json::Value> {
    let path = vault.join(".obsidian").join(file);
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 1 << 20 {
        return None;
    }
    let bytes = read_regular_bytes(&path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| with_path(e, "read", path))
}

/// Opens `path` for reading only when it is a regular file. A FIFO would
/// block a plain `open` until something writes to it, so the file is opened
/// without waiting, then looked at: a FIFO, a socket or a device is refused.
pub fn open_regular(path: &Path) -> io::Result<std::fs::File> {
    open_regular_unnamed(path).map_err(|e| with_path(e, "read", path))
}

fn open_regular_unnamed(path: &Path) -> io::Result<std::fs::File> {
    open_regular_with_size(path).map(|(file, _)| file)
}

/// The opened regular file and its size, from the one `fstat` that tells
/// whether it is regular.
fn open_regular_with_size(path: &Path) -> io::Result<(std::fs::File, u64)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok((file, meta.len()))
}

/// What [`read_regular_bounded`] found.
pub enum Bounded {
    Bytes(Vec<u8>),
    /// The file holds more than the limit: its size, unread.
    TooLarge(u64),
}

/// The bytes of `path` when it is a regular file of at most `max` bytes.
/// The size comes from the open file itself, so a note costs one `open`,
/// one `fstat` and its reads; a file that grows past `max` while it is read
/// is still refused.
pub fn read_regular_bounded(path: &Path, max: u64) -> io::Result<Bounded> {
    use std::io::Read;
    let (file, size) = open_regular_with_size(path)?;
    if size > max {
        return Ok(Bounded::TooLarge(size));
    }
    // One byte more than the size, so that the end is seen in the first
    // pass; never more than one past the limit.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok(Bounded::TooLarge(bytes.len() as u64));
    }
    Ok(Bounded::Bytes(bytes))
}

/// The bytes of `path`, when it is a regular file (see [`open_regular`]).
/// The error does not name the path: the caller's message does (a
/// diagnostic names the note by its place in the vault).
pub fn read_regular_bytes(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open_regular_unnamed(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether `path`, with every symlink on the way resolved, is inside
/// `root` (itself canonical).
pub fn is_inside(path: &Path, root: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| p.starts_with(root))
}

/// Copies `from` to `to` when `from` is a regular file inside `root`
/// (canonical): an attachment replaced by a symlink to elsewhere, or by a
/// FIFO, since the vault was read is refused.
pub fn copy_regular_inside(from: &Path, to: &Path, root: &Path) -> io::Result<u64> {
    if !is_inside(from, root) {
        return Err(io::Error::other(format!(
            "cannot copy {}: it now leads outside the vault",
            from.display()
        )));
    }
    let mut source = open_regular(from)?;
    let mut target = std::fs::File::create(to).map_err(|e| with_path(e, "write", to))?;
    std::io::copy(&mut source, &mut target).map_err(|e| with_path(e, "copy", from))
}

pub fn read_to_string(path: &Path) -> io::Result<String> {
    std::fs::read_to_string(path).map_err(|e| with_path(e, "read", path))
}

pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(path, bytes).map_err(|e| with_path(e, "write", path))
}

pub fn create_dir_all(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path).map_err(|e| with_path(e, "create folder", path))
}

pub fn copy(from: &Path, to: &Path) -> io::Result<u64> {
    std::fs::copy(from, to).map_err(|e| with_path(e, "copy", from))
}

pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::rename(from, to).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot move {} to {}: {e}", from.display(), to.display()),
        )
    })
}

pub fn remove_dir_all(path: &Path) -> io::Result<()> {
    std::fs::remove_dir_all(path).map_err(|e| with_path(e, "remove", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_read_takes_a_file_at_the_limit_and_refuses_one_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        std::fs::write(&path, "12345").unwrap();
        assert!(
            matches!(read_regular_bounded(&path, 5).unwrap(), Bounded::Bytes(b) if b == b"12345")
        );
        assert!(matches!(
            read_regular_bounded(&path, 4).unwrap(),
            Bounded::TooLarge(5)
        ));
        assert!(
            read_regular_bounded(dir.path(), 5).is_err(),
            "a folder is not a regular file"
        );
    }
}
