//! Referrals between Faro instances on pages (faro-store's `referrals::exchange`): the sender
//! downloads a referral's package; the receiving organisation's case staff import packages,
//! read what each shared, and accept it (a case opened for them) or reject it with a reason.

use super::cases::{Choice, choices};
use super::forms::{download, files, no_store};
use super::referrals::package_lines;
use super::render::{Chrome, Done, Page, PageError, PageResult, SignedIn, refusal, render, when};
use super::{Need, PageRoute, route};
use crate::AppState;
use crate::case_input::Form;
use crate::ids::PageId;
use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::referral::{ReferralStatus, RejectReason, Urgency};
use faro_domain::{Permission, Vocabulary};
use faro_i18n::{Lang, key};
use faro_store::{ReceivedSummary, Session};

const WORK: Need = Need::Permission(Permission::Cases);
const PAGE_SIZE: u32 = 50;
/// The import form's file field.
const FIELD: &str = "package";

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/referrals/{id}/package", WORK, || get(package)),
        route("GET", "/referrals/received", WORK, || get(list)),
        route("POST", "/referrals/received", WORK, || post(import)),
        route("GET", "/referrals/received/{id}", WORK, || get(show)),
        route("POST", "/referrals/received/{id}", WORK, || post(decide)),
    ]
}

/// `/referrals/{id}/package`: the file the sender hands to the partner instance; audited.
async fn package(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
) -> PageResult {
    let file = state.store.referral_package(&session.ctx, id).await?;
    Ok(no_store(download("application/json", file.name, file.text)))
}

/// A referral received, in a list.
pub struct ReceivedLine {
    pub id: i64,
    pub partner: String,
    pub need: String,
    pub urgent: bool,
    pub urgency: String,
    pub status: String,
    pub pending: bool,
    pub at: String,
}

fn status_words(lang: Lang, status: &str) -> String {
    ReferralStatus::from_code(status)
        .map(|s| lang.label(s).into_owned())
        .unwrap_or_default()
}

fn line(lang: Lang, r: &ReceivedSummary) -> ReceivedLine {
    ReceivedLine {
        id: r.id,
        partner: r.partner.clone(),
        need: lang.label(r.need).into_owned(),
        urgent: r.urgency == Urgency::Urgent,
        urgency: lang.label(r.urgency).into_owned(),
        status: status_words(lang, &r.status),
        pending: r.status == "pending",
        at: when(r.received_at),
    }
}

#[derive(Template)]
#[template(path = "referrals/received_list.html")]
struct List {
    c: Chrome,
    lines: Vec<ReceivedLine>,
    next: Option<i64>,
    first: bool,
    error: Option<String>,
}

/// The page `before` asks for: an id, or the newest.
fn before(raw: Option<&str>) -> Result<Option<i64>, PageError> {
    let bad = || PageError::new(StatusCode::BAD_REQUEST, key!("referrals-bad_filter"));
    let mut before = None;
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match (&*k, v.trim()) {
            (_, "") | ("lang", _) => {}
            ("before", v) => before = Some(v.parse().map_err(|_| bad())?),
            _ => return Err(bad()),
        }
    }
    Ok(before)
}

async fn list_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    from: Option<i64>,
    said: (StatusCode, Option<String>),
) -> PageResult {
    let lang = page.lang;
    let (found, next) = state
        .store
        .received_referrals(&session.ctx, from, PAGE_SIZE)
        .await?;
    let view = List {
        c: page.chrome(key!("referrals-received")),
        lines: found.iter().map(|r| line(lang, r)).collect(),
        next,
        first: from.is_none(),
        error: said.1,
    };
    Ok(no_store(render(said.0, lang, &view)))
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let from = before(raw.as_deref())?;
    list_page(&state, &page, &session, from, (StatusCode::OK, None)).await
}

/// `POST /referrals/received`: one package file, imported into the reader's organisation.
async fn import(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    form: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let lang = page.lang;
    let sent = files(form, FIELD).await?;
    let said = match <[Vec<u8>; 1]>::try_from(sent) {
        Ok([file]) => match state.store.import_package(&session.ctx, &file).await {
            Ok(id) => {
                let to = format!("/referrals/received/{id}?done=imported");
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => refusal(lang, e)?,
        },
        Err(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.w(key!("referrals-choose_package")).into_owned(),
        ),
    };
    list_page(&state, &page, &session, None, (said.0, Some(said.1))).await
}

#[derive(Template)]
#[template(path = "referrals/received.html")]
struct Show {
    c: Chrome,
    id: i64,
    l: ReceivedLine,
    received_case: Option<i64>,
    reason: String,
    /// The sender's number, its organisation, whom it was meant for; empty once erased.
    facts: Vec<(String, String)>,
    person: Vec<(String, String)>,
    plans: Vec<(String, String)>,
    note: String,
    erased: bool,
    reasons: Vec<Choice>,
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
    let r = state.store.received_referral(&session.ctx, id).await?;
    let w = |k: &'static str| lang.w(k).into_owned();
    let (facts, person, plans, note) = match &r.content {
        Some(c) => {
            let (person, plans) = package_lines(lang, &c.package);
            let facts = vec![
                (w(key!("referrals-number")), format!("#{}", c.referral)),
                (w(key!("referrals-sender")), c.sender.clone()),
                (w(key!("referrals-meant_for")), c.meant_for.clone()),
                (
                    w(key!("referrals-partner_kind")),
                    lang.label(c.partner_kind).into_owned(),
                ),
                (w(key!("referrals-follow_up")), c.follow_up.to_string()),
                (
                    w(key!("referrals-shared")),
                    super::cases::labels(lang, &c.shared),
                ),
            ];
            (
                facts,
                person,
                plans,
                c.package.note.clone().unwrap_or_default(),
            )
        }
        None => Default::default(),
    };
    let view = Show {
        c: page.chrome(key!("referrals-referral")),
        id,
        l: line(lang, &r.summary),
        received_case: r.summary.received_case,
        reason: r
            .reason
            .map(|x| lang.label(x).into_owned())
            .unwrap_or_default(),
        erased: r.content.is_none(),
        facts,
        person,
        plans,
        note,
        reasons: choices::<RejectReason>(lang, &[]),
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

/// `POST /referrals/received/{id}`: `decision` accept, or reject with a `reason`.
async fn decide(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
    body: Bytes,
) -> PageResult {
    let form = Form::parse(&body);
    let lang = page.lang;
    let rejected = match form.get("decision") {
        "accept" => Ok(None),
        "reject" => form
            .code::<RejectReason>("reason")
            .map(Some)
            .map_err(|e| lang.invalid(&e)),
        _ => Err(lang.w(key!("referrals-choose_decision")).into_owned()),
    };
    let said = match rejected {
        Err(text) => (StatusCode::UNPROCESSABLE_ENTITY, text),
        Ok(rejected) => match state
            .store
            .decide_received(&session.ctx, id, rejected)
            .await
        {
            Ok(_) => {
                let to = format!("/referrals/received/{id}?done=saved");
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => refusal(lang, e)?,
        },
    };
    show_page(&state, &page, &session, id, (said.0, false, Some(said.1))).await
}
