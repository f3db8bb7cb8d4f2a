//! `/api/v1/cases` and its parts (consents, plans, services, tasks, history, the workflow's
//! steps, assignment): the case pages' actions for programs. Bodies are JSON with the field
//! names of the pages' forms and are read by the same rules (`case_input`), so a problem
//! names the same field on both; scope, "need to know", history and audit are the store's,
//! as for the pages. Codes are those of `faro_domain::case`'s vocabularies.

use super::reports::{number, photo_response, vocab};
use crate::access::Access;
use crate::case_input::{self, Form};
use crate::error::Text;
use crate::ids::{ApiId, api_id};
use crate::intake::{self, Cleaning, Picture};
use crate::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use faro_domain::ValidationError;
use faro_domain::case::person::Person;
use faro_domain::case::{CaseStatus, Day, PlanKind};
use faro_domain::{AccessContext, Vocabulary};
use faro_i18n::key;
use faro_store::{CaseFile, CaseFilter, NewCase, Step};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::ToSchema;

const DEFAULT_LIMIT: i64 = 50;
pub(crate) const MAX_LIMIT: i64 = 200;

/// A case in a list: nothing but the name the person uses names them.
#[derive(Serialize, ToSchema)]
pub struct CaseLine {
    pub id: i64,
    pub status: &'static str,
    pub name: String,
    pub assignee: Option<i64>,
    pub team: Option<i64>,
    /// Unix seconds.
    pub opened_at: i64,
    /// Unix seconds of the last change.
    pub active_at: i64,
    pub version: i64,
}

#[derive(Serialize, ToSchema)]
pub struct CaseList {
    pub cases: Vec<CaseLine>,
    /// Pass as `before` for the next page; `null` on the last page.
    pub next: Option<i64>,
}

/// A step waiting for a supervisor's decision.
#[derive(Serialize, ToSchema)]
pub struct PendingView {
    pub to: &'static str,
    /// The user who asked for it.
    pub by: i64,
    pub at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct PlanView {
    pub kind: &'static str,
    pub sections: BTreeMap<String, String>,
    /// How many versions were saved; this is the last.
    pub versions: i64,
    pub author: String,
    pub at: i64,
}

/// One case: who the person is and where the case stands. "Need to know" details are left
/// out for readers outside them (`details_withheld` says how many).
#[derive(Serialize, ToSchema)]
pub struct CaseView {
    pub id: i64,
    /// Send it back with a change: a change made since is refused (409).
    pub version: i64,
    pub status: &'static str,
    pub assignee: Option<i64>,
    pub team: Option<i64>,
    pub report: Option<i64>,
    pub record: Option<i64>,
    pub opened_at: i64,
    pub active_at: i64,
    pub pending: Option<PendingView>,
    pub closure_reason: Option<&'static str>,
    pub closure_summary: Option<String>,
    #[schema(schema_with = super::case_schema::person)]
    pub person: serde_json::Value,
    pub details_withheld: usize,
    pub plans: Vec<PlanView>,
}

#[derive(Serialize, ToSchema)]
pub struct ConsentView {
    pub id: i64,
    pub purpose: &'static str,
    pub state: &'static str,
    pub means: &'static str,
    /// `YYYY-MM-DD`.
    pub until: Option<String>,
    pub partners: Vec<&'static str>,
    pub given_by: Option<String>,
    pub recorded_by: String,
    pub recorded_at: i64,
    /// The newest answer of its purpose, and not past its end.
    pub in_force: bool,
    /// Where the scan of its signed form is downloaded, once attached (`PUT` the picture
    /// there).
    pub scan: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ConsentList {
    /// Every version, newest first.
    pub consents: Vec<ConsentView>,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceView {
    pub id: i64,
    pub service: &'static str,
    pub status: &'static str,
    pub planned: Option<String>,
    pub delivered: Option<String>,
    pub provider: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceList {
    pub services: Vec<ServiceView>,
}

#[derive(Serialize, ToSchema)]
pub struct TaskView {
    pub id: i64,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub assignee: Option<i64>,
    pub done_at: Option<i64>,
    pub overdue: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TaskList {
    pub tasks: Vec<TaskView>,
}

/// One field's change; a "need to know" value the reader may not see is `null` and
/// `withheld`.
#[derive(Serialize, ToSchema)]
pub struct HistoryView {
    pub version: i64,
    pub at: i64,
    pub by: String,
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub withheld: bool,
}

#[derive(Serialize, ToSchema)]
pub struct HistoryList {
    /// Newest first.
    pub history: Vec<HistoryView>,
}

/// The case's version after a change.
#[derive(Serialize, ToSchema)]
pub struct CaseVersion {
    pub case: i64,
    pub version: i64,
}

/// What a change created or changed (a case, a service, a task).
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCaseBody {
    #[schema(schema_with = super::case_schema::person)]
    pub person: serde_json::Value,
    /// A report of the organisation's inbox the case starts from (its record comes too).
    pub report: Option<i64>,
    /// A record of the organisation the case starts from.
    pub record: Option<i64>,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonBody {
    /// The version the change was made from.
    pub version: i64,
    #[schema(schema_with = super::case_schema::person)]
    pub person: serde_json::Value,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentBody {
    #[schema(schema_with = super::case_schema::purpose)]
    pub purpose: String,
    #[schema(schema_with = super::case_schema::consent_state)]
    pub state: String,
    #[schema(schema_with = super::case_schema::means)]
    pub means: String,
    #[schema(schema_with = super::case_schema::day)]
    pub until: Option<String>,
    /// For a referral consent: the kinds of organisation it covers.
    #[serde(default)]
    #[schema(schema_with = super::case_schema::partners)]
    pub partners: Vec<String>,
    /// For a minor: the guardian or the authority that consented.
    #[schema(max_length = 4000)]
    pub given_by: Option<String>,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    pub version: i64,
    #[schema(schema_with = super::case_schema::plan_kind)]
    pub kind: String,
    /// By section: an assessment's `needs`, `strengths`, `risks`, `wishes`; a safety plan's
    /// `risks`, `contacts`, `safe_places`, `if_contacted`. At least one written.
    #[schema(schema_with = super::case_schema::plan_sections)]
    pub sections: BTreeMap<String, String>,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceBody {
    #[schema(schema_with = super::case_schema::service)]
    pub service: String,
    #[schema(schema_with = super::case_schema::service_status)]
    pub status: String,
    #[schema(schema_with = super::case_schema::day)]
    pub planned: Option<String>,
    #[schema(schema_with = super::case_schema::day)]
    pub delivered: Option<String>,
    #[schema(max_length = 300)]
    pub provider: Option<String>,
    #[schema(max_length = 4000)]
    pub outcome: Option<String>,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskBody {
    #[schema(min_length = 1, max_length = 300, pattern = "\\S")]
    pub title: String,
    #[schema(schema_with = super::case_schema::required_day)]
    pub due: String,
    /// A user of the organisation who may work on cases.
    pub assignee: Option<i64>,
}

/// A step of the workflow: `to` a status, or a closure with its reason. Moving to `plan`
/// and closing wait for a supervisor's decision.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    pub version: i64,
    #[schema(schema_with = super::case_schema::status)]
    pub to: String,
    /// Required to close.
    #[schema(schema_with = super::case_schema::closure_reason)]
    pub reason: Option<String>,
    #[schema(max_length = 4000)]
    pub summary: Option<String>,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// `true` approves the step waiting, `false` refuses it.
    pub approve: bool,
}

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentBody {
    pub version: i64,
    /// A user of the organisation who may work on cases; `null` for nobody.
    pub assignee: Option<i64>,
    /// A team of the organisation; `null` for none.
    pub team: Option<i64>,
}

/// A JSON body of the expected shape, or 400 naming what is wrong with it (413 when it is
/// larger than the API takes). A whole number written with a zero fraction (`7.0`) is a
/// whole number, as JSON Schema counts it.
pub(crate) fn body<T: DeserializeOwned>(
    body: Result<Json<Value>, JsonRejection>,
) -> Result<T, ApiError> {
    let invalid = |detail: String| {
        ApiError::bad_request(
            "invalid_body",
            None,
            Text::words(key!("api-invalid-body")).with("detail", detail),
        )
    };
    let Json(mut value) = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return crate::error::too_large();
        }
        invalid(e.body_text())
    })?;
    whole_numbers(&mut value);
    serde_json::from_value(value).map_err(|e| invalid(e.to_string()))
}

/// Every number with no fraction that fits 64 bits, as a whole number.
fn whole_numbers(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18) {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(members) => members.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// The body's fields as the pages' forms send them.
fn fields<T: Serialize>(body: &T) -> Form {
    Form::from_json(&serde_json::to_value(body).unwrap_or_default())
}

/// A person as sent, checked; a problem names its field under `person.`. A date of birth of
/// the right shape that is no date (a 31 September) is a value's problem (422), not the body's.
fn person(value: serde_json::Value) -> Result<Person, ApiError> {
    if let Some(text) = value.pointer("/birth/date").and_then(Value::as_str) {
        Day::parse(text, "person.birth.date").map_err(ApiError::invalid)?;
    }
    let person: Person = serde_json::from_value(value).map_err(|e| {
        ApiError::bad_request(
            "invalid_body",
            Some("person"),
            Text::words(key!("api-invalid-body")).with("detail", e),
        )
    })?;
    person.check().map_err(|e| {
        let mut e = ApiError::invalid(e);
        e.field = e.field.map(|f| format!("person.{f}"));
        e
    })
}

fn day(d: Option<Day>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn case_view(f: CaseFile) -> CaseView {
    let h = f.head;
    CaseView {
        id: h.id,
        version: h.version,
        status: h.status.code(),
        assignee: h.assignee,
        team: h.team,
        report: h.report,
        record: h.record,
        opened_at: h.opened_at,
        active_at: h.active_at,
        pending: h.pending.map(|p| PendingView {
            to: p.to.code(),
            by: p.by,
            at: p.at,
        }),
        closure_reason: h.closure_reason.map(Vocabulary::code),
        closure_summary: f.closure_summary,
        details_withheld: f.person.withheld,
        person: serde_json::to_value(&f.person).unwrap_or_default(),
        plans: f
            .plans
            .into_iter()
            .map(|p| PlanView {
                kind: p.kind.code(),
                sections: p.sections.into_iter().collect(),
                versions: p.versions,
                author: p.author,
                at: p.at,
            })
            .collect(),
    }
}

/// The caller's cases, newest first, filtered by `status`, `assignee` (a user's id, or
/// `none`), `team`; `before` is the previous page's `next`.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases",
    params(
        ("status" = Option<String>, Query, description = "A case status"),
        ("assignee" = Option<String>, Query, description = "A user's id, or `none` for unassigned cases"),
        ("team" = Option<i64>, Query, description = "A team's id"),
        ("before" = Option<i64>, Query, description = "The `next` of the previous page"),
        ("limit" = Option<i64>, Query, description = "1 to 200; 50 when absent"),
    ),
    responses((status = 200, body = CaseList), (status = 400, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Json<CaseList>, ApiError> {
    let params = super::own_params(
        raw.as_deref(),
        &["status", "assignee", "team", "before", "limit"],
    )?;
    let mut filter = CaseFilter {
        limit: u32::try_from(number(&params, "limit", DEFAULT_LIMIT, (1, MAX_LIMIT))?)
            .unwrap_or(50),
        ..CaseFilter::default()
    };
    if let Some(v) = params.get("status") {
        filter.status = Some(vocab::<CaseStatus>("status", v.trim())?);
    }
    if let Some(v) = params.get("assignee") {
        filter.assignee = Some(match v.trim() {
            "none" => None,
            _ => Some(number(&params, "assignee", 0, (1, i64::MAX))?),
        });
    }
    if params.contains_key("team") {
        filter.team = Some(number(&params, "team", 0, (1, i64::MAX))?);
    }
    if params.contains_key("before") {
        filter.before = Some(number(&params, "before", 0, (1, i64::MAX))?);
    }
    let page = state.store.cases(&ctx, &filter).await?;
    Ok(Json(CaseList {
        next: page.next,
        cases: page
            .cases
            .into_iter()
            .map(|c| CaseLine {
                id: c.head.id,
                status: c.head.status.code(),
                name: c.name,
                assignee: c.head.assignee,
                team: c.head.team,
                opened_at: c.head.opened_at,
                active_at: c.head.active_at,
                version: c.head.version,
            })
            .collect(),
    }))
}

/// Opens a case for a person, by hand or from a report or a record. Search first
/// (the `/cases/new` page) so that one person does not get two cases.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = NewCaseBody,
    responses((status = 201, body = Created), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    Access(ctx): Access,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let b: NewCaseBody = body(b)?;
    let new = NewCase {
        person: person(b.person)?,
        report: b.report,
        record: b.record,
    };
    let id = state.store.open_case(&ctx, new).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// One case.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(case_view(state.store.case_file(&ctx, id).await?)))
}

async fn file(state: &AppState, ctx: &AccessContext, id: i64) -> Result<CaseFile, ApiError> {
    Ok(state.store.case_file(ctx, id).await?)
}

/// Every consent of the case, each version kept.
#[utoipa::path(get, path = "/api/v1/cases/{id}/consents", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = ConsentList), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn consents(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<ConsentList>, ApiError> {
    let f = file(&state, &ctx, id).await?;
    Ok(Json(ConsentList {
        consents: f
            .consents
            .into_iter()
            .map(|c| ConsentView {
                id: c.id,
                scan: c
                    .scan
                    .then(|| format!("/api/v1/cases/{id}/consents/{}/scan", c.id)),
                purpose: c.purpose.code(),
                state: c.state.code(),
                means: c.means.code(),
                until: day(c.until),
                partners: c.partners.iter().map(|p| p.code()).collect(),
                given_by: c.given_by,
                recorded_by: c.recorded_by,
                recorded_at: c.recorded_at,
                in_force: c.in_force,
            })
            .collect(),
    }))
}

/// The case's services, planned and delivered.
#[utoipa::path(get, path = "/api/v1/cases/{id}/services", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = ServiceList), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn services(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<ServiceList>, ApiError> {
    let f = file(&state, &ctx, id).await?;
    Ok(Json(ServiceList {
        services: f
            .services
            .into_iter()
            .map(|s| ServiceView {
                id: s.id,
                service: s.kind.code(),
                status: s.status.code(),
                planned: day(s.planned),
                delivered: day(s.delivered),
                provider: s.provider,
                outcome: s.outcome,
            })
            .collect(),
    }))
}

/// The case's tasks, open and done.
#[utoipa::path(get, path = "/api/v1/cases/{id}/tasks", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = TaskList), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn tasks(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<TaskList>, ApiError> {
    let f = file(&state, &ctx, id).await?;
    let today = case_input::today();
    Ok(Json(TaskList {
        tasks: f
            .tasks
            .into_iter()
            .map(|t| TaskView {
                overdue: t.overdue(today),
                id: t.id,
                title: t.title,
                due: t.due.to_string(),
                assignee: t.assignee,
                done_at: t.done_at,
            })
            .collect(),
    }))
}

/// Every change of the case: who, when, the field, before and after.
#[utoipa::path(get, path = "/api/v1/cases/{id}/history", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = HistoryList), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<HistoryList>, ApiError> {
    let f = file(&state, &ctx, id).await?;
    Ok(Json(HistoryList {
        history: f
            .history
            .into_iter()
            .map(|h| HistoryView {
                version: h.version,
                at: h.at,
                by: h.actor,
                field: h.field,
                before: (!h.withheld).then_some(h.before),
                after: (!h.withheld).then_some(h.after),
                withheld: h.withheld,
            })
            .collect(),
    }))
}

fn version(case: i64, version: i64) -> Json<CaseVersion> {
    Json(CaseVersion { case, version })
}

/// Replaces who the person is. A "need to know" detail the caller may not see is kept.
#[utoipa::path(post, path = "/api/v1/cases/{id}/person", tag = "cases",
    params(("id" = i64, Path, description = "Case id")), request_body = PersonBody,
    responses((status = 200, body = CaseVersion), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_person(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<Json<CaseVersion>, ApiError> {
    let b: PersonBody = body(b)?;
    let p = person(b.person)?;
    let v = state.store.update_person(&ctx, id, b.version, p).await?;
    Ok(version(id, v))
}

/// Records a consent: a new version of its purpose. A statistics consent refused or
/// withdrawn takes the case's record out of the statistics at once.
#[utoipa::path(post, path = "/api/v1/cases/{id}/consents", tag = "cases",
    params(("id" = i64, Path, description = "Case id")), request_body = ConsentBody,
    responses((status = 201, body = CaseVersion), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn record_consent(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<CaseVersion>), ApiError> {
    let input =
        case_input::consent(&fields(&body::<ConsentBody>(b)?)).map_err(ApiError::invalid)?;
    let v = state.store.record_consent(&ctx, id, input).await?;
    Ok((StatusCode::CREATED, version(id, v)))
}

/// The scan of a consent's signed form, as re-encoded when it was attached (JPEG, no
/// metadata). Reading it is audited.
#[utoipa::path(get, path = "/api/v1/cases/{id}/consents/{consent_id}/scan", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("consent_id" = i64, Path, description = "Consent id")),
    responses((status = 200, description = "The scan", content_type = "image/jpeg"), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn scan(
    State(state): State<AppState>,
    Access(ctx): Access,
    Path((id, consent)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (id, consent) = (api_id(&id, "id")?, api_id(&consent, "consent_id")?);
    let scan = state.store.consent_scan(&ctx, id, consent).await?;
    Ok(photo_response(&scan.media_type, scan.bytes))
}

/// Attaches the scan of a consent given on a signed form. The body is the picture itself
/// (JPEG, PNG, WebP or GIF, at most the API's 1 MiB); only its pixels are kept, re-encoded and
/// sealed. A consent has one scan: a new paper is a new consent.
#[utoipa::path(put, path = "/api/v1/cases/{id}/consents/{consent_id}/scan", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("consent_id" = i64, Path, description = "Consent id")),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The picture of the signed form"),
    responses((status = 201, body = CaseVersion), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 413, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody), (status = 503, body = crate::error::ErrorBody)))]
pub async fn attach_scan(
    State(state): State<AppState>,
    Access(ctx): Access,
    Path((id, consent)): Path<(String, String)>,
    picture: Bytes,
) -> Result<(StatusCode, Json<CaseVersion>), ApiError> {
    let (id, consent) = (api_id(&id, "id")?, api_id(&consent, "consent_id")?);
    let photo = intake::clean_one(picture.to_vec(), &state.reporting, &state.decoding)
        .await
        .map_err(|e| match e {
            Cleaning::Refused(problem) => {
                ApiError::invalid(ValidationError::new("scan", problem.message(Picture::Scan)))
            }
            Cleaning::Busy => ApiError::busy(),
        })?;
    let v = state
        .store
        .attach_consent_scan(&ctx, id, consent, photo)
        .await?;
    Ok((StatusCode::CREATED, version(id, v)))
}

/// Saves a new version of the needs assessment or the safety plan.
#[utoipa::path(post, path = "/api/v1/cases/{id}/plans", tag = "cases",
    params(("id" = i64, Path, description = "Case id")), request_body = PlanBody,
    responses((status = 201, body = CaseVersion), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn save_plan(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<CaseVersion>), ApiError> {
    let b: PlanBody = body(b)?;
    let kind: PlanKind = case_input::code("kind", &b.kind).map_err(ApiError::invalid)?;
    let given: Vec<(String, String)> = b.sections.into_iter().collect();
    let sections = kind.check(&given).map_err(ApiError::invalid)?;
    let v = state
        .store
        .save_plan(&ctx, id, b.version, kind, sections)
        .await?;
    Ok((StatusCode::CREATED, version(id, v)))
}

/// Adds a service to the case's plan.
#[utoipa::path(post, path = "/api/v1/cases/{id}/services", tag = "cases",
    params(("id" = i64, Path, description = "Case id")), request_body = ServiceBody,
    responses((status = 201, body = Created), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn add_service(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let input =
        case_input::service(&fields(&body::<ServiceBody>(b)?)).map_err(ApiError::invalid)?;
    let service = state.store.save_service(&ctx, id, None, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: service })))
}

/// Changes a service of the case (its status, dates, provider, outcome).
#[utoipa::path(post, path = "/api/v1/cases/{id}/services/{service_id}", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("service_id" = i64, Path, description = "Service id")),
    request_body = ServiceBody,
    responses((status = 200, body = Created), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn change_service(
    State(state): State<AppState>,
    Access(ctx): Access,
    Path((id, service)): Path<(String, String)>,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Created>, ApiError> {
    let (id, service) = (api_id(&id, "id")?, api_id(&service, "service_id")?);
    let input =
        case_input::service(&fields(&body::<ServiceBody>(b)?)).map_err(ApiError::invalid)?;
    let service = state
        .store
        .save_service(&ctx, id, Some(service), input)
        .await?;
    Ok(Json(Created { id: service }))
}

/// Adds a task with a due date, for the case's worker or another.
#[utoipa::path(post, path = "/api/v1/cases/{id}/tasks", tag = "cases",
    params(("id" = i64, Path, description = "Case id")), request_body = TaskBody,
    responses((status = 201, body = Created), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn add_task(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let input = case_input::task(&fields(&body::<TaskBody>(b)?)).map_err(ApiError::invalid)?;
    let task = state.store.add_task(&ctx, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: task })))
}

/// Marks an open task of the case done.
#[utoipa::path(post, path = "/api/v1/cases/{id}/tasks/{task_id}/done", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("task_id" = i64, Path, description = "Task id")),
    responses((status = 200, body = CaseVersion), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody)))]
pub async fn complete_task(
    State(state): State<AppState>,
    Access(ctx): Access,
    Path((id, task)): Path<(String, String)>,
) -> Result<Json<CaseVersion>, ApiError> {
    let (id, task) = (api_id(&id, "id")?, api_id(&task, "task_id")?);
    let v = state.store.complete_task(&ctx, id, task).await?;
    Ok(version(id, v))
}

/// Takes a step of the workflow; moving to `plan` and closing wait for a supervisor.
#[utoipa::path(post, path = "/api/v1/cases/{id}/step", tag = "cases",
    params(("id" = i64, Path, description = "Case id")), request_body = StepBody,
    responses((status = 200, body = CaseVersion), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn step(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<Json<CaseVersion>, ApiError> {
    let b: StepBody = body(b)?;
    let f = fields(&b);
    let to: CaseStatus = f.code("to").map_err(ApiError::invalid)?;
    let step = if to == CaseStatus::Closed {
        let (reason, summary) = case_input::closure(&f).map_err(ApiError::invalid)?;
        Step::Close { reason, summary }
    } else {
        Step::To(to)
    };
    let v = state.store.step_case(&ctx, id, b.version, step).await?;
    Ok(version(id, v))
}

/// Approves or refuses the step waiting; never one's own case or request.
#[utoipa::path(post, path = "/api/v1/cases/{id}/decision", tag = "cases",
    params(("id" = i64, Path, description = "Case id")), request_body = DecisionBody,
    responses((status = 200, body = CaseVersion), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<Json<CaseVersion>, ApiError> {
    let b: DecisionBody = body(b)?;
    let v = state.store.decide_step(&ctx, id, b.approve).await?;
    Ok(version(id, v))
}

/// Assigns the case to a worker and a team, or transfers it (supervisors and admins).
#[utoipa::path(post, path = "/api/v1/cases/{id}/assignment", tag = "cases",
    params(("id" = i64, Path, description = "Case id")), request_body = AssignmentBody,
    responses((status = 200, body = CaseVersion), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn assign(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<Json<CaseVersion>, ApiError> {
    let b: AssignmentBody = body(b)?;
    let v = state
        .store
        .assign_case(&ctx, id, b.version, b.assignee, b.team)
        .await?;
    Ok(version(id, v))
}

/// A count of one code; `null` when too few to show or not released yet.
#[derive(Serialize, ToSchema)]
pub struct CodedCount {
    pub code: &'static str,
    pub count: Option<u64>,
}

/// The organisation's case statistics: exact for its admins and team supervisors, else its
/// newest release (noisy counts, cases whose person did not agree to be counted left out).
#[derive(Serialize, ToSchema)]
pub struct CaseStatisticsView {
    pub controlled: bool,
    /// Unix seconds of the release shown; `null` for exact counts, or when none was made.
    pub released_at: Option<i64>,
    /// 95 % of released counts are within this of the truth.
    pub margin_95: Option<u64>,
    pub status: Vec<CodedCount>,
    /// Closed cases by closure reason.
    pub closures: Vec<CodedCount>,
    /// Days from opening to the first service delivered, in bands.
    pub first_service: Vec<CodedCount>,
    /// Open cases with a task past its due date.
    pub overdue: Option<u64>,
    /// Cases that received a service of each kind.
    pub delivered: Vec<CodedCount>,
    /// The organisation's cases with a referral sent in each `referral_status` (a case once
    /// per status); empty in a release made before referrals were counted.
    pub referred_out: Vec<CodedCount>,
    /// Other organisations' cases with a referral to this one, by `referral_status`.
    pub referred_in: Vec<CodedCount>,
    /// The organisation's cases with an open referral past its follow-up date.
    pub follow_up_overdue: Option<u64>,
    /// Per partner, the cases whose latest referral went there (each case under one
    /// partner): every other organisation on the instance, and `organisation: null` for
    /// providers not on it; empty in a release made before partners were counted.
    pub partners: Vec<PartnerCountView>,
}

#[derive(Serialize, ToSchema)]
pub struct PartnerCountView {
    pub organisation: Option<i64>,
    pub name: String,
    pub referred: Option<u64>,
    /// Accepted, or done.
    pub accepted: Option<u64>,
    /// Answered within 7 days.
    pub answered_within_7_days: Option<u64>,
}

fn coded<V: Vocabulary>(counts: &[Option<u64>]) -> Vec<CodedCount> {
    V::ALL
        .iter()
        .zip(counts)
        .map(|(v, count)| CodedCount {
            code: v.code(),
            count: *count,
        })
        .collect()
}

/// Case statistics of the caller's organisation.
#[utoipa::path(get, path = "/api/v1/cases/statistics", tag = "cases",
    responses((status = 200, body = CaseStatisticsView)))]
pub async fn statistics(
    State(state): State<AppState>,
    Access(ctx): Access,
) -> Result<Json<CaseStatisticsView>, ApiError> {
    use faro_domain::case::statistics::FirstService;
    use faro_domain::case::{ClosureReason, ServiceKind};
    use faro_domain::referral::ReferralStatus;
    let s = crate::services::case_statistics::read(&state.services(), &ctx).await?;
    let c = &s.counts;
    Ok(Json(CaseStatisticsView {
        controlled: s.controlled,
        released_at: s.released_at,
        margin_95: s.margin,
        status: coded::<CaseStatus>(&c.status),
        closures: coded::<ClosureReason>(&c.closures),
        first_service: FirstService::ALL
            .iter()
            .zip(&c.first_service)
            .map(|(b, count)| CodedCount {
                code: b.code(),
                count: *count,
            })
            .collect(),
        overdue: c.overdue,
        delivered: coded::<ServiceKind>(&c.delivered),
        referred_out: coded::<ReferralStatus>(&c.referred_out),
        referred_in: coded::<ReferralStatus>(&c.referred_in),
        follow_up_overdue: c.follow_up_overdue,
        partners: c
            .partners
            .iter()
            .map(|p| PartnerCountView {
                organisation: p.organisation,
                name: p.name.clone(),
                referred: p.referred,
                accepted: p.accepted,
                answered_within_7_days: p.prompt,
            })
            .collect(),
    }))
}
