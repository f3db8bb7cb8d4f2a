//! Text triage of reports: what a hotline operator notes on first reading a message. Its
//! language; whether it is likely trafficking, with the phrases that drove the score; the forms
//! of exploitation, sectors and means of control (HTCDS codes) with the words that support each;
//! whether it looks urgent; the personal data in it, to mask; the places it names, with a
//! country and a point. Offline and with no IO: lexicons, recognisers, names and the model ship
//! inside the binary.
//!
//! Measured on a labelled set (`data/labelled/`, rules in `LABELLING.md`) whose held-out part
//! was committed before any rule or model and is never edited (a test checks its hash); a test
//! fails when a change lowers any figure on it (`data/figures.toml`).
//!
//! The classifier is trained at build time (`build.rs`, on `data/labelled/train.jsonl`) by the
//! same code (`text`, `lexicon`, `features`, `model`) that reads texts at run time, and again per
//! organisation from its operators' decisions ([`Engine::retrained`]).

pub mod engine;
pub mod evaluate;
pub mod features;
pub mod language;
pub mod lexicon;
pub mod model;
pub mod names;
pub mod pii;
pub mod places;
pub mod text;

pub use engine::{Engine, Evidence, Finding, Input, Summary, Triage, Verdict};
pub use lexicon::Language;
pub use pii::Kind;

/// The longest text triage reads (a report holds 5,000 characters; an API caller may paste
/// more, but not a book).
pub const MAX_CHARS: usize = 100_000;

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum TriageError {
    #[error("the text has {chars} characters; triage reads at most {max}")]
    TooLong { chars: usize, max: usize },
    #[error("a shipped file of triage is damaged: {0}")]
    Shipped(String),
    #[error("the model is not one triage wrote: {0}")]
    Model(String),
}
