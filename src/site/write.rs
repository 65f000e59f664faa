//! Putting a built site on disk atomically: everything is written into a
//! fresh folder beside the target, which then takes the target's place.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::{Input, PageSink, RenderError};
use crate::gate;
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
        let empty = is_empty_dir(&out);
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
        let rendered = super::render(input, templates, &sink);
        let (files, write_error) = sink.finish();
        // The write's own error says which file; the renderer only heard
        // that writing had stopped.
        match (rendered, write_error) {
            (_, Some(e)) => Err(e),
            (Ok(copies), None) => {
                let root = vault.canonicalize().unwrap_or_else(|_| vault.to_path_buf());
                copy_all(&copies, dir, &root)?;
                Ok(files + copies.len())
            }
            (Err(RenderError::Io(e)), None) => Err(e),
            (Err(RenderError::Template(e)), None) => {
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
            gate::create_dir_all(parent)?;
        }
        gate::copy_inside(from, &to, root).map(|_| ())
    })
}

/// How many rendered pages may wait to be written before the thread that
/// rendered the next one waits its turn to write: enough to keep the
/// writing thread busy, few enough that waiting pages hold a megabyte or
/// two.
const WAITING_PAGES: usize = 64;

/// Writes pages under a folder, creating sub-folders on first use, one
/// thread at a time. Creating a file locks its folder, and most pages go
/// into one folder (`clients/`): two threads creating files there take
/// turns anyway, the one that waits spinning on the lock (7.5% of a
/// 10,000-client build's profile on ext4, bench/NOTES.md). So a rendered
/// page joins a queue, and the thread that finds no one writing writes
/// the queue out while the others go on rendering.
struct DirSink<'a> {
    dir: &'a Path,
    waiting: Mutex<VecDeque<(PathBuf, Vec<u8>)>>,
    /// Held by the thread writing the queue out.
    writing: Mutex<()>,
    /// The first write that failed: rendering stops.
    failure: Mutex<Option<std::io::Error>>,
    failed: AtomicBool,
    written: AtomicUsize,
    on_write: &'a (dyn Fn() + Sync),
}

impl<'a> DirSink<'a> {
    fn new(dir: &'a Path, on_write: &'a (dyn Fn() + Sync)) -> Self {
        DirSink {
            dir,
            waiting: Mutex::new(VecDeque::new()),
            writing: Mutex::new(()),
            failure: Mutex::new(None),
            failed: AtomicBool::new(false),
            written: AtomicUsize::new(0),
            on_write,
        }
    }

    /// Writes the waiting pages out until none is left; the caller holds
    /// `writing`.
    fn write_waiting(&self) {
        loop {
            let next = self
                .waiting
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop_front();
            let Some((target, bytes)) = next else {
                return;
            };
            if self.failed.load(Ordering::Relaxed) {
                continue;
            }
            match write_page(&target, &bytes) {
                Ok(()) => {
                    self.written.fetch_add(1, Ordering::Relaxed);
                    (self.on_write)();
                }
                Err(e) => {
                    self.failed.store(true, Ordering::Relaxed);
                    self.failure
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .get_or_insert(e);
                }
            }
        }
    }

    /// The turn to write: waited for, or only taken when free.
    fn take_turn(&self, wait: bool) -> Option<std::sync::MutexGuard<'_, ()>> {
        if wait {
            return Some(self.writing.lock().unwrap_or_else(|e| e.into_inner()));
        }
        match self.writing.try_lock() {
            Ok(turn) => Some(turn),
            Err(std::sync::TryLockError::Poisoned(e)) => Some(e.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Writes what still waits; returns how many files were written and
    /// the first error.
    fn finish(self) -> (usize, Option<std::io::Error>) {
        {
            let _turn = self.writing.lock().unwrap_or_else(|e| e.into_inner());
            self.write_waiting();
        }
        let failure = self.failure.into_inner().unwrap_or_else(|e| e.into_inner());
        (self.written.load(Ordering::Relaxed), failure)
    }
}

/// Writes one page, creating its folder the first time one is missing.
fn write_page(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match gate::write(target, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = target.parent() {
                gate::create_dir_all(parent)?;
            }
            gate::write(target, bytes)
        }
        written => written,
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
            gate::create_dir_all(parent)?;
        }
        let file = gate::create(&target)?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        std::io::Write::flush(&mut out)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        (self.on_write)();
        Ok(())
    }

    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let stopped = || std::io::Error::other("writing the site stopped");
        if self.failed.load(Ordering::Relaxed) {
            return Err(stopped());
        }
        let queued = {
            let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
            waiting.push_back((self.dir.join(path), bytes));
            waiting.len()
        };
        // With a long queue this thread waits its turn; otherwise it writes
        // only if no one else is writing (who then writes this page too).
        let mut wait = queued > WAITING_PAGES;
        while let Some(turn) = self.take_turn(wait) {
            self.write_waiting();
            drop(turn);
            // A page queued while this thread still held its turn, by a
            // thread that found it taken, is written by the next turn.
            let empty = self
                .waiting
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty();
            if empty {
                break;
            }
            wait = false;
        }
        if self.failed.load(Ordering::Relaxed) {
            return Err(stopped());
        }
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
    gate::create_dir_all(parent).map_err(OutputError::Io)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    remove_stale_staging(parent, &name);
    let staging =
        gate::temp::staging_dir(parent, &format!(".{name}.dossier-new-")).map_err(|e| {
            OutputError::Io(std::io::Error::new(
                e.kind(),
                format!("cannot create a folder in {}: {e}", parent.display()),
            ))
        })?;
    gate::write(&staging.path().join(OUTPUT_MARKER), MARKER_TEXT.as_bytes())
        .map_err(OutputError::Io)?;
    // Held while this build fills the folder: a build beside it never takes
    // it for the leftover of a killed one.
    let _in_use = gate::lock(&staging.path().join(OUTPUT_MARKER));
    // Dropping `staging` on an error removes the half-written folder.
    let written = fill(staging.path()).map_err(OutputError::Io)?;
    let staging = staging.keep();
    // Where the OS can swap two folders in one step, the output is never
    // missing, not even for an instant.
    if out.is_dir() && gate::exchange(&staging, &out).is_ok() {
        if staging.join(OUTPUT_MARKER).is_file() || is_empty_dir(&staging) {
            let _ = gate::remove_dir_all(&staging);
        }
        return Ok(written);
    }
    let old = parent.join(format!(".{name}.dossier-old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old && let Err(e) = gate::rename(&out, &old) {
        let _ = gate::remove_dir_all(&staging);
        return Err(OutputError::Io(e));
    }
    if let Err(e) = gate::rename(&staging, &out) {
        if had_old {
            let _ = gate::rename(&old, &out);
        }
        let _ = gate::remove_dir_all(&staging);
        return Err(OutputError::Io(e));
    }
    if had_old && (old.join(OUTPUT_MARKER).is_file() || is_empty_dir(&old)) {
        let _ = gate::remove_dir_all(&old);
    }
    Ok(written)
}

/// Removes what an interrupted build of this output left beside it: its
/// staging folders (`.NAME.dossier-new-*`) and old outputs
/// (`.NAME.dossier-old-*`), each only when it carries dossier's marker.
fn remove_stale_staging(parent: &Path, name: &str) {
    let Ok(entries) = gate::list_dir(parent) else {
        return;
    };
    let new = format!(".{name}.dossier-new-");
    let old = format!(".{name}.dossier-old-");
    for (file_name, kind) in entries {
        let ours = file_name.starts_with(&new) || file_name.starts_with(&old);
        let path = parent.join(&file_name);
        let marker = path.join(OUTPUT_MARKER);
        // Locked: a build running now is filling it.
        if ours && kind.is_dir() && marker.is_file() && gate::lock(&marker).is_some() {
            let _ = gate::remove_dir_all(&path);
        }
    }
}

fn is_empty_dir(path: &Path) -> bool {
    gate::list_dir(path).is_ok_and(|d| d.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_that_cannot_be_written_stops_the_writing_and_is_named() {
        let dir = tempfile::tempdir().unwrap();
        // A file where a page's folder would go.
        std::fs::write(dir.path().join("taken"), "not a folder").unwrap();
        let heard = AtomicUsize::new(0);
        let on_write = || {
            heard.fetch_add(1, Ordering::Relaxed);
        };
        let sink = DirSink::new(dir.path(), &on_write);
        sink.put("a/one.html", b"one".to_vec()).unwrap();
        assert!(sink.put("taken/two.html", b"two".to_vec()).is_err());
        assert!(sink.put("three.html", b"three".to_vec()).is_err());
        let (files, error) = sink.finish();
        assert_eq!(files, 1);
        let error = error.expect("the failed write is reported");
        assert!(error.to_string().contains("taken/two.html"), "{error}");
        assert_eq!(heard.load(Ordering::Relaxed), 1);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a/one.html")).unwrap(),
            "one"
        );
        assert!(!dir.path().join("three.html").exists());
    }

    #[test]
    fn every_page_put_from_many_threads_is_written_once_finished() {
        let dir = tempfile::tempdir().unwrap();
        let heard = AtomicUsize::new(0);
        let on_write = || {
            heard.fetch_add(1, Ordering::Relaxed);
        };
        let pages: Vec<String> = (0..2000).map(|i| format!("f{}/p{i}.html", i % 7)).collect();
        let sink = DirSink::new(dir.path(), &on_write);
        std::thread::scope(|scope| {
            for part in pages.chunks(500) {
                let sink = &sink;
                scope.spawn(move || {
                    for p in part {
                        sink.put(p, p.clone().into_bytes()).unwrap();
                    }
                });
            }
        });
        sink.put_streamed("streamed.csv", &mut |out| out.write_all(b"a,b\n"))
            .unwrap();
        let (files, error) = sink.finish();
        assert!(error.is_none(), "{error:?}");
        assert_eq!(files, 2001);
        assert_eq!(heard.load(Ordering::Relaxed), 2001);
        for p in &pages {
            assert_eq!(std::fs::read_to_string(dir.path().join(p)).unwrap(), *p);
        }
    }
}
