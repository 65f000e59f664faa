//! The site page by page, for the preview server: which page an output path
//! is, and that one page rendered on demand. `render` builds every page;
//! this builds only those a browser asks for.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

use super::pages::{self, ContactSource};
use super::{BookPage, SiteIndex};
use crate::analytics::tables::{self, Table};
use crate::cmd::Checked;
use crate::render::templates::{STYLE, TemplateError, Templates};

/// What an output path of the site shows.
#[derive(Debug, Clone)]
pub enum Page {
    Note(usize),
    Folder(String),
    Book(BookPage),
    Problems,
    Style,
    Csv(Table),
}

/// One generation of the site, ready to render any of its pages.
pub struct Preview<'a> {
    index: SiteIndex<'a>,
    pages: HashMap<String, Page>,
    attachments: BTreeMap<String, PathBuf>,
    contacts: OnceLock<Vec<(String, String, ContactSource)>>,
}

impl<'a> Preview<'a> {
    pub fn new(checked: &'a Checked) -> Self {
        let index = SiteIndex::new(checked);
        let mut map: HashMap<String, Page> = HashMap::new();
        for (folder, page) in &index.folder_pages {
            if !folder.is_empty() {
                map.insert(page.clone(), Page::Folder(folder.clone()));
            }
        }
        // A note's page wins over its folder's (a folder's own `index.md`).
        for (i, page) in index.note_pages.iter().enumerate() {
            if let Some(page) = page {
                map.insert(page.clone(), Page::Note(i));
            }
        }
        let report = &checked.report;
        let book = super::report_pages(report)
            .into_iter()
            .chain(super::listing_pages(report));
        for (path, page) in book {
            map.insert(path, Page::Book(page));
        }
        for (path, table) in super::DOWNLOADS {
            map.insert(path.to_owned(), Page::Csv(table));
        }
        map.insert("problems.html".to_owned(), Page::Problems);
        map.insert("_assets/style.css".to_owned(), Page::Style);
        let attachments = index.attachments();
        Preview {
            index,
            pages: map,
            attachments,
            contacts: OnceLock::new(),
        }
    }

    /// The interface words, which the templates need as their global `t`.
    pub fn words(&self) -> &BTreeMap<String, String> {
        &self.index.words
    }

    fn contacts(&self) -> &[(String, String, ContactSource)] {
        self.contacts
            .get_or_init(|| pages::contact_entries(&self.index))
    }

    /// The page at output path `path`.
    pub fn page(&self, path: &str) -> Option<Page> {
        if let Some(page) = self.pages.get(path) {
            return Some(page.clone());
        }
        // Contact directory pages depend on the people found, counted only
        // when one is asked for.
        if !path.starts_with("contacts") {
            return None;
        }
        super::contact_pages(self.contacts().len())
            .into_iter()
            .find(|(p, _)| p == path)
            .map(|(_, page)| Page::Book(page))
    }

    /// The vault file an attachment path is copied from.
    pub fn attachment(&self, path: &str) -> Option<&PathBuf> {
        self.attachments.get(path)
    }

    /// Renders one page.
    pub fn render(
        &self,
        templates: &Templates,
        page: &Page,
        path: &str,
    ) -> Result<Vec<u8>, TemplateError> {
        let index = &self.index;
        let report = &index.checked.report;
        Ok(match page {
            Page::Note(i) => pages::note(index, templates, *i, path)?,
            Page::Folder(folder) => pages::folder(index, templates, folder, path)?,
            Page::Book(book) => {
                let contacts = match book {
                    BookPage::Contacts(_) => self.contacts(),
                    _ => &[],
                };
                super::render_book_page(index, templates, book, path, contacts)?
            }
            Page::Problems => pages::problems(index, templates)?,
            Page::Style => STYLE.as_bytes().to_vec(),
            Page::Csv(table) => tables::csv(report, *table, true),
        })
    }
}
