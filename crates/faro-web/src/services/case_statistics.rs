//! An organisation's case statistics: exact for those who read every case (its admins and team
//! supervisors), released for everyone else of the organisation. A release is made by the
//! statistics job when the cases changed (at most every `[privacy] hours_between_releases`),
//! counted without the cases whose person refused or withdrew their consent to be counted,
//! noised by `faro_privacy::cases` and paid from the organisation's annual cap
//! (`annual_epsilon_per_source`, or the organisation's own figure, as for a source) in the
//! transaction that stores it.

use super::statistics::{Made, system};
use super::{Context, ServiceError};
use faro_domain::case::statistics::CaseCounts;
use faro_domain::{AccessContext, OrganisationId};
use faro_store::{CaseReleaseDue, NewCaseRelease, StoreError};

/// The case statistics as a reader may see them.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseStatistics {
    /// Every count; `None` is hidden (too few to show) or not released yet.
    pub counts: CaseCounts<Option<u64>>,
    pub controlled: bool,
    /// When the release shown was made (Unix seconds); `None` for exact counts or none yet.
    pub released_at: Option<i64>,
    /// Half the 95 % interval of a released count's noise.
    pub margin: Option<u64>,
}

/// The statistics `ctx` may read: exact, or its organisation's newest release.
pub async fn read(cx: &Context, ctx: &AccessContext) -> Result<CaseStatistics, ServiceError> {
    if let Some(exact) = cx.store.case_statistics(ctx).await? {
        return Ok(CaseStatistics {
            counts: exact.map(Some),
            controlled: false,
            released_at: None,
            margin: None,
        });
    }
    let threshold = cx.privacy.threshold;
    Ok(match cx.store.newest_case_release(ctx).await? {
        Some(r) => CaseStatistics {
            counts: r.counts.map(|n| faro_privacy::cases::shown(n, threshold)),
            controlled: true,
            released_at: Some(r.made_at),
            margin: faro_privacy::cases::margin_95(r.epsilon, r.delta).ok(),
        },
        None => CaseStatistics {
            counts: CaseCounts::zero().map(|_| None),
            controlled: true,
            released_at: None,
            margin: None,
        },
    })
}

/// The organisations whose case statistics are due for a release and whose year's cap holds
/// one more.
pub async fn due(cx: &Context) -> Result<Vec<CaseReleaseDue>, ServiceError> {
    let policy = cx.privacy;
    let interval = i64::from(policy.hours_between_releases) * 3600;
    let rho = policy.rho_per_release();
    Ok(cx
        .store
        .case_releases_due(interval)
        .await?
        .into_iter()
        .filter(|d| {
            let cap =
                policy.annual_rho(d.annual_epsilon.unwrap_or(policy.annual_epsilon_per_source));
            faro_store::release_fits(d.spent_rho_micro, rho, cap)
        })
        .collect())
}

/// Releases `organisation`'s case statistics as they are now.
pub async fn release(cx: &Context, organisation: OrganisationId) -> Result<Made, ServiceError> {
    let ctx = system(organisation);
    let policy = cx.privacy;
    let (exact, seen) = cx.store.count_cases_for_release(&ctx, organisation).await?;
    let (epsilon, delta) = (policy.epsilon_per_release, policy.delta);
    let counts =
        faro_privacy::cases::release(&exact, epsilon, delta).map_err(|e| ServiceError::Render {
            what: "case statistics release",
            cause: e.to_string(),
        })?;
    let release = NewCaseRelease {
        epsilon,
        delta,
        rho: policy.rho_per_release(),
        annual_epsilon: policy.annual_epsilon_per_source,
        annual_rho: &move |annual| policy.annual_rho(annual),
        counts,
        seen,
    };
    match cx
        .store
        .save_case_release(&ctx, organisation, &release)
        .await
    {
        Ok(id) => Ok(Made::Released(id)),
        Err(StoreError::Budget { .. }) => {
            tracing::warn!(
                organisation = organisation.0,
                "an organisation's annual privacy cap for case statistics is spent; its last release is served"
            );
            Ok(Made::CapSpent)
        }
        Err(StoreError::NotFound { .. }) => Ok(Made::Gone),
        Err(e) => Err(e.into()),
    }
}
