//! The site: every output page and copied file. Pages are rendered into a
//! sink: memory (tests, previews) or the staging folder of `write`, which
//! replaces the output only once everything is written.

mod content_types;
mod index;
mod links;
mod llms;
pub mod outputs;
mod pages;
mod plan;
pub mod preview;
mod rendering;
pub mod search;
pub mod views;
pub mod write;

pub use content_types::content_type;
pub(crate) use index::SiteIndex;
pub(crate) use links::PageLinks;
pub use plan::{BookPage, Listing, SiteFile};
pub(crate) use rendering::download_style;
pub use rendering::render;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::analytics::Report;
use crate::check::Resolutions;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::render::templates::{TemplateError, Templates};

pub use write::{OutputError, write_rendered};

/// The built site, in memory.
#[derive(Debug, Default)]
pub struct Site {
    /// Output path → content, for every generated file.
    pub pages: BTreeMap<String, Vec<u8>>,
    /// Output path → vault file to copy (attachments).
    pub copies: BTreeMap<String, PathBuf>,
}

/// What the site is built from: the typed vault, where its links lead,
/// its problems and the book of business. The site reads them and changes
/// none of them.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub model: &'a Model,
    /// Parallel to the notes: the page of each published note (`None`:
    /// not published, or no page it can have; `site::outputs`).
    pub pages: &'a [Option<String>],
    pub resolutions: &'a Resolutions,
    pub diagnostics: &'a Diagnostics,
    pub report: &'a Report,
    /// What moved in the last 7 days and the quarter to date.
    pub changes: &'a dyn RecentChanges,
}

/// What moved in the last 7 days (`week`) and the quarter to date
/// (`quarter`), for the changes page; empty without a history. It is
/// worked out when first asked for: the preview renders the page only
/// when it is opened.
pub trait RecentChanges: Sync {
    fn recent_changes(&self) -> &[(&'static str, crate::analytics::changes::Changes)];
}

/// Whether a page may describe `d` (its file, position and message): not
/// when it is about a private note, or names one. Such problems are
/// counted, never described, on the problems page and in the preview's
/// overlay.
pub fn describes(model: &Model, d: &Diagnostic) -> bool {
    let private = |file: &str| {
        model
            .vault
            .note_index(file)
            .is_some_and(|i| !model.vault.notes[i].described())
    };
    !private(&d.file) && !d.related.iter().any(|f| private(f))
}

/// Where rendered pages go: memory (tests, the dev server) or a staging
/// folder on disk (`build`, so a large site never sits in memory whole).
pub trait PageSink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;

    /// Puts what `write` writes at `path`; a sink on disk streams it into
    /// the file instead of holding it whole (the CSV downloads of a large
    /// vault are tens of megabytes).
    fn put_streamed(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, bytes)
    }
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    Template(TemplateError),
    Io(std::io::Error),
}

impl From<TemplateError> for RenderError {
    fn from(e: TemplateError) -> Self {
        RenderError::Template(e)
    }
}

impl From<std::io::Error> for RenderError {
    fn from(e: std::io::Error) -> Self {
        RenderError::Io(e)
    }
}

impl PageSink for std::sync::Mutex<BTreeMap<String, Vec<u8>>> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned(), bytes);
        Ok(())
    }
}

impl Site {
    /// Renders every page into memory. Fails only when a template cannot
    /// render.
    pub fn build(input: Input, templates: &Templates) -> Result<Site, TemplateError> {
        let sink = std::sync::Mutex::new(BTreeMap::new());
        let copies = match render(input, templates, &sink) {
            Ok(copies) => copies,
            Err(RenderError::Template(e)) => return Err(e),
            Err(RenderError::Io(_)) => unreachable!("memory sinks do not fail"),
        };
        Ok(Site {
            pages: sink.into_inner().unwrap_or_else(|e| e.into_inner()),
            copies,
        })
    }
}
