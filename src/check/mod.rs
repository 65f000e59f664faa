//! The rules that look across notes: codes, references and links. Rules about
//! a single field are applied while the model is read (`model::fields`).

mod codes;
mod links;
mod references;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::vault::resolve::Resolution;

/// Where every link of every note points, in the order the links appear.
pub type Resolutions = Vec<Vec<Resolution>>;

/// Runs every rule and gathers every diagnostic of the run, with the
/// business warnings that the analytics found, sorted.
pub fn check(model: &Model, business: Vec<Diagnostic>) -> (Diagnostics, Resolutions) {
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(model.vault.diagnostics.iter().cloned());
    diagnostics.extend(model.diagnostics.iter().cloned());
    codes::check(model, &mut diagnostics);
    references::check(model, &mut diagnostics);
    let resolutions = links::check(model, &mut diagnostics);
    diagnostics.extend(business);
    diagnostics.apply_levels(&model.config.severity);
    diagnostics.sort();
    (diagnostics, resolutions)
}
