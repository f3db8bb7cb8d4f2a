//! The store's errors: only the variants a caller branches on.

use crate::Location;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{kind} {id} does not exist")]
    NotFound { kind: &'static str, id: i64 },
    #[error("there is no {kind} `{name}`")]
    UnknownName { kind: &'static str, name: String },
    #[error("the data key does not match this database (it is not the key it was first used with)")]
    WrongKey,
    #[error("the store has no data key, so it cannot write the audit log")]
    Locked,
    #[error(
        "`{place}` cannot be decrypted with this data key (it was changed, moved, or sealed with another key)"
    )]
    Crypto { place: String },
    #[error("the audit log has been tampered with: {0}")]
    Tampered(crate::AuditProblem),
    /// A request the store refuses as given: what is wrong, as a translatable message.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: faro_domain::Message,
    },
    #[error("the credentials are missing, unknown, expired or revoked")]
    Unauthenticated,
    #[error("this account may not {action}")]
    Forbidden { action: &'static str },
    /// What already exists, as a translatable message.
    #[error("{what}")]
    Conflict { what: faro_domain::Message },
    /// A failure that is not the caller's fault (a bug, a broken invariant): a 500, the cause
    /// logged.
    #[error("internal error: {0}")]
    Internal(String),
    #[error("the database `{location}` cannot be used: {reason}")]
    BadLocation { location: String, reason: String },
    #[error("the database{} cannot be reached (is it running, and is its location right?)", at(.location))]
    Unavailable {
        location: Option<String>,
        #[source]
        source: sqlx::Error,
    },
    #[error("the database schema could not be brought up to date")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error(
        "the database holds `{value}` in column `{column}`, which this version of Faro does not know"
    )]
    Corrupt { column: &'static str, value: String },
    #[error(
        "this release would spend ε = {asked} of the organisation's privacy budget, of which {spent} of {budget} is already spent: ask for at most ε = {left}, or ask the instance operator to raise `[publish] epsilon_per_organisation`"
    )]
    Budget {
        asked: f64,
        spent: f64,
        budget: f64,
        left: f64,
    },
    #[error("{0}")]
    Backup(String),
    /// The organisation already has its limit of background jobs queued or running.
    #[error("the organisation already has {limit} jobs under way; wait for one to end")]
    TooManyJobs { limit: u32 },
    /// A hash that could not be made: never the caller's fault.
    #[error(transparent)]
    Hash(#[from] crate::hash::HashFailed),
    /// Work on a blocking thread that ended before it answered (a panic, or shutdown).
    #[error("work on a blocking thread was interrupted: {0}")]
    Interrupted(String),
    #[error("database error")]
    Other(#[source] sqlx::Error),
    #[error("database error while importing")]
    Bulk(#[from] rusqlite::Error),
}

impl StoreError {
    /// A request refused as given: `field` and the translatable problem `key`.
    pub(crate) fn invalid(field: &'static str, key: &'static str) -> StoreError {
        StoreError::Invalid {
            field,
            problem: faro_domain::Message::new(key),
        }
    }
}

fn at(location: &Option<String>) -> String {
    location
        .as_ref()
        .map_or_else(String::new, |l| format!(" at `{l}`"))
}

impl From<sqlx::Error> for StoreError {
    /// Connection-level failures are `Unavailable`, so callers can answer 503 and retry.
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolClosed | sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) => {
                StoreError::Unavailable {
                    location: None,
                    source: e,
                }
            }
            other => StoreError::Other(other),
        }
    }
}

impl StoreError {
    /// `Forbidden` unless `ctx` administers `organisation` (the instance operator, or an admin
    /// of that organisation).
    pub(crate) fn unless_administers(
        ctx: &faro_domain::AccessContext,
        organisation: faro_domain::OrganisationId,
    ) -> Result<(), StoreError> {
        if ctx.administers(organisation) {
            Ok(())
        } else {
            Err(StoreError::Forbidden {
                action: "administer",
            })
        }
    }

    pub(crate) fn unavailable(location: &Location, source: sqlx::Error) -> Self {
        StoreError::Unavailable {
            location: Some(location.describe()),
            source,
        }
    }
}
