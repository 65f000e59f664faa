//! `dossier report`: the book of business on standard output, as a short
//! text summary, the whole report as JSON, or one table as CSV. Problems of
//! the vault are summed up on standard error; with errors the report is
//! still printed (it leaves out what could not be read) and the exit code
//! is 1, as for `check`.

use std::io::Write;
use std::path::Path;

use super::{CannotRun, exit_code, finish, options};
use crate::book::Book;
use crate::cli::Global;
use crate::diagnostics::Format;
use crate::report::{CsvStyle, Table};

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
        (Format::Json, _) => crate::report::write_json(&mut out, report),
        (_, Some(table)) => {
            let style = CsvStyle {
                bom: csv.bom,
                labels: csv.labels,
            };
            crate::report::write_csv(&mut out, report, table, style, book.config(), book.words())
        }
        _ => out.write_all(
            crate::report::summary(book.report(), book.config(), book.words()).as_bytes(),
        ),
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(CannotRun(format!("cannot write the report: {e}")));
    }
    let d = book.diagnostics();
    if d.errors() + d.warnings() > 0 {
        let counts = crate::diagnostics::Frame::InTheVault {
            errors: d.errors(),
            warnings: d.warnings(),
        };
        eprintln!(
            "{}",
            crate::diagnostics::frame(&counts, book.config().language)
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
