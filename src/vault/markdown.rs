//! Reading a note's Markdown once for what the checker and the site need to
//! know about it: its headings (with their anchors) and its links.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Pos;
use crate::vault::lines::LineIndex;
use crate::vault::slug::SlugSet;
use crate::vault::yaml::Str;

/// The Markdown dialect of every note: the same options for scanning and
/// rendering, so links are found in the same order both times.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
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

#[derive(Debug, Default)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Whether the body holds raw HTML (and so needs sanitising).
    pub has_html: bool,
    /// Whether the body opens with a top-level heading.
    pub opens_with_h1: bool,
}

/// Scans `text[body_start..]`; positions are in the whole file.
pub fn scan(text: &str, body_start: usize, lines: &LineIndex) -> Scan {
    let body = &text[body_start..];
    let mut out = Scan::default();
    let mut slugs = SlugSet::default();
    let mut heading: Option<(u8, usize, String)> = None;
    let mut first = true;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if std::mem::take(&mut first) {
            out.opens_with_h1 = matches!(
                event,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            );
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
                        pos: lines.pos(text, body_start + start),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, buf)) = heading.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = if matches!(link_type, LinkType::WikiLink { .. }) {
                    LinkKind::Wiki
                } else {
                    LinkKind::Markdown
                };
                out.links.push(Link {
                    kind,
                    dest: dest_url.into_string(),
                    pos: lines.pos(text, body_start + range.start),
                });
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let kind = if matches!(link_type, LinkType::WikiLink { .. }) {
                    LinkKind::WikiEmbed
                } else {
                    LinkKind::Image
                };
                out.links.push(Link {
                    kind,
                    dest: dest_url.into_string(),
                    pos: lines.pos(text, body_start + range.start),
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                out.has_html = true;
                for found in html_links(&html) {
                    out.links.push(Link {
                        kind: found.kind,
                        dest: html[found.value.clone()].to_owned(),
                        pos: lines.pos(text, body_start + range.start + found.value.start),
                    });
                }
            }
            _ => {}
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_all(text: &str) -> Scan {
        scan(text, 0, &LineIndex::new(text))
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
