//! A note's Markdown body: its links found, resolved and rendered as a page
//! body. Besides never panicking, the HTML must hold nothing that runs: no
//! `<script>`, no `on…=` handler, no `javascript:`/`data:`/`vbscript:` URL.

#![no_main]

use std::sync::LazyLock;

use dossier::config::Config;
use dossier::model::Model;
use dossier::render::markdown::{Body, LinkOut, LinkPolicy, to_html};
use dossier::vault::resolve::{Resolution, Target};
use libfuzzer_sys::fuzz_target;

/// Links as the site draws them: notes and assets by path, external URLs
/// as written (only the schemes the resolver lets through), the rest text.
struct Site;

impl LinkPolicy for Site {
    fn link(&self, resolution: &Resolution, _dest: &str) -> LinkOut {
        match resolution {
            Ok(Target::Note { .. }) => LinkOut::PageHref("b.html".into()),
            Ok(Target::Asset(path)) => LinkOut::Href(path.to_string()),
            Ok(Target::Folder(_)) => LinkOut::PageHref("index.html".into()),
            Ok(Target::External(url)) => LinkOut::Href(url.to_string()),
            Err(_) => LinkOut::Text {
                class: "link-broken",
                title: "broken".into(),
            },
        }
    }
}

/// A start tag of the output and its attributes (text `<` is always
/// written `&lt;`, so every `<` followed by a letter opens a tag).
static TAG: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"<([a-zA-Z][a-zA-Z0-9-]*)").unwrap());
static ATTRIBUTE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"^\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?"#).unwrap()
});

/// What in one tag could run: a script element, an `on…` handler, a URL
/// attribute with a scheme that runs code. `rest` is what follows the
/// tag's name.
fn runs(name: &str, mut rest: &str) -> Option<String> {
    if name.eq_ignore_ascii_case("script") {
        return Some("a script element".into());
    }
    loop {
        rest = rest.trim_start_matches(['/', ' ', '\n', '\t']);
        if rest.starts_with('>') || rest.is_empty() {
            return None;
        }
        let c = ATTRIBUTE.captures(rest)?;
        let attr = c[1].to_ascii_lowercase();
        let value = c
            .get(2)
            .or_else(|| c.get(3))
            .or_else(|| c.get(4))
            .map_or("", |m| m.as_str());
        // Character references could spell a scheme: decode the usual ones.
        let value = value
            .replace("&#58;", ":")
            .replace("&colon;", ":")
            .to_ascii_lowercase();
        let value = value.trim_start();
        if attr.starts_with("on") {
            return Some(format!("handler {attr}"));
        }
        let url = matches!(
            attr.as_str(),
            "href" | "src" | "action" | "formaction" | "poster" | "data"
        );
        if url
            && ["javascript:", "data:", "vbscript:"]
                .iter()
                .any(|s| value.starts_with(s))
        {
            return Some(format!("{attr}={value}"));
        }
        rest = &rest[c.get(0)?.end()..];
    }
}

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let text = format!("---\ntitle: x\n---\n{body}");
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 11, 23).unwrap();
    let model = Model::from_texts(
        Config::default(),
        &[("a.md", &text), ("b.md", "# B\n\n## H\n"), ("kb/c.md", "# C\n")],
        as_of,
    );
    let links = dossier::check::links::resolve_all(&model);
    let Some(i) = model.vault.note_index("a.md") else {
        return;
    };
    let note = &model.vault.notes[i];
    // The body as the page reads it: comments blanked.
    let mut text = text.clone();
    let start = note.body_start.min(text.len());
    dossier::vault::comments::blank(&mut text, start);
    let page = to_html(
        &Body {
            blocks: &note.blocks,
            sanitize: note.has_html,
            skip_opening_title: note.opens_with_h1,
            ..Body::new(
                &text[note.body_start.min(text.len())..],
                &links.resolutions[i],
                &note.headings,
            )
        },
        &Site,
    );
    for tag in TAG.captures_iter(&page) {
        let (Some(all), Some(name)) = (tag.get(0), tag.get(1)) else {
            continue;
        };
        if let Some(why) = runs(name.as_str(), &page[all.end()..]) {
            panic!("script in the output ({why})\n{page}");
        }
    }
});
