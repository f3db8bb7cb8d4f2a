//! `GET /api/v1/aggregate?by=…`: counts by one to three dimensions, with the record filters,
//! released through `faro-privacy` (exact for readers who may read every record behind them,
//! controlled for everyone else).

use crate::access::Access;
use crate::error::Text;
use crate::services::release::{ReleaseView, released};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use faro_domain::AggregateScope;
use faro_domain::query::{DimValue, parse_group_by};
use faro_i18n::key;
use faro_privacy::{Released, Table};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AggregateView {
    /// The dimensions grouped by, in the order asked.
    pub by: Vec<&'static str>,
    pub rows: Vec<AggregateRowView>,
    /// Records that pass the filters, each counted once; `null` when there are too few to
    /// show (controlled answers).
    pub total_records: Option<u64>,
    /// `true` when a dimension is multi-valued: a record then counts in every group it belongs
    /// to, and the counts can add up to more than `total_records`.
    pub counts_exceed_records: bool,
    /// `true` when the reader may not read every record behind the answer: the counts are
    /// computed from differentially private releases and small ones are not listed
    /// (`specs/interfaces.md`).
    pub controlled: bool,
    /// The releases a controlled answer was computed from; absent for exact counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<ReleaseView>,
}

#[derive(Serialize, ToSchema)]
pub struct AggregateRowView {
    /// Dimension id → value (`null` for unknown; years as numbers; source ids as numbers).
    #[schema(value_type = Object)]
    pub key: Map<String, Value>,
    /// The count (a controlled answer lists only the cells it shows).
    pub count: Option<u64>,
}

fn json_value(v: &DimValue) -> Value {
    match v {
        DimValue::Unknown => Value::Null,
        DimValue::Year(y) => Value::from(*y),
        DimValue::Source(s) => Value::from(*s),
        other => Value::String(other.text()),
    }
}

/// Counts of records by dimension values.
#[utoipa::path(
    get,
    path = "/api/v1/aggregate",
    tag = "aggregates",
    params(
        ("by" = String, Query, description = "One to three dimension ids, comma-separated (`year,gender`); a controlled answer combines at most two dimensions, group-by and filters together"),
        ("scope" = Option<String>, Query, description = "`own` (default): the reader's organisation; `hub`: with the sources other organisations share, always controlled"),
    ),
    responses(
        (status = 200, body = AggregateView),
        (status = 400, description = "Missing `by`, unknown or repeated parameter", body = crate::error::ErrorBody),
        (status = 422, description = "An unknown dimension in `by`, a filter value that is not valid, an unknown scope, a controlled query over too many dimensions (`too_narrow`: group-by and filters together, a year range included, `source` free), or a several-per-record dimension filtered by more than one value or grouped by as well (`one_value_at_a_time`)", body = crate::error::ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Json<AggregateView>, ApiError> {
    let (filter, own) = super::parse_query(raw.as_deref(), &["by", "scope"])?;
    let by_text = own.get("by").ok_or_else(|| {
        ApiError::bad_request(
            "missing_parameter",
            Some("by"),
            Text::words(key!("api-missing-by")),
        )
    })?;
    let by = parse_group_by(by_text).map_err(ApiError::invalid)?;
    let scope = match own.get("scope") {
        None => AggregateScope::Own,
        Some(text) => AggregateScope::parse(text.trim()).ok_or_else(|| ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_parameter",
            message: Text::words(key!("api-invalid-scope")).with("value", text),
            field: Some("scope".into()),
        })?,
    };
    let released = released(&state.services(), &ctx, scope, &by, &filter).await?;
    Ok(Json(AggregateView::from(&released)))
}

impl From<&Released<Table>> for AggregateView {
    /// The one JSON shape of an aggregate, for the API and `faro aggregate --format json`.
    fn from(released: &Released<Table>) -> Self {
        let table = released.get();
        AggregateView {
            by: table.by.iter().map(|d| d.id()).collect(),
            rows: table
                .rows
                .iter()
                .map(|r| AggregateRowView {
                    key: table
                        .by
                        .iter()
                        .zip(&r.key)
                        .map(|(d, v)| (d.id().to_string(), json_value(v)))
                        .collect(),
                    count: r.count,
                })
                .collect(),
            total_records: table.total_records,
            counts_exceed_records: table.multi_valued,
            controlled: table.controlled,
            release: ReleaseView::of(table),
        }
    }
}
