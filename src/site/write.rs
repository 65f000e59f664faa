//! Putting a built site on disk atomically: everything is written into a
//! fresh folder beside the target, which then takes the target's place.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Input, PageSink, RenderError};
use crate::fsutil;
use crate::render::templates::{TemplateError, Templates};
use crate::vault::rules::OUTPUT_MARKER;

const MARKER_TEXT: &str =
    "This folder is written by `dossier build` and replaced whole on every build.\n";

#[derive(Debug)]
pub enum OutputError {
    /// The folder may not be used (exit 2): it is the vault, holds the
    /// vault, or holds files dossier did not write.
    Refused(String),
    /// Writing failed; the previous output is untouched.
    Io(std::io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Refused(m) => f.write_str(m),
            OutputError::Io(e) => write!(f, "{e}"),
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `output` may be written to for the vault at `vault`.
pub fn check_output(output: &Path, vault: &Path) -> Result<(), OutputError> {
    let out = absolute(output);
    let out_real = out.canonicalize().unwrap_or_else(|_| out.clone());
    let vault_real = vault.canonicalize().unwrap_or_else(|_| absolute(vault));
    if vault_real.starts_with(&out_real) {
        return Err(OutputError::Refused(format!(
            "{}: the output folder would be the vault or hold it; choose another with -o",
            output.display()
        )));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(OutputError::Refused(format!(
                "{}: exists and is not a folder",
                output.display()
            )));
        }
        let ours = out.join(OUTPUT_MARKER).is_file();
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !ours && !empty {
            return Err(OutputError::Refused(format!(
                "{}: the folder is not empty and was not written by dossier; refusing to replace it",
                output.display()
            )));
        }
    }
    Ok(())
}

/// Renders the site straight into a staging folder and swaps it in: pages
/// go to disk as they are rendered instead of waiting in memory.
/// `written` hears of every file written, for a progress line.
pub fn write_rendered(
    input: Input,
    templates: &Templates,
    output: &Path,
    vault: &Path,
    written: &(dyn Fn() + Sync),
) -> Result<usize, WriteError> {
    let mut template_error = None;
    let _t = crate::timings::stage("render and write");
    let result = stage_and_swap(output, vault, |dir| {
        let sink = DirSink::new(dir, written);
        match super::render(input, templates, &sink) {
            Ok(copies) => {
                let root = vault.canonicalize().unwrap_or_else(|_| vault.to_path_buf());
                copy_all(&copies, dir, &root)?;
                Ok(sink.count() + copies.len())
            }
            Err(RenderError::Io(e)) => Err(e),
            Err(RenderError::Template(e)) => {
                template_error = Some(e);
                Err(std::io::Error::other("a template failed"))
            }
        }
    });
    match (result, template_error) {
        (_, Some(e)) => Err(WriteError::Template(e)),
        (Ok(n), None) => Ok(n),
        (Err(e), None) => Err(WriteError::Output(e)),
    }
}

/// Why `write_rendered` wrote nothing.
#[derive(Debug)]
pub enum WriteError {
    Template(TemplateError),
    Output(OutputError),
}

/// Copies the attachments, each only if it is still a regular file inside
/// the vault (`root`, canonical).
fn copy_all(copies: &BTreeMap<String, PathBuf>, dir: &Path, root: &Path) -> std::io::Result<()> {
    copies.par_iter().try_for_each(|(path, from)| {
        let to = dir.join(path);
        if let Some(parent) = to.parent() {
            fsutil::create_dir_all(parent)?;
        }
        fsutil::copy_regular_inside(from, &to, root).map(|_| ())
    })
}

/// Writes pages under a folder, creating sub-folders on first use.
struct DirSink<'a> {
    dir: &'a Path,
    written: AtomicUsize,
    on_write: &'a (dyn Fn() + Sync),
}

impl<'a> DirSink<'a> {
    fn new(dir: &'a Path, on_write: &'a (dyn Fn() + Sync)) -> Self {
        DirSink {
            dir,
            written: AtomicUsize::new(0),
            on_write,
        }
    }

    fn count(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }
}

impl PageSink for DirSink<'_> {
    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            fsutil::create_dir_all(parent)?;
        }
        let file = std::fs::File::create(&target).map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot write {}: {e}", target.display()))
        })?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        std::io::Write::flush(&mut out)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        (self.on_write)();
        Ok(())
    }

    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let target = self.dir.join(path);
        if let Err(e) = std::fs::write(&target, &bytes) {
            if e.kind() != std::io::ErrorKind::NotFound {
                return Err(e);
            }
            if let Some(parent) = target.parent() {
                fsutil::create_dir_all(parent)?;
            }
            fsutil::write(&target, &bytes)?;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        (self.on_write)();
        Ok(())
    }
}

/// Fills a fresh folder beside `output` with `fill`, then swaps it into
/// `output`'s place. On any failure the previous output stays as it was.
fn stage_and_swap(
    output: &Path,
    vault: &Path,
    fill: impl FnOnce(&Path) -> std::io::Result<usize>,
) -> Result<usize, OutputError> {
    check_output(output, vault)?;
    // `-o` naming a symlink to the output: the folder it leads to is the one
    // replaced, and the symlink stays.
    let out = match std::fs::symlink_metadata(output) {
        Ok(meta) if meta.file_type().is_symlink() => output.canonicalize().map_err(|e| {
            OutputError::Io(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", output.display()),
            ))
        })?,
        _ => absolute(output),
    };
    let parent = out.parent().ok_or_else(|| {
        OutputError::Refused(format!("{}: has no parent folder", output.display()))
    })?;
    fsutil::create_dir_all(parent).map_err(OutputError::Io)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    remove_stale_staging(parent, &name);
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.dossier-new-"))
        .tempdir_in(parent)
        .map_err(|e| {
            OutputError::Io(std::io::Error::new(
                e.kind(),
                format!("cannot create a folder in {}: {e}", parent.display()),
            ))
        })?;
    fsutil::write(&staging.path().join(OUTPUT_MARKER), MARKER_TEXT.as_bytes())
        .map_err(OutputError::Io)?;
    // Held while this build fills the folder: a build beside it never takes
    // it for the leftover of a killed one.
    let _in_use = lock(&staging.path().join(OUTPUT_MARKER));
    // Dropping `staging` on an error removes the half-written folder.
    let written = fill(staging.path()).map_err(OutputError::Io)?;
    let staging = staging.keep();
    // Where the OS can swap two folders in one step, the output is never
    // missing, not even for an instant.
    if out.is_dir() && exchange(&staging, &out).is_ok() {
        if staging.join(OUTPUT_MARKER).is_file() || is_empty_dir(&staging) {
            let _ = fsutil::remove_dir_all(&staging);
        }
        return Ok(written);
    }
    let old = parent.join(format!(".{name}.dossier-old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old && let Err(e) = fsutil::rename(&out, &old) {
        let _ = fsutil::remove_dir_all(&staging);
        return Err(OutputError::Io(e));
    }
    if let Err(e) = fsutil::rename(&staging, &out) {
        if had_old {
            let _ = fsutil::rename(&old, &out);
        }
        let _ = fsutil::remove_dir_all(&staging);
        return Err(OutputError::Io(e));
    }
    if had_old && (old.join(OUTPUT_MARKER).is_file() || is_empty_dir(&old)) {
        let _ = fsutil::remove_dir_all(&old);
    }
    Ok(written)
}

/// An exclusive lock on `file`, held until the returned file is dropped;
/// `None` when another process holds it (or locks are not available).
#[cfg(unix)]
fn lock(file: &Path) -> Option<std::fs::File> {
    use std::os::unix::io::AsRawFd;
    let f = std::fs::File::open(file).ok()?;
    // SAFETY: flock on a descriptor this function owns for the call.
    let locked = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
    locked.then_some(f)
}

#[cfg(not(unix))]
fn lock(file: &Path) -> Option<std::fs::File> {
    std::fs::File::open(file).ok()
}

/// Swaps two folders atomically (`renameat2(RENAME_EXCHANGE)` on Linux).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
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
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere the two-rename swap below is used.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange here"))
}

/// Removes what an interrupted build of this output left beside it: its
/// staging folders (`.NAME.dossier-new-*`) and old outputs
/// (`.NAME.dossier-old-*`), each only when it carries dossier's marker.
fn remove_stale_staging(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let new = format!(".{name}.dossier-new-");
    let old = format!(".{name}.dossier-old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let ours = file_name.starts_with(&new) || file_name.starts_with(&old);
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let marker = path.join(OUTPUT_MARKER);
        // Locked: a build running now is filling it.
        if ours && is_dir && marker.is_file() && lock(&marker).is_some() {
            let _ = fsutil::remove_dir_all(&path);
        }
    }
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}
