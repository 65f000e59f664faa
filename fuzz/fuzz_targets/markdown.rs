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

/// A tag of the output (text `<` is always written `&lt;`).
static TAG: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"(?s)<[a-zA-Z][^>]*>").unwrap());

/// What may not stand in a tag: a script element, an event handler, a URL
/// with a scheme that runs code.
static RUNS: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r#"(?is)^<script|\son[a-z]+\s*=|(?:href|src|action|formaction|poster|data)\s*=\s*["']?\s*(?:javascript|data|vbscript):"#,
    )
    .unwrap()
});

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
    let page = to_html(
        &Body {
            text: &text[note.body_start.min(text.len())..],
            resolutions: &links.resolutions[i],
            headings: &note.headings,
            sanitize: note.has_html,
            skip_opening_title: note.opens_with_h1,
        },
        &Site,
    );
    // Character references could spell a scheme: decode the usual ones.
    let decoded = page
        .replace("&#58;", ":")
        .replace("&colon;", ":")
        .to_ascii_lowercase();
    for tag in TAG.find_iter(&decoded) {
        if RUNS.is_match(tag.as_str()) {
            panic!("script in the output: {:?}\n{page}", tag.as_str());
        }
    }
});
