//! Links in a note's front matter, wherever they are: `company:
//! "[[Acme]]"`, `categories: ["[[Clients]]"]`, `source: "[doc](a.md)"`.
//! Obsidian resolves them like the body's links; so does dossier, after
//! the body's (each at its line and column in the file).

use super::canonical_key;
use super::lines::LineIndex;
use super::markdown::{Link, LinkKind};
use super::yaml::{Node, Value};
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
        walk(value, source, lines, &mut out);
    }
    out
}

fn walk(node: &Node, source: &str, lines: &LineIndex, out: &mut Vec<Link>) {
    match &node.value {
        Value::Str(text) => in_text(text, node.pos, source, lines, out),
        // `[[Acme]]` unquoted is, to YAML, a list holding a list.
        Value::Seq(items)
            if items.len() == 1
                && matches!(&items[0].value, Value::Seq(inner)
                    if inner.len() == 1 && matches!(inner[0].value, Value::Str(_))) =>
        {
            if let Value::Seq(inner) = &items[0].value
                && let Value::Str(name) = &inner[0].value
            {
                out.push(Link {
                    kind: LinkKind::Wiki,
                    dest: wiki_target(name).to_owned(),
                    pos: node.pos,
                });
            }
        }
        Value::Seq(items) => {
            for item in items {
                walk(item, source, lines, out);
            }
        }
        _ => {}
    }
}

/// A wikilink's target: before `|` (its text), `#` and all.
fn wiki_target(inner: &str) -> &str {
    inner.split('|').next().unwrap_or(inner).trim()
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

/// The wikilinks and Markdown links of one text value.
fn in_text(text: &str, at: Pos, source: &str, lines: &LineIndex, out: &mut Vec<Link>) {
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("]]") else {
            break;
        };
        let inner = &after[..close];
        let written = &rest[open..open + 2 + close + 2];
        if !inner.trim().is_empty() {
            out.push(Link {
                kind: LinkKind::Wiki,
                dest: wiki_target(inner).to_owned(),
                pos: position_of(written, at, source, lines),
            });
        }
        rest = &after[close + 2..];
    }
    // `[text](dest)`: a Markdown link in a text value.
    let mut rest = text;
    while let Some(mid) = rest.find("](") {
        let before = &rest[..mid];
        let after = &rest[mid + 2..];
        let Some(close) = after.find(')') else {
            break;
        };
        if let Some(open) = before.rfind('[')
            && !before[..open].ends_with('[')
            && !after[..close].is_empty()
        {
            let written = &rest[open..mid + 2 + close + 1];
            out.push(Link {
                kind: LinkKind::Markdown,
                dest: after[..close].trim().to_owned(),
                pos: position_of(written, at, source, lines),
            });
        }
        rest = &after[close + 1..];
    }
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
                (LinkKind::Wiki, "B".into(), Pos::new(4, 35)),
                (LinkKind::Markdown, "notes/a.md".into(), Pos::new(4, 13)),
                (LinkKind::Wiki, "Unquoted".into(), Pos::new(6, 10)),
            ]
        );
    }
}
