//! The weekly digest: what moved since a day, for a Monday pipeline
//! review in a chat tool or an e-mail. Won, lost and new deals, stage
//! moves with who made them, close dates moved later, follow-ups newly
//! overdue, rotting deals and the next steps due in the coming week. It
//! reads what the changes and the report already hold: nothing private is
//! in either.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::Money;
use super::Report;
use super::changes::Changes;
use super::deals::DealRow;

/// A deal as the digest names it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DealLine {
    pub code: String,
    pub name: Option<String>,
    pub client: Option<String>,
    pub owner: Option<String>,
    pub amount: Option<Money>,
    /// Who moved it where it is (won, lost), when the history says.
    pub author: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageMoveLine {
    pub code: String,
    pub name: Option<String>,
    pub from: String,
    pub to: String,
    pub author: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlipLine {
    pub code: String,
    pub name: Option<String>,
    /// The day of the commit that moved the date.
    pub date: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub author: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FollowUpLine {
    pub code: Option<String>,
    pub name: Option<String>,
    pub owner: Option<String>,
    pub due: NaiveDate,
    pub overdue_days: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RotLine {
    pub code: Option<String>,
    pub name: Option<String>,
    pub stage: String,
    pub owner: Option<String>,
    pub idle_days: Option<i64>,
    pub amount: Option<Money>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NextStepLine {
    pub code: Option<String>,
    pub name: Option<String>,
    pub owner: Option<String>,
    pub next_step: Option<String>,
    pub date: NaiveDate,
}

/// `dossier digest` and the top of the changes page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Digest {
    pub since: String,
    pub until: String,
    pub won: Vec<DealLine>,
    pub lost: Vec<DealLine>,
    pub new_deals: Vec<DealLine>,
    pub stage_moves: Vec<StageMoveLine>,
    /// Changes of an open deal's close date to a later one, in the period.
    pub slips: Vec<SlipLine>,
    /// Clients whose follow-up fell due in the period and is overdue now.
    pub newly_overdue: Vec<FollowUpLine>,
    /// The rotting open deals now.
    pub rotting: Vec<RotLine>,
    /// Open deals whose next step is dated in the seven days from the
    /// as-of date.
    pub next_steps_due: Vec<NextStepLine>,
}

/// The digest of the period `changes` covers, from `since` (exclusive) to
/// `as_of`.
pub fn build(changes: &Changes, report: &Report, since: NaiveDate, as_of: NaiveDate) -> Digest {
    let rows: HashMap<&str, &DealRow> = report
        .opportunities
        .iter()
        .filter_map(|d| Some((d.code.as_deref()?, d)))
        .collect();
    let name_of = |code: &str| {
        rows.get(code)
            .and_then(|d| d.name.as_deref().map(str::to_owned))
    };
    let deal = |code: &String| {
        let row = rows.get(code.as_str());
        DealLine {
            code: code.clone(),
            name: row.and_then(|d| d.name.as_deref().map(str::to_owned)),
            client: row.and_then(|d| d.client.as_deref().map(str::to_owned)),
            owner: row.and_then(|d| d.owner.as_deref().map(str::to_owned)),
            amount: row.and_then(|d| d.amount),
            author: changes.authors.get(code).cloned(),
        }
    };
    let open_codes: HashMap<&str, bool> = report
        .opportunities
        .iter()
        .filter_map(|d| Some((d.code.as_deref()?, d.outcome == "open")))
        .collect();
    let mut slips: Vec<SlipLine> = report
        .opportunity_history
        .iter()
        .filter(|d| open_codes.get(d.code.as_str()).copied().unwrap_or(false))
        .flat_map(|d| {
            d.close_dates
                .iter()
                .filter(|c| c.date > since && c.date <= as_of && c.to > c.from)
                .map(|c| SlipLine {
                    code: d.code.to_string(),
                    name: name_of(&d.code),
                    date: c.date,
                    from: c.from,
                    to: c.to,
                    author: c.author.as_ref().map(|a| a.to_string()),
                })
        })
        .collect();
    slips.sort_by(|a, b| (a.date, &a.code).cmp(&(b.date, &b.code)));
    let newly_overdue = report
        .clients
        .iter()
        .filter_map(|c| {
            let overdue = c.follow_up_overdue_days.filter(|d| *d > 0)?;
            let due: NaiveDate = c.follow_up_due.as_deref()?.parse().ok()?;
            (due >= since && due < as_of).then(|| FollowUpLine {
                code: c.code.as_deref().map(str::to_owned),
                name: c.name.as_deref().map(str::to_owned),
                owner: c.owner.as_deref().map(str::to_owned),
                due,
                overdue_days: overdue,
            })
        })
        .collect();
    let rotting = report
        .stale_opportunities
        .iter()
        .map(|s| RotLine {
            code: s.code.as_deref().map(str::to_owned),
            name: s.name.as_deref().map(str::to_owned),
            stage: s.stage.as_deref().unwrap_or_default().to_owned(),
            // The deal's owner, else its client's (as the deal list says).
            owner: s
                .owner
                .as_deref()
                .or_else(|| rows.get(s.code.as_deref()?)?.owner.as_deref())
                .map(str::to_owned),
            idle_days: s.idle_days,
            amount: s.amount,
        })
        .collect();
    let week = as_of + chrono::Days::new(7);
    let mut next_steps_due: Vec<NextStepLine> = report
        .opportunities
        .iter()
        .filter(|d| d.outcome == "open")
        .filter_map(|d| {
            let date = d.next_step_date.filter(|n| *n >= as_of && *n < week)?;
            Some(NextStepLine {
                code: d.code.as_deref().map(str::to_owned),
                name: d.name.as_deref().map(str::to_owned),
                owner: d.owner.as_deref().map(str::to_owned),
                next_step: d.next_step.as_deref().map(str::to_owned),
                date,
            })
        })
        .collect();
    next_steps_due.sort_by(|a, b| (a.date, &a.code).cmp(&(b.date, &b.code)));
    Digest {
        since: since.to_string(),
        until: as_of.to_string(),
        won: changes.won.iter().map(deal).collect(),
        lost: changes.lost.iter().map(deal).collect(),
        new_deals: changes.new_opportunities.iter().map(deal).collect(),
        stage_moves: changes
            .stage_moves
            .iter()
            .map(|m| StageMoveLine {
                code: m.code.clone(),
                name: name_of(&m.code),
                from: m.from.clone(),
                to: m.to.clone(),
                author: m.author.clone(),
            })
            .collect(),
        slips,
        newly_overdue,
        rotting,
        next_steps_due,
    }
}
