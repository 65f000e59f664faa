//! A Git history made from the fuzz input — blobs, trees that name earlier
//! trees (so a tree can be named ten times over, or nest hundreds deep),
//! names of any bytes, symlinks, and commits whose author lines carry any
//! date and time zone — read by the history reader and written out as a
//! past vault, through the same code paths as `dossier report` and `--at`.
//! Never a panic, a hang or a file outside the folder written to.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::config::Config;
use dossier::vault::rules::Rules;
use gix::objs::Write as _;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct EntryIn {
    name: Vec<u8>,
    /// 0 a file, 1 a folder (an earlier tree), 2 a symlink, 3 an
    /// executable, 4 a submodule.
    kind: u8,
    target: u16,
}

#[derive(Arbitrary, Debug)]
struct CommitIn {
    tree: u16,
    /// Folders the tree is wrapped in, one in another.
    depth: u16,
    /// The author's and committer's time, as written after the email.
    time: String,
}

#[derive(Arbitrary, Debug)]
struct HistoryIn {
    blobs: Vec<Vec<u8>>,
    trees: Vec<Vec<EntryIn>>,
    commits: Vec<CommitIn>,
}

struct Fixture {
    _dir: tempfile::TempDir,
    vault: PathBuf,
    outside: PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep"), "keep").unwrap();
        gix::init(&vault).unwrap();
        Fixture {
            _dir: dir,
            vault,
            outside,
        }
    })
}

fn mode(kind: u8) -> gix::objs::tree::EntryMode {
    use gix::objs::tree::EntryKind;
    match kind % 5 {
        0 => EntryKind::Blob,
        1 => EntryKind::Tree,
        2 => EntryKind::Link,
        3 => EntryKind::BlobExecutable,
        _ => EntryKind::Commit,
    }
    .into()
}

fn write_history(repo: &gix::Repository, input: &HistoryIn) -> Option<gix::ObjectId> {
    let blobs: Vec<gix::ObjectId> = input
        .blobs
        .iter()
        .take(64)
        .map(|b| repo.write_blob(b).map(|id| id.detach()))
        .collect::<Result<_, _>>()
        .ok()?;
    let empty = repo.write_blob(b"").ok()?.detach();
    let mut trees: Vec<gix::ObjectId> = Vec::new();
    for entries in input.trees.iter().take(64) {
        let mut tree = gix::objs::Tree::empty();
        for e in entries.iter().take(32) {
            let m = mode(e.kind);
            let oid = if m.is_tree() {
                if trees.is_empty() {
                    continue;
                }
                trees[usize::from(e.target) % trees.len()]
            } else if blobs.is_empty() {
                empty
            } else {
                blobs[usize::from(e.target) % blobs.len()]
            };
            tree.entries.push(gix::objs::tree::Entry {
                mode: m,
                filename: e.name.clone().into(),
                oid,
            });
        }
        trees.push(repo.write_object(&tree).ok()?.detach());
    }
    let mut parent: Option<gix::ObjectId> = None;
    for c in input.commits.iter().take(16) {
        let mut root = if trees.is_empty() {
            repo.write_object(gix::objs::Tree::empty()).ok()?.detach()
        } else {
            trees[usize::from(c.tree) % trees.len()]
        };
        for _ in 0..c.depth % 400 {
            let mut wrap = gix::objs::Tree::empty();
            wrap.entries.push(gix::objs::tree::Entry {
                mode: gix::objs::tree::EntryKind::Tree.into(),
                filename: "d".into(),
                oid: root,
            });
            root = repo.write_object(&wrap).ok()?.detach();
        }
        let time: String = c.time.chars().filter(|ch| *ch != '\n').take(64).collect();
        let mut text = format!("tree {root}\n");
        if let Some(p) = parent {
            text.push_str(&format!("parent {p}\n"));
        }
        text.push_str(&format!(
            "author A <a@example.com> {time}\ncommitter A <a@example.com> {time}\n\nm\n"
        ));
        let id = repo
            .objects
            .write_buf(gix::objs::Kind::Commit, text.as_bytes())
            .ok()?;
        parent = Some(id);
    }
    parent
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .collect()
}

fuzz_target!(|input: HistoryIn| {
    let f = fixture();
    let repo = gix::open(&f.vault).unwrap();
    let Some(head) = write_history(&repo, &input) else {
        return;
    };
    std::fs::write(f.vault.join(".git/HEAD"), format!("{head}\n")).unwrap();
    let _ = std::fs::remove_dir_all(f.vault.join(".git/dossier"));
    let config = Config::default();
    let rules = Rules::new(&f.vault, &config, Vec::new(), f.vault.join("dossier.toml"));
    let history = dossier::history::read(&f.vault, &config, &rules, None);
    // Days never go backwards along the chain.
    assert!(history.commits.windows(2).all(|w| w[0].day <= w[1].day));
    // The past vault of the newest commit, written out as `--at` does.
    if let Some(day) = history.commits.last().map(|c| c.day)
        && let Ok(Some((repo, link))) = dossier::history::commit_on(&f.vault, day)
    {
        let out = dossier::gate::temp::private_dir("dossier-fuzz-").unwrap();
        let _ = repo.write_vault(&link, out.path());
        for path in files_below(out.path()) {
            assert!(path.starts_with(out.path()), "{}", path.display());
        }
    }
    assert_eq!(files_below(&f.outside).len(), 2, "nothing new outside");
});
