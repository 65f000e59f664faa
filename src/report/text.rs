//! The report as text for a terminal: the headline figures of
//! `dossier report`, with the first rows of its lists.

use crate::analytics::{Money, Report};
use crate::config::Config;
use crate::render::i18n::Words;

fn money(m: Money) -> String {
    crate::render::money(m.0)
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0))
}

/// The headline figures, for a terminal.
pub fn summary(r: &Report, config: &Config, words: &Words) -> String {
    use std::fmt::Write;
    let f = &r.funnel;
    let mut s = String::new();
    let _ = writeln!(s, "as of {}: {} clients", r.as_of, r.clients.len());
    let _ = writeln!(
        s,
        "pipeline: {} open deals, {} (weighted {}); won {} ({}); lost {}; win rate {}",
        f.open_count,
        money(f.open_amount),
        money(f.weighted_amount),
        f.won_count,
        money(f.won_amount),
        f.lost_count,
        percent(f.win_rate)
    );
    for stage in &f.stages {
        let _ = writeln!(
            s,
            "  {:<14} {:>4} deals {:>14}  reached {:>4}  conversion {}",
            stage.key,
            stage.count,
            money(stage.amount),
            stage.reached,
            percent(stage.conversion)
        );
    }
    let _ = writeln!(
        s,
        "contact risk: {} high, {} medium, {} low",
        r.contact_risk.high, r.contact_risk.medium, r.contact_risk.low
    );
    let plan = &r.contact_risk.action_plan;
    for a in plan.iter().take(SUMMARY_ROWS) {
        let (_, actions) = super::reasons::explain_client(config, words, &r.clients[a.row]);
        let _ = writeln!(
            s,
            "  {} {} {}: {}",
            a.priority,
            a.code.as_deref().unwrap_or(""),
            a.name.as_deref().unwrap_or(""),
            actions.join("; ")
        );
    }
    more(&mut s, plan.len());
    let _ = writeln!(s, "follow-ups overdue: {}", r.follow_ups_overdue.len());
    for o in r.follow_ups_overdue.iter().take(SUMMARY_ROWS) {
        let _ = writeln!(
            s,
            "  {} {}: {} days (last contact {})",
            o.code.as_deref().unwrap_or(""),
            o.name.as_deref().unwrap_or(""),
            o.overdue_days,
            o.last_contact
        );
    }
    more(&mut s, r.follow_ups_overdue.len());
    let _ = writeln!(
        s,
        "rotting deals: {}, at risk {}",
        r.stale_opportunities.len(),
        money(r.amount_at_risk)
    );
    for d in r.stale_opportunities.iter().take(SUMMARY_ROWS) {
        let idle = d.idle_days.map_or_else(
            || "never followed up".to_owned(),
            |n| format!("{n} days idle"),
        );
        let client = d
            .client
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  {}{client}: {idle}, limit {} days",
            named(d.code.as_deref(), d.name.as_deref()),
            d.rot_days.unwrap_or_default()
        );
    }
    more(&mut s, r.stale_opportunities.len());
    if !r.opportunities_left_out.is_empty() {
        let _ = writeln!(
            s,
            "left out of every figure (their stage does not read; `dossier check` says why): {}",
            r.opportunities_left_out.len()
        );
        for d in r.opportunities_left_out.iter().take(SUMMARY_ROWS) {
            let _ = writeln!(
                s,
                "  {} in {}",
                named(d.code.as_deref(), d.name.as_deref()),
                d.file
            );
        }
        more(&mut s, r.opportunities_left_out.len());
    }
    s
}

/// A deal as a line names it: its code and name, either alone when the
/// other is missing.
fn named(code: Option<&str>, name: Option<&str>) -> String {
    match (code, name) {
        (Some(c), Some(n)) if c != n => format!("{c} {n}"),
        (Some(c), _) => c.to_owned(),
        (None, Some(n)) => n.to_owned(),
        (None, None) => "(no code or name)".to_owned(),
    }
}

/// Lists in the summary stop here; `--format json` or `csv` has them all.
const SUMMARY_ROWS: usize = 10;

fn more(s: &mut String, total: usize) {
    use std::fmt::Write;
    if total > SUMMARY_ROWS {
        let _ = writeln!(
            s,
            "  … {} more (--format json lists all)",
            total - SUMMARY_ROWS
        );
    }
}
