//! The guard every page route passes: it enforces the route's [`Need`], checks the CSRF token
//! of every POST, chooses the language, and renders a handler's [`PageError`] in it.

use super::Need;
use super::render::{Page, PageError, say};
use crate::AppState;
use crate::access::{self, FORM_COOKIE, same_secret};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use faro_i18n::Lang;
use faro_i18n::key;
use faro_store::Session;

/// The cookie that remembers a language chosen from the menu.
const LANG_COOKIE: &str = "faro_lang";

/// What the guard enforces for one route (from its `PageRoute`).
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub need: Need,
    /// The largest body a POST may send.
    pub body_limit: usize,
    /// A public report page: no language cookie read or set.
    pub keeps_no_cookie: bool,
    /// The body is streamed to the handler unread: the handler checks the token with
    /// [`csrf_first`] (an upload of a gigabyte is never held here).
    pub streams: bool,
}

/// Enforces a route's [`Need`] and, on POST, the CSRF token: the session's synchroniser token
/// when signed in, else the double-submit cookie of forms shown before sign-in. The form body
/// (URL-encoded or multipart) is read here, within the route's limit, and handed on
/// unchanged.
pub async fn guard(
    State(state): State<AppState>,
    rules: Rules,
    request: Request,
    next: Next,
) -> Response {
    let need = rules.need;
    if need == Need::Nothing && request.method() == Method::GET {
        return next.run(request).await;
    }
    let lang = if rules.keeps_no_cookie {
        public_lang_of(request.uri().query(), request.headers())
    } else {
        lang_of(request.uri().query(), request.headers())
    };
    let (mut parts, body) = request.into_parts();
    let session = match access::session_of(&state, &parts.headers).await {
        Ok(s) => s,
        Err(e) => return refuse(&parts, lang, None, PageError::from(e)),
    };
    match admit(need, &parts.method, &session) {
        Ok(()) => {}
        Err(Refusal::SignIn) => return Redirect::to("/sign-in").into_response(),
        Err(Refusal::Page(e)) => return refuse(&parts, lang, session, e),
    }
    // A streamed upload's token is checked by its handler ([`csrf_first`]); any other body
    // sent to its route is read here, within the limit of ordinary forms.
    let multipart = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let body_limit = match (rules.streams, multipart) {
        (true, false) => crate::MAX_BODY_BYTES,
        _ => rules.body_limit,
    };
    let body = if parts.method == Method::POST && !(rules.streams && multipart) {
        let Ok(bytes) = axum::body::to_bytes(body, body_limit).await else {
            let too_large = PageError::new(StatusCode::PAYLOAD_TOO_LARGE, key!("too_large"));
            return refuse(&parts, lang, session, too_large);
        };
        let sent = sent_token(&parts, bytes.clone()).await;
        if !csrf_matches(need, &parts, &session, &sent) {
            let forged = PageError::new(StatusCode::FORBIDDEN, key!("csrf"));
            return refuse(&parts, lang, session, forged);
        }
        Body::from(bytes)
    } else {
        body
    };
    parts.extensions.insert(lang);
    if let Some(s) = &session {
        parts.extensions.insert(s.clone());
    }
    let asked = parts
        .uri
        .query()
        .and_then(asked_lang)
        .filter(|_| !rules.keeps_no_cookie);
    let signed_in = session.is_some();
    let error_page = Page::new(lang, session, &parts);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let Some(error) = response.extensions().get::<PageError>().cloned() {
        let retry = response.headers().get(header::RETRY_AFTER).cloned();
        response = say(&error_page, error.status, &error.text);
        if let Some(retry) = retry {
            response.headers_mut().insert(header::RETRY_AFTER, retry);
        }
    }
    // A signed-in page shows one person's view of the data: no cache or history keeps it.
    if signed_in {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // Remember a language chosen with `?lang=` for the next pages.
    if let Some(lang) = asked {
        let c = access::cookie(&state, LANG_COOKIE, lang.code().to_string());
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// Why the guard turns a request away.
enum Refusal {
    /// A GET without a session: to the sign-in page.
    SignIn,
    Page(PageError),
}

/// Whether the route's need is met: a GET without a session goes to the sign-in page, a POST
/// without one is refused as a forged form.
fn admit(need: Need, method: &Method, session: &Option<Session>) -> Result<(), Refusal> {
    match (need, session) {
        (Need::Nothing | Need::Public, _) => Ok(()),
        (_, None) if method == Method::GET => Err(Refusal::SignIn),
        (_, None) => Err(Refusal::Page(PageError::new(
            StatusCode::FORBIDDEN,
            key!("csrf"),
        ))),
        (Need::Permission(p), Some(s)) if !s.ctx.has(p) => Err(Refusal::Page(PageError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
        ))),
        _ => Ok(()),
    }
}

/// The form's `csrf` field, from a URL-encoded or a multipart body (a form with photos).
async fn sent_token(parts: &Parts, body: axum::body::Bytes) -> String {
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("multipart/form-data") {
        let Ok(boundary) = multer::parse_boundary(content_type) else {
            return String::new();
        };
        let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
        let mut fields = multer::Multipart::new(stream, boundary);
        while let Ok(Some(field)) = fields.next_field().await {
            if field.name() == Some("csrf") {
                return field.text().await.unwrap_or_default();
            }
        }
        return String::new();
    }
    form_urlencoded::parse(&body)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Checks a streamed form's token, which must be its first part, against the session's; the
/// form then goes on at its second part. Anything else is refused as a forged form.
pub(super) async fn csrf_first(
    form: &mut axum::extract::Multipart,
    session: &Session,
) -> Result<(), super::render::PageError> {
    let forged = || PageError::new(StatusCode::FORBIDDEN, key!("csrf"));
    let field = form
        .next_field()
        .await
        .map_err(|e| unread(&e).unwrap_or_else(forged))?;
    let field = field
        .filter(|f| f.name() == Some("csrf"))
        .ok_or_else(forged)?;
    // A token is 64 characters or so: a longer first part is not one, and is not read.
    let sent = short_text(field, 256)
        .await
        .map_err(|e| e.unwrap_or_else(forged))?;
    if same_secret(&sent, &session.csrf) {
        Ok(())
    } else {
        Err(forged())
    }
}

/// A small text part of a streamed form, read only up to `max` bytes: `Err(None)` when it
/// is longer (the rest is never held), `Err(Some(413))` when the body passed its limit.
pub(super) async fn short_text(
    mut field: axum::extract::multipart::Field<'_>,
    max: usize,
) -> Result<String, Option<PageError>> {
    let mut text = Vec::new();
    while let Some(piece) = field.chunk().await.map_err(|e| unread(&e))? {
        text.extend_from_slice(&piece);
        if text.len() > max {
            return Err(None);
        }
    }
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// A streamed form that broke off because it passed the route's limit: 413 in words. (The
/// limit's error lies deeper in the chain than `MultipartError::status` looks.)
pub(super) fn unread(e: &axum::extract::multipart::MultipartError) -> Option<PageError> {
    let mut cause: Option<&dyn std::error::Error> = Some(e);
    while let Some(error) = cause {
        if error.is::<http_body_util::LengthLimitError>() {
            return Some(PageError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                key!("too_large"),
            ));
        }
        cause = error.source();
    }
    None
}

/// The form's token against the session's, or before sign-in the browser's double-submit
/// cookie.
fn csrf_matches(need: Need, parts: &Parts, session: &Option<Session>, sent: &str) -> bool {
    let expected = match session {
        Some(s) if matches!(need, Need::SignedIn | Need::Permission(_)) => Some(s.csrf.clone()),
        _ => CookieJar::from_headers(&parts.headers)
            .get(FORM_COOKIE)
            .map(|c| c.value().to_string()),
    };
    expected.is_some_and(|e| same_secret(sent, &e))
}

fn refuse(parts: &Parts, lang: Lang, session: Option<Session>, error: PageError) -> Response {
    say(&Page::new(lang, session, parts), error.status, &error.text)
}

fn asked_lang(query: &str) -> Option<Lang> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::from_code(&v))
}

/// `?lang=` wins, then the language remembered from the menu, then `Accept-Language`.
fn lang_of(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let remembered = CookieJar::from_headers(headers)
        .get(LANG_COOKIE)
        .and_then(|c| Lang::from_code(c.value()));
    query
        .and_then(asked_lang)
        .or(remembered)
        .unwrap_or_else(|| negotiated(headers))
}

/// The language of a public page that reads no cookie: `?lang=`, else the browser's.
pub(super) fn public_lang(parts: &Parts) -> Lang {
    public_lang_of(parts.uri.query(), &parts.headers)
}

fn public_lang_of(query: Option<&str>, headers: &HeaderMap) -> Lang {
    query
        .and_then(asked_lang)
        .unwrap_or_else(|| negotiated(headers))
}

/// The language from `Accept-Language` alone: for pages that keep no cookie (public
/// reporting), whose language travels in the URL or the form instead.
fn negotiated(headers: &HeaderMap) -> Lang {
    Lang::negotiate(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}
