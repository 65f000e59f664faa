//! `dossier init --demo DIR`: the example book as a Git repository with
//! six months of past, so that a newcomer sees every page that Git fills
//! (changes, trend, stage paths, slipping deals, forecast accuracy, win
//! rates, the digest) at once. The notes are the example vault's, embedded
//! in the binary; the past is a story of dated commits by three people:
//! deals opened, moved, slipping, won and lost, clients and meetings
//! added. Writing a repository needs `git` on the path (reading one never
//! does).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use super::CannotRun;

include!(concat!(env!("OUT_DIR"), "/example_vault.rs"));

/// The as-of date the example is written for, and the demo's past ends
/// before.
pub const AS_OF: &str = "2025-11-23";

/// The day of the first commit: every note as it then stood.
const START: &str = "2025-05-19";
const IMPORTER: &str = "张伟";

/// A change of the book's past.
enum What {
    /// A note first committed.
    Add(&'static str),
    /// A field of a deal set (`key: value` in its block of front matter).
    Set(&'static str, &'static str, &'static str),
}

use What::{Add, Set};

/// The story, by day and author. A deal's field takes its value from the
/// last event on or before a day; the last event of each field is what the
/// note says now (a test checks it).
const STORY: &[(&str, &str, What)] = &[
    // How the book stood when it was first committed.
    (START, IMPORTER, Set("O001", "stage", "contacted")),
    (START, IMPORTER, Set("O001", "expected_close", "2025-09-30")),
    (START, IMPORTER, Set("O002", "stage", "qualified")),
    (START, IMPORTER, Set("O002", "expected_close", "2025-12-20")),
    (START, IMPORTER, Set("O003", "stage", "contacted")),
    (START, IMPORTER, Set("O003", "expected_close", "2025-10-31")),
    (START, IMPORTER, Set("O004", "stage", "proposal")),
    (START, IMPORTER, Set("O008", "stage", "contacted")),
    (START, IMPORTER, Set("O009", "stage", "proposal")),
    (START, IMPORTER, Set("O014", "stage", "proposal")),
    (START, IMPORTER, Set("O014", "expected_close", "2025-08-31")),
    // Then, week by week.
    ("2025-06-02", "李娜", Set("O004", "stage", "negotiation")),
    ("2025-06-03", "李娜", Add("clients/蓝海物流.md")),
    ("2025-06-03", "李娜", Set("O005", "stage", "contacted")),
    ("2025-06-09", "李娜", Set("O009", "stage", "lost")),
    ("2025-06-16", "张伟", Set("O001", "stage", "qualified")),
    ("2025-06-23", "李娜", Set("O004", "stage", "won")),
    ("2025-06-30", "王强", Set("O003", "stage", "qualified")),
    ("2025-07-14", "李娜", Set("O014", "stage", "negotiation")),
    ("2025-07-21", "张伟", Set("O001", "stage", "proposal")),
    ("2025-08-11", "王强", Set("O003", "stage", "proposal")),
    (
        "2025-08-25",
        "李娜",
        Set("O014", "expected_close", "2025-09-30"),
    ),
    ("2025-09-08", "王强", Set("O008", "stage", "qualified")),
    ("2025-09-15", "张伟", Set("O002", "stage", "proposal")),
    (
        "2025-09-18",
        "张伟",
        Add("会议纪要/2025-09-18-东义集团高层拜访.md"),
    ),
    (
        "2025-09-22",
        "张伟",
        Set("O001", "expected_close", "2025-10-31"),
    ),
    (
        "2025-10-01",
        "王强",
        Set("O003", "expected_close", "2025-11-30"),
    ),
    (
        "2025-10-06",
        "李娜",
        Set("O014", "expected_close", "2025-11-15"),
    ),
    ("2025-10-13", "王强", Add("clients/西部矿业.md")),
    ("2025-10-20", "张伟", Set("O001", "stage", "negotiation")),
    (
        "2025-10-20",
        "王强",
        Add("opportunities/O015-风机故障诊断.md"),
    ),
    ("2025-10-20", "王强", Set("O015", "stage", "contacted")),
    ("2025-10-22", "王强", Set("O003", "stage", "negotiation")),
    ("2025-10-27", "李娜", Set("O005", "stage", "proposal")),
    (
        "2025-11-03",
        "张伟",
        Add("会议纪要/2025-11-03-东义集团技术交流.md"),
    ),
    (
        "2025-11-05",
        "张伟",
        Set("O001", "expected_close", "2025-11-30"),
    ),
    (
        "2025-11-12",
        "王强",
        Set("O003", "expected_close", "2025-12-15"),
    ),
    ("2025-11-17", "李娜", Add("clients/云岭医药.md")),
    ("2025-11-18", "王强", Set("O015", "stage", "qualified")),
    (
        "2025-11-19",
        "张伟",
        Set("O002", "expected_close", "2026-01-20"),
    ),
    (
        "2025-11-20",
        "李娜",
        Add("会议纪要/2025-11-20-云岭医药电话回访.md"),
    ),
];

/// The e-mail each author commits with (the site never shows it).
fn email(author: &str) -> &'static str {
    match author {
        "张伟" => "zhang.wei@example.com",
        "李娜" => "li.na@example.com",
        _ => "wang.qiang@example.com",
    }
}

/// The example's config, with the history read: the example in this
/// repository turns it off, as the repository's past is not the book's.
fn config_text(text: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in text.lines() {
        if line.starts_with("# This vault sits inside the repository") {
            skip = true;
        }
        if skip && line.starts_with("enabled = false") {
            skip = false;
            continue;
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `text` with `key: value` in the block of deal `code` (the lines after
/// `code: CODE` up to the next deal or the end of the front matter).
fn set_field(text: &str, code: &str, key: &str, value: &str) -> Option<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().trim_start_matches("- ") == format!("code: {code}"))?;
    let prefix = format!("{key}:");
    let mut k = start + 1;
    while k < lines.len() {
        let line = &lines[k];
        let trimmed = line.trim_start();
        if trimmed == "---" || trimmed.starts_with("- code:") {
            return None;
        }
        if trimmed.starts_with(&prefix) {
            let indent = &line[..line.len() - trimmed.len()];
            lines[k] = format!("{indent}{key}: {value}");
            let mut out = lines.join("\n");
            out.push('\n');
            return Some(out);
        }
        k += 1;
    }
    None
}

/// The file each deal is written in.
fn file_of(code: &str) -> Option<&'static str> {
    let needle = format!("code: {code}\n");
    EXAMPLE_VAULT
        .iter()
        .find(|(path, bytes)| {
            path.ends_with(".md") && std::str::from_utf8(bytes).is_ok_and(|t| t.contains(&needle))
        })
        .map(|(path, _)| *path)
}

/// The files of the book after the events `done`, by path.
fn state(done: &[&(&str, &str, What)]) -> Result<BTreeMap<&'static str, Vec<u8>>, String> {
    let added_later: BTreeSet<&str> = STORY
        .iter()
        .filter_map(|(_, _, w)| match w {
            Add(path) => Some(*path),
            Set(..) => None,
        })
        .collect();
    let added: BTreeSet<&str> = done
        .iter()
        .filter_map(|(_, _, w)| match w {
            Add(path) => Some(*path),
            Set(..) => None,
        })
        .collect();
    let mut values: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for (_, _, w) in done {
        if let Set(code, key, value) = w {
            values.insert((code, key), value);
        }
    }
    let mut out = BTreeMap::new();
    for &(path, bytes) in EXAMPLE_VAULT {
        if added_later.contains(path) && !added.contains(path) {
            continue;
        }
        let bytes = if path == crate::config::CONFIG_FILE {
            config_text(&String::from_utf8_lossy(bytes)).into_bytes()
        } else {
            bytes.to_vec()
        };
        out.insert(path, bytes);
    }
    for ((code, key), value) in values {
        let file = file_of(code).ok_or_else(|| format!("no note writes {code}"))?;
        let Some(bytes) = out.get_mut(file) else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes).into_owned();
        let changed = set_field(&text, code, key, value)
            .ok_or_else(|| format!("{file}: no `{key}` in {code}"))?;
        *bytes = changed.into_bytes();
    }
    Ok(out)
}

/// The commits of the story: (day, author, the events so far).
fn commits() -> Vec<(&'static str, &'static str, usize)> {
    let mut out: Vec<(&str, &str, usize)> = Vec::new();
    for (k, (day, author, _)) in STORY.iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.0 == *day && last.1 == *author => last.2 = k + 1,
            _ => out.push((day, author, k + 1)),
        }
    }
    out
}

fn git(dir: &Path, args: &[&str], author: Option<(&str, &str)>) -> Result<(), CannotRun> {
    let mut command = Command::new("git");
    command.current_dir(dir).args(args);
    // The repository's own settings only: not the user's name, hooks or
    // signing.
    command
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    if let Some((author, day)) = author {
        let date = format!("{day}T10:00:00+08:00");
        command
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_EMAIL", email(author))
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_NAME", author)
            .env("GIT_COMMITTER_EMAIL", email(author))
            .env("GIT_COMMITTER_DATE", &date);
    }
    let out = command.output().map_err(|e| {
        CannotRun(format!(
            "`dossier init --demo` writes a Git repository and needs `git` on the path: {e}"
        ))
    })?;
    if !out.status.success() {
        return Err(CannotRun(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(())
}

/// Writes the demo into `dir`, which must be new or empty: its past is
/// written commit by commit, and commits on top of another history would
/// not be the story (`--force` does not apply).
pub fn run(dir: &Path) -> Result<u8, CannotRun> {
    if !super::init::is_empty_or_missing(dir)? {
        return Err(CannotRun(format!(
            "{} is not empty: the demo is written into a new or empty folder (to see a demo written before: dossier serve {} --as-of {AS_OF})",
            dir.display(),
            dir.display()
        )));
    }
    crate::gate::create_dir_all(dir).map_err(|e| CannotRun(e.to_string()))?;
    git(dir, &["init", "-q"], None)?;
    let events: Vec<&(&str, &str, What)> = STORY.iter().collect();
    let commits = commits();
    for (day, author, upto) in &commits {
        let files = state(&events[..*upto]).map_err(CannotRun)?;
        for (path, bytes) in &files {
            crate::gate::write_inside(dir, &dir.join(path), bytes)
                .map_err(|e| CannotRun(e.to_string()))?;
        }
        git(dir, &["add", "-A"], None)?;
        let message = if *day == START {
            "导入客户档案".to_owned()
        } else {
            format!("{author} 更新客户档案")
        };
        git(
            dir,
            &["commit", "-q", "--no-verify", "-m", &message],
            Some((author, day)),
        )?;
    }
    let shown = dir.display();
    eprintln!(
        "wrote the example book with {} commits from {START} to {} to {shown}",
        commits.len(),
        commits.last().map_or(START, |c| c.0)
    );
    eprintln!("  dossier serve {shown} --as-of {AS_OF}     the site, every page Git fills");
    eprintln!("  dossier digest {shown} --as-of {AS_OF}    the week's digest");
    Ok(super::EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The story ends where the example's notes are: after every event,
    /// every file is the example's own (the config with its history read).
    #[test]
    fn the_story_ends_at_the_example_as_it_is() {
        let events: Vec<&(&str, &str, What)> = STORY.iter().collect();
        let end = state(&events).unwrap();
        assert_eq!(end.len(), EXAMPLE_VAULT.len());
        for &(path, bytes) in EXAMPLE_VAULT {
            if path == crate::config::CONFIG_FILE {
                let text = String::from_utf8_lossy(&end[path]).into_owned();
                assert!(!text.contains("enabled = false"), "{text}");
                continue;
            }
            assert_eq!(
                String::from_utf8_lossy(&end[path]),
                String::from_utf8_lossy(bytes),
                "{path}"
            );
        }
        // Days only go forward, and each commit has one author.
        let days: Vec<&str> = STORY.iter().map(|(d, _, _)| *d).collect();
        assert!(days.windows(2).all(|w| w[0] <= w[1]));
        assert!(commits().len() > 25, "{}", commits().len());
        let authors: BTreeSet<&str> = STORY.iter().map(|(_, a, _)| *a).collect();
        assert_eq!(authors.len(), 3);
    }

    #[test]
    fn the_first_state_has_the_deals_where_they_began() {
        let first: Vec<&(&str, &str, What)> =
            STORY.iter().take_while(|(d, _, _)| *d == START).collect();
        let files = state(&first).unwrap();
        assert!(!files.contains_key("clients/云岭医药.md"));
        let o001 =
            String::from_utf8_lossy(&files["opportunities/O001-煤化工AI智能体.md"]).into_owned();
        assert!(
            o001.contains("stage: contacted\n") && o001.contains("expected_close: 2025-09-30\n"),
            "{o001}"
        );
    }
}
