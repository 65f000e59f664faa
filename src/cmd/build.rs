//! `dossier build`: check, then render and write the site. With errors
//! nothing is written unless `--allow-errors` is given.

use std::path::Path;

use super::{
    CannotRun, EXIT_PROBLEMS, diagnostics_format, exit_code, finish, options, print_diagnostics,
};
use crate::book::Book;
use crate::cli::Global;
use crate::site::OutputError;
use crate::site::write::{WriteError, check_output};

pub fn run(
    vault: &Path,
    output: Option<&Path>,
    allow_errors: bool,
    global: &Global,
) -> Result<u8, CannotRun> {
    let format = diagnostics_format(global)?;
    let mut book = Book::load(options(vault, global, output.map(Path::to_path_buf)))?;
    let target = book.output_dir();
    check_output(&target, vault).map_err(|e| CannotRun(e.to_string()))?;
    if book.diagnostics().fails(global.strict) && !allow_errors {
        print_diagnostics(&book, format);
        eprintln!("nothing written: fix the errors above, or pass --allow-errors");
        return Ok(EXIT_PROBLEMS);
    }
    let written = book.write_site(&target);
    print_diagnostics(&book, format);
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
