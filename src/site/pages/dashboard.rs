//! The dashboard, the site's front page: the headline figures, the funnel,
//! how risk and health are spread, and what needs doing first.

use super::pipeline::{funnel_chart, stale_rows, trend_chart};
use super::{client_ref, layout, percent, render, value_label};
use super::{template, title};
use crate::analytics::FollowUp;
use crate::analytics::deals::DealRow;
use crate::render::catalog::PageId;
use crate::render::charts::{self, Bar};
use crate::render::i18n::{counted, label};
use crate::render::templates::{TemplateError, Templates};
use crate::site::SiteIndex;
use crate::site::views::{DashboardPage, FollowUpRow, Headline, OwnerToday, Today};

/// How many overdue follow-ups and stale deals the dashboard lists.
const TOP: usize = 5;
/// The next steps the front page lists.
const TODAY: usize = 10;

/// Bars of clients per contact-risk level.
pub(super) fn risk_chart(index: &SiteIndex) -> String {
    let t = &index.words;
    let r = &index.input.report.contact_risk;
    let bars = [
        ("high", r.high, charts::RED),
        ("medium", r.medium, charts::YELLOW),
        ("low", r.low, charts::GREEN),
    ]
    .map(|(key, n, color)| Bar {
        label: label(t, &format!("risk:{key}")).to_owned(),
        value: n as f64,
        text: n.to_string(),
        color,
    });
    charts::bars(label(t, "risk_distribution"), &bars, None)
}

/// Bars of clients per health grade, and those not scored.
pub(super) fn health_chart(index: &SiteIndex) -> String {
    let t = &index.words;
    let clients = &index.input.report.clients;
    let count = |grade: Option<&str>| clients.iter().filter(|c| c.health.grade == grade).count();
    let bars: Vec<Bar> = [
        (Some("excellent"), charts::GREEN),
        (Some("good"), "#68a063"),
        (Some("fair"), charts::YELLOW),
        (Some("poor"), charts::RED),
        (None, charts::GREY),
    ]
    .into_iter()
    .map(|(grade, color)| {
        let n = count(grade);
        Bar {
            label: grade.map_or_else(
                || label(t, "not_scored").to_owned(),
                |g| label(t, &format!("grade:{g}")).to_owned(),
            ),
            value: n as f64,
            text: n.to_string(),
            color,
        }
    })
    .collect();
    charts::bars(label(t, "health_distribution"), &bars, None)
}

pub(super) fn follow_up_rows(
    index: &SiteIndex,
    page: &str,
    overdue: &[FollowUp],
) -> Vec<FollowUpRow> {
    overdue
        .iter()
        .map(|o| FollowUpRow {
            client: client_ref(index, page, o.row),
            tier: o
                .tier
                .as_deref()
                .map(|v| value_label(index, "tier", Some(v)))
                .unwrap_or_default(),
            owner: o.owner.as_deref().unwrap_or_default().to_owned(),
            last_contact: o.last_contact.to_string(),
            cadence_days: o.cadence_days,
            overdue_days: o.overdue_days,
        })
        .collect()
}

/// What the team has to do today: overdue follow-ups and next steps,
/// what is due this week, rotting and slipping deals, and each owner's
/// share, linked to their page.
fn today(index: &SiteIndex, page: &str) -> Today {
    let report = index.input.report;
    let model = index.input.model;
    let as_of = model.as_of;
    let week = as_of + chrono::Days::new(7);
    let t = &index.words;
    let open: Vec<&DealRow> = report
        .opportunities
        .iter()
        .filter(|d| d.outcome == "open")
        .collect();
    let due_this_week = |d: &&&DealRow| super::owner::due_within(d, as_of, week);
    let overdue_steps = open
        .iter()
        .filter(|d| d.next_step_overdue_days.is_some())
        .count();
    let steps_this_week = open.iter().filter(due_this_week).count();
    let follow_ups_this_week = report
        .clients
        .iter()
        .filter(|c| {
            c.follow_up_overdue_days == Some(0)
                && c.follow_up_due
                    .as_deref()
                    .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
                    .is_some_and(|d| d >= as_of && d < week)
        })
        .count();
    let slips = model.config.history.slipping_after.max(1) as usize;
    let slipping = super::past::slipping(index);
    let figure = |key: &str, value: String, note: String, href: &str, bad: bool| Headline {
        label: label(t, key).to_owned(),
        value,
        note,
        href: href.to_owned(),
        tone: if bad { "bad" } else { "" },
    };
    let overdue_total = report.follow_ups_overdue.len() + overdue_steps;
    let figures = vec![
        figure(
            "today_overdue",
            overdue_total.to_string(),
            format!(
                "{} · {}",
                counted(
                    t,
                    report.follow_ups_overdue.len(),
                    "follow_up_one",
                    "follow_ups"
                ),
                counted(t, overdue_steps, "next_step_one", "next_steps"),
            ),
            "#today",
            overdue_total > 0,
        ),
        figure(
            "today_this_week",
            (steps_this_week + follow_ups_this_week).to_string(),
            format!(
                "{} · {}",
                counted(t, follow_ups_this_week, "follow_up_one", "follow_ups"),
                counted(t, steps_this_week, "next_step_one", "next_steps"),
            ),
            "#today",
            false,
        ),
        figure(
            "rotting_deals",
            report.stale_opportunities.len().to_string(),
            format!(
                "{} {}",
                label(t, "amount_at_risk"),
                index.amount(report.amount_at_risk.0)
            ),
            "pipeline.html#stale",
            !report.stale_opportunities.is_empty(),
        ),
        figure(
            "slipping_deals",
            slipping.len().to_string(),
            label(t, "slipping_note").replace("{n}", &slips.to_string()),
            "#slipping",
            !slipping.is_empty(),
        ),
    ];
    let todo = super::owner::next_step_todos(report, as_of);
    let next_steps_total = todo.len();
    let owners = index
        .owner_pages
        .keys()
        .map(|name| {
            let (rows, clients) = index
                .owned
                .get(name.as_str())
                .map_or((&[][..], &[][..]), |(d, c)| (d.as_slice(), c.as_slice()));
            let deals: Vec<&DealRow> = rows
                .iter()
                .map(|&row| &report.opportunities[row])
                .filter(|d| d.outcome == "open")
                .collect();
            OwnerToday {
                name: name.clone(),
                href: index.owner_url(page, name),
                overdue_follow_ups: clients
                    .iter()
                    .filter(|&&row| {
                        report.clients[row]
                            .follow_up_overdue_days
                            .is_some_and(|d| d > 0)
                    })
                    .count(),
                next_steps: deals
                    .iter()
                    .filter(|d| super::owner::needs_next_step(d))
                    .count(),
                rotting: deals.iter().filter(|d| d.rotting).count(),
                open_amount: index.amount(deals.iter().filter_map(|d| d.amount).map(|m| m.0).sum()),
            }
        })
        .collect();
    Today {
        figures,
        next_steps: todo
            .into_iter()
            .take(TODAY)
            .map(|d| super::owner::deal_todo(index, page, d))
            .collect(),
        next_steps_total,
        slipping: slipping
            .into_iter()
            .map(|d| super::owner::deal_todo(index, page, d))
            .collect(),
        owners,
    }
}

pub fn dashboard(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "index.html";
    let report = &index.input.report;
    let funnel = &report.funnel;
    let t = &index.words;
    let (errors, warnings) = index.problem_counts;
    let headline = |key: &str, value: String, note: String, href: &str, tone| Headline {
        label: label(t, key).to_owned(),
        value,
        note,
        href: href.to_owned(),
        tone,
    };
    let headlines = vec![
        headline(
            "headline_clients",
            report.clients.len().to_string(),
            String::new(),
            "clients.html",
            "",
        ),
        headline(
            "open_pipeline",
            index.amount(funnel.open_amount.0),
            crate::render::i18n::counted(t, funnel.open_count, "deal_one", "deals"),
            "pipeline.html",
            "",
        ),
        headline(
            "weighted_pipeline",
            index.amount(funnel.weighted_amount.0),
            String::new(),
            "pipeline.html",
            "",
        ),
        headline(
            "win_rate",
            percent(funnel.win_rate),
            format!(
                "{} {} · {} {}",
                label(t, "won"),
                funnel.won_count,
                label(t, "lost"),
                funnel.lost_count
            ),
            "pipeline.html",
            "",
        ),
        headline(
            "high_risk",
            report.contact_risk.high.to_string(),
            String::new(),
            "risk.html",
            if report.contact_risk.high > 0 {
                "bad"
            } else {
                "good"
            },
        ),
        headline(
            "overdue_follow_ups",
            report.follow_ups_overdue.len().to_string(),
            String::new(),
            "clients.html",
            if report.follow_ups_overdue.is_empty() {
                "good"
            } else {
                "warn"
            },
        ),
        headline(
            "problems",
            (errors + warnings).to_string(),
            format!(
                "{errors} {} · {warnings} {}",
                label(t, "errors_count"),
                label(t, "warnings_count")
            ),
            "problems.html",
            if errors > 0 {
                "bad"
            } else if warnings > 0 {
                "warn"
            } else {
                "good"
            },
        ),
    ];
    let top = &report.follow_ups_overdue[..report.follow_ups_overdue.len().min(TOP)];
    let overdue = follow_up_rows(index, page, top);
    let stale_top = &report.stale_opportunities[..report.stale_opportunities.len().min(TOP)];
    let view = DashboardPage {
        today: today(index, page),
        headlines,
        funnel_chart: funnel_chart(index),
        trend_chart: trend_chart(index),
        risk_chart: risk_chart(index),
        health_chart: health_chart(index),
        overdue,
        overdue_total: report.follow_ups_overdue.len(),
        stale: stale_rows(index, page, stale_top),
        stale_total: report.stale_opportunities.len(),
    };
    let layout = layout(index, page, title(index, PageId::Dashboard), page);
    render(templates, template(PageId::Dashboard), &layout, &view)
}
