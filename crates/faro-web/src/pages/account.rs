//! The signed-in person's own page: their API tokens, two-factor sign-in, and signing out on
//! every device.

use super::{
    Chrome, Fields, Page, problem, render, session_cookie, store_problem, to_sign_in, when,
};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use faro_domain::Role;
use faro_domain::vocab::Vocabulary;
use faro_store::{StoreError, TwoFactorSetup};
use serde::Deserialize;

/// A token row as the pages show it.
pub struct TokenRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: &'static str,
    pub created: String,
    pub expires: String,
    pub revoked: bool,
}

impl From<faro_store::TokenInfo> for TokenRow {
    fn from(t: faro_store::TokenInfo) -> Self {
        TokenRow {
            id: t.id,
            email: t.email,
            name: t.name,
            role: t.role.code(),
            created: when(t.created_at),
            expires: when(t.expires_at),
            revoked: t.revoked,
        }
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    email: String,
    role: &'static str,
    two_factor: bool,
    tokens: Vec<TokenRow>,
    /// Roles a new token may have: the user's own and narrower ones.
    roles: Vec<&'static str>,
    new_token: Option<String>,
    setup: Option<TwoFactorSetup>,
    /// A key of the words table.
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

struct Extra {
    new_token: Option<String>,
    setup: Option<TwoFactorSetup>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

const NOTHING: Extra = Extra {
    new_token: None,
    setup: None,
    notice: None,
    error: None,
};

async fn account_page(state: &AppState, page: &Page, status: StatusCode, extra: Extra) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    let tokens = match state
        .store
        .tokens(
            &session.ctx,
            session.user.organisation,
            Some(session.user.id),
        )
        .await
    {
        Ok(t) => t.into_iter().map(TokenRow::from).collect(),
        Err(e) => return store_problem(page.lang, e),
    };
    let user = &session.user;
    // The user's own role first: the form's default.
    let roles = std::iter::once(user.role)
        .chain(
            Role::ALL
                .iter()
                .copied()
                .filter(|r| *r != user.role && r.within(user.role)),
        )
        .map(|r| r.code())
        .collect();
    render(
        status,
        page.lang,
        &AccountPage {
            c: page.chrome("account"),
            email: user.email.clone(),
            role: user.role.code(),
            two_factor: user.two_factor,
            tokens,
            roles,
            new_token: extra.new_token,
            setup: extra.setup,
            notice: extra.notice,
            error: extra.error,
        },
    )
}

pub async fn show(State(state): State<AppState>, page: Page) -> Response {
    account_page(&state, &page, StatusCode::OK, NOTHING).await
}

#[derive(Deserialize)]
pub struct NewToken {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    days: String,
}

/// Parses a token form: a name of 1–100 characters, a role (empty: the user's own), 1–365
/// days.
fn token_fields(f: &NewToken) -> Result<(String, Option<Role>, i64), &'static str> {
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err("name_invalid");
    }
    let days: i64 = f.days.trim().parse().map_err(|_| "token_days_invalid")?;
    if !(1..=365).contains(&days) {
        return Err("token_days_invalid");
    }
    // No role: the user's own. A role that does not exist is refused, never widened or
    // narrowed silently.
    let role = match f.role.trim() {
        "" => None,
        code => Some(Role::from_code(code).ok_or("role_invalid")?),
    };
    Ok((name.to_string(), role, days))
}

pub async fn create_token(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<NewToken>,
) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    let (name, role, days) = match token_fields(&f) {
        Ok(v) => v,
        Err(key) => {
            return account_page(
                &state,
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                Extra {
                    error: Some(key),
                    ..NOTHING
                },
            )
            .await;
        }
    };
    match state
        .store
        .create_token(&session.ctx, &session.user, role, &name, days * 86_400)
        .await
    {
        Ok(token) => no_store(
            account_page(
                &state,
                &page,
                StatusCode::CREATED,
                Extra {
                    new_token: Some(token.secret),
                    ..NOTHING
                },
            )
            .await,
        ),
        Err(e) => store_problem(page.lang, e),
    }
}

#[derive(Deserialize)]
pub struct TokenId {
    #[serde(default)]
    pub id: String,
}

/// A page that shows a secret once: never kept in a cache or the history.
pub fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// The id field of a form.
fn id_field(raw: &str) -> Option<i64> {
    raw.trim().parse().ok()
}

pub async fn revoke_token(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<TokenId>,
) -> Response {
    revoke(&state, &page, &f.id, "/account").await
}

/// Revokes a token from a form and goes `back`; the store decides whether the signed-in
/// person may (their own token, or as an admin of its organisation).
pub async fn revoke(state: &AppState, page: &Page, id: &str, back: &str) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    let Some(id) = id_field(id) else {
        return problem(page.lang, StatusCode::BAD_REQUEST, "error");
    };
    match state.store.revoke_token(&session.ctx, id).await {
        Ok(()) => Redirect::to(back).into_response(),
        Err(e) => store_problem(page.lang, e),
    }
}

pub async fn begin_two_factor(State(state): State<AppState>, page: Page) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    match state.store.begin_two_factor(&session).await {
        Ok(setup) => no_store(
            account_page(
                &state,
                &page,
                StatusCode::OK,
                Extra {
                    setup: Some(setup),
                    ..NOTHING
                },
            )
            .await,
        ),
        Err(e) => store_problem(page.lang, e),
    }
}

#[derive(Deserialize)]
pub struct Code {
    #[serde(default)]
    code: String,
}

pub async fn confirm_two_factor(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<Code>,
) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    match state.store.confirm_two_factor(&session, &f.code).await {
        Ok(()) => {
            let mut page = page;
            if let Some(s) = page.session.as_mut() {
                s.user.two_factor = true;
            }
            account_page(
                &state,
                &page,
                StatusCode::OK,
                Extra {
                    notice: Some("two_factor_done"),
                    ..NOTHING
                },
            )
            .await
        }
        Err(StoreError::Invalid { .. }) => {
            account_page(
                &state,
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                Extra {
                    error: Some("code_wrong"),
                    ..NOTHING
                },
            )
            .await
        }
        Err(e) => store_problem(page.lang, e),
    }
}

pub async fn sign_out_everywhere(State(state): State<AppState>, page: Page) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    match state.store.sign_out_everywhere(&session).await {
        Ok(_) => {
            let mut r = Redirect::to("/sign-in").into_response();
            r.headers_mut()
                .append(header::SET_COOKIE, session_cookie(&state, None));
            r
        }
        Err(e) => store_problem(page.lang, e),
    }
}
