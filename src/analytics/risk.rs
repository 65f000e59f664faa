//! Contact-coverage risk: how densely, how high up and how widely a client
//! is covered by the people we know there, and the action plan for the
//! clients at high risk.

use std::sync::Arc;

use serde::Serialize;

use super::{ClientFigures, Money, ceil_share, share};
use crate::config::Config;
use crate::model::Contact;

#[derive(Debug, Clone, Serialize)]
pub struct RiskFigures {
    pub level: &'static str,
    pub density_permille: Option<f64>,
    pub decision_share: Option<f64>,
    pub missing_departments: Vec<crate::model::fields::Str>,
    /// The reason codes: `density`, `decision_share`, `departments`.
    pub failures: Vec<&'static str>,
    /// Why, in the vault's language; empty at low risk. Analytics leaves
    /// these empty: the words are chosen when the report is rendered
    /// (`report::reasons`). Shared with the action plan rather than copied.
    pub reasons: Arc<Vec<String>>,
    /// What to do about it, in the vault's language (filled as `reasons`).
    pub actions: Arc<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub priority: &'static str,
    pub code: Option<crate::model::fields::Str>,
    pub name: Option<crate::model::fields::Str>,
    pub owner: Option<crate::model::fields::Str>,
    pub annual_revenue: Option<Money>,
    pub reasons: Arc<Vec<String>>,
    pub actions: Arc<Vec<String>>,
    /// Index into the report's `clients`.
    #[serde(skip)]
    pub row: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct RiskSummary {
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub action_plan: Vec<ActionRow>,
}

pub(super) fn figures(
    config: &Config,
    employees: Option<i64>,
    contacts: &[&Contact],
) -> RiskFigures {
    let rules = &config.contact_risk;
    let n = contacts.len();
    let density = employees
        .filter(|&e| e > 0)
        .map(|e| n as f64 / e as f64 * 1000.0);
    let deciders = contacts
        .iter()
        .filter(|c| {
            c.level
                .as_ref()
                .is_some_and(|l| rules.decision_levels.iter().any(|d| d == l))
        })
        .count();
    let decision_share = share(deciders, n);
    let missing_departments: Vec<crate::model::fields::Str> = rules
        .departments
        .iter()
        .filter(|d| {
            !contacts
                .iter()
                .any(|c| c.department.as_deref() == Some(d.as_str()))
        })
        .map(|d| d.as_str().into())
        .collect();
    let mut failures = Vec::new();
    if density.is_some_and(|d| d < rules.min_density_permille) {
        failures.push("density");
    }
    if decision_share.is_some_and(|s| s < rules.min_decision_share) {
        failures.push("decision_share");
    }
    if !missing_departments.is_empty() {
        failures.push("departments");
    }
    let level = match (n, failures.len()) {
        (0, _) => "high",
        (_, f) if f >= 2 => "high",
        (_, 1) => "medium",
        _ => "low",
    };
    RiskFigures {
        level,
        density_permille: density,
        decision_share,
        missing_departments,
        failures,
        reasons: Arc::default(),
        actions: Arc::default(),
    }
}

/// Counts by level and the action plan: high-risk clients by annual revenue
/// (missing last, then code), ranked into P0/P1/P2.
pub(super) fn summary(config: &Config, figures: &[ClientFigures]) -> RiskSummary {
    let rules = &config.contact_risk;
    let count = |level: &str| {
        figures
            .iter()
            .filter(|f| f.contact_risk.level == level)
            .count()
    };
    let mut high: Vec<usize> = (0..figures.len())
        .filter(|&i| figures[i].contact_risk.level == "high")
        .collect();
    high.sort_by(|&a, &b| {
        let (a, b) = (&figures[a], &figures[b]);
        let revenue = |f: &ClientFigures| f.annual_revenue.map(|m| m.0);
        match (revenue(a), revenue(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.code.cmp(&b.code))
    });
    let m = high.len();
    let (p0, p1) = (ceil_share(rules.p0_share, m), ceil_share(rules.p1_share, m));
    let action_plan = high
        .iter()
        .enumerate()
        .map(|(rank0, &row)| {
            let f = &figures[row];
            let rank = rank0 + 1;
            ActionRow {
                priority: if rank <= p0 {
                    "P0"
                } else if rank <= p1 {
                    "P1"
                } else {
                    "P2"
                },
                code: f.code.clone(),
                name: f.name.clone(),
                owner: f.owner.clone(),
                annual_revenue: f.annual_revenue,
                reasons: f.contact_risk.reasons.clone(),
                actions: f.contact_risk.actions.clone(),
                row,
            }
        })
        .collect();
    RiskSummary {
        high: count("high"),
        medium: count("medium"),
        low: count("low"),
        action_plan,
    }
}
