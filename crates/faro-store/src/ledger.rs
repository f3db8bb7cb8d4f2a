//! The privacy ledger: what each organisation has spent of its differential privacy budget,
//! across every table of every release. A release is written to the ledger, with its audit
//! entry, before its noisy tables are made, so that a release that fails afterwards is still
//! paid for (a retry would otherwise see fresh noise for free); one that would exceed the
//! budget is refused and nothing is spent.

use crate::audit::Draft;
use crate::{Store, StoreError};
use faro_domain::{AccessContext, OrganisationId};

/// The operator's budget in `column` for an organisation (`None`: the instance's), its row
/// locked for the rest of the transaction, which orders releases: two at once cannot both fit.
/// `NotFound` when the organisation is removed.
macro_rules! organisation_budget {
    ($tx:ident, $dialect:ident, $organisation:expr, $column:literal) => {{
        let lock = format!(
            concat!(
                "SELECT ",
                $column,
                " FROM organisations WHERE id = $1 AND removed_at IS NULL{}"
            ),
            $dialect.for_update()
        );
        sqlx::query_scalar::<_, Option<f64>>(&lock)
            .bind($organisation.0)
            .fetch_optional(&mut *$tx)
            .await?
            .ok_or($crate::StoreError::NotFound {
                kind: "organisation",
                id: $organisation.0,
            })?
    }};
}

/// A ledger row as verification reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(crate) struct LedgerRow {
    pub organisation_id: i64,
    pub epsilon_micro: i64,
    pub source_id: Option<i64>,
    pub rho_micro: Option<i64>,
    pub cases: i32,
}

pub(crate) const LEDGER_SQL: &str = "SELECT organisation_id, epsilon_micro, source_id, rho_micro, \
     cases FROM privacy_ledger ORDER BY id";

/// What a spend was for: each is its own account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Spend {
    /// Releases of microdata (ε).
    Microdata,
    /// Releases of a source's marginals (ρ).
    Source(i64),
    /// Releases of the organisation's case statistics (ρ).
    Cases,
}

impl std::fmt::Display for Spend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Spend::Microdata => f.write_str("releases of microdata"),
            Spend::Source(s) => write!(f, "releases of source {s}'s statistics"),
            Spend::Cases => f.write_str("releases of case statistics"),
        }
    }
}

/// What one spending account holds: how many spends, and their sum in millionths.
type Account = (u64, i64);

/// The spending accounts of the ledger, by organisation and what was spent for.
fn accounts_of_ledger(rows: &[LedgerRow]) -> std::collections::BTreeMap<(i64, Spend), Account> {
    let mut out = std::collections::BTreeMap::new();
    for row in rows {
        let (spend, amount) = match (row.source_id, row.cases != 0) {
            (Some(source), _) => (Spend::Source(source), row.rho_micro.unwrap_or(0)),
            (None, true) => (Spend::Cases, row.rho_micro.unwrap_or(0)),
            (None, false) => (Spend::Microdata, row.epsilon_micro),
        };
        let (n, sum): &mut Account = out.entry((row.organisation_id, spend)).or_default();
        *n += 1;
        *sum += amount;
    }
    out
}

/// The same accounts as the audit chains record them: each `publish.release` with an ε (a
/// release of microdata with noise), each `statistics.release` (a source's marginals) and each
/// `cases.release` (case statistics).
fn accounts_of_chains(
    entries: &[crate::AuditEntry],
) -> std::collections::BTreeMap<(i64, Spend), Account> {
    let mut out = std::collections::BTreeMap::new();
    for e in entries {
        let Some(organisation) = e
            .chain
            .strip_prefix("organisation ")
            .and_then(|id| id.parse::<i64>().ok())
        else {
            continue;
        };
        let Ok(detail) = serde_json::from_str::<serde_json::Value>(&e.detail) else {
            continue;
        };
        let rho = || detail["rho"].as_f64().unwrap_or(0.0);
        let (spend, amount) = match e.action.as_str() {
            "publish.release" => match detail["epsilon"].as_f64() {
                Some(epsilon) => (Spend::Microdata, epsilon),
                None => continue,
            },
            "statistics.release" => match detail["source_id"].as_i64() {
                Some(source) => (Spend::Source(source), rho()),
                None => continue,
            },
            "cases.release" => (Spend::Cases, rho()),
            _ => continue,
        };
        let (n, sum): &mut Account = out.entry((organisation, spend)).or_default();
        *n += 1;
        *sum += (amount * MICRO).ceil() as i64;
    }
    out
}

/// Whether the privacy ledger holds exactly the spends the audit chains record: a row removed
/// (a spent budget made spendable again) or added outside Faro is named.
pub(crate) fn check_ledger(
    entries: &[crate::AuditEntry],
    rows: &[LedgerRow],
) -> Result<(), crate::AuditProblem> {
    let ledger = accounts_of_ledger(rows);
    let chains = accounts_of_chains(entries);
    let keys: std::collections::BTreeSet<_> = ledger.keys().chain(chains.keys()).collect();
    for key @ (organisation, what) in keys {
        let (held, recorded) = (
            ledger.get(key).copied().unwrap_or_default(),
            chains.get(key).copied().unwrap_or_default(),
        );
        if held != recorded {
            return Err(crate::AuditProblem {
                chain: format!("organisation {organisation}"),
                seq: 0,
                problem: format!(
                    "the privacy ledger holds {} {what} ({} millionths spent) but the audit chain records {} ({} millionths): ledger rows were removed or added outside Faro, so a spent budget could be spent again",
                    held.0, held.1, recorded.0, recorded.1
                ),
            });
        }
    }
    Ok(())
}

/// ε is kept in millionths.
const MICRO: f64 = 1_000_000.0;

/// The organisation's budget after a release.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spent {
    pub spent: f64,
    pub budget: f64,
}

impl Store {
    /// Spends `epsilon` of `organisation`'s `budget`, or refuses with
    /// [`StoreError::Budget`]; audited in its chain with `detail`.
    pub async fn spend_privacy_budget(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        epsilon: f64,
        budget: f64,
        detail: serde_json::Value,
    ) -> Result<Spent, StoreError> {
        if !(ctx.speaks_for(organisation) && ctx.may(faro_domain::Purpose::Records)) {
            return Err(StoreError::Forbidden { action: "publish" });
        }
        let asked = (epsilon * MICRO).ceil() as i64;
        let sum = "SELECT CAST(COALESCE(SUM(epsilon_micro), 0) AS BIGINT) FROM privacy_ledger WHERE organisation_id = $1 AND source_id IS NULL AND cases = 0";
        let insert = "INSERT INTO privacy_ledger (organisation_id, epsilon_micro, released_at) VALUES ($1, $2, $3)";
        let now = crate::clock::now();
        Ok(in_transaction!(self, |tx, dialect| {
            let own = organisation_budget!(tx, dialect, organisation, "publish_epsilon");
            let budget = own.unwrap_or(budget);
            let total = (budget * MICRO).floor() as i64;
            let spent: i64 = sqlx::query_scalar(sum)
                .bind(organisation.0)
                .fetch_one(&mut *tx)
                .await?;
            if spent + asked > total {
                return Err(StoreError::Budget {
                    asked: epsilon,
                    spent: spent as f64 / MICRO,
                    budget,
                    left: ((total - spent).max(0)) as f64 / MICRO,
                });
            }
            sqlx::query(insert)
                .bind(organisation.0)
                .bind(asked)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            let mut detail = detail;
            detail["epsilon"] = epsilon.into();
            detail["spent"] = ((spent + asked) as f64 / MICRO).into();
            let entry = Draft::new(Some(organisation), ctx, "publish.release", detail);
            append_audit!(self, tx, dialect, entry);
            Spent {
                spent: (spent + asked) as f64 / MICRO,
                budget,
            }
        }))
    }
}
