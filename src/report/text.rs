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
    let _ = writeln!(s, "stale deals: {}", r.stale_opportunities.len());
    s
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
