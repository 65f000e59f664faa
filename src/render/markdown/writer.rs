//! The walk over a note's events that writes its page: links, headings,
//! blocks, callouts, tags, highlights and embeds, in one pass.

use crate::render::obsidian::{self, Callout, Media, Spanned};
use crate::vault::markdown::{TextContext, tags_of_text};
use crate::vault::resolve::Target;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::html::rewrite_html;
use super::{Body, LinkOut, LinkPolicy, deeper};

/// An open callout's title, while its first line is being written.
pub(super) struct Title {
    pub(super) callout: Callout,
    pub(super) written: bool,
}

/// Walks the events of one body once, writing the page's events.
pub(super) struct Writer<'w, 'a> {
    pub(super) body: &'w Body<'a>,
    pub(super) policy: &'w dyn LinkPolicy,
    pub(super) events: &'w [Spanned<'a>],
    pub(super) link_at: &'w [usize],
    pub(super) heading_at: &'w [usize],
    pub(super) keep: &'w mut [bool],
    pub(super) blocks: &'w std::collections::HashMap<usize, obsidian::BlockMark<'w>>,
    pub(super) marks: &'w std::collections::HashMap<usize, Vec<(usize, bool)>>,
    /// Text event → where its text ends before a closing ` ^id`.
    pub(super) cuts: std::collections::HashMap<usize, usize>,
    pub(super) out: &'w mut Vec<Event<'a>>,
    /// Open block quotes: the callout each one is, if any.
    pub(super) quotes: Vec<Option<Callout>>,
    pub(super) title: Option<Title>,
    /// For every open link or image: the event its end becomes.
    pub(super) closers: Vec<Event<'a>>,
    /// Inside `[[Name#Heading]]` without `|text`: shown as `Name › Heading`.
    pub(super) bare_wikilink: bool,
    pub(super) context: TextContext,
    /// Whether the text about to come may start a tag.
    pub(super) clear: bool,
    /// Open paragraphs: whether each was written (one holding only
    /// embeds of notes is not, the embeds being boxes of their own).
    pub(super) paragraphs: Vec<bool>,
}

impl<'a> Writer<'_, 'a> {
    pub(super) fn run(&mut self) {
        let mut i = 0;
        while i < self.events.len() {
            if !self.keep[i] {
                i += 1;
                continue;
            }
            i = self.event(i);
        }
    }

    fn push(&mut self, event: Event<'a>) {
        if let Some(title) = self.title.as_mut()
            && !matches!(&event, Event::Text(t) if t.trim().is_empty())
        {
            title.written = true;
        }
        self.out.push(event);
    }

    fn html(&mut self, html: String) {
        self.push(Event::Html(html.into()));
    }

    /// Ends a callout's title, if one is open, and opens its content.
    fn end_title(&mut self) {
        if let Some(title) = self.title.take() {
            if !title.written {
                self.out
                    .push(Event::Text(title.callout.default_title().into()));
            }
            self.out
                .push(Event::Html(title.callout.after_title().into()));
        }
    }

    /// Writes event `i` (and those it takes with it); returns the next.
    fn event(&mut self, i: usize) -> usize {
        let (event, range) = &self.events[i];
        self.context.enter(event);
        let block_edge =
            !(matches!(event, Event::Text(_)) || crate::vault::markdown::is_inline_mark(event));
        if let Event::Text(t) = event {
            // The commonest event, written without a copy when it is plain.
            let ends_in_space = t.ends_with(char::is_whitespace);
            self.text(i, 0);
            self.clear = ends_in_space;
            return i + 1;
        }
        let next = match event.clone() {
            Event::Start(Tag::BlockQuote(kind)) => {
                let line = self.body.text[range.start..]
                    .lines()
                    .next()
                    .unwrap_or_default();
                let callout = obsidian::callout(line).filter(|_| {
                    matches!(self.events.get(i + 1), Some((Event::Start(Tag::Paragraph), _)))
                        && matches!(self.events.get(i + 2), Some((Event::Text(t), _)) if t.starts_with("[!"))
                });
                match callout {
                    Some(callout) => {
                        self.html(callout.open());
                        self.quotes.push(Some(callout.clone()));
                        self.title = Some(Title {
                            callout,
                            written: false,
                        });
                        // The first paragraph is the title line; its text
                        // starts after the marker.
                        self.paragraphs.push(false);
                        let (Event::Text(t), _) = &self.events[i + 2] else {
                            unreachable!("checked above")
                        };
                        let from = obsidian::strip_callout_marker(t);
                        self.context.enter(&self.events[i + 1].0);
                        self.text(i + 2, from);
                        i + 3
                    }
                    None => {
                        self.quotes.push(None);
                        self.push(Event::Start(Tag::BlockQuote(kind)));
                        i + 1
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => {
                self.end_title();
                match self.quotes.pop().flatten() {
                    Some(callout) => self.html(callout.close().to_owned()),
                    None => self.push(Event::End(TagEnd::BlockQuote(kind))),
                }
                i + 1
            }
            Event::SoftBreak | Event::HardBreak if self.title.is_some() => {
                self.end_title();
                self.paragraphs.pop();
                self.paragraphs.push(true);
                self.push(Event::Start(Tag::Paragraph));
                i + 1
            }
            Event::SoftBreak if self.body.line_breaks => {
                self.push(Event::HardBreak);
                i + 1
            }
            Event::Start(Tag::Paragraph) => {
                if let Some(mark) = self.blocks.get(&i).filter(|m| m.alone) {
                    // `^id` alone: an anchor for the block before it.
                    if self.body.anchors {
                        let id = crate::render::escape(&format!("^{}", mark.id));
                        self.html(format!(
                            "<span class=\"block-anchor\" id=\"{id}\"></span>\n"
                        ));
                    }
                    return obsidian::end_of(self.events, i) + 1;
                }
                let written = !self.only_embeds(i);
                self.paragraphs.push(written);
                if written {
                    match self.blocks.get(&i) {
                        Some(mark) if self.body.anchors => {
                            let id = crate::render::escape(&format!("^{}", mark.id));
                            self.html(format!("<p id=\"{id}\">"));
                        }
                        _ => self.push(Event::Start(Tag::Paragraph)),
                    }
                }
                i + 1
            }
            Event::End(TagEnd::Paragraph) => {
                if self.title.is_some() {
                    self.end_title();
                    self.paragraphs.pop();
                } else if self.paragraphs.pop().unwrap_or(true) {
                    self.push(Event::End(TagEnd::Paragraph));
                }
                i + 1
            }
            Event::Start(Tag::Item) => {
                match self.blocks.get(&i) {
                    Some(mark) if self.body.anchors => {
                        let id = crate::render::escape(&format!("^{}", mark.id));
                        self.html(format!("<li id=\"{id}\">"));
                    }
                    _ => self.push(Event::Start(Tag::Item)),
                }
                i + 1
            }
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = self
                    .body
                    .anchors
                    .then(|| self.body.headings.get(self.heading_at[i]))
                    .flatten()
                    .map(|h| CowStr::from(h.slug.to_string()));
                let level = if self.body.nest { deeper(level) } else { level };
                self.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
                i + 1
            }
            Event::End(TagEnd::Heading(level)) if self.body.nest => {
                self.push(Event::End(TagEnd::Heading(deeper(level))));
                i + 1
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.bare_wikilink = link_type == LinkType::WikiLink { has_pothole: false };
                let decided = self.decide(i, &dest_url);
                // The writer prefixes `mailto:` to an email link itself.
                let link_type = if link_type == LinkType::Email {
                    LinkType::Inline
                } else {
                    link_type
                };
                match decided {
                    LinkOut::Href(href) | LinkOut::PageHref(href) => {
                        self.closers.push(Event::End(TagEnd::Link));
                        self.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: href.into(),
                            title,
                            id,
                        }));
                    }
                    LinkOut::Text { class, title } => {
                        let open = open_text(&mut self.closers, class, &title);
                        self.push(open);
                    }
                }
                i + 1
            }
            Event::End(TagEnd::Link) => {
                self.bare_wikilink = false;
                let closer = self.closers.pop().unwrap_or(Event::InlineHtml("".into()));
                self.push(closer);
                i + 1
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let end = obsidian::end_of(self.events, i);
                // The image's events are its alt text; links inside it
                // keep their places by the numbering.
                self.context = TextContext::default();
                self.image(i, end, link_type, &dest_url);
                end + 1
            }
            Event::TaskListMarker(done) => {
                let name = crate::render::escape(self.body.task_words[usize::from(!done)]);
                let checked = if done { " checked" } else { "" };
                self.html(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{name}\"> "
                ));
                i + 1
            }
            Event::Html(html) => {
                let rewritten = self.rewrite(i, &html);
                self.push(Event::Html(rewritten.into()));
                i + 1
            }
            Event::InlineHtml(html) => {
                let rewritten = self.rewrite(i, &html);
                self.push(Event::InlineHtml(rewritten.into()));
                i + 1
            }
            other => {
                self.push(other);
                i + 1
            }
        };
        // Text right after an HTML tag (`<span>#tag`) starts clear, as the
        // scan of the note takes it.
        self.clear = block_edge
            || matches!(event, Event::Text(t) if t.ends_with(char::is_whitespace))
            || matches!(event, Event::InlineHtml(h) if h.trim_end().ends_with('>'));
        next
    }

    fn decide(&self, i: usize, dest: &str) -> LinkOut {
        match self.body.resolutions.get(self.link_at[i]) {
            Some(r) => self.policy.link(r, dest),
            None => LinkOut::Text {
                class: "link-broken",
                title: String::new(),
            },
        }
    }

    /// Whether the paragraph started at `start` holds nothing but embeds
    /// of notes (and spaces): it is not written, each embed being a box.
    fn only_embeds(&self, start: usize) -> bool {
        let mut any = false;
        let mut k = start + 1;
        while k < self.events.len() {
            match &self.events[k].0 {
                Event::End(TagEnd::Paragraph) => break,
                Event::Start(Tag::Image {
                    link_type: LinkType::WikiLink { .. },
                    ..
                }) if matches!(
                    self.body.resolutions.get(self.link_at[k]),
                    Some(Ok(Target::Note { .. }))
                ) =>
                {
                    any = true;
                    k = obsidian::end_of(self.events, k) + 1;
                }
                Event::Text(t) if t.trim().is_empty() => k += 1,
                Event::SoftBreak | Event::HardBreak => k += 1,
                _ => return false,
            }
        }
        any
    }

    /// Writes text event `i` from byte `from`: highlights, tags and a
    /// closing block id drawn.
    fn text(&mut self, i: usize, from: usize) {
        let (Event::Text(text), range) = &self.events[i] else {
            return;
        };
        let text: &str = text;
        let mut to = text.len();
        if !self.cuts.is_empty()
            && let Some(cut) = self.cuts.get(&i)
        {
            to = (*cut).max(from);
        }
        let bare = self.bare_wikilink && text.contains('#');
        // Pieces to insert, by offset: highlight marks and tags.
        let mut cuts: Vec<(usize, usize, String)> = Vec::new();
        let marks = if self.marks.is_empty() {
            None
        } else {
            self.marks.get(&i)
        };
        for &(at, opens) in marks.into_iter().flatten() {
            if at >= from && at + 2 <= to {
                let tag = if opens { "<mark>" } else { "</mark>" };
                cuts.push((at, at + 2, tag.to_owned()));
            }
        }
        if self.context.takes_tags() {
            let clear = self.clear || from > 0;
            for (span, tag) in tags_of_text(text, self.body.text, range, clear) {
                if span.start < from || span.end > to {
                    continue;
                }
                let shown = crate::render::escape(&text[span.clone()]);
                let html = match self.policy.tag(tag) {
                    Some(href) => format!(
                        "<a class=\"tag\" href=\"{}\">{shown}</a>",
                        crate::render::escape(&href)
                    ),
                    None => format!("<span class=\"tag\">{shown}</span>"),
                };
                cuts.push((span.start, span.end, html));
            }
        }
        if cuts.is_empty() && from == 0 && to == text.len() && !bare {
            // Most text is plain: written as parsed, without a copy.
            self.push(self.events[i].0.clone());
            return;
        }
        cuts.sort_by_key(|c| c.0);
        let mut at = from;
        for (start, end, html) in cuts {
            if start < at {
                continue;
            }
            self.plain(&text[at..start], bare);
            self.push(Event::InlineHtml(html.into()));
            at = end;
        }
        self.plain(&text[at..to], bare);
    }

    fn plain(&mut self, text: &str, bare: bool) {
        if text.is_empty() {
            return;
        }
        let text = if bare {
            // `[[#Heading]]` shows the heading; `[[Note#A#B]]` shows
            // `Note › A › B`.
            let own = text.strip_prefix('#').unwrap_or(text);
            own.replace('#', " › ")
        } else {
            text.to_owned()
        };
        self.push(Event::Text(text.into()));
    }

    /// An image or embed from event `i` to its end at `end`.
    fn image(&mut self, i: usize, end: usize, link_type: LinkType, dest: &str) {
        let mut inner = String::new();
        for (event, _) in &self.events[i + 1..end] {
            match event {
                Event::Text(t) | Event::Code(t) => inner.push_str(t),
                Event::SoftBreak | Event::HardBreak => inner.push(' '),
                _ => {}
            }
        }
        let wiki = matches!(link_type, LinkType::WikiLink { .. });
        let piped = matches!(link_type, LinkType::WikiLink { has_pothole: true });
        // `![[pic.png|300]]` and `![alt|300x200](pic.png)` set a size.
        let (alt, size) = if wiki {
            match obsidian::size(&inner) {
                Some(size) if piped => (file_name(dest).to_owned(), Some(size)),
                _ if piped => (inner.clone(), None),
                _ => (file_name(dest).to_owned(), None),
            }
        } else {
            match inner.rsplit_once('|') {
                Some((alt, size)) if obsidian::size(size).is_some() => {
                    (alt.trim().to_owned(), obsidian::size(size))
                }
                _ => (inner.clone(), None),
            }
        };
        let resolution = self.body.resolutions.get(self.link_at[i]);
        if let Some(r @ Ok(Target::Note { .. })) = resolution
            && let Some(embed) = self.policy.embed(r)
        {
            let in_paragraph = self.paragraphs.last().copied().unwrap_or(false);
            if in_paragraph {
                self.push(Event::End(TagEnd::Paragraph));
            }
            let html = obsidian::embed_html(&embed.title, embed.href.as_deref(), &embed.html);
            self.html(html);
            if in_paragraph {
                self.push(Event::Start(Tag::Paragraph));
            }
            return;
        }
        let shown = if wiki && !piped {
            dest.to_owned()
        } else {
            alt.clone()
        };
        match self.decide(i, dest) {
            LinkOut::Href(url) => {
                let media = match resolution {
                    Some(Ok(Target::Asset(path))) => Media::of(path),
                    _ => Media::Image,
                };
                let alt = if media == Media::Image { alt } else { shown };
                self.push(Event::InlineHtml(
                    obsidian::media_html(media, &url, &alt, size).into(),
                ));
            }
            LinkOut::PageHref(href) => {
                let mut html = format!("<a href=\"{}\">", crate::render::escape(&href));
                let _ = escape_html(&mut html, &shown);
                html.push_str("</a>");
                self.push(Event::InlineHtml(html.into()));
            }
            LinkOut::Text { class, title } => {
                let mut html = format!("<span class=\"{class}\" title=\"");
                let _ = escape_html(&mut html, &title);
                html.push_str("\">");
                let _ = escape_html(&mut html, &shown);
                html.push_str("</span>");
                self.push(Event::InlineHtml(html.into()));
            }
        }
    }

    fn rewrite(&self, i: usize, html: &str) -> String {
        let mut links = self.body.resolutions.iter().skip(self.link_at[i]);
        rewrite_html(html, &mut links, self.policy)
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn open_text<'a>(closers: &mut Vec<Event<'a>>, class: &str, title: &str) -> Event<'a> {
    closers.push(Event::InlineHtml("</span>".into()));
    let mut tag = format!("<span class=\"{class}\" title=\"");
    let _ = escape_html(&mut tag, title);
    tag.push_str("\">");
    Event::InlineHtml(tag.into())
}
