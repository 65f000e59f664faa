//! What belongs to the vault: one rule, used by the walk that reads the
//! vault and by the preview that watches it, so a file the walk leaves out
//! never starts a rebuild and a file the walk reads always does.
//!
//! Left out: hidden files and folders, the output folder (and any folder
//! dossier wrote, which carries its marker), the `templates/` folder at the
//! root (read as templates, not notes), the `ignore` globs of the config,
//! the temporary files editors write beside the file they save, and what
//! Obsidian keeps out of a vault's notes: its note templates folder
//! (`.obsidian/templates.json`, Templater's, or `Templates/` at the root
//! in any case) and its excluded files (`userIgnoreFilters` of
//! `.obsidian/app.json`).

use std::path::{Component, Path, PathBuf};

use crate::config::Config;

/// Marks a folder that dossier wrote; only such folders are ever replaced.
pub const OUTPUT_MARKER: &str = ".dossier-output";

/// The folder at the vault root whose files replace the built-in templates.
pub const TEMPLATES: &str = "templates";

/// What a path is to the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathKind {
    /// Not part of the vault: hidden, ignored, output, an editor's
    /// temporary file, or outside the vault.
    Ignore,
    /// A Markdown note.
    Note,
    /// Another file or a folder: attachments and link targets.
    Other,
    /// A template of `VAULT/templates/`.
    Templates,
    /// The config file.
    Config,
}

/// The rule, for one vault, one config and one output folder.
pub struct Rules {
    root: PathBuf,
    /// Folders never entered (the output folder), as given and canonical.
    skip: Vec<PathBuf>,
    ignore: globset::GlobSet,
    config_file: PathBuf,
    /// Obsidian's note-template folders, vault-relative.
    note_templates: Vec<String>,
    /// Obsidian's excluded files: path prefixes and `/regex/`es.
    excluded: Vec<Excluded>,
    /// How Obsidian names daily notes, when its daily notes are set up.
    pub daily_notes: Option<DailyNotes>,
}

/// Obsidian's daily notes (`.obsidian/daily-notes.json`): their folder and
/// the format their file names are written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyNotes {
    folder: String,
    /// The format as `chrono` parses it.
    format: String,
}

impl DailyNotes {
    /// The day of daily note `rel` (vault-relative), when it is in the
    /// daily notes' folder and its name is written in their format.
    pub fn day_of(&self, rel: &str) -> Option<chrono::NaiveDate> {
        let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let stem = name.strip_suffix(".md")?;
        if !self.folder.is_empty() && folder != self.folder {
            return None;
        }
        chrono::NaiveDate::parse_from_str(stem, &self.format).ok()
    }
}

/// A moment.js date format, as Obsidian writes it, in `chrono`'s words;
/// `None` for one with names (`dddd`, `MMMM`) or times.
fn chrono_format(moment: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = moment;
    while let Some(c) = rest.chars().next() {
        let token = ["YYYY", "YY", "MM", "M", "DD", "D"]
            .into_iter()
            .find(|t| rest.starts_with(t));
        match token {
            Some(t) => {
                out.push_str(match t {
                    "YYYY" => "%Y",
                    "YY" => "%y",
                    "MM" | "M" => "%m",
                    _ => "%d",
                });
                rest = &rest[t.len()..];
            }
            None if c == '[' => {
                let end = rest.find(']')?;
                out.push_str(&rest[1..end].replace('%', "%%"));
                rest = &rest[end + 1..];
            }
            None if c.is_ascii_alphabetic() => return None,
            None => {
                if c == '%' {
                    out.push('%');
                }
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    (out.contains("%Y") || out.contains("%y")).then_some(out)
}

/// Obsidian's daily notes settings, when there are any.
fn daily_notes(root: &Path) -> Option<DailyNotes> {
    let value = crate::gate::read_setting(root, "daily-notes.json")?;
    let format = value
        .get("format")
        .and_then(|f| f.as_str())
        .filter(|f| !f.trim().is_empty())
        .unwrap_or("YYYY-MM-DD");
    let folder = value
        .get("folder")
        .and_then(|f| f.as_str())
        .unwrap_or("")
        .trim()
        .trim_matches('/')
        .to_owned();
    Some(DailyNotes {
        folder,
        format: chrono_format(format)?,
    })
}

/// One of Obsidian's "Excluded files" filters.
enum Excluded {
    Prefix(String),
    Pattern(regex::Regex),
}

/// The Obsidian settings files that say what a vault leaves out; a change
/// to one is a change of the rule.
pub const OBSIDIAN_SETTINGS: &[&str] = &[
    ".obsidian/app.json",
    ".obsidian/daily-notes.json",
    ".obsidian/templates.json",
    ".obsidian/plugins/templater-obsidian/data.json",
];

/// Obsidian's settings files that are there but are not read: a symlink
/// out of the vault (`W-symlink-outside`), a FIFO, a device or a file over
/// [`crate::gate::SETTINGS_MAX_BYTES`] (`E-file-unreadable`). Obsidian's
/// defaults hold in their place.
pub fn settings_problems(root: &Path) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::message::IoProblem;
    use crate::diagnostics::{Diagnostic, Message, Pos};
    use crate::gate::Refused;
    let Ok(real_root) = root.canonicalize() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for rel in OBSIDIAN_SETTINGS {
        let path = root.join(rel);
        if std::fs::symlink_metadata(&path).is_err() {
            continue;
        }
        let problem =
            match crate::gate::read_inside(&real_root, &path, crate::gate::SETTINGS_MAX_BYTES) {
                Ok(_) => continue,
                Err(Refused::Outside(_)) => Message::SettingOutside,
                Err(Refused::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(other) => Message::SettingUnreadable {
                    io: IoProblem::refused(&other),
                },
            };
        out.push(Diagnostic::new(rel, Pos::new(1, 1), problem));
    }
    out
}

/// Obsidian's template folders and excluded files, from its settings.
fn obsidian_rules(root: &Path) -> (Vec<String>, Vec<Excluded>) {
    let folder = |file: &str, key: &str| -> Option<String> {
        let value = crate::gate::read_setting(root, file)?;
        let folder = value.get(key)?.as_str()?.trim().trim_matches('/');
        (!folder.is_empty()).then(|| folder.to_owned())
    };
    let templates = [
        folder("templates.json", "folder"),
        folder("plugins/templater-obsidian/data.json", "templates_folder"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let excluded = crate::gate::read_setting(root, "app.json")
        .and_then(|app| app.get("userIgnoreFilters").cloned())
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.as_str())
        .filter_map(|f| {
            if f.len() > 2 && f.starts_with('/') && f.ends_with('/') {
                regex::Regex::new(&f[1..f.len() - 1])
                    .ok()
                    .map(Excluded::Pattern)
            } else {
                let prefix = f.trim_start_matches('/');
                (!prefix.is_empty()).then(|| Excluded::Prefix(prefix.to_owned()))
            }
        })
        .collect();
    (templates, excluded)
}

/// One entry as the walk meets it.
pub struct Entry<'a> {
    /// Vault-relative path with `/` separators.
    pub rel: &'a str,
    /// The last part of `rel`.
    pub name: &'a str,
    /// The path on disk.
    pub path: &'a Path,
    pub is_dir: bool,
}

impl Rules {
    /// `skip` lists folders the walk must not enter (the output folder);
    /// `config_file` is the config in use (maybe outside the vault).
    pub fn new(root: &Path, config: &Config, skip: Vec<PathBuf>, config_file: PathBuf) -> Rules {
        let skip = skip
            .into_iter()
            .flat_map(|p| {
                let canonical = p.canonicalize().unwrap_or_else(|_| p.clone());
                [p, canonical]
            })
            .collect();
        let (note_templates, excluded) = obsidian_rules(root);
        Rules {
            root: root.to_path_buf(),
            skip,
            ignore: config.ignore_set(),
            config_file,
            note_templates,
            excluded,
            daily_notes: daily_notes(root),
        }
    }

    /// Whether `rel` is inside one of Obsidian's note template folders.
    fn in_note_templates(&self, rel: &str) -> bool {
        let first = rel.split('/').next().unwrap_or(rel);
        (rel.contains('/') && first != TEMPLATES && first.eq_ignore_ascii_case(TEMPLATES))
            || self.note_templates.iter().any(|t| {
                rel.strip_prefix(t.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            })
    }

    /// Whether `rel` (a file named `name`) is a note in one of Obsidian's
    /// note template folders: never read, but there to link to.
    pub fn is_note_template(&self, rel: &str, name: &str) -> bool {
        is_markdown(name) && self.in_note_templates(rel)
    }

    /// Whether Obsidian keeps `rel` out of the vault's notes: a note in a
    /// note template folder, or an excluded file or folder. The template
    /// folders' other files (a `.base`, an image) are files like any: to
    /// Obsidian the folder is an ordinary one, linked into.
    fn obsidian_leaves_out(&self, rel: &str, name: &str, is_dir: bool) -> bool {
        if !is_dir && is_markdown(name) && self.in_note_templates(rel) {
            return true;
        }
        self.excluded.iter().any(|e| match e {
            Excluded::Prefix(prefix) => {
                rel.starts_with(prefix.as_str()) || (is_dir && prefix.trim_end_matches('/') == rel)
            }
            Excluded::Pattern(re) => re.is_match(rel),
        })
    }

    /// Whether `entry` is left out (a folder with all it holds). Its
    /// parents are known to be in.
    pub fn leaves_out(&self, entry: &Entry) -> bool {
        let depth = entry.rel.matches('/').count() + 1;
        entry.name.starts_with('.')
            || is_editor_temp(entry.name)
            || self.ignore.is_match(entry.rel)
            || self.obsidian_leaves_out(entry.rel, entry.name, entry.is_dir)
            || (entry.is_dir
                && ((depth == 1 && entry.name == TEMPLATES && holds_site_templates(entry.path))
                    || self.skip.iter().any(|s| s == entry.path)
                    || entry.path.join(OUTPUT_MARKER).exists()))
    }

    /// What a changed path (absolute, as the file watcher names it) is to
    /// the vault. The path may no longer exist.
    pub fn classify(&self, path: &Path) -> PathKind {
        if path == self.config_file
            || OBSIDIAN_SETTINGS.iter().any(|s| {
                path.strip_prefix(&self.root)
                    .is_ok_and(|r| r == Path::new(s))
            })
        {
            return PathKind::Config;
        }
        if self.skip.iter().any(|s| path.starts_with(s)) {
            return PathKind::Ignore;
        }
        let Ok(rel_path) = path.strip_prefix(&self.root) else {
            return PathKind::Ignore;
        };
        let parts: Vec<&std::ffi::OsStr> = rel_path
            .components()
            .map(|c| match c {
                Component::Normal(name) => Some(name),
                _ => None,
            })
            .collect::<Option<_>>()
            .unwrap_or_default();
        if parts.is_empty() {
            return if rel_path.as_os_str().is_empty() {
                PathKind::Other
            } else {
                PathKind::Ignore
            };
        }
        let mut rel = String::new();
        let mut on_disk = self.root.clone();
        for (k, part) in parts.iter().enumerate() {
            let Some(name) = part.to_str() else {
                // Reported by the walk; a rebuild says so.
                return PathKind::Other;
            };
            let last = k + 1 == parts.len();
            if !rel.is_empty() {
                rel.push('/');
            }
            rel.push_str(name);
            on_disk.push(name);
            // A page template or style sheet of `templates/` is one even
            // when it is the last to go; other files there are the site's
            // when the folder is the site's templates, else content.
            let template_file = parts.len() == 2
                && parts[1].to_str().is_some_and(|f| {
                    !f.starts_with('.') && (f.ends_with(".html") || f.ends_with(".css"))
                });
            if k == 0
                && name == TEMPLATES
                && (!last || !on_disk.is_file())
                && (template_file || holds_site_templates(&on_disk))
            {
                return match parts.last().and_then(|p| p.to_str()) {
                    Some(file) if !last && (is_editor_temp(file) || file.starts_with('.')) => {
                        PathKind::Ignore
                    }
                    Some(file) if last || file.ends_with(".html") || file.ends_with(".css") => {
                        PathKind::Templates
                    }
                    _ => PathKind::Ignore,
                };
            }
            let entry = Entry {
                rel: &rel,
                name,
                path: &on_disk,
                is_dir: !last || on_disk.is_dir(),
            };
            // A note template that comes or goes changes what links
            // reach, as any file does.
            if last && !entry.is_dir && self.is_note_template(&rel, name) {
                return PathKind::Other;
            }
            if self.leaves_out(&entry) {
                return PathKind::Ignore;
            }
            if last {
                return if entry.is_dir || !is_markdown(name) {
                    PathKind::Other
                } else {
                    PathKind::Note
                };
            }
        }
        PathKind::Other
    }
}

/// Whether the vault's `templates/` folder is the site's templates: it
/// holds a page template or a style sheet (`*.html`, `*.css`). A
/// `templates/` of notes alone is content like any folder; one that is
/// gone (the watcher naming what was in it) still counts as the site's.
pub fn holds_site_templates(folder: &Path) -> bool {
    match crate::gate::list_dir(folder) {
        Ok(names) => names.iter().any(|(name, kind)| {
            !kind.is_dir()
                && !name.starts_with('.')
                && (name.ends_with(".html") || name.ends_with(".css"))
        }),
        Err(_) => true,
    }
}

/// Whether a file name is a Markdown note's (`.md`, any case).
pub fn is_markdown(name: &str) -> bool {
    name.len() > 3 && name[name.len() - 3..].eq_ignore_ascii_case(".md")
}

/// Names that editors write beside the file they save, then rename or
/// delete: vim's `.swp`/`.swx`/`4913`, emacs's `#x#` and `.#x`, JetBrains'
/// `___jb_tmp___`, Kate's `.kate-swp`, backups ending in `~` or `.bck`.
pub fn is_editor_temp(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".swpx",
        ".kate-swp",
        ".bck",
        ".bak",
        ".tmp",
        ".crswap",
        "___jb_tmp___",
        "___jb_old___",
        ".part",
    ];
    name == "4913"
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(root: &Path, ignore: &[&str]) -> Rules {
        let config = Config {
            ignore: ignore.iter().map(|s| (*s).to_owned()).collect(),
            ..Config::default()
        };
        Rules::new(
            root,
            &config,
            vec![root.join("public")],
            root.join("dossier.toml"),
        )
    }

    #[test]
    fn classifies_every_kind_of_path() {
        let root = Path::new("/v");
        let rules = rules(root, &["drafts/**", "*.tmp.md"]);
        let cases: &[(&str, PathKind)] = &[
            // Notes: created, modified, renamed over, removed: the path is
            // all the classifier sees, whatever the event.
            ("/v/clients/东义集团.md", PathKind::Note),
            ("/v/总览.md", PathKind::Note),
            ("/v/a/b/c/deep.md", PathKind::Note),
            // Attachments and folders.
            ("/v/assets/org.png", PathKind::Other),
            ("/v/clients", PathKind::Other),
            ("/v/新文件夹", PathKind::Other),
            // Config and templates.
            ("/v/dossier.toml", PathKind::Config),
            ("/v/templates/client.html", PathKind::Templates),
            ("/v/templates/extra.css", PathKind::Templates),
            ("/v/templates", PathKind::Templates),
            ("/v/templates/client.html.swp", PathKind::Ignore),
            ("/v/templates/notes.txt", PathKind::Ignore),
            // The output folder, hidden files and folders.
            ("/v/public/index.html", PathKind::Ignore),
            ("/v/public", PathKind::Ignore),
            ("/v/.git/index", PathKind::Ignore),
            ("/v/.obsidian/workspace.json", PathKind::Ignore),
            ("/v/clients/.东义集团.md.swp", PathKind::Ignore),
            ("/v/clients/.#东义集团.md", PathKind::Ignore),
            // Editors' temporary files.
            ("/v/clients/东义集团.md~", PathKind::Ignore),
            ("/v/clients/4913", PathKind::Ignore),
            ("/v/clients/#东义集团.md#", PathKind::Ignore),
            ("/v/clients/东义集团.md___jb_tmp___", PathKind::Ignore),
            ("/v/clients/东义集团.md___jb_old___", PathKind::Ignore),
            ("/v/clients/东义集团.md.kate-swp", PathKind::Ignore),
            ("/v/clients/东义集团.md.bck", PathKind::Ignore),
            ("/v/clients/东义集团.md.crswap", PathKind::Ignore),
            // The config's ignore globs.
            ("/v/drafts/idea.md", PathKind::Ignore),
            ("/v/drafts/deep/idea.md", PathKind::Ignore),
            ("/v/clients/x.tmp.md", PathKind::Ignore),
            ("/v/templates-old/a.md", PathKind::Note),
            // Outside the vault.
            ("/elsewhere/x.md", PathKind::Ignore),
            ("/v", PathKind::Other),
        ];
        for (path, want) in cases {
            assert_eq!(rules.classify(Path::new(path)), *want, "{path}");
        }
    }

    #[test]
    fn obsidian_templates_and_excluded_files_are_not_notes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".obsidian")).unwrap();
        std::fs::create_dir_all(root.join("Archive")).unwrap();
        std::fs::write(
            root.join(".obsidian/templates.json"),
            r#"{"folder": "Meta/模板"}"#,
        )
        .unwrap();
        std::fs::write(
            root.join(".obsidian/app.json"),
            r#"{"userIgnoreFilters": ["Archive/", "/^drafts-.*\\.md$/", "scratch.md"]}"#,
        )
        .unwrap();
        let rules = rules(root, &[]);
        let at = |p: &str| root.join(p);
        for (path, want) in [
            // Note templates are no notes, but links reach them: files.
            ("Meta/模板/client.md", PathKind::Other),
            ("Meta/other.md", PathKind::Note),
            ("Templates/client.md", PathKind::Other),
            ("TEMPLATES/client.md", PathKind::Other),
            ("Archive/old.md", PathKind::Ignore),
            ("Archive", PathKind::Ignore),
            ("drafts-1.md", PathKind::Ignore),
            ("scratch.md", PathKind::Ignore),
            ("clients/a.md", PathKind::Note),
            (".obsidian/app.json", PathKind::Config),
            (".obsidian/workspace.json", PathKind::Ignore),
        ] {
            assert_eq!(rules.classify(&at(path)), want, "{path}");
        }
    }

    #[test]
    fn a_config_outside_the_vault_is_still_the_config() {
        let config = Config::default();
        let rules = Rules::new(
            Path::new("/v"),
            &config,
            vec![],
            PathBuf::from("/etc/dossier.toml"),
        );
        assert_eq!(
            rules.classify(Path::new("/etc/dossier.toml")),
            PathKind::Config
        );
    }

    #[test]
    fn daily_note_names_are_read_in_obsidians_format() {
        assert_eq!(chrono_format("YYYY-MM-DD").as_deref(), Some("%Y-%m-%d"));
        assert_eq!(chrono_format("DD.MM.YYYY").as_deref(), Some("%d.%m.%Y"));
        assert_eq!(chrono_format("YYYYMMDD").as_deref(), Some("%Y%m%d"));
        assert_eq!(
            chrono_format("[Day] YYYY-MM-DD").as_deref(),
            Some("Day %Y-%m-%d")
        );
        assert_eq!(chrono_format("dddd, MMMM Do YYYY"), None);
        let daily = DailyNotes {
            folder: "Daily".into(),
            format: chrono_format("DD.MM.YYYY").unwrap(),
        };
        let day = chrono::NaiveDate::from_ymd_opt(2022, 10, 3);
        assert_eq!(daily.day_of("Daily/03.10.2022.md"), day);
        assert_eq!(daily.day_of("Notes/03.10.2022.md"), None);
        assert_eq!(daily.day_of("Daily/notes.md"), None);
    }
}
