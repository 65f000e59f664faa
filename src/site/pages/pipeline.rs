//! The pipeline page: the funnel, deal cards in a column per stage, the
//! forecast by expected-close month, stale deals and figures per owner.
//! The funnel chart and the stale-deal rows are shared with the dashboard.

use std::collections::HashSet;

use super::{CARDS, SHOWN, client_ref_of, date, layout, money, percent, render, text};
use super::{template, title};
use crate::analytics::StaleDeal;
use crate::model::Opportunity;
use crate::render::catalog::PageId;
use crate::render::charts::{self, Column, Step};
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::site::SiteIndex;
use crate::site::views::{
    DealCard, ForecastRow, FunnelRow, OwnerRow, PipelinePage, StageColumn, StaleRow, TrendRow,
};

fn zh(index: &SiteIndex) -> bool {
    index.input.model.config.language == crate::config::Language::Zh
}

/// The funnel as a chart: bands as wide as the deals that reached each
/// stage; beside each, the deals now in it, their amount and the
/// conversion from the stage before.
pub(super) fn funnel_chart(index: &SiteIndex) -> String {
    let t = &index.words;
    let funnel = &index.input.report.funnel;
    let steps: Vec<Step> = funnel
        .stages
        .iter()
        .map(|s| {
            let mut note = format!(
                "{} · {}",
                crate::render::i18n::counted(t, s.count, "deal_one", "deals"),
                charts::short_money(s.amount.0, zh(index))
            );
            if let Some(c) = s.conversion {
                note.push_str(&format!(
                    " · {} {}",
                    label(t, "conversion"),
                    percent(Some(c))
                ));
            }
            Step {
                label: s.label.clone(),
                value: s.reached as f64,
                text: format!("{} {}", label(t, "reached"), s.reached),
                note,
            }
        })
        .collect();
    charts::funnel(label(t, "funnel"), &steps)
}

/// The open and weighted pipeline at each of the last 26 week ends, read
/// from Git; empty without a history.
pub(super) fn trend_chart(index: &SiteIndex) -> String {
    let t = &index.words;
    let trend = &index.input.report.pipeline_trend;
    if trend.is_empty() {
        return String::new();
    }
    let short = |v: f64| charts::short_money(v, zh(index));
    let points: Vec<charts::Point> = trend
        .iter()
        .map(|p| charts::Point {
            label: p.week_end.format("%m-%d").to_string(),
            values: vec![
                (p.open_amount.0, short(p.open_amount.0)),
                (p.weighted_amount.0, short(p.weighted_amount.0)),
            ],
            note: crate::render::i18n::counted(t, p.open_count, "deal_one", "deals"),
        })
        .collect();
    charts::lines(
        label(t, "pipeline_trend"),
        &[label(t, "open_pipeline"), label(t, "weighted_pipeline")],
        &points,
    )
}

/// Where a deal is shown: its own note's page, or (for a deal written in
/// its client's note) its page under `deals/`.
pub(super) fn deal_href(index: &SiteIndex, page: &str, o: &Opportunity) -> Option<String> {
    index.deal_url(page, o)
}

/// Whose book deal `o` is in: its own owner, else its client's.
pub(super) fn deal_owner(index: &SiteIndex, o: &Opportunity) -> String {
    let model = index.input.model;
    o.owner
        .as_ref()
        .or_else(|| {
            model
                .client_of_opportunity(o)
                .and_then(|c| model.clients[c].owner.as_ref())
        })
        .map(|f| f.value.trim().to_owned())
        .unwrap_or_default()
}

/// A deal's name, else its code: a link always has words.
pub(super) fn deal_name(o: &Opportunity) -> String {
    o.name
        .as_ref()
        .or(o.code.as_ref())
        .map(|f| f.value.to_string())
        .unwrap_or_default()
}

/// A deal's client, named and linked, when it is in the book.
pub(super) fn deal_client(
    index: &SiteIndex,
    page: &str,
    o: &Opportunity,
) -> Option<crate::site::views::ClientRef> {
    let client = index.input.model.client_of_opportunity(o)?;
    client_ref_of(index, page, client)
}

pub(super) fn stale_rows(index: &SiteIndex, page: &str, stale: &[StaleDeal]) -> Vec<StaleRow> {
    let model = &index.input.model;
    let t = &index.words;
    stale
        .iter()
        .map(|s| {
            let o = &model.opportunities[s.opportunity];
            StaleRow {
                code: s.code.as_deref().unwrap_or_default().to_owned(),
                name: deal_name(o),
                href: deal_href(index, page, o),
                client: deal_client(index, page, o),
                stage: s
                    .stage
                    .as_deref()
                    .map(|k| label(t, &format!("stage:{k}")).to_owned())
                    .unwrap_or_default(),
                stage_key: s.stage.as_deref().unwrap_or_default().to_owned(),
                owner: deal_owner(index, o),
                amount: s.amount.map(|m| index.amount(m.0)).unwrap_or_default(),
                last_follow_up: s.last_follow_up.as_deref().unwrap_or_default().to_owned(),
                days: s
                    .idle_days
                    .map_or_else(|| label(t, "never").to_owned(), |d| d.to_string()),
                limit: s.rot_days.map(|d| d.to_string()).unwrap_or_default(),
            }
        })
        .collect()
}

pub fn pipeline(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "pipeline.html";
    let model = &index.input.model;
    let config = &model.config;
    let report = &index.input.report;
    let funnel = &report.funnel;
    let t = &index.words;
    let stale: HashSet<usize> = report
        .stale_opportunities
        .iter()
        .map(|s| s.opportunity)
        .collect();
    let card = |i: usize| {
        let o = &model.opportunities[i];
        let amount = o.amount.as_ref().map_or(0.0, |a| a.value);
        let probability = o.probability(config);
        let open = o.outcome(config) == Some(crate::config::Outcome::Open);
        DealCard {
            code: text(&o.code),
            name: deal_name(o),
            href: deal_href(index, page, o),
            client: deal_client(index, page, o),
            amount: money(index, &o.amount),
            weighted_amount: probability
                .filter(|_| open)
                .map(|p| index.amount(amount * p / 100.0))
                .unwrap_or_default(),
            probability: probability.map(|p| format!("{p}%")).unwrap_or_default(),
            expected_close: date(&o.expected_close),
            owner: text(&o.owner),
            owner_key: deal_owner(index, o),
            close_overdue: open
                && o.expected_close
                    .as_ref()
                    .is_some_and(|d| d.value < model.as_of),
            stale: stale.contains(&i),
        }
    };
    // A column for every configured stage, the lost one included.
    let columns = config
        .stages
        .iter()
        .map(|stage| {
            let figures = funnel.stages.iter().find(|s| s.key == stage.key);
            let deals: Vec<usize> = match figures {
                Some(s) => s.opportunities.clone(),
                None => funnel
                    .lost
                    .iter()
                    .copied()
                    .filter(|&i| {
                        model.opportunities[i]
                            .stage
                            .as_ref()
                            .is_some_and(|s| s.value == stage.key)
                    })
                    .collect(),
            };
            let amount_of = |i: usize| {
                model.opportunities[i]
                    .amount
                    .as_ref()
                    .map_or(0.0, |a| a.value)
            };
            let amount: f64 = deals.iter().map(|&i| amount_of(i)).sum();
            // The largest deals get the cards; ties keep code order.
            let mut shown = deals.clone();
            shown.sort_by(|&a, &b| amount_of(b).total_cmp(&amount_of(a)));
            shown.truncate(CARDS);
            StageColumn {
                key: stage.key.clone(),
                label: stage.label.clone(),
                count: deals.len(),
                more: deals.len() - shown.len(),
                amount: index.amount(amount),
                weighted_amount: figures
                    .map(|s| index.amount(s.weighted_amount.0))
                    .unwrap_or_default(),
                cards: shown.into_iter().map(card).collect(),
            }
        })
        .collect();
    let legend = [label(t, "amount"), label(t, "weighted_amount")];
    let groups: Vec<Column> = report
        .forecast
        .iter()
        .map(|m| Column {
            label: m.month.clone(),
            values: vec![
                (m.amount.0, charts::short_money(m.amount.0, zh(index))),
                (
                    m.weighted_amount.0,
                    charts::short_money(m.weighted_amount.0, zh(index)),
                ),
            ],
        })
        .collect();
    let forecast_chart = if groups.is_empty() {
        String::new()
    } else {
        charts::columns(label(t, "forecast"), &legend, &groups)
    };
    let dated: usize = report.forecast.iter().map(|m| m.count).sum();
    let view = PipelinePage {
        funnel_chart: funnel_chart(index),
        funnel: funnel
            .stages
            .iter()
            .map(|s| FunnelRow {
                key: s.key.clone(),
                label: s.label.clone(),
                count: s.count,
                amount: index.amount(s.amount.0),
                weighted_amount: index.amount(s.weighted_amount.0),
                reached: s.reached,
                conversion: percent(s.conversion),
            })
            .collect(),
        open_count: funnel.open_count,
        open_amount: index.amount(funnel.open_amount.0),
        weighted_amount: index.amount(funnel.weighted_amount.0),
        won_count: funnel.won_count,
        won_amount: index.amount(funnel.won_amount.0),
        lost_count: funnel.lost_count,
        win_rate: percent(funnel.win_rate),
        columns,
        forecast_chart,
        forecast: report
            .forecast
            .iter()
            .map(|m| ForecastRow {
                month: m.month.clone(),
                count: m.count,
                amount: index.amount(m.amount.0),
                weighted_amount: index.amount(m.weighted_amount.0),
            })
            .collect(),
        undated: funnel.open_count - dated,
        trend_chart: trend_chart(index),
        trend: report
            .pipeline_trend
            .iter()
            .rev()
            .map(|p| TrendRow {
                week_end: p.week_end.to_string(),
                open_count: p.open_count,
                open_amount: index.amount(p.open_amount.0),
                weighted_amount: index.amount(p.weighted_amount.0),
            })
            .collect(),
        stale: stale_rows(
            index,
            page,
            &report.stale_opportunities[..report.stale_opportunities.len().min(SHOWN)],
        ),
        stale_total: report.stale_opportunities.len(),
        past: super::past::section(index, page),
        owners: funnel
            .by_owner
            .iter()
            .map(|o| OwnerRow {
                href: o.owner.as_deref().and_then(|w| index.owner_url(page, w)),
                owner: o
                    .owner
                    .clone()
                    .unwrap_or_else(|| label(t, "not_set").to_owned()),
                open_count: o.open_count,
                open_amount: index.amount(o.open_amount.0),
                weighted_amount: index.amount(o.weighted_amount.0),
                won_count: o.won_count,
                won_amount: index.amount(o.won_amount.0),
                lost_count: o.lost_count,
            })
            .collect(),
        amount_at_risk: index.amount(report.amount_at_risk.0),
        rotting_count: report.stale_opportunities.len(),
    };
    let layout = layout(index, page, title(index, PageId::Pipeline), page);
    render(templates, template(PageId::Pipeline), &layout, &view)
}
