//! Finding the notes and attachments of a vault on disk.
//!
//! What is left out is decided by [`Rules`] (shared with the preview's
//! watcher); symlinks are looked at before anything follows them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::message::IoProblem;
use crate::diagnostics::{Diagnostic, Message, Pos};
use crate::vault::rules::{Entry, Rules, is_markdown};

pub use crate::vault::rules::OUTPUT_MARKER;

/// What the walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// Markdown files: vault-relative path and the path to read.
    pub notes: Vec<(String, PathBuf)>,
    /// Every other file: vault-relative path and the path to copy from.
    pub assets: Vec<(String, PathBuf)>,
    /// Every folder that was walked, vault-relative (`""` is the root).
    pub folders: BTreeSet<String>,
    /// Notes in Obsidian's note template folders: named, never read.
    pub template_notes: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Vault-relative path with `/` separators, or `None` for a non-UTF-8 name.
/// Names are taken in NFC, the form keyboards type: macOS, iCloud and
/// Dropbox write them decomposed (NFD), and `[[Café]]` must still find
/// `Café.md`. The file is read where it really is.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut out = String::new();
    for part in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part.as_os_str().to_str()?);
    }
    Some(crate::text::nfc(out))
}

fn lossy_relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

pub fn walk(root: &Path, rules: &Rules) -> Found {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut found = Found::default();
    found.folders.insert(String::new());

    let mut walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| lossy_relative(root, p))
                    .unwrap_or_default();
                let io = err.io_error().map_or_else(
                    || IoProblem::Other {
                        detail: err.to_string(),
                    },
                    IoProblem::of,
                );
                found.diagnostics.push(Diagnostic::new(
                    &path,
                    Pos::new(1, 1),
                    Message::FileUnreadable { io },
                ));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let is_dir = entry.file_type().is_dir();
        // Hidden entries are left out before their names are even read.
        if name.starts_with('.') {
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        let Some(rel) = relative(root, path) else {
            found.diagnostics.push(Diagnostic::new(
                &lossy_relative(root, path),
                Pos::new(1, 1),
                Message::NameNotUtf8,
            ));
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        };
        let left_out = rules.leaves_out(&Entry {
            rel: &rel,
            name: &name,
            path,
            is_dir,
        });
        if left_out {
            if !is_dir && rules.is_note_template(&rel, &name) {
                found.template_notes.push(rel);
                continue;
            }
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() {
            visit_symlink(&canonical_root, path, &rel, &name, &mut found);
            continue;
        }
        if is_dir {
            found.folders.insert(rel);
        } else if !entry.file_type().is_file() {
            // A FIFO would block a read forever; sockets and devices fail.
            if is_markdown(&name) {
                found.diagnostics.push(Diagnostic::new(
                    &rel,
                    Pos::new(1, 1),
                    Message::NotRegularFile,
                ));
            }
        } else if is_markdown(&name) {
            found.notes.push((rel, path.to_path_buf()));
        } else {
            found.assets.push((rel, path.to_path_buf()));
        }
    }
    drop_same_names(&mut found.notes, &mut found.diagnostics);
    drop_same_names(&mut found.assets, &mut found.diagnostics);
    found
}

/// Two files whose names differ only in how their accents are encoded
/// (one NFC, one NFD) are one name: the first is read, the second
/// reported.
fn drop_same_names(files: &mut Vec<(String, PathBuf)>, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    files.retain(|(rel, _)| {
        if seen.insert(rel.clone()) {
            return true;
        }
        diagnostics.push(Diagnostic::new(rel, Pos::new(1, 1), Message::NfcTwin));
        false
    });
}

/// A symlink is followed only when it is a file that stays inside the vault;
/// links that leave the vault or loop are reported and left alone.
fn visit_symlink(canonical_root: &Path, path: &Path, rel: &str, name: &str, found: &mut Found) {
    match path.canonicalize() {
        Err(err) => {
            let looped = err.raw_os_error() == Some(40); // ELOOP
            let message = if looped {
                Message::SymlinkLoop
            } else {
                Message::SymlinkBroken {
                    io: IoProblem::of(&err),
                }
            };
            found
                .diagnostics
                .push(Diagnostic::new(rel, Pos::new(1, 1), message));
        }
        Ok(target) if !target.starts_with(canonical_root) => {
            let target = std::fs::read_link(path).unwrap_or(target);
            found.diagnostics.push(Diagnostic::new(
                rel,
                Pos::new(1, 1),
                Message::SymlinkOutside {
                    target: target.display().to_string(),
                },
            ));
        }
        Ok(target) if target.is_dir() => {
            let parent = path
                .parent()
                .and_then(|p| p.canonicalize().ok())
                .unwrap_or_default();
            let message = if parent.starts_with(&target) {
                Message::SymlinkLoopFolder
            } else {
                Message::SymlinkFolder
            };
            found
                .diagnostics
                .push(Diagnostic::new(rel, Pos::new(1, 1), message));
        }
        // A symlink to a FIFO, a socket or a device: reading it could block
        // forever.
        Ok(target) if !target.is_file() => {
            found.diagnostics.push(Diagnostic::new(
                rel,
                Pos::new(1, 1),
                Message::SymlinkNotRegular,
            ));
        }
        Ok(target) => {
            if is_markdown(name) {
                found.notes.push((rel.to_owned(), target));
            } else {
                found.assets.push((rel.to_owned(), target));
            }
        }
    }
}
