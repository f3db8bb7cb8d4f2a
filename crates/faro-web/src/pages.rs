//! Server-rendered pages (no JavaScript) and the health check. The real UI is a later issue;
//! for now `/` says what is loaded and where the API is, in English or Spanish.

use crate::{ApiError, AppState};
use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use faro_domain::AccessContext;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/healthz", get(healthz))
        .route("/assets/faro.css", get(stylesheet))
        .route("/assets/faro.svg", get(icon))
        .route("/favicon.ico", get(icon))
}

/// A user interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    /// `?lang=` wins; otherwise the first supported language in `Accept-Language`.
    fn choose(asked: Option<&str>, headers: &HeaderMap) -> Lang {
        let pick = |tag: &str| match tag.trim().get(..2) {
            Some(t) if t.eq_ignore_ascii_case("es") => Some(Lang::Es),
            Some(t) if t.eq_ignore_ascii_case("en") => Some(Lang::En),
            _ => None,
        };
        asked
            .and_then(pick)
            .or_else(|| {
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split(',').find_map(pick))
            })
            .unwrap_or(Lang::En)
    }

    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }
}

/// The words of the home page in one language.
struct Words {
    title: &'static str,
    tagline: &'static str,
    loaded: &'static str,
    records: &'static str,
    api: &'static str,
    token: &'static str,
    other_language: &'static str,
    other_code: &'static str,
    attribution: &'static str,
}

const EN: Words = Words {
    title: "Faro — trafficking case data hub",
    tagline: "Human trafficking case data in the HTCDS/CTDC standard.",
    loaded: "Loaded",
    records: "case records",
    api: "JSON API",
    token: "The API answers with an API token: `faro admin token create --email YOU`.",
    other_language: "Español",
    other_code: "es",
    attribution: "CTDC data: Source: Counter-Trafficking Data Collaborative (CTDC), ctdatacollaborative.org",
};

const ES: Words = Words {
    title: "Faro — centro de datos de casos de trata",
    tagline: "Datos de casos de trata de personas en el estándar HTCDS/CTDC.",
    loaded: "Cargados",
    records: "registros de casos",
    api: "API JSON",
    token: "La API responde con un token: `faro admin token create --email USTED`.",
    other_language: "English",
    other_code: "en",
    attribution: "Datos CTDC: Fuente: Counter-Trafficking Data Collaborative (CTDC), ctdatacollaborative.org",
};

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    lang: &'static str,
    w: &'static Words,
    records: i64,
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// The public home page. Until sign-in exists it shows only the number of records held
/// (what the foundation asked for); source names and everything else need a token.
async fn home(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = Lang::choose(q.lang.as_deref(), &headers);
    let page = Home {
        lang: lang.code(),
        w: if lang == Lang::Es { &ES } else { &EN },
        records: state
            .store
            .count_records(&AccessContext::instance())
            .await?,
    };
    let html = page.render().map_err(|e| {
        tracing::error!(error = %e, "template failed");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "the page could not be rendered".into(),
            field: None,
        }
    })?;
    Ok(([(header::CONTENT_LANGUAGE, lang.code())], Html(html)).into_response())
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(serde_json::json!({"status": "ok"})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable", "reason": "the database cannot be reached"})),
            )
                .into_response()
        }
    }
}

/// The lighthouse icon; also answers `/favicon.ico`, which browsers ask for unprompted.
async fn icon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../assets/faro.svg"),
    )
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../assets/faro.css"),
    )
}
