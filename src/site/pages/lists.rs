//! Folder pages and the problems page.

use super::{layout, note_link, render};
use super::{template, title};
use crate::diagnostics::{Diagnostic, Severity};
use crate::render::catalog::PageId;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::site::SiteIndex;
use crate::site::views::{
    FolderLink, FolderPage, ProblemRow, ProblemsPage, TagEntry, TagPage, TagsPage,
};

/// The pages of a folder's listing: a page per `PAGE_ROWS` notes.
pub fn folder_pages(index: &SiteIndex, folder: &str) -> Vec<String> {
    let notes = index.notes_by_folder.get(folder).map_or(0, Vec::len);
    (1..=notes.div_ceil(super::PAGE_ROWS).max(1))
        .map(|n| urls::folder_listing_page(folder, n))
        .collect()
}

/// Page `number` (from 0) of a folder's listing: its subfolders (on the
/// first page) and its notes.
pub fn folder(
    index: &SiteIndex,
    templates: &Templates,
    folder: &str,
    number: usize,
) -> Result<Vec<u8>, TemplateError> {
    let pages = folder_pages(index, folder);
    let page = pages[number].as_str();
    let prefix = format!("{folder}/");
    // Folder pages sort by path, so a folder's descendants follow it.
    let folders = index
        .folder_pages
        .range(prefix.clone()..)
        .take_while(|(f, _)| f.starts_with(&prefix))
        .filter(|(f, _)| number == 0 && !f[prefix.len()..].contains('/'))
        .map(|(f, target)| FolderLink {
            name: f[prefix.len()..].to_owned(),
            href: urls::relative(page, target),
        })
        .collect();
    let notes = index
        .notes_by_folder
        .get(folder)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .skip(number * super::PAGE_ROWS)
        .take(super::PAGE_ROWS)
        .filter_map(|&i| note_link(index, page, i))
        .collect();
    let name = folder.rsplit('/').next().unwrap_or(folder).to_owned();
    let layout = layout(index, page, name.clone(), "");
    let view = FolderPage {
        title: name,
        path: folder.to_owned(),
        folders,
        notes,
        pager: super::pager(&pages, number),
    };
    render(templates, "folder.html", &layout, &view)
}

/// The pages of one tag (by its first page): a page per `PAGE_ROWS` notes,
/// `_tags/a.html`, `_tags/a.page-2.html` (no tag holds a dot).
pub fn tag_pages(index: &SiteIndex, first: &str) -> Vec<String> {
    let notes = index.tags.get(first).map_or(0, |t| t.notes.len());
    let stem = first.strip_suffix(".html").unwrap_or(first);
    (1..=notes.div_ceil(super::PAGE_ROWS).max(1))
        .map(|n| {
            if n == 1 {
                first.to_owned()
            } else {
                format!("{stem}.page-{n}.html")
            }
        })
        .collect()
}

/// Page `number` (from 0) of one tag's notes.
pub fn tag(
    index: &SiteIndex,
    templates: &Templates,
    first: &str,
    number: usize,
) -> Result<Vec<u8>, TemplateError> {
    let pages = tag_pages(index, first);
    let page = pages[number].as_str();
    let Some(tag) = index.tags.get(first) else {
        return Ok(Vec::new());
    };
    let notes = tag
        .notes
        .iter()
        .skip(number * super::PAGE_ROWS)
        .take(super::PAGE_ROWS)
        .filter_map(|&i| note_link(index, page, i))
        .collect();
    let layout = layout(index, page, format!("#{}", tag.name), "tags.html");
    let view = TagPage {
        name: tag.name.clone(),
        count: tag.notes.len(),
        notes,
        pager: super::pager(&pages, number),
    };
    render(templates, "tag.html", &layout, &view)
}

/// The tag index: every tag of a published note, with how many notes
/// carry it, nested tags under their parents.
pub fn tags(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "tags.html";
    let tags = index
        .tags
        .iter()
        .map(|(target, tag)| TagEntry {
            name: tag.name.clone(),
            href: urls::relative(page, target),
            count: tag.notes.len(),
            depth: target.matches('/').count().saturating_sub(1).min(5),
        })
        .collect();
    let layout = layout(index, page, title(index, PageId::Tags), page);
    render(
        templates,
        template(PageId::Tags),
        &layout,
        &TagsPage { tags },
    )
}

/// The pages of the problems list, for `problems` diagnostics.
pub fn problem_pages(problems: usize) -> Vec<String> {
    super::directory_pages("problems", problems)
}

/// The problems in the order the list shows them, by index: those of the
/// files first, then the to-dos of the book
/// (`analytics::BUSINESS_WARNINGS`); how many of the first kind there are.
pub(crate) fn problem_order(items: &[Diagnostic]) -> (Vec<usize>, usize) {
    let business =
        |&(_, d): &(usize, &Diagnostic)| crate::analytics::BUSINESS_WARNINGS.contains(&d.code());
    let numbered = || items.iter().enumerate();
    let mut order: Vec<usize> = numbered()
        .filter(|n| !business(n))
        .map(|(i, _)| i)
        .collect();
    let data = order.len();
    order.extend(numbered().filter(business).map(|(i, _)| i));
    (order, data)
}

/// The page (from 0) that shows the to-dos' section: the one their first
/// row falls on, or the first page, which says there are none.
fn todos_page(problems_of_files: usize, todos: usize) -> usize {
    if todos == 0 {
        0
    } else {
        problems_of_files / super::PAGE_ROWS
    }
}

/// A problem as a row of a table of problems, on `page`: a problem of a
/// private note (or one naming a private note) is counted, but neither
/// its file nor the values its message quotes are published.
pub(crate) fn problem_row(index: &SiteIndex, page: &str, d: &Diagnostic) -> ProblemRow {
    let model = &index.input.model;
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    if !crate::site::describes(model, d) {
        return ProblemRow {
            severity,
            severity_label: label(&index.words, severity).to_owned(),
            code: d.code().id(),
            file: label(&index.words, "private_link").to_owned(),
            href: None,
            line: 0,
            column: 0,
            message: label(&index.words, "none").to_owned(),
            help: None,
        };
    }
    let words = d.words(model.config.language);
    let note = model.vault.note_index(&d.file);
    ProblemRow {
        severity,
        severity_label: label(&index.words, severity).to_owned(),
        code: d.code().id(),
        file: d.file.clone(),
        href: note.and_then(|i| index.note_url(page, i)),
        line: d.line,
        column: d.column,
        message: words.message,
        help: words.help,
    }
}

/// The problems of note `note`, for its own page.
pub(crate) fn problems_of_note(index: &SiteIndex, page: &str, note: usize) -> Vec<ProblemRow> {
    let file = &index.input.model.vault.notes[note].path;
    index
        .input
        .diagnostics
        .for_file(file)
        .map(|d| problem_row(index, page, d))
        .collect()
}

/// Page `number` (from 0) of the problems list.
pub fn problems(
    index: &SiteIndex,
    templates: &Templates,
    number: usize,
) -> Result<Vec<u8>, TemplateError> {
    let all = &index.input.diagnostics.items;
    let (items, data) = index.problem_order();
    let pages = problem_pages(items.len());
    let page = pages[number].as_str();
    let first = number * super::PAGE_ROWS;
    let row = |d: &Diagnostic| problem_row(index, page, d);
    let end = (first + super::PAGE_ROWS).min(items.len());
    let shown = first.min(end)..end;
    let problems: Vec<ProblemRow> = items[shown.start..shown.end.min(data).max(shown.start)]
        .iter()
        .map(|&i| row(&all[i]))
        .collect();
    let todos: Vec<ProblemRow> = items[shown.start.max(data).min(shown.end)..shown.end]
        .iter()
        .map(|&i| row(&all[i]))
        .collect();
    // Where each part starts, for the links at the top.
    let todos_page = &pages[todos_page(data, items.len() - data).min(pages.len() - 1)];
    let layout = layout(index, page, title(index, PageId::Problems), "problems.html");
    let errors = index.input.diagnostics.errors();
    let view = ProblemsPage {
        total: items.len(),
        first: first + 1,
        data_total: data,
        data_errors: errors,
        data_warnings: data - errors.min(data),
        todos_total: items.len() - data,
        data_href: format!("{}#data", urls::relative(page, &pages[0])),
        todos_href: format!("{}#todos", urls::relative(page, todos_page)),
        problems,
        todos,
        pager: super::pager(&pages, number),
    };
    render(templates, template(PageId::Problems), &layout, &view)
}

/// The page of an address with no page, with links that work from `path`.
pub fn not_found(
    index: &SiteIndex,
    templates: &Templates,
    path: &str,
) -> Result<Vec<u8>, TemplateError> {
    let layout = layout(index, path, label(&index.words, "not_found").to_owned(), "");
    render(templates, "not-found.html", &layout, &serde_json::json!({}))
}

#[cfg(test)]
mod tests {
    use super::todos_page;

    #[test]
    fn the_todos_link_goes_to_the_page_that_shows_them() {
        assert_eq!(todos_page(10, 5), 0);
        assert_eq!(todos_page(2500, 5), 2);
        assert_eq!(todos_page(2000, 5), 2);
        // None: the first page says so.
        assert_eq!(todos_page(2500, 0), 0);
        assert_eq!(todos_page(2000, 0), 0);
    }
}
