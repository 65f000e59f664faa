//! Links in a note's front matter, wherever they are: `company:
//! "[[Acme]]"`, `categories: ["[[Clients]]"]`, `source: "[doc](a.md)"`.
//! Obsidian resolves them like the body's links; so does dossier, after
//! the body's (each at its line and column in the file).

use super::canonical_key;
use super::lines::LineIndex;
use super::markdown::{Link, LinkKind};
use super::yaml::{Node, Str, Value};
use crate::config::Config;
use crate::diagnostics::Pos;

/// Keys whose links are read elsewhere (references to clients and people,
/// checked as references) or are not links at all.
const NOT_HERE: &[&str] = &[
    "client",
    "clients",
    "contacts",
    "tags",
    "tag",
    "aliases",
    "alias",
    "cssclasses",
    "type",
    "private",
    "title",
];

/// The links of `front`, in the order its keys and items are written.
pub fn links(front: &Node, config: &Config, source: &str, lines: &LineIndex) -> Vec<Link> {
    let mut out = Vec::new();
    for (key, value) in front.entries() {
        if NOT_HERE.contains(&canonical_key(config, &key.name)) {
            continue;
        }
        walk(value, &mut |piece, at| {
            if let Piece::Link {
                kind,
                dest,
                written,
                ..
            } = piece
            {
                out.push(Link {
                    kind,
                    dest: dest.to_owned(),
                    pos: match written {
                        Some(written) => position_of(written, at, source, lines),
                        None => at,
                    },
                });
            }
        });
    }
    out
}

/// A piece of a text value: text, or a link in it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece<'t> {
    Text(&'t str),
    /// Between two items of a list.
    Next,
    Link {
        kind: LinkKind,
        dest: &'t str,
        /// What a reader sees: a wikilink's text after `|`, else its
        /// target; a Markdown link's text.
        shown: &'t str,
        /// The link as written, to find it on its line; `None` for
        /// `[[Acme]]` unquoted, which YAML reads as a list in a list.
        written: Option<&'t str>,
    },
}

/// The pieces of a value, in the order they are written, with the
/// position of the node each comes from.
fn walk<'n>(node: &'n Node, each: &mut dyn FnMut(Piece<'n>, Pos)) {
    match &node.value {
        Value::Str(text) => {
            for piece in pieces(text) {
                each(piece, node.pos);
            }
        }
        // `[[Acme]]` unquoted is, to YAML, a list holding a list.
        Value::Seq(items)
            if items.len() == 1
                && matches!(&items[0].value, Value::Seq(inner)
                    if inner.len() == 1 && matches!(inner[0].value, Value::Str(_))) =>
        {
            if let Value::Seq(inner) = &items[0].value
                && let Value::Str(name) = &inner[0].value
            {
                let (dest, shown) = wiki_parts(name);
                each(
                    Piece::Link {
                        kind: LinkKind::Wiki,
                        dest,
                        shown,
                        written: None,
                    },
                    node.pos,
                );
            }
        }
        Value::Seq(items) => {
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    each(Piece::Next, item.pos);
                }
                walk(item, each);
            }
        }
        Value::Bool(b) => each(Piece::Text(if *b { "true" } else { "false" }), node.pos),
        Value::Int(_, raw) | Value::Float(_, raw) => each(Piece::Text(raw), node.pos),
        Value::Null | Value::Map(_) => {}
    }
}

/// A wikilink's target (before `|`, `#` and all) and the text it shows.
fn wiki_parts(inner: &str) -> (&str, &str) {
    match inner.split_once('|') {
        Some((target, shown)) => (target.trim(), shown.trim()),
        None => (inner.trim(), inner.trim()),
    }
}

/// Where `written` stands in the file: on the value's line at or after its
/// column, else the value's position.
fn position_of(written: &str, at: Pos, source: &str, lines: &LineIndex) -> Pos {
    let Some(start) = lines.offset(source, at) else {
        return at;
    };
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |e| start + e);
    match source[start..line_end].find(written) {
        Some(k) => lines.pos(source, start + k),
        None => at,
    }
}

/// The wikilinks and Markdown links of one text value and the text around
/// them, in the order they are written.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut plain = 0;
    let mut at = 0;
    while let Some(open) = text[at..].find('[').map(|k| at + k) {
        let found = if text[open..].starts_with("[[") {
            text[open + 2..].find("]]").and_then(|close| {
                let inner = &text[open + 2..open + 2 + close];
                let end = open + 2 + close + 2;
                let (dest, shown) = wiki_parts(inner);
                (!dest.is_empty()).then_some((LinkKind::Wiki, dest, shown, end))
            })
        } else {
            // `[text](dest)`, the text without brackets of its own.
            text[open + 1..].find(']').and_then(|mid| {
                let shown = &text[open + 1..open + 1 + mid];
                let after = open + 1 + mid + 1;
                let close = text[after..].strip_prefix('(')?.find(')')?;
                let dest = text[after + 1..after + 1 + close].trim();
                (!shown.contains('[') && !dest.is_empty()).then_some((
                    LinkKind::Markdown,
                    dest,
                    shown,
                    after + 1 + close + 1,
                ))
            })
        };
        match found {
            Some((kind, dest, shown, end)) => {
                if plain < open {
                    out.push(Piece::Text(&text[plain..open]));
                }
                out.push(Piece::Link {
                    kind,
                    dest,
                    shown,
                    written: Some(&text[open..end]),
                });
                plain = end;
                at = end;
            }
            None => at = open + 1,
        }
    }
    if plain < text.len() {
        out.push(Piece::Text(&text[plain..]));
    }
    out
}

/// Keys never shown among a note's properties besides those of
/// [`super::EVERY_NOTE`]: not for readers, or said elsewhere on the page.
const NOT_SHOWN: &[&str] = &["cssclass", "private", "publish", "permalink"];

/// Keys whose values are a person's contact details: withheld from the
/// properties unless `publish_contact_fields` names the field (`phone`,
/// `email`); the others never.
const CONTACT_DETAILS: &[(&str, &str)] = &[
    ("phone", "phone"),
    ("mobile", "phone"),
    ("tel", "phone"),
    ("telephone", "phone"),
    ("电话", "phone"),
    ("手机", "phone"),
    ("手机号", "phone"),
    ("email", "email"),
    ("e-mail", "email"),
    ("mail", "email"),
    ("邮箱", "email"),
    ("wechat", ""),
    ("微信", ""),
    ("address", ""),
    ("地址", ""),
    ("id_card", ""),
    ("身份证", ""),
    ("password", ""),
    ("密码", ""),
];

/// One property of a note as Obsidian's Properties view shows it: its key
/// as written, its value in pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub key: Str,
    pub value: Vec<PropertyPart>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PropertyPart {
    Text(Str),
    /// Between two items of a list.
    Next,
    /// The note's link of this index (`Note::links`), showing `text`.
    Link {
        index: u32,
        text: Str,
    },
}

/// The properties of `front` that its kind does not read (`known`, the
/// keys of `kind`), in the order written: what the page shows
/// beside the fields it reads. Links are the note's, counted from
/// `first_link`, where the front matter's links start among its links.
/// Contact details, and a value that looks like an e-mail address, are
/// left out unless published by config; so are empty values.
pub fn properties(
    front: &Node,
    config: &Config,
    kind: Option<crate::config::Kind>,
    first_link: usize,
    known: &[&str],
) -> Vec<Property> {
    let mut out = Vec::new();
    let mut next_link = first_link;
    // As `Fields` reads a key: the kind's aliases, then the global ones,
    // case aside.
    let read = |name: &str| {
        let as_written = config.aliases.field(kind, name);
        known.contains(&as_written)
            || known.contains(&config.aliases.field(kind, &name.to_ascii_lowercase()))
    };
    for (key, value) in front.entries() {
        let canonical = canonical_key(config, &key.name);
        let linked = !NOT_HERE.contains(&canonical);
        let lower = canonical.to_lowercase();
        let withheld = CONTACT_DETAILS
            .iter()
            .find(|(k, _)| *k == lower)
            .is_some_and(|(_, field)| field.is_empty() || !config.publishes(field));
        let shown = !read(&key.name)
            && !super::EVERY_NOTE.contains(&lower.as_str())
            && !NOT_SHOWN.contains(&lower.as_str())
            && !withheld;
        let mut parts = Vec::new();
        let mut looks_like_mail = false;
        walk(value, &mut |piece, _| match piece {
            Piece::Text(text) => {
                looks_like_mail |= is_mail_address(text);
                parts.push(PropertyPart::Text(text.into()));
            }
            Piece::Next => parts.push(PropertyPart::Next),
            Piece::Link { shown: text, .. } if !linked => {
                parts.push(PropertyPart::Text(text.into()));
            }
            Piece::Link { shown: text, .. } => {
                parts.push(PropertyPart::Link {
                    index: next_link as u32,
                    text: text.into(),
                });
                next_link += 1;
            }
        });
        let empty = parts.iter().all(|p| {
            matches!(p, PropertyPart::Next)
                || matches!(p, PropertyPart::Text(t) if t.trim().is_empty())
        });
        let mail_withheld = looks_like_mail && !config.publishes("email");
        if shown && !empty && !mail_withheld {
            out.push(Property {
                key: key.name.clone(),
                value: parts,
            });
        }
    }
    out
}

/// Whether `text` holds something shaped like an e-mail address.
fn is_mail_address(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';'))
        .any(|word| {
            word.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty()
                    && host.contains('.')
                    && !host.starts_with('.')
                    && !host.ends_with('.')
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_in_every_value_at_their_place() {
        let source = "---\ncompany: \"[[Acme]]\"\ncategories: [\"[[Clients]]\", plain]\nsource: see [doc](notes/a.md) and [[B|the b]]\nclient: \"[[Skip]]\"\nrelated: [[Unquoted]]\n---\n";
        let yaml = &source[4..source.len() - 4];
        let front = crate::vault::yaml::parse(yaml).unwrap();
        let front = super::super::shift(front, 1);
        let lines = LineIndex::new(source);
        let config = Config::default();
        let found: Vec<(LinkKind, String, Pos)> = links(&front, &config, source, &lines)
            .into_iter()
            .map(|l| (l.kind, l.dest, l.pos))
            .collect();
        assert_eq!(
            found,
            [
                (LinkKind::Wiki, "Acme".into(), Pos::new(2, 11)),
                (LinkKind::Wiki, "Clients".into(), Pos::new(3, 15)),
                (LinkKind::Markdown, "notes/a.md".into(), Pos::new(4, 13)),
                (LinkKind::Wiki, "B".into(), Pos::new(4, 35)),
                (LinkKind::Wiki, "Unquoted".into(), Pos::new(6, 10)),
            ]
        );
    }

    /// The properties a page shows: keys its kind does not read, in the
    /// order written, links numbered after the body's, contact details and
    /// what says what the note is left out.
    #[test]
    fn properties_are_what_the_kind_does_not_read() {
        let source = "---\nType: deal\nStage: proposal\ncompany: \"[[Acme|ACME]]\"\nclient: \"[[Acme]]\"\nrelated: [\"[[A]]\", \"see [b](b.md)\", 3]\nPhone: 123\n负责人邮箱: li@acme.cn\nrating: 4\nempty:\ntags: [x]\n---\n";
        let yaml = &source[4..source.len() - 4];
        let front = super::super::shift(crate::vault::yaml::parse(yaml).unwrap(), 1);
        let config = Config::default();
        let props = properties(
            &front,
            &config,
            Some(crate::config::Kind::Opportunity),
            5,
            &["stage", "client"],
        );
        let shown: Vec<(&str, Vec<PropertyPart>)> =
            props.iter().map(|p| (&*p.key, p.value.clone())).collect();
        let text = |t: &str| PropertyPart::Text(t.into());
        let link = |index: u32, t: &str| PropertyPart::Link {
            index,
            text: t.into(),
        };
        assert_eq!(
            shown,
            [
                ("company", vec![link(5, "ACME")]),
                (
                    "related",
                    vec![
                        link(6, "A"),
                        PropertyPart::Next,
                        text("see "),
                        link(7, "b"),
                        PropertyPart::Next,
                        text("3"),
                    ]
                ),
                ("rating", vec![text("4")]),
            ]
        );
        // The links the properties number are the links `links` finds.
        let lines = LineIndex::new(source);
        let found: Vec<String> = links(&front, &config, source, &lines)
            .into_iter()
            .map(|l| l.dest)
            .collect();
        assert_eq!(found, ["Acme", "A", "b.md"]);
        let published = Config {
            publish_contact_fields: vec!["phone".into(), "email".into()],
            ..Config::default()
        };
        let keys: Vec<String> = properties(&front, &published, None, 0, &[])
            .iter()
            .map(|p| p.key.to_string())
            .collect();
        assert_eq!(
            keys,
            [
                "Stage",
                "company",
                "client",
                "related",
                "Phone",
                "负责人邮箱",
                "rating"
            ]
        );
    }
}
