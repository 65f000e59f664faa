//! A note's Markdown as HTML: links rewritten to the pages they reach,
//! headings and blocks given their anchors, Obsidian's callouts, tags,
//! highlights and embeds drawn, raw HTML sanitised.

use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use crate::render::obsidian::{self, Callout, Media, Spanned};
use crate::vault::markdown::{Block, Heading, TextContext, tags_of_text};
use crate::vault::resolve::{Anchor, Resolution, Target};

/// What a link of the note turns into on the page.
pub enum LinkOut {
    /// An `href` (or `src` for images), relative to the page.
    Href(String),
    /// A link to a page: used for `![[Note]]` embeds, which are not images.
    PageHref(String),
    /// Text only, with a class saying why (`link-broken`, `link-private`)
    /// and a tooltip.
    Text { class: &'static str, title: String },
}

/// A note shown inside another (`![[Note]]`, `![[Note#Heading]]`).
pub struct Embed {
    pub title: String,
    pub href: Option<String>,
    pub html: String,
}

/// Decides, for one page, what its links, tags and embeds show.
pub trait LinkPolicy {
    fn link(&self, resolution: &Resolution, dest: &str) -> LinkOut;

    /// The URL of a tag's page, when it has one.
    fn tag(&self, _tag: &str) -> Option<String> {
        None
    }

    /// A note embedded here, when it may be (published, not already being
    /// embedded, not too deep).
    fn embed(&self, _resolution: &Resolution) -> Option<Embed> {
        None
    }
}

/// What to render and how, besides the Markdown itself.
pub struct Body<'a> {
    pub text: &'a str,
    /// The note's links in order of appearance, resolved.
    pub resolutions: &'a [Resolution],
    /// The note's headings in order, with their anchors.
    pub headings: &'a [Heading],
    /// The note's blocks with an id.
    pub blocks: &'a [Block],
    /// Whether the text holds raw HTML that must be sanitised.
    pub sanitize: bool,
    /// Leave out a top-level heading that opens the text: the page shows
    /// it as its title already.
    pub skip_opening_title: bool,
    /// Only this heading's section, or this block (what an embed shows).
    pub only: Option<Anchor>,
    /// Soft line breaks as `<br>`, as Obsidian shows them by default.
    pub line_breaks: bool,
    /// Give headings and blocks their ids (not inside an embed, where they
    /// would repeat ids of the page).
    pub anchors: bool,
    /// Headings one level deeper (`##` as `<h3>`): the text sits under a
    /// heading of the page's own.
    pub nest: bool,
    /// What a ticked and an open task-list box are called, for readers
    /// that cannot see them.
    pub task_words: [&'a str; 2],
}

/// A heading one level deeper, as far as there are levels.
fn deeper(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

impl<'a> Body<'a> {
    /// A body with the defaults of a page: anchors, no selection, no
    /// sanitising, Obsidian's line breaks.
    pub fn new(text: &'a str, resolutions: &'a [Resolution], headings: &'a [Heading]) -> Self {
        Body {
            text,
            resolutions,
            headings,
            blocks: &[],
            sanitize: false,
            skip_opening_title: false,
            only: None,
            line_breaks: true,
            anchors: true,
            nest: false,
            task_words: ["done", "to do"],
        }
    }
}

/// For every event, how many links (resolutions) and headings come before
/// it: the page pairs each link with its resolution by this count, so a
/// link that is not shown never shifts the others.
fn numbering(events: &[Spanned]) -> (Vec<usize>, Vec<usize>) {
    let mut links = Vec::with_capacity(events.len());
    let mut headings = Vec::with_capacity(events.len());
    let (mut l, mut h) = (0, 0);
    for (event, _) in events {
        links.push(l);
        headings.push(h);
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => l += 1,
            Event::Start(Tag::Heading { .. }) => h += 1,
            Event::Html(html) | Event::InlineHtml(html) => {
                l += crate::vault::markdown::html_links(html).count()
            }
            _ => {}
        }
    }
    (links, headings)
}

/// Renders a note's body.
pub fn to_html(body: &Body, policy: &dyn LinkPolicy) -> String {
    let events: Vec<Spanned> = crate::vault::markdown::events(body.text);
    let (link_at, heading_at) = numbering(&events);
    let mut keep = vec![true; events.len()];
    if body.skip_opening_title
        && let Some((
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }),
            _,
        )) = events.first()
    {
        let end = obsidian::end_of(&events, 0);
        keep[..=end].iter_mut().for_each(|k| *k = false);
    }
    let blocks = obsidian::block_marks(&events);
    let mut wrap_item = false;
    match body.only {
        Some(Anchor::Heading(h)) => {
            let h = h as usize;
            let start = heading_at
                .iter()
                .zip(&events)
                .position(|(&n, (e, _))| n == h && matches!(e, Event::Start(Tag::Heading { .. })));
            if let Some(start) = start {
                let level = body.headings.get(h).map_or(1, |x| x.level);
                let end = body
                    .headings
                    .iter()
                    .enumerate()
                    .skip(h + 1)
                    .find(|(_, x)| x.level <= level)
                    .and_then(|(k, _)| {
                        events.iter().zip(&heading_at).position(|((e, _), &n)| {
                            n == k && matches!(e, Event::Start(Tag::Heading { .. }))
                        })
                    })
                    .map_or(body.text.len(), |e| events[e].1.start);
                obsidian::keep_within(&events, events[start].1.start..end, &mut keep);
            }
        }
        Some(Anchor::Block(k)) => {
            let id = body.blocks.get(k as usize).map(|b| b.id.as_str());
            let found = blocks
                .iter()
                .filter(|(_, m)| Some(m.id) == id)
                .map(|(start, m)| (*start, m.alone))
                .min();
            if let Some((start, alone)) = found {
                // A `^id` on a line of its own names the block before it.
                let start = if alone {
                    previous_block(&events, start).unwrap_or(start)
                } else {
                    start
                };
                let end = obsidian::end_of(&events, start);
                wrap_item = matches!(events[start].0, Event::Start(Tag::Item));
                let span = events[start].1.start..events[end].1.end.max(events[start].1.start + 1);
                obsidian::keep_within(&events, span, &mut keep);
                keep[start] = true;
                keep[end] = true;
            } else {
                keep.iter_mut().for_each(|k| *k = false);
            }
        }
        None => {}
    }
    let marks = obsidian::highlights(&events, &keep);
    let mut out: Vec<Event> = Vec::with_capacity(events.len() + 8);
    if wrap_item {
        out.push(Event::Start(Tag::List(None)));
    }
    let mut writer = Writer {
        body,
        policy,
        events: &events,
        link_at: &link_at,
        heading_at: &heading_at,
        keep: &mut keep,
        blocks: &blocks,
        marks: &marks,
        cuts: blocks.values().map(|m| (m.text, m.cut)).collect(),
        out: &mut out,
        quotes: Vec::new(),
        title: None,
        closers: Vec::new(),
        bare_wikilink: false,
        context: TextContext::default(),
        clear: true,
        paragraphs: Vec::new(),
    };
    writer.run();
    if wrap_item {
        out.push(Event::End(TagEnd::List(false)));
    }
    let mut html = String::with_capacity(body.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if body.sanitize { clean(&html) } else { html }
}

/// The start of the block just before the one started at `start`.
fn previous_block(events: &[Spanned], start: usize) -> Option<usize> {
    let before = start.checked_sub(1)?;
    if !matches!(events[before].0, Event::End(_)) {
        return None;
    }
    let mut depth = 0usize;
    for k in (0..=before).rev() {
        match events[k].0 {
            Event::End(_) => depth += 1,
            Event::Start(_) => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// An open callout's title, while its first line is being written.
struct Title {
    callout: Callout,
    written: bool,
}

/// Walks the events of one body once, writing the page's events.
struct Writer<'w, 'a> {
    body: &'w Body<'a>,
    policy: &'w dyn LinkPolicy,
    events: &'w [Spanned<'a>],
    link_at: &'w [usize],
    heading_at: &'w [usize],
    keep: &'w mut [bool],
    blocks: &'w std::collections::HashMap<usize, obsidian::BlockMark<'w>>,
    marks: &'w std::collections::HashMap<usize, Vec<(usize, bool)>>,
    /// Text event → where its text ends before a closing ` ^id`.
    cuts: std::collections::HashMap<usize, usize>,
    out: &'w mut Vec<Event<'a>>,
    /// Open block quotes: the callout each one is, if any.
    quotes: Vec<Option<Callout>>,
    title: Option<Title>,
    /// For every open link or image: the event its end becomes.
    closers: Vec<Event<'a>>,
    /// Inside `[[Name#Heading]]` without `|text`: shown as `Name › Heading`.
    bare_wikilink: bool,
    context: TextContext,
    /// Whether the text about to come may start a tag.
    clear: bool,
    /// Open paragraphs: whether each was written (one holding only
    /// embeds of notes is not, the embeds being boxes of their own).
    paragraphs: Vec<bool>,
}

impl<'a> Writer<'_, 'a> {
    fn run(&mut self) {
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
        self.clear =
            block_edge || matches!(event, Event::Text(t) if t.ends_with(char::is_whitespace));
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

/// `html` with each `href`/`src` value replaced by what its resolution
/// (the next of `links`) makes of it; an attribute whose link is broken,
/// private or unsafe is removed.
fn rewrite_html<'r>(
    html: &str,
    links: &mut impl Iterator<Item = &'r Resolution>,
    policy: &dyn LinkPolicy,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    for found in crate::vault::markdown::html_links(html) {
        let dest = &html[found.value.clone()];
        let decided = links.next().map(|r| policy.link(r, dest));
        match decided {
            Some(LinkOut::Href(url) | LinkOut::PageHref(url)) => {
                out.push_str(&html[done..found.value.start]);
                let _ = pulldown_cmark_escape::escape_html(&mut out, &url);
                done = found.value.end;
            }
            _ => {
                out.push_str(&html[done..found.attribute.start]);
                done = found.attribute.end;
            }
        }
    }
    out.push_str(&html[done..]);
    out
}

fn open_text<'a>(closers: &mut Vec<Event<'a>>, class: &str, title: &str) -> Event<'a> {
    closers.push(Event::InlineHtml("</span>".into()));
    let mut tag = format!("<span class=\"{class}\" title=\"");
    let _ = escape_html(&mut tag, title);
    tag.push_str("\">");
    Event::InlineHtml(tag.into())
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes([
            "class",
            "id",
            "title",
            "align",
            "data-callout",
            "aria-hidden",
        ])
        .add_tags(["input", "audio", "video"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("audio", ["controls", "preload", "src"])
        .add_tag_attributes("video", ["controls", "preload", "src", "width", "height"])
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Removes scripts, event handlers, `javascript:` URLs and anything else
/// that could run code, keeping ordinary formatting.
pub fn clean(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::resolve::Problem;

    struct Plain;
    impl LinkPolicy for Plain {
        fn link(&self, resolution: &Resolution, dest: &str) -> LinkOut {
            match resolution {
                Ok(Target::Note { .. }) => {
                    LinkOut::Href(format!("{}.html", dest.trim_end_matches(".md")))
                }
                Ok(Target::Asset(a)) => LinkOut::Href(a.to_string()),
                Ok(Target::External(u)) => LinkOut::Href(u.to_string()),
                _ => LinkOut::Text {
                    class: "link-broken",
                    title: format!("broken: {dest}"),
                },
            }
        }

        fn tag(&self, tag: &str) -> Option<String> {
            Some(format!("_tags/{tag}.html"))
        }
    }

    fn headings(slugs: &[&str]) -> Vec<Heading> {
        slugs
            .iter()
            .map(|s| Heading {
                level: 2,
                text: (*s).into(),
                slug: (*s).into(),
                pos: crate::diagnostics::Pos::new(1, 1),
            })
            .collect()
    }

    fn plain<'a>(
        text: &'a str,
        resolutions: &'a [Resolution],
        headings: &'a [Heading],
    ) -> Body<'a> {
        Body {
            line_breaks: false,
            ..Body::new(text, resolutions, headings)
        }
    }

    fn note(index: usize) -> Resolution {
        Ok(Target::Note {
            index,
            anchor: None,
        })
    }

    fn html_of(text: &str) -> String {
        to_html(&plain(text, &[], &[]), &Plain)
    }

    #[test]
    fn an_opening_title_can_be_left_to_the_page() {
        let slugs = headings(&["东义集团", "概况"]);
        let body = Body {
            skip_opening_title: true,
            ..plain("# 东义集团\n\n## 概况\n", &[], &slugs)
        };
        assert_eq!(to_html(&body, &Plain), "<h2 id=\"概况\">概况</h2>\n");
    }

    #[test]
    fn links_in_a_skipped_title_keep_later_links_in_place() {
        let slugs = headings(&["meeting-with-alpha"]);
        struct ByIndex;
        impl LinkPolicy for ByIndex {
            fn link(&self, resolution: &Resolution, _: &str) -> LinkOut {
                match resolution {
                    Ok(Target::Note { index, .. }) => LinkOut::PageHref(format!("{index}.html")),
                    _ => LinkOut::Text {
                        class: "link-broken",
                        title: String::new(),
                    },
                }
            }
        }
        let res = vec![note(0), note(1), note(2)];
        let body = Body {
            skip_opening_title: true,
            ..plain(
                "# Meeting with [Alpha](a.md)\n\n[Beta](b.md) and ![Gamma](c.md)\n",
                &res,
                &slugs,
            )
        };
        let html = to_html(&body, &ByIndex);
        assert!(!html.contains("Alpha"), "{html}");
        assert!(html.contains("<a href=\"1.html\">Beta</a>"), "{html}");
        assert!(html.contains("<a href=\"2.html\">Gamma</a>"), "{html}");
    }

    #[test]
    fn bare_wikilinks_to_headings_read_as_name_and_heading() {
        let res = vec![note(0), note(0)];
        let html = to_html(
            &plain("[[笔记#工艺痛点]] [[笔记#a|别名#b]]", &res, &[]),
            &Plain,
        );
        assert!(html.contains(">笔记 › 工艺痛点</a>"), "{html}");
        assert!(html.contains("别名#b"), "{html}");
    }

    fn missing() -> Resolution {
        Err(Box::new(Problem::Missing { path: "x".into() }))
    }

    #[test]
    fn rewrites_note_links_and_marks_broken_ones() {
        let body = "[a](a.md) [b](nope.md) ![i](i.png)";
        let res = vec![note(0), missing(), Ok(Target::Asset("i.png".into()))];
        let html = to_html(&plain(body, &res, &[]), &Plain);
        assert!(html.contains("<a href=\"a.html\">a</a>"), "{html}");
        assert!(
            html.contains("<span class=\"link-broken\" title=\"broken: nope.md\">b</span>"),
            "{html}"
        );
        assert!(html.contains("<img src=\"i.png\" alt=\"i\" />"), "{html}");
    }

    #[test]
    fn headings_get_the_shared_slugs() {
        let slugs = headings(&["会议纪要"]);
        let html = to_html(&plain("## 会议纪要\n", &[], &slugs), &Plain);
        assert_eq!(html, "<h2 id=\"会议纪要\">会议纪要</h2>\n");
    }

    #[test]
    fn raw_script_and_handlers_are_removed() {
        let body = "hi <script>alert(1)</script> <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a>\n";
        let html = to_html(
            &Body {
                sanitize: true,
                ..plain(body, &[], &[])
            },
            &Plain,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn what_obsidian_adds_survives_sanitising() {
        let res = vec![Ok(Target::Asset("a.mp3".into()))];
        let html = to_html(
            &Body {
                sanitize: true,
                ..plain(
                    "<b>x</b>\n\n> [!faq]+ Q\n> ==A== #t\n\n![[a.mp3]]\n",
                    &res,
                    &[],
                )
            },
            &Plain,
        );
        for kept in [
            "<details class=\"callout\" data-callout=\"question\" open=\"\">",
            "<summary class=\"callout-title\">",
            "<mark>A</mark>",
            "class=\"tag\"",
            "<audio controls=\"\" preload=\"metadata\" src=\"a.mp3\">",
        ] {
            assert!(html.contains(kept), "{kept}: {html}");
        }
        let hostile = to_html(
            &Body {
                sanitize: true,
                ..plain(
                    "<video src=\"javascript:alert(1)\" onplay=\"x()\"></video>\n",
                    &[],
                    &[],
                )
            },
            &Plain,
        );
        assert!(
            !hostile.contains("javascript") && !hostile.contains("onplay"),
            "{hostile}"
        );
    }

    #[test]
    fn task_lists_survive_sanitising() {
        let body = "- [x] done\n<b>x</b>\n";
        let html = to_html(
            &Body {
                sanitize: true,
                ..plain(body, &[], &[])
            },
            &Plain,
        );
        assert!(html.contains("checkbox"), "{html}");
    }

    #[test]
    fn callouts_have_type_title_and_fold() {
        let html = html_of("> [!tip]- 报价 **要点**\n> 先确认预算\n");
        assert!(
            html.starts_with("<details class=\"callout\" data-callout=\"tip\">"),
            "{html}"
        );
        assert!(html.contains("<summary class=\"callout-title\">"), "{html}");
        assert!(html.contains("报价 <strong>要点</strong>"), "{html}");
        assert!(html.contains("<p>先确认预算</p>"), "{html}");
        assert!(!html.contains("[!tip]"), "{html}");
        let plain_quote = html_of("> just a quote\n");
        assert!(plain_quote.contains("<blockquote>"), "{plain_quote}");
    }

    #[test]
    fn callouts_nest_and_unknown_types_are_notes() {
        let html = html_of("> [!客户]\n> 外层\n> > [!warning] 内层\n> > 文字\n");
        assert!(html.contains("data-callout=\"note\""), "{html}");
        assert!(html.contains(">客户</span>"), "{html}");
        assert!(html.contains("data-callout=\"warning\""), "{html}");
        assert_eq!(html.matches("<div class=\"callout\"").count(), 2, "{html}");
        assert_eq!(
            html.matches("<div").count(),
            html.matches("</div>").count(),
            "{html}"
        );
    }

    #[test]
    fn highlights_tags_and_line_breaks() {
        let html = html_of("这是 ==重点== 与 #客户/重点 和 `#code` 以及 #123\n");
        assert!(html.contains("<mark>重点</mark>"), "{html}");
        assert!(
            html.contains("<a class=\"tag\" href=\"_tags/客户/重点.html\">#客户/重点</a>"),
            "{html}"
        );
        assert!(html.contains("<code>#code</code>"), "{html}");
        assert!(!html.contains("_tags/123"), "{html}");
        let broken = to_html(&Body::new("a\nb\n", &[], &[]), &Plain);
        assert!(broken.contains("a<br />"), "{broken}");
        let strict = html_of("a\nb\n");
        assert!(!strict.contains("<br"), "{strict}");
        let url = html_of("see https://x.com/#frag\n");
        assert!(!url.contains("class=\"tag\""), "{url}");
    }

    #[test]
    fn block_ids_become_anchors() {
        let html = html_of("引用这句 ^quote\n\n- 条目 ^item\n");
        assert!(html.contains("<p id=\"^quote\">引用这句</p>"), "{html}");
        assert!(html.contains("<li id=\"^item\">条目</li>"), "{html}");
    }

    #[test]
    fn embedded_files_by_kind_and_size() {
        let res = vec![
            Ok(Target::Asset("a/pic.png".into())),
            Ok(Target::Asset("a/pic.png".into())),
            Ok(Target::Asset("a/call.mp3".into())),
            Ok(Target::Asset("a/demo.mp4".into())),
            Ok(Target::Asset("a/报价.pdf".into())),
        ];
        let html = to_html(
            &plain(
                "![[pic.png|300]] ![图|300x200](pic.png) ![[call.mp3]] ![[demo.mp4]] ![[报价.pdf]]",
                &res,
                &[],
            ),
            &Plain,
        );
        assert!(
            html.contains("<img src=\"a/pic.png\" alt=\"pic.png\" width=\"300\" />"),
            "{html}"
        );
        assert!(
            html.contains("<img src=\"a/pic.png\" alt=\"图\" width=\"300\" height=\"200\" />"),
            "{html}"
        );
        assert!(html.contains("<audio controls"), "{html}");
        assert!(html.contains("<video controls"), "{html}");
        assert!(
            html.contains("class=\"embed-file embed-pdf\" href=\"a/报价.pdf\""),
            "{html}"
        );
    }

    #[test]
    fn math_stays_tex_and_money_stays_money() {
        let html = html_of("成本 $5 和 $10，公式 $x^2$\n");
        assert!(html.contains("$5 和 $10"), "{html}");
        assert!(
            html.contains("<span class=\"math math-inline\">x^2</span>"),
            "{html}"
        );
    }

    #[test]
    fn mail_autolinks_are_mail_links() {
        let res = vec![Ok(Target::External("mailto:a@b.cn".into()))];
        let html = to_html(&plain("<a@b.cn>", &res, &[]), &Plain);
        assert!(html.contains("href=\"mailto:a@b.cn\""), "{html}");
        assert!(!html.contains("mailto:mailto"), "{html}");
    }

    #[test]
    fn a_section_or_a_block_alone() {
        let text = "intro\n\n## A\n\na text ^blk\n\n### A1\n\ndeep\n\n## B\n\nb text\n";
        let hs = vec![
            Heading {
                level: 2,
                text: "A".into(),
                slug: "a".into(),
                pos: crate::diagnostics::Pos::new(3, 1),
            },
            Heading {
                level: 3,
                text: "A1".into(),
                slug: "a1".into(),
                pos: crate::diagnostics::Pos::new(7, 1),
            },
            Heading {
                level: 2,
                text: "B".into(),
                slug: "b".into(),
                pos: crate::diagnostics::Pos::new(11, 1),
            },
        ];
        let blocks = vec![Block {
            id: "blk".into(),
            pos: crate::diagnostics::Pos::new(5, 8),
        }];
        let section = to_html(
            &Body {
                only: Some(Anchor::Heading(0)),
                anchors: false,
                blocks: &blocks,
                ..plain(text, &[], &hs)
            },
            &Plain,
        );
        assert!(
            section.contains("a text") && section.contains("deep"),
            "{section}"
        );
        assert!(
            !section.contains("intro") && !section.contains("b text"),
            "{section}"
        );
        assert!(!section.contains("id="), "{section}");
        let block = to_html(
            &Body {
                only: Some(Anchor::Block(0)),
                blocks: &blocks,
                ..plain(text, &[], &hs)
            },
            &Plain,
        );
        assert!(
            block.contains("a text") && !block.contains("deep"),
            "{block}"
        );
    }
}
