//! A diagnostic's words in the vault's language: one exhaustive `match`
//! per language, so a new message cannot go out in one language only.

mod en;
mod zh;

use serde::{Deserialize, Serialize};

use super::Message;

/// The language of the site, the terminal and the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Zh,
    En,
}

/// A message and its help, worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub message: String,
    pub help: Option<String>,
}

/// The lines a list of problems is framed with.
pub enum Frame {
    Summary {
        errors: usize,
        warnings: usize,
        files: usize,
    },
    NotShownQuiet,
    NotShown,
    SomeNotShown {
        hidden: usize,
    },
    /// Where a problem is, when its line cannot be shown.
    In {
        place: String,
    },
    /// The word before a help line.
    Help,
    /// What a command that is not `check` says of the vault's problems.
    InTheVault {
        errors: usize,
        warnings: usize,
    },
}

/// `message` in `language`.
pub fn words(message: &Message, language: Language) -> Words {
    match language {
        Language::En => en::words(message),
        Language::Zh => zh::words(message),
    }
}

/// A line of the frame in `language`.
pub fn frame(frame: &Frame, language: Language) -> String {
    match language {
        Language::En => en::frame(frame),
        Language::Zh => zh::frame(frame),
    }
}

fn list(items: &[String], separator: &str) -> String {
    items.join(separator)
}

fn quoted(items: &[String], separator: &str) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(separator)
}

#[cfg(test)]
mod tests;
