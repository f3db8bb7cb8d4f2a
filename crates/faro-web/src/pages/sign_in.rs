//! Signing in and out, and setting a password from a one-time link.

use super::forms::{Fields, no_store, session_cookie, with_form_token};
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, message};
use super::{Need, PageRoute, route};
use crate::AppState;
use crate::access::Client;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use faro_domain::Password;
use faro_i18n::key;
use faro_store::StoreError;
use serde::Deserialize;

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/sign-in", Need::Public, || get(form)),
        route("POST", "/sign-in", Need::Public, || post(submit)),
        route("POST", "/sign-out", Need::SignedIn, || post(sign_out)),
        route("GET", "/set-password", Need::Public, || get(password_form)),
        route("POST", "/set-password", Need::Public, || post(set_password)),
    ]
}

#[derive(Template)]
#[template(path = "sign_in/sign_in.html")]
struct SignInPage {
    c: Chrome,
    form: String,
    email: String,
    /// A key of the words table, shown above the form.
    error: Option<&'static str>,
}

/// Shows the sign-in form.
fn sign_in_page(
    state: &AppState,
    page: &Page,
    status: StatusCode,
    email: String,
    error: Option<&'static str>,
) -> PageResult {
    with_form_token(state, page, status, |form| SignInPage {
        c: page.chrome(key!("sign_in")),
        form,
        email,
        error,
    })
}

async fn form(State(state): State<AppState>, page: Page) -> PageResult {
    if page.session.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    sign_in_page(&state, &page, StatusCode::OK, String::new(), None)
}

#[derive(Deserialize)]
pub struct SignIn {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

/// Counts the attempt with the throttle first, so a held account or client learns nothing
/// from trying and parallel attempts cannot slip past the limit; every failure looks the same
/// to the person and is audited with its reason by the store.
async fn submit(
    State(state): State<AppState>,
    Client(client): Client,
    page: Page,
    Fields(f): Fields<SignIn>,
) -> PageResult {
    let email: String = f.email.trim().chars().take(254).collect();
    let Some(_slot) = hashing_slot(&state) else {
        return Ok(busy());
    };
    if let Err(wait) = state.throttle.attempt(&email, client) {
        let mut r = sign_in_page(
            &state,
            &page,
            StatusCode::TOO_MANY_REQUESTS,
            email,
            Some("throttled"),
        )?;
        if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(r);
    }
    let code = Some(f.code.trim()).filter(|c| !c.is_empty());
    match state.store.sign_in(&email, &f.password, code).await {
        Ok(opened) => {
            state.throttle.succeeded(&email, client);
            let mut r = Redirect::to("/").into_response();
            r.headers_mut().append(
                header::SET_COOKIE,
                session_cookie(&state, Some(opened.secret)),
            );
            Ok(r)
        }
        Err(StoreError::Unauthenticated) => sign_in_page(
            &state,
            &page,
            StatusCode::UNAUTHORIZED,
            email,
            Some("sign_in_failed"),
        ),
        Err(e) => Err(e.into()),
    }
}

/// A slot to hash a password in, if one is free (`crate::hashing`): a burst of sign-ins is
/// told to come back ([`busy`]) instead of taking the server's memory.
fn hashing_slot(state: &AppState) -> Option<crate::hashing::Slot> {
    state.hashing.staff()
}

/// 503 with `Retry-After`: every hashing slot is taken.
pub(super) fn busy() -> Response {
    PageError::new(StatusCode::SERVICE_UNAVAILABLE, key!("busy")).into_response()
}

async fn sign_out(State(state): State<AppState>, SignedIn(session): SignedIn) -> PageResult {
    state.store.sign_out(&session).await?;
    let mut r = Redirect::to("/sign-in").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, session_cookie(&state, None));
    Ok(r)
}

#[derive(Template)]
#[template(path = "sign_in/set_password.html")]
struct SetPasswordPage {
    c: Chrome,
    form: String,
    token: String,
    email: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    token: String,
}

async fn password_page(
    state: &AppState,
    page: &Page,
    status: StatusCode,
    token: String,
    error: Option<&'static str>,
) -> PageResult {
    let user = state
        .store
        .password_link_user(&token)
        .await
        .map_err(link_error)?;
    // The page holds the link's secret in its form: never cached.
    with_form_token(state, page, status, |form| SetPasswordPage {
        c: page.chrome(key!("set_password")),
        form,
        token,
        email: user.email,
        error,
    })
    .map(no_store)
}

/// A link that was used, expired or replaced is a 404 that says so (in `words`).
pub(super) fn spent_link(e: StoreError, words: &'static str) -> PageError {
    match e {
        StoreError::Unauthenticated => PageError::new(StatusCode::NOT_FOUND, words),
        e => e.into(),
    }
}

fn link_error(e: StoreError) -> PageError {
    spent_link(e, key!("link_invalid"))
}

async fn password_form(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<LinkQuery>,
) -> PageResult {
    password_page(&state, &page, StatusCode::OK, q.token, None).await
}

#[derive(Deserialize)]
pub struct SetPassword {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    again: String,
}

async fn set_password(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<SetPassword>,
) -> PageResult {
    if f.password != f.again {
        return password_page(
            &state,
            &page,
            StatusCode::UNPROCESSABLE_ENTITY,
            f.token,
            Some("passwords_differ"),
        )
        .await;
    }
    let Ok(password) = Password::parse(f.password) else {
        let short = Some("password_short");
        return password_page(
            &state,
            &page,
            StatusCode::UNPROCESSABLE_ENTITY,
            f.token,
            short,
        )
        .await;
    };
    let Some(_slot) = hashing_slot(&state) else {
        return Ok(busy());
    };
    match state.store.set_password(&f.token, &password).await {
        Ok(_) => Ok(message(&page, StatusCode::OK, key!("password_set"))),
        Err(e) => Err(link_error(e)),
    }
}
