//! Who is calling: the one place a request becomes an [`AccessContext`].
//!
//! Every API route passes through [`authorize`] (the route table in `api/mod.rs` attaches it):
//! a bearer token becomes the caller's context, which handlers then take with [`Access`].
//! Sessions for the web pages come with the login slice of the accounts issue.

use crate::{ApiError, AppState};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use faro_domain::{AccessContext, Permission};
use faro_store::StoreError;

/// The caller's context, as [`authorize`] established it.
pub struct Access(pub AccessContext);

impl<S: Send + Sync> FromRequestParts<S> for Access {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<AccessContext>()
            .cloned()
            .map(Access)
            .ok_or_else(unauthenticated)
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn unauthenticated() -> Response {
    let mut response = ApiError {
        status: StatusCode::UNAUTHORIZED,
        code: "unauthenticated",
        message: "send an API token as `Authorization: Bearer faro_…` (create one with `faro admin token create`)".into(),
        field: None,
    }
    .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"faro\""),
    );
    response
}

/// Authenticates the request and checks `permission` before the handler runs.
pub async fn authorize(
    State(state): State<AppState>,
    permission: Permission,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(secret) = bearer(request.headers()) else {
        return unauthenticated();
    };
    let ctx = match state.store.authenticate_token(secret).await {
        Ok(ctx) => ctx,
        Err(StoreError::Unauthenticated) => return unauthenticated(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    if !ctx.has(permission) {
        return ApiError {
            status: StatusCode::FORBIDDEN,
            code: "forbidden",
            message: format!(
                "the role `{}` may not use this route",
                faro_domain::Vocabulary::code(ctx.role())
            ),
            field: None,
        }
        .into_response();
    }
    request.extensions_mut().insert(ctx);
    next.run(request).await
}
