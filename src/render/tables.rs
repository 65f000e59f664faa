//! The report's tables as CSV: what `report --format csv --table` prints
//! and what the site offers for download. The reasons and actions of the
//! action plan are worded here, in the vault's language.

use crate::analytics::{Money, Report};
use crate::config::Config;
use crate::render::i18n::Words;

/// The tables that can be written as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    Clients,
    ActionPlan,
    Funnel,
    Forecast,
}

fn money(m: Option<Money>) -> String {
    m.map(|m| serde_json::to_string(&m).unwrap_or_default())
        .unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Writes one row, each cell made safe for spreadsheets: text that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a
/// formula (`=HYPERLINK(...)` in a client's name), so it gets a leading `'`;
/// numbers stay as they are.
fn record<I, S>(w: &mut csv::Writer<&mut dyn std::io::Write>, cells: I) -> csv::Result<()>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    w.write_record(
        cells
            .into_iter()
            .map(|c| neutralised(c.as_ref()).into_owned()),
    )
}

fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Lists inside one cell are joined with `; `.
fn joined<T: AsRef<str>>(items: &[T]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The table as UTF-8 CSV with a header row; `bom` puts a byte-order mark
/// first, which spreadsheet programs need to read Chinese text correctly.
pub fn csv(report: &Report, table: Table, bom: bool, config: &Config, words: &Words) -> Vec<u8> {
    let mut out = Vec::new();
    let result = write_csv(&mut out, report, table, bom, config, words);
    debug_assert!(result.is_ok(), "writing CSV into memory cannot fail");
    out
}

/// `csv`, written to `out` row by row.
pub fn write_csv(
    out: &mut dyn std::io::Write,
    report: &Report,
    table: Table,
    bom: bool,
    config: &Config,
    words: &Words,
) -> std::io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    write(&mut w, report, table, config, words).map_err(std::io::Error::other)
}

fn write(
    w: &mut csv::Writer<&mut dyn std::io::Write>,
    report: &Report,
    table: Table,
    config: &Config,
    words: &Words,
) -> csv::Result<()> {
    match table {
        Table::Clients => {
            record(
                w,
                [
                    "code",
                    "name",
                    "file",
                    "tier",
                    "value_tier",
                    "status",
                    "industry",
                    "region",
                    "scale",
                    "source",
                    "owner",
                    "annual_revenue",
                    "contract_value",
                    "employees",
                    "contact_count",
                    "health_score",
                    "health_grade",
                    "risk_level",
                    "density_permille",
                    "decision_share",
                    "missing_departments",
                    "failures",
                    "last_contact",
                    "follow_up_overdue_days",
                ],
            )?;
            for c in &report.clients {
                let r = &c.contact_risk;
                record(
                    w,
                    [
                        opt(&c.code),
                        opt(&c.name),
                        c.file.clone(),
                        opt(&c.tier),
                        c.value_tier.to_owned(),
                        opt(&c.status),
                        opt(&c.industry),
                        opt(&c.region),
                        opt(&c.scale),
                        opt(&c.source),
                        opt(&c.owner),
                        money(c.annual_revenue),
                        money(c.contract_value),
                        opt(&c.employees),
                        c.contact_count.to_string(),
                        opt(&c.health.score),
                        opt(&c.health.grade),
                        r.level.to_owned(),
                        opt(&r.density_permille),
                        opt(&r.decision_share),
                        joined(&r.missing_departments),
                        joined(&r.failures),
                        opt(&c.last_contact),
                        opt(&c.follow_up_overdue_days),
                    ],
                )?;
            }
        }
        Table::ActionPlan => {
            record(
                w,
                [
                    "priority",
                    "code",
                    "name",
                    "owner",
                    "annual_revenue",
                    "reasons",
                    "actions",
                ],
            )?;
            for a in &report.contact_risk.action_plan {
                let (reasons, actions) =
                    crate::render::reasons::explain_client(config, words, &report.clients[a.row]);
                record(
                    w,
                    [
                        a.priority.to_owned(),
                        opt(&a.code),
                        opt(&a.name),
                        opt(&a.owner),
                        money(a.annual_revenue),
                        joined(&reasons),
                        joined(&actions),
                    ],
                )?;
            }
        }
        Table::Funnel => {
            record(
                w,
                [
                    "key",
                    "label",
                    "count",
                    "amount",
                    "weighted_amount",
                    "reached",
                    "conversion",
                ],
            )?;
            for s in &report.funnel.stages {
                record(
                    w,
                    [
                        s.key.clone(),
                        s.label.clone(),
                        s.count.to_string(),
                        money(Some(s.amount)),
                        money(Some(s.weighted_amount)),
                        s.reached.to_string(),
                        opt(&s.conversion),
                    ],
                )?;
            }
        }
        Table::Forecast => {
            record(w, ["month", "count", "amount", "weighted_amount"])?;
            for m in &report.forecast {
                record(
                    w,
                    [
                        m.month.clone(),
                        m.count.to_string(),
                        money(Some(m.amount)),
                        money(Some(m.weighted_amount)),
                    ],
                )?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::neutralised;

    #[test]
    fn cells_that_read_as_formulas_are_neutralised_numbers_are_not() {
        for (cell, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+86 138", "'+86 138"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-5", "-5"),
            ("+1.5", "+1.5"),
            ("东义集团", "东义集团"),
            ("", ""),
        ] {
            assert_eq!(neutralised(cell), want, "{cell:?}");
        }
    }
}
