//! Applying a batch of changed paths to a loaded book, in place: a saved
//! note is read again alone, with its links, the links that point at it,
//! the figures of the clients it touches, and codes and deals only when
//! they changed; anything else (a note added, removed or renamed, a folder,
//! the config, a template) reads the vault again. The result is the one a
//! fresh load gives (`tests/incremental.rs`).

use std::time::Instant;

use super::{Book, read, rules_for};
use crate::analytics::Reuse;
use crate::model::{Kind, Model};
use crate::timings;

/// What a batch of file changes asks of a book.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    /// Read the whole vault again.
    pub full: bool,
    /// Read the config again (and with it everything).
    pub config: bool,
    /// Read the templates again.
    pub templates: bool,
    /// Notes saved in place (vault-relative), read again alone.
    pub notes: Vec<String>,
}

impl Update {
    /// Whether the batch asks for anything at all.
    pub fn is_empty(&self) -> bool {
        !self.full && !self.config && !self.templates && self.notes.is_empty()
    }
}

/// What an update did, for the terminal.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub millis: f64,
    pub notes_read: usize,
}

impl Book {
    /// Applies `update`; the book is then what a fresh load would give.
    pub fn update(&mut self, update: &Update) -> Outcome {
        let start = Instant::now();
        let everything = update.full || update.config || update.templates || !self.keeps_parts;
        let notes_read = if everything {
            self.setup
                .reload(&self.options, update.config, update.templates);
            self.read_again();
            self.model.vault.notes.len()
        } else {
            self.update_notes(&update.notes);
            update.notes.len()
        };
        self.try_templates();
        Outcome {
            millis: start.elapsed().as_secs_f64() * 1000.0,
            notes_read,
        }
    }

    /// Reads the whole vault again with the config as it stands.
    fn read_again(&mut self) {
        self.rules = rules_for(&self.options, &self.setup.config);
        let as_of = self.as_of();
        self.model = read(
            &self.options.vault,
            self.setup.config.clone(),
            &self.rules,
            as_of,
            self.options.withheld_now.as_deref(),
        );
        let worked = super::check_and_figure(&mut self.model);
        self.links = worked.links;
        self.codes = worked.codes;
        self.plan = worked.plan;
        self.gather(worked.report);
    }

    /// Reads the notes at `paths` (vault-relative, each a note of the
    /// book) again, and nothing else.
    fn update_notes(&mut self, paths: &[String]) {
        let model = &mut self.model;
        let changed: Vec<usize> = paths
            .iter()
            .filter_map(|p| model.vault.note_index(p))
            .collect();
        // A person note counts among its client's contacts, an interaction
        // in its clients' last contact and in every client's RFM.
        let is_person = |model: &Model| {
            changed
                .iter()
                .any(|&i| matches!(model.kinds[i], Kind::Contact | Kind::Interaction))
        };
        let person_before = is_person(model);
        let codes_before: Vec<_> = changed.iter().map(|&i| model.code_fingerprint(i)).collect();
        let deals_before: Vec<_> = changed
            .iter()
            .map(|&i| model.pipeline_fingerprint(i))
            .collect();
        let as_of = super::as_of(&self.options);
        let same_day = model.as_of == as_of;
        model.as_of = as_of;
        {
            let _t = timings::stage("update: read notes");
            model.reload_notes(paths);
        }
        let codes_after: Vec<_> = changed.iter().map(|&i| model.code_fingerprint(i)).collect();
        if codes_after != codes_before {
            self.codes = crate::check::codes_and_references(model);
        }
        let deals_unchanged = changed
            .iter()
            .zip(&deals_before)
            .all(|(&i, before)| model.pipeline_fingerprint(i) == *before);
        // The figures of clients whose notes did not change carry over,
        // unless a person note (counted among a client's contacts) changed.
        let reuse = (same_day && !person_before && !is_person(model)).then(|| {
            self.kept_history = Some(self.report.take_history());
            let report = std::mem::take(&mut self.report);
            Reuse::from_report(report, changed.iter().copied().collect(), deals_unchanged)
        });
        {
            let _t = timings::stage("update: links");
            crate::check::links::resolve_changed(model, &changed, &mut self.links);
        }
        model.link_interactions_by_text(&self.links.resolutions);
        // Freeing thousands of diagnostics is work the next page need not
        // wait for.
        let old = std::mem::take(&mut self.diagnostics);
        std::thread::spawn(move || drop(old));
        // The figures and the note pages need nothing of each other.
        let (report, pages) = rayon::join(
            || super::analytics(&self.model, reuse),
            || {
                crate::site::outputs::pages_and_problems(
                    &self.model,
                    &self.plan,
                    &self.links.resolutions,
                )
            },
        );
        self.gather_with(report, Some(pages));
    }
}
