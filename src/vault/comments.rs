//! Obsidian's `%% comments %%`: where people keep remarks that are not for
//! anyone else. They are blanked before a note's body is read for anything
//! (links, headings, tags, the page, source lines in messages), so no output
//! can carry them.
//!
//! Blanking keeps every byte offset and line: each byte of a comment becomes
//! a space, line breaks stay. Comments in code (fenced blocks and inline
//! spans) are code, as in Obsidian, and are left alone.

/// Blanks every `%%` comment of `text[from..]` in place.
pub fn blank(text: &mut String, from: usize) {
    if !text[from..].contains("%%") {
        return;
    }
    let ranges = comment_ranges(&text[from..]);
    if ranges.is_empty() {
        return;
    }
    // SAFETY: only whole comments are touched, and each byte of them that
    // is not a line break becomes an ASCII space: what was valid UTF-8
    // stays valid (a multi-byte character becomes as many spaces).
    let bytes = unsafe { text.as_mut_vec() };
    // Last first: moving what follows a comment never moves one not yet
    // blanked.
    for range in ranges.into_iter().rev() {
        let range = from + range.start..from + range.end;
        for b in &mut bytes[range.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
        // What follows a comment that ran over lines starts where the
        // comment's last line started, not after spaces that would read as
        // an indented code block.
        let last_line = bytes[range.clone()]
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|k| range.start + k + 1);
        if let Some(line_start) = last_line {
            let line_end = bytes[range.end..]
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .map_or(bytes.len(), |k| range.end + k);
            let rest = range.end
                + bytes[range.end..line_end]
                    .iter()
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
            bytes[line_start..line_end].rotate_left(rest - line_start);
        }
    }
}

/// The byte ranges of the comments of `body`, each from its opening `%%`
/// to the end of its closing one (or of the text, when it never closes).
fn comment_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut fence: Option<(u8, usize)> = None;
    let mut at = 0;
    while at < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k + 1);
        let line = &body[at..line_end];
        if open.is_none() {
            if let Some((ch, len)) = fence {
                if closes_fence(line, ch, len) {
                    fence = None;
                }
                at = line_end;
                continue;
            }
            if let Some(opened) = opens_fence(line) {
                fence = Some(opened);
                at = line_end;
                continue;
            }
        }
        scan_line(bytes, at, line_end, &mut open, &mut out);
        at = line_end;
    }
    if let Some(start) = open {
        out.push(start..bytes.len());
    }
    out
}

/// Finds comment marks on one line (outside inline code spans, when no
/// comment is open).
fn scan_line(
    bytes: &[u8],
    start: usize,
    end: usize,
    open: &mut Option<usize>,
    out: &mut Vec<std::ops::Range<usize>>,
) {
    let mut k = start;
    while k < end {
        match bytes[k] {
            b'%' if k + 1 < end && bytes[k + 1] == b'%' => {
                match open.take() {
                    Some(from) => out.push(from..k + 2),
                    None => *open = Some(k),
                }
                k += 2;
            }
            b'`' if open.is_none() => {
                let run = bytes[k..end].iter().take_while(|&&b| b == b'`').count();
                // An inline code span runs to the next run of as many
                // backticks on the line; without one the backticks are text.
                let mut j = k + run;
                let mut closed = None;
                while j < end {
                    if bytes[j] == b'`' {
                        let other = bytes[j..end].iter().take_while(|&&b| b == b'`').count();
                        if other == run {
                            closed = Some(j + other);
                            break;
                        }
                        j += other;
                    } else {
                        j += 1;
                    }
                }
                k = closed.unwrap_or(k + run);
            }
            b'\\' if open.is_none() && k + 1 < end => k += 2,
            _ => k += 1,
        }
    }
}

/// A line that opens a fenced code block: its fence character and length.
pub(crate) fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let trimmed = line.trim_start_matches([' ', '>']);
    let indent = line.len() - trimmed.len();
    let ch = *trimmed.as_bytes().first()?;
    if indent > 3 && !line.starts_with('>') || !(ch == b'`' || ch == b'~') {
        return None;
    }
    let len = trimmed.bytes().take_while(|&b| b == ch).count();
    if len < 3 || (ch == b'`' && trimmed[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

pub(crate) fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let trimmed = line.trim_start_matches([' ', '>']);
    let run = trimmed.bytes().take_while(|&b| b == ch).count();
    run >= len && trimmed[run..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(text: &str) -> String {
        let mut s = text.to_owned();
        blank(&mut s, 0);
        assert_eq!(s.len(), text.len(), "offsets kept");
        assert_eq!(s.matches('\n').count(), text.matches('\n').count());
        s
    }

    #[test]
    fn inline_and_block_comments_go() {
        assert_eq!(
            blanked("报价 %%底价 80 万%% 已发"),
            format!("报价 {} 已发", " ".repeat("%%底价 80 万%%".len()))
        );
        let s = blanked("a\n%%\n私下: 预算 200 万\n%%\nb\n");
        assert!(!s.contains("预算"), "{s}");
        assert!(s.starts_with("a\n") && s.ends_with("\nb\n"), "{s:?}");
    }

    #[test]
    fn an_unclosed_comment_runs_to_the_end() {
        let s = blanked("a %% secret\nstill secret");
        assert!(!s.contains("secret"), "{s}");
    }

    #[test]
    fn comments_in_code_are_code() {
        assert_eq!(blanked("`%%x%%` and ~"), "`%%x%%` and ~");
        let fenced = "```\n%% kept %%\n```\n%%gone%%\n";
        let s = blanked(fenced);
        assert!(s.contains("%% kept %%"), "{s}");
        assert!(!s.contains("gone"), "{s}");
    }

    #[test]
    fn text_after_a_multi_line_comment_is_not_indented() {
        let s = blanked("p\n\n%% a\nb %% after\n");
        let last = s.lines().last().unwrap();
        assert!(last.starts_with("after"), "{s:?}");
    }

    #[test]
    fn two_comments_on_the_closing_line() {
        let s = blanked("%% a\nb %% x %%c%% y\n");
        assert!(!s.contains('c') && !s.contains('a'), "{s:?}");
        assert!(s.lines().nth(1).unwrap().starts_with("x"), "{s:?}");
        assert!(s.contains(" y"), "{s:?}");
    }

    #[test]
    fn percent_signs_alone_stay() {
        assert_eq!(blanked("50% off, 20% more"), "50% off, 20% more");
    }
}
