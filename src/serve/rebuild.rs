//! The preview's model of the vault, kept between builds: a saved note is
//! read again alone; anything else (a note added, removed or renamed, a
//! folder, the config, a template) reads the vault again. A config or
//! template that cannot be used keeps the last good one; every problem goes
//! into the overlay.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::analytics::Reuse;
use crate::check::links::LinkCache;
use crate::cmd::Checked;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Kind, Model};
use crate::render::templates::Templates;

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

impl Problem {
    pub fn whole_file(file: &str, code: &str, message: String) -> Problem {
        Problem {
            code: code.to_owned(),
            file: file.to_owned(),
            line: 1,
            column: 1,
            message,
            help: None,
        }
    }
}

/// The state a preview keeps between builds.
pub struct Workspace {
    pub vault: PathBuf,
    explicit_config: Option<PathBuf>,
    as_of: Option<NaiveDate>,
    config: Option<Config>,
    templates: Option<Templates>,
    pub checked: Option<Checked>,
    /// The link problems of each note, kept so a save resolves few links.
    link_diagnostics: Vec<Vec<Diagnostic>>,
    /// The problems of codes and references, kept while no code changes.
    codes: Vec<Diagnostic>,
    /// Problems of the config or templates, which keep their last good
    /// version while they stand.
    setup_errors: Vec<Problem>,
}

/// What a build did, for the terminal.
pub struct Outcome {
    pub millis: f64,
    pub notes_read: usize,
    pub errors: Vec<Problem>,
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
            checked: None,
            link_diagnostics: Vec::new(),
            codes: Vec::new(),
            setup_errors: Vec::new(),
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

    pub fn templates(&mut self) -> &mut Templates {
        self.templates.get_or_insert_with(Templates::built_in)
    }

    /// The errors to show: the config's and templates', then the vault's.
    pub fn errors(&self) -> Vec<Problem> {
        let mut out = self.setup_errors.clone();
        if let Some(checked) = &self.checked {
            out.extend(
                checked
                    .diagnostics
                    .items
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(Problem::from),
            );
        }
        out
    }

    fn outcome(&self, start: Instant, notes_read: usize) -> Outcome {
        Outcome {
            millis: start.elapsed().as_secs_f64() * 1000.0,
            notes_read,
            errors: self.errors(),
            warnings: self
                .checked
                .as_ref()
                .map_or(0, |c| c.diagnostics.warnings()),
        }
    }

    fn as_of(&self) -> NaiveDate {
        self.as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Reads the config and templates again when asked, then the whole vault.
    pub fn full(&mut self, reload_config: bool, reload_templates: bool) -> Outcome {
        let start = Instant::now();
        self.setup_errors.clear();
        if reload_config || self.config.is_none() {
            match Config::load(&self.vault, self.explicit_config.as_deref()) {
                Ok(c) => self.config = Some(c),
                Err(e) => self.setup_errors.push(Problem::whole_file(
                    &e.path.display().to_string(),
                    "E-config",
                    e.message,
                )),
            }
        }
        if reload_templates || reload_config || self.templates.is_none() {
            match Templates::load(&self.vault) {
                Ok(t) => self.templates = Some(t),
                Err(e) => {
                    self.setup_errors
                        .push(Problem::whole_file(&e.file, "E-template", e.message));
                }
            }
        }
        let config = self.config.clone().unwrap_or_default();
        let skip = vec![self.vault.join(&config.output_dir)];
        let model = Model::load(&self.vault, config, skip, self.as_of());
        let read = model.vault.notes.len();
        self.checked = None;
        let links = crate::check::links::resolve_all(&model);
        self.codes = crate::check::codes_and_references(&model);
        self.finish(model, links, None);
        self.outcome(start, read)
    }

    /// Reads the notes at `paths` (vault-relative, all in the model) again,
    /// and nothing else.
    pub fn update(&mut self, paths: &[String]) -> Outcome {
        let start = Instant::now();
        let Some(checked) = self.checked.take() else {
            return self.full(false, false);
        };
        let Checked {
            mut model,
            resolutions,
            report,
            diagnostics,
        } = checked;
        // Freeing thousands of diagnostics is work the next page need not wait for.
        std::thread::spawn(move || drop(diagnostics));
        let changed: Vec<usize> = paths
            .iter()
            .filter_map(|p| model.vault.note_index(p))
            .collect();
        let is_person = |model: &Model| changed.iter().any(|&i| model.kinds[i] == Kind::Contact);
        let person_before = is_person(&model);
        let codes_before: Vec<_> = changed.iter().map(|&i| model.code_fingerprint(i)).collect();
        let deals_before: Vec<_> = changed
            .iter()
            .map(|&i| model.pipeline_fingerprint(i))
            .collect();
        let same_day = model.as_of == self.as_of();
        model.as_of = self.as_of();
        let t = crate::timings::stage("update: read notes");
        model.reload_notes(paths);
        drop(t);
        // The figures of clients whose notes did not change carry over,
        // unless a person note (counted among a client's contacts) changed.
        let codes_after: Vec<_> = changed.iter().map(|&i| model.code_fingerprint(i)).collect();
        if codes_after != codes_before {
            self.codes = crate::check::codes_and_references(&model);
        }
        let deals_unchanged = changed
            .iter()
            .zip(&deals_before)
            .all(|(&i, before)| model.pipeline_fingerprint(i) == *before);
        let reuse = (same_day && !person_before && !is_person(&model)).then(|| {
            Reuse::from_report(report, changed.iter().copied().collect(), deals_unchanged)
        });
        let mut links = LinkCache {
            resolutions,
            diagnostics: std::mem::take(&mut self.link_diagnostics),
        };
        let t = crate::timings::stage("update: links");
        crate::check::links::resolve_changed(&model, &changed, &mut links);
        drop(t);
        self.finish(model, links, reuse);
        self.outcome(start, paths.len())
    }

    fn finish(&mut self, model: Model, links: LinkCache, reuse: Option<Reuse>) {
        let (report, business) = crate::analytics::compute_reusing(&model, reuse);
        let t = crate::timings::stage("gather diagnostics");
        let diagnostics = crate::check::gather(&model, business, &links, &self.codes);
        drop(t);
        self.link_diagnostics = links.diagnostics;
        self.checked = Some(Checked {
            model,
            diagnostics,
            resolutions: links.resolutions,
            report,
        });
    }
}
