//! The figures of each client: value tier, health, contact-coverage risk
//! and follow-up, with the business warnings they raise.

use rayon::prelude::*;

use serde::Serialize;

use super::Money;
use super::risk::{self, RiskFigures};
use super::tiers::tier_steps;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::config::Config;
use crate::diagnostics::Pos;
use crate::diagnostics::{Diagnostic, Message};
use crate::model::fields::{Field, Str};
use crate::model::{Client, Contact, Model};

#[derive(Debug, Clone, Serialize)]
pub struct HealthFigures {
    pub score: Option<f64>,
    pub grade: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientFigures {
    pub code: Option<Str>,
    pub name: Option<Str>,
    pub file: String,
    pub tier: Option<Str>,
    pub value_tier: &'static str,
    pub status: Option<Str>,
    pub industry: Option<Str>,
    pub region: Option<Str>,
    pub scale: Option<Str>,
    pub source: Option<Str>,
    pub owner: Option<Str>,
    pub annual_revenue: Option<Money>,
    pub contract_value: Option<Money>,
    pub employees: Option<i64>,
    pub contact_count: usize,
    pub health: HealthFigures,
    pub contact_risk: RiskFigures,
    /// The later of the written `last_contact` and the latest interaction
    /// dated on or before the as-of date.
    pub last_contact: Option<Str>,
    /// `last_contact` as a day, for the figures worked out from it.
    #[serde(skip)]
    pub last_contact_day: Option<chrono::NaiveDate>,
    /// Where `last_contact` comes from: `written`, `interaction`, or null.
    pub last_contact_source: Option<&'static str>,
    /// Recency, frequency and monetary value, against the means of all
    /// clients (`rfm.rs`).
    pub rfm: super::rfm::RfmFigures,
    /// Days past the tier's cadence: 0 when on time, null without a
    /// last contact.
    pub follow_up_overdue_days: Option<i64>,
    pub cadence_days: u32,
    /// When the next contact is due: `last_contact` + cadence.
    pub follow_up_due: Option<Str>,
    /// What to do next with the client, and by when.
    pub next_step: Option<Str>,
    pub next_step_date: Option<chrono::NaiveDate>,
    /// Days the next step is past its date, when no interaction dated on
    /// or after it took it.
    pub next_step_overdue_days: Option<i64>,
    /// Index into `model.clients`.
    #[serde(skip)]
    pub client: usize,
    /// Index into the vault's notes.
    #[serde(skip)]
    pub note: usize,
    /// Person notes (indexes into `model.people`) counted among the
    /// client's contacts, besides those written in the client note.
    #[serde(skip)]
    pub people: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    pub code: Option<Str>,
    pub name: Option<Str>,
    pub tier: Option<Str>,
    pub owner: Option<Str>,
    pub last_contact: Str,
    pub cadence_days: u32,
    pub overdue_days: i64,
    /// Index into the report's `clients`.
    #[serde(skip)]
    pub row: usize,
}

fn text(field: &Option<Field<Str>>) -> Option<Str> {
    field.as_ref().map(|f| f.value.clone())
}

/// Where a warning about the client as a whole points: its code, else its
/// name, else the top of the file.
fn anchor(client: &Client) -> Pos {
    client
        .code
        .as_ref()
        .or(client.name.as_ref())
        .map_or(Pos::new(1, 1), |f| f.pos)
}

/// The figures of every client in `clients` (indexes into `model.clients`),
/// in code order.
/// A client's figures and the warnings found while working them out.
type Figured = (ClientFigures, Vec<Diagnostic>);

pub(super) fn figures(
    model: &Model,
    clients: &[usize],
    value_tiers: &[&'static str],
    mut reuse: Option<&mut super::Reuse>,
) -> (Vec<ClientFigures>, Vec<Vec<Diagnostic>>) {
    let config = &model.config;
    // The report lists clients by code (those without one last), then file.
    // The keys are read once, not at every comparison.
    type Key<'m> = (bool, Option<&'m str>, &'m str);
    let mut keyed: Vec<(Key, (usize, &'static str))> = clients
        .iter()
        .copied()
        .zip(value_tiers.iter().copied())
        .map(|(i, tier)| {
            let c = &model.clients[i];
            let code = c.code.as_ref().map(|f| f.value.as_str());
            let path = model.vault.notes[c.note].path.as_str();
            ((code.is_none(), code, path), (i, tier))
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let order: Vec<(usize, &'static str)> = keyed.into_iter().map(|(_, o)| o).collect();
    // A client whose note did not change, and whose value tier did not,
    // has the figures it had. Boxed: a build reuses nothing, and a list of
    // empty slots the size of the figures would be tens of megabytes at
    // 50,000 clients.
    let reused: Vec<Option<Box<Figured>>> = order
        .iter()
        .map(|&(i, value_tier)| {
            let reuse = reuse.as_deref_mut()?;
            let note = model.clients[i].note;
            if reuse.fresh.contains(&note) {
                return None;
            }
            let row = *reuse.by_note.get(&note)?;
            let (mut f, w) = reuse.figures.get_mut(row)?.take()?;
            (f.value_tier == value_tier).then(|| {
                f.client = i;
                Box::new((f, w))
            })
        })
        .collect();
    // Each client on its own: figured side by side, each with its warnings,
    // straight into the two lists.
    order
        .into_par_iter()
        .zip(reused.into_par_iter())
        .map(|((i, value_tier), reused)| {
            if let Some(done) = reused {
                return *done;
            }
            let mut warnings = Vec::new();
            let warnings = &mut warnings;
            let client = &model.clients[i];
            let file = model.vault.notes[client.note].path.as_str();
            let mut contacts: Vec<&Contact> = client.contacts.iter().collect();
            let mut counted_people: Vec<usize> = Vec::new();
            {
                // A person note that names the client (or that the client
                // links) counts, unless the client note lists the same
                // name itself. Two person notes of one name are two notes:
                // both count, and a warning asks whether they are one
                // person.
                let client_name = client
                    .code
                    .as_ref()
                    .or(client.name.as_ref())
                    .map_or_else(|| file.to_owned(), |f| f.value.to_string());
                for p in model.published_people_of(i) {
                    let person = &*model.people[p];
                    let written = text(&person.name);
                    if client.contacts.iter().any(|c| text(&c.name) == written) {
                        continue;
                    }
                    let twin = counted_people
                        .iter()
                        .find(|&&q| written.is_some() && text(&model.people[q].name) == written);
                    if let (Some(name), Some(&twin)) = (&person.name, twin) {
                        let first = &model.vault.notes[model.people[twin].note].path;
                        let second = &model.vault.notes[person.note].path;
                        warnings.push(Diagnostic::new(
                            second,
                            name.pos,
                            Message::ContactDuplicate {
                                name: name.value.to_string(),
                                client: client_name.to_string(),
                                first: first.clone(),
                                second: second.clone(),
                            },
                        ));
                    }
                    contacts.push(person);
                    counted_people.push(p);
                }
            }
            let employees = client.employees.as_ref().map(|e| e.value);
            if employees.is_none_or(|e| e <= 0) {
                warnings.push(Diagnostic::new(
                    file,
                    client.employees.as_ref().map_or(anchor(client), |e| e.pos),
                    Message::EmployeesMissing,
                ));
            }
            let declared = text(&client.tier);
            if let (Some(tier), Some(steps)) = (
                &client.tier,
                declared.as_deref().and_then(|d| tier_steps(d, value_tier)),
            ) && steps >= 2
            {
                warnings.push(Diagnostic::new(
                    file,
                    tier.pos,
                    Message::TierMismatch {
                        declared: tier.value.to_string(),
                        steps,
                        value_tier: value_tier.to_string(),
                    },
                ));
            }
            let cadence = cadence_days(config, declared.as_deref());
            let (last_contact, source) = last_contact(model, i);
            let (overdue, due) = match &last_contact {
                Some(last) => {
                    let overdue = (model.as_of - last.day).num_days() - i64::from(cadence);
                    if overdue > 0 {
                        let at = match &last.interaction {
                            None => last.pos,
                            Some(_) => anchor(client),
                        };
                        warnings.push(Diagnostic::new(
                            file,
                            at,
                            Message::FollowUpOverdue {
                                last: last.day.to_string(),
                                via: last.interaction.as_ref().map(|p| p.to_string()),
                                overdue_days: overdue,
                                cadence_days: cadence,
                                tier: declared.as_deref().unwrap_or("normal").to_owned(),
                            },
                        ));
                    }
                    let due = last.day + chrono::Days::new(u64::from(cadence));
                    (
                        Some(overdue.max(0)),
                        Some(compact_str::format_compact!("{due}")),
                    )
                }
                None => {
                    warnings.push(Diagnostic::new(
                        file,
                        anchor(client),
                        Message::LastContactMissing,
                    ));
                    (None, None)
                }
            };
            let next_step_overdue =
                super::deals::next_step_overdue(model, Some(i), client.next_step_date.as_ref());
            if let (Some(days), Some(date)) = (next_step_overdue, &client.next_step_date) {
                warnings.push(Diagnostic::new(
                    file,
                    date.pos,
                    Message::NextStepOverdue {
                        record: crate::diagnostics::message::Record::Client,
                        name: client
                            .name
                            .as_ref()
                            .or(client.code.as_ref())
                            .map_or_else(String::new, |n| n.value.to_string()),
                        step: client
                            .next_step
                            .as_ref()
                            .map_or_else(String::new, |s| s.value.to_string()),
                        date: date.value.to_string(),
                        days,
                    },
                ));
            }
            let figures = ClientFigures {
                code: text(&client.code),
                name: text(&client.name),
                file: file.to_owned(),
                tier: declared,
                value_tier,
                status: text(&client.status),
                industry: text(&client.industry),
                region: text(&client.region),
                scale: text(&client.scale),
                source: text(&client.source),
                owner: text(&client.owner),
                annual_revenue: client.annual_revenue.as_ref().map(|m| Money(m.value)),
                contract_value: client.contract_value.as_ref().map(|m| Money(m.value)),
                employees,
                contact_count: contacts.len(),
                health: health(config, client),
                contact_risk: risk::figures(config, employees, &contacts),
                last_contact: last_contact
                    .as_ref()
                    .map(|d| compact_str::format_compact!("{}", d.day)),
                last_contact_day: last_contact.as_ref().map(|d| d.day),
                last_contact_source: source,
                rfm: super::rfm::RfmFigures::default(),
                follow_up_overdue_days: overdue,
                cadence_days: cadence,
                follow_up_due: due,
                next_step: text(&client.next_step),
                next_step_date: client.next_step_date.as_ref().map(|d| d.value),
                next_step_overdue_days: next_step_overdue,
                client: i,
                note: client.note,
                people: counted_people,
            };
            // Most clients have one warning or two: a list grown by pushes
            // would hold room for four.
            let mut warnings = std::mem::take(warnings);
            warnings.shrink_to_fit();
            (figures, warnings)
        })
        .unzip()
}

/// A client's last contact: its day, where it was written, and the
/// interaction's file when it came from one.
struct LastContact {
    day: chrono::NaiveDate,
    pos: Pos,
    interaction: Option<String>,
    /// Where the day came from: `written`, `interaction`, or
    /// `interaction_file_name` (an interaction dated by its name).
    source: &'static str,
}

/// The later of client `ci`'s written `last_contact` and its latest
/// published interaction dated on or before the as-of date (an interaction
/// planned for later has not happened yet); on a tie, the written one.
fn last_contact(model: &Model, ci: usize) -> (Option<LastContact>, Option<&'static str>) {
    let written = model.clients[ci]
        .last_contact
        .as_ref()
        .map(|d| LastContact {
            day: d.value,
            pos: d.pos,
            interaction: None,
            source: "written",
        });
    let met = super::rfm::interaction_days(model, ci)
        .filter(|(day, _)| *day <= model.as_of)
        .max_by_key(|(day, note)| (*day, std::cmp::Reverse(*note)))
        .map(|(day, note)| {
            let named = model.records[note]
                .interaction
                .is_some_and(|k| model.interactions[k].date_from_file_name);
            LastContact {
                day,
                pos: Pos::new(1, 1),
                interaction: Some(model.vault.notes[note].path.clone()),
                source: if named {
                    "interaction_file_name"
                } else {
                    "interaction"
                },
            }
        });
    let last = match (written, met) {
        (Some(w), Some(m)) if m.day > w.day => Some(m),
        (Some(w), _) => Some(w),
        (None, met) => met,
    };
    let source = last.as_ref().map(|l| l.source);
    (last, source)
}

/// The follow-up cadence of a declared tier; a client without one (or with
/// a tier the config does not know) follows `normal`, else the last tier.
fn cadence_days(config: &Config, tier: Option<&str>) -> u32 {
    tier.and_then(|t| config.tier(t))
        .or_else(|| config.tier("normal"))
        .or(config.tiers.last())
        .map_or(30, |t| t.cadence_days)
}

/// Weighted mean of the configured dimensions present, rounded to 2
/// decimals, and its grade.
/// Weighted mean of the configured dimensions present, rounded half up to
/// 2 decimals, and its grade. Worked out in decimal: a weight of `0.3` is
/// three tenths and a score of `3.625` rounds to `3.63`, whatever the order
/// of the sums (binary floating point would make it 3.62 or 3.63 by
/// chance).
fn health(config: &Config, client: &Client) -> HealthFigures {
    let none = HealthFigures {
        score: None,
        grade: None,
    };
    let mut sum = Decimal::ZERO;
    let mut weights = Decimal::ZERO;
    for dim in &config.health.dimensions {
        let Some(weight) = crate::config::exact(dim.weight) else {
            continue;
        };
        if let Some(entry) = client.health.iter().find(|h| h.key.value == dim.key) {
            let (Some(s), Some(w)) = (
                sum.checked_add(weight.checked_mul(entry.score).unwrap_or(Decimal::MAX)),
                weights.checked_add(weight),
            ) else {
                return none;
            };
            sum = s;
            weights = w;
        }
    }
    if weights <= Decimal::ZERO {
        return none;
    }
    let Some(mean) = sum.checked_div(weights) else {
        return none;
    };
    let score = mean.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let grades = &config.health.grades;
    let reaches = |threshold: f64| crate::config::exact(threshold).is_some_and(|t| score >= t);
    let grade = if reaches(grades.excellent) {
        "excellent"
    } else if reaches(grades.good) {
        "good"
    } else if reaches(grades.fair) {
        "fair"
    } else {
        "poor"
    };
    HealthFigures {
        score: score.to_f64(),
        grade: Some(grade),
    }
}

/// Overdue clients, most overdue first, then by code.
pub(super) fn follow_ups(figures: &[ClientFigures]) -> Vec<FollowUp> {
    let mut out: Vec<FollowUp> = figures
        .iter()
        .enumerate()
        .filter(|(_, f)| f.follow_up_overdue_days.is_some_and(|d| d > 0))
        .map(|(row, f)| FollowUp {
            code: f.code.clone(),
            name: f.name.clone(),
            tier: f.tier.clone(),
            owner: f.owner.clone(),
            last_contact: f.last_contact.clone().unwrap_or_default(),
            cadence_days: f.cadence_days,
            overdue_days: f.follow_up_overdue_days.unwrap_or_default(),
            row,
        })
        .collect();
    out.sort_by(|a, b| {
        b.overdue_days
            .cmp(&a.overdue_days)
            .then_with(|| a.code.cmp(&b.code))
    });
    out
}
