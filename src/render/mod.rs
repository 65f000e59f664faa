//! Rendering: Markdown to HTML, interface words, page URLs and templates.

pub mod charts;
pub mod i18n;
pub mod markdown;
pub mod templates;
pub mod urls;
