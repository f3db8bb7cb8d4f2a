//! `faro admin rotate-key`: moves everything the data key protects to a new key in one
//! transaction, so the database is never half on one key and half on the other.
//!
//! What depends on the key: encrypted record notes, reports, TOTP secrets, jobs' files,
//! releases' lists of records and cases' sealed values and search terms (decrypted with the old key,
//! encrypted with the new), the audit chains (verified under the old key inside the same
//! transaction, then every MAC recomputed under the new one), and the stored check value.

use crate::audit::{
    ENTRIES_SQL, HEADS_SQL, Head, ORGANISATION_IDS_SQL, check_chains, expected_chains, head_tag,
    mac_parts,
};
use crate::keys::Keys;
use crate::notes::note_place;
use crate::{AuditEntry, DataKey, Store, StoreError};
use faro_domain::AccessContext;
use serde_json::json;
use std::sync::Arc;

/// What a rotation re-encrypted or re-signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    pub notes: usize,
    pub two_factor_secrets: usize,
    /// Reports' sealed fields, messages and photos.
    pub report_texts: usize,
    /// Chunks of jobs' uploads and errors files.
    pub job_chunks: usize,
    /// Releases' sealed lists of records.
    pub release_lists: usize,
    /// Cases' sealed values (people, plans, consents, services, tasks, history) and the
    /// directory's confidential locations.
    pub case_values: usize,
    pub audit_entries: usize,
}

impl Store {
    /// Re-keys the database to `new` and returns the store unlocked with it. Only the
    /// instance operator may; a tampered audit log is refused (`Tampered`) and nothing
    /// changes, since re-signing it would hide the tampering.
    pub async fn rotate_key(
        self,
        ctx: &AccessContext,
        new: &DataKey,
    ) -> Result<(Store, Rotation), StoreError> {
        if !ctx.is_instance() {
            return Err(StoreError::Forbidden {
                action: "rotate_key",
            });
        }
        let old = self.keys.clone().ok_or(StoreError::Locked)?;
        let fresh = Keys::new(new);
        let notes_sql =
            "SELECT id, record_id, author, created_at, ciphertext FROM record_notes ORDER BY id";
        let note_set = "UPDATE record_notes SET ciphertext = $1 WHERE id = $2";
        let totp_sql =
            "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL ORDER BY id";
        let totp_set = "UPDATE users SET totp_secret = $1 WHERE id = $2";
        let audit_set = "UPDATE audit_log SET mac = $1 WHERE chain = $2 AND seq = $3";
        let head_set = "UPDATE audit_heads SET mac = $1, tag = $2 WHERE chain = $3 AND seq = $4";
        let check_set = "UPDATE meta SET value = $1 WHERE name = 'key_check'";
        let rotation = in_transaction!(self, |tx, dialect| {
            if let Some(lock) = dialect.lock_audit_chains() {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            {
                let notes: Vec<(i64, i64, String, i64, String)> =
                    sqlx::query_as(notes_sql).fetch_all(&mut *tx).await?;
                for (id, record_id, author, at, sealed) in &notes {
                    let place = note_place(*record_id, *at, author);
                    let resealed = fresh.seal(&place, &old.open(&place, sealed)?)?;
                    sqlx::query(note_set)
                        .bind(resealed)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                let secrets: Vec<(i64, String)> =
                    sqlx::query_as(totp_sql).fetch_all(&mut *tx).await?;
                for (id, sealed) in &secrets {
                    let place = crate::session::totp_place(*id);
                    let resealed = fresh.seal(&place, &old.open(&place, sealed)?)?;
                    sqlx::query(totp_set)
                        .bind(resealed)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                let report_texts = crate::reports::reseal(&mut tx, &old, &fresh).await?;
                let job_chunks = crate::jobs::reseal(&mut tx, &old, &fresh).await?;
                let release_lists = crate::releases::reseal(&mut tx, &old, &fresh).await?;
                let case_values = crate::cases::reseal(&mut tx, &old, &fresh).await?;
                let models = reseal_texts(
                    &mut tx,
                    (&old, &fresh),
                    ("triage_models", "organisation_id", "sealed"),
                    |organisation| {
                        crate::reports::learning::model_place(faro_domain::OrganisationId(
                            organisation,
                        ))
                    },
                )
                .await?;
                let findings = reseal_texts(
                    &mut tx,
                    (&old, &fresh),
                    ("report_triage", "report_id", "findings"),
                    crate::reports::suggested::findings_place,
                )
                .await?;
                let case_values =
                    case_values + crate::directory::reseal(&mut tx, &old, &fresh).await? + models;
                let report_texts = report_texts + findings;
                // Verified under the old key inside the transaction, so nothing appended or
                // changed since can be re-signed unchecked.
                let entries: Vec<AuditEntry> =
                    sqlx::query_as(ENTRIES_SQL).fetch_all(&mut *tx).await?;
                let heads: Vec<Head> = sqlx::query_as(HEADS_SQL).fetch_all(&mut *tx).await?;
                let organisations: Vec<i64> = sqlx::query_scalar(ORGANISATION_IDS_SQL)
                    .fetch_all(&mut *tx)
                    .await?;
                let expected = expected_chains(&entries, &organisations);
                check_chains(&old, &entries, &heads, &expected).map_err(StoreError::Tampered)?;
                let mut prev = String::new();
                for (i, e) in entries.iter().enumerate() {
                    if i > 0 && entries[i - 1].chain != e.chain {
                        prev = String::new();
                    }
                    let mac = fresh.audit_mac(&mac_parts(
                        &prev, e.seq, &e.chain, e.at, &e.actor, &e.action, &e.detail,
                    ));
                    sqlx::query(audit_set)
                        .bind(&mac)
                        .bind(&e.chain)
                        .bind(e.seq)
                        .execute(&mut *tx)
                        .await?;
                    if entries.get(i + 1).is_none_or(|next| next.chain != e.chain) {
                        sqlx::query(head_set)
                            .bind(&mac)
                            .bind(head_tag(&fresh, &e.chain, e.seq, &mac))
                            .bind(&e.chain)
                            .bind(e.seq)
                            .execute(&mut *tx)
                            .await?;
                    }
                    prev = mac;
                }
                sqlx::query(check_set)
                    .bind(fresh.check_value())
                    .execute(&mut *tx)
                    .await?;
                Rotation {
                    notes: notes.len(),
                    two_factor_secrets: secrets.len(),
                    report_texts,
                    job_chunks,
                    release_lists,
                    case_values,
                    audit_entries: entries.len(),
                }
            }
        });
        let store = Store {
            keys: Some(Arc::new(fresh)),
            ..self
        };
        store
            .audit(
                ctx,
                "key.rotate",
                json!({ "notes": rotation.notes, "two_factor_secrets": rotation.two_factor_secrets, "report_texts": rotation.report_texts, "job_chunks": rotation.job_chunks, "audit_entries": rotation.audit_entries }),
            )
            .await?;
        Ok((store, rotation))
    }
}

/// Re-seals the binary column `content` of every row of `table` from `old` to `fresh`; each
/// row's place is `place` of its two columns `owner` (`"report_id, created_at"`, say). How many
/// rows moved.
pub(crate) async fn reseal_blobs<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    (old, fresh): (&Keys, &Keys),
    table: &str,
    owner: &str,
    place: impl Fn(i64, i64) -> String,
) -> Result<usize, StoreError>
where
    DB: sqlx::Database,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Vec<u8>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64, i64, i64, Vec<u8>): sqlx::FromRow<'r, DB::Row>,
{
    // Table and column names are this crate's constants, never caller text.
    let select = format!("SELECT id, {owner}, content FROM {table} ORDER BY id");
    let update = format!("UPDATE {table} SET content = $1 WHERE id = $2");
    let rows: Vec<(i64, i64, i64, Vec<u8>)> = sqlx::query_as(&select).fetch_all(&mut **tx).await?;
    let n = rows.len();
    for (id, a, b, sealed) in rows {
        let at = place(a, b);
        sqlx::query(&update)
            .bind(fresh.seal_bytes(&at, &old.open_bytes(&at, &sealed)?)?)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(n)
}

/// Re-seals the text column `sealed` of every row of `table` from `old` to `fresh`; each row's
/// place is `place` of its whole-number key column `key`. How many rows moved.
pub(crate) async fn reseal_texts<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    (old, fresh): (&Keys, &Keys),
    (table, key, sealed): (&str, &str, &str),
    place: impl Fn(i64) -> String,
) -> Result<usize, StoreError>
where
    DB: sqlx::Database,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64, String): sqlx::FromRow<'r, DB::Row>,
{
    // Table and column names are this crate's constants, never caller text.
    let select = format!("SELECT {key}, {sealed} FROM {table} ORDER BY {key}");
    let update = format!("UPDATE {table} SET {sealed} = $1 WHERE {key} = $2");
    let rows: Vec<(i64, String)> = sqlx::query_as(&select).fetch_all(&mut **tx).await?;
    for (id, text) in &rows {
        let at = place(*id);
        sqlx::query(&update)
            .bind(fresh.seal(&at, &old.open(&at, text)?)?)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(rows.len())
}
