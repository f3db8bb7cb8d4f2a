//! `GET /api/v1/aggregate?by=…`: counts by one to three dimensions, with the record filters,
//! released through `faro-privacy` (exact for readers who may read every record behind them,
//! controlled for everyone else).

use crate::access::Access;
use crate::error::Text;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use faro_domain::query::{DimValue, Dimension, parse_group_by};
use faro_domain::{AccessContext, AggregateScope, Filter};
use faro_privacy::{Control, Released, Table};
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
    /// `true` when the reader may not read every record behind the answer: small cells are
    /// hidden and the other counts perturbed (`specs/interfaces.md`).
    pub controlled: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AggregateRowView {
    /// Dimension id → value (`null` for unknown; years as numbers; source ids as numbers).
    #[schema(value_type = Object)]
    pub key: Map<String, Value>,
    /// `null` for a hidden cell.
    pub count: Option<u64>,
    /// Present and `true` for a cell of too few people to show.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
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
        ("by" = String, Query, description = "One to three dimension ids, comma-separated (`year,gender`)"),
        ("scope" = Option<String>, Query, description = "`own` (default): the reader's organisation; `hub`: with the sources other organisations share, always controlled"),
    ),
    responses(
        (status = 200, body = AggregateView),
        (status = 400, description = "Missing `by`, unknown or repeated parameter", body = crate::error::ErrorBody),
        (status = 422, description = "An unknown dimension in `by`, a filter value that is not valid, an unknown scope, or a controlled query over too many dimensions (`too_narrow`)", body = crate::error::ErrorBody),
        (status = 429, description = "The reader's daily budget of controlled queries is spent", body = crate::error::ErrorBody),
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
            Text::words("api-missing-by"),
        )
    })?;
    let by = parse_group_by(by_text).map_err(ApiError::invalid)?;
    let scope = match own.get("scope") {
        None => AggregateScope::Own,
        Some(text) => AggregateScope::parse(text.trim()).ok_or_else(|| ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_parameter",
            message: Text::words("api-invalid-scope").with("value", text),
            field: Some("scope".into()),
        })?,
    };
    let released = released(&state, &ctx, scope, &by, &filter).await?;
    Ok(Json(AggregateView::from(&released)))
}

/// Counts as `ctx` may see them: the one way an aggregate leaves the web crate. A controlled
/// query is checked for narrowness, spends one of the reader's daily budget and is audited
/// in the reader's chain before it is counted.
pub(crate) async fn released(
    state: &AppState,
    ctx: &AccessContext,
    scope: AggregateScope,
    by: &[Dimension],
    filter: &Filter,
) -> Result<Released<Table>, ApiError> {
    let asked = Asked {
        scope,
        filter,
        audit: Audit::WhenControlled("aggregate.controlled"),
    };
    let mut one = released_many(state, ctx, &asked, &[by]).await?;
    match one.pop() {
        Some(Ok(table)) => Ok(table),
        Some(Err(narrow)) => Err(too_narrow(narrow)),
        None => unreachable!("released_many answers one table per group-by"),
    }
}

/// When a release is written in the reader's audit chain.
#[derive(Clone, Copy)]
pub(crate) enum Audit {
    /// Only when disclosure control applies (an API query: exact reads of one's own
    /// organisation's counts are not audited).
    WhenControlled(&'static str),
    /// Always, once (a page view of the hub, an export).
    Always(&'static str),
}

/// What a set of tables is asked under: one scope, one filter, one audit entry.
pub(crate) struct Asked<'a> {
    pub scope: AggregateScope,
    pub filter: &'a Filter,
    pub audit: Audit,
}

/// Several tables under one filter, as `ctx` may see them, counted in one pass: a dashboard
/// is one query of the reader's daily budget and one audit entry, whatever it draws. A table
/// too narrow for a controlled reader is `Err` on its own, so a page can say which filter to
/// drop beside that chart and still show the others.
pub(crate) async fn released_many(
    state: &AppState,
    ctx: &AccessContext,
    asked: &Asked<'_>,
    bys: &[&[Dimension]],
) -> Result<Vec<Result<Released<Table>, faro_privacy::PrivacyError>>, ApiError> {
    let Asked {
        scope,
        filter,
        audit,
    } = *asked;
    let control = faro_privacy::control(ctx, scope);
    let checked: Vec<Result<(), faro_privacy::PrivacyError>> = bys
        .iter()
        .map(|by| faro_privacy::check_query(control, by, filter, &state.privacy))
        .collect();
    let answerable: Vec<&[Dimension]> = bys
        .iter()
        .zip(&checked)
        .filter(|(_, c)| c.is_ok())
        .map(|(by, _)| *by)
        .collect();
    if control == Control::Controlled && !answerable.is_empty() {
        let signature = format!("{scope:?} {answerable:?} {filter:?}");
        if let Some(user) = ctx.user()
            && !state
                .store
                .spend_controlled_query(user, &signature, state.privacy.daily_queries)
                .await?
        {
            return Err(ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                code: "query_budget_spent",
                message: Text::words("api-budget-spent").with("daily", state.privacy.daily_queries),
                field: None,
            });
        }
    }
    let action = match audit {
        Audit::WhenControlled(a) if control == Control::Controlled => Some(a),
        Audit::Always(a) => Some(a),
        Audit::WhenControlled(_) => None,
    };
    // Nothing released, nothing to account for (a query refused as too narrow).
    if let Some(action) = action.filter(|_| !answerable.is_empty()) {
        let detail = serde_json::json!({
            "by": answerable.iter().map(|by| by.iter().map(|d| d.id()).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "filter": filter.selections().iter().map(|(d, s)| serde_json::json!({
                "dimension": d.id(), "ids": s.ids, "years": s.ranges, "unknown": s.unknown,
            })).collect::<Vec<_>>(),
            "scope": if scope == AggregateScope::Hub { "hub" } else { "own" },
            "controlled": control == Control::Controlled,
        });
        state.store.audit(ctx, action, detail).await?;
    }
    let mut counted = state
        .index
        .aggregates(ctx, scope, &answerable, filter)
        .await?
        .into_iter();
    Ok(checked
        .into_iter()
        .map(|check| {
            check.map(|()| {
                let aggregate = counted
                    .next()
                    .unwrap_or_else(|| faro_analytics::Aggregate::empty(&[]));
                faro_privacy::release(ctx, scope, aggregate, &state.privacy)
            })
        })
        .collect())
}

/// The API's answer to a controlled query over too many dimensions.
pub(crate) fn too_narrow(narrow: faro_privacy::PrivacyError) -> ApiError {
    let faro_privacy::PrivacyError::TooNarrow { dimensions, limit } = narrow;
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "too_narrow",
        message: Text::words("api-too-narrow")
            .with("dimensions", dimensions)
            .with("limit", limit),
        field: Some("by".into()),
    }
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
                    hidden: r.count.is_none(),
                })
                .collect(),
            total_records: table.total_records,
            counts_exceed_records: table.multi_valued,
            controlled: table.controlled,
        }
    }
}
