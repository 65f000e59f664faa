//! Figures of the pipeline's past, from the history read from Git: each
//! deal's stages with the days spent in them, the mean days a stage holds
//! a deal (velocity), and the open pipeline at each of the last 26 week
//! ends. The working tree counts as the state on the as-of date.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::Money;
use crate::config::{Config, Outcome};
use crate::history::{DealStep, History};
use crate::model::Model;
use crate::model::deals::DealState;

/// How many week ends the trend covers.
pub const TREND_WEEKS: usize = 26;

/// What was read of the history, and why nothing was when nothing was.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HistoryStatus {
    /// `read`; `partial` when some of it could not be read (a commit's
    /// date, a version of a note: `gaps`); or why not: `off`,
    /// `not_a_repository`, `shallow_clone`, `no_commits`, `unreadable`.
    pub status: &'static str,
    /// How many parts could not be read (`W-history-partial` names each).
    pub gaps: usize,
    pub commits: usize,
    pub first_commit: Option<String>,
    pub last_commit: Option<String>,
    /// The id of the last commit read.
    pub last_commit_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageSpan {
    pub stage: String,
    pub entered: NaiveDate,
    /// Who moved the deal into the stage: the name of the author of the
    /// commit that did; `None` when the working tree did (not committed
    /// yet), the name cannot be read, or `[history] authors = false`.
    pub author: Option<String>,
    /// `None` for the stage the deal is in.
    pub left: Option<NaiveDate>,
}

/// A change of a deal's expected close date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloseChange {
    /// The day of the commit (or the as-of date, for the working tree).
    pub date: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub author: Option<String>,
}

/// One deal of the book through time.
#[derive(Debug, Clone, Serialize)]
pub struct DealHistory {
    pub code: String,
    pub client: Option<String>,
    pub stages: Vec<StageSpan>,
    /// Days in each stage, the current one counted to the as-of date.
    pub days_in_stage: BTreeMap<String, i64>,
    /// Each change of `expected_close`: setting it the first time or
    /// removing it is not one.
    pub close_dates: Vec<CloseChange>,
    /// How many of `close_dates` moved it later.
    pub slips: usize,
}

/// How long deals stay in a stage before they leave it.
#[derive(Debug, Clone, Serialize)]
pub struct StageVelocity {
    pub stage: String,
    /// How many times a deal left it.
    pub left: usize,
    pub mean_days: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub week_end: NaiveDate,
    pub open_count: usize,
    pub open_amount: Money,
    pub weighted_amount: Money,
}

/// The history's share of the report.
#[derive(Debug, Clone, Default)]
pub struct HistoryFigures {
    pub status: HistoryStatus,
    pub opportunity_history: Vec<DealHistory>,
    pub velocity: Vec<StageVelocity>,
    pub pipeline_trend: Vec<TrendPoint>,
    /// `opportunity_history` by client code.
    pub deals_of_client: HashMap<String, Vec<usize>>,
    /// Forecast accuracy and stage conversion (`past`).
    pub past: super::past::PastFigures,
}

/// A deal's states in day order, each with the author of the commit that
/// wrote it (`None`: the working tree, or names off): `None` while no
/// published note writes it.
pub(super) type Timeline<'h> = Vec<(NaiveDate, Option<&'h DealState>, Option<&'h str>)>;

/// A fingerprint of what the history's figures are worked out from besides
/// the history itself: the deals of the book as it is (their notes
/// published or not), the day and the config. The preview works the
/// figures out again only when it changed (a save that moves no deal
/// keeps them); it is made without a string copied.
pub fn basis(model: &Model, history: &History) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    model.as_of.hash(&mut h);
    history.commits.len().hash(&mut h);
    history.commits.last().map(|c| &c.id).hash(&mut h);
    let config = serde_json::to_vec(&model.config).unwrap_or_default();
    h.write(&config);
    for o in &model.opportunities {
        let Some(code) = &o.code else { continue };
        code.value.hash(&mut h);
        model.shown(o.note).hash(&mut h);
        model
            .client_of_opportunity(o)
            .and_then(|c| model.clients[c].code.as_ref())
            .map(|c| &c.value)
            .hash(&mut h);
        o.stage.as_ref().map(|s| &s.value).hash(&mut h);
        o.amount.as_ref().map(|a| a.value.to_bits()).hash(&mut h);
        o.probability.as_ref().map(|p| p.value).hash(&mut h);
        o.expected_close.as_ref().map(|d| d.value).hash(&mut h);
    }
    h.finish()
}

pub fn figures(model: &Model, history: &History) -> HistoryFigures {
    let config = &model.config;
    let as_of = model.as_of;
    let status = HistoryStatus {
        status: match history.unavailable {
            Some(why) => why.code(),
            None if !history.gaps.is_empty() => "partial",
            None => "read",
        },
        gaps: history.gaps.len(),
        commits: history.commits.len(),
        first_commit: history.commits.first().map(|c| c.day.to_string()),
        last_commit: history.commits.last().map(|c| c.day.to_string()),
        last_commit_id: history.commits.last().map(|c| c.id.clone()),
    };
    if history.unavailable.is_some() {
        return HistoryFigures {
            status,
            ..HistoryFigures::default()
        };
    }
    // The deals of the book as it is (published notes only) and those
    // nothing may be shown of: in a private note now, or when last
    // committed.
    let mut now: BTreeMap<String, DealState> = BTreeMap::new();
    let mut withheld: BTreeSet<String> = history
        .private_at_end()
        .into_iter()
        .map(str::to_owned)
        .collect();
    for o in &model.opportunities {
        let Some(code) = &o.code else { continue };
        if !model.shown(o.note) {
            withheld.insert(code.value.to_string());
            continue;
        }
        let client = model
            .client_of_opportunity(o)
            .and_then(|c| model.clients[c].code.as_ref())
            .map(|c| c.value.to_string())
            .unwrap_or_default();
        now.entry(code.value.to_string()).or_insert(DealState {
            code: code.value.to_string(),
            client,
            stage: o
                .stage
                .as_ref()
                .map(|s| s.value.to_string())
                .unwrap_or_default(),
            amount: o.amount.as_ref().map(|a| a.value),
            probability: o.probability.as_ref().map(|p| p.value),
            expected_close: o.expected_close.as_ref().map(|d| d.value),
            owner: o
                .owner
                .as_ref()
                .or_else(|| {
                    model
                        .client_of_opportunity(o)
                        .and_then(|c| model.clients[c].owner.as_ref())
                })
                .map(|f| f.value.trim().to_owned()),
        });
    }
    let mut timelines: BTreeMap<&str, Timeline> = BTreeMap::new();
    for step in &history.steps {
        let commit = &history.commits[step.commit as usize];
        if commit.day > as_of || withheld.contains(&step.code) {
            continue;
        }
        let state = match &step.step {
            DealStep::Public(d) => Some(d),
            DealStep::Private | DealStep::Gone => None,
        };
        let author =
            (config.history.authors && !commit.author.is_empty()).then_some(commit.author.as_str());
        timelines
            .entry(&step.code)
            .or_default()
            .push((commit.day, state, author));
    }
    // How many of each timeline's states were committed: the working
    // tree's own (a deal moved and not committed) is not in the past.
    let mut committed: BTreeMap<&str, usize> = timelines
        .iter()
        .map(|(code, line)| (*code, line.len()))
        .collect();
    for (code, state) in &now {
        let line = timelines.entry(code).or_default();
        committed.entry(code).or_insert(line.len());
        if line.last().and_then(|(_, s, _)| *s) != Some(state) {
            line.push((as_of, Some(state), None));
        }
    }
    for code in timelines.keys().copied().collect::<Vec<_>>() {
        if !now.contains_key(code)
            && let Some(line) = timelines.get_mut(code)
        {
            // A deal the book no longer has is gone as of the as-of date.
            if line.last().is_some_and(|(_, s, _)| s.is_some()) {
                line.push((as_of, None, None));
            }
        }
    }
    let mut deals = Vec::new();
    let mut deals_of_client: HashMap<String, Vec<usize>> = HashMap::new();
    for (code, state) in &now {
        let line = &timelines[code.as_str()];
        let stages = spans(line);
        let close_dates = close_changes(line);
        let slips = close_dates.iter().filter(|c| c.to > c.from).count();
        let mut days_in_stage = BTreeMap::new();
        for s in &stages {
            *days_in_stage.entry(s.stage.clone()).or_insert(0) +=
                (s.left.unwrap_or(as_of) - s.entered).num_days();
        }
        let client = (!state.client.is_empty()).then(|| state.client.clone());
        if let Some(c) = &client {
            deals_of_client
                .entry(c.clone())
                .or_default()
                .push(deals.len());
        }
        deals.push(DealHistory {
            code: code.clone(),
            client,
            stages,
            days_in_stage,
            close_dates,
            slips,
        });
    }
    let t = crate::timings::stage("history: figures: accuracy and conversion");
    let past = super::past::figures(model, &timelines, &committed, &now, &deals);
    drop(t);
    HistoryFigures {
        status,
        past,
        velocity: velocity(config, &deals),
        pipeline_trend: trend(config, as_of, &timelines),
        opportunity_history: deals,
        deals_of_client,
    }
}

/// The stages of one deal: a span begins at each day its stage differs
/// from the one before and ends when the next begins or the deal goes.
fn spans(line: &Timeline) -> Vec<StageSpan> {
    let mut out: Vec<StageSpan> = Vec::new();
    let mut open: Option<usize> = None;
    for (day, state, author) in line {
        let stage = state
            .as_ref()
            .map(|s| s.stage.as_str())
            .filter(|s| !s.is_empty());
        let current = open.map(|k| out[k].stage.as_str());
        if stage == current {
            continue;
        }
        if let Some(k) = open.take() {
            out[k].left = Some(*day);
        }
        if let Some(stage) = stage {
            out.push(StageSpan {
                stage: stage.to_owned(),
                entered: *day,
                author: author.map(str::to_owned),
                left: None,
            });
            open = Some(out.len() - 1);
        }
    }
    out
}

/// The changes of a deal's expected close date along its timeline: from
/// one date to another; a date set where there was none, or taken away,
/// is not a change, and the date before a gap counts as the one it moves
/// from.
fn close_changes(line: &Timeline) -> Vec<CloseChange> {
    let mut out = Vec::new();
    let mut last: Option<NaiveDate> = None;
    for (day, state, author) in line {
        let Some(to) = state.and_then(|s| s.expected_close) else {
            continue;
        };
        if let Some(from) = last
            && from != to
        {
            out.push(CloseChange {
                date: *day,
                from,
                to,
                author: author.map(str::to_owned),
            });
        }
        last = Some(to);
    }
    out
}

fn velocity(config: &Config, deals: &[DealHistory]) -> Vec<StageVelocity> {
    let mut by_stage: BTreeMap<&str, (usize, i64)> = BTreeMap::new();
    for span in deals.iter().flat_map(|d| &d.stages) {
        if let Some(left) = span.left {
            let e = by_stage.entry(&span.stage).or_default();
            e.0 += 1;
            e.1 += (left - span.entered).num_days();
        }
    }
    let mut order: Vec<&str> = config.stages.iter().map(|s| s.key.as_str()).collect();
    order.extend(by_stage.keys().filter(|k| config.stage(k).is_none()));
    order
        .into_iter()
        .map(|stage| {
            let (left, days) = by_stage.get(stage).copied().unwrap_or_default();
            StageVelocity {
                stage: stage.to_owned(),
                left,
                mean_days: (left > 0).then(|| days as f64 / left as f64),
            }
        })
        .collect()
}

/// The open pipeline at each week end: the as-of date and each seventh
/// day before it.
fn trend(
    config: &Config,
    as_of: NaiveDate,
    timelines: &BTreeMap<&str, Timeline>,
) -> Vec<TrendPoint> {
    let ends: Vec<NaiveDate> = (0..TREND_WEEKS)
        .rev()
        .map(|k| as_of - chrono::Duration::days(7 * k as i64))
        .collect();
    let mut points: Vec<TrendPoint> = ends
        .iter()
        .map(|&week_end| TrendPoint {
            week_end,
            open_count: 0,
            open_amount: Money(0.0),
            weighted_amount: Money(0.0),
        })
        .collect();
    for line in timelines.values() {
        // Each state's amount and weighted amount while open, worked out
        // once (a stage is looked up by its key), not once per week.
        let open: Vec<Option<(f64, f64)>> = line
            .iter()
            .map(|(_, state, _)| {
                let state = (*state)?;
                (state.outcome(config) == Some(Outcome::Open)).then(|| {
                    let amount = state.amount.unwrap_or(0.0);
                    (
                        amount,
                        amount * state.probability(config).unwrap_or(0.0) / 100.0,
                    )
                })
            })
            .collect();
        let mut k = 0;
        for (p, end) in points.iter_mut().zip(&ends) {
            while k < line.len() && line[k].0 <= *end {
                k += 1;
            }
            let Some(Some((amount, weighted))) = k.checked_sub(1).map(|i| open[i]) else {
                continue;
            };
            p.open_count += 1;
            p.open_amount.0 += amount;
            p.weighted_amount.0 += weighted;
        }
    }
    points
}
