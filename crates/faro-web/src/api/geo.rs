//! `GET /api/v1/geo/{countries,routes,hotspots}`: the hub's map as GeoJSON (RFC 7946,
//! `application/geo+json`) with the hub's filters, for QGIS and other GIS tools. Counts are
//! released as on the hub's page; each answer is one audited view.

use crate::access::Access;
use crate::hub::{HubQuery, View};
use crate::{ApiError, AppState};
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use faro_domain::AccessContext;

const GEOJSON: &str = "application/geo+json";

async fn answer(
    state: &AppState,
    ctx: &AccessContext,
    raw: Option<&str>,
    view: View,
) -> Result<Response, ApiError> {
    let query = HubQuery::parse_strict(raw)?;
    let hub = crate::hub::gather(&state.services(), ctx, &query, &[view], "hub.export").await?;
    let collection = match view {
        View::Routes => crate::hub::geo::routes(&hub),
        View::Hotspots => crate::hub::geo::hotspots(&hub),
        _ => crate::hub::geo::countries(&hub),
    };
    Ok(([(header::CONTENT_TYPE, GEOJSON)], collection.to_string()).into_response())
}

/// Countries with their counts (by `map`: country of exploitation, or citizenship).
#[utoipa::path(
    get,
    path = "/api/v1/geo/countries",
    tag = "geo",
    params(
        ("map" = Option<String>, Query, description = "`exploitation_country` (default) or `citizenship`"),
        ("scope" = Option<String>, Query, description = "`own` (default) or `hub`"),
    ),
    responses(
        (status = 200, description = "A FeatureCollection of country polygons (or points, for countries too small for the 1:110m map) with `count` and `hidden`", content_type = "application/geo+json", body = Object),
        (status = 400, description = "Unknown parameter", body = crate::error::ErrorBody),
        (status = 422, description = "A filter value that is not valid", body = crate::error::ErrorBody),
        (status = 429, description = "The reader's daily budget of controlled queries is spent", body = crate::error::ErrorBody),
    )
)]
pub async fn countries(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    answer(&state, &ctx, raw.as_deref(), View::Countries).await
}

/// Corridors from citizenship to country of exploitation as lines.
#[utoipa::path(
    get,
    path = "/api/v1/geo/routes",
    tag = "geo",
    params(
        ("top" = Option<u32>, Query, description = "Corridors returned, most people first, 1–50 (default 10)"),
        ("scope" = Option<String>, Query, description = "`own` (default) or `hub`"),
    ),
    responses(
        (status = 200, description = "A FeatureCollection of LineStrings with `from`, `to`, `count` and `hidden`", content_type = "application/geo+json", body = Object),
        (status = 400, description = "Unknown parameter", body = crate::error::ErrorBody),
        (status = 422, description = "A filter value that is not valid, or a controlled query over too many dimensions", body = crate::error::ErrorBody),
        (status = 429, description = "The reader's daily budget of controlled queries is spent", body = crate::error::ErrorBody),
    )
)]
pub async fn routes(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    answer(&state, &ctx, raw.as_deref(), View::Routes).await
}

/// Reports' points counted on the H3 grid, as the cells' polygons.
#[utoipa::path(
    get,
    path = "/api/v1/geo/hotspots",
    tag = "geo",
    params(
        ("res" = Option<u8>, Query, description = "H3 resolution, 1 (coarse) to 7 (fine); at most 5 for readers who may not read the records"),
        ("channel" = Option<String>, Query, description = "Reports' channels, comma-separated (`web,sms`)"),
        ("status" = Option<String>, Query, description = "Reports' statuses, comma-separated"),
    ),
    responses(
        (status = 200, description = "A FeatureCollection of Polygons with `h3_cell`, `resolution`, `count` and `hidden`", content_type = "application/geo+json", body = Object),
        (status = 400, description = "Unknown parameter", body = crate::error::ErrorBody),
        (status = 422, description = "A filter value that is not valid", body = crate::error::ErrorBody),
        (status = 429, description = "The reader's daily budget of controlled queries is spent", body = crate::error::ErrorBody),
    )
)]
pub async fn hotspots(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    answer(&state, &ctx, raw.as_deref(), View::Hotspots).await
}
