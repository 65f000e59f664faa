//! What a note says of its deals, read from one text alone: the history of
//! the pipeline reads every past version of a note this way, without the
//! rest of the vault.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::config::{Config, Outcome};

/// One deal as one version of a note writes it. Its words are short
/// strings kept inline: the history holds one of these per deal and
/// change, tens of thousands read back from the cache on every run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealState {
    pub code: CompactString,
    /// The client's code for a deal written in a client note; else the
    /// `client:` as written, a wikilink's brackets taken off.
    pub client: CompactString,
    pub stage: CompactString,
    pub amount: Option<f64>,
    /// Its own probability; `None` when the stage's applies.
    pub probability: Option<i64>,
    #[serde(with = "day_number")]
    pub expected_close: Option<chrono::NaiveDate>,
    /// Its own `owner`, else, for a deal written in a client's note, the
    /// client's; `None` when neither is written in the note.
    #[serde(default)]
    pub owner: Option<CompactString>,
}

impl DealState {
    pub fn outcome(&self, config: &Config) -> Option<Outcome> {
        config.stage(&self.stage).map(|s| s.outcome)
    }

    /// Its own probability, else its stage's.
    pub fn probability(&self, config: &Config) -> Option<f64> {
        if let Some(p) = self.probability {
            return Some(p as f64);
        }
        config.stage(&self.stage).map(|s| f64::from(s.probability))
    }
}

/// The deals of one version of one note, and whether that version may be
/// published.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteDeals {
    pub published: bool,
    pub deals: Vec<DealState>,
}

/// The deals note `rel` writes in `text`. Only the front matter is read
/// unless the body may hold inline fields (`key:: value`): the deals are
/// in the front matter, and the body's Markdown is most of the work.
pub fn deals_in_text(config: &Config, rel: &str, text: &str) -> NoteDeals {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = match crate::vault::frontmatter::split(text) {
        crate::vault::frontmatter::Split::Found { body_start, .. }
            if !text[body_start..].contains("::") =>
        {
            &text[..body_start]
        }
        _ => text,
    };
    let (note, _) = crate::vault::note_from_text(rel, source.to_owned(), config);
    let read = super::read_note(&note, 0, config);
    let client_code = read
        .client
        .as_ref()
        .and_then(|c| c.code.as_ref())
        .map(|c| c.value.clone());
    let client_owner = read
        .client
        .as_ref()
        .and_then(|c| c.owner.as_ref())
        .map(|o| o.value.clone());
    let deals = read
        .opportunities
        .iter()
        .filter_map(|o| {
            let code = o.code.as_ref()?.value.clone();
            let client = if o.embedded {
                client_code.clone().unwrap_or_default()
            } else {
                o.client
                    .as_ref()
                    .map(|c| {
                        super::records::wikilink_name(&c.value)
                            .unwrap_or(&c.value)
                            .trim()
                            .into()
                    })
                    .unwrap_or_default()
            };
            Some(DealState {
                code,
                client,
                stage: o
                    .stage
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default(),
                amount: o.amount.as_ref().map(|a| a.value),
                probability: o.probability.as_ref().map(|p| p.value),
                expected_close: o.expected_close.as_ref().map(|d| d.value),
                owner: match &o.owner {
                    Some(owner) => Some(owner.value.clone()),
                    None if o.embedded => client_owner.clone(),
                    None => None,
                },
            })
        })
        .collect();
    NoteDeals {
        published: note.published(),
        deals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_notes_deals_carry_its_code_and_a_private_note_says_so() {
        let config = Config::default();
        let text = "---\ntype: client\ncode: C1\nname: A\nopportunities:\n  - code: O1\n    name: X\n    stage: proposal\n    amount: 100\n---\n# A\n";
        let read = deals_in_text(&config, "clients/A.md", text);
        assert!(read.published);
        assert_eq!(read.deals.len(), 1);
        assert_eq!(read.deals[0].client, "C1");
        assert_eq!(read.deals[0].stage, "proposal");
        assert_eq!(read.deals[0].amount, Some(100.0));
        let private = text.replace("name: A\n", "name: A\nprivate: true\n");
        assert!(!deals_in_text(&config, "clients/A.md", &private).published);
        let deal = "---\ntype: opportunity\ncode: O2\nclient: \"[[A]]\"\nstage: won\n---\nbody with key:: value\n";
        let read = deals_in_text(&config, "deals/O2.md", deal);
        assert_eq!(read.deals[0].client, "A");
        assert_eq!(read.deals[0].stage, "won");
    }
}

/// A day as its number (days since 1 January of year 1) in binary forms,
/// as `2025-10-31` in text: the history's cache reads back tens of
/// thousands of them, and parsing the text cost a sixth of its load time.
pub(crate) mod day_number {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(day: &Option<NaiveDate>, to: S) -> Result<S::Ok, S::Error> {
        if to.is_human_readable() {
            day.serialize(to)
        } else {
            day.map(|d| d.num_days_from_ce()).serialize(to)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Option<NaiveDate>, D::Error> {
        if from.is_human_readable() {
            return Option::<NaiveDate>::deserialize(from);
        }
        match Option::<i32>::deserialize(from)? {
            None => Ok(None),
            Some(n) => NaiveDate::from_num_days_from_ce_opt(n)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("a day out of range")),
        }
    }
}
