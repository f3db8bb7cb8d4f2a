//! Record notes: free text about a person, so encrypted at rest with the data key, and every
//! write and read audited like a record read.

use crate::audit::Draft;
use crate::clock::now;
use crate::{Store, StoreError};
use faro_domain::AccessContext;
use serde_json::json;

/// Notes longer than this are refused: a note is not a document store.
pub const NOTE_MAX_CHARS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub record_id: i64,
    /// Who wrote it, as the audit log names them.
    pub author: String,
    /// Unix seconds.
    pub created_at: i64,
    pub text: String,
}

/// The place name bound into every sealed note: the table's name when notes were first
/// written (`case_notes`, renamed `record_notes` since). It is part of every stored
/// ciphertext, so it never follows a rename: old notes must keep opening.
const NOTE_PLACE: &str = "case_notes";

/// What a note's ciphertext is bound to: moved to another record, time or author, it no
/// longer decrypts.
pub(crate) fn note_place(record_id: i64, created_at: i64, author: &str) -> String {
    format!("{NOTE_PLACE} {record_id} {created_at} {author}")
}

impl Store {
    /// Adds a note to a record the caller may read (another organisation's is `NotFound`).
    pub async fn add_note(
        &self,
        ctx: &AccessContext,
        record_id: i64,
        text: &str,
    ) -> Result<Note, StoreError> {
        let keys = self.current_keys().await?;
        self.record_visible(ctx, record_id).await?;
        let text = text.trim();
        let chars = text.chars().count();
        if chars == 0 || chars > NOTE_MAX_CHARS {
            return Err(StoreError::Invalid {
                field: "text",
                problem: faro_domain::Message::new(faro_domain::refusal::NOTE_LENGTH)
                    .with("max", NOTE_MAX_CHARS)
                    .with("chars", chars),
            });
        }
        let at = now();
        let author = ctx.actor().to_string();
        let sealed = keys.seal(&note_place(record_id, at, &author), text)?;
        let sql = "INSERT INTO record_notes (record_id, author, created_at, ciphertext) VALUES ($1, $2, $3, $4) RETURNING id";
        let id: i64 = in_transaction!(self, |tx, dialect| {
            let id: i64 = sqlx::query_scalar(sql)
                .bind(record_id)
                .bind(&author)
                .bind(at)
                .bind(&sealed)
                .fetch_one(&mut *tx)
                .await?;
            let detail = json!({ "record_id": record_id, "note_id": id });
            let entry = Draft::new(ctx.organisation(), ctx, "note.create", detail);
            append_audit!(self, tx, dialect, entry);
            id
        });
        Ok(Note {
            id,
            record_id,
            author,
            created_at: at,
            text: text.to_string(),
        })
    }

    /// The notes of a record the caller may read, oldest first; the read is audited before
    /// the text is returned.
    pub async fn notes(
        &self,
        ctx: &AccessContext,
        record_id: i64,
    ) -> Result<Vec<Note>, StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        self.record_visible(ctx, record_id).await?;
        let sql = "SELECT id, author, created_at, ciphertext FROM record_notes WHERE record_id = $1 ORDER BY id";
        let rows: Vec<(i64, String, i64, String)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(record_id)
            .fetch_all(p)
            .await?);
        let notes = rows
            .into_iter()
            .map(|(id, author, created_at, sealed)| {
                Ok(Note {
                    text: keys.open(&note_place(record_id, created_at, &author), &sealed)?,
                    id,
                    record_id,
                    author,
                    created_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let ids: Vec<i64> = notes.iter().map(|n| n.id).collect();
        self.audit(
            ctx,
            "notes.read",
            json!({ "record_id": record_id, "note_ids": ids }),
        )
        .await?;
        Ok(notes)
    }

    /// `NotFound` unless `ctx` may read record `id` (and `Forbidden` for roles that read no
    /// records), by the same rule as [`Store::record`].
    async fn record_visible(&self, ctx: &AccessContext, id: i64) -> Result<(), StoreError> {
        self.record(ctx, id).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::note_place;

    /// Every stored note was sealed to this text: if it changed, no old note would open.
    #[test]
    fn the_place_a_note_is_sealed_to_keeps_the_tables_first_name() {
        assert_eq!(
            note_place(7, 1_700_000_000, "user 3"),
            "case_notes 7 1700000000 user 3"
        );
    }
}
