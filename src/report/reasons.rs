//! The reasons and actions of a contact-coverage risk, in the vault's
//! language. Analytics finds the reason codes (`failures`) and the figures
//! behind them; the words are chosen here, when a page, a CSV table or the
//! report's JSON is written. Nothing keeps them in between: at 50,000
//! clients they would take tens of megabytes.

use std::sync::Arc;

use crate::analytics::{ClientFigures, Report, RiskFigures};
use crate::config::{Config, Language};
use crate::render::decimals::decimals;
use crate::render::i18n::{self, Words};

/// The reasons and actions of one client's risk.
pub fn explain_client(
    config: &Config,
    words: &Words,
    client: &ClientFigures,
) -> (Vec<String>, Vec<String>) {
    explain(
        config,
        words,
        client.employees,
        client.contact_count,
        &client.contact_risk,
    )
}

/// Fills in the words of every client's risk and of the action plan, for
/// the report's JSON.
pub fn fill(report: &mut Report, config: &Config, words: &Words) {
    for client in &mut report.clients {
        if client.contact_risk.level == "low" || !client.contact_risk.reasons.is_empty() {
            continue;
        }
        let (reasons, actions) = explain_client(config, words, client);
        client.contact_risk.reasons = Arc::new(reasons);
        client.contact_risk.actions = Arc::new(actions);
    }
    for row in &mut report.contact_risk.action_plan {
        let risk = &report.clients[row.row].contact_risk;
        row.reasons = risk.reasons.clone();
        row.actions = risk.actions.clone();
    }
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
    let list = |keys: &mut dyn Iterator<Item = &str>, or: bool| {
        let labels: Vec<&str> = keys.map(|k| i18n::label(words, k)).collect();
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
                let density = decimals(risk.density_permille.unwrap_or_default(), 2);
                let min = rules.min_density_permille;
                let needed = (min * employees as f64 / 1000.0).ceil() as usize;
                let more = needed.saturating_sub(contacts).max(1);
                reasons.push(if zh {
                    format!("联系人密度 {density}‰，低于 {min}‰（{contacts} 位联系人 / {employees} 名员工）")
                } else {
                    format!("contact density {density}‰ is below {min}‰ ({contacts} contacts for {employees} employees)")
                });
                actions.push(if zh {
                    format!("再增加 {more} 位联系人")
                } else {
                    format!("add {more} more contacts")
                });
            }
            "decision_share" => {
                let share = decimals(risk.decision_share.unwrap_or_default() * 100.0, 0);
                let min = decimals(rules.min_decision_share * 100.0, 0);
                let levels = list(&mut rules.decision_levels.iter().map(String::as_str), true);
                reasons.push(if zh {
                    format!("高层联系人占比 {share}%，低于 {min}%")
                } else {
                    format!("decision-level share {share}% is below {min}%")
                });
                actions.push(if zh {
                    format!("补充一位{levels}级联系人")
                } else {
                    format!("add a {levels} contact")
                });
            }
            _ => {
                let missing = list(
                    &mut risk.missing_departments.iter().map(|d| d.as_str()),
                    false,
                );
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
