//! `dossier changes --since DATE [--until DATE]`: what moved between the
//! vault as committed at the end of one day and at the end of another (or
//! the files as they are), as text or JSON.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use chrono::NaiveDate;

use super::{CannotRun, options};
use crate::analytics::changes::{Changes, Move};
use crate::book::Book;
use crate::cli::Global;
use crate::diagnostics::Format;

pub fn run(
    vault: &Path,
    since: NaiveDate,
    until: Option<NaiveDate>,
    global: &Global,
) -> Result<u8, CannotRun> {
    if until.is_some_and(|u| u < since) {
        return Err(CannotRun(format!(
            "`--until` comes before `--since` ({} < {since})",
            until.unwrap_or(since)
        )));
    }
    let mut opened = options(vault, global, None);
    opened.at = until;
    let book = Book::load(opened)?;
    if until.is_none() && since > book.as_of() {
        return Err(CannotRun(format!(
            "`--since` {since} is after the day the files are read as of ({}): nothing can have moved yet",
            book.as_of()
        )));
    }
    let status = book.report().history.status;
    if status != "read" && status != "partial" {
        return Err(CannotRun(format!(
            "{}: no history to compare with ({})",
            vault.display(),
            why(status)
        )));
    }
    let changes = book.changes_since(since)?;
    let text = match global.format() {
        Format::Json => serde_json::to_string_pretty(&changes).unwrap_or_default() + "\n",
        _ => human(&changes, until.is_none()),
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(CannotRun(format!("cannot write the changes: {e}")));
    }
    Ok(0)
}

/// Why the history is empty, for a sentence.
pub fn why(status: &str) -> &'static str {
    match status {
        "off" => "`[history] enabled = false` in dossier.toml",
        "not_a_repository" => "the vault is not in a Git repository",
        "shallow_clone" => {
            "the repository is a shallow clone; `git fetch --unshallow` brings its history"
        }
        "no_commits" => "the repository has no commit yet",
        _ => "the repository could not be read",
    }
}

fn human(c: &Changes, to_files: bool) -> String {
    use crate::diagnostics::printable;
    let mut out = String::new();
    let until = if to_files {
        format!("{} (the files as they are)", c.until)
    } else {
        c.until.clone()
    };
    let _ = writeln!(out, "Changes from {} to {until}", c.since);
    if c.is_empty() {
        out.push_str("  nothing moved\n");
        return out;
    }
    // Codes and values are the vault's words: an escape sequence in one
    // is shown, never sent to the terminal.
    let by = |code: &str| match c.authors.get(code) {
        Some(name) => format!("{} ({})", printable(code), printable(name)),
        None => printable(code),
    };
    let list = |out: &mut String, title: &str, codes: &[String]| {
        if !codes.is_empty() {
            let shown: Vec<String> = codes.iter().map(|c| by(c)).collect();
            let _ = writeln!(out, "  {title} ({}): {}", codes.len(), shown.join(", "));
        }
    };
    fn moves<T>(out: &mut String, title: &str, moves: &[Move<T>], show: impl Fn(&T) -> String) {
        if moves.is_empty() {
            return;
        }
        let _ = writeln!(out, "  {title} ({}):", moves.len());
        for m in moves {
            let _ = write!(
                out,
                "    {}: {} → {}",
                printable(&m.code),
                printable(&show(&m.from)),
                printable(&show(&m.to))
            );
            let _ = match &m.author {
                Some(name) => writeln!(out, " ({})", printable(name)),
                None => writeln!(out),
            };
        }
    }
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
    list(&mut out, "new clients", &c.new_clients);
    list(&mut out, "removed clients", &c.removed_clients);
    list(&mut out, "new opportunities", &c.new_opportunities);
    // A deal whose stage was not written had none.
    moves(&mut out, "stage moves", &c.stage_moves, |s| {
        if s.is_empty() {
            "none".to_owned()
        } else {
            s.clone()
        }
    });
    list(&mut out, "won", &c.won);
    list(&mut out, "lost", &c.lost);
    moves(&mut out, "amounts", &c.amount_changes, |a| {
        a.map_or_else(|| "none".to_owned(), |m| crate::render::money(m.0))
    });
    moves(&mut out, "health", &c.health_changes, or_none);
    moves(&mut out, "contact risk", &c.risk_changes, String::clone);
    out
}
