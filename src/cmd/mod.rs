//! One file per subcommand; each opens a [`Book`], asks it for what the
//! command shows, and returns the exit code it ends with.

pub mod build;
pub mod changes;
pub mod check;
pub mod completions;
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

/// What a command is, for the options it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Check,
    Build,
    Report,
    Changes,
    Serve,
    Init,
    Completions,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Check => "check",
            Which::Build => "build",
            Which::Report => "report",
            Which::Changes => "changes",
            Which::Serve => "serve",
            Which::Init => "init",
            Which::Completions => "completions",
        }
    }
}

/// Refuses the options that mean nothing for a command, the same way for
/// every command (exit 2): "`--X` means nothing for `dossier CMD`".
pub fn refuse_meaningless(which: Which, global: &Global) -> Result<(), CannotRun> {
    let refuse = |option: &str, why: &str| -> Result<(), CannotRun> {
        Err(CannotRun(format!(
            "`{option}` means nothing for `dossier {}`{why}",
            which.name()
        )))
    };
    let reads_vault = !matches!(which, Which::Init | Which::Completions);
    if !reads_vault {
        if global.config.is_some() {
            return refuse("--config", "");
        }
        if global.as_of.is_some() {
            return refuse("--as-of", "");
        }
    }
    if global.at.is_some() && !matches!(which, Which::Check | Which::Build | Which::Report) {
        let why = match which {
            Which::Changes => " (give `--since` and `--until`)",
            Which::Serve => " (the preview follows the files as they are saved)",
            _ => "",
        };
        return refuse("--at", why);
    }
    let formats: &[Format] = match which {
        Which::Check | Which::Build => &[Format::Human, Format::Json, Format::Github],
        Which::Report => &[Format::Human, Format::Json, Format::Csv],
        Which::Changes => &[Format::Human, Format::Json],
        Which::Serve | Which::Init | Which::Completions => &[],
    };
    if let Some(format) = global.format
        && !formats.contains(&format)
    {
        let name = format!("--format {}", format_name(format));
        let why = if formats.is_empty() {
            String::new()
        } else {
            let list: Vec<&str> = formats.iter().map(|f| format_name(*f)).collect();
            format!(" (it prints as {})", list.join(", "))
        };
        return refuse(&name, &why);
    }
    let checks = matches!(which, Which::Check | Which::Build | Which::Report);
    if global.strict && !checks {
        return refuse("--strict", "");
    }
    // The options of the human list of problems.
    let lists = matches!(which, Which::Check | Which::Build) && global.format() == Format::Human;
    let why = if matches!(which, Which::Check | Which::Build) {
        format!(
            " with `--format {}`: it shapes the human list of problems",
            format_name(global.format())
        )
    } else {
        String::new()
    };
    let why = why.as_str();
    if global.quiet && !lists {
        return refuse("--quiet", why);
    }
    if global.max_per_code.is_some() && !lists {
        return refuse("--max-per-code", why);
    }
    if global.color.is_some() && !lists {
        return refuse("--color", why);
    }
    Ok(())
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
    let written = match global.format() {
        Format::Human => {
            let human = Human::of(global);
            let shape = diagnostics::HumanShape {
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
/// a large vault's model piece by piece would only make it exit later
/// (the past vault of `--at` is removed all the same).
pub fn finish(book: Book) {
    book.finish();
}
