//! Codes must be unique across the vault and follow the configured pattern.

use std::collections::BTreeMap;

use regex::Regex;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::model::fields::{Field, Str};

pub fn check(model: &Model, out: &mut Diagnostics) {
    let path = |note: usize| model.vault.notes[note].path.as_str();
    let patterns = &model.config.codes;
    let clients = model.clients.iter().map(|c| (c.note, c.code.as_ref()));
    let opportunities = model
        .opportunities
        .iter()
        .map(|o| (o.note, o.code.as_ref()));
    let projects = model.projects.iter().map(|p| (p.note, p.code.as_ref()));
    unique("client", clients.clone(), &path, out);
    unique("opportunity", opportunities.clone(), &path, out);
    unique("project", projects.clone(), &path, out);
    pattern("client", &patterns.client, clients, &path, out);
    pattern(
        "opportunity",
        &patterns.opportunity,
        opportunities,
        &path,
        out,
    );
    pattern("project", &patterns.project, projects, &path, out);
}

fn unique<'a>(
    what: &str,
    codes: impl Iterator<Item = (usize, Option<&'a Field<Str>>)>,
    path: &dyn Fn(usize) -> &'a str,
    out: &mut Diagnostics,
) {
    let mut seen: BTreeMap<&str, Vec<(usize, &Field<Str>)>> = BTreeMap::new();
    for (note, code) in codes {
        if let Some(code) = code {
            seen.entry(code.value.as_str())
                .or_default()
                .push((note, code));
        }
    }
    for (code, places) in seen.into_iter().filter(|(_, p)| p.len() > 1) {
        let (first_note, first) = places[0];
        for &(note, field) in &places[1..] {
            out.push(
                Diagnostic::new(
                    "E-code-duplicate",
                    path(note),
                    field.pos,
                    format!(
                        "{what} code `{code}` is also used in {}:{}:{}",
                        path(first_note),
                        first.pos.line,
                        first.pos.column
                    ),
                )
                .help(format!("give each {what} its own code"))
                .related([path(first_note)]),
            );
        }
        out.push(
            Diagnostic::new(
                "E-code-duplicate",
                path(first_note),
                first.pos,
                format!(
                    "{what} code `{code}` is used {} times; also in {}",
                    places.len(),
                    places[1..]
                        .iter()
                        .map(|(n, f)| format!("{}:{}:{}", path(*n), f.pos.line, f.pos.column))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .related(places[1..].iter().map(|(n, _)| path(*n))),
        );
    }
}

fn pattern<'a>(
    what: &str,
    pattern: &str,
    codes: impl Iterator<Item = (usize, Option<&'a Field<Str>>)>,
    path: &dyn Fn(usize) -> &'a str,
    out: &mut Diagnostics,
) {
    if pattern.is_empty() {
        return;
    }
    let Ok(re) = Regex::new(pattern) else {
        return;
    };
    for (note, code) in codes {
        if let Some(code) = code
            && !re.is_match(&code.value)
        {
            out.push(
                Diagnostic::new(
                    "E-code-pattern",
                    path(note),
                    code.pos,
                    format!("{what} code `{}` does not match `{pattern}`", code.value),
                )
                .help(format!("codes.{what} in dossier.toml sets the pattern")),
            );
        }
    }
}
