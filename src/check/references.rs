//! Codes that name another record must name one that exists.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::model::Model;
use crate::model::fields::{Field, Str};

pub fn check(model: &Model, out: &mut Diagnostics) {
    let codes: BTreeSet<&str> = model
        .clients
        .iter()
        .filter_map(|c| c.code.as_ref().map(|f| f.value.as_str()))
        .collect();
    let path = |note: usize| model.vault.notes[note].path.as_str();
    let mut refs: Vec<(usize, &Field<Str>)> = Vec::new();
    refs.extend(
        model
            .opportunities
            .iter()
            .filter(|o| !o.embedded)
            .filter_map(|o| o.client.as_ref().map(|c| (o.note, c))),
    );
    refs.extend(
        model
            .projects
            .iter()
            .filter_map(|p| p.client.as_ref().map(|c| (p.note, c))),
    );
    refs.extend(
        model
            .people
            .iter()
            .filter_map(|p| p.client.as_ref().map(|c| (p.note, c))),
    );
    refs.extend(
        model
            .partners
            .iter()
            .flat_map(|p| p.clients.iter().map(move |c| (p.note, c))),
    );
    for (note, field) in refs {
        if !codes.contains(field.value.as_str()) {
            out.push(
                Diagnostic::new(
                    "E-ref-dangling",
                    path(note),
                    field.pos,
                    format!("no client has the code `{}`", field.value),
                )
                .help_opt(suggest(&field.value, codes.iter().copied())),
            );
        }
    }
}
