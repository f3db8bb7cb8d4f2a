//! Ids in paths: one parser for every `{id}`, refused as each edge refuses. The API answers
//! 400 `invalid_id` naming the segment; a page answers the not-found page, as for an id that
//! does not exist (a page never says more about an address than that nothing is there).

use crate::error::{ApiError, Text};
use crate::pages::PageError;
use axum::extract::{FromRequestParts, Path};
use axum::http::StatusCode;
use axum::http::request::Parts;
use faro_i18n::key;

/// A path segment as an id, for the API: anything but a whole number is 400 `invalid_id`.
pub fn api_id(raw: &str, field: &'static str) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| {
        ApiError::bad_request(
            "invalid_id",
            Some(field),
            Text::words(key!("api-invalid-id"))
                .with("value", raw.chars().take(40).collect::<String>()),
        )
    })
}

/// A path segment as an id, for a page: anything but a whole number is not found.
pub fn page_id(raw: &str) -> Result<i64, PageError> {
    raw.parse()
        .map_err(|_| PageError::new(StatusCode::NOT_FOUND, key!("not_found")))
}

/// The one `{id}` of an API route's path.
pub struct ApiId(pub i64);

/// The one `{id}` of a page's path.
pub struct PageId(pub i64);

/// The path's only segment, as text (a path the router matched always has it).
async fn segment<S: Send + Sync>(parts: &mut Parts, state: &S) -> Option<String> {
    Path::<String>::from_request_parts(parts, state)
        .await
        .ok()
        .map(|Path(raw)| raw)
}

impl<S: Send + Sync> FromRequestParts<S> for ApiId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = segment(parts, state).await.unwrap_or_default();
        api_id(&raw, "id").map(ApiId)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageId {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = segment(parts, state).await.unwrap_or_default();
        page_id(&raw).map(PageId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_number_is_an_id_and_anything_else_is_refused_as_each_edge_refuses() {
        assert_eq!(api_id("42", "id").ok(), Some(42));
        let api = api_id("../etc", "attachment").expect_err("refused");
        assert_eq!(
            (api.status, api.code, api.field.as_deref()),
            (StatusCode::BAD_REQUEST, "invalid_id", Some("attachment"))
        );
        assert_eq!(page_id("7").ok(), Some(7));
        let page = page_id("7x").expect_err("refused");
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(api_id(&"9".repeat(30), "id").is_err(), "beyond i64");
    }
}
