//! The organisation admin's pages: users (add, disable, set-password links), the
//! organisation's API tokens, and its audit log.

use super::account::{TokenId, TokenRow};
use super::forms::{Fields, no_store};
use super::names::Names;
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render, when};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::vocab::Vocabulary;
use faro_domain::{DisplayName, Email, Permission, Role};
use faro_i18n::key;
use faro_store::{Session, StoreError};
use serde::Deserialize;

const ADMIN: Need = Need::Permission(Permission::Administer);

pub(super) const MENU: &[MenuEntry] = &[
    MenuEntry {
        path: "/admin",
        key: "admin",
        need: ADMIN,
        place: Place::Sections,
    },
    MenuEntry {
        path: "/admin/audit",
        key: "audit",
        need: ADMIN,
        place: Place::Sections,
    },
];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/admin", ADMIN, || get(show)),
        route("POST", "/admin/users", ADMIN, || post(create_user)),
        route("POST", "/admin/users/disable", ADMIN, || post(disable_user)),
        route("POST", "/admin/users/password-link", ADMIN, || {
            post(password_link)
        }),
        route("POST", "/admin/users/role", ADMIN, || post(set_role)),
        route("POST", "/admin/users/name", ADMIN, || post(rename_user)),
        route("POST", "/admin/users/reset-two-factor", ADMIN, || {
            post(reset_two_factor)
        }),
        route("POST", "/admin/tokens/revoke", ADMIN, || post(revoke_token)),
        route("GET", "/admin/audit", ADMIN, || get(audit)),
    ]
}

pub struct UserRow {
    /// As colleagues see them.
    pub shown_as: String,
    /// As chosen (empty when not yet).
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    pub two_factor: bool,
}

#[derive(Template)]
#[template(path = "admin/admin.html")]
struct AdminPage {
    c: Chrome,
    users: Vec<UserRow>,
    tokens: Vec<TokenRow>,
    roles: Vec<Role>,
    /// A set-password link just made, shown once, whose it is, and whether its address was
    /// guessed from the request.
    link: Option<(String, String, bool)>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
    email: String,
    /// The organisation may leave the instance (every one but the default organisation).
    /// The new user form's name, as typed.
    display_name: String,
    may_leave: bool,
    /// The instance's first organisation: its admins exchange the instance's keys.
    instance_admin: bool,
}

struct Extra {
    link: Option<(String, String, bool)>,
    notice: Option<&'static str>,
    error: Option<&'static str>,
    email: String,
    display_name: String,
}

fn nothing() -> Extra {
    Extra {
        link: None,
        notice: None,
        error: None,
        email: String::new(),
        display_name: String::new(),
    }
}

async fn admin_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    status: StatusCode,
    extra: Extra,
) -> PageResult {
    let org = session.user.organisation;
    let users = state.store.users_of(&session.ctx, org).await?;
    let tokens = state.store.tokens(&session.ctx, org, None).await?;
    Ok(no_store(render(
        status,
        page.lang,
        &AdminPage {
            c: page.chrome(key!("admin")),
            users: users
                .into_iter()
                .map(|u| UserRow {
                    shown_as: u.shown_as().to_string(),
                    display_name: u.display_name.unwrap_or_default(),
                    email: u.email,
                    role: u.role,
                    disabled: u.disabled,
                    two_factor: u.two_factor,
                })
                .collect(),
            tokens: tokens.into_iter().map(TokenRow::from).collect(),
            // The narrowest role first: the form's default.
            roles: Role::ALL.iter().rev().copied().collect(),
            link: extra.link,
            notice: extra.notice,
            error: extra.error,
            email: extra.email,
            display_name: extra.display_name,
            may_leave: org != faro_store::DEFAULT_ORGANISATION,
            instance_admin: org == faro_store::DEFAULT_ORGANISATION,
        },
    )))
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
) -> PageResult {
    admin_page(&state, &page, &session, StatusCode::OK, nothing()).await
}

#[derive(Deserialize)]
pub struct NewUser {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    /// Optional: without one, colleagues see the e-mail's part before the @.
    #[serde(default)]
    display_name: String,
}

/// A link to `path` (a page and its secret: a set-password or a provider's update link),
/// whole, and whether its address was guessed. Under `--public-url` when given; otherwise under the address the admin reached this page
/// at (their own request's Host: it is shown to them alone, never sent anywhere), flagged so
/// that the page asks them to check it; a path when the Host is missing or not an address.
pub(super) fn link(state: &AppState, host: Option<&str>, path: &str) -> (String, bool) {
    if let Some(base) = state.public_url.as_deref() {
        let base = base.trim_end_matches('/');
        return (format!("{base}{path}"), false);
    }
    let host = host.filter(|h| {
        (1..=255).contains(&h.len())
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    });
    let scheme = if state.tls { "https" } else { "http" };
    let base = host.map(|h| format!("{scheme}://{h}")).unwrap_or_default();
    (format!("{base}{path}"), true)
}

async fn create_user(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    headers: axum::http::HeaderMap,
    Fields(f): Fields<NewUser>,
) -> PageResult {
    // The form again, with what was typed and why it was refused.
    let refuse = |status, key| {
        let extra = Extra {
            error: Some(key),
            email: f.email.clone(),
            display_name: f.display_name.clone(),
            ..nothing()
        };
        admin_page(&state, &page, &session, status, extra)
    };
    let Some(role) = Role::from_code(f.role.trim()) else {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "role_invalid").await;
    };
    let Ok(email) = Email::parse(&f.email) else {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "email_invalid").await;
    };
    let name = match f.display_name.trim() {
        "" => None,
        typed => match DisplayName::parse(typed) {
            Ok(name) => Some(name),
            Err(_) => {
                return refuse(StatusCode::UNPROCESSABLE_ENTITY, "display_name_invalid").await;
            }
        },
    };
    let created = state
        .store
        .create_user(&session.ctx, session.user.organisation, &email, role)
        .await;
    let user = match created {
        Ok(user) => user,
        Err(StoreError::Conflict { .. }) => {
            return refuse(StatusCode::CONFLICT, "email_taken").await;
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(name) = name {
        let store = &state.store;
        store
            .set_display_name(&session.ctx, &user.email, &name)
            .await?;
    }
    let host = host_of(&headers);
    link_page(&state, &page, &session, user.email, host, "user_created").await
}

async fn link_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    email: String,
    host: Option<&str>,
    notice: &'static str,
) -> PageResult {
    let secret = state.store.password_link(&session.ctx, &email).await?;
    let (url, guessed) = link(state, host, &format!("/set-password?token={secret}"));
    let extra = Extra {
        link: Some((email, url, guessed)),
        notice: Some(notice),
        ..nothing()
    };
    admin_page(state, page, session, StatusCode::CREATED, extra).await
}

#[derive(Deserialize)]
pub struct EmailField {
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
    Name(DisplayName),
}

#[derive(Deserialize)]
pub struct NewRole {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// The admin page again, 422, saying why nothing changed (`key`).
async fn refused(
    state: &AppState,
    page: &Page,
    session: &Session,
    key: &'static str,
) -> PageResult {
    let extra = Extra {
        error: Some(key),
        ..nothing()
    };
    admin_page(
        state,
        page,
        session,
        StatusCode::UNPROCESSABLE_ENTITY,
        extra,
    )
    .await
}

async fn set_role(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Fields(f): Fields<NewRole>,
) -> PageResult {
    let Some(role) = Role::from_code(f.role.trim()) else {
        return refused(&state, &page, &session, "role_invalid").await;
    };
    change_user(&state, &session, &f.email, UserChange::Role(role)).await
}

#[derive(Deserialize)]
pub struct UserName {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
}

async fn rename_user(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Fields(f): Fields<UserName>,
) -> PageResult {
    let Ok(name) = DisplayName::parse(&f.display_name) else {
        return refused(&state, &page, &session, "display_name_invalid").await;
    };
    change_user(&state, &session, &f.email, UserChange::Name(name)).await
}

async fn disable_user(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Fields(f): Fields<EmailField>,
) -> PageResult {
    change_user(&state, &session, &f.email, UserChange::Disable).await
}

async fn reset_two_factor(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Fields(f): Fields<EmailField>,
) -> PageResult {
    change_user(&state, &session, &f.email, UserChange::ResetTwoFactor).await
}

async fn change_user(
    state: &AppState,
    session: &Session,
    email: &str,
    change: UserChange,
) -> PageResult {
    own_user(state, session, email).await?;
    match change {
        UserChange::Disable => state.store.disable_user(&session.ctx, email).await?,
        UserChange::ResetTwoFactor => state.store.reset_two_factor(&session.ctx, email).await?,
        UserChange::Role(role) => {
            state.store.set_role(&session.ctx, email, role).await?;
        }
        UserChange::Name(name) => {
            state
                .store
                .set_display_name(&session.ctx, email, &name)
                .await?
        }
    }
    Ok(Redirect::to("/admin").into_response())
}

/// The request's `Host`, as the admin's browser sent it.
pub(super) fn host_of(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
}

async fn password_link(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    headers: axum::http::HeaderMap,
    Fields(f): Fields<EmailField>,
) -> PageResult {
    own_user(&state, &session, &f.email).await?;
    let email = f.email.trim().to_lowercase();
    let host = host_of(&headers);
    link_page(&state, &page, &session, email, host, "password_link_made").await
}

async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Fields(f): Fields<TokenId>,
) -> PageResult {
    super::account::revoke(&state, &session, &f.id, "/admin").await
}

pub struct EntryRow {
    pub seq: i64,
    pub when: String,
    /// As stored: ids, never a name.
    pub actor: String,
    /// As the reader reads it (a colleague's display name).
    pub actor_words: String,
    /// The action's code, as stored and exported.
    pub action: String,
    /// Its key in the translation files, when it has one.
    pub action_words: Option<String>,
    pub detail: String,
    /// The detail as a reader reads it: "report #12 · status: closed".
    pub detail_words: String,
}

/// The ids and codes an audit entry's detail holds (JSON, chained as written), in words:
/// each field by its name in the reader's language where it has one, an id as `#12`, a
/// colleague by name. The JSON itself stays in the title and in the exported chain.
fn detail_words(lang: faro_i18n::Lang, names: &Names, detail: &str) -> String {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(detail) else {
        return detail.to_string();
    };
    fields
        .iter()
        .map(|(field, value)| {
            let key = format!("audit_field-{field}");
            let name = if faro_i18n::has_everywhere(&key) {
                lang.w(&key).into_owned()
            } else {
                field.replace('_', " ")
            };
            let value = match value {
                serde_json::Value::Number(n) if field == "user_id" || field == "assignee" => n
                    .as_i64()
                    .map_or_else(|| n.to_string(), |id| names.user(id)),
                serde_json::Value::Number(n) if field.ends_with("_id") => format!("#{n}"),
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Null => "—".to_string(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            format!("{name}: {value}")
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The translation key of an audit action (`user.role` → `audit-user-role`).
fn action_key(action: &str) -> String {
    format!("audit-{}", action.replace('.', "-"))
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
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

async fn audit(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    query: Result<Query<Before>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let Ok(Query(q)) = query else {
        return Err(PageError::new(StatusCode::BAD_REQUEST, key!("error")));
    };
    let entries = state
        .store
        .audit_page(
            &session.ctx,
            session.user.organisation,
            q.before,
            AUDIT_PAGE,
        )
        .await?;
    let names = Names::of(&state, &session.ctx, session.user.organisation).await?;
    let older = (entries.len() as i64 == AUDIT_PAGE)
        .then(|| entries.last().map(|e| e.seq))
        .flatten()
        .filter(|seq| *seq > 1);
    let entries = entries
        .into_iter()
        .map(|e| EntryRow {
            seq: e.seq,
            when: when(e.at),
            actor_words: names.actor(page.lang, &e.actor),
            actor: e.actor,
            action_words: Some(action_key(&e.action)).filter(|k| faro_i18n::has_everywhere(k)),
            action: e.action,
            detail_words: detail_words(page.lang, &names, &e.detail),
            detail: e.detail,
        })
        .collect();
    let body = AuditPage {
        c: page.chrome(key!("audit")),
        entries,
        older,
    };
    Ok(no_store(render(StatusCode::OK, page.lang, &body)))
}

#[cfg(test)]
mod tests {
    /// Every action the store records has words in every language.
    #[test]
    fn every_audit_action_has_words() {
        for action in faro_store::AUDIT_ACTIONS {
            let key = super::action_key(action);
            assert!(faro_i18n::has_everywhere(&key), "no words for `{key}`");
        }
    }
}
