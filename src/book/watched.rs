//! What the preview asks the book about the files it watches and the pages
//! it serves: what a changed path means, which pages a rename moves, and
//! which notes may keep their last good page. The server asks the book;
//! the vault and the model stay the book's.

use std::path::Path;

use super::Book;
use crate::diagnostics::Diagnostic;
use crate::vault::rules::PathKind;

/// What a path the watcher reports means for the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    /// Not the vault's (hidden, ignored, the output).
    Nothing,
    Config,
    Templates,
    /// A note the book has, saved in place: read again alone.
    Note(String),
    /// An attachment the book has, saved in place: read when served.
    Attachment,
    /// A file or folder that comes or goes: the vault's shape changes.
    Shape,
}

impl Book {
    /// Whether a change of `path` may concern the book (it is not hidden,
    /// ignored or the output).
    pub fn watches(&self, path: &Path) -> bool {
        self.rules().classify(path) != PathKind::Ignore
    }

    /// What the change of `path` means for the book.
    pub fn touched(&self, path: &Path) -> Touched {
        let vault = &self.model().vault;
        let rel = crate::vault::walk::relative(self.vault(), path);
        // A file replaced by a symlink (or a FIFO) is not saved in place:
        // the walk decides again what it is.
        let regular = || path.symlink_metadata().is_ok_and(|m| m.is_file());
        match self.rules().classify(path) {
            PathKind::Ignore => Touched::Nothing,
            PathKind::Config => Touched::Config,
            PathKind::Templates => Touched::Templates,
            PathKind::Note => match rel {
                Some(rel) if regular() && vault.note_index(&rel).is_some() => Touched::Note(rel),
                // A note that was never read and is gone again.
                Some(rel) if !path.exists() && vault.note_index(&rel).is_none() => Touched::Nothing,
                _ => Touched::Shape,
            },
            PathKind::Other => match rel {
                Some(rel) if regular() && vault.assets.contains_key(&rel) => Touched::Attachment,
                _ => Touched::Shape,
            },
        }
    }

    /// The vault-relative paths of a rename from `from` to `to`, when
    /// what moved is the vault's.
    pub fn renamed(&self, from: &Path, to: &Path) -> Option<(String, String)> {
        if self.rules().classify(from) == PathKind::Ignore {
            return None;
        }
        Some((
            crate::vault::walk::relative(self.vault(), from)?,
            crate::vault::walk::relative(self.vault(), to)?,
        ))
    }

    /// The note whose page is at `page`, if any.
    fn note_of_page(&self, page: &str) -> Option<usize> {
        [".note.html", ".html"]
            .iter()
            .find_map(|suffix| page.strip_suffix(suffix))
            .map(|stem| format!("{stem}.md"))
            .and_then(|p| self.model().vault.note_index(&p))
    }

    /// Whether the page at `page` may keep its last good rendering: it is
    /// a note's that was public when it was last read.
    pub fn page_may_keep_last_good(&self, page: &str) -> bool {
        let vault = &self.model().vault;
        self.note_of_page(page)
            .is_some_and(|i| vault.notes[i].may_keep_last_page())
    }

    /// Whether the page at `page` should show its last good rendering now:
    /// its note may keep it and cannot be published as it stands (its
    /// front matter is broken).
    pub fn page_shows_last_good(&self, page: &str) -> bool {
        let vault = &self.model().vault;
        self.note_of_page(page).is_some_and(|i| {
            let note = &vault.notes[i];
            note.may_keep_last_page() && !note.published()
        })
    }

    /// Whether a problem may be described where others can see it (the
    /// preview's overlay): neither its note nor a note it names is private.
    pub fn describes(&self, d: &Diagnostic) -> bool {
        crate::site::describes(self.model(), d)
    }

    /// How many notes the book read.
    pub fn notes_read(&self) -> usize {
        self.model().vault.notes.len()
    }
}
