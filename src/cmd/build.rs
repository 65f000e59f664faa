//! `dossier build`: check, then render and write the site. With errors
//! nothing is written unless `--allow-errors` is given.

use std::path::Path;

use super::progress::Progress;
use super::{CannotRun, EXIT_PROBLEMS, exit_code, finish, options, print_diagnostics};
use crate::book::Book;
use crate::cli::Global;
use crate::diagnostics::Format;
use crate::site::OutputError;
use crate::site::write::{WriteError, check_output};

pub fn run(
    vault: &Path,
    output: Option<&Path>,
    allow_errors: bool,
    global: &Global,
) -> Result<u8, CannotRun> {
    let progress = Progress::new(global.format() == Format::Human && !global.quiet);
    progress.stage("reading the vault");
    let mut opened = options(vault, global, output.map(Path::to_path_buf));
    opened.recent_changes = true;
    let loaded = Book::load(opened);
    let mut book = match loaded {
        Ok(book) => book,
        Err(e) => {
            progress.finish();
            return Err(e.into());
        }
    };
    if let Some(day) = global.at
        && book.commit().is_none()
    {
        progress.finish();
        return Err(CannotRun(format!(
            "{}: no commit is as old as {day}: the vault was not committed yet; give a later --at",
            vault.display()
        )));
    }
    if !book.config_file().is_file() && book.model().vault.notes.is_empty() {
        progress.finish();
        return Err(CannotRun(format!(
            "{} has no dossier.toml and no note: nothing to build (is this the vault? \
             `dossier init` starts one)",
            vault.display()
        )));
    }
    let target = book.output_dir();
    check_output(&target, vault).map_err(|e| CannotRun(e.to_string()))?;
    if book.diagnostics().fails(global.strict) && !allow_errors {
        progress.finish();
        print_diagnostics(&book, global);
        eprintln!("nothing written: fix the errors above, or pass --allow-errors");
        return Ok(EXIT_PROBLEMS);
    }
    progress.stage("writing pages");
    // The site's `data/report.json` is the report's JSON, its risks worded.
    book.report_in_words();
    let written = book.write_site(&target, &|| progress.page());
    progress.finish();
    print_diagnostics(&book, global);
    match written {
        Ok(files) => eprintln!(
            "wrote {files} files to {} (open {})",
            target.display(),
            target.join("index.html").display()
        ),
        Err(WriteError::Template(_)) => {
            eprintln!("nothing written: a template failed to render");
            return Ok(EXIT_PROBLEMS);
        }
        Err(WriteError::Output(OutputError::Refused(m))) => return Err(CannotRun(m)),
        Err(WriteError::Output(OutputError::Io(e))) => {
            return Err(CannotRun(format!("nothing written: {e}")));
        }
    }
    let code = exit_code(&book, global.strict);
    finish(book);
    Ok(code)
}
