//! `GET /api/v1/records` (filtered pages with a keyset cursor) and `GET /api/v1/records/{id}`.

use crate::access::Access;
use crate::error::Text;
use crate::ids::ApiId;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{RawQuery, State};
use faro_domain::vocab::Vocabulary;
use faro_domain::{Country, Flags, Record};
use faro_i18n::key;
use faro_store::StoredRecord;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

const DEFAULT_LIMIT: u32 = 100;
pub(crate) const MAX_LIMIT: u32 = 1000;

/// One record. Codes are those of `GET /api/v1/vocabularies`; `null` is unknown.
#[derive(Serialize, ToSchema)]
pub struct RecordView {
    pub id: i64,
    pub source_id: i64,
    pub year: Option<u16>,
    pub datasource: Option<&'static str>,
    pub gender: Option<&'static str>,
    pub age: Option<&'static str>,
    pub majority: Option<&'static str>,
    pub majority_at_exploit: Option<&'static str>,
    pub majority_entry: Option<&'static str>,
    /// ISO 3166-1 alpha-2.
    pub citizenship: Option<&'static str>,
    /// ISO 3166-1 alpha-2.
    pub exploitation_country: Option<&'static str>,
    pub traffick_months: Option<&'static str>,
    /// Flags by code: `true`, `false`, or `null` for unknown.
    pub exploitation: BTreeMap<&'static str, Option<bool>>,
    pub labour: BTreeMap<&'static str, Option<bool>>,
    pub sex: BTreeMap<&'static str, Option<bool>>,
    pub means_detail: BTreeMap<&'static str, Option<bool>>,
    pub means: BTreeMap<&'static str, Option<bool>>,
    pub recruiter: BTreeMap<&'static str, Option<bool>>,
    pub abduction: Option<bool>,
    /// Faro's modalities derived from the flags.
    pub modalities: Vec<&'static str>,
}

#[derive(Serialize, ToSchema)]
pub struct RecordPage {
    pub records: Vec<RecordView>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

fn flags<V: Vocabulary>(f: &Flags<V>) -> BTreeMap<&'static str, Option<bool>> {
    V::ALL.iter().map(|v| (v.code(), f.get(*v))).collect()
}

fn code<V: Vocabulary>(v: Option<V>) -> Option<&'static str> {
    v.map(|v| v.code())
}

fn alpha2(c: Option<Country>) -> Option<&'static str> {
    c.map(|c| c.alpha2())
}

impl From<&StoredRecord> for RecordView {
    fn from(s: &StoredRecord) -> Self {
        let c: &Record = &s.record;
        RecordView {
            id: s.id,
            source_id: s.source_id,
            year: c.year.map(|y| y.get()),
            datasource: code(c.datasource),
            gender: code(c.gender),
            age: code(c.age),
            majority: code(c.majority),
            majority_at_exploit: code(c.majority_at_exploit),
            majority_entry: code(c.majority_entry),
            citizenship: alpha2(c.citizenship),
            exploitation_country: alpha2(c.exploitation_country),
            traffick_months: code(c.traffick_months),
            exploitation: flags(&c.exploitation),
            labour: flags(&c.labour),
            sex: flags(&c.sex),
            means_detail: flags(&c.means_detail),
            means: flags(&c.means),
            recruiter: flags(&c.recruiter),
            abduction: c.abduction,
            modalities: c.modalities().yes().map(|m| m.code()).collect(),
        }
    }
}

/// Records matching the filters, in id order.
#[utoipa::path(
    get,
    path = "/api/v1/records",
    tag = "records",
    params(
        ("limit" = Option<u32>, Query, description = "Records per page, 1–1000 (default 100)"),
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the previous page"),
    ),
    responses(
        (status = 200, body = RecordPage),
        (status = 400, description = "Unknown or repeated parameter, malformed cursor or limit", body = crate::error::ErrorBody),
        (status = 422, description = "A filter value that is not valid", body = crate::error::ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Json<RecordPage>, ApiError> {
    let (filter, own) = super::parse_query(raw.as_deref(), &["limit", "cursor"])?;
    let limit = match own.get("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => {
            let n: u32 = text.trim().parse().map_err(|_| {
                ApiError::bad_request(
                    "invalid_limit",
                    Some("limit"),
                    Text::words(key!("api-invalid-limit"))
                        .with("value", text)
                        .with("max", MAX_LIMIT),
                )
            })?;
            if !(1..=MAX_LIMIT).contains(&n) {
                return Err(ApiError {
                    status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    code: "invalid_parameter",
                    message: Text::words(key!("api-limit-range"))
                        .with("value", n)
                        .with("max", MAX_LIMIT),
                    field: Some("limit".into()),
                });
            }
            n
        }
    };
    let after = match own.get("cursor") {
        None => None,
        Some(text) => Some(
            text.trim()
                .parse::<i64>()
                .ok()
                .filter(|c| *c >= 0)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "invalid_cursor",
                        Some("cursor"),
                        Text::words(key!("api-invalid-cursor")).with("value", text),
                    )
                })?,
        ),
    };
    let page = state.store.records(&ctx, &filter, after, limit).await?;
    let ids: Vec<i64> = page.iter().map(|r| r.id).collect();
    state
        .store
        .audit(&ctx, "records.read", serde_json::json!({ "ids": ids }))
        .await?;
    let next_cursor = (page.len() == limit as usize)
        .then(|| page.last().map(|r| r.id.to_string()))
        .flatten();
    tracing::debug!(records.returned = page.len(), "records listed");
    Ok(Json(RecordPage {
        records: page.iter().map(RecordView::from).collect(),
        next_cursor,
    }))
}

/// One record by id.
#[utoipa::path(
    get,
    path = "/api/v1/records/{id}",
    tag = "records",
    params(("id" = i64, Path, description = "Record id")),
    responses(
        (status = 200, body = RecordView),
        (status = 400, description = "The id is not a number", body = crate::error::ErrorBody),
        (status = 404, description = "No such record", body = crate::error::ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<RecordView>, ApiError> {
    let record = state.store.record(&ctx, id).await?;
    state
        .store
        .audit(&ctx, "records.read", serde_json::json!({ "ids": [id] }))
        .await?;
    Ok(Json(RecordView::from(&record)))
}
