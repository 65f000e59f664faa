//! Splitting a note into its YAML front matter and its Markdown body.
//!
//! Done by hand rather than with a front-matter crate so that a BOM, CRLF
//! line ends, an unclosed block or an oversized block each get a precise
//! diagnostic and the YAML is never mistaken for page text.

/// Front matter larger than this is refused.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Split<'a> {
    /// No front matter: the whole text is the body.
    None,
    /// `yaml` is the text between the fences; the body starts at byte
    /// `body_start`, on line `body_line` (1-based).
    Found {
        yaml: &'a str,
        body_start: usize,
        body_line: u32,
    },
    /// The opening `---` has no closing line.
    Unclosed,
    /// The block is larger than [`MAX_FRONT_MATTER_BYTES`].
    TooLarge { bytes: usize },
}

/// Removes a leading UTF-8 byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Splits `text` (BOM already stripped). The YAML starts on line 2 of the file.
pub fn split(text: &str) -> Split<'_> {
    let Some(first_end) = text.find('\n') else {
        return if text.trim_end() == "---" {
            Split::Unclosed
        } else {
            Split::None
        };
    };
    if text[..first_end].trim_end() != "---" {
        return Split::None;
    }
    let yaml_start = first_end + 1;
    let bytes = text.as_bytes();
    let mut line_ends = memchr::memchr_iter(b'\n', &bytes[yaml_start..]).map(|i| yaml_start + i);
    let mut pos = yaml_start;
    let mut line = 2u32;
    loop {
        let end = line_ends.next().unwrap_or(text.len());
        // Only a line that starts with `-` or `.` may be the fence.
        let fence = match bytes.get(pos) {
            Some(b'-' | b'.') => text[pos..end].trim_end(),
            _ => "",
        };
        if fence == "---" || fence == "..." {
            if pos - yaml_start > MAX_FRONT_MATTER_BYTES {
                return Split::TooLarge {
                    bytes: pos - yaml_start,
                };
            }
            return Split::Found {
                yaml: &text[yaml_start..pos],
                body_start: (end + 1).min(text.len()),
                body_line: line + 1,
            };
        }
        if pos - yaml_start > MAX_FRONT_MATTER_BYTES {
            return Split::TooLarge {
                bytes: text.len() - yaml_start,
            };
        }
        if end == text.len() {
            break;
        }
        pos = end + 1;
        line += 1;
    }
    Split::Unclosed
}

/// Front matter that does not start at the first byte of the note.
#[derive(Debug, PartialEq, Eq)]
pub struct Misplaced<'a> {
    /// The line of the opening `---` (1-based).
    pub fence_line: u32,
    /// What comes before it.
    pub before: crate::diagnostics::message::Before,
    /// The YAML between the fences.
    pub yaml: &'a str,
}

/// Characters that do not show in an editor but keep `---` off the first
/// byte: byte-order marks, zero-width spaces and joiners, word joiners.
const INVISIBLE: &[char] = &['\u{feff}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}'];

/// Front matter that begins after blank lines, spaces or invisible
/// characters (`text` has no front matter at byte 0). Published as it is,
/// its YAML would be page text.
pub fn misplaced(text: &str) -> Option<Misplaced<'_>> {
    let rest = text.trim_start_matches(|c: char| c.is_whitespace() || INVISIBLE.contains(&c));
    let skipped = &text[..text.len() - rest.len()];
    if skipped.is_empty() {
        return None;
    }
    let Split::Found { yaml, .. } = split(rest) else {
        return None;
    };
    let fence_line = skipped.matches('\n').count() as u32 + 1;
    use crate::diagnostics::message::Before;
    let before = if skipped.chars().any(|c| INVISIBLE.contains(&c)) {
        Before::Invisible
    } else if skipped.contains('\n') {
        Before::BlankLines
    } else {
        Before::Spaces
    };
    Some(Misplaced {
        fence_line,
        before,
        yaml,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_front_matter() {
        let text = "---\ncode: C001\n---\n# 标题\n";
        assert_eq!(
            split(text),
            Split::Found {
                yaml: "code: C001\n",
                body_start: 19,
                body_line: 4
            }
        );
    }

    #[test]
    fn accepts_crlf_and_bom() {
        let text = strip_bom("\u{feff}---\r\ncode: C001\r\n---\r\nbody\r\n");
        let Split::Found {
            yaml, body_line, ..
        } = split(text)
        else {
            panic!("not split")
        };
        assert_eq!(yaml, "code: C001\r\n");
        assert_eq!(body_line, 4);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        assert_eq!(split("# hi\n---\n"), Split::None);
        assert_eq!(split(""), Split::None);
    }

    #[test]
    fn unclosed_block_is_reported() {
        assert_eq!(split("---\ncode: C001\nphone: 1\n"), Split::Unclosed);
        assert_eq!(split("---"), Split::Unclosed);
    }

    #[test]
    fn empty_block_and_file_ending_at_fence() {
        assert_eq!(
            split("---\n---"),
            Split::Found {
                yaml: "",
                body_start: 7,
                body_line: 3
            }
        );
    }

    #[test]
    fn front_matter_after_blank_lines_or_invisible_characters_is_found() {
        for (text, line) in [
            ("\n---\nphone: 1\n---\nbody\n", 2),
            ("\u{feff}---\nphone: 1\n---\n", 1),
            ("\u{200b}---\nphone: 1\n---\n", 1),
            ("  \n\n---\nphone: 1\n---\n", 3),
        ] {
            assert_eq!(split(text), Split::None, "{text:?}");
            let found = misplaced(text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(found.fence_line, line, "{text:?}");
            assert_eq!(found.yaml, "phone: 1\n");
        }
        assert_eq!(misplaced("# title\n---\nnot yaml\n---\n"), None);
        assert_eq!(misplaced("\n\nplain text\n"), None);
    }

    #[test]
    fn oversized_block_is_refused() {
        let big = format!("---\n{}---\n", "a: 1\n".repeat(20_000));
        assert!(matches!(split(&big), Split::TooLarge { .. }));
    }
}
