//! The pipeline page's part that only the book's past fills: deals whose
//! close date keeps slipping, each month's forecast against what was won,
//! and how often deals in each stage were won beside the configured
//! probabilities. Empty without a history.

use serde::Serialize;

use super::percent;
use crate::render::charts::{self, Column};
use crate::render::i18n::label;
use crate::site::SiteIndex;
use crate::site::views::{DealTodo, Svg};

/// A configured probability and the learned win rate differ enough to say
/// so when they are this many points apart on at least
/// [`DECIDED_ENOUGH`] decided deals.
const POINTS_APART: f64 = 20.0;
const DECIDED_ENOUGH: usize = 10;

#[derive(Serialize, Default)]
pub struct PastSection {
    /// Whether the history was read: without it the section says why not.
    pub read: bool,
    pub slipping: Vec<DealTodo>,
    pub slipping_after: usize,
    pub accuracy_chart: Svg,
    pub accuracy: Vec<AccuracyRow>,
    pub conversion: Vec<ConversionRow>,
}

#[derive(Serialize)]
pub struct AccuracyRow {
    pub month: String,
    pub forecast_count: usize,
    pub forecast_weighted: String,
    pub won_count: usize,
    pub won_amount: String,
    pub won_from_forecast: String,
    pub accuracy: String,
}

#[derive(Serialize)]
pub struct ConversionRow {
    pub key: String,
    pub label: String,
    pub deals: usize,
    pub won: usize,
    pub lost: usize,
    pub open: usize,
    pub win_rate: String,
    pub configured: String,
    pub median_days: String,
    /// The learned rate is far from the configured probability, on
    /// enough decided deals to say so.
    pub differs: bool,
}

/// The open deals whose close date moved later `[history] slipping_after`
/// times or more, most slips first.
pub(super) fn slipping<'r>(index: &'r SiteIndex) -> Vec<&'r crate::analytics::deals::DealRow> {
    let report = &index.input.report;
    let after = index.input.model.config.history.slipping_after.max(1) as usize;
    let mut out: Vec<&crate::analytics::deals::DealRow> = report
        .opportunities
        .iter()
        .filter(|d| d.outcome == "open" && d.slips >= after)
        .collect();
    out.sort_by_key(|d| std::cmp::Reverse(d.slips));
    out
}

pub(super) fn section(index: &SiteIndex, page: &str) -> PastSection {
    let report = &index.input.report;
    let t = &index.words;
    let config = &index.input.model.config;
    if report.history.status != "read" && report.history.status != "partial" {
        return PastSection::default();
    }
    let past = &report.past;
    let legend = [label(t, "forecast_weighted"), label(t, "won_amount")];
    let short = |v: f64| charts::short_money(v, config.language == crate::config::Language::Zh);
    let groups: Vec<Column> = past
        .forecast_accuracy
        .iter()
        .map(|m| Column {
            label: m.month.clone(),
            values: vec![
                (m.forecast_weighted.0, short(m.forecast_weighted.0)),
                (m.won_amount.0, short(m.won_amount.0)),
            ],
        })
        .collect();
    let anything = past
        .forecast_accuracy
        .iter()
        .any(|m| m.forecast_count > 0 || m.won_count > 0);
    PastSection {
        read: true,
        slipping: slipping(index)
            .into_iter()
            .map(|d| super::owner::deal_todo(index, page, d))
            .collect(),
        slipping_after: config.history.slipping_after.max(1) as usize,
        accuracy_chart: if anything {
            charts::columns(label(t, "forecast_accuracy"), &legend, &groups)
        } else {
            String::new()
        },
        accuracy: past
            .forecast_accuracy
            .iter()
            .map(|m| AccuracyRow {
                month: m.month.clone(),
                forecast_count: m.forecast_count,
                forecast_weighted: index.amount(m.forecast_weighted.0),
                won_count: m.won_count,
                won_amount: index.amount(m.won_amount.0),
                won_from_forecast: format!(
                    "{} · {}",
                    m.won_from_forecast_count,
                    index.amount(m.won_from_forecast_amount.0)
                ),
                accuracy: percent(m.accuracy),
            })
            .collect(),
        conversion: past
            .stage_conversion
            .iter()
            .map(|s| {
                let configured = f64::from(s.configured_probability);
                let decided = s.won + s.lost;
                ConversionRow {
                    key: s.stage.clone(),
                    label: label(t, &format!("stage:{}", s.stage)).to_owned(),
                    deals: s.deals,
                    won: s.won,
                    lost: s.lost,
                    open: s.open,
                    win_rate: percent(s.win_rate),
                    configured: format!("{}%", s.configured_probability),
                    median_days: s
                        .median_days
                        .map(|d| {
                            crate::render::decimals::decimals(d, 1)
                                .trim_end_matches(".0")
                                .to_owned()
                        })
                        .unwrap_or_else(|| "—".to_owned()),
                    differs: decided >= DECIDED_ENOUGH
                        && s.win_rate
                            .is_some_and(|r| (r * 100.0 - configured).abs() > POINTS_APART),
                }
            })
            .collect(),
    }
}
