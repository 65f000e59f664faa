//! A note's Markdown as HTML: links rewritten to the pages they reach,
//! headings and blocks given their anchors, Obsidian's callouts, tags,
//! highlights and embeds drawn, raw HTML sanitised.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

mod html;
mod writer;

pub use html::clean;
use writer::Writer;

use crate::render::obsidian::{self, Spanned};
use crate::vault::markdown::{Block, Heading, TextContext};
use crate::vault::resolve::{Anchor, Resolution};

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

#[cfg(test)]
mod tests;
