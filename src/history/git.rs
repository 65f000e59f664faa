//! The Git side of the history: the repository around the vault, the
//! first-parent chain of a commit, what each commit changed under the
//! vault's folder, and a commit's vault written out to a folder, all read
//! from the object store with gix (no `git` binary, the work tree left
//! alone).

use crate::diagnostics::message::GapWhy;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use gix::ObjectId;

use gix::objs::tree::EntryRef;

use crate::vault::rules::{Entry, Rules, is_markdown};

/// The order of entries in a Git tree: by name, a folder's name read as
/// if it ended in `/`.
fn git_order(a: &EntryRef<'_>, b: &EntryRef<'_>) -> std::cmp::Ordering {
    fn key<'a>(e: &EntryRef<'a>) -> impl Iterator<Item = u8> + 'a {
        let slash = e.mode.is_tree().then_some(b'/');
        e.filename.iter().copied().chain(slash)
    }
    key(a).cmp(key(b))
}

/// The entries of a tree the history reads: folders, and files that are
/// no symbolic links.
fn readable_entries<'a>(tree: Option<&'a gix::Tree<'_>>) -> Result<Vec<EntryRef<'a>>, Failed> {
    let Some(tree) = tree else {
        return Ok(Vec::new());
    };
    let decoded = tree.decode().map_err(failed)?;
    Ok(decoded
        .entries
        .into_iter()
        .filter(|e| e.mode.is_tree() || (e.mode.is_blob_or_symlink() && !e.mode.is_link()))
        .collect())
}

/// Why there is no history to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// `[history] enabled = false`.
    Off,
    /// The vault is in no Git work tree.
    NotGit,
    /// A shallow clone: its oldest commits are missing.
    Shallow,
    /// A repository without a commit yet.
    NoCommits,
    /// The object store could not be read.
    Unreadable,
}

impl Unavailable {
    /// The code the report's JSON names it by.
    pub fn code(self) -> &'static str {
        match self {
            Unavailable::Off => "off",
            Unavailable::NotGit => "not_a_repository",
            Unavailable::Shallow => "shallow_clone",
            Unavailable::NoCommits => "no_commits",
            Unavailable::Unreadable => "unreadable",
        }
    }
}

/// One commit of the first-parent chain.
#[derive(Debug, Clone)]
pub struct ChainLink {
    pub id: ObjectId,
    /// The calendar day of its author date, in the author's own offset,
    /// raised to the day of the commit before it on the chain when it is
    /// earlier (a rebase, a cherry-pick, a wrong clock): days never go
    /// backwards. A date that cannot be read takes the day before it too.
    pub day: NaiveDate,
    /// The author date could not be read, or lay outside
    /// [`crate::model::fields::DAYS`]: `day` is borrowed.
    pub undated: bool,
    /// The tree of the vault's folder at this commit (`None`: the folder
    /// is not in it).
    pub vault_tree: Option<ObjectId>,
    /// The author's name (never the e-mail), as [`author_name`] cleans it.
    pub author: String,
}

/// The repository a vault is kept in.
pub struct Repo {
    repo: gix::Repository,
    /// The vault's folder inside the work tree, one name per level (empty:
    /// the vault is the work tree).
    prefix: Vec<String>,
    /// The vault on disk, for the rule of what belongs to it.
    root: PathBuf,
}

/// Bytes of decoded objects kept while the chain is read.
const OBJECT_CACHE: usize = 32 << 20;

/// Bytes of decoded delta bases kept per thread: a pack stores most
/// versions of a note as a delta of another object, often in long chains.
const DELTA_BASE_CACHE: usize = 96 << 20;

/// Gives `repo` the caches reading a whole history wants: consecutive
/// commits share most of their trees, and versions of notes their delta
/// bases.
pub fn with_caches(repo: &mut gix::Repository) {
    repo.object_cache_size_if_unset(OBJECT_CACHE);
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            DELTA_BASE_CACHE,
        ))
    });
}

/// The notes one commit changed, with their new blob (`None`: gone).
pub type Changed = Vec<(String, Option<ObjectId>)>;

/// Commits one thread compares in a row.
const TREES_PER_RUN: usize = 64;

/// A failure of the object store, as a message.
type Failed = String;

fn failed(e: impl std::fmt::Display) -> Failed {
    e.to_string()
}

impl Repo {
    /// The repository whose work tree holds `vault`.
    pub fn open(vault: &Path) -> Result<Repo, Unavailable> {
        let mut repo = gix::discover(vault).map_err(|_| Unavailable::NotGit)?;
        with_caches(&mut repo);
        let workdir = repo.workdir().ok_or(Unavailable::NotGit)?;
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let inside = canonical(vault);
        let rel = inside
            .strip_prefix(canonical(workdir))
            .map_err(|_| Unavailable::NotGit)?;
        let prefix = rel
            .components()
            .map(|c| c.as_os_str().to_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or(Unavailable::Unreadable)?;
        if repo.is_shallow().unwrap_or(false) {
            return Err(Unavailable::Shallow);
        }
        Ok(Repo {
            repo,
            prefix,
            root: vault.to_path_buf(),
        })
    }

    /// The repository's own folder, shared by its work trees.
    pub fn common_dir(&self) -> &Path {
        self.repo.common_dir()
    }

    /// The vault's folder inside the work tree, one name per level.
    pub fn prefix(&self) -> &[String] {
        &self.prefix
    }

    /// The commit `HEAD` names. A branch with no commit yet is
    /// `NoCommits`; a `HEAD` that cannot be followed (garbage, a loop of
    /// symbolic refs) or names an object that cannot be read is
    /// `Unreadable`.
    pub fn head(&self) -> Result<ObjectId, Unavailable> {
        let head = self.repo.head().map_err(|_| Unavailable::Unreadable)?;
        if head.is_unborn() {
            return Err(Unavailable::NoCommits);
        }
        let id = head.id().ok_or(Unavailable::Unreadable)?.detach();
        self.repo
            .find_commit(id)
            .map_err(|_| Unavailable::Unreadable)?;
        Ok(id)
    }

    /// The first-parent chain from `from`, newest first, stopping after
    /// `until` when it is met.
    pub fn chain(&self, from: ObjectId, until: Option<ObjectId>) -> Result<Vec<ChainLink>, Failed> {
        let mut out = Vec::new();
        let mut days: Vec<Option<NaiveDate>> = Vec::new();
        let mut next = Some(from);
        while let Some(id) = next {
            let commit = self
                .repo
                .find_commit(id)
                .map_err(|e| format!("commit {id} cannot be read: {e}"))?;
            days.push(author_day(&commit));
            let tree = commit
                .tree_id()
                .map_err(|e| format!("commit {id}: {e}"))?
                .detach();
            out.push(ChainLink {
                id,
                day: NaiveDate::MIN,
                undated: false,
                vault_tree: self.subtree(tree)?,
                author: author_name(&commit),
            });
            if Some(id) == until {
                break;
            }
            next = commit.parent_ids().next().map(|p| p.detach());
        }
        // Oldest first: each day at least the one before it; an undated
        // commit takes the day before it, or, first of all, the first day
        // after it that is known.
        // When none is known (a run of undated commits on top of what a
        // cache read), `NaiveDate::MIN` stands in until the reader raises
        // it to the day of the commit before.
        let mut day = days
            .iter()
            .rev()
            .flatten()
            .next()
            .copied()
            .unwrap_or(NaiveDate::MIN);
        for (link, written) in out.iter_mut().zip(&days).rev() {
            link.undated = written.is_none();
            day = written.map_or(day, |w| w.max(day));
            link.day = day;
        }
        Ok(out)
    }

    /// The tree of the vault's folder inside the tree `root`.
    fn subtree(&self, root: ObjectId) -> Result<Option<ObjectId>, Failed> {
        let mut id = root;
        for name in &self.prefix {
            let tree = self.repo.find_tree(id).map_err(failed)?;
            let decoded = tree.decode().map_err(failed)?;
            let Some(entry) = decoded
                .entries
                .iter()
                .find(|e| e.mode.is_tree() && e.filename == name.as_str())
            else {
                return Ok(None);
            };
            id = entry.oid.to_owned();
        }
        Ok(Some(id))
    }

    /// The notes that differ between two trees of the vault's folder, with
    /// their new blob (`None`: gone), in path order. Only what the walk
    /// would read counts (`rules`).
    pub fn changed_notes(
        &self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        rules: &Rules,
    ) -> Result<Vec<(String, Option<ObjectId>)>, Failed> {
        let mut out = Vec::new();
        self.diff(old, new, "", rules, &mut Budget::default(), &mut out)?;
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    fn diff(
        &self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        folder: &str,
        rules: &Rules,
        budget: &mut Budget,
        out: &mut Vec<(String, Option<ObjectId>)>,
    ) -> Result<(), Failed> {
        if old == new {
            return Ok(());
        }
        let depth = if folder.is_empty() {
            0
        } else {
            folder.split('/').count()
        };
        budget.enter(depth)?;
        let find = |id: Option<ObjectId>| id.map(|id| self.repo.find_tree(id)).transpose();
        let (old_tree, new_tree) = (find(old).map_err(failed)?, find(new).map_err(failed)?);
        let was = readable_entries(old_tree.as_ref())?;
        let is = readable_entries(new_tree.as_ref())?;
        // Both lists are in Git's order: a merge walks them side by side,
        // and most entries (the same name and object) are passed over
        // without a string made of them.
        let (mut i, mut j) = (0, 0);
        while i < was.len() || j < is.len() {
            let order = match (was.get(i), is.get(j)) {
                (Some(a), Some(b)) => git_order(a, b),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let (before, after) = match order {
                std::cmp::Ordering::Less => {
                    i += 1;
                    (Some(&was[i - 1]), None)
                }
                std::cmp::Ordering::Greater => {
                    j += 1;
                    (None, Some(&is[j - 1]))
                }
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    (Some(&was[i - 1]), Some(&is[j - 1]))
                }
            };
            if let (Some(a), Some(b)) = (before, after)
                && a.oid == b.oid
            {
                continue;
            }
            budget.take()?;
            let Some(name) = before
                .or(after)
                .and_then(|e| std::str::from_utf8(e.filename).ok())
            else {
                continue;
            };
            // In NFC, as the walk takes names.
            let rel = crate::text::nfc(if folder.is_empty() {
                name.to_owned()
            } else {
                format!("{folder}/{name}")
            });
            let id = |e: Option<&EntryRef<'_>>| e.map(|e| e.oid.to_owned());
            let is_tree = before.or(after).is_some_and(|e| e.mode.is_tree());
            if is_tree {
                if name != ".git" {
                    self.diff(id(before), id(after), &rel, rules, budget, out)?;
                }
            } else if is_markdown(name) && !self.leaves_out_with(rules, &rel, name) {
                out.push((rel, id(after)));
            }
        }
        Ok(())
    }

    fn entries(&self, tree: Option<ObjectId>) -> Result<Vec<(String, bool, ObjectId)>, Failed> {
        let tree = tree
            .map(|id| self.repo.find_tree(id))
            .transpose()
            .map_err(failed)?;
        Ok(readable_entries(tree.as_ref())?
            .into_iter()
            .filter_map(|e| {
                let name = std::str::from_utf8(e.filename).ok()?.to_owned();
                Some((name, e.mode.is_tree(), e.oid.to_owned()))
            })
            .collect())
    }

    fn leaves_out_with(&self, rules: &Rules, rel: &str, name: &str) -> bool {
        // Every folder on the way is asked too: the walk never enters a
        // folder it leaves out.
        let mut at = String::new();
        for part in rel.split('/') {
            if !at.is_empty() {
                at.push('/');
            }
            at.push_str(part);
            let last = at.len() == rel.len();
            let path = self.root.join(&at);
            let entry = Entry {
                rel: &at,
                name: if last { name } else { part },
                path: &path,
                is_dir: !last,
            };
            if rules.leaves_out(&entry) {
                return true;
            }
        }
        false
    }

    /// The text of a blob (invalid UTF-8 replaced).
    pub fn text(&self, id: ObjectId) -> Result<String, Failed> {
        let blob = self.repo.find_blob(id).map_err(failed)?;
        Ok(String::from_utf8_lossy(&blob.data).into_owned())
    }

    /// A handle other threads can open the same repository from.
    pub fn shared(&self) -> gix::ThreadSafeRepository {
        self.repo.clone().into_sync()
    }

    /// What each pair of vault trees differs by (`changed_notes`), in
    /// order, the pairs spread over threads in runs (consecutive trees are
    /// mostly deltas of each other).
    pub fn changed_notes_of(
        &self,
        pairs: &[(Option<ObjectId>, Option<ObjectId>)],
        rules: &Rules,
    ) -> Result<Vec<Changed>, Failed> {
        use rayon::prelude::*;
        let shared = self.shared();
        let (prefix, root) = (&self.prefix, &self.root);
        let runs: Vec<Result<Vec<_>, Failed>> = pairs
            .par_chunks(TREES_PER_RUN)
            .map_init(
                || {
                    let mut repo = shared.to_thread_local();
                    with_caches(&mut repo);
                    Repo {
                        repo,
                        prefix: prefix.clone(),
                        root: root.clone(),
                    }
                },
                |local, run| {
                    run.iter()
                        .map(|&(old, new)| local.changed_notes(old, new, rules))
                        .collect()
                },
            )
            .collect();
        let mut out = Vec::with_capacity(pairs.len());
        for run in runs {
            out.extend(run?);
        }
        Ok(out)
    }

    /// Writes the vault's folder as of commit `link` into `dir` (which
    /// exists): every file and folder but `.git`, symbolic links left out.
    pub fn write_vault(&self, link: &ChainLink, dir: &Path) -> Result<(), Failed> {
        use rayon::prelude::*;
        let mut files = Vec::new();
        let mut budget = Budget::default();
        self.write_tree(link.vault_tree, dir, dir, &mut budget, &mut files)?;
        // Creating files is most of the time, and the kernel takes them
        // side by side.
        let shared = self.shared();
        files
            .par_chunks(256)
            .map_init(
                || shared.to_thread_local(),
                |repo, run| -> Result<(), Failed> {
                    for (path, id) in run {
                        let blob = repo.find_blob(*id).map_err(failed)?;
                        crate::gate::write(path, &blob.data).map_err(failed)?;
                    }
                    Ok(())
                },
            )
            .collect::<Result<(), Failed>>()
    }

    /// Makes the folders of `tree` under `dir` and lists its files, with
    /// their blobs, into `files`.
    fn write_tree(
        &self,
        tree: Option<ObjectId>,
        root: &Path,
        dir: &Path,
        budget: &mut Budget,
        files: &mut Vec<(PathBuf, ObjectId)>,
    ) -> Result<(), Failed> {
        budget.enter(dir.strip_prefix(root).map_or(0, |r| r.components().count()))?;
        for (name, is_tree, id) in self.entries(tree)? {
            budget.take()?;
            if name == ".git" || name.contains(['/', '\\']) || name == ".." || name == "." {
                continue;
            }
            let path = dir.join(&name);
            if is_tree {
                crate::gate::create_dirs_inside(root, &path).map_err(failed)?;
                self.write_tree(Some(id), root, &path, budget, files)?;
            } else {
                files.push((path, id));
            }
        }
        Ok(())
    }
}

/// How deep and how wide a walk of one commit's trees may go: a hostile
/// history (a folder chain 100,000 deep, ten entries naming the same tree
/// nested ten times over) is refused instead of overflowing the stack or
/// never ending.
#[derive(Default)]
struct Budget {
    entries: usize,
}

/// Folders deeper than this in one commit make it unreadable.
pub const MAX_DEPTH: usize = 256;
/// More entries than this in one commit's vault make it unreadable: five
/// times the files and folders of a generated vault of 50,000 clients.
pub const MAX_ENTRIES: usize = 300_000;

impl Budget {
    fn enter(&self, depth: usize) -> Result<(), Failed> {
        if depth > MAX_DEPTH {
            return Err(format!("folders nest deeper than {MAX_DEPTH}"));
        }
        Ok(())
    }

    fn take(&mut self) -> Result<(), Failed> {
        self.entries += 1;
        if self.entries > MAX_ENTRIES {
            return Err(format!("more than {MAX_ENTRIES} files and folders"));
        }
        Ok(())
    }
}

/// The longest author name kept, in characters: a name is a name.
const MAX_AUTHOR_CHARS: usize = 80;

/// A commit's author name, never the e-mail: valid UTF-8 (lossy), control
/// characters and surrounding space taken off, at most
/// [`MAX_AUTHOR_CHARS`] characters; empty when it cannot be read.
fn author_name(commit: &gix::Commit<'_>) -> String {
    let Ok(author) = commit.author() else {
        return String::new();
    };
    clean_name(&String::from_utf8_lossy(author.name.as_ref()))
}

/// [`author_name`] on text.
pub fn clean_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_AUTHOR_CHARS)
        .collect();
    kept.trim().to_owned()
}

/// The calendar day of a commit's author date in the author's own offset,
/// when it can be read and lies within [`crate::model::fields::DAYS`].
fn author_day(commit: &gix::Commit<'_>) -> Option<NaiveDate> {
    let time = commit.author().ok()?.time().ok()?;
    let local = time.seconds.checked_add(i64::from(time.offset))?;
    let day = chrono::DateTime::from_timestamp(local, 0)?.date_naive();
    crate::model::fields::DAYS.contains(&day).then_some(day)
}

/// What a past version of a note is, read as the vault reads a note.
pub enum Version {
    /// Its text, and whether all of it decoded (a version that does not is
    /// withheld, as the note on disk would be).
    Text(String, bool),
    /// It is not text dossier reads (UTF-16, NUL bytes): withheld.
    NotText,
}

/// Reads blob `id` with a thread's own handle on the repository, when it
/// is at most `max` bytes (its size is read from its header first, so an
/// oversized version is never loaded); the error says why not.
pub fn version_with(repo: &gix::Repository, id: ObjectId, max: u64) -> Result<Version, GapWhy> {
    let git = |e: &dyn std::fmt::Display| GapWhy::Git {
        detail: e.to_string(),
    };
    let header = repo.find_header(id).map_err(|e| git(&e))?;
    if header.size() > max {
        return Err(GapWhy::TooLarge {
            bytes: header.size(),
            limit: max,
        });
    }
    let blob = repo.find_blob(id).map_err(|e| git(&e))?;
    Ok(match crate::vault::decode_note(blob.data.clone()) {
        Ok((text, bad)) => Version::Text(text, bad.is_none()),
        Err(_) => Version::NotText,
    })
}
