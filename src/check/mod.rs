//! The rules that look across notes: codes, references and links. Rules about
//! a single field are applied while the model is read (`model::fields`).

mod codes;
pub mod links;
mod references;

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Level};
use crate::model::Model;
use crate::vault::resolve::Resolution;

/// Where every link of every note points, in the order the links appear.
pub type Resolutions = Vec<Vec<Resolution>>;

/// The problems of codes (duplicates, patterns) and of references to them.
pub fn codes_and_references(model: &Model) -> Vec<Diagnostic> {
    let _t = crate::timings::stage("check: codes and references");
    let mut diagnostics = Diagnostics::default();
    codes::check(model, &mut diagnostics);
    references::check(model, &mut diagnostics);
    diagnostics.items
}

/// The diagnostics of a run: every problem found on the way (reading the
/// vault and typing it, codes and references, links, the business
/// warnings, the config and templates), after `[severity]`, sorted.
pub fn gather(
    levels: &BTreeMap<String, Level>,
    found: impl IntoIterator<Item = Diagnostic>,
) -> Diagnostics {
    let _t = crate::timings::stage("gather diagnostics");
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(found);
    diagnostics.apply_levels(levels);
    diagnostics.sort();
    diagnostics
}
