//! Forms: the [`Fields`] extractor, the files of a multipart form, the double-submit token of
//! forms shown before sign-in, and the headers of answers that set a session or show a secret.

use super::render::{Page, PageError, render};
use crate::AppState;
use crate::access::{self, FORM_COOKIE, SESSION_COOKIE};
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use faro_i18n::key;
use serde::de::DeserializeOwned;

/// A form's fields; a body that is not a form becomes a 400 page rather than plain text.
pub struct Fields<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Fields<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|f| Fields(f.0))
            .map_err(|_| PageError::new(StatusCode::BAD_REQUEST, key!("csrf")))
    }
}

/// Renders a form shown before sign-in with its double-submit token (the browser's own, or
/// a fresh one), and sets the cookie the token must match.
pub fn with_form_token<T: Template>(
    state: &AppState,
    page: &Page,
    status: StatusCode,
    build: impl FnOnce(String) -> T,
) -> Result<Response, PageError> {
    let token = match &page.form_cookie {
        Some(token) => token.clone(),
        None => fresh_token().ok_or(PageError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            key!("internal"),
        ))?,
    };
    let cookie = access::cookie(state, FORM_COOKIE, token.clone());
    let mut response = render(status, page.lang, &build(token));
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

fn fresh_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    rand::TryRngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut bytes).ok()?;
    Some(hex::encode(bytes))
}

/// The session cookie set (at sign-in) or cleared (at sign-out).
pub fn session_cookie(state: &AppState, secret: Option<String>) -> HeaderValue {
    let mut c = access::cookie(state, SESSION_COOKIE, secret.clone().unwrap_or_default());
    if secret.is_none() {
        c.make_removal();
    }
    HeaderValue::from_str(&c.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A page that shows a secret once: never kept in a cache or the history.
pub fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The id field of a form.
pub fn id_field(raw: &str) -> Result<i64, PageError> {
    raw.trim()
        .parse()
        .map_err(|_| PageError::new(StatusCode::BAD_REQUEST, key!("error")))
}

/// A file to save: its type, the name offered, its bytes (or a stream of them).
/// A download's body read from the store a chunk at a time: `chunk(seq)` from `from` on,
/// until it answers `None`; a file of a gigabyte goes out in constant memory.
pub fn chunked<F, Fut>(
    from: i64,
    chunk: F,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, faro_store::StoreError>>
where
    F: Fn(i64) -> Fut,
    Fut: std::future::Future<Output = Result<Option<Vec<u8>>, faro_store::StoreError>>,
{
    // Fused: a compressing layer may ask once more after the end.
    futures_util::StreamExt::fuse(futures_util::stream::try_unfold(
        (from, chunk),
        |(seq, chunk)| async move { Ok(chunk(seq).await?.map(|c| (c, (seq + 1, chunk)))) },
    ))
}

/// The errors CSV a job stored, as a download named `name`, read a chunk at a time; 409
/// while the job has not ended.
pub fn job_errors(
    store: faro_store::Store,
    job: String,
    ended: bool,
    name: &str,
) -> Result<Response, PageError> {
    if !ended {
        return Err(PageError::new(StatusCode::CONFLICT, key!("import_running")));
    }
    Ok(download(
        "text/csv; charset=utf-8",
        name.to_string(),
        axum::body::Body::from_stream(chunked(0, move |seq| {
            let (store, id) = (store.clone(), job.clone());
            async move { store.job_chunk(&id, "errors", seq).await }
        })),
    ))
}

pub fn download(
    content_type: &'static str,
    name: String,
    body: impl Into<axum::body::Body>,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// Parts a multipart form may have: its token, its file, and room for a browser's extras.
const MAX_PARTS: usize = 8;

/// The files sent in a multipart form's `field` (empty file fields left out); a broken form,
/// or one of too many parts, is a 400.
pub async fn files(
    form: Result<Multipart, MultipartRejection>,
    field: &str,
) -> Result<Vec<Vec<u8>>, PageError> {
    let broken = || PageError::new(StatusCode::BAD_REQUEST, key!("report-broken_form"));
    let mut form = form.map_err(|_| broken())?;
    let mut found = Vec::new();
    for _ in 0..MAX_PARTS {
        let Some(part) = form.next_field().await.map_err(|_| broken())? else {
            return Ok(found);
        };
        if part.name() == Some(field) {
            let bytes = part.bytes().await.map_err(|_| broken())?;
            if !bytes.is_empty() {
                found.push(bytes.to_vec());
            }
        }
    }
    Err(broken())
}
