//! Codes must be unique across the vault and follow the configured pattern.

use std::collections::BTreeMap;

use regex::Regex;

use crate::diagnostics::message::Record;
use crate::diagnostics::{Diagnostic, Diagnostics, Message};
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
    unique(Record::Client, clients.clone(), &path, out);
    unique(Record::Opportunity, opportunities.clone(), &path, out);
    unique(Record::Project, projects.clone(), &path, out);
    pattern(Record::Client, &patterns.client, clients, &path, out);
    pattern(
        Record::Opportunity,
        &patterns.opportunity,
        opportunities,
        &path,
        out,
    );
    pattern(Record::Project, &patterns.project, projects, &path, out);
}

fn unique<'a>(
    record: Record,
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
                    path(note),
                    field.pos,
                    Message::CodeAlsoUsed {
                        record,
                        code: code.to_owned(),
                        first: format!(
                            "{}:{}:{}",
                            path(first_note),
                            first.pos.line,
                            first.pos.column
                        ),
                    },
                )
                .related([path(first_note)]),
            );
        }
        out.push(
            Diagnostic::new(
                path(first_note),
                first.pos,
                Message::CodeUsedTimes {
                    record,
                    code: code.to_owned(),
                    times: places.len(),
                    others: places[1..]
                        .iter()
                        .map(|(n, f)| format!("{}:{}:{}", path(*n), f.pos.line, f.pos.column))
                        .collect(),
                },
            )
            .related(places[1..].iter().map(|(n, _)| path(*n))),
        );
    }
}

fn pattern<'a>(
    record: Record,
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
            out.push(Diagnostic::new(
                path(note),
                code.pos,
                Message::CodePattern {
                    record,
                    code: code.value.to_string(),
                    pattern: pattern.to_owned(),
                },
            ));
        }
    }
}
