//! Server-rendered pages (they work without JavaScript) and the health check.
//!
//! One table ([`table`]) lists every page route with what it needs (nothing, a session, or a
//! permission); [`guard`] enforces it and, for every POST, the CSRF token, so a new form cannot
//! forget either. The same table drives the pages' authorisation matrix test.

mod account;
mod admin;
mod sign_in;

use crate::access::{self, FORM_COOKIE, SESSION_COOKIE, same_secret};
use crate::i18n::Lang;
use crate::{ApiError, AppState};
use askama::Template;
use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get};
use axum_extra::extract::cookie::CookieJar;
use faro_domain::{Permission, Purpose};
use faro_store::Session;
use serde::de::DeserializeOwned;

/// What a page route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Anyone, and the answer never depends on who asks (health, assets): no session is
    /// looked up, so a page's stylesheet and icon cost no database query. GET only.
    Nothing,
    /// Anyone, signed in or not (home, sign-in, set-password).
    Public,
    /// A signed-in person, whatever their role.
    SignedIn,
    /// A signed-in person whose role has this permission.
    Permission(Permission),
}

/// One page route: the router and the pages' authorisation matrix test are built from
/// [`table`].
pub struct PageRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub need: Need,
    handler: fn() -> MethodRouter<AppState>,
}

/// Every page route and what it needs.
pub fn table() -> Vec<PageRoute> {
    use axum::routing::post;
    fn route(
        method: &'static str,
        path: &'static str,
        need: Need,
        handler: fn() -> MethodRouter<AppState>,
    ) -> PageRoute {
        PageRoute {
            method,
            path,
            need,
            handler,
        }
    }
    let admin = Need::Permission(Permission::Administer);
    vec![
        route("GET", "/", Need::Public, || get(home)),
        route("GET", "/healthz", Need::Nothing, || get(healthz)),
        route("GET", "/assets/faro.css", Need::Nothing, || get(stylesheet)),
        route("GET", "/assets/faro.svg", Need::Nothing, || get(icon)),
        route("GET", "/favicon.ico", Need::Nothing, || get(icon)),
        route("GET", "/sign-in", Need::Public, || get(sign_in::form)),
        route("POST", "/sign-in", Need::Public, || post(sign_in::submit)),
        route("POST", "/sign-out", Need::SignedIn, || {
            post(sign_in::sign_out)
        }),
        route("GET", "/set-password", Need::Public, || {
            get(sign_in::password_form)
        }),
        route("POST", "/set-password", Need::Public, || {
            post(sign_in::set_password)
        }),
        route("GET", "/account", Need::SignedIn, || get(account::show)),
        route("POST", "/account/tokens", Need::SignedIn, || {
            post(account::create_token)
        }),
        route("POST", "/account/tokens/revoke", Need::SignedIn, || {
            post(account::revoke_token)
        }),
        route("POST", "/account/two-factor", Need::SignedIn, || {
            post(account::begin_two_factor)
        }),
        route(
            "POST",
            "/account/two-factor/confirm",
            Need::SignedIn,
            || post(account::confirm_two_factor),
        ),
        route(
            "POST",
            "/account/sign-out-everywhere",
            Need::SignedIn,
            || post(account::sign_out_everywhere),
        ),
        route("GET", "/admin", admin, || get(admin::show)),
        route("POST", "/admin/users", admin, || post(admin::create_user)),
        route("POST", "/admin/users/disable", admin, || {
            post(admin::disable_user)
        }),
        route("POST", "/admin/users/password-link", admin, || {
            post(admin::password_link)
        }),
        route("POST", "/admin/users/role", admin, || post(admin::set_role)),
        route("POST", "/admin/users/reset-two-factor", admin, || {
            post(admin::reset_two_factor)
        }),
        route("POST", "/admin/tokens/revoke", admin, || {
            post(admin::revoke_token)
        }),
        route("GET", "/admin/audit", admin, || get(admin::audit)),
    ]
}

pub fn routes(state: AppState) -> Router<AppState> {
    table().into_iter().fold(Router::new(), |router, route| {
        let need = route.need;
        let guard = axum::middleware::from_fn_with_state(
            state.clone(),
            move |st: State<AppState>, req: Request, next: Next| guard(st, need, req, next),
        );
        router.route(route.path, (route.handler)().route_layer(guard))
    })
}

/// Enforces a route's [`Need`] and, on POST, the CSRF token: the session's synchroniser token
/// when signed in, else the double-submit cookie of forms shown before sign-in. The form body
/// is read here (within the body limit) and handed on unchanged.
async fn guard(
    State(state): State<AppState>,
    need: Need,
    request: Request,
    next: Next,
) -> Response {
    if need == Need::Nothing && request.method() == Method::GET {
        return next.run(request).await;
    }
    let lang = lang_of(request.uri().query(), request.headers());
    let session = match access::session_of(&state, request.headers()).await {
        Ok(s) => s,
        Err(e) => return problem(lang, ApiError::from(e).status, "internal"),
    };
    match (need, &session) {
        (Need::Nothing | Need::Public, _) => {}
        (_, None) if request.method() == Method::GET => {
            return Redirect::to("/sign-in").into_response();
        }
        (_, None) => return problem(lang, StatusCode::FORBIDDEN, "csrf"),
        (Need::Permission(p), Some(s)) if !s.ctx.has(p) => {
            return problem(lang, StatusCode::FORBIDDEN, "forbidden");
        }
        _ => {}
    }
    let (parts, body) = request.into_parts();
    let request = if parts.method == Method::POST {
        let Ok(bytes) = axum::body::to_bytes(body, crate::MAX_BODY_BYTES).await else {
            return problem(lang, StatusCode::PAYLOAD_TOO_LARGE, "error");
        };
        let sent = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        let expected = match &session {
            Some(s) if matches!(need, Need::SignedIn | Need::Permission(_)) => Some(s.csrf.clone()),
            _ => CookieJar::from_headers(&parts.headers)
                .get(FORM_COOKIE)
                .map(|c| c.value().to_string()),
        };
        if !expected.is_some_and(|e| same_secret(&sent, &e)) {
            return problem(lang, StatusCode::FORBIDDEN, "csrf");
        }
        Request::from_parts(parts, Body::from(bytes))
    } else {
        Request::from_parts(parts, body)
    };
    let mut request = request;
    request.extensions_mut().insert(lang);
    if let Some(s) = session {
        request.extensions_mut().insert(s);
    }
    let asked = request.uri().query().and_then(asked_lang);
    let mut response = next.run(request).await;
    // Remember a language chosen with `?lang=` for the next pages.
    if let Some(lang) = asked {
        let c = access::cookie(&state, "faro_lang", lang.code().to_string());
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn asked_lang(query: &str) -> Option<Lang> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| Lang::choose(Some(&v), &HeaderMap::new()))
}

fn other_language_link(lang: Lang, method: &Method, uri: &axum::http::Uri) -> String {
    let other = lang.other().code();
    if method != Method::GET {
        return format!("/?lang={other}");
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        if k != "lang" {
            query.append_pair(&k, &v);
        }
    }
    query.append_pair("lang", other);
    format!("{}?{}", uri.path(), query.finish())
}

/// `?lang=` wins, then the remembered choice, then `Accept-Language`.
fn lang_of(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let remembered = CookieJar::from_headers(headers)
        .get("faro_lang")
        .map(|c| c.value().to_string());
    query
        .and_then(asked_lang)
        .unwrap_or_else(|| Lang::choose(remembered.as_deref(), headers))
}

/// What every page handler gets from [`guard`]: the language and, when signed in, the session.
pub struct Page {
    pub lang: Lang,
    pub session: Option<Session>,
    /// This page in the other language: the path and query (a set-password link keeps its
    /// token) with `lang` switched; the home page after a POST.
    pub other_language: String,
    /// The double-submit token this browser already holds, reused so that two open forms
    /// both stay valid.
    form_cookie: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = parts
            .extensions
            .get::<Lang>()
            .copied()
            .unwrap_or_else(|| lang_of(parts.uri.query(), &parts.headers));
        Ok(Page {
            lang,
            session: parts.extensions.get::<Session>().cloned(),
            other_language: other_language_link(lang, &parts.method, &parts.uri),
            form_cookie: CookieJar::from_headers(&parts.headers)
                .get(FORM_COOKIE)
                .map(|c| c.value().to_string())
                .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())),
        })
    }
}

impl Page {
    /// The parts of the layout every page shows.
    fn chrome(&self, title: &'static str) -> Chrome {
        Chrome {
            lang: self.lang,
            title,
            user: self.session.as_ref().map(|s| s.user.email.clone()),
            admin: self
                .session
                .as_ref()
                .is_some_and(|s| s.ctx.has(Permission::Administer)),
            csrf: self
                .session
                .as_ref()
                .map(|s| s.csrf.clone())
                .unwrap_or_default(),
            other_language: self.other_language.clone(),
        }
    }
}

/// The layout's values: language, title key, who is signed in.
pub struct Chrome {
    pub lang: Lang,
    /// A key of the words table.
    pub title: &'static str,
    pub user: Option<String>,
    pub admin: bool,
    pub csrf: String,
    pub other_language: String,
}

/// Where a page that needs a session sends a browser without one (the guard already does;
/// this is the handlers' answer should a route's table entry ever say otherwise).
fn to_sign_in() -> Response {
    Redirect::to("/sign-in").into_response()
}

/// A form's fields; a body that is not a form becomes a 400 page rather than plain text.
pub struct Fields<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Fields<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = req.extensions().get::<Lang>().copied().unwrap_or(Lang::En);
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|f| Fields(f.0))
            .map_err(|_| problem(lang, StatusCode::BAD_REQUEST, "csrf"))
    }
}

/// Renders a page with a status and its language.
fn render(status: StatusCode, lang: Lang, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_LANGUAGE, lang.code())],
            Html(html),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be rendered",
            )
                .into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct Message {
    c: Chrome,
    message: &'static str,
}

/// A page that only says what went wrong (`message` is a key of the words table).
fn problem(lang: Lang, status: StatusCode, message: &'static str) -> Response {
    let page = Message {
        c: Chrome {
            lang,
            title: if status.is_success() {
                "title"
            } else {
                "error"
            },
            user: None,
            admin: false,
            csrf: String::new(),
            other_language: format!("/?lang={}", lang.other().code()),
        },
        message,
    };
    render(status, lang, &page)
}

/// A store error as a page: 404, 403, 409, 422 or 503 as for the API, the details logged.
fn store_problem(lang: Lang, e: faro_store::StoreError) -> Response {
    let status = ApiError::from(e).status;
    let key = match status {
        StatusCode::FORBIDDEN => "forbidden",
        _ => "internal",
    };
    problem(lang, status, key)
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    c: Chrome,
    records: Option<i64>,
}

/// The home page: what is loaded and where the API is, for a signed-in person; the way to
/// sign in for anyone else (it shows nothing of the data).
async fn home(State(state): State<AppState>, page: Page) -> Response {
    let records = match &page.session {
        Some(s) if s.ctx.may(Purpose::Aggregates) => {
            match state.store.count_records(&s.ctx).await {
                Ok(n) => Some(n),
                Err(e) => return store_problem(page.lang, e),
            }
        }
        _ => None,
    };
    render(
        StatusCode::OK,
        page.lang,
        &Home {
            c: page.chrome("title"),
            records,
        },
    )
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
        include_str!("../../assets/faro.svg"),
    )
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../assets/faro.css"),
    )
}

/// Unix seconds as a UTC date and time for tables.
fn when(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| {
            t.format(&time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| at.to_string())
}

/// The double-submit token for a form shown before sign-in (the browser's own, or a fresh
/// one), and its cookie.
fn form_token(state: &AppState, page: &Page) -> Option<(String, HeaderValue)> {
    let token = match &page.form_cookie {
        Some(token) => token.clone(),
        None => {
            let mut bytes = [0u8; 32];
            rand::TryRngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut bytes).ok()?;
            hex::encode(bytes)
        }
    };
    let c = access::cookie(state, FORM_COOKIE, token.clone());
    let value = HeaderValue::from_str(&c.to_string()).ok()?;
    Some((token, value))
}

/// The session cookie set (at sign-in) or cleared (at sign-out).
fn session_cookie(state: &AppState, secret: Option<String>) -> HeaderValue {
    let mut c = access::cookie(state, SESSION_COOKIE, secret.clone().unwrap_or_default());
    if secret.is_none() {
        c.make_removal();
    }
    HeaderValue::from_str(&c.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}
