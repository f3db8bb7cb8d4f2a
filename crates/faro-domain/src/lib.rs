//! The HTCDS/CTDC case data model: vocabularies, validated values, the record, query filters.
//!
//! No IO, no async, no database: every other Faro crate depends on this one and it depends on
//! none of them, so a value of a domain type is valid wherever it travels.

#[macro_use]
pub mod vocab;
pub mod access;
pub mod case;
pub mod country;
pub mod credential;
pub mod directory;
pub mod error;
pub mod flags;
pub mod gazetteer;
pub mod query;
pub mod record;
pub mod referral;
pub mod report;

pub use access::{AccessContext, AggregateScope, OrganisationId, Permission, Purpose, Role};
pub use country::Country;
pub use credential::{DisplayName, Email, Password, TokenName};
pub use error::{FieldError, Message, RowError, ValidationError, problem, refusal};
pub use flags::Flags;
pub use query::{Dimension, Filter, Selection};
pub use record::{Record, Year};
pub use vocab::Vocabulary;
