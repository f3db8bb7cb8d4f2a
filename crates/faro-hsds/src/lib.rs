//! Open Referral's Human Services Data Specification (HSDS 3.0) in and out: a directory of
//! service providers read from an HSDS feed (the API profile's paged `/services` JSON) or a
//! tabular package (CSV files and `datapackage.json`) into [`Entry`]s, each checked against the
//! specification's own JSON Schemas, and written back in either shape.
//!
//! Never touches the database (the caller stores entries); a bad entry is a [`Problem`] item
//! naming its file, place and field, never a panic or an abort; only an unusable file is an
//! [`HsdsError`]. Memory is bounded per entry: a JSON feed is read one service at a time.

pub mod correction;
pub mod entry;
pub mod fictitious;
pub mod read;
pub mod schema;
pub mod unzip;
pub mod write;

pub use entry::{assemble, from_service};
pub use faro_domain::directory::{Entry, Location, Part, Place};
pub use read::{Feed, Item, Position, Problem};

/// A file or folder that cannot be read as HSDS at all (as opposed to a bad entry in it).
#[derive(Debug, thiserror::Error)]
pub enum HsdsError {
    #[error("cannot read `{file}`: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "`{file}` is not an HSDS feed: {reason}; give a page of the API profile's `/services` (an object with `contents`), an array of services, or a folder holding `datapackage.json` and its CSV files"
    )]
    NotAFeed { file: String, reason: String },
    #[error("`{file}`, line {line}: the CSV file cannot be read further: {reason}")]
    BrokenCsv {
        file: String,
        line: u64,
        reason: String,
    },
    #[error("the vendored HSDS specification cannot be read: {0}")]
    Specification(String),
}
