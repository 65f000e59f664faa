//! `dossier init [DIR]`: a new vault that checks clean (a `dossier.toml`
//! with every key explained, a client, a deal and a meeting note, a
//! `.gitignore` for the output, CI recipes for GitHub Actions and GitLab
//! CI), and with `--templates` the built-in templates to override, as
//! `mdbook init --theme` does.

use std::path::{Path, PathBuf};

use super::{CannotRun, EXIT_OK};
use crate::cli::InitLanguage;
use crate::render::templates::{STYLE, built_in};

/// A file of the new vault: its path and text, with `{{today}}`, `{{since}}`
/// and `{{close}}` standing for dates around the day it is written.
type Starter = (&'static str, &'static str);

const EN: &[Starter] = &[
    (
        "dossier.toml",
        include_str!("../../templates/init/en/dossier.toml"),
    ),
    (
        "clients/Northwind Traders.md",
        include_str!("../../templates/init/en/clients/Northwind Traders.md"),
    ),
    (
        "opportunities/O001 Route planning pilot.md",
        include_str!("../../templates/init/en/opportunities/O001 Route planning pilot.md"),
    ),
    (
        "meetings/{{today}} Kickoff.md",
        include_str!("../../templates/init/en/meetings/{{today}} Kickoff.md"),
    ),
];

const ZH: &[Starter] = &[
    (
        "dossier.toml",
        include_str!("../../templates/init/zh/dossier.toml"),
    ),
    (
        "客户/东方制造.md",
        include_str!("../../templates/init/zh/客户/东方制造.md"),
    ),
    (
        "商机/O001-排产优化试点.md",
        include_str!("../../templates/init/zh/商机/O001-排产优化试点.md"),
    ),
    (
        "会议纪要/{{today}}-启动会.md",
        include_str!("../../templates/init/zh/会议纪要/{{today}}-启动会.md"),
    ),
];

const COMMON: &[Starter] = &[
    (
        ".gitignore",
        include_str!("../../templates/init/ci/gitignore"),
    ),
    (
        ".github/workflows/dossier.yml",
        include_str!("../../templates/init/ci/github.yml"),
    ),
    (
        ".gitlab-ci.yml",
        include_str!("../../templates/init/ci/gitlab.yml"),
    ),
];

pub fn run(
    dir: &Path,
    templates: bool,
    force: bool,
    language: InitLanguage,
) -> Result<u8, CannotRun> {
    let existing_vault = dir.join(crate::config::CONFIG_FILE).is_file();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    // In a vault that exists, `--templates` writes the templates alone.
    let only_templates = templates && existing_vault;
    if !only_templates {
        if !force && !is_empty_or_missing(dir)? {
            return Err(CannotRun(format!(
                "{} is not empty: give an empty or new folder, or --force to write into it \
                 (in a vault that has a dossier.toml, --templates writes only the templates)",
                dir.display()
            )));
        }
        let today = chrono::Local::now().date_naive();
        let starters = match language {
            InitLanguage::En => EN,
            InitLanguage::Zh => ZH,
        };
        for (path, text) in starters.iter().chain(COMMON) {
            files.push((dir.join(dated(path, today)), dated(text, today)));
        }
    }
    if templates {
        let folder = dir.join("templates");
        for (name, text) in built_in() {
            files.push((folder.join(name), text.to_owned()));
        }
        files.push((folder.join("style.css"), STYLE.to_owned()));
    }
    // A dangling symlink is taken too: writing to it would write elsewhere.
    let taken = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    if !force && let Some((taken, _)) = files.iter().find(|(p, _)| taken(p)) {
        return Err(CannotRun(format!(
            "{} exists: nothing written (--force replaces the files dossier writes)",
            taken.display()
        )));
    }
    write_all(dir, &files)?;
    let shown = dir.display();
    if only_templates {
        eprintln!(
            "wrote the {} built-in templates to {}: edit any of them, and delete those you keep as they are",
            files.len(),
            dir.join("templates").display()
        );
    } else {
        eprintln!("wrote a new vault to {shown} ({} files)", files.len());
        eprintln!("  dossier check {shown}     every problem of every note");
        eprintln!("  dossier serve {shown}     the site, rebuilt on every save");
        eprintln!("  dossier build {shown}     the site, written to {shown}/public");
    }
    Ok(EXIT_OK)
}

/// `text` with the dates of the starter notes: today, a month ago, a week
/// on and six weeks on.
fn dated(text: &str, today: chrono::NaiveDate) -> String {
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    text.replace("{{today}}", &day(today))
        .replace("{{since}}", &day(today - chrono::Days::new(30)))
        .replace("{{soon}}", &day(today + chrono::Days::new(7)))
        .replace("{{close}}", &day(today + chrono::Days::new(45)))
}

/// Writes every file below `dir`, or none of them: a symlink or a
/// non-file at any of their names, or a symlink among their folders, is
/// refused before anything is written (`--force` replaces files, never
/// what a link leads to), and a write that fails takes back the files and
/// folders this run made, so that `init` can simply be run again.
fn write_all(dir: &Path, files: &[(PathBuf, String)]) -> Result<(), CannotRun> {
    let cannot = |e: std::io::Error| CannotRun(e.to_string());
    for (path, _) in files {
        crate::gate::check_writable(dir, path).map_err(cannot)?;
    }
    let mut new_folders: Vec<PathBuf> = Vec::new();
    for (path, _) in files {
        let mut at = path.parent();
        while let Some(folder) = at.filter(|f| f.starts_with(dir)) {
            if std::fs::symlink_metadata(folder).is_err()
                && !new_folders.iter().any(|f| f == folder)
            {
                new_folders.push(folder.to_path_buf());
            }
            at = folder.parent();
        }
    }
    let new_files: Vec<&PathBuf> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| std::fs::symlink_metadata(p).is_err())
        .collect();
    crate::gate::create_dir_all(dir).map_err(cannot)?;
    for (path, text) in files {
        if let Err(e) = crate::gate::write_inside(dir, path, text.as_bytes()) {
            for made in &new_files {
                let _ = crate::gate::remove_file_inside(dir, made);
            }
            // Deepest first, so each is empty when its turn comes.
            new_folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
            for folder in &new_folders {
                let _ = crate::gate::remove_empty_dir_inside(dir, folder);
            }
            return Err(cannot(e));
        }
    }
    Ok(())
}

pub(super) fn is_empty_or_missing(dir: &Path) -> Result<bool, CannotRun> {
    match crate::gate::list_dir(dir) {
        Ok(entries) => Ok(entries.is_empty()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(CannotRun(format!(
            "{}: a file, not a folder",
            dir.display()
        ))),
        Err(e) => Err(CannotRun(format!("{}: {e}", dir.display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the starter configs show, commented out, is a real key
    /// with a value the config takes: uncommented, the file still reads.
    #[test]
    fn every_key_of_the_starter_configs_is_real() {
        for starters in [EN, ZH] {
            let text = starters[0].1;
            let uncommented: String = text
                .lines()
                .map(|line| {
                    let code = line.strip_prefix('#').filter(|rest| {
                        rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '[' || c == '"')
                    });
                    code.unwrap_or(line).to_owned() + "\n"
                })
                .collect();
            assert!(uncommented.contains("\nstale_after_days = 30\n"));
            crate::config::Config::parse(&uncommented)
                .unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
            crate::config::Config::parse(text).unwrap();
        }
    }

    #[test]
    fn dates_are_around_today() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(
            dated("{{since}} {{today}} {{close}}", today),
            "2026-01-01 2026-01-31 2026-03-17"
        );
    }
}
