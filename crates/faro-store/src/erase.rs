//! Deleting data with its trace: a whole source (a wrong import), one person's record (an
//! erasure request) and everything an organisation that leaves had (its chain is kept). Each deletion and its audit entry commit in one transaction, in the
//! chain of the organisation the data belonged to; the entry says what went and why, never
//! what the record held. The source's revision moves, so the analytics index and its snapshot
//! drop or recount what went (released aggregates are recomputed from what is left).

use crate::audit::Draft;
use crate::{Store, StoreError};
use faro_domain::{AccessContext, Role};

/// Why a record is erased: a closed set, so that the audit entry says why without free text
/// that could describe the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureReason {
    /// The person asked (a data subject's request).
    SubjectRequest,
    /// The record is wrong (entered in error, not a real case).
    WrongData,
    /// The record duplicates another.
    Duplicate,
    /// A court or authority ordered it.
    LegalOrder,
}

impl ErasureReason {
    pub const ALL: [ErasureReason; 4] = [
        ErasureReason::SubjectRequest,
        ErasureReason::WrongData,
        ErasureReason::Duplicate,
        ErasureReason::LegalOrder,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ErasureReason::SubjectRequest => "subject_request",
            ErasureReason::WrongData => "wrong_data",
            ErasureReason::Duplicate => "duplicate",
            ErasureReason::LegalOrder => "legal_order",
        }
    }
}

/// What a deleted source was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedSource {
    pub id: i64,
    pub name: String,
    pub sha256: String,
    pub records: i64,
}

/// Only the instance operator or an admin of the organisation that owns the data deletes it.
fn may_delete(
    ctx: &AccessContext,
    organisation: faro_domain::OrganisationId,
) -> Result<(), StoreError> {
    if ctx.speaks_for(organisation) && (ctx.is_instance() || ctx.role() == Some(Role::Admin)) {
        Ok(())
    } else {
        Err(StoreError::Forbidden {
            action: "delete_data",
        })
    }
}

impl Store {
    /// Deletes a source with its records and their notes (and its index snapshot), audited
    /// with its name, file hash and number of records.
    pub async fn remove_source(
        &self,
        ctx: &AccessContext,
        id: i64,
    ) -> Result<DeletedSource, StoreError> {
        let source = self.source(ctx, id).await?;
        may_delete(ctx, source.organisation)?;
        let count = "SELECT COUNT(*) FROM records WHERE source_id = $1";
        Ok(in_transaction!(self, |tx, dialect| {
            let records: i64 = sqlx::query_scalar(count)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            for sql in crate::source::DELETE_SOURCE {
                sqlx::query(sql).bind(id).execute(&mut *tx).await?;
            }
            let detail = serde_json::json!({
                "source_id": id, "name": source.name, "sha256": source.sha256, "records": records,
            });
            let entry = Draft::new(Some(source.organisation), ctx, "source.delete", detail);
            append_audit!(self, tx, dialect, entry);
            DeletedSource {
                id,
                name: source.name.clone(),
                sha256: source.sha256.clone(),
                records,
            }
        }))
    }

    /// Erases one record and its notes, audited with its number, its source and `reason`
    /// only. Its source's revision moves, so every released aggregate is counted again
    /// without it. Every release of the organisation that holds it (or may: one made before
    /// releases kept their list) is withdrawn in the same transaction, public or not, each
    /// audited; their ids are returned.
    pub async fn erase_record(
        &self,
        ctx: &AccessContext,
        id: i64,
        reason: ErasureReason,
    ) -> Result<Vec<i64>, StoreError> {
        let record = self.record(ctx, id).await?;
        let source = self.source(ctx, record.source_id).await?;
        may_delete(ctx, source.organisation)?;
        let keys = self.current_keys().await?;
        Ok(in_transaction!(self, |tx, dialect| {
            sqlx::query("DELETE FROM records WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE sources SET revision = revision + 1, rows_imported = rows_imported - 1 WHERE id = $1",
            )
            .bind(source.id)
            .execute(&mut *tx)
            .await?;
            let detail = serde_json::json!({
                "record_id": id, "source_id": source.id, "reason": reason.code(),
            });
            let entry = Draft::new(Some(source.organisation), ctx, "record.erase", detail);
            append_audit!(self, tx, dialect, entry);
            let organisation = source.organisation;
            withdraw_releases_holding!(
                self,
                tx,
                dialect,
                ctx,
                &keys,
                organisation,
                id,
                "erased_record"
            )
        }))
    }
}

impl Store {
    /// Erases a case (a subject's request, or a mistake) with its history, consents, plans,
    /// services, tasks and search terms, audited with its number and `reason` only. Its
    /// record, if any, is erased apart (`erase_record`): statistics are not cases.
    pub async fn erase_case(
        &self,
        ctx: &AccessContext,
        id: i64,
        reason: ErasureReason,
    ) -> Result<(), StoreError> {
        let reader = self.case_reader(ctx).await?;
        let (head, _) = self.case_row(&reader, id).await?;
        may_delete(ctx, head.organisation)?;
        in_transaction!(self, |tx, dialect| {
            sqlx::query("DELETE FROM cases WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let detail = serde_json::json!({ "case_id": id, "reason": reason.code() });
            let entry = Draft::new(Some(head.organisation), ctx, "case.erase", detail);
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }
}

/// What went when an organisation was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RemovedOrganisation {
    /// Its cases, with everything that hung from them (not exported: see `faro admin org remove`).
    pub cases: u64,
    pub sources: u64,
    pub records: u64,
    pub reports: u64,
    pub users: u64,
    /// Its releases for the public, public ones included: none stays downloadable.
    pub releases: u64,
}

/// What removing organisation `$1` deletes, in order (cases' details and teams' members, notes, messages, photos, reports' triage, snapshots,
/// statistics releases and release files go with their rows by `ON DELETE CASCADE`). The organisation's row stays,
/// marked removed, so that its audit chain is still expected and verified.
const REMOVE_ORGANISATION: [&str; 13] = [
    "DELETE FROM cases WHERE organisation_id = $1",
    "DELETE FROM teams WHERE organisation_id = $1",
    "DELETE FROM records WHERE source_id IN (SELECT id FROM sources WHERE organisation_id = $1)",
    "DELETE FROM sources WHERE organisation_id = $1",
    "DELETE FROM reports WHERE organisation_id = $1",
    "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE organisation_id = $1)",
    "DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE organisation_id = $1)",
    "DELETE FROM password_links WHERE user_id IN (SELECT id FROM users WHERE organisation_id = $1)",
    "DELETE FROM users WHERE organisation_id = $1",
    "DELETE FROM jobs WHERE organisation_id = $1",
    "DELETE FROM releases WHERE organisation_id = $1",
    "DELETE FROM case_releases WHERE organisation_id = $1",
    "DELETE FROM triage_models WHERE organisation_id = $1",
];

impl Store {
    /// Deletes everything an organisation had (sources, records, notes, reports, users and
    /// their credentials) and closes its audit chain with a final entry, recorded in the
    /// instance's chain too; the chain itself is kept. Export what the organisation should
    /// take with it first: nothing deleted here can be read again. The default organisation,
    /// which holds the instance's own imports, cannot be removed.
    pub async fn remove_organisation(
        &self,
        ctx: &AccessContext,
        organisation: faro_domain::OrganisationId,
    ) -> Result<RemovedOrganisation, StoreError> {
        may_delete(ctx, organisation)?;
        if organisation == crate::DEFAULT_ORGANISATION {
            return Err(StoreError::Forbidden {
                action: "remove_default",
            });
        }
        self.organisation(organisation).await?;
        let now = crate::clock::now();
        Ok(in_transaction!(self, |tx, dialect| {
            let mut changed = Vec::with_capacity(REMOVE_ORGANISATION.len());
            for sql in REMOVE_ORGANISATION {
                let done = sqlx::query(sql)
                    .bind(organisation.0)
                    .execute(&mut *tx)
                    .await?;
                changed.push(done.rows_affected());
            }
            sqlx::query("UPDATE organisations SET removed_at = $1 WHERE id = $2")
                .bind(now)
                .bind(organisation.0)
                .execute(&mut *tx)
                .await?;
            let removed = RemovedOrganisation {
                cases: changed[0],
                sources: changed[3],
                records: changed[2],
                reports: changed[4],
                users: changed[8],
                releases: changed[10],
            };
            let mut detail = serde_json::to_value(removed).unwrap_or_default();
            detail["organisation_id"] = organisation.0.into();
            let closing = Draft::new(
                Some(organisation),
                ctx,
                "organisation.remove",
                detail.clone(),
            );
            append_audit!(self, tx, dialect, closing);
            let record = Draft::new(None, ctx, "organisation.remove", detail);
            append_audit!(self, tx, dialect, record);
            removed
        }))
    }
}
