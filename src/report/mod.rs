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
