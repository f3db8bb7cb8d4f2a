//! The public directory as Open Referral's HSDS 3.0 API profile serves it, read-only at
//! `/hsds/`, so that other directories and apps can read it: anyone may ask, and only public
//! entries at public locations are ever answered (the store decides; nothing here widens it).
//! Staff of organisations on the instance read more through `/api/v1/directory`.

use crate::error::Text;
use crate::pages::{Need, PageRoute, route};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use faro_domain::AccessContext;
use faro_domain::directory::{AUDIENCE_TAXONOMY, CAPACITY_TAXONOMY, NEEDS_TAXONOMY};
use faro_i18n::key;
use faro_store::{DirectoryQuery, DirectoryReader, Listed, MAX_PER_PAGE};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The HSDS version the API answers in.
pub const VERSION: &str = "3.0";
/// The last page number a caller may ask for.
pub const MAX_PAGE: i64 = 1_000_000;
/// Entries per page when the caller does not say.
const PER_PAGE: i64 = 50;
/// The parameters of the profile's lists Faro answers; others are refused by name.
const LIST_PARAMETERS: [&str; 6] = [
    "page",
    "per_page",
    "search",
    "modified_after",
    "organization_id",
    "full",
];

pub(crate) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/hsds/", Need::Nothing, || get(root)),
        route("GET", "/hsds/services", Need::Nothing, || get(services)),
        route("GET", "/hsds/services/{id}", Need::Nothing, || get(service)),
        route("GET", "/hsds/organizations", Need::Nothing, || {
            get(organizations)
        }),
        route("GET", "/hsds/organizations/{id}", Need::Nothing, || {
            get(organization)
        }),
        route("GET", "/hsds/service_at_locations", Need::Nothing, || {
            get(service_at_locations)
        }),
        route(
            "GET",
            "/hsds/service_at_locations/{id}",
            Need::Nothing,
            || get(service_at_location),
        ),
        route("GET", "/hsds/taxonomies", Need::Nothing, || get(taxonomies)),
    ]
}

/// What this API is: its HSDS version, its profile and its OpenAPI document.
#[utoipa::path(get, path = "/hsds/", tag = "hsds",
    responses((status = 200, description = "`version`, `profile` and `openapi_url`, as HSDS 3.0's API reference defines them", body = Object)))]
pub async fn root(State(state): State<AppState>) -> Json<Value> {
    let base = state.public_url.clone().unwrap_or_default();
    Json(json!({
        "version": VERSION,
        "profile": "https://docs.openreferral.org/en/latest/hsds/api_reference.html",
        "openapi_url": format!("{base}/api/v1/openapi.json"),
    }))
}

/// A page of public services, each whole (organisation and public locations nested).
#[utoipa::path(get, path = "/hsds/services", tag = "hsds",
    params(
        ("page" = Option<i64>, Query, description = "1-based page number (default 1)"),
        ("per_page" = Option<i64>, Query, description = "Services per page, 1–100 (default 50)"),
        ("search" = Option<String>, Query, description = "Words of the service's name"),
        ("modified_after" = Option<String>, Query, description = "Only services changed at or after this RFC 3339 date-time (or YYYY-MM-DD)"),
        ("organization_id" = Option<String>, Query, description = "Only the services of this organisation (its HSDS id)"),
        ("full" = Option<bool>, Query, description = "Accepted for the profile's sake: services are always given whole"),
    ),
    responses(
        (status = 200, description = "A page of the HSDS 3.0 API profile (`contents` holds services)", body = Object),
        (status = 400, description = "Unknown or repeated parameter", body = crate::error::ErrorBody),
        (status = 422, description = "A value out of range or not a date-time", body = crate::error::ErrorBody),
    ))]
pub async fn services(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let query = list_query(raw.as_deref())?;
    let found = state
        .store
        .directory_services(&AccessContext::anonymous(), DirectoryReader::Public, &query)
        .await?;
    let contents = found.services.iter().map(|s| whole(s, false)).collect();
    Ok(Json(page(contents, found.total, &query)))
}

/// One public service, whole.
#[utoipa::path(get, path = "/hsds/services/{id}", tag = "hsds",
    params(("id" = String, Path, description = "The service's HSDS id")),
    responses((status = 200, description = "An HSDS 3.0 service", body = Object), (status = 404, body = crate::error::ErrorBody)))]
pub async fn service(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let query = DirectoryQuery::one(&id);
    let found = state
        .store
        .directory_services(&AccessContext::anonymous(), DirectoryReader::Public, &query)
        .await?;
    let listed = found.services.first().ok_or_else(|| not_found(&id))?;
    Ok(Json(whole(listed, false)))
}

/// A page of the organisations that keep a public service.
#[utoipa::path(get, path = "/hsds/organizations", tag = "hsds",
    params(
        ("page" = Option<i64>, Query, description = "1-based page number (default 1)"),
        ("per_page" = Option<i64>, Query, description = "Organisations per page, 1–100 (default 50)"),
    ),
    responses(
        (status = 200, description = "A page of the HSDS 3.0 API profile (`contents` holds organizations)", body = Object),
        (status = 400, description = "Unknown or repeated parameter", body = crate::error::ErrorBody),
        (status = 422, description = "A value out of range", body = crate::error::ErrorBody),
    ))]
pub async fn organizations(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let query = paging(raw.as_deref())?;
    let (total, found) = state.store.public_organizations(&query).await?;
    Ok(Json(page(
        found.into_iter().map(Value::Object).collect(),
        total,
        &query,
    )))
}

/// One organisation that keeps a public service.
#[utoipa::path(get, path = "/hsds/organizations/{id}", tag = "hsds",
    params(("id" = String, Path, description = "The organisation's HSDS id")),
    responses((status = 200, description = "An HSDS 3.0 organization", body = Object), (status = 404, body = crate::error::ErrorBody)))]
pub async fn organization(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, mut found) = state
        .store
        .public_organizations(&DirectoryQuery::one(&id))
        .await?;
    let document = found.pop().ok_or_else(|| not_found(&id))?;
    Ok(Json(Value::Object(document)))
}

/// A page of the places where public services are offered at public locations.
#[utoipa::path(get, path = "/hsds/service_at_locations", tag = "hsds",
    params(
        ("page" = Option<i64>, Query, description = "1-based page number (default 1)"),
        ("per_page" = Option<i64>, Query, description = "Places per page, 1–100 (default 50)"),
    ),
    responses(
        (status = 200, description = "A page of the HSDS 3.0 API profile (`contents` holds service_at_locations, each with its location)", body = Object),
        (status = 400, description = "Unknown or repeated parameter", body = crate::error::ErrorBody),
        (status = 422, description = "A value out of range", body = crate::error::ErrorBody),
    ))]
pub async fn service_at_locations(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let query = paging(raw.as_deref())?;
    let (total, found) = state.store.public_places(&query).await?;
    Ok(Json(page(
        found.into_iter().map(Value::Object).collect(),
        total,
        &query,
    )))
}

/// One place where a public service is offered at a public location.
#[utoipa::path(get, path = "/hsds/service_at_locations/{id}", tag = "hsds",
    params(("id" = String, Path, description = "The service_at_location's HSDS id")),
    responses((status = 200, description = "An HSDS 3.0 service_at_location with its location", body = Object), (status = 404, body = crate::error::ErrorBody)))]
pub async fn service_at_location(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (_, mut found) = state.store.public_places(&DirectoryQuery::one(&id)).await?;
    let document = found.pop().ok_or_else(|| not_found(&id))?;
    Ok(Json(Value::Object(document)))
}

/// The taxonomies Faro reads and writes in directory entries.
#[utoipa::path(get, path = "/hsds/taxonomies", tag = "hsds",
    responses((status = 200, description = "A page of the HSDS 3.0 API profile (`contents` holds taxonomies)", body = Object)))]
pub async fn taxonomies(RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let query = paging(raw.as_deref())?;
    let taxonomy = |name: &str, description: &str| {
        json!({
            "id": faro_hsds::entry::derived("taxonomy", name),
            "name": name,
            "description": description,
            "uri": format!("https://faro.invalid/taxonomies/{name}"),
        })
    };
    let all = vec![
        taxonomy(
            NEEDS_TAXONOMY,
            "The needs of a survivor of trafficking a service meets: Faro's case service vocabulary (GET /api/v1/vocabularies, `service`)",
        ),
        taxonomy(
            AUDIENCE_TAXONOMY,
            "Who may see an entry or a location: public, partners (staff of every organisation on the instance) or confidential",
        ),
        taxonomy(
            CAPACITY_TAXONOMY,
            "A shelter's capacity: `beds_free` (the count) and `beds_updated` (when, RFC 3339)",
        ),
    ];
    let total = all.len() as u64;
    Ok(Json(page(all, total, &query)))
}

/// A service as HSDS gives it, at the places the reader may see.
/// A service as one HSDS document with its organisation and the locations its reader sees;
/// `audiences` writes each one's audience as a `faro-audience` attribute (an organisation's
/// own export, so that a re-import restores them).
pub fn whole(listed: &Listed, audiences: bool) -> Value {
    let mut service = listed.service.clone();
    if audiences {
        faro_hsds::entry::set_audience(&mut service, listed.audience);
    }
    let places: Vec<_> = listed
        .places
        .iter()
        .filter_map(|place| {
            let mut location = place.location.clone()?;
            if audiences {
                faro_hsds::entry::set_audience(&mut location, place.audience);
            }
            Some((place.link.clone(), location))
        })
        .collect();
    faro_hsds::assemble(&service, &listed.organization, &places)
}

fn page(contents: Vec<Value>, total: u64, query: &DirectoryQuery) -> Value {
    let per_page = u64::from(query.per_page.max(1));
    let pages = total.div_ceil(per_page).max(1) as usize;
    let mut page = faro_hsds::write::page(contents, total as usize, query.page as usize, pages);
    page["size"] = json!(per_page);
    page
}

pub(crate) fn not_found(id: &str) -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        code: "not_found",
        message: Text::words(key!("api-hsds-not-found"))
            .with("id", id.chars().take(80).collect::<String>()),
        field: None,
    }
}

/// `page` and `per_page` only.
fn paging(raw: Option<&str>) -> Result<DirectoryQuery, ApiError> {
    let params = crate::api::own_params(raw, &["page", "per_page"])?;
    window(&params)
}

fn window(params: &HashMap<String, String>) -> Result<DirectoryQuery, ApiError> {
    let number = crate::api::reports::number;
    let page = number(params, "page", 1, (1, MAX_PAGE))?;
    let per_page = number(params, "per_page", PER_PAGE, (1, i64::from(MAX_PER_PAGE)))?;
    Ok(DirectoryQuery {
        page: u32::try_from(page).unwrap_or(1),
        per_page: u32::try_from(per_page).unwrap_or(1),
        ..DirectoryQuery::default()
    })
}

fn list_query(raw: Option<&str>) -> Result<DirectoryQuery, ApiError> {
    let params = crate::api::own_params(raw, &LIST_PARAMETERS)?;
    let mut query = window(&params)?;
    query.text = params.get("search").map(|s| s.chars().take(200).collect());
    query.organization = params.get("organization_id").cloned();
    if let Some(full) = params.get("full")
        && !matches!(full.as_str(), "true" | "false")
    {
        return Err(crate::api::reports::not_a_choice(
            "full",
            full,
            "`true`, `false`".into(),
        ));
    }
    if let Some(since) = params.get("modified_after") {
        query.changed_since = Some(unix_seconds(since).ok_or_else(|| {
            ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid_parameter",
                message: Text::words(key!("api-not-a-datetime"))
                    .with("value", since.chars().take(40).collect::<String>()),
                field: Some("modified_after".into()),
            }
        })?);
    }
    Ok(query)
}

/// An RFC 3339 date-time, or a day (its first second, UTC).
fn unix_seconds(text: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    let text = text.trim();
    if let Ok(at) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Some(at.unix_timestamp());
    }
    let day = faro_domain::case::Day::parse(text, "modified_after").ok()?;
    Some(i64::from(day.0) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modified_after_takes_a_date_time_or_a_day() {
        assert_eq!(unix_seconds("1970-01-02T00:00:00Z"), Some(86_400));
        assert_eq!(unix_seconds("1970-01-02T01:00:00+01:00"), Some(86_400));
        assert_eq!(unix_seconds("1970-01-03"), Some(2 * 86_400));
        assert_eq!(unix_seconds("yesterday"), None);
        assert_eq!(unix_seconds("2026-02-30"), None);
    }
}
