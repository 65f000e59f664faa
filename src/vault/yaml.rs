//! A YAML value tree that remembers where every key and value stood.
//!
//! Typed serde structs stop at the first error and cannot honour field aliases
//! chosen at run time; this tree keeps the position of every node so the model
//! can collect every problem of a file and point at each one. It is built from
//! the events of serde-saphyr's own parser (`serde_saphyr::granit_parser`):
//! going through serde with `Spanned` on every node measured 1.9 times slower
//! for the same trees (see docs/dependencies.md).

use crate::diagnostics::message::{Found, ValueKind, YamlProblem};
use std::borrow::Cow;
use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span, StrInput, Tag};

use crate::diagnostics::Pos;

/// Text of the tree, and of the records typed from it. Most keys and values
/// are short (names, codes, enum keys, dates) and are kept inline, without
/// an allocation of their own: fewer short-lived allocations while a vault
/// is read, and a smaller model once it is.
pub type Str = compact_str::CompactString;

/// One YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// A mapping key, always turned into text, with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: Str,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer and its spelling in the file (inline when short, like
    /// other text: most are).
    Int(i64, Str),
    /// A number with a fraction or exponent and its spelling in the file.
    Float(f64, Str),
    Str(Str),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Value {
    /// What the value is, in words for a diagnostic.
    /// The kind of the value, as messages name it.
    pub fn kind(&self) -> ValueKind {
        match self {
            Value::Null => ValueKind::Nothing,
            Value::Bool(_) => ValueKind::Boolean,
            Value::Int(..) => ValueKind::Integer,
            Value::Float(..) => ValueKind::Number,
            Value::Str(_) => ValueKind::Text,
            Value::Seq(_) => ValueKind::List,
            Value::Map(_) => ValueKind::Mapping,
        }
    }

    /// The kind and the text of a value, as a message quotes it.
    pub fn found(&self) -> Found {
        Found {
            kind: self.kind(),
            text: self.scalar_text().map(|t| t.to_string()),
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(..) => "an integer",
            Value::Float(..) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The name a mapping key with this value goes by: its text, or the
    /// spelling of a number or boolean (empty for a null or a collection).
    pub fn into_key_name(self) -> Str {
        match self {
            Value::Str(name) => name,
            other => other.scalar_text().unwrap_or_default(),
        }
    }

    /// The scalar as text, the way it reads in the file; `None` for lists,
    /// mappings and nulls.
    pub fn scalar_text(&self) -> Option<Str> {
        match self {
            Value::Bool(b) => Some(if *b { "true" } else { "false" }.into()),
            Value::Int(_, raw) | Value::Float(_, raw) => Some(raw.clone()),
            Value::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl Node {
    /// Entries of a mapping node, or an empty slice.
    pub fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The first entry whose key is `name`.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A YAML problem at a position of the YAML text (1-based, relative to it).
#[derive(Debug, Clone)]
pub struct YamlError {
    pub problem: YamlProblem,
    pub pos: Option<Pos>,
}

/// Aliases may expand to at most this many nodes per block: enough for any
/// real front matter, and a "billion laughs" block stops at once.
const MAX_NODES: usize = 250_000;
/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 200;

/// Parses a front-matter block into a tree. Booleans are only `true`/`false`
/// and numbers with leading zeros stay text, so `NO`, `on` and `0123456789`
/// keep the spelling the author wrote; numbers keep theirs too. The common
/// shape of front matter is read by [`super::simple_yaml`], the rest by the
/// parser's events.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    match super::simple_yaml::parse(text) {
        Some(node) => Ok(node),
        None => parse_events(text),
    }
}

/// [`parse`] through the parser's events, for any YAML: the reference the
/// simple reader is compared with (its tests, the `yaml_readers` fuzz
/// target).
pub fn parse_events(text: &str) -> Result<Node, YamlError> {
    let mut builder = Builder {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        nodes: 0,
    };
    loop {
        match builder.next()? {
            None | Some((Event::StreamEnd, _)) => {
                return Ok(Node {
                    value: Value::Null,
                    pos: Pos::new(1, 1),
                });
            }
            Some((Event::StreamStart | Event::DocumentStart(..), _)) => continue,
            Some(first) => return builder.node(first, 0).map(|(node, _)| node),
        }
    }
}

struct Builder<'a> {
    parser: Parser<'a, StrInput<'a>>,
    /// Anchor id → the node and how many nodes it holds.
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
}

fn pos_at(span: &Span) -> Pos {
    Pos::new(span.start.line() as u32, span.start.col() as u32 + 1)
}

impl<'a> Builder<'a> {
    /// The next event that is part of the data: comments (and the anchor
    /// metadata some parser options add) are presentation, and skipped.
    /// Only where an event starts is kept: the rest of its span would be
    /// moved along with every event for nothing.
    fn next(&mut self) -> Result<Option<(Event<'a>, Pos)>, YamlError> {
        loop {
            match self.parser.next() {
                None => return Ok(None),
                Some(Ok((Event::Comment(..) | Event::Anchor(..), _))) => continue,
                Some(Ok((event, span))) => return Ok(Some((event, pos_at(&span)))),
                Some(Err(err)) => {
                    return Err(YamlError {
                        problem: YamlProblem::Parser { detail: err.info() },
                        pos: Some(Pos::new(
                            err.marker().line() as u32,
                            err.marker().col() as u32 + 1,
                        )),
                    });
                }
            }
        }
    }

    fn expect_next(&mut self, at: Pos) -> Result<(Event<'a>, Pos), YamlError> {
        self.next()?.ok_or(YamlError {
            problem: YamlProblem::EndsEarly,
            pos: Some(at),
        })
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), YamlError> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(YamlError {
                problem: YamlProblem::TooManyValues { limit: MAX_NODES },
                pos: Some(pos),
            });
        }
        Ok(())
    }

    /// Builds the node that starts with `first`; returns it with the number
    /// of nodes it holds.
    fn node(&mut self, first: (Event<'a>, Pos), depth: usize) -> Result<(Node, usize), YamlError> {
        let (event, pos) = first;
        if depth > MAX_DEPTH {
            return Err(YamlError {
                problem: YamlProblem::TooDeep { limit: MAX_DEPTH },
                pos: Some(pos),
            });
        }
        self.count(1, pos)?;
        let (node, size, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve(text, style, tag.as_deref());
                (Node { value, pos }, 1, anchor)
            }
            Event::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                let mut size = 1;
                loop {
                    let next = self.expect_next(pos)?;
                    if matches!(next.0, Event::SequenceEnd) {
                        break;
                    }
                    let (item, n) = self.node(next, depth + 1)?;
                    size += n;
                    items.push(item);
                }
                let value = Value::Seq(items);
                (Node { value, pos }, size, anchor)
            }
            Event::MappingStart(_, anchor, _) => {
                let mut entries: Vec<(Key, Node)> = Vec::new();
                // Merged keys never override the mapping's own, wherever
                // the `<<` stands, so they are added at the end.
                let mut merges = Vec::new();
                let mut size = 1;
                loop {
                    let next = self.expect_next(pos)?;
                    if matches!(next.0, Event::MappingEnd) {
                        break;
                    }
                    let (key, kn) = self.node(next, depth + 1)?;
                    let following = self.expect_next(key.pos)?;
                    let (value, vn) = self.node(following, depth + 1)?;
                    size += kn + vn;
                    let name = key.value.into_key_name();
                    if name == "<<" {
                        merges.push(value);
                        continue;
                    }
                    entries.push((Key { name, pos: key.pos }, value));
                }
                for value in merges {
                    merge(&mut entries, value);
                }
                let value = Value::Map(entries);
                (Node { value, pos }, size, anchor)
            }
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id) else {
                    return Err(YamlError {
                        problem: YamlProblem::UnknownAnchor,
                        pos: Some(pos),
                    });
                };
                let (mut node, size) = (node.clone(), *size);
                self.count(size, pos)?;
                node.pos = pos;
                return Ok((node, size));
            }
            _ => {
                return Err(YamlError {
                    problem: YamlProblem::Parser {
                        detail: "unexpected YAML structure".into(),
                    },
                    pos: Some(pos),
                });
            }
        };
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        Ok((node, size))
    }
}

/// `<<: *base` (or a list of them): the keys of the merged mappings that the
/// mapping does not set itself.
fn merge(entries: &mut Vec<(Key, Node)>, value: Node) {
    let sources = match value.value {
        Value::Map(_) => vec![value],
        Value::Seq(items) => items,
        _ => Vec::new(),
    };
    for source in sources {
        if let Value::Map(merged) = source.value {
            for (key, value) in merged {
                if !entries.iter().any(|(k, _)| k.name == key.name) {
                    entries.push((key, value));
                }
            }
        }
    }
}

/// The YAML 1.2 core schema, kept strict: only `true`/`false` are booleans
/// and a number with a leading zero stays text.
fn resolve(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag.filter(|t| t.handle() == "tag:yaml.org,2002:") {
        return match tag.suffix() {
            "str" => Value::Str(Str::from(text.as_ref())),
            "null" => Value::Null,
            _ => plain(text),
        };
    }
    if style != ScalarStyle::Plain || tag.is_some() {
        return Value::Str(Str::from(text.as_ref()));
    }
    plain(text)
}

/// A plain scalar's value: null, a boolean, a number or text.
pub(super) fn plain(text: Cow<'_, str>) -> Value {
    // Most scalars are names and words: none of the forms below can start
    // with their first byte.
    let first = text.as_bytes().first();
    if first.is_some_and(|b| !b.is_ascii_digit() && !b"~nNtTfF+-.".contains(b)) {
        return Value::Str(Str::from(text.as_ref()));
    }
    match text.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = integer(&text) {
        return Value::Int(n, Str::from(text.as_ref()));
    }
    if let Some(f) = float(&text) {
        return Value::Float(f, Str::from(text.as_ref()));
    }
    Value::Str(Str::from(text.as_ref()))
}

fn integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else {
        let leading_zero = digits.len() > 1 && digits.starts_with('0');
        if digits.is_empty() || leading_zero || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()?
    };
    Some(if negative { -value } else { value })
}

fn float(text: &str) -> Option<f64> {
    let unsigned = text.trim_start_matches(['-', '+']);
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if text.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let mantissa = unsigned.split(['e', 'E']).next().unwrap_or("");
    let whole = mantissa.split('.').next().unwrap_or("");
    let shaped = unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa.matches('.').count() <= 1
        && !(whole.len() > 1 && whole.starts_with('0'));
    if !shaped {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_position_of_nested_values() {
        let node = parse("a: 1\ncontacts:\n  - {name: 赵, level: vp}\n").unwrap();
        let contacts = node.get("contacts").unwrap();
        let Value::Seq(items) = &contacts.value else {
            panic!("not a list")
        };
        let level = items[0].get("level").unwrap();
        assert_eq!(level.pos, Pos::new(3, 22));
        assert_eq!(level.as_str(), Some("vp"));
    }

    #[test]
    fn norway_values_stay_text() {
        let node = parse("a: NO\nb: on\nc: 0123456789\nd: true\n").unwrap();
        assert_eq!(node.get("a").unwrap().as_str(), Some("NO"));
        assert_eq!(node.get("b").unwrap().as_str(), Some("on"));
        assert_eq!(node.get("c").unwrap().as_str(), Some("0123456789"));
        assert_eq!(node.get("d").unwrap().value, Value::Bool(true));
    }

    #[test]
    fn numbers_keep_their_spelling() {
        let node =
            parse("a: +8613800000000\nb: 1.50\nc: 450000\nd: 0.5\ne: '12'\nf: 1e3\n").unwrap();
        let a = node.get("a").unwrap();
        assert_eq!(a.value.scalar_text().as_deref(), Some("+8613800000000"));
        assert_eq!(
            node.get("b").unwrap().value,
            Value::Float(1.5, "1.50".into())
        );
        assert_eq!(
            node.get("c").unwrap().value,
            Value::Int(450000, "450000".into())
        );
        assert_eq!(
            node.get("d").unwrap().value,
            Value::Float(0.5, "0.5".into())
        );
        assert_eq!(node.get("e").unwrap().as_str(), Some("12"));
        assert_eq!(
            node.get("f").unwrap().value,
            Value::Float(1000.0, "1e3".into())
        );
    }

    #[test]
    fn dates_and_versions_stay_text() {
        let node = parse("a: 2025-08-05\nb: 1.2.3\nc: 00.5\nd: null\ne: ~\nf:\n").unwrap();
        assert_eq!(node.get("a").unwrap().as_str(), Some("2025-08-05"));
        assert_eq!(node.get("b").unwrap().as_str(), Some("1.2.3"));
        assert_eq!(node.get("c").unwrap().as_str(), Some("00.5"));
        for k in ["d", "e", "f"] {
            assert_eq!(node.get(k).unwrap().value, Value::Null, "{k}");
        }
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let text = "base: &b {owner: 张伟, tier: core}\nx:\n  <<: *b\n  tier: strategic\ny: *b\n";
        let node = parse(text).unwrap();
        let x = node.get("x").unwrap();
        assert_eq!(x.get("owner").unwrap().as_str(), Some("张伟"));
        assert_eq!(x.get("tier").unwrap().as_str(), Some("strategic"));
        let y = node.get("y").unwrap();
        assert_eq!(y.pos, Pos::new(5, 4));
        assert_eq!(y.get("tier").unwrap().as_str(), Some("core"));
    }

    #[test]
    fn comments_are_accepted_everywhere_and_keep_positions() {
        let text = "# a comment on its own line\ntitle: x # after a value\ncontacts: # after a key\n  # inside a list\n  - name: 赵 # after an item\n    level: vp\n  - {name: 钱, level: c_level} # flow\ntags: [a, b] # end\n# last line\n";
        let node = parse(text).unwrap();
        assert_eq!(node.get("title").unwrap().as_str(), Some("x"));
        assert_eq!(node.get("title").unwrap().pos, Pos::new(2, 8));
        let Value::Seq(contacts) = &node.get("contacts").unwrap().value else {
            panic!("not a list")
        };
        assert_eq!(contacts.len(), 2);
        assert_eq!(contacts[0].get("level").unwrap().pos, Pos::new(6, 12));
        assert_eq!(contacts[1].get("name").unwrap().as_str(), Some("钱"));
        let Value::Seq(tags) = &node.get("tags").unwrap().value else {
            panic!("not a list")
        };
        assert_eq!(tags.len(), 2);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("a: {}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.pos.is_some(), "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n";
        let err = parse(bomb).unwrap_err();
        assert!(
            matches!(err.problem, YamlProblem::TooManyValues { .. }),
            "{err:?}"
        );
    }
}
