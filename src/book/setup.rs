//! What a book is set up with besides its notes: the config, the templates
//! and the interface words, with the problems of each. A config or template
//! that cannot be used is a diagnostic like any other; the preview keeps
//! the last good one standing in.

use std::path::PathBuf;

use super::{CannotLoad, Options};
use crate::config::{CONFIG_FILE, Config, ConfigError};
use crate::diagnostics::{Diagnostic, Message, Pos};
use crate::render::i18n::Words;
use crate::render::templates::{TemplateError, Templates};

pub(super) struct Setup {
    pub config: Config,
    pub templates: Templates,
    pub words: Words,
    /// The config could not be used; the last good one (or the defaults)
    /// stands in. Only the preview keeps going with one.
    config_problem: Option<Diagnostic>,
    /// A template did not load; the last good templates (or the built-in
    /// ones) stand in.
    template_problem: Option<TemplateError>,
    /// Templates that load but failed to render a page.
    pub render_problems: Vec<Diagnostic>,
    /// Obsidian's settings files that are there but not read.
    settings_problems: Vec<Diagnostic>,
}

/// The config file of a book: `--config`, else `VAULT/dossier.toml`.
pub(super) fn config_file(options: &Options) -> PathBuf {
    options
        .config
        .clone()
        .unwrap_or_else(|| options.vault.join(CONFIG_FILE))
}

impl Setup {
    pub fn load(options: &Options, strict_config: bool) -> Result<Setup, CannotLoad> {
        let (config, config_problem) = match Config::load(&options.vault, options.config.as_deref())
        {
            Ok(c) => (c, None),
            Err(e) if strict_config => return Err(CannotLoad(e.to_string())),
            Err(e) => (Config::default(), Some(config_problem(options, &e))),
        };
        let words = super::words_of(&config);
        let mut setup = Setup {
            templates: Templates::built_in(),
            config,
            words,
            config_problem,
            template_problem: None,
            render_problems: Vec::new(),
            settings_problems: Vec::new(),
        };
        setup.load_templates(options);
        Ok(setup)
    }

    /// Reads the config and/or the templates again; what cannot be used
    /// keeps its last good version and becomes a problem.
    pub fn reload(&mut self, options: &Options, config: bool, templates: bool) {
        if config {
            match Config::load(&options.vault, options.config.as_deref()) {
                Ok(c) => {
                    self.config = c;
                    self.config_problem = None;
                }
                Err(e) => self.config_problem = Some(config_problem(options, &e)),
            }
            self.words = super::words_of(&self.config);
        }
        if templates || config {
            self.load_templates(options);
        }
    }

    fn load_templates(&mut self, options: &Options) {
        self.render_problems.clear();
        self.settings_problems = crate::vault::rules::settings_problems(&options.vault);
        match Templates::load(&options.vault) {
            Ok(t) => {
                self.templates = t;
                self.template_problem = None;
            }
            Err(e) => self.template_problem = Some(e),
        }
        self.templates.set_global("t", &self.words);
    }

    /// The problems of the config and templates, as diagnostics.
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.config_problem.iter().cloned().collect();
        out.extend(self.template_problem.iter().map(template_problem));
        out.extend(self.templates.refused().iter().cloned());
        out.extend(self.settings_problems.iter().cloned());
        out.extend(self.render_problems.iter().cloned());
        out
    }

    pub fn templates_ok(&self) -> bool {
        self.template_problem.is_none()
    }

    /// The template that did not load, if one did not.
    pub fn template_error(&self) -> Option<TemplateError> {
        self.template_problem.as_ref().map(|e| TemplateError {
            file: e.file.clone(),
            message: e.message.clone(),
            not_utf8: e.not_utf8,
        })
    }

    /// Whether the vault replaces any built-in template.
    pub fn has_overrides(&self) -> bool {
        self.templates.overridden() > 0
    }
}

fn config_problem(options: &Options, e: &ConfigError) -> Diagnostic {
    let file = e.path.strip_prefix(&options.vault).map_or_else(
        |_| e.path.display().to_string(),
        |p| p.display().to_string(),
    );
    Diagnostic::new(
        &file,
        toml_error_pos(&e.message),
        Message::Config {
            detail: e.message.clone(),
        },
    )
}

/// A template problem as a diagnostic, at the position tera names.
pub(super) fn template_problem(e: &TemplateError) -> Diagnostic {
    let message = if e.not_utf8 {
        Message::TemplateNotUtf8
    } else {
        Message::Template {
            detail: e.message.clone(),
        }
    };
    Diagnostic::new(&e.file, template_error_pos(&e.message), message)
}

/// tera points at the problem with `--> NAME:LINE:COLUMN`.
fn template_error_pos(message: &str) -> Pos {
    let found = message.split("--> ").nth(1).and_then(|rest| {
        let location = rest.split_whitespace().next()?;
        let mut parts = location.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some(Pos::new(line, column))
    });
    found.unwrap_or(Pos::new(1, 1))
}

/// toml says `TOML parse error at line L, column C`.
fn toml_error_pos(message: &str) -> Pos {
    let found = message.split("at line ").nth(1).and_then(|rest| {
        let (line, rest) = rest.split_once(", column ")?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(Pos::new(line.trim().parse().ok()?, column.parse().ok()?))
    });
    found.unwrap_or(Pos::new(1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_errors_keep_teras_position() {
        let message = "error: Field `x` is not defined\n --> note.html:3:9\n  |";
        assert_eq!(template_error_pos(message), Pos::new(3, 9));
        assert_eq!(template_error_pos("no position"), Pos::new(1, 1));
    }

    #[test]
    fn config_errors_keep_tomls_position() {
        let message = "TOML parse error at line 3, column 7\n  |\n3 | title = \n";
        assert_eq!(toml_error_pos(message), Pos::new(3, 7));
        assert_eq!(toml_error_pos("no position"), Pos::new(1, 1));
    }
}
