//! Every link of every note must reach a note, heading, folder or file.

use rayon::prelude::*;

use crate::check::Resolutions;
use crate::diagnostics::{Diagnostic, suggest};
use crate::model::Model;
use crate::vault::markdown::LinkKind;
use crate::vault::resolve::{LinkIndex, Problem, Resolution, Target};

/// The links of every note, resolved, with their problems per note: what a
/// preview keeps so that a saved note has only its own links (and those
/// that point at it) resolved again.
#[derive(Default)]
pub struct LinkCache {
    pub resolutions: Resolutions,
    pub diagnostics: Vec<Vec<Diagnostic>>,
}

/// Resolves every link of every note.
pub fn resolve_all(model: &Model) -> LinkCache {
    let _t = crate::timings::stage("check: links");
    let index = LinkIndex::new(&model.vault);
    let per_note: Vec<(Vec<Resolution>, Vec<Diagnostic>)> = (0..model.vault.notes.len())
        .into_par_iter()
        .map(|i| resolve_note(model, &index, i))
        .collect();
    let (resolutions, diagnostics) = per_note.into_iter().unzip();
    LinkCache {
        resolutions,
        diagnostics,
    }
}

/// Resolves again the links of the notes in `changed` and of every note
/// with a link to one of them (its headings or privacy may have changed).
/// The vault's paths must be those `cache` was made for.
pub fn resolve_changed(model: &Model, changed: &[usize], cache: &mut LinkCache) {
    let mut again: Vec<usize> = changed.to_vec();
    for (from, resolved) in cache.resolutions.iter().enumerate() {
        let points_at_changed = resolved.iter().any(|r| match r {
            Ok(Target::Note { index, .. }) => changed.contains(index),
            Err(problem) => match **problem {
                Problem::Anchor { index, .. } => changed.contains(&index),
                _ => false,
            },
            Ok(_) => false,
        });
        if points_at_changed {
            again.push(from);
        }
    }
    again.sort_unstable();
    again.dedup();
    let index = LinkIndex::new(&model.vault);
    for i in again {
        let (resolved, diags) = resolve_note(model, &index, i);
        cache.resolutions[i] = resolved;
        cache.diagnostics[i] = diags;
    }
}

fn resolve_note(model: &Model, index: &LinkIndex, i: usize) -> (Vec<Resolution>, Vec<Diagnostic>) {
    let note = &model.vault.notes[i];
    let mut diags = Vec::new();
    let resolved = note
        .links
        .iter()
        .map(|link| {
            let r = index.resolve(i, link.kind, &link.dest);
            if let Some(d) = diagnose(model, index, i, link, &r) {
                diags.push(d);
            }
            r
        })
        .collect();
    (resolved, diags)
}

fn diagnose(
    model: &Model,
    index: &LinkIndex,
    from: usize,
    link: &crate::vault::markdown::Link,
    resolution: &Resolution,
) -> Option<Diagnostic> {
    let resolution = resolution.as_ref().map_err(|p| &**p);
    let vault = &model.vault;
    let note = &vault.notes[from];
    let file = note.path.as_str();
    let shown = &link.dest;
    let what = match link.kind {
        LinkKind::Image | LinkKind::WikiEmbed | LinkKind::HtmlImage => "image or attachment",
        _ => "link",
    };
    match resolution {
        Ok(Target::Note { index, .. }) => {
            let target = &vault.notes[*index];
            (note.published() && target.private).then(|| {
                Diagnostic::new(
                    "W-link-private",
                    file,
                    link.pos,
                    format!(
                        "`{shown}` points to a private note; the site shows the text without a link"
                    ),
                )
            })
        }
        Ok(Target::Asset(path)) if !model.config.publishes_attachment(path) => Some(
            Diagnostic::new(
                "W-attachment-unsafe",
                file,
                link.pos,
                format!("`{path}` is not copied into the site: only images, audio, video, PDF, office documents, text, CSV and archives are (`attachments` in dossier.toml)"),
            )
            .help("attach it as a PDF or image, or add its extension to `attachments` if it cannot run script"),
        ),
        Ok(_) => None,
        Err(Problem::Missing { path }) => {
            let near = near_miss(index, path);
            let code = if what == "link" {
                "E-link-broken"
            } else {
                "E-asset-missing"
            };
            Some(
                Diagnostic::new(
                    code,
                    file,
                    link.pos,
                    format!("{what} `{shown}`: nothing at `{path}`"),
                )
                .help_opt(near),
            )
        }
        Err(Problem::Outside) => Some(Diagnostic::new(
            "E-link-broken",
            file,
            link.pos,
            format!("{what} `{shown}` points outside the vault"),
        )),
        Err(Problem::Anchor { index: target, fragment }) => {
            let target = &vault.notes[*target];
            let slugs = target.headings.iter().map(|h| h.slug.as_str());
            Some(
                Diagnostic::new(
                    "E-anchor-broken",
                    file,
                    link.pos,
                    format!("`{shown}`: {} has no heading `#{fragment}`", target.path),
                )
                .help_opt(suggest(fragment, slugs).or_else(|| {
                    let list: Vec<_> = target
                        .headings
                        .iter()
                        .map(|h| h.slug.as_str())
                        .take(8)
                        .collect();
                    (!list.is_empty()).then(|| format!("headings: {}", list.join(", ")))
                }))
                .related([target.path.as_str()]),
            )
        }
        Err(Problem::Ambiguous { candidates }) => Some(
            Diagnostic::new(
                "E-wikilink-ambiguous",
                file,
                link.pos,
                format!("`[[{shown}]]` could be any of: {}", candidates.join(", ")),
            )
            .help(format!(
                "write more of the path, e.g. `[[{}]]`",
                candidates[0].trim_end_matches(".md")
            ))
            .related(candidates.iter().map(String::as_str)),
        ),
        Err(Problem::Unsafe { scheme }) => Some(Diagnostic::new(
            "W-link-unsafe",
            file,
            link.pos,
            format!("`{scheme}:` links can run code; the site shows the text without a link"),
        )),
    }
}

/// Most suggestions come from the target's own folder; past this many
/// candidates a guess costs more than it helps, so none is offered.
const MAX_SUGGESTION_CANDIDATES: usize = 2000;

/// A note or file whose path is close to `path`, among the entries of the
/// folder `path` names (or, for a bare name, among all), from the index
/// built once per run.
fn near_miss(index: &LinkIndex, path: &str) -> Option<String> {
    let mut candidates = index.suggestion_candidates(path, MAX_SUGGESTION_CANDIDATES)?;
    candidates.sort_unstable();
    suggest(path, candidates)
}
