//! The vault on disk: every note read, split and parsed once, with the
//! problems found while reading it.

pub mod frontmatter;
pub mod lines;
pub mod markdown;
pub mod resolve;
pub mod slug;
pub mod walk;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use frontmatter::Split;
use lines::LineIndex;
use markdown::{Heading, Link};
use yaml::{Node, Pos, Value};

/// One Markdown file of the vault.
#[derive(Debug)]
pub struct Note {
    /// Vault-relative path with `/` separators.
    pub path: String,
    /// The whole text (BOM removed; invalid UTF-8 replaced, with an error).
    pub source: String,
    /// The front matter, when it could be read; always a mapping. `Model::load`
    /// drops it once the note is typed.
    pub front: Option<Node>,
    pub body_start: usize,
    pub body_line: u32,
    /// Front matter that could not be read: the note is never published,
    /// since a `private: true` inside it cannot be seen.
    pub withheld: bool,
    pub private: bool,
    /// The file could not be read at all (too large, unreadable): the path
    /// is known, so links to it resolve, but nothing of it is published.
    pub unread: bool,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub has_html: bool,
}

impl Note {
    pub fn body(&self) -> &str {
        &self.source[self.body_start..]
    }

    /// The file name without `.md`.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        &name[..name.len().saturating_sub(3)]
    }

    /// The folder holding the note (`""` for the root).
    pub fn folder(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// The first top-level heading, if the body has one.
    pub fn h1(&self) -> Option<&str> {
        self.headings
            .iter()
            .find(|h| h.level == 1)
            .map(|h| h.text.as_str())
    }

    pub fn published(&self) -> bool {
        !self.private && !self.withheld
    }
}

/// Everything read from the vault folder.
#[derive(Debug)]
pub struct Vault {
    pub root: PathBuf,
    /// Sorted by path.
    pub notes: Vec<Note>,
    /// Other files: vault-relative path to the file to copy from.
    pub assets: BTreeMap<String, PathBuf>,
    pub folders: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
    by_path: BTreeMap<String, usize>,
}

impl Vault {
    /// Walks and reads the vault, running `per_note` on every note as soon
    /// as it is read, on the same thread; its results come back in note
    /// order. Never fails: every problem becomes a diagnostic and the rest
    /// of the vault still loads.
    pub fn load_with<T, F>(
        root: &Path,
        config: &Config,
        skip: Vec<PathBuf>,
        per_note: F,
    ) -> (Vault, Vec<T>)
    where
        T: Send,
        F: Fn(usize, &mut Note) -> T + Sync,
    {
        let ignore = config.ignore_set();
        let mut found = walk::walk(&walk::WalkOptions {
            root,
            skip,
            ignore: &ignore,
        });
        found.notes.sort_by(|a, b| a.0.cmp(&b.0));
        let loaded: Vec<(Note, Vec<Diagnostic>, T)> = found
            .notes
            .par_iter()
            .enumerate()
            .map(|(i, (rel, path))| {
                let (mut note, diags) = load_note(rel, path, config);
                let extra = per_note(i, &mut note);
                (note, diags, extra)
            })
            .collect();
        let mut diagnostics = found.diagnostics;
        let mut notes = Vec::with_capacity(loaded.len());
        let mut extras = Vec::with_capacity(loaded.len());
        for (note, diags, extra) in loaded {
            notes.push(note);
            diagnostics.extend(diags);
            extras.push(extra);
        }
        let vault = Vault::from_parts(
            root.to_path_buf(),
            notes,
            found.assets.into_iter().collect(),
            found.folders,
            diagnostics,
        );
        (vault, extras)
    }

    pub fn from_parts(
        root: PathBuf,
        mut notes: Vec<Note>,
        assets: BTreeMap<String, PathBuf>,
        folders: BTreeSet<String>,
        diagnostics: Vec<Diagnostic>,
    ) -> Vault {
        notes.sort_by(|a, b| a.path.cmp(&b.path));
        let by_path = notes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.path.clone(), i))
            .collect();
        Vault {
            root,
            notes,
            assets,
            folders,
            diagnostics,
            by_path,
        }
    }

    /// How many notes could be read (the `files` of a report).
    pub fn files_read(&self) -> usize {
        self.notes.iter().filter(|n| !n.unread).count()
    }

    /// Reads note `index` again from disk, replacing it and the problems
    /// found while reading it; runs `per_note` on it as `load_with` does.
    pub fn reload_note<T>(
        &mut self,
        index: usize,
        config: &Config,
        per_note: impl FnOnce(&mut Note) -> T,
    ) -> T {
        let rel = self.notes[index].path.clone();
        let path = self.root.join(&rel);
        let (mut note, diags) = load_note(&rel, &path, config);
        let extra = per_note(&mut note);
        self.notes[index] = note;
        self.diagnostics.retain(|d| d.file != rel);
        self.diagnostics.extend(diags);
        extra
    }

    pub fn note_index(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    pub fn source_of(&self, path: &str) -> Option<&str> {
        self.note_index(path).map(|i| self.notes[i].source.as_str())
    }
}

/// The canonical name of a front-matter key, after `[aliases]`.
pub fn canonical_key<'a>(config: &'a Config, key: &'a str) -> &'a str {
    config.aliases.get(key).map_or(key, String::as_str)
}

/// A note whose file could not be read.
fn unread(rel: &str) -> Note {
    Note {
        path: rel.to_owned(),
        source: String::new(),
        front: None,
        body_start: 0,
        body_line: 1,
        withheld: true,
        private: false,
        unread: true,
        headings: Vec::new(),
        links: Vec::new(),
        has_html: false,
    }
}

fn load_note(rel: &str, path: &Path, config: &Config) -> (Note, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let start = Pos::new(1, 1);
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > config.max_file_bytes => {
            diags.push(
                Diagnostic::new(
                    "E-file-too-large",
                    rel,
                    Pos::new(1, 1),
                    format!(
                        "the file is {} bytes, over the limit of {}; it is not read",
                        meta.len(),
                        config.max_file_bytes
                    ),
                )
                .help("split the note, or raise `max_file_bytes` in dossier.toml"),
            );
            return (unread(rel), diags);
        }
        _ => {}
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            diags.push(Diagnostic::new(
                "E-file-unreadable",
                rel,
                Pos::new(1, 1),
                format!("cannot read the file: {err}"),
            ));
            return (unread(rel), diags);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let pos = LineIndex::new(prefix).pos(prefix, valid);
            diags.push(
                Diagnostic::new(
                    "E-utf8-invalid",
                    rel,
                    pos,
                    format!("the file is not valid UTF-8 (byte {valid})"),
                )
                .help("save the file as UTF-8"),
            );
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    let mut source = text;
    if source.starts_with('\u{feff}') {
        source.drain(..3);
    }
    if source.trim().is_empty() {
        diags.push(Diagnostic::new(
            "W-file-empty",
            rel,
            start,
            "the note is empty",
        ));
    }
    let mut front = None;
    let mut withheld = false;
    let (body_start, body_line) = match frontmatter::split(&source) {
        Split::None => (0, 1),
        Split::Found {
            yaml,
            body_start,
            body_line,
        } => {
            match yaml::parse(yaml) {
                Ok(node) => match node.value {
                    Value::Map(_) => front = Some(shift(node, 1)),
                    Value::Null => {
                        front = Some(Node {
                            value: Value::Map(Vec::new()),
                            pos: start,
                        })
                    }
                    other => {
                        withheld = true;
                        diags.push(Diagnostic::new(
                            "E-yaml-not-mapping",
                            rel,
                            Pos::new(node.pos.line + 1, node.pos.column),
                            format!(
                                "front matter must be a mapping of `key: value` lines, found {}",
                                other.kind_name()
                            ),
                        ));
                    }
                },
                Err(err) => {
                    withheld = true;
                    let pos = err
                        .pos
                        .map_or(Pos::new(2, 1), |p| Pos::new(p.line + 1, p.column));
                    diags.push(
                        Diagnostic::new("E-yaml-syntax", rel, pos, err.message)
                            .help("the note is not published until its front matter reads"),
                    );
                }
            }
            (body_start, body_line)
        }
        Split::Unclosed => {
            withheld = true;
            diags.push(
                Diagnostic::new(
                    "E-frontmatter-unclosed",
                    rel,
                    start,
                    "front matter opened with `---` is never closed",
                )
                .help(
                    "add a line `---` after the last field; the note is not published until then",
                ),
            );
            (source.len(), 1)
        }
        Split::TooLarge { bytes } => {
            withheld = true;
            diags.push(Diagnostic::new(
                "E-frontmatter-too-large",
                rel,
                start,
                format!(
                    "front matter is {bytes} bytes, over the limit of {}",
                    frontmatter::MAX_FRONT_MATTER_BYTES
                ),
            ));
            (source.len(), 1)
        }
    };
    let lines = LineIndex::new(&source);
    let scan = markdown::scan(&source, body_start, &lines);
    let private = front.as_ref().is_some_and(|f| {
        f.entries().iter().any(|(k, v)| {
            canonical_key(config, &k.name) == "private" && v.value == Value::Bool(true)
        })
    });
    let note = Note {
        path: rel.to_owned(),
        source,
        front,
        body_start,
        body_line,
        withheld,
        private,
        unread: false,
        headings: scan.headings,
        links: scan.links,
        has_html: scan.has_html,
    };
    (note, diags)
}

/// Moves every position of a YAML tree down by `lines`: the YAML starts on
/// line 2 of the file, after the opening `---`.
fn shift(mut node: Node, lines: u32) -> Node {
    fn walk(node: &mut Node, lines: u32) {
        node.pos.line += lines;
        match &mut node.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| walk(n, lines)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.pos.line += lines;
                walk(v, lines)
            }),
            _ => {}
        }
    }
    walk(&mut node, lines);
    node
}
