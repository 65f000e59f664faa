//! `dossier digest [--since DATE] [--format markdown|html|json]`: what
//! moved since a day (default: a week before the as-of date), for a chat
//! tool or an e-mail.

use std::io::Write as _;
use std::path::Path;

use chrono::NaiveDate;

use super::{CannotRun, options};
use crate::analytics::digest;
use crate::book::Book;
use crate::cli::{DigestFormat, Global};

pub fn run(
    vault: &Path,
    since: Option<NaiveDate>,
    format: DigestFormat,
    global: &Global,
) -> Result<u8, CannotRun> {
    let book = Book::load(options(vault, global, None))?;
    let as_of = book.as_of();
    let since = since.unwrap_or(as_of - chrono::Days::new(7));
    if since > as_of {
        return Err(CannotRun(format!(
            "`--since` {since} is after the day the files are read as of ({as_of}): nothing can have moved yet"
        )));
    }
    let status = book.report().history.status;
    if status != "read" && status != "partial" {
        return Err(CannotRun(format!(
            "{}: no history to compare with ({})",
            vault.display(),
            super::changes::why(status)
        )));
    }
    let changes = book.changes_since(since)?;
    let digest = digest::build(&changes, book.report(), since, as_of);
    let text = match format {
        DigestFormat::Json => serde_json::to_string_pretty(&digest).unwrap_or_default() + "\n",
        DigestFormat::Markdown => {
            crate::report::digest::markdown(&digest, book.config(), book.words())
        }
        DigestFormat::Html => crate::report::digest::html(&digest, book.config(), book.words()),
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(CannotRun(format!("cannot write the digest: {e}")));
    }
    Ok(0)
}
