//! Pages that list records: every client with its figures, every contact
//! person, every other note by kind.

use super::dashboard::follow_up_rows;
use super::{client_ref, contact_rows, layout, note_link, render, text, value_label};
use crate::model::{Contact, Kind};
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::site::SiteIndex;
use crate::site::views::{
    ClientRow, ClientsPage, ContactsPage, DirectoryRow, NoteGroup, NoteLink, NotesPage,
};

pub fn clients(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "clients.html";
    let report = &index.checked.report;
    let t = &index.words;
    let clients = report
        .clients
        .iter()
        .enumerate()
        .map(|(row, f)| ClientRow {
            client: client_ref(index, page, row),
            tier: f
                .tier
                .as_deref()
                .map(|v| value_label(index, "tier", Some(v)))
                .unwrap_or_default(),
            tier_key: f.tier.clone().unwrap_or_default(),
            value_tier: value_label(index, "value_tier", Some(f.value_tier)),
            value_tier_key: f.value_tier.to_owned(),
            status: f
                .status
                .as_deref()
                .map(|v| label(t, v).to_owned())
                .unwrap_or_default(),
            owner: f.owner.clone().unwrap_or_default(),
            industry: f.industry.clone().unwrap_or_default(),
            region: f.region.clone().unwrap_or_default(),
            contract_value: f
                .contract_value
                .map(|m| crate::site::views::money(m.0))
                .unwrap_or_default(),
            health: f
                .health
                .score
                .map(|s| format!("{s:.2}"))
                .unwrap_or_default(),
            grade_key: f.health.grade.unwrap_or("none").to_owned(),
            risk: label(t, &format!("risk:{}", f.contact_risk.level)).to_owned(),
            risk_key: f.contact_risk.level.to_owned(),
            overdue_days: f
                .follow_up_overdue_days
                .filter(|d| *d > 0)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        })
        .collect();
    let layout = layout(index, page, label(t, "clients").to_owned(), page);
    let overdue = follow_up_rows(index, page, &report.follow_ups_overdue);
    let view = ClientsPage {
        clients,
        overdue,
        csv_href: "clients.csv".into(),
    };
    render(templates, "clients.html", &layout, &view)
}

pub fn notes(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "notes.html";
    let model = &index.checked.model;
    let groups = [
        (Kind::Client, "clients"),
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
    let layout = layout(
        index,
        page,
        label(&index.words, "all_notes").to_owned(),
        page,
    );
    render(templates, "notes.html", &layout, &NotesPage { groups })
}

/// Everyone we know at a client or partner, by organisation then name.
pub fn contacts(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "contacts.html";
    let model = &index.checked.model;
    let config = &model.config;
    let mut rows: Vec<(String, String, DirectoryRow)> = Vec::new();
    let mut add = |contacts: &[Contact], org: String, org_href: Option<String>, own: bool| {
        let shown = contact_rows(index, contacts, config);
        for (c, mut row) in contacts.iter().zip(shown) {
            row.href = own
                .then(|| index.note_page(c.note))
                .flatten()
                .map(|p| urls::relative(page, p));
            rows.push((
                org.clone(),
                text(&c.name),
                DirectoryRow {
                    contact: row,
                    organisation: org.clone(),
                    organisation_href: org_href.clone(),
                },
            ));
        }
    };
    for (row, f) in index.checked.report.clients.iter().enumerate() {
        let client = client_ref(index, page, row);
        let org = format!("{} {}", client.code, client.name).trim().to_owned();
        add(&model.clients[f.client].contacts, org, client.href, false);
    }
    for partner in &model.partners {
        if let Some(p) = index.note_page(partner.note) {
            let href = Some(urls::relative(page, p));
            add(
                &partner.contacts,
                model.titles[partner.note].clone(),
                href,
                false,
            );
        }
    }
    for person in &model.people {
        if index.note_page(person.note).is_none() {
            continue;
        }
        let (org, href) = match person
            .client
            .as_ref()
            .and_then(|c| super::client_ref_by_code(index, page, &c.value))
        {
            Some(c) => (format!("{} {}", c.code, c.name), c.href),
            None => (text(&person.client), None),
        };
        add(std::slice::from_ref(person), org, href, true);
    }
    rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let layout = layout(
        index,
        page,
        label(&index.words, "contacts").to_owned(),
        page,
    );
    let view = ContactsPage {
        contacts: rows.into_iter().map(|r| r.2).collect(),
        show_email: config.publishes("email"),
        show_phone: config.publishes("phone"),
    };
    render(templates, "contacts.html", &layout, &view)
}
