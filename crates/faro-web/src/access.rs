//! Who is calling: the one place a request becomes an [`AccessContext`].
//!
//! API routes pass through [`authorize`] (the route table in `api/mod.rs` attaches it): a
//! bearer token or a signed-in browser's session becomes the caller's context, which handlers
//! take with [`Access`]. Pages pass through `pages::guard`, which uses [`session_of`] here.

use crate::error::Text;
use crate::{ApiError, AppState};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use faro_domain::{AccessContext, Permission};
use faro_i18n::key;
use faro_store::{Session, StoreError};
use std::net::{IpAddr, SocketAddr};

/// The session cookie: the session's secret, HttpOnly and SameSite=Strict (Secure behind TLS).
pub const SESSION_COOKIE: &str = "faro_session";
/// The double-submit token of forms shown before sign-in (sign in, set password).
pub const FORM_COOKIE: &str = "faro_form";
/// A header a script sends with a session-authenticated API call that changes something.
pub const CSRF_HEADER: &str = "x-csrf-token";

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
        message: Text::words(key!("api-unauthenticated")),
        field: None,
    }
    .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"faro\""),
    );
    response
}

/// The signed-in session of a request's cookie, if it has a live one.
pub async fn session_of(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Session>, StoreError> {
    let jar = CookieJar::from_headers(headers);
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    match state.store.session(cookie.value()).await {
        Ok(session) => Ok(Some(session)),
        Err(StoreError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether two secrets are equal, in time independent of where they differ (an empty one is
/// never a match).
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    !a.is_empty() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A cookie as Faro sets them: HttpOnly, SameSite=Strict, path `/`, Secure behind TLS, and
/// gone when the browser closes (the server ends sessions by itself).
pub fn cookie(state: &AppState, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.tls)
        .path("/")
        .build()
}

/// The client's address, for throttling only: the peer, or with `--trusted-proxy` the last
/// address that proxy put in `X-Forwarded-For`. Never logged or stored; `None` when the
/// server does not know its peer (in-process tests).
pub struct Client(pub Option<IpAddr>);

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>();
        Ok(Client(client_address(state, &parts.headers, peer)))
    }
}

fn client_address(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<&ConnectInfo<SocketAddr>>,
) -> Option<IpAddr> {
    let peer = peer.map(|c| c.0.ip())?;
    if state.trusted_proxy == Some(peer) {
        headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
            .or(Some(peer))
    } else {
        Some(peer)
    }
}

/// Authenticates the request and checks `permission` before the handler runs. A session
/// (from a signed-in browser) must send its CSRF token in `X-CSRF-Token` for any method that
/// changes something; a bearer token needs none, since browsers never send one by themselves.
pub async fn authorize(
    State(state): State<AppState>,
    permission: Permission,
    mut request: Request,
    next: Next,
) -> Response {
    let ctx = if let Some(secret) = bearer(request.headers()) {
        match state.store.authenticate_token(secret).await {
            Ok(ctx) => ctx,
            Err(StoreError::Unauthenticated) => return unauthenticated(),
            Err(e) => return ApiError::from(e).into_response(),
        }
    } else {
        match session_of(&state, request.headers()).await {
            Ok(Some(session)) => {
                let safe = matches!(*request.method(), Method::GET | Method::HEAD);
                let sent = request
                    .headers()
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                if !safe && !same_secret(sent, &session.csrf) {
                    return ApiError {
                        status: StatusCode::FORBIDDEN,
                        code: "csrf",
                        message: Text::words(key!("api-csrf-header")).with("header", CSRF_HEADER),
                        field: None,
                    }
                    .into_response();
                }
                session.ctx
            }
            Ok(None) => return unauthenticated(),
            Err(e) => return ApiError::from(e).into_response(),
        }
    };
    if !ctx.has(permission) {
        // A refused read of records or notes is audited like a successful one.
        if permission == Permission::Records {
            let route = request
                .extensions()
                .get::<axum::extract::MatchedPath>()
                .map_or("", |p| p.as_str())
                .to_string();
            let detail = serde_json::json!({ "route": route });
            if let Err(e) = state
                .store
                .audit(&ctx, "records.read_refused", detail)
                .await
            {
                return ApiError::from(e).into_response();
            }
        }
        return ApiError {
            status: StatusCode::FORBIDDEN,
            code: "forbidden",
            message: Text::words(key!("api-role-forbidden")).with(
                "role",
                ctx.role().map_or("none", faro_domain::Vocabulary::code),
            ),
            field: None,
        }
        .into_response();
    }
    request.extensions_mut().insert(ctx);
    next.run(request).await
}
