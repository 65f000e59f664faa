//! One file per subcommand; each opens a [`Book`], asks it for what the
//! command shows, and returns the exit code it ends with.

pub mod build;
pub mod changes;
pub mod check;
pub mod completions;
pub mod demo;
pub mod digest;
pub mod init;
pub mod progress;
pub mod report;
pub mod serve;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::book::{Book, CannotLoad, Options};
use crate::cli::{ColorChoice, Global};
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
        withheld_now: None,
        vault: vault.to_path_buf(),
        config: global.config.clone(),
        as_of: global.as_of,
        output,
        at: global.at,
        recent_changes: false,
        skip_history: false,
    }
}

/// Refuses what clap cannot: the options that shape the human list of
/// problems (`--quiet`, `--max-per-code`, `--color`) with another
/// `--format` (exit 2): "`--X` means nothing for `dossier CMD` with
/// `--format json`: it shapes the human list of problems".
pub fn refuse_list_options(command: &str, global: &Global) -> Result<(), CannotRun> {
    if global.format() == Format::Human {
        return Ok(());
    }
    let given = [
        ("--quiet", global.quiet),
        ("--max-per-code", global.max_per_code.is_some()),
        ("--color", global.color.is_some()),
    ];
    match given.iter().find(|(_, given)| *given) {
        Some((option, _)) => Err(CannotRun(format!(
            "`{option}` means nothing for `dossier {command}` with `--format {}`: it shapes the human list of problems",
            format_name(global.format())
        ))),
        None => Ok(()),
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Human => "human",
        Format::Json => "json",
        Format::Github => "github",
        Format::Csv => "csv",
    }
}

/// How human output looks, from the options and the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Human {
    pub color: bool,
    pub quiet: bool,
    /// At most this many problems of one code are shown (`None`: all).
    pub max_per_code: Option<usize>,
}

impl Human {
    pub fn of(global: &Global) -> Human {
        let terminal = std::io::stdout().is_terminal();
        // NO_COLOR counts when it is set to something (no-color.org).
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match global.color.unwrap_or(ColorChoice::Auto) {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color,
        };
        let max_per_code = match global.max_per_code {
            Some(0) => None,
            Some(n) => Some(n),
            None => terminal.then_some(DEFAULT_MAX_PER_CODE),
        };
        Human {
            color,
            quiet: global.quiet,
            max_per_code,
        }
    }
}

/// Problems of one code shown on a terminal before the rest are counted.
pub const DEFAULT_MAX_PER_CODE: usize = 20;

/// Prints the book's diagnostics in the chosen format on standard output,
/// as they are rendered (a large vault's diagnostics never sit in memory
/// as text whole).
pub fn print_diagnostics(book: &Book, global: &Global) {
    let files = book.files_read();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let diagnostics = book.diagnostics();
    let language = global.lang.unwrap_or(book.config().language);
    let written = match global.format() {
        Format::Human => {
            let human = Human::of(global);
            let shape = diagnostics::HumanShape {
                language,
                color: human.color,
                errors_only: human.quiet,
                max_per_code: human.max_per_code,
            };
            diagnostics::write_human(
                &mut out,
                diagnostics,
                &|file| book.source_of(file),
                files,
                shape,
            )
        }
        Format::Json => diagnostics::write_json(&mut out, diagnostics, files, language),
        Format::Github => diagnostics::write_github(&mut out, diagnostics, language),
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
/// a large vault's model piece by piece would only make it exit later
/// (the past vault of `--at` is removed all the same).
pub fn finish(book: Book) {
    book.finish();
}
