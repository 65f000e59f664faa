//! The parts of a page that Obsidian's Markdown adds to CommonMark: callout
//! boxes, `==highlights==`, block anchors, and embeds of images, audio,
//! video, PDFs and other notes. The renderer asks; this module answers
//! from the events of one note.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::render::escape;
use crate::vault::obsidian;

/// One parsed event and where it was written in the body.
pub type Spanned<'a> = (Event<'a>, Range<usize>);

/// A callout's first line: `> [!tip]- Title`.
#[derive(Debug, Clone, PartialEq)]
pub struct Callout {
    /// The family it is drawn as (`tip`, `warning`, ...; unknown types
    /// are drawn as `note`).
    pub family: &'static str,
    /// Its type as written, lowercased (the title when none is given).
    pub written: String,
    /// `-` (folded) or `+` (open): a `<details>` box.
    pub fold: Option<bool>,
}

/// Obsidian's callout types and the family each is drawn as.
const CALLOUT_TYPES: &[(&str, &str)] = &[
    ("note", "note"),
    ("abstract", "abstract"),
    ("summary", "abstract"),
    ("tldr", "abstract"),
    ("info", "info"),
    ("todo", "todo"),
    ("tip", "tip"),
    ("hint", "tip"),
    ("important", "tip"),
    ("success", "success"),
    ("check", "success"),
    ("done", "success"),
    ("question", "question"),
    ("help", "question"),
    ("faq", "question"),
    ("warning", "warning"),
    ("caution", "warning"),
    ("attention", "warning"),
    ("failure", "failure"),
    ("fail", "failure"),
    ("missing", "failure"),
    ("danger", "danger"),
    ("error", "danger"),
    ("bug", "bug"),
    ("example", "example"),
    ("quote", "quote"),
    ("cite", "quote"),
];

/// The callout a block quote opens with, read from its first source line,
/// with the length of the marker (`[!tip]-`) to take off its first text.
pub fn callout(source_line: &str) -> Option<Callout> {
    let line = source_line.trim_start_matches([' ', '\t', '>']);
    let rest = line.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let written = &rest[..close];
    if written.is_empty() || written.chars().any(|c| c.is_whitespace() || c == '[') {
        return None;
    }
    let after = &rest[close + 1..];
    let fold = match after.chars().next() {
        Some('-') => Some(false),
        Some('+') => Some(true),
        _ => None,
    };
    let written = written.to_lowercase();
    let family = CALLOUT_TYPES
        .iter()
        .find(|(t, _)| *t == written)
        .map_or("note", |(_, f)| f);
    Some(Callout {
        family,
        written,
        fold,
    })
}

/// The text of a callout's first line without its marker: what follows
/// `[!type]`, `[!type]-` or `[!type]+` and the spaces after it.
pub fn strip_callout_marker(text: &str) -> usize {
    let Some(close) = text.find(']') else {
        return 0;
    };
    let mut at = close + 1;
    if text[at..].starts_with(['-', '+']) {
        at += 1;
    }
    at + (text[at..].len() - text[at..].trim_start().len())
}

impl Callout {
    /// The opening HTML, up to where the title's text goes.
    pub fn open(&self) -> String {
        let family = self.family;
        match self.fold {
            None => format!(
                "<div class=\"callout\" data-callout=\"{family}\">\n<div class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-inner\">"
            ),
            Some(open) => format!(
                "<details class=\"callout\" data-callout=\"{family}\"{}>\n<summary class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-inner\">",
                if open { " open" } else { "" }
            ),
        }
    }

    /// The title when none is written: the type, capitalised.
    pub fn default_title(&self) -> String {
        let mut chars = self.written.chars();
        chars.next().map_or_else(String::new, |c| {
            c.to_uppercase().chain(chars).collect::<String>()
        })
    }

    /// Closes the title and opens the content.
    pub fn after_title(&self) -> &'static str {
        match self.fold {
            None => "</span></div>\n<div class=\"callout-content\">\n",
            Some(_) => "</span></summary>\n<div class=\"callout-content\">\n",
        }
    }

    pub fn close(&self) -> &'static str {
        match self.fold {
            None => "</div>\n</div>\n",
            Some(_) => "</div>\n</details>\n",
        }
    }
}

/// Events that start or end a block (a highlight never runs over one).
fn is_block_edge(event: &Event) -> bool {
    !(crate::vault::markdown::is_inline_mark(event)
        || matches!(
            event,
            Event::Text(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::FootnoteReference(_)
                | Event::Start(Tag::Superscript | Tag::Subscript)
                | Event::End(TagEnd::Superscript | TagEnd::Subscript)
        ))
}

/// The `==` marks that pair up into highlights, per text event: the
/// offset of each and whether it opens. Marks pair within one block, in
/// order; code is never highlighted.
pub fn highlights(events: &[Spanned], keep: &[bool]) -> HashMap<usize, Vec<(usize, bool)>> {
    let mut out: HashMap<usize, Vec<(usize, bool)>> = HashMap::new();
    let mut open: Option<(usize, usize)> = None;
    let mut code = 0usize;
    for (i, (event, _)) in events.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Text(t) if code == 0 => {
                for (at, opens, closes) in obsidian::highlight_marks(t) {
                    match open {
                        Some(start) if closes => {
                            out.entry(start.0).or_default().push((start.1, true));
                            out.entry(i).or_default().push((at, false));
                            open = None;
                        }
                        None if opens => open = Some((i, at)),
                        _ => {}
                    }
                }
            }
            e if is_block_edge(e) => open = None,
            _ => {}
        }
    }
    for marks in out.values_mut() {
        marks.sort_unstable();
    }
    out
}

/// A block with an id: where its text ends and the id.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockMark<'t> {
    /// The text event that ends with ` ^id`.
    pub text: usize,
    /// Where the text before the id ends.
    pub cut: usize,
    pub id: &'t str,
    /// The whole paragraph is `^id`: it names the block before it.
    pub alone: bool,
}

/// Paragraphs and list items that end with `^id`, by the index of their
/// start event. Found as the scan finds them.
pub fn block_marks<'t>(events: &'t [Spanned<'t>]) -> HashMap<usize, BlockMark<'t>> {
    let mut out = HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    let mut last: Option<usize> = None;
    let mut context = crate::vault::markdown::TextContext::default();
    for (i, (event, _)) in events.iter().enumerate() {
        context.enter(event);
        match event {
            Event::Text(_) => {
                if context.takes_tags() {
                    last = Some(i);
                } else {
                    last = None;
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Start(Tag::List(_)) => {
                let block = match event {
                    Event::Start(_) => open.last().copied(),
                    _ => open.pop(),
                };
                if let (Some(t), Some(start)) = (last.take(), block)
                    && let Event::Text(text) = &events[t].0
                    && let Some((cut, id)) = obsidian::block_id(text)
                {
                    let alone = matches!(events[start].0, Event::Start(Tag::Paragraph))
                        && t == start + 1
                        && cut == 0;
                    out.entry(start).or_insert(BlockMark {
                        text: t,
                        cut,
                        id,
                        alone,
                    });
                }
            }
            Event::Start(Tag::Paragraph | Tag::Item) => {
                open.push(i);
                last = None;
            }
            _ => last = None,
        }
    }
    out
}

/// The index of the event that ends the one started at `start`.
pub fn end_of(events: &[Spanned], start: usize) -> usize {
    let mut depth = 0usize;
    for (k, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Keeps only the events within `range` of the body, and every end whose
/// start is kept, so what is kept is balanced.
pub fn keep_within(events: &[Spanned], range: Range<usize>, keep: &mut [bool]) {
    let mut opened: Vec<bool> = Vec::new();
    for (i, (event, span)) in events.iter().enumerate() {
        let inside = range.contains(&span.start);
        match event {
            Event::Start(_) => {
                opened.push(inside);
                keep[i] &= inside;
            }
            Event::End(_) => keep[i] &= opened.pop().unwrap_or(false),
            _ => keep[i] &= inside,
        }
    }
}

/// What an embedded file is shown as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Image,
    Audio,
    Video,
    Pdf,
    /// Anything else: a link to the file.
    File,
}

impl Media {
    pub fn of(path: &str) -> Media {
        let name = path.rsplit('/').next().unwrap_or(path);
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "bmp" | "ico" | "tif" | "tiff"
            | "heic" | "svg" => Media::Image,
            "mp3" | "m4a" | "wav" | "ogg" | "oga" | "opus" | "flac" | "aac" | "3gp" => Media::Audio,
            "mp4" | "m4v" | "webm" | "mov" | "ogv" | "mkv" => Media::Video,
            "pdf" => Media::Pdf,
            _ => Media::File,
        }
    }
}

/// `300` or `300x200`: an embed's size.
pub fn size(text: &str) -> Option<(u32, Option<u32>)> {
    let text = text.trim();
    let (w, h) = match text.split_once('x') {
        Some((w, h)) => (w, Some(h)),
        None => (text, None),
    };
    let w: u32 = w.trim().parse().ok().filter(|w| *w > 0 && *w <= 10_000)?;
    let h = match h {
        Some(h) => Some(h.trim().parse().ok().filter(|h| *h > 0 && *h <= 10_000)?),
        None => None,
    };
    Some((w, h))
}

/// The HTML of an embedded file at `url`.
pub fn media_html(media: Media, url: &str, alt: &str, size: Option<(u32, Option<u32>)>) -> String {
    let url = escape(url);
    let alt = escape(alt);
    let dims = match size {
        Some((w, Some(h))) => format!(" width=\"{w}\" height=\"{h}\""),
        Some((w, None)) => format!(" width=\"{w}\""),
        None => String::new(),
    };
    match media {
        Media::Image => format!("<img src=\"{url}\" alt=\"{alt}\"{dims} />"),
        Media::Audio => format!(
            "<audio controls=\"\" preload=\"metadata\" src=\"{url}\"><a href=\"{url}\">{alt}</a></audio>"
        ),
        Media::Video => format!(
            "<video controls=\"\" preload=\"metadata\" src=\"{url}\"{dims}><a href=\"{url}\">{alt}</a></video>"
        ),
        Media::Pdf => format!("<a class=\"embed-file embed-pdf\" href=\"{url}\">{alt}</a>"),
        Media::File => format!("<a class=\"embed-file\" href=\"{url}\">{alt}</a>"),
    }
}

/// A note embedded in another: a box with its title (linked) and its
/// text.
pub fn embed_html(title: &str, href: Option<&str>, body: &str) -> String {
    let title = escape(title);
    let heading = match href {
        Some(href) => format!("<a href=\"{}\">{title}</a>", escape(href)),
        None => title,
    };
    format!(
        "<div class=\"embed\">\n<div class=\"embed-title\">{heading}</div>\n<div class=\"embed-body\">\n{body}</div>\n</div>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callouts_have_a_family_and_may_fold() {
        let c = callout("> [!TIP]- 小心").unwrap();
        assert_eq!((c.family, c.fold), ("tip", Some(false)));
        assert_eq!(callout("> [!faq]+").unwrap().family, "question");
        let unknown = callout("> [!客户] x").unwrap();
        assert_eq!(unknown.family, "note");
        assert_eq!(unknown.default_title(), "客户");
        assert_eq!(callout("> [!x y]"), None);
        assert_eq!(callout("> plain"), None);
        assert_eq!(strip_callout_marker("[!tip]- Title"), 8);
        assert_eq!(strip_callout_marker("[!tip]"), 6);
    }

    #[test]
    fn sizes_read_like_obsidian() {
        assert_eq!(size("300"), Some((300, None)));
        assert_eq!(size("300x200"), Some((300, Some(200))));
        assert_eq!(size("logo"), None);
        assert_eq!(size("0"), None);
    }

    #[test]
    fn media_by_extension() {
        assert_eq!(Media::of("a/b.MP3"), Media::Audio);
        assert_eq!(Media::of("x.webm"), Media::Video);
        assert_eq!(Media::of("r.pdf"), Media::Pdf);
        assert_eq!(Media::of("p.jpeg"), Media::Image);
        assert_eq!(Media::of("d.docx"), Media::File);
    }
}
