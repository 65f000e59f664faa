//! The book broken down: one page per classification dimension, the health
//! page and the contact-risk report.

use super::dashboard::{health_chart, risk_chart};
use super::{
    CLIENTS_PER_VALUE, SHOWN, client_ref, density_text, health_text, layout, percent, render,
    value_label,
};
use super::{template, title};
use crate::render::catalog::PageId;
use crate::render::charts::{self, Bar};
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::report::explain_client;
use crate::site::SiteIndex;
use crate::site::views::{
    ClassValue, ClassificationPage, HealthPage, HealthTableRow, PlanRow, RiskPage, RiskRow, Tab,
};

/// At most this many values are drawn in a classification chart.
const CHART_ROWS: usize = 20;

pub fn classification(
    index: &SiteIndex,
    templates: &Templates,
    dimension: &str,
    page: &str,
) -> Result<Vec<u8>, TemplateError> {
    let t = &index.words;
    let report = &index.input.report;
    let dimensions = report.classifications.dimensions();
    let rows = dimensions
        .iter()
        .find(|(d, _)| *d == dimension)
        .map_or(&[][..], |(_, rows)| rows);
    let total = report.clients.len();
    let tabs = dimensions
        .iter()
        .map(|(d, _)| Tab {
            label: label(t, d).to_owned(),
            href: urls::relative(page, &crate::render::catalog::classification_page(d)),
            active: *d == dimension,
        })
        .collect();
    // The chart shows the largest values; the table below lists them all.
    let bars: Vec<Bar> = rows
        .iter()
        .take(CHART_ROWS)
        .map(|r| Bar {
            label: value_label(index, dimension, r.value.as_deref()),
            value: r.count as f64,
            text: format!("{} · {}", r.count, index.amount(r.contract_value.0)),
            color: if r.value.is_some() {
                charts::BLUE
            } else {
                charts::GREY
            },
        })
        .collect();
    let values = rows
        .iter()
        .map(|r| ClassValue {
            label: value_label(index, dimension, r.value.as_deref()),
            count: r.count,
            contract_value: index.amount(r.contract_value.0),
            share: percent((total > 0).then(|| r.count as f64 / total as f64)),
            clients: r
                .clients
                .iter()
                .take(CLIENTS_PER_VALUE)
                .map(|&c| client_ref(index, page, c))
                .collect(),
            more: r.clients.len().saturating_sub(CLIENTS_PER_VALUE),
        })
        .collect();
    let name = label(t, dimension).to_owned();
    let view = ClassificationPage {
        chart: charts::bars(&name, &bars, None),
        dimension: name.clone(),
        tabs,
        values,
    };
    let title = format!("{} · {name}", &title(index, PageId::Classification));
    let layout = layout(index, page, title, page);
    render(templates, template(PageId::Classification), &layout, &view)
}

/// The business warnings the health page shows: about the figures that
/// grade and rank clients.
const HEALTH_WARNINGS: [crate::diagnostics::Code; 2] = [
    crate::diagnostics::Code::TierMismatch,
    crate::diagnostics::Code::EmployeesMissing,
];

pub fn health(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "health.html";
    let t = &index.words;
    let model = &index.input.model;
    let dims = &model.config.health.dimensions;
    let clients = &index.input.report.clients;
    // The weakest first, so what needs care is on top; unscored last. Only
    // the rows shown are built.
    let mut order: Vec<usize> = (0..clients.len()).collect();
    order.sort_by(
        |&a, &b| match (clients[a].health.score, clients[b].health.score) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
    );
    let rows: Vec<HealthTableRow> = order
        .iter()
        .take(SHOWN)
        .map(|&row| {
            let f = &clients[row];
            let client = &model.clients[f.client];
            let scores = dims
                .iter()
                .map(|d| {
                    client
                        .health
                        .iter()
                        .find(|h| h.key.value == d.key)
                        .map(|h| h.score.normalize().to_string())
                        .unwrap_or_default()
                })
                .collect();
            let (score, grade, grade_key) = health_text(index, &f.health);
            HealthTableRow {
                client: client_ref(index, page, row),
                score,
                grade,
                grade_key,
                scores,
            }
        })
        .collect();
    let (warnings, warnings_total) = super::follow_ups::warnings_of(index, page, &HEALTH_WARNINGS);
    let view = HealthPage {
        warnings,
        warnings_total,
        chart: health_chart(index),
        dimensions: dims.iter().map(|d| label(t, &d.key).to_owned()).collect(),
        more: order.len().saturating_sub(SHOWN),
        rows,
    };
    let layout = layout(index, page, title(index, PageId::Health), page);
    render(templates, template(PageId::Health), &layout, &view)
}

pub fn risk(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "risk.html";
    let t = &index.words;
    let report = &index.input.report;
    let summary = &report.contact_risk;
    let config = &index.input.model.config;
    let plan = summary
        .action_plan
        .iter()
        .take(SHOWN)
        .map(|a| {
            let (reasons, actions) = explain_client(config, t, &report.clients[a.row]);
            PlanRow {
                priority: a.priority,
                client: client_ref(index, page, a.row),
                owner: a.owner.as_deref().unwrap_or_default().to_owned(),
                annual_revenue: a
                    .annual_revenue
                    .map(|m| index.amount(m.0))
                    .unwrap_or_default(),
                reasons,
                actions,
            }
        })
        .collect();
    let level_order = |level: &str| match level {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    };
    let separator = match index.input.model.config.language {
        crate::config::Language::Zh => "、",
        crate::config::Language::En => ", ",
    };
    // Clients with something to fix, high risk first; low risk is counted.
    let mut order: Vec<usize> = (0..report.clients.len())
        .filter(|&i| report.clients[i].contact_risk.level != "low")
        .collect();
    order.sort_by_key(|&i| level_order(report.clients[i].contact_risk.level));
    let rows_more = order.len().saturating_sub(SHOWN);
    let rows = order
        .into_iter()
        .take(SHOWN)
        .map(|row| {
            let f = &report.clients[row];
            let r = &f.contact_risk;
            RiskRow {
                client: client_ref(index, page, row),
                level: label(t, &format!("risk:{}", r.level)).to_owned(),
                level_key: r.level,
                contacts: f.contact_count,
                density: density_text(index, r.density_permille),
                decision_share: percent(r.decision_share),
                missing: r
                    .missing_departments
                    .iter()
                    .map(|d| label(t, d))
                    .collect::<Vec<_>>()
                    .join(separator),
                reasons: explain_client(config, t, f).0,
            }
        })
        .collect();
    let view = RiskPage {
        chart: risk_chart(index),
        high: summary.high,
        medium: summary.medium,
        low: summary.low,
        plan,
        plan_more: summary.action_plan.len().saturating_sub(SHOWN),
        rows,
        rows_more,
        csv_href: "action-plan.csv".into(),
    };
    let layout = layout(index, page, title(index, PageId::Risk), page);
    render(templates, template(PageId::Risk), &layout, &view)
}
