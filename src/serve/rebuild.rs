//! The preview's builds: the whole site rendered in memory, nothing written
//! to disk. A build that fails (a config or template that cannot be used)
//! keeps the last good pages; a note whose front matter breaks keeps its
//! last good page; either way the problems go into the overlay.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::cmd::Checked;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Model;
use crate::render::templates::Templates;
use crate::render::urls;
use crate::site::Site;

/// One problem shown in the overlay.
#[derive(Debug, Clone)]
pub struct Problem {
    pub code: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub help: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Problem {
            code: d.code.to_owned(),
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// What the server serves: one generation of the site.
#[derive(Debug, Default)]
pub struct Served {
    /// Counts builds; the live-reload channel sends it.
    pub generation: u64,
    /// Output path → bytes of every page.
    pub pages: BTreeMap<String, Vec<u8>>,
    /// Output path → vault file, for attachments (read when asked for).
    pub copies: BTreeMap<String, PathBuf>,
    /// The errors of the last build; the overlay shows them on every page.
    pub errors: Vec<Problem>,
    /// Pages that moved (old → new), and folders that moved (old prefix →
    /// new prefix, ending in `/`), so a browser on a renamed note follows it.
    pub moved: Vec<(String, String)>,
}

/// The state a preview keeps between builds.
pub struct Workspace {
    pub vault: PathBuf,
    explicit_config: Option<PathBuf>,
    as_of: Option<NaiveDate>,
    config: Option<Config>,
    templates: Option<Templates>,
}

/// What a build found, for the terminal.
pub struct Outcome {
    pub served: Served,
    pub millis: f64,
    pub errors: usize,
    pub warnings: usize,
}

impl Workspace {
    pub fn new(vault: &Path, explicit_config: Option<&Path>, as_of: Option<NaiveDate>) -> Self {
        Workspace {
            vault: vault.to_path_buf(),
            explicit_config: explicit_config.map(Path::to_path_buf),
            as_of,
            config: None,
            templates: None,
        }
    }

    /// The config file watched for changes.
    pub fn config_path(&self) -> PathBuf {
        self.explicit_config
            .clone()
            .unwrap_or_else(|| self.vault.join(crate::config::CONFIG_FILE))
    }

    /// The output folder of the config, which the watcher ignores.
    pub fn output_dir(&self) -> PathBuf {
        let dir = self
            .config
            .as_ref()
            .map_or("public", |c| c.output_dir.as_str());
        self.vault.join(dir)
    }

    /// Forgets the config (and the templates) so the next build reads them.
    pub fn reload_config(&mut self) {
        self.config = None;
        self.templates = None;
    }

    pub fn reload_templates(&mut self) {
        self.templates = None;
    }

    /// Builds the next generation after `previous`.
    pub fn build(&mut self, previous: &Served, moved: Vec<(String, String)>) -> Outcome {
        let start = Instant::now();
        let keep = |errors: Vec<Problem>| Served {
            generation: previous.generation + 1,
            pages: previous.pages.clone(),
            copies: previous.copies.clone(),
            errors,
            moved: moved.clone(),
        };
        let config = match &self.config {
            Some(c) => c.clone(),
            None => match Config::load(&self.vault, self.explicit_config.as_deref()) {
                Ok(c) => {
                    self.config = Some(c.clone());
                    c
                }
                Err(e) => {
                    let file = e.path.display().to_string();
                    return outcome(keep(vec![whole_file(&file, "E-config", e.message)]), start);
                }
            },
        };
        if self.templates.is_none() {
            match Templates::load(&self.vault) {
                Ok(t) => self.templates = Some(t),
                Err(e) => {
                    return outcome(
                        keep(vec![whole_file(&e.file, "E-template", e.message)]),
                        start,
                    );
                }
            }
        }
        let as_of = self
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let skip = vec![self.vault.join(&config.output_dir)];
        let model = Model::load(&self.vault, config, skip, as_of);
        let (report, business) = crate::analytics::compute(&model);
        let (diagnostics, resolutions) = crate::check::check(&model, business);
        let checked = Checked {
            model,
            diagnostics,
            resolutions,
            report,
        };
        let errors: Vec<Problem> = checked
            .diagnostics
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(Problem::from)
            .collect();
        let warnings = checked.diagnostics.warnings();
        let templates = self.templates.as_mut().expect("loaded above");
        let site = match Site::build(&checked, templates) {
            Ok(site) => site,
            Err(e) => {
                let mut all = vec![whole_file(&e.file, "E-template", e.message)];
                all.extend(errors);
                return outcome(keep(all), start);
            }
        };
        let Site { mut pages, copies } = site;
        // A note whose front matter no longer reads is withheld from the
        // site; while the error stands, its last good page stays.
        for note in &checked.model.vault.notes {
            if note.withheld && !note.unread {
                let page = urls::note_page(&note.path);
                if let (false, Some(old)) = (pages.contains_key(&page), previous.pages.get(&page)) {
                    pages.insert(page, old.clone());
                }
            }
        }
        let served = Served {
            generation: previous.generation + 1,
            pages,
            copies,
            errors,
            moved,
        };
        let mut out = outcome(served, start);
        out.warnings = warnings;
        out
    }
}

fn whole_file(file: &str, code: &str, message: String) -> Problem {
    Problem {
        code: code.to_owned(),
        file: file.to_owned(),
        line: 1,
        column: 1,
        message,
        help: None,
    }
}

fn outcome(served: Served, start: Instant) -> Outcome {
    Outcome {
        errors: served.errors.len(),
        warnings: 0,
        millis: start.elapsed().as_secs_f64() * 1000.0,
        served,
    }
}
