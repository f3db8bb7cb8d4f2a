//! `/api/v1/directory`: the directory as staff of an organisation on the instance read it
//! (shared entries and their own; another organisation's confidential location only "contact
//! to arrange"), searched for a person by need, language, age, a bed free and distance.

use super::reports::{not_a_choice, number};
use crate::access::Access;
use crate::error::Text;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use faro_domain::case::{Day, ServiceKind};
use faro_domain::vocab::Gender;
use faro_domain::{AccessContext, Vocabulary, gazetteer};
use faro_i18n::key;
use faro_store::{DirectoryQuery, DirectoryReader, DirectorySearch, Hit, MAX_HITS};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Kilometres searched around a place when the caller does not say.
const DEFAULT_KM: i64 = 50;
pub const MAX_KM: i64 = 1_000;

#[derive(Serialize, ToSchema)]
pub struct HitsView {
    pub services: Vec<HitView>,
}

#[derive(Serialize, ToSchema)]
pub struct HitView {
    /// The service's HSDS id.
    pub id: String,
    pub name: String,
    pub organization: String,
    /// The Faro organisation that keeps the entry.
    pub kept_by: i64,
    /// `service` codes (GET /api/v1/vocabularies).
    pub needs: Vec<&'static str>,
    /// ISO 639 codes.
    pub languages: Vec<String>,
    pub beds_free: Option<i64>,
    /// When someone last vouched for the entry (YYYY-MM-DD).
    pub assured_date: Option<String>,
    /// Nobody vouched for it in the last year (or ever).
    pub stale: bool,
    pub location: Option<PlaceView>,
    pub distance_km: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct PlaceView {
    /// The location's HSDS id.
    pub id: String,
    pub name: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// A confidential location of another organisation: contact the service to arrange a
    /// visit; its address and point are not given.
    pub contact_to_arrange: bool,
}

/// Staff read the directory as partners of their organisation; anyone else as the public.
pub(crate) fn reader(ctx: &AccessContext) -> DirectoryReader {
    ctx.organisation()
        .map_or(DirectoryReader::Public, DirectoryReader::Partner)
}

fn view(hit: Hit, today: Day) -> HitView {
    let stale = faro_domain::directory::stale(hit.assured_day.as_deref(), today);
    HitView {
        id: hit.service,
        name: hit.name,
        organization: hit.organization,
        kept_by: hit.owner.0,
        needs: hit.needs.iter().map(|n| n.code()).collect(),
        languages: hit.languages,
        beds_free: hit.beds_free,
        assured_date: hit.assured_day,
        stale,
        location: hit.place.map(|p| PlaceView {
            id: p.location,
            name: p.name,
            latitude: p.point.map(|x| x.0),
            longitude: p.point.map(|x| x.1),
            contact_to_arrange: p.arrange,
        }),
        distance_km: hit.distance_km.map(|d| (d * 10.0).round() / 10.0),
    }
}

/// Services for a person: by need, language, age, a bed free, and distance from a point or a
/// city of the gazetteer (nearest first); without a place, by name.
#[utoipa::path(get, path = "/api/v1/directory/services", tag = "directory",
    params(
        ("need" = Option<String>, Query, description = "A `service` code (GET /api/v1/vocabularies)"),
        ("language" = Option<String>, Query, description = "An ISO 639-1 code the service speaks"),
        ("age" = Option<i64>, Query, description = "The person's age: services whose ages exclude it are left out (0–130)"),
        ("beds" = Option<bool>, Query, description = "Only services that say they have a bed free"),
        ("gender" = Option<String>, Query, description = "The person's `gender` code: services for other genders only are left out"),
        ("open_now" = Option<bool>, Query, description = "Only services whose schedules say they are open now"),
        ("near" = Option<String>, Query, description = "A point as `latitude,longitude`"),
        ("place" = Option<String>, Query, description = "A city of the gazetteer, instead of `near`"),
        ("within_km" = Option<i64>, Query, description = "How far from the place, 1–1000 km (default 50)"),
        ("limit" = Option<i64>, Query, description = "Services returned, 1–50 (default 20)"),
    ),
    responses(
        (status = 200, body = HitsView),
        (status = 400, description = "Unknown or repeated parameter", body = crate::error::ErrorBody),
        (status = 422, description = "A value that is not one of its choices", body = crate::error::ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Json<HitsView>, ApiError> {
    let own = [
        "need",
        "language",
        "age",
        "beds",
        "gender",
        "open_now",
        "near",
        "place",
        "within_km",
        "limit",
    ];
    let params = super::own_params(raw.as_deref(), &own)?;
    let search = parse_search(&params)?;
    let hits = state
        .store
        .search_directory(&ctx, reader(&ctx), &search)
        .await?;
    let today = crate::case_input::today();
    Ok(Json(HitsView {
        services: hits.into_iter().map(|h| view(h, today)).collect(),
    }))
}

/// A yes-or-no parameter, `false` when absent.
fn flag(params: &HashMap<String, String>, name: &'static str) -> Result<bool, ApiError> {
    match params.get(name).map(String::as_str) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(not_a_choice(name, other, "`true`, `false`".into())),
    }
}

pub(crate) fn parse_search(params: &HashMap<String, String>) -> Result<DirectorySearch, ApiError> {
    let need = match params.get("need") {
        None => None,
        Some(code) => Some(
            ServiceKind::from_code(code.trim())
                .ok_or_else(|| not_a_choice("need", code, ServiceKind::code_list()))?,
        ),
    };
    let language = match params.get("language") {
        None => None,
        Some(code) => Some(faro_domain::directory::language_code(code).ok_or_else(|| {
            ApiError::invalid(
                faro_domain::ValidationError::new(
                    "language",
                    faro_domain::Message::new(faro_domain::problem::NOT_A_LANGUAGE),
                )
                .of(code.chars().take(20).collect::<String>()),
            )
        })?),
    };
    let age = params
        .contains_key("age")
        .then(|| number(params, "age", 0, (0, 130)))
        .transpose()?
        .map(|a| a as u16);
    let beds = flag(params, "beds")?;
    let gender = match params.get("gender") {
        None => None,
        Some(code) => Some(
            Gender::from_code(code.trim())
                .ok_or_else(|| not_a_choice("gender", code, Gender::code_list()))?,
        ),
    };
    let open_at = flag(params, "open_now")?.then(|| {
        faro_domain::directory::week_minute(time::OffsetDateTime::now_utc().unix_timestamp())
    });
    let km = number(params, "within_km", DEFAULT_KM, (1, MAX_KM))? as f64;
    let point = match (params.get("near"), params.get("place")) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "conflicting_parameters",
                Some("place"),
                Text::words(key!("api-near-or-place")),
            ));
        }
        (Some(near), None) => Some(point(near)?),
        (None, Some(place)) => Some(
            gazetteer::find(place, None)
                .map(|c| (c.point.lat, c.point.lon))
                .ok_or_else(|| ApiError {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    code: "invalid_parameter",
                    message: Text::words(key!("api-unknown-place"))
                        .with("value", place.chars().take(60).collect::<String>()),
                    field: Some("place".into()),
                })?,
        ),
        (None, None) => None,
    };
    let limit = number(params, "limit", 20, (1, i64::from(MAX_HITS)))?;
    Ok(DirectorySearch {
        need,
        language,
        age,
        beds,
        gender,
        open_at,
        near: point.map(|p| (p, km)),
        limit: limit as u32,
    })
}

fn point(text: &str) -> Result<(f64, f64), ApiError> {
    let mut parts = text.split(',').map(|p| p.trim().parse::<f64>().ok());
    let parsed = match (parts.next().flatten(), parts.next().flatten(), parts.next()) {
        (Some(lat), Some(lon), None) => faro_domain::directory::coordinates(Some(lat), Some(lon)),
        _ => Ok(None),
    };
    match parsed {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_parameter",
            message: Text::words(key!("api-not-a-point"))
                .with("value", text.chars().take(60).collect::<String>()),
            field: Some("near".into()),
        }),
        Err(e) => Err(ApiError::invalid(faro_domain::ValidationError {
            field: "near".into(),
            ..e
        })),
    }
}

/// One service as the caller's organisation may read it: HSDS 3.0's shape, with another
/// organisation's confidential location given as `{"id", "contact_to_arrange": true}`.
#[utoipa::path(get, path = "/api/v1/directory/services/{id}", tag = "directory",
    params(("id" = String, Path, description = "The service's HSDS id")),
    responses((status = 200, description = "An HSDS 3.0 service", body = Object), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Access(ctx): Access,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let query = DirectoryQuery::one(&id);
    let found = state
        .store
        .directory_services(&ctx, reader(&ctx), &query)
        .await?;
    let listed = found
        .services
        .into_iter()
        .next()
        .ok_or_else(|| crate::hsds::not_found(&id))?;
    let mut service = listed.service;
    service.insert("organization".into(), Value::Object(listed.organization));
    let places: Vec<Value> = listed
        .places
        .into_iter()
        .map(|p| {
            let mut link = p.link;
            let location = match p.location {
                Some(location) => Value::Object(location),
                None => serde_json::json!({"contact_to_arrange": true}),
            };
            link.insert("location".into(), location);
            Value::Object(link)
        })
        .collect();
    service.insert("service_at_locations".into(), Value::Array(places));
    Ok(Json(Value::Object(service)))
}
