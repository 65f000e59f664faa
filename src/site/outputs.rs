//! Where each published note's page goes, and the files of the vault that
//! cannot be written where they would go: two notes whose pages would be one
//! file (`index.md` and `index.note.md`, or `a.md` and `A.md` on a disk that
//! ignores case), a name too long for file systems, an attachment at a path
//! the site writes itself. Each is reported; none is dropped silently or
//! written over another.

use std::collections::HashMap;

use crate::check::Resolutions;
use crate::diagnostics::{Diagnostic, Message, Pos};
use crate::model::Model;
use crate::render::urls;
use crate::vault::resolve::Target;

/// The longest file name (in bytes) most file systems take.
const LONGEST_NAME: usize = 255;

/// Where each note's page would go, worked out once for the vault's
/// paths (a save in place leaves them as they are): which notes get their
/// page depends on which are published, which a save can change.
#[derive(Debug, Default)]
pub struct PagePlan {
    /// Parallel to the notes: the page of each.
    pages: Vec<String>,
    /// Parallel to the notes: the notes (in path order) whose pages are
    /// one file on a disk that ignores case, for the notes that have such
    /// twins; empty for the others.
    twins: Vec<Vec<usize>>,
}

impl PagePlan {
    pub fn new(model: &Model) -> Self {
        let notes = &model.vault.notes;
        let pages: Vec<String> = notes.iter().map(|n| urls::note_page(&n.path)).collect();
        let mut by_case: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            by_case
                .entry(crate::text::lowercase(page))
                .or_default()
                .push(i);
        }
        let mut twins = vec![Vec::new(); notes.len()];
        for group in by_case.into_values().filter(|g| g.len() > 1) {
            for &i in &group {
                twins[i] = group.clone();
            }
        }
        PagePlan { pages, twins }
    }
}

/// The page of each published note (`None`: not published, or no page it
/// can have), with the problems found.
pub fn note_pages(model: &Model, plan: &PagePlan) -> (Vec<Option<String>>, Vec<Diagnostic>) {
    let notes = &model.vault.notes;
    let mut problems = Vec::new();
    let mut pages: Vec<Option<String>> = Vec::with_capacity(notes.len());
    for (i, note) in notes.iter().enumerate() {
        let page = &plan.pages[i];
        if !note.published() {
            pages.push(None);
            continue;
        }
        let name = page.rsplit('/').next().unwrap_or(page);
        if name.len() > LONGEST_NAME {
            problems.push(Diagnostic::new(
                &note.path,
                Pos::new(1, 1),
                Message::PageNameTooLong {
                    bytes: name.len(),
                    limit: LONGEST_NAME,
                },
            ));
            pages.push(None);
            continue;
        }
        // Pages that are one file on a disk that ignores case: the first
        // published note (by path) keeps it.
        let owner = plan.twins[i].iter().copied().find(|&t| {
            notes[t].published()
                && plan.pages[t]
                    .rsplit('/')
                    .next()
                    .is_some_and(|n| n.len() <= LONGEST_NAME)
        });
        match owner {
            Some(owner) if owner != i => {
                let theirs = &notes[owner].path;
                problems.push(
                    Diagnostic::new(
                        &note.path,
                        Pos::new(1, 1),
                        Message::PageTaken {
                            other: theirs.clone(),
                            page: page.clone(),
                        },
                    )
                    .related([theirs.as_str()]),
                );
                pages.push(None);
            }
            _ => pages.push(Some(page.clone())),
        }
    }
    (pages, problems)
}

/// Each note's page (`None`: it has none) and the problems of where the
/// site's files go.
pub type PagesAndProblems = (Vec<Option<String>>, Vec<Diagnostic>);

/// Every page of a note (see [`note_pages`]) with every problem of where
/// the site's files go: note pages, and attachments that a published note
/// links to at a path the site writes itself (`clients.csv`, `_assets/...`).
pub fn pages_and_problems(
    model: &Model,
    plan: &PagePlan,
    resolutions: &Resolutions,
) -> PagesAndProblems {
    let (pages, mut problems) = note_pages(model, plan);
    let notes = &model.vault.notes;
    for (from, resolved) in resolutions.iter().enumerate() {
        if pages[from].is_none() {
            continue;
        }
        for (link, r) in notes[from].links.iter().zip(resolved) {
            if let Ok(Target::Asset(path)) = r
                && urls::is_site_output(path)
            {
                problems.push(Diagnostic::new(
                    &notes[from].path,
                    link.pos,
                    Message::SiteFile {
                        path: path.to_string(),
                    },
                ));
            }
        }
    }
    (pages, problems)
}
