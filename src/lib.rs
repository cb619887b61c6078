//! jdx reads a job description and says what it actually means.
//!
//! The engine is data-driven: buzzword rules and role profiles are TOML (the
//! built-ins are embedded in the crate), compiled for one pass over a text (an
//! Aho-Corasick DFA for big inputs). The flow is one way: load rules → compile an [`Engine`] → scan a
//! [`Document`] → build a [`Report`] → hand it to a renderer.
//!
//! ```
//! use jdx::{Document, Engine, RuleSet};
//!
//! let engine = Engine::new(RuleSet::builtin()?)?;
//! let doc = Document::new("Join our fast-paced team of rockstars!");
//! let scan = engine.scan(&doc);
//! let found: Vec<&str> = scan.hits.iter().map(|h| h.text).collect();
//! assert_eq!(found, ["fast-paced team", "rockstars"]);
//! # Ok::<(), jdx::Error>(())
//! ```
//!
//! The library never prints.

pub mod authoring;
pub mod autopsy;
mod builtin;
pub mod combo;
pub mod config;
mod diagnostic;
pub mod diff;
mod document;
mod engine;
pub mod examples;
pub mod explain;
pub mod explain_score;
pub mod html;
mod matcher;
pub mod profile;
pub mod render;
mod report;
pub mod rewrite;
pub mod rules;
pub mod salary;
pub mod score;
pub mod sentence;
pub mod suppress;
pub mod text;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use document::Document;
pub use engine::{in_order, Engine, Hit, Scan, SignalHit};
pub use matcher::{BuildError, Speed};
pub use report::{AnalyzeOptions, FlightRisk, Report, RiskFactor, SalaryCheck, Summary};
pub use rules::{LoadOptions, RuleSet};
pub use suppress::{Notice, Policy};

/// What can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The rule packs have errors (every one is listed).
    #[error("{0}")]
    Rules(Diagnostics),
    /// The rules could not be compiled.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// `--role` named a role no pack defines.
    #[error("unknown role `{0}` (see `jdx roles`)")]
    UnknownRole(String),
    /// A rule id no pack defines; `similar` are ids that contain it or that it contains.
    #[error("unknown rule `{id}` ({})", match similar.is_empty() {
        true => "see `jdx rules list`".to_owned(),
        false => format!("did you mean {}?", similar.join(", ")),
    })]
    UnknownRule {
        /// The id asked for.
        id: String,
        /// Known ids like it.
        similar: Vec<String>,
    },
    /// The rule set has no role profiles to choose from.
    #[error("no role profiles are loaded")]
    NoRoles,
    /// `explain` was given more than a phrase or a paragraph: its search for
    /// near misses grows with the text, so a whole posting is refused.
    #[error("explain takes a phrase or a sentence of at most {limit} characters, not {chars}; use `jdx scan` for a whole posting")]
    TooLongToExplain {
        /// The text's length in characters.
        chars: usize,
        /// The most `explain` accepts.
        limit: usize,
    },
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Rules(d)
    }
}
