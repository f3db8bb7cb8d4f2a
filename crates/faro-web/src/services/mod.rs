//! The work the pages, the API and the CLI share, knowing nothing of HTTP: the release of
//! controlled aggregates ([`release`]), the hub's gathering and brief (`crate::hub`),
//! publishing ([`publish`], [`publishing`]), imports ([`imports`]) and exports ([`export`]),
//! and the runner of background work they share ([`jobs`]).
//!
//! A service takes a small [`Context`] (the store, the index, the disclosure policy) and
//! returns a typed error; the API and the pages each turn it into their answer once
//! (`ApiError: From<ServiceError>`, then `PageError: From<ApiError>`).
//!
//! **Architecture Invariant:** a service module never names `axum`, `AppState`, `ApiError`,
//! `PageError`, or the `api` and `pages` modules (the tidy test `services_know_no_http`).

pub mod case_statistics;
pub mod directory_import;
pub mod directory_updates;
pub mod export;
pub mod imports;
pub mod jobs;
pub mod publish;
pub mod publishing;
pub mod release;
pub mod report_triage;
pub mod statistics;
pub mod triage;
pub mod triage_learning;

use faro_analytics::Index;
use faro_store::{Store, StoreError};

/// What a service needs: cheap to clone (each part is shared).
#[derive(Clone)]
pub struct Context {
    pub store: Store,
    pub index: Index,
    /// Disclosure control for every count a reader may not check against the records.
    pub privacy: faro_privacy::Policy,
    /// The releases of marginals read so far.
    pub releases: statistics::Releases,
}

impl Context {
    /// The store, its index and the default policy (the CLI sets its own with `privacy`).
    pub fn new(store: Store) -> Context {
        Context {
            index: Index::new(store.clone()),
            store,
            privacy: faro_privacy::Policy::default(),
            releases: statistics::Releases::default(),
        }
    }
}

/// Why a service could not answer.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A controlled question over too many dimensions (the reader's fault: drop one).
    #[error("the question combines {dimensions} dimensions; at most {limit} are answered")]
    TooNarrow { dimensions: usize, limit: usize },
    /// A controlled question filtering a several-per-record dimension by more than one value,
    /// or grouping by it as well (the reader's fault: keep one value).
    #[error("`{dimension}` may be filtered by one value at a time")]
    OneValueAtATime { dimension: &'static str },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A page or file that could not be made from good data: never the reader's fault.
    #[error("{what} could not be rendered: {cause}")]
    Render { what: &'static str, cause: String },
}

impl From<faro_analytics::AnalyticsError> for ServiceError {
    fn from(e: faro_analytics::AnalyticsError) -> Self {
        match e {
            faro_analytics::AnalyticsError::Store(s) => ServiceError::Store(s),
        }
    }
}

impl From<faro_privacy::PrivacyError> for ServiceError {
    fn from(e: faro_privacy::PrivacyError) -> Self {
        match e {
            faro_privacy::PrivacyError::TooNarrow { dimensions, limit } => {
                ServiceError::TooNarrow { dimensions, limit }
            }
            faro_privacy::PrivacyError::OneValueAtATime { dimension } => {
                ServiceError::OneValueAtATime {
                    dimension: dimension.id(),
                }
            }
        }
    }
}
