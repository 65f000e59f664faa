//! A client's page: profile, contacts, health, opportunities, text and
//! backlinks.

use super::{
    backlinks, body_html, contact_rows, date, density_text, health_text, labelled, money, percent,
    prop, render, text, value_label,
};
use crate::vault::BodyError;
use std::collections::HashMap;

use crate::analytics::ClientFigures;
use crate::config::Outcome;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::model::Client;
use crate::render::charts::{self, Bar};
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::site::SiteIndex;
use crate::site::views::{
    self, ClientBook, ClientPage, ClientSections, HealthRow, Layout, OpportunityRow, ProjectRow,
    TimelineRow,
};

pub(super) fn page(
    index: &SiteIndex,
    templates: &Templates,
    client: &Client,
    body_text: &Result<String, BodyError>,
    page: &str,
    layout: &Layout,
) -> Result<Vec<u8>, TemplateError> {
    let model = &index.input.model;
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
    props.extend(prop(
        index,
        "annual_revenue",
        money(index, &client.annual_revenue),
    ));
    props.extend(prop(
        index,
        "contract_value",
        money(index, &client.contract_value),
    ));
    props.extend(prop(index, "source", labelled(index, &client.source, "")));
    props.extend(prop(index, "referred_by", text(&client.referred_by)));
    props.extend(prop(index, "since", date(&client.since)));
    props.extend(prop(index, "last_contact", date(&client.last_contact)));
    props.extend(super::own_properties(index, page, client.note));
    let health = client
        .health
        .iter()
        .map(|h| HealthRow {
            label: label(&index.words, &h.key.value).to_owned(),
            score: score_text(h.score),
            score_class: h.score.trunc().to_u8().unwrap_or(1),
            note: h.note.as_deref().unwrap_or_default().to_owned(),
        })
        .collect();
    let code = text(&client.code);
    let standalone = model.records[client.note]
        .client
        .and_then(|c| index.standalone_opportunities.get(&c))
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|&i| &*model.opportunities[i]);
    let mut opportunities: Vec<OpportunityRow> = model
        .opportunities_of(client.note)
        .iter()
        .map(|o| &**o)
        .chain(standalone)
        .map(|o| OpportunityRow {
            code: text(&o.code),
            name: super::pipeline::deal_name(o),
            href: index.deal_url(page, o),
            stage: labelled(index, &o.stage, "stage:"),
            stage_key: text(&o.stage),
            probability: o
                .probability(config)
                .map(|p| format!("{p}%"))
                .unwrap_or_default(),
            amount: money(index, &o.amount),
            weighted_amount: match (o.outcome(config), o.probability(config)) {
                (Some(Outcome::Lost), _) | (_, None) => String::new(),
                (_, Some(p)) => {
                    index.amount(o.amount.as_ref().map_or(0.0, |a| a.value) * p / 100.0)
                }
            },
            expected_close: date(&o.expected_close),
            owner: super::pipeline::deal_owner(index, o),
            outcome: o.outcome(config),
        })
        .collect();
    opportunities.sort_by(|a, b| a.code.cmp(&b.code));
    // A deal whose stage does not read is in no figure: neither open nor
    // closed here, as in the pipeline, but shown with its problem.
    let (counted, uncounted_deals): (Vec<_>, Vec<_>) =
        opportunities.into_iter().partition(|o| o.outcome.is_some());
    let (open_deals, closed_deals): (Vec<_>, Vec<_>) = counted
        .into_iter()
        .partition(|o| o.outcome == Some(Outcome::Open));
    let projects = projects_of(index, client, page);
    let timeline = timeline(index, client, page, &open_deals, &closed_deals);
    let (title_id, body) = body_html(index, client.note, body_text, page, true);
    // Person notes that name this client are among its contacts, linked.
    let mut contacts = contact_rows(index, &client.contacts, config);
    let people = figures_of(index, client).map_or(&[][..], |f| f.people.as_slice());
    for &p in people {
        let person = &model.people[p];
        let mut row = contact_rows(index, std::slice::from_ref(person), config);
        if let (Some(row), Some(target)) = (row.first_mut(), index.note_page(person.note)) {
            row.href = Some(urls::relative(page, target));
        }
        contacts.extend(row);
    }
    let view = ClientPage {
        edit: index.edit_links(&model.vault.notes[client.note].path),
        code,
        name: text(&client.name),
        title_id,
        tags: super::tag_links(index, page, client.note),
        props,
        contacts,
        show_email: config.publishes("email"),
        show_phone: config.publishes("phone"),
        health,
        open_deals,
        closed_deals,
        uncounted_deals,
        problems: super::problems_of_note(index, page, client.note),
        projects,
        timeline,
        book: book(index, client),
        sections: sections(index, client),
        body,
        backlinks: backlinks(index, page, client.note),
    };
    render(templates, "client.html", layout, &view)
}

/// A project's name, else its note's title.
fn project_name(model: &crate::model::Model, project: &crate::model::Project) -> String {
    match &project.name {
        Some(name) => name.value.to_string(),
        None => model.titles[project.note].clone(),
    }
}

/// The published projects that name the client, by code.
fn projects_of(index: &SiteIndex, client: &Client, page: &str) -> Vec<ProjectRow> {
    let model = &index.input.model;
    let Some(ci) = model.records[client.note].client else {
        return Vec::new();
    };
    let mine = index
        .projects_of_client
        .get(&ci)
        .map_or(&[][..], Vec::as_slice);
    let mut rows: Vec<ProjectRow> = mine
        .iter()
        .map(|&p| &*model.projects[p])
        .map(|p| ProjectRow {
            code: text(&p.code),
            name: project_name(model, p),
            href: index.note_url(page, p.note),
            status: labelled(index, &p.status, ""),
            amount: money(index, &p.amount),
            owner: text(&p.owner),
        })
        .collect();
    rows.sort_by(|a, b| (&a.code, &a.name).cmp(&(&b.code, &b.name)));
    rows
}

/// The headings of a client page's sections, by key, each with its words
/// lowercased: the same on every page, so made once per site.
pub(crate) struct SectionWords([(String, String); 10]);

/// The keys of [`SectionWords`], in the order of `ClientSections`.
const SECTION_KEYS: [&str; 10] = [
    "client_status",
    "open_deals",
    "projects",
    "profile",
    "contacts",
    "health",
    "closed_deals",
    "timeline",
    "note_text",
    "backlinks",
];

impl SectionWords {
    pub(crate) fn new(t: &crate::render::i18n::Words) -> Self {
        SectionWords(SECTION_KEYS.map(|key| {
            let word = label(t, key).to_owned();
            let lowered = crate::text::lowercase(&word);
            (word, lowered)
        }))
    }
}

/// The headings of the page's sections, each told apart from any heading
/// of the note's own text that reads the same.
fn sections(index: &SiteIndex, client: &Client) -> ClientSections {
    let note = &index.input.model.vault.notes[client.note];
    let taken: Vec<String> = note
        .headings
        .iter()
        .map(|h| crate::text::lowercase(&h.text))
        .collect();
    // Section `n` of `SECTION_KEYS`.
    let title = |n: usize| {
        let (word, lowered) = &index.section_words.0[n];
        if taken.contains(lowered) {
            format!("{word}{}", label(&index.words, "of_the_record"))
        } else {
            word.clone()
        }
    };
    ClientSections {
        status: title(0),
        open_deals: title(1),
        projects: title(2),
        profile: title(3),
        contacts: title(4),
        health: title(5),
        closed_deals: title(6),
        timeline: title(7),
        note: title(8),
        backlinks: title(9),
    }
}

/// The client's figures from the report: health with its chart, contact
/// risk with reasons, value tier against declared tier, follow-up.
fn figures_of<'a>(index: &'a SiteIndex, client: &Client) -> Option<&'a ClientFigures> {
    let i = index.input.model.records[client.note].client?;
    Some(&index.input.report.clients[index.report_rows[i]?])
}

fn book(index: &SiteIndex, client: &Client) -> Option<ClientBook> {
    let model = &index.input.model;
    let t = &index.words;
    let f = figures_of(index, client)?;
    let r = &f.contact_risk;
    let bars: Vec<Bar> = model
        .config
        .health
        .dimensions
        .iter()
        .filter_map(|d| {
            let h = client.health.iter().find(|h| h.key.value == d.key)?;
            Some(Bar {
                label: label(t, &d.key).to_owned(),
                value: h.score.to_f64().unwrap_or_default(),
                text: format!("{} / 5", score_text(h.score)),
                color: if h.score >= Decimal::from(4) {
                    charts::GREEN
                } else if h.score >= Decimal::from(3) {
                    charts::YELLOW
                } else {
                    charts::RED
                },
            })
        })
        .collect();
    let health_chart = if bars.is_empty() {
        String::new()
    } else {
        charts::bars(label(t, "health"), &bars, Some(5.0))
    };
    let declared = f.tier.as_deref();
    let (health_score, health_grade, grade_key) = health_text(index, &f.health);
    let (risk_reasons, risk_actions) =
        crate::report::explain_client(&index.input.model.config, t, f);
    Some(ClientBook {
        health_score,
        health_grade,
        grade_key,
        health_chart,
        risk: label(t, &format!("risk:{}", r.level)).to_owned(),
        risk_key: r.level,
        risk_reasons,
        risk_actions,
        density: density_text(index, r.density_permille),
        decision_share: percent(r.decision_share),
        value_tier: value_label(index, "value_tier", Some(f.value_tier)),
        declared_tier: declared
            .map(|d| value_label(index, "tier", Some(d)))
            .unwrap_or_else(|| label(t, "not_set").to_owned()),
        tier_mismatch: declared
            .and_then(|d| crate::analytics::tier_steps(d, f.value_tier))
            .is_some_and(|steps| steps >= 2),
        last_contact: f.last_contact.as_deref().unwrap_or_default().to_owned(),
        cadence_days: f.cadence_days,
        follow_up_due: f.follow_up_due.as_deref().unwrap_or_default().to_owned(),
        overdue_days: f.follow_up_overdue_days.unwrap_or_default(),
        last_contact_source: f
            .last_contact_source
            .map(|s| label(t, &format!("last_contact_from:{s}")).to_owned())
            .unwrap_or_default(),
        segment: label(t, &format!("segment:{}", f.rfm.segment)).to_owned(),
        segment_key: f.rfm.segment,
        rfm_letters: [f.rfm.r_high, f.rfm.f_high, f.rfm.m_high]
            .iter()
            .zip(['R', 'F', 'M'])
            .map(|(high, letter)| format!("{letter}{}", if *high { '↑' } else { '↓' }))
            .collect::<Vec<_>>()
            .join(" "),
    })
}

/// A timeline row with its day and note, which order the timeline.
type Event = (chrono::NaiveDate, usize, TimelineRow);

fn event(
    day: chrono::NaiveDate,
    note: usize,
    what: String,
    title: String,
    href: Option<String>,
) -> Event {
    let date = day.to_string();
    (
        day,
        note,
        TimelineRow {
            date,
            what,
            title,
            href,
        },
    )
}

/// What happened with the client, newest first: its published
/// interactions, its deals opening and moving stage (from the history),
/// and its projects' starts and ends. `open` and `closed` are the deals
/// the page lists.
fn timeline(
    index: &SiteIndex,
    client: &Client,
    page: &str,
    open: &[OpportunityRow],
    closed: &[OpportunityRow],
) -> Vec<TimelineRow> {
    let model = &index.input.model;
    let t = &index.words;
    let Some(ci) = model.records[client.note].client else {
        return Vec::new();
    };
    let mut rows: Vec<Event> = Vec::new();
    deal_events(index, client, open.iter().chain(closed), &mut rows);
    for &k in model.interactions_of(ci) {
        let it = &model.interactions[k];
        let (Some(day), Some(target)) = (&it.date, index.note_page(it.note)) else {
            continue;
        };
        let what = match &it.channel {
            Some(c) => label(t, &format!("channel:{}", c.value)).to_owned(),
            None => label(t, "interaction").to_owned(),
        };
        rows.push(event(
            day.value,
            it.note,
            what,
            model.titles[it.note].clone(),
            Some(urls::relative(page, target)),
        ));
    }
    let mine = index
        .projects_of_client
        .get(&ci)
        .map_or(&[][..], Vec::as_slice);
    for &p in mine {
        let project = &model.projects[p];
        let name = project_name(model, project);
        for (day, key) in [
            (&project.start, "project_started"),
            (&project.end, "project_ended"),
        ] {
            let Some(day) = day else { continue };
            rows.push(event(
                day.value,
                project.note,
                label(t, key).to_owned(),
                name.clone(),
                index.note_url(page, project.note),
            ));
        }
    }
    rows.sort_by(|a, b| (b.0, a.1).cmp(&(a.0, b.1)));
    rows.into_iter().map(|(_, _, row)| row).collect()
}

/// The client's deals through time, from the history: when each opened,
/// and each later change of stage (a win or a loss by name). A deal the
/// page lists is named and linked as it is listed; one that has left the
/// book keeps its code.
fn deal_events<'a>(
    index: &SiteIndex,
    client: &Client,
    listed: impl Iterator<Item = &'a OpportunityRow>,
    rows: &mut Vec<Event>,
) {
    let report = &index.input.report;
    let config = &index.input.model.config;
    let t = &index.words;
    let Some(deals) = client
        .code
        .as_ref()
        .and_then(|c| report.deals_of_client.get(&*c.value))
    else {
        return;
    };
    let listed: HashMap<&str, &OpportunityRow> = listed.map(|o| (o.code.as_str(), o)).collect();
    let stage_word = |key: &str| label(t, &format!("stage:{key}")).to_owned();
    for &d in deals {
        let deal = &report.opportunity_history[d];
        let row = listed.get(deal.code.as_str());
        let name = match row {
            Some(o) if !o.name.is_empty() => format!("{} {}", deal.code, o.name),
            _ => deal.code.to_string(),
        };
        let href = row.and_then(|o| o.href.clone());
        let mut before: Option<&str> = None;
        for span in &deal.stages {
            let what = match (before, config.stage(&span.stage).map(|s| s.outcome)) {
                (None, _) => "deal_opened",
                (_, Some(Outcome::Won)) => "deal_won",
                (_, Some(Outcome::Lost)) => "deal_lost",
                _ => "deal_moved",
            };
            let title = match before {
                Some(from) => format!("{name}: {} → {}", stage_word(from), stage_word(&span.stage)),
                None => format!("{name}: {}", stage_word(&span.stage)),
            };
            rows.push(event(
                span.entered,
                client.note,
                label(t, what).to_owned(),
                title,
                href.clone(),
            ));
            before = Some(&span.stage);
        }
    }
}

/// A health score as written, without trailing zeros: `4`, `4.5`.
fn score_text(score: Decimal) -> String {
    score.normalize().to_string()
}
