//! Raw HTML in a note: its links rewritten as the note's other links are,
//! and everything that could run code removed.

use std::sync::LazyLock;

use super::{LinkOut, LinkPolicy};
use crate::vault::resolve::Resolution;

/// `html` with each `href`/`src` value replaced by what its resolution
/// (the next of `links`) makes of it; an attribute whose link is broken,
/// private or unsafe is removed.
pub(super) fn rewrite_html<'r>(
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
