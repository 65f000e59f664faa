//! The kinds of note a vault holds. The config names them (`[folders]`,
//! `[required]`), the model types notes as them.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Client,
    Opportunity,
    Project,
    Partner,
    Contact,
    /// A meeting, call, visit or email with a client, on a date.
    Interaction,
    Note,
}

impl Kind {
    pub const NAMES: &'static [&'static str] = &[
        "client",
        "opportunity",
        "project",
        "partner",
        "contact",
        "interaction",
        "note",
    ];

    /// The kind as messages name it.
    pub fn record(self) -> crate::diagnostics::message::Record {
        use crate::diagnostics::message::Record;
        match self {
            Kind::Client => Record::Client,
            Kind::Opportunity => Record::Opportunity,
            Kind::Project => Record::Project,
            Kind::Partner => Record::Partner,
            Kind::Contact => Record::Contact,
            Kind::Interaction => Record::Interaction,
            Kind::Note => Record::Note,
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "client" => Kind::Client,
            "opportunity" => Kind::Opportunity,
            "project" => Kind::Project,
            "partner" => Kind::Partner,
            "contact" => Kind::Contact,
            "interaction" => Kind::Interaction,
            "note" => Kind::Note,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Kind::NAMES[self as usize]
    }
}
