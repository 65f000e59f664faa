//! Codes that name another record must name one that exists.

use std::collections::{BTreeSet, HashMap};

use crate::diagnostics::Pos;
use crate::diagnostics::message::Hint;
use crate::diagnostics::{Diagnostic, Diagnostics, Message, suggest};
use crate::model::fields::{Field, Str};
use crate::model::{Kind, Model, Reference, records};

pub fn check(model: &Model, out: &mut Diagnostics) {
    let codes: BTreeSet<&str> = model
        .clients
        .iter()
        .filter_map(|c| c.code.as_ref().map(|f| f.value.as_str()))
        .collect();
    // Codes of client notes whose front matter could not be read: a
    // reference to one is not dangling, its note is broken.
    let unreadable: HashMap<&str, usize> = model
        .vault
        .notes
        .iter()
        .enumerate()
        .filter(|&(i, _)| model.kinds[i] == Kind::Client)
        .filter_map(|(i, n)| {
            let (code, _) = n.salvaged.as_ref()?.code.as_ref()?;
            Some((code.as_str(), i))
        })
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
    refs.extend(
        model
            .interactions
            .iter()
            .flat_map(|it| it.clients.iter().map(move |c| (it.note, c))),
    );
    for (note, field) in refs {
        let written = field.value.as_str();
        match model.reference(note, written) {
            Reference::Client(_) => continue,
            Reference::Note(target) => {
                let target_note = &model.vault.notes[target];
                out.push(
                    Diagnostic::new(
                        path(note),
                        field.pos,
                        Message::RefNotClient {
                            written: written.to_owned(),
                            target: target_note.path.clone(),
                            kind: model.kinds[target].record(),
                        },
                    )
                    .related([target_note.path.as_str()]),
                );
                continue;
            }
            Reference::Nothing => {}
        }
        if records::is_wikilink(written) {
            let name = records::wikilink_name(written).unwrap_or(written);
            let near = suggest(
                name,
                model
                    .published_clients()
                    .map(|(_, c)| model.vault.notes[c.note].stem()),
            );
            out.push(Diagnostic::new(
                path(note),
                field.pos,
                Message::RefNamesNothing {
                    written: written.to_owned(),
                    hint: Hint::nearest(near),
                },
            ));
            continue;
        }
        if let Some(&broken) = unreadable.get(written) {
            let defining = &model.vault.notes[broken];
            let error = defining
                .salvaged
                .as_ref()
                .map_or(Pos::new(1, 1), |s| s.error);
            out.push(
                Diagnostic::new(
                    path(note),
                    field.pos,
                    Message::RefUnreadable {
                        code: field.value.to_string(),
                        file: defining.path.clone(),
                        at: format!("{}:{}:{}", defining.path, error.line, error.column),
                    },
                )
                .related([defining.path.as_str()]),
            );
            continue;
        }
        out.push(Diagnostic::new(
            path(note),
            field.pos,
            Message::NoClientCode {
                code: field.value.to_string(),
                hint: Hint::nearest(suggest(&field.value, codes.iter().copied())),
            },
        ));
    }
}
