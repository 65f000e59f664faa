//! The follow-ups page: the book's to-dos of the as-of date — clients
//! overdue for a follow-up, next steps overdue, due this week or missing,
//! deals past their expected close date — and the business warnings that
//! say so, by client and owner. They are not among the problems, which are
//! mistakes in files.

use super::dashboard::follow_up_rows;
use super::lists::problem_groups;
use super::owner::{deal_todo, next_step_todos};
use super::{SHOWN, layout, render, template, title};
use crate::diagnostics::Code;
use crate::render::catalog::PageId;
use crate::render::templates::{TemplateError, Templates};
use crate::site::SiteIndex;
use crate::site::views::{FollowUpsPage, ProblemGroup};

/// The business warnings the follow-ups page shows: what to do for a
/// client or a deal, and when.
const FOLLOW_UP_WARNINGS: [Code; 5] = [
    Code::FollowUpOverdue,
    Code::LastContactMissing,
    Code::CloseOverdue,
    Code::NextStepMissing,
    Code::NextStepOverdue,
];

/// The business warnings of `codes`, in the lists' order, as groups seen
/// from `page` (at most [`SHOWN`] rows), and how many there are.
pub(super) fn warnings_of(
    index: &SiteIndex,
    page: &str,
    codes: &[Code],
) -> (Vec<ProblemGroup>, usize) {
    let (order, data) = index.problem_order();
    let all = &index.input.diagnostics.items;
    let mine: Vec<usize> = order[data..]
        .iter()
        .copied()
        .filter(|&i| codes.contains(&all[i].code()))
        .collect();
    let total = mine.len();
    (
        problem_groups(index, page, mine.into_iter().take(SHOWN)),
        total,
    )
}

pub fn follow_ups(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "follow-ups.html";
    let report = index.input.report;
    let as_of = index.input.model.as_of;
    let overdue = &report.follow_ups_overdue;
    let steps = next_step_todos(report, as_of);
    let close_overdue = report
        .opportunities
        .iter()
        .filter(|d| d.outcome == "open" && d.expected_close.is_some_and(|c| c < as_of))
        .take(SHOWN)
        .map(|d| deal_todo(index, page, d))
        .collect();
    let (warnings, warnings_total) = warnings_of(index, page, &FOLLOW_UP_WARNINGS);
    let view = FollowUpsPage {
        overdue: follow_up_rows(index, page, &overdue[..overdue.len().min(SHOWN)]),
        overdue_total: overdue.len(),
        next_steps_total: steps.len(),
        next_steps: steps
            .into_iter()
            .take(SHOWN)
            .map(|d| deal_todo(index, page, d))
            .collect(),
        close_overdue,
        warnings,
        warnings_total,
    };
    let layout = layout(index, page, title(index, PageId::FollowUps), page);
    render(templates, template(PageId::FollowUps), &layout, &view)
}
