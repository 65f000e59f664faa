//! `llms.txt` at the site's root: the book as an agent reads it, a line
//! per page and data file (the llms.txt convention: a title, a summary,
//! then lists of links). Only what the site publishes: the pages it
//! writes, named as they name themselves.

use std::fmt::Write;

use super::SiteIndex;
use crate::render::catalog;
use crate::render::i18n::label;
use crate::render::urls;

/// Where the site's figures are, as versioned JSON.
pub const DATA_PATH: &str = "data/report.json";

/// Text for a link's words: on one line, brackets escaped.
fn words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

pub fn text(index: &SiteIndex) -> Vec<u8> {
    let model = index.input.model;
    let report = index.input.report;
    let t = &index.words;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", words(&index.site_title));
    let _ = writeln!(
        out,
        "> A static site built by dossier from a folder of Markdown notes, as of {}: {} published notes{}. Every page is HTML with relative links; the figures are in `{DATA_PATH}` (JSON, `\"schema\": 1`).\n",
        index.as_of,
        index.published(),
        if index.crm {
            format!(
                ", {} clients, {} open deals",
                report.clients.len(),
                report.funnel.open_count
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(out, "## Pages\n");
    for e in catalog::PAGES
        .iter()
        .filter(|e| e.in_nav && (index.crm || !e.crm))
        .filter(|e| e.id != catalog::PageId::Tags || !index.tags.is_empty())
    {
        let _ = writeln!(
            out,
            "- [{}]({}): {}",
            words(label(t, e.title)),
            catalog::first_page(e),
            e.id.describe()
        );
    }
    let _ = writeln!(out, "\n## Data\n");
    let _ = writeln!(
        out,
        "- [{DATA_PATH}]({DATA_PATH}): every figure of the site as JSON, the same as `dossier report --format json`"
    );
    for &(path, _) in super::plan::downloads(index) {
        let _ = writeln!(out, "- [{path}]({path}): a table of the site as CSV");
    }
    if index.crm {
        let _ = writeln!(out, "\n## Clients\n");
        for f in &report.clients {
            let Some(page) = index.note_page(f.note) else {
                continue;
            };
            let name = f.name.as_deref().unwrap_or(&model.titles[f.note]);
            let code = f.code.as_deref().unwrap_or_default();
            let owner = f.owner.as_deref().unwrap_or_default();
            let _ = write!(
                out,
                "- [{}]({})",
                words(format!("{code} {name}").trim()),
                urls::from_root(page)
            );
            let _ = match owner.trim() {
                "" => writeln!(out),
                owner => writeln!(out, ": {} {}", label(t, "owner"), words(owner)),
            };
        }
        let mut deals: Vec<String> = Vec::new();
        for (_, o) in model.published_opportunities() {
            let page = match o.embedded {
                false => index.note_page(o.note).map(str::to_owned),
                true => index.deal_pages.get(&(o.note, o.at)).cloned(),
            };
            let Some(page) = page else { continue };
            let name = o
                .name
                .as_ref()
                .map(|n| n.value.to_string())
                .or_else(|| o.code.as_ref().map(|c| c.value.to_string()))
                .unwrap_or_default();
            let stage = o.stage.as_ref().map_or_else(String::new, |s| {
                label(t, &format!("stage:{}", s.value)).to_owned()
            });
            deals.push(format!(
                "- [{}]({}): {}",
                words(&name),
                urls::from_root(&page),
                words(&stage)
            ));
        }
        if !deals.is_empty() {
            let _ = writeln!(out, "\n## Deals\n");
            for line in deals {
                let _ = writeln!(out, "{line}");
            }
        }
        if !index.owner_pages.is_empty() {
            let _ = writeln!(out, "\n## Owners\n");
            for (owner, page) in &index.owner_pages {
                let _ = writeln!(out, "- [{}]({})", words(owner), urls::from_root(page));
            }
        }
    }
    let _ = writeln!(out, "\n## Notes\n");
    for i in 0..model.vault.notes.len() {
        if model.client_of(i).is_some() {
            continue;
        }
        if let Some(page) = index.note_page(i) {
            let _ = writeln!(
                out,
                "- [{}]({})",
                words(&model.titles[i]),
                urls::from_root(page)
            );
        }
    }
    out.into_bytes()
}
