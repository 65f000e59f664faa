//! Where a link points: one resolver shared by the link checker and the
//! renderer, so a link the checker passes is a link the site can draw.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;

use crate::vault::Vault;
use crate::vault::markdown::LinkKind;
use crate::vault::slug::slug;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A note, with the heading the link names (its index among the
    /// note's headings; already checked).
    Note { index: usize, heading: Option<u32> },
    /// A folder, vault-relative without a trailing slash (`""` is the root).
    Folder(Box<str>),
    /// A file that is not a note, vault-relative.
    Asset(Box<str>),
    /// `http(s)://`, `mailto:` and `tel:` links; not checked.
    External(Box<str>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing in the vault at this path.
    Missing { path: String },
    /// `../` climbs above the vault root.
    Outside,
    /// The note exists, the heading does not.
    Anchor { index: usize, fragment: String },
    /// A wikilink name that more than one note has.
    Ambiguous { candidates: Vec<String> },
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

/// Lookup tables over one vault, built once per run.
pub struct LinkIndex<'v> {
    vault: &'v Vault,
    by_stem: HashMap<&'v str, Vec<usize>>,
    by_lower_stem: HashMap<String, Vec<usize>>,
    assets_by_name: HashMap<&'v str, Vec<&'v str>>,
    /// Folder → the published notes and the files in it, for "did you
    /// mean" (a private note is never suggested).
    entries_by_folder: HashMap<&'v str, Vec<&'v str>>,
    /// How many entries there are in all.
    entries: usize,
}

impl<'v> LinkIndex<'v> {
    pub fn new(vault: &'v Vault) -> Self {
        let mut by_stem: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_lower_stem: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, note) in vault.notes.iter().enumerate() {
            by_stem.entry(note.stem()).or_default().push(i);
            by_lower_stem
                .entry(note.stem().to_lowercase())
                .or_default()
                .push(i);
        }
        let mut assets_by_name: HashMap<&str, Vec<&str>> = HashMap::new();
        for path in vault.assets.keys() {
            let name = path.rsplit('/').next().unwrap_or(path);
            assets_by_name.entry(name).or_default().push(path);
        }
        let mut entries_by_folder: HashMap<&str, Vec<&str>> = HashMap::new();
        let published = vault
            .notes
            .iter()
            .filter(|n| !n.private)
            .map(|n| n.path.as_str());
        let mut entries = 0;
        for path in published.chain(vault.assets.keys().map(String::as_str)) {
            let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
            entries_by_folder.entry(folder).or_default().push(path);
            entries += 1;
        }
        LinkIndex {
            vault,
            by_stem,
            by_lower_stem,
            assets_by_name,
            entries_by_folder,
            entries,
        }
    }

    /// Notes (not private) and files to suggest for a path that reaches
    /// nothing: those of its folder, or for a bare name those anywhere;
    /// `None` when there are more than `limit` (a guess among thousands
    /// costs more than it helps).
    pub fn suggestion_candidates(&self, path: &str, limit: usize) -> Option<Vec<&'v str>> {
        let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
        if folder.is_empty() && !path.contains('.') {
            if self.entries > limit {
                return None;
            }
            return Some(self.entries_by_folder.values().flatten().copied().collect());
        }
        let in_folder = self.entries_by_folder.get(folder)?;
        (in_folder.len() <= limit).then(|| in_folder.clone())
    }

    /// Resolves `dest` as written in note `from`.
    pub fn resolve(&self, from: usize, kind: LinkKind, dest: &str) -> Resolution {
        match kind {
            LinkKind::Markdown | LinkKind::Image | LinkKind::HtmlLink | LinkKind::HtmlImage => {
                self.resolve_path(from, &decode_entities(dest))
            }
            LinkKind::Wiki | LinkKind::WikiEmbed => self.resolve_wiki(from, dest),
        }
    }

    fn resolve_path(&self, from: usize, dest: &str) -> Resolution {
        let dest = dest.trim();
        if let Some(scheme) = scheme_of(dest) {
            return match scheme.as_str() {
                "http" | "https" | "mailto" | "tel" => Ok(Target::External(dest.into())),
                _ => fail(Problem::Unsafe { scheme }),
            };
        }
        if dest.starts_with("//") {
            return Ok(Target::External(dest.into()));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or("");
        if path.is_empty() {
            return self.with_fragment(from, fragment);
        }
        let decoded = decode(path);
        let wants_folder = decoded.ends_with('/');
        let base = if decoded.starts_with('/') {
            ""
        } else {
            self.vault.notes[from].folder()
        };
        let target = normalize(base, &decoded).ok_or(Problem::Outside)?;
        let vault = self.vault;
        if !wants_folder {
            if let Some(i) = vault.note_index(&target) {
                return self.with_fragment(i, fragment);
            }
            if vault.assets.contains_key(&target) {
                return Ok(Target::Asset(target.into()));
            }
        }
        if vault.folders.contains(&target) {
            return Ok(Target::Folder(target.into()));
        }
        if !wants_folder && let Some(i) = vault.note_index(&format!("{target}.md")) {
            return self.with_fragment(i, fragment);
        }
        fail(Problem::Missing { path: target })
    }

    fn resolve_wiki(&self, from: usize, dest: &str) -> Resolution {
        let (name, fragment) = match dest.split_once('#') {
            Some((n, f)) => (n.trim(), Some(f.trim().to_owned())),
            None => (dest.trim(), None),
        };
        if name.is_empty() {
            return self.with_fragment(from, fragment);
        }
        let name = name.trim_start_matches('/');
        let file_name = name.rsplit('/').next().unwrap_or(name);
        let is_note_name = match file_name.rsplit_once('.') {
            Some((_, ext)) => {
                ext.eq_ignore_ascii_case("md")
                    || ext.chars().any(|c| !c.is_ascii_alphanumeric())
                    || ext.len() > 5
            }
            None => true,
        };
        if !is_note_name {
            return self.resolve_wiki_asset(name, file_name);
        }
        let name = name
            .strip_suffix(".md")
            .or_else(|| name.strip_suffix(".MD"))
            .unwrap_or(name);
        let stem = name.rsplit('/').next().unwrap_or(name);
        let suffix = format!("/{name}.md");
        let exact = |candidates: &[usize]| -> Vec<usize> {
            candidates
                .iter()
                .copied()
                .filter(|&i| {
                    let p = &self.vault.notes[i].path;
                    !name.contains('/') || p == &format!("{name}.md") || p.ends_with(&suffix)
                })
                .collect()
        };
        let mut matches = self.by_stem.get(stem).map_or_else(Vec::new, |c| exact(c));
        if matches.is_empty() {
            let lowered_suffix = suffix.to_lowercase();
            let lowered_name = format!("{}.md", name.to_lowercase());
            matches = self
                .by_lower_stem
                .get(&stem.to_lowercase())
                .map_or_else(Vec::new, |c| {
                    c.iter()
                        .copied()
                        .filter(|&i| {
                            let p = self.vault.notes[i].path.to_lowercase();
                            !name.contains('/') || p == lowered_name || p.ends_with(&lowered_suffix)
                        })
                        .collect()
                });
        }
        match matches.as_slice() {
            [] => {
                if self.vault.folders.contains(name) {
                    return Ok(Target::Folder(name.into()));
                }
                fail(Problem::Missing {
                    path: name.to_owned(),
                })
            }
            [one] => self.with_fragment(*one, fragment),
            many => fail(Problem::Ambiguous {
                candidates: many
                    .iter()
                    .map(|&i| self.vault.notes[i].path.clone())
                    .collect(),
            }),
        }
    }

    fn resolve_wiki_asset(&self, name: &str, file_name: &str) -> Resolution {
        if self.vault.assets.contains_key(name) {
            return Ok(Target::Asset(name.into()));
        }
        let candidates: Vec<&str> = self
            .assets_by_name
            .get(file_name)
            .map(|c| {
                c.iter()
                    .copied()
                    .filter(|p| *p == name || p.ends_with(&format!("/{name}")))
                    .collect()
            })
            .unwrap_or_default();
        match candidates.as_slice() {
            [] => fail(Problem::Missing {
                path: name.to_owned(),
            }),
            [one] => Ok(Target::Asset((*one).into())),
            many => fail(Problem::Ambiguous {
                candidates: many.iter().map(|s| (*s).to_owned()).collect(),
            }),
        }
    }

    fn with_fragment(&self, index: usize, fragment: Option<String>) -> Resolution {
        let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
            return Ok(Target::Note {
                index,
                heading: None,
            });
        };
        let headings = &self.vault.notes[index].headings;
        if fragment.starts_with('^') {
            // Obsidian block references are not headings; the note is enough.
            return Ok(Target::Note {
                index,
                heading: None,
            });
        }
        let as_slug = slug(&fragment);
        match headings
            .iter()
            .position(|h| h.slug == fragment)
            .or_else(|| headings.iter().position(|h| h.slug == as_slug))
        {
            Some(h) => Ok(Target::Note {
                index,
                heading: Some(h as u32),
            }),
            None => fail(Problem::Anchor { index, fragment }),
        }
    }
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
pub fn normalize(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in rel.split(['/', '\\']) {
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
            withheld: false,
            private: false,
            unread: false,
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
            has_html: false,
            opens_with_h1: false,
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

    #[test]
    fn resolves_relative_cjk_and_percent_encoded_links() {
        let v = vault();
        let li = LinkIndex::new(&v);
        let from = idx(&v, "clients/东义集团.md");
        let work = idx(&v, "projects/P001/workbench.md");
        let ok = Ok(Target::Note {
            index: work,
            heading: None,
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
        assert!(matches!(
            li.resolve(from, LinkKind::Wiki, "概览"),
            Err(p) if matches!(*p, Problem::Ambiguous { .. })
        ));
        assert_eq!(
            li.resolve(from, LinkKind::Wiki, "kb/概览"),
            Ok(Target::Note {
                index: idx(&v, "kb/概览.md"),
                heading: None
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
        assert_eq!(
            li.resolve(0, LinkKind::Markdown, "../../../etc/passwd"),
            Err(Box::new(Problem::Outside))
        );
        assert_eq!(normalize("a/b", "../c/./d"), Some("a/c/d".into()));
    }
}
