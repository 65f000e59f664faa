//! `dossier check`: every problem of every note, at its file, line and column.

use std::path::Path;

use super::{CannotRun, exit_code, finish, options, print_diagnostics};
use crate::book::Book;
use crate::cli::Global;

pub fn run(vault: &Path, global: &Global) -> Result<u8, CannotRun> {
    let book = Book::load(options(vault, global, None))?;
    print_diagnostics(&book, global);
    let code = exit_code(&book, global.strict);
    finish(book);
    Ok(code)
}
