//! What a file-system event means for the preview: a note, an attachment or
//! a folder changed; the config or a template changed; or nothing that
//! matters (the output folder, hidden files, editors' temporary files).

use std::path::Path;

/// What a changed path asks of the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Not part of the site: ignore it.
    Ignore,
    /// A Markdown note was created, changed, renamed or removed.
    Note,
    /// Another file or a folder: attachments and link targets may change.
    Other,
    /// A template of `VAULT/templates/`: reload the templates.
    Templates,
    /// The config: reload it (and with it everything).
    Config,
}

/// Names that editors write beside the file they save, then rename or
/// delete: vim's `.swp`/`.swx`/`4913`, emacs's `#x#` and `.#x`, JetBrains'
/// `___jb_tmp___`, Kate's `.kate-swp`, backups ending in `~` or `.bck`.
fn is_editor_temp(name: &str) -> bool {
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

/// Classifies `path` for a vault at `vault` whose output folder is
/// `output` and whose config file is `config`.
pub fn classify(vault: &Path, output: &Path, config: &Path, path: &Path) -> Change {
    if path == config {
        return Change::Config;
    }
    if path.starts_with(output) {
        return Change::Ignore;
    }
    let Ok(rel) = path.strip_prefix(vault) else {
        return Change::Ignore;
    };
    let mut parts = Vec::new();
    for part in rel.components() {
        let std::path::Component::Normal(name) = part else {
            return Change::Ignore;
        };
        let Some(name) = name.to_str() else {
            // Reported by the walk; a rebuild says so.
            return Change::Other;
        };
        if name.starts_with('.') {
            return Change::Ignore;
        }
        parts.push(name);
    }
    let Some(name) = parts.last() else {
        return Change::Other;
    };
    if is_editor_temp(name) {
        return Change::Ignore;
    }
    if parts[0] == "templates" {
        return if parts.len() == 1 || name.ends_with(".html") {
            Change::Templates
        } else {
            Change::Ignore
        };
    }
    if name.ends_with(".md") {
        Change::Note
    } else {
        Change::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_every_kind_of_path() {
        let vault = Path::new("/v");
        let output = Path::new("/v/public");
        let config = Path::new("/v/dossier.toml");
        let cases: &[(&str, Change)] = &[
            // Notes: created, modified, renamed over, removed: the path is
            // all the classifier sees, whatever the event.
            ("/v/clients/东义集团.md", Change::Note),
            ("/v/总览.md", Change::Note),
            ("/v/a/b/c/deep.md", Change::Note),
            // Attachments and folders.
            ("/v/assets/org.png", Change::Other),
            ("/v/clients", Change::Other),
            ("/v/新文件夹", Change::Other),
            // Config and templates.
            ("/v/dossier.toml", Change::Config),
            ("/v/templates/client.html", Change::Templates),
            ("/v/templates", Change::Templates),
            ("/v/templates/client.html.swp", Change::Ignore),
            ("/v/templates/notes.txt", Change::Ignore),
            // The output folder, hidden files and folders.
            ("/v/public/index.html", Change::Ignore),
            ("/v/public", Change::Ignore),
            ("/v/.git/index", Change::Ignore),
            ("/v/.obsidian/workspace.json", Change::Ignore),
            ("/v/clients/.东义集团.md.swp", Change::Ignore),
            ("/v/clients/.#东义集团.md", Change::Ignore),
            // Editors' temporary files.
            ("/v/clients/东义集团.md~", Change::Ignore),
            ("/v/clients/4913", Change::Ignore),
            ("/v/clients/#东义集团.md#", Change::Ignore),
            ("/v/clients/东义集团.md___jb_tmp___", Change::Ignore),
            ("/v/clients/东义集团.md___jb_old___", Change::Ignore),
            ("/v/clients/东义集团.md.kate-swp", Change::Ignore),
            ("/v/clients/东义集团.md.bck", Change::Ignore),
            ("/v/clients/东义集团.md.crswap", Change::Ignore),
            // Outside the vault.
            ("/elsewhere/x.md", Change::Ignore),
            ("/v", Change::Other),
        ];
        for (path, want) in cases {
            assert_eq!(
                classify(vault, output, config, Path::new(path)),
                *want,
                "{path}"
            );
        }
    }

    #[test]
    fn a_config_outside_the_vault_is_still_the_config() {
        let got = classify(
            Path::new("/v"),
            Path::new("/v/public"),
            Path::new("/etc/dossier.toml"),
            Path::new("/etc/dossier.toml"),
        );
        assert_eq!(got, Change::Config);
    }
}
