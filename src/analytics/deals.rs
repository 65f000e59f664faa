//! Every deal of the book as a sales lead reads it: where it stands, what
//! comes next and by when, and whether it rots in its stage. The stale
//! list and the amount at risk are the rotting open deals. They are worked
//! out once the history's figures are in: a deal rots by the days since it
//! entered its stage, which only the history knows.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::Money;
use super::history::DealHistory;
use super::pipeline::StaleDeal;
use crate::config::Outcome;
use crate::model::fields::{Field, Str};
use crate::model::{Model, Opportunity};

/// One deal of the book (published, its stage one the config knows).
#[derive(Debug, Clone, Serialize)]
pub struct DealRow {
    pub code: Option<Str>,
    pub name: Option<Str>,
    /// The note that writes it.
    pub file: String,
    /// The client's code; for a client without one, the name the deal
    /// gives it.
    pub client: Option<Str>,
    pub client_file: Option<String>,
    pub stage: Str,
    /// `open`, `won` or `lost`.
    pub outcome: &'static str,
    /// Its own owner, else its client's.
    pub owner: Option<Str>,
    pub amount: Option<Money>,
    pub weighted_amount: Money,
    pub expected_close: Option<NaiveDate>,
    pub last_follow_up: Option<NaiveDate>,
    pub next_step: Option<Str>,
    pub next_step_date: Option<NaiveDate>,
    /// Days the next step is past its date, when it is and no interaction
    /// of the client took it (one dated on or after it).
    pub next_step_overdue_days: Option<i64>,
    /// The day it entered the stage it is in, from the history.
    pub stage_entered: Option<NaiveDate>,
    /// Days in its stage (from the history), to the as-of date.
    pub days_in_stage: Option<i64>,
    /// Days since `last_follow_up`.
    pub days_since_follow_up: Option<i64>,
    /// The limit an open deal rots by: its stage's `rot_days`, else
    /// `stale_after_days`.
    pub rot_days: Option<u32>,
    /// What an open deal's days are counted from against `rot_days`:
    /// `stage_entered` or `last_follow_up`; null when there is no such
    /// day (it rots).
    pub idle_since: Option<&'static str>,
    /// The days counted, to the as-of date.
    pub idle_days: Option<i64>,
    /// Open, and longer than `rot_days` in its stage (with `rot_days`:
    /// the days since it entered the stage, else since its last
    /// follow-up; without `rot_days`: since its last follow-up), or no
    /// day to count from.
    pub rotting: bool,
    /// How many times its expected close date moved later (history).
    pub slips: usize,
    #[serde(skip)]
    pub opportunity: usize,
}

/// A published deal in no figure: its stage is missing or not one of the
/// stages (the problem is reported at the deal).
#[derive(Debug, Clone, Serialize)]
pub struct LeftOutDeal {
    pub code: Option<Str>,
    pub name: Option<Str>,
    pub file: String,
}

/// One deal's share of [`rows`].
enum Worked {
    LeftOut(LeftOutDeal),
    Row(Box<DealRow>, Option<Box<(Option<i64>, StaleDeal)>>),
}

/// What [`rows`] works out.
pub struct Rows {
    pub deals: Vec<DealRow>,
    pub stale: Vec<StaleDeal>,
    pub at_risk: Money,
    pub left_out: Vec<LeftOutDeal>,
}

/// The deals of the book in the order of the pipeline (by code, those
/// without one last), the stale list (the rotting open deals), the
/// amount at risk (their amounts) and the deals left out of every figure.
pub fn rows(model: &Model, history: &[DealHistory]) -> Rows {
    let config = &model.config;
    let as_of = model.as_of;
    let by_code: ahash::AHashMap<&str, &DealHistory> =
        history.iter().map(|d| (d.code.as_str(), d)).collect();
    let mut ordered: Vec<(usize, &Opportunity)> = model.published_opportunities().collect();
    fn code(o: &Opportunity) -> (bool, Option<&str>) {
        (o.code.is_none(), o.code.as_ref().map(|c| c.value.as_str()))
    }
    ordered.sort_by(|(_, a), (_, b)| code(a).cmp(&code(b)));
    // Each deal's row on its own (on every core), then summed in order.
    let worked: Vec<Worked> = ordered
        .par_iter()
        .map(|&(index, o)| {
            let (Some(stage), Some(outcome)) = (&o.stage, o.outcome(config)) else {
                return Worked::LeftOut(LeftOutDeal {
                    code: text(&o.code),
                    name: text(&o.name),
                    file: model.vault.notes[o.note].path.clone(),
                });
            };
            let client = model.client_of_opportunity(o);
            let client_record = client.map(|c| &model.clients[c]);
            let owner = o
                .owner
                .as_ref()
                .or_else(|| client_record.and_then(|c| c.owner.as_ref()))
                .map(|f| f.value.clone());
            let past = o.code.as_ref().and_then(|c| by_code.get(c.value.as_str()));
            let stage_entered = past
                .and_then(|d| d.stages.last())
                .filter(|s| s.left.is_none() && s.stage == *stage.value)
                .map(|s| s.entered);
            let days_in_stage = stage_entered.map(|d| (as_of - d).num_days());
            let days_since_follow_up = o
                .last_follow_up
                .as_ref()
                .map(|d| (as_of - d.value).num_days());
            let open = outcome == Outcome::Open;
            let stage_limit = config.stage(&stage.value).and_then(|s| s.rot_days);
            let rot_days = open.then(|| stage_limit.unwrap_or(config.stale_after_days));
            let (idle_since, counted) = match (stage_limit, days_in_stage, days_since_follow_up) {
                (Some(_), Some(d), _) => (Some("stage_entered"), Some(d)),
                (_, _, Some(d)) => (Some("last_follow_up"), Some(d)),
                _ => (None, None),
            };
            let (idle_since, counted) = if open {
                (idle_since, counted)
            } else {
                (None, None)
            };
            let rotting =
                open && rot_days.is_some_and(|limit| counted.is_none_or(|d| d > i64::from(limit)));
            let amount = o.amount.as_ref().map(|a| a.value);
            let probability = o.probability(config).unwrap_or(0.0);
            let client_text = client_record.and_then(|c| text(&c.code)).or_else(|| {
                o.client.as_ref().map(|c| {
                    crate::model::records::wikilink_name(&c.value)
                        .unwrap_or(&c.value)
                        .into()
                })
            });
            let client_file = client_record.map(|c| model.vault.notes[c.note].path.clone());
            let stale = rotting.then(|| {
                let over = counted.map(|d| d - i64::from(rot_days.unwrap_or(0)));
                (
                    over,
                    StaleDeal {
                        code: text(&o.code),
                        client: client_text.clone(),
                        client_file: client_file.clone(),
                        name: text(&o.name),
                        stage: Some(stage.value.clone()),
                        owner: text(&o.owner),
                        amount: amount.map(Money),
                        last_follow_up: o.last_follow_up.as_ref().map(|d| d.value.to_string()),
                        days_since_follow_up,
                        days_in_stage,
                        rot_days,
                        idle_since,
                        idle_days: counted,
                        opportunity: index,
                    },
                )
            });
            let row = DealRow {
                code: text(&o.code),
                name: text(&o.name),
                file: model.vault.notes[o.note].path.clone(),
                client: client_text,
                client_file,
                stage: stage.value.clone(),
                outcome: match outcome {
                    Outcome::Open => "open",
                    Outcome::Won => "won",
                    Outcome::Lost => "lost",
                },
                owner,
                amount: amount.map(Money),
                weighted_amount: Money(amount.unwrap_or(0.0) * probability / 100.0),
                expected_close: o.expected_close.as_ref().map(|d| d.value),
                last_follow_up: o.last_follow_up.as_ref().map(|d| d.value),
                next_step: text(&o.next_step),
                next_step_date: o.next_step_date.as_ref().map(|d| d.value),
                next_step_overdue_days: open
                    .then(|| next_step_overdue(model, client, o.next_step_date.as_ref()))
                    .flatten(),
                stage_entered,
                days_in_stage,
                days_since_follow_up,
                rot_days,
                idle_since,
                idle_days: counted,
                rotting,
                slips: past.map_or(0, |d| d.slips),
                opportunity: index,
            };
            Worked::Row(Box::new(row), stale.map(Box::new))
        })
        .collect();
    let mut rows = Vec::with_capacity(worked.len());
    let mut stale = Vec::new();
    let mut at_risk = Money(0.0);
    let mut left_out = Vec::new();
    for w in worked {
        match w {
            Worked::LeftOut(deal) => left_out.push(deal),
            Worked::Row(row, rotting) => {
                if let Some(s) = rotting {
                    at_risk.0 += row.amount.map_or(0.0, |a| a.0);
                    stale.push(*s);
                }
                rows.push(*row);
            }
        }
    }
    // No day to count from first, then the most days past the limit,
    // then code.
    // The rows are large: their places are sorted, not the rows.
    let mut order: Vec<usize> = (0..stale.len()).collect();
    order.sort_by(|&a, &b| {
        let ((a_over, a), (b_over, b)) = (&stale[a], &stale[b]);
        a_over
            .is_some()
            .cmp(&b_over.is_some())
            .then_with(|| b_over.cmp(a_over))
            .then_with(|| (a.code.is_none(), &a.code).cmp(&(b.code.is_none(), &b.code)))
    });
    let mut stale: Vec<Option<StaleDeal>> = stale.into_iter().map(|(_, s)| Some(s)).collect();
    Rows {
        deals: rows,
        stale: order.into_iter().filter_map(|k| stale[k].take()).collect(),
        at_risk,
        left_out,
    }
}

/// Days a next step dated `date` is past the as-of date, unless an
/// interaction of client `client` dated on or after it (and not after
/// the as-of date) took it.
pub(super) fn next_step_overdue(
    model: &Model,
    client: Option<usize>,
    date: Option<&Field<NaiveDate>>,
) -> Option<i64> {
    let date = date?.value;
    if date >= model.as_of {
        return None;
    }
    let taken = client.is_some_and(|ci| {
        super::rfm::interaction_days(model, ci).any(|(day, _)| day >= date && day <= model.as_of)
    });
    (!taken).then(|| (model.as_of - date).num_days())
}

fn text(field: &Option<Field<Str>>) -> Option<Str> {
    field.as_ref().map(|f| f.value.clone())
}
