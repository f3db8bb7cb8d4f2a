//! `/admin/teams`: an organisation's teams of case workers, for its admins. A member who
//! supervises approves steps of cases and sees all the organisation's cases; the others see
//! their own and their teams' (faro-store's `cases`). Every change is audited.

use super::cases::{Choice, workers};
use super::forms::no_store;
use super::names::Names;
use super::render::{Chrome, Page, PageResult, SignedIn, render};
use super::{Need, PageRoute, route};
use crate::AppState;
use crate::ids::PageId;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::{DisplayName, Permission};
use faro_i18n::key;
use faro_store::{Session, StoreError};

const ADMIN: Need = Need::Permission(Permission::Administer);

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/admin/teams", ADMIN, || get(show)),
        route("POST", "/admin/teams", ADMIN, || post(create)),
        route("POST", "/admin/teams/{id}", ADMIN, || post(member)),
    ]
}

pub struct MemberRow {
    pub user: i64,
    pub name: String,
    pub supervises: bool,
}

pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub members: Vec<MemberRow>,
}

#[derive(Template)]
#[template(path = "admin/teams.html")]
struct Teams {
    c: Chrome,
    teams: Vec<TeamRow>,
    /// Who may join a team: active staff who work on cases.
    people: Vec<Choice>,
    done: Option<&'static str>,
    error: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let done = raw
        .as_deref()
        .filter(|q| q.contains("done=saved"))
        .map(|_| key!("cases-saved"));
    teams_page(&state, &page, &session, StatusCode::OK, done, None).await
}

async fn teams_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    status: StatusCode,
    done: Option<&'static str>,
    error: Option<String>,
) -> PageResult {
    let (staff, teams) = super::cases::people(state, session).await?;
    let names = Names::from(staff.as_slice());
    let lang = page.lang;
    Ok(no_store(render(
        status,
        lang,
        &Teams {
            c: page.chrome(key!("teams")),
            teams: teams
                .into_iter()
                .map(|t| TeamRow {
                    id: t.id,
                    name: t.name,
                    members: t
                        .members
                        .iter()
                        .map(|m| MemberRow {
                            user: m.user,
                            name: names.user(m.user),
                            supervises: m.supervises,
                        })
                        .collect(),
                })
                .collect(),
            people: workers(lang, &staff, None),
            done,
            error,
        },
    )))
}

/// The page again with the form's problem in words (422).
async fn unfit(state: &AppState, page: &Page, session: &Session, words: String) -> PageResult {
    teams_page(
        state,
        page,
        session,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        Some(words),
    )
    .await
}

/// The page again with what went wrong, or a store failure as an error page.
async fn refused(state: &AppState, page: &Page, session: &Session, e: StoreError) -> PageResult {
    match e {
        StoreError::Invalid { .. } | StoreError::Conflict { .. } | StoreError::NotFound { .. } => {
            let e = super::PageError::from(e);
            let words = e.text.render(page.lang);
            teams_page(state, page, session, e.status, None, Some(words)).await
        }
        e => Err(e.into()),
    }
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    body: Bytes,
) -> PageResult {
    let form = crate::case_input::Form::parse(&body);
    let name = match DisplayName::parse(form.get("name")) {
        Ok(name) => name,
        Err(e) => {
            let words = format!(
                "{}{} {}",
                page.lang.w(key!("team_name")),
                page.lang.w(key!("colon")),
                page.lang.invalid(&e)
            );
            return unfit(&state, &page, &session, words).await;
        }
    };
    match state
        .store
        .create_team(&session.ctx, session.user.organisation, &name)
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/teams?done=saved").into_response()),
        Err(e) => refused(&state, &page, &session, e).await,
    }
}

/// Adds a member (supervising or not) or takes one out (`remove`).
async fn member(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(team): PageId,
    body: Bytes,
) -> PageResult {
    let form = crate::case_input::Form::parse(&body);
    let Some(user) = form.number("user") else {
        let words = page.lang.w(key!("team_choose_member")).into_owned();
        return unfit(&state, &page, &session, words).await;
    };
    let role = (form.get("action") != "remove").then(|| form.checked("supervises"));
    match state
        .store
        .set_team_member(&session.ctx, team, user, role)
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/teams?done=saved").into_response()),
        Err(e) => refused(&state, &page, &session, e).await,
    }
}
