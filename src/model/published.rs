//! The book as it may be shown: the records whose notes are published,
//! read from each note's `Visibility` (decided once, when the note was
//! read). Analytics, the site, the search index, the report and the
//! changes take their records from here instead of filtering by notes of
//! their own, so none of them decides privacy again.

use super::Model;
use super::records::{Client, Opportunity};

impl Model {
    /// Whether anything of note `note` may be shown.
    pub fn shown(&self, note: usize) -> bool {
        self.vault.notes[note].published()
    }

    /// The clients whose note is published, by index.
    pub fn published_clients(&self) -> impl Iterator<Item = (usize, &Client)> + '_ {
        self.clients
            .iter()
            .enumerate()
            .filter(|(_, c)| self.shown(c.note))
            .map(|(i, c)| (i, &**c))
    }

    /// The deals whose note is published (a deal written in a client's
    /// note is as published as that note), by index.
    pub fn published_opportunities(&self) -> impl Iterator<Item = (usize, &Opportunity)> + '_ {
        self.opportunities
            .iter()
            .enumerate()
            .filter(|(_, o)| self.shown(o.note))
            .map(|(i, o)| (i, &**o))
    }

    /// The people of client `ci` whose note is published.
    pub fn published_people_of(&self, ci: usize) -> impl Iterator<Item = usize> + '_ {
        self.people_of(ci)
            .iter()
            .copied()
            .filter(|&p| self.shown(self.people[p].note))
    }

    /// The notes that are published, by index.
    pub fn published_notes(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.vault.notes.len()).filter(|&i| self.shown(i))
    }
}
