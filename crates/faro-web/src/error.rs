//! API errors: `{"error": {"code", "message", "field"}}` with the right status, never a 500 for
//! bad input; internal details go to the log, not to the client.
//!
//! The web layer's own messages are words of the translation files ([`Text::Words`]), and so are
//! the domain's problems with a value and the store's refusals ([`Text::Problem`],
//! [`refusal_words`]); [`speak`] renders them in the language of the request's
//! `Accept-Language`: nothing a person reads here is English-only.

use crate::services::ServiceError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use faro_analytics::AnalyticsError;
use faro_domain::{Message, ValidationError};
use faro_i18n::Lang;
use faro_i18n::key;
use faro_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: Text,
    pub field: Option<String>,
}

/// What an error tells a person.
#[derive(Debug, Clone)]
pub enum Text {
    /// A message of the translation files (`api-…`) and its arguments.
    Words(Message),
    /// A problem with a value, the value first (`Lang::problem`).
    Problem(Option<String>, Message),
}

impl Text {
    pub fn words(key: &'static str) -> Text {
        Text::Words(Message::new(key))
    }

    /// The same words with one more argument.
    pub fn with(self, name: &'static str, value: impl ToString) -> Text {
        match self {
            Text::Words(message) => Text::Words(message.with(name, value)),
            problem => problem,
        }
    }

    pub fn render(&self, lang: Lang) -> String {
        match self {
            Text::Words(message) => lang.message(message),
            Text::Problem(value, message) => lang.problem(value.as_deref(), message),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable snake_case id (`unknown_parameter`, `invalid_parameter`, `not_found`, …).
    pub code: String,
    /// What is wrong and how to fix it, for a person.
    pub message: String,
    /// The parameter at fault, if one is.
    pub field: Option<String>,
}

impl ApiError {
    pub fn bad_request(code: &'static str, field: Option<&str>, message: Text) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message,
            field: field.map(str::to_string),
        }
    }

    /// The server is busy with others' work for a moment (503): nothing was kept; send again.
    pub fn busy() -> Self {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "busy",
            message: Text::words(key!("api-busy")),
            field: None,
        }
    }

    /// A well-formed value that is not valid (422).
    pub fn invalid(e: ValidationError) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_parameter",
            message: Text::Problem(e.value, e.message),
            field: Some(e.field),
        }
    }
}

impl ApiError {
    /// The JSON answer in `lang`.
    fn answer(&self, lang: Lang) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message.render(lang),
                field: self.field.clone(),
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// In English; [`speak`] answers again in the request's language.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.answer(Lang::REFERENCE);
        response.extensions_mut().insert(self);
        response
    }
}

/// Renders an API error in the language of the request's `Accept-Language`, keeping the
/// answer's status and headers (`WWW-Authenticate`, `Cache-Control`).
/// Only an error answer pays for the negotiation.
pub async fn speak(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let asked = request
        .headers()
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .cloned();
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<ApiError>().cloned() else {
        return response;
    };
    let lang = Lang::negotiate(asked.as_ref().and_then(|v| v.to_str().ok()));
    if lang == Lang::REFERENCE {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let spoken = error.answer(lang);
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let (_, body) = spoken.into_parts();
    Response::from_parts(parts, body)
}

/// The words of a store refusal that is the caller's to fix (a missing or unknown thing, a
/// role's limit, a spent budget, a conflict, a value the store refuses), for every edge: the
/// API, the pages and the CLI. `None` for a failure that is not the caller's (logged, and
/// answered 401, 500 or 503).
pub fn refusal_words(e: &StoreError) -> Option<Text> {
    use faro_domain::refusal;
    Some(match e {
        StoreError::NotFound { kind, id } => Text::words(refusal::NOT_FOUND)
            .with("kind", kind.replace(' ', "-"))
            .with("id", id),
        StoreError::UnknownName { name, .. } => {
            Text::words(refusal::UNKNOWN_NAME).with("name", name)
        }
        StoreError::Forbidden { action } => Text::words(refusal::FORBIDDEN).with("action", action),
        StoreError::Budget {
            asked,
            spent,
            budget,
            left,
        } => Text::words(refusal::BUDGET)
            .with("asked", asked)
            .with("spent", spent)
            .with("budget", budget)
            .with("left", left),
        StoreError::Conflict { what } => Text::Problem(None, what.clone()),
        StoreError::TooManyJobs { limit } => {
            Text::words(refusal::TOO_MANY_JOBS).with("limit", limit)
        }
        StoreError::Invalid { problem, .. } => Text::Problem(None, problem.clone()),
        _ => return None,
    })
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let (status, code, field) = match &e {
            StoreError::NotFound { .. } | StoreError::UnknownName { .. } => {
                (StatusCode::NOT_FOUND, "not_found", None)
            }
            StoreError::Forbidden { .. } => (StatusCode::FORBIDDEN, "forbidden", None),
            StoreError::Budget { .. } => (StatusCode::CONFLICT, "budget_spent", Some("epsilon")),
            StoreError::Conflict { .. } => (StatusCode::CONFLICT, "conflict", None),
            StoreError::TooManyJobs { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_jobs", None)
            }
            StoreError::Invalid { field, .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid", Some(*field))
            }
            StoreError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated", None),
            StoreError::Unavailable { .. } => {
                tracing::error!(error = %e, "database unavailable");
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable", None)
            }
            other => {
                tracing::error!(error = %other, cause = ?std::error::Error::source(other).map(|s| s.to_string()), "store error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", None)
            }
        };
        let message = refusal_words(&e).unwrap_or_else(|| match status {
            StatusCode::UNAUTHORIZED => Text::words(key!("api-unauthenticated")),
            StatusCode::SERVICE_UNAVAILABLE => Text::words(key!("api-unavailable")),
            _ => Text::words(key!("api-internal")),
        });
        ApiError {
            status,
            code,
            message,
            field: field.map(str::to_string),
        }
    }
}

/// A service's refusal, answered once for the API (and, through it, for the pages).
impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::TooNarrow { dimensions, limit } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "too_narrow",
                message: Text::words(key!("api-too-narrow"))
                    .with("dimensions", dimensions)
                    .with("limit", limit),
                field: Some("by".into()),
            },
            ServiceError::OneValueAtATime { dimension } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "one_value_at_a_time",
                message: Text::words(key!("api-one-value-at-a-time")).with("dimension", dimension),
                field: Some(dimension.into()),
            },
            ServiceError::Store(e) => e.into(),
            ServiceError::Render { what, cause } => {
                tracing::error!(what, %cause, "could not be rendered");
                ApiError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    code: "internal",
                    message: Text::words(key!("api-internal")),
                    field: None,
                }
            }
        }
    }
}

impl From<AnalyticsError> for ApiError {
    fn from(e: AnalyticsError) -> Self {
        match e {
            AnalyticsError::Store(s) => s.into(),
        }
    }
}

pub async fn not_found(uri: Uri) -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        code: "not_found",
        message: Text::words(key!("api-no-such-path")).with("path", uri.path()),
        field: None,
    }
}

/// A body larger than the API takes.
pub fn too_large() -> ApiError {
    ApiError {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "too_large",
        message: Text::words(key!("api-too-large")).with("max", crate::MAX_BODY_BYTES >> 20),
        field: None,
    }
}

pub async fn method_not_allowed() -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: Text::words(key!("api-method-not-allowed")),
        field: None,
    }
}
