//! `GET` and `POST /api/v1/records/{id}/notes`: free-text notes on a record, encrypted at rest
//! by the store, every read and write audited.

use crate::access::Access;
use crate::error::Text;
use crate::ids::ApiId;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use faro_i18n::key;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct NoteView {
    pub id: i64,
    pub record_id: i64,
    /// Who wrote it, as the audit log names them.
    pub author: String,
    /// Unix seconds.
    pub created_at: i64,
    pub text: String,
}

impl From<faro_store::Note> for NoteView {
    fn from(n: faro_store::Note) -> Self {
        NoteView {
            id: n.id,
            record_id: n.record_id,
            author: n.author,
            created_at: n.created_at,
            text: n.text,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NoteList {
    pub notes: Vec<NoteView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// 1 to 10,000 characters, not only white space (it is trimmed).
    #[schema(min_length = 1, max_length = 10000, pattern = "\\S")]
    pub text: String,
}

/// The notes of a record, oldest first.
#[utoipa::path(get, path = "/api/v1/records/{id}/notes", tag = "records",
    params(("id" = i64, Path, description = "Record id")),
    responses((status = 200, body = NoteList), (status = 400, description = "The id is not a 64-bit whole number", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<NoteList>, ApiError> {
    let notes = state.store.notes(&ctx, id).await?;
    Ok(Json(NoteList {
        notes: notes.into_iter().map(NoteView::from).collect(),
    }))
}

/// Adds a note to a record (`{"text": "…"}`); a signed-in browser also sends `X-CSRF-Token`.
#[utoipa::path(post, path = "/api/v1/records/{id}/notes", tag = "records",
    params(("id" = i64, Path, description = "Record id")), request_body = NewNote,
    responses((status = 201, body = NoteView), (status = 400, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    body: Result<Json<NewNote>, JsonRejection>,
) -> Result<(StatusCode, Json<NoteView>), ApiError> {
    let Json(note) = body.map_err(|e| {
        ApiError::bad_request(
            "invalid_body",
            None,
            Text::words(key!("api-invalid-note-body")).with("detail", e.body_text()),
        )
    })?;
    let note = state.store.add_note(&ctx, id, &note.text).await?;
    Ok((StatusCode::CREATED, Json(NoteView::from(note))))
}
