//! A client's page: profile, contacts, health, opportunities, text and
//! backlinks.

use super::{backlinks, body_html, contact_rows, date, labelled, money, prop, render, text};
use crate::model::Client;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::site::SiteIndex;
use crate::site::views::{self, ClientPage, HealthRow, Layout, OpportunityRow};

pub(super) fn page(
    index: &SiteIndex,
    templates: &Templates,
    client: &Client,
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
    let (title_id, body) = body_html(index, client.note, page);
    let view = ClientPage {
        code,
        name: text(&client.name),
        title_id,
        tags: client.tags.iter().map(|t| t.value.clone()).collect(),
        props,
        contacts: contact_rows(index, &client.contacts, config),
        show_email: config.publishes("email"),
        show_phone: config.publishes("phone"),
        health,
        opportunities,
        body,
        backlinks: backlinks(index, page, client.note),
    };
    render(templates, "client.html", layout, &view)
}
