//! One file per subcommand; each returns the exit code it ends with.

pub mod build;
pub mod check;
pub mod report;

use std::io::IsTerminal;
use std::path::Path;

use crate::analytics::Report;
use crate::check::Resolutions;
use crate::cli::Global;
use crate::config::Config;
use crate::diagnostics::{self, Diagnostics, Format};
use crate::model::Model;
use crate::timings;

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

/// A vault read, typed and checked.
pub struct Checked {
    pub model: Model,
    pub diagnostics: Diagnostics,
    pub resolutions: Resolutions,
    /// The book of business for the as-of date.
    pub report: Report,
}

/// Loads config and vault and runs every check. `skip` lists folders the
/// walk must not enter (the output folder).
pub fn load_and_check(
    vault: &Path,
    global: &Global,
    skip: impl FnOnce(&Config) -> Vec<std::path::PathBuf>,
) -> Result<Checked, CannotRun> {
    if !vault.is_dir() {
        return Err(CannotRun(format!(
            "{}: not a folder (give the vault folder)",
            vault.display()
        )));
    }
    let config =
        Config::load(vault, global.config.as_deref()).map_err(|e| CannotRun(e.to_string()))?;
    let as_of = global
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let skip = skip(&config);
    let model = {
        let _t = timings::stage("load");
        Model::load(vault, config, skip, as_of)
    };
    let (report, business) = {
        let _t = timings::stage("analytics");
        crate::analytics::compute(&model)
    };
    let (diagnostics, resolutions) = {
        let _t = timings::stage("check");
        crate::check::check(&model, business)
    };
    Ok(Checked {
        model,
        diagnostics,
        resolutions,
        report,
    })
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

/// Prints the diagnostics in the chosen format on standard output.
pub fn print_diagnostics(checked: &Checked, format: Format) {
    let vault = &checked.model.vault;
    let files = vault.files_read();
    let out = match format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            diagnostics::render_human(
                &checked.diagnostics,
                &|file| vault.source_of(file).map(str::to_owned),
                files,
                color,
            )
        }
        Format::Json => diagnostics::render_json(&checked.diagnostics, files),
        Format::Github => diagnostics::render_github(&checked.diagnostics),
        Format::Csv => unreachable!("refused before loading"),
    };
    print!("{out}");
}
