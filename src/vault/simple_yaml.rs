//! The common shape of front matter, read without the general YAML parser.
//!
//! Most notes hold block mappings and lists whose values are one-line plain
//! or simply quoted scalars, `[a, b]` or `{k: v}`. Read here, such a block
//! costs a fraction of what the parser's token and event machinery does
//! (the parser was 80% of reading front matter, and front matter 18% of a
//! build). Whatever falls outside that shape is declined and left to the
//! parser: comments, anchors and aliases, tags, block scalars, values over
//! several lines, escapes, tabs, carriage returns, merge keys, anything
//! unusual at the start of a scalar. So both ways give the same
//! tree, positions included; a test compares them on generated documents.

use super::yaml::{Key, Node, Str, Value, plain};
use crate::diagnostics::Pos;

/// Nesting deeper than this is declined (the parser then reports it).
const DEPTH: usize = 32;
/// More nodes than this are declined (the parser then counts them).
const NODES: usize = 20_000;

/// The tree of `text`, or `None` when it is not of the simple shape.
pub(super) fn parse(text: &str) -> Option<Node> {
    if !plain_text(text) {
        return None;
    }
    let mut lines = Vec::new();
    // The lines as `split('\n')` gives them, found by one search.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let mut start = 0;
    for (k, end) in ends.enumerate() {
        let raw = &text[start..end];
        start = end + 1;
        let content = raw.trim_end_matches(' ');
        if content.is_empty() {
            continue;
        }
        let body = content.trim_start_matches(' ');
        let indent = content.len() - body.len();
        if indent == 0 && (body.starts_with("---") || body.starts_with("...")) {
            return None;
        }
        lines.push(Line {
            number: u32::try_from(k + 1).ok()?,
            indent,
            text: body,
        });
    }
    let first = *lines.first()?;
    let mut reader = Reader {
        lines,
        at: 0,
        nodes: 0,
    };
    let root = reader.block_map(first.indent, 0)?;
    (reader.at == reader.lines.len()).then_some(root)
}

/// No byte the simple shape leaves to the parser: comments, escapes, tabs,
/// carriage returns, other control characters, and no character YAML does
/// not print (or reads as a line break or byte order mark).
fn plain_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'#' | b'\\' | b'\t' | b'\r' | 0x7f => false,
        b'\n' | 0x20.. if b < 0x80 => true,
        0x00..0x20 => false,
        // U+0080-U+009F (C1 controls, U+0085 a line break in YAML 1.1)
        0xC2 => bytes.get(i + 1).is_none_or(|&n| n >= 0xA0),
        // U+2028, U+2029: line and paragraph separators
        0xE2 => !matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])),
        // U+FEFF (byte order mark), U+FFFE, U+FFFF
        0xEF => !matches!(
            bytes.get(i + 1..i + 3),
            Some([0xBB, 0xBF] | [0xBF, 0xBE | 0xBF])
        ),
        _ => true,
    })
}

#[derive(Clone, Copy)]
struct Line<'t> {
    /// 1-based, within the YAML text.
    number: u32,
    /// Spaces before `text`: also its column, counted from 0.
    indent: usize,
    /// The line without its indentation and trailing spaces; never empty.
    text: &'t str,
}

/// Whether a line (without its indentation) is a list item, `- …`.
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

struct Reader<'t> {
    lines: Vec<Line<'t>>,
    at: usize,
    nodes: usize,
}

impl<'t> Reader<'t> {
    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= NODES).then_some(())
    }

    /// The block mapping whose keys stand at `indent`, from the current line.
    fn block_map(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth > DEPTH {
            return None;
        }
        self.count()?;
        let pos = Pos::new(self.lines[self.at].number, column(indent));
        let mut entries = Vec::new();
        while let Some(line) = self.lines.get(self.at).copied() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_item(line.text) {
                return None;
            }
            let (key, rest) = split_key(line.text)?;
            self.count()?;
            let key = Key {
                name: key_name(key),
                pos: Pos::new(line.number, column(indent)),
            };
            self.at += 1;
            let value_text = rest.trim_start_matches(' ');
            let value = if value_text.is_empty() {
                match self.lines.get(self.at).copied() {
                    Some(next) if next.indent > indent && is_item(next.text) => {
                        self.block_seq(next.indent, false, depth + 1)?
                    }
                    Some(next) if next.indent > indent => self.block_map(next.indent, depth + 1)?,
                    Some(next) if next.indent == indent && is_item(next.text) => {
                        self.block_seq(indent, true, depth + 1)?
                    }
                    // An empty value: the parser places its null on the colon.
                    _ => Node {
                        value: Value::Null,
                        pos: Pos::new(line.number, column(indent + key_chars(line.text, rest))),
                    },
                }
            } else {
                let before = &line.text[..line.text.len() - value_text.len()];
                let col = indent + before.chars().count();
                let value = self.inline(value_text, line.number, col, depth + 1)?;
                // A deeper line after a value would continue it.
                if self.lines.get(self.at).is_some_and(|n| n.indent > indent) {
                    return None;
                }
                value
            };
            entries.push((key, value));
        }
        Some(Node {
            value: Value::Map(entries),
            pos,
        })
    }

    /// The block list whose `-` stand at `indent`, from the current line.
    /// `indentless`: its `-` stand under its key, and the parser places
    /// such a list where its first item's value starts.
    fn block_seq(&mut self, indent: usize, indentless: bool, depth: usize) -> Option<Node> {
        if depth > DEPTH {
            return None;
        }
        self.count()?;
        let first = self.lines[self.at];
        let at = if indentless {
            let after = &first.text[1..];
            indent + 1 + (after.len() - after.trim_start_matches(' ').len())
        } else {
            indent
        };
        let pos = Pos::new(first.number, column(at));
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.at).copied() {
            if line.indent < indent || (line.indent == indent && !is_item(line.text)) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let after = &line.text[1..];
            let item = after.trim_start_matches(' ');
            if item.is_empty() || is_item(item) {
                return None;
            }
            let col = indent + 1 + (after.len() - item.len());
            if split_key(item).is_some() {
                // `- key: value`: a mapping whose keys stand at the item's
                // column; its first line is the rest of this one.
                self.lines[self.at] = Line {
                    number: line.number,
                    indent: col,
                    text: item,
                };
                items.push(self.block_map(col, depth + 1)?);
            } else {
                self.at += 1;
                items.push(self.inline(item, line.number, col, depth + 1)?);
                if self.lines.get(self.at).is_some_and(|n| n.indent > indent) {
                    return None;
                }
            }
        }
        Some(Node {
            value: Value::Seq(items),
            pos,
        })
    }

    /// A value that ends with its line: a plain scalar, or what reads
    /// the same in flow context (a flow collection, a quoted scalar) and
    /// takes the whole rest of the line.
    fn inline(&mut self, text: &str, line: u32, col: usize, depth: usize) -> Option<Node> {
        if matches!(text.as_bytes()[0], b'[' | b'{' | b'"' | b'\'') {
            let mut flow = Flow {
                text,
                at: 0,
                line,
                placed: (0, col),
            };
            let node = flow.node(self, depth)?;
            return (flow.at == text.len()).then_some(node);
        }
        self.count()?;
        plain_scalar(text, false).then(|| Node {
            value: plain(text.into()),
            pos: Pos::new(line, column(col)),
        })
    }
}

/// The characters of `line` before `rest`, a part of its end.
fn key_chars(line: &str, rest: &str) -> usize {
    line[..line.len() - rest.len() - 1].chars().count()
}

fn column(col: usize) -> u32 {
    u32::try_from(col + 1).unwrap_or(u32::MAX)
}

/// `key: rest` or `key:` at the end: the key and what follows its colon,
/// when the key is a simple plain one.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let colon = (0..bytes.len())
        .find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|&b| b == b' '))?;
    let key = &text[..colon];
    let simple = key != "<<"
        && !key.contains([':', '[', ']', '{', '}', ',', '"', '\''])
        && plain_scalar(key, false);
    simple.then(|| (key, &text[colon + 1..]))
}

/// A key's text, as the parser's tree names it: scalars that are not text
/// by their spelling.
fn key_name(text: &str) -> Str {
    plain(text.into()).into_key_name()
}

/// Whether `text` (trimmed) reads as one plain scalar and nothing else, in
/// block or in flow context; leaves what YAML reads in several ways to the
/// parser.
fn plain_scalar(text: &str, flow: bool) -> bool {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    let indicator = matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    );
    if indicator {
        // `-1`, `-x`: a dash that does not start an item starts a scalar.
        let dash_scalar = first == b'-'
            && bytes
                .get(1)
                .is_some_and(|b| !matches!(b, b' ' | b',' | b'[' | b']' | b'{' | b'}'));
        if !dash_scalar {
            return false;
        }
    }
    if text.ends_with([':', ' ']) {
        return false;
    }
    // One pass over the bytes: `: ` inside, and in flow context any of the
    // flow indicators (short texts, where a substring search costs more
    // than it saves).
    let mut colon = false;
    for &b in bytes {
        if colon && b == b' ' {
            return false;
        }
        if flow && matches!(b, b':' | b',' | b'[' | b']' | b'{' | b'}') {
            return false;
        }
        colon = b == b':';
    }
    true
}

/// A flow collection (`[…]`, `{…}`) on one line, and the scalars in it.
struct Flow<'t> {
    text: &'t str,
    at: usize,
    line: u32,
    /// A byte offset already placed and its column, counted from 0
    /// (`(0, column of text)` at first): columns are counted on from
    /// there, once over the line.
    placed: (usize, usize),
}

impl Flow<'_> {
    /// The position of byte `at`, at or after the last one placed.
    fn pos(&mut self, at: usize) -> Pos {
        let (from, col) = self.placed;
        let col = col + self.text[from..at].chars().count();
        self.placed = (at, col);
        Pos::new(self.line, column(col))
    }

    /// The first of `stops` from the current byte on, or the end.
    fn find(&self, stops: &[u8]) -> usize {
        self.text.as_bytes()[self.at..]
            .iter()
            .position(|b| stops.contains(b))
            .map_or(self.text.len(), |k| self.at + k)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
    }

    fn node(&mut self, reader: &mut Reader, depth: usize) -> Option<Node> {
        if depth > DEPTH {
            return None;
        }
        reader.count()?;
        let pos = self.pos(self.at);
        let value = match self.peek()? {
            b'[' => Value::Seq(self.entries(b']', |flow| flow.node(reader, depth + 1))?),
            b'{' => Value::Map(self.entries(b'}', |flow| flow.map_entry(reader, depth + 1))?),
            quote @ (b'"' | b'\'') => {
                self.at += 1;
                let end = self.find(&[quote]);
                if end == self.text.len() {
                    return None; // not closed on this line
                }
                let inner = &self.text[self.at..end];
                self.at = end + 1;
                Value::Str(Str::from(inner))
            }
            _ => {
                let end = self.find(b",]}");
                let scalar = self.text[self.at..end].trim_end_matches(' ');
                if !plain_scalar(scalar, true) {
                    return None;
                }
                self.at = end;
                plain(scalar.into())
            }
        };
        Some(Node { value, pos })
    }

    /// The entries of a collection opened at the current byte, read by
    /// `entry` up to `bracket`, which closes it.
    fn entries<T>(
        &mut self,
        bracket: u8,
        mut entry: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.at += 1;
        self.skip_spaces();
        let mut entries = Vec::new();
        if self.peek() == Some(bracket) {
            self.at += 1;
            return Some(entries);
        }
        loop {
            entries.push(entry(self)?);
            if self.close(bracket)? {
                return Some(entries);
            }
        }
    }

    /// `key: value` in a flow mapping, from the current byte.
    fn map_entry(&mut self, reader: &mut Reader, depth: usize) -> Option<(Key, Node)> {
        reader.count()?;
        let pos = self.pos(self.at);
        let colon = self.find(b":");
        let key = &self.text[self.at..colon];
        if !plain_scalar(key, true) || self.text.as_bytes().get(colon + 1) != Some(&b' ') {
            return None;
        }
        let name = key_name(key);
        self.at = colon + 1;
        self.skip_spaces();
        Some((Key { name, pos }, self.node(reader, depth)?))
    }

    /// After an entry: `,` and the next entry (`false`), or the closing
    /// bracket (`true`). A comma before the bracket is declined.
    fn close(&mut self, bracket: u8) -> Option<bool> {
        self.skip_spaces();
        match self.peek()? {
            b',' => {
                self.at += 1;
                self.skip_spaces();
                matches!(self.peek(), Some(b) if b != bracket && b != b',').then_some(false)
            }
            b if b == bracket => {
                self.at += 1;
                Some(true)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::yaml::parse_events;
    use super::*;

    /// The tree of the simple reader, checked against the parser's.
    fn same(text: &str) -> Option<Node> {
        let fast = parse(text)?;
        let full = parse_events(text);
        assert_eq!(
            format!("{:?}", Ok::<_, ()>(&fast)),
            format!("{:?}", full.as_ref().map_err(|_| ())),
            "the two readers differ on:\n{text}"
        );
        Some(fast)
    }

    #[test]
    fn reads_the_usual_front_matter_like_the_parser() {
        let text = "type: client\ncode: C05517\nname: 山东远景有限公司05517\nemployees: 3387\nsince: 2024-09-08\nscore: 4.5\nactive: true\ntags: [化工, 重点]\ncontacts:\n  - {name: 吴总, title: 部门负责人, level: vp, relationship: 3}\n  - name: 郑总\n    level: staff\nhealth:\n  relationship: 4\n  willingness: {score: 2, note: 意愿稳定}\nopportunities:\n- code: O1\n  stage: won\n  amount: 1160000\ntime: 10:30\nquote: \"a: b\"\nsingle: 'x, y'\nempty: []\nnone: {}\nnext:\nlist:\n- a:\n- b\n";
        let node = same(text).expect("the simple shape is read without the parser");
        assert_eq!(node.get("time").unwrap().as_str(), Some("10:30"));
    }

    #[test]
    fn declines_what_it_does_not_read() {
        for text in [
            "a: 1 # comment\n",
            "a: &x 1\nb: *x\n",
            "a: |\n  text\n",
            "a: b\n  c\n",
            "a: \"x\\ty\"\n",
            "a:\tb\n",
            "a: b\r\n",
            "<<: {a: 1}\n",
            "- a\n- b\n",
            "a: [1, 2,]\n",
            "a: [1,\n  2]\n",
            "a: !!str 1\n",
            "a: b: c\n",
            "? a\n: b\n",
            "a: \u{feff}b\n",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
    }

    /// Every front matter of the example vault and the test vaults: those
    /// read by the simple reader are read as the parser reads them, and
    /// the example vault's are all of the simple shape.
    #[test]
    fn reads_the_vaults_of_the_tests_like_the_parser() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut read, mut example, mut example_read) = (0, 0, 0);
        for dir in ["example-vault", "tests"] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.unwrap();
                if entry.path().extension().is_none_or(|x| x != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let Some((yaml, _)) = text
                    .strip_prefix("---\n")
                    .and_then(|rest| rest.split_once("\n---\n"))
                else {
                    continue;
                };
                let simple = same(yaml).is_some();
                read += usize::from(simple);
                if dir == "example-vault" {
                    example += 1;
                    example_read += usize::from(simple);
                }
            }
        }
        assert!(read > 50, "only {read} front matters were read");
        assert!(
            example_read * 10 >= example * 9,
            "{example_read} of the example vault's {example} front matters were read"
        );
    }

    #[test]
    fn every_character_yaml_does_not_print_is_declined() {
        for c in (0..=0x10_FFFFu32).filter_map(char::from_u32) {
            let printable = matches!(c as u32,
                0x0A | 0x20..=0x7E | 0xA0..=0x2027 | 0x202A..=0xD7FF | 0xE000..=0xFEFE
                | 0xFF00..=0xFFFD | 0x1_0000..)
                && !matches!(c, '#' | '\\');
            assert_eq!(
                plain_text(&format!("a{c}b")),
                printable,
                "U+{:04X}",
                c as u32
            );
        }
    }

    /// A small deterministic generator of documents near the simple shape.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const SCALARS: &[&str] = &[
        "a",
        "b c",
        "赵总",
        "12",
        "-3",
        "+7",
        "0.5",
        "1e3",
        "007",
        "0x1F",
        "true",
        "False",
        "null",
        "~",
        "NO",
        "on",
        "2025-08-05",
        "10:30",
        "a:b",
        "x,y",
        "[a]",
        "{b}",
        "-",
        "-x",
        "?x",
        ":x",
        "a ]",
        "a}",
        "'q'",
        "\"d\"",
        "'it''s'",
        "\"a\"b",
        "é",
        "a  b",
        ".inf",
        "-.5",
        "1_000",
        "@x",
        "`x`",
        "%x",
        "&x",
        "*x",
        "!x",
        "|",
        ">",
        "a!b",
        "a&b",
        "a*b",
        "a|b",
        "a>b",
        "a%b",
        "a@b",
        "a?b",
        "a'b",
        "a\"b",
        "a, b",
        "a]b",
        "\u{a0}x",
        "x\u{a0}",
        "",
        " ",
        "a ",
        "[]",
        "{}",
        "[ ]",
        "{ }",
        "0",
        "-0",
        "1.",
        ".",
        "..",
        "a: b",
        "a:",
        "x\u{3000}",
        "\u{3000}x",
        "a #b",
        "a# b",
        "12:30:45",
        "http://x.y/z",
        "-1.5e-3",
        "+.5",
        "0o17",
        "a - b",
    ];

    fn scalar(r: &mut Random) -> String {
        r.pick(SCALARS).to_owned()
    }

    fn flow(r: &mut Random, depth: usize) -> String {
        let n = r.below(4);
        let seq = r.below(2) == 0;
        let mut parts = Vec::new();
        for _ in 0..n {
            let value = if depth < 2 && r.below(5) == 0 {
                flow(r, depth + 1)
            } else {
                scalar(r)
            };
            parts.push(if seq {
                value
            } else {
                format!("{}:{}{value}", scalar(r), r.pick(&[" ", "  ", ""]))
            });
        }
        let sep = r.pick(&[", ", ",", " , ", ",  "]);
        let inner = parts.join(sep);
        let pad = r.pick(&["", " "]);
        if seq {
            format!("[{pad}{inner}{pad}]")
        } else {
            format!("{{{pad}{inner}{pad}}}")
        }
    }

    fn value(r: &mut Random) -> String {
        match r.below(4) {
            0 => flow(r, 0),
            _ => scalar(r),
        }
    }

    fn block(r: &mut Random, out: &mut String, indent: usize, depth: usize, seq: bool) {
        let pad = " ".repeat(indent);
        for _ in 0..1 + r.below(4) {
            let key = r.pick(&["a", "b", "名称", "c d", "1", "true", "-k", "k:", "x y"]);
            let lead = if seq {
                format!("{pad}-{}", r.pick(&[" ", "  "]))
            } else {
                pad.clone()
            };
            match r.below(6) {
                0 if depth < 3 => {
                    out.push_str(&format!("{lead}{key}:\n"));
                    let inner =
                        indent + r.pick(&["", "  ", "    ", " "]).len() + if seq { 2 } else { 0 };
                    let nested_seq = r.below(2) == 0;
                    block(r, out, inner, depth + 1, nested_seq);
                }
                1 if seq => {
                    out.push_str(&format!("{lead}{}\n", value(r)));
                }
                4 if r.below(2) == 0 => {
                    out.push_str(&format!("{lead}{key}:{}\n", r.pick(&["", " "])));
                }
                2 if seq && depth < 3 => {
                    // `- key: value` then more keys under it.
                    let col = lead.len();
                    out.push_str(&format!("{lead}{key}: {}\n", value(r)));
                    for _ in 0..r.below(3) {
                        let k = r.pick(&["p", "q", "名"]);
                        let extra = r.pick(&["", "", " "]);
                        out.push_str(&format!("{}{extra}{k}: {}\n", " ".repeat(col), value(r)));
                    }
                }
                3 => {
                    out.push_str(&format!(
                        "{lead}{key}: {}{}\n",
                        value(r),
                        r.pick(&["", " ", "  "])
                    ));
                    if r.below(8) == 0 {
                        out.push_str(&format!("{pad}  {}\n", scalar(r)));
                    }
                    if r.below(10) == 0 {
                        out.push_str(r.pick(&["\n", "  \n", " \n"]));
                    }
                }
                _ => {
                    out.push_str(&format!("{lead}{key}: {}\n", value(r)));
                }
            }
        }
    }

    #[test]
    fn reads_generated_documents_like_the_parser() {
        let mut r = Random(0x9E37_79B9_7F4A_7C15);
        let (mut read, total) = (0, 60_000);
        for _ in 0..total {
            let mut text = String::new();
            let root = r.pick(&["", "", "", " ", "  "]).len();
            block(&mut r, &mut text, root, 0, false);
            if r.below(6) == 0 {
                text.pop();
            }
            if same(&text).is_some() {
                read += 1;
            }
        }
        // The comparison means something only if many are read.
        assert!(
            read > total / 5,
            "only {read} of {total} documents were read"
        );
    }
}
