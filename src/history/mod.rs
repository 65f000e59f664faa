//! The pipeline's past, read from the Git history of the vault: for each
//! commit of the first-parent chain of `HEAD`, which deals appeared,
//! changed, went private or went away. Figures (stage history, velocity,
//! the pipeline trend) are worked out from it in `analytics::history`.
//!
//! Each version of a note is read once (`model::deals`), all of them in
//! parallel; what was read is kept by commit id in the vault's
//! `.dossier-cache/`, so that a new commit costs only its own notes.

mod cache;
pub mod git;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use gix::ObjectId;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::model::deals::{DealState, NoteDeals, deals_in_text};
use crate::vault::rules::Rules;
pub use git::Unavailable;

/// The folder of the vault where what was read from Git is kept. The walk
/// leaves it out (its name starts with a dot).
pub const CACHE_DIR: &str = ".dossier-cache";

/// One commit of the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    pub id: String,
    pub day: NaiveDate,
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
    pub code: String,
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
        self.commits.truncate(last + 1);
        self.steps.retain(|s| (s.commit as usize) <= last);
        self
    }

    /// The deals whose note was private at the last commit read.
    pub fn private_at_end(&self) -> BTreeSet<&str> {
        let mut last: HashMap<&str, &DealStep> = HashMap::new();
        for s in &self.steps {
            last.insert(&s.code, &s.step);
        }
        last.into_iter()
            .filter(|(_, s)| matches!(s, DealStep::Private))
            .map(|(c, _)| c)
            .collect()
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
    let cached = cache::load(vault, key);
    let head_hex = head.to_string();
    let known = cached.as_ref().is_some_and(|c| c.head == head_hex);
    let read = match extend(&repo, head, cached, config, rules) {
        Ok(state) => state,
        Err(_) => return History::unavailable(Unavailable::Unreadable),
    };
    if !known {
        cache::save(vault, key, &read);
    }
    let history = read.history;
    match at {
        None => history,
        Some(day) => match history.commits.iter().rposition(|c| c.day <= day) {
            Some(last) => history.up_to(last),
            None => History::default(),
        },
    }
}

/// What is kept between runs: the history to `head`, and the deals of
/// every note at `head` (to go on from there when commits are added).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Read {
    head: String,
    head_tree: Option<String>,
    #[serde(skip)]
    history: History,
    commits: Vec<Commit>,
    steps: Vec<Step>,
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
    let mut chain = repo.chain(head, cached_head)?;
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
    let mut changes = Vec::with_capacity(chain.len());
    for link in &chain {
        changes.push(repo.changed_notes(previous, link.vault_tree, rules)?);
        previous = link.vault_tree;
    }
    let blobs: BTreeMap<ObjectId, &str> = changes
        .iter()
        .flatten()
        .filter_map(|(path, id)| id.map(|id| (id, path.as_str())))
        .collect();
    let shared = repo.shared();
    let parsed: HashMap<ObjectId, NoteDeals> = blobs
        .into_par_iter()
        .map_init(
            || shared.to_thread_local(),
            |local, (id, path)| {
                let text = git::text_with(local, id).unwrap_or_default();
                (id, deals_in_text(config, path, &text))
            },
        )
        .collect();
    let mut current: HashMap<String, DealStep> = HashMap::new();
    for deals in read.files.values() {
        for d in &deals.deals {
            current.insert(d.code.clone(), step_of(deals, d));
        }
    }
    for (link, changed) in chain.iter().zip(changes) {
        let commit = read.commits.len() as u32;
        read.commits.push(Commit {
            id: link.id.to_string(),
            day: link.day,
        });
        let mut touched: BTreeSet<String> = BTreeSet::new();
        for (path, blob) in changed {
            if let Some(old) = read.files.remove(&path) {
                touched.extend(old.deals.into_iter().map(|d| d.code));
            }
            if let Some(new) = blob.and_then(|b| parsed.get(&b)) {
                touched.extend(new.deals.iter().map(|d| d.code.clone()));
                read.files.insert(path, new.clone());
            }
        }
        if touched.is_empty() {
            continue;
        }
        // A deal's state after the commit: the first note (by path) that
        // writes it.
        let mut after: HashMap<&str, DealStep> = HashMap::new();
        for deals in read.files.values() {
            for d in &deals.deals {
                if touched.contains(&d.code) && !after.contains_key(d.code.as_str()) {
                    after.insert(&d.code, step_of(deals, d));
                }
            }
        }
        for code in &touched {
            let now = after.remove(code.as_str()).unwrap_or(DealStep::Gone);
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
    read.history = History {
        unavailable: None,
        commits: read.commits.clone(),
        steps: read.steps.clone(),
    };
    Ok(read)
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

/// The id of the commit `HEAD` names, if the vault is in a repository with
/// one (how the preview notices a new commit).
pub fn head_of(vault: &Path) -> Option<String> {
    let repo = git::Repo::open(vault).ok()?;
    repo.head().ok().map(|h| h.to_string())
}
