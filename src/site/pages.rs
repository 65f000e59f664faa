//! One function per kind of page: gather the view, render the template.

use serde::Serialize;
use tera::Context;

use super::views::*;
use super::{PageLinks, SiteIndex};
use crate::config::Config;
use crate::diagnostics::Severity;
use crate::model::fields::Field;
use crate::model::{Contact, Kind};
use crate::render::i18n::label;
use crate::render::markdown;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;

fn layout<'a>(index: &'a SiteIndex, page: &str, title: String, active: &str) -> Layout<'a> {
    let config = &index.checked.model.config;
    let diags = &index.checked.diagnostics;
    let t = &index.words;
    let nav = [
        ("index.html", "home", None),
        ("problems.html", "problems", Some(diags.items.len())),
    ]
    .into_iter()
    .map(|(target, key, count)| NavItem {
        label: label(t, key).to_owned(),
        href: urls::relative(page, target),
        active: active == target,
        count: count.filter(|c| *c > 0),
    })
    .collect();
    Layout {
        lang: match config.language {
            crate::config::Language::Zh => "zh-CN",
            crate::config::Language::En => "en",
        },
        site_title: &config.title,
        title,
        root: urls::root_of(page),
        nav,
        as_of: index.checked.model.as_of.format("%Y-%m-%d").to_string(),
        problems: ProblemCounts {
            errors: diags.errors(),
            warnings: diags.warnings(),
            href: urls::relative(page, "problems.html"),
        },
    }
}

fn render<T: Serialize>(
    templates: &Templates,
    name: &str,
    layout: &Layout,
    page: &T,
) -> Result<Vec<u8>, TemplateError> {
    let mut context = Context::new();
    context.insert("layout", layout);
    context.insert("page", page);
    templates.render(name, &context)
}

fn text(field: &Option<Field<String>>) -> String {
    field.as_ref().map(|f| f.value.clone()).unwrap_or_default()
}

fn labelled(index: &SiteIndex, field: &Option<Field<String>>, prefix: &str) -> String {
    field.as_ref().map_or_else(String::new, |f| {
        let key = format!("{prefix}{}", f.value);
        label(&index.words, &key).to_owned()
    })
}

fn note_link(index: &SiteIndex, from: &str, note: usize) -> Option<NoteLink> {
    let page = index.note_page(note)?;
    let model = &index.checked.model;
    Some(NoteLink {
        title: model.titles[note].clone(),
        path: model.vault.notes[note].path.clone(),
        href: urls::relative(from, page),
        kind: label(&index.words, model.kinds[note].name()).to_owned(),
    })
}

fn backlinks(index: &SiteIndex, page: &str, note: usize) -> Vec<NoteLink> {
    index.backlinks[note]
        .iter()
        .filter_map(|&from| note_link(index, page, from))
        .collect()
}

fn body_html(index: &SiteIndex, note: usize, page: &str) -> String {
    let model = &index.checked.model;
    let n = &model.vault.notes[note];
    let slugs: Vec<String> = n.headings.iter().map(|h| h.slug.clone()).collect();
    let body = markdown::Body {
        text: n.body(),
        resolutions: &index.checked.resolutions[note],
        slugs: &slugs,
        sanitize: n.has_html,
        skip_opening_title: opening_title(index, note).is_some(),
    };
    markdown::to_html(&body, &PageLinks { index, from: page })
}

/// The anchor of the `# Title` that opens a note's body, when it repeats
/// the page title (the page header then carries the anchor instead).
fn opening_title(index: &SiteIndex, note: usize) -> Option<String> {
    let model = &index.checked.model;
    let n = &model.vault.notes[note];
    let first = n.headings.first().filter(|h| h.level == 1)?;
    let leading_blank = n.body().lines().take_while(|l| l.trim().is_empty()).count() as u32;
    (first.text == model.titles[note] && first.pos.line == n.body_line + leading_blank)
        .then(|| first.slug.clone())
}

fn prop(index: &SiteIndex, key: &str, value: String) -> Option<Prop> {
    (!value.is_empty()).then(|| Prop {
        label: label(&index.words, key).to_owned(),
        value,
        href: None,
    })
}

fn client_link(index: &SiteIndex, page: &str, code: &Option<Field<String>>) -> Option<Prop> {
    let code = code.as_ref()?;
    let model = &index.checked.model;
    let client = model.client_by_code(&code.value);
    let href = client
        .and_then(|c| index.note_page(c.note))
        .map(|p| urls::relative(page, p));
    let value = match client.and_then(|c| c.name.as_ref()) {
        Some(name) if href.is_some() => format!("{} {}", code.value, name.value),
        _ => code.value.clone(),
    };
    Some(Prop {
        label: label(&index.words, "client").to_owned(),
        value,
        href,
    })
}

fn contact_rows(index: &SiteIndex, contacts: &[Contact], config: &Config) -> Vec<ContactRow> {
    contacts
        .iter()
        .map(|c| ContactRow {
            name: text(&c.name),
            title: text(&c.title),
            department: labelled(index, &c.department, ""),
            level: labelled(index, &c.level, ""),
            role: labelled(index, &c.role, ""),
            role_key: text(&c.role),
            relationship: c
                .relationship
                .as_ref()
                .map_or_else(String::new, |r| "★".repeat(r.value as usize)),
            email: if config.publishes("email") {
                text(&c.email)
            } else {
                String::new()
            },
            phone: if config.publishes("phone") {
                text(&c.phone)
            } else {
                String::new()
            },
        })
        .collect()
}

fn date(field: &Option<Field<chrono::NaiveDate>>) -> String {
    field
        .as_ref()
        .map(|d| d.value.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn money(field: &Option<Field<f64>>) -> String {
    field
        .as_ref()
        .map(|m| views::money(m.value))
        .unwrap_or_default()
}

use super::views;

pub fn note(
    index: &SiteIndex,
    templates: &Templates,
    note: usize,
    page: &str,
) -> Result<Vec<u8>, TemplateError> {
    let model = &index.checked.model;
    let kind = model.kinds[note];
    let title = model.titles[note].clone();
    let layout = layout(index, page, title.clone(), "");
    if kind == Kind::Client
        && let Some(client) = model.client_of(note)
    {
        return client_page(index, templates, client, page, &layout);
    }
    let tags = model.tags[note].clone();
    let mut props = Vec::new();
    let mut code = String::new();
    let mut contacts = Vec::new();
    match kind {
        Kind::Opportunity => {
            if let Some(o) = model.opportunities_of(note).first() {
                code = text(&o.code);
                props.extend(client_link(index, page, &o.client));
                props.extend(prop(index, "stage", labelled(index, &o.stage, "stage:")));
                props.extend(prop(
                    index,
                    "probability",
                    o.probability(&model.config)
                        .map(|p| format!("{p}%"))
                        .unwrap_or_default(),
                ));
                props.extend(prop(index, "amount", money(&o.amount)));
                props.extend(prop(index, "expected_close", date(&o.expected_close)));
                props.extend(prop(index, "owner", text(&o.owner)));
                props.extend(prop(index, "last_follow_up", date(&o.last_follow_up)));
                props.extend(prop(
                    index,
                    "lost_at",
                    labelled(index, &o.lost_at, "stage:"),
                ));
            }
        }
        Kind::Project => {
            if let Some(p) = model.records[note].project.map(|i| &model.projects[i]) {
                code = text(&p.code);
                props.extend(client_link(index, page, &p.client));
                props.extend(prop(index, "status", labelled(index, &p.status, "")));
                props.extend(prop(index, "amount", money(&p.amount)));
                props.extend(prop(index, "owner", text(&p.owner)));
                props.extend(prop(index, "start", date(&p.start)));
                props.extend(prop(index, "end", date(&p.end)));
            }
        }
        Kind::Partner => {
            if let Some(p) = model.records[note].partner.map(|i| &model.partners[i]) {
                code = text(&p.code);
                props.extend(prop(index, "owner", text(&p.owner)));
                props.extend(prop(index, "industry", text(&p.industry)));
                props.extend(prop(index, "region", text(&p.region)));
                props.extend(prop(index, "since", date(&p.since)));
                for c in &p.clients {
                    props.extend(client_link(index, page, &Some(c.clone())));
                }
                contacts = contact_rows(index, &p.contacts, &model.config);
            }
        }
        Kind::Contact => {
            if let Some(c) = model.records[note].person.map(|i| &model.people[i]) {
                props.extend(client_link(index, page, &c.client));
                let row = &contact_rows(index, std::slice::from_ref(c), &model.config)[0];
                props.extend(prop(index, "title", row.title.clone()));
                props.extend(prop(index, "department", row.department.clone()));
                props.extend(prop(index, "level", row.level.clone()));
                props.extend(prop(index, "role", row.role.clone()));
                props.extend(prop(index, "relationship", row.relationship.clone()));
                props.extend(prop(index, "email", row.email.clone()));
                props.extend(prop(index, "phone", row.phone.clone()));
            }
        }
        Kind::Client | Kind::Note => {}
    }
    let view = NotePage {
        kind: label(&index.words, kind.name()).to_owned(),
        code,
        title,
        title_id: opening_title(index, note),
        tags,
        props,
        contacts,
        body: body_html(index, note, page),
        backlinks: backlinks(index, page, note),
    };
    render(templates, "note.html", &layout, &view)
}

fn client_page(
    index: &SiteIndex,
    templates: &Templates,
    client: &crate::model::Client,
    page: &str,
    layout: &Layout,
) -> Result<Vec<u8>, TemplateError> {
    let model = &index.checked.model;
    let config = &model.config;
    let mut props = Vec::new();
    props.extend(prop(index, "owner", text(&client.owner)));
    props.extend(prop(index, "tier", labelled(index, &client.tier, "tier:")));
    props.extend(prop(index, "status", labelled(index, &client.status, "")));
    props.extend(prop(index, "industry", text(&client.industry)));
    props.extend(prop(index, "region", text(&client.region)));
    props.extend(prop(index, "scale", labelled(index, &client.scale, "")));
    props.extend(prop(
        index,
        "employees",
        client
            .employees
            .as_ref()
            .map(|e| views::money(e.value as f64))
            .unwrap_or_default(),
    ));
    props.extend(prop(index, "annual_revenue", money(&client.annual_revenue)));
    props.extend(prop(index, "contract_value", money(&client.contract_value)));
    props.extend(prop(index, "source", labelled(index, &client.source, "")));
    props.extend(prop(index, "referred_by", text(&client.referred_by)));
    props.extend(prop(index, "since", date(&client.since)));
    props.extend(prop(index, "last_contact", date(&client.last_contact)));
    let health = client
        .health
        .iter()
        .map(|h| HealthRow {
            label: label(&index.words, &h.key.value).to_owned(),
            score: h.score,
            note: h.note.clone().unwrap_or_default(),
        })
        .collect();
    let code = text(&client.code);
    let standalone = index
        .standalone_opportunities
        .get(code.as_str())
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|&i| &model.opportunities[i]);
    let mut opportunities: Vec<OpportunityRow> = model
        .opportunities_of(client.note)
        .iter()
        .chain(standalone)
        .map(|o| OpportunityRow {
            code: text(&o.code),
            name: text(&o.name),
            href: (!o.embedded)
                .then(|| index.note_page(o.note))
                .flatten()
                .map(|p| urls::relative(page, p)),
            stage: labelled(index, &o.stage, "stage:"),
            stage_key: text(&o.stage),
            probability: o
                .probability(config)
                .map(|p| format!("{p}%"))
                .unwrap_or_default(),
            amount: money(&o.amount),
            expected_close: date(&o.expected_close),
            owner: text(&o.owner),
        })
        .collect();
    opportunities.sort_by(|a, b| a.code.cmp(&b.code));
    let view = ClientPage {
        code,
        name: text(&client.name),
        title_id: opening_title(index, client.note),
        tags: client.tags.iter().map(|t| t.value.clone()).collect(),
        props,
        contacts: contact_rows(index, &client.contacts, config),
        show_email: config.publishes("email"),
        show_phone: config.publishes("phone"),
        health,
        opportunities,
        body: body_html(index, client.note, page),
        backlinks: backlinks(index, page, client.note),
    };
    render(templates, "client.html", layout, &view)
}

pub fn index(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "index.html";
    let model = &index.checked.model;
    let mut clients: Vec<ClientRow> = model
        .clients
        .iter()
        .filter_map(|c| {
            let href = urls::relative(page, index.note_page(c.note)?);
            Some(ClientRow {
                code: text(&c.code),
                name: model.titles[c.note].clone(),
                href,
                tier: labelled(index, &c.tier, "tier:"),
                tier_key: text(&c.tier),
                status: labelled(index, &c.status, ""),
                owner: text(&c.owner),
                industry: text(&c.industry),
                region: text(&c.region),
                contract_value: money(&c.contract_value),
            })
        })
        .collect();
    clients.sort_by(|a, b| (&a.code, &a.href).cmp(&(&b.code, &b.href)));
    let groups = [
        (Kind::Opportunity, "opportunities"),
        (Kind::Project, "projects"),
        (Kind::Partner, "partners"),
        (Kind::Contact, "contacts"),
        (Kind::Note, "notes"),
    ]
    .into_iter()
    .filter_map(|(kind, key)| {
        let notes: Vec<NoteLink> = (0..model.kinds.len())
            .filter(|&i| model.kinds[i] == kind)
            .filter_map(|i| note_link(index, page, i))
            .collect();
        (!notes.is_empty()).then(|| NoteGroup {
            label: label(&index.words, key).to_owned(),
            notes,
        })
    })
    .collect();
    let layout = layout(index, page, model.config.title.clone(), page);
    render(
        templates,
        "index.html",
        &layout,
        &IndexPage { clients, groups },
    )
}

pub fn folder(
    index: &SiteIndex,
    templates: &Templates,
    folder: &str,
    page: &str,
) -> Result<Vec<u8>, TemplateError> {
    let model = &index.checked.model;
    let vault = &model.vault;
    let prefix = format!("{folder}/");
    let folders = vault
        .folders
        .iter()
        .filter(|f| f.starts_with(&prefix) && !f[prefix.len()..].contains('/'))
        .filter_map(|f| {
            Some(FolderLink {
                name: f[prefix.len()..].to_owned(),
                href: urls::relative(page, index.folder_pages.get(f)?),
            })
        })
        .collect();
    let notes = (0..vault.notes.len())
        .filter(|&i| vault.notes[i].folder() == folder)
        .filter_map(|i| note_link(index, page, i))
        .collect();
    let name = folder.rsplit('/').next().unwrap_or(folder).to_owned();
    let layout = layout(index, page, name.clone(), "");
    let view = FolderPage {
        title: name,
        path: folder.to_owned(),
        folders,
        notes,
    };
    render(templates, "folder.html", &layout, &view)
}

pub fn problems(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "problems.html";
    let model = &index.checked.model;
    let problems = index
        .checked
        .diagnostics
        .items
        .iter()
        .map(|d| {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let note = model.vault.note_index(&d.file);
            if note.is_some_and(|i| model.vault.notes[i].private) {
                // A private note's problems are counted, but neither its
                // name nor the values its messages quote are published.
                return ProblemRow {
                    severity,
                    severity_label: label(&index.words, severity).to_owned(),
                    code: d.code,
                    file: label(&index.words, "private_link").to_owned(),
                    href: None,
                    line: 0,
                    column: 0,
                    message: label(&index.words, "none").to_owned(),
                    help: None,
                };
            }
            ProblemRow {
                severity,
                severity_label: label(&index.words, severity).to_owned(),
                code: d.code,
                file: d.file.clone(),
                href: note
                    .and_then(|i| index.note_page(i))
                    .map(|p| urls::relative(page, p)),
                line: d.line,
                column: d.column,
                message: d.message.clone(),
                help: d.help.clone(),
            }
        })
        .collect();
    let layout = layout(
        index,
        page,
        label(&index.words, "problems").to_owned(),
        page,
    );
    render(
        templates,
        "problems.html",
        &layout,
        &ProblemsPage { problems },
    )
}
