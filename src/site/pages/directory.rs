//! Pages that list records: every client with its figures, every contact
//! person, every other note by kind.

use super::dashboard::follow_up_rows;
use super::{SHOWN, client_ref, contact_rows, layout, note_link, render, value_label};
use super::{template, title};
use crate::model::Kind;
use crate::render::catalog::PageId;
use crate::render::i18n::label;
use crate::render::templates::{TemplateError, Templates};
use crate::render::urls;
use crate::site::SiteIndex;
use crate::site::views::{
    ClientRow, ClientsPage, ContactsPage, DirectoryRow, NoteGroup, NoteLink, NotesPage, Tab,
};

/// Rows per page of a directory: a page stays quick to open, and each page
/// is rendered on its own, so memory stays flat however large the book.
pub const PAGE_ROWS: usize = 1000;

/// The pages a directory of `rows` rows takes: `clients.html`,
/// `clients-2.html`, ...
pub fn directory_pages(base: &str, rows: usize) -> Vec<String> {
    let count = rows.div_ceil(PAGE_ROWS).max(1);
    (1..=count)
        .map(|n| crate::render::catalog::numbered_page(base, n))
        .collect()
}

/// Links to the pages of a list that takes more than one.
pub fn pager(pages: &[String], current: usize) -> Vec<Tab> {
    if pages.len() < 2 {
        return Vec::new();
    }
    pages
        .iter()
        .enumerate()
        .map(|(i, p)| Tab {
            label: (i + 1).to_string(),
            href: urls::relative(&pages[current], p),
            active: i == current,
        })
        .collect()
}

/// Page `number` (from 0) of the client directory.
pub fn clients(
    index: &SiteIndex,
    templates: &Templates,
    number: usize,
) -> Result<Vec<u8>, TemplateError> {
    let report = &index.input.report;
    let pages = directory_pages("clients", report.clients.len());
    let page = pages[number].as_str();
    let t = &index.words;
    let first = number * PAGE_ROWS;
    let clients = report
        .clients
        .iter()
        .enumerate()
        .skip(first)
        .take(PAGE_ROWS)
        .map(|(row, f)| ClientRow {
            client: client_ref(index, page, row),
            tier: f
                .tier
                .as_deref()
                .map(|v| value_label(index, "tier", Some(v)))
                .unwrap_or_default(),
            tier_key: f.tier.as_deref().unwrap_or_default().to_owned(),
            value_tier: value_label(index, "value_tier", Some(f.value_tier)),
            value_tier_key: f.value_tier.to_owned(),
            status: f
                .status
                .as_deref()
                .map(|v| label(t, v).to_owned())
                .unwrap_or_default(),
            owner: f.owner.as_deref().unwrap_or_default().to_owned(),
            industry: f.industry.as_deref().unwrap_or_default().to_owned(),
            region: f.region.as_deref().unwrap_or_default().to_owned(),
            contract_value: f
                .contract_value
                .map(|m| index.amount(m.0))
                .unwrap_or_default(),
            health: f
                .health
                .score
                .map(|s| crate::render::decimals::decimals(s, 2))
                .unwrap_or_default(),
            grade_key: f.health.grade.unwrap_or("none").to_owned(),
            risk: label(t, &format!("risk:{}", f.contact_risk.level)).to_owned(),
            risk_key: f.contact_risk.level.to_owned(),
            overdue_days: f
                .follow_up_overdue_days
                .filter(|d| *d > 0)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        })
        .collect();
    let mut title = title(index, PageId::Clients);
    if number > 0 {
        title = format!("{title} ({})", number + 1);
    }
    let layout = layout(index, page, title, "clients.html");
    // The overdue follow-ups head the first page.
    let overdue_all = &report.follow_ups_overdue;
    let overdue = if number == 0 {
        follow_up_rows(index, page, &overdue_all[..overdue_all.len().min(SHOWN)])
    } else {
        Vec::new()
    };
    let view = ClientsPage {
        total: report.clients.len(),
        first: first + 1,
        clients,
        pager: pager(&pages, number),
        overdue,
        overdue_total: if number == 0 { overdue_all.len() } else { 0 },
        csv_href: "clients.csv".into(),
    };
    render(templates, template(PageId::Clients), &layout, &view)
}

/// The published notes in the order the note list shows them: by kind,
/// then path.
pub fn listed_notes(index: &SiteIndex) -> Vec<usize> {
    let model = &index.input.model;
    let mut notes: Vec<usize> = (0..model.kinds.len())
        .filter(|&i| index.note_page(i).is_some())
        .collect();
    notes.sort_by_key(|&i| model.kinds[i]);
    notes
}

/// Page `number` (from 0) of the list of every note, by kind.
pub fn notes(
    index: &SiteIndex,
    templates: &Templates,
    number: usize,
) -> Result<Vec<u8>, TemplateError> {
    let listed = listed_notes(index);
    let pages = directory_pages("notes", listed.len());
    let page = pages[number].as_str();
    let model = &index.input.model;
    let shown = listed
        .iter()
        .skip(number * PAGE_ROWS)
        .take(PAGE_ROWS)
        .copied()
        .collect::<Vec<usize>>();
    let groups = [
        (Kind::Client, "clients"),
        (Kind::Opportunity, "opportunities"),
        (Kind::Project, "projects"),
        (Kind::Partner, "partners"),
        (Kind::Contact, "contacts"),
        (Kind::Interaction, "interactions"),
        (Kind::Note, "notes"),
    ]
    .into_iter()
    .filter_map(|(kind, key)| {
        let notes: Vec<NoteLink> = shown
            .iter()
            .filter(|&&i| model.kinds[i] == kind)
            .filter_map(|&i| note_link(index, page, i))
            .collect();
        (!notes.is_empty()).then(|| NoteGroup {
            label: label(&index.words, key).to_owned(),
            notes,
        })
    })
    .collect();
    let layout = layout(
        index,
        page,
        label(&index.words, "all_notes").to_owned(),
        "notes.html",
    );
    let view = NotesPage {
        groups,
        pager: pager(&pages, number),
    };
    render(templates, template(PageId::Notes), &layout, &view)
}

/// Where a person of the contacts directory is written.
#[derive(Clone, Copy)]
pub enum ContactSource {
    /// `contacts[k]` of the report's client row.
    Client(u32, u32),
    /// `contacts[k]` of `model.partners[p]`.
    Partner(u32, u32),
    /// `model.people[i]`.
    Person(u32),
}

/// The contacts directory: everyone we know at a client or partner, by
/// organisation, then name. Person notes stand with their client. Entries
/// are small (an organisation's number and where the person is written):
/// a large vault has hundreds of thousands.
#[derive(Default)]
pub struct ContactDirectory {
    /// Organisation names, each once.
    orgs: Vec<Box<str>>,
    /// The people in directory order, with their organisation.
    entries: Vec<(u32, ContactSource)>,
}

impl ContactDirectory {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Everyone in directory order: the contact, its organisation, and the
    /// page that shows it (its person note, else its organisation's note).
    pub(crate) fn people<'a>(
        &'a self,
        index: &'a SiteIndex,
    ) -> impl Iterator<Item = (&'a crate::model::Contact, &'a str, Option<&'a str>)> + 'a {
        let model = index.input.model;
        self.entries.iter().map(move |&(org, source)| {
            let contact = contact_at(index, source);
            let page = match source {
                ContactSource::Client(row, _) => {
                    index.note_page(index.input.report.clients[row as usize].note)
                }
                ContactSource::Partner(p, _) => index.note_page(model.partners[p as usize].note),
                ContactSource::Person(_) => index.note_page(contact.note),
            };
            (contact, &*self.orgs[org as usize], page)
        })
    }
}

/// The contact that `source` names.
fn contact_at<'a>(index: &'a SiteIndex, source: ContactSource) -> &'a crate::model::Contact {
    let model = index.input.model;
    match source {
        ContactSource::Client(row, k) => {
            let f = &index.input.report.clients[row as usize];
            &model.clients[f.client].contacts[k as usize]
        }
        ContactSource::Partner(p, k) => &model.partners[p as usize].contacts[k as usize],
        ContactSource::Person(i) => &model.people[i as usize],
    }
}

pub fn contact_entries(index: &SiteIndex) -> ContactDirectory {
    let model = &index.input.model;
    let report = &index.input.report;
    let mut orgs: Vec<Box<str>> = Vec::new();
    let mut add_org = |name: &str| -> u32 {
        orgs.push(name.trim().into());
        (orgs.len() - 1) as u32
    };
    let client_org: Vec<u32> = report
        .clients
        .iter()
        .map(|f| {
            add_org(&format!(
                "{} {}",
                f.code.as_deref().unwrap_or_default(),
                f.name.as_deref().unwrap_or(&model.titles[f.note])
            ))
        })
        .collect();
    let mut entries = Vec::new();
    for (row, f) in report.clients.iter().enumerate() {
        for k in 0..model.clients[f.client].contacts.len() {
            entries.push((client_org[row], ContactSource::Client(row as u32, k as u32)));
        }
    }
    for (p, partner) in model.partners.iter().enumerate() {
        if index.note_page(partner.note).is_some() {
            let org = add_org(&model.titles[partner.note]);
            for k in 0..partner.contacts.len() {
                entries.push((org, ContactSource::Partner(p as u32, k as u32)));
            }
        }
    }
    for (i, person) in model.people.iter().enumerate() {
        if index.note_page(person.note).is_none() {
            continue;
        }
        let org = person
            .client
            .as_ref()
            .and_then(|c| model.client_ref(person.note, &c.value))
            .and_then(|c| index.report_rows[c])
            .map_or_else(
                || add_org(&super::reference_text(&person.client)),
                |row| client_org[row],
            );
        entries.push((org, ContactSource::Person(i as u32)));
    }
    let mut directory = ContactDirectory { orgs, entries };
    let name = |source| {
        contact_at(index, source)
            .name
            .as_ref()
            .map_or("", |n| n.value.as_str())
    };
    let orgs = &directory.orgs;
    directory
        .entries
        .sort_by(|a, b| (&orgs[a.0 as usize], name(a.1)).cmp(&(&orgs[b.0 as usize], name(b.1))));
    directory
}

/// Page `number` (from 0) of the contacts directory.
pub fn contacts(
    index: &SiteIndex,
    templates: &Templates,
    directory: &ContactDirectory,
    number: usize,
) -> Result<Vec<u8>, TemplateError> {
    let entries = &directory.entries;
    let pages = directory_pages("contacts", entries.len());
    let page = pages[number].as_str();
    let model = &index.input.model;
    let config = &model.config;
    let report = &index.input.report;
    let first = number * PAGE_ROWS;
    let contacts = entries
        .iter()
        .skip(first)
        .take(PAGE_ROWS)
        .map(|&(org, source)| {
            let contact = contact_at(index, source);
            let (org_href, own) = match source {
                ContactSource::Client(row, _) => {
                    let f = &report.clients[row as usize];
                    (index.note_url(page, f.note), false)
                }
                ContactSource::Partner(p, _) => {
                    let partner = &model.partners[p as usize];
                    let href = index.note_url(page, partner.note);
                    (href, false)
                }
                ContactSource::Person(i) => {
                    let person = &*model.people[i as usize];
                    let href = person
                        .client
                        .as_ref()
                        .and_then(|c| model.client_ref(person.note, &c.value))
                        .and_then(|c| super::client_ref_of(index, page, c))
                        .and_then(|c| c.href);
                    (href, true)
                }
            };
            let mut row = contact_rows(index, std::slice::from_ref(contact), config)
                .pop()
                .expect("one row per contact");
            if own {
                row.href = index.note_url(page, contact.note);
            }
            DirectoryRow {
                contact: row,
                organisation: directory.orgs[org as usize].to_string(),
                organisation_href: org_href,
            }
        })
        .collect();
    let mut title = title(index, PageId::Contacts);
    if number > 0 {
        title = format!("{title} ({})", number + 1);
    }
    let layout = layout(index, page, title, "contacts.html");
    let view = ContactsPage {
        total: entries.len(),
        first: first + 1,
        contacts,
        pager: pager(&pages, number),
        show_email: config.publishes("email"),
        show_phone: config.publishes("phone"),
    };
    render(templates, template(PageId::Contacts), &layout, &view)
}
