//! What every page needs to know about the others, worked out once per
//! site: each published note's page and URL, folders, backlinks, deals and
//! projects by client, tags, the menu, the order of the problems.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use super::{Input, pages};
use crate::model::Model;
use crate::render::{i18n, urls};
use crate::vault::resolve::Target;

/// What every page needs to know about the others.
pub(crate) struct SiteIndex<'a> {
    pub input: Input<'a>,
    pub words: i18n::Words,
    /// Parallel to the notes: the page of each published note.
    pub note_pages: &'a [Option<String>],
    /// Parallel to the notes: the page of each published note, encoded as
    /// a URL encodes it (`urls::encoded`): pages link to the same notes
    /// over and over.
    note_urls: Vec<Option<Box<str>>>,
    /// Folder → its page.
    pub folder_pages: BTreeMap<String, String>,
    /// Folder → the published notes directly in it, in path order.
    pub notes_by_folder: HashMap<&'a str, Vec<usize>>,
    /// Errors and warnings of the run, shown on every page.
    pub problem_counts: (usize, usize),
    /// The as-of date, shown on every page.
    pub as_of: String,
    pub backlinks: Vec<Vec<usize>>,
    /// Client (index into the model's clients) → the opportunities with a
    /// note of their own that name it.
    pub standalone_opportunities: HashMap<usize, Vec<usize>>,
    /// Client (index into the model's clients) → its published projects
    /// (indexes into the model's projects).
    pub projects_of_client: HashMap<usize, Vec<usize>>,
    /// Parallel to `model.clients`: the client's row in the report.
    pub report_rows: Vec<Option<usize>>,
    /// Tag page → the tag (as first written) and its published notes.
    pub tags: BTreeMap<String, TagNotes>,
    /// The words the page script shows, as the JSON every page carries.
    pub script_words: String,
    /// Whether the vault is a client book: it publishes a client, a deal,
    /// a project or an interaction. Without, the site is a knowledge site:
    /// no page of the book, and a front page of notes.
    pub crm: bool,
    /// The site's title: the config's, or when it gives none, one that
    /// fits a client book or a knowledge site.
    pub site_title: String,
    /// The menu of the pages of a folder with a given page active, as the
    /// templates see it: the same for most pages, so made once each.
    nav: std::sync::Mutex<HashMap<(String, String), Nav>>,
    /// The headings of a client page's sections.
    pub section_words: pages::SectionWords,
    /// The problems in the order their pages list them, and how many are
    /// of the files (`pages::problem_order`): made once for all the pages.
    problem_order: std::sync::OnceLock<(Vec<usize>, usize)>,
    /// The page of each deal written in a client's note, by its note and
    /// place there (a deal with a note of its own has that note's page).
    pub deal_pages: ahash::AHashMap<(usize, crate::diagnostics::Pos), String>,
    /// Each owner of a client or a deal → their page.
    pub owner_pages: BTreeMap<String, String>,
    /// The fingerprint of what named `deal_pages` and `owner_pages`.
    entity_key: u64,
    /// Opportunity (index into the model's) → its row of the report's
    /// deals.
    pub deal_rows: HashMap<usize, usize>,
    /// Deal code → its place in the report's `opportunity_history`.
    pub deal_history: HashMap<&'a str, usize>,
    /// Owner → the rows of their deals (the report's `opportunities`, by
    /// each deal's own owner, else its client's) and of their clients.
    pub owned: HashMap<&'a str, (Vec<usize>, Vec<usize>)>,
}

/// The menu of the pages of a folder with a given page active: its items
/// as the templates see them, and once written, its HTML.
#[derive(Clone)]
pub(crate) struct Nav {
    pub items: tera::Value,
    pub html: std::sync::Arc<std::sync::OnceLock<tera::Value>>,
}

/// One tag's page: its name as first written and its notes.
pub(crate) struct TagNotes {
    pub name: String,
    pub notes: Vec<usize>,
}

impl SiteIndex<'_> {
    /// The menu of the pages in `folder` (`urls::folder_of`) with `active`
    /// the page it marks, made by `make` the first time it is asked for (a
    /// dozen links: cheap enough to make under the lock).
    pub fn nav(&self, folder: &str, active: &str, make: impl FnOnce() -> tera::Value) -> Nav {
        self.nav
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry((folder.to_owned(), active.to_owned()))
            .or_insert_with(|| Nav {
                items: make(),
                html: Default::default(),
            })
            .clone()
    }

    /// An amount as every page shows it (`render::amount`).
    pub fn amount(&self, value: f64) -> String {
        let config = &self.input.model.config;
        crate::render::amount(
            value,
            config.language == crate::config::Language::Zh,
            &config.currency,
        )
    }

    /// The problems as their pages list them, by index
    /// (`pages::problem_order`).
    pub fn problem_order(&self) -> (&[usize], usize) {
        let (order, data) = self
            .problem_order
            .get_or_init(|| pages::problem_order(self.input.model, &self.input.diagnostics.items));
        (order, *data)
    }

    /// How many problems the problems pages list (the business warnings
    /// are on the follow-ups page), counted without putting them in order.
    pub fn problems_listed(&self) -> usize {
        match self.problem_order.get() {
            Some((_, data)) => *data,
            None => pages::problems_listed(&self.input.diagnostics.items),
        }
    }

    /// The relative URL of note `index`'s page from the page `from`, if
    /// the note has a page.
    pub fn note_url(&self, from: &str, index: usize) -> Option<String> {
        let page = self.note_page(index)?;
        let encoded = self.note_urls[index].as_deref()?;
        Some(urls::relative_encoded(from, page, encoded))
    }

    pub fn note_page(&self, index: usize) -> Option<&str> {
        self.note_pages[index].as_deref()
    }

    /// How many notes are published.
    pub fn published(&self) -> usize {
        self.note_pages.iter().flatten().count()
    }
}

impl<'a> SiteIndex<'a> {
    /// `kept`: the deal and owner pages of the book before (the preview's
    /// last save), taken over when what names them is the same.
    pub(super) fn new(input: Input<'a>, kept: Option<EntityPages>) -> Self {
        let model = input.model;
        // Four tables, none of which needs another: worked out side by side
        // (the preview makes them again after every save).
        let ((folders, backlinks), ((standalone_opportunities, projects_of_client), tags)) =
            rayon::join(
                || rayon::join(|| folders(input), || backlinks(input)),
                || {
                    rayon::join(
                        || (standalone_opportunities(model), projects_of_client(input)),
                        || tags(input),
                    )
                },
            );
        let (folder_pages, notes_by_folder) = folders;
        let words = i18n::words(&model.config);
        let shown = |note: usize| model.shown(note);
        let crm = model.published_clients().next().is_some()
            || model.published_opportunities().next().is_some()
            || model.projects.iter().any(|p| shown(p.note))
            || model.interactions.iter().any(|i| shown(i.note));
        let site_title = if crm || model.config.title_given {
            model.config.title.clone()
        } else {
            i18n::label(&words, "notes_site").to_owned()
        };
        let EntityPages {
            key: entity_key,
            deals: deal_pages,
            owners: owner_pages,
        } = if crm {
            entity_pages(input, &folder_pages, kept)
        } else {
            EntityPages::default()
        };
        let mut report_rows = vec![None; model.clients.len()];
        for (row, figures) in input.report.clients.iter().enumerate() {
            report_rows[figures.client] = Some(row);
        }
        SiteIndex {
            report_rows,
            notes_by_folder,
            problem_counts: (
                input.diagnostics.errors(),
                // The business warnings are to-dos, on the follow-ups and
                // health pages.
                input
                    .diagnostics
                    .items
                    .iter()
                    .filter(|d| {
                        !d.is_error() && !crate::analytics::BUSINESS_WARNINGS.contains(&d.code())
                    })
                    .count(),
            ),
            as_of: model.as_of.to_string(),
            input,
            standalone_opportunities,
            projects_of_client,
            script_words: i18n::script_words(&words),
            crm,
            site_title,
            section_words: pages::SectionWords::new(&words),
            problem_order: std::sync::OnceLock::new(),
            words,
            note_pages: input.pages,
            note_urls: input
                .pages
                .par_iter()
                .map(|p| p.as_deref().map(|p| urls::encoded(p).into_boxed_str()))
                .collect(),
            folder_pages,
            backlinks,
            tags,
            nav: Default::default(),
            deal_pages,
            owner_pages,
            entity_key,
            deal_rows: (input.report.opportunities.iter().enumerate())
                .map(|(row, d)| (d.opportunity, row))
                .collect(),
            deal_history: (input.report.opportunity_history.iter().enumerate())
                .map(|(k, d)| (d.code.as_str(), k))
                .collect(),
            owned: owned(input.report),
        }
    }

    /// The relative URL of deal `o`'s page from the page `from`: its own
    /// note's, or for a deal written in its client's note, its page under
    /// `deals/`.
    pub fn deal_url(&self, from: &str, o: &crate::model::Opportunity) -> Option<String> {
        if !o.embedded {
            return self.note_url(from, o.note);
        }
        let page = self.deal_pages.get(&(o.note, o.at))?;
        Some(urls::relative(from, page))
    }

    /// The links that open vault file `path` for editing (`[site]`), in
    /// the site's words.
    pub fn edit_links(&self, path: &str) -> Vec<crate::site::views::EditLink> {
        crate::render::urls::edit_links(&self.input.model.config)(path)
            .into_iter()
            .map(|(key, href)| crate::site::views::EditLink {
                label: i18n::label(&self.words, key).to_owned(),
                href,
            })
            .collect()
    }

    /// The relative URL of `owner`'s page from the page `from`.
    pub fn owner_url(&self, from: &str, owner: &str) -> Option<String> {
        let page = self.owner_pages.get(owner.trim())?;
        Some(urls::relative(from, page))
    }

    /// Every attachment that a published note links to.
    pub(super) fn attachments(&self) -> BTreeMap<String, PathBuf> {
        let vault = &self.input.model.vault;
        let mut out = BTreeMap::new();
        for (from, resolved) in self.input.resolutions.iter().enumerate() {
            if self.note_pages[from].is_none() {
                continue;
            }
            for r in resolved {
                if let Ok(Target::Asset(path)) = r
                    && self.input.model.config.publishes_attachment(path)
                    && !urls::is_site_output(path)
                    && let Some(source) = vault.assets.get(&**path)
                {
                    out.insert(path.to_string(), source.clone());
                }
            }
        }
        out
    }
}

/// The pages of the deals written in client notes and of the owners, with
/// the fingerprint of what named them: the preview keeps them from one
/// save to the next, as a save seldom adds a deal, an owner or a note.
#[derive(Default)]
pub struct EntityPages {
    key: u64,
    deals: ahash::AHashMap<(usize, crate::diagnostics::Pos), String>,
    owners: BTreeMap<String, String>,
}

impl SiteIndex<'_> {
    /// The deal and owner pages, for the next index to take over.
    pub(super) fn into_entity_pages(self) -> EntityPages {
        EntityPages {
            key: self.entity_key,
            deals: self.deal_pages,
            owners: self.owner_pages,
        }
    }
}

/// The pages of the deals written in client notes (those the report
/// lists: published, their stage known) and of every owner of a client or
/// a deal, none on a page a note, a folder or the book already has.
fn entity_pages(
    input: Input,
    folder_pages: &BTreeMap<String, String>,
    kept: Option<EntityPages>,
) -> EntityPages {
    use std::hash::{Hash, Hasher};
    let model = input.model;
    let report = input.report;
    // The names of the deals' pages on every core; then made unique in
    // the report's order, one after another.
    let bases: Vec<Option<((usize, crate::diagnostics::Pos), String)>> = report
        .opportunities
        .par_iter()
        .map(|row| {
            let o = &model.opportunities[row.opportunity];
            if !o.embedded {
                return None;
            }
            let base = match &o.code {
                Some(code) => urls::deal_page_base(&code.value),
                None => {
                    let note = &model.vault.notes[o.note];
                    let ordinal = row.opportunity - model.records[o.note].opportunities.start + 1;
                    urls::deal_page_base(&format!("{}-{ordinal}", note.stem()))
                }
            };
            Some(((o.note, o.at), base))
        })
        .collect();
    let owners: ahash::AHashSet<&str> = report
        .opportunities
        .iter()
        .filter_map(|d| d.owner.as_deref())
        .chain(report.clients.iter().filter_map(|c| c.owner.as_deref()))
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .collect();
    // Made unique in the order of their names, whatever the set's order.
    let mut owners: Vec<&str> = owners.into_iter().collect();
    owners.sort_unstable();
    // What names the pages: the pages of the notes and folders (taken
    // first), the deals' names in order and the owners.
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    input.pages.hash(&mut hasher);
    folder_pages.hash(&mut hasher);
    bases.hash(&mut hasher);
    owners.hash(&mut hasher);
    let key = hasher.finish();
    if let Some(kept) = kept.filter(|k| k.key == key) {
        return kept;
    }
    let lowered: Vec<String> = input
        .pages
        .par_iter()
        .flatten()
        .map(|p| crate::text::lowercase(p))
        .collect();
    let mut taken: urls::Taken = lowered.into_iter().collect();
    taken.extend(folder_pages.values().map(|p| crate::text::lowercase(p)));
    let mut deals = ahash::AHashMap::with_capacity(bases.len());
    for (at, base) in bases.into_iter().flatten() {
        deals.insert(at, urls::unique_page(&base, &mut taken));
    }
    let mut owner_pages = BTreeMap::new();
    for owner in owners {
        let page = urls::owner_page(owner, &mut taken);
        owner_pages.insert(owner.to_owned(), page);
    }
    EntityPages {
        key,
        deals,
        owners: owner_pages,
    }
}

/// Each owner's deals and clients, by their rows in the report.
fn owned(report: &crate::analytics::Report) -> HashMap<&str, (Vec<usize>, Vec<usize>)> {
    let mut out: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (row, d) in report.opportunities.iter().enumerate() {
        if let Some(owner) = d.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            out.entry(owner).or_default().0.push(row);
        }
    }
    for (row, c) in report.clients.iter().enumerate() {
        if let Some(owner) = c.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            out.entry(owner).or_default().1.push(row);
        }
    }
    out
}

/// The folders that get a page (those holding a published note at any
/// depth, and those a published note links to; a folder's own published
/// `index.md` then takes the folder page's place), and the published notes
/// directly in each folder.
#[allow(clippy::type_complexity)]
fn folders<'a>(input: Input<'a>) -> (BTreeMap<String, String>, HashMap<&'a str, Vec<usize>>) {
    let mut shown: BTreeSet<&str> = BTreeSet::from([""]);
    let mut notes_by_folder: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, note) in input.model.vault.notes.iter().enumerate() {
        if input.pages[i].is_none() {
            continue;
        }
        notes_by_folder.entry(note.folder()).or_default().push(i);
        let mut folder = note.folder();
        while shown.insert(folder) {
            folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
        for r in &input.resolutions[i] {
            if let Ok(Target::Folder(f)) = r {
                shown.insert(f);
            }
        }
    }
    let folder_pages = shown
        .into_iter()
        .map(|f| (f.to_owned(), urls::folder_page(f)))
        .collect();
    (folder_pages, notes_by_folder)
}

/// Parallel to the notes: the published notes that link to each.
fn backlinks(input: Input) -> Vec<Vec<usize>> {
    let mut backlinks = vec![Vec::new(); input.model.vault.notes.len()];
    for (from, resolved) in input.resolutions.iter().enumerate() {
        if input.pages[from].is_none() {
            continue;
        }
        for r in resolved {
            if let Ok(Target::Note { index, .. }) = r
                && *index != from
                && !backlinks[*index].contains(&from)
            {
                backlinks[*index].push(from);
            }
        }
    }
    backlinks
}

/// Client → the published opportunities with a note of their own that
/// name it.
fn standalone_opportunities(model: &Model) -> HashMap<usize, Vec<usize>> {
    let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, o) in model.published_opportunities() {
        if o.embedded {
            continue;
        }
        if let Some(client) = model.client_of_opportunity(o) {
            out.entry(client).or_default().push(i);
        }
    }
    out
}

/// Client → its published projects, each found once from the project's
/// `client:`.
fn projects_of_client(input: Input) -> HashMap<usize, Vec<usize>> {
    let model = input.model;
    let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in model.projects.iter().enumerate() {
        if input.pages[p.note].is_none() {
            continue;
        }
        if let Some(client) = p
            .client
            .as_ref()
            .and_then(|c| model.client_ref(p.note, &c.value))
        {
            out.entry(client).or_default().push(i);
        }
    }
    out
}

/// Tag page → the tag (as first written) and its published notes.
fn tags(input: Input) -> BTreeMap<String, TagNotes> {
    let mut tags: BTreeMap<String, TagNotes> = BTreeMap::new();
    // Most notes share a few tags: each tag's page is worked out once.
    let mut page_of: HashMap<&str, Option<String>> = HashMap::new();
    for (i, note_tags) in input.model.tags.iter().enumerate() {
        if input.pages[i].is_none() {
            continue;
        }
        for tag in note_tags {
            let page = page_of
                .entry(tag.as_str())
                .or_insert_with(|| urls::tag_page(tag));
            let Some(page) = page else {
                continue;
            };
            let entry = match tags.get_mut(page.as_str()) {
                Some(entry) => entry,
                None => tags.entry(page.clone()).or_insert(TagNotes {
                    name: tag.trim_start_matches('#').to_owned(),
                    notes: Vec::new(),
                }),
            };
            if entry.notes.last() != Some(&i) {
                entry.notes.push(i);
            }
        }
    }
    tags
}
