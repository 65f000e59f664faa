//! The rules that look across notes: codes, references and links. Rules about
//! a single field are applied while the model is read (`model::fields`).

mod codes;
pub mod links;
mod references;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::vault::resolve::Resolution;

/// Where every link of every note points, in the order the links appear.
pub type Resolutions = Vec<Vec<Resolution>>;

/// Runs every rule and gathers every diagnostic of the run, with the
/// business warnings that the analytics found, sorted.
pub fn check(model: &Model, business: Vec<Diagnostic>) -> (Diagnostics, Resolutions) {
    let cache = {
        let _t = crate::timings::stage("check: links");
        links::resolve_all(model)
    };
    let diagnostics = gather(model, business, &cache, &codes_and_references(model));
    (diagnostics, cache.resolutions)
}

/// The problems of codes (duplicates, patterns) and of references to them.
pub fn codes_and_references(model: &Model) -> Vec<Diagnostic> {
    let _t = crate::timings::stage("check: codes and references");
    let mut diagnostics = Diagnostics::default();
    codes::check(model, &mut diagnostics);
    references::check(model, &mut diagnostics);
    diagnostics.items
}

/// The diagnostics of a run whose links are resolved in `links` and whose
/// codes and references were checked into `codes`.
pub fn gather(
    model: &Model,
    business: Vec<Diagnostic>,
    links: &links::LinkCache,
    codes: &[Diagnostic],
) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(model.vault.diagnostics.iter().cloned());
    diagnostics.extend(model.diagnostics.iter().cloned());
    diagnostics.extend(codes.iter().cloned());
    for diags in &links.diagnostics {
        diagnostics.extend(diags.iter().cloned());
    }
    diagnostics.extend(business);
    diagnostics.apply_levels(&model.config.severity);
    diagnostics.sort();
    diagnostics
}
