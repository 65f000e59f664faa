//! Rendering the site's pages into a sink: the pages of notes with the
//! search index beside them, then the listings, the book and the
//! downloads, each core taking the next page as it is free.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::plan::{BookPage, Listing, Rows, SiteFile, book_pages, downloads, listings, site_files};
use super::{Input, PageSink, RenderError, SiteIndex, pages, search};
use crate::render::catalog::PageId;
use crate::render::templates::{FAVICON, SCRIPT, TemplateError, Templates};
use crate::report;

/// One listing page.
pub(super) fn render_listing(
    index: &SiteIndex,
    templates: &Templates,
    listing: &Listing,
) -> Result<Vec<u8>, TemplateError> {
    match listing {
        Listing::Folder(folder, n) => pages::folder(index, templates, folder, *n),
        Listing::Tag(first, n) => pages::tag(index, templates, first, *n),
        Listing::Deal(row) => {
            let deal = &index.input.report.opportunities[*row];
            let page = index
                .deal_pages
                .get(&{
                    let o = &index.input.model.opportunities[deal.opportunity];
                    (o.note, o.at)
                })
                .map_or("", String::as_str);
            pages::deal(index, templates, deal, page)
        }
        Listing::Owner(owner) => pages::owner(index, templates, owner),
    }
}

/// How the site's CSV downloads are written: with the byte-order mark that
/// spreadsheet programs need to read Chinese, in keys or in words.
pub(crate) fn download_style(config: &crate::config::Config) -> report::CsvStyle {
    report::CsvStyle {
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
pub(super) fn render_book_page(
    index: &SiteIndex,
    templates: &Templates,
    page: &BookPage,
    path: &str,
    contacts: &pages::ContactDirectory,
) -> Result<Vec<u8>, TemplateError> {
    let n = page.number;
    match page.id {
        PageId::Dashboard if index.crm => pages::dashboard(index, templates),
        PageId::Dashboard => pages::home(index, templates),
        PageId::Clients => pages::clients(index, templates, n),
        PageId::Notes => pages::notes(index, templates, n),
        PageId::Pipeline => pages::pipeline(index, templates),
        PageId::FollowUps => pages::follow_ups(index, templates),
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
        SiteIndex::new(input, None)
    };
    let contacts = pages::contact_entries(&index);
    let items = search::Items::new(&index, &contacts);
    let terms = {
        let _t = crate::timings::stage("pages of notes");
        search::note_terms(&index, &items, |i, body| -> Result<(), RenderError> {
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
            match terms.take() {
                Some(terms) => search::write_files(&index, &items, terms, &mut |path, bytes| {
                    sink.put(&path, bytes)
                }),
                None => Err(std::io::Error::other("the search index is written once")),
            }
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
        problems: index.problem_order().1,
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
                    downloads(index).par_iter().try_for_each(|&(path, table)| {
                        sink.put_streamed(path, &mut |out| {
                            let config = &input.model.config;
                            report::write_csv(
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

/// One of the site's own files; `path` is where it is served (the page
/// of a missing address takes its links from there).
pub(super) fn render_site_file(
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
        SiteFile::Data => {
            let mut out = Vec::new();
            // Writing into memory does not fail.
            let model = index.input.model;
            let _ = crate::report::write_json_in_words(
                &mut out,
                index.input.report,
                &model.config,
                &index.words,
            );
            out
        }
        SiteFile::Llms => super::llms::text(index),
        SiteFile::NotFound => pages::not_found(index, templates, path)?,
        SiteFile::Search => search::all_files(index, contacts)
            .remove(path)
            .unwrap_or_default(),
    })
}
