//! The RFM page: the eight segments of the clients by recency, frequency
//! and monetary value, each with its clients, most valuable first.

use super::{CLIENTS_PER_VALUE, client_ref, layout, render};
use super::{template, title};
use crate::render::catalog::PageId;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::site::SiteIndex;
use crate::site::views::{RfmPage, RfmRow, RfmSegment};

pub fn rfm(index: &SiteIndex, templates: &Templates) -> Result<Vec<u8>, TemplateError> {
    let page = "rfm.html";
    let t = &index.words;
    let report = &index.input.report;
    let clients = &report.clients;
    let segments = crate::analytics::SEGMENTS
        .iter()
        .map(|(key, (r, f, m))| {
            let mut rows: Vec<usize> = (0..clients.len())
                .filter(|&row| clients[row].rfm.segment == *key)
                .collect();
            // The most money first, then the most recent contact.
            rows.sort_by(|&a, &b| {
                let (x, y) = (&clients[a].rfm, &clients[b].rfm);
                y.monetary
                    .0
                    .total_cmp(&x.monetary.0)
                    .then(
                        x.recency_days
                            .unwrap_or(i64::MAX)
                            .cmp(&y.recency_days.unwrap_or(i64::MAX)),
                    )
                    .then(a.cmp(&b))
            });
            let count = rows.len();
            RfmSegment {
                key,
                name: label(t, &format!("segment:{key}")).to_owned(),
                letters: [(*r, 'R'), (*f, 'F'), (*m, 'M')]
                    .iter()
                    .map(|(high, letter)| format!("{letter}{}", if *high { '↑' } else { '↓' }))
                    .collect::<Vec<_>>()
                    .join(" "),
                count,
                more: count.saturating_sub(CLIENTS_PER_VALUE),
                rows: rows
                    .into_iter()
                    .take(CLIENTS_PER_VALUE)
                    .map(|row| {
                        let r = &clients[row].rfm;
                        RfmRow {
                            client: client_ref(index, page, row),
                            recency_days: r.recency_days.map(|d| d.to_string()).unwrap_or_default(),
                            frequency: r.frequency,
                            monetary: index.amount(r.monetary.0),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let summary = &report.rfm;
    let view = RfmPage {
        window_days: summary.window_days,
        mean_recency_days: summary
            .mean_recency_days
            .map(|d| crate::render::decimals::decimals(d, 1))
            .unwrap_or_else(|| "—".to_owned()),
        mean_frequency: crate::render::decimals::decimals(summary.mean_frequency, 2),
        mean_monetary: index.amount(summary.mean_monetary),
        segments,
    };
    let layout = layout(index, page, title(index, PageId::Rfm), page);
    render(templates, template(PageId::Rfm), &layout, &view)
}
