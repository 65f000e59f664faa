//! Figures of the pipeline's past, from the history read from Git: each
//! deal's stages with the days spent in them, the mean days a stage holds
//! a deal (velocity), and the open pipeline at each of the last 26 week
//! ends. The working tree counts as the state on the as-of date.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use compact_str::CompactString;
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
    pub stage: CompactString,
    pub entered: NaiveDate,
    /// Who moved the deal into the stage: the name of the author of the
    /// commit that did; `None` when the working tree did (not committed
    /// yet), the name cannot be read, or `[history] authors = false`.
    pub author: Option<CompactString>,
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
    pub author: Option<CompactString>,
}

/// One deal of the book through time.
#[derive(Debug, Clone, Serialize)]
pub struct DealHistory {
    pub code: CompactString,
    pub client: Option<CompactString>,
    pub stages: Vec<StageSpan>,
    /// Days in each stage, the current one counted to the as-of date.
    pub days_in_stage: BTreeMap<CompactString, i64>,
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
    pub deals_of_client: HashMap<CompactString, Vec<usize>>,
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
    let now = deals_now(model);
    let lines = lines(model, history, &now);
    // The per-deal figures and the sums over all timelines are apart:
    // each goes on its own core.
    let ((deals, deals_of_client, conversion), (accuracy, pipeline_trend)) = rayon::join(
        || {
            let (deals, deals_of_client) = deal_histories(as_of, &lines);
            let conversion = super::past::conversion(config, &lines, &deals);
            (deals, deals_of_client, conversion)
        },
        || {
            (
                super::past::accuracy(model, &lines),
                trend(config, as_of, &lines),
            )
        },
    );
    HistoryFigures {
        status,
        past: super::past::PastFigures::new(accuracy, conversion),
        velocity: velocity(config, &deals),
        pipeline_trend,
        opportunity_history: deals,
        deals_of_client,
    }
}

/// The deals of the book as it is (published notes only), in code order;
/// the first note to write a code gives its state.
fn deals_now(model: &Model) -> Vec<DealState> {
    let mut seen: ahash::AHashSet<&str> = ahash::AHashSet::new();
    let mut now = Vec::new();
    for o in &model.opportunities {
        let Some(code) = &o.code else { continue };
        if !model.shown(o.note) || !seen.insert(&code.value) {
            continue;
        }
        let client = model.client_of_opportunity(o).map(|c| &model.clients[c]);
        now.push(DealState {
            code: code.value.clone(),
            client: client
                .and_then(|c| c.code.as_ref())
                .map(|c| c.value.clone())
                .unwrap_or_default(),
            stage: o
                .stage
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default(),
            amount: o.amount.as_ref().map(|a| a.value),
            probability: o.probability.as_ref().map(|p| p.value),
            expected_close: o.expected_close.as_ref().map(|d| d.value),
            owner: o
                .owner
                .as_ref()
                .or_else(|| client.and_then(|c| c.owner.as_ref()))
                .map(|f| f.value.trim().into()),
        });
    }
    now.sort_unstable_by(|a, b| a.code.cmp(&b.code));
    now
}

/// One deal's way through the history.
pub(super) struct Line<'h> {
    pub code: &'h str,
    pub states: Timeline<'h>,
    /// How many of `states` were committed: the working tree's own (a
    /// deal moved and not committed) is not in the past.
    pub committed: usize,
    /// Its state in the book as it is; `None`: the book no longer has it.
    pub now: Option<&'h DealState>,
}

impl<'h> Line<'h> {
    fn empty(code: &'h str) -> Line<'h> {
        Line {
            code,
            states: Vec::new(),
            committed: 0,
            now: None,
        }
    }
}

/// Every deal's timeline, in code order, but those nothing may be shown
/// of: in a private note now, or when last committed (a deal still
/// published elsewhere now keeps its present state alone).
fn lines<'h>(model: &'h Model, history: &'h History, now: &'h [DealState]) -> Vec<Line<'h>> {
    let config = &model.config;
    let private_now: ahash::AHashSet<&str> = model
        .opportunities
        .iter()
        .filter(|o| !model.shown(o.note))
        .filter_map(|o| o.code.as_ref().map(|c| c.value.as_str()))
        .collect();
    let mut place: ahash::AHashMap<&str, usize> = ahash::AHashMap::new();
    let mut lines: Vec<Line> = Vec::new();
    // Whether each line's last step made it private.
    let mut private_at_end: Vec<bool> = Vec::new();
    for step in &history.steps {
        if private_now.contains(step.code.as_str()) {
            continue;
        }
        let k = *place.entry(step.code.as_str()).or_insert_with(|| {
            lines.push(Line::empty(step.code.as_str()));
            private_at_end.push(false);
            lines.len() - 1
        });
        private_at_end[k] = matches!(step.step, DealStep::Private);
        let commit = &history.commits[step.commit as usize];
        if commit.day > model.as_of {
            continue;
        }
        let state = match &step.step {
            DealStep::Public(d) => Some(d),
            DealStep::Private | DealStep::Gone => None,
        };
        let author =
            (config.history.authors && !commit.author.is_empty()).then_some(commit.author.as_str());
        lines[k].states.push((commit.day, state, author));
    }
    for (line, private) in lines.iter_mut().zip(private_at_end) {
        if private {
            line.states.clear();
        }
        line.committed = line.states.len();
    }
    for state in now {
        let k = *place.entry(state.code.as_str()).or_insert_with(|| {
            lines.push(Line::empty(state.code.as_str()));
            lines.len() - 1
        });
        let line = &mut lines[k];
        line.now = Some(state);
        if line.states.last().and_then(|(_, s, _)| *s) != Some(state) {
            line.states.push((model.as_of, Some(state), None));
        }
    }
    lines.retain_mut(|line| {
        // A deal the book no longer has is gone as of the as-of date.
        if line.now.is_none() && line.states.last().is_some_and(|(_, s, _)| s.is_some()) {
            line.states.push((model.as_of, None, None));
        }
        line.now.is_some() || !line.states.is_empty()
    });
    lines.sort_unstable_by(|a, b| a.code.cmp(b.code));
    lines
}

/// Each deal of the book now through time (stages, close dates, slips),
/// in code order, and which of them each client has.
fn deal_histories(
    as_of: NaiveDate,
    lines: &[Line],
) -> (Vec<DealHistory>, HashMap<CompactString, Vec<usize>>) {
    let mut deals = Vec::new();
    let mut deals_of_client: HashMap<CompactString, Vec<usize>> = HashMap::new();
    for line in lines {
        let Some(state) = line.now else { continue };
        let stages = spans(&line.states);
        let close_dates = close_changes(&line.states);
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
            code: line.code.into(),
            client,
            stages,
            days_in_stage,
            close_dates,
            slips,
        });
    }
    (deals, deals_of_client)
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
                stage: stage.into(),
                entered: *day,
                author: author.map(CompactString::from),
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
                author: author.map(CompactString::from),
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
                stage: stage.into(),
                left,
                mean_days: (left > 0).then(|| days as f64 / left as f64),
            }
        })
        .collect()
}

/// The open pipeline at each week end: the as-of date and each seventh
/// day before it.
fn trend(config: &Config, as_of: NaiveDate, lines: &[Line]) -> Vec<TrendPoint> {
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
    for line in lines.iter().map(|l| &l.states) {
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
