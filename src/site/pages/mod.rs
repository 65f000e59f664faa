//! One function per kind of page: gather the view, render the template.
//! This file holds what every page shares: the frame, links to other
//! notes, and the small formatting helpers.

mod breakdowns;
mod changes;
mod client;
mod dashboard;
mod deal;
mod directory;
mod follow_ups;
mod home;
mod lists;
mod note;
mod owner;
mod past;
mod pipeline;
mod rfm;

pub use breakdowns::{classification, health, risk};
pub use changes::changes;
pub(crate) use client::SectionWords;
pub use dashboard::dashboard;
pub use deal::deal;
pub use directory::{
    ContactDirectory, PAGE_ROWS, clients, contact_entries, contacts, directory_pages, notes, pager,
};
pub use follow_ups::follow_ups;
pub use home::home;
pub(crate) use lists::problems_of_note;
pub use lists::{folder, folder_pages, not_found, problems, tag, tag_pages, tags};
pub(crate) use lists::{problem_order, problems_listed};
pub use note::note;
pub use owner::owner;
pub use past::PastSection;
pub use pipeline::pipeline;
pub use rfm::rfm;

use serde::Serialize;
use tera::Context;

use super::views::{
    self, ClientRef, ContactRow, Layout, NavItem, NoteLink, ProblemCounts, Prop, PropPiece,
};
use super::{PageLinks, SiteIndex};
use crate::config::Config;
use crate::model::Contact;
use crate::model::fields::{Field, Str};
use crate::render::i18n::label;
use crate::render::markdown;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::vault::BodyError;

/// The longest list a report page shows (deal cards per stage, stale deals,
/// the action plan, clients per classification value, the health table);
/// the most urgent or largest come first, and the rest are counted and
/// left to the CSV and JSON. Directories (clients, contacts, notes) list
/// everything.
pub(super) const SHOWN: usize = 200;
/// Deal cards per stage column of the pipeline board.
pub(super) const CARDS: usize = 50;
/// Clients listed per value of a classification.
pub(super) const CLIENTS_PER_VALUE: usize = 50;

/// The title of a page of the catalog, in the site's words.
pub(super) fn title(index: &SiteIndex, id: crate::render::catalog::PageId) -> String {
    label(&index.words, crate::render::catalog::entry(id).title).to_owned()
}

/// The template of a page of the catalog.
pub(super) fn template(id: crate::render::catalog::PageId) -> &'static str {
    crate::render::catalog::entry(id).template
}

pub(super) fn layout<'a>(
    index: &'a SiteIndex,
    page: &str,
    title: String,
    active: &str,
) -> Layout<'a> {
    let config = &index.input.model.config;
    let (errors, warnings) = index.problem_counts;
    let t = &index.words;
    let nav = index.nav(urls::folder_of(page), active, || {
        use crate::render::catalog::{self, Naming, PageId};
        let items: Vec<NavItem> = catalog::PAGES
            .iter()
            .filter(|e| e.in_nav && (e.id != PageId::Tags || !index.tags.is_empty()))
            .filter(|e| index.crm || !e.crm)
            .map(|e| {
                let target = catalog::first_page(e);
                let here = match e.naming {
                    Naming::PerDimension => active.starts_with("by-"),
                    _ => active == target,
                };
                NavItem {
                    label: label(t, e.title).to_owned(),
                    href: urls::relative(page, &target),
                    active: here,
                    // Errors only: warnings are worth a look, not a
                    // red number on every page.
                    count: (e.id == PageId::Problems)
                        .then_some(errors)
                        .filter(|c| *c > 0),
                }
            })
            .collect();
        tera::Value::from_serializable(&items)
    });
    Layout {
        lang: match config.language {
            crate::config::Language::Zh => "zh-CN",
            crate::config::Language::En => "en",
        },
        site_title: &index.site_title,
        title,
        root: urls::root_of(page),
        nav: nav.items,
        nav_html: nav.html,
        as_of: index.as_of.clone(),
        crm: index.crm,
        problems: ProblemCounts {
            errors,
            warnings,
            href: urls::relative(page, "problems.html"),
        },
    }
}

pub(super) fn render<T: Serialize>(
    templates: &Templates,
    name: &str,
    layout: &Layout,
    page: &T,
) -> Result<Vec<u8>, TemplateError> {
    let mut context = Context::new();
    let mut frame = tera::Value::from_serializable(layout)
        .into_map()
        .unwrap_or_default();
    frame.insert("nav".into(), layout.nav.clone());
    let nav_html = match layout.nav_html.get() {
        Some(html) => html.clone(),
        None => {
            let mut frame = tera::value::Map::default();
            frame.insert("nav".into(), layout.nav.clone());
            frame.insert("root".into(), layout.root.as_str().into());
            let mut context = Context::new();
            context.insert_value("layout", tera::Value::from(frame));
            let html = templates.render("nav.html", &context)?;
            let html = tera::Value::safe_string(&String::from_utf8_lossy(&html));
            // Two pages of the same menu rendered at once both write it;
            // either copy is the same.
            let _ = layout.nav_html.set(html.clone());
            html
        }
    };
    frame.insert("nav_html".into(), nav_html);
    context.insert_value("layout", tera::Value::from(frame));
    context.insert("page", page);
    templates.render(name, &context)
}

pub(super) fn text(field: &Option<Field<Str>>) -> String {
    field
        .as_ref()
        .map(|f| f.value.to_string())
        .unwrap_or_default()
}

/// A plain value as text, empty when absent.
fn plain(value: &Option<crate::model::fields::Str>) -> String {
    value.as_deref().unwrap_or_default().to_owned()
}

/// The label of an enum value, empty when absent.
fn label_of(index: &SiteIndex, value: &Option<crate::model::fields::Str>) -> String {
    value
        .as_deref()
        .map_or_else(String::new, |v| label(&index.words, v).to_owned())
}

pub(super) fn labelled(index: &SiteIndex, field: &Option<Field<Str>>, prefix: &str) -> String {
    field.as_ref().map_or_else(String::new, |f| {
        let key = format!("{prefix}{}", f.value);
        label(&index.words, &key).to_owned()
    })
}

pub(super) fn note_link(index: &SiteIndex, from: &str, note: usize) -> Option<NoteLink> {
    let href = index.note_url(from, note)?;
    let model = &index.input.model;
    Some(NoteLink {
        title: model.titles[note].clone(),
        path: model.vault.notes[note].path.clone(),
        href,
        kind: label(&index.words, model.kinds[note].name()).to_owned(),
    })
}

/// A note's tags, each linked to its page.
pub(super) fn tag_links(index: &SiteIndex, page: &str, note: usize) -> Vec<views::TagLink> {
    index.input.model.tags[note]
        .iter()
        .map(|tag| {
            let name = tag.trim_start_matches('#').to_owned();
            let href = urls::tag_page(&name)
                .filter(|p| index.tags.contains_key(p))
                .map(|p| urls::relative(page, &p));
            views::TagLink { name, href }
        })
        .collect()
}

pub(super) fn backlinks(index: &SiteIndex, page: &str, note: usize) -> Vec<NoteLink> {
    index.backlinks[note]
        .iter()
        .filter_map(|&from| note_link(index, page, from))
        .collect()
}

/// A note's body as HTML, and the anchor of its opening `# Title` when the
/// page header shows that title instead. `text` is the body read again
/// from disk (`Vault::read_body`); when it is no longer the text that was
/// checked (it changed during the build), the page says so instead of
/// showing text that was not checked. `nest`: the text's headings one
/// level deeper, under a heading of the page's own.
pub(super) fn body_html(
    index: &SiteIndex,
    note: usize,
    text: &Result<String, BodyError>,
    page: &str,
    nest: bool,
) -> (Option<String>, String) {
    let title_id = opening_title(index, note);
    let policy = PageLinks {
        index,
        from: page,
        within: vec![(note, None)],
    };
    let html = render_body(
        index,
        note,
        text,
        &policy,
        None,
        title_id.is_some(),
        true,
        nest,
    );
    (title_id, html)
}

/// The text of note `note` shown inside another page: the whole of it, or
/// the section of one heading, or one block.
pub(crate) fn embedded_body(
    index: &SiteIndex,
    note: usize,
    only: Option<crate::vault::resolve::Anchor>,
    policy: &PageLinks,
) -> String {
    let skip_title = only.is_none() && opening_title(index, note).is_some();
    let model = index.input.model;
    let text = model.vault.read_body(note, &model.config);
    render_body(index, note, &text, policy, only, skip_title, false, false)
}

#[allow(clippy::too_many_arguments)]
fn render_body(
    index: &SiteIndex,
    note: usize,
    text: &Result<String, BodyError>,
    policy: &PageLinks,
    only: Option<crate::vault::resolve::Anchor>,
    skip_opening_title: bool,
    anchors: bool,
    nest: bool,
) -> String {
    let model = index.input.model;
    let n = &model.vault.notes[note];
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            let key = match e {
                BodyError::Changed => "body_changed",
                BodyError::Unreadable(_) => "body_unreadable",
            };
            let words = crate::render::escape(label(&index.words, key));
            return format!("<p class=\"body-unavailable\">{words}</p>\n");
        }
    };
    let body = markdown::Body {
        text,
        resolutions: &index.input.resolutions[note],
        headings: &n.headings,
        blocks: &n.blocks,
        sanitize: n.has_html,
        skip_opening_title,
        only,
        line_breaks: !model.config.strict_line_breaks(),
        anchors,
        nest,
        task_words: [
            label(&index.words, "task_done"),
            label(&index.words, "task_open"),
        ],
    };
    markdown::to_html(&body, policy)
}

/// The anchor of the `# Title` that opens a note's body, when it repeats
/// the page title (the page header then carries the anchor instead).
fn opening_title(index: &SiteIndex, note: usize) -> Option<String> {
    let model = index.input.model;
    let n = &model.vault.notes[note];
    let first = n.headings.first().filter(|h| h.level == 1)?;
    (n.opens_with_h1 && first.text == model.titles[note]).then(|| first.slug.to_string())
}

pub(super) fn prop(index: &SiteIndex, key: &str, value: String) -> Option<Prop> {
    (!value.is_empty()).then(|| Prop {
        label: label(&index.words, key).to_owned(),
        value,
        href: None,
        parts: Vec::new(),
    })
}

/// Whether `text` is one `http(s)://` address and nothing else.
fn is_web_address(text: &str) -> bool {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && text.len() > "https://".len()
        && !text.contains(char::is_whitespace)
        && !text.contains(['"', '<', '>'])
}

/// The front matter of note `note` that its kind does not read, as
/// Obsidian's Properties view shows it: key as written, value with its
/// links drawn as the body's are.
pub(super) fn own_properties(index: &SiteIndex, page: &str, note: usize) -> Vec<Prop> {
    use crate::render::markdown::{LinkOut, LinkPolicy};
    use crate::vault::PropertyPart;
    let model = index.input.model;
    let n = &model.vault.notes[note];
    let resolutions = &index.input.resolutions[note];
    let policy = PageLinks {
        index,
        from: page,
        within: vec![(note, None)],
    };
    n.properties
        .iter()
        .map(|property| {
            let parts = property
                .value
                .iter()
                .map(|part| match part {
                    // A web address alone is a link, as Obsidian shows it.
                    PropertyPart::Text(text) if is_web_address(text) => PropPiece {
                        href: Some(text.trim().to_owned()),
                        ..PropPiece::text(text.trim())
                    },
                    PropertyPart::Text(text) => PropPiece::text(text),
                    PropertyPart::Next => PropPiece::text(", "),
                    PropertyPart::Link { index: k, text } => {
                        // The links as written are gone by now; the
                        // text shown stands for what was written.
                        let out = resolutions.get(*k as usize).map(|r| policy.link(r, text));
                        match out {
                            Some(LinkOut::Href(href) | LinkOut::PageHref(href)) => PropPiece {
                                href: Some(href),
                                ..PropPiece::text(text)
                            },
                            Some(LinkOut::Text { class, title }) => PropPiece {
                                class: Some(class),
                                title: Some(title),
                                ..PropPiece::text(text)
                            },
                            None => PropPiece::text(text),
                        }
                    }
                })
                .collect();
            Prop {
                label: property.key.to_string(),
                value: String::new(),
                href: None,
                parts,
            }
        })
        .collect()
}

/// A reference as the page shows it when it names nothing published: as
/// written, a wikilink without its brackets.
pub(super) fn reference_text(field: &Option<Field<Str>>) -> String {
    field.as_ref().map_or_else(String::new, |f| {
        crate::model::records::wikilink_name(&f.value)
            .unwrap_or(&f.value)
            .to_owned()
    })
}

/// The client a record of note `from` names (`client:`), linked.
pub(super) fn client_link(
    index: &SiteIndex,
    page: &str,
    from: usize,
    written: &Option<Field<Str>>,
) -> Option<Prop> {
    let field = written.as_ref()?;
    let model = &index.input.model;
    let client = model
        .client_ref(from, &field.value)
        .map(|c| &*model.clients[c]);
    let href = client.and_then(|c| index.note_url(page, c.note));
    let value = match (client, &href) {
        (Some(c), Some(_)) => {
            let name = c
                .name
                .as_ref()
                .map_or_else(|| model.titles[c.note].clone(), |n| n.value.to_string());
            match &c.code {
                Some(code) => format!("{} {name}", code.value),
                None => name,
            }
        }
        _ => reference_text(written),
    };
    Some(Prop {
        label: label(&index.words, "client").to_owned(),
        value,
        href,
        parts: Vec::new(),
    })
}

pub(super) fn contact_rows(
    index: &SiteIndex,
    contacts: &[Contact],
    config: &Config,
) -> Vec<ContactRow> {
    contacts
        .iter()
        .map(|c| ContactRow {
            name: text(&c.name),
            href: None,
            title: plain(&c.title),
            department: label_of(index, &c.department),
            level: label_of(index, &c.level),
            role: label_of(index, &c.role),
            role_key: plain(&c.role),
            relationship: c
                .relationship
                .as_ref()
                .map_or_else(String::new, |r| "★".repeat(usize::from(*r))),
            email: if config.publishes("email") {
                plain(&c.email)
            } else {
                String::new()
            },
            phone: if config.publishes("phone") {
                plain(&c.phone)
            } else {
                String::new()
            },
        })
        .collect()
}

/// A share as a percentage: `0.6666…` → `66.7%`; nothing → `—`.
pub(super) fn percent(share: Option<f64>) -> String {
    share.map_or_else(
        || "—".to_owned(),
        |s| {
            let text = crate::render::decimals::decimals(s * 100.0, 1);
            format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
        },
    )
}

/// A client of the report, named and linked from `page`.
pub(super) fn client_ref(index: &SiteIndex, page: &str, row: usize) -> ClientRef {
    let f = &index.input.report.clients[row];
    ClientRef {
        code: f.code.as_deref().unwrap_or_default().to_owned(),
        name: f
            .name
            .clone()
            .map_or_else(|| index.input.model.titles[f.note].clone(), String::from),
        href: index.note_url(page, f.note),
    }
}

/// Client `client` (an index into the model's clients), when it is in
/// the report.
pub(super) fn client_ref_of(index: &SiteIndex, page: &str, client: usize) -> Option<ClientRef> {
    let row = index.report_rows[client]?;
    Some(client_ref(index, page, row))
}

/// A client's health as the site shows it: the score with two decimals,
/// the grade's label, and the grade's key for styling.
pub(super) fn health_text(
    index: &SiteIndex,
    health: &crate::analytics::HealthFigures,
) -> (String, String, String) {
    let t = &index.words;
    (
        health
            .score
            .map(|s| crate::render::decimals::decimals(s, 2))
            .unwrap_or_default(),
        health.grade.map_or_else(
            || label(t, "not_scored").to_owned(),
            |g| label(t, &format!("grade:{g}")).to_owned(),
        ),
        health.grade.unwrap_or("none").to_owned(),
    )
}

/// Contact density in per mille, or why there is none.
pub(super) fn density_text(index: &SiteIndex, density: Option<f64>) -> String {
    density.map_or_else(
        || label(&index.words, "employees_unknown").to_owned(),
        |d| format!("{}‰", crate::render::decimals::decimals(d, 2)),
    )
}

/// The label of a possibly missing value of a classification.
pub(super) fn value_label(index: &SiteIndex, dimension: &str, value: Option<&str>) -> String {
    let Some(value) = value else {
        return label(&index.words, "not_set").to_owned();
    };
    let key = match dimension {
        "tier" | "value_tier" => format!("tier:{value}"),
        _ => value.to_owned(),
    };
    label(&index.words, &key).to_owned()
}

pub(super) fn date(field: &Option<Field<chrono::NaiveDate>>) -> String {
    field
        .as_ref()
        .map(|d| d.value.to_string())
        .unwrap_or_default()
}

pub(super) fn money(index: &SiteIndex, field: &Option<Field<f64>>) -> String {
    field
        .as_ref()
        .map(|m| index.amount(m.value))
        .unwrap_or_default()
}
