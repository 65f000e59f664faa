//! What moved between two states of the book: clients and deals that came
//! and went, stage moves, wins and losses, amounts, health grades and
//! contact-risk levels. Each state is a `Snapshot` of a book (codes and
//! figures only), so that a past book need not be kept.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Report;
use crate::config::Outcome;
use crate::model::Model;

/// What of one state of the book the changes compare; it is kept between
/// runs as it is (`.git/dossier/`, `history::cache`).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// Client code → (health grade, contact-risk level).
    clients: BTreeMap<String, (Option<String>, String)>,
    /// Deal code → (stage, amount, outcome).
    deals: BTreeMap<String, (String, Option<f64>, Option<Outcome>)>,
    /// Codes of clients and deals in private notes: nothing is said of
    /// them, then or now.
    withheld: BTreeSet<String>,
}

impl Snapshot {
    pub fn of(model: &Model, report: &Report) -> Snapshot {
        let mut snap = Snapshot::default();
        for c in &report.clients {
            if let Some(code) = &c.code {
                snap.clients.entry(code.to_string()).or_insert((
                    c.health.grade.map(str::to_owned),
                    c.contact_risk.level.to_owned(),
                ));
            }
        }
        for c in &model.clients {
            if let Some(code) = &c.code
                && !model.shown(c.note)
            {
                snap.withheld.insert(code.value.to_string());
            }
        }
        for o in &model.opportunities {
            let Some(code) = &o.code else { continue };
            if !model.shown(o.note) {
                snap.withheld.insert(code.value.to_string());
                continue;
            }
            snap.deals.entry(code.value.to_string()).or_insert((
                o.stage
                    .as_ref()
                    .map(|s| s.value.to_string())
                    .unwrap_or_default(),
                o.amount.as_ref().map(|a| a.value),
                o.outcome(&model.config),
            ));
        }
        snap
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Move<T> {
    pub code: String,
    pub from: T,
    pub to: T,
    /// For a stage move, who made it (`Changes::authors`); null for the
    /// other changes.
    pub author: Option<String>,
}

/// `dossier changes` and the changes page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    pub since: String,
    pub until: String,
    pub new_clients: Vec<String>,
    pub removed_clients: Vec<String>,
    pub new_opportunities: Vec<String>,
    pub stage_moves: Vec<Move<String>>,
    pub won: Vec<String>,
    pub lost: Vec<String>,
    pub amount_changes: Vec<Move<Option<super::Money>>>,
    pub health_changes: Vec<Move<Option<String>>>,
    pub risk_changes: Vec<Move<String>>,
    /// For each deal of `stage_moves`, `won` and `lost`, the name of the
    /// author of the commit that moved it into the stage it is in now
    /// (the last such move in the period); never an e-mail, none with
    /// `[history] authors = false` or for a move not yet committed.
    pub authors: BTreeMap<String, String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.new_clients.is_empty()
            && self.removed_clients.is_empty()
            && self.new_opportunities.is_empty()
            && self.stage_moves.is_empty()
            && self.won.is_empty()
            && self.lost.is_empty()
            && self.amount_changes.is_empty()
            && self.health_changes.is_empty()
            && self.risk_changes.is_empty()
    }
}

/// What moved from `before` to `after`. Whatever is private in either is
/// left out of both.
pub fn between(before: &Snapshot, after: &Snapshot, since: String, until: String) -> Changes {
    let hidden = |code: &String| before.withheld.contains(code) || after.withheld.contains(code);
    let mut out = Changes {
        since,
        until,
        ..Changes::default()
    };
    for (code, (health, risk)) in &after.clients {
        if hidden(code) {
            continue;
        }
        match before.clients.get(code) {
            None => out.new_clients.push(code.clone()),
            Some((was_health, was_risk)) => {
                if was_health != health {
                    out.health_changes.push(Move {
                        code: code.clone(),
                        from: was_health.clone(),
                        to: health.clone(),
                        author: None,
                    });
                }
                if was_risk != risk {
                    out.risk_changes.push(Move {
                        code: code.clone(),
                        from: was_risk.clone(),
                        to: risk.clone(),
                        author: None,
                    });
                }
            }
        }
    }
    out.removed_clients = (before.clients.keys())
        .filter(|c| !after.clients.contains_key(*c) && !hidden(c))
        .cloned()
        .collect();
    for (code, (stage, amount, outcome)) in &after.deals {
        if hidden(code) {
            continue;
        }
        let was = before.deals.get(code);
        if was.is_none() {
            out.new_opportunities.push(code.clone());
        }
        let was_outcome = was.and_then(|w| w.2);
        match outcome {
            Some(Outcome::Won) if was_outcome != Some(Outcome::Won) => out.won.push(code.clone()),
            Some(Outcome::Lost) if was_outcome != Some(Outcome::Lost) => {
                out.lost.push(code.clone())
            }
            _ => {}
        }
        let Some((was_stage, was_amount, _)) = was else {
            continue;
        };
        if was_stage != stage {
            out.stage_moves.push(Move {
                code: code.clone(),
                from: was_stage.clone(),
                to: stage.clone(),
                author: None,
            });
        }
        if was_amount != amount {
            out.amount_changes.push(Move {
                code: code.clone(),
                from: was_amount.map(super::Money),
                to: amount.map(super::Money),
                author: None,
            });
        }
    }
    out
}

/// Names who moved each deal of `changes` into its stage now: the author
/// of the last stage change after `since` in the deal's history (which
/// already leaves names out when `[history] authors = false`).
pub fn name_authors(
    changes: &mut Changes,
    history: &[super::history::DealHistory],
    since: chrono::NaiveDate,
) {
    let by_code: std::collections::HashMap<&str, &super::history::DealHistory> =
        history.iter().map(|d| (d.code.as_str(), d)).collect();
    let mover = |code: &str| -> Option<String> {
        let deal = by_code.get(code)?;
        let span = deal.stages.last().filter(|s| s.entered > since)?;
        span.author.as_ref().map(|a| a.to_string())
    };
    let codes: Vec<String> = changes
        .stage_moves
        .iter()
        .map(|m| m.code.clone())
        .chain(changes.won.iter().cloned())
        .chain(changes.lost.iter().cloned())
        .collect();
    for code in codes {
        if let Some(name) = mover(&code) {
            changes.authors.insert(code, name);
        }
    }
    for m in &mut changes.stage_moves {
        m.author = changes.authors.get(&m.code).cloned();
    }
}
