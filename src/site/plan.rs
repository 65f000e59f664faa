//! Which pages and files the site has: the catalog's pages of the book,
//! the listings of the vault's folders and tags, the downloads and the
//! site's own files. The build and the preview both list them from here.

use std::collections::BTreeSet;

use super::{SiteIndex, pages, search};
use crate::render::catalog::{self, Naming, PageId};
use crate::render::templates::Templates;
use crate::report::Table;

/// A page the vault's folders, tags, deals and owners make, beside those
/// of the catalog.
#[derive(Debug, Clone)]
pub enum Listing {
    /// A page of a folder's notes, from 0.
    Folder(String, usize),
    /// A page of a tag's notes (the tag by its first page), from 0.
    Tag(String, usize),
    /// The page of a deal written in a client's note, by its row in the
    /// report's deals.
    Deal(usize),
    /// An owner's page.
    Owner(String),
}

/// Every listing page, for the build and the preview alike: folders (but
/// those whose page a note takes: a folder's own `index.md`), tags, the
/// deals written in client notes and the owners.
pub(super) fn listings(index: &SiteIndex) -> Vec<(String, Listing)> {
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
    let model = index.input.model;
    for (row, deal) in index.input.report.opportunities.iter().enumerate() {
        let o = &model.opportunities[deal.opportunity];
        if let Some(page) = index.deal_pages.get(&(o.note, o.at)) {
            listings.push((page.clone(), Listing::Deal(row)));
        }
    }
    for (owner, page) in &index.owner_pages {
        listings.push((page.clone(), Listing::Owner(owner.clone())));
    }
    listings
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
pub(super) struct Rows {
    pub(super) clients: usize,
    pub(super) notes: usize,
    pub(super) contacts: Option<usize>,
    pub(super) problems: usize,
}

/// Every page of the catalog, by output path: the build's pages of the
/// book and the preview's alike.
pub(super) fn book_pages(index: &SiteIndex, rows: &Rows) -> Vec<(String, BookPage)> {
    let report = index.input.report;
    let mut out = Vec::new();
    // A knowledge site has no page of the client book.
    for entry in catalog::PAGES.iter().filter(|e| index.crm || !e.crm) {
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

/// The downloads the site offers: the client book's tables, none for a
/// knowledge site.
pub(super) fn downloads(index: &SiteIndex) -> &'static [(&'static str, Table)] {
    if index.crm { &DOWNLOADS } else { &[] }
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
    /// The report as JSON, `data/report.json`.
    Data,
    /// `llms.txt`.
    Llms,
}

/// Every one of the site's own files, by output path.
pub(super) fn site_files(templates: &Templates) -> Vec<(&'static str, SiteFile)> {
    let mut files = vec![
        ("_assets/style.css", SiteFile::Style),
        ("_assets/dossier.js", SiteFile::Script),
        ("_assets/favicon.svg", SiteFile::Favicon),
        ("404.html", SiteFile::NotFound),
        (search::INDEX_PATH, SiteFile::Search),
        (super::llms::DATA_PATH, SiteFile::Data),
        ("llms.txt", SiteFile::Llms),
    ];
    if templates.extra_css().is_some() {
        files.push(("_assets/extra.css", SiteFile::ExtraCss));
    }
    files
}
