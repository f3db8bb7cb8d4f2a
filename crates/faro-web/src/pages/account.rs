//! The signed-in person's own page: the name colleagues see, their API tokens, two-factor
//! sign-in, and signing out on every device.

use super::forms::{Fields, id_field, no_store, session_cookie};
use super::render::{Chrome, Page, PageResult, SignedIn, render, when};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::vocab::Vocabulary;
use faro_domain::{DisplayName, Role, TokenName};
use faro_i18n::key;
use faro_store::{Session, StoreError, TwoFactorSetup};
use serde::Deserialize;

pub(super) const MENU: &[MenuEntry] = &[MenuEntry {
    path: "/account",
    key: "account",
    need: Need::SignedIn,
    place: Place::Person,
}];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/account", Need::SignedIn, || get(show)),
        route("POST", "/account/name", Need::SignedIn, || post(rename)),
        route("POST", "/account/tokens", Need::SignedIn, || {
            post(create_token)
        }),
        route("POST", "/account/tokens/revoke", Need::SignedIn, || {
            post(revoke_token)
        }),
        route("POST", "/account/two-factor", Need::SignedIn, || {
            post(begin_two_factor)
        }),
        route(
            "POST",
            "/account/two-factor/confirm",
            Need::SignedIn,
            || post(confirm_two_factor),
        ),
        route(
            "POST",
            "/account/sign-out-everywhere",
            Need::SignedIn,
            || post(sign_out_everywhere),
        ),
    ]
}

/// A token row as the pages show it.
pub struct TokenRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
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
            role: t.role,
            created: when(t.created_at),
            expires: when(t.expires_at),
            revoked: t.revoked,
        }
    }
}

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    c: Chrome,
    email: String,
    /// What the name field holds: the name chosen, or what was typed and refused.
    display_name: String,
    role: Role,
    two_factor: bool,
    tokens: Vec<TokenRow>,
    /// Roles a new token may have: the user's own and narrower ones.
    roles: Vec<Role>,
    new_token: Option<String>,
    setup: Option<TwoFactorSetup>,
    /// A key of the words table.
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

struct Extra {
    /// A refused display name, shown again to be corrected.
    display_name: Option<String>,
    new_token: Option<String>,
    setup: Option<TwoFactorSetup>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

const NOTHING: Extra = Extra {
    display_name: None,
    new_token: None,
    setup: None,
    notice: None,
    error: None,
};

async fn account_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    status: StatusCode,
    extra: Extra,
) -> PageResult {
    let tokens = state
        .store
        .tokens(
            &session.ctx,
            session.user.organisation,
            Some(session.user.id),
        )
        .await?
        .into_iter()
        .map(TokenRow::from)
        .collect();
    let user = &session.user;
    // The user's own role first: the form's default.
    let roles = std::iter::once(user.role)
        .chain(
            Role::ALL
                .iter()
                .copied()
                .filter(|r| *r != user.role && r.within(user.role)),
        )
        .collect();
    Ok(render(
        status,
        page.lang,
        &AccountPage {
            c: page.chrome(key!("account")),
            email: user.email.clone(),
            display_name: extra
                .display_name
                .or_else(|| user.display_name.clone())
                .unwrap_or_default(),
            role: user.role,
            two_factor: user.two_factor,
            tokens,
            roles,
            new_token: extra.new_token,
            setup: extra.setup,
            notice: extra.notice,
            error: extra.error,
        },
    ))
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
) -> PageResult {
    account_page(&state, &page, &session, StatusCode::OK, NOTHING)
        .await
        .map(no_store)
}

#[derive(Deserialize)]
pub struct NewName {
    #[serde(default)]
    pub display_name: String,
}

async fn rename(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Fields(f): Fields<NewName>,
) -> PageResult {
    let Ok(name) = DisplayName::parse(&f.display_name) else {
        let extra = Extra {
            display_name: Some(f.display_name),
            error: Some("display_name_invalid"),
            ..NOTHING
        };
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return account_page(&state, &page, &session, status, extra).await;
    };
    let email = &session.user.email;
    state
        .store
        .set_display_name(&session.ctx, email, &name)
        .await?;
    Ok(Redirect::to("/account").into_response())
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
fn token_fields(f: &NewToken) -> Result<(TokenName, Option<Role>, i64), &'static str> {
    let name = TokenName::parse(&f.name).map_err(|_| "name_invalid")?;
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
    Ok((name, role, days))
}

async fn create_token(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Fields(f): Fields<NewToken>,
) -> PageResult {
    let (name, role, days) = match token_fields(&f) {
        Ok(v) => v,
        Err(key) => {
            return account_page(
                &state,
                &page,
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                Extra {
                    error: Some(key),
                    ..NOTHING
                },
            )
            .await;
        }
    };
    let token = state
        .store
        .create_token(&session.ctx, &session.user, role, &name, days * 86_400)
        .await?;
    let extra = Extra {
        new_token: Some(token.secret),
        ..NOTHING
    };
    account_page(&state, &page, &session, StatusCode::CREATED, extra)
        .await
        .map(no_store)
}

#[derive(Deserialize)]
pub struct TokenId {
    #[serde(default)]
    pub id: String,
}

async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Fields(f): Fields<TokenId>,
) -> PageResult {
    revoke(&state, &session, &f.id, "/account").await
}

/// Revokes a token from a form and goes `back`; the store decides whether the signed-in
/// person may (their own token, or as an admin of its organisation).
pub async fn revoke(state: &AppState, session: &Session, id: &str, back: &str) -> PageResult {
    state
        .store
        .revoke_token(&session.ctx, id_field(id)?)
        .await?;
    Ok(Redirect::to(back).into_response())
}

async fn begin_two_factor(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
) -> PageResult {
    let setup = state.store.begin_two_factor(&session).await?;
    let extra = Extra {
        setup: Some(setup),
        ..NOTHING
    };
    account_page(&state, &page, &session, StatusCode::OK, extra)
        .await
        .map(no_store)
}

#[derive(Deserialize)]
pub struct Code {
    #[serde(default)]
    code: String,
}

async fn confirm_two_factor(
    State(state): State<AppState>,
    page: Page,
    SignedIn(mut session): SignedIn,
    Fields(f): Fields<Code>,
) -> PageResult {
    match state.store.confirm_two_factor(&session, &f.code).await {
        Ok(()) => {
            session.user.two_factor = true;
            account_page(
                &state,
                &page,
                &session,
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
                &session,
                StatusCode::UNPROCESSABLE_ENTITY,
                Extra {
                    error: Some("code_wrong"),
                    ..NOTHING
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn sign_out_everywhere(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> PageResult {
    state.store.sign_out_everywhere(&session).await?;
    let mut r = Redirect::to("/sign-in").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, session_cookie(&state, None));
    Ok(r)
}
