//! Where each published note's page goes, and the files of the vault that
//! cannot be written where they would go: two notes whose pages would be one
//! file (`index.md` and `index.note.md`, or `a.md` and `A.md` on a disk that
//! ignores case), a name too long for file systems, an attachment at a path
//! the site writes itself. Each is reported; none is dropped silently or
//! written over another.

use std::collections::HashMap;

use crate::check::Resolutions;
use crate::diagnostics::{Diagnostic, Pos};
use crate::model::Model;
use crate::render::urls;
use crate::vault::resolve::Target;

/// The longest file name (in bytes) most file systems take.
const LONGEST_NAME: usize = 255;

/// The page of each published note (`None`: not published, or no page it
/// can have), with the problems found.
pub fn note_pages(model: &Model) -> (Vec<Option<String>>, Vec<Diagnostic>) {
    let notes = &model.vault.notes;
    let mut problems = Vec::new();
    let mut pages: Vec<Option<String>> = notes
        .iter()
        .map(|n| n.published().then(|| urls::note_page(&n.path)))
        .collect();
    for (i, page) in pages.iter_mut().enumerate() {
        let Some(p) = page else { continue };
        let name = p.rsplit('/').next().unwrap_or(p);
        if name.len() > LONGEST_NAME {
            problems.push(
                Diagnostic::new(
                    "E-page-collision",
                    &notes[i].path,
                    Pos::new(1, 1),
                    format!(
                        "the page of this note would be named with {} bytes, more than file systems take ({LONGEST_NAME}); it is not written",
                        name.len()
                    ),
                )
                .help("give the note a shorter file name"),
            );
            *page = None;
        }
    }
    // Pages that are one file on a disk that ignores case: the first note
    // (by path) keeps it.
    let mut first: HashMap<String, usize> = HashMap::new();
    for i in 0..pages.len() {
        let Some(page) = &pages[i] else { continue };
        let key = page.to_lowercase();
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&owner) => {
                let (mine, theirs) = (&notes[i].path, &notes[owner].path);
                problems.push(
                    Diagnostic::new(
                        "E-page-collision",
                        mine,
                        Pos::new(1, 1),
                        format!(
                            "this note and {theirs} would both be written to {page}; this one is not written"
                        ),
                    )
                    .help("rename one of the two notes")
                    .related([theirs.as_str()]),
                );
                pages[i] = None;
            }
        }
    }
    (pages, problems)
}

/// Every problem of where the site's files go: note pages (see
/// [`note_pages`]) and attachments that a published note links to at a
/// path the site writes itself (`clients.csv`, `_assets/...`).
pub fn output_problems(model: &Model, resolutions: &Resolutions) -> Vec<Diagnostic> {
    let (pages, mut problems) = note_pages(model);
    let notes = &model.vault.notes;
    for (from, resolved) in resolutions.iter().enumerate() {
        if pages[from].is_none() {
            continue;
        }
        for (link, r) in notes[from].links.iter().zip(resolved) {
            if let Ok(Target::Asset(path)) = r
                && urls::is_site_output(path)
            {
                problems.push(
                    Diagnostic::new(
                        "E-page-collision",
                        &notes[from].path,
                        link.pos,
                        format!("`{path}` is a file the site writes itself; it is not copied"),
                    )
                    .help("rename the file"),
                );
            }
        }
    }
    problems
}
