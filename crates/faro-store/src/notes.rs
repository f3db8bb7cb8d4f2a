//! Case notes: free text about a person, so encrypted at rest with the data key, and every
//! write and read audited like a record read.

use crate::clock::now;
use crate::{Store, StoreError};
use faro_domain::AccessContext;
use serde_json::json;

/// Notes longer than this are refused: a note is not a document store.
pub const NOTE_MAX_CHARS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub case_id: i64,
    /// Who wrote it, as the audit log names them.
    pub author: String,
    /// Unix seconds.
    pub created_at: i64,
    pub text: String,
}

/// What a note's ciphertext is bound to: moved to another case, time or author, it no
/// longer decrypts.
pub(crate) fn note_place(case_id: i64, created_at: i64, author: &str) -> String {
    format!("case_notes {case_id} {created_at} {author}")
}

impl Store {
    /// Adds a note to a record the caller may read (another organisation's is `NotFound`).
    pub async fn add_note(
        &self,
        ctx: &AccessContext,
        case_id: i64,
        text: &str,
    ) -> Result<Note, StoreError> {
        let keys = self.current_keys().await?;
        self.record_visible(ctx, case_id).await?;
        let text = text.trim();
        let chars = text.chars().count();
        if chars == 0 || chars > NOTE_MAX_CHARS {
            return Err(StoreError::Invalid {
                field: "text",
                problem: format!(
                    "a note holds 1 to {NOTE_MAX_CHARS} characters; this one has {chars}"
                ),
            });
        }
        let at = now();
        let author = ctx.actor().to_string();
        let sealed = keys.seal(&note_place(case_id, at, &author), text)?;
        let sql = "INSERT INTO case_notes (case_id, author, created_at, ciphertext) VALUES ($1, $2, $3, $4) RETURNING id";
        let id: i64 = with_pool!(self, |p| {
            sqlx::query_scalar(sql)
                .bind(case_id)
                .bind(&author)
                .bind(at)
                .bind(&sealed)
                .fetch_one(p)
                .await?
        });
        self.audit(
            ctx,
            "note.create",
            json!({ "case_id": case_id, "note_id": id }),
        )
        .await?;
        Ok(Note {
            id,
            case_id,
            author,
            created_at: at,
            text: text.to_string(),
        })
    }

    /// The notes of a record the caller may read, oldest first; the read is audited before
    /// the text is returned.
    pub async fn notes(&self, ctx: &AccessContext, case_id: i64) -> Result<Vec<Note>, StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        self.record_visible(ctx, case_id).await?;
        let sql = "SELECT id, author, created_at, ciphertext FROM case_notes WHERE case_id = $1 ORDER BY id";
        let rows: Vec<(i64, String, i64, String)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(case_id)
            .fetch_all(p)
            .await?);
        let notes = rows
            .into_iter()
            .map(|(id, author, created_at, sealed)| {
                Ok(Note {
                    text: keys.open(&note_place(case_id, created_at, &author), &sealed)?,
                    id,
                    case_id,
                    author,
                    created_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let ids: Vec<i64> = notes.iter().map(|n| n.id).collect();
        self.audit(
            ctx,
            "notes.read",
            json!({ "case_id": case_id, "note_ids": ids }),
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
