//! The typed records of a vault: clients with their contacts, health and
//! opportunities; standalone opportunities, projects, partners and people.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::config::{Config, Outcome};
use crate::diagnostics::message::{Hint, Record};
use crate::diagnostics::{Diagnostic, Message, Pos, suggest};
use crate::model::fields::{Field, Fields, Str};
use crate::vault::yaml::{Node, Value};

type Text = Option<Field<Str>>;

/// A person we know at a client or partner. Only the name and the client
/// keep where they were written (later checks point at them); a vault can
/// hold hundreds of thousands of contacts, so the rest is plain values.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub note: usize,
    pub name: Text,
    pub title: Option<Str>,
    pub department: Option<Str>,
    pub level: Option<Str>,
    pub role: Option<Str>,
    pub email: Option<Str>,
    pub phone: Option<Str>,
    /// 1-5.
    pub relationship: Option<u8>,
    /// The client code a person note belongs to; empty for embedded contacts.
    pub client: Text,
}

/// One health dimension of a client, turned into a score from 1 to 5.
#[derive(Debug, Clone)]
pub struct HealthEntry {
    pub key: Field<Str>,
    /// Exactly as written (`4.5` is four and a half, not a binary
    /// fraction near it), so the weighted mean is exact.
    pub score: Decimal,
    pub note: Option<Str>,
}

#[derive(Debug, Clone, Default)]
pub struct Client {
    pub note: usize,
    pub code: Text,
    pub name: Text,
    pub owner: Text,
    pub industry: Text,
    pub region: Text,
    pub scale: Text,
    pub employees: Option<Field<i64>>,
    pub annual_revenue: Option<Field<f64>>,
    pub contract_value: Option<Field<f64>>,
    pub tier: Text,
    pub status: Text,
    pub source: Text,
    pub referred_by: Text,
    pub since: Option<Field<NaiveDate>>,
    pub last_contact: Option<Field<NaiveDate>>,
    pub tags: Vec<Field<Str>>,
    pub contacts: Vec<Contact>,
    /// `contacts:` items written as wikilinks to person notes
    /// (`"[[李工]]"`); those that name no note become contacts by name
    /// once the vault is read (`Model::link`).
    pub contact_refs: Vec<Field<Str>>,
    /// `opportunities:` and `projects:` items written as wikilinks to
    /// deal and project notes (`"[[opportunities/acme-q3]]"`): those notes
    /// belong to the client (`Model::link`).
    pub deal_refs: Vec<Field<Str>>,
    pub project_refs: Vec<Field<Str>>,
    pub health: Vec<HealthEntry>,
    /// What to do next with the client, and by when.
    pub next_step: Text,
    pub next_step_date: Option<Field<NaiveDate>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Opportunity {
    pub note: usize,
    /// Written inside a client's `opportunities:` list.
    pub embedded: bool,
    pub code: Text,
    pub name: Text,
    pub client: Text,
    /// `client` is the client whose `opportunities:` list links to this
    /// note, not the note's own `client:`.
    pub client_from_list: bool,
    pub stage: Text,
    pub probability: Option<Field<i64>>,
    pub amount: Option<Field<f64>>,
    pub expected_close: Option<Field<NaiveDate>>,
    pub owner: Text,
    pub last_follow_up: Option<Field<NaiveDate>>,
    pub lost_at: Text,
    /// What to do next to move the deal on, and by when.
    pub next_step: Text,
    pub next_step_date: Option<Field<NaiveDate>>,
    /// Where the deal is written: its note's front matter, or its item of
    /// a client's `opportunities:`.
    pub at: crate::diagnostics::Pos,
}

impl Opportunity {
    /// Its own probability, else its stage's.
    pub fn probability(&self, config: &Config) -> Option<f64> {
        if let Some(p) = &self.probability {
            return Some(p.value as f64);
        }
        let stage = self.stage.as_ref()?;
        config.stage(&stage.value).map(|s| f64::from(s.probability))
    }

    pub fn outcome(&self, config: &Config) -> Option<Outcome> {
        let stage = self.stage.as_ref()?;
        config.stage(&stage.value).map(|s| s.outcome)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Project {
    pub note: usize,
    pub code: Text,
    pub name: Text,
    pub client: Text,
    /// `client` is the client whose `projects:` list links to this note.
    pub client_from_list: bool,
    pub status: Text,
    pub amount: Option<Field<f64>>,
    pub owner: Text,
    pub start: Option<Field<NaiveDate>>,
    pub end: Option<Field<NaiveDate>>,
}

#[derive(Debug, Clone, Default)]
pub struct Partner {
    pub note: usize,
    pub code: Text,
    pub name: Text,
    pub owner: Text,
    pub industry: Text,
    pub region: Text,
    pub since: Option<Field<NaiveDate>>,
    pub clients: Vec<Field<Str>>,
    pub contacts: Vec<Contact>,
}

/// A meeting, call, visit or email, on a day, with the clients it names
/// (`client:`/`clients:`) or, when it names none, the client notes its text
/// links to.
#[derive(Debug, Clone, Default)]
pub struct Interaction {
    pub note: usize,
    pub date: Option<Field<NaiveDate>>,
    /// The date is the one its file name starts with (`2025-11-03
    /// 东义集团技术交流.md`): the note has no `date:`.
    pub date_from_file_name: bool,
    pub channel: Text,
    pub owner: Text,
    /// `client:` and `clients:` as written.
    pub clients: Vec<Field<Str>>,
    /// When it names no client: the notes its text links to, once links
    /// are resolved (`Model::link_interactions_by_text`).
    pub linked_notes: Vec<usize>,
}

pub const INTERACTION_KEYS: &[&str] = &["date", "channel", "client", "clients", "owner"];

/// An interaction; `name_day` is the day its file name says, its date
/// when it has no `date:` (`dates_from_file_names`).
pub fn read_interaction(
    note: usize,
    name_day: Option<NaiveDate>,
    f: &mut Fields,
    config: &Config,
) -> Interaction {
    let named = (config.dates_from_file_names && !f.has("date"))
        .then_some(name_day)
        .flatten();
    let required: Vec<String> = config
        .required
        .interaction
        .iter()
        .filter(|k| !(named.is_some() && *k == "date"))
        .cloned()
        .collect();
    f.require(&required, Record::Interaction);
    let mut clients = f.references("client");
    clients.extend(f.references("clients"));
    Interaction {
        note,
        date: f
            .date("date")
            .or_else(|| named.map(|d| Field::new(d, Pos::new(1, 1)))),
        date_from_file_name: named.is_some(),
        channel: f.choice("channel", &config.enums.channel),
        owner: f.text("owner"),
        clients,
        linked_notes: Vec::new(),
    }
}

pub const CLIENT_KEYS: &[&str] = &[
    "code",
    "name",
    "owner",
    "industry",
    "region",
    "scale",
    "employees",
    "annual_revenue",
    "contract_value",
    "tier",
    "status",
    "source",
    "referred_by",
    "since",
    "last_contact",
    "contacts",
    "health",
    "opportunities",
    "projects",
    "next_step",
    "next_step_date",
];

pub const CONTACT_KEYS: &[&str] = &[
    "name",
    "title",
    "department",
    "level",
    "role",
    "email",
    "phone",
    "relationship",
    "client",
    "note",
];

pub const OPPORTUNITY_KEYS: &[&str] = &[
    "code",
    "name",
    "client",
    "stage",
    "probability",
    "amount",
    "expected_close",
    "owner",
    "last_follow_up",
    "lost_at",
    "note",
    "next_step",
    "next_step_date",
];

pub const PROJECT_KEYS: &[&str] = &[
    "code", "name", "client", "status", "amount", "owner", "start", "end",
];

pub const PARTNER_KEYS: &[&str] = &[
    "code", "name", "owner", "industry", "region", "since", "clients", "contacts",
];

pub fn read_client(note: usize, f: &mut Fields, config: &Config) -> (Client, Vec<Opportunity>) {
    f.require(&config.required.client, Record::Client);
    let enums = &config.enums;
    let tiers: Vec<String> = config.tiers.iter().map(|t| t.key.clone()).collect();
    let mut client = Client {
        note,
        code: f.text("code"),
        name: f.text("name"),
        owner: f.text("owner"),
        industry: f.text("industry"),
        region: f.text("region"),
        scale: f.choice("scale", &enums.scale),
        employees: f.int("employees", 0, i64::MAX),
        annual_revenue: f.money("annual_revenue"),
        contract_value: f.money("contract_value"),
        tier: f.choice("tier", &tiers),
        status: f.choice("status", &enums.status),
        source: f.choice("source", &enums.source),
        referred_by: f.text("referred_by"),
        since: f.date("since"),
        last_contact: f.date("last_contact"),
        tags: f.texts("tags"),
        next_step: f.text("next_step"),
        next_step_date: f.date("next_step_date"),
        ..Client::default()
    };
    (client.contacts, client.contact_refs) = read_contacts(note, f, config);
    client.health = read_health(f, config);
    let mut opportunities = Vec::new();
    client.project_refs = link_items(f, "projects");
    for item in f.items("opportunities") {
        if let Some(text) = crate::model::fields::reference_text(item)
            && is_wikilink(&text)
        {
            client.deal_refs.push(Field::new(text, item.pos));
            continue;
        }
        if !matches!(item.value, Value::Map(_)) {
            f.push(Diagnostic::new(
                f.file(),
                item.pos,
                Message::FieldType {
                    field: "opportunities".into(),
                    expected: crate::diagnostics::message::Expected::Mappings,
                    found: item.value.found(),
                    plain: None,
                },
            ));
            continue;
        }
        let mut of = Fields::nested(
            f.file(),
            item,
            config,
            OPPORTUNITY_KEYS,
            Some(crate::config::Kind::Opportunity),
        );
        let mut opp = read_opportunity(note, &mut of, config, true);
        drain(f, of);
        opp.client = client.code.clone();
        opportunities.push(opp);
    }
    (client, opportunities)
}

/// The `[[links]]` of a list of links (one link counts as a list of one);
/// anything else in it is `E-field-type`.
fn link_items(f: &mut Fields, key: &str) -> Vec<Field<Str>> {
    let mut out = Vec::new();
    for item in f.items(key) {
        match crate::model::fields::reference_text(item) {
            Some(text) if is_wikilink(&text) => out.push(Field::new(text, item.pos)),
            _ => f.push(Diagnostic::new(
                f.file(),
                item.pos,
                Message::FieldType {
                    field: key.to_owned(),
                    expected: crate::diagnostics::message::Expected::TextsOrLinks,
                    found: item.value.found(),
                    plain: None,
                },
            )),
        }
    }
    out
}

/// A record's `contacts:`: mappings (`- name: 李工`), names (`- 李工`)
/// and wikilinks to person notes (`- "[[李工]]"`), the last apart.
fn read_contacts(note: usize, f: &mut Fields, config: &Config) -> (Vec<Contact>, Vec<Field<Str>>) {
    let mut out = Vec::new();
    let mut refs = Vec::new();
    for item in f.items("contacts") {
        if matches!(item.value, Value::Map(_)) {
            let mut cf = Fields::nested(
                f.file(),
                item,
                config,
                CONTACT_KEYS,
                Some(crate::config::Kind::Contact),
            );
            out.push(read_contact(note, &mut cf, config));
            drain(f, cf);
            continue;
        }
        match crate::model::fields::reference_text(item) {
            Some(text) if is_wikilink(&text) => refs.push(Field::new(text, item.pos)),
            Some(text) if !text.trim().is_empty() => out.push(Contact {
                note,
                name: Some(Field::new(text, item.pos)),
                ..Contact::default()
            }),
            _ => f.push(Diagnostic::new(
                f.file(),
                item.pos,
                Message::ContactItem {
                    found: item.value.kind(),
                },
            )),
        }
    }
    (out, refs)
}

/// Whether a reference is written as a wikilink, `[[Name]]`.
pub fn is_wikilink(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("[[") && t.ends_with("]]")
}

/// The note a wikilink reference names: `[[dir/Name#Heading|text]]` →
/// `dir/Name`.
pub fn wikilink_name(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("[[")?.strip_suffix("]]")?;
    let inner = inner.split('|').next().unwrap_or(inner);
    let inner = inner.split('#').next().unwrap_or(inner).trim();
    (!inner.is_empty()).then_some(inner)
}

fn drain(into: &mut Fields, from: Fields) {
    for d in from.diags {
        into.push(d);
    }
}

pub fn read_contact(note: usize, f: &mut Fields, config: &Config) -> Contact {
    f.require(&config.required.contact, Record::Contact);
    let enums = &config.enums;
    let value = |field: Option<Field<Str>>| field.map(|f| f.value);
    Contact {
        note,
        name: f.text("name"),
        title: value(f.text("title")),
        department: value(f.choice("department", &enums.department)),
        level: value(f.choice("level", &enums.level)),
        role: value(f.choice("role", &enums.role)),
        email: value(f.text("email")),
        phone: value(f.text("phone")),
        relationship: f.int("relationship", 1, 5).map(|r| r.value as u8),
        client: f.reference("client"),
    }
}

fn read_health(f: &mut Fields, config: &Config) -> Vec<HealthEntry> {
    let mut out = Vec::new();
    let dims: Vec<&str> = config
        .health
        .dimensions
        .iter()
        .map(|d| d.key.as_str())
        .collect();
    for (key, node) in f.mapping("health") {
        if !dims.contains(&key.name.as_str()) {
            f.push(Diagnostic::new(
                f.file(),
                key.pos,
                Message::HealthUnknown {
                    dimension: key.name.to_string(),
                    hint: Hint::nearest_or_all(
                        suggest(&key.name, dims.iter().copied()),
                        dims.iter().map(|d| (*d).to_owned()).collect(),
                    ),
                },
            ));
            continue;
        }
        let (value, note) = match &node.value {
            Value::Map(_) => {
                // Reading the entry as a record warns about stray keys, which
                // is what an unquoted comma inside `{score: 5, note: a, b}` makes.
                let mut entry = Fields::nested(f.file(), node, config, &["score", "note"], None);
                let note = entry.text("note").map(|n| n.value);
                drain(f, entry);
                (node.get("score"), note)
            }
            _ => (Some(node), None),
        };
        let Some(value) = value else {
            f.push(Diagnostic::new(
                f.file(),
                node.pos,
                Message::HealthScoreMissing {
                    dimension: key.name.to_string(),
                },
            ));
            continue;
        };
        if let Some(score) = health_score(value, config) {
            out.push(HealthEntry {
                key: Field::new(key.name.as_str().into(), key.pos),
                score,
                note,
            });
        } else {
            let shown = value.value.scalar_text().map_or_else(
                // A collection, as YAML writes an empty one.
                || match value.value {
                    Value::Seq(_) => "[...]".to_owned(),
                    Value::Map(_) => "{...}".to_owned(),
                    _ => String::new(),
                },
                |t| t.to_string(),
            );
            f.push(Diagnostic::new(
                f.file(),
                value.pos,
                Message::HealthScore {
                    dimension: key.name.to_string(),
                    written: shown,
                },
            ));
        }
    }
    out
}

/// A number from 1 to 5, or a traffic light of `[health.lights]`.
fn health_score(node: &Node, config: &Config) -> Option<Decimal> {
    let score = match &node.value {
        Value::Int(i, _) => Decimal::from(*i),
        Value::Float(f, raw) => Decimal::from_str(raw)
            .or_else(|_| Decimal::from_scientific(raw))
            .ok()
            .or_else(|| crate::config::exact(*f))?,
        Value::Str(s) => config
            .health
            .lights
            .get(s.trim().to_lowercase().as_str())
            .copied()
            .and_then(crate::config::exact)?,
        _ => return None,
    };
    (Decimal::ONE..=Decimal::from(5))
        .contains(&score)
        .then_some(score)
}

pub fn read_opportunity(
    note: usize,
    f: &mut Fields,
    config: &Config,
    embedded: bool,
) -> Opportunity {
    let mut required = config.required.opportunity.clone();
    if !embedded && !required.iter().any(|r| r == "client") {
        required.push("client".into());
    }
    if embedded {
        required.retain(|r| r != "client");
    }
    f.require(&required, Record::Opportunity);
    let stages: Vec<String> = config.stages.iter().map(|s| s.key.clone()).collect();
    let opp = Opportunity {
        note,
        embedded,
        code: f.text("code"),
        name: f.text("name"),
        client: if embedded {
            None
        } else {
            f.reference("client")
        },
        client_from_list: false,
        stage: f.choice("stage", &stages),
        probability: f.probability("probability", config.probability_scale),
        amount: f.money("amount"),
        expected_close: f.date("expected_close"),
        owner: f.text("owner"),
        last_follow_up: f.date("last_follow_up"),
        lost_at: f.choice("lost_at", &stages),
        next_step: f.text("next_step"),
        next_step_date: f.date("next_step_date"),
        at: f.at(),
    };
    if let Some(lost_at) = &opp.lost_at {
        if opp.outcome(config) != Some(Outcome::Lost) && opp.stage.is_some() {
            f.push(Diagnostic::new(
                f.file(),
                lost_at.pos,
                Message::LostAtUnused,
            ));
        } else if config
            .stage(&lost_at.value)
            .is_some_and(|s| s.outcome != Outcome::Open)
        {
            f.push(Diagnostic::new(
                f.file(),
                lost_at.pos,
                Message::LostAtNotOpen {
                    value: lost_at.value.to_string(),
                },
            ));
        }
    }
    opp
}

pub fn read_project(note: usize, f: &mut Fields, config: &Config) -> Project {
    f.require(&config.required.project, Record::Project);
    Project {
        note,
        code: f.text("code"),
        name: f.text("name"),
        client: f.reference("client"),
        client_from_list: false,
        status: f.choice("status", &config.enums.project_status),
        amount: f.money("amount"),
        owner: f.text("owner"),
        start: f.date("start"),
        end: f.date("end"),
    }
}

pub fn read_partner(note: usize, f: &mut Fields, config: &Config) -> Partner {
    f.require(&config.required.partner, Record::Partner);
    // A partner's people are listed, not counted anywhere: a wikilink to
    // a person note lists that person by the name it is written with.
    let (mut contacts, refs) = read_contacts(note, f, config);
    contacts.extend(refs.into_iter().map(|r| Contact {
        note,
        name: Some(Field::new(
            wikilink_name(&r.value).unwrap_or(&r.value).into(),
            r.pos,
        )),
        ..Contact::default()
    }));
    Partner {
        note,
        code: f.text("code"),
        name: f.text("name"),
        owner: f.text("owner"),
        industry: f.text("industry"),
        region: f.text("region"),
        since: f.date("since"),
        clients: f.references("clients"),
        contacts,
    }
}
