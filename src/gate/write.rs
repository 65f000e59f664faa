//! Writing and deleting through the gate: never through a symlink below
//! the folder a write is confined to, and only entries dossier made.
//!
//! Files are opened with `O_NOFOLLOW`, so a symlink at a file's own name
//! fails the open instead of being written through. Each folder between
//! the confining folder and the file is looked at with `symlink_metadata`
//! right before it is used: a symlink there is refused. The window between
//! that look and the use would let a process that already writes into the
//! folder swap a folder for a link; such a process could write the files
//! itself, so the check is race-free enough for what it guards against —
//! a symlink committed to a repository, or left by a pull request.

use std::io::{self, Write as _};
use std::path::{Component, Path};

use super::with_path;

fn refused(path: &Path, why: &str) -> io::Error {
    io::Error::other(format!("cannot write {}: {why}", path.display()))
}

/// Makes sure every folder from `root` down to `dir` is a real folder,
/// not a symlink, creating those that are missing when `create`.
fn folders_below(root: &Path, dir: &Path, create: bool) -> io::Result<()> {
    let rel = dir
        .strip_prefix(root)
        .map_err(|_| refused(dir, "it is outside the folder written to"))?;
    let mut at = root.to_path_buf();
    for part in rel.components() {
        match part {
            Component::Normal(name) => at.push(name),
            Component::CurDir => continue,
            _ => return Err(refused(dir, "the path climbs out of its folder")),
        }
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(refused(&at, "it is a symlink; not followed"));
            }
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(refused(&at, "it is not a folder")),
            Err(e) if e.kind() == io::ErrorKind::NotFound && create => {
                match std::fs::create_dir(&at) {
                    Ok(()) => {}
                    // Made meanwhile by another thread: looked at again.
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                        let meta = std::fs::symlink_metadata(&at)?;
                        if !meta.is_dir() {
                            return Err(refused(&at, "it is not a folder"));
                        }
                    }
                    Err(e) => return Err(with_path(e, "create folder", &at)),
                }
            }
            // Nothing further down exists: nothing there to follow.
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(with_path(e, "read", &at)),
        }
    }
    Ok(())
}

/// Whether `path` below `root` can be written without going through a
/// symlink: every folder on the way is a real folder or missing, and the
/// name is free or a regular file. Nothing is created.
pub fn check_writable(root: &Path, path: &Path) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        folders_below(root, parent, false)?;
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            Err(refused(path, "it is a symlink; not followed"))
        }
        Ok(meta) if !meta.is_file() => Err(refused(path, "it is not a regular file")),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(with_path(e, "read", path)),
    }
}

/// Removes folder `dir` below `root` when it is empty and reached without
/// a symlink (what a failed run made and leaves empty).
pub fn remove_empty_dir_inside(root: &Path, dir: &Path) -> io::Result<()> {
    folders_below(root, dir, false)?;
    std::fs::remove_dir(dir).map_err(|e| with_path(e, "remove", dir))
}

/// Creates `dir` and the folders above it up to `root`, refusing a
/// symlink or a file on the way.
pub fn create_dirs_inside(root: &Path, dir: &Path) -> io::Result<()> {
    folders_below(root, dir, true)
}

/// Creates (or empties) the file at `path`, refusing a symlink at its name.
pub fn create(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            refused(path, "it is a symlink; not followed")
        } else {
            with_path(e, "write", path)
        }
    })
}

/// Writes `bytes` to `path` in a folder dossier made (the staging folder
/// of a build), refusing a symlink at its name.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create(path)?
        .write_all(bytes)
        .map_err(|e| with_path(e, "write", path))
}

/// Writes `bytes` to `path` below `root`, creating the folders between
/// them; a symlink on the way or at the name is refused.
pub fn write_inside(root: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        create_dirs_inside(root, parent)?;
    }
    write(path, bytes)
}

/// Replaces `path` below `root` in one step (a new file renamed into its
/// place), so a reader sees the old bytes or the new, and a symlink at its
/// name is replaced rather than written through.
pub fn replace_inside(root: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = path
        .parent()
        .ok_or_else(|| refused(path, "it has no folder"))?;
    create_dirs_inside(root, parent)?;
    let mut temp =
        tempfile::NamedTempFile::new_in(parent).map_err(|e| with_path(e, "write", parent))?;
    temp.write_all(bytes)
        .map_err(|e| with_path(e, "write", path))?;
    temp.persist(path)
        .map(|_| ())
        .map_err(|e| with_path(e.error, "write", path))
}

/// Removes the file at `path` below `root` when it is a regular file
/// reached without a symlink; anything else is left alone.
pub fn remove_file_inside(root: &Path, path: &Path) -> io::Result<()> {
    let parent = path
        .parent()
        .ok_or_else(|| refused(path, "it has no folder"))?;
    folders_below(root, parent, false)?;
    let meta = std::fs::symlink_metadata(path).map_err(|e| with_path(e, "remove", path))?;
    if !meta.is_file() {
        return Err(refused(path, "not a regular file; not removed"));
    }
    std::fs::remove_file(path).map_err(|e| with_path(e, "remove", path))
}

/// The names in folder `dir` with whether each is a folder (not following
/// symlinks); names that are not UTF-8 are left out.
pub fn list_dir(dir: &Path) -> io::Result<Vec<(String, std::fs::FileType)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| with_path(e, "read", dir))? {
        let entry = entry.map_err(|e| with_path(e, "read", dir))?;
        if let (Ok(name), Ok(kind)) = (entry.file_name().into_string(), entry.file_type()) {
            out.push((name, kind));
        }
    }
    Ok(out)
}

/// Creates a folder dossier writes into and the folders above it (the
/// parent of an output folder the user named).
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path).map_err(|e| with_path(e, "create folder", path))
}

/// Removes a folder dossier made (a staging folder, an old output, a past
/// vault). The standard library's removal does not follow symlinks inside
/// it (since Rust 1.58.1, CVE-2022-21658), and a symlink given as `path`
/// is removed itself.
pub fn remove_dir_all(path: &Path) -> io::Result<()> {
    std::fs::remove_dir_all(path).map_err(|e| with_path(e, "remove", path))
}

pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::rename(from, to).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot move {} to {}: {e}", from.display(), to.display()),
        )
    })
}

/// Copies `from` to `to` when `from`, symlinks resolved, is a regular file
/// inside `root` (canonical): an attachment replaced by a symlink to
/// elsewhere, or by a FIFO, since the vault was read is refused. The bytes
/// are streamed, so a large video is never held whole.
pub fn copy_inside(from: &Path, to: &Path, root: &Path) -> io::Result<u64> {
    let real = from
        .canonicalize()
        .map_err(|e| with_path(e, "copy", from))?;
    if !real.starts_with(root) {
        return Err(io::Error::other(format!(
            "cannot copy {}: it now leads outside the vault",
            from.display()
        )));
    }
    let mut source = super::open_regular(&real)?;
    let mut target = create(to)?;
    io::copy(&mut source, &mut target).map_err(|e| with_path(e, "copy", from))
}

/// An exclusive lock on `file` (a marker dossier wrote), held until the
/// returned file is dropped; `None` when another process holds it.
#[cfg(unix)]
pub fn lock(file: &Path) -> Option<std::fs::File> {
    use std::os::unix::io::AsRawFd;
    let f = super::open_regular(file).ok()?;
    // SAFETY: flock on a descriptor this function owns for the call.
    let locked = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
    locked.then_some(f)
}

#[cfg(not(unix))]
pub fn lock(file: &Path) -> Option<std::fs::File> {
    super::open_regular(file).ok()
}

/// Swaps two folders atomically (`renameat2(RENAME_EXCHANGE)` on Linux).
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated C strings that live across the
    // call; the directory descriptors are AT_FDCWD.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere the caller's two-rename swap is used.
#[cfg(not(target_os = "linux"))]
pub fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other("no atomic exchange here"))
}
