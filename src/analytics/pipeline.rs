//! The pipeline: the funnel by stage, the forecast by expected-close month,
//! the figures per owner, and the warnings of open deals (a close date
//! passed, no next step or one overdue).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{Money, share};
use crate::config::Outcome;
use crate::diagnostics::{Diagnostic, Message};
use crate::model::fields::Str;
use crate::model::{Model, Opportunity};

#[derive(Debug, Clone, Serialize)]
pub struct StageFigures {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub amount: Money,
    pub weighted_amount: Money,
    pub reached: usize,
    pub conversion: Option<f64>,
    /// Indexes into `model.opportunities` now in this stage, by code.
    #[serde(skip)]
    pub opportunities: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OwnerFigures {
    pub owner: Option<String>,
    pub open_count: usize,
    pub open_amount: Money,
    pub weighted_amount: Money,
    pub won_count: usize,
    pub won_amount: Money,
    pub lost_count: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct Funnel {
    pub stages: Vec<StageFigures>,
    pub open_count: usize,
    pub open_amount: Money,
    pub weighted_amount: Money,
    pub won_count: usize,
    pub won_amount: Money,
    pub lost_count: usize,
    pub win_rate: Option<f64>,
    /// Lost deals, by code.
    #[serde(skip)]
    pub lost: Vec<usize>,
    pub by_owner: Vec<OwnerFigures>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastMonth {
    pub month: String,
    pub count: usize,
    pub amount: Money,
    pub weighted_amount: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaleDeal {
    pub code: Option<Str>,
    /// The client's code; for a client without one, the name the deal
    /// gives it (a wikilink without its brackets).
    pub client: Option<Str>,
    /// The client's note: what names a client without a code.
    pub client_file: Option<String>,
    pub name: Option<Str>,
    pub stage: Option<Str>,
    pub owner: Option<Str>,
    pub amount: Option<Money>,
    pub last_follow_up: Option<String>,
    /// Null when the deal was never followed up.
    pub days_since_follow_up: Option<i64>,
    /// Days in its stage, from the history.
    pub days_in_stage: Option<i64>,
    /// The limit it passed: its stage's `rot_days`, else
    /// `stale_after_days`.
    pub rot_days: Option<u32>,
    /// What its days are counted from: `stage_entered` or
    /// `last_follow_up`; null when neither is known.
    pub idle_since: Option<&'static str>,
    pub idle_days: Option<i64>,
    #[serde(skip)]
    pub opportunity: usize,
}

pub struct Pipeline {
    pub funnel: Funnel,
    pub forecast: Vec<ForecastMonth>,
}

fn amount(o: &Opportunity) -> f64 {
    o.amount.as_ref().map_or(0.0, |a| a.value)
}

/// `opportunities` are indexes into `model.opportunities`: the deals in the
/// book.
pub(super) fn compute(
    model: &Model,
    opportunities: &[usize],
    warnings: &mut Vec<Diagnostic>,
) -> Pipeline {
    let config = &model.config;
    let mut ordered = opportunities.to_vec();
    let code = |i: usize| {
        model.opportunities[i]
            .code
            .as_ref()
            .map(|c| c.value.as_str())
    };
    ordered.sort_by(|&a, &b| (code(a).is_none(), code(a)).cmp(&(code(b).is_none(), code(b))));

    // The funnel runs over the stages that are not lost, in config order.
    let funnel_stages: Vec<&crate::config::Stage> = config
        .stages
        .iter()
        .filter(|s| s.outcome != Outcome::Lost)
        .collect();
    let position = |key: &str| funnel_stages.iter().position(|s| s.key == key);
    let mut stages: Vec<StageFigures> = funnel_stages
        .iter()
        .map(|s| StageFigures {
            key: s.key.clone(),
            label: s.label.clone(),
            count: 0,
            amount: Money(0.0),
            weighted_amount: Money(0.0),
            reached: 0,
            conversion: None,
            opportunities: Vec::new(),
        })
        .collect();
    let mut furthest_counts = vec![0usize; stages.len()];
    let mut funnel = Funnel {
        stages: Vec::new(),
        open_count: 0,
        open_amount: Money(0.0),
        weighted_amount: Money(0.0),
        won_count: 0,
        won_amount: Money(0.0),
        lost_count: 0,
        win_rate: None,
        lost: Vec::new(),
        by_owner: Vec::new(),
    };
    let mut owners: HashMap<Option<&str>, OwnerFigures> = HashMap::new();
    let mut forecast: BTreeMap<(i32, u32), ForecastMonth> = BTreeMap::new();
    for &i in &ordered {
        let o = &model.opportunities[i];
        let (Some(stage), Some(outcome)) = (&o.stage, o.outcome(config)) else {
            continue;
        };
        let owner_key = o.owner.as_ref().map(|f| f.value.as_str()).or_else(|| {
            model
                .client_of_opportunity(o)
                .and_then(|c| model.clients[c].owner.as_ref())
                .map(|f| f.value.as_str())
        });
        let owner = owners.entry(owner_key).or_insert_with(|| OwnerFigures {
            owner: owner_key.map(str::to_owned),
            open_count: 0,
            open_amount: Money(0.0),
            weighted_amount: Money(0.0),
            won_count: 0,
            won_amount: Money(0.0),
            lost_count: 0,
        });
        let amount = amount(o);
        let weighted = amount * o.probability(config).unwrap_or(0.0) / 100.0;
        let furthest = match outcome {
            Outcome::Lost => {
                funnel.lost_count += 1;
                owner.lost_count += 1;
                funnel.lost.push(i);
                // The furthest stage of a lost deal is `lost_at` when that
                // is an open stage, else the first stage.
                o.lost_at
                    .as_ref()
                    .filter(|l| {
                        config
                            .stage(&l.value)
                            .is_some_and(|s| s.outcome == Outcome::Open)
                    })
                    .and_then(|l| position(&l.value))
                    .unwrap_or(0)
            }
            Outcome::Open | Outcome::Won => {
                let Some(k) = position(&stage.value) else {
                    continue;
                };
                let s = &mut stages[k];
                s.count += 1;
                s.amount.0 += amount;
                s.weighted_amount.0 += weighted;
                s.opportunities.push(i);
                if outcome == Outcome::Won {
                    funnel.won_count += 1;
                    funnel.won_amount.0 += amount;
                    owner.won_count += 1;
                    owner.won_amount.0 += amount;
                } else {
                    funnel.open_count += 1;
                    funnel.open_amount.0 += amount;
                    funnel.weighted_amount.0 += weighted;
                    owner.open_count += 1;
                    owner.open_amount.0 += amount;
                    owner.weighted_amount.0 += weighted;
                    open_deal(model, o, amount, weighted, &mut forecast, warnings);
                }
                k
            }
        };
        furthest_counts[furthest] += 1;
    }
    // reached_k: deals whose furthest stage is k or later.
    let mut reached = 0;
    for k in (0..stages.len()).rev() {
        reached += furthest_counts[k];
        stages[k].reached = reached;
    }
    for k in 1..stages.len() {
        stages[k].conversion = share(stages[k].reached, stages[k - 1].reached);
    }
    funnel.stages = stages;
    funnel.win_rate = share(funnel.won_count, funnel.won_count + funnel.lost_count);
    let mut by_owner: Vec<OwnerFigures> = owners.into_values().collect();
    by_owner.sort_by(|a, b| {
        b.weighted_amount
            .0
            .total_cmp(&a.weighted_amount.0)
            .then_with(|| (a.owner.is_none(), &a.owner).cmp(&(b.owner.is_none(), &b.owner)))
    });
    funnel.by_owner = by_owner;
    Pipeline {
        funnel,
        forecast: every_month(forecast),
    }
}

/// The longest forecast, in months, whose empty months are listed too; a
/// longer one (a close date typed decades off) lists its months with deals
/// only.
const FILLED_MONTHS: i64 = 600;

/// The forecast with every month from the first to the last, the months
/// without a deal at zero.
fn every_month(forecast: BTreeMap<(i32, u32), ForecastMonth>) -> Vec<ForecastMonth> {
    let (Some(&first), Some(&last)) = (forecast.keys().next(), forecast.keys().next_back()) else {
        return Vec::new();
    };
    let index = |(y, m): (i32, u32)| i64::from(y) * 12 + i64::from(m) - 1;
    if index(last) - index(first) >= FILLED_MONTHS {
        return forecast.into_values().collect();
    }
    let mut filled = forecast;
    for n in index(first)..=index(last) {
        let key = (n.div_euclid(12) as i32, n.rem_euclid(12) as u32 + 1);
        filled.entry(key).or_insert_with(|| ForecastMonth {
            month: format!("{:04}-{:02}", key.0, key.1),
            count: 0,
            amount: Money(0.0),
            weighted_amount: Money(0.0),
        });
    }
    filled.into_values().collect()
}

/// What an open deal adds to the forecast, and its warnings: a close date
/// already past, no next step, a next step past its date.
fn open_deal(
    model: &Model,
    o: &Opportunity,
    amount: f64,
    weighted: f64,
    forecast: &mut BTreeMap<(i32, u32), ForecastMonth>,
    warnings: &mut Vec<Diagnostic>,
) {
    let as_of = model.as_of;
    let file = &model.vault.notes[o.note].path;
    let deal = || {
        o.code
            .as_ref()
            .or(o.name.as_ref())
            .map_or("", |c| c.value.as_str())
            .to_owned()
    };
    if let Some(close) = &o.expected_close {
        use chrono::Datelike;
        let key = (close.value.year(), close.value.month());
        let row = forecast.entry(key).or_insert_with(|| ForecastMonth {
            month: format!("{:04}-{:02}", key.0, key.1),
            count: 0,
            amount: Money(0.0),
            weighted_amount: Money(0.0),
        });
        row.count += 1;
        row.amount.0 += amount;
        row.weighted_amount.0 += weighted;
        if close.value < as_of {
            let days = (as_of - close.value).num_days();
            warnings.push(Diagnostic::new(
                file,
                close.pos,
                Message::CloseOverdue {
                    deal: deal(),
                    close: close.value.to_string(),
                    days,
                },
            ));
        }
    }
    if o.next_step.is_none() && o.next_step_date.is_none() {
        warnings.push(Diagnostic::new(
            file,
            o.at,
            Message::NextStepMissing { deal: deal() },
        ));
    }
    let client = model.client_of_opportunity(o);
    if let Some(date) = &o.next_step_date
        && let Some(days) = super::deals::next_step_overdue(model, client, Some(date))
    {
        warnings.push(Diagnostic::new(
            file,
            date.pos,
            Message::NextStepOverdue {
                record: crate::diagnostics::message::Record::Opportunity,
                name: deal(),
                step: o
                    .next_step
                    .as_ref()
                    .map_or_else(String::new, |s| s.value.to_string()),
                date: date.value.to_string(),
                days,
            },
        ));
    }
}

#[cfg(test)]
mod forecast_tests {
    use super::*;

    fn month(y: i32, m: u32, count: usize) -> ((i32, u32), ForecastMonth) {
        let row = ForecastMonth {
            month: format!("{y:04}-{m:02}"),
            count,
            amount: Money(count as f64),
            weighted_amount: Money(0.0),
        };
        ((y, m), row)
    }

    #[test]
    fn the_forecast_lists_every_month_in_range() {
        let rows = every_month(
            [month(2025, 11, 1), month(2026, 2, 2)]
                .into_iter()
                .collect(),
        );
        let months: Vec<&str> = rows.iter().map(|r| r.month.as_str()).collect();
        assert_eq!(months, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(rows[1].count, 0);
        // A date decades off lists the months with deals only.
        let far = every_month([month(2025, 1, 1), month(2099, 1, 1)].into_iter().collect());
        assert_eq!(far.len(), 2);
        assert!(every_month(BTreeMap::new()).is_empty());
    }
}
