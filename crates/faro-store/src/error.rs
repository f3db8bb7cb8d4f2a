//! The store's errors: only the variants a caller branches on.

use crate::Location;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{kind} {id} does not exist")]
    NotFound { kind: &'static str, id: i64 },
    #[error("the database `{location}` cannot be used: {reason}")]
    BadLocation { location: String, reason: String },
    #[error("the database `{location}` cannot be reached (is it running, and is the URL right?)")]
    Unavailable {
        location: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("the database schema could not be brought up to date")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error(
        "the database holds `{value}` in column `{column}`, which this version of Faro does not know"
    )]
    Corrupt { column: &'static str, value: String },
    #[error("database error")]
    Other(#[from] sqlx::Error),
}

impl StoreError {
    pub(crate) fn unavailable(location: &Location, source: sqlx::Error) -> Self {
        StoreError::Unavailable {
            location: location.describe(),
            source,
        }
    }
}
