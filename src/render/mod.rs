//! Rendering: Markdown to HTML, interface words, page URLs and templates.

pub mod charts;
pub mod i18n;
pub mod markdown;
pub mod templates;
pub mod urls;

/// `text` escaped for HTML and SVG text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}
