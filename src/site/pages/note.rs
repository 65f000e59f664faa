//! The page of a note that is not a client: its kind's properties, its
//! text and its backlinks.

use super::{
    backlinks, body_html, client_link, contact_rows, date, labelled, layout, money, prop, render,
    text,
};
use crate::model::Kind;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::site::SiteIndex;
use crate::site::views::NotePage;
use crate::vault::BodyError;

/// The page `page` of note `note`, whose body `body_text` the caller has read
/// (`Vault::read_body`): the search index takes its terms from the same
/// reading.
pub fn note(
    index: &SiteIndex,
    templates: &Templates,
    note: usize,
    body_text: &Result<String, BodyError>,
    page: &str,
) -> Result<Vec<u8>, TemplateError> {
    let model = &index.input.model;
    let kind = model.kinds[note];
    let title = model.titles[note].clone();
    let layout = layout(index, page, title.clone(), "");
    if kind == Kind::Client
        && let Some(client) = model.client_of(note)
    {
        return super::client::page(index, templates, client, body_text, page, &layout);
    }
    let tags = super::tag_links(index, page, note);
    let mut props = Vec::new();
    let mut code = String::new();
    let mut contacts = Vec::new();
    let mut deal = None;
    match kind {
        Kind::Opportunity => {
            let range = model.records[note].opportunities.clone();
            if let Some(o) = model.opportunities_of(note).first() {
                code = text(&o.code);
                props.extend(client_link(index, page, note, &o.client));
                props.extend(super::deal::deal_props(index, page, o));
                deal = index
                    .deal_rows
                    .get(&range.start)
                    .map(|&row| &index.input.report.opportunities[row])
                    .map(|row| super::deal::sections(index, page, row));
            }
        }
        Kind::Project => {
            if let Some(p) = model.records[note].project.map(|i| &model.projects[i]) {
                code = text(&p.code);
                props.extend(client_link(index, page, note, &p.client));
                props.extend(prop(index, "status", labelled(index, &p.status, "")));
                props.extend(prop(index, "amount", money(index, &p.amount)));
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
                    props.extend(client_link(index, page, note, &Some(c.clone())));
                }
                contacts = contact_rows(index, &p.contacts, &model.config);
            }
        }
        Kind::Contact => {
            if let Some(c) = model.records[note].person.map(|i| &model.people[i]) {
                props.extend(client_link(index, page, note, &c.client));
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
        Kind::Interaction => {
            if let Some(it) = model.records[note]
                .interaction
                .map(|i| &model.interactions[i])
            {
                props.extend(prop(index, "date", date(&it.date)));
                props.extend(prop(
                    index,
                    "channel",
                    labelled(index, &it.channel, "channel:"),
                ));
                props.extend(prop(index, "owner", text(&it.owner)));
                for c in &it.clients {
                    props.extend(client_link(index, page, note, &Some(c.clone())));
                }
            }
        }
        Kind::Client | Kind::Note => {}
    }
    props.extend(super::own_properties(index, page, note));
    let (title_id, body) = body_html(index, note, body_text, page, false);
    let view = NotePage {
        edit: index.edit_links(&model.vault.notes[note].path),
        kind: label(&index.words, kind.name()).to_owned(),
        code,
        title,
        title_id,
        tags,
        props,
        contacts,
        body,
        backlinks: backlinks(index, page, note),
        problems: super::problems_of_note(index, page, note),
        deal,
    };
    render(templates, "note.html", &layout, &view)
}
