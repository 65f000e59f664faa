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
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Read this config instead of VAULT/dossier.toml
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// How to print diagnostics (and the report: human, json or csv)
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail on warnings too
    #[arg(long, global = true)]
    pub strict: bool,
    /// The date that date-dependent figures are computed for (default: today)
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every note of the vault and report every problem found
    Check {
        /// The vault folder
        #[arg(default_value = ".")]
        vault: PathBuf,
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
    },
    /// Print the book of business: funnel, forecast, classifications, health,
    /// contact-coverage risk and follow-ups, as text, JSON or CSV
    Report {
        /// The vault folder
        #[arg(default_value = ".")]
        vault: PathBuf,
        /// The table to print with `--format csv`
        #[arg(long, value_enum)]
        table: Option<crate::render::tables::Table>,
        /// Begin CSV with a UTF-8 byte-order mark, for spreadsheet programs
        #[arg(long)]
        bom: bool,
    },
}
