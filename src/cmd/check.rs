//! `dossier check`: every problem of every note, at its file, line and column.

use std::path::Path;

use super::{
    CannotRun, EXIT_OK, EXIT_PROBLEMS, diagnostics_format, load_and_check, print_diagnostics,
};
use crate::cli::Global;

pub fn run(vault: &Path, global: &Global) -> Result<u8, CannotRun> {
    let format = diagnostics_format(global)?;
    let checked = load_and_check(vault, global, |config| vec![vault.join(&config.output_dir)])?;
    print_diagnostics(&checked, format);
    Ok(if checked.diagnostics.fails(global.strict) {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    })
}
