//! The book as it was: the vault of a past commit written out of the
//! object store into a folder of its own (`--at`), the history read from
//! Git, and what moved since a past day (`dossier changes`, the changes
//! page).

use chrono::{Datelike, NaiveDate};

use super::{Book, CannotLoad, Options};
use crate::analytics::changes::{self, Changes, Snapshot};
use crate::history;

/// A vault as committed on a day, in a folder removed when dropped.
pub(super) struct Checkout {
    pub dir: crate::gate::temp::PrivateDir,
    /// The commit written out; `None`: no commit is that old (the folder
    /// is empty).
    pub commit: Option<String>,
}

/// Writes out the vault at `options.vault` as of the last commit on or
/// before the end of `day`.
pub(super) fn checkout(options: &Options, day: NaiveDate) -> Result<Checkout, CannotLoad> {
    let cannot = |why: String| {
        CannotLoad(format!(
            "{}: cannot read the vault as of {day}: {why}",
            options.vault.display()
        ))
    };
    let found = history::commit_on(&options.vault, day).map_err(cannot)?;
    // The past vault holds its private notes too: a folder of the user's
    // alone, removed on every way out, Ctrl-C included.
    let dir = crate::gate::temp::private_dir("dossier-at-").map_err(|e| cannot(e.to_string()))?;
    let commit = match found {
        Some((repo, link)) => {
            let _t = crate::timings::stage("history: vault written out");
            repo.write_vault(&link, dir.path()).map_err(cannot)?;
            Some(link.id.to_string())
        }
        None => None,
    };
    Ok(Checkout { dir, commit })
}

/// What the vault at `options.vault` withholds now, with its own config
/// and rules (the defaults when its config cannot be used: the paths of
/// private notes are still found).
pub(super) fn withheld_now(options: &Options) -> crate::vault::WithheldNow {
    let config =
        crate::config::Config::load(&options.vault, options.config.as_deref()).unwrap_or_default();
    let rules = super::rules_for(options, &config);
    crate::vault::WithheldNow::read(&options.vault, &config, &rules)
}

/// A past state the changes page compares the book with.
pub struct Period {
    /// `week` (the last 7 days) or `quarter` (the quarter to date).
    pub key: &'static str,
    pub since: NaiveDate,
    pub snapshot: Snapshot,
}

/// The days the changes page starts from: 7 days before `as_of`, and the
/// last day of the quarter before.
pub fn period_starts(as_of: NaiveDate) -> [(&'static str, NaiveDate); 2] {
    let quarter_month = (as_of.month0() / 3) * 3 + 1;
    let quarter_start = NaiveDate::from_ymd_opt(as_of.year(), quarter_month, 1).unwrap_or(as_of);
    [
        ("week", as_of - chrono::Duration::days(7)),
        ("quarter", quarter_start - chrono::Duration::days(1)),
    ]
}

impl Book {
    /// What this book withholds, for the books of its past: the paths of
    /// its notes that are not published, and the codes they write.
    fn withheld_now(&self) -> std::sync::Arc<crate::vault::WithheldNow> {
        let model = self.model();
        let mut now = crate::vault::WithheldNow::default();
        for (i, note) in model.vault.notes.iter().enumerate() {
            if !model.shown(i) {
                now.paths.insert(note.path.clone());
            }
        }
        let codes = (model.clients.iter().map(|c| (c.note, c.code.as_ref())))
            .chain(
                model
                    .opportunities
                    .iter()
                    .map(|o| (o.note, o.code.as_ref())),
            )
            .chain(model.projects.iter().map(|p| (p.note, p.code.as_ref())));
        for (note, code) in codes {
            if let Some(code) = code
                && !model.shown(note)
            {
                now.codes.insert(code.value.to_string());
            }
        }
        std::sync::Arc::new(now)
    }

    /// The book as of the end of `day`, read from Git: the vault of the
    /// last commit on or before it, worked out as of that day.
    pub fn at(&self, day: NaiveDate) -> Result<Book, CannotLoad> {
        let options = Options {
            vault: self.origin().to_path_buf(),
            config: self.options.config.clone(),
            as_of: Some(day),
            output: self.options.output.clone(),
            at: Some(day),
            recent_changes: false,
            skip_history: true,
            withheld_now: Some(self.withheld_now()),
        };
        Book::load(options)
    }

    /// What moved between the end of `since` and this book.
    pub fn changes_since(&self, since: NaiveDate) -> Result<Changes, CannotLoad> {
        let before = self.at(since)?;
        let then = Snapshot::of(before.model(), before.report());
        let mut moved = changes::between(
            &then,
            &Snapshot::of(self.model(), self.report()),
            since.to_string(),
            self.as_of().to_string(),
        );
        changes::name_authors(&mut moved, &self.report().opportunity_history, since);
        Ok(moved)
    }

    /// The past states of the changes page, when the history can be read.
    pub(super) fn load_periods(&mut self) {
        self.periods.clear();
        self.recent = std::sync::OnceLock::new();
        if !self.options.recent_changes || self.history.unavailable.is_some() {
            return;
        }
        let _t = crate::timings::stage("history: past books");
        // A past book is worked out once per commit and day; what the
        // changes compare is kept by that key.
        let starts = period_starts(self.as_of());
        let withheld = self.withheld_now().digest();
        let keys: Vec<u64> = starts
            .iter()
            .map(|(_, since)| {
                let commits = &self.history.commits;
                let commit = commits.iter().rev().find(|c| c.day <= *since);
                history::past_key(
                    commit.map(|c| c.id.as_str()),
                    *since,
                    self.options.config.as_deref(),
                    withheld,
                )
            })
            .collect();
        let folder = history::CacheFolder::of(self.origin());
        for ((key, since), cache_key) in starts.into_iter().zip(keys.iter().copied()) {
            let cached = folder
                .as_ref()
                .and_then(|f| history::load_past(f, cache_key));
            let snapshot = match cached {
                Some(snapshot) => snapshot,
                None => {
                    let book = match self.at(since) {
                        Ok(book) => book,
                        Err(e) => {
                            // Said, not silently left out of the page.
                            self.diagnostics.push(crate::diagnostics::Diagnostic::new(
                                ".",
                                crate::diagnostics::Pos::new(1, 1),
                                crate::diagnostics::Message::PastUnreadable {
                                    since: since.to_string(),
                                    detail: e.to_string(),
                                },
                            ));
                            self.diagnostics.sort();
                            continue;
                        }
                    };
                    let snapshot = Snapshot::of(book.model(), book.report());
                    if let Some(folder) = &folder {
                        history::save_past(folder, cache_key, &snapshot, &keys);
                    }
                    snapshot
                }
            };
            self.periods.push(Period {
                key,
                since,
                snapshot,
            });
        }
    }

    /// What moved in each period of the changes page, worked out now.
    fn work_out_recent_changes(&self) -> Vec<(&'static str, Changes)> {
        let now = Snapshot::of(self.model(), self.report());
        self.periods
            .iter()
            .map(|p| {
                let mut moved = changes::between(
                    &p.snapshot,
                    &now,
                    p.since.to_string(),
                    self.as_of().to_string(),
                );
                changes::name_authors(&mut moved, &self.report().opportunity_history, p.since);
                (p.key, moved)
            })
            .collect()
    }

    /// Whether `HEAD` moved since the history was read (the preview reads
    /// it again then).
    pub fn head_moved(&self) -> bool {
        self.options.at.is_none()
            && self.model().config.history.enabled
            && history::head_of(self.origin()) != self.periods_head
    }

    /// Reads the history again (a new commit) and works the figures out.
    pub fn refresh_history(&mut self) {
        self.read_history();
        let report = std::mem::take(&mut self.report);
        self.gather(report);
        self.load_periods();
    }

    pub(super) fn read_history(&mut self) {
        self.history = history::read(
            self.origin(),
            &self.model.config,
            &self.rules,
            self.options.at,
        );
        self.periods_head = history::head_of(self.origin());
    }
}

/// What could not be read of the history, as `W-history-partial`: at the
/// note, when it is published now, else at the vault (the path of a note
/// that is not published now is not named).
pub(super) fn gap_problems(
    model: &crate::model::Model,
    history: &history::History,
) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::message::GapAt;
    use crate::diagnostics::{Diagnostic, Message, Pos};
    history
        .gaps
        .iter()
        .map(|gap| {
            let short = &gap.commit[..gap.commit.len().min(10)];
            let shown = gap
                .path
                .as_deref()
                .filter(|p| model.vault.note_index(p).is_some_and(|i| model.shown(i)));
            let file = shown.unwrap_or(".");
            let at = match (&gap.path, shown) {
                (None, _) => GapAt::Commit,
                (Some(_), Some(_)) => GapAt::ThisNote,
                (Some(_), None) => GapAt::UnnamedNote,
            };
            let message = Message::HistoryGap {
                commit: short.to_owned(),
                at,
                why: gap.why.clone(),
            };
            Diagnostic::new(file, Pos::new(1, 1), message)
        })
        .collect()
}

impl crate::site::RecentChanges for Book {
    fn recent_changes(&self) -> &[(&'static str, Changes)] {
        self.recent.get_or_init(|| self.work_out_recent_changes())
    }
}
