//! API errors: `{"error": {"code", "message", "field"}}` with the right status, never a 500 for
//! bad input; internal details go to the log, not to the client.

use axum::Json;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use faro_analytics::AnalyticsError;
use faro_domain::ValidationError;
use faro_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
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
    pub fn bad_request(
        code: &'static str,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
            field: field.map(str::to_string),
        }
    }

    /// A well-formed value that is not valid (422).
    pub fn invalid(e: ValidationError) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_parameter",
            message: e.to_string(),
            field: Some(e.field),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
                field: self.field,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } | StoreError::UnknownName { .. } => ApiError {
                status: StatusCode::NOT_FOUND,
                code: "not_found",
                message: e.to_string(),
                field: None,
            },
            StoreError::Forbidden { .. } => ApiError {
                status: StatusCode::FORBIDDEN,
                code: "forbidden",
                message: e.to_string(),
                field: None,
            },
            StoreError::Conflict { .. } => ApiError {
                status: StatusCode::CONFLICT,
                code: "conflict",
                message: e.to_string(),
                field: None,
            },
            StoreError::Invalid { field, ref problem } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid",
                message: format!("`{field}`: {problem}"),
                field: Some(field.to_string()),
            },
            StoreError::Unauthenticated => ApiError {
                status: StatusCode::UNAUTHORIZED,
                code: "unauthenticated",
                message: e.to_string(),
                field: None,
            },
            StoreError::Unavailable { .. } => {
                tracing::error!(error = %e, "database unavailable");
                ApiError {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    code: "unavailable",
                    message: "the database cannot be reached; try again shortly".into(),
                    field: None,
                }
            }
            other => {
                tracing::error!(error = %other, cause = ?std::error::Error::source(&other).map(|s| s.to_string()), "store error");
                ApiError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    code: "internal",
                    message: "an internal error occurred; it has been logged".into(),
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
        message: format!(
            "there is nothing at `{}` (the API is under `/api/v1`; see `/api/v1/openapi.json`)",
            uri.path()
        ),
        field: None,
    }
}

pub async fn method_not_allowed() -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: "this path does not accept that method (see `/api/v1/openapi.json`)".into(),
        field: None,
    }
}
