//! The only crate that knows HTTP: the router (here), the JSON API handlers (`api`), the pages
//! (`pages`), the OpenAPI document, and the work they share with the CLI (`services`, which
//! knows no HTTP).
//!
//! Handlers parse requests into domain values, call a service, the store or the analytics
//! index, and render view structs; there is no SQL here. Nothing a page loads comes from
//! another host.

mod access;
mod api;
mod case_input;
pub mod charts;
mod decoding;
mod error;
pub mod gateway;
mod hashing;
mod hsds;
pub use hsds::whole as hsds_document;
pub mod hub;
mod ids;
pub mod intake;
pub mod notify;
mod once;
mod pages;
mod referral_input;
pub mod services;
mod state;
mod throttle;

pub use services::{export, imports, jobs, publish, publishing};

pub use api::aggregate::AggregateView;
pub use api::openapi::ApiDoc;
/// Texts one account may have triaged through the API per quarter of an hour.
pub use api::triage::TEXTS_PER_WINDOW as TRIAGE_TEXTS_PER_WINDOW;
pub use api::{Route, table as route_table};
pub use error::{ApiError, Text, refusal_words};
pub use pages::{Need, PageRoute, table as page_table};
pub use state::AppState;
pub use throttle::{ACCOUNT_LIMIT, CLIENT_LIMIT, RECEIPT_CLIENT_LIMIT, Receipts};

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::IntoResponse;
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy of every answer: nothing from another host, no framing, no
/// inline script or style.
pub const STRICT_CSP: &str =
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The largest upload of the sources page unless the settings say otherwise: the body is
/// held in memory while its import runs.
pub const DEFAULT_UPLOAD_LIMIT: usize = 64 << 20;

/// The current year, the latest year of registration an import accepts (read here, at the
/// edge: the domain reads no clock).
pub fn this_year() -> u16 {
    time::OffsetDateTime::now_utc().year().clamp(1990, 9999) as u16
}

/// Each organisation's differential privacy budget unless the settings say otherwise.
pub const DEFAULT_PUBLISH_BUDGET: f64 = 5.0;

/// How long closed reports are kept unless the settings say otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 180;

/// Request bodies above this are refused with 413 before a handler reads them.
pub(crate) const MAX_BODY_BYTES: usize = 1 << 20;

/// Every URL Faro answers.
pub fn router(state: AppState) -> Router {
    let tls = state.tls;
    let reporting_limit = state.reporting.body_limit();
    let upload_limit = state.upload_limit;
    let security_headers = [
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (HeaderName::from_static("x-frame-options"), "DENY"),
    ];
    let mut app = Router::new()
        .merge(pages::routes(state.clone()))
        .merge(gateway::routes())
        // No answer of the API may be kept by a cache or a browser's history: they hold
        // records, counts and secrets for one reader.
        .nest(
            "/api/v1",
            api::routes(state.clone())
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                ))
                .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
                .layer(tower_http::limit::RequestBodyLimitLayer::new(
                    MAX_BODY_BYTES,
                )),
        )
        .fallback(pages::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state)
        .layer(axum::middleware::from_fn(error::speak))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(request_span as fn(&_) -> _)
                .on_request(())
                .on_response(log_response as fn(&_, _, &_)),
        )
        .layer(axum::middleware::from_fn(deadline))
        .layer(compression());
    // A page route may widen the policy for itself (`PageRoute::widen_csp`); every other
    // answer gets the strict one.
    app = app.layer(SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(STRICT_CSP),
    ));
    for (name, value) in security_headers {
        app = app.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if tls {
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    // Page routes bound their bodies in the guard, which answers in the visitor's language (a
    // report with photos may be larger than the API's 1 MiB); the API bounds its own, and
    // anything else declaring more than 1 MiB is refused before it is read.
    app.layer(axum::middleware::from_fn(declared_size))
        .layer(axum::extract::DefaultBodyLimit::max(
            MAX_BODY_BYTES.max(reporting_limit).max(upload_limit),
        ))
}

/// Gzip for what is sent often and compresses well (styles, scripts, JSON, CSV, SVG), never for
/// pages: most carry a CSRF token, a receipt code or a set-password token beside what the
/// visitor sent, and a compressed page's length would let a watcher guess them (BREACH). The
/// API's answers compress: its cookies are SameSite=Strict and its tokens are not sent by
/// browsers on their own, so no other site can make a signed-in browser ask for them.
fn compression() -> tower_http::compression::CompressionLayer<
    tower_http::compression::predicate::And<
        tower_http::compression::DefaultPredicate,
        tower_http::compression::predicate::NotForContentType,
    >,
> {
    use tower_http::compression::predicate::{NotForContentType, Predicate};
    tower_http::compression::CompressionLayer::new()
        .gzip(true)
        .compress_when(
            tower_http::compression::DefaultPredicate::new()
                .and(NotForContentType::const_new("text/html")),
        )
}

/// How long a request may take before it is answered 503.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a streamed upload may take (a gigabyte over a slow link); such a route is open
/// only to signed-in staff who may import, and its work is bounded per organisation.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(3 * 3600);

/// Answers 503 (come back in a few seconds) to a request that takes longer than its route allows: [`REQUEST_TIMEOUT`],
/// or [`UPLOAD_TIMEOUT`] for the page routes that stream a file into the database.
async fn deadline(
    request: axum::http::Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let streamed = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .is_some_and(|p| pages::streams_uploads(p.as_str()));
    let limit = if streamed {
        UPLOAD_TIMEOUT
    } else {
        REQUEST_TIMEOUT
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let mut r = axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
            r.headers_mut().insert(
                header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
            r
        }
    }
}

/// 413 for a request outside the page routes that declares a body over [`MAX_BODY_BYTES`]:
/// refused before anything reads it, whatever the path or method.
async fn declared_size(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let page = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .is_some_and(|p| !p.as_str().starts_with("/api/"));
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    if !page && declared > MAX_BODY_BYTES as u64 {
        return error::too_large().into_response();
    }
    next.run(request).await
}

/// The span of a request: method and route template. Never the URI's values (query strings,
/// ids), headers or the client's address.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("unmatched", |p| p.as_str());
    tracing::info_span!("request", method = %request.method(), route = %route)
}

fn log_response(
    response: &axum::http::Response<axum::body::Body>,
    latency: Duration,
    _span: &tracing::Span,
) {
    tracing::info!(
        status = response.status().as_u16(),
        duration_ms = latency.as_millis() as u64,
        "answered"
    );
}

/// Serves until `shutdown` resolves, then finishes the requests under way.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    state.jobs.release_statistics(state.services());
    state.jobs.start();
    // The peer address reaches only the sign-in throttle, as a keyed hash.
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
