//! The report's forms, shared by `dossier report` and the site: the text
//! summary for a terminal, the JSON of the whole report, its tables as CSV,
//! and the reasons and actions of the action plan in the vault's language.
//! The figures come from `analytics`; the words are put on here.

mod csv;
pub mod digest;
mod reasons;
mod text;

pub use csv::{CsvStyle, Table, csv, write_csv};
pub use reasons::{explain_client, fill};
pub use text::summary;

/// The whole report as JSON, as `dossier report --format json` prints it.
pub fn write_json(
    out: &mut dyn std::io::Write,
    report: &crate::analytics::Report,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// The report's JSON with the reasons and actions of every risk worded,
/// as `report --format json` prints it, from a report that may not be
/// worded yet (the preview's, which words a risk only where a page shows
/// it): the words are set into the JSON, the report is left as it is.
pub fn write_json_in_words(
    out: &mut dyn std::io::Write,
    report: &crate::analytics::Report,
    config: &crate::config::Config,
    words: &crate::render::i18n::Words,
) -> std::io::Result<()> {
    let worded = |c: &crate::analytics::ClientFigures| {
        c.contact_risk.level == "low" || !c.contact_risk.reasons.is_empty()
    };
    if report.clients.iter().all(worded) {
        return write_json(out, report);
    }
    let mut json = serde_json::to_value(report).map_err(std::io::Error::other)?;
    let explained: Vec<Option<(Vec<String>, Vec<String>)>> = report
        .clients
        .iter()
        .map(|c| (!worded(c)).then(|| explain_client(config, words, c)))
        .collect();
    for (k, words) in explained.iter().enumerate() {
        if let Some((reasons, actions)) = words {
            let risk = &mut json["clients"][k]["contact_risk"];
            risk["reasons"] = serde_json::json!(reasons);
            risk["actions"] = serde_json::json!(actions);
        }
    }
    for (k, row) in report.contact_risk.action_plan.iter().enumerate() {
        if let Some(Some((reasons, actions))) = explained.get(row.row) {
            let plan = &mut json["contact_risk"]["action_plan"][k];
            plan["reasons"] = serde_json::json!(reasons);
            plan["actions"] = serde_json::json!(actions);
        }
    }
    serde_json::to_writer_pretty(&mut *out, &json).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
