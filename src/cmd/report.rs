//! `dossier report`: the book of business on standard output, as a short
//! text summary, the whole report as JSON, or one table as CSV. Problems of
//! the vault are summed up on standard error; with errors the report is
//! still printed (it leaves out what could not be read) and the exit code
//! is 1, as for `check`.

use std::io::Write;
use std::path::Path;

use super::{CannotRun, exit_code, finish, options};
use crate::analytics::Money;
use crate::book::Book;
use crate::cli::Global;
use crate::diagnostics::Format;
use crate::render::tables::{self, Table};

pub fn run(vault: &Path, table: Option<Table>, csv: Csv, global: &Global) -> Result<u8, CannotRun> {
    let format = global.format();
    let table = match (format, table) {
        (Format::Csv, None) => {
            return Err(CannotRun(
                "`--format csv` needs `--table`: clients, action-plan, funnel or forecast".into(),
            ));
        }
        (Format::Csv, Some(t)) => Some(t),
        (_, Some(_)) => return Err(without_csv("--table")),
        (_, None) if csv.bom => return Err(without_csv("--bom")),
        (_, None) if csv.labels => return Err(without_csv("--labels")),
        (_, None) => None,
    };
    let mut book = Book::load(options(vault, global, None))?;
    if format == Format::Json {
        book.report_in_words();
    }
    let report = book.report();
    // Written as it is rendered: a large vault's report is tens of megabytes.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match (format, table) {
        (Format::Json, _) => serde_json::to_writer_pretty(&mut out, report)
            .map_err(std::io::Error::other)
            .and_then(|()| out.write_all(b"\n")),
        (_, Some(table)) => {
            let style = tables::CsvStyle {
                bom: csv.bom,
                labels: csv.labels,
            };
            tables::write_csv(&mut out, report, table, style, book.config(), book.words())
        }
        _ => out.write_all(summary(&book).as_bytes()),
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(CannotRun(format!("cannot write the report: {e}")));
    }
    let d = book.diagnostics();
    if d.errors() + d.warnings() > 0 {
        eprintln!(
            "{} errors, {} warnings in the vault (`dossier check` shows them)",
            d.errors(),
            d.warnings()
        );
    }
    let code = exit_code(&book, global.strict);
    finish(book);
    Ok(code)
}

/// How `--format csv` writes its table.
#[derive(Debug, Clone, Copy, Default)]
pub struct Csv {
    pub bom: bool,
    pub labels: bool,
}

fn without_csv(option: &str) -> CannotRun {
    CannotRun(format!(
        "`{option}` means nothing for `dossier report` without `--format csv`"
    ))
}

fn money(m: Money) -> String {
    crate::render::money(m.0)
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0))
}

/// The headline figures, for a terminal.
fn summary(book: &Book) -> String {
    let r = book.report();
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
        let (_, actions) =
            crate::render::reasons::explain_client(book.config(), book.words(), &r.clients[a.row]);
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
