//! An owner's page, "my book": what the owner has to do today — overdue
//! follow-ups, deals without a next step or with one overdue, rotting
//! deals, deals to close this month — their clients by RFM segment and
//! what moved in their book this week.

use chrono::Datelike;
use serde::Serialize;

use super::changes::{ChangeOf, periods};
use super::dashboard::follow_up_rows;
use super::pipeline::{deal_client, deal_href, deal_owner, stale_rows};
use super::{CLIENTS_PER_VALUE, SHOWN, client_ref, layout, render};
use crate::analytics::deals::DealRow;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::site::SiteIndex;
use crate::site::views::{ChangesPeriod, ClientRef, DealTodo, FollowUpRow, Headline, StaleRow};

#[derive(Serialize)]
struct OwnerPage {
    name: String,
    headlines: Vec<Headline>,
    /// Each list shows its first [`SHOWN`] rows; `*_total` counts them
    /// all (the report has every one).
    overdue: Vec<FollowUpRow>,
    overdue_total: usize,
    next_steps: Vec<DealTodo>,
    next_steps_total: usize,
    rotting: Vec<StaleRow>,
    rotting_total: usize,
    closing: Vec<DealTodo>,
    closing_total: usize,
    segments: Vec<SegmentClients>,
    week: Option<ChangesPeriod>,
}

#[derive(Serialize)]
struct SegmentClients {
    key: &'static str,
    title: String,
    /// The first [`CLIENTS_PER_VALUE`] of them.
    clients: Vec<ClientRef>,
    total: usize,
}

/// Whether `row`'s deal needs a next step: open, with none written or one
/// past its date.
pub(super) fn needs_next_step(row: &DealRow) -> bool {
    row.outcome == "open"
        && ((row.next_step.is_none() && row.next_step_date.is_none())
            || row.next_step_overdue_days.is_some())
}

/// The open deals whose next step is overdue, due within a week of the
/// as-of date, or missing: overdue first (most days), then due (soonest),
/// then missing, then by code.
pub(super) fn next_step_todos(
    report: &crate::analytics::Report,
    as_of: chrono::NaiveDate,
) -> Vec<&DealRow> {
    let week = as_of + chrono::Days::new(7);
    let mut todo: Vec<&DealRow> = report
        .opportunities
        .iter()
        .filter(|d| d.outcome == "open")
        .filter(|d| needs_next_step(d) || due_within(d, as_of, week))
        .collect();
    todo.sort_by_key(|d| {
        (
            d.next_step_overdue_days.is_none(),
            std::cmp::Reverse(d.next_step_overdue_days),
            d.next_step_date.is_none(),
            d.next_step_date,
            d.code.clone(),
        )
    });
    todo
}

/// Whether `row`'s next step is due from `from` to the day before `to`
/// (and not already overdue).
pub(super) fn due_within(row: &DealRow, from: chrono::NaiveDate, to: chrono::NaiveDate) -> bool {
    row.next_step_overdue_days.is_none() && row.next_step_date.is_some_and(|n| n >= from && n < to)
}

/// Whether `row`'s deal is expected to close in the as-of date's month.
pub(super) fn closes_this_month(row: &DealRow, as_of: chrono::NaiveDate) -> bool {
    row.outcome == "open"
        && row
            .expected_close
            .is_some_and(|d| d.year() == as_of.year() && d.month() == as_of.month())
}

/// `row` as a line of a to-do list seen from `page`.
pub(super) fn deal_todo(index: &SiteIndex, page: &str, row: &DealRow) -> DealTodo {
    let t = &index.words;
    let o = &index.input.model.opportunities[row.opportunity];
    let why = match row.next_step_overdue_days {
        Some(d) => label(t, "days_overdue").replace("{n}", &d.to_string()),
        None if row.next_step.is_none() && row.next_step_date.is_none() => {
            label(t, "no_next_step").to_owned()
        }
        None => String::new(),
    };
    DealTodo {
        code: row.code.as_deref().unwrap_or_default().to_owned(),
        name: row
            .name
            .as_deref()
            .or(row.code.as_deref())
            .unwrap_or_default()
            .to_owned(),
        href: deal_href(index, page, o),
        client: deal_client(index, page, o),
        stage: label(t, &format!("stage:{}", row.stage)).to_owned(),
        stage_key: row.stage.to_string(),
        owner: row.owner.as_deref().unwrap_or_default().to_owned(),
        amount: row.amount.map(|m| index.amount(m.0)).unwrap_or_default(),
        expected_close: row
            .expected_close
            .map(|d| d.to_string())
            .unwrap_or_default(),
        next_step: row.next_step.as_deref().unwrap_or_default().to_owned(),
        next_step_date: row
            .next_step_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        overdue: row.next_step_overdue_days.is_some(),
        why,
    }
}

pub fn owner(
    index: &SiteIndex,
    templates: &Templates,
    owner: &str,
) -> Result<Vec<u8>, TemplateError> {
    let page = index
        .owner_pages
        .get(owner)
        .map_or("owners/index.html", String::as_str);
    let report = index.input.report;
    let as_of = index.input.model.as_of;
    let t = &index.words;
    let (deal_rows, clients) = index
        .owned
        .get(owner)
        .map_or((&[][..], &[][..]), |(d, c)| (d.as_slice(), c.as_slice()));
    let deals: Vec<&DealRow> = deal_rows
        .iter()
        .map(|&row| &report.opportunities[row])
        .collect();
    let theirs: std::collections::HashSet<usize> = clients.iter().copied().collect();
    let overdue: Vec<_> = report
        .follow_ups_overdue
        .iter()
        .filter(|f| theirs.contains(&f.row))
        .cloned()
        .collect();
    let mine: std::collections::HashSet<usize> = deals.iter().map(|d| d.opportunity).collect();
    let rotting: Vec<_> = report
        .stale_opportunities
        .iter()
        .filter(|s| mine.contains(&s.opportunity))
        .cloned()
        .collect();
    let open: Vec<&&DealRow> = deals.iter().filter(|d| d.outcome == "open").collect();
    let open_amount: f64 = open.iter().filter_map(|d| d.amount).map(|m| m.0).sum();
    let weighted: f64 = open.iter().map(|d| d.weighted_amount.0).sum();
    let at_risk: f64 = rotting.iter().filter_map(|s| s.amount).map(|m| m.0).sum();
    let headline = |key: &str, value: String, tone: &'static str| Headline {
        label: label(t, key).to_owned(),
        value,
        note: String::new(),
        href: String::new(),
        tone,
    };
    let headlines = vec![
        headline("clients", clients.len().to_string(), ""),
        headline("open_deals", open.len().to_string(), ""),
        headline("open_pipeline", index.amount(open_amount), ""),
        headline("weighted_pipeline", index.amount(weighted), ""),
        headline(
            "amount_at_risk",
            index.amount(at_risk),
            if at_risk > 0.0 { "bad" } else { "" },
        ),
    ];
    let segments = crate::analytics::SEGMENTS
        .iter()
        .filter_map(|(key, _)| {
            let members: Vec<usize> = clients
                .iter()
                .copied()
                .filter(|&row| report.clients[row].rfm.segment == *key)
                .collect();
            (!members.is_empty()).then(|| SegmentClients {
                key,
                title: label(t, &format!("segment:{key}")).to_owned(),
                total: members.len(),
                clients: members
                    .into_iter()
                    .take(CLIENTS_PER_VALUE)
                    .map(|row| client_ref(index, page, row))
                    .collect(),
            })
        })
        .collect();
    let model = index.input.model;
    let owns = |of: Option<ChangeOf>| match of {
        Some(ChangeOf::Client(row)) => theirs.contains(&row),
        Some(ChangeOf::Deal(i)) => deal_owner(index, &model.opportunities[i]) == owner.trim(),
        None => false,
    };
    let week = (report.history.status == "read" || report.history.status == "partial")
        .then(|| {
            periods(index, page, &owns)
                .into_iter()
                .find(|p| p.key == "week")
        })
        .flatten();
    let next_steps: Vec<&&DealRow> = deals.iter().filter(|d| needs_next_step(d)).collect();
    let closing: Vec<&&DealRow> = deals
        .iter()
        .filter(|d| closes_this_month(d, as_of))
        .collect();
    let todos = |rows: &[&&DealRow]| -> Vec<DealTodo> {
        rows.iter()
            .take(SHOWN)
            .map(|d| deal_todo(index, page, d))
            .collect()
    };
    let view = OwnerPage {
        name: owner.to_owned(),
        headlines,
        overdue: follow_up_rows(index, page, &overdue[..overdue.len().min(SHOWN)]),
        overdue_total: overdue.len(),
        next_steps: todos(&next_steps),
        next_steps_total: next_steps.len(),
        rotting: stale_rows(index, page, &rotting[..rotting.len().min(SHOWN)]),
        rotting_total: rotting.len(),
        closing: todos(&closing),
        closing_total: closing.len(),
        segments,
        week,
    };
    let layout = layout(index, page, owner.to_owned(), "");
    render(templates, "owner.html", &layout, &view)
}
