//! The site: every output page and copied file. Pages are rendered into a
//! sink: memory (tests, previews) or the staging folder of `write`, which
//! replaces the output only once everything is written.

mod content_types;
mod index;
mod links;
pub mod outputs;
mod pages;
pub mod preview;
pub mod search;
pub mod views;
pub mod write;

pub use content_types::content_type;
pub(crate) use index::SiteIndex;
pub(crate) use links::PageLinks;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::analytics::Report;
use crate::check::Resolutions;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::render::catalog::{self, Naming, PageId};
use crate::render::tables::{self, Table};
use crate::render::templates::{FAVICON, SCRIPT, TemplateError, Templates};

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

/// A page of a folder's listing or of a tag: pages the vault's folders
/// and tags make, beside those of the catalog.
#[derive(Debug, Clone)]
pub enum Listing {
    /// A page of a folder's notes, from 0.
    Folder(String, usize),
    /// A page of a tag's notes (the tag by its first page), from 0.
    Tag(String, usize),
}

/// Every listing page, for the build and the preview alike: folders (but
/// those whose page a note takes: a folder's own `index.md`) and tags.
fn listings(index: &SiteIndex) -> Vec<(String, Listing)> {
    let note_pages: BTreeSet<&str> = index
        .note_pages
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let mut listings: Vec<(String, Listing)> = Vec::new();
    for (folder, page) in &index.folder_pages {
        if folder.is_empty() || note_pages.contains(page.as_str()) {
            continue;
        }
        for (n, page) in pages::folder_pages(index, folder).into_iter().enumerate() {
            listings.push((page, Listing::Folder(folder.clone(), n)));
        }
    }
    for first in index.tags.keys() {
        for (n, page) in pages::tag_pages(index, first).into_iter().enumerate() {
            listings.push((page, Listing::Tag(first.clone(), n)));
        }
    }
    listings
}

/// One listing page.
fn render_listing(
    index: &SiteIndex,
    templates: &Templates,
    listing: &Listing,
) -> Result<Vec<u8>, TemplateError> {
    match listing {
        Listing::Folder(folder, n) => pages::folder(index, templates, folder, *n),
        Listing::Tag(first, n) => pages::tag(index, templates, first, *n),
    }
}

/// A page of the catalog (`render::catalog`): which, and which of its
/// numbered pages (from 0) or dimensions.
#[derive(Debug, Clone)]
pub struct BookPage {
    pub id: PageId,
    pub number: usize,
    pub dimension: &'static str,
}

/// How many rows the numbered pages of the catalog list; `None` for the
/// contacts when they are not counted yet (the preview counts them when
/// one of their pages is asked for).
struct Rows {
    clients: usize,
    notes: usize,
    contacts: Option<usize>,
    problems: usize,
}

/// Every page of the catalog, by output path: the build's pages of the
/// book and the preview's alike.
fn book_pages(index: &SiteIndex, rows: &Rows) -> Vec<(String, BookPage)> {
    let report = index.input.report;
    let mut out = Vec::new();
    for entry in catalog::PAGES {
        let page = |number: usize, dimension: &'static str| BookPage {
            id: entry.id,
            number,
            dimension,
        };
        match entry.naming {
            Naming::One(_) if entry.id == PageId::Tags && index.tags.is_empty() => {}
            Naming::One(path) => out.push((path.to_owned(), page(0, ""))),
            Naming::Numbered(base) => {
                let count = match entry.id {
                    PageId::Clients => rows.clients,
                    PageId::Notes => rows.notes,
                    PageId::Problems => rows.problems,
                    PageId::Contacts => match rows.contacts {
                        Some(count) => count,
                        None => continue,
                    },
                    _ => 0,
                };
                let numbered = pages::directory_pages(base, count);
                out.extend(
                    numbered
                        .into_iter()
                        .enumerate()
                        .map(|(n, path)| (path, page(n, ""))),
                );
            }
            Naming::PerDimension => {
                for (dimension, _) in report.classifications.dimensions() {
                    out.push((catalog::classification_page(dimension), page(0, dimension)));
                }
            }
        }
    }
    out
}

/// The tables offered for download, and their files. Spreadsheet programs
/// need the byte-order mark they are written with to read Chinese.
const DOWNLOADS: [(&str, Table); 2] = [
    ("clients.csv", Table::Clients),
    ("action-plan.csv", Table::ActionPlan),
];

/// How the site's CSV downloads are written: with the byte-order mark that
/// spreadsheet programs need to read Chinese, in keys or in words.
pub(crate) fn download_style(config: &crate::config::Config) -> tables::CsvStyle {
    tables::CsvStyle {
        bom: true,
        labels: config.csv_labels,
    }
}

/// Renders pages of the book side by side into `sink`.
fn render_book(
    index: &SiteIndex,
    templates: &Templates,
    sink: &dyn PageSink,
    book: Vec<(String, BookPage)>,
    contacts: &pages::ContactDirectory,
) -> Result<(), RenderError> {
    book.into_par_iter()
        .try_for_each(|(path, kind)| -> Result<(), RenderError> {
            let html = render_book_page(index, templates, &kind, &path, contacts)?;
            sink.put(&path, html)?;
            Ok(())
        })
}

/// One page of the book; `contacts` are the contact directory's entries
/// (only its pages read them).
fn render_book_page(
    index: &SiteIndex,
    templates: &Templates,
    page: &BookPage,
    path: &str,
    contacts: &pages::ContactDirectory,
) -> Result<Vec<u8>, TemplateError> {
    let n = page.number;
    match page.id {
        PageId::Dashboard => pages::dashboard(index, templates),
        PageId::Clients => pages::clients(index, templates, n),
        PageId::Notes => pages::notes(index, templates, n),
        PageId::Pipeline => pages::pipeline(index, templates),
        PageId::Health => pages::health(index, templates),
        PageId::Rfm => pages::rfm(index, templates),
        PageId::Changes => pages::changes(index, templates),
        PageId::Risk => pages::risk(index, templates),
        PageId::Contacts => pages::contacts(index, templates, contacts, n),
        PageId::Classification => pages::classification(index, templates, page.dimension, path),
        PageId::Tags => pages::tags(index, templates),
        PageId::Problems => pages::problems(index, templates, n),
    }
}

/// Renders every page into `sink` and returns the attachments to copy
/// (output path → vault file). The templates' global `t` must hold the
/// interface words of the config (`i18n::words`).
pub fn render(
    input: Input,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<BTreeMap<String, PathBuf>, RenderError> {
    let index = {
        let _t = crate::timings::stage("site index");
        SiteIndex::new(input)
    };
    let contacts = pages::contact_entries(&index);
    let terms = {
        let _t = crate::timings::stage("pages of notes");
        search::note_terms(&index, |i, body| -> Result<(), RenderError> {
            if let Some(page) = index.note_page(i) {
                let html = pages::note(&index, templates, i, body, page)?;
                sink.put(page, html)?;
            }
            Ok(())
        })?
    };
    // What the pages of notes made and dropped (their texts, contexts and
    // HTML) goes back before the book's pages and the index's tables.
    crate::memory::release_unused();
    // The rest of the index's work is mostly for one core: it is written
    // beside the other pages, whose writing waits on the disk.
    let mut terms = Some(terms);
    let (pages, search) = rayon::join(
        || render_pages(input, &index, templates, sink, &contacts),
        || {
            let _t = crate::timings::stage("search index (beside the pages)");
            sink.put_streamed(search::INDEX_PATH, &mut |out| match terms.take() {
                Some(terms) => search::write_index(&index, &contacts, terms, out),
                None => Err(std::io::Error::other("the search index is written once")),
            })
        },
    );
    pages?;
    search?;
    let _t = crate::timings::stage("assets");
    for (path, file) in site_files(templates) {
        if file != SiteFile::Search {
            let bytes = render_site_file(&index, templates, file, path, &contacts)?;
            sink.put(path, bytes)?;
        }
    }
    drop(_t);
    Ok(index.attachments())
}

/// Every page but those of notes: listings, the book and its directories,
/// and the CSV downloads.
fn render_pages(
    input: Input,
    index: &SiteIndex,
    templates: &Templates,
    sink: &dyn PageSink,
    contacts: &pages::ContactDirectory,
) -> Result<(), RenderError> {
    let _t = crate::timings::stage("listings, the book and its directories");
    // One pool of work: the book's pages are few and unequal (the
    // dashboard and the pipeline take longest), and each kind of page
    // rendered on its own left a core idle at its end.
    let rows = Rows {
        clients: input.report.clients.len(),
        notes: index.published(),
        contacts: Some(contacts.len()),
        problems: input.diagnostics.items.len(),
    };
    let book = book_pages(index, &rows);
    let (listed, (booked, downloads)) = rayon::join(
        || {
            listings(index).into_par_iter().try_for_each(
                |(page, listing)| -> Result<(), RenderError> {
                    let html = render_listing(index, templates, &listing)?;
                    sink.put(&page, html)?;
                    Ok(())
                },
            )
        },
        || {
            rayon::join(
                || render_book(index, templates, sink, book, contacts),
                // Each CSV download is written by one core.
                || {
                    DOWNLOADS.par_iter().try_for_each(|&(path, table)| {
                        sink.put_streamed(path, &mut |out| {
                            let config = &input.model.config;
                            tables::write_csv(
                                out,
                                input.report,
                                table,
                                download_style(config),
                                config,
                                &index.words,
                            )
                        })
                    })
                },
            )
        },
    );
    listed?;
    booked?;
    downloads?;
    Ok(())
}

/// The site's files besides its pages of notes and of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFile {
    Style,
    /// The vault's `templates/extra.css`.
    ExtraCss,
    Script,
    Favicon,
    /// The page static hosts show for an address with no page.
    NotFound,
    Search,
}

/// Every one of the site's own files, by output path.
fn site_files(templates: &Templates) -> Vec<(&'static str, SiteFile)> {
    let mut files = vec![
        ("_assets/style.css", SiteFile::Style),
        ("_assets/dossier.js", SiteFile::Script),
        ("_assets/favicon.svg", SiteFile::Favicon),
        ("404.html", SiteFile::NotFound),
        (search::INDEX_PATH, SiteFile::Search),
    ];
    if templates.extra_css().is_some() {
        files.push(("_assets/extra.css", SiteFile::ExtraCss));
    }
    files
}

/// One of the site's own files; `path` is where it is served (the page
/// of a missing address takes its links from there).
fn render_site_file(
    index: &SiteIndex,
    templates: &Templates,
    file: SiteFile,
    path: &str,
    contacts: &pages::ContactDirectory,
) -> Result<Vec<u8>, TemplateError> {
    Ok(match file {
        SiteFile::Style => templates.style().as_bytes().to_vec(),
        SiteFile::ExtraCss => templates
            .extra_css()
            .unwrap_or_default()
            .as_bytes()
            .to_vec(),
        SiteFile::Script => {
            format!("window.__dossierWords={};\n{SCRIPT}", index.script_words).into_bytes()
        }
        SiteFile::Favicon => FAVICON.as_bytes().to_vec(),
        SiteFile::NotFound => pages::not_found(index, templates, path)?,
        SiteFile::Search => search::index_script(index, contacts),
    })
}
