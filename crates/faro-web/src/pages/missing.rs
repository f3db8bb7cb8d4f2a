//! What a mistyped or outdated address answers. A person who followed a wrong link (a reporter
//! among them) gets a page in their language with the way out and the links they came for;
//! the API and the gateways keep their JSON answer.

use super::render::{Chrome, Page, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use faro_i18n::key;

#[derive(Template)]
#[template(path = "report/not_found.html")]
struct NotFound {
    c: Chrome,
    lang: &'static str,
    exit_url: String,
}

/// Whether `path` belongs to a machine's interface (JSON answers), not to the pages.
fn for_machines(path: &str) -> bool {
    ["/api/", "/sms/"].iter().any(|p| path.starts_with(p)) || path == "/api"
}

/// The router's fallback: a page for people, JSON for the API. No cookie is read or set and
/// no session looked up: the language comes from `?lang=` or the browser, as on the report
/// pages.
pub async fn not_found(State(state): State<AppState>, request: Request) -> Response {
    if for_machines(request.uri().path()) {
        return crate::error::not_found(request.uri().clone())
            .await
            .into_response();
    }
    let (parts, _) = request.into_parts();
    let lang = super::guard::public_lang(&parts);
    let page = Page::new(lang, None, &parts);
    let body = NotFound {
        c: page.chrome(key!("not_found_title")),
        lang: lang.code(),
        exit_url: state.reporting.exit_url.clone(),
    };
    super::report::private(render(StatusCode::NOT_FOUND, lang, &body))
}
