//! The site's search index: scripts under `_search/` that the search box
//! loads as a query needs them (scripts, not fetched files, so the site
//! searches offline from `file://` too). Pagefind's fragments are the
//! model: a book of 50,000 clients is a few hundred kilobytes to search,
//! not tens of megabytes loaded whole.
//!
//! - `_search/index.js`: the kinds' labels, how many items there are, and
//!   the first term of each chunk of terms.
//! - `_search/t/N.js`: a run of terms in the order of their text, each with
//!   the items whose name or fields hold it and the notes whose text does.
//! - `_search/i/N.js`: items by number, [`ITEM_CHUNK`] a file, as results
//!   show them: `[kind, title, detail, url, fields, pinyin]`.
//!
//! The items are the things the box finds: clients, partners, contacts,
//! deals, projects, tags and every published note, in that order (the
//! order results are ranked in). Their names and fields are searched by
//! CJK characters and pairs and by the start of words, client, partner
//! and contact names by pinyin too ([`pinyin`]); the text of notes by the
//! same terms. Only what the site publishes goes in: no private or
//! withheld note, no `%%` comment (they are blanked before a body is
//! read), no phone or email unless `publish_contact_fields` lists it.

mod items;
mod pinyin;
mod terms;

use rayon::prelude::*;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::SiteIndex;
use super::pages::ContactDirectory;
pub(crate) use items::Items;
use terms::{InOrder, Postings, Seen};

/// Where the index's first script is written; its chunks are beside it.
pub const INDEX_PATH: &str = "_search/index.js";

/// Whether `path` is one of the index's scripts.
pub fn is_index_file(path: &str) -> bool {
    path.starts_with("_search/") && path.ends_with(".js")
}

/// Items in a chunk: the results shown for a query come from a few chunks
/// of a few kilobytes each.
const ITEM_CHUNK: usize = 64;

/// A chunk of terms is closed once it is this long.
const TERM_CHUNK_BYTES: usize = 24_000;

/// The terms of the published notes' text (their titles too), to be
/// written by [`write_files`].
pub(crate) struct NoteTerms(Postings);

/// Reads the body of every published note once and hands it to `page`
/// (which makes the note's page from it) while its terms are taken from
/// the same text: the bodies are read and split once per build, not once
/// for the pages and again for the index. A note that cannot be read now,
/// or changed since it was checked, is found by its title only. Each
/// note's terms go to its item's number.
///
/// Each core takes the next run of notes as soon as it is done with one,
/// and the runs' tables are joined in order as they come in: no core waits
/// for another at the end of a batch (waits that took 12% of the two
/// cores at 10,000 clients), and only the few tables that came in ahead of
/// their turn stand beside the whole one (all runs kept to the end held
/// 56 MiB more at 10,000 clients). The first error of `page` stops the
/// work and is returned.
pub(crate) fn note_terms<E: Send>(
    index: &SiteIndex,
    items: &Items,
    page: impl Fn(usize, &Result<String, crate::vault::BodyError>) -> Result<(), E> + Sync,
) -> Result<NoteTerms, E> {
    const RUN: usize = 128;
    let model = index.input.model;
    let runs: Vec<&[(u32, usize)]> = items.notes().chunks(RUN).collect();
    let next_run = AtomicUsize::new(0);
    let stopped = AtomicBool::new(false);
    let joined = Mutex::new(InOrder::default());
    let workers = rayon::current_num_threads().clamp(1, runs.len().max(1));
    (0..workers)
        .into_par_iter()
        .try_for_each(|_| -> Result<(), E> {
            let mut seen = Seen::default();
            while !stopped.load(Ordering::Relaxed) {
                let r = next_run.fetch_add(1, Ordering::Relaxed);
                let Some(notes) = runs.get(r) else {
                    break;
                };
                let mut postings = Postings::default();
                for &(item, i) in notes.iter() {
                    let title = model.titles[i].as_str();
                    let body = model.vault.read_body(i, &model.config);
                    if let Err(e) = page(i, &body) {
                        stopped.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                    match &body {
                        Ok(body) => postings.add(item, &[title, body], &mut seen),
                        Err(_) => postings.add(item, &[title], &mut seen),
                    }
                }
                joined
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .put(r, postings);
            }
            Ok(())
        })?;
    let joined = joined.into_inner().unwrap_or_else(|e| e.into_inner());
    debug_assert!(joined.early.is_empty() && joined.next == runs.len());
    Ok(NoteTerms(joined.all))
}

/// Writes the index's scripts through `put` (path, bytes): the items'
/// chunks as they are made, then the terms' chunks, then the index that
/// names them. `terms` are the published notes' terms, from
/// [`note_terms`] with the same `items`.
pub(crate) fn write_files(
    index: &SiteIndex,
    items: &Items,
    terms: NoteTerms,
    put: &mut dyn FnMut(String, Vec<u8>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let _t = crate::timings::stage("search: items");
    let mut names = Postings::default();
    let mut seen = Seen::default();
    let mut chunk: Vec<u8> = Vec::new();
    let total = items.len();
    for n in 0..total {
        let shown = items.shown(index, n);
        let id = n as u32;
        let mut parts: Vec<&str> = vec![&shown.title, &shown.detail];
        parts.extend(shown.fields.iter().map(|(_, v)| v.as_str()));
        names.add(id, &parts, &mut seen);
        if !shown.pinyin.is_empty() {
            names.add_words(id, pinyin::words(&shown.title).iter().map(String::as_str));
        }
        chunk.push(if n % ITEM_CHUNK == 0 { b'[' } else { b',' });
        serde_json::to_writer(&mut chunk, &shown.row())?;
        if (n + 1) % ITEM_CHUNK == 0 || n + 1 == total {
            chunk.push(b']');
            put(
                part_path("i", n / ITEM_CHUNK),
                part_script("i", n / ITEM_CHUNK, &chunk),
            )?;
            chunk.clear();
        }
    }
    drop(_t);
    let _t = crate::timings::stage("search: terms");
    let text = terms.0;
    // Item numbers are u32 in the lists of docs.
    let items_total = total as u32;
    let mut firsts: Vec<String> = Vec::new();
    let mut chunk: Vec<u8> = Vec::new();
    let mut put_terms = |chunk: &mut Vec<u8>, number: usize| -> std::io::Result<()> {
        chunk.push(b']');
        let script = part_script("t", number, chunk);
        chunk.clear();
        put(part_path("t", number), script)
    };
    terms::for_each_term(&names, &text, |term, in_names, in_text| {
        if chunk.is_empty() {
            firsts.push(term.to_owned());
            chunk.push(b'[');
        } else {
            chunk.push(b',');
        }
        let code = |docs: Option<&terms::DocList>| {
            docs.map_or_else(String::new, |d| terms::encode(d, items_total))
        };
        serde_json::to_writer(&mut chunk, &(term, code(in_names), code(in_text)))?;
        if chunk.len() >= TERM_CHUNK_BYTES {
            put_terms(&mut chunk, firsts.len() - 1)?;
        }
        Ok::<(), std::io::Error>(())
    })?;
    if !chunk.is_empty() {
        put_terms(&mut chunk, firsts.len() - 1)?;
    }
    drop(text);
    drop(names);
    let meta = serde_json::json!({
        "v": 2,
        "kinds": items::kind_labels(index),
        "items": total,
        "chunk": ITEM_CHUNK,
        "terms": firsts,
    });
    let mut script = b"window.__dossierSearch=".to_vec();
    serde_json::to_writer(&mut script, &meta)?;
    script.extend_from_slice(b";\n");
    put(INDEX_PATH.to_owned(), script)
}

/// Every script of the index, by path: the preview's, made once per
/// generation of the site when the box first asks.
pub(crate) fn all_files(
    index: &SiteIndex,
    contacts: &ContactDirectory,
) -> std::collections::HashMap<String, Vec<u8>> {
    let items = Items::new(index, contacts);
    let Ok(terms) = note_terms(index, &items, |_, _| Ok::<(), std::convert::Infallible>(()));
    let mut out = std::collections::HashMap::new();
    // Writing into memory does not fail.
    let _ = write_files(index, &items, terms, &mut |path, bytes| {
        out.insert(path, bytes);
        Ok(())
    });
    out
}

fn part_path(kind: &str, number: usize) -> String {
    format!("_search/{kind}/{number}.js")
}

/// A chunk as a script that hands its data to the search box.
fn part_script(kind: &str, number: usize, data: &[u8]) -> Vec<u8> {
    let mut out = format!("__dossierSearchPart(\"{kind}/{number}\",").into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b");\n");
    out
}
