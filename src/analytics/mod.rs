//! The book of business, computed from the typed model for one as-of date:
//! the funnel, forecast and stale deals, classifications and value tiers,
//! health, contact-coverage risk and follow-ups. `dossier report` prints it,
//! the site draws it, and `check` reports the business warnings found on
//! the way. Nothing here reads the clock: every date figure uses `as_of`.

pub mod changes;
mod clients;
pub mod deals;
pub mod digest;
pub mod history;
pub mod past;
mod pipeline;
mod rfm;
mod risk;
mod tiers;

use std::collections::{HashMap, HashSet};

use serde::{Serialize, Serializer};

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;

pub use clients::{ClientFigures, FollowUp, HealthFigures};
pub use pipeline::{ForecastMonth, Funnel, OwnerFigures, StageFigures, StaleDeal};
pub use rfm::{RfmFigures, RfmSummary, SEGMENTS, SegmentCount};
pub use risk::{ActionRow, RiskFigures, RiskSummary};
pub use tiers::{ClassRow, Classifications, VALUE_TIERS, tier_steps};

/// The codes of the business warnings of the as-of date: to-dos of the
/// book (a follow-up to make, a close date passed), not mistakes in files.
pub const BUSINESS_WARNINGS: [Code; 7] = [
    Code::FollowUpOverdue,
    Code::LastContactMissing,
    Code::CloseOverdue,
    Code::NextStepMissing,
    Code::NextStepOverdue,
    Code::TierMismatch,
    Code::EmployeesMissing,
];

/// An amount of money. Written to JSON rounded to cents, and as an integer
/// when it is whole, so `450000` never reads `450000.0`.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Money(pub f64);

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cents = (self.0 * 100.0).round() / 100.0;
        if cents.fract() == 0.0 && cents.abs() < 9.0e15 {
            s.serialize_i64(cents as i64)
        } else {
            s.serialize_f64(cents)
        }
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        self.0 += other.0;
    }
}

/// What a new computation may take over from the last one: the figures
/// and warnings of each client, by note, except the notes in `fresh`.
#[derive(Default)]
pub struct Reuse {
    /// The figures and warnings of each client of the last computation,
    /// taken out as they are reused.
    pub figures: Vec<Option<(ClientFigures, Vec<Diagnostic>)>>,
    /// Note → its client's place in `figures`.
    pub by_note: HashMap<usize, usize>,
    pub fresh: HashSet<usize>,
    /// The pipeline, when no deal changed.
    pipeline: Option<(pipeline::Pipeline, Vec<Diagnostic>)>,
}

impl Reuse {
    /// Takes the client figures out of `report` for a model whose notes
    /// in `fresh` changed (others kept their place and their records), and
    /// the pipeline too when `deals_unchanged`.
    pub fn from_report(mut report: Report, fresh: HashSet<usize>, deals_unchanged: bool) -> Reuse {
        let by_note = (report.clients.iter().enumerate())
            .map(|(row, f)| (f.note, row))
            .collect();
        let figures = std::mem::take(&mut report.clients)
            .into_iter()
            .zip(std::mem::take(&mut report.client_warnings))
            .map(Some)
            .collect();
        let pipeline = deals_unchanged.then(|| {
            (
                pipeline::Pipeline {
                    funnel: std::mem::take(&mut report.funnel),
                    forecast: std::mem::take(&mut report.forecast),
                },
                std::mem::take(&mut report.pipeline_warnings),
            )
        });
        // The rest (every deal's row among it) is let go of beside the
        // next computation, not before it.
        std::thread::spawn(move || drop(report));
        Reuse {
            figures,
            by_note,
            fresh,
            pipeline,
        }
    }
}

/// The version of the report's JSON: raised when a field changes meaning
/// or goes; new fields do not raise it.
pub const REPORT_SCHEMA: u32 = 1;

/// Everything `dossier report --format json` prints.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// The version of this layout (`REPORT_SCHEMA`; docs/report.schema.json).
    pub schema: u32,
    pub as_of: String,
    pub clients: Vec<ClientFigures>,
    pub funnel: Funnel,
    pub forecast: Vec<ForecastMonth>,
    /// Every deal of the book, with its next step and whether it rots.
    pub opportunities: Vec<deals::DealRow>,
    /// The rotting open deals.
    pub stale_opportunities: Vec<StaleDeal>,
    /// The amount of the rotting open deals.
    pub amount_at_risk: Money,
    /// Published deals in no figure: their stage is missing or unknown.
    pub opportunities_left_out: Vec<deals::LeftOutDeal>,
    pub classifications: Classifications,
    pub contact_risk: RiskSummary,
    pub follow_ups_overdue: Vec<FollowUp>,
    /// The means RFM measures against and the size of each segment.
    pub rfm: RfmSummary,
    /// What the history from Git holds and why not, when not.
    pub history: history::HistoryStatus,
    /// Each deal's stages through time.
    pub opportunity_history: Vec<history::DealHistory>,
    /// Mean days in each stage, of the deals that left it.
    pub velocity: Vec<history::StageVelocity>,
    /// The open pipeline at each of the last 26 week ends.
    pub pipeline_trend: Vec<history::TrendPoint>,
    /// Forecast accuracy and stage conversion, learned from the past.
    #[serde(flatten)]
    pub past: past::PastFigures,
    /// `opportunity_history` by client code.
    #[serde(skip)]
    pub deals_of_client: std::collections::HashMap<compact_str::CompactString, Vec<usize>>,
    /// The business warnings of each client, parallel to `clients`.
    #[serde(skip)]
    pub client_warnings: Vec<Vec<Diagnostic>>,
    /// The business warnings of the deals.
    #[serde(skip)]
    pub pipeline_warnings: Vec<Diagnostic>,
}

/// Computes the report, with the business warnings found on the way
/// (`Report::warnings`). Only published notes are in the book: a
/// `private: true` client or deal is neither counted nor warned about, so
/// no figure of the site or the report can reveal it.
pub fn compute(model: &Model) -> Report {
    compute_reusing(model, None)
}

/// `compute`, taking over what `reuse` holds of a computation before.
pub fn compute_reusing(model: &Model, mut reuse: Option<Reuse>) -> Report {
    let clients: Vec<usize> = model.published_clients().map(|(i, _)| i).collect();
    let opportunities: Vec<usize> = model.published_opportunities().map(|(i, _)| i).collect();
    let value_tiers = tiers::value_tiers(model, &clients);
    let t = crate::timings::stage("analytics: clients and pipeline");
    let known = reuse.as_mut().and_then(|r| r.pipeline.take());
    let ((figures, client_warnings), (pipeline, pipeline_warnings)) = rayon::join(
        || clients::figures(model, &clients, &value_tiers, reuse.as_mut()),
        || {
            known.unwrap_or_else(|| {
                let mut warnings = Vec::new();
                let pipeline = pipeline::compute(model, &opportunities, &mut warnings);
                (pipeline, warnings)
            })
        },
    );
    drop(t);
    let mut figures = figures;
    let rfm = rfm::apply(model, &mut figures);
    let t = crate::timings::stage("analytics: classifications and lists");
    let (classifications, (contact_risk, follow_ups_overdue)) = rayon::join(
        || tiers::classifications(&figures),
        || {
            rayon::join(
                || risk::summary(&model.config, &figures),
                || clients::follow_ups(&figures),
            )
        },
    );
    let report = Report {
        schema: REPORT_SCHEMA,
        as_of: model.as_of.to_string(),
        classifications,
        contact_risk,
        follow_ups_overdue,
        rfm,
        funnel: pipeline.funnel,
        forecast: pipeline.forecast,
        opportunities: Vec::new(),
        stale_opportunities: Vec::new(),
        amount_at_risk: Money(0.0),
        opportunities_left_out: Vec::new(),
        clients: figures,
        client_warnings,
        pipeline_warnings,
        history: Default::default(),
        opportunity_history: Vec::new(),
        velocity: Vec::new(),
        pipeline_trend: Vec::new(),
        past: Default::default(),
        deals_of_client: Default::default(),
    };
    drop(t);
    report
}

impl Report {
    /// Takes in the figures of the pipeline's past, and works out what
    /// depends on them: each deal's days in its stage, whether it rots,
    /// the stale list and the amount at risk.
    pub fn set_history(&mut self, figures: history::HistoryFigures, model: &Model) {
        self.history = figures.status;
        self.opportunity_history = figures.opportunity_history;
        self.velocity = figures.velocity;
        self.pipeline_trend = figures.pipeline_trend;
        self.deals_of_client = figures.deals_of_client;
        self.past = figures.past;
        let rows = deals::rows(model, &self.opportunity_history);
        self.opportunities = rows.deals;
        self.stale_opportunities = rows.stale;
        self.amount_at_risk = rows.at_risk;
        self.opportunities_left_out = rows.left_out;
    }

    /// Takes the history's figures out (to be set on the next report when
    /// the history and the deals stay as they were).
    pub fn take_history(&mut self) -> history::HistoryFigures {
        history::HistoryFigures {
            status: std::mem::take(&mut self.history),
            opportunity_history: std::mem::take(&mut self.opportunity_history),
            velocity: std::mem::take(&mut self.velocity),
            pipeline_trend: std::mem::take(&mut self.pipeline_trend),
            deals_of_client: std::mem::take(&mut self.deals_of_client),
            past: std::mem::take(&mut self.past),
        }
    }

    /// The business warnings: of the deals, then of each client.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.pipeline_warnings
            .iter()
            .chain(self.client_warnings.iter().flatten())
    }

    /// Takes the business warnings out of the report (which keeps them
    /// only for a later computation to reuse).
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        let mut out = std::mem::take(&mut self.pipeline_warnings);
        for w in std::mem::take(&mut self.client_warnings) {
            out.extend(w);
        }
        out
    }
}

/// `numerator / denominator`, or nothing for a zero denominator.
fn share(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// How many of `n` ranked items fall within the top `fraction`.
fn ceil_share(fraction: f64, n: usize) -> usize {
    (fraction * n as f64 - 1e-9).ceil().max(0.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_an_integer_when_whole() {
        let json = serde_json::to_string(&[Money(450000.0), Money(0.1 + 0.2), Money(337.506)]);
        assert_eq!(json.unwrap(), "[450000,0.3,337.51]");
    }

    #[test]
    fn ceil_share_rounds_up_and_forgives_float_noise() {
        assert_eq!(ceil_share(0.05, 12), 1);
        assert_eq!(ceil_share(0.15, 12), 2);
        assert_eq!(ceil_share(0.30, 12), 4);
        // 0.1 * 30 is 3.0000000000000004 in floating point.
        assert_eq!(ceil_share(0.1, 30), 3);
        assert_eq!(ceil_share(0.3, 10), 3);
        assert_eq!(ceil_share(0.05, 0), 0);
    }
}
