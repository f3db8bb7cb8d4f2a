//! Retention: closed reports, their messages and photos are deleted after the configured
//! period (SQLite overwrites them: `secure_delete`), and each organisation's chain says how
//! many went, never what they said.

use super::*;

impl Store {
    /// Deletes reports closed (or finished as duplicates or records) before `before`, with
    /// their messages and photos, and says in each organisation's chain how many went.
    /// Returns how many reports were deleted.
    pub async fn delete_closed_reports(
        &self,
        ctx: &AccessContext,
        before: i64,
    ) -> Result<u64, StoreError> {
        self.delete_closed_reports_by(ctx, |_| before).await
    }

    /// The retention sweep at `now`: each organisation's closed reports go after its own
    /// period, when it set one shorter than the instance's `days`, else after `days`.
    pub async fn apply_retention(
        &self,
        ctx: &AccessContext,
        now: i64,
        days: u32,
    ) -> Result<u64, StoreError> {
        let own = self.retention_overrides().await?;
        self.delete_closed_reports_by(ctx, |org| {
            let kept = own.get(&org).map_or(days, |d| (*d).min(days));
            now - i64::from(kept) * 86_400
        })
        .await
    }

    async fn delete_closed_reports_by(
        &self,
        ctx: &AccessContext,
        before: impl Fn(i64) -> i64,
    ) -> Result<u64, StoreError> {
        if !ctx.is_instance() {
            return Err(StoreError::Forbidden {
                action: "apply_retention",
            });
        }
        let closed = "SELECT DISTINCT organisation_id FROM reports WHERE closed_at IS NOT NULL ORDER BY organisation_id";
        let unlink = "UPDATE reports SET duplicate_of = NULL WHERE duplicate_of IN (SELECT id FROM reports WHERE closed_at IS NOT NULL AND closed_at < $1 AND organisation_id = $2)";
        let delete = "DELETE FROM reports WHERE closed_at IS NOT NULL AND closed_at < $1 AND organisation_id = $2";
        let deleted = in_transaction!(self, |tx, dialect| {
            let organisations: Vec<i64> = sqlx::query_scalar(closed).fetch_all(&mut *tx).await?;
            let mut deleted = 0u64;
            for org in organisations {
                let cutoff = before(org);
                sqlx::query(unlink)
                    .bind(cutoff)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?;
                let n = sqlx::query(delete)
                    .bind(cutoff)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    continue;
                }
                deleted += n;
                let detail = json!({ "reports": n, "closed_before": cutoff });
                let entry = Draft::new(Some(OrganisationId(org)), ctx, "report.delete", detail);
                append_audit!(self, tx, dialect, entry);
            }
            deleted
        });
        Ok(deleted)
    }
}
