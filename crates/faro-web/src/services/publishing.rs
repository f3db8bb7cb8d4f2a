//! Releases made from a page: `faro publish` run in the background for an organisation's
//! admin, its files written to a private temporary folder, kept in the database as a private
//! release, and the folder removed. One runs at a time on a server (synthesis takes a core
//! for tens of seconds at a million records); jobs are kept in memory an hour after they end.

use crate::publish::{Options, PublishError, publish};
use faro_domain::{AccessContext, Filter, OrganisationId};
use faro_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const KEPT_FOR: Duration = Duration::from_secs(3600);

/// How a release made from a page ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Kept as this release, private.
    Kept(i64),
    /// Nothing kept: why, as a key of the translation files.
    Refused(&'static str),
}

pub struct PublishJob {
    pub id: String,
    pub organisation: OrganisationId,
    /// Unix seconds.
    pub started_at: i64,
    ended: Mutex<Option<(Outcome, Instant)>>,
}

impl PublishJob {
    pub fn outcome(&self) -> Option<Outcome> {
        self.ended.lock().ok()?.as_ref().map(|(o, _)| o.clone())
    }

    fn end(&self, outcome: Outcome) {
        if let Ok(mut slot) = self.ended.lock() {
            *slot = Some((outcome, Instant::now()));
        }
    }

    fn running(&self) -> bool {
        self.ended.lock().is_ok_and(|e| e.is_none())
    }
}

/// Ends its job as refused should the task stop without ending it (a panic).
struct Ending(Arc<PublishJob>);

impl Drop for Ending {
    fn drop(&mut self) {
        if self.0.running() {
            self.0.end(Outcome::Refused("release_failed"));
        }
    }
}

#[derive(Default)]
pub struct PublishJobs {
    jobs: Mutex<HashMap<String, Arc<PublishJob>>>,
}

fn why(e: &PublishError) -> &'static str {
    match e {
        PublishError::TooFew { .. } => "release_too_few",
        PublishError::NothingReleasable { .. } => "release_nothing",
        PublishError::Store(StoreError::Budget { .. }) => "release_budget",
        _ => "release_failed",
    }
}

impl PublishJobs {
    /// Starts a release of `organisation`'s records that `filter` selects; `None` when one is
    /// already running.
    pub fn start(
        &self,
        store: Store,
        ctx: AccessContext,
        organisation: (OrganisationId, String),
        filter: Filter,
        options: Options,
    ) -> Option<Arc<PublishJob>> {
        let id = crate::imports::random_id()?;
        let job = {
            let mut jobs = self.jobs.lock().ok()?;
            let now = Instant::now();
            jobs.retain(|_, j| {
                j.ended
                    .lock()
                    .is_ok_and(|e| e.as_ref().is_none_or(|(_, at)| now - *at < KEPT_FOR))
            });
            if jobs.values().any(|j| j.running()) {
                return None;
            }
            let job = Arc::new(PublishJob {
                id: id.clone(),
                organisation: organisation.0,
                started_at: time::OffsetDateTime::now_utc().unix_timestamp(),
                ended: Mutex::default(),
            });
            jobs.insert(id.clone(), job.clone());
            job
        };
        let running = Ending(job.clone());
        tokio::spawn(async move {
            let dir = std::env::temp_dir().join(format!("faro-release-{id}"));
            let outcome = match private_dir(&dir) {
                Err(e) => {
                    tracing::error!(error = %e, "no folder for a release");
                    Outcome::Refused("release_failed")
                }
                Ok(()) => {
                    let org = (organisation.0, organisation.1.as_str());
                    let made = publish(&store, &ctx, org, &filter, &options, &dir).await;
                    let _ = std::fs::remove_dir_all(&dir);
                    match made {
                        Ok(published) => Outcome::Kept(published.release),
                        Err(e) => {
                            tracing::warn!(error = %e, "a release from a page was refused");
                            Outcome::Refused(why(&e))
                        }
                    }
                }
            };
            running.0.end(outcome);
        });
        Some(job)
    }

    /// The job `id` of `organisation`.
    pub fn get(&self, id: &str, organisation: OrganisationId) -> Option<Arc<PublishJob>> {
        let jobs = self.jobs.lock().ok()?;
        jobs.get(id)
            .filter(|j| j.organisation == organisation)
            .cloned()
    }
}

/// A new folder only this process's user can enter.
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
