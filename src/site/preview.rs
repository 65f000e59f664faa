//! The site page by page, for the preview server: which page an output path
//! is, and that one page rendered on demand. `render` builds every page;
//! this builds only those a browser asks for.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

use super::pages::{self, ContactDirectory};
use super::{BookPage, Input, Listing, SiteFile, SiteIndex};
use crate::render::catalog::{self, Naming, PageId};
use crate::render::templates::{TemplateError, Templates};
use crate::report::{self, Table};

/// What an output path of the site shows.
#[derive(Debug, Clone)]
pub enum Page {
    Note(usize),
    /// A page of a folder's notes, of the problems or of a tag.
    Listing(Listing),
    Book(BookPage),
    /// An asset, the search index or the page of a missing address.
    File(SiteFile),
    Csv(Table),
}

/// One generation of the site, ready to render any of its pages. Where
/// two pages would have one path, the book's pages, downloads and the
/// site's files come before a note, and a note before a listing.
pub struct Preview<'a> {
    index: SiteIndex<'a>,
    /// The pages of the book, the downloads and the site's files.
    book: ahash::AHashMap<String, Page>,
    /// The pages of notes: most of the pages, and the one a save asks
    /// for again.
    notes: ahash::AHashMap<&'a str, usize>,
    /// The listings (folders, tags, deals, owners), listed when one is
    /// first asked for.
    listings: OnceLock<ahash::AHashMap<String, Page>>,
    attachments: BTreeMap<String, PathBuf>,
    contacts: OnceLock<ContactDirectory>,
    /// The search index's scripts, made when the box first asks.
    search: OnceLock<HashMap<String, Vec<u8>>>,
}

/// What one generation of the preview hands the next: the deal and owner
/// pages, taken over while what names them stays the same.
#[derive(Default)]
pub struct Kept(super::index::EntityPages);

impl<'a> Preview<'a> {
    pub fn new(input: Input<'a>, templates: &Templates, kept: Option<Kept>) -> Self {
        let index = SiteIndex::new(input, kept.map(|k| k.0));
        let mut book = ahash::AHashMap::new();
        let rows = super::plan::Rows {
            clients: input.report.clients.len(),
            notes: index.published(),
            contacts: None,
            problems: index.problems_listed(),
        };
        for (path, page) in super::plan::book_pages(&index, &rows) {
            book.insert(path, Page::Book(page));
        }
        for &(path, table) in super::plan::downloads(&index) {
            book.insert(path.to_owned(), Page::Csv(table));
        }
        for (path, file) in super::plan::site_files(templates) {
            book.insert(path.to_owned(), Page::File(file));
        }
        let notes = (input.pages.iter().enumerate())
            .filter_map(|(i, page)| Some((page.as_deref()?, i)))
            .collect();
        let attachments = index.attachments();
        Preview {
            index,
            book,
            notes,
            listings: OnceLock::new(),
            attachments,
            contacts: OnceLock::new(),
            search: OnceLock::new(),
        }
    }

    /// What the next generation may take over.
    pub fn into_kept(self) -> Kept {
        Kept(self.index.into_entity_pages())
    }

    fn listings(&self) -> &ahash::AHashMap<String, Page> {
        self.listings.get_or_init(|| {
            (super::plan::listings(&self.index).into_iter())
                .map(|(page, listing)| (page, Page::Listing(listing)))
                .collect()
        })
    }

    /// The interface words, which the templates need as their global `t`.
    pub fn words(&self) -> &crate::render::i18n::Words {
        &self.index.words
    }

    fn search_files(&self) -> &HashMap<String, Vec<u8>> {
        self.search
            .get_or_init(|| super::search::all_files(&self.index, self.contacts()))
    }

    fn contacts(&self) -> &ContactDirectory {
        self.contacts
            .get_or_init(|| pages::contact_entries(&self.index))
    }

    /// The page at output path `path`.
    pub fn page(&self, path: &str) -> Option<Page> {
        if let Some(page) = self.book.get(path) {
            return Some(page.clone());
        }
        if let Some(&note) = self.notes.get(path) {
            return Some(Page::Note(note));
        }
        if let Some(page) = self.listings().get(path) {
            return Some(page.clone());
        }
        if super::search::is_index_file(path) {
            return self
                .search_files()
                .contains_key(path)
                .then_some(Page::File(SiteFile::Search));
        }
        // Contact directory pages depend on the people found, counted only
        // when one is asked for.
        if !path.starts_with("contacts") {
            return None;
        }
        let contacts = catalog::entry(PageId::Contacts);
        let Naming::Numbered(base) = contacts.naming else {
            return None;
        };
        super::pages::directory_pages(base, self.contacts().len())
            .into_iter()
            .position(|p| p == path)
            .map(|number| {
                Page::Book(BookPage {
                    id: PageId::Contacts,
                    number,
                    dimension: "",
                })
            })
    }

    /// The vault file an attachment path is copied from.
    pub fn attachment(&self, path: &str) -> Option<&PathBuf> {
        self.attachments.get(path)
    }

    /// Renders one page of each template (a note, a client, a folder and
    /// each page of the book) and returns the templates that failed.
    pub fn try_templates(&self, templates: &Templates) -> Vec<TemplateError> {
        let model = self.index.input.model;
        let mut samples: Vec<(String, Page)> = Vec::new();
        let mut kinds_seen = std::collections::HashSet::new();
        for (i, page) in self.index.note_pages.iter().enumerate() {
            let is_client = model.client_of(i).is_some();
            if let Some(page) = page
                && kinds_seen.insert(is_client)
            {
                samples.push((page.clone(), Page::Note(i)));
            }
        }
        let mut listings_seen = std::collections::HashSet::new();
        for (path, listing) in super::plan::listings(&self.index) {
            if listings_seen.insert(std::mem::discriminant(&listing)) {
                samples.push((path, Page::Listing(listing)));
            }
        }
        let input = self.index.input;
        let rows = super::plan::Rows {
            clients: input.report.clients.len(),
            notes: self.index.published(),
            contacts: Some(1),
            problems: self.index.problems_listed(),
        };
        // One page of each entry of the catalog (each dimension too).
        for (path, page) in super::plan::book_pages(&self.index, &rows) {
            if page.number == 0 {
                samples.push((path, Page::Book(page)));
            }
        }
        let mut failed: Vec<TemplateError> = Vec::new();
        for (path, page) in samples {
            if let Err(e) = self.render(templates, &page, &path)
                && !failed.iter().any(|f| f.file == e.file)
            {
                failed.push(e);
            }
        }
        failed
    }

    /// Renders one page.
    pub fn render(
        &self,
        templates: &Templates,
        page: &Page,
        path: &str,
    ) -> Result<Vec<u8>, TemplateError> {
        let index = &self.index;
        let report = index.input.report;
        Ok(match page {
            Page::Note(i) => {
                let model = index.input.model;
                let body = model.vault.read_body(*i, &model.config);
                pages::note(index, templates, *i, &body, path)?
            }
            Page::Listing(listing) => super::rendering::render_listing(index, templates, listing)?,
            Page::Book(book) => {
                let none = ContactDirectory::default();
                let contacts = match book.id {
                    PageId::Contacts => self.contacts(),
                    _ => &none,
                };
                super::rendering::render_book_page(index, templates, book, path, contacts)?
            }
            Page::File(SiteFile::Search) => {
                self.search_files().get(path).cloned().unwrap_or_default()
            }
            Page::File(file) => {
                let none = ContactDirectory::default();
                super::rendering::render_site_file(index, templates, *file, path, &none)?
            }
            Page::Csv(table) => report::csv(
                report,
                *table,
                super::download_style(&index.input.model.config),
                &index.input.model.config,
                &index.words,
            ),
        })
    }
}
