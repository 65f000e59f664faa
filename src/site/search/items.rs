//! The things the search box finds, numbered in the order results are
//! ranked in, and each as a result shows it. Every published note is one
//! item (its text's terms go to that number); contacts, deals written in a
//! client's note and tags are items of their own.

use serde::Serialize;

use super::super::SiteIndex;
use super::super::pages::ContactDirectory;
use super::pinyin;
use crate::model::fields::{Field, Str};
use crate::model::{Contact, Kind};
use crate::render::i18n::label;
use crate::render::urls;

/// The kinds of item, in the order of the index's `kinds`.
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

/// The kinds' labels, in the order the items name them by.
pub(super) fn kind_labels(index: &SiteIndex) -> Vec<String> {
    KINDS
        .iter()
        .map(|k| label(&index.words, k).to_owned())
        .collect()
}

/// One item, by what it stands for.
enum Item<'a> {
    Client {
        note: usize,
        row: usize,
    },
    Partner {
        note: usize,
        partner: usize,
    },
    Contact(&'a Contact, &'a str, &'a str),
    /// A deal, its page (its own, else its client's) and its client.
    Deal {
        deal: usize,
        page: &'a str,
        client: Option<usize>,
    },
    Project {
        note: usize,
        project: usize,
    },
    Tag(&'a str),
    /// A note, found by its title and folder.
    Note(usize),
    /// Any other published note (a person's, a meeting's), found by its
    /// title.
    Page(usize),
}

/// The items, in order.
pub(crate) struct Items<'a> {
    items: Vec<Item<'a>>,
    /// (item, note) of every published note, items rising.
    notes: Vec<(u32, usize)>,
}

/// An item as a result shows it.
pub(super) struct Shown {
    kind: usize,
    pub title: String,
    pub detail: String,
    url: String,
    /// Searched, shown when a query matched them: (label, value).
    pub fields: Vec<(String, String)>,
    /// The title's readings (`pinyin::spelled`), for names.
    pub pinyin: String,
}

impl Shown {
    pub fn row(&self) -> impl Serialize + '_ {
        (
            self.kind,
            &self.title,
            &self.detail,
            &self.url,
            &self.fields,
            &self.pinyin,
        )
    }
}

fn text(f: &Option<Field<Str>>) -> &str {
    f.as_ref().map_or("", |f| f.value.as_str())
}

/// A record's name, else its note's title.
fn name_or_title<'a>(name: &'a Option<Field<Str>>, title: &'a str) -> &'a str {
    match text(name) {
        "" => title,
        name => name,
    }
}

fn joined(parts: &[&str]) -> String {
    let shown: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    shown.join(" · ")
}

impl<'a> Items<'a> {
    pub fn new(index: &'a SiteIndex, contacts: &'a ContactDirectory) -> Self {
        let model = index.input.model;
        let report = index.input.report;
        let mut items: Vec<Item<'a>> = Vec::new();
        // A note is one item: the first group that claims it.
        let mut taken = vec![false; model.vault.notes.len()];
        let mut claim = |note: usize| !std::mem::replace(&mut taken[note], true);
        for (row, f) in report.clients.iter().enumerate() {
            if index.note_page(f.note).is_some() && claim(f.note) {
                items.push(Item::Client { note: f.note, row });
            }
        }
        for note in 0..model.vault.notes.len() {
            if let Some(partner) = model.records[note].partner
                && index.note_page(note).is_some()
                && claim(note)
            {
                items.push(Item::Partner { note, partner });
            }
        }
        for (contact, org, page) in contacts.people(index) {
            if let Some(page) = page {
                items.push(Item::Contact(contact, org, page));
            }
        }
        for (deal, o) in model.published_opportunities() {
            let client = model.client_of_opportunity(o);
            let own = match o.embedded {
                false => index.note_page(o.note),
                true => index.deal_pages.get(&(o.note, o.at)).map(String::as_str),
            };
            let client_page = client.and_then(|c| index.note_page(model.clients[c].note));
            let Some(page) = own.or(client_page) else {
                continue;
            };
            if !o.embedded && !claim(o.note) {
                continue;
            }
            items.push(Item::Deal { deal, page, client });
        }
        for (project, p) in model.projects.iter().enumerate() {
            if index.note_page(p.note).is_some() && claim(p.note) {
                items.push(Item::Project {
                    note: p.note,
                    project,
                });
            }
        }
        for page in index.tags.keys() {
            items.push(Item::Tag(page));
        }
        for note in 0..model.vault.notes.len() {
            if index.note_page(note).is_some() && claim(note) {
                items.push(match model.kinds[note] {
                    Kind::Note | Kind::Interaction => Item::Note(note),
                    _ => Item::Page(note),
                });
            }
        }
        let notes = items
            .iter()
            .enumerate()
            .filter_map(|(n, item)| Some((n as u32, item.note(index)?)))
            .collect();
        Items { items, notes }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// (item, note) of every published note, items rising.
    pub fn notes(&self) -> &[(u32, usize)] {
        &self.notes
    }

    /// Item number `n` as a result shows it.
    pub(super) fn shown(&self, index: &SiteIndex, n: usize) -> Shown {
        let item = &self.items[n];
        let model = index.input.model;
        let words = &index.words;
        let page_of = |note: usize| urls::from_root(index.note_page(note).unwrap_or_default());
        let field = |key: &str, value: &str| (label(words, key).to_owned(), value.to_owned());
        let name = |kind_key: &str, title: &str, detail: String, url: String| Shown {
            kind: kind(kind_key),
            pinyin: pinyin::spelled(title),
            title: title.to_owned(),
            detail,
            url,
            fields: Vec::new(),
        };
        match *item {
            Item::Client { note, row } => {
                let f = &index.input.report.clients[row];
                let client = &model.clients[f.client];
                let title = f.name.as_deref().unwrap_or(&model.titles[note]);
                let detail = joined(&[
                    f.code.as_deref().unwrap_or_default(),
                    f.industry.as_deref().unwrap_or_default(),
                    f.owner.as_deref().unwrap_or_default(),
                ]);
                let mut shown = name("client", title, detail, page_of(note));
                let tags: Vec<String> = model.tags[note].iter().map(|t| format!("#{t}")).collect();
                for (key, value) in [
                    ("region", f.region.as_deref().unwrap_or_default()),
                    ("referred_by", text(&client.referred_by)),
                    ("tags", &tags.join(" ")),
                ] {
                    if !value.is_empty() {
                        shown.fields.push(field(key, value));
                    }
                }
                shown
            }
            Item::Partner { note, partner } => {
                let p = &model.partners[partner];
                let title = name_or_title(&p.name, &model.titles[note]);
                name("partner", title, text(&p.code).to_owned(), page_of(note))
            }
            Item::Contact(contact, org, page) => {
                let title = contact.title.as_deref().unwrap_or_default();
                let mut shown = name(
                    "contact",
                    text(&contact.name),
                    joined(&[title, org]),
                    urls::from_root(page),
                );
                let config = &model.config;
                // Never a phone or email the site does not publish.
                if config.publishes("email")
                    && let Some(email) = contact.email.as_deref()
                {
                    shown.fields.push(field("email", email));
                }
                if config.publishes("phone")
                    && let Some(phone) = contact.phone.as_deref()
                {
                    shown.fields.push(field("phone", phone));
                }
                shown
            }
            Item::Deal { deal, page, client } => {
                let o = &model.opportunities[deal];
                let stage = o.stage.as_ref().map_or_else(String::new, |s| {
                    label(words, &format!("stage:{}", s.value)).to_owned()
                });
                let client_name = client
                    .and_then(|c| index.report_rows[c])
                    .and_then(|row| {
                        let f = &index.input.report.clients[row];
                        index.note_page(f.note)?;
                        Some(f.name.as_deref().unwrap_or(&model.titles[f.note]))
                    })
                    .unwrap_or_default();
                let mut shown = Shown {
                    kind: kind("opportunity"),
                    title: name_or_title(&o.name, &model.titles[o.note]).to_owned(),
                    detail: joined(&[text(&o.code), client_name, &stage]),
                    url: urls::from_root(page),
                    fields: Vec::new(),
                    pinyin: String::new(),
                };
                if !text(&o.owner).is_empty() {
                    shown.fields.push(field("owner", text(&o.owner)));
                }
                shown
            }
            Item::Project { note, project } => {
                let p = &model.projects[project];
                Shown {
                    kind: kind("project"),
                    title: name_or_title(&p.name, &model.titles[note]).to_owned(),
                    detail: text(&p.code).to_owned(),
                    url: page_of(note),
                    fields: Vec::new(),
                    pinyin: String::new(),
                }
            }
            Item::Tag(page) => {
                let tag = &index.tags[page];
                Shown {
                    kind: kind("tags"),
                    title: format!("#{}", tag.name),
                    detail: format!("{} {}", tag.notes.len(), label(words, "notes_tagged")),
                    url: urls::from_root(page),
                    fields: Vec::new(),
                    pinyin: String::new(),
                }
            }
            Item::Note(note) | Item::Page(note) => Shown {
                kind: kind(model.kinds[note].name()),
                title: model.titles[note].clone(),
                detail: match item {
                    Item::Note(_) => model.vault.notes[note].folder().to_owned(),
                    _ => String::new(),
                },
                url: page_of(note),
                fields: Vec::new(),
                pinyin: String::new(),
            },
        }
    }
}

impl Item<'_> {
    /// The published note the item is, if it is one.
    fn note(&self, index: &SiteIndex) -> Option<usize> {
        match *self {
            Item::Client { note, .. }
            | Item::Partner { note, .. }
            | Item::Project { note, .. }
            | Item::Note(note)
            | Item::Page(note) => Some(note),
            Item::Deal { deal, .. } => {
                let o = &index.input.model.opportunities[deal];
                (!o.embedded).then_some(o.note)
            }
            Item::Contact(..) | Item::Tag(_) => None,
        }
    }
}
