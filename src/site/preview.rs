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
use crate::render::urls;

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
        let fixed = [
            ("index.html", Page::Book(BookPage::Dashboard)),
            ("pipeline.html", Page::Book(BookPage::Pipeline)),
            ("health.html", Page::Book(BookPage::Health)),
            ("risk.html", Page::Book(BookPage::Risk)),
            ("notes.html", Page::Book(BookPage::Notes)),
            ("problems.html", Page::Problems),
            ("_assets/style.css", Page::Style),
            ("clients.csv", Page::Csv(Table::Clients)),
            ("action-plan.csv", Page::Csv(Table::ActionPlan)),
        ];
        for (path, page) in fixed {
            map.insert(path.to_owned(), page);
        }
        for (dimension, _) in report.classifications.dimensions() {
            map.insert(
                urls::classification_page(dimension),
                Page::Book(BookPage::Classification(dimension)),
            );
        }
        for (n, p) in pages::directory_pages("clients", report.clients.len())
            .into_iter()
            .enumerate()
        {
            map.insert(p, Page::Book(BookPage::Clients(n)));
        }
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
        let n = path
            .strip_prefix("contacts")
            .and_then(|rest| rest.strip_suffix(".html"))?;
        let number = match n {
            "" => 0,
            n => n.strip_prefix('-')?.parse::<usize>().ok()?.checked_sub(1)?,
        };
        let pages = pages::directory_pages("contacts", self.contacts().len());
        (number < pages.len() && pages[number] == path)
            .then_some(Page::Book(BookPage::Contacts(number)))
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
            Page::Book(BookPage::Contacts(n)) => {
                pages::contacts(index, templates, self.contacts(), *n)?
            }
            Page::Book(book) => super::render_book_page(index, templates, book, path)?,
            Page::Problems => pages::problems(index, templates)?,
            Page::Style => STYLE.as_bytes().to_vec(),
            Page::Csv(table) => tables::csv(report, *table, true),
        })
    }
}
