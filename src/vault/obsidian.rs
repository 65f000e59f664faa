//! The pieces of Obsidian's Markdown that CommonMark does not know, read
//! the same way by the scan (what a note links to, its tags, blocks and
//! inline fields) and by the renderer (what its page shows): `#tags`, block
//! ids `^id`, Dataview's `key:: value` fields and `==highlights==`.

use std::ops::Range;

/// How deep embeds are followed (a note embedding a note embedding ...);
/// deeper, the page links instead.
pub const MAX_EMBED_DEPTH: usize = 4;

/// The longest tag kept; longer runs of tag characters are not tags.
pub const LONGEST_TAG: usize = 100;

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '/') || unicode_mark(c)
}

/// Combining marks (Devanagari vowel signs and the like) belong to the word.
fn unicode_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
}

/// The `#tags` of one run of text, as (range of `#tag`, tag without `#`).
/// A tag starts after whitespace (or where the run starts, when
/// `starts_clear`), holds letters, digits, `_`, `-` and `/`, and is not
/// all digits (`#123` is an issue number).
pub fn tags_in(text: &str, starts_clear: bool) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    for at in memchr::memchr_iter(b'#', text.as_bytes()) {
        let clear = match text[..at].chars().next_back() {
            None => starts_clear,
            Some(c) => c.is_whitespace(),
        };
        if !clear {
            continue;
        }
        let rest = &text[at + 1..];
        let len: usize = rest
            .chars()
            .take_while(|&c| is_tag_char(c))
            .map(char::len_utf8)
            .sum();
        let tag = rest[..len].trim_end_matches('/');
        if tag.is_empty()
            || tag.starts_with('/')
            || tag.len() > LONGEST_TAG
            || tag.chars().all(|c| c.is_ascii_digit() || c == '/')
        {
            continue;
        }
        out.push((at..at + 1 + tag.len(), tag));
    }
    out
}

/// The key under which a tag is filed: Obsidian's tags ignore case.
pub fn tag_key(tag: &str) -> String {
    crate::text::lowercase(tag.trim_start_matches('#'))
}

/// A block id closing a paragraph or list item (`text ^quote-1`): where
/// the text before it ends, and the id.
pub fn block_id(text: &str) -> Option<(usize, &str)> {
    let trimmed = text.trim_end();
    // Read from the end: the id's characters, then its caret (every
    // paragraph's last text is asked, and most have neither).
    let id_len = trimmed
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let caret = trimmed.len().checked_sub(id_len + 1)?;
    if id_len == 0 || trimmed.as_bytes()[caret] != b'^' {
        return None;
    }
    let id = &trimmed[caret + 1..];
    let before = &trimmed[..caret];
    if !(before.is_empty() || before.ends_with(char::is_whitespace)) {
        return None;
    }
    Some((before.trim_end().len(), id))
}

/// A Dataview inline field: `key:: value` on a line of its own (after a
/// list marker or a quote mark, if any), or `[key:: value]` and
/// `(key:: value)` within a line. Ranges are in the text given.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineFieldAt {
    pub key: Range<usize>,
    pub value: Range<usize>,
}

/// The inline fields of a note's body, outside fenced code.
pub fn inline_fields(body: &str) -> Vec<InlineFieldAt> {
    static BRACKETED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[\[(]([^\[\]()\n:`]{1,60}?)::[ \t]*([^\[\]()\n]*?)[ \t]*[\])]")
            .expect("the pattern compiles")
    });
    let mut out = Vec::new();
    if !body.contains("::") {
        return out;
    }
    let mut fence: Option<(u8, usize)> = None;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if let Some((ch, len)) = fence {
            if crate::vault::comments::closes_fence(line, ch, len) {
                fence = None;
            }
            continue;
        }
        if let Some(opened) = crate::vault::comments::opens_fence(line) {
            fence = Some(opened);
            continue;
        }
        if !line.contains("::") {
            continue;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - strip_line_marks(content).len();
        let rest = &content[lead..];
        if let Some(colons) = rest.find("::") {
            let key = rest[..colons].trim();
            if is_field_key(key) && !rest.starts_with('[') && !rest.starts_with('(') {
                let key_start = start + lead + (rest.len() - rest.trim_start().len());
                let value = rest[colons + 2..].trim();
                let value_start = start
                    + lead
                    + colons
                    + 2
                    + (rest[colons + 2..].len() - rest[colons + 2..].trim_start().len());
                out.push(InlineFieldAt {
                    key: key_start..key_start + key.len(),
                    value: value_start..value_start + value.len(),
                });
                continue;
            }
        }
        for c in BRACKETED.captures_iter(content) {
            let (Some(key), Some(value)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let trimmed = key.as_str().trim();
            if !is_field_key(trimmed) {
                continue;
            }
            let key_start =
                start + key.start() + (key.as_str().len() - key.as_str().trim_start().len());
            out.push(InlineFieldAt {
                key: key_start..key_start + trimmed.len(),
                value: start + value.start()..start + value.end(),
            });
        }
    }
    out
}

/// A line without its quote marks, list marker and task box.
fn strip_line_marks(line: &str) -> &str {
    let mut rest = line.trim_start_matches([' ', '\t', '>']);
    for marker in ["- ", "* ", "+ "] {
        if let Some(r) = rest.strip_prefix(marker) {
            rest = r;
            break;
        }
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && (rest[digits..].starts_with(". ") || rest[digits..].starts_with(") ")) {
        rest = &rest[digits + 2..];
    }
    for task in ["[ ] ", "[x] ", "[X] "] {
        if let Some(r) = rest.strip_prefix(task) {
            rest = r;
        }
    }
    rest.trim_start()
}

/// A key Dataview reads: letters, digits, spaces, `_` and `-`, starting
/// with a letter or digit; not a URL's `https:`.
fn is_field_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(char::is_alphanumeric)
        && key.len() <= 60
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-'))
}

/// The key a field is read as: `Expected Close` → `expected_close`.
pub fn field_key(written: &str) -> String {
    written
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The `==` marks of one run of text that open or close a highlight: an
/// opener is followed by a non-space, a closer follows a non-space.
/// Returns each mark's offset and whether it may open and may close.
pub fn highlight_marks(text: &str) -> Vec<(usize, bool, bool)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    if memchr::memmem::find(bytes, b"==").is_none() {
        return out;
    }
    let mut k = 0;
    while k + 1 < bytes.len() {
        if bytes[k] == b'=' && bytes[k + 1] == b'=' {
            let run = bytes[k..].iter().take_while(|&&b| b == b'=').count();
            if run == 2 {
                let after = text[k + 2..].chars().next();
                let before = text[..k].chars().next_back();
                let opens = after.is_some_and(|c| !c.is_whitespace());
                let closes = before.is_some_and(|c| !c.is_whitespace());
                out.push((k, opens, closes));
            }
            k += run;
        } else {
            k += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_start_after_space_and_are_not_numbers() {
        let found: Vec<_> = tags_in("#客户 见 #nested/tag, #123 a#b x/#c #a-b_c/", true)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found, ["客户", "nested/tag", "a-b_c"]);
        assert!(tags_in("#x", false).is_empty());
        assert_eq!(tag_key("#Key/Account"), "key/account");
    }

    #[test]
    fn block_ids_close_the_text() {
        assert_eq!(block_id("引用 ^quote-1"), Some((6, "quote-1")));
        assert_eq!(block_id("^only"), Some((0, "only")));
        assert_eq!(block_id("x^y"), None);
        assert_eq!(block_id("a ^"), None);
        assert_eq!(block_id("a ^a_b"), None);
        assert_eq!(block_id("a ^b^c"), None);
        assert_eq!(block_id("a^ b"), None);
        assert_eq!(block_id("^"), None);
        assert_eq!(block_id("abc"), None);
        assert_eq!(block_id("x ^-  "), Some((1, "-")));
        assert_eq!(block_id("前 ^b ^c"), Some((6, "c")));
    }

    #[test]
    fn dataview_fields_on_lines_and_in_brackets() {
        let body = "stage:: proposal\n- Amount :: 450000\n见 [owner:: 张伟] 与 (due:: 2025-01-02)\n```\nx:: y\n```\nhttps://a.b\n";
        let found: Vec<(&str, &str)> = inline_fields(body)
            .into_iter()
            .map(|f| (&body[f.key], &body[f.value]))
            .collect();
        assert_eq!(
            found,
            [
                ("stage", "proposal"),
                ("Amount", "450000"),
                ("owner", "张伟"),
                ("due", "2025-01-02")
            ]
        );
        assert_eq!(field_key("Expected Close"), "expected_close");
    }

    #[test]
    fn highlight_marks_open_and_close() {
        assert_eq!(
            highlight_marks("a ==b== c"),
            [(2, true, false), (5, false, true)]
        );
        assert!(highlight_marks("a === b").is_empty());
    }
}
