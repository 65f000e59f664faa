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
            w.write_record([
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
            ])?;
            for c in &report.clients {
                let r = &c.contact_risk;
                w.write_record([
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
                ])?;
            }
        }
        Table::ActionPlan => {
            w.write_record([
                "priority",
                "code",
                "name",
                "owner",
                "annual_revenue",
                "reasons",
                "actions",
            ])?;
            for a in &report.contact_risk.action_plan {
                let (reasons, actions) =
                    crate::render::reasons::explain_client(config, words, &report.clients[a.row]);
                w.write_record([
                    a.priority.to_owned(),
                    opt(&a.code),
                    opt(&a.name),
                    opt(&a.owner),
                    money(a.annual_revenue),
                    joined(&reasons),
                    joined(&actions),
                ])?;
            }
        }
        Table::Funnel => {
            w.write_record([
                "key",
                "label",
                "count",
                "amount",
                "weighted_amount",
                "reached",
                "conversion",
            ])?;
            for s in &report.funnel.stages {
                w.write_record([
                    s.key.clone(),
                    s.label.clone(),
                    s.count.to_string(),
                    money(Some(s.amount)),
                    money(Some(s.weighted_amount)),
                    s.reached.to_string(),
                    opt(&s.conversion),
                ])?;
            }
        }
        Table::Forecast => {
            w.write_record(["month", "count", "amount", "weighted_amount"])?;
            for m in &report.forecast {
                w.write_record([
                    m.month.clone(),
                    m.count.to_string(),
                    money(Some(m.amount)),
                    money(Some(m.weighted_amount)),
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}
