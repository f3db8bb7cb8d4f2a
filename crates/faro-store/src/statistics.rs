//! Releases of each source's differentially private marginals, and the ledger rows that pay
//! for them. A release is paid for (in its source's annual cap, in the owning organisation's
//! ledger, and in its audit chain) before its noise is drawn, so that a release that fails
//! afterwards is still paid for: drawing again would otherwise be fresh noise for free.

use crate::audit::Draft;
use crate::clock::now;
use crate::{Store, StoreError};
use faro_domain::{AccessContext, OrganisationId};

/// ε and ρ are kept in millionths, as the ledger keeps them.
const MICRO: f64 = 1_000_000.0;

/// A stored release, without its cells.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StatisticsRelease {
    pub id: i64,
    pub source_id: i64,
    pub organisation_id: i64,
    pub revision: i64,
    pub epsilon_micro: i64,
    pub delta: f64,
    pub made_at: i64,
}

impl StatisticsRelease {
    pub fn epsilon(&self) -> f64 {
        self.epsilon_micro as f64 / MICRO
    }
}

/// A source whose newest release is older than its data.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DueSource {
    pub source_id: i64,
    pub organisation_id: i64,
    pub revision: i64,
    /// ρ its releases spent this calendar year, in millionths.
    pub spent_rho_micro: i64,
    /// The organisation's own annual ε per source, set by the operator.
    pub annual_epsilon: Option<f64>,
}

impl DueSource {
    /// Whether a release of `rho` still fits the year's cap, `annual_rho` of the organisation's
    /// annual ε or else `default_annual`.
    pub fn fits(&self, rho: f64, default_annual: f64, annual_rho: impl Fn(f64) -> f64) -> bool {
        let cap = annual_rho(self.annual_epsilon.unwrap_or(default_annual));
        release_fits(self.spent_rho_micro, rho, cap)
    }
}

/// Whether a release of `rho` fits a year's `cap` (ρ) after `spent_rho_micro`, counted in
/// millionths as the ledger counts them.
pub fn release_fits(spent_rho_micro: i64, rho: f64, cap: f64) -> bool {
    spent_rho_micro + (rho * MICRO).ceil() as i64 <= (cap * MICRO).floor() as i64
}

/// `Ok` when a release of `rho` fits what is left of a cap of `cap` millionths after
/// `spent`; else the `Budget` refusal that says so.
pub(crate) fn check_fits(spent: i64, rho: f64, cap: i64) -> Result<(), StoreError> {
    if release_fits(spent, rho, cap as f64 / MICRO) {
        return Ok(());
    }
    Err(StoreError::Budget {
        asked: rho,
        spent: spent as f64 / MICRO,
        budget: cap as f64 / MICRO,
        left: (cap - spent).max(0) as f64 / MICRO,
    })
}

/// A source's releases as its admins see them.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Standing {
    pub source_id: i64,
    pub revision: i64,
    /// When its newest release was made; `None` before the first.
    pub made_at: Option<i64>,
    pub released_revision: Option<i64>,
    pub spent_rho_micro: i64,
    pub annual_epsilon: Option<f64>,
}

/// What one release of marginals asks of the ledger.
pub struct Payment<'a> {
    pub source_id: i64,
    pub revision: i64,
    pub epsilon: f64,
    /// ρ of zCDP of this release.
    pub rho: f64,
    /// The instance's annual ε per source, when the organisation has none of its own.
    pub annual_epsilon: f64,
    /// ρ of an annual ε (the caller knows δ).
    pub annual_rho: &'a (dyn Fn(f64) -> f64 + Send + Sync),
}

const RELEASE_COLUMNS: &str =
    "id, source_id, organisation_id, revision, epsilon_micro, delta, made_at";

/// The first second of the current calendar year (UTC).
pub(crate) fn year_start(at: i64) -> i64 {
    let now =
        time::OffsetDateTime::from_unix_timestamp(at).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    time::Date::from_calendar_date(now.year(), time::Month::January, 1)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(0)
}

impl Store {
    /// Complete sources whose data changed since their newest release (or that have none),
    /// last released more than `interval` seconds ago, with no release job under way.
    pub async fn statistics_due(&self, interval: i64) -> Result<Vec<DueSource>, StoreError> {
        let sql = "SELECT s.id AS source_id, s.organisation_id, s.revision, \
             CAST(COALESCE((SELECT SUM(l.rho_micro) FROM privacy_ledger l WHERE l.source_id = s.id \
                 AND l.released_at >= $3), 0) AS BIGINT) AS spent_rho_micro, \
             o.annual_epsilon_per_source AS annual_epsilon FROM sources s \
             JOIN organisations o ON o.id = s.organisation_id AND o.removed_at IS NULL \
             WHERE s.status = 'complete' \
             AND NOT EXISTS (SELECT 1 FROM statistics_releases r WHERE r.source_id = s.id \
                 AND (r.revision = s.revision OR r.made_at > $1)) \
             AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind = 'statistics' \
                 AND j.state IN ('queued', 'running') AND j.params = $2 || CAST(s.id AS TEXT) || '}') \
             ORDER BY s.id";
        Ok(with_pool!(self, |p| sqlx::query_as(sql)
            .bind(now() - interval)
            .bind("{\"source_id\":")
            .bind(year_start(now()))
            .fetch_all(p)
            .await?))
    }

    /// Each complete source of `organisation` with its newest release (if any) and what its
    /// releases spent this year: how its admins learn what viewers see and whether the year's
    /// cap is spent.
    pub async fn statistics_standing(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<Standing>, StoreError> {
        let sql = "SELECT s.id AS source_id, s.revision, r.made_at, r.revision AS released_revision, \
             CAST(COALESCE((SELECT SUM(l.rho_micro) FROM privacy_ledger l WHERE l.source_id = s.id \
                 AND l.released_at >= $2), 0) AS BIGINT) AS spent_rho_micro, \
             o.annual_epsilon_per_source AS annual_epsilon FROM sources s \
             JOIN organisations o ON o.id = s.organisation_id \
             LEFT JOIN statistics_releases r ON r.id = (SELECT MAX(id) FROM statistics_releases x WHERE x.source_id = s.id) \
             WHERE s.organisation_id = $1 AND s.status = 'complete' ORDER BY s.id";
        Ok(with_pool!(self, |p| sqlx::query_as(sql)
            .bind(organisation.0)
            .bind(year_start(now()))
            .fetch_all(p)
            .await?))
    }

    /// Pays for a release of `payment.source_id`'s marginals from its annual cap, audited in
    /// the organisation's chain; refused with [`StoreError::Budget`] when the cap is spent.
    pub async fn pay_statistics_release(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        payment: &Payment<'_>,
    ) -> Result<(), StoreError> {
        if !ctx.speaks_for(organisation) {
            return Err(StoreError::Forbidden {
                action: "release statistics",
            });
        }
        let at = now();
        let spent = "SELECT CAST(COALESCE(SUM(rho_micro), 0) AS BIGINT) FROM privacy_ledger \
                     WHERE source_id = $1 AND released_at >= $2";
        let insert = "INSERT INTO privacy_ledger (organisation_id, epsilon_micro, released_at, source_id, rho_micro) \
                      VALUES ($1, $2, $3, $4, $5)";
        in_transaction!(self, |tx, dialect| {
            let own = organisation_budget!(tx, dialect, organisation, "annual_epsilon_per_source");
            let annual = own.unwrap_or(payment.annual_epsilon);
            let cap = ((payment.annual_rho)(annual) * MICRO).floor() as i64;
            let asked = (payment.rho * MICRO).ceil() as i64;
            let spent: i64 = sqlx::query_scalar(spent)
                .bind(payment.source_id)
                .bind(year_start(at))
                .fetch_one(&mut *tx)
                .await?;
            check_fits(spent, payment.rho, cap)?;
            sqlx::query(insert)
                .bind(organisation.0)
                .bind((payment.epsilon * MICRO).ceil() as i64)
                .bind(at)
                .bind(payment.source_id)
                .bind(asked)
                .execute(&mut *tx)
                .await?;
            let detail = serde_json::json!({
                "source_id": payment.source_id,
                "revision": payment.revision,
                "epsilon": payment.epsilon,
                "rho": payment.rho,
                "rho_spent_this_year": (spent + asked) as f64 / MICRO,
                "rho_cap": cap as f64 / MICRO,
            });
            let entry = Draft::new(Some(organisation), ctx, "statistics.release", detail);
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }

    /// Stores a paid release's cells.
    pub async fn save_statistics_release(
        &self,
        due: &DueSource,
        epsilon: f64,
        delta: f64,
        cells: &[u8],
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO statistics_releases (source_id, organisation_id, revision, epsilon_micro, delta, made_at, cells) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        Ok(with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(due.source_id)
            .bind(due.organisation_id)
            .bind(due.revision)
            .bind((epsilon * MICRO).ceil() as i64)
            .bind(delta)
            .bind(now())
            .bind(cells)
            .fetch_one(p)
            .await?))
    }

    /// The newest release of each of `sources` that has one.
    pub async fn newest_statistics(
        &self,
        sources: &[i64],
    ) -> Result<Vec<StatisticsRelease>, StoreError> {
        if sources.is_empty() {
            return Ok(Vec::new());
        }
        let list = sources
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!(
            "SELECT {RELEASE_COLUMNS} FROM statistics_releases WHERE id IN \
             (SELECT MAX(id) FROM statistics_releases WHERE source_id IN ({list}) GROUP BY source_id) \
             ORDER BY source_id"
        );
        Ok(with_pool!(self, |p| sqlx::query_as(&sql)
            .fetch_all(p)
            .await?))
    }

    /// A release's cells.
    pub async fn statistics_cells(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        let sql = "SELECT cells FROM statistics_releases WHERE id = $1";
        let cells: Option<Vec<u8>> = with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        cells.ok_or(StoreError::NotFound {
            kind: "statistics release",
            id,
        })
    }

    /// Sets an organisation's own budgets (the operator's): `None` returns to the instance's.
    pub async fn set_privacy_budgets(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        publish_epsilon: Option<f64>,
        annual_epsilon_per_source: Option<f64>,
    ) -> Result<(), StoreError> {
        if !ctx.is_instance() {
            return Err(StoreError::Forbidden {
                action: "set privacy budgets",
            });
        }
        let sql = "UPDATE organisations SET publish_epsilon = $1, annual_epsilon_per_source = $2 \
                   WHERE id = $3 AND removed_at IS NULL";
        in_transaction!(self, |tx, dialect| {
            let changed = sqlx::query(sql)
                .bind(publish_epsilon)
                .bind(annual_epsilon_per_source)
                .bind(organisation.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound {
                    kind: "organisation",
                    id: organisation.0,
                });
            }
            let detail = serde_json::json!({
                "publish_epsilon": publish_epsilon,
                "annual_epsilon_per_source": annual_epsilon_per_source,
            });
            let entry = Draft::new(Some(organisation), ctx, "privacy.budgets", detail);
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_year_starts_on_the_first_of_january_utc() {
        // 2026-12-06T09:00:00Z and 2026-01-01T00:00:00Z.
        assert_eq!(super::year_start(1_796_547_600), 1_767_225_600);
        assert_eq!(super::year_start(1_767_225_600), 1_767_225_600);
    }
}
