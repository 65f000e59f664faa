//! How links look on one page: where each resolved link, embed and
//! heading anchor of a note leads from that page, or why it leads nowhere.

use super::index::SiteIndex;
use super::pages;
use crate::render::markdown::{Embed, LinkOut, LinkPolicy};
use crate::render::{i18n, urls};
use crate::vault::obsidian;
use crate::vault::resolve::{Anchor, Problem, Resolution, Target};

/// How links look on one page.
pub(crate) struct PageLinks<'a> {
    pub index: &'a SiteIndex<'a>,
    pub from: &'a str,
    /// The notes (and parts) whose text is being written, the page's own
    /// first, then each embedded in the one before: none is embedded
    /// again, so embeds never loop.
    pub within: Vec<(usize, Option<Anchor>)>,
}

impl PageLinks<'_> {
    /// The URL of note `index`'s page from this page, with the heading or
    /// block a link names.
    fn note_href(&self, index: usize, anchor: Option<Anchor>) -> Option<String> {
        let mut href = self.index.note_url(self.from, index)?;
        let note = &self.index.input.model.vault.notes[index];
        match anchor {
            Some(Anchor::Heading(h)) => {
                href.push('#');
                href.push_str(&urls::encoded(&note.headings[h as usize].slug));
            }
            Some(Anchor::Block(b)) => {
                href.push('#');
                href.push_str(&urls::encoded(&format!("^{}", note.blocks[b as usize].id)));
            }
            None => {}
        }
        Some(href)
    }
}

impl LinkPolicy for PageLinks<'_> {
    fn link(&self, resolution: &Resolution, dest: &str) -> LinkOut {
        let words = &self.index.words;
        let notes = &self.index.input.model.vault.notes;
        let broken = |why: &str| LinkOut::Text {
            class: "link-broken",
            title: format!("{}: {why}", i18n::label(words, "broken_link")),
        };
        let to_note = |index: usize, anchor: Option<Anchor>| match self.note_href(index, anchor) {
            Some(href) => LinkOut::PageHref(href),
            None if notes[index].is_private() => LinkOut::Text {
                class: "link-private",
                title: i18n::label(words, "private_link").to_owned(),
            },
            None => broken(dest),
        };
        match resolution {
            Ok(Target::Note { index, anchor }) => to_note(*index, *anchor),
            // The heading or block is gone; the note is still there.
            Err(problem) if matches!(**problem, Problem::Anchor { .. } | Problem::Block { .. }) => {
                match **problem {
                    Problem::Anchor { index, .. } | Problem::Block { index, .. } => {
                        to_note(index, None)
                    }
                    _ => broken(dest),
                }
            }
            Ok(Target::Folder(folder)) => match self.index.folder_pages.get(&**folder) {
                Some(page) => LinkOut::PageHref(urls::relative(self.from, page)),
                None => broken(dest),
            },
            Ok(Target::Asset(path))
                if self.index.input.model.config.publishes_attachment(path)
                    && !urls::is_site_output(path) =>
            {
                LinkOut::Href(urls::relative(self.from, path))
            }
            Ok(Target::Asset(_)) => LinkOut::Text {
                class: "link-broken",
                title: i18n::label(words, "unsafe_attachment").to_owned(),
            },
            // Obsidian's note templates are scaffolding with placeholders
            // (`{{title}}`), not content: named, never published.
            Ok(Target::Template(_)) => LinkOut::Text {
                class: "link-template",
                title: i18n::label(words, "template_link").to_owned(),
            },
            Ok(Target::External(url)) => LinkOut::Href(url.to_string()),
            Err(_) => broken(dest),
        }
    }

    fn tag(&self, tag: &str) -> Option<String> {
        let page = urls::tag_page(tag)?;
        self.index
            .tags
            .contains_key(&page)
            .then(|| urls::relative(self.from, &page))
    }

    fn embed(&self, resolution: &Resolution) -> Option<Embed> {
        let Ok(Target::Note { index, anchor }) = resolution else {
            return None;
        };
        let again = self
            .within
            .iter()
            .any(|(n, part)| n == index && (anchor.is_none() || part == anchor));
        if again || self.within.len() > obsidian::MAX_EMBED_DEPTH {
            return None;
        }
        self.index.note_page(*index)?;
        let model = &self.index.input.model;
        let note = &model.vault.notes[*index];
        let mut title = model.titles[*index].clone();
        match anchor {
            Some(Anchor::Heading(h)) => {
                title.push_str(" › ");
                title.push_str(&note.headings[*h as usize].text);
            }
            Some(Anchor::Block(_)) | None => {}
        }
        let mut within = self.within.clone();
        within.push((*index, *anchor));
        let nested = PageLinks {
            index: self.index,
            from: self.from,
            within,
        };
        Some(Embed {
            title,
            href: self.note_href(*index, *anchor),
            html: pages::embedded_body(self.index, *index, *anchor, &nested),
        })
    }
}
