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
        if !ctx.is_instance() {
            return Err(StoreError::Forbidden {
                action: "apply the retention of reports (only the instance operator may)",
            });
        }
        let due = "SELECT organisation_id, COUNT(*) FROM reports WHERE closed_at IS NOT NULL AND closed_at < $1 GROUP BY organisation_id ORDER BY organisation_id";
        let delete = "DELETE FROM reports WHERE closed_at IS NOT NULL AND closed_at < $1 AND organisation_id = $2";
        let unlink = "UPDATE reports SET duplicate_of = NULL WHERE duplicate_of IN (SELECT id FROM reports WHERE closed_at IS NOT NULL AND closed_at < $1 AND organisation_id = $2)";
        let deleted = in_transaction!(self, |tx, dialect| {
            let counts: Vec<(i64, i64)> =
                sqlx::query_as(due).bind(before).fetch_all(&mut *tx).await?;
            let mut deleted = 0u64;
            for (org, n) in counts {
                sqlx::query(unlink)
                    .bind(before)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?;
                deleted += sqlx::query(delete)
                    .bind(before)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                let detail = json!({ "reports": n, "closed_before": before });
                let entry = Draft::new(Some(OrganisationId(org)), ctx, "report.delete", detail);
                append_audit!(self, tx, dialect, entry);
            }
            deleted
        });
        Ok(deleted)
    }
}
