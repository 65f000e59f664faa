//! Folder pages and the problems page.

use super::{layout, note_link, render};
use crate::diagnostics::Severity;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::site::SiteIndex;
use crate::site::views::{FolderLink, FolderPage, ProblemRow, ProblemsPage};

pub fn folder(
    index: &SiteIndex,
    templates: &Templates,
    folder: &str,
    page: &str,
) -> Result<Vec<u8>, TemplateError> {
    let prefix = format!("{folder}/");
    // Folder pages sort by path, so a folder's descendants follow it.
    let folders = index
        .folder_pages
        .range(prefix.clone()..)
        .take_while(|(f, _)| f.starts_with(&prefix))
        .filter(|(f, _)| !f[prefix.len()..].contains('/'))
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
        .filter_map(|&i| note_link(index, page, i))
        .collect();
    let name = folder.rsplit('/').next().unwrap_or(folder).to_owned();
    let layout = layout(index, page, name.clone(), "");
    let view = FolderPage {
        title: name,
        path: folder.to_owned(),
        folders,
        notes,
    };
    render(templates, "folder.html", &layout, &view)
}

pub fn problems(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "problems.html";
    let model = &index.checked.model;
    let problems = index
        .checked
        .diagnostics
        .items
        .iter()
        .map(|d| {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let note = model.vault.note_index(&d.file);
            if note.is_some_and(|i| model.vault.notes[i].private) {
                // A private note's problems are counted, but neither its
                // name nor the values its messages quote are published.
                return ProblemRow {
                    severity,
                    severity_label: label(&index.words, severity).to_owned(),
                    code: d.code,
                    file: label(&index.words, "private_link").to_owned(),
                    href: None,
                    line: 0,
                    column: 0,
                    message: label(&index.words, "none").to_owned(),
                    help: None,
                };
            }
            ProblemRow {
                severity,
                severity_label: label(&index.words, severity).to_owned(),
                code: d.code,
                file: d.file.clone(),
                href: note
                    .and_then(|i| index.note_page(i))
                    .map(|p| urls::relative(page, p)),
                line: d.line,
                column: d.column,
                message: d.message.clone(),
                help: d.help.clone(),
            }
        })
        .collect();
    let layout = layout(
        index,
        page,
        label(&index.words, "problems").to_owned(),
        page,
    );
    render(
        templates,
        "problems.html",
        &layout,
        &ProblemsPage { problems },
    )
}
