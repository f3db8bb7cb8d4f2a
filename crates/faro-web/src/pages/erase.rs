//! What cannot be taken back, each behind a page that says what it does and asks to be
//! confirmed: deleting a source (a wrong import), erasing one person's record (an erasure
//! request, with its reason from a closed list), the whole organisation leaving (after it has
//! taken its records and its audit chain), and making a release public (copies downloaded
//! cannot be recalled). The store changes and audits in one transaction; an organisation's
//! admins only.

use super::forms::{Fields, download, session_cookie};
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, message, render, say};
use super::{Need, PageRoute, route};
use crate::AppState;
use crate::error::Text;
use crate::ids::page_id;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use faro_domain::Permission;
use faro_i18n::key;
use faro_store::{ErasureReason, Session};
use serde::Deserialize;

const ADMIN: Need = Need::Permission(Permission::Administer);

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/sources/{id}/delete", ADMIN, || {
            asking(Target::Source)
        }),
        route("POST", "/sources/{id}/delete", ADMIN, || {
            post(delete_source)
        }),
        route("GET", "/hub/records/{id}/erase", ADMIN, || {
            asking(Target::Record)
        }),
        route("POST", "/hub/records/{id}/erase", ADMIN, || {
            post(erase_record)
        }),
        route("GET", "/admin/leave", ADMIN, || {
            get(|st: State<AppState>, page: Page, s: SignedIn| {
                ask(Target::Organisation, st, page, s, Path(String::new()))
            })
        }),
        route("POST", "/admin/leave", ADMIN, || post(leave)),
        route("GET", "/admin/audit.jsonl", ADMIN, || get(chain)),
        route("GET", "/admin/releases/{id}/public", ADMIN, || {
            asking(Target::Publication)
        }),
        route("POST", "/admin/releases/{id}/public", ADMIN, || {
            post(publish)
        }),
    ]
}

/// The confirmation page of a deletion whose id is in the path.
fn asking(target: Target) -> axum::routing::MethodRouter<AppState> {
    get(
        move |st: State<AppState>, page: Page, s: SignedIn, id: Path<String>| {
            ask(target, st, page, s, id)
        },
    )
}

/// What a confirmation page is about.
#[derive(Debug, Clone, Copy)]
enum Target {
    Source,
    Record,
    /// The signed-in admin's own organisation.
    Organisation,
    /// A release, to be made public.
    Publication,
}

/// A confirmation page.
#[derive(Template)]
#[template(path = "erase/confirm.html")]
struct Confirm {
    c: Chrome,
    /// Where the form posts.
    action: String,
    /// What will go: a label (key) and its value.
    facts: Vec<(&'static str, String)>,
    /// What the deletion means (a key).
    warning: &'static str,
    /// For an erasure: the reasons to choose from, code and key.
    reasons: Vec<(&'static str, String)>,
    /// For an organisation: the name to type.
    type_name: Option<String>,
    /// Files to take before (href, key).
    downloads: Vec<(&'static str, &'static str)>,
    /// The button's key.
    button: &'static str,
    back: String,
    error: Option<&'static str>,
}

/// A confirmation's fields: every one optional, so that a missing one is a clear refusal.
#[derive(Deserialize, Default)]
pub struct Confirmation {
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    name: String,
}

fn confirmed(f: &Confirmation) -> bool {
    f.confirm == "yes"
}

/// The confirmation page of `target` (`raw` its id from the path), with `error` when a
/// first try was refused.
async fn confirm(
    state: &AppState,
    page: &Page,
    session: &Session,
    target: Target,
    raw: &str,
    status: StatusCode,
    error: Option<&'static str>,
) -> PageResult {
    let mut body = match target {
        Target::Source => source_confirm(state, page, session, page_id(raw)?).await?,
        Target::Record => record_confirm(state, page, session, page_id(raw)?).await?,
        Target::Organisation => leave_confirm(state, page, session).await?,
        Target::Publication => publication_confirm(state, page, session, page_id(raw)?).await?,
    };
    body.error = error;
    Ok(render(status, page.lang, &body))
}

async fn ask(
    target: Target,
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    confirm(&state, &page, &session, target, &id, StatusCode::OK, None).await
}

/// The page again, 422, saying why nothing was deleted.
async fn refused(
    state: &AppState,
    page: &Page,
    session: &Session,
    target: Target,
    raw: &str,
    why: &'static str,
) -> PageResult {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    confirm(state, page, session, target, raw, status, Some(why)).await
}

async fn source_confirm(
    state: &AppState,
    page: &Page,
    session: &Session,
    id: i64,
) -> Result<Confirm, PageError> {
    let source = state.store.source(&session.ctx, id).await?;
    if source.organisation != session.user.organisation {
        return Err(PageError::new(StatusCode::FORBIDDEN, key!("forbidden")));
    }
    Ok(Confirm {
        c: page.chrome(key!("source_delete")),
        action: format!("/sources/{id}/delete"),
        facts: vec![
            ("source_name", source.name),
            (
                "source_records",
                page.lang.count(source.rows_imported.unsigned_abs()),
            ),
            ("source_hash", source.sha256),
        ],
        warning: "source_delete_warning",
        reasons: Vec::new(),
        type_name: None,
        downloads: Vec::new(),
        button: "source_delete",
        back: "/sources".into(),
        error: None,
    })
}

/// Who will see what once a release is public: anyone, its public files; its report stays
/// with the organisation's admins.
async fn publication_confirm(
    state: &AppState,
    page: &Page,
    session: &Session,
    id: i64,
) -> Result<Confirm, PageError> {
    let org = session.user.organisation;
    let release = state
        .store
        .releases(&session.ctx, org)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, key!("not_found")))?;
    let (public, kept): (Vec<String>, Vec<String>) = release
        .files
        .into_iter()
        .partition(|f| faro_store::PUBLIC_FILES.contains(&f.as_str()));
    Ok(Confirm {
        c: page.chrome(key!("release_public_title")),
        action: format!("/admin/releases/{id}/public"),
        facts: vec![
            ("releases_number", format!("#{id}")),
            (
                "release_public_who",
                page.lang.w(key!("release_public_anyone")).into_owned(),
            ),
            ("release_public_files", public.join(", ")),
            ("release_public_kept", kept.join(", ")),
        ],
        warning: "release_public_warning",
        reasons: Vec::new(),
        type_name: None,
        downloads: Vec::new(),
        button: "releases_make_public",
        back: "/admin/releases".into(),
        error: None,
    })
}

async fn publish(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    Fields(f): Fields<Confirmation>,
) -> PageResult {
    let target = Target::Publication;
    if !confirmed(&f) {
        return refused(&state, &page, &session, target, &id, "confirm_not_public").await;
    }
    let org = session.user.organisation;
    let store = &state.store;
    store
        .set_release_public(&session.ctx, org, page_id(&id)?, true)
        .await?;
    Ok(axum::response::Redirect::to("/admin/releases").into_response())
}

async fn delete_source(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    Fields(f): Fields<Confirmation>,
) -> PageResult {
    if !confirmed(&f) {
        return refused(
            &state,
            &page,
            &session,
            Target::Source,
            &id,
            "confirm_missing",
        )
        .await;
    }
    state
        .store
        .remove_source(&session.ctx, page_id(&id)?)
        .await?;
    let notice = Some("source_deleted");
    super::sources::sources_page(&state, &page, &session, StatusCode::OK, None, notice).await
}

async fn record_confirm(
    state: &AppState,
    page: &Page,
    session: &Session,
    id: i64,
) -> Result<Confirm, PageError> {
    // The record must exist and be the reader's; the page shows nothing of what it holds.
    let stored = state.store.record(&session.ctx, id).await?;
    Ok(Confirm {
        c: page.chrome(key!("record_erase")),
        action: format!("/hub/records/{id}/erase"),
        facts: vec![
            ("hub-record", format!("#{id}")),
            ("dimension-source", format!("#{}", stored.source_id)),
        ],
        warning: "record_erase_warning",
        reasons: ErasureReason::ALL
            .iter()
            .map(|r| (r.code(), format!("erasure_{}", r.code())))
            .collect(),
        type_name: None,
        downloads: Vec::new(),
        button: "record_erase",
        back: format!("/hub/records/{id}"),
        error: None,
    })
}

async fn erase_record(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    Fields(f): Fields<Confirmation>,
) -> PageResult {
    let reason = ErasureReason::ALL
        .into_iter()
        .find(|r| r.code() == f.reason);
    let problem = match (reason, confirmed(&f)) {
        (None, _) => Some("erasure_reason_missing"),
        (Some(_), false) => Some("confirm_missing"),
        (Some(_), true) => None,
    };
    let (Some(reason), None) = (reason, problem) else {
        let why = problem.unwrap_or("confirm_missing");
        return refused(&state, &page, &session, Target::Record, &id, why).await;
    };
    let withdrawn = state
        .store
        .erase_record(&session.ctx, page_id(&id)?, reason)
        .await?;
    let said = Text::words(key!("record_erased")).with("withdrawn", withdrawn.len());
    Ok(say(&page, StatusCode::OK, &said))
}

async fn leave_confirm(
    state: &AppState,
    page: &Page,
    session: &Session,
) -> Result<Confirm, PageError> {
    let org = leaving(state, session).await?;
    let sources = state.store.sources(&session.ctx).await?;
    let (count, records) = sources
        .iter()
        .filter(|s| s.organisation == org.id)
        .fold((0u64, 0i64), |(n, r), s| (n + 1, r + s.rows_imported));
    Ok(Confirm {
        c: page.chrome(key!("leave")),
        action: "/admin/leave".into(),
        facts: vec![
            ("organisation", org.name.clone()),
            ("sources_list", page.lang.count(count)),
            ("source_records", page.lang.count(records.unsigned_abs())),
        ],
        warning: "leave_warning",
        reasons: Vec::new(),
        type_name: Some(org.name),
        downloads: vec![
            ("/sources/export/jsonl", "leave_take_records"),
            ("/admin/audit.jsonl", "leave_take_chain"),
        ],
        button: "leave",
        back: "/admin".into(),
        error: None,
    })
}

/// The signed-in admin's organisation, which may leave unless it is the default one (it holds
/// the instance's own imports).
async fn leaving(
    state: &AppState,
    session: &Session,
) -> Result<faro_store::Organisation, PageError> {
    let org = state.store.organisation(session.user.organisation).await?;
    if org.id == faro_store::DEFAULT_ORGANISATION {
        return Err(PageError::new(StatusCode::CONFLICT, key!("leave_default")));
    }
    Ok(org)
}

async fn leave(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Fields(f): Fields<Confirmation>,
) -> PageResult {
    let org = leaving(&state, &session).await?;
    if f.name.trim() != org.name || !confirmed(&f) {
        let why = "leave_name_mismatch";
        return refused(&state, &page, &session, Target::Organisation, "", why).await;
    }
    state
        .store
        .remove_organisation(&session.ctx, org.id)
        .await?;
    // The session went with its user: the answer is a page for someone signed out.
    let signed_out = page.signed_out();
    let mut response = message(&signed_out, StatusCode::OK, key!("organisation_removed"));
    response
        .headers_mut()
        .append(header::SET_COOKIE, session_cookie(&state, None));
    Ok(response)
}

/// `/admin/audit.jsonl`: the organisation's whole audit chain, oldest first, as `faro admin
/// audit export` writes it.
async fn chain(State(state): State<AppState>, SignedIn(session): SignedIn) -> PageResult {
    let org = session.user.organisation;
    let entries = state.store.audit_chain(&session.ctx, org).await?;
    let mut out = String::new();
    for e in &entries {
        let line = serde_json::to_string(e)
            .map_err(|_| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, key!("internal")))?;
        out.push_str(&line);
        out.push('\n');
    }
    Ok(download(
        "application/x-ndjson",
        format!("faro-audit-organisation-{}.jsonl", org.0),
        out,
    )
    .into_response())
}
