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

/// How a CSV table is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvStyle {
    /// A byte-order mark first, which spreadsheet programs need to read
    /// Chinese text correctly.
    pub bom: bool,
    /// Headers and values in the vault's language (`客户编号`, `战略客户`)
    /// instead of the keys (`code`, `strategic`).
    pub labels: bool,
}

/// The table as UTF-8 CSV with a header row.
pub fn csv(
    report: &Report,
    table: Table,
    style: CsvStyle,
    config: &Config,
    words: &Words,
) -> Vec<u8> {
    let mut out = Vec::new();
    let result = write_csv(&mut out, report, table, style, config, words);
    debug_assert!(result.is_ok(), "writing CSV into memory cannot fail");
    out
}

/// `csv`, written to `out` row by row.
pub fn write_csv(
    out: &mut dyn std::io::Write,
    report: &Report,
    table: Table,
    style: CsvStyle,
    config: &Config,
    words: &Words,
) -> std::io::Result<()> {
    if style.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    let cells = Cells {
        words,
        labels: style.labels,
    };
    write(&mut w, report, table, config, &cells).map_err(std::io::Error::other)
}

/// The header word of each column key (the key itself in key mode).
const HEADERS: &[(&str, &str)] = &[
    ("code", "code"),
    ("name", "name"),
    ("file", "file"),
    ("tier", "tier"),
    ("value_tier", "value_tier"),
    ("status", "status"),
    ("industry", "industry"),
    ("region", "region"),
    ("scale", "scale"),
    ("source", "source"),
    ("owner", "owner"),
    ("annual_revenue", "annual_revenue"),
    ("contract_value", "contract_value"),
    ("employees", "employees"),
    ("contact_count", "contact_count"),
    ("health_score", "health_score"),
    ("health_grade", "grade"),
    ("risk_level", "risk_level"),
    ("density_permille", "density_permille"),
    ("decision_share", "decision_share"),
    ("missing_departments", "missing_departments"),
    ("failures", "reasons"),
    ("last_contact", "last_contact"),
    ("follow_up_overdue_days", "overdue_days"),
    ("priority", "priority"),
    ("reasons", "reasons"),
    ("actions", "actions"),
    ("key", "stage_key"),
    ("label", "stage"),
    ("count", "count"),
    ("amount", "amount"),
    ("weighted_amount", "weighted_amount"),
    ("reached", "reached"),
    ("conversion", "conversion"),
    ("month", "month"),
];

/// Cells of one table: keys, or words of the vault's language.
struct Cells<'a> {
    words: &'a Words,
    labels: bool,
}

impl Cells<'_> {
    fn header<'k>(&'k self, key: &'k str) -> &'k str {
        if !self.labels {
            return key;
        }
        let word = HEADERS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, w)| w);
        crate::render::i18n::label(self.words, word)
    }

    fn headers(&self, keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| self.header(k).to_owned()).collect()
    }

    /// An enum value: the key, or its label (`prefix` + key in the words).
    fn value(&self, prefix: &str, value: Option<&str>) -> String {
        let Some(value) = value else {
            return String::new();
        };
        if !self.labels {
            return value.to_owned();
        }
        let key = format!("{prefix}{value}");
        let word = crate::render::i18n::label(self.words, &key);
        if word == key { value } else { word }.to_owned()
    }

    /// A list of enum values, joined.
    fn values<T: AsRef<str>>(&self, prefix: &str, values: &[T]) -> String {
        let shown: Vec<String> = values
            .iter()
            .map(|v| self.value(prefix, Some(v.as_ref())))
            .collect();
        joined(&shown)
    }
}

/// A ratio rounded to `places` decimals, written without trailing zeros.
fn ratio(value: Option<f64>, places: i32) -> String {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return String::new();
    };
    let factor = 10f64.powi(places);
    let rounded = (v * factor).round() / factor;
    let text = format!("{rounded:.*}", places as usize);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

const CLIENT_COLUMNS: [&str; 24] = [
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
];

fn write(
    w: &mut csv::Writer<&mut dyn std::io::Write>,
    report: &Report,
    table: Table,
    config: &Config,
    cells: &Cells,
) -> csv::Result<()> {
    match table {
        Table::Clients => {
            record(w, cells.headers(&CLIENT_COLUMNS))?;
            for c in &report.clients {
                let r = &c.contact_risk;
                record(
                    w,
                    [
                        opt(&c.code),
                        opt(&c.name),
                        c.file.clone(),
                        cells.value("tier:", c.tier.as_deref()),
                        cells.value("tier:", Some(c.value_tier)),
                        cells.value("", c.status.as_deref()),
                        opt(&c.industry),
                        opt(&c.region),
                        cells.value("", c.scale.as_deref()),
                        cells.value("", c.source.as_deref()),
                        opt(&c.owner),
                        money(c.annual_revenue),
                        money(c.contract_value),
                        opt(&c.employees),
                        c.contact_count.to_string(),
                        opt(&c.health.score),
                        cells.value("grade:", c.health.grade),
                        cells.value("risk:", Some(r.level)),
                        ratio(r.density_permille, 2),
                        ratio(r.decision_share, 3),
                        cells.values("", &r.missing_departments),
                        cells.values("failure:", &r.failures),
                        opt(&c.last_contact),
                        opt(&c.follow_up_overdue_days),
                    ],
                )?;
            }
        }
        Table::ActionPlan => {
            let columns = [
                "priority",
                "code",
                "name",
                "owner",
                "annual_revenue",
                "reasons",
                "actions",
            ];
            record(w, cells.headers(&columns))?;
            for a in &report.contact_risk.action_plan {
                let (reasons, actions) =
                    super::reasons::explain_client(config, cells.words, &report.clients[a.row]);
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
            let columns = [
                "key",
                "label",
                "count",
                "amount",
                "weighted_amount",
                "reached",
                "conversion",
            ];
            record(w, cells.headers(&columns))?;
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
                        ratio(s.conversion, 3),
                    ],
                )?;
            }
        }
        Table::Forecast => {
            record(
                w,
                cells.headers(&["month", "count", "amount", "weighted_amount"]),
            )?;
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
    use super::{neutralised, ratio};

    #[test]
    fn ratios_are_rounded_and_written_short() {
        assert_eq!(ratio(Some(1.0 / 6.0), 3), "0.167");
        assert_eq!(ratio(Some(0.5), 3), "0.5");
        assert_eq!(ratio(Some(0.504_999), 2), "0.5");
        assert_eq!(ratio(Some(2.0), 2), "2");
        assert_eq!(ratio(None, 2), "");
        assert_eq!(ratio(Some(f64::NAN), 2), "");
    }

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
