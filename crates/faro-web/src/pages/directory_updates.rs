//! Providers' yearly updates of the directory on pages (`services::directory_updates`): an
//! admin of the organisation that keeps an entry makes a single-use link and hands it over
//! (printed or e-mailed from their own mail program); the provider opens it without an
//! account and proposes corrections; the admins read each proposal beside the entry and
//! accept or reject it.

use super::forms::{Fields, no_store, with_form_token};
use super::render::{Chrome, Done, Page, PageError, PageResult, SignedIn, message, refusal};
use super::render::{render, when};
use super::{Need, PageRoute, route};
use crate::AppState;
use crate::ids::PageId;
use crate::services::directory_updates::{self as updates, UpdateError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::{Permission, ValidationError};
use faro_hsds::correction::{Correction, FIELDS};
use faro_i18n::{Lang, key};
use faro_store::{DirectoryUpdate, LINK_DAYS, Session, StoreError, UpdateState};
use serde::Deserialize;

const ADMIN: Need = Need::Permission(Permission::Administer);

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route(
            "POST",
            "/directory/services/{id}/update-link",
            ADMIN,
            || post(make_link),
        ),
        route("GET", "/directory/update", Need::Public, || get(form)),
        route("POST", "/directory/update", Need::Public, || post(propose)),
        route("GET", "/directory/updates", ADMIN, || get(list)),
        route("GET", "/directory/updates/{id}", ADMIN, || get(show)),
        route("POST", "/directory/updates/{id}", ADMIN, || post(decide)),
    ]
}

#[derive(Template)]
#[template(path = "directory/update_letter.html")]
struct Letter {
    c: Chrome,
    service: String,
    name: String,
    url: String,
    guessed: bool,
    email: String,
    /// `mailto:` with the letter as subject and body, for the admin's own mail program.
    mailto: String,
    days: i64,
}

/// `POST /directory/services/{id}/update-link`: a new link, shown once (only its hash is
/// kept), in a letter to print or send.
async fn make_link(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
) -> PageResult {
    let lang = page.lang;
    let id: String = id.chars().take(200).collect();
    let secret = state.store.directory_update_link(&session.ctx, &id).await?;
    let (url, guessed) = super::admin::link(
        &state,
        super::admin::host_of(&headers),
        &format!("/directory/update?token={secret}"),
    );
    let listed = state
        .store
        .directory_services(
            &session.ctx,
            crate::api::directory::reader(&session.ctx),
            &faro_store::DirectoryQuery::one(&id),
        )
        .await?;
    let service = listed.services.first().map(|l| &l.service);
    let name = service
        .map(|s| super::directory::text(s, "name"))
        .unwrap_or_default();
    let email = service
        .map(|s| super::directory::text(s, "email"))
        .unwrap_or_default();
    let mut args = faro_i18n::FluentArgs::new();
    args.set("service", name.clone());
    args.set("url", url.clone());
    args.set("days", LINK_DAYS);
    let subject = lang.format(key!("update-mail_subject"), Some(&args));
    let body = lang.format(key!("update-mail_body"), Some(&args));
    let encode = |t: &str| form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>();
    let mailto = format!(
        "mailto:{}?subject={}&body={}",
        encode(&email),
        encode(&subject).replace('+', "%20"),
        encode(&body).replace('+', "%20"),
    );
    let view = Letter {
        c: page.chrome(key!("update-letter")),
        service: id,
        name,
        url,
        guessed,
        email,
        mailto,
        days: LINK_DAYS,
    };
    Ok(no_store(render(StatusCode::CREATED, lang, &view)))
}

/// One field of the provider's form: its value as typed and its problems in words.
pub struct FieldLine {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub long: bool,
    pub problem: Option<String>,
}

#[derive(Template)]
#[template(path = "directory/update_form.html")]
struct UpdateForm {
    c: Chrome,
    form: String,
    token: String,
    organization: String,
    fields: Vec<FieldLine>,
    problems: Vec<String>,
}

fn field_lines(lang: Lang, typed: &Correction, problems: &[ValidationError]) -> Vec<FieldLine> {
    FIELDS
        .iter()
        .map(|(name, label)| FieldLine {
            name,
            label: lang.w(label).into_owned(),
            value: typed.field(name).to_string(),
            long: matches!(*name, "description" | "note"),
            problem: problems
                .iter()
                .find(|p| p.field == *name)
                .map(|p| lang.problem(p.value.as_deref(), &p.message)),
        })
        .collect()
}

/// Each problem as "Field: what is wrong", for the box above the form.
fn problem_lines(lang: Lang, problems: &[ValidationError]) -> Vec<String> {
    problems
        .iter()
        .map(|p| {
            let label = FIELDS
                .iter()
                .find(|(n, _)| *n == p.field)
                .map(|(_, l)| lang.w(l).into_owned())
                .unwrap_or_else(|| p.field.to_string());
            format!("{label}: {}", lang.problem(p.value.as_deref(), &p.message))
        })
        .collect()
}

/// A link that was used, replaced or expired is a 404 that says what to do.
fn link_error(e: StoreError) -> PageError {
    super::sign_in::spent_link(e, key!("update-link_invalid"))
}

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    token: String,
}

fn form_page(
    state: &AppState,
    page: &Page,
    status: StatusCode,
    token: String,
    (organization, typed): (String, &Correction),
    problems: &[ValidationError],
) -> PageResult {
    let lang = page.lang;
    // The page holds the link's secret: never cached.
    with_form_token(state, page, status, |form| UpdateForm {
        c: page.chrome(key!("update-title")),
        form,
        token,
        organization,
        fields: field_lines(lang, typed, problems),
        problems: problem_lines(lang, problems),
    })
    .map(no_store)
}

/// `GET /directory/update?token=`: the provider's form, filled with the entry as it stands.
async fn form(State(state): State<AppState>, page: Page, Query(q): Query<LinkQuery>) -> PageResult {
    let invited = updates::invitation(&state.store, &q.token)
        .await
        .map_err(link_error)?;
    let typed = (invited.organization, &invited.current);
    form_page(&state, &page, StatusCode::OK, q.token, typed, &[])
}

#[derive(Deserialize)]
pub struct Proposal {
    #[serde(default)]
    token: String,
    #[serde(flatten)]
    typed: Correction,
}

/// `POST /directory/update`: the proposal kept for the keepers, or the form again with each
/// problem beside its field.
async fn propose(
    State(state): State<AppState>,
    page: Page,
    Fields(f): Fields<Proposal>,
) -> PageResult {
    match updates::propose(&state.store, &f.token, &f.typed).await {
        Ok(()) => Ok(message(&page, StatusCode::OK, key!("update-thanks"))),
        Err(UpdateError::Invalid(problems)) => {
            let invited = updates::invitation(&state.store, &f.token)
                .await
                .map_err(link_error)?;
            let typed = (invited.organization, &f.typed);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&state, &page, status, f.token, typed, &problems)
        }
        Err(UpdateError::Store(e)) => Err(link_error(e)),
    }
}

/// An update in a list.
pub struct UpdateLine {
    pub id: i64,
    pub service: String,
    pub name: String,
    pub state: String,
    pub proposed: bool,
    pub made: String,
    pub until: String,
}

fn state_words(lang: Lang, state: UpdateState) -> String {
    let k = match state {
        UpdateState::Waiting => key!("update-state-waiting"),
        UpdateState::Lapsed => key!("update-state-lapsed"),
        UpdateState::Proposed => key!("update-state-proposed"),
        UpdateState::Accepted => key!("update-state-accepted"),
        UpdateState::Rejected => key!("update-state-rejected"),
    };
    lang.w(k).into_owned()
}

fn update_line(lang: Lang, u: &DirectoryUpdate) -> UpdateLine {
    UpdateLine {
        id: u.id,
        service: u.service.clone(),
        name: u.service_name.clone(),
        state: state_words(lang, u.state),
        proposed: u.state == UpdateState::Proposed,
        made: when(u.created_at),
        until: when(u.expires_at),
    }
}

#[derive(Template)]
#[template(path = "directory/updates.html")]
struct List {
    c: Chrome,
    lines: Vec<UpdateLine>,
}

/// `GET /directory/updates`: the organisation's links and proposals, those to decide first.
async fn list(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
) -> PageResult {
    let lang = page.lang;
    let organisation = own_organisation(&session)?;
    let mut found = state
        .store
        .directory_updates(&session.ctx, organisation)
        .await?;
    found.sort_by_key(|u| u.state != UpdateState::Proposed);
    let view = List {
        c: page.chrome(key!("update-list")),
        lines: found.iter().map(|u| update_line(lang, u)).collect(),
    };
    Ok(no_store(render(StatusCode::OK, lang, &view)))
}

fn own_organisation(session: &Session) -> Result<faro_domain::OrganisationId, PageError> {
    session
        .ctx
        .organisation()
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, key!("not_found")))
}

/// A field's value before and after, in words.
pub struct ChangeLine {
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "directory/update_review.html")]
struct Show {
    c: Chrome,
    l: UpdateLine,
    changes: Vec<ChangeLine>,
    note: String,
    done: bool,
    error: Option<String>,
}

async fn show_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    id: i64,
    said: (StatusCode, bool, Option<String>),
) -> PageResult {
    let lang = page.lang;
    let review = updates::review(&state.store, &session.ctx, id).await?;
    let (changes, note) = match &review.proposed {
        Some(p) => (
            p.changes(&review.current)
                .into_iter()
                .filter(|c| c.0 != "note")
                .map(|(_, label, before, after)| ChangeLine {
                    label: lang.w(label).into_owned(),
                    before: before.to_string(),
                    after: after.to_string(),
                })
                .collect(),
            p.note.clone(),
        ),
        None => (Vec::new(), String::new()),
    };
    let view = Show {
        c: page.chrome(key!("update-review")),
        l: update_line(lang, &review.update),
        changes,
        note,
        done: said.1,
        error: said.2,
    };
    Ok(no_store(render(said.0, lang, &view)))
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
    Done(done): Done,
) -> PageResult {
    show_page(&state, &page, &session, id, (StatusCode::OK, done, None)).await
}

#[derive(Deserialize)]
pub struct Decision {
    #[serde(default)]
    decision: String,
}

/// `POST /directory/updates/{id}`: accept (the entry corrected and vouched for today) or
/// reject.
async fn decide(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
    Fields(f): Fields<Decision>,
) -> PageResult {
    let lang = page.lang;
    let accept = match f.decision.as_str() {
        "accept" => true,
        "reject" => false,
        _ => return Err(PageError::new(StatusCode::BAD_REQUEST, key!("error"))),
    };
    let today = crate::case_input::today().to_string();
    let said = match updates::decide(&state.store, &session.ctx, id, accept, &today).await {
        Ok(()) => {
            return Ok(
                Redirect::to(&format!("/directory/updates/{id}?done=decided")).into_response(),
            );
        }
        Err(UpdateError::Invalid(problems)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .iter()
                .map(|p| lang.problem(p.value.as_deref(), &p.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Err(UpdateError::Store(e)) => refusal(lang, e)?,
    };
    show_page(&state, &page, &session, id, (said.0, false, Some(said.1))).await
}
