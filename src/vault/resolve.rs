//! Where a link points: one resolver shared by the link checker and the
//! renderer, so a link the checker passes is a link the site can draw.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;

use crate::vault::Vault;
use crate::vault::markdown::{Heading, LinkKind};
use crate::vault::slug::slug;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A note, with the heading or block the link names (its index among
    /// the note's headings or blocks; already checked).
    Note {
        index: usize,
        anchor: Option<Anchor>,
    },
    /// A folder, vault-relative without a trailing slash (`""` is the root).
    Folder(Box<str>),
    /// A file that is not a note, vault-relative.
    Asset(Box<str>),
    /// A note in Obsidian's note templates folder, vault-relative: there
    /// to Obsidian, never read by dossier, shown as text.
    Template(Box<str>),
    /// `http(s)://`, `mailto:` and `tel:` links; not checked.
    External(Box<str>),
}

/// Where in a note a link lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The note's heading of this index.
    Heading(u32),
    /// The note's block (`^id`) of this index.
    Block(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing in the vault at this path.
    Missing { path: String },
    /// `../` climbs above the vault root.
    Outside,
    /// The note exists, the heading does not. The page still links to the
    /// note.
    Anchor { index: usize, fragment: String },
    /// The note exists, the block `^id` does not.
    Block { index: usize, id: String },
    /// A scheme that could run code (`javascript:`, `data:`, ...).
    Unsafe { scheme: String },
}

/// Where one link leads. Every link of a vault has one, kept for as long as
/// its page may be rendered: problems, which are few, are boxed so that a
/// resolution takes 24 bytes.
pub type Resolution = Result<Target, Box<Problem>>;

fn fail(problem: Problem) -> Resolution {
    Err(Box::new(problem))
}

/// What a path names, before any `#fragment` is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit<'v> {
    Note(usize),
    /// A file, by its place in [`PathTables::assets`].
    Asset(usize),
    /// A note template, by its place in [`Vault::template_notes`].
    Template(usize),
    Folder(&'v str),
}

/// A name found, and the other notes or files it could have meant.
struct Found<'v> {
    hit: Hit<'v>,
    others: Vec<Hit<'v>>,
}

/// Lookup tables of a vault's paths. They hold no borrow of the vault and
/// stay right while no note or file is added, removed or renamed, so the
/// preview builds them when it reads the vault and keeps them across
/// saves.
#[derive(Debug, Default, Clone)]
pub struct PathTables {
    /// Lowercased path → the notes and files at it (several only when
    /// names differ by case alone).
    by_lower_path: HashMap<String, Vec<Hit<'static>>>,
    /// Lowercased file name (a note's without `.md`) → notes and files.
    by_lower_name: HashMap<String, Vec<Hit<'static>>>,
    /// Folder → the notes and files in it, for "did you mean" (private
    /// notes are left out when a suggestion is made: a note may turn
    /// private between two saves).
    by_folder: HashMap<String, Vec<Hit<'static>>>,
    /// The vault's files that are not notes, sorted.
    assets: Vec<String>,
    /// How many notes and files there are in all.
    entries: usize,
}

impl PathTables {
    pub fn new(vault: &Vault) -> Self {
        let mut tables = PathTables {
            assets: vault.assets.keys().cloned().collect(),
            ..PathTables::default()
        };
        let notes = vault
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| (Hit::Note(i), n.path.as_str(), n.stem()));
        let assets = vault.assets.keys().enumerate().map(|(i, path)| {
            (
                Hit::Asset(i),
                path.as_str(),
                path.rsplit('/').next().unwrap_or(path),
            )
        });
        let templates = vault.template_notes.iter().enumerate().map(|(i, path)| {
            let name = path.rsplit('/').next().unwrap_or(path);
            (
                Hit::Template(i),
                path.as_str(),
                name.strip_suffix(".md").unwrap_or(name),
            )
        });
        for (hit, path, name) in notes.chain(assets).chain(templates) {
            tables
                .by_lower_path
                .entry(crate::text::lowercase(path))
                .or_default()
                .push(hit);
            tables
                .by_lower_name
                .entry(crate::text::lowercase(name))
                .or_default()
                .push(hit);
            let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
            match tables.by_folder.get_mut(folder) {
                Some(hits) => hits.push(hit),
                None => {
                    tables.by_folder.insert(folder.to_owned(), vec![hit]);
                }
            }
            tables.entries += 1;
        }
        tables
    }
}

/// Resolves links over one vault, with its path tables.
pub struct LinkIndex<'v> {
    vault: &'v Vault,
    tables: std::borrow::Cow<'v, PathTables>,
}

impl<'v> LinkIndex<'v> {
    /// An index with tables of its own.
    pub fn new(vault: &'v Vault) -> Self {
        LinkIndex {
            vault,
            tables: std::borrow::Cow::Owned(PathTables::new(vault)),
        }
    }

    /// An index over tables made for this vault's paths.
    pub fn with_tables(vault: &'v Vault, tables: &'v PathTables) -> Self {
        LinkIndex {
            vault,
            tables: std::borrow::Cow::Borrowed(tables),
        }
    }

    /// Notes (not private) and files to suggest for a path that reaches
    /// nothing: those of its folder, or for a bare name those anywhere;
    /// `None` when there are more than `limit` (a guess among thousands
    /// costs more than it helps).
    pub fn suggestion_candidates(&self, path: &str, limit: usize) -> Option<Vec<&str>> {
        let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
        // Neither a private note nor a note template is suggested.
        let shown = |h: &&Hit| match h {
            Hit::Note(i) => self.vault.notes[*i].described(),
            Hit::Template(_) => false,
            Hit::Asset(_) | Hit::Folder(_) => true,
        };
        if folder.is_empty() && !path.contains('.') {
            if self.tables.entries > limit {
                return None;
            }
            let all = self.tables.by_folder.values().flatten();
            return Some(all.filter(shown).map(|h| self.path_of(*h)).collect());
        }
        let in_folder = self.tables.by_folder.get(folder)?;
        (in_folder.len() <= limit).then(|| {
            in_folder
                .iter()
                .filter(shown)
                .map(|h| self.path_of(*h))
                .collect()
        })
    }

    /// Resolves `dest` as written in note `from`.
    pub fn resolve(&self, from: usize, kind: LinkKind, dest: &str) -> Resolution {
        self.resolve_detailed(from, kind, dest).0
    }

    /// Resolves `dest` as written in note `from`, with the paths of the
    /// other notes or files its name could have meant (empty unless the
    /// name is found in several folders).
    pub fn resolve_detailed(
        &self,
        from: usize,
        kind: LinkKind,
        dest: &str,
    ) -> (Resolution, Vec<String>) {
        let (path, fragment, wiki) = match kind {
            LinkKind::Markdown | LinkKind::Image | LinkKind::HtmlLink | LinkKind::HtmlImage => {
                let dest = decode_entities(dest);
                let dest = dest.trim();
                if let Some(scheme) = scheme_of(dest) {
                    let resolution = match scheme.as_str() {
                        "http" | "https" | "mailto" | "tel" => Ok(Target::External(dest.into())),
                        _ => fail(Problem::Unsafe { scheme }),
                    };
                    return (resolution, Vec::new());
                }
                if dest.starts_with("//") {
                    return (Ok(Target::External(dest.into())), Vec::new());
                }
                let (path, fragment) = match dest.split_once('#') {
                    Some((p, f)) => (p, Some(decode(f))),
                    None => (dest, None),
                };
                let path = path.split('?').next().unwrap_or("");
                (decode(path), fragment, false)
            }
            LinkKind::Wiki | LinkKind::WikiEmbed => {
                let (name, fragment) = match dest.split_once('#') {
                    Some((n, f)) => (n.trim(), Some(f.trim().to_owned())),
                    None => (dest.trim(), None),
                };
                (name.to_owned(), fragment, true)
            }
        };
        // Names are compared in NFC, as the walk takes them.
        let path = crate::text::nfc(path);
        if path.is_empty() {
            return (self.with_fragment(from, fragment), Vec::new());
        }
        match self.find(from, &path, wiki) {
            Ok(Some(found)) => {
                let others = found
                    .others
                    .iter()
                    .map(|h| self.path_of(*h).to_owned())
                    .collect();
                let resolution = match found.hit {
                    Hit::Note(i) => self.with_fragment(i, fragment),
                    Hit::Asset(a) => Ok(Target::Asset(self.tables.assets[a].as_str().into())),
                    Hit::Template(t) => Ok(Target::Template(
                        self.vault.template_notes[t].as_str().into(),
                    )),
                    Hit::Folder(f) => Ok(Target::Folder(f.into())),
                };
                (resolution, others)
            }
            Ok(None) => {
                let missing = if wiki {
                    path.trim_start_matches('/').to_owned()
                } else {
                    let base = if path.starts_with('/') {
                        ""
                    } else {
                        self.vault.notes[from].folder()
                    };
                    normalize(base, &path).unwrap_or_else(|| clamped(base, &path))
                };
                (fail(Problem::Missing { path: missing }), Vec::new())
            }
            Err(problem) => (Err(Box::new(problem)), Vec::new()),
        }
    }

    fn path_of(&self, hit: Hit<'v>) -> &str {
        match hit {
            Hit::Note(i) => &self.vault.notes[i].path,
            Hit::Asset(a) => &self.tables.assets[a],
            Hit::Template(t) => &self.vault.template_notes[t],
            Hit::Folder(f) => f,
        }
    }

    /// What `path` names, as Obsidian finds it: relative to the linking
    /// note, then from the vault root, then by file name anywhere (`.md`
    /// optional, case ignored when nothing matches exactly). A name found
    /// in several folders goes to the one in the linking note's folder,
    /// else to the shortest path. Markdown links may also name a folder;
    /// wikilinks never do.
    fn find(&self, from: usize, path: &str, wiki: bool) -> Result<Option<Found<'v>>, Problem> {
        let vault = self.vault;
        let folder = vault.notes[from].folder();
        let wants_folder = path.ends_with('/');
        let explicit_relative = path.starts_with("./") || path.starts_with("../");
        let relative = if path.starts_with('/') {
            None
        } else {
            normalize(folder, path)
        };
        let rooted = normalize("", path.trim_start_matches('/'));
        // A wikilink's bare name is a name: found by name, the linking
        // note's folder first (which is where a relative lookup would
        // look), else the shortest path (the root, if it has one).
        if wiki && !path.contains('/') {
            return Ok(self.by_name(path, folder));
        }
        if !wants_folder {
            for candidate in [&relative, &rooted].into_iter().flatten() {
                if let Some(hit) = self.exact(candidate) {
                    return Ok(Some(Found {
                        hit,
                        others: Vec::new(),
                    }));
                }
            }
        }
        if !wiki {
            for candidate in [&relative, &rooted].into_iter().flatten() {
                if let Some(f) = vault.folders.get(candidate.as_str()) {
                    return Ok(Some(Found {
                        hit: Hit::Folder(f),
                        others: Vec::new(),
                    }));
                }
            }
        }
        // A path that climbs above the root stops there, as Obsidian
        // takes it (`../../images/x.png` from one folder deep is
        // `images/x.png`); `check` warns (`W-link-above-root`).
        if relative.is_none() && !path.starts_with('/') && explicit_relative {
            let clamped = clamped(folder, path);
            if let Some(hit) = (!wants_folder).then(|| self.exact(&clamped)).flatten() {
                return Ok(Some(Found {
                    hit,
                    others: Vec::new(),
                }));
            }
            if !wiki && let Some(f) = vault.folders.get(clamped.as_str()) {
                return Ok(Some(Found {
                    hit: Hit::Folder(f),
                    others: Vec::new(),
                }));
            }
            return Ok(None);
        }
        if wants_folder || explicit_relative {
            return Ok(None);
        }
        Ok(self.by_name(path.trim_start_matches('/'), folder))
    }

    /// The note or file at exactly `path` (or `path.md`), case first
    /// as written, then ignoring case.
    fn exact(&self, path: &str) -> Option<Hit<'v>> {
        let vault = self.vault;
        let with_md = format!("{path}.md");
        for p in [path, with_md.as_str()] {
            if let Some(i) = vault.note_index(p) {
                return Some(Hit::Note(i));
            }
            if let Ok(a) = self.tables.assets.binary_search_by(|x| x.as_str().cmp(p)) {
                return Some(Hit::Asset(a));
            }
            if let Ok(t) = self
                .vault
                .template_notes
                .binary_search_by(|x| x.as_str().cmp(p))
            {
                return Some(Hit::Template(t));
            }
        }
        for p in [path, with_md.as_str()] {
            if let Some(hits) = self.tables.by_lower_path.get(&crate::text::lowercase(p)) {
                return hits.first().copied();
            }
        }
        None
    }

    /// Notes and files whose name (and the folders written before it)
    /// end `path`.
    fn by_name(&self, path: &str, folder: &str) -> Option<Found<'v>> {
        let lowered = crate::text::lowercase(path);
        let file_name = lowered.rsplit('/').next().unwrap_or(&lowered);
        let name = file_name.strip_suffix(".md").unwrap_or(file_name);
        let note_link = lowered.strip_suffix(".md").unwrap_or(&lowered);
        // A file named with its extension. No note is found so: a note
        // filed under `x.md` is `x.md.md`, which a link to `x.md` does not
        // name.
        let with_extension = (file_name != name)
            .then(|| self.tables.by_lower_name.get(file_name))
            .flatten()
            .into_iter()
            .flatten()
            .filter(|h| !matches!(h, Hit::Note(_) | Hit::Template(_)));
        let mut hits: Vec<Hit> = self
            .tables
            .by_lower_name
            .get(name)
            .into_iter()
            .flatten()
            .chain(with_extension)
            .copied()
            .filter(|h| match h {
                Hit::Note(_) | Hit::Template(_) => names_note(self.path_of(*h), note_link),
                Hit::Asset(_) | Hit::Folder(_) => {
                    ends_with_parts(&crate::text::lowercase(self.path_of(*h)), &lowered)
                }
            })
            .collect();
        hits.sort_by_key(|h| self.path_of(*h));
        hits.dedup();
        if hits.is_empty() {
            return None;
        }
        // Obsidian's choice: the linking note's folder, else the shortest
        // path (the first by path among equals).
        let in_folder = |h: &Hit| {
            let p = self.path_of(*h);
            p.rsplit_once('/').map_or("", |(d, _)| d) == folder
        };
        let chosen = hits.iter().copied().find(in_folder).or_else(|| {
            hits.iter()
                .copied()
                .min_by_key(|h| self.path_of(*h).chars().count())
        })?;
        let others = hits.into_iter().filter(|h| *h != chosen).collect();
        Some(Found {
            hit: chosen,
            others,
        })
    }

    fn with_fragment(&self, index: usize, fragment: Option<String>) -> Resolution {
        let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
            return Ok(Target::Note {
                index,
                anchor: None,
            });
        };
        let note = &self.vault.notes[index];
        if let Some(id) = fragment.strip_prefix('^') {
            return match note
                .blocks
                .iter()
                .position(|b| b.id.eq_ignore_ascii_case(id))
            {
                Some(k) => Ok(Target::Note {
                    index,
                    anchor: Some(Anchor::Block(k as u32)),
                }),
                None => fail(Problem::Block {
                    index,
                    id: id.to_owned(),
                }),
            };
        }
        match heading_path(&note.headings, &fragment) {
            Some(h) => Ok(Target::Note {
                index,
                anchor: Some(Anchor::Heading(h as u32)),
            }),
            None => fail(Problem::Anchor { index, fragment }),
        }
    }
}

/// Whether the note at `path` is one that a link to `link` names: `link`
/// is what the link writes, lowercased, without `.md`, and the note was
/// found under its file name lowercased, which is `link`'s last part. Its
/// path then has to end with the folders `link` writes before that part,
/// as Obsidian finds a link by name (case ignored).
pub fn names_note(path: &str, link: &str) -> bool {
    // A name alone ends the path: the path lowercases part by part, unless
    // a capital sigma, which lowercases by its neighbours, is in it.
    if !link.contains('/') && !path.contains('Σ') {
        return true;
    }
    crate::text::lowercase(path)
        .strip_suffix(".md")
        .is_some_and(|path| ends_with_parts(path, link))
}

/// Whether `path` ends with the whole parts of `parts` (`b/c` ends `a/b/c`
/// and `b/c`, not `ab/c`).
fn ends_with_parts(path: &str, parts: &str) -> bool {
    path.strip_suffix(parts)
        .is_some_and(|before| before.is_empty() || before.ends_with('/'))
}

/// The heading a fragment names: a slug (`#next-steps`), a heading's text
/// as Obsidian matches it (case and the punctuation links cannot hold
/// ignored), or a path of them (`A#B`: heading B within section A).
pub fn heading_path(headings: &[Heading], fragment: &str) -> Option<usize> {
    if let Some(h) = headings.iter().position(|h| h.slug == fragment) {
        return Some(h);
    }
    let mut within = 0..headings.len();
    let mut found = None;
    for part in fragment.split('#').map(str::trim).filter(|p| !p.is_empty()) {
        let wanted = heading_key(part);
        let as_slug = slug(part);
        let k = within
            .clone()
            .find(|&k| heading_key(&headings[k].text) == wanted || headings[k].slug == as_slug)?;
        let level = headings[k].level;
        let end = (k + 1..headings.len())
            .find(|&j| headings[j].level <= level)
            .unwrap_or(headings.len());
        within = k + 1..end;
        found = Some(k);
    }
    found
}

/// A heading's text as links match it: lowercased (in every script),
/// the characters a link cannot hold (`# | ^ : % [ ] \`) and runs of
/// spaces read as one space.
pub fn heading_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() || matches!(c, '#' | '|' | '^' | ':' | '%' | '[' | ']' | '\\') {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn scheme_of(dest: &str) -> Option<String> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    // A one-letter "scheme" is a Windows drive (`C:`), not a URL scheme.
    if !first.is_ascii_alphabetic()
        || scheme.len() < 2
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    Some(scheme.to_ascii_lowercase())
}

/// The few character references a URL in an HTML attribute may carry.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .into()
}

fn decode(s: &str) -> String {
    percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_owned(), |c| c.into_owned())
}

/// Joins `rel` onto the folder `base` and removes `.` and `..`; `None` when
/// the result would climb above the root.
/// `rel` from `base` as Obsidian resolves it: a `..` at the root stays at
/// the root.
pub fn clamped(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Whether `rel`, from folder `base`, climbs above the vault's root.
pub fn climbs_above_root(base: &str, rel: &str) -> bool {
    !rel.starts_with('/') && normalize(base, rel).is_none()
}

pub fn normalize(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    // Split at the two separators by bytes (both are ASCII, so every
    // piece stays whole UTF-8): a split by a list of characters decoded
    // each character and took a quarter of the work of resolving links.
    let mut start = 0;
    let ends = memchr::memchr2_iter(b'/', b'\\', rel.as_bytes()).chain([rel.len()]);
    for end in ends {
        let part = &rel[start..end];
        start = end + 1;
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::vault::Note;
    use crate::vault::markdown::Heading;
    use std::collections::{BTreeMap, BTreeSet};

    fn note(path: &str, headings: &[&str]) -> Note {
        Note {
            path: path.into(),
            read_from: None,
            digest: 0,
            front: None,
            body_start: 0,
            body_line: 1,
            visibility: crate::vault::Visibility::Published,
            headings: headings
                .iter()
                .map(|h| Heading {
                    level: 2,
                    text: (*h).into(),
                    slug: slug(h).into(),
                    pos: Pos::new(1, 1),
                })
                .collect(),
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

    fn vault() -> Vault {
        let notes = vec![
            note("clients/东义集团.md", &["会议纪要", "Next Steps"]),
            note("projects/P001/workbench.md", &[]),
            note("projects/P001-东义项目.md", &[]),
            note("kb/概览.md", &[]),
            note("archive/概览.md", &[]),
            note("kb/my note.md", &[]),
        ];
        let assets: BTreeMap<String, std::path::PathBuf> = [("assets/logo.png", "x")]
            .iter()
            .map(|(a, b)| ((*a).to_owned(), b.into()))
            .collect();
        let folders: BTreeSet<String> = [
            "",
            "clients",
            "projects",
            "projects/P001",
            "kb",
            "archive",
            "assets",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        Vault::from_parts(".".into(), notes, assets, folders, Vec::new())
    }

    fn idx(v: &Vault, p: &str) -> usize {
        v.note_index(p).unwrap()
    }

    /// A note found under its file name is named by a link of that name
    /// alone, and by one with folders only when its path ends with them,
    /// case ignored, as the whole path lowercased reads.
    #[test]
    fn a_note_is_named_by_its_name_and_the_folders_written_before_it() {
        assert!(names_note("客户/Acme.md", "acme"));
        assert!(names_note("a/客户/Acme.md", "客户/acme"));
        assert!(!names_note("b/Acme.md", "客户/acme"));
        assert!(!names_note("x客户/Acme.md", "客户/acme"));
        // A capital sigma before `.md` lowercases to `σ` in the path, not
        // to the `ς` of the name written alone.
        assert!(!names_note("Α/ΟΔΟΣ.md", "α/οδος"));
        assert!(names_note("Α/ΟΔΟΣ.md", "α/οδοσ"));
        assert!(!names_note("ΟΔΟΣ.md", "οδος"));
        assert!(names_note("ΟΔΟΣ.md", "οδοσ"));
        // Files and folders: whole parts only.
        assert!(ends_with_parts("a/b/c.png", "b/c.png"));
        assert!(ends_with_parts("b/c.png", "b/c.png"));
        assert!(!ends_with_parts("ab/c.png", "b/c.png"));
    }

    #[test]
    fn resolves_relative_cjk_and_percent_encoded_links() {
        let v = vault();
        let li = LinkIndex::new(&v);
        let from = idx(&v, "clients/东义集团.md");
        let work = idx(&v, "projects/P001/workbench.md");
        let ok = Ok(Target::Note {
            index: work,
            anchor: None,
        });
        assert_eq!(
            li.resolve(from, LinkKind::Markdown, "../projects/P001/workbench.md"),
            ok
        );
        assert_eq!(
            li.resolve(from, LinkKind::Markdown, "./../projects/P001/workbench.md"),
            ok
        );
        let enc = "../projects/P001-%E4%B8%9C%E4%B9%89%E9%A1%B9%E7%9B%AE.md";
        assert!(li.resolve(from, LinkKind::Markdown, enc).is_ok());
        assert!(
            li.resolve(from, LinkKind::Markdown, "../kb/my%20note.md")
                .is_ok()
        );
        assert!(
            li.resolve(from, LinkKind::Markdown, "../kb/my note.md")
                .is_ok()
        );
    }

    #[test]
    fn resolves_folder_links_with_or_without_slash() {
        let v = vault();
        let li = LinkIndex::new(&v);
        let from = idx(&v, "clients/东义集团.md");
        let folder = Ok(Target::Folder("projects/P001".into()));
        assert_eq!(
            li.resolve(from, LinkKind::Markdown, "../projects/P001/"),
            folder
        );
        assert_eq!(
            li.resolve(from, LinkKind::Markdown, "../projects/P001"),
            folder
        );
    }

    #[test]
    fn checks_fragments_against_heading_slugs() {
        let v = vault();
        let li = LinkIndex::new(&v);
        let from = idx(&v, "kb/概览.md");
        let target = idx(&v, "clients/东义集团.md");
        assert!(
            li.resolve(from, LinkKind::Markdown, "../clients/东义集团.md#会议纪要")
                .is_ok()
        );
        assert!(
            li.resolve(
                from,
                LinkKind::Markdown,
                "../clients/东义集团.md#next-steps"
            )
            .is_ok()
        );
        assert!(
            li.resolve(from, LinkKind::Wiki, "东义集团#Next Steps")
                .is_ok()
        );
        assert_eq!(
            li.resolve(from, LinkKind::Markdown, "../clients/东义集团.md#nope"),
            Err(Box::new(Problem::Anchor {
                index: target,
                fragment: "nope".into()
            }))
        );
        assert!(li.resolve(target, LinkKind::Markdown, "#会议纪要").is_ok());
    }

    #[test]
    fn wikilinks_by_name_and_shortest_unique_path() {
        let v = vault();
        let li = LinkIndex::new(&v);
        let from = idx(&v, "clients/东义集团.md");
        assert!(li.resolve(from, LinkKind::Wiki, "P001-东义项目").is_ok());
        // Two notes of one name: the shortest path, with the other named.
        let (resolved, others) = li.resolve_detailed(from, LinkKind::Wiki, "概览");
        assert_eq!(
            resolved,
            Ok(Target::Note {
                index: idx(&v, "kb/概览.md"),
                anchor: None
            })
        );
        assert_eq!(others, ["archive/概览.md"]);
        // The linking note's folder comes first.
        let (resolved, _) = li.resolve_detailed(idx(&v, "archive/概览.md"), LinkKind::Wiki, "概览");
        assert_eq!(
            resolved,
            Ok(Target::Note {
                index: idx(&v, "archive/概览.md"),
                anchor: None
            })
        );
        assert_eq!(
            li.resolve(from, LinkKind::Wiki, "kb/概览"),
            Ok(Target::Note {
                index: idx(&v, "kb/概览.md"),
                anchor: None
            })
        );
        assert_eq!(
            li.resolve(from, LinkKind::WikiEmbed, "logo.png"),
            Ok(Target::Asset("assets/logo.png".into()))
        );
        assert!(matches!(
            li.resolve(from, LinkKind::Wiki, "不存在"),
            Err(p) if matches!(*p, Problem::Missing { .. })
        ));
    }

    #[test]
    fn external_links_pass_and_scripts_do_not() {
        let v = vault();
        let li = LinkIndex::new(&v);
        assert!(matches!(
            li.resolve(0, LinkKind::Markdown, "https://example.com"),
            Ok(Target::External(_))
        ));
        assert!(matches!(
            li.resolve(0, LinkKind::Markdown, "mailto:a@b.c"),
            Ok(Target::External(_))
        ));
        assert_eq!(
            li.resolve(0, LinkKind::Markdown, "JavaScript:alert(1)"),
            Err(Box::new(Problem::Unsafe {
                scheme: "javascript".into()
            }))
        );
    }

    #[test]
    fn links_cannot_climb_out_of_the_vault() {
        let v = vault();
        let li = LinkIndex::new(&v);
        // Stopped at the root, as Obsidian does: never a file outside.
        assert_eq!(
            li.resolve(0, LinkKind::Markdown, "../../../etc/passwd"),
            Err(Box::new(Problem::Missing {
                path: "etc/passwd".into()
            }))
        );
        assert_eq!(clamped("a", "../../b/c.png"), "b/c.png");
        assert!(climbs_above_root("a", "../../b.png"));
        assert!(!climbs_above_root("a/b", "../c.png"));
        assert_eq!(normalize("a/b", "../c/./d"), Some("a/c/d".into()));
    }

    #[test]
    fn a_path_is_split_at_either_slash() {
        for (base, rel, joined) in [
            ("a/b", "../c/./d", Some("a/c/d")),
            ("客户/华东", "..\\项目\\东义.md", Some("客户/项目/东义.md")),
            ("a", "/root.md", Some("root.md")),
            ("a", "", Some("a")),
            ("a", "b//c/", Some("a/b/c")),
            ("", "..", None),
            ("a", "../..", None),
            ("", "é/./ü\\..", Some("é")),
        ] {
            assert_eq!(normalize(base, rel).as_deref(), joined, "{base} + {rel}");
        }
    }
}
