//! One file per subcommand; each opens a [`Book`], asks it for what the
//! command shows, and returns the exit code it ends with.

pub mod build;
pub mod check;
pub mod report;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::book::{Book, CannotLoad, Options};
use crate::cli::Global;
use crate::diagnostics::{self, Format};

/// Exit codes: the contract with scripts and CI.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_CANNOT_RUN: u8 = 2;

/// A command that could not run at all (exit 2).
#[derive(Debug)]
pub struct CannotRun(pub String);

impl std::fmt::Display for CannotRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<CannotLoad> for CannotRun {
    fn from(e: CannotLoad) -> Self {
        CannotRun(e.0)
    }
}

/// How the global options open a book of the vault at `vault`; `output`
/// is where `build` writes, when given.
pub fn options(vault: &Path, global: &Global, output: Option<PathBuf>) -> Options {
    Options {
        vault: vault.to_path_buf(),
        config: global.config.clone(),
        as_of: global.as_of,
        output,
    }
}

/// Refuses `--format csv` for the commands that print diagnostics only.
pub fn diagnostics_format(global: &Global) -> Result<Format, CannotRun> {
    match global.format {
        Format::Csv => Err(CannotRun(
            "--format csv is for `dossier report`; diagnostics print as human, json or github"
                .into(),
        )),
        format => Ok(format),
    }
}

/// Prints the book's diagnostics in the chosen format on standard output,
/// as they are rendered (a large vault's diagnostics never sit in memory
/// as text whole).
pub fn print_diagnostics(book: &Book, format: Format) {
    let files = book.files_read();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let diagnostics = book.diagnostics();
    let written = match format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            diagnostics::write_human(
                &mut out,
                diagnostics,
                &|file| book.source_of(file),
                files,
                color,
            )
        }
        Format::Json => diagnostics::write_json(&mut out, diagnostics, files),
        Format::Github => diagnostics::write_github(&mut out, diagnostics),
        Format::Csv => unreachable!("refused before loading"),
    };
    // A closed pipe (`dossier check | head`) is not a failure of the check.
    let _ = written.and_then(|()| std::io::Write::flush(&mut out));
}

/// The exit code of a run with these diagnostics.
pub fn exit_code(book: &Book, strict: bool) -> u8 {
    if book.diagnostics().fails(strict) {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// Ends a command's use of its book: the process exits next, and freeing
/// a large vault's model piece by piece would only make it exit later.
pub fn finish(book: Book) {
    std::mem::forget(book);
}
