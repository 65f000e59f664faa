//! The command line: clap definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::diagnostics::Format;

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Check a vault of Markdown client notes and build it into a static CRM site"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where a vault's config comes from and the day its figures are for:
/// every command that reads a vault takes them.
#[derive(Debug, Clone, Default, Args)]
pub struct VaultOptions {
    /// Read this config instead of VAULT/dossier.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date that date-dependent figures are computed for (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
}

/// `--at`, for the commands that read one state of the vault.
#[derive(Debug, Clone, Default, Args)]
pub struct AtOption {
    /// Read the vault as committed on the last commit on or before the end
    /// of this day, from Git (the work tree is left alone); the as-of date
    /// defaults to it
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub at: Option<chrono::NaiveDate>,
}

/// How `check` and `build` print the problems they find.
#[derive(Debug, Clone, Default, Args)]
pub struct ListOptions {
    /// How to print the problems [default: human]
    #[arg(long, value_enum)]
    pub format: Option<ListFormat>,
    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
    /// The language of the problems (default: the vault's `language`)
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<crate::diagnostics::Language>,
    /// Colour in human output: auto (on a terminal, unless NO_COLOR is set), always or never [default: auto]
    #[arg(long, value_enum)]
    pub color: Option<ColorChoice>,
    /// Print only errors and the summary (human output)
    #[arg(long, short)]
    pub quiet: bool,
    /// Show at most N problems of one code, then how many more (human output;
    /// 0 shows all) [default: 20 on a terminal, else all]
    #[arg(long, value_name = "N")]
    pub max_per_code: Option<usize>,
}

/// The formats of the list of problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
    Github,
}

/// The formats of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
    Csv,
}

/// The formats of `dossier digest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DigestFormat {
    Markdown,
    Html,
    Json,
}

/// The formats of `dossier changes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChangesFormat {
    Human,
    Json,
}

impl From<ListFormat> for Format {
    fn from(f: ListFormat) -> Format {
        match f {
            ListFormat::Human => Format::Human,
            ListFormat::Json => Format::Json,
            ListFormat::Github => Format::Github,
        }
    }
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Format {
        match f {
            ReportFormat::Human => Format::Human,
            ReportFormat::Json => Format::Json,
            ReportFormat::Csv => Format::Csv,
        }
    }
}

impl From<ChangesFormat> for Format {
    fn from(f: ChangesFormat) -> Format {
        match f {
            ChangesFormat::Human => Format::Human,
            ChangesFormat::Json => Format::Json,
        }
    }
}

/// What the commands share, gathered from the options each command
/// takes (what a command does not take stays unset).
#[derive(Debug, Clone, Default)]
pub struct Global {
    pub config: Option<PathBuf>,
    pub format: Option<Format>,
    pub strict: bool,
    pub as_of: Option<chrono::NaiveDate>,
    pub at: Option<chrono::NaiveDate>,
    pub color: Option<ColorChoice>,
    pub quiet: bool,
    pub max_per_code: Option<usize>,
    pub lang: Option<crate::diagnostics::Language>,
}

impl Global {
    /// The output format asked for, human when none was.
    pub fn format(&self) -> Format {
        self.format.unwrap_or(Format::Human)
    }

    /// The options of a command that reads a vault.
    pub fn of_vault(vault: &VaultOptions) -> Global {
        Global {
            config: vault.config.clone(),
            as_of: vault.as_of,
            ..Global::default()
        }
    }

    /// With `--at`.
    pub fn at(mut self, at: &AtOption) -> Global {
        self.at = at.at;
        self
    }

    /// With the options of the list of problems.
    pub fn listing(mut self, list: &ListOptions) -> Global {
        self.format = list.format.map(Format::from);
        self.strict = list.strict;
        self.color = list.color;
        self.quiet = list.quiet;
        self.max_per_code = list.max_per_code;
        self.lang = list.lang;
        self
    }
}

/// When human output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The shells `dossier completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

/// The language of the notes and the site that `dossier init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InitLanguage {
    En,
    Zh,
}

/// A day given on the command line: `YYYY-MM-DD` within
/// [`crate::model::fields::DAYS`] (clap exits 2 on anything else).
fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    let days = crate::model::fields::DAYS;
    let day = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10 && s.as_bytes()[0].is_ascii_digit())
        .ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))?;
    if !days.contains(&day) {
        return Err(format!(
            "`{s}` is outside the days dossier works with, {} to {}",
            days.start(),
            days.end()
        ));
    }
    Ok(day)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every note of the vault and report every problem found
    Check {
        /// The vault folder
        #[arg(default_value = ".")]
        vault: PathBuf,
        #[command(flatten)]
        source: VaultOptions,
        #[command(flatten)]
        at: AtOption,
        #[command(flatten)]
        list: ListOptions,
    },
    /// Check the vault and build the static site
    Build {
        /// The vault folder
        #[arg(default_value = ".")]
        vault: PathBuf,
        /// Where to write the site (default: `output_dir` of the config, `public/` in the vault)
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Write the site even when there are errors (the problems page lists them)
        #[arg(long)]
        allow_errors: bool,
        #[command(flatten)]
        source: VaultOptions,
        #[command(flatten)]
        at: AtOption,
        #[command(flatten)]
        list: ListOptions,
    },
    /// Build the site in memory, serve it on 127.0.0.1, rebuild on every save
    /// and reload the browser
    Serve {
        /// The vault folder
        #[arg(default_value = ".")]
        vault: PathBuf,
        /// The port (the next free one is taken when it is busy; 0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback makes the site
        /// reachable from the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Poll the vault for changes instead of using the OS's file events
        /// (network drives, containers, or when the inotify limit is reached)
        #[arg(long)]
        poll: bool,
        #[command(flatten)]
        source: VaultOptions,
    },
    /// Start a vault: a dossier.toml with every key explained, a client, a deal
    /// and a meeting note, a .gitignore and CI recipes (GitHub Actions, GitLab CI)
    Init {
        /// The folder to create the vault in
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the built-in templates into DIR/templates/ to override them
        /// (in a vault that exists already, only the templates are written)
        #[arg(long)]
        templates: bool,
        /// Write into a folder that is not empty (files dossier would write
        /// are replaced; others are left as they are)
        #[arg(long)]
        force: bool,
        /// The language of the notes and of the site
        #[arg(long, value_enum, default_value_t = InitLanguage::En)]
        language: InitLanguage,
        /// Write the example book instead, as a Git repository with six months
        /// of dated commits by three people (needs `git`)
        #[arg(long, conflicts_with_all = ["templates", "language", "force"])]
        demo: bool,
    },
    /// Print the completion script of a shell (source it from the shell's
    /// startup file)
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// What moved between two dates, read from the vault's Git history: new and
    /// removed clients and deals, stage moves, wins, losses, amounts, health and risk
    Changes {
        /// The vault folder
        #[arg(default_value = ".")]
        vault: PathBuf,
        /// From the vault as committed at the end of this day
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        since: chrono::NaiveDate,
        /// To the vault as committed at the end of this day (default: the files as they are)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        until: Option<chrono::NaiveDate>,
        /// How to print the changes [default: human]
        #[arg(long, value_enum)]
        format: Option<ChangesFormat>,
        #[command(flatten)]
        source: VaultOptions,
    },
    /// The weekly digest, read from the vault's Git history: won, lost and new
    /// deals, stage moves with who made them, close dates moved later, follow-ups
    /// newly overdue, rotting deals, next steps due this week
    Digest {
        /// The vault folder
        #[arg(default_value = ".")]
        vault: PathBuf,
        /// From the vault as committed at the end of this day (default: seven
        /// days before the as-of date)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        since: Option<chrono::NaiveDate>,
        /// Markdown for a chat tool, HTML for an e-mail, or JSON
        #[arg(long, value_enum, default_value_t = DigestFormat::Markdown)]
        format: DigestFormat,
        #[command(flatten)]
        source: VaultOptions,
    },
    /// Print the book of business: funnel, forecast, classifications, health,
    /// contact-coverage risk and follow-ups, as text, JSON or CSV
    Report {
        /// The vault folder
        #[arg(default_value = ".")]
        vault: PathBuf,
        /// The table to print with `--format csv`
        #[arg(long, value_enum)]
        table: Option<crate::report::Table>,
        /// Begin CSV with a UTF-8 byte-order mark, for spreadsheet programs
        #[arg(long)]
        bom: bool,
        /// CSV headers and values in the vault's language (`客户编号`, `战略客户`)
        /// instead of the keys (`code`, `strategic`)
        #[arg(long)]
        labels: bool,
        /// How to print the report [default: human]
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Fail on warnings too
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        source: VaultOptions,
        #[command(flatten)]
        at: AtOption,
    },
}
