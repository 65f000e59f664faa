//! The site's search index, `_search/index.js`: a script that the search
//! box loads when it is first used (a script, not a fetched file, so the
//! site searches offline from `file://` too).
//!
//! It holds two parts. The records (clients, contacts, deals, projects,
//! partners, tags and the titles of notes) are searched whole: a Chinese,
//! Japanese or Korean query is a substring (`义集` finds 东义集团), a word
//! in other scripts matches the start of a word (`acm` finds Acme). The
//! text of published notes is an index of terms: each pair of neighbouring
//! CJK characters, each single CJK character, and each word, with the notes
//! it is in. Only what the site publishes goes in: no private or withheld
//! note, no `%%` comment (they are blanked before a body is read), no phone
//! or email unless `publish_contact_fields` lists it.

use base64::Engine;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::SiteIndex;
use super::pages::ContactDirectory;
use crate::model::Kind;
use crate::render::i18n::label;
use crate::render::urls;
use crate::text::{self, is_caseless_mark, is_cjk};

/// Where the index is written.
pub const INDEX_PATH: &str = "_search/index.js";

/// Words longer than this are indexed by their first characters only.
const LONGEST_WORD: usize = 40;

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !is_caseless_mark(c) && c.is_alphanumeric() && !is_cjk(c)
}

/// The terms of a text, given as its lowercased characters: CJK
/// characters and pairs, and words. Markdown is read as it stands, its
/// marks being separators; what a reader does not see is skipped: link
/// targets (`](...)`) and HTML tags. The search box splits a query the same
/// way (`templates/dossier.js`). A word is handed over while it is read,
/// cut to its first [`LONGEST_WORD`] characters.
fn terms(chars: impl Iterator<Item = char>, mut term: impl FnMut(Term<'_>)) {
    let mut word = String::new();
    // Characters of the word being read (those past the cut included).
    let mut word_chars: Option<usize> = None;
    fn end_word(word: &mut String, chars: &mut Option<usize>, term: &mut impl FnMut(Term<'_>)) {
        if chars.take().is_some() {
            term(Term::Word(word));
            word.clear();
        }
    }
    let mut previous: Option<char> = None;
    let mut chars = chars.peekable();
    let mut last = '\0';
    while let Some(c) = chars.next() {
        let skip_to = match (last, c) {
            (']', '(') => Some(')'),
            (_, '<')
                if chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/') =>
            {
                Some('>')
            }
            _ => None,
        };
        last = c;
        if let Some(end) = skip_to {
            end_word(&mut word, &mut word_chars, &mut term);
            previous = None;
            for n in chars.by_ref() {
                if n == end || n == '\n' {
                    break;
                }
            }
            continue;
        }
        if is_cjk(c) {
            end_word(&mut word, &mut word_chars, &mut term);
            term(Term::Char(c));
            if let Some(p) = previous {
                term(Term::Pair(p, c));
            }
            previous = Some(c);
        } else {
            previous = None;
            if is_word_char(c) {
                let count = word_chars.get_or_insert(0);
                if *count < LONGEST_WORD {
                    word.push(c);
                }
                *count += 1;
            } else {
                end_word(&mut word, &mut word_chars, &mut term);
            }
        }
    }
    end_word(&mut word, &mut word_chars, &mut term);
}

enum Term<'w> {
    Char(char),
    Pair(char, char),
    Word(&'w str),
}

/// A CJK term as a number: a character alone, or a pair in the high and
/// low halves.
fn cjk_key(a: char, b: Option<char>) -> u64 {
    match b {
        None => u64::from(a),
        Some(b) => (u64::from(a) << 32) | u64::from(b),
    }
}

/// The order of CJK terms by their text: by first character, a character
/// alone before the pairs it begins (UTF-8 sorts as code points do).
fn cjk_order(key: u64) -> (u32, u32) {
    match key >> 32 {
        0 => (key as u32, 0),
        first => (first as u32, key as u32),
    }
}

fn cjk_text(key: u64) -> String {
    let char_of = |n: u32| char::from_u32(n).unwrap_or('\u{fffd}');
    let (first, second) = cjk_order(key);
    let mut text = String::from(char_of(first));
    if second != 0 {
        text.push(char_of(second));
    }
    text
}

/// The characters of one doc met so far, kept from doc to doc for their
/// room. Single characters of the Basic Multilingual Plane, most of the
/// terms, are told apart by a stamp per character instead of a hash.
struct Seen {
    /// For each character below U+10000, 1 + the last doc it was met in.
    stamps: Vec<u32>,
    chars: Vec<char>,
    /// Pairs met lately, each with 1 + its doc, in a slot found from the
    /// pair: a pair met again in the same doc (most pairs of a note are)
    /// is told here without a look in the table. Two pairs that share a
    /// slot only cost the table's look.
    pairs: Vec<(u64, u32)>,
}

/// How many pairs `Seen` remembers: 2^12 slots, 64 KiB.
const PAIR_SLOTS_BITS: u32 = 12;

impl Default for Seen {
    fn default() -> Seen {
        Seen {
            stamps: vec![0; 0x1_0000],
            chars: Vec::new(),
            pairs: vec![(0, 0); 1 << PAIR_SLOTS_BITS],
        }
    }
}

impl Seen {
    /// Notes the pair `key` in `doc`; whether it was met in `doc` just
    /// before (`false` tells nothing: it may have been met earlier).
    fn pair_again(&mut self, doc: u32, key: u64) -> bool {
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PAIR_SLOTS_BITS)) as usize;
        let entry = (key, doc + 1);
        std::mem::replace(&mut self.pairs[slot], entry) == entry
    }

    /// Notes `c` in `doc`; `false` for a character with no stamp.
    fn char_in(&mut self, doc: u32, c: char) -> bool {
        let Some(stamp) = self.stamps.get_mut(c as usize) else {
            return false;
        };
        if *stamp != doc + 1 {
            *stamp = doc + 1;
            self.chars.push(c);
        }
        true
    }
}

/// The characters of `parts` joined by line breaks, lowercased one by
/// one ([`text::lowercase_chars`]) without a lowercased copy.
struct Lowered<'p> {
    parts: std::slice::Iter<'p, &'p str>,
    chars: text::LowercaseChars<'p>,
}

impl<'p> Lowered<'p> {
    fn new(parts: &'p [&'p str]) -> Self {
        let mut parts = parts.iter();
        let chars = text::lowercase_chars(parts.next().copied().unwrap_or(""));
        Lowered { parts, chars }
    }
}

impl Iterator for Lowered<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.chars.next() {
            return Some(c);
        }
        self.chars = text::lowercase_chars(self.parts.next()?);
        Some('\n')
    }
}

/// The notes each term is in. The tables take a term for every character
/// of every note, so they hash fast.
#[derive(Default)]
struct Postings {
    cjk: ahash::AHashMap<u64, DocList>,
    words: ahash::AHashMap<String, DocList>,
}

impl Postings {
    /// Adds the terms of `parts` to doc `doc`. A character of the Basic
    /// Multilingual Plane goes into the table once per doc, after the doc
    /// (`seen` is the caller's, reused doc by doc); any other character,
    /// a pair or a word is looked up as it is met, and kept once by its
    /// list's last doc, except a pair that `seen` remembers in this doc.
    fn add(&mut self, doc: u32, parts: &[&str], seen: &mut Seen) {
        seen.chars.clear();
        let (cjk, words) = (&mut self.cjk, &mut self.words);
        terms(Lowered::new(parts), |t| match t {
            Term::Char(c) => {
                if !seen.char_in(doc, c) {
                    cjk.entry(cjk_key(c, None)).or_default().push_once(doc);
                }
            }
            Term::Pair(a, b) => {
                let key = cjk_key(a, Some(b));
                if !seen.pair_again(doc, key) {
                    cjk.entry(key).or_default().push_once(doc);
                }
            }
            Term::Word(w) => match words.get_mut(w) {
                Some(docs) => docs.push_once(doc),
                None => {
                    let mut docs = DocList::default();
                    docs.push(doc);
                    words.insert(w.to_owned(), docs);
                }
            },
        });
        for &c in &seen.chars {
            self.cjk.entry(cjk_key(c, None)).or_default().push(doc);
        }
    }

    /// Takes in the postings of later docs.
    fn append(&mut self, later: Postings) {
        for (k, docs) in later.cjk {
            self.cjk.entry(k).or_default().append(docs);
        }
        for (k, docs) in later.words {
            self.words.entry(k).or_default().append(docs);
        }
    }
}

/// Doc numbers in rising order, kept as the index writes them: the first
/// and the gaps after it as variable-length integers. A term in most notes
/// then takes a byte a note, not four (at 10,000 clients the tables were
/// 30 MiB as plain numbers).
#[derive(Default)]
struct DocList {
    gaps: Vec<u8>,
    /// The first doc and the last one, once there is one.
    span: Option<(u32, u32)>,
}

impl DocList {
    /// Adds `doc`, which comes after every doc already in.
    fn push(&mut self, doc: u32) {
        let gap = match self.span {
            Some((first, last)) => {
                self.span = Some((first, doc));
                doc - last
            }
            None => {
                self.span = Some((doc, doc));
                doc
            }
        };
        push_varint(&mut self.gaps, gap);
    }

    /// Adds `doc` unless it is the last one in already.
    fn push_once(&mut self, doc: u32) {
        if self.span.is_none_or(|(_, last)| last != doc) {
            self.push(doc);
        }
    }

    /// Adds the docs of `later`, all after these.
    fn append(&mut self, later: DocList) {
        let Some((later_first, later_last)) = later.span else {
            return;
        };
        let Some((first, last)) = self.span else {
            *self = later;
            return;
        };
        // The first number of `later` counts from 0: it becomes a gap.
        let first_len = later
            .gaps
            .iter()
            .position(|b| b & 0x80 == 0)
            .map_or(0, |p| p + 1);
        push_varint(&mut self.gaps, later_first - last);
        self.gaps.extend_from_slice(&later.gaps[first_len..]);
        self.span = Some((first, later_last));
    }

    fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.gaps.iter();
        let mut last = 0u32;
        std::iter::from_fn(move || {
            let mut value = 0u32;
            let mut shift = 0;
            loop {
                let byte = *bytes.next()?;
                value |= u32::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            last += value;
            Some(last)
        })
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Doc numbers, as the shorter of two codes in base64: `v` and the gaps
/// between them as variable-length integers, or `b` and a bitmap of all
/// docs (for terms in many notes).
fn encode(docs: &DocList, total: u32) -> String {
    let bitmap_len = total.div_ceil(8) as usize;
    let engine = base64::engine::general_purpose::STANDARD;
    if bitmap_len < docs.gaps.len() {
        let mut bits = vec![0u8; bitmap_len];
        for d in docs.docs() {
            bits[(d / 8) as usize] |= 1 << (d % 8);
        }
        format!("b{}", engine.encode(bits))
    } else {
        format!("v{}", engine.encode(&docs.gaps))
    }
}

/// One thing the box finds without reading notes: `[kind, title, detail,
/// where, more]`. `kind` is a place in `kinds`; `where` is the page's URL
/// from the site root, or the place of another record whose page shows
/// this one (a contact on its client's page), whose title is then shown
/// and searched with it; `more` is text searched but not shown (tags,
/// region, owner). The box lowercases and splits the text itself.
#[derive(Serialize)]
#[serde(untagged)]
enum Where {
    Page(String),
    Record(usize),
}

type Record = (usize, String, String, Where, String);

/// The records, written as they are made (at 50,000 clients they are some
/// 60 MB as values); only the names of clients are kept, which the deals
/// shown on their own pages are searched with.
struct RecordList<'o> {
    out: &'o mut dyn std::io::Write,
    len: usize,
    client_names: ahash::AHashMap<usize, String>,
}

impl RecordList<'_> {
    fn push(&mut self, record: Record) -> std::io::Result<()> {
        if self.len > 0 {
            self.out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *self.out, &record)?;
        if record.0 == kind("client") {
            self.client_names.insert(self.len, record.1);
        }
        self.len += 1;
        Ok(())
    }

    fn client_name(&self, record: usize) -> String {
        self.client_names.get(&record).cloned().unwrap_or_default()
    }
}

/// A note the text part names, by its doc number: the place of the note's
/// record, or `[title, url, kind]`.
///
/// The whole index, layout version 1, is `{v, kinds, records, docs, cjk,
/// words}`: the labels of `KINDS`; the records; the docs; single CJK
/// characters and pairs, sorted, each with its docs; words, sorted, each
/// with its docs (`encode`).
#[derive(Serialize)]
#[serde(untagged)]
enum Doc {
    Record(usize),
    Note(String, String, usize),
}

/// The kinds of record, in the order of `kinds`.
const KINDS: [&str; 8] = [
    "client",
    "contact",
    "opportunity",
    "project",
    "partner",
    "tags",
    "interaction",
    "note",
];

fn kind(key: &str) -> usize {
    KINDS
        .iter()
        .position(|k| *k == key)
        .unwrap_or(KINDS.len() - 1)
}

fn text(f: &Option<crate::model::fields::Field<crate::model::fields::Str>>) -> &str {
    f.as_ref().map_or("", |f| f.value.as_str())
}

/// A record's name, else its note's title.
fn name_or_title<'a>(
    name: &'a Option<crate::model::fields::Field<crate::model::fields::Str>>,
    title: &'a str,
) -> &'a str {
    match text(name) {
        "" => title,
        name => name,
    }
}

fn joined(parts: &[&str]) -> String {
    let shown: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    shown.join(" · ")
}

/// The whole index, as the script the search box loads.
pub(crate) fn index_script(index: &SiteIndex, contacts: &ContactDirectory) -> Vec<u8> {
    let mut out = Vec::new();
    let Ok(terms) = note_terms(index, |_, _| Ok::<(), std::convert::Infallible>(()));
    // Writing into memory does not fail.
    let _ = write_index(index, contacts, terms, &mut out);
    out
}

/// Writes the index script into `out` part by part.
/// `terms` are the published notes' terms, from [`note_terms`].
pub(crate) fn write_index(
    index: &SiteIndex,
    contacts: &ContactDirectory,
    terms: NoteTerms,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let model = index.input.model;
    let words = &index.words;
    let config = &model.config;
    out.write_all(b"window.__dossierSearch={\"v\":1,\"kinds\":")?;
    let kinds: Vec<&str> = KINDS.iter().map(|k| label(words, k)).collect();
    serde_json::to_writer(&mut *out, &kinds)?;
    out.write_all(b",\"records\":[")?;
    let mut records = RecordList {
        out: &mut *out,
        len: 0,
        client_names: ahash::AHashMap::new(),
    };
    // The record of each note that has one, for contacts and the text part.
    let mut record_of_note: ahash::AHashMap<usize, usize> = ahash::AHashMap::new();
    let mut record_of_page: ahash::AHashMap<&str, usize> = ahash::AHashMap::new();
    for f in &index.input.report.clients {
        let Some(page) = index.note_page(f.note) else {
            continue;
        };
        let client = &model.clients[f.client];
        let name = f.name.as_deref().unwrap_or(&model.titles[f.note]);
        let code = f.code.as_deref().unwrap_or_default();
        let owner = f.owner.as_deref().unwrap_or_default();
        let industry = f.industry.as_deref().unwrap_or_default();
        let region = f.region.as_deref().unwrap_or_default();
        let mut more = vec![region, text(&client.referred_by)];
        more.extend(model.tags[f.note].iter().map(|t| t.as_str()));
        record_of_note.insert(f.note, records.len);
        record_of_page.insert(page, records.len);
        records.push((
            kind("client"),
            name.to_owned(),
            joined(&[code, industry, owner]),
            Where::Page(urls::from_root(page)),
            more.join(" "),
        ))?;
    }
    for i in 0..model.vault.notes.len() {
        let (Some(p), Some(page)) = (model.records[i].partner, index.note_page(i)) else {
            continue;
        };
        let partner = &model.partners[p];
        let name = name_or_title(&partner.name, &model.titles[i]);
        record_of_note.insert(i, records.len);
        record_of_page.insert(page, records.len);
        records.push((
            kind("partner"),
            name.to_owned(),
            text(&partner.code).to_owned(),
            Where::Page(urls::from_root(page)),
            String::new(),
        ))?;
    }
    // Contacts: name and title, never a phone or email the site does not
    // publish. Those shown on their client's or partner's page point at its
    // record.
    let (email, phone) = (config.publishes("email"), config.publishes("phone"));
    for (contact, org, page) in contacts.people(index) {
        let Some(page) = page else { continue };
        let mut more: Vec<&str> = Vec::new();
        if email {
            more.extend(contact.email.as_deref());
        }
        if phone {
            more.extend(contact.phone.as_deref());
        }
        let title = contact.title.as_deref().unwrap_or_default();
        let (at, detail) = match record_of_page.get(page) {
            Some(&r) => (Where::Record(r), title.to_owned()),
            None => (Where::Page(urls::from_root(page)), joined(&[title, org])),
        };
        records.push((
            kind("contact"),
            text(&contact.name).to_owned(),
            detail,
            at,
            more.join(" "),
        ))?;
    }
    // Deals and projects: each on its own page (a deal written in its
    // client's note has one under `deals/`), else its client's.
    for (_, o) in model.published_opportunities() {
        let client = model.client_of_opportunity(o);
        let own = match o.embedded {
            false => index.note_page(o.note),
            true => index.deal_pages.get(&(o.note, o.at)).map(String::as_str),
        };
        let client_record = client.and_then(|c| record_of_note.get(&model.clients[c].note));
        let at = match (own, client_record) {
            (Some(page), _) => Where::Page(urls::from_root(page)),
            (None, Some(&r)) => Where::Record(r),
            (None, None) => continue,
        };
        let name = name_or_title(&o.name, &model.titles[o.note]);
        let stage = o.stage.as_ref().map_or_else(String::new, |s| {
            label(words, &format!("stage:{}", s.value)).to_owned()
        });
        let client_name = match (&at, client_record) {
            (Where::Page(_), Some(&r)) => records.client_name(r),
            _ => String::new(),
        };
        if !o.embedded {
            record_of_note.insert(o.note, records.len);
        }
        records.push((
            kind("opportunity"),
            name.to_owned(),
            joined(&[text(&o.code), &client_name, &stage]),
            at,
            text(&o.owner).to_owned(),
        ))?;
    }
    for p in &model.projects {
        let Some(page) = index.note_page(p.note) else {
            continue;
        };
        let name = name_or_title(&p.name, &model.titles[p.note]);
        record_of_note.insert(p.note, records.len);
        records.push((
            kind("project"),
            name.to_owned(),
            text(&p.code).to_owned(),
            Where::Page(urls::from_root(page)),
            String::new(),
        ))?;
    }
    for (page, tag) in &index.tags {
        let count = format!("{} {}", tag.notes.len(), label(words, "notes_tagged"));
        records.push((
            kind("tags"),
            format!("#{}", tag.name),
            count,
            Where::Page(urls::from_root(page)),
            String::new(),
        ))?;
    }
    // The notes: by their record, or by title; then their text.
    let published = published(index);
    let mut docs = Vec::with_capacity(published.len());
    for &i in &published {
        if let Some(&r) = record_of_note.get(&i) {
            docs.push(Doc::Record(r));
            continue;
        }
        let page = urls::from_root(index.note_page(i).unwrap_or_default());
        let k = kind(model.kinds[i].name());
        if matches!(model.kinds[i], Kind::Note | Kind::Interaction) {
            records.push((
                k,
                model.titles[i].clone(),
                model.vault.notes[i].folder().to_owned(),
                Where::Page(page.clone()),
                String::new(),
            ))?;
        }
        docs.push(Doc::Note(model.titles[i].clone(), page, k));
    }
    // Written as soon as each part is complete, and each part let go: at
    // 50,000 clients the records, the term tables and their codes each take
    // tens of megabytes, which were all held at once beside the output.
    drop(records);
    out.write_all(b"],\"docs\":")?;
    serde_json::to_writer(&mut *out, &docs)?;
    let total = docs.len() as u32;
    drop(docs);
    let t = crate::timings::stage("search: write");
    let Postings { cjk, words } = terms.0;
    // Sorted as their texts would sort, and each worded only as it is
    // written: at 50,000 clients a string per term held 15 MiB at the peak.
    // Only the keys are sorted, and the tables read in their order: a
    // sorted copy of the entries stood beside the tables, tens of MiB.
    let mut cjk_keys: Vec<u64> = cjk.keys().copied().collect();
    cjk_keys.sort_unstable_by_key(|key| cjk_order(*key));
    out.write_all(b",\"cjk\":")?;
    let cjk_terms = cjk_keys.iter().map(|key| (cjk_text(*key), &cjk[key]));
    write_terms(out, cjk_terms, total)?;
    drop(cjk);
    let mut word_keys: Vec<&str> = words.keys().map(String::as_str).collect();
    word_keys.sort_unstable();
    out.write_all(b",\"words\":")?;
    write_terms(out, word_keys.iter().map(|w| (*w, &words[*w])), total)?;
    out.write_all(b"};\n")?;
    drop(t);
    Ok(())
}

/// Writes `[[term, docs], ...]`, each term's docs coded as they are
/// written and let go.
fn write_terms<'d, T: AsRef<str>>(
    out: &mut dyn std::io::Write,
    terms: impl IntoIterator<Item = (T, &'d DocList)>,
    total: u32,
) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (k, (term, docs)) in terms.into_iter().enumerate() {
        if k > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &(term.as_ref(), encode(docs, total)))?;
    }
    out.write_all(b"]")
}

/// The published notes, in the order of their docs in the index.
fn published(index: &SiteIndex) -> Vec<usize> {
    (0..index.input.model.vault.notes.len())
        .filter(|&i| index.note_page(i).is_some())
        .collect()
}

/// The terms of the published notes' text (their titles too), to be
/// written by [`write_index`].
pub(crate) struct NoteTerms(Postings);

/// Reads the body of every published note once and hands it to `page`
/// (which makes the note's page from it) while its terms are taken from
/// the same text: the bodies are read and split once per build, not once
/// for the pages and again for the index. A note that cannot be read now,
/// or changed since it was checked, is found by its title only.
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
    page: impl Fn(usize, &Result<String, crate::vault::BodyError>) -> Result<(), E> + Sync,
) -> Result<NoteTerms, E> {
    const RUN: usize = 128;
    let model = index.input.model;
    let published = published(index);
    let runs: Vec<&[usize]> = published.chunks(RUN).collect();
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
                for (k, &i) in notes.iter().enumerate() {
                    let doc = (r * RUN + k) as u32;
                    let title = model.titles[i].as_str();
                    let body = model.vault.read_body(i, &model.config);
                    if let Err(e) = page(i, &body) {
                        stopped.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                    match &body {
                        Ok(body) => postings.add(doc, &[title, body], &mut seen),
                        Err(_) => postings.add(doc, &[title], &mut seen),
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

/// The tables of runs of notes, joined in the order of the runs whichever
/// order they are done in.
#[derive(Default)]
struct InOrder {
    all: Postings,
    /// The run whose table is joined next.
    next: usize,
    /// Tables done ahead of their turn, by run.
    early: std::collections::BTreeMap<usize, Postings>,
}

impl InOrder {
    fn put(&mut self, run: usize, postings: Postings) {
        self.early.insert(run, postings);
        while let Some(postings) = self.early.remove(&self.next) {
            self.all.append(postings);
            self.next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs done out of order are joined in the order of their docs, as
    /// if they had been added one after the other.
    #[test]
    fn runs_done_out_of_order_are_joined_in_order() {
        let texts = [
            "东义集团 acme",
            "集团 beta",
            "acme 东义",
            "beta 集",
            "东 acme",
        ];
        let run_of = |r: usize| {
            let mut postings = Postings::default();
            postings.add(r as u32, &[texts[r]], &mut Seen::default());
            postings
        };
        let mut one_by_one = Postings::default();
        let mut seen = Seen::default();
        for (doc, text) in texts.iter().enumerate() {
            one_by_one.add(doc as u32, &[text], &mut seen);
        }
        let mut joined = InOrder::default();
        for r in [2, 0, 4, 1, 3] {
            joined.put(r, run_of(r));
        }
        assert!(joined.early.is_empty());
        assert_eq!(joined.next, texts.len());
        let lists = |p: &Postings| {
            let mut cjk: Vec<(u64, Vec<u32>)> = p
                .cjk
                .iter()
                .map(|(k, d)| (*k, d.docs().collect()))
                .collect();
            let mut words: Vec<(String, Vec<u32>)> = p
                .words
                .iter()
                .map(|(k, d)| (k.clone(), d.docs().collect()))
                .collect();
            cjk.sort();
            words.sort();
            (cjk, words)
        };
        assert_eq!(lists(&joined.all), lists(&one_by_one));
        assert_eq!(lists(&joined.all).1[0], ("acme".to_owned(), vec![0, 2, 4]));
    }

    /// A pair met again in the same doc is remembered; one met in an
    /// earlier doc, or pushed out of its slot, is not.
    #[test]
    fn a_pair_is_remembered_within_its_doc_only() {
        let mut seen = Seen::default();
        let key = cjk_key('东', Some('义'));
        assert!(!seen.pair_again(0, key));
        assert!(seen.pair_again(0, key));
        assert!(!seen.pair_again(1, key));
        assert!(seen.pair_again(1, key));
        // Every other pair of the ideographs' first rows: some share the
        // slot of `key`, and push it out.
        for a in '一'..='丿' {
            for b in '一'..='丿' {
                seen.pair_again(1, cjk_key(a, Some(b)));
            }
        }
        assert!(!seen.pair_again(1, key));
    }

    #[test]
    fn each_term_lists_each_doc_once_in_order() {
        let mut postings = Postings::default();
        let mut seen = Seen::default();
        // A character met twice in a doc, one beyond U+FFFF (𠀋), a pair,
        // and a title and body given apart.
        postings.add(0, &["集团", "东义集团 𠀋𠀋 Acme acme"], &mut seen);
        postings.add(1, &["集", "𠀋"], &mut seen);
        postings.add(3, &["东义"], &mut seen);
        let docs = |key: u64| -> Vec<u32> {
            postings
                .cjk
                .get(&key)
                .map(|d| d.docs().collect())
                .unwrap_or_default()
        };
        assert_eq!(docs(cjk_key('集', None)), [0, 1]);
        assert_eq!(docs(cjk_key('𠀋', None)), [0, 1]);
        assert_eq!(docs(cjk_key('东', Some('义'))), [0, 3]);
        assert_eq!(docs(cjk_key('团', Some('东'))), Vec::<u32>::new());
        let acme: Vec<u32> = postings.words["acme"].docs().collect();
        assert_eq!(acme, [0]);
    }

    fn all_terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(Lowered::new(&[text]), |t| {
            out.push(match t {
                Term::Char(c) => c.to_string(),
                Term::Pair(a, b) => format!("{a}{b}"),
                Term::Word(w) => w.to_owned(),
            })
        });
        out
    }

    #[test]
    fn cjk_terms_sorted_by_key_come_in_the_order_of_their_text() {
        let mut keys = [
            cjk_key('集', Some('团')),
            cjk_key('集', None),
            cjk_key('东', Some('义')),
            cjk_key('义', None),
            cjk_key('东', None),
            cjk_key('𠀀', None),
            cjk_key('团', Some('𠀀')),
            cjk_key('团', None),
        ];
        let mut by_text: Vec<String> = keys.iter().map(|&k| cjk_text(k)).collect();
        by_text.sort();
        keys.sort_by_key(|&k| cjk_order(k));
        let by_key: Vec<String> = keys.iter().map(|&k| cjk_text(k)).collect();
        assert_eq!(by_key, by_text);
    }

    #[test]
    fn cjk_text_gives_characters_and_pairs_other_text_words() {
        assert_eq!(
            all_terms("东义集团 Acme-C001"),
            [
                "东", "义", "东义", "集", "义集", "团", "集团", "acme", "c001"
            ]
        );
        assert_eq!(
            all_terms("煤化工AI"),
            ["煤", "化", "煤化", "工", "化工", "ai"]
        );
        let long = "Ǆ".repeat(LONGEST_WORD + 5);
        assert_eq!(all_terms(&long), ["ǆ".repeat(LONGEST_WORD)]);
    }

    #[test]
    fn caseless_marks_are_neither_word_characters_nor_cased() {
        let marks = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_caseless_mark(c));
        let mut count = 0;
        for c in marks {
            assert!(!c.is_alphanumeric(), "{c:?} is a letter or digit");
            assert!(c.to_lowercase().eq([c]), "{c:?} has a lower case");
            count += 1;
        }
        assert!(count > 150, "{count}");
        assert!(is_word_char('Ａ') && is_word_char('０') && is_word_char('é'));
        assert!(!is_word_char('，') && !is_word_char('。') && !is_word_char('-'));
    }

    #[test]
    fn doc_lists_take_the_shorter_code() {
        let list = |docs: &[u32]| {
            let mut list = DocList::default();
            docs.iter().for_each(|&d| list.push(d));
            list
        };
        assert_eq!(encode(&list(&[0, 1, 300]), 1000), "vAAGrAg==");
        // Joined runs read as one.
        let mut joined = list(&[0, 1]);
        joined.append(list(&[300]));
        assert_eq!(encode(&joined, 1000), "vAAGrAg==");
        assert_eq!(joined.docs().collect::<Vec<_>>(), [0, 1, 300]);
        // A term in every doc is a bitmap.
        let all: Vec<u32> = (0..64).collect();
        assert!(encode(&list(&all), 64).starts_with('b'));
    }

    #[test]
    fn link_targets_and_tags_are_not_text() {
        assert_eq!(
            all_terms("[Acme](../clients/x.md) <span class=\"c\">ok</span>"),
            ["acme", "ok"]
        );
    }

    /// The text lowercased whole, character by character, by the
    /// standard library alone.
    fn reference_lowercase(parts: &[&str]) -> String {
        parts
            .join("\n")
            .chars()
            .flat_map(char::to_lowercase)
            .collect()
    }

    #[test]
    fn terms_read_as_from_a_lowercased_copy() {
        let pieces = [
            "东义集团",
            "Acme",
            "İstanbul",
            "ΣΟΦΙΑ",
            "\u{212A}elvin",
            "<\u{212A}b>",
            "ǅ",
            "ß",
            "[x](y.md)",
            "](",
            "<a href=\"z\">",
            "</b>",
            " ",
            "\n",
            "，",
            "-",
            "ＡＢ",
            "ﬃ",
            "Ḁ",
            "a",
            "0",
            "é",
            "🙂",
            "𠀋",
            "ｶ",
            "ᾈ",
            &"Ǆ".repeat(45),
            &"İ".repeat(30),
        ];
        let mut state = 0x853C_49E6_748F_EA9Bu64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut words = 0;
        for _ in 0..20_000 {
            let mut parts: Vec<String> = Vec::new();
            for _ in 0..1 + next(2) {
                let mut text = String::new();
                for _ in 0..next(9) {
                    text.push_str(pieces[next(pieces.len())]);
                }
                parts.push(text);
            }
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let show = |t: Term| match t {
                Term::Char(c) => format!("c{c}"),
                Term::Pair(a, b) => format!("p{a}{b}"),
                Term::Word(w) => format!("w{w}"),
            };
            let (mut now, mut before) = (Vec::new(), Vec::new());
            terms(Lowered::new(&parts), |t| now.push(show(t)));
            let lowered = reference_lowercase(&parts);
            terms(lowered.chars(), |t| before.push(show(t)));
            words += now.iter().filter(|t| t.starts_with('w')).count();
            assert_eq!(now, before, "{parts:?}");
        }
        assert!(words > 10_000, "{words}");
    }
}
