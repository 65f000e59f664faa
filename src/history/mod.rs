//! The pipeline's past, read from the Git history of the vault: for each
//! commit of the first-parent chain of `HEAD`, which deals appeared,
//! changed, went private or went away. Figures (stage history, velocity,
//! the pipeline trend) are worked out from it in `analytics::history`.
//!
//! Each version of a note is read once (`model::deals`), all of them in
//! parallel; what was read is kept by commit id in the repository's
//! `.git/dossier/` (`cache`), so that a new commit costs only its own
//! notes.

mod cache;
pub mod git;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use compact_str::CompactString;
use gix::ObjectId;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::model::deals::{DealState, NoteDeals, deals_in_text};
use crate::vault::rules::Rules;
pub use git::Unavailable;

/// One commit of the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    pub id: String,
    pub day: NaiveDate,
    /// The author's name, never the e-mail (empty when it cannot be read).
    pub author: String,
}

/// What a commit made of one deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DealStep {
    /// Written in a published note.
    Public(DealState),
    /// Its note became private: nothing of it may be shown.
    Private,
    /// No note writes it any more.
    Gone,
}

/// A change of one deal at one commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Index into `History::commits`.
    pub commit: u32,
    pub code: CompactString,
    pub step: DealStep,
}

/// The history of a vault's deals, oldest first.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Why there is none, when there is none.
    pub unavailable: Option<Unavailable>,
    pub commits: Vec<Commit>,
    /// In commit order; at most one per deal and commit.
    pub steps: Vec<Step>,
    /// What could not be read: the figures go on without it, and the
    /// report says the history is `partial`.
    pub gaps: Vec<Gap>,
}

/// A part of the history that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// The commit, by id.
    pub commit: String,
    /// The note whose version could not be read; `None`: the commit
    /// itself (its date).
    pub path: Option<String>,
    pub why: crate::diagnostics::message::GapWhy,
}

impl History {
    fn unavailable(why: Unavailable) -> History {
        History {
            unavailable: Some(why),
            ..History::default()
        }
    }

    /// The history as it stood at commit `last` (inclusive).
    fn up_to(mut self, last: usize) -> History {
        let kept: HashSet<String> = self.commits[last + 1..]
            .iter()
            .map(|c| c.id.clone())
            .collect();
        self.gaps.retain(|g| !kept.contains(&g.commit));
        self.commits.truncate(last + 1);
        self.steps.retain(|s| (s.commit as usize) <= last);
        self
    }
}

/// Reads the history of the vault at `vault`. `at`: only the commits up to
/// the last one on or before that day count. Never fails: a vault outside
/// Git, a shallow clone or an unreadable store gives a history that says
/// why it is empty.
pub fn read(vault: &Path, config: &Config, rules: &Rules, at: Option<NaiveDate>) -> History {
    if !config.history.enabled {
        return History::unavailable(Unavailable::Off);
    }
    let _t = crate::timings::stage("history");
    let repo = match git::Repo::open(vault) {
        Ok(r) => r,
        Err(why) => return History::unavailable(why),
    };
    let head = match repo.head() {
        Ok(h) => h,
        Err(why) => return History::unavailable(why),
    };
    let key = cache::key(vault, config);
    let folder = cache::Folder::in_repo(&repo);
    let cached = folder.as_ref().and_then(|f| cache::load(f, key));
    let head_hex = head.to_string();
    let known = cached.as_ref().is_some_and(|c| c.head == head_hex);
    let read = match extend(&repo, head, cached, config, rules) {
        Ok(state) => state,
        Err(_) => return History::unavailable(Unavailable::Unreadable),
    };
    if !known && let Some(folder) = &folder {
        cache::save(folder, key, &read);
    }
    let history = read.into_history();
    match at {
        None => history,
        Some(day) => match history.commits.iter().rposition(|c| c.day <= day) {
            Some(last) => history.up_to(last),
            None => History::default(),
        },
    }
}

impl Read {
    /// Whether what a cache file holds can be gone on from: ids that are
    /// ids, and every step naming a commit that is there.
    fn holds_together(&self) -> bool {
        let id = |s: &str| ObjectId::from_hex(s.as_bytes()).is_ok();
        id(&self.head)
            && self.head_tree.as_deref().is_none_or(id)
            && self.commits.iter().all(|c| id(&c.id))
            && self
                .steps
                .iter()
                .all(|s| (s.commit as usize) < self.commits.len())
    }
}

/// Versions of notes one thread reads in a row.
const BLOBS_PER_RUN: usize = 256;

/// What is kept between runs: the history to `head`, and the deals of
/// every note at `head` (to go on from there when commits are added).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Read {
    head: String,
    head_tree: Option<String>,
    commits: Vec<Commit>,
    steps: Vec<Step>,
    #[serde(with = "cache::gaps_as_json")]
    gaps: Vec<Gap>,
    files: BTreeMap<String, NoteDeals>,
}

/// The history to `head`, going on from what `cached` read when it is an
/// ancestor of `head`, else from the first commit.
fn extend(
    repo: &git::Repo,
    head: ObjectId,
    cached: Option<Read>,
    config: &Config,
    rules: &Rules,
) -> Result<Read, String> {
    let cached_head = cached
        .as_ref()
        .and_then(|c| ObjectId::from_hex(c.head.as_bytes()).ok());
    let t = crate::timings::stage("history: chain");
    let mut chain = repo.chain(head, cached_head)?;
    drop(t);
    let mut read = match cached {
        Some(c) if chain.last().map(|l| l.id) == cached_head => {
            chain.pop();
            c
        }
        _ => Read::default(),
    };
    chain.reverse();
    let mut previous = read
        .head_tree
        .as_deref()
        .and_then(|t| ObjectId::from_hex(t.as_bytes()).ok());
    // What each new commit changed, then every new version of a note
    // read at once.
    let t = crate::timings::stage("history: what each commit changed");
    let mut pairs = Vec::with_capacity(chain.len());
    for link in &chain {
        pairs.push((previous, link.vault_tree));
        previous = link.vault_tree;
    }
    let changes = repo.changed_notes_of(&pairs, rules)?;
    drop(t);
    let t = crate::timings::stage("history: notes read");
    // Every new version of a note, in the order the commits wrote them,
    // read in runs by each thread: a pack stores most versions as deltas
    // of objects written just before, whose decoded bases are then still
    // in that thread's cache.
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let blobs: Vec<(ObjectId, &str)> = changes
        .iter()
        .flatten()
        .filter_map(|(path, id)| {
            id.filter(|id| seen.insert(*id))
                .map(|id| (id, path.as_str()))
        })
        .collect();
    let shared = repo.shared();
    let max = config.max_file_bytes;
    let parsed: HashMap<ObjectId, Result<Option<NoteDeals>, crate::diagnostics::message::GapWhy>> =
        blobs
            .par_chunks(BLOBS_PER_RUN)
            .map_init(
                || {
                    let mut local = shared.to_thread_local();
                    git::with_caches(&mut local);
                    local
                },
                |local, run| {
                    run.iter()
                        .map(|&(id, path)| {
                            // `None`: not text dossier reads; withheld.
                            let read = git::version_with(local, id, max).map(|v| match v {
                                git::Version::Text(text, decodes) => {
                                    let mut deals = deals_in_text(config, path, &text);
                                    deals.published &= decodes;
                                    Some(deals)
                                }
                                git::Version::NotText => None,
                            });
                            (id, read)
                        })
                        .collect::<Vec<_>>()
                },
            )
            .flatten()
            .collect();
    drop(t);
    let _t = crate::timings::stage("history: steps");
    // The deals the new commits can touch: those the changed notes wrote
    // before and those any new version writes. Only these are looked at
    // in the notes read before, so that one more commit does not cost
    // every deal of the book.
    let mut touchable: HashSet<&str> = HashSet::new();
    for (path, _) in changes.iter().flatten() {
        if let Some(old) = read.files.get(path) {
            touchable.extend(old.deals.iter().map(|d| d.code.as_str()));
        }
    }
    for deals in parsed.values().flatten().flatten() {
        touchable.extend(deals.deals.iter().map(|d| d.code.as_str()));
    }
    let mut current: HashMap<CompactString, DealStep> = HashMap::new();
    // Deal code → the notes that write it, so that a commit looks at the
    // notes of the deals it touched, not at every note.
    let mut writers: HashMap<CompactString, BTreeSet<String>> = HashMap::new();
    for (path, deals) in &read.files {
        for d in &deals.deals {
            if touchable.contains(d.code.as_str()) {
                current.insert(d.code.clone(), step_of(deals, d));
                writers
                    .entry(d.code.clone())
                    .or_default()
                    .insert(path.clone());
            }
        }
    }
    drop(touchable);
    for (link, changed) in chain.iter().zip(changes) {
        let commit = read.commits.len() as u32;
        let id = link.id.to_string();
        // Days never go backwards, across what the cache held too.
        let day = read
            .commits
            .last()
            .map_or(link.day, |c| c.day.max(link.day));
        if day == NaiveDate::MIN {
            return Err("no commit has an author date that can be read".to_owned());
        }
        if link.undated {
            read.gaps.push(Gap {
                commit: id.clone(),
                path: None,
                why: crate::diagnostics::message::GapWhy::AuthorDate {
                    day: day.to_string(),
                },
            });
        }
        read.commits.push(Commit {
            id: id.clone(),
            day,
            author: link.author.clone(),
        });
        let mut touched: BTreeSet<CompactString> = BTreeSet::new();
        // Codes a note wrote before it went private in this commit: private
        // too, not gone, though the note now writes other codes.
        let mut hidden: BTreeSet<CompactString> = BTreeSet::new();
        for (path, blob) in changed {
            let new = match blob.and_then(|b| parsed.get(&b)) {
                // Not read: the note stays as it was before this commit.
                Some(Err(why)) => {
                    read.gaps.push(Gap {
                        commit: id.clone(),
                        path: Some(path),
                        why: why.clone(),
                    });
                    continue;
                }
                Some(Ok(Some(deals))) => Some(deals.clone()),
                // Not text: whatever it wrote before is withheld now.
                Some(Ok(None)) => Some(NoteDeals {
                    published: false,
                    deals: read
                        .files
                        .get(&path)
                        .map(|d| d.deals.clone())
                        .unwrap_or_default(),
                }),
                None => None,
            };
            if new.as_ref().is_some_and(|n| !n.published)
                && let Some(old) = read.files.get(&path)
            {
                hidden.extend(old.deals.iter().map(|d| d.code.clone()));
            }
            if let Some(old) = read.files.remove(&path) {
                for d in old.deals {
                    if let Some(w) = writers.get_mut(&d.code) {
                        w.remove(&path);
                    }
                    touched.insert(d.code);
                }
            }
            if let Some(new) = new {
                for d in &new.deals {
                    writers
                        .entry(d.code.clone())
                        .or_default()
                        .insert(path.clone());
                    touched.insert(d.code.clone());
                }
                read.files.insert(path, new);
            }
        }
        for code in &touched {
            // A deal's state after the commit: the first note (by path)
            // that writes it.
            let now = writers
                .get(code)
                .and_then(|w| w.first())
                .and_then(|path| read.files.get(path))
                .and_then(|deals| {
                    let d = deals.deals.iter().find(|d| d.code == *code)?;
                    Some(step_of(deals, d))
                })
                .unwrap_or(if hidden.contains(code) {
                    DealStep::Private
                } else {
                    DealStep::Gone
                });
            let before = current.get(code).unwrap_or(&DealStep::Gone);
            if *before != now {
                current.insert(code.clone(), now.clone());
                read.steps.push(Step {
                    commit,
                    code: code.clone(),
                    step: now,
                });
            }
        }
    }
    read.head = head.to_string();
    read.head_tree = previous.map(|t| t.to_string());
    Ok(read)
}

impl Read {
    /// The history it holds, moved out.
    fn into_history(self) -> History {
        History {
            unavailable: None,
            commits: self.commits,
            steps: self.steps,
            gaps: self.gaps,
        }
    }
}

fn step_of(note: &NoteDeals, deal: &DealState) -> DealStep {
    if note.published {
        DealStep::Public(deal.clone())
    } else {
        DealStep::Private
    }
}

/// The commit a vault was at on `day`: the last of the first-parent chain
/// of `HEAD` dated on or before it. `Ok(None)`: no commit is that old.
pub fn commit_on(
    vault: &Path,
    day: NaiveDate,
) -> Result<Option<(git::Repo, git::ChainLink)>, String> {
    let repo = git::Repo::open(vault).map_err(|why| why.code().replace('_', " "))?;
    let head = repo.head().map_err(|why| why.code().replace('_', " "))?;
    let chain = repo.chain(head, None)?;
    Ok(chain.into_iter().find(|l| l.day <= day).map(|l| (repo, l)))
}

pub use cache::{Folder as CacheFolder, load_past, past_key, save_past};

/// The id of the commit `HEAD` names, if the vault is in a repository with
/// one (how the preview notices a new commit).
pub fn head_of(vault: &Path) -> Option<String> {
    let repo = git::Repo::open(vault).ok()?;
    repo.head().ok().map(|h| h.to_string())
}
