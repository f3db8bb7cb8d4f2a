//! Signing in and out, and setting a password from a one-time link.

use super::{Chrome, Fields, Page, form_token, problem, render, session_cookie, store_problem};
use crate::AppState;
use crate::access::Client;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use faro_store::StoreError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    c: Chrome,
    form: String,
    email: String,
    /// A key of the words table, shown above the form.
    error: Option<&'static str>,
}

/// Shows the sign-in form.
async fn sign_in_page(
    state: &AppState,
    page: &Page,
    status: StatusCode,
    email: String,
    error: Option<&'static str>,
) -> Response {
    with_form_token(state, page, status, |form| SignInPage {
        c: page.chrome("sign_in"),
        form,
        email,
        error,
    })
}

/// Renders a form shown before sign-in with its double-submit token, and sets the cookie
/// the token must match.
fn with_form_token<T: Template>(
    state: &AppState,
    page: &Page,
    status: StatusCode,
    build: impl FnOnce(String) -> T,
) -> Response {
    let Some((form, cookie)) = form_token(state, page) else {
        return problem(page.lang, StatusCode::SERVICE_UNAVAILABLE, "internal");
    };
    let mut response = render(status, page.lang, &build(form));
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

pub async fn form(State(state): State<AppState>, page: Page) -> Response {
    if page.session.is_some() {
        return Redirect::to("/").into_response();
    }
    sign_in_page(&state, &page, StatusCode::OK, String::new(), None).await
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

/// Checks the throttle first, so a held account or client learns nothing from trying; every
/// failure looks the same to the person and is audited with its reason by the store.
pub async fn submit(
    State(state): State<AppState>,
    Client(client): Client,
    page: Page,
    Fields(f): Fields<SignIn>,
) -> Response {
    let email: String = f.email.trim().chars().take(254).collect();
    if let Err(wait) = state.throttle.check(&email, client) {
        let mut r = sign_in_page(
            &state,
            &page,
            StatusCode::TOO_MANY_REQUESTS,
            email,
            Some("throttled"),
        )
        .await;
        if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    let code = Some(f.code.trim()).filter(|c| !c.is_empty());
    match state.store.sign_in(&email, &f.password, code).await {
        Ok(opened) => {
            state.throttle.succeeded(&email);
            let mut r = Redirect::to("/").into_response();
            r.headers_mut().append(
                header::SET_COOKIE,
                session_cookie(&state, Some(opened.secret)),
            );
            r
        }
        Err(StoreError::Unauthenticated) => {
            state.throttle.failed(&email, client);
            sign_in_page(
                &state,
                &page,
                StatusCode::UNAUTHORIZED,
                email,
                Some("sign_in_failed"),
            )
            .await
        }
        Err(e) => store_problem(page.lang, e),
    }
}

pub async fn sign_out(State(state): State<AppState>, page: Page) -> Response {
    if let Some(session) = &page.session
        && let Err(e) = state.store.sign_out(session).await
    {
        return store_problem(page.lang, e);
    }
    let mut r = Redirect::to("/sign-in").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, session_cookie(&state, None));
    r
}

#[derive(Template)]
#[template(path = "set_password.html")]
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
) -> Response {
    let user = match state.store.password_link_user(&token).await {
        Ok(user) => user,
        Err(StoreError::Unauthenticated) => {
            return problem(page.lang, StatusCode::NOT_FOUND, "link_invalid");
        }
        Err(e) => return store_problem(page.lang, e),
    };
    with_form_token(state, page, status, |form| SetPasswordPage {
        c: page.chrome("set_password"),
        form,
        token,
        email: user.email,
        error,
    })
}

pub async fn password_form(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<LinkQuery>,
) -> Response {
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

pub async fn set_password(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<SetPassword>,
) -> Response {
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
    match state.store.set_password(&f.token, &f.password).await {
        Ok(_) => problem(page.lang, StatusCode::OK, "password_set"),
        Err(StoreError::Invalid { .. }) => {
            password_page(
                &state,
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                f.token,
                Some("password_short"),
            )
            .await
        }
        Err(StoreError::Unauthenticated) => {
            problem(page.lang, StatusCode::NOT_FOUND, "link_invalid")
        }
        Err(e) => store_problem(page.lang, e),
    }
}
