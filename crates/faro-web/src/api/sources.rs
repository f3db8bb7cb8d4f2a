//! `GET /api/v1/sources`: what has been imported, with its counts.

use crate::access::Access;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use faro_store::{Source, SourceKind};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SourceView {
    pub id: i64,
    pub name: String,
    pub file_name: Option<String>,
    pub sha256: String,
    pub layout: String,
    /// `import`, or `demo` for generated demonstration data.
    pub kind: &'static str,
    /// Unix seconds.
    pub imported_at: Option<i64>,
    pub rows_read: i64,
    pub rows_imported: i64,
    pub rows_rejected: i64,
    /// The owning organisation's id.
    pub organisation_id: i64,
    /// Whether other organisations' aggregates include this source.
    pub shares_aggregates: bool,
}

impl From<Source> for SourceView {
    fn from(s: Source) -> Self {
        SourceView {
            id: s.id,
            name: s.name,
            file_name: s.file_name,
            sha256: s.sha256,
            layout: s.layout,
            kind: match s.kind {
                SourceKind::Import => "import",
                SourceKind::Demo => "demo",
            },
            imported_at: s.finished_at,
            rows_read: s.rows_read,
            rows_imported: s.rows_imported,
            rows_rejected: s.rows_rejected,
            organisation_id: s.organisation.0,
            shares_aggregates: s.share_aggregates,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SourceList {
    pub sources: Vec<SourceView>,
}

/// Complete sources, oldest first.
#[utoipa::path(get, path = "/api/v1/sources", tag = "reference", responses((status = 200, body = SourceList)))]
pub async fn list(
    State(state): State<AppState>,
    Access(ctx): Access,
) -> Result<Json<SourceList>, ApiError> {
    let sources = state.store.sources(&ctx).await?;
    Ok(Json(SourceList {
        sources: sources.into_iter().map(SourceView::from).collect(),
    }))
}
