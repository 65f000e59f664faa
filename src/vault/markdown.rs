//! Reading a note's Markdown once for what the checker and the site need to
//! know about it: its headings (with their anchors) and its links.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Pos;
use crate::vault::lines::LineIndex;
use crate::vault::obsidian;
use crate::vault::slug::SlugSet;
use crate::vault::yaml::Str;

/// The events of `body` with their spans, neighbouring texts joined into
/// one: what both the scan and the page read.
pub fn events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    // Room for the events from the start: grown as they come, the list
    // was copied over and over (a byte of text gives about a tenth of an
    // event in the notes of the benchmark vault).
    let mut events = Vec::with_capacity(body.len() / 8 + 16);
    events.extend(Parser::new_ext(body, options()).into_offset_iter());
    join_texts(&mut events);
    if body.contains("$$") {
        join_display_math(body, &mut events);
    }
    events
}

/// Makes each `$$ … $$` block that has blank lines inside one display
/// math, as Obsidian shows it: CommonMark ends a paragraph at a blank line,
/// so the parser sees paragraphs that open with `$$` and one that closes
/// with it. Only runs of plain paragraphs are joined; a block that meets a
/// heading, a list or code is left as written.
fn join_display_math<'b>(body: &'b str, events: &mut Vec<(Event<'b>, Range<usize>)>) {
    let mut k = 0;
    while k < events.len() {
        let Some(end) = math_run_end(body, events, k) else {
            k += 1;
            continue;
        };
        let (start, stop) = (events[k].1.start, events[end].1.end);
        let source = &body[start..stop];
        let open = source.find("$$").expect("the run opens with `$$`") + 2;
        let close = source.trim_end().len() - 2;
        let math = (
            Event::DisplayMath(CowStr::Borrowed(&source[open..close])),
            start..stop,
        );
        events.splice(
            k..=end,
            [
                (Event::Start(Tag::Paragraph), start..stop),
                math,
                (Event::End(TagEnd::Paragraph), start..stop),
            ],
        );
        k += 3;
    }
}

/// When the paragraph starting at event `k` opens a `$$` block it does not
/// close, the index of the `End(Paragraph)` of the paragraph that closes
/// it, all between being plain paragraphs.
fn math_run_end(body: &str, events: &[(Event, Range<usize>)], k: usize) -> Option<usize> {
    let (Event::Start(Tag::Paragraph), first) = &events[k] else {
        return None;
    };
    if !body[first.clone()].trim_start().starts_with("$$") {
        return None;
    }
    let mut opened = false;
    for (j, (event, range)) in events.iter().enumerate().skip(k) {
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                let text = body[range.clone()].trim_end();
                if !opened {
                    // The opening paragraph: not closed in itself.
                    if text.trim_start().len() > 2 && text.ends_with("$$") {
                        return None;
                    }
                    opened = true;
                } else if text.ends_with("$$") {
                    return Some(j);
                }
            }
            Event::DisplayMath(_) if !opened => return None,
            // Inside a paragraph: texts, breaks, marks, links (TeX to us).
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::Start(_) | Event::End(_) | Event::Rule | Event::Html(_) => return None,
            Event::TaskListMarker(_) | Event::FootnoteReference(_) => return None,
            _ => {}
        }
    }
    None
}

/// Joins each run of text events into one, in place, as pulldown-cmark's
/// `TextMergeWithOffset` does (a run that joins to nothing is dropped).
/// Done on the list, it takes a sixth of the adapter's work, which moved
/// every event through it twice.
fn join_texts(events: &mut Vec<(Event<'_>, Range<usize>)>) {
    // Whether a run of texts ends at `kept - 1`, and its joined text once
    // there are two.
    let mut in_run = false;
    let mut joined: Option<String> = None;
    let mut kept = 0usize;
    let end_run = |events: &mut Vec<(Event<'_>, Range<usize>)>,
                   kept: &mut usize,
                   joined: &mut Option<String>| {
        if let Some(text) = joined.take() {
            if text.is_empty() {
                *kept -= 1;
            } else {
                events[*kept - 1].0 = Event::Text(CowStr::Boxed(text.into_boxed_str()));
            }
        }
    };
    for next in 0..events.len() {
        let is_text = matches!(events[next].0, Event::Text(_));
        if is_text && in_run {
            let (Event::Text(text), range) =
                std::mem::replace(&mut events[next], (Event::SoftBreak, 0..0))
            else {
                unreachable!("a text, matched above")
            };
            let first = &mut events[kept - 1];
            let buffer = joined.get_or_insert_with(|| match &first.0 {
                Event::Text(t) => t.to_string(),
                _ => unreachable!("the run starts with a text"),
            });
            buffer.push_str(&text);
            first.1.end = range.end;
            continue;
        }
        if joined.is_some() {
            end_run(events, &mut kept, &mut joined);
        }
        in_run = is_text;
        events.swap(kept, next);
        kept += 1;
    }
    end_run(events, &mut kept, &mut joined);
    events.truncate(kept);
}

/// The Markdown dialect of every note: the same options for scanning and
/// rendering, so links are found in the same order both times.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_MATH
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: Str,
    pub slug: Str,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)`, autolinks and reference links.
    Markdown,
    /// `![alt](dest)`.
    Image,
    /// `[[Name]]`, `[[Name|alias]]`, `[[Name#Heading]]`.
    Wiki,
    /// `![[image.png]]`.
    WikiEmbed,
    /// `href="..."` in raw HTML.
    HtmlLink,
    /// `src="..."` in raw HTML.
    HtmlImage,
}

/// `href` and `src` attributes in raw HTML, with their values (quoted or
/// not). The scan and the renderer both use it, so they find the same links
/// in the same order.
/// Each comes as its kind, the range of the whole attribute and the range of
/// its value.
pub fn html_links(html: &str) -> impl Iterator<Item = HtmlLink> + '_ {
    static ATTRIBUTE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i)\b(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#)
            .expect("the pattern compiles")
    });
    ATTRIBUTE.captures_iter(html).filter_map(|c| {
        let kind = if c[1].eq_ignore_ascii_case("href") {
            LinkKind::HtmlLink
        } else {
            LinkKind::HtmlImage
        };
        let value = c.get(2).or_else(|| c.get(3)).or_else(|| c.get(4))?;
        Some(HtmlLink {
            kind,
            attribute: c.get(0)?.range(),
            value: value.range(),
        })
    })
}

/// An `href` or `src` attribute found in raw HTML.
pub struct HtmlLink {
    pub kind: LinkKind,
    pub attribute: std::ops::Range<usize>,
    pub value: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: LinkKind,
    pub dest: String,
    pub pos: Pos,
}

/// A block with an id (`text ^id`) that links and embeds can name.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub id: Str,
    pub pos: Pos,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Block ids, first of each id only.
    pub blocks: Vec<Block>,
    /// Inline `#tags`, each once, as first written.
    pub tags: Vec<Str>,
    /// Table cells where an unescaped `|` cut a wikilink in two.
    pub split_links: Vec<Pos>,
    /// Whether the body holds raw HTML (and so needs sanitising).
    pub has_html: bool,
    /// Whether the body opens with a top-level heading.
    pub opens_with_h1: bool,
}

/// What a wikilink's target is once a table's `\|` is read as the alias
/// separator: pulldown-cmark leaves the backslash on the target.
pub fn wikilink_target(dest: &str) -> &str {
    dest.strip_suffix('\\').unwrap_or(dest)
}

/// Where a `#tag` may be read: not in code, a link's text, or a heading
/// (whose text is its anchor).
#[derive(Default)]
pub struct TextContext {
    code_blocks: usize,
    links: usize,
    headings: usize,
}

impl TextContext {
    /// Follows one event; whether text met now may hold tags.
    pub fn enter(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code_blocks += 1,
            Event::End(TagEnd::CodeBlock) => self.code_blocks -= 1,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.links += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => self.links -= 1,
            Event::Start(Tag::Heading { .. }) => self.headings += 1,
            Event::End(TagEnd::Heading(_)) => self.headings -= 1,
            _ => {}
        }
    }

    pub fn in_code(&self) -> bool {
        self.code_blocks > 0
    }

    pub fn takes_tags(&self) -> bool {
        self.code_blocks == 0 && self.links == 0 && self.headings == 0
    }
}

/// The tags of one text event at `range` of `source`: those a `\#` does
/// not escape. `starts_clear` says whether the text follows a space, a
/// line start or a block start.
pub fn tags_of_text<'t>(
    text: &'t str,
    source: &str,
    range: &std::ops::Range<usize>,
    starts_clear: bool,
) -> Vec<(std::ops::Range<usize>, &'t str)> {
    let mut found = obsidian::tags_in(text, starts_clear);
    // A backslash is rare: looked for first, by the fast search for a byte,
    // and only in a text with tags.
    if !found.is_empty()
        && source
            .get(range.clone())
            .is_some_and(|s| s.contains('\\') && s.contains("\\#"))
    {
        let written = &source[range.clone()];
        found.retain(|(_, tag)| !written.contains(&format!("\\#{tag}")));
    }
    found
}

/// Scans `text[body_start..]`; positions are in the whole file.
pub fn scan(text: &str, body_start: usize, lines: &LineIndex) -> Scan {
    let body = &text[body_start..];
    let at = |offset: usize| lines.pos(text, body_start + offset);
    let mut out = Scan::default();
    let mut slugs = SlugSet::default();
    let mut heading: Option<(u8, usize, String)> = None;
    let mut first = true;
    let mut context = TextContext::default();
    // The last text of the block being read (for a closing `^id`), and
    // whether the text about to come follows a space or a block start.
    let mut last_text: Option<(pulldown_cmark::CowStr, usize)> = None;
    let mut clear = true;
    let mut cell: Option<String> = None;
    let mut cell_split: Option<usize> = None;
    let mut tag_keys = std::collections::HashSet::new();
    let events = events(body);
    for (event, range) in events {
        if std::mem::take(&mut first) {
            out.opens_with_h1 = matches!(
                event,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            );
        }
        context.enter(&event);
        // Inline marks do not clear the way for a tag (`**a**#b` is no
        // tag); block edges and line breaks do.
        let block_edge = !is_inline_mark(&event);
        match &event {
            Event::Text(_) => {}
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_)) => {
                if let Some((last, offset)) = last_text.take()
                    && let Some((cut, id)) = obsidian::block_id(&last)
                    && !out.blocks.iter().any(|b| b.id == id)
                {
                    let caret = last[cut..].find('^').map_or(cut, |k| cut + k);
                    out.blocks.push(Block {
                        id: id.into(),
                        pos: at(offset + caret),
                    });
                }
            }
            _ => last_text = None,
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level_number(level), range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text_of)) = heading.take() {
                    let slug = slugs.unique(&text_of);
                    out.headings.push(Heading {
                        level,
                        text: text_of.trim().into(),
                        slug: slug.into(),
                        pos: at(start),
                    });
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(text_of), Some(offset)) = (cell.take(), cell_split.take())
                    && text_of
                        .rfind("[[")
                        .is_some_and(|k| !text_of[k..].contains("]]"))
                {
                    out.split_links.push(at(offset));
                }
            }
            Event::Text(t) => {
                if let Some((_, _, buf)) = heading.as_mut() {
                    buf.push_str(&t);
                }
                if !context.in_code() {
                    if let Some(buf) = cell.as_mut() {
                        if cell_split.is_none()
                            && let Some(k) = t.find("[[")
                        {
                            cell_split = Some(range.start + k);
                        }
                        buf.push_str(&t);
                    }
                    if context.takes_tags() {
                        for (_, tag) in tags_of_text(&t, body, &range, clear) {
                            if tag_keys.insert(obsidian::tag_key(tag)) {
                                out.tags.push(tag.into());
                            }
                        }
                    }
                }
                clear = t.ends_with(char::is_whitespace);
                if context.takes_tags() {
                    last_text = Some((t, range.start));
                }
                continue;
            }
            Event::Code(t) => {
                if let Some((_, _, buf)) = heading.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let (kind, dest) = match link_type {
                    LinkType::WikiLink { .. } => {
                        (LinkKind::Wiki, wikilink_target(&dest_url).to_owned())
                    }
                    // `<name@example.com>`: a mail address, not a file.
                    LinkType::Email => (LinkKind::Markdown, format!("mailto:{dest_url}")),
                    _ => (LinkKind::Markdown, dest_url.into_string()),
                };
                out.links.push(Link {
                    kind,
                    dest,
                    pos: at(range.start),
                });
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let (kind, dest) = if matches!(link_type, LinkType::WikiLink { .. }) {
                    (LinkKind::WikiEmbed, wikilink_target(&dest_url).to_owned())
                } else {
                    (LinkKind::Image, dest_url.into_string())
                };
                out.links.push(Link {
                    kind,
                    dest,
                    pos: at(range.start),
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                out.has_html = true;
                // `<span class="x">#feature/statuses</span>` on a line of
                // its own is an HTML block to Markdown, and its tags are
                // tags to Obsidian.
                if context.takes_tags() {
                    for text in span_texts(&html) {
                        for (_, tag) in obsidian::tags_in(text, true) {
                            if tag_keys.insert(obsidian::tag_key(tag)) {
                                out.tags.push(tag.into());
                            }
                        }
                    }
                }
                for found in html_links(&html) {
                    out.links.push(Link {
                        kind: found.kind,
                        dest: html[found.value.clone()].to_owned(),
                        pos: at(range.start + found.value.start),
                    });
                }
                // Text right after a tag (`<span>#tag`) starts clear, as
                // after a space.
                clear = html.trim_end().ends_with('>');
                continue;
            }
            _ => {}
        }
        clear = block_edge;
    }
    out
}

/// The texts inside `<span ...>…</span>` elements of `html` (up to the
/// next tag).
fn span_texts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<span") {
        let after = &rest[at..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let inner = &after[open_end + 1..];
        let end = inner.find('<').unwrap_or(inner.len());
        out.push(&inner[..end]);
        rest = &inner[end..];
    }
    out
}

pub fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Inline code, HTML and math, and the edges of emphasis, links and
/// images: marks inside a line of text, which neither end a block nor
/// clear the way for a tag or a highlight.
pub fn is_inline_mark(event: &Event) -> bool {
    matches!(
        event,
        Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::Start(
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            )
            | Event::End(
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Link
                    | TagEnd::Image
            )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts are joined as pulldown-cmark's own adapter joins them: runs
    /// split at marks, escapes, entities and line ends; empty ones.
    #[test]
    fn texts_are_joined_as_pulldown_cmark_joins_them() {
        for text in [
            "",
            "plain",
            "a [b] c\\*d\\* e &amp; f\nnext line  \nhard\n\n|x|y|\n|-|-|\n|[[a|b]]|c|\n",
            "东义[集团]的 **客户** `code` [[Link#H|shown]] ![[embed]] ==mark== ^block",
            "\\\\\\[\\]&lt;&gt;[[[[]]]]",
            "> [!note] title\n> body [x\n\n- [ ] task [y\n- item $x$ [^1]\n\n[^1]: foot [z",
            "<b>html</b> [a](b) [c][d] <http://x> &#35; \\",
        ] {
            let ours = events(text);
            let theirs: Vec<_> = pulldown_cmark::TextMergeWithOffset::new(
                Parser::new_ext(text, options()).into_offset_iter(),
            )
            .collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    fn scan_all(text: &str) -> Scan {
        scan(text, 0, &LineIndex::new(text))
    }

    /// A `$$` block with blank lines inside is one display math, links
    /// and marks inside it are TeX; one that never closes, or runs into a
    /// list, stays as written.
    #[test]
    fn display_math_keeps_its_blank_lines() {
        let text = "before\n\n$$\na_1 = [[b]]\n\nc_2 = d\n$$\n\nafter [[e]]\n";
        let math: Vec<_> = events(text)
            .into_iter()
            .filter_map(|(e, _)| match e {
                Event::DisplayMath(m) => Some(m.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(math, ["\na_1 = [[b]]\n\nc_2 = d\n"]);
        let links: Vec<String> = scan_all(text)
            .links
            .iter()
            .map(|l| l.dest.to_string())
            .collect();
        assert_eq!(links, ["e"]);
        for left in ["$$\na\n\n- b $$\n", "$$\na\n\nb\n", "$$ a $$\n\nb $$\n"] {
            assert!(
                !events(left)
                    .iter()
                    .any(|(e, _)| matches!(e, Event::DisplayMath(m) if m.contains('\n'))),
                "{left:?}"
            );
        }
    }

    #[test]
    fn tags_inside_html_spans_are_tags() {
        let s = scan_all(
            "<span class=\"related-pages\">#feature/statuses #task-format/dataview</span>\n\n<div>#not-a-span</div>\n",
        );
        let tags: Vec<&str> = s.tags.iter().map(|t| t.as_str()).collect();
        assert_eq!(tags, ["feature/statuses", "task-format/dataview"]);
    }

    #[test]
    fn finds_headings_with_unique_slugs() {
        let s = scan_all("# 东义集团\n\n## 会议纪要\n\n## 会议纪要\n");
        let slugs: Vec<_> = s.headings.iter().map(|h| h.slug.as_str()).collect();
        assert_eq!(slugs, ["东义集团", "会议纪要", "会议纪要-1"]);
        assert_eq!(s.headings[1].pos, Pos::new(3, 1));
    }

    #[test]
    fn finds_every_kind_of_link_with_position() {
        let s = scan_all(
            "见 [工作台](../projects/P001/workbench.md) 与 [[P001-东义项目|项目]]\n\n![[logo.png]] ![图](a%20b.png)\n",
        );
        let kinds: Vec<_> = s.links.iter().map(|l| (l.kind, l.dest.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (LinkKind::Markdown, "../projects/P001/workbench.md"),
                (LinkKind::Wiki, "P001-东义项目"),
                (LinkKind::WikiEmbed, "logo.png"),
                (LinkKind::Image, "a%20b.png"),
            ]
        );
        assert_eq!(s.links[0].pos, Pos::new(1, 3));
        assert_eq!(s.links[2].pos, Pos::new(3, 1));
    }

    #[test]
    fn notices_raw_html() {
        assert!(scan_all("a <b>x</b>\n").has_html);
        assert!(!scan_all("a **x**\n").has_html);
    }
}
