//! A deal as its page shows it: where it stands, its next step, the path
//! it took through the stages (when, and who moved it), how its expected
//! close date moved, and the interactions of its client. A deal written in
//! a client's note gets a page of its own (`deals/<code>.html`); a deal
//! with a note of its own shows the same on that note's page.

use serde::Serialize;

use super::{date, labelled, layout, money, prop, render};
use crate::analytics::deals::DealRow;
use crate::analytics::history::DealHistory;
use crate::model::Opportunity;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::site::SiteIndex;
use crate::site::views::{
    ClientRef, CloseRow, DealSections, InteractionRow, NextStep, Prop, StageRow,
};

#[derive(Serialize)]
struct DealPage {
    edit: Vec<crate::site::views::EditLink>,
    kind: String,
    code: String,
    title: String,
    client: Option<ClientRef>,
    props: Vec<Prop>,
    deal: DealSections,
}

/// The page `page` of a deal written in a client's note (`row` of the
/// report's deals).
pub fn deal(
    index: &SiteIndex,
    templates: &Templates,
    row: &DealRow,
    page: &str,
) -> Result<Vec<u8>, TemplateError> {
    let model = index.input.model;
    let o = &model.opportunities[row.opportunity];
    let title = row
        .name
        .as_deref()
        .or(row.code.as_deref())
        .unwrap_or_default()
        .to_owned();
    let layout = layout(index, page, title.clone(), "pipeline.html");
    let view = DealPage {
        edit: index.edit_links(&model.vault.notes[o.note].path),
        kind: label(&index.words, "opportunity").to_owned(),
        code: row.code.as_deref().unwrap_or_default().to_owned(),
        title,
        client: super::pipeline::deal_client(index, page, o),
        props: deal_props(index, page, o),
        deal: sections(index, page, row),
    };
    render(templates, "deal.html", &layout, &view)
}

/// The fields of deal `o` as its page lists them, its owner linked to
/// their page.
pub(super) fn deal_props(index: &SiteIndex, page: &str, o: &Opportunity) -> Vec<Prop> {
    let model = index.input.model;
    let mut props = Vec::new();
    props.extend(prop(index, "stage", labelled(index, &o.stage, "stage:")));
    props.extend(prop(
        index,
        "probability",
        o.probability(&model.config)
            .map(|p| format!("{p}%"))
            .unwrap_or_default(),
    ));
    props.extend(prop(index, "amount", money(index, &o.amount)));
    props.extend(prop(index, "expected_close", date(&o.expected_close)));
    let owner = super::pipeline::deal_owner(index, o);
    if let Some(mut p) = prop(index, "owner", owner.clone()) {
        p.href = index.owner_url(page, &owner);
        props.push(p);
    }
    props.extend(prop(index, "last_follow_up", date(&o.last_follow_up)));
    props.extend(prop(
        index,
        "lost_at",
        labelled(index, &o.lost_at, "stage:"),
    ));
    props
}

/// What a deal's page says of `row` beyond its fields.
pub(super) fn sections(index: &SiteIndex, page: &str, row: &DealRow) -> DealSections {
    let model = index.input.model;
    let report = index.input.report;
    let t = &index.words;
    let past: Option<&DealHistory> = row
        .code
        .as_deref()
        .and_then(|code| index.deal_history.get(code))
        .map(|&k| &report.opportunity_history[k]);
    let stage_label = |key: &str| label(t, &format!("stage:{key}")).to_owned();
    let stages = past.map_or_else(Vec::new, |d| {
        d.stages
            .iter()
            .map(|s| StageRow {
                stage: stage_label(&s.stage),
                stage_key: s.stage.to_string(),
                entered: s.entered.to_string(),
                left: s.left.map(|d| d.to_string()).unwrap_or_default(),
                days: (s.left.unwrap_or(model.as_of) - s.entered).num_days(),
                author: s.author.as_deref().unwrap_or_default().to_owned(),
            })
            .collect()
    });
    let changes = past.map_or(&[][..], |d| d.close_dates.as_slice());
    let close_path = match changes.first() {
        Some(first) => std::iter::once(first.from)
            .chain(changes.iter().map(|c| c.to))
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(" → "),
        None => String::new(),
    };
    let slips = past.map_or(0, |d| d.slips);
    let slipped = match slips {
        0 => String::new(),
        1 => label(t, "slipped_once").to_owned(),
        n => label(t, "slipped_times").replace("{n}", &n.to_string()),
    };
    let history_note = (report.history.status != "read" && report.history.status != "partial")
        .then(|| label(t, &format!("history:{}", report.history.status)).to_owned());
    let next_step = (row.next_step.is_some() || row.next_step_date.is_some()).then(|| NextStep {
        text: row.next_step.as_deref().unwrap_or_default().to_owned(),
        date: row
            .next_step_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        overdue: row
            .next_step_overdue_days
            .map(|d| label(t, "days_overdue").replace("{n}", &d.to_string())),
    });
    let rotting = row.rotting.then(|| {
        let limit = row.rot_days.unwrap_or_default().to_string();
        let days = row.idle_days.unwrap_or_default().to_string();
        let words = match row.idle_since {
            Some("stage_entered") => "rotting_in_stage",
            Some(_) => "rotting_since_follow_up",
            None => "rotting_no_day",
        };
        label(t, words)
            .replace("{days}", &days)
            .replace("{stage}", &stage_label(&row.stage))
            .replace("{limit}", &limit)
    });
    DealSections {
        next_step,
        rotting,
        stages,
        close_path,
        close_changes: changes
            .iter()
            .map(|c| CloseRow {
                date: c.date.to_string(),
                from: c.from.to_string(),
                to: c.to.to_string(),
                later: c.to > c.from,
                author: c.author.as_deref().unwrap_or_default().to_owned(),
            })
            .collect(),
        slipped,
        history_note,
        interactions: interactions(index, page, &model.opportunities[row.opportunity]),
    }
}

/// The published interactions of deal `o`'s client, newest first.
fn interactions(index: &SiteIndex, page: &str, o: &Opportunity) -> Vec<InteractionRow> {
    let model = index.input.model;
    let t = &index.words;
    let Some(ci) = model.client_of_opportunity(o) else {
        return Vec::new();
    };
    let mut rows: Vec<(chrono::NaiveDate, usize)> = model
        .interactions_of(ci)
        .iter()
        .filter_map(|&k| {
            let it = &model.interactions[k];
            index.note_page(it.note)?;
            Some((it.date.as_ref()?.value, k))
        })
        .collect();
    rows.sort_by(|a, b| b.cmp(a));
    rows.into_iter()
        .map(|(day, k)| {
            let it = &model.interactions[k];
            InteractionRow {
                date: day.to_string(),
                title: model.titles[it.note].clone(),
                href: index
                    .note_page(it.note)
                    .map(|target| urls::relative(page, target)),
                channel: match &it.channel {
                    Some(c) => label(t, &format!("channel:{}", c.value)).to_owned(),
                    None => label(t, "interaction").to_owned(),
                },
            }
        })
        .collect()
}
