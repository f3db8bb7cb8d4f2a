//! The JSON API under `/api/v1`, one module per resource.

pub mod aggregate;
pub mod openapi;
pub mod records;
pub mod sources;
pub mod vocabularies;

use crate::{ApiError, AppState};
use axum::Router;
use axum::routing::get;
use faro_domain::Filter;
use faro_domain::query::Dimension;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/records", get(records::list))
        .route("/records/{id}", get(records::show))
        .route("/aggregate", get(aggregate::show))
        .route("/vocabularies", get(vocabularies::list))
        .route("/sources", get(sources::list))
        .route("/openapi.json", get(openapi::document))
}

/// A query string split into dimension filters and the endpoint's own parameters.
/// Unknown and repeated parameters are refused (400) rather than ignored, so that a typo never
/// silently widens a query.
pub(crate) fn parse_query(
    raw: Option<&str>,
    own: &[&str],
) -> Result<(Filter, HashMap<String, String>), ApiError> {
    let mut filter = Filter::new();
    let mut rest: HashMap<String, String> = HashMap::new();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let duplicate = || {
            ApiError::bad_request(
                "duplicate_parameter",
                Some(&key),
                format!("`{key}` is given more than once: give one comma-separated list instead"),
            )
        };
        if own.contains(&key.as_ref()) {
            if rest.insert(key.to_string(), value.to_string()).is_some() {
                return Err(duplicate());
            }
        } else if let Some(dim) = Dimension::from_id(&key) {
            if filter.get(dim).is_some() {
                return Err(duplicate());
            }
            filter.add(dim, &value).map_err(ApiError::invalid)?;
        } else {
            let accepted: Vec<String> = own
                .iter()
                .copied()
                .chain(Dimension::ALL.iter().map(|d| d.id()))
                .map(|p| format!("`{p}`"))
                .collect();
            return Err(ApiError::bad_request(
                "unknown_parameter",
                Some(&key),
                format!(
                    "`{key}` is not a parameter of this endpoint (accepted: {})",
                    accepted.join(", ")
                ),
            ));
        }
    }
    Ok((filter, rest))
}
