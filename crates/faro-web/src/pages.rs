//! Server-rendered pages (no JavaScript) and the health check. The real UI is a later issue;
//! for now `/` says what is loaded and where the API is, in English or Spanish.

use crate::access::Access;
use crate::{ApiError, AppState};
use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
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
    sources: &'static str,
    none: &'static str,
    name: &'static str,
    layout: &'static str,
    imported: &'static str,
    rejected: &'static str,
    demo: &'static str,
    api: &'static str,
    other_language: &'static str,
    other_code: &'static str,
    attribution: &'static str,
}

const EN: Words = Words {
    title: "Faro — trafficking case data hub",
    tagline: "Human trafficking case data in the HTCDS/CTDC standard.",
    loaded: "Loaded",
    records: "case records",
    sources: "Sources",
    none: "No data is loaded yet. Import a CTDC file with `faro import ctdc FILE`.",
    name: "Name",
    layout: "Layout",
    imported: "Imported",
    rejected: "Rejected rows",
    demo: "synthetic demo data",
    api: "JSON API",
    other_language: "Español",
    other_code: "es",
    attribution: "CTDC data: Source: Counter-Trafficking Data Collaborative (CTDC), ctdatacollaborative.org",
};

const ES: Words = Words {
    title: "Faro — centro de datos de casos de trata",
    tagline: "Datos de casos de trata de personas en el estándar HTCDS/CTDC.",
    loaded: "Cargados",
    records: "registros de casos",
    sources: "Fuentes",
    none: "Todavía no hay datos. Importe un archivo CTDC con `faro import ctdc ARCHIVO`.",
    name: "Nombre",
    layout: "Formato",
    imported: "Importados",
    rejected: "Filas rechazadas",
    demo: "datos sintéticos de demostración",
    api: "API JSON",
    other_language: "English",
    other_code: "en",
    attribution: "Datos CTDC: Fuente: Counter-Trafficking Data Collaborative (CTDC), ctdatacollaborative.org",
};

struct SourceRow {
    name: String,
    layout: String,
    imported: i64,
    rejected: i64,
    demo: bool,
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    lang: &'static str,
    w: &'static Words,
    records: i64,
    sources: Vec<SourceRow>,
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

async fn home(
    State(state): State<AppState>,
    Access(ctx): Access,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = Lang::choose(q.lang.as_deref(), &headers);
    let sources = state.store.sources(&ctx).await?;
    let page = Home {
        lang: lang.code(),
        w: if lang == Lang::Es { &ES } else { &EN },
        records: state.store.count_records(&ctx).await?,
        sources: sources
            .into_iter()
            .map(|s| SourceRow {
                name: s.name,
                layout: s.layout,
                imported: s.rows_imported,
                rejected: s.rows_rejected,
                demo: s.kind == faro_store::SourceKind::Demo,
            })
            .collect(),
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
