//! What only the book's past answers, for a Monday pipeline review: how
//! well each month's forecast came true, and how often a deal in each
//! stage was won, learned from the deals' own history rather than the
//! configured probabilities. Worked out from the deals' recorded states
//! (`history::Timeline`), never by reading past books again. Definitions
//! in docs/analytics.md.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use super::Money;
use super::history::{DealHistory, Line};
use crate::config::{Config, Outcome};
use crate::model::Model;
use crate::model::deals::DealState;

/// How many calendar months before the as-of date's month are measured.
pub const ACCURACY_MONTHS: u32 = 6;

/// One month's forecast, as the book stood at the end of the month
/// before, against what was won in the month.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AccuracyMonth {
    /// `2025-10`.
    pub month: String,
    /// Open deals expected to close in the month.
    pub forecast_count: usize,
    pub forecast_amount: Money,
    /// Each amount times its probability.
    pub forecast_weighted: Money,
    /// Deals first seen won in the month, with their amounts as won.
    pub won_count: usize,
    pub won_amount: Money,
    /// The won deals that were in the month's forecast.
    pub won_from_forecast_count: usize,
    pub won_from_forecast_amount: Money,
    /// `won_amount / forecast_weighted`, unrounded; `None` when nothing
    /// weighted was forecast.
    pub accuracy: Option<f64>,
}

/// How deals that were in a stage ended, by the book's own past.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageConversion {
    pub stage: String,
    /// Distinct deals the history shows in the stage at some commit.
    pub deals: usize,
    /// Of those, how many are won, lost or open in the book now (a deal
    /// the book no longer has is in none of the three).
    pub won: usize,
    pub lost: usize,
    pub open: usize,
    /// `won / (won + lost)`; `None` with no decided deal.
    pub win_rate: Option<f64>,
    /// The median of the days of the stays in the stage that ended.
    pub median_days: Option<f64>,
    pub configured_probability: u8,
}

/// The past's figures in the report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PastFigures {
    /// The six calendar months before the as-of date's month, oldest first.
    pub forecast_accuracy: Vec<AccuracyMonth>,
    /// The same months per owner (deals with no owner are in the totals
    /// only).
    pub forecast_accuracy_by_owner: BTreeMap<String, Vec<AccuracyMonth>>,
    /// Every configured stage, in the configured order.
    pub stage_conversion: Vec<StageConversion>,
}

impl PastFigures {
    pub(super) fn new(
        (forecast_accuracy, forecast_accuracy_by_owner): Accuracy,
        stage_conversion: Vec<StageConversion>,
    ) -> PastFigures {
        PastFigures {
            forecast_accuracy,
            forecast_accuracy_by_owner,
            stage_conversion,
        }
    }
}

/// The months' forecast accuracy, in total and per owner.
pub(super) type Accuracy = (Vec<AccuracyMonth>, BTreeMap<String, Vec<AccuracyMonth>>);

/// The owner a past state names, else the owner its client has now (a
/// deal note that names none takes its client's; only a published
/// client's owner is read).
fn owners_of_clients(model: &Model) -> HashMap<&str, &str> {
    model
        .published_clients()
        .filter_map(|(_, c)| {
            Some((
                c.code.as_ref()?.value.as_str(),
                c.owner.as_ref()?.value.trim(),
            ))
        })
        .collect()
}

pub(super) fn accuracy(model: &Model, lines: &[Line]) -> Accuracy {
    let config = &model.config;
    let as_of = model.as_of;
    let this_month = NaiveDate::from_ymd_opt(as_of.year(), as_of.month(), 1).unwrap_or(as_of);
    // Oldest first: the first day of each month measured.
    let months: Vec<NaiveDate> = (1..=ACCURACY_MONTHS)
        .rev()
        .filter_map(|k| this_month.checked_sub_months(Months::new(k)))
        .collect();
    let blank = |first: &NaiveDate| AccuracyMonth {
        month: first.format("%Y-%m").to_string(),
        ..AccuracyMonth::default()
    };
    let mut total: Vec<AccuracyMonth> = months.iter().map(blank).collect();
    let mut by_owner: BTreeMap<String, Vec<AccuracyMonth>> = BTreeMap::new();
    let client_owner = owners_of_clients(model);
    let owner_of = |state: &DealState| -> Option<String> {
        state
            .owner
            .as_deref()
            .map(str::trim)
            .or_else(|| client_owner.get(state.client.as_str()).copied())
            .filter(|o| !o.is_empty())
            .map(str::to_owned)
    };
    // The months' first days and eves, worked out once.
    let bounds: Vec<(NaiveDate, NaiveDate, NaiveDate)> = months
        .iter()
        .filter_map(|first| {
            let next = first.checked_add_months(Months::new(1))?;
            Some((*first, next, *first - chrono::Days::new(1)))
        })
        .collect();
    for line in lines.iter().map(|l| &l.states) {
        // Each state's outcome once (a stage is looked up by its key).
        let outcomes: Vec<Option<Outcome>> = line
            .iter()
            .map(|(_, s, _)| s.and_then(|s| s.outcome(config)))
            .collect();
        // The day the deal is first seen won, and its state then.
        let won = line
            .iter()
            .zip(&outcomes)
            .find(|(_, o)| **o == Some(Outcome::Won))
            .and_then(|((day, s, _), _)| Some((*day, (*s)?)));
        // The state on each month's eve, walking the line once.
        let mut k = 0;
        for (m, (first, next, eve)) in bounds.iter().enumerate() {
            while k < line.len() && line[k].0 <= *eve {
                k += 1;
            }
            let then = k
                .checked_sub(1)
                .and_then(|i| Some((line[i].1?, outcomes[i])));
            let forecast = then.and_then(|(s, outcome)| {
                (outcome == Some(Outcome::Open)
                    && s.expected_close.is_some_and(|d| d >= *first && d < *next))
                .then_some(s)
            });
            let won_state = won
                .filter(|(day, _)| *day >= *first && *day < *next)
                .map(|(_, s)| s);
            if forecast.is_none() && won_state.is_none() {
                continue;
            }
            let from_forecast = forecast.is_some() && won_state.is_some();
            add(config, &mut total[m], forecast, won_state, from_forecast);
            // Each owner's rows: the forecast under its owner then, the
            // win under its owner at the win.
            let mut add_to = |owner: Option<String>, f, w, both| {
                if let Some(owner) = owner {
                    let list = by_owner
                        .entry(owner)
                        .or_insert_with(|| months.iter().map(blank).collect());
                    add(config, &mut list[m], f, w, both);
                }
            };
            let forecast_owner = forecast.and_then(owner_of);
            let won_owner = won_state.and_then(owner_of);
            if forecast_owner == won_owner {
                add_to(forecast_owner, forecast, won_state, from_forecast);
            } else {
                add_to(forecast_owner, forecast, None, false);
                add_to(won_owner, None, won_state, from_forecast);
            }
        }
    }
    let finish = |rows: &mut Vec<AccuracyMonth>| {
        for r in rows {
            r.accuracy =
                (r.forecast_weighted.0 != 0.0).then(|| r.won_amount.0 / r.forecast_weighted.0);
        }
    };
    finish(&mut total);
    for rows in by_owner.values_mut() {
        finish(rows);
    }
    (total, by_owner)
}

/// Adds a deal to a month: to the forecast as it stood (`forecast`), to
/// the wins as won (`won`), and to the wins from the forecast.
fn add(
    config: &Config,
    row: &mut AccuracyMonth,
    forecast: Option<&DealState>,
    won: Option<&DealState>,
    from_forecast: bool,
) {
    if let Some(s) = forecast {
        let amount = s.amount.unwrap_or(0.0);
        row.forecast_count += 1;
        row.forecast_amount.0 += amount;
        row.forecast_weighted.0 += amount * s.probability(config).unwrap_or(0.0) / 100.0;
    }
    if let Some(s) = won {
        let amount = s.amount.unwrap_or(0.0);
        row.won_count += 1;
        row.won_amount.0 += amount;
        if from_forecast {
            row.won_from_forecast_count += 1;
            row.won_from_forecast_amount.0 += amount;
        }
    }
}

pub(super) fn conversion(
    config: &Config,
    lines: &[Line],
    deals: &[DealHistory],
) -> Vec<StageConversion> {
    let mut stays: HashMap<&str, Vec<i64>> = HashMap::new();
    for span in deals.iter().flat_map(|d| &d.stages) {
        if let Some(left) = span.left {
            stays
                .entry(span.stage.as_str())
                .or_default()
                .push((left - span.entered).num_days());
        }
    }
    // Per stage (by its place in the config): deals that were in it, and
    // of those won, lost and open now. Each deal is read once.
    let place: HashMap<&str, usize> = config
        .stages
        .iter()
        .enumerate()
        .map(|(k, s)| (s.key.as_str(), k))
        .collect();
    let mut counts = vec![[0usize; 4]; config.stages.len()];
    let mut was_in = vec![false; config.stages.len()];
    for line in lines {
        was_in.iter_mut().for_each(|w| *w = false);
        for (_, s, _) in &line.states[..line.committed.min(line.states.len())] {
            if let Some(&k) = s.and_then(|s| place.get(s.stage.as_str())) {
                was_in[k] = true;
            }
        }
        let now_outcome = line.now.and_then(|s| s.outcome(config));
        for (k, _) in was_in.iter().enumerate().filter(|(_, w)| **w) {
            counts[k][0] += 1;
            match now_outcome {
                Some(Outcome::Won) => counts[k][1] += 1,
                Some(Outcome::Lost) => counts[k][2] += 1,
                Some(Outcome::Open) => counts[k][3] += 1,
                None => {}
            }
        }
    }
    config
        .stages
        .iter()
        .zip(counts)
        .map(|(stage, [in_stage, won, lost, open])| StageConversion {
            stage: stage.key.clone(),
            deals: in_stage,
            won,
            lost,
            open,
            win_rate: (won + lost > 0).then(|| won as f64 / (won + lost) as f64),
            median_days: stays.get_mut(stage.key.as_str()).map(|days| median(days)),
            configured_probability: stage.probability,
        })
        .collect()
}

/// The median of `days` (not empty), the mean of the middle two for an
/// even count.
fn median(days: &mut [i64]) -> f64 {
    days.sort_unstable();
    let n = days.len();
    if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
    }
}
