//! Diagnostics: every problem found in a vault, with a stable code, a
//! severity and the position of the offending value in its file.

mod codes;
pub mod message;
mod render;
mod words;

pub use codes::{Code, CodeInfo};
pub use message::Message;
pub use words::{Frame, Language, Words, frame};

pub use render::{
    Format, HumanShape, printable, render_github, render_human, render_json, write_github,
    write_human, write_json,
};

use serde::{Deserialize, Serialize};

/// A 1-based position in a whole file (line and column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }
}

/// What `[severity]` in the config can make of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    /// Not reported at all.
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: Message,
    /// Vault-relative path with `/` separators.
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// Other files the message names (the other place of a duplicate code,
    /// the candidates of an ambiguous link): a published page describes the
    /// problem only when none of them is private.
    pub related: Vec<String>,
}

impl Diagnostic {
    pub fn new(file: &str, pos: Pos, message: Message) -> Self {
        Diagnostic {
            severity: message.code().severity(),
            message,
            file: file.to_owned(),
            line: pos.line,
            column: pos.column,
            related: Vec::new(),
        }
    }

    /// Names files the message mentions besides its own.
    pub fn related(mut self, files: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.related.extend(files.into_iter().map(Into::into));
        self
    }

    /// The code the problem is reported under (its message's).
    pub fn code(&self) -> Code {
        self.message.code()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message and its help in `language`.
    pub fn words(&self, language: Language) -> Words {
        words::words(&self.message, language)
    }

    /// The message and its help in `language`, the message first changed
    /// by `how` when it gives a message in its place (the site puts labels
    /// in the place of keys).
    pub fn words_as(&self, language: Language, how: impl Fn(&Message) -> Option<Message>) -> Words {
        match how(&self.message) {
            Some(changed) => words::words(&changed, language),
            None => words::words(&self.message, language),
        }
    }
}

/// Every diagnostic of a run, sorted by file, position and code.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Applies `[severity]` from the config: raises, lowers or drops.
    pub fn apply_levels(&mut self, levels: &std::collections::BTreeMap<String, Level>) {
        if levels.is_empty() {
            return;
        }
        self.items.retain_mut(|d| match levels.get(d.code().id()) {
            None => true,
            Some(Level::Off) => false,
            Some(Level::Error) => {
                d.severity = Severity::Error;
                true
            }
            Some(Level::Warning) => {
                d.severity = Severity::Warning;
                true
            }
        });
    }

    /// Puts the diagnostics in their reporting order and drops exact repeats.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.code().id(), &a.message).cmp(&(
                &b.file,
                b.line,
                b.column,
                b.code().id(),
                &b.message,
            ))
        });
        self.items.dedup();
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    /// Whether the run fails: any error, or any warning under `--strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && self.warnings() > 0)
    }

    /// The diagnostics of one file, found by halving: the items are in
    /// their reporting order (`sort`), file first.
    pub fn for_file<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        debug_assert!(self.items.is_sorted_by(|a, b| a.file <= b.file));
        let start = self.items.partition_point(|d| d.file.as_str() < file);
        self.items[start..]
            .iter()
            .take_while(move |d| d.file == file)
    }
}

/// The closest of `candidates` to `value`, when it is close enough to be a
/// likely typo (said as "did you mean `negotiation`?").
pub fn suggest<'a, I>(value: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = value.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lowered, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

/// The candidate `value` is most likely a misspelling of: one edit away
/// in a word of under ten letters, two in a longer one (a swap counts
/// once). Closer than `suggest`, for warnings that fire only on likely
/// typos (`clinet`, `ammount`), never on a vault's own words (`domain`,
/// `crm-deal`, `prospect`).
pub fn near_miss<'a, I>(value: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = value.to_lowercase();
    // One edit in a word of under ten letters: two would make a vault's
    // own words typos (`prospect` is two from `project`).
    let limit = if lowered.chars().count() >= 10 { 2 } else { 1 };
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&lowered, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance > 0 && *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_typos_not_other_words() {
        let kinds = ["client", "opportunity", "contact", "note"];
        assert_eq!(near_miss("clinet", kinds), Some("client"));
        assert_eq!(near_miss("Clients", kinds), Some("client"));
        assert_eq!(near_miss("crm-contact", kinds), None);
        assert_eq!(near_miss("meeting", kinds), None);
        assert_eq!(near_miss("size", ["since"]), None);
        assert_eq!(near_miss("ammount", ["amount"]), Some("amount"));
        assert_eq!(
            near_miss("prospect", kinds.iter().copied().chain(["project"])),
            None
        );
        assert_eq!(near_miss("opportuntiy", kinds), Some("opportunity"));
    }

    #[test]
    fn suggests_the_closest_stage() {
        let stages = ["contacted", "qualified", "proposal", "negotiation", "won"];
        assert_eq!(
            suggest("negociation", stages).as_deref(),
            Some("negotiation")
        );
        assert_eq!(suggest("zzz", stages), None);
    }

    /// `docs/diagnostics.md`'s table is the table of [`Code`], row for row.
    #[test]
    fn the_documentation_lists_every_code_as_the_table_does() {
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
                .unwrap();
        let rows: Vec<&str> = doc.lines().filter(|l| l.starts_with("| `")).collect();
        let expected: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("| `{}` | {} |", c.id(), c.info().doc))
            .collect();
        assert_eq!(rows, expected);
    }

    #[test]
    fn levels_raise_lower_and_drop() {
        let mut ds = Diagnostics::default();
        let broken = Message::LinkOutside {
            link: message::LinkKind::Link,
            written: "x".into(),
        };
        ds.push(Diagnostic::new("a.md", Pos::new(1, 1), broken));
        let unknown = Message::FieldUnknown {
            field: "y".into(),
            hint: message::Hint::None,
        };
        ds.push(Diagnostic::new("a.md", Pos::new(2, 1), unknown));
        ds.push(Diagnostic::new("b.md", Pos::new(1, 1), Message::NoteEmpty));
        let levels = [
            ("E-link-broken".to_owned(), Level::Warning),
            ("W-field-unknown".to_owned(), Level::Error),
            ("W-file-empty".to_owned(), Level::Off),
        ]
        .into_iter()
        .collect();
        ds.apply_levels(&levels);
        assert_eq!(ds.items.len(), 2);
        assert_eq!(ds.items[0].severity, Severity::Warning);
        assert_eq!(ds.items[1].severity, Severity::Error);
    }

    #[test]
    fn warnings_fail_only_under_strict() {
        let mut ds = Diagnostics::default();
        let private = Message::LinkPrivate {
            written: "w".into(),
        };
        ds.push(Diagnostic::new("a.md", Pos::new(1, 1), private));
        assert!(!ds.fails(false));
        assert!(ds.fails(true));
    }
}
