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
        let sum = "SELECT CAST(COALESCE(SUM(epsilon_micro), 0) AS BIGINT) FROM privacy_ledger WHERE organisation_id = $1 AND source_id IS NULL";
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
