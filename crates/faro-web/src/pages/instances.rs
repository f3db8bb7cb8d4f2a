//! The instance admins' page of Faro instances (faro-store's `instances`): this instance's
//! card and fingerprint to give to another instance's admin, the partner instances added,
//! a card pasted to add one, and removing one (after a confirmation that says what it ends).

use super::forms::no_store;
use super::render::{Chrome, Done, Page, PageError, PageResult, SignedIn, refusal, render, when};
use super::{Need, PageRoute, route};
use crate::AppState;
use crate::case_input::Form;
use crate::ids::PageId;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::Permission;
use faro_i18n::key;
use faro_store::Session;

const ADMIN: Need = Need::Permission(Permission::Administer);

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/admin/instances", ADMIN, || get(show)),
        route("POST", "/admin/instances", ADMIN, || post(add)),
        route("GET", "/admin/instances/{id}/remove", ADMIN, || {
            get(confirm_removal)
        }),
        route("POST", "/admin/instances/{id}/remove", ADMIN, || {
            post(remove)
        }),
    ]
}

/// A partner instance, in words.
pub struct PartnerLine {
    pub id: i64,
    pub name: String,
    pub fingerprint: String,
    pub added: String,
}

fn line(p: faro_store::PartnerInstance) -> PartnerLine {
    PartnerLine {
        id: p.id,
        name: p.name,
        fingerprint: p.fingerprint,
        added: when(p.added_at),
    }
}

#[derive(Template)]
#[template(path = "admin/instances.html")]
struct Instances {
    c: Chrome,
    card: String,
    fingerprint: String,
    partners: Vec<PartnerLine>,
    name: String,
    pasted: String,
    done: bool,
    error: Option<String>,
}

async fn page_of(
    state: &AppState,
    page: &Page,
    session: &Session,
    typed: (String, String),
    said: (StatusCode, bool, Option<String>),
) -> PageResult {
    let card = state.store.instance_card(&session.ctx).await?;
    let partners = state.store.partner_instances(&session.ctx).await?;
    let view = Instances {
        c: page.chrome(key!("instances")),
        card: card.encode(),
        fingerprint: card.fingerprint(),
        partners: partners.into_iter().map(line).collect(),
        name: typed.0,
        pasted: typed.1,
        done: said.1,
        error: said.2,
    };
    Ok(no_store(render(said.0, page.lang, &view)))
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Done(done): Done,
) -> PageResult {
    let said = (StatusCode::OK, done, None);
    page_of(&state, &page, &session, Default::default(), said).await
}

/// `POST /admin/instances`: a partner's `name` and pasted `card`.
async fn add(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    body: Bytes,
) -> PageResult {
    let form = Form::parse(&body);
    let (name, card) = (form.get("name"), form.get("card"));
    match state
        .store
        .add_partner_instance(&session.ctx, name, card)
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/instances?done=added").into_response()),
        Err(e) => {
            let (status, text) = refusal(page.lang, e)?;
            let typed = (name.to_string(), card.to_string());
            page_of(&state, &page, &session, typed, (status, false, Some(text))).await
        }
    }
}

#[derive(Template)]
#[template(path = "admin/instance_remove.html")]
struct ConfirmRemoval {
    c: Chrome,
    partner: PartnerLine,
}

/// `GET /admin/instances/{id}/remove`: what removing the partner ends, and the button.
async fn confirm_removal(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
) -> PageResult {
    let partner = state
        .store
        .partner_instances(&session.ctx)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, key!("not_found")))?;
    let view = ConfirmRemoval {
        c: page.chrome(key!("instances-remove")),
        partner: line(partner),
    };
    Ok(render(StatusCode::OK, page.lang, &view))
}

async fn remove(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
) -> PageResult {
    state
        .store
        .remove_partner_instance(&session.ctx, id)
        .await?;
    Ok(Redirect::to("/admin/instances?done=removed").into_response())
}
