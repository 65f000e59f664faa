//! A note's Markdown as HTML: links rewritten to the pages they reach,
//! headings given their shared anchors, raw HTML sanitised.

use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use crate::vault::markdown::{Heading, options};
use crate::vault::resolve::Resolution;

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

/// Decides, for one resolved link, what the page shows.
pub trait LinkPolicy {
    fn link(&self, resolution: &Resolution, dest: &str) -> LinkOut;
}

/// What to render and how, besides the Markdown itself.
pub struct Body<'a> {
    pub text: &'a str,
    /// The note's links in order of appearance, resolved.
    pub resolutions: &'a [Resolution],
    /// The note's headings in order, with their anchors.
    pub headings: &'a [Heading],
    /// Whether the text holds raw HTML that must be sanitised.
    pub sanitize: bool,
    /// Leave out a top-level heading that opens the text: the page shows
    /// it as its title already.
    pub skip_opening_title: bool,
}

/// Renders a note's body.
pub fn to_html(body: &Body, policy: &dyn LinkPolicy) -> String {
    let mut links = body.resolutions.iter();
    let mut headings = body.headings.iter().map(|h| h.slug.as_str());
    let mut first = true;
    let mut skipping = false;
    // Inside `[[Name#Heading]]` without `|text`: shown as `Name › Heading`.
    let mut bare_wikilink = false;
    // For every open link or image: the event its end becomes.
    let mut closers: Vec<Event<'_>> = Vec::new();
    let broken = || LinkOut::Text {
        class: "link-broken",
        title: String::new(),
    };
    let events = Parser::new_ext(body.text, options()).filter_map(|event| {
        let opening = std::mem::take(&mut first);
        if opening
            && body.skip_opening_title
            && matches!(
                event,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        {
            skipping = true;
            headings.next();
        }
        if skipping {
            // A link in the skipped title still takes its place in the
            // list of resolutions, or every later link would be shifted.
            if matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. })) {
                links.next();
            }
            skipping = !matches!(event, Event::End(TagEnd::Heading(_)));
            return None;
        }
        Some(match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => Event::Start(Tag::Heading {
                level,
                id: headings.next().map(CowStr::from),
                classes,
                attrs,
            }),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                bare_wikilink = link_type == LinkType::WikiLink { has_pothole: false };
                let decided = links
                    .next()
                    .map_or_else(broken, |r| policy.link(r, &dest_url));
                match decided {
                    LinkOut::Href(href) | LinkOut::PageHref(href) => {
                        closers.push(Event::End(TagEnd::Link));
                        Event::Start(Tag::Link {
                            link_type,
                            dest_url: href.into(),
                            title,
                            id,
                        })
                    }
                    LinkOut::Text { class, title } => open_text(&mut closers, class, &title),
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let decided = links
                    .next()
                    .map_or_else(broken, |r| policy.link(r, &dest_url));
                match decided {
                    LinkOut::Href(src) => {
                        closers.push(Event::End(TagEnd::Image));
                        Event::Start(Tag::Image {
                            link_type,
                            dest_url: src.into(),
                            title,
                            id,
                        })
                    }
                    LinkOut::PageHref(href) => {
                        closers.push(Event::End(TagEnd::Link));
                        Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: href.into(),
                            title,
                            id,
                        })
                    }
                    LinkOut::Text { class, title } => open_text(&mut closers, class, &title),
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                bare_wikilink = false;
                closers.pop().unwrap_or(Event::InlineHtml("".into()))
            }
            Event::Text(text) if bare_wikilink && text.contains('#') => {
                Event::Text(text.replace('#', " › ").into())
            }
            // Links in raw HTML are resolved like Markdown ones: each
            // `href`/`src` becomes the URL of what it reaches, or goes when
            // it reaches nothing the site has (the sanitiser runs after).
            Event::Html(html) => Event::Html(rewrite_html(&html, &mut links, policy).into()),
            Event::InlineHtml(html) => {
                Event::InlineHtml(rewrite_html(&html, &mut links, policy).into())
            }
            other => other,
        })
    });
    let mut html = String::with_capacity(body.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if body.sanitize { clean(&html) } else { html }
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
        .add_generic_attributes(["class", "id", "title", "align"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
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
    use crate::vault::resolve::{Problem, Target};

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
            text,
            resolutions,
            headings,
            sanitize: false,
            skip_opening_title: false,
        }
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
        let note = |index| {
            Ok(Target::Note {
                index,
                heading: None,
            })
        };
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
        let res = vec![Ok(Target::Note {
            index: 0,
            heading: None,
        })];
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
        let res = vec![
            Ok(Target::Note {
                index: 0,
                heading: None,
            }),
            missing(),
            Ok(Target::Asset("i.png".into())),
        ];
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
}
