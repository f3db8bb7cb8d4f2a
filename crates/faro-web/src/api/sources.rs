//! `GET /api/v1/sources`: what has been imported, with its counts. A reader sees the details
//! (file, hash, row counts) of the sources whose records they may read; of the others (other
//! organisations' shared sources, or all sources for aggregate-only readers) only the name,
//! the organisation and a released count.

use crate::access::Access;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use faro_domain::query::{DimValue, Dimension};
use faro_domain::{AggregateScope, Filter, Purpose};
use faro_store::{Source, SourceKind};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SourceView {
    pub id: i64,
    pub name: String,
    /// `import`, or `demo` for generated demonstration data.
    pub kind: &'static str,
    /// The owning organisation's id.
    pub organisation_id: i64,
    /// Whether other organisations' aggregates include this source.
    pub shares_aggregates: bool,
    /// Its records, as released to the reader (controlled unless they may read them; `null`
    /// when too few to show).
    pub records: Option<u64>,
    /// Only for sources whose records the reader may read.
    #[serde(flatten)]
    pub details: Option<SourceDetails>,
}

/// What only readers of a source's records see of it.
#[derive(Serialize, ToSchema)]
pub struct SourceDetails {
    pub file_name: Option<String>,
    pub sha256: String,
    pub layout: String,
    /// Unix seconds.
    pub imported_at: Option<i64>,
    pub rows_read: i64,
    pub rows_imported: i64,
    pub rows_rejected: i64,
}

fn view(s: Source, readable: bool, records: Option<u64>) -> SourceView {
    SourceView {
        id: s.id,
        kind: match s.kind {
            SourceKind::Import => "import",
            SourceKind::Demo => "demo",
            SourceKind::Intake => "intake",
        },
        organisation_id: s.organisation.0,
        shares_aggregates: s.share_aggregates,
        records,
        details: readable.then_some(SourceDetails {
            file_name: s.file_name,
            sha256: s.sha256,
            layout: s.layout,
            imported_at: s.finished_at,
            rows_read: s.rows_read,
            rows_imported: s.rows_imported,
            rows_rejected: s.rows_rejected,
        }),
        name: s.name,
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
    let readable = |s: &Source| ctx.may(Purpose::Records) && ctx.speaks_for(s.organisation);
    // Counts of sources the reader may not read are released like any aggregate (one
    // controlled query, audited and counted against the budget).
    let released = if sources.iter().all(readable) {
        None
    } else {
        let by = [Dimension::Source];
        Some(
            crate::services::release::released(
                &state.services(),
                &ctx,
                AggregateScope::Hub,
                &by,
                &Filter::new(),
            )
            .await?,
        )
    };
    let count_of = |id: i64| {
        released.as_ref().and_then(|r| {
            r.get()
                .rows
                .iter()
                .find(|c| c.key.first() == Some(&DimValue::Source(id)))
                .and_then(|c| c.count)
        })
    };
    Ok(Json(SourceList {
        sources: sources
            .into_iter()
            .map(|s| {
                let open = readable(&s);
                let records = if open {
                    Some(s.rows_imported.max(0) as u64)
                } else {
                    count_of(s.id)
                };
                view(s, open, records)
            })
            .collect(),
    }))
}
