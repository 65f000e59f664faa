//! The vault on disk: every note read, split and parsed once, with the
//! problems found while reading it. What checks and analytics need of a
//! note is kept (its front matter until it is typed, its headings and
//! links); its text is not: a page reads its note again when it is
//! rendered, and the digest kept here tells whether it is the text that
//! was checked.

pub mod comments;
pub mod front_links;
pub mod frontmatter;
pub mod lines;
pub mod markdown;
pub mod obsidian;
mod privacy;
mod read;
pub mod resolve;
pub mod rules;
mod simple_yaml;
pub mod slug;
pub mod walk;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Pos;
use crate::diagnostics::{Diagnostic, Message};
use frontmatter::Split;
use lines::LineIndex;
use markdown::{Block, Heading, Link};
use rules::Rules;

pub use front_links::{Property, PropertyPart};
use yaml::{Node, Str, Value};

use privacy::{KeySpelling, emphasised_private_fields, private_key, private_spelling};
pub use privacy::{Visibility, Withheld, WithheldNow};
use read::read_text;
pub use read::{ReadError, decode_note};

/// One Markdown file of the vault.
#[derive(Debug)]
pub struct Note {
    /// Vault-relative path with `/` separators.
    pub path: String,
    /// Where the file is read from, when that is not `VAULT/path` (a
    /// symlink inside the vault).
    pub read_from: Option<Box<Path>>,
    /// The digest of the whole text as it was read and checked (BOM
    /// removed; invalid UTF-8 replaced).
    pub digest: u64,
    /// The front matter, when it could be read; always a mapping. `Model::load`
    /// drops it once the note is typed.
    pub front: Option<Node>,
    pub body_start: usize,
    pub body_line: u32,
    /// Whether anything of the note may be published, decided once, here,
    /// when it is read.
    pub visibility: Visibility,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub has_html: bool,
    /// The body opens with a top-level heading (blank lines aside).
    pub opens_with_h1: bool,
    /// Blocks with an id (`^id`), for block links and embeds.
    pub blocks: Vec<Block>,
    /// The `#tags` of the body.
    pub tags: Vec<Str>,
    /// The note's `aliases:`, which Obsidian offers when a link is typed
    /// but does not resolve links by.
    pub aliases: Vec<Str>,
    /// Dataview fields of the body (`stage:: proposal`); `Model::load`
    /// drops them with the front matter once the note is typed.
    pub inline_fields: Vec<InlineField>,
    /// Where the front matter's links start among `links` (after the
    /// body's).
    pub front_links_from: u32,
    /// The front matter its kind does not read, as its page shows it;
    /// set by `Model::load` when the note is typed, empty for a note not
    /// published.
    pub properties: Vec<Property>,
    /// The day its file name says: a leading `YYYY-MM-DD`, or the format
    /// of Obsidian's daily notes in their folder.
    pub name_day: Option<chrono::NaiveDate>,
    /// Front matter that could not be read, as far as it could be made out.
    pub salvaged: Option<Box<Salvaged>>,
}

/// What could still be made out of front matter that does not read: which
/// kind and code the note meant to have (so references to the code are not
/// called dangling) and whether it meant to be private (so nothing of it is
/// described anywhere).
#[derive(Debug, Clone, PartialEq)]
pub struct Salvaged {
    /// The `type:` written, as text.
    pub kind: Option<Str>,
    /// The `code:` written, and where.
    pub code: Option<(Str, Pos)>,
    /// A `private:` with any value but `false`.
    pub private: bool,
    /// Where reading the front matter failed.
    pub error: Pos,
}

/// A Dataview field written in a note's body: `stage:: proposal`.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineField {
    /// As written.
    pub key: Str,
    pub value: Str,
    pub key_pos: Pos,
    pub value_pos: Pos,
}

/// Why a note's text could not be read again for its page.
#[derive(Debug)]
pub enum BodyError {
    /// The file cannot be read now.
    Unreadable(crate::diagnostics::Message),
    /// The file is not the text that was checked: it changed since.
    Changed,
}

impl Note {
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
        self.visibility == Visibility::Published
    }

    /// Marked private: not even its problems or its path are shown.
    pub fn is_private(&self) -> bool {
        self.visibility == Visibility::Withheld(Withheld::Private)
    }

    /// Whether the site and the preview may speak of the note at all (its
    /// problems, its path in a suggestion): not when it is private, nor
    /// when it could not be read, which may be why.
    pub fn described(&self) -> bool {
        !matches!(
            self.visibility,
            Visibility::Withheld(Withheld::Private | Withheld::Unread | Withheld::Undecodable)
        )
    }

    /// Whether the preview may keep showing the note's last good page while
    /// it is withheld: only while its front matter is being typed (it does
    /// not read yet, and says nothing of privacy). A note turned private,
    /// or one whose text no longer decodes, loses it at once.
    pub fn may_keep_last_page(&self) -> bool {
        matches!(
            self.visibility,
            Visibility::Published | Visibility::Withheld(Withheld::FrontMatter)
        )
    }

    /// Whether the file could not be read at all.
    pub fn unread(&self) -> bool {
        self.visibility == Visibility::Withheld(Withheld::Unread)
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
    /// Notes in Obsidian's note template folders, vault-relative and
    /// sorted: never read, but links may name them.
    pub template_notes: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    by_path: BTreeMap<String, usize>,
    /// Obsidian's daily notes, for the day of a note read again.
    pub daily_notes: Option<rules::DailyNotes>,
}

impl Vault {
    /// Walks and reads the vault, running `per_note` on every note as soon
    /// as it is read, on the same thread; its results come back in note
    /// order. Never fails: every problem becomes a diagnostic and the rest
    /// of the vault still loads.
    pub fn load_with<T, F>(
        root: &Path,
        config: &Config,
        rules: &Rules,
        per_note: F,
    ) -> (Vault, Vec<T>)
    where
        T: Send,
        F: Fn(usize, &mut Note) -> T + Sync,
    {
        let mut found = {
            let _t = crate::timings::stage("load: walk");
            walk::walk(root, rules)
        };
        found.notes.sort_by(|a, b| a.0.cmp(&b.0));
        let read_notes = crate::timings::stage("load: notes");
        let loaded: Vec<(Note, Vec<Diagnostic>, T)> = found
            .notes
            .par_iter()
            .enumerate()
            .map(|(i, (rel, path))| {
                let (mut note, diags) = load_note(root, rel, path, config);
                note.name_day = name_day(rel, rules.daily_notes.as_ref());
                let extra = per_note(i, &mut note);
                (note, diags, extra)
            })
            .collect();
        drop(read_notes);
        let mut diagnostics = found.diagnostics;
        let mut notes = Vec::with_capacity(loaded.len());
        let mut extras = Vec::with_capacity(loaded.len());
        for (note, diags, extra) in loaded {
            notes.push(note);
            diagnostics.extend(diags);
            extras.push(extra);
        }
        let mut vault = Vault::from_parts(
            root.to_path_buf(),
            notes,
            found.assets.into_iter().collect(),
            found.folders,
            diagnostics,
        );
        vault.daily_notes = rules.daily_notes.clone();
        found.template_notes.sort();
        vault.template_notes = found.template_notes;
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
            template_notes: Vec::new(),
            diagnostics,
            by_path,
            daily_notes: None,
        }
    }

    /// How many notes could be read (the `files` of a report).
    pub fn files_read(&self) -> usize {
        self.notes.iter().filter(|n| !n.unread()).count()
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
        let path = self.file_of(&self.notes[index]);
        let (mut note, diags) = load_note(&self.root, &rel, &path, config);
        note.name_day = name_day(&rel, self.daily_notes.as_ref());
        let extra = per_note(&mut note);
        self.notes[index] = note;
        self.diagnostics.retain(|d| d.file != rel);
        self.diagnostics.extend(diags);
        extra
    }

    pub fn note_index(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// The file a note is read from.
    pub fn file_of(&self, note: &Note) -> PathBuf {
        note.read_from
            .as_deref()
            .map_or_else(|| self.root.join(&note.path), Path::to_path_buf)
    }

    /// The whole text of the note at `path`, read again from disk (for the
    /// source lines of diagnostics).
    pub fn source_of(&self, path: &str, config: &Config) -> Option<String> {
        let note = &self.notes[self.note_index(path)?];
        let (mut text, _) = read_text(&self.file_of(note), config).ok()?;
        let from = note.body_start.min(text.len());
        comments::blank(&mut text, from);
        Some(text)
    }

    /// The body of note `index`, read again from disk, provided it is still
    /// the text that was checked: its links and headings were found in that
    /// text, and whether it may be published was decided on it.
    pub fn read_body(&self, index: usize, config: &Config) -> Result<String, BodyError> {
        let note = &self.notes[index];
        let (mut text, _) =
            read_text(&self.file_of(note), config).map_err(|e| BodyError::Unreadable(e.message))?;
        if digest(&text) != note.digest || note.body_start > text.len() {
            return Err(BodyError::Changed);
        }
        comments::blank(&mut text, note.body_start);
        text.drain(..note.body_start);
        Ok(text)
    }
}

fn digest(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// The canonical name of a front-matter key, after the global `[aliases]`
/// (what a note's kind is read by, before its kind is known).
pub fn canonical_key<'a>(config: &'a Config, key: &'a str) -> &'a str {
    let canonical = config.aliases.field(None, key);
    if !canonical.bytes().any(|b| b.is_ascii_uppercase()) {
        return canonical;
    }
    // `Type:`, `Title:`, `Tags:` as Obsidian users capitalise them.
    let lower = canonical.to_ascii_lowercase();
    let lower = config.aliases.field(None, &lower);
    EVERY_NOTE
        .iter()
        .find(|k| **k == lower)
        .copied()
        .unwrap_or(canonical)
}

/// The keys every note may carry to say what it is (its kind, title,
/// tags, aliases, Obsidian's CSS classes), whatever its kind.
pub(crate) const EVERY_NOTE: &[&str] = &[
    "type",
    "title",
    "tags",
    "tag",
    "aliases",
    "alias",
    "cssclasses",
];

/// A note whose file could not be read.
fn unread(rel: &str, read_from: Option<Box<Path>>) -> Note {
    Note {
        path: rel.to_owned(),
        read_from,
        digest: 0,
        front: None,
        body_start: 0,
        body_line: 1,
        visibility: Visibility::Withheld(Withheld::Unread),
        headings: Vec::new(),
        links: Vec::new(),
        front_links_from: 0,
        properties: Vec::new(),
        has_html: false,
        opens_with_h1: false,
        blocks: Vec::new(),
        tags: Vec::new(),
        aliases: Vec::new(),
        inline_fields: Vec::new(),
        name_day: None,
        salvaged: None,
    }
}

/// The day file `rel`'s name says: in Obsidian's daily notes folder, in
/// their format; else a leading `YYYY-MM-DD` (`2025-11-03 技术交流.md`,
/// `2022-10-10_0937.md`).
pub fn name_day(rel: &str, daily: Option<&rules::DailyNotes>) -> Option<chrono::NaiveDate> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    daily
        .and_then(|d| d.day_of(rel))
        .or_else(|| {
            name.get(..10)
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        })
        .filter(|d| (1900..=9999).contains(&chrono::Datelike::year(d)))
}

fn load_note(root: &Path, rel: &str, path: &Path, config: &Config) -> (Note, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let start = Pos::new(1, 1);
    let read_from = (path != root.join(rel)).then(|| path.into());
    let (source, undecodable) = match read_text(path, config) {
        Ok((text, bad)) => {
            if let Some((pos, byte)) = bad {
                diags.push(Diagnostic::new(rel, pos, Message::Utf8Invalid { byte }));
            }
            (text, bad.is_some())
        }
        Err(e) => {
            diags.push(Diagnostic::new(rel, start, e.message));
            return (unread(rel, read_from), diags);
        }
    };
    let (mut note, more) = note_from_text(rel, source, config);
    note.read_from = read_from;
    // Text that does not decode may hide what would make the note private.
    if undecodable && !note.is_private() {
        note.visibility = Visibility::Withheld(Withheld::Undecodable);
    }
    diags.extend(more);
    (note, diags)
}

/// A note read from its text (BOM removed): front matter split, parsed and
/// checked, body scanned. What `Vault::load_with` does for each file once it
/// is read; also how tests and fuzzing read a note without a file.
pub fn note_from_text(rel: &str, source: String, config: &Config) -> (Note, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let start = Pos::new(1, 1);
    let read_from = None;
    if source.trim().is_empty() {
        diags.push(Diagnostic::new(rel, start, Message::NoteEmpty));
    }
    let mut front = None;
    let mut withheld = false;
    let mut salvaged = None;
    let mut salvage = |yaml: &str, first_line: u32, error: Pos| {
        salvaged = Some(Box::new(salvage_front_matter(
            yaml, first_line, error, config,
        )));
    };
    let (body_start, body_line) = match frontmatter::split(&source) {
        Split::None => match frontmatter::misplaced(&source) {
            None => (0, 1),
            Some(misplaced) => {
                // Front matter after blank lines or invisible characters
                // would be page text, phone numbers and all: the note is
                // withheld until the `---` moves to the first line.
                withheld = true;
                let at = Pos::new(misplaced.fence_line, 1);
                diags.push(Diagnostic::new(
                    rel,
                    at,
                    Message::FrontMatterMisplaced {
                        before: misplaced.before,
                    },
                ));
                salvage(misplaced.yaml, misplaced.fence_line + 1, at);
                (source.len(), 1)
            }
        },
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
                        let at = Pos::new(node.pos.line + 1, node.pos.column);
                        salvage(yaml, 2, at);
                        diags.push(Diagnostic::new(
                            rel,
                            at,
                            Message::FrontMatterNotMapping {
                                found: other.kind(),
                            },
                        ));
                    }
                },
                Err(err) => {
                    withheld = true;
                    let pos = err
                        .pos
                        .map_or(Pos::new(2, 1), |p| Pos::new(p.line + 1, p.column));
                    salvage(yaml, 2, pos);
                    diags.push(Diagnostic::new(
                        rel,
                        pos,
                        Message::YamlSyntax {
                            problem: err.problem,
                        },
                    ));
                }
            }
            (body_start, body_line)
        }
        Split::Unclosed => {
            withheld = true;
            salvage(
                source.split_once('\n').map_or("", |(_, rest)| rest),
                2,
                start,
            );
            diags.push(Diagnostic::new(rel, start, Message::FrontMatterUnclosed));
            (source.len(), 1)
        }
        Split::TooLarge { bytes } => {
            withheld = true;
            let head = source.split_once('\n').map_or("", |(_, rest)| rest);
            let head = &head[..head.floor_char_boundary(frontmatter::MAX_FRONT_MATTER_BYTES)];
            salvage(head, 2, start);
            diags.push(Diagnostic::new(
                rel,
                start,
                Message::FrontMatterTooLarge {
                    bytes,
                    limit: frontmatter::MAX_FRONT_MATTER_BYTES,
                },
            ));
            (source.len(), 1)
        }
    };
    let digest = digest(&source);
    let mut source = source;
    comments::blank(&mut source, body_start);
    let lines = LineIndex::new(&source);
    let scan = markdown::scan(&source, body_start, &lines);
    for pos in &scan.split_links {
        diags.push(Diagnostic::new(rel, *pos, Message::WikilinkSplit));
    }
    let inline_fields: Vec<InlineField> = obsidian::inline_fields(&source[body_start..])
        .into_iter()
        .map(|f| InlineField {
            key: source[body_start + f.key.start..body_start + f.key.end].into(),
            value: source[body_start + f.value.start..body_start + f.value.end].into(),
            key_pos: lines.pos(&source, body_start + f.key.start),
            value_pos: lines.pos(&source, body_start + f.value.start),
        })
        .collect();
    // Any `private:` but `false` withholds the note (a misspelt `yes` is an
    // error too, but the note is not published meanwhile), whatever the
    // case of its key or the emphasis around it; so does a Dataview
    // `private::` in the body that is not `false`, emphasis and all.
    let mut private = false;
    if let Some(f) = &front {
        for (k, v) in f.entries() {
            let Some(spelling) = private_key(config, &k.name) else {
                continue;
            };
            private |= v.value != Value::Bool(false);
            if spelling == KeySpelling::Other {
                diags.push(private_spelling(rel, k.pos, &k.name));
            }
        }
    } else {
        private |= salvaged.as_ref().is_some_and(|s| s.private);
    }
    private |= inline_fields.iter().any(|f| {
        private_key(config, &obsidian::field_key(&f.key)).is_some()
            && !f.value.trim().eq_ignore_ascii_case("false")
    });
    for (at, key, value) in emphasised_private_fields(&source[body_start..]) {
        let pos = lines.pos(&source, body_start + at);
        diags.push(private_spelling(rel, pos, key));
        private |= !value.eq_ignore_ascii_case("false");
    }
    let aliases = front
        .as_ref()
        .map(|f| aliases_of(f, config))
        .unwrap_or_default();
    // The front matter's links come after the body's: the page's renderer
    // finds the body's by their order.
    let mut links = scan.links;
    let front_links_from = links.len() as u32;
    if let Some(f) = &front {
        links.extend(front_links::links(f, config, &source, &lines));
    }
    let note = Note {
        path: rel.to_owned(),
        read_from,
        digest,
        front,
        body_start,
        body_line,
        visibility: match (private, withheld) {
            (true, _) => Visibility::Withheld(Withheld::Private),
            (false, true) => Visibility::Withheld(Withheld::FrontMatter),
            (false, false) => Visibility::Published,
        },
        headings: scan.headings,
        links,
        front_links_from,
        properties: Vec::new(),
        has_html: scan.has_html,
        opens_with_h1: scan.opens_with_h1,
        blocks: scan.blocks,
        tags: scan.tags,
        aliases,
        inline_fields,
        name_day: None,
        salvaged,
    };
    (note, diags)
}

/// The texts of a front matter's `aliases:` (a list or one text).
fn aliases_of(front: &Node, config: &Config) -> Vec<Str> {
    let Some((_, node)) = front
        .entries()
        .iter()
        .find(|(k, _)| canonical_key(config, &k.name) == "aliases")
    else {
        return Vec::new();
    };
    match &node.value {
        Value::Seq(items) => items.iter().filter_map(|i| i.value.scalar_text()).collect(),
        other => other.scalar_text().into_iter().collect(),
    }
}

/// Top-level `key: value` lines of front matter that does not read as
/// YAML, for what they say of the note's kind, code and privacy. The YAML
/// text starts on line `first_line` of the file.
fn salvage_front_matter(yaml: &str, first_line: u32, error: Pos, config: &Config) -> Salvaged {
    let mut out = Salvaged {
        kind: None,
        code: None,
        private: false,
        error,
    };
    for (n, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(['"', '\'']);
        let value = value.split(" #").next().unwrap_or("").trim();
        let value = value.trim_matches(['"', '\'']).trim();
        match canonical_key(config, key) {
            "type" if !value.is_empty() => out.kind = Some(value.into()),
            "code" if !value.is_empty() => {
                let column = line
                    .find(value)
                    .map_or(1, |i| line[..i].chars().count() + 1);
                let pos = Pos::new(first_line + n as u32, column as u32);
                out.code = Some((value.into(), pos));
            }
            _ if private_key(config, key).is_some() => {
                // When in doubt, withhold: anything but a plain `false`.
                out.private |= !value.eq_ignore_ascii_case("false");
            }
            _ => {}
        }
    }
    out
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
