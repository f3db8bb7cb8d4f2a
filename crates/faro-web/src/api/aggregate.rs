//! `GET /api/v1/aggregate?by=…`: counts by one to three dimensions, with the record filters.

use crate::access::Access;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{RawQuery, State};
use faro_analytics::Aggregate;
use faro_domain::query::{DimValue, parse_group_by};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AggregateView {
    /// The dimensions grouped by, in the order asked.
    pub by: Vec<&'static str>,
    pub rows: Vec<AggregateRowView>,
    /// Records that pass the filters, each counted once.
    pub total_records: u64,
    /// `true` when a dimension is multi-valued: a record then counts in every group it belongs
    /// to, and the counts can add up to more than `total_records`.
    pub counts_exceed_records: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AggregateRowView {
    /// Dimension id → value (`null` for unknown; years as numbers; source ids as numbers).
    #[schema(value_type = Object)]
    pub key: Map<String, Value>,
    pub count: u64,
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
    params(("by" = String, Query, description = "One to three dimension ids, comma-separated (`year,gender`)")),
    responses(
        (status = 200, body = AggregateView),
        (status = 400, description = "Missing `by`, unknown or repeated parameter", body = crate::error::ErrorBody),
        (status = 422, description = "An unknown dimension in `by`, or a filter value that is not valid", body = crate::error::ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Json<AggregateView>, ApiError> {
    let (filter, own) = super::parse_query(raw.as_deref(), &["by"])?;
    let by_text = own.get("by").ok_or_else(|| {
        ApiError::bad_request(
            "missing_parameter",
            Some("by"),
            "`by` is required: name one to three dimensions, e.g. `by=year,gender`",
        )
    })?;
    let by = parse_group_by(by_text).map_err(ApiError::invalid)?;
    let result = state.index.aggregate(&ctx, &by, &filter).await?;
    Ok(Json(AggregateView::from(&result)))
}

impl From<&Aggregate> for AggregateView {
    /// The one JSON shape of an aggregate, for the API and `faro aggregate --format json`.
    fn from(result: &Aggregate) -> Self {
        AggregateView {
            by: result.by.iter().map(|d| d.id()).collect(),
            rows: result
                .rows
                .iter()
                .map(|r| AggregateRowView {
                    key: result
                        .by
                        .iter()
                        .zip(&r.key)
                        .map(|(d, v)| (d.id().to_string(), json_value(v)))
                        .collect(),
                    count: r.count,
                })
                .collect(),
            total_records: result.total_records,
            counts_exceed_records: result.multi_valued,
        }
    }
}
