//! Case statistics: counted exactly for the organisation's admins and team supervisors (who
//! read every case), and counted for a release (`faro_privacy::cases`) without the cases whose
//! person refused or withdrew their consent to be counted. Releases are kept here and paid in
//! the privacy ledger (its `cases` rows) against the organisation's annual cap; the newest is
//! what everyone else reads.

use super::Reader;
use crate::audit::Draft;
use crate::clock::now;
use crate::statistics::{check_fits, year_start};
use crate::{Store, StoreError};
use faro_domain::case::statistics::{CaseCounts, FirstService, PROMPT_DAYS, PartnerCounts};
use faro_domain::case::{CaseStatus, ClosureReason, Day, ServiceKind};
use faro_domain::referral::ReferralStatus;
use faro_domain::{AccessContext, OrganisationId, Vocabulary};
use std::collections::BTreeMap;

const MICRO: f64 = 1_000_000.0;

/// Counts by code.
type Rows = Vec<(Option<String>, i64)>;
/// What counting reads: by status, by closure reason, services delivered, waits in days
/// (-1: none yet), overdue, and (cases, sum of versions).
type Counted = (Rows, Rows, Rows, Vec<(i64, i64)>, i64, (i64, i64));
/// What counting referrals reads: cases by status out, in, overdue, and referral steps.
type ReferralRows = (Rows, Rows, i64, i64);
/// What finding the due releases reads: each organisation's (cases, sum of versions) now,
/// its newest release's (made at, cases, sum of versions), its ρ spent this year, and the
/// organisations whose release is waiting in the jobs.
type DueRows = (
    Vec<(i64, i64, i64)>,
    Vec<(i64, i64, i64, i64)>,
    Vec<(i64, i64)>,
    Vec<i64>,
);

/// Leaves out the cases whose newest statistics consent is not "given".
const COUNTED: &str = " AND NOT EXISTS (SELECT 1 FROM case_consents k WHERE k.case_id = c.id \
     AND k.purpose = 'statistics' AND k.state <> 'given' AND k.id = \
     (SELECT MAX(id) FROM case_consents WHERE case_id = c.id AND purpose = 'statistics'))";

/// An organisation's newest release of case statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRelease {
    pub id: i64,
    pub made_at: i64,
    pub epsilon: f64,
    pub delta: f64,
    pub counts: CaseCounts<i64>,
}

/// What a new release spends and holds.
pub struct NewCaseRelease<'a> {
    pub epsilon: f64,
    pub delta: f64,
    pub rho: f64,
    /// The instance's yearly cap as ε (an organisation's own figure overrides it).
    pub annual_epsilon: f64,
    /// The yearly cap as ρ, from the cap as ε.
    pub annual_rho: &'a (dyn Fn(f64) -> f64 + Sync),
    pub counts: CaseCounts<i64>,
    /// What the counts were made from: how many cases, and their last change.
    pub seen: CasesSeen,
}

/// How many cases a count saw and the sum of their versions (every change of a case raises
/// it by one): a release is due again when either differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CasesSeen {
    pub cases: i64,
    pub versions: i64,
}

/// An organisation whose cases changed since its newest release.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaseReleaseDue {
    pub organisation: OrganisationId,
    /// ρ spent this calendar year, in millionths.
    pub spent_rho_micro: i64,
    /// The organisation's own yearly cap as ε, when the operator set one.
    pub annual_epsilon: Option<f64>,
}

/// Adds each `(code, n)` to the cell of its value in `table`; an unknown code is dropped.
fn place<V: Vocabulary>(table: &mut [u64], rows: Vec<(Option<String>, i64)>) {
    for (code, n) in rows {
        let at = code
            .as_deref()
            .and_then(V::from_code)
            .and_then(|v| V::ALL.iter().position(|x| *x == v));
        if let Some(at) = at {
            table[at] += u64::try_from(n).unwrap_or(0);
        }
    }
}

impl Store {
    /// The organisation's case statistics now, every case in, for those who read them
    /// exactly (its admins and the supervisors of its teams, who read every case); `None` for
    /// everyone else, who read its releases.
    pub async fn case_statistics(
        &self,
        ctx: &AccessContext,
    ) -> Result<Option<CaseCounts<u64>>, StoreError> {
        let reader: Reader = match self.case_reader(ctx).await {
            Ok(reader) => reader,
            Err(StoreError::Forbidden { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        match ctx.organisation() {
            Some(org) if reader.is_supervisor() => Ok(Some(self.count_cases(org, "").await?.0)),
            _ => Ok(None),
        }
    }

    /// The counts of a release of `organisation`'s case statistics: the cases whose person
    /// refused or withdrew their consent to be counted are left out.
    pub async fn count_cases_for_release(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
    ) -> Result<(CaseCounts<u64>, CasesSeen), StoreError> {
        if !ctx.speaks_for(organisation) {
            return Err(StoreError::Forbidden {
                action: "release_case_statistics",
            });
        }
        self.count_cases(organisation, COUNTED).await
    }

    async fn count_cases(
        &self,
        organisation: OrganisationId,
        only: &str,
    ) -> Result<(CaseCounts<u64>, CasesSeen), StoreError> {
        let org = organisation.0;
        let today = i64::from(Day::of_unix(now()).0);
        let mut counts = CaseCounts::zero();
        let by = |column: &str, extra: &str| {
            format!(
                "SELECT {column}, COUNT(*) FROM cases c WHERE c.organisation_id = {org}{extra}{only} GROUP BY {column}"
            )
        };
        let status = by("c.status", "");
        let closures = by("c.closure_reason", " AND c.status = 'closed'");
        let delivered = format!(
            "SELECT s.service, COUNT(DISTINCT s.case_id) FROM case_services s JOIN cases c ON c.id = s.case_id \
             WHERE c.organisation_id = {org} AND s.status = 'delivered'{only} GROUP BY s.service"
        );
        let waits = format!(
            "SELECT CASE WHEN c.first_service_at IS NULL THEN -1 \
             ELSE (c.first_service_at - c.opened_at) / 86400 END AS days, COUNT(*) \
             FROM cases c WHERE c.organisation_id = {org}{only} GROUP BY days"
        );
        let overdue = format!(
            "SELECT COUNT(*) FROM cases c WHERE c.organisation_id = {org} AND c.status <> 'closed'{only} \
             AND EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id AND t.done_at IS NULL AND t.due_day < {today})"
        );
        let seen = format!(
            "SELECT COUNT(*), CAST(COALESCE(SUM(c.version), 0) AS BIGINT) FROM cases c WHERE c.organisation_id = {org}{only}"
        );
        let (status, closures, delivered, waits, overdue, seen): Counted = with_pool!(self, |p| (
            sqlx::query_as(&status).fetch_all(p).await?,
            sqlx::query_as(&closures).fetch_all(p).await?,
            sqlx::query_as(&delivered).fetch_all(p).await?,
            sqlx::query_as(&waits).fetch_all(p).await?,
            sqlx::query_scalar(&overdue).fetch_one(p).await?,
            sqlx::query_as(&seen).fetch_one(p).await?,
        ));
        let referrals = self.count_referrals(organisation, only).await?;
        place::<ReferralStatus>(&mut counts.referred_out, referrals.0);
        place::<ReferralStatus>(&mut counts.referred_in, referrals.1);
        counts.follow_up_overdue = u64::try_from(referrals.2).unwrap_or(0);
        counts.partners = self.count_partners(organisation, only).await?;
        place::<CaseStatus>(&mut counts.status, status);
        place::<ClosureReason>(&mut counts.closures, closures);
        place::<ServiceKind>(&mut counts.delivered, delivered);
        for (days, n) in waits {
            let band = FirstService::of((days >= 0).then_some(days));
            if let Some(at) = FirstService::ALL.iter().position(|b| *b == band) {
                counts.first_service[at] += u64::try_from(n).unwrap_or(0);
            }
        }
        counts.overdue = u64::try_from(overdue).unwrap_or(0);
        let seen = CasesSeen {
            cases: seen.0,
            versions: seen.1 + referrals.3,
        };
        Ok((counts, seen))
    }

    /// The referral tables of `organisation`'s statistics: its cases by the status of the
    /// referrals they sent, other organisations' cases by the status of those they sent it
    /// (each case once per status; `only` applies to the referred case, whoever keeps it),
    /// its cases with an open referral past its follow-up, and how many steps its referrals
    /// took (a change the next release is due for).
    async fn count_referrals(
        &self,
        organisation: OrganisationId,
        only: &str,
    ) -> Result<ReferralRows, StoreError> {
        let org = organisation.0;
        let today = i64::from(Day::of_unix(now()).0);
        let by_status = |side: &str| {
            format!(
                "SELECT r.status, COUNT(DISTINCT r.case_id) FROM referrals r JOIN cases c ON c.id = r.case_id \
                 WHERE r.{side} = {org}{only} GROUP BY r.status"
            )
        };
        let out = by_status("from_organisation");
        let incoming = by_status("to_organisation");
        let open = ReferralStatus::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| format!("'{}'", s.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let overdue = format!(
            "SELECT COUNT(DISTINCT r.case_id) FROM referrals r JOIN cases c ON c.id = r.case_id \
             WHERE r.from_organisation = {org} AND r.status IN ({open}) AND r.follow_up_day < {today}{only}"
        );
        let steps = format!(
            "SELECT COUNT(*) FROM referral_events e JOIN referrals r ON r.id = e.referral_id \
             WHERE r.from_organisation = {org} OR r.to_organisation = {org}"
        );
        Ok(with_pool!(self, |p| (
            sqlx::query_as(&out).fetch_all(p).await?,
            sqlx::query_as(&incoming).fetch_all(p).await?,
            sqlx::query_scalar(&overdue).fetch_one(p).await?,
            sqlx::query_scalar(&steps).fetch_one(p).await?,
        )))
    }

    /// The partner table: a row for every other organisation on the instance and one for
    /// providers not on it (so that which rows exist tells nothing), and each of
    /// `organisation`'s cases under the receiver of its latest referral only: referred, and
    /// whether that referral was accepted (or done) and answered within
    /// [`PROMPT_DAYS`](faro_domain::case::statistics::PROMPT_DAYS).
    async fn count_partners(
        &self,
        organisation: OrganisationId,
        only: &str,
    ) -> Result<Vec<PartnerCounts<u64>>, StoreError> {
        let org = organisation.0;
        let latest = format!(
            "SELECT r.to_organisation, r.status, r.created_at, r.answered_at FROM referrals r \
             JOIN cases c ON c.id = r.case_id WHERE r.from_organisation = {org}{only} AND r.id = \
             (SELECT MAX(l.id) FROM referrals l WHERE l.case_id = r.case_id AND l.from_organisation = {org})"
        );
        let rows: Vec<(Option<i64>, String, i64, Option<i64>)> =
            with_pool!(self, |p| sqlx::query_as(&latest).fetch_all(p).await?);
        let row = |organisation: Option<i64>, name: String| PartnerCounts {
            organisation,
            name,
            referred: 0,
            accepted: 0,
            prompt: 0,
        };
        let mut partners: Vec<PartnerCounts<u64>> = self
            .organisations()
            .await?
            .into_iter()
            .filter(|o| o.id != organisation)
            .map(|o| row(Some(o.id.0), o.name))
            .collect();
        partners.push(row(None, String::new()));
        let accepted = [ReferralStatus::Accepted.code(), ReferralStatus::Done.code()];
        for (to, status, created, answered) in rows {
            // A removed organisation's row is gone: its cases are no longer counted.
            let Some(p) = partners.iter_mut().find(|p| p.organisation == to) else {
                continue;
            };
            p.referred += 1;
            p.accepted += u64::from(accepted.contains(&status.as_str()));
            p.prompt += u64::from(answered.is_some_and(|a| a - created <= PROMPT_DAYS * 86_400));
        }
        Ok(partners)
    }

    /// Stores a release of `organisation`'s case statistics if it fits the year's cap (else
    /// `Budget`, and nothing is stored), with its audit entry, in one transaction.
    pub async fn save_case_release(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        release: &NewCaseRelease<'_>,
    ) -> Result<i64, StoreError> {
        if !ctx.speaks_for(organisation) {
            return Err(StoreError::Forbidden {
                action: "release_case_statistics",
            });
        }
        let at = now();
        let counts = serde_json::to_string(&release.counts)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let asked = (release.rho * MICRO).ceil() as i64;
        let spent_sql = "SELECT CAST(COALESCE(SUM(rho_micro), 0) AS BIGINT) FROM privacy_ledger \
                         WHERE organisation_id = $1 AND cases = 1 AND released_at >= $2";
        let pay = "INSERT INTO privacy_ledger (organisation_id, epsilon_micro, released_at, rho_micro, cases) \
                   VALUES ($1, $2, $3, $4, 1)";
        let insert = "INSERT INTO case_releases (organisation_id, made_at, epsilon_micro, delta, \
                      cases_seen, versions, counts) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let id = in_transaction!(self, |tx, dialect| {
            let own = organisation_budget!(tx, dialect, organisation, "annual_epsilon_per_source");
            let cap = ((release.annual_rho)(own.unwrap_or(release.annual_epsilon)) * MICRO).floor()
                as i64;
            let spent: i64 = sqlx::query_scalar(spent_sql)
                .bind(organisation.0)
                .bind(year_start(at))
                .fetch_one(&mut *tx)
                .await?;
            check_fits(spent, release.rho, cap)?;
            sqlx::query(pay)
                .bind(organisation.0)
                .bind((release.epsilon * MICRO).ceil() as i64)
                .bind(at)
                .bind(asked)
                .execute(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(insert)
                .bind(organisation.0)
                .bind(at)
                .bind((release.epsilon * MICRO).ceil() as i64)
                .bind(release.delta)
                .bind(release.seen.cases)
                .bind(release.seen.versions)
                .bind(&counts)
                .fetch_one(&mut *tx)
                .await?;
            let detail = serde_json::json!({
                "release_id": id,
                "epsilon": release.epsilon,
                "rho": release.rho,
                "rho_spent_this_year": (spent + asked) as f64 / MICRO,
                "rho_cap": cap as f64 / MICRO,
            });
            let entry = Draft::new(Some(organisation), ctx, "cases.release", detail);
            append_audit!(self, tx, dialect, entry);
            id
        });
        Ok(id)
    }

    /// The newest release of the case statistics of the caller's organisation.
    pub async fn newest_case_release(
        &self,
        ctx: &AccessContext,
    ) -> Result<Option<CaseRelease>, StoreError> {
        let Some(organisation) = ctx.organisation() else {
            return Ok(None);
        };
        let sql = "SELECT id, made_at, epsilon_micro, delta, counts FROM case_releases \
                   WHERE organisation_id = $1 ORDER BY id DESC LIMIT 1";
        let row: Option<(i64, i64, i64, f64, String)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        row.map(|(id, made_at, epsilon, delta, counts)| {
            let counts = serde_json::from_str(&counts)
                .map_err(|e| StoreError::Internal(format!("case release {id}: {e}")))?;
            Ok(CaseRelease {
                id,
                made_at,
                epsilon: epsilon as f64 / MICRO,
                delta,
                counts,
            })
        })
        .transpose()
    }

    /// The organisations whose cases changed (in number or content) since their newest
    /// release of case statistics, made more than `interval` seconds ago (or never).
    pub async fn case_releases_due(
        &self,
        interval: i64,
    ) -> Result<Vec<CaseReleaseDue>, StoreError> {
        let at = now();
        let cases = format!(
            "SELECT c.organisation_id, COUNT(*), CAST(COALESCE(SUM(c.version), 0) AS BIGINT) FROM cases c \
             JOIN organisations o ON o.id = c.organisation_id WHERE o.removed_at IS NULL{COUNTED} \
             GROUP BY c.organisation_id"
        );
        let newest = "SELECT organisation_id, made_at, cases_seen, versions FROM case_releases \
                      WHERE id IN (SELECT MAX(id) FROM case_releases GROUP BY organisation_id)";
        let spent = "SELECT organisation_id, CAST(SUM(rho_micro) AS BIGINT) FROM privacy_ledger \
                     WHERE cases = 1 AND released_at >= $1 GROUP BY organisation_id";
        // An organisation whose release is already queued or running is not due again.
        let waiting = "SELECT organisation_id FROM jobs WHERE kind = 'statistics' \
                       AND state IN ('queued', 'running') AND params = '{\"cases\":true}'";
        let caps =
            "SELECT id, annual_epsilon_per_source FROM organisations WHERE removed_at IS NULL";
        let caps: Vec<(i64, Option<f64>)> =
            with_pool!(self, |p| sqlx::query_as(caps).fetch_all(p).await?);
        let caps: BTreeMap<i64, Option<f64>> = caps.into_iter().collect();
        let steps = "SELECT o, COUNT(*) FROM (SELECT r.from_organisation AS o FROM referral_events e \
                     JOIN referrals r ON r.id = e.referral_id UNION ALL SELECT r.to_organisation AS o \
                     FROM referral_events e JOIN referrals r ON r.id = e.referral_id \
                     WHERE r.to_organisation IS NOT NULL) x GROUP BY o";
        let steps: Vec<(i64, i64)> =
            with_pool!(self, |p| sqlx::query_as(steps).fetch_all(p).await?);
        let (cases, newest, spent, waiting): DueRows = with_pool!(self, |p| (
            sqlx::query_as(&cases).fetch_all(p).await?,
            sqlx::query_as(newest).fetch_all(p).await?,
            sqlx::query_as(spent)
                .bind(year_start(at))
                .fetch_all(p)
                .await?,
            sqlx::query_scalar(waiting).fetch_all(p).await?,
        ));
        let mut now_seen: BTreeMap<i64, CasesSeen> = cases
            .into_iter()
            .map(|(org, cases, versions)| (org, CasesSeen { cases, versions }))
            .collect();
        // A referral's step changes its sender's and receiver's statistics, not their cases.
        for (org, steps) in steps {
            now_seen.entry(org).or_default().versions += steps;
        }
        let mut due = Vec::new();
        for (org, made_at, cases, versions) in newest {
            let seen = now_seen.remove(&org).unwrap_or_default();
            let changed = seen != CasesSeen { cases, versions };
            if changed && made_at <= at - interval {
                due.push(org);
            }
        }
        due.extend(now_seen.into_keys());
        due.retain(|org| !waiting.contains(org));
        let spent: BTreeMap<i64, i64> = spent.into_iter().collect();
        Ok(due
            .into_iter()
            .filter(|org| caps.contains_key(org))
            .map(|org| CaseReleaseDue {
                organisation: OrganisationId(org),
                spent_rho_micro: spent.get(&org).copied().unwrap_or(0),
                annual_epsilon: caps.get(&org).copied().flatten(),
            })
            .collect())
    }
}
