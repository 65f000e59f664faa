//! The vault as typed records: what kind each note is and what its front
//! matter says, with every problem of every field collected on the way.

pub mod amounts;
pub mod deals;
pub mod fields;
mod published;
pub mod records;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::config::Config;
pub use crate::config::Kind;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Pos;
use crate::vault::rules::Rules;
use crate::vault::yaml::Node;
use crate::vault::{Note, Vault, canonical_key};
use fields::Fields;
pub use records::{Client, Contact, HealthEntry, Interaction, Opportunity, Partner, Project};

/// The whole vault, typed.
pub struct Model {
    pub config: Config,
    pub vault: Vault,
    pub as_of: NaiveDate,
    /// Parallel to `vault.notes`.
    pub kinds: Vec<Kind>,
    /// Parallel to `vault.notes`: the name to show for each note.
    pub titles: Vec<String>,
    /// Parallel to the notes: the day each is about, when it says one
    /// (`updated`, `date` or `created`, else its file name's leading
    /// date).
    pub days: Vec<Option<NaiveDate>>,
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
    /// Meetings, calls, visits and emails (`type: interaction`).
    pub interactions: Vec<Box<Interaction>>,
    pub diagnostics: Vec<Diagnostic>,
    /// What linking the notes finds (`Model::link`), made again each time.
    pub link_diagnostics: Vec<Diagnostic>,
    /// Notes whose deal or project takes its client from a client's list
    /// (`Model::link`).
    client_by_list: std::collections::HashSet<usize>,
    /// Parallel to `vault.notes`: which records each note holds.
    pub records: Vec<NoteRecords>,
    /// Client code → index into `clients` (the first, if codes repeat).
    client_codes: HashMap<fields::Str, usize>,
    /// Lowercased client name and file name → indexes into `clients`,
    /// for references written as a name. Made when a reference first
    /// needs it: most vaults name clients by code, and at 50,000 clients
    /// the table takes megabytes.
    client_names: std::sync::OnceLock<HashMap<String, Vec<usize>>>,
    /// Lowercased file name (without `.md`) → notes, for references
    /// written as wikilinks; made when one first needs it.
    note_names: std::sync::OnceLock<HashMap<String, Vec<usize>>>,
    /// Parallel to `clients`: the person notes (indexes into `people`)
    /// that name the client or that the client lists as `[[links]]`.
    people_of_client: Vec<Vec<usize>>,
    /// Parallel to `clients`: the interactions (indexes into
    /// `interactions`) that name the client, or whose text links to it
    /// when they name none; published or not.
    interactions_of_client: Vec<Vec<usize>>,
}

/// What a reference (`client: C001`, `client: "[[东义集团]]"`) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// A client (index into `clients`), published or not.
    Client(usize),
    /// A note that is not a client.
    Note(usize),
    /// Nothing in the vault.
    Nothing,
}

/// Indexes of the records one note holds, for lookups by note.
#[derive(Debug, Clone, Default)]
pub struct NoteRecords {
    pub client: Option<usize>,
    pub opportunities: std::ops::Range<usize>,
    pub project: Option<usize>,
    pub partner: Option<usize>,
    pub person: Option<usize>,
    pub interaction: Option<usize>,
}

#[derive(Default)]
/// What one note's front matter gave, until it takes its place in the
/// model.
struct Read {
    kind: Option<Kind>,
    title: String,
    tags: Vec<fields::Str>,
    /// The day the note is about (`note_day`).
    day: Option<NaiveDate>,
    client: Option<Box<Client>>,
    #[allow(clippy::vec_box)]
    opportunities: Vec<Box<Opportunity>>,
    project: Option<Box<Project>>,
    partner: Option<Box<Partner>>,
    person: Option<Box<Contact>>,
    interaction: Option<Box<Interaction>>,
    /// What the note's page shows of the front matter its kind does not
    /// read.
    properties: Vec<crate::vault::Property>,
    diags: Vec<Diagnostic>,
}

impl Model {
    /// Reads and types the vault at `root` in one pass per note: each note's
    /// YAML tree is dropped as soon as its records are read, so a large
    /// vault never holds every tree at once.
    pub fn load(root: &Path, config: Config, rules: &Rules, as_of: NaiveDate) -> Model {
        Model::load_withholding(root, config, rules, as_of, None)
    }

    /// [`Model::load`] of a past vault: what `now` withholds is withheld
    /// in it too, before anything is read of it.
    pub fn load_withholding(
        root: &Path,
        config: Config,
        rules: &Rules,
        as_of: NaiveDate,
        now: Option<&crate::vault::WithheldNow>,
    ) -> Model {
        let (vault, reads) = Vault::load_with(root, &config, rules, |i, note| {
            if now.is_some_and(|now| now.withholds(note, &config)) {
                note.visibility =
                    crate::vault::Visibility::Withheld(crate::vault::Withheld::Private);
            }
            read_and_drop_front(note, i, &config)
        });
        let _t = crate::timings::stage("load: model");
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
            reads.push(read_and_drop_front(&mut note, i, &config));
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
            link_diagnostics: Vec::new(),
            client_by_list: std::collections::HashSet::new(),
            kinds: Vec::with_capacity(reads.len()),
            titles: Vec::with_capacity(reads.len()),
            days: Vec::with_capacity(reads.len()),
            tags: Vec::with_capacity(reads.len()),
            clients: Vec::new(),
            opportunities: Vec::new(),
            projects: Vec::new(),
            partners: Vec::new(),
            people: Vec::new(),
            interactions: Vec::new(),
            records: Vec::with_capacity(reads.len()),
            client_codes: HashMap::new(),
            client_names: std::sync::OnceLock::new(),
            note_names: std::sync::OnceLock::new(),
            people_of_client: Vec::new(),
            interactions_of_client: Vec::new(),
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
                interaction: push(&mut model.interactions, read.interaction),
            };
            model.records.push(records);
            model.kinds.push(read.kind.unwrap_or(Kind::Note));
            model.titles.push(read.title);
            model.days.push(read.day);
            model.tags.push(read.tags);
            model.diagnostics.extend(read.diags);
        }
        model.link();
        model
    }

    /// Works out what references name, once every note is read: codes and
    /// names of clients, the person notes of each client, and `contacts:`
    /// links that name no person note (kept as contacts by name).
    fn link(&mut self) {
        self.client_codes.clear();
        self.client_names = std::sync::OnceLock::new();
        self.note_names = std::sync::OnceLock::new();
        for (i, client) in self.clients.iter().enumerate() {
            if let Some(code) = &client.code {
                self.client_codes.entry(code.value.clone()).or_insert(i);
            }
        }
        for ci in 0..self.clients.len() {
            if self.clients[ci].contact_refs.is_empty() {
                continue;
            }
            let note = self.clients[ci].note;
            let refs = std::mem::take(&mut self.clients[ci].contact_refs);
            let (people, names): (Vec<_>, Vec<_>) = refs.into_iter().partition(|r| {
                self.note_ref(note, &r.value)
                    .is_some_and(|n| self.records[n].person.is_some())
            });
            let client = &mut self.clients[ci];
            client.contacts.extend(names.into_iter().map(|r| Contact {
                note,
                name: Some(fields::Field::new(
                    records::wikilink_name(&r.value).unwrap_or(&r.value).into(),
                    r.pos,
                )),
                ..Contact::default()
            }));
            client.contact_refs = people;
        }
        let mut people_of_client = vec![Vec::new(); self.clients.len()];
        for (pi, person) in self.people.iter().enumerate() {
            if let Some(written) = &person.client
                && let Reference::Client(ci) = self.reference(person.note, &written.value)
            {
                people_of_client[ci].push(pi);
            }
        }
        for (ci, client) in self.clients.iter().enumerate() {
            for r in &client.contact_refs {
                if let Some(pi) = self
                    .note_ref(client.note, &r.value)
                    .and_then(|n| self.records[n].person)
                    && !people_of_client[ci].contains(&pi)
                {
                    people_of_client[ci].push(pi);
                }
            }
        }
        self.people_of_client = people_of_client;
        self.link_listed();
        self.interactions_of_client = self.link_interactions();
    }

    /// Deal and project notes a client lists as links (`opportunities:
    /// ["[[acme-q3]]"]`, `projects:`) belong to it: one that names no
    /// client takes the listing client; one whose own `client:` names
    /// another is `E-client-conflict`, naming both places.
    fn link_listed(&mut self) {
        use crate::diagnostics::message::Record;
        self.link_diagnostics.clear();
        for o in self.opportunities.iter_mut().filter(|o| o.client_from_list) {
            o.client = None;
            o.client_from_list = false;
        }
        for p in self.projects.iter_mut().filter(|p| p.client_from_list) {
            p.client = None;
            p.client_from_list = false;
        }
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for ci in 0..self.clients.len() {
            let client = &self.clients[ci];
            if client.deal_refs.is_empty() && client.project_refs.is_empty() {
                continue;
            }
            let note = client.note;
            let path = &self.vault.notes[note].path;
            // How a deal names its client: by code, else by a link to it.
            let named: fields::Str = match &client.code {
                Some(code) => code.value.clone(),
                None => format!("[[{}]]", &path[..path.len() - 3]).into(),
            };
            let refs = client.deal_refs.iter().map(|r| (r, Record::Opportunity));
            let refs = refs.chain(client.project_refs.iter().map(|r| (r, Record::Project)));
            let refs: Vec<(fields::Field<fields::Str>, Record)> =
                refs.map(|(r, k)| (r.clone(), k)).collect();
            for (r, record) in refs {
                let Some(target) = self.note_ref(note, &r.value) else {
                    continue;
                };
                let written: Vec<(Option<fields::Field<fields::Str>>, usize, Pos)> = match record {
                    Record::Opportunity => self.records[target]
                        .opportunities
                        .clone()
                        .filter(|&oi| !self.opportunities[oi].embedded)
                        .map(|oi| (self.opportunities[oi].client.clone(), oi, r.pos))
                        .collect(),
                    _ => self.records[target]
                        .project
                        .map(|pi| (self.projects[pi].client.clone(), pi, r.pos))
                        .into_iter()
                        .collect(),
                };
                for (own, k, at) in written {
                    match own {
                        None => {
                            let field = Some(fields::Field::new(named.clone(), at));
                            match record {
                                Record::Opportunity => {
                                    self.opportunities[k].client = field;
                                    self.opportunities[k].client_from_list = true;
                                }
                                _ => {
                                    self.projects[k].client = field;
                                    self.projects[k].client_from_list = true;
                                }
                            }
                            taken.push((target, ci));
                        }
                        Some(own) => {
                            if let Reference::Client(cj) = self.reference(target, &own.value)
                                && cj != ci
                            {
                                let target_path = &self.vault.notes[target].path;
                                self.link_diagnostics.push(
                                    Diagnostic::new(
                                        path,
                                        at,
                                        crate::diagnostics::Message::ClientConflict {
                                            record,
                                            listed: r.value.to_string(),
                                            own: own.value.to_string(),
                                            place: format!(
                                                "{target_path}:{}:{}",
                                                own.pos.line, own.pos.column
                                            ),
                                        },
                                    )
                                    .related([target_path.as_str()]),
                                );
                            }
                        }
                    }
                }
            }
        }
        // A note a client lists has its client: `client` is not missing.
        // The problem stays with the note, which is not read again when
        // only the listing changes, and is left out while it is listed.
        self.client_by_list = taken.iter().map(|t| t.0).collect();
    }

    /// The problems found reading the notes, but a missing `client:` of a
    /// note a client lists, which has its client.
    pub fn take_note_diagnostics(&mut self) -> Vec<Diagnostic> {
        let mut all = std::mem::take(&mut self.diagnostics);
        all.retain(|d| !self.answered_by_a_list(d));
        all
    }

    /// [`Model::take_note_diagnostics`], keeping them.
    pub fn note_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| !self.answered_by_a_list(d))
    }

    fn answered_by_a_list(&self, d: &Diagnostic) -> bool {
        !self.client_by_list.is_empty()
            && matches!(&d.message, crate::diagnostics::Message::FieldMissing { field, .. } if field == "client")
            && self
                .vault
                .note_index(&d.file)
                .is_some_and(|i| self.client_by_list.contains(&i))
    }

    /// The interactions of each client: those whose `client:`/`clients:`
    /// name it, or, for one that names none, those whose text links to
    /// its note (`linked_notes`, set from the resolved links).
    fn link_interactions(&self) -> Vec<Vec<usize>> {
        let mut of_client = vec![Vec::new(); self.clients.len()];
        for (k, it) in self.interactions.iter().enumerate() {
            let mut clients: Vec<usize> = Vec::new();
            for written in &it.clients {
                if let Reference::Client(ci) = self.reference(it.note, &written.value) {
                    clients.push(ci);
                }
            }
            clients.extend(
                it.linked_notes
                    .iter()
                    .filter_map(|&n| self.records[n].client),
            );
            clients.sort_unstable();
            clients.dedup();
            for ci in clients {
                of_client[ci].push(k);
            }
        }
        of_client
    }

    /// Takes the notes each interaction that names no client links to from
    /// `resolutions` (parallel to the notes, each note's links resolved as
    /// the site resolves them), and works out the clients' interactions
    /// again.
    pub fn link_interactions_by_text(
        &mut self,
        resolutions: &[Vec<crate::vault::resolve::Resolution>],
    ) {
        if self.interactions.is_empty() {
            return;
        }
        for it in &mut self.interactions {
            if !it.clients.is_empty() {
                continue;
            }
            it.linked_notes = resolutions
                .get(it.note)
                .into_iter()
                .flatten()
                .filter_map(|r| match r {
                    Ok(crate::vault::resolve::Target::Note { index, .. }) => Some(*index),
                    _ => None,
                })
                .collect();
        }
        self.interactions_of_client = self.link_interactions();
    }

    /// The interactions (indexes into `interactions`) of client `ci`,
    /// published or not.
    pub fn interactions_of(&self, ci: usize) -> &[usize] {
        self.interactions_of_client
            .get(ci)
            .map_or(&[], Vec::as_slice)
    }

    /// Lowercased client name and file name → clients.
    fn client_names(&self) -> &HashMap<String, Vec<usize>> {
        self.client_names.get_or_init(|| {
            let mut map: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, client) in self.clients.iter().enumerate() {
                let note = &self.vault.notes[client.note];
                let mut names = vec![crate::text::lowercase(note.stem())];
                if let Some(name) = &client.name {
                    names.push(crate::text::lowercase(name.value.as_str()));
                }
                names.dedup();
                for name in names {
                    map.entry(name).or_default().push(i);
                }
            }
            map
        })
    }

    /// Lowercased file name (without `.md`) → notes.
    fn note_names(&self) -> &HashMap<String, Vec<usize>> {
        self.note_names.get_or_init(|| {
            let mut map: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, note) in self.vault.notes.iter().enumerate() {
                map.entry(crate::text::lowercase(note.stem()))
                    .or_default()
                    .push(i);
            }
            map
        })
    }

    /// The note a wikilink reference written in note `from` names, found
    /// as Obsidian finds a link: by path, else by file name (a note in
    /// `from`'s folder first, else the shortest path). `None` for text
    /// that is not a wikilink or names no note.
    pub fn note_ref(&self, from: usize, written: &str) -> Option<usize> {
        let name = records::wikilink_name(written)?;
        let name = crate::text::nfc(name.trim_start_matches('/').to_owned());
        let lowered = crate::text::lowercase(&name);
        let lowered = lowered.strip_suffix(".md").unwrap_or(&lowered);
        let stem = lowered.rsplit('/').next().unwrap_or(lowered);
        let candidates: Vec<usize> = self
            .note_names()
            .get(stem)?
            .iter()
            .copied()
            .filter(|&n| crate::vault::resolve::names_note(&self.vault.notes[n].path, lowered))
            .collect();
        let folder = self.vault.notes.get(from).map_or("", |n| n.folder());
        candidates
            .iter()
            .copied()
            .find(|&n| self.vault.notes[n].folder() == folder)
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .min_by_key(|&n| (self.vault.notes[n].path.chars().count(), n))
            })
    }

    /// What a reference written in note `from` names: a wikilink the note
    /// it links to, else a client code, else a client's name or file name
    /// (when only one client has it).
    pub fn reference(&self, from: usize, written: &str) -> Reference {
        if records::is_wikilink(written) {
            return match self.note_ref(from, written) {
                Some(n) => match self.records[n].client {
                    Some(ci) => Reference::Client(ci),
                    None => Reference::Note(n),
                },
                None => Reference::Nothing,
            };
        }
        if let Some(&ci) = self.client_codes.get(written) {
            return Reference::Client(ci);
        }
        match self
            .client_names()
            .get(&written.trim().to_lowercase())
            .map(Vec::as_slice)
        {
            Some([ci]) => Reference::Client(*ci),
            _ => Reference::Nothing,
        }
    }

    /// The published client a reference written in note `from` names.
    /// A private client (or one whose front matter cannot be read) lends
    /// nothing to the notes that name it: not its name, not its owner.
    pub fn client_ref(&self, from: usize, written: &str) -> Option<usize> {
        match self.reference(from, written) {
            Reference::Client(ci) if self.vault.notes[self.clients[ci].note].published() => {
                Some(ci)
            }
            _ => None,
        }
    }

    /// The published client an opportunity belongs to: the client note it
    /// is written in, or the one its `client:` names.
    pub fn client_of_opportunity(&self, o: &Opportunity) -> Option<usize> {
        if o.embedded {
            return self.records[o.note]
                .client
                .filter(|_| self.vault.notes[o.note].published());
        }
        self.client_ref(o.note, &o.client.as_ref()?.value)
    }

    /// The person notes counted among client `ci`'s contacts (indexes into
    /// `people`; published or not).
    pub fn people_of(&self, ci: usize) -> &[usize] {
        self.people_of_client.get(ci).map_or(&[], Vec::as_slice)
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
            let read = self
                .vault
                .reload_note(i, config, |note| read_and_drop_front(note, i, config));
            self.replace_records(i, read);
        }
        self.link();
    }

    fn replace_records(&mut self, i: usize, read: Read) {
        self.kinds[i] = read.kind.unwrap_or(Kind::Note);
        self.titles[i] = read.title;
        self.days[i] = read.day;
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
        replace_one(
            &mut self.interactions,
            &mut self.records,
            i,
            |r| &mut r.interaction,
            read.interaction,
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
    /// deals, and (for a client) the code and owner its deals fall back on
    /// and the deal and project notes it lists.
    pub fn pipeline_fingerprint(
        &self,
        i: usize,
    ) -> (
        bool,
        Vec<Opportunity>,
        Option<fields::Str>,
        Option<fields::Str>,
        Vec<fields::Str>,
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
            // The deals and projects it lists take it as their client.
            client
                .into_iter()
                .flat_map(|c| c.deal_refs.iter().chain(&c.project_refs))
                .map(|r| r.value.clone())
                .collect(),
        )
    }

    /// The client (index into `clients`) note `note` is about: itself for
    /// a client note; the client of its deal, project, person or (the
    /// first one) interaction; `None` for a note of no client.
    pub fn client_of_note(&self, note: usize) -> Option<usize> {
        let records = &self.records[note];
        if records.client.is_some() {
            return records.client;
        }
        if let Some(o) = self.opportunities_of(note).first() {
            return self.client_of_opportunity(o);
        }
        let written = |field: Option<&fields::Field<fields::Str>>| {
            field.and_then(|f| self.client_ref(note, &f.value))
        };
        if let Some(p) = records.project {
            return written(self.projects[p].client.as_ref());
        }
        if let Some(p) = records.person {
            return written(self.people[p].client.as_ref());
        }
        if let Some(i) = records.interaction {
            return self.interactions[i]
                .clients
                .iter()
                .find_map(|c| self.client_ref(note, &c.value));
        }
        None
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

/// The kind `written` (a `type:` value) names: `[types]` first, then the
/// kind names; case is ignored.
fn kind_named(config: &Config, written: &str) -> Option<Kind> {
    let lowered = written.trim().to_lowercase();
    config
        .types
        .iter()
        .find(|(key, _)| !key.starts_with('#') && key.to_lowercase() == lowered)
        .and_then(|(_, kind)| Kind::from_name(kind))
        .or_else(|| Kind::from_name(&lowered))
}

/// A `type:` value as text: a scalar, the first of a list, a wikilink's
/// name (`type: "[[Company]]"`).
fn type_text(node: &Node) -> Option<String> {
    let text = match &node.value {
        crate::vault::yaml::Value::Seq(items) => fields::reference_text(node)
            .or_else(|| items.first().and_then(fields::reference_text))?,
        _ => node.value.scalar_text()?,
    };
    Some(
        records::wikilink_name(&text)
            .map_or_else(|| text.to_string(), str::to_owned)
            .trim()
            .to_owned(),
    )
}

/// What kind of note `note` is: its `type:` (through `[types]`), else a
/// `#tag` `[types]` maps, else its folder's kind in `[folders]`, else a
/// plain note. A `type:` that names no kind is a vault's own word (many
/// vaults say `type: meeting`): the note is plain, and only a near miss of
/// a kind's name (`clinet`) is worth a warning.
fn kind_of(
    note: &Note,
    tags: &[fields::Str],
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Kind {
    if let Some(front) = &note.front {
        for (key, value) in front.entries() {
            if canonical_key(config, &key.name) != "type" {
                continue;
            }
            let Some(text) = type_text(value) else {
                break;
            };
            if let Some(kind) = kind_named(config, &text) {
                return kind;
            }
            let names = Kind::NAMES.iter().copied().chain(
                config
                    .types
                    .keys()
                    .map(String::as_str)
                    .filter(|k| !k.starts_with('#')),
            );
            if let Some(meant) = crate::diagnostics::near_miss(&text, names) {
                let kind = kind_named(config, meant)
                    .map_or_else(|| meant.to_owned(), |k| k.name().to_owned());
                diags.push(Diagnostic::new(
                    &note.path,
                    value.pos,
                    crate::diagnostics::Message::KindUnknown {
                        written: text.to_string(),
                        meant: meant.to_owned(),
                        kind,
                    },
                ));
            }
            break;
        }
    }
    // Front matter that does not read may still say what the note is.
    if let Some(kind) = note
        .salvaged
        .as_ref()
        .and_then(|s| s.kind.as_deref())
        .and_then(|k| kind_named(config, k))
    {
        return kind;
    }
    for tag in tags {
        let key = format!("#{}", crate::vault::obsidian::tag_key(tag));
        if let Some(kind) = config
            .types
            .iter()
            .find(|(k, _)| k.to_lowercase() == key)
            .and_then(|(_, kind)| Kind::from_name(kind))
        {
            return kind;
        }
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

/// The front matter with the note's Dataview fields (`stage:: proposal`)
/// added where it lacks them: only fields the kind reads, so a vault's
/// other inline fields raise nothing.
fn with_inline_fields(
    front: &Node,
    note: &Note,
    kind: Kind,
    known: &[&str],
    config: &Config,
) -> Node {
    use crate::vault::yaml::{Key, Value};
    let mut entries = match &front.value {
        Value::Map(entries) => entries.clone(),
        _ => Vec::new(),
    };
    let reads = |name: &str| known.contains(&name) || fields::COMMON_KEYS.contains(&name);
    for field in &note.inline_fields {
        let normalized = crate::vault::obsidian::field_key(&field.key);
        let name = [field.key.as_str(), normalized.as_str()]
            .into_iter()
            .find(|k| reads(config.aliases.field(Some(kind), k)));
        let Some(name) = name else { continue };
        let canonical = config.aliases.field(Some(kind), name);
        if entries
            .iter()
            .any(|(k, _)| config.aliases.field(Some(kind), &k.name) == canonical)
        {
            continue;
        }
        let mut value = match crate::vault::yaml::parse(&field.value) {
            Ok(node) if !matches!(node.value, Value::Map(_)) => node,
            _ => Node {
                value: Value::Str(field.value.clone()),
                pos: field.value_pos,
            },
        };
        place(&mut value, field.value_pos);
        entries.push((
            Key {
                name: name.into(),
                pos: field.key_pos,
            },
            value,
        ));
    }
    Node {
        value: Value::Map(entries),
        pos: front.pos,
    }
}

/// Puts a value read from a Dataview field (and all it holds) at `pos`.
fn place(node: &mut Node, pos: Pos) {
    node.pos = pos;
    if let crate::vault::yaml::Value::Seq(items) = &mut node.value {
        items.iter_mut().for_each(|n| place(n, pos));
    }
}

/// The day a note is about: its `updated`, `date` or `created` field, else
/// the date its file name starts with (`2025-11-03 技术交流.md`,
/// `2025-11-03.md`).
fn note_day(note: &Note, config: &Config) -> Option<NaiveDate> {
    let written = note.front.as_ref().and_then(|front| {
        ["updated", "date", "created"].iter().find_map(|k| {
            canonical_get(front, config, k)
                .and_then(|v| v.value.scalar_text())
                .and_then(|t| fields::calendar_day(&t))
        })
    });
    written.or(note.name_day)
}

/// Reads note `index`'s records, keeps the properties its page shows and
/// drops its YAML tree and inline fields: a large vault never holds every
/// tree at once.
fn read_and_drop_front(note: &mut Note, index: usize, config: &Config) -> Read {
    let mut read = read_note(note, index, config);
    note.properties = std::mem::take(&mut read.properties);
    note.front = None;
    note.inline_fields = Vec::new();
    read
}

fn read_note(note: &Note, index: usize, config: &Config) -> Read {
    let mut read = Read {
        day: note_day(note, config),
        ..Read::default()
    };
    let empty = crate::vault::yaml::Node {
        value: crate::vault::yaml::Value::Map(Vec::new()),
        pos: Pos::new(1, 1),
    };
    let written_front = note.front.as_ref().unwrap_or(&empty);
    read.tags = tags_of(note, written_front, config);
    let kind = kind_of(note, &read.tags, config, &mut read.diags);
    read.kind = Some(kind);
    let withheld_typed = !note.published() && note.front.is_none();
    let known = match kind {
        Kind::Client => records::CLIENT_KEYS,
        Kind::Opportunity => records::OPPORTUNITY_KEYS,
        Kind::Project => records::PROJECT_KEYS,
        Kind::Partner => records::PARTNER_KEYS,
        Kind::Contact => records::CONTACT_KEYS,
        Kind::Interaction => records::INTERACTION_KEYS,
        Kind::Note => &[],
    };
    if note.published() {
        read.properties = crate::vault::front_links::properties(
            written_front,
            config,
            Some(kind),
            note.front_links_from as usize,
            known,
        );
    }
    let merged;
    let front = if note.inline_fields.is_empty() || withheld_typed || known.is_empty() {
        written_front
    } else {
        merged = with_inline_fields(written_front, note, kind, known, config);
        &merged
    };
    // `name` defaults to the note's title: `title:`, else its first
    // `# heading`, else its file name. (In a contact note `title:` is the
    // person's job title.)
    let title: String = canonical_get(front, config, "title")
        .filter(|_| kind != Kind::Contact)
        .and_then(|t| t.value.scalar_text())
        .filter(|t| !t.trim().is_empty())
        .map(String::from)
        .or_else(|| note.h1().map(str::to_owned))
        .unwrap_or_else(|| note.stem().to_owned());
    let default_name = || Some(fields::Field::new(title.as_str().into(), Pos::new(1, 1)));
    let mut name = None;
    if !withheld_typed {
        let mut f = Fields::new(&note.path, front, config, known, Some(kind));
        let text =
            |field: &Option<fields::Field<fields::Str>>| field.as_ref().map(|n| n.value.clone());
        match kind {
            Kind::Client => {
                let (mut client, opportunities) = records::read_client(index, &mut f, config);
                client.name = client.name.or_else(default_name);
                name = text(&client.name);
                read.client = Some(Box::new(client));
                read.opportunities = opportunities.into_iter().map(Box::new).collect();
            }
            Kind::Opportunity => {
                let mut opportunity = records::read_opportunity(index, &mut f, config, false);
                opportunity.name = opportunity.name.or_else(default_name);
                name = text(&opportunity.name);
                read.opportunities.push(Box::new(opportunity));
            }
            Kind::Project => {
                let mut project = records::read_project(index, &mut f, config);
                project.name = project.name.or_else(default_name);
                name = text(&project.name);
                read.project = Some(Box::new(project));
            }
            Kind::Partner => {
                let mut partner = records::read_partner(index, &mut f, config);
                partner.name = partner.name.or_else(default_name);
                name = text(&partner.name);
                read.partner = Some(Box::new(partner));
            }
            Kind::Contact => {
                let mut person = records::read_contact(index, &mut f, config);
                person.name = person.name.or_else(default_name);
                name = text(&person.name);
                read.person = Some(Box::new(person));
            }
            Kind::Interaction => {
                let interaction = records::read_interaction(index, note.name_day, &mut f, config);
                name = f.text("title").map(|t| t.value);
                read.interaction = Some(Box::new(interaction));
            }
            Kind::Note => {
                name = f.text("title").map(|t| t.value);
            }
        }
        f.private();
        read.diags.extend(f.diags);
    }
    read.title = name
        .filter(|n| !n.trim().is_empty())
        .map(String::from)
        .unwrap_or(title);
    read
}

/// A note's tags: those of `tags:` (a `#` before one is dropped), then
/// those of its body, each once whatever its case.
fn tags_of(note: &Note, front: &Node, config: &Config) -> Vec<fields::Str> {
    let written: Vec<fields::Str> = match canonical_get(front, config, "tags").map(|t| &t.value) {
        Some(crate::vault::yaml::Value::Seq(items)) => {
            items.iter().filter_map(|i| i.value.scalar_text()).collect()
        }
        Some(other) => other.scalar_text().into_iter().collect(),
        None => Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    written
        .into_iter()
        .map(|t| fields::Str::from(t.trim().trim_start_matches('#')))
        .chain(note.tags.iter().cloned())
        .filter(|t| !t.is_empty() && seen.insert(crate::vault::obsidian::tag_key(t)))
        .collect()
}

/// The value of the first key of `front` that means `key`, after `[aliases]`.
fn canonical_get<'a>(front: &'a Node, config: &Config, key: &str) -> Option<&'a Node> {
    front
        .entries()
        .iter()
        .find(|(k, _)| canonical_key(config, &k.name) == key)
        .map(|(_, v)| v)
}
