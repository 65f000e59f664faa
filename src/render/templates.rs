//! The site's tera templates: built into the binary, each replaceable by a
//! same-named file in the vault's `templates/` folder.

use std::path::Path;

use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Message, Pos};

/// The built-in templates that are not pages of the catalog (layouts,
/// parts, the pages of notes, folders and tags), by name.
const PARTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("nav.html", include_str!("../../templates/nav.html")),
    ("props.html", include_str!("../../templates/props.html")),
    (
        "backlinks.html",
        include_str!("../../templates/backlinks.html"),
    ),
    (
        "client-link.html",
        include_str!("../../templates/client-link.html"),
    ),
    ("stale.html", include_str!("../../templates/stale.html")),
    ("deals.html", include_str!("../../templates/deals.html")),
    (
        "deal-sections.html",
        include_str!("../../templates/deal-sections.html"),
    ),
    ("deal.html", include_str!("../../templates/deal.html")),
    (
        "deal-todos.html",
        include_str!("../../templates/deal-todos.html"),
    ),
    ("owner.html", include_str!("../../templates/owner.html")),
    (
        "problem-groups.html",
        include_str!("../../templates/problem-groups.html"),
    ),
    (
        "problem-rows.html",
        include_str!("../../templates/problem-rows.html"),
    ),
    ("pager.html", include_str!("../../templates/pager.html")),
    (
        "follow-ups.html",
        include_str!("../../templates/follow-ups.html"),
    ),
    ("client.html", include_str!("../../templates/client.html")),
    ("note.html", include_str!("../../templates/note.html")),
    ("folder.html", include_str!("../../templates/folder.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("home.html", include_str!("../../templates/home.html")),
    (
        "not-found.html",
        include_str!("../../templates/not-found.html"),
    ),
];

/// Every built-in template, by name: the parts, then the pages of the
/// catalog. All names end in `.html`, which is what turns on tera's
/// autoescaping.
pub fn built_in() -> impl Iterator<Item = (&'static str, &'static str)> {
    PARTS.iter().copied().chain(
        super::catalog::PAGES
            .iter()
            .map(|page| (page.template, page.text)),
    )
}

/// The built-in style sheet, written to `_assets/style.css` unless the
/// vault has a `templates/style.css` of its own.
pub const STYLE: &str = include_str!("../../templates/style.css");

/// The page script (search, sorting and filtering), `_assets/dossier.js`.
pub const SCRIPT: &str = include_str!("../../templates/dossier.js");

/// The site's icon, `_assets/favicon.svg`.
pub const FAVICON: &str = include_str!("../../templates/favicon.svg");

/// A template that could not be used, with the file it came from.
#[derive(Debug)]
pub struct TemplateError {
    pub file: String,
    /// tera's own words (or, for a file that is not UTF-8, ours).
    pub message: String,
    /// The file is not UTF-8 text.
    pub not_utf8: bool,
}

pub struct Templates {
    tera: Tera,
    /// How many built-in templates the vault replaces.
    overridden: usize,
    /// The style sheet: the vault's `templates/style.css`, else the
    /// built-in one.
    style: String,
    /// The vault's `templates/extra.css`, added after the style sheet.
    extra_css: Option<String>,
    /// Files of `templates/` the gate refused, as warnings.
    refused: Vec<Diagnostic>,
}

impl Templates {
    /// The built-ins, with `VAULT/templates/NAME.html` taking the place of
    /// any built-in of the same name.
    pub fn load(vault: &Path) -> Result<Templates, TemplateError> {
        Templates::from(Some(vault))
    }

    /// The built-in templates alone.
    pub fn built_in() -> Templates {
        Templates::from(None).expect("the built-in templates compile")
    }

    fn from(vault: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut refused = Vec::new();
        let folder = vault.map(|v| {
            let root = v.canonicalize().unwrap_or_else(|_| v.to_path_buf());
            (root.clone(), root.join(crate::vault::rules::TEMPLATES))
        });
        let mut user_file = |name: &str| -> Result<Option<String>, TemplateError> {
            let Some((root, folder)) = &folder else {
                return Ok(None);
            };
            read_user_file(root, &folder.join(name), name, &mut refused)
        };
        let mut sources: Vec<(String, String, String)> = Vec::new();
        for (name, text) in built_in() {
            let (file, text) = match user_file(name)? {
                Some(text) => (format!("templates/{name}"), text),
                None => (format!("(built-in) {name}"), text.to_owned()),
            };
            sources.push(((*name).to_owned(), file, text));
        }
        let style = user_file("style.css")?.unwrap_or_else(|| STYLE.to_owned());
        let extra_css = user_file("extra.css")?;
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(sources.iter().map(|(n, _, t)| (n.as_str(), t.as_str())))
            .map_err(|e| {
                let message = format!("{e:?}");
                let file = sources
                    .iter()
                    .find(|(n, _, _)| message.contains(n.as_str()))
                    .map_or_else(|| "templates".to_owned(), |(_, f, _)| f.clone());
                TemplateError {
                    file,
                    message: error_text(&e),
                    not_utf8: false,
                }
            })?;
        let overridden = sources
            .iter()
            .filter(|(_, file, _)| file.starts_with("templates/"))
            .count();
        tera.global_context()
            .insert("has_extra_css", &extra_css.is_some());
        Ok(Templates {
            tera,
            overridden,
            style,
            extra_css,
            refused,
        })
    }

    /// The vault's templates and style sheets that were not read (a symlink
    /// out of the vault, a FIFO, a file over the bound): the built-in ones
    /// stand in.
    pub fn refused(&self) -> &[Diagnostic] {
        &self.refused
    }

    /// The style sheet, `_assets/style.css`.
    pub fn style(&self) -> &str {
        &self.style
    }

    /// The vault's own additions to the style sheet, `_assets/extra.css`.
    pub fn extra_css(&self) -> Option<&str> {
        self.extra_css.as_deref()
    }

    /// How many built-in templates the vault's own replace.
    pub fn overridden(&self) -> usize {
        self.overridden
    }

    /// Makes `value` visible to every template as `name` (the interface
    /// words, which every page shares).
    pub fn set_global<T: serde::Serialize>(&mut self, name: &'static str, value: &T) {
        self.tera.global_context().insert(name, value);
    }

    /// Renders `name` to bytes (UTF-8; not validated again on the way out).
    pub fn render(&self, name: &str, context: &Context) -> Result<Vec<u8>, TemplateError> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| TemplateError {
                file: format!("templates/{name}"),
                message: error_text(&e),
                not_utf8: false,
            })?;
        Ok(out)
    }
}

/// A template or style sheet of the vault's `templates/` folder, read
/// through the gate: `None` when there is none, or when it cannot be used
/// safely (a symlink out of the vault, a FIFO, a device, a file over
/// [`crate::gate::TEMPLATE_MAX_BYTES`]), which is said in `refused` and
/// leaves the built-in in its place. A file that is there but does not
/// read as text is an error of the template.
fn read_user_file(
    root: &Path,
    path: &Path,
    name: &str,
    refused: &mut Vec<Diagnostic>,
) -> Result<Option<String>, TemplateError> {
    use crate::gate::Refused;
    // Nothing there at all, not even a broken symlink: the built-in.
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    let file = format!("templates/{name}");
    let warn = |message: Message| Diagnostic::new(&file, Pos::new(1, 1), message);
    match crate::gate::read_inside(root, path, crate::gate::TEMPLATE_MAX_BYTES) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| TemplateError {
                file,
                message: "the file is not valid UTF-8".to_owned(),
                not_utf8: true,
            }),
        Err(Refused::Outside(_)) => {
            // The target is not named: it may itself be what must not show.
            refused.push(warn(Message::TemplateOutside));
            Ok(None)
        }
        Err(Refused::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            refused.push(warn(Message::TemplateBroken));
            Ok(None)
        }
        Err(other) => {
            refused.push(warn(Message::TemplateUnreadable {
                io: crate::diagnostics::message::IoProblem::refused(&other),
            }));
            Ok(None)
        }
    }
}

fn error_text(e: &tera::Error) -> String {
    use std::error::Error;
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_parses() {
        let dir = tempfile::tempdir().unwrap();
        Templates::load(dir.path()).unwrap();
    }

    #[test]
    fn a_vault_template_wins_over_the_built_in() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/problems.html"),
            "OVERRIDDEN {{ layout.site_title }}",
        )
        .unwrap();
        let t = Templates::load(dir.path()).unwrap();
        let mut ctx = Context::new();
        ctx.insert("layout", &serde_json::json!({"site_title": "<b>x</b>"}));
        let out = t.render("problems.html", &ctx).unwrap();
        assert_eq!(out, b"OVERRIDDEN &lt;b&gt;x&lt;/b&gt;");
    }

    #[test]
    fn a_broken_override_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/note.html"), "{% if %}").unwrap();
        let err = Templates::load(dir.path()).err().unwrap();
        assert_eq!(err.file, "templates/note.html");
    }
}
