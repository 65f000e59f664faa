//! The front page of a vault that is not a client book (no client, deal,
//! project or interaction is published): its most recent notes, its tags
//! and its problems, in place of the figures of a CRM.

use serde::Serialize;

use super::{layout, note_link, render, title};
use crate::render::catalog::PageId;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::site::SiteIndex;
use crate::site::views::NoteLink;

/// Notes the front page lists.
const RECENT: usize = 20;
/// Tags the front page lists, the most used first.
const TAGS: usize = 30;

#[derive(Serialize)]
struct RecentNote {
    #[serde(flatten)]
    link: NoteLink,
    date: String,
}

#[derive(Serialize)]
struct TagCount {
    name: String,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct HomePage {
    notes_total: usize,
    recent: Vec<RecentNote>,
    tags: Vec<TagCount>,
    errors: usize,
    warnings: usize,
}

pub fn home(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "index.html";
    let model = &index.input.model;
    let mut dated: Vec<(Option<chrono::NaiveDate>, usize)> = model
        .published_notes()
        .filter(|&i| index.note_url(page, i).is_some())
        .map(|i| (model.days[i], i))
        .collect();
    let notes_total = dated.len();
    // Newest first; undated notes after, by path.
    dated.sort_by(|a, b| {
        b.0.cmp(&a.0).then_with(|| {
            model.vault.notes[a.1]
                .path
                .cmp(&model.vault.notes[b.1].path)
        })
    });
    let recent = dated
        .into_iter()
        .take(RECENT)
        .filter_map(|(day, i)| {
            Some(RecentNote {
                link: note_link(index, page, i)?,
                date: day.map(|d| d.to_string()).unwrap_or_default(),
            })
        })
        .collect();
    let mut tags: Vec<TagCount> = index
        .tags
        .iter()
        .map(|(href, tag)| TagCount {
            name: tag.name.clone(),
            href: urls::relative(page, href),
            count: tag.notes.len(),
        })
        .collect();
    tags.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    tags.truncate(TAGS);
    let (errors, warnings) = index.problem_counts;
    let view = HomePage {
        notes_total,
        recent,
        tags,
        errors,
        warnings,
    };
    let layout = layout(index, page, title(index, PageId::Dashboard), page);
    render(templates, "home.html", &layout, &view)
}
