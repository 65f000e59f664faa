//! Contact-coverage risk: how densely, how high up and how widely a client
//! is covered by the people we know there, and the action plan for the
//! clients at high risk.

use std::sync::Arc;

use serde::Serialize;

use super::{ClientFigures, Money, ceil_share, share};
use crate::config::{Config, Language};
use crate::model::Contact;
use crate::render::i18n;

/// The interface words, looked up once per run.
pub(super) type Words = std::collections::BTreeMap<String, String>;

#[derive(Debug, Clone, Serialize)]
pub struct RiskFigures {
    pub level: &'static str,
    pub density_permille: Option<f64>,
    pub decision_share: Option<f64>,
    pub missing_departments: Vec<String>,
    pub failures: Vec<&'static str>,
    /// Why, in the vault's language; empty at low risk. Shared with the
    /// action plan rather than copied.
    pub reasons: Arc<Vec<String>>,
    /// What to do about it, in the vault's language.
    pub actions: Arc<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub priority: &'static str,
    pub code: Option<String>,
    pub name: Option<String>,
    pub owner: Option<String>,
    pub annual_revenue: Option<Money>,
    pub reasons: Arc<Vec<String>>,
    pub actions: Arc<Vec<String>>,
    /// Index into the report's `clients`.
    #[serde(skip)]
    pub row: usize,
}

#[derive(Debug, Serialize)]
pub struct RiskSummary {
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub action_plan: Vec<ActionRow>,
}

pub(super) fn figures(
    config: &Config,
    words: &Words,
    employees: Option<i64>,
    contacts: &[&Contact],
) -> RiskFigures {
    let rules = &config.contact_risk;
    let n = contacts.len();
    let density = employees
        .filter(|&e| e > 0)
        .map(|e| n as f64 / e as f64 * 1000.0);
    let has = |field: fn(&Contact) -> &Option<crate::model::fields::Field<String>>, value: &str| {
        contacts
            .iter()
            .any(|c| field(c).as_ref().is_some_and(|f| f.value == value))
    };
    let deciders = contacts
        .iter()
        .filter(|c| {
            c.level
                .as_ref()
                .is_some_and(|l| rules.decision_levels.contains(&l.value))
        })
        .count();
    let decision_share = share(deciders, n);
    let missing_departments: Vec<String> = rules
        .departments
        .iter()
        .filter(|d| !has(|c| &c.department, d))
        .cloned()
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
    let mut figures = RiskFigures {
        level,
        density_permille: density,
        decision_share,
        missing_departments,
        failures,
        reasons: Arc::default(),
        actions: Arc::default(),
    };
    let (reasons, actions) = explain(config, words, employees, n, &figures);
    figures.reasons = Arc::new(reasons);
    figures.actions = Arc::new(actions);
    figures
}

/// The reasons and actions of a risk, in the vault's language.
fn explain(
    config: &Config,
    words: &Words,
    employees: Option<i64>,
    contacts: usize,
    risk: &RiskFigures,
) -> (Vec<String>, Vec<String>) {
    let mut reasons = Vec::new();
    let mut actions = Vec::new();
    let zh = config.language == Language::Zh;
    let rules = &config.contact_risk;
    // "finance, IT, HR" / "财务、信息技术、人力资源"; `or` joins alternatives.
    let list = |keys: &[String], or: bool| {
        let labels: Vec<&str> = keys.iter().map(|k| i18n::label(words, k)).collect();
        labels.join(match (zh, or) {
            (true, false) => "、",
            (true, true) => "或",
            (false, false) => ", ",
            (false, true) => " or ",
        })
    };
    if contacts == 0 {
        reasons.push(
            if zh {
                "没有任何联系人记录"
            } else {
                "no contacts on record"
            }
            .into(),
        );
        actions.push(
            if zh {
                "在各层级补充联系人"
            } else {
                "add contacts at every level"
            }
            .into(),
        );
        return (reasons, actions);
    }
    for failure in &risk.failures {
        match *failure {
            "density" => {
                let employees = employees.unwrap_or_default();
                let density = risk.density_permille.unwrap_or_default();
                let min = rules.min_density_permille;
                let needed = (min * employees as f64 / 1000.0).ceil() as usize;
                let more = needed.saturating_sub(contacts).max(1);
                reasons.push(if zh {
                    format!("联系人密度 {density:.2}‰，低于 {min}‰（{contacts} 位联系人 / {employees} 名员工）")
                } else {
                    format!("contact density {density:.2}‰ is below {min}‰ ({contacts} contacts for {employees} employees)")
                });
                actions.push(if zh {
                    format!("再增加 {more} 位联系人")
                } else {
                    format!("add {more} more contacts")
                });
            }
            "decision_share" => {
                let share = risk.decision_share.unwrap_or_default() * 100.0;
                let min = rules.min_decision_share * 100.0;
                let levels = list(&rules.decision_levels, true);
                reasons.push(if zh {
                    format!("高层联系人占比 {share:.0}%，低于 {min:.0}%")
                } else {
                    format!("decision-level share {share:.0}% is below {min:.0}%")
                });
                actions.push(if zh {
                    format!("补充一位{levels}级联系人")
                } else {
                    format!("add a {levels} contact")
                });
            }
            _ => {
                let missing = list(&risk.missing_departments, false);
                reasons.push(if zh {
                    format!("缺少{missing}部门的联系人")
                } else {
                    format!("no contact in {missing}")
                });
                actions.push(if zh {
                    format!("覆盖{missing}部门")
                } else {
                    format!("cover {missing}")
                });
            }
        }
    }
    (reasons, actions)
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
