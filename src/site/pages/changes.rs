//! The changes page: what moved in the last 7 days and the quarter to
//! date — clients and deals that came and went, stage moves, wins, losses,
//! amounts, health grades and contact-risk levels — from the vault's Git
//! history. Without a history it says why.

use std::collections::HashMap;

use super::pipeline::{deal_client, deal_href};
use super::{SHOWN, client_ref, layout, render};
use super::{template, title};
use crate::analytics::changes::{Changes, Move};
use crate::render::catalog::PageId;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::site::SiteIndex;
use crate::site::views::{ChangeGroup, ChangeRow, ChangesPage, ChangesPeriod};

/// The codes of the book as it is: client code → report row, deal code →
/// opportunity (published notes only).
struct Codes {
    clients: HashMap<String, usize>,
    deals: HashMap<String, usize>,
}

impl Codes {
    fn of(index: &SiteIndex) -> Codes {
        let model = &index.input.model;
        let mut clients = HashMap::new();
        for (row, f) in index.input.report.clients.iter().enumerate() {
            if let Some(code) = &f.code {
                clients.entry(code.to_string()).or_insert(row);
            }
        }
        let mut deals = HashMap::new();
        for (i, o) in model.published_opportunities() {
            if let Some(code) = &o.code {
                deals.entry(code.value.to_string()).or_insert(i);
            }
        }
        Codes { clients, deals }
    }
}

pub fn changes(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "changes.html";
    let t = &index.words;
    let status = &index.input.report.history;
    let view = ChangesPage {
        unavailable: if status.status == "read" {
            String::new()
        } else {
            label(t, &format!("history:{}", status.status)).to_owned()
        },
        commits: status.commits,
        first_commit: status.first_commit.clone().unwrap_or_default(),
        last_commit: status.last_commit.clone().unwrap_or_default(),
        digest_since: String::new(),
        digest: Vec::new(),
        periods: periods(index, page, &|_| true),
    };
    let view = with_digest(index, view);
    let layout = layout(index, page, title(index, PageId::Changes), page);
    render(templates, template(PageId::Changes), &layout, &view)
}

/// The week's digest, as `dossier digest` writes it, at the top of the
/// page: from the week's changes and the report.
fn with_digest(index: &SiteIndex, mut view: ChangesPage) -> ChangesPage {
    let input = index.input;
    let recent = input.changes.recent_changes();
    let Some((_, week)) = recent.iter().find(|(key, _)| *key == "week") else {
        return view;
    };
    let Ok(since) = week.since.parse::<chrono::NaiveDate>() else {
        return view;
    };
    let config = &input.model.config;
    let digest = crate::analytics::digest::build(week, input.report, since, input.model.as_of);
    view.digest_since = digest.since.clone();
    view.digest = crate::report::digest::sections(&digest, config, &index.words)
        .into_iter()
        .map(|(title, lines)| crate::site::views::DigestSection { title, lines })
        .collect();
    view
}

/// Whose a change is: a client's (its report row) or a deal's (its
/// opportunity); `None` for a code no longer in the book.
#[derive(Clone, Copy)]
pub(super) enum ChangeOf {
    Client(usize),
    Deal(usize),
}

/// What moved in each recent period (the last 7 days, the quarter to
/// date), as seen from `page`, only the changes `keep` keeps (a code no
/// longer in the book is kept when `keep(None)` is).
pub(super) fn periods(
    index: &SiteIndex,
    page: &str,
    keep: &dyn Fn(Option<ChangeOf>) -> bool,
) -> Vec<ChangesPeriod> {
    let t = &index.words;
    let codes = Codes::of(index);
    let whose_client = |code: &String| keep(codes.clients.get(code).map(|&r| ChangeOf::Client(r)));
    let whose_deal = |code: &String| keep(codes.deals.get(code).map(|&i| ChangeOf::Deal(i)));
    let client_row = |code: &str| -> ChangeRow {
        match codes.clients.get(code) {
            Some(&row) => {
                let c = client_ref(index, page, row);
                // A client's row names the client in the Client column
                // too, as a deal's row names its client.
                ChangeRow {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    href: c.href.clone(),
                    client: Some(c),
                    from: String::new(),
                    to: String::new(),
                    author: String::new(),
                }
            }
            None => bare(code),
        }
    };
    let deal_row = |code: &str| -> ChangeRow {
        match codes.deals.get(code) {
            Some(&i) => {
                let o = &index.input.model.opportunities[i];
                ChangeRow {
                    code: code.to_owned(),
                    name: o
                        .name
                        .as_ref()
                        .map(|n| n.value.to_string())
                        .unwrap_or_default(),
                    href: deal_href(index, page, o),
                    client: deal_client(index, page, o),
                    from: String::new(),
                    to: String::new(),
                    author: String::new(),
                }
            }
            None => bare(code),
        }
    };
    let stage = |key: &String| {
        if key.is_empty() {
            label(t, "none").to_owned()
        } else {
            label(t, &format!("stage:{key}")).to_owned()
        }
    };
    let amount = |m: &Option<crate::analytics::Money>| {
        m.map_or_else(|| label(t, "none").to_owned(), |m| index.amount(m.0))
    };
    let grade = |g: &Option<String>| {
        g.as_ref().map_or_else(
            || label(t, "none").to_owned(),
            |g| label(t, &format!("grade:{g}")).to_owned(),
        )
    };
    let level = |l: &String| label(t, &format!("risk:{l}")).to_owned();
    index
        .input
        .changes
        .recent_changes()
        .iter()
        .map(|(key, c)| {
            let Changes {
                new_clients,
                removed_clients,
                new_opportunities,
                stage_moves,
                won,
                lost,
                amount_changes,
                health_changes,
                risk_changes,
                ..
            } = c;
            let listed = |rows: &[String],
                          whose: &dyn Fn(&String) -> bool,
                          of: &dyn Fn(&str) -> ChangeRow|
             -> Vec<ChangeRow> {
                rows.iter()
                    .filter(|code| whose(code))
                    .map(|code| of(code))
                    .collect()
            };
            let by = |mut rows: Vec<ChangeRow>| {
                for r in &mut rows {
                    if let Some(name) = c.authors.get(&r.code) {
                        r.author = name.clone();
                    }
                }
                rows
            };
            let groups = [
                group(
                    t,
                    "new_clients",
                    false,
                    listed(new_clients, &whose_client, &client_row),
                ),
                group(
                    t,
                    "removed_clients",
                    false,
                    listed(removed_clients, &whose_client, &bare),
                ),
                group(t, "won", false, by(listed(won, &whose_deal, &deal_row))),
                group(t, "lost", false, by(listed(lost, &whose_deal, &deal_row))),
                group(
                    t,
                    "new_opportunities",
                    false,
                    listed(new_opportunities, &whose_deal, &deal_row),
                ),
                group(
                    t,
                    "stage_moves",
                    true,
                    by(moved(stage_moves, &whose_deal, &deal_row, &stage)),
                ),
                group(
                    t,
                    "amount_changes",
                    true,
                    moved(amount_changes, &whose_deal, &deal_row, &amount),
                ),
                group(
                    t,
                    "health_changes",
                    true,
                    moved(health_changes, &whose_client, &client_row, &grade),
                ),
                group(
                    t,
                    "risk_changes",
                    true,
                    moved(risk_changes, &whose_client, &client_row, &level),
                ),
            ]
            .into_iter()
            .filter(|g| g.count > 0)
            .collect::<Vec<_>>();
            ChangesPeriod {
                key,
                title: label(t, &format!("changes:{key}")).to_owned(),
                since: c.since.clone(),
                until: c.until.clone(),
                total: groups.iter().map(|g| g.count).sum(),
                groups,
            }
        })
        .collect()
}

/// A code no longer in the book (or not yet): shown as it is, unlinked.
fn bare(code: &str) -> ChangeRow {
    ChangeRow {
        code: code.to_owned(),
        name: String::new(),
        href: None,
        client: None,
        from: String::new(),
        to: String::new(),
        author: String::new(),
    }
}

fn moved<T>(
    moves: &[Move<T>],
    whose: &dyn Fn(&String) -> bool,
    of: &dyn Fn(&str) -> ChangeRow,
    word: &dyn Fn(&T) -> String,
) -> Vec<ChangeRow> {
    moves
        .iter()
        .filter(|m| whose(&m.code))
        .map(|m| ChangeRow {
            from: word(&m.from),
            to: word(&m.to),
            ..of(&m.code)
        })
        .collect()
}

fn group(
    t: &crate::render::i18n::Words,
    key: &'static str,
    moves: bool,
    mut rows: Vec<ChangeRow>,
) -> ChangeGroup {
    let count = rows.len();
    rows.truncate(SHOWN);
    ChangeGroup {
        key,
        title: label(t, &format!("change:{key}")).to_owned(),
        count,
        moves,
        by: rows.iter().any(|r| !r.author.is_empty()),
        rows,
        more: count.saturating_sub(SHOWN),
    }
}
