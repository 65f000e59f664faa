//! Recency, frequency and monetary value of each client, and the eight
//! segments they give (the relationship guide's RFM model): who is worth
//! most, who is drifting away, who has never bought.

use chrono::NaiveDate;
use serde::Serialize;

use super::Money;
use super::clients::ClientFigures;
use crate::config::Outcome;
use crate::model::Model;

/// One client's RFM.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RfmFigures {
    /// Days from the last contact to the as-of date; null without one.
    pub recency_days: Option<i64>,
    /// Interactions dated in the window that ends on the as-of date.
    pub frequency: usize,
    /// The amounts of the client's won deals, all of them.
    pub monetary: Money,
    pub r_high: bool,
    pub f_high: bool,
    pub m_high: bool,
    pub segment: &'static str,
}

/// The means the clients are measured against, and how many clients each
/// segment holds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RfmSummary {
    pub window_days: u32,
    /// Mean recency of the clients that have a last contact; null when
    /// none has.
    pub mean_recency_days: Option<f64>,
    pub mean_frequency: f64,
    pub mean_monetary: f64,
    /// Every segment, in the order of `SEGMENTS`, with its client count.
    pub segments: Vec<SegmentCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentCount {
    pub segment: &'static str,
    pub clients: usize,
}

/// The segments by (R, F, M) high, most valuable first.
pub const SEGMENTS: [(&str, (bool, bool, bool)); 8] = [
    ("important_value", (true, true, true)),
    ("important_develop", (true, false, true)),
    ("important_retain", (false, true, true)),
    ("important_winback", (false, false, true)),
    ("general_value", (true, true, false)),
    ("general_develop", (true, false, false)),
    ("general_retain", (false, true, false)),
    ("general_winback", (false, false, false)),
];

fn segment(high: (bool, bool, bool)) -> &'static str {
    SEGMENTS
        .iter()
        .find(|(_, h)| *h == high)
        .map_or("general_winback", |(name, _)| name)
}

/// The days of client `ci`'s published interactions that have a date, with
/// each interaction's note.
pub(super) fn interaction_days(
    model: &Model,
    ci: usize,
) -> impl Iterator<Item = (NaiveDate, usize)> + '_ {
    model.interactions_of(ci).iter().filter_map(|&k| {
        let it = &model.interactions[k];
        let day = it.date.as_ref()?.value;
        model.shown(it.note).then_some((day, it.note))
    })
}

/// Works out every client's RFM in `figures` (their `last_contact` already
/// derived), and the summary.
pub(super) fn apply(model: &Model, figures: &mut [ClientFigures]) -> RfmSummary {
    let config = &model.config;
    let window = i64::from(config.rfm.window_days);
    let as_of = model.as_of;
    // Won deals, by client: every published deal at a won stage.
    let mut won = vec![0.0f64; model.clients.len()];
    for (_, o) in model.published_opportunities() {
        if o.outcome(config) != Some(Outcome::Won) || o.amount.is_none() {
            continue;
        }
        if let (Some(ci), Some(amount)) = (model.client_of_opportunity(o), &o.amount) {
            won[ci] += amount.value;
        }
    }
    for f in figures.iter_mut() {
        let recency = f.last_contact_day.map(|d| (as_of - d).num_days());
        let frequency = interaction_days(model, f.client)
            .filter(|(day, _)| {
                let ago = (as_of - *day).num_days();
                (0..window).contains(&ago)
            })
            .count();
        f.rfm = RfmFigures {
            recency_days: recency,
            frequency,
            monetary: Money(won[f.client]),
            ..RfmFigures::default()
        };
    }
    // High or low against the mean, compared without dividing (a value
    // equal to the mean is never lost to rounding): v ≤ sum / n is
    // v·n ≤ sum.
    let recencies: Vec<i64> = figures.iter().filter_map(|f| f.rfm.recency_days).collect();
    let recency_sum: i128 = recencies.iter().map(|&d| i128::from(d)).sum();
    let recency_n = recencies.len() as i128;
    let n = figures.len();
    let frequency_sum: i128 = figures.iter().map(|f| f.rfm.frequency as i128).sum();
    let monetary_sum: f64 = figures.iter().map(|f| f.rfm.monetary.0).sum();
    let mut counts = [0usize; 8];
    for f in figures.iter_mut() {
        let r = &mut f.rfm;
        r.r_high = r
            .recency_days
            .is_some_and(|d| i128::from(d) * recency_n <= recency_sum);
        // Nobody is high on nothing: a client with no interaction or no
        // won amount is low on it, even when every client has none.
        r.f_high = r.frequency > 0 && r.frequency as i128 * n as i128 >= frequency_sum;
        r.m_high = r.monetary.0 > 0.0 && r.monetary.0 * n as f64 >= monetary_sum;
        r.segment = segment((r.r_high, r.f_high, r.m_high));
        if let Some(k) = SEGMENTS.iter().position(|(s, _)| *s == r.segment) {
            counts[k] += 1;
        }
    }
    let mean = |sum: f64, n: usize| (n > 0).then(|| sum / n as f64);
    let mean_recency = mean(recency_sum as f64, recencies.len());
    let mean_frequency = mean(frequency_sum as f64, n);
    let mean_monetary = mean(monetary_sum, n);
    RfmSummary {
        window_days: config.rfm.window_days,
        mean_recency_days: mean_recency,
        mean_frequency: mean_frequency.unwrap_or(0.0),
        mean_monetary: mean_monetary.unwrap_or(0.0),
        segments: SEGMENTS
            .iter()
            .zip(counts)
            .map(|((segment, _), clients)| SegmentCount { segment, clients })
            .collect(),
    }
}
