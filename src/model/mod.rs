//! The vault as typed records: what kind each note is and what its front
//! matter says, with every problem of every field collected on the way.

pub mod fields;
pub mod records;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::config::Config;
pub use crate::config::Kind;
use crate::diagnostics::Pos;
use crate::diagnostics::{Diagnostic, suggest};
use crate::vault::rules::Rules;
use crate::vault::yaml::Node;
use crate::vault::{Note, Vault, canonical_key};
use fields::Fields;
pub use records::{Client, Contact, HealthEntry, Opportunity, Partner, Project};

/// The whole vault, typed.
pub struct Model {
    pub config: Config,
    pub vault: Vault,
    pub as_of: NaiveDate,
    /// Parallel to `vault.notes`.
    pub kinds: Vec<Kind>,
    /// Parallel to `vault.notes`: the name to show for each note.
    pub titles: Vec<String>,
    /// Parallel to `vault.notes`: each note's `tags`.
    pub tags: Vec<Vec<fields::Str>>,
    // Records stay boxed where they were read: moving them into the lists
    // would copy each one and leave holes where it was read.
    pub clients: Vec<Box<Client>>,
    #[allow(clippy::vec_box)]
    pub opportunities: Vec<Box<Opportunity>>,
    pub projects: Vec<Box<Project>>,
    pub partners: Vec<Box<Partner>>,
    /// Person notes (`type: contact`).
    pub people: Vec<Box<Contact>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Parallel to `vault.notes`: which records each note holds.
    pub records: Vec<NoteRecords>,
    /// Client code → index into `clients` (the first, if codes repeat).
    client_codes: HashMap<fields::Str, usize>,
}

/// Indexes of the records one note holds, for lookups by note.
#[derive(Debug, Clone, Default)]
pub struct NoteRecords {
    pub client: Option<usize>,
    pub opportunities: std::ops::Range<usize>,
    pub project: Option<usize>,
    pub partner: Option<usize>,
    pub person: Option<usize>,
}

#[derive(Default)]
/// What one note's front matter gave, until it takes its place in the
/// model.
struct Read {
    kind: Option<Kind>,
    title: String,
    tags: Vec<fields::Str>,
    client: Option<Box<Client>>,
    #[allow(clippy::vec_box)]
    opportunities: Vec<Box<Opportunity>>,
    project: Option<Box<Project>>,
    partner: Option<Box<Partner>>,
    person: Option<Box<Contact>>,
    diags: Vec<Diagnostic>,
}

impl Model {
    /// Reads and types the vault at `root` in one pass per note: each note's
    /// YAML tree is dropped as soon as its records are read, so a large
    /// vault never holds every tree at once.
    pub fn load(root: &Path, config: Config, rules: &Rules, as_of: NaiveDate) -> Model {
        let (vault, reads) = Vault::load_with(root, &config, rules, |i, note| {
            let read = read_note(note, i, &config);
            note.front = None;
            read
        });
        Model::assemble(config, vault, reads, as_of)
    }

    /// The model of notes given as text (vault-relative path and text),
    /// without reading any file: for tests and fuzzing.
    pub fn from_texts(config: Config, texts: &[(&str, &str)], as_of: NaiveDate) -> Model {
        let mut found: Vec<(crate::vault::Note, Vec<Diagnostic>)> = texts
            .iter()
            .map(|(rel, text)| crate::vault::note_from_text(rel, (*text).to_owned(), &config))
            .collect();
        found.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        found.dedup_by(|a, b| a.0.path == b.0.path);
        let mut folders = std::collections::BTreeSet::from([String::new()]);
        let mut diagnostics = Vec::new();
        let mut notes = Vec::new();
        let mut reads = Vec::new();
        for (i, (mut note, diags)) in found.into_iter().enumerate() {
            let mut folder = note.folder().to_owned();
            while folders.insert(folder.clone()) {
                folder = folder.rsplit_once('/').map_or("", |(p, _)| p).to_owned();
            }
            reads.push(read_note(&note, i, &config));
            note.front = None;
            notes.push(note);
            diagnostics.extend(diags);
        }
        let vault = Vault::from_parts(
            std::path::PathBuf::new(),
            notes,
            std::collections::BTreeMap::new(),
            folders,
            diagnostics,
        );
        Model::assemble(config, vault, reads, as_of)
    }

    fn assemble(config: Config, vault: Vault, reads: Vec<Read>, as_of: NaiveDate) -> Model {
        let mut model = Model {
            diagnostics: Vec::new(),
            kinds: Vec::with_capacity(reads.len()),
            titles: Vec::with_capacity(reads.len()),
            tags: Vec::with_capacity(reads.len()),
            clients: Vec::new(),
            opportunities: Vec::new(),
            projects: Vec::new(),
            partners: Vec::new(),
            people: Vec::new(),
            records: Vec::with_capacity(reads.len()),
            client_codes: HashMap::new(),
            config,
            vault,
            as_of,
        };
        // Sized once: growing by doubling would copy every record and
        // hold two lists at once.
        let count = |f: fn(&Read) -> usize| reads.iter().map(f).sum::<usize>();
        model
            .clients
            .reserve_exact(count(|r| usize::from(r.client.is_some())));
        model
            .opportunities
            .reserve_exact(count(|r| r.opportunities.len()));
        model
            .projects
            .reserve_exact(count(|r| usize::from(r.project.is_some())));
        model
            .partners
            .reserve_exact(count(|r| usize::from(r.partner.is_some())));
        model
            .people
            .reserve_exact(count(|r| usize::from(r.person.is_some())));
        for read in reads {
            fn push<T>(list: &mut Vec<T>, item: Option<T>) -> Option<usize> {
                item.map(|item| {
                    list.push(item);
                    list.len() - 1
                })
            }
            let first_opportunity = model.opportunities.len();
            model.opportunities.extend(read.opportunities);
            let records = NoteRecords {
                client: push(&mut model.clients, read.client),
                opportunities: first_opportunity..model.opportunities.len(),
                project: push(&mut model.projects, read.project),
                partner: push(&mut model.partners, read.partner),
                person: push(&mut model.people, read.person),
            };
            model.records.push(records);
            model.kinds.push(read.kind.unwrap_or(Kind::Note));
            model.titles.push(read.title);
            model.tags.push(read.tags);
            model.diagnostics.extend(read.diags);
        }
        for (i, client) in model.clients.iter().enumerate() {
            if let Some(code) = &client.code {
                model.client_codes.entry(code.value.clone()).or_insert(i);
            }
        }
        model
    }

    /// Reads the notes at `paths` again (vault-relative, each an existing
    /// note of the model) and puts their new records in place of the old,
    /// without reading any other note. Records keep note order.
    pub fn reload_notes(&mut self, paths: &[String]) {
        for path in paths {
            let Some(i) = self.vault.note_index(path) else {
                continue;
            };
            let config = &self.config;
            let read = self.vault.reload_note(i, config, |note| {
                let read = read_note(note, i, config);
                note.front = None;
                read
            });
            self.replace_records(i, read);
        }
        self.client_codes.clear();
        for (i, client) in self.clients.iter().enumerate() {
            if let Some(code) = &client.code {
                self.client_codes.entry(code.value.clone()).or_insert(i);
            }
        }
    }

    fn replace_records(&mut self, i: usize, read: Read) {
        self.kinds[i] = read.kind.unwrap_or(Kind::Note);
        self.titles[i] = read.title;
        self.tags[i] = read.tags;
        let path = &self.vault.notes[i].path;
        self.diagnostics.retain(|d| &d.file != path);
        self.diagnostics.extend(read.diags);
        replace_one(
            &mut self.clients,
            &mut self.records,
            i,
            |r| &mut r.client,
            read.client,
        );
        replace_one(
            &mut self.projects,
            &mut self.records,
            i,
            |r| &mut r.project,
            read.project,
        );
        replace_one(
            &mut self.partners,
            &mut self.records,
            i,
            |r| &mut r.partner,
            read.partner,
        );
        replace_one(
            &mut self.people,
            &mut self.records,
            i,
            |r| &mut r.person,
            read.person,
        );
        let old = self.records[i].opportunities.clone();
        let added = read.opportunities.len();
        self.opportunities.splice(old.clone(), read.opportunities);
        self.records[i].opportunities = old.start..old.start + added;
        let shift = added as isize - old.len() as isize;
        if shift != 0 {
            for r in &mut self.records[i + 1..] {
                let range = &mut r.opportunities;
                *range =
                    (range.start as isize + shift) as usize..(range.end as isize + shift) as usize;
            }
        }
    }

    /// What of note `i` the code and reference checks read: each code and
    /// each client code it names, with its position.
    pub fn code_fingerprint(&self, i: usize) -> Vec<(&'static str, fields::Str, Pos)> {
        let r = &self.records[i];
        let mut out = Vec::new();
        let mut add = |what: &'static str, field: &Option<fields::Field<fields::Str>>| {
            if let Some(f) = field {
                out.push((what, f.value.clone(), f.pos));
            }
        };
        if let Some(c) = r.client {
            add("client", &self.clients[c].code);
        }
        for o in &self.opportunities[r.opportunities.clone()] {
            add("opportunity", &o.code);
            if !o.embedded {
                add("ref", &o.client);
            }
        }
        if let Some(p) = r.project {
            add("project", &self.projects[p].code);
            add("ref", &self.projects[p].client);
        }
        if let Some(p) = r.person {
            add("ref", &self.people[p].client);
        }
        if let Some(p) = r.partner {
            for c in &self.partners[p].clients {
                out.push(("ref", c.value.clone(), c.pos));
            }
        }
        out
    }

    /// What of note `i` the pipeline reads: whether it is published, its
    /// deals, and (for a client) the code and owner its deals fall back on.
    pub fn pipeline_fingerprint(
        &self,
        i: usize,
    ) -> (
        bool,
        Vec<Opportunity>,
        Option<fields::Str>,
        Option<fields::Str>,
    ) {
        let client = self.client_of(i);
        let text = |f: Option<&fields::Field<fields::Str>>| f.map(|f| f.value.clone());
        (
            self.vault.notes[i].published(),
            self.opportunities_of(i)
                .iter()
                .map(|o| (**o).clone())
                .collect(),
            text(client.and_then(|c| c.code.as_ref())),
            text(client.and_then(|c| c.owner.as_ref())),
        )
    }

    /// The published client whose code is `code`. A private client (or one
    /// whose front matter cannot be read) lends nothing to the notes that
    /// name it: not its name, not its owner.
    pub fn client_by_code(&self, code: &str) -> Option<&Client> {
        self.client_index(code).map(|i| &*self.clients[i])
    }

    /// The index into `clients` of the published client whose code is `code`.
    pub fn client_index(&self, code: &str) -> Option<usize> {
        self.client_codes
            .get(code)
            .copied()
            .filter(|&i| self.vault.notes[self.clients[i].note].published())
    }

    /// The client record of note `note`, if it is a client note.
    pub fn client_of(&self, note: usize) -> Option<&Client> {
        self.records[note].client.map(|i| &*self.clients[i])
    }

    /// The opportunities written in note `note`.
    pub fn opportunities_of(&self, note: usize) -> &[Box<Opportunity>] {
        &self.opportunities[self.records[note].opportunities.clone()]
    }
}

/// Puts `new` in place of note `i`'s record in `list` (inserting or
/// removing it when the note gains or loses one), keeping `list` in note
/// order and every note's index into it right.
fn replace_one<T>(
    list: &mut Vec<T>,
    records: &mut [NoteRecords],
    i: usize,
    slot: fn(&mut NoteRecords) -> &mut Option<usize>,
    new: Option<T>,
) {
    match (*slot(&mut records[i]), new) {
        (Some(at), Some(item)) => list[at] = item,
        (None, None) => {}
        (Some(at), None) => {
            list.remove(at);
            *slot(&mut records[i]) = None;
            for r in &mut records[i + 1..] {
                if let Some(k) = slot(r) {
                    *k -= 1;
                }
            }
        }
        (None, Some(item)) => {
            let at = records[..i]
                .iter_mut()
                .filter_map(|r| *slot(r))
                .map(|k| k + 1)
                .max()
                .unwrap_or(0);
            list.insert(at, item);
            *slot(&mut records[i]) = Some(at);
            for r in &mut records[i + 1..] {
                if let Some(k) = slot(r) {
                    *k += 1;
                }
            }
        }
    }
}

fn kind_of(note: &Note, config: &Config, diags: &mut Vec<Diagnostic>) -> Kind {
    if let Some(front) = &note.front {
        for (key, value) in front.entries() {
            if canonical_key(config, &key.name) != "type" {
                continue;
            }
            let text = value.value.scalar_text().unwrap_or_default();
            if let Some(kind) = Kind::from_name(text.trim()) {
                return kind;
            }
            diags.push(
                Diagnostic::new(
                    "E-kind-unknown",
                    &note.path,
                    value.pos,
                    format!("unknown note type `{text}`"),
                )
                .help_opt(
                    suggest(&text, Kind::NAMES.iter().copied())
                        .or_else(|| Some(format!("one of: {}", Kind::NAMES.join(", ")))),
                ),
            );
            return Kind::Note;
        }
    }
    // Front matter that does not read may still say what the note is.
    if let Some(kind) = note
        .salvaged
        .as_ref()
        .and_then(|s| s.kind.as_deref())
        .and_then(|k| Kind::from_name(k.trim()))
    {
        return kind;
    }
    // The longest configured folder that holds the note decides.
    config
        .folders
        .iter()
        .filter(|(folder, _)| {
            let folder = folder.trim_matches('/');
            folder.is_empty() || note.path.starts_with(&format!("{folder}/"))
        })
        .max_by_key(|(folder, _)| folder.len())
        .and_then(|(_, kind)| Kind::from_name(kind))
        .unwrap_or(Kind::Note)
}

fn read_note(note: &Note, index: usize, config: &Config) -> Read {
    let mut read = Read::default();
    let kind = kind_of(note, config, &mut read.diags);
    read.kind = Some(kind);
    let empty = crate::vault::yaml::Node {
        value: crate::vault::yaml::Value::Map(Vec::new()),
        pos: Pos::new(1, 1),
    };
    let front = note.front.as_ref().unwrap_or(&empty);
    let withheld_typed = note.withheld && note.front.is_none();
    let mut name = None;
    if !withheld_typed {
        let known = match kind {
            Kind::Client => records::CLIENT_KEYS,
            Kind::Opportunity => records::OPPORTUNITY_KEYS,
            Kind::Project => records::PROJECT_KEYS,
            Kind::Partner => records::PARTNER_KEYS,
            Kind::Contact => records::CONTACT_KEYS,
            Kind::Note => &[],
        };
        let mut f = Fields::new(&note.path, front, config, known);
        let text =
            |field: &Option<fields::Field<fields::Str>>| field.as_ref().map(|n| n.value.clone());
        match kind {
            Kind::Client => {
                let (client, opportunities) = records::read_client(index, &mut f, config);
                name = text(&client.name);
                read.client = Some(Box::new(client));
                read.opportunities = opportunities.into_iter().map(Box::new).collect();
            }
            Kind::Opportunity => {
                let opportunity = records::read_opportunity(index, &mut f, config, false);
                name = text(&opportunity.name);
                read.opportunities.push(Box::new(opportunity));
            }
            Kind::Project => {
                let project = records::read_project(index, &mut f, config);
                name = text(&project.name);
                read.project = Some(Box::new(project));
            }
            Kind::Partner => {
                let partner = records::read_partner(index, &mut f, config);
                name = text(&partner.name);
                read.partner = Some(Box::new(partner));
            }
            Kind::Contact => {
                let person = records::read_contact(index, &mut f, config, "a contact note");
                name = text(&person.name);
                read.person = Some(Box::new(person));
            }
            Kind::Note => {
                name = f.text("title").map(|t| t.value);
            }
        }
        f.private();
        read.diags.extend(f.diags);
    }
    read.tags = match canonical_get(front, config, "tags").map(|t| &t.value) {
        Some(crate::vault::yaml::Value::Seq(items)) => {
            items.iter().filter_map(|i| i.value.scalar_text()).collect()
        }
        Some(other) => other.scalar_text().into_iter().collect(),
        None => Vec::new(),
    };
    read.title = name
        .filter(|n| !n.trim().is_empty())
        .map(String::from)
        .or_else(|| {
            canonical_get(front, config, "title")
                .and_then(|t| t.value.scalar_text())
                .map(String::from)
        })
        .or_else(|| note.h1().map(str::to_owned))
        .unwrap_or_else(|| note.stem().to_owned());
    read
}

/// The value of the first key of `front` that means `key`, after `[aliases]`.
fn canonical_get<'a>(front: &'a Node, config: &Config, key: &str) -> Option<&'a Node> {
    front
        .entries()
        .iter()
        .find(|(k, _)| canonical_key(config, &k.name) == key)
        .map(|(_, v)| v)
}
