//! Whether a note may be published: the type every later stage asks, the
//! spellings of `private` that count, and what the vault withholds now,
//! which every book of its past withholds too.

use std::collections::BTreeSet;
use std::path::Path;

use super::rules::Rules;
use super::{Note, Vault, canonical_key};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Pos};

/// Whether a note's content may reach any page, figure, table, index or
/// message. It is decided once, when the note is read; every later stage
/// asks this, never the front matter again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Published,
    Withheld(Withheld),
}

/// Why a note is withheld. When in doubt, withhold: what cannot be read
/// may say `private: true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// Marked private (`private` anything but `false`, however its key is
    /// spelt, in the front matter, in front matter that does not read, or
    /// as a Dataview field): nothing of it is described anywhere, its
    /// problems and its path included.
    Private,
    /// Its front matter does not read (a syntax error, unclosed, not at the
    /// top, too large, not a mapping) and says nothing of privacy that
    /// could be made out: withheld until it reads; its problems are shown.
    FrontMatter,
    /// Its text is not valid UTF-8: what it says cannot be trusted.
    Undecodable,
    /// The file could not be read at all (too large, not a regular file,
    /// UTF-16): its path is known, so links to it resolve.
    Unread,
}

/// What the vault withholds as it is now, which every book of its past
/// withholds too (`--at`, the changes, `dossier changes`): a note private
/// now is private in every past version at its path, and under any code it
/// writes now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct WithheldNow {
    /// Paths of the notes not published now.
    pub paths: BTreeSet<String>,
    /// The codes (`code:`) those notes write.
    pub codes: BTreeSet<String>,
}

impl WithheldNow {
    /// Reads what the vault at `root` withholds now.
    pub fn read(root: &Path, config: &Config, rules: &Rules) -> WithheldNow {
        let (_, found) = Vault::load_with(root, config, rules, |_, note| {
            (!note.published()).then(|| (note.path.clone(), code_of(note, config)))
        });
        let mut out = WithheldNow::default();
        for (path, code) in found.into_iter().flatten() {
            out.paths.insert(path);
            out.codes.extend(code);
        }
        out
    }

    /// Whether a note of a past vault is withheld because of what the
    /// vault is now.
    pub fn withholds(&self, note: &Note, config: &Config) -> bool {
        self.paths.contains(&note.path)
            || code_of(note, config).is_some_and(|c| self.codes.contains(&c))
    }

    /// A digest of it, for the keys of what past books are kept under.
    pub fn digest(&self) -> u64 {
        let mut text = String::new();
        for p in self.paths.iter().chain(&self.codes) {
            text.push_str(p);
            text.push('\0');
        }
        xxhash_rust::xxh3::xxh3_64(text.as_bytes())
    }
}

/// The `code:` a note's front matter (or what could be made out of it)
/// writes.
fn code_of(note: &Note, config: &Config) -> Option<String> {
    if let Some(front) = &note.front {
        return front
            .entries()
            .iter()
            .find(|(k, _)| canonical_key(config, &k.name) == "code")
            .and_then(|(_, v)| v.value.scalar_text())
            .map(|c| c.to_string());
    }
    note.salvaged
        .as_ref()
        .and_then(|s| s.code.as_ref())
        .map(|(c, _)| c.to_string())
}

/// How a key that means `private` is written.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum KeySpelling {
    /// `private`, or a configured alias of it.
    AsDocumented,
    /// `Private`, `PRIVATE`, `**private**`, `_Private_`: read as `private`
    /// all the same (withhold when in doubt), with `W-private-spelling`.
    Other,
}

/// Whether the key written `written` means `private`, and how it is
/// written.
pub(super) fn private_key(config: &Config, written: &str) -> Option<KeySpelling> {
    if canonical_key(config, written) == "private" {
        return Some(KeySpelling::AsDocumented);
    }
    let bare = written
        .trim()
        .trim_matches(['*', '_', '~', '=', '`'])
        .trim();
    let lower = bare.to_ascii_lowercase();
    (lower == "private" || canonical_key(config, &lower) == "private").then_some(KeySpelling::Other)
}

pub(super) fn private_spelling(rel: &str, pos: Pos, written: &str) -> Diagnostic {
    Diagnostic::new(
        rel,
        pos,
        crate::diagnostics::Message::PrivateSpelling {
            written: written.to_owned(),
        },
    )
}

/// Dataview fields of the body whose key is `private` written with
/// emphasis (`**private**:: true`, `_Private::_ yes`), which the reader of
/// fields does not take as fields: each with its offset in `body`, the key
/// as written and the value (emphasis removed). Fenced code is not told
/// apart: when in doubt, withhold.
pub(super) fn emphasised_private_fields(body: &str) -> Vec<(usize, &str, &str)> {
    static FIELD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?mi)^[ \t>]*(?:[-*+][ \t]+)?([*_~=`]+[ \t]*private[ \t]*[*_~=`]*|private[ \t]*[*_~=`]+)[ \t]*::[*_~=`]*[ \t]*([^\r\n]*)$",
        )
        .expect("the pattern compiles")
    });
    if memchr::memmem::find(body.as_bytes(), b"::").is_none() {
        return Vec::new();
    }
    FIELD
        .captures_iter(body)
        .filter_map(|c| {
            let key = c.get(1)?;
            let value = c
                .get(2)?
                .as_str()
                .trim()
                .trim_matches(['*', '_', '~', '=', '`']);
            Some((key.start(), key.as_str(), value.trim()))
        })
        .collect()
}
