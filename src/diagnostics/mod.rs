//! Diagnostics: every problem found in a vault, with a stable code, a
//! severity and the position of the offending value in its file.

mod render;

pub use render::{
    Format, HumanShape, printable, render_github, render_human, render_json, write_github,
    write_human, write_json,
};

use serde::{Deserialize, Serialize};

/// A 1-based position in a whole file (line and column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
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

/// Every diagnostic code dossier reports.
pub const CODES: &[&str] = &[
    "E-file-unreadable",
    "E-file-too-large",
    "E-name-encoding",
    "E-utf8-invalid",
    "W-file-empty",
    "E-frontmatter-unclosed",
    "E-frontmatter-too-large",
    "E-frontmatter-misplaced",
    "E-yaml-syntax",
    "E-yaml-not-mapping",
    "W-kind-unknown",
    "E-field-missing",
    "E-field-type",
    "E-field-range",
    "E-field-enum",
    "E-date-invalid",
    "E-date-range",
    "E-field-duplicate",
    "W-field-unknown",
    "W-health-unknown",
    "W-lost-at-unused",
    "E-code-duplicate",
    "E-code-pattern",
    "E-ref-dangling",
    "E-ref-unreadable",
    "E-link-broken",
    "E-asset-missing",
    "E-anchor-broken",
    "W-wikilink-ambiguous",
    "W-wikilink-split",
    "E-block-broken",
    "E-embed-private",
    "W-embed-cycle",
    "W-link-private",
    "W-link-unsafe",
    "W-attachment-unsafe",
    "W-symlink-outside",
    "W-private-spelling",
    "W-history-partial",
    "W-symlink-loop",
    "W-symlink-folder",
    "W-symlink-broken",
    "W-follow-up-overdue",
    "W-last-contact-missing",
    "W-close-overdue",
    "W-tier-mismatch",
    "W-employees-missing",
    "W-contact-duplicate",
    "E-template",
    "E-config",
    "E-page-collision",
];

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Vault-relative path with `/` separators.
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub help: Option<String>,
    /// Other files the message names (the other place of a duplicate code,
    /// the candidates of an ambiguous link): a published page describes the
    /// problem only when none of them is private.
    #[serde(skip)]
    pub related: Vec<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, file: &str, pos: Pos, message: impl Into<String>) -> Self {
        let severity = if code.starts_with("W-") {
            Severity::Warning
        } else {
            Severity::Error
        };
        Diagnostic {
            code,
            severity,
            message: message.into(),
            file: file.to_owned(),
            line: pos.line,
            column: pos.column,
            help: None,
            related: Vec::new(),
        }
    }

    /// Names files the message mentions besides its own.
    pub fn related(mut self, files: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.related.extend(files.into_iter().map(Into::into));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Every diagnostic of a run, sorted by file, position and code.
#[derive(Debug, Clone, Default, Serialize)]
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
        self.items.retain_mut(|d| match levels.get(d.code) {
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
            (&a.file, a.line, a.column, a.code, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
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

    pub fn for_file<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.items.iter().filter(move |d| d.file == file)
    }
}

/// The closest of `candidates` to `value`, when it is close enough to be a
/// likely typo: "did you mean `negotiation`?".
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
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// The candidate `value` is most likely a misspelling of: one a letter or
/// two away (a swap counts once), and no further than a quarter of its
/// length. Closer than `suggest`, for warnings that fire only on likely
/// typos (`clinet`, `ammount`), never on a vault's own words (`domain`,
/// `crm-deal`).
pub fn near_miss<'a, I>(value: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = value.to_lowercase();
    let limit = (lowered.chars().count() / 4).max(1);
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
    }

    #[test]
    fn suggests_the_closest_stage() {
        let stages = ["contacted", "qualified", "proposal", "negotiation", "won"];
        assert_eq!(
            suggest("negociation", stages).as_deref(),
            Some("did you mean `negotiation`?")
        );
        assert_eq!(suggest("zzz", stages), None);
    }

    /// Every `"E-…"` or `"W-…"` literal in the source outside its tests.
    fn codes_in_source() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut found = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (i, _) in code.match_indices('"') {
                let rest = &code[i + 1..];
                let Some(end) = rest.find('"') else { continue };
                let literal = &rest[..end];
                let shaped = (literal.starts_with("E-") || literal.starts_with("W-"))
                    && literal.len() > 2
                    && literal[2..]
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                if shaped {
                    found.push((literal.to_owned(), file.display().to_string()));
                }
            }
        }
        found
    }

    #[test]
    fn every_code_in_the_source_is_listed() {
        let mut listed: Vec<_> = CODES.to_vec();
        listed.sort();
        listed.dedup();
        assert_eq!(listed.len(), CODES.len(), "a code is listed twice");
        let found = codes_in_source();
        assert!(
            found.len() > 30,
            "the source scan found {} codes",
            found.len()
        );
        for (code, file) in found {
            assert!(
                CODES.contains(&code.as_str()),
                "{code} ({file}) is not in CODES"
            );
        }
    }

    #[test]
    fn every_listed_code_is_documented() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
                .unwrap();
        for code in CODES {
            assert!(
                readme.contains(&format!("`{code}`")),
                "{code} is not in docs/diagnostics.md"
            );
        }
    }

    #[test]
    fn levels_raise_lower_and_drop() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::new(
            "E-link-broken",
            "a.md",
            Pos::new(1, 1),
            "x",
        ));
        ds.push(Diagnostic::new(
            "W-field-unknown",
            "a.md",
            Pos::new(2, 1),
            "y",
        ));
        ds.push(Diagnostic::new("W-file-empty", "b.md", Pos::new(1, 1), "z"));
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
        ds.push(Diagnostic::new(
            "W-link-private",
            "a.md",
            Pos::new(1, 1),
            "w",
        ));
        assert!(!ds.fails(false));
        assert!(ds.fails(true));
    }
}
