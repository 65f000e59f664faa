//! Folder pages and the problems page.

use super::{layout, note_link, render};
use super::{template, title};
use crate::diagnostics::{Diagnostic, Message, Severity};
use crate::model::Model;
use crate::render::catalog::PageId;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::site::SiteIndex;
use crate::site::views::{
    FolderLink, FolderPage, ProblemGroup, ProblemRow, ProblemsPage, TagEntry, TagPage, TagsPage,
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

/// The pages of the problems list, for `problems` problems of the files.
pub fn problem_pages(problems: usize) -> Vec<String> {
    super::directory_pages("problems", problems)
}

/// Whose a problem is, as the lists group them: a client's (its note's,
/// or a note of its deal, project, person or interaction), by the
/// client's owner then the client; else its file's; last, those of
/// private notes, which are counted and not described.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ProblemGroupKey {
    Client {
        no_owner: bool,
        owner: String,
        name: String,
        client: usize,
    },
    File(String),
    Withheld,
}

pub(crate) fn group_of(model: &Model, d: &Diagnostic) -> ProblemGroupKey {
    if !crate::site::describes(model, d) {
        return ProblemGroupKey::Withheld;
    }
    let client = model
        .vault
        .note_index(&d.file)
        .and_then(|n| model.client_of_note(n))
        .filter(|&ci| model.shown(model.clients[ci].note));
    match client {
        Some(ci) => {
            let c = &model.clients[ci];
            let owner = c
                .owner
                .as_ref()
                .map(|o| o.value.trim().to_owned())
                .unwrap_or_default();
            ProblemGroupKey::Client {
                no_owner: owner.is_empty(),
                owner,
                name: c
                    .name
                    .as_ref()
                    .or(c.code.as_ref())
                    .map(|n| n.value.to_string())
                    .unwrap_or_default(),
                client: ci,
            }
        }
        None => ProblemGroupKey::File(d.file.clone()),
    }
}

/// The problems in the order the lists show them, by index: those of the
/// files first, then the to-dos of the book
/// (`analytics::BUSINESS_WARNINGS`), each part by client and owner, then
/// by file ([`ProblemGroupKey`]); how many of the first kind there are.
pub(crate) fn problem_order(model: &Model, items: &[Diagnostic]) -> (Vec<usize>, usize) {
    let mut keyed: Vec<(bool, ProblemGroupKey, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, d)| (is_business(d), group_of(model, d), i))
        .collect();
    keyed.sort();
    let data = keyed.iter().filter(|(b, _, _)| !b).count();
    (keyed.into_iter().map(|(_, _, i)| i).collect(), data)
}

fn is_business(d: &Diagnostic) -> bool {
    crate::analytics::BUSINESS_WARNINGS.contains(&d.code())
}

/// How many of `items` the problems pages list: `problem_order`'s count,
/// without the order.
pub(crate) fn problems_listed(items: &[Diagnostic]) -> usize {
    items.iter().filter(|d| !is_business(d)).count()
}

/// The problems `items` (in list order) as groups of rows seen from
/// `page`, a group for each client or file.
pub(crate) fn problem_groups(
    index: &SiteIndex,
    page: &str,
    items: impl Iterator<Item = usize>,
) -> Vec<ProblemGroup> {
    let model = index.input.model;
    let all = &index.input.diagnostics.items;
    let mut groups: Vec<(ProblemGroupKey, ProblemGroup)> = Vec::new();
    for i in items {
        let d = &all[i];
        let key = group_of(model, d);
        let row = problem_row(index, page, d);
        if let Some((last, group)) = groups.last_mut()
            && *last == key
        {
            group.rows.push(row);
            continue;
        }
        let group = match &key {
            ProblemGroupKey::Client { owner, client, .. } => ProblemGroup {
                client: index.report_rows[*client].map(|r| super::client_ref(index, page, r)),
                owner: owner.clone(),
                owner_href: index.owner_url(page, owner),
                file: String::new(),
                file_href: None,
                rows: vec![row],
            },
            ProblemGroupKey::File(file) => ProblemGroup {
                client: None,
                owner: String::new(),
                owner_href: None,
                file: file.clone(),
                file_href: model
                    .vault
                    .note_index(file)
                    .and_then(|n| index.note_url(page, n)),
                rows: vec![row],
            },
            ProblemGroupKey::Withheld => ProblemGroup {
                client: None,
                owner: String::new(),
                owner_href: None,
                file: label(&index.words, "private_link").to_owned(),
                file_href: None,
                rows: vec![row],
            },
        };
        groups.push((key, group));
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// `message` with the keys of enumerated values it quotes (tiers) as the
/// labels a reader knows them by, when it quotes any: the site speaks to
/// people, the terminal and JSON keep the keys.
fn labelled_message(index: &SiteIndex, message: &Message) -> Option<Message> {
    let tier = |key: &str| super::value_label(index, "tier", Some(key));
    match message {
        Message::FollowUpOverdue {
            last,
            via,
            overdue_days,
            cadence_days,
            tier: key,
        } => Some(Message::FollowUpOverdue {
            last: last.clone(),
            via: via.clone(),
            overdue_days: *overdue_days,
            cadence_days: *cadence_days,
            tier: tier(key),
        }),
        Message::TierMismatch {
            declared,
            steps,
            value_tier,
        } => Some(Message::TierMismatch {
            declared: tier(declared),
            steps: *steps,
            value_tier: tier(value_tier),
        }),
        _ => None,
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
            edit: Vec::new(),
        };
    }
    let words = d.words_as(model.config.language, |m| labelled_message(index, m));
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
        edit: index.edit_links(&d.file),
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

/// Page `number` (from 0) of the problems list: the problems of the
/// files, by client and owner, then by file. The to-dos of the book are
/// on the follow-ups and health pages.
pub fn problems(
    index: &SiteIndex,
    templates: &Templates,
    number: usize,
) -> Result<Vec<u8>, TemplateError> {
    let (items, data) = index.problem_order();
    let pages = problem_pages(data);
    let page = pages[number.min(pages.len() - 1)].as_str();
    let first = number * super::PAGE_ROWS;
    let end = (first + super::PAGE_ROWS).min(data);
    let shown = first.min(end)..end;
    let groups = problem_groups(index, page, items[shown.clone()].iter().copied());
    let layout = layout(index, page, title(index, PageId::Problems), "problems.html");
    let errors = index.input.diagnostics.errors();
    let view = ProblemsPage {
        total: data,
        first: first + 1,
        shown: shown.len(),
        data_total: data,
        data_errors: errors,
        data_warnings: data - errors.min(data),
        todos_total: items.len() - data,
        groups,
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
