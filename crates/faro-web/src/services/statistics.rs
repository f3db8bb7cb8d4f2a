//! Each source's release of differentially private marginals (`faro_privacy::marginals`):
//! made in the background by the job runner when a source has changed (at most every
//! `[privacy] hours_between_releases`), paid from the source's annual cap before its noise is
//! drawn, and kept in memory once read, since every controlled answer is computed from them.

use super::jobs::{Ended, Work, failed};
use super::{Context, ServiceError};
use faro_domain::{AccessContext, OrganisationId, Role};
use faro_i18n::key;
use faro_privacy::Provenance;
use faro_privacy::marginals::{self, Marginals};
use faro_store::{DueSource, Payment, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The newest release read of each source, by source: a release never changes once stored, and
/// an older one is never asked for again once a newer one is read.
#[derive(Clone, Default)]
pub struct Releases(Arc<Mutex<Held>>);

/// Source id → (release id, its marginals).
type Held = HashMap<i64, (i64, Arc<Marginals>)>;

impl Releases {
    fn get(&self, source_id: i64, id: i64) -> Option<Arc<Marginals>> {
        let held = self.0.lock().ok()?;
        held.get(&source_id)
            .filter(|(held_id, _)| *held_id == id)
            .map(|(_, m)| m.clone())
    }

    fn keep(&self, source_id: i64, id: i64, marginals: Arc<Marginals>) {
        if let Ok(mut held) = self.0.lock() {
            held.insert(source_id, (id, marginals));
        }
    }
}

/// The job's parameters: which source to release.
pub fn params(source_id: i64) -> String {
    serde_json::json!({ "source_id": source_id }).to_string()
}

/// The job's parameters for a release of the job's organisation's case statistics.
pub fn case_params() -> String {
    serde_json::json!({ "cases": true }).to_string()
}

/// Who a release acts as: the organisation that owns the source, as the system.
pub fn system(organisation: OrganisationId) -> AccessContext {
    AccessContext::member(organisation, Role::Admin).acting_as("faro")
}

/// What one release did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    /// Stored under this id.
    Released(i64),
    /// The source's annual cap is spent: its last release is served on.
    CapSpent,
    /// The source is gone.
    Gone,
}

/// Releases the marginals of `due`'s source as they are now: counted from the index, paid,
/// noised, stored.
pub async fn release(cx: &Context, due: &DueSource) -> Result<Made, ServiceError> {
    let Some(columns) = cx.index.source_columns(due.source_id).await? else {
        return Ok(Made::Gone);
    };
    let due = DueSource {
        revision: columns.revision(),
        ..due.clone()
    };
    let policy = cx.privacy;
    let rho = policy.rho_per_release();
    let payment = Payment {
        source_id: due.source_id,
        revision: due.revision,
        epsilon: policy.epsilon_per_release,
        rho,
        annual_epsilon: policy.annual_epsilon_per_source,
        annual_rho: &move |annual| policy.annual_rho(annual),
    };
    let organisation = OrganisationId(due.organisation_id);
    match cx
        .store
        .pay_statistics_release(&system(organisation), organisation, &payment)
        .await
    {
        Ok(()) => {}
        Err(StoreError::Budget { .. }) => {
            tracing::warn!(
                source.id = due.source_id,
                "a source's annual privacy cap is spent; its last release is served"
            );
            return Ok(Made::CapSpent);
        }
        Err(e) => return Err(e.into()),
    }
    let year = this_year();
    let (epsilon, delta) = (policy.epsilon_per_release, policy.delta);
    let bytes = tokio::task::spawn_blocking(move || {
        let counts = marginals::count(&columns, year);
        marginals::release(&counts, epsilon, delta).map(|m| m.to_bytes())
    })
    .await
    .map_err(|e| render(e.to_string()))?
    .map_err(|e| render(e.to_string()))?;
    let id = cx
        .store
        .save_statistics_release(&due, epsilon, delta, &bytes)
        .await?;
    Ok(Made::Released(id))
}

fn render(cause: String) -> ServiceError {
    ServiceError::Render {
        what: "statistics release",
        cause,
    }
}

/// The sources that changed since their last release, were released longer than
/// `hours_between_releases` ago and whose year's cap still holds a release (one whose cap is
/// spent is served its last release and not tried again until the year turns).
pub async fn due(cx: &Context) -> Result<Vec<DueSource>, ServiceError> {
    let policy = cx.privacy;
    let interval = i64::from(policy.hours_between_releases) * 3600;
    let rho = policy.rho_per_release();
    Ok(cx
        .store
        .statistics_due(interval)
        .await?
        .into_iter()
        .filter(|d| {
            d.fits(rho, policy.annual_epsilon_per_source, |e| {
                policy.annual_rho(e)
            })
        })
        .collect())
}

/// Releases every source and every organisation's case statistics that are due, one after
/// another (what the runner's jobs do, for the CLI and the tests).
pub async fn release_due(cx: &Context) -> Result<Vec<Made>, ServiceError> {
    let mut made = Vec::new();
    for due in due(cx).await? {
        made.push(release(cx, &due).await?);
    }
    for due in super::case_statistics::due(cx).await? {
        made.push(super::case_statistics::release(cx, due.organisation).await?);
    }
    Ok(made)
}

/// Where a source's releases stand, for its admins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Not released yet: viewers and other organisations see none of its counts.
    Pending,
    /// Released on this day (UTC, `YYYY-MM-DD`), and current.
    Current(String),
    /// Released on this day; changed since, and released again when due.
    Changed(String),
    /// Changed since its release of this day, and the year's cap is spent: that release is
    /// served until the year turns.
    CapSpent(String),
}

/// Where each of `organisation`'s sources stands.
pub async fn standing(
    cx: &Context,
    organisation: OrganisationId,
) -> Result<Vec<(i64, Standing)>, ServiceError> {
    let policy = cx.privacy;
    let rho = policy.rho_per_release();
    Ok(cx
        .store
        .statistics_standing(organisation)
        .await?
        .into_iter()
        .map(|s| {
            let cap =
                policy.annual_rho(s.annual_epsilon.unwrap_or(policy.annual_epsilon_per_source));
            let fits = faro_store::release_fits(s.spent_rho_micro, rho, cap);
            let day = |at: i64| rfc3339(at).get(..10).unwrap_or_default().to_string();
            let standing = match (s.made_at, s.released_revision == Some(s.revision), fits) {
                (None, _, _) => Standing::Pending,
                (Some(at), true, _) => Standing::Current(day(at)),
                (Some(at), false, true) => Standing::Changed(day(at)),
                (Some(at), false, false) => Standing::CapSpent(day(at)),
            };
            (s.source_id, standing)
        })
        .collect())
}

/// A statistics job's work: a source's marginals, or its organisation's case statistics.
pub async fn run(work: &Work, cx: &Context) -> Ended {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Params {
        Source { source_id: i64 },
        Cases { cases: bool },
    }
    let made = match serde_json::from_str(&work.job.params) {
        Ok(Params::Source { source_id }) => {
            let due = DueSource {
                source_id,
                organisation_id: work.job.organisation_id,
                revision: 0,
                spent_rho_micro: 0,
                annual_epsilon: None,
            };
            release(cx, &due).await
        }
        Ok(Params::Cases { cases: true }) => {
            super::case_statistics::release(cx, work.job.organisation()).await
        }
        _ => return failed(key!("job_failed")),
    };
    match made {
        Ok(made) => Ended {
            state: faro_store::JobState::Succeeded,
            result: serde_json::json!({ "made": format!("{made:?}") }).to_string(),
        },
        Err(e) => {
            tracing::error!(error = %e, "a statistics release failed");
            failed(key!("job_failed"))
        }
    }
}

/// The newest release of each of `sources` that has one, read once and kept.
pub async fn newest(
    cx: &Context,
    sources: &[i64],
) -> Result<Vec<(Provenance, Arc<Marginals>)>, ServiceError> {
    let mut out = Vec::new();
    for meta in cx.store.newest_statistics(sources).await? {
        let marginals = match cx.releases.get(meta.source_id, meta.id) {
            Some(m) => m,
            None => {
                let bytes = cx.store.statistics_cells(meta.id).await?;
                let Some(m) = Marginals::from_bytes(&bytes) else {
                    tracing::warn!(release = meta.id, "a statistics release is unreadable");
                    continue;
                };
                let m = Arc::new(m);
                cx.releases.keep(meta.source_id, meta.id, m.clone());
                m
            }
        };
        let provenance = Provenance {
            id: meta.id,
            source_id: meta.source_id,
            made_at: rfc3339(meta.made_at),
            epsilon: meta.epsilon(),
            delta: meta.delta,
        };
        out.push((provenance, marginals));
    }
    Ok(out)
}

fn rfc3339(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

fn this_year() -> u16 {
    u16::try_from(time::OffsetDateTime::now_utc().year()).unwrap_or(u16::MAX)
}
