//! The book: one vault loaded, typed, checked and worked out for one as-of
//! date, with its templates. It is the one place where the stages of the
//! pipeline are strung together; `check`, `build`, `report` and `serve`
//! only drive a `Book`.
//!
//! ```text
//! Book::load      config → templates → vault + model → links → codes
//!                 → analytics → words → diagnostics
//! book.update     the same stages again, for the notes that changed
//! book.input()    what the site renders from (every page, or one)
//! ```

mod past;
mod setup;
mod update;
mod watched;

pub use watched::Touched;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::analytics::{Report, Reuse};
use crate::check::Resolutions;
use crate::check::links::LinkCache;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::render::i18n::{self, Words};
use crate::render::templates::Templates;
use crate::site::outputs::PagePlan;
use crate::site::write::WriteError;
use crate::site::{self, Input};
use crate::timings;
use crate::vault::rules::Rules;

pub use past::period_starts;
pub use update::{Outcome, Update};

/// How a book is opened.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The vault folder.
    pub vault: PathBuf,
    /// The config file, when not `VAULT/dossier.toml`.
    pub config: Option<PathBuf>,
    /// The date figures are computed for; today when not given.
    pub as_of: Option<NaiveDate>,
    /// Where the site is written, when not the config's `output_dir`. The
    /// walk never enters it.
    pub output: Option<PathBuf>,
    /// Read the vault as committed on the last commit on or before the
    /// end of this day, from Git, instead of the files on disk; the as-of
    /// date defaults to it.
    pub at: Option<NaiveDate>,
    /// Work out what moved in the last 7 days and the quarter to date
    /// (the changes page of the site).
    pub recent_changes: bool,
    /// Leave the history unread (a past book the changes compare with).
    pub skip_history: bool,
    /// With `at`: what the vault withholds now (read from it when not
    /// given), withheld in the past book too.
    pub withheld_now: Option<std::sync::Arc<crate::vault::WithheldNow>>,
}

/// Why a book could not be opened at all (the command exits 2).
#[derive(Debug)]
pub struct CannotLoad(pub String);

impl std::fmt::Display for CannotLoad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A vault loaded and worked out.
pub struct Book {
    options: Options,
    /// Whether the problems found by each stage are kept apart, for a later
    /// `update` to work out again only what changed (the preview).
    keeps_parts: bool,
    setup: setup::Setup,
    rules: Rules,
    model: Model,
    links: LinkCache,
    /// The problems of codes and references, kept while no code changes.
    codes: Vec<Diagnostic>,
    /// The page of each note (`None`: it has none), and the problems of
    /// where the site's files go (taken when problems are gathered).
    pages: Vec<Option<String>>,
    outputs: Vec<Diagnostic>,
    /// Where each note's page would go, kept while the paths stay (the
    /// preview; a command's book works its pages out once).
    plan: PagePlan,
    report: Report,
    diagnostics: Diagnostics,
    /// The vault the caller named (`options.vault` is the folder a past
    /// commit was written out to, with `at`).
    origin: PathBuf,
    checkout: Option<past::Checkout>,
    history: crate::history::History,
    periods: Vec<past::Period>,
    /// The commit the history and periods were read at.
    periods_head: Option<String>,
    /// What the history's figures of `report` were worked out from.
    history_basis: Option<u64>,
    /// The history's figures of the report an update let go of.
    kept_history: Option<crate::analytics::history::HistoryFigures>,
    /// What moved since each period began, worked out when first asked.
    recent: std::sync::OnceLock<Vec<(&'static str, crate::analytics::changes::Changes)>>,
}

impl Book {
    /// Opens the vault for a command: a config that cannot be used stops
    /// it (exit 2); every other problem is a diagnostic.
    pub fn load(options: Options) -> Result<Book, CannotLoad> {
        Book::open(options, true)
    }

    /// Opens the vault for the preview: a config that cannot be used is a
    /// diagnostic too (the defaults stand in) and the server still starts.
    pub fn load_for_preview(options: Options) -> Result<Book, CannotLoad> {
        Book::open(options, false)
    }

    /// `strict_config`: a config that cannot be used stops the command. A
    /// command's book is worked out once; the preview's is kept up to date.
    fn open(mut options: Options, strict_config: bool) -> Result<Book, CannotLoad> {
        let keeps_parts = !strict_config;
        if !options.vault.is_dir() {
            return Err(CannotLoad(format!(
                "{}: not a folder (give the vault folder)",
                options.vault.display()
            )));
        }
        let origin = options.vault.clone();
        if options.at.is_some() && options.withheld_now.is_none() {
            options.withheld_now = Some(std::sync::Arc::new(past::withheld_now(&options)));
        }
        let checkout = match options.at {
            Some(day) => {
                let checkout = past::checkout(&options, day)?;
                options.vault = checkout.dir.path().to_path_buf();
                options.as_of = options.as_of.or(Some(day));
                Some(checkout)
            }
            None => None,
        };
        let setup = setup::Setup::load(&options, strict_config).map_err(|e| match &checkout {
            // Named as committed, never by the folder it was written out to.
            Some(c) => {
                let commit = c.commit.as_deref().unwrap_or("-");
                let folder = format!("{}/", c.dir.path().display());
                CannotLoad(format!(
                    "{} (as committed in {}, the last commit on or before {})",
                    e.0.replace(&folder, ""),
                    &commit[..commit.len().min(10)],
                    options.at.map(|d| d.to_string()).unwrap_or_default()
                ))
            }
            None => e,
        })?;
        if checkout.is_some() && options.output.is_none() {
            // The site of a past vault goes where today's would.
            options.output = Some(origin.join(&setup.config.output_dir));
        }
        let rules = rules_for(&options, &setup.config);
        let as_of = as_of(&options);
        let mut model = read(
            &options.vault,
            setup.config.clone(),
            &rules,
            as_of,
            options.withheld_now.as_deref(),
        );
        let worked = if keeps_parts {
            check_and_figure(&mut model)
        } else {
            check_then_figure(&mut model)
        };
        let mut book = Book {
            options,
            keeps_parts,
            setup,
            rules,
            model,
            links: worked.links,
            codes: worked.codes,
            pages: worked.pages,
            outputs: worked.outputs,
            plan: worked.plan,
            report: Report::default(),
            diagnostics: Diagnostics::default(),
            origin,
            checkout,
            history: crate::history::History::default(),
            periods: Vec::new(),
            periods_head: None,
            history_basis: None,
            kept_history: None,
            recent: std::sync::OnceLock::new(),
        };
        if !book.options.skip_history {
            book.read_history();
        }
        book.gather(worked.report);
        book.load_periods();
        book.try_templates();
        crate::memory::release_unused();
        Ok(book)
    }

    /// Every diagnostic of the book: those found while reading, of links,
    /// codes and references, the business warnings of `report`, and the
    /// setup's; then `report` becomes the book's.
    fn gather(&mut self, report: Report) {
        self.gather_with(report, None);
    }

    /// [`Book::gather`], given the note pages and their problems when they
    /// were worked out already (beside the figures, by the preview).
    fn gather_with(&mut self, mut report: Report, pages: Option<site::outputs::PagesAndProblems>) {
        {
            let _t = timings::stage("history: figures");
            // Only the preview works the book out again: it keeps the
            // figures while the deals stay as they were.
            let basis = self
                .keeps_parts
                .then(|| crate::analytics::history::basis(&self.model, &self.history));
            let kept = self.kept_history.take();
            if basis.is_some() && self.history_basis == basis {
                report.set_history(
                    kept.unwrap_or_else(|| self.report.take_history()),
                    &self.model,
                );
            } else {
                let figures = {
                    let _t = timings::stage("history: figures: timelines");
                    crate::analytics::history::figures(&self.model, &self.history)
                };
                let _t = timings::stage("history: figures: deal rows");
                report.set_history(figures, &self.model);
            }
            self.history_basis = basis;
        }
        let mut setup = self.setup.problems();
        setup.extend(past::gap_problems(&self.model, &self.history));
        if self.keeps_parts {
            (self.pages, self.outputs) = pages.unwrap_or_else(|| {
                crate::site::outputs::pages_and_problems(
                    &self.model,
                    &self.plan,
                    &self.links.resolutions,
                )
            });
        }
        setup.append(&mut self.outputs);
        let levels = &self.model.config.severity;
        self.diagnostics = if self.keeps_parts {
            let model = &self.model;
            let found = (model.vault.diagnostics.iter())
                .chain(model.note_diagnostics())
                .chain(&model.link_diagnostics)
                .chain(&self.codes)
                .chain(self.links.diagnostics.iter().flatten())
                .chain(report.warnings())
                .cloned()
                .chain(setup);
            crate::check::gather(levels, found)
        } else {
            // Nothing will be worked out again: each problem moves into
            // the list instead of being copied.
            let model = &mut self.model;
            let found = std::mem::take(&mut model.vault.diagnostics)
                .into_iter()
                .chain(model.take_note_diagnostics())
                .chain(std::mem::take(&mut model.link_diagnostics))
                .chain(std::mem::take(&mut self.codes))
                .chain(
                    std::mem::take(&mut self.links.diagnostics)
                        .into_iter()
                        .flatten(),
                )
                .chain(report.take_warnings())
                .chain(setup);
            crate::check::gather(&model.config.severity, found)
        };
        self.report = report;
        // The book moved on; the past it is compared with did not.
        self.recent = std::sync::OnceLock::new();
    }

    /// Renders one page of each template the vault overrides, so that a
    /// template which parses but cannot render is reported by `check` too.
    fn try_templates(&mut self) {
        if !self.setup.has_overrides() || !self.setup.templates_ok() {
            return;
        }
        let problems = {
            let _t = timings::stage("templates");
            let preview = site::preview::Preview::new(self.input(), &self.setup.templates, None);
            preview.try_templates(&self.setup.templates)
        };
        if problems.is_empty() {
            return;
        }
        for e in problems {
            self.setup.render_problems.push(setup::template_problem(&e));
        }
        self.diagnostics.extend(self.setup.render_problems.clone());
        self.diagnostics.sort();
    }

    /// What the site is rendered from.
    pub fn input(&self) -> Input<'_> {
        Input {
            model: &self.model,
            pages: &self.pages,
            resolutions: &self.links.resolutions,
            diagnostics: &self.diagnostics,
            report: &self.report,
            changes: self,
        }
    }

    pub fn config(&self) -> &Config {
        &self.model.config
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The book of business. Its risk reasons and actions are not worded
    /// (pages and tables word them as they are written); see
    /// [`Book::report_in_words`].
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The book of business with the reasons and actions of every risk in
    /// the vault's language, as the report's JSON shows them.
    pub fn report_in_words(&mut self) -> &Report {
        crate::report::fill(&mut self.report, &self.model.config, &self.setup.words);
        &self.report
    }

    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    pub fn resolutions(&self) -> &Resolutions {
        &self.links.resolutions
    }

    /// The templates, with the interface words as their global `t`.
    pub fn templates(&self) -> &Templates {
        &self.setup.templates
    }

    /// The interface words of the vault's language.
    pub fn words(&self) -> &Words {
        &self.setup.words
    }

    /// What belongs to the vault, for the walk and the file watcher.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn vault(&self) -> &Path {
        &self.options.vault
    }

    /// Lets go of the book without freeing it piece by piece (the process
    /// exits next), after removing the past vault `--at` wrote out.
    pub fn finish(mut self) {
        drop(self.checkout.take());
        std::mem::forget(self);
    }

    /// The vault as the caller named it (with `at`, not the folder the
    /// past commit was written out to).
    pub fn origin(&self) -> &Path {
        &self.origin
    }

    /// The commit a book `at` a day was read from (`None`: no commit is
    /// that old, or the book is of the files on disk).
    pub fn commit(&self) -> Option<&str> {
        self.checkout.as_ref().and_then(|c| c.commit.as_deref())
    }

    /// The config file in use (it may not exist).
    pub fn config_file(&self) -> PathBuf {
        setup::config_file(&self.options)
    }

    /// Where `build` writes the site.
    pub fn output_dir(&self) -> PathBuf {
        output_dir(&self.options, self.config())
    }

    /// How many notes could be read.
    pub fn files_read(&self) -> usize {
        self.model.vault.files_read()
    }

    /// The text of a file a diagnostic names, for its source line: a note,
    /// or a template of the vault.
    pub fn source_of(&self, file: &str) -> Option<String> {
        if self.model.vault.note_index(file).is_some() {
            return self.model.vault.source_of(file, self.config());
        }
        let template = file.strip_prefix("templates/")?;
        crate::render::templates::built_in()
            .any(|(name, _)| name == template)
            .then(|| self.options.vault.join(file))
            .and_then(|p| {
                let root = self.options.vault.canonicalize().ok()?;
                let bytes = crate::gate::read_inside(&root, &p, crate::gate::TEMPLATE_MAX_BYTES);
                String::from_utf8(bytes.ok()?).ok()
            })
    }

    /// Renders the site into a fresh folder and swaps it into `target`'s
    /// place. A template that fails to render becomes a diagnostic of the
    /// book and nothing is written.
    /// `written` hears of every file written.
    pub fn write_site(
        &mut self,
        target: &Path,
        written: &(dyn Fn() + Sync),
    ) -> Result<usize, WriteError> {
        if let Some(e) = self.setup.template_error() {
            return Err(WriteError::Template(e));
        }
        let result = site::write_rendered(
            self.input(),
            &self.setup.templates,
            target,
            &self.options.vault,
            written,
        );
        if let Err(WriteError::Template(e)) = &result {
            self.diagnostics.push(setup::template_problem(e));
            self.diagnostics.sort();
        }
        result
    }

    /// The book as of the date asked for, or today.
    pub fn as_of(&self) -> NaiveDate {
        as_of(&self.options)
    }
}

fn as_of(options: &Options) -> NaiveDate {
    options
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn output_dir(options: &Options, config: &Config) -> PathBuf {
    options
        .output
        .clone()
        .unwrap_or_else(|| options.vault.join(&config.output_dir))
}

fn rules_for(options: &Options, config: &Config) -> Rules {
    Rules::new(
        &options.vault,
        config,
        vec![output_dir(options, config)],
        setup::config_file(options),
    )
}

/// What the stages after reading give.
struct Worked {
    links: LinkCache,
    codes: Vec<Diagnostic>,
    pages: Vec<Option<String>>,
    outputs: Vec<Diagnostic>,
    plan: PagePlan,
    report: Report,
}

/// The links, the codes and references, and the analytics of a model read
/// whole, for a book that keeps the links as written to resolve them again
/// later (the preview): the links, the page plan and the codes side by
/// side, then the analytics (an interaction that names no client is about
/// the clients its text links to).
fn check_and_figure(model: &mut Model) -> Worked {
    let ((links, plan), codes) = {
        let model = &*model;
        rayon::join(
            || {
                rayon::join(
                    || crate::check::links::resolve_all(model),
                    || PagePlan::new(model),
                )
            },
            || crate::check::codes_and_references(model),
        )
    };
    model.link_interactions_by_text(&links.resolutions);
    let report = analytics(model, None);
    Worked {
        links,
        codes,
        pages: Vec::new(),
        outputs: Vec::new(),
        plan,
        report,
    }
}

/// The same for a book worked out once (a command): the links first, then
/// the links as written are dropped (pages need where links lead, not how
/// they were written) before the codes and the analytics take their
/// memory; at 50,000 clients the written links are some 60 MB.
fn check_then_figure(model: &mut Model) -> Worked {
    let mut links = crate::check::links::resolve_all(model);
    links.drop_path_tables();
    let plan = PagePlan::new(model);
    let (pages, outputs) =
        crate::site::outputs::pages_and_problems(model, &plan, &links.resolutions);
    drop(plan);
    model.link_interactions_by_text(&links.resolutions);
    for note in &mut model.vault.notes {
        note.links = Vec::new();
    }
    let model = &*model;
    let (codes, report) = rayon::join(
        || crate::check::codes_and_references(model),
        || analytics(model, None),
    );
    Worked {
        links,
        codes,
        pages,
        outputs,
        plan: PagePlan::default(),
        report,
    }
}

/// The book of business of `model`; `reuse` is what an earlier
/// computation may lend.
fn analytics(model: &Model, reuse: Option<Reuse>) -> Report {
    let _t = timings::stage("analytics");
    crate::analytics::compute_reusing(model, reuse)
}

/// Reads and types the whole vault.
fn read(
    vault: &Path,
    config: Config,
    rules: &Rules,
    as_of: NaiveDate,
    withheld_now: Option<&crate::vault::WithheldNow>,
) -> Model {
    let _t = timings::stage("load");
    let model = Model::load_withholding(vault, config, rules, as_of, withheld_now);
    // The notes' texts and front matter are gone; the checks and figures
    // that come next allocate in sizes of their own.
    crate::memory::release_unused();
    model
}

/// `i18n::words`, for the templates' global `t` and the report's words.
fn words_of(config: &Config) -> Words {
    i18n::words(config)
}
