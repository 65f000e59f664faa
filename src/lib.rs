//! dossier turns a Git-kept folder of Markdown client notes (a *vault*) into
//! a checked, aggregated, static internal CRM site.
//!
//! The pipeline: [`vault::Vault`] reads the files, [`model::Model`] types
//! them, [`check`] resolves links and checks codes, [`analytics`] works out
//! the book of business for the as-of date, and [`site`] renders the pages
//! before [`site::write`] puts them on disk atomically. [`book::Book`] runs
//! these stages in order and keeps their results; the commands ([`cmd`])
//! and the preview ([`serve`]) only drive a `Book`. `docs/architecture.md`
//! says where each thing lives.
//!
//! ```
//! use dossier::book::{Book, Options};
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(
//!     dir.path().join("东义集团.md"),
//!     "---\ntype: client\ncode: C001\nname: 东义集团\nowner: 张伟\n---\n# 东义集团\n",
//! )
//! .unwrap();
//! let book = Book::load(Options {
//!     vault: dir.path().to_path_buf(),
//!     as_of: chrono::NaiveDate::from_ymd_opt(2025, 11, 23),
//!     ..Options::default()
//! })
//! .unwrap();
//! assert_eq!(book.diagnostics().errors(), 0);
//! assert_eq!(book.report().contact_risk.high, 1); // no contacts on record
//! assert_eq!(book.model().clients[0].code.as_ref().unwrap().value, "C001");
//! ```

pub mod analytics;
pub mod book;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod gate;
pub mod history;
pub mod memory;
pub mod model;
pub mod render;
pub mod report;
pub mod serve;
pub mod site;
pub mod text;
pub mod timings;
pub mod vault;
