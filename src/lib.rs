//! dossier turns a Git-kept folder of Markdown client notes (a *vault*) into
//! a checked, aggregated, static internal CRM site.
//!
//! The pipeline: [`vault::Vault`] reads the files, [`model::Model`] types
//! them, [`analytics::compute`] works out the book of business for the as-of
//! date, [`check::check`] finds every problem, and [`site::Site`] renders
//! the pages in memory before [`site::write`] puts them on disk atomically.
//!
//! ```
//! use dossier::{config::Config, model::Model};
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(
//!     dir.path().join("东义集团.md"),
//!     "---\ntype: client\ncode: C001\nname: 东义集团\nowner: 张伟\n---\n# 东义集团\n",
//! )
//! .unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2025, 11, 23).unwrap();
//! let model = Model::load(dir.path(), Config::default(), Vec::new(), as_of);
//! let (report, business_warnings) = dossier::analytics::compute(&model);
//! let (diagnostics, _links) = dossier::check::check(&model, business_warnings);
//! assert_eq!(diagnostics.errors(), 0);
//! assert_eq!(report.contact_risk.high, 1); // no contacts on record
//! assert_eq!(model.clients[0].code.as_ref().unwrap().value, "C001");
//! ```

pub mod analytics;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod fsutil;
pub mod model;
pub mod render;
pub mod serve;
pub mod site;
pub mod timings;
pub mod vault;
