//! The organisation admin's pages: users (add, disable, set-password links), the
//! organisation's API tokens, and its audit log.

use super::account::{TokenId, TokenRow, no_store};
use super::{Chrome, Fields, Page, render, store_problem, to_sign_in, when};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use faro_domain::Role;
use faro_domain::vocab::Vocabulary;
use faro_store::{Session, StoreError};
use serde::Deserialize;

pub struct UserRow {
    pub email: String,
    pub role: &'static str,
    pub disabled: bool,
    pub two_factor: bool,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    c: Chrome,
    users: Vec<UserRow>,
    tokens: Vec<TokenRow>,
    roles: Vec<&'static str>,
    /// A set-password link just made, shown once, and whose it is.
    link: Option<(String, String)>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
    email: String,
}

struct Extra {
    link: Option<(String, String)>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
    email: String,
}

fn nothing() -> Extra {
    Extra {
        link: None,
        notice: None,
        error: None,
        email: String::new(),
    }
}

async fn admin_page(state: &AppState, page: &Page, status: StatusCode, extra: Extra) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    let org = session.user.organisation;
    let users = match state.store.users_of(&session.ctx, org).await {
        Ok(users) => users,
        Err(e) => return store_problem(page.lang, e),
    };
    let tokens = match state.store.tokens(&session.ctx, org, None).await {
        Ok(t) => t,
        Err(e) => return store_problem(page.lang, e),
    };
    no_store(render(
        status,
        page.lang,
        &AdminPage {
            c: page.chrome("admin"),
            users: users
                .into_iter()
                .map(|u| UserRow {
                    email: u.email,
                    role: u.role.code(),
                    disabled: u.disabled,
                    two_factor: u.two_factor,
                })
                .collect(),
            tokens: tokens.into_iter().map(TokenRow::from).collect(),
            // The narrowest role first: the form's default.
            roles: Role::ALL.iter().rev().map(|r| r.code()).collect(),
            link: extra.link,
            notice: extra.notice,
            error: extra.error,
            email: extra.email,
        },
    ))
}

pub async fn show(State(state): State<AppState>, page: Page) -> Response {
    admin_page(&state, &page, StatusCode::OK, nothing()).await
}

#[derive(Deserialize)]
pub struct NewUser {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// The link a user follows to set a password: under `--public-url` when given, otherwise a
/// path on this server (never built from the request's Host header, which a client controls).
fn link(state: &AppState, secret: &str) -> String {
    format!(
        "{}/set-password?token={secret}",
        state
            .public_url
            .as_deref()
            .unwrap_or("")
            .trim_end_matches('/')
    )
}

pub async fn create_user(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<NewUser>,
) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    let invalid = |key, email: String| Extra {
        error: Some(key),
        email,
        ..nothing()
    };
    let Some(role) = Role::from_code(f.role.trim()) else {
        return admin_page(
            &state,
            &page,
            StatusCode::UNPROCESSABLE_ENTITY,
            invalid("error", f.email),
        )
        .await;
    };
    let created = state
        .store
        .create_user(&session.ctx, session.user.organisation, &f.email, role)
        .await;
    let user = match created {
        Ok(user) => user,
        Err(StoreError::Invalid { .. }) => {
            return admin_page(
                &state,
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                invalid("email_invalid", f.email),
            )
            .await;
        }
        Err(StoreError::Conflict { .. }) => {
            return admin_page(
                &state,
                &page,
                StatusCode::CONFLICT,
                invalid("email_taken", f.email),
            )
            .await;
        }
        Err(e) => return store_problem(page.lang, e),
    };
    link_page(&state, &page, &session, user.email, "user_created").await
}

async fn link_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    email: String,
    notice: &'static str,
) -> Response {
    match state.store.password_link(&session.ctx, &email).await {
        Ok(secret) => {
            let extra = Extra {
                link: Some((email, link(state, &secret))),
                notice: Some(notice),
                ..nothing()
            };
            admin_page(state, page, StatusCode::CREATED, extra).await
        }
        Err(e) => store_problem(page.lang, e),
    }
}

#[derive(Deserialize)]
pub struct Email {
    #[serde(default)]
    email: String,
}

/// Another organisation's user is `NotFound` here, like a missing one.
async fn own_user(state: &AppState, session: &Session, email: &str) -> Result<(), StoreError> {
    let user = state.store.user(email).await?;
    if user.organisation == session.user.organisation {
        Ok(())
    } else {
        Err(StoreError::UnknownName {
            kind: "user",
            name: email.trim().to_lowercase(),
        })
    }
}

/// What an admin's button does to one of their users.
enum UserChange {
    Disable,
    ResetTwoFactor,
    Role(Role),
}

#[derive(Deserialize)]
pub struct NewRole {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<NewRole>,
) -> Response {
    let Some(role) = Role::from_code(f.role.trim()) else {
        return admin_page(
            &state,
            &page,
            StatusCode::UNPROCESSABLE_ENTITY,
            Extra {
                error: Some("error"),
                ..nothing()
            },
        )
        .await;
    };
    change_user(&state, &page, &f.email, UserChange::Role(role)).await
}

pub async fn disable_user(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<Email>,
) -> Response {
    change_user(&state, &page, &f.email, UserChange::Disable).await
}

pub async fn reset_two_factor(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<Email>,
) -> Response {
    change_user(&state, &page, &f.email, UserChange::ResetTwoFactor).await
}

async fn change_user(state: &AppState, page: &Page, email: &str, change: UserChange) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    let done = match own_user(state, &session, email).await {
        Ok(()) => match change {
            UserChange::Disable => state.store.disable_user(&session.ctx, email).await,
            UserChange::ResetTwoFactor => state.store.reset_two_factor(&session.ctx, email).await,
            UserChange::Role(role) => state
                .store
                .set_role(&session.ctx, email, role)
                .await
                .map(|_| ()),
        },
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Redirect::to("/admin").into_response(),
        Err(e) => store_problem(page.lang, e),
    }
}

pub async fn password_link(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<Email>,
) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    if let Err(e) = own_user(&state, &session, &f.email).await {
        return store_problem(page.lang, e);
    }
    link_page(
        &state,
        &page,
        &session,
        f.email.trim().to_lowercase(),
        "password_link_made",
    )
    .await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<TokenId>,
) -> Response {
    super::account::revoke(&state, &page, &f.id, "/admin").await
}

pub struct EntryRow {
    pub seq: i64,
    pub when: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    c: Chrome,
    entries: Vec<EntryRow>,
    /// The `before` of the next (older) page, when there is one.
    older: Option<i64>,
}

#[derive(Deserialize)]
pub struct Before {
    before: Option<i64>,
}

/// Entries shown per page of the audit log.
const AUDIT_PAGE: i64 = 50;

pub async fn audit(
    State(state): State<AppState>,
    page: Page,
    query: Result<Query<Before>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(session) = page.session.clone() else {
        return to_sign_in();
    };
    let Ok(Query(q)) = query else {
        return super::problem(page.lang, StatusCode::BAD_REQUEST, "error");
    };
    let entries = match state
        .store
        .audit_page(
            &session.ctx,
            session.user.organisation,
            q.before,
            AUDIT_PAGE,
        )
        .await
    {
        Ok(e) => e,
        Err(e) => return store_problem(page.lang, e),
    };
    let older = (entries.len() as i64 == AUDIT_PAGE)
        .then(|| entries.last().map(|e| e.seq))
        .flatten()
        .filter(|seq| *seq > 1);
    let entries = entries
        .into_iter()
        .map(|e| EntryRow {
            seq: e.seq,
            when: when(e.at),
            actor: e.actor,
            action: e.action,
            detail: e.detail,
        })
        .collect();
    render(
        StatusCode::OK,
        page.lang,
        &AuditPage {
            c: page.chrome("audit"),
            entries,
            older,
        },
    )
}
