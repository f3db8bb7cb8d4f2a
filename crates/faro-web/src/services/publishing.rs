//! Releases made from a page, as background jobs ([`super::jobs`]): `faro publish` run for an
//! organisation's admin, its files written to a private folder named after the job, kept in
//! the database as a private release, and the folder removed. Whichever process finds the job
//! orphaned removes the folder if it is on its machine.

use super::jobs::{Ended, Jobs, Kind, Work};
use crate::hub::HubQuery;
use crate::publish::{Options, PublishError, publish};
use faro_domain::AccessContext;
use faro_i18n::key;
use faro_store::{Job, JobState, StoreError};
use serde::{Deserialize, Serialize};

/// What a release job makes, stored as its `params`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// The hub's filters, as a query string (empty: every record).
    pub filters: String,
    pub options: Options,
}

/// How a release made from a page ended, stored as its `result`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ended", rename_all = "snake_case")]
pub enum Outcome {
    /// Kept as this release, private.
    Kept {
        release: i64,
    },
    /// Nothing kept: why, as a key of the translation files.
    Failed {
        key: String,
    },
    Cancelled,
}

impl Outcome {
    /// The outcome a job row holds; `None` while it runs.
    pub fn of(job: &Job) -> Option<Outcome> {
        job.result
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
    }
}

/// Queues a release of `ctx`'s organisation's records; the job's id.
pub async fn start(
    jobs: &Jobs,
    ctx: &AccessContext,
    lang: faro_i18n::Lang,
    params: &Params,
) -> Result<String, StoreError> {
    let json = serde_json::to_string(params).unwrap_or_default();
    jobs.queue(ctx, Kind::Release, lang, json, false).await
}

fn why(e: &PublishError) -> &'static str {
    match e {
        PublishError::TooFew { .. } => key!("release_too_few"),
        PublishError::NothingReleasable { .. } => key!("release_nothing"),
        PublishError::Store(StoreError::Budget { .. }) => key!("release_budget"),
        _ => key!("release_failed"),
    }
}

/// Runs a release job.
pub(super) async fn run(work: &Work) -> Ended {
    let outcome = release(work).await;
    let state = match outcome {
        Outcome::Kept { .. } => JobState::Succeeded,
        Outcome::Failed { .. } => JobState::Failed,
        Outcome::Cancelled => JobState::Cancelled,
    };
    Ended {
        state,
        result: serde_json::to_string(&outcome).unwrap_or_default(),
    }
}

async fn release(work: &Work) -> Outcome {
    let refused = |key: &str| Outcome::Failed { key: key.into() };
    let Ok(params) = serde_json::from_str::<Params>(&work.job.params) else {
        return refused(key!("release_failed"));
    };
    let Ok(selection) = HubQuery::parse_strict(Some(&params.filters)) else {
        return refused(key!("release_filters_invalid"));
    };
    let organisation = match work.store.organisation(work.job.organisation()).await {
        Ok(o) => o,
        Err(_) => return refused(key!("release_failed")),
    };
    let options = Options {
        lang: work.lang,
        ..params.options
    };
    let dir = folder(&work.job);
    if let Err(e) = private_dir(&dir) {
        tracing::error!(error = %e, "no folder for a release");
        return refused(key!("release_failed"));
    }
    let org = (organisation.id, organisation.name.as_str());
    let made = publish(
        &work.store,
        &work.ctx,
        org,
        &selection.filter,
        &options,
        &dir,
    )
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    match made {
        Ok(published) => Outcome::Kept {
            release: published.release,
        },
        Err(e) => {
            tracing::warn!(error = %e, "a release from a page was refused");
            refused(why(&e))
        }
    }
}

/// The private folder a release job writes its files to before they are kept.
fn folder(job: &Job) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("faro-release-{}", job.id))
}

/// Removes a release job's folder if it is on this machine.
pub(super) fn leave_nothing(job: &Job) -> Result<(), StoreError> {
    match std::fs::remove_dir_all(folder(job)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::Internal(format!(
            "a release's folder could not be removed: {e}"
        ))),
        _ => Ok(()),
    }
}

/// A new folder only this process's user can enter.
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
