//! `/api/v1/referrals`: referrals sent from cases and received from other organisations on
//! the instance, for programs: the lists in and out, one referral with what was shared and its
//! history, sending one (consent checked by the store; a supervisor's override), and each step.
//! Bodies are flat JSON with the referral pages' field names, read by `referral_input`.

use super::cases::{Created, body};
use super::reports::{number, vocab};
use crate::access::Access;
use crate::case_input::Form;
use crate::ids::ApiId;
use crate::referral_input;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use faro_domain::Vocabulary;
use faro_domain::referral::{ReferralStatus, Side};
use faro_store::{ExternalProvider, Referral, ReferralBox, ReferralFilter, ReferralSummary};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::ToSchema;

pub(crate) const MAX_LIMIT: i64 = 100;

/// A referral in a list: nothing in it names the person.
#[derive(Serialize, ToSchema)]
pub struct ReferralLine {
    pub id: i64,
    /// `referral_kind` code.
    pub kind: &'static str,
    /// `referral_status` code.
    pub status: &'static str,
    /// `service` code.
    pub need: &'static str,
    /// `urgency` code.
    pub urgency: &'static str,
    /// The sending and receiving organisations' ids (`null`: a provider not on Faro).
    pub from: i64,
    pub to: Option<i64>,
    /// The provider's name, for a referral to a provider not on Faro.
    pub provider: Option<String>,
    /// YYYY-MM-DD.
    pub follow_up: String,
    /// Still open past its follow-up date.
    pub overdue: bool,
    /// Changed by the receiver since the sender last read it.
    pub news: bool,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralList {
    pub referrals: Vec<ReferralLine>,
    /// Pass as `before` for the next page; `null` on the last page.
    pub next: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct PackageView {
    /// The person as shared (the case API's person; a pseudonym when the name was not).
    pub person: Value,
    pub assessment: BTreeMap<String, String>,
    pub safety_plan: BTreeMap<String, String>,
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProviderView {
    pub name: String,
    pub contact: Option<String>,
    pub language: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EventView {
    pub at: i64,
    pub actor: String,
    pub organisation: Option<i64>,
    /// `send`, `revoke` or a `referral_action` code.
    pub action: String,
    pub status: &'static str,
    /// A `reject_reason` or `override_reason` code.
    pub reason: Option<String>,
    pub service: Option<&'static str>,
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralView {
    #[serde(flatten)]
    pub line: ReferralLine,
    /// `sender` or `receiver`: which side the caller reads it as.
    pub side: &'static str,
    /// The sending case (for the sender).
    pub case: Option<i64>,
    /// The case opened on accepting (for the receiver).
    pub received_case: Option<i64>,
    /// The directory's service and location (HSDS ids).
    pub service: Option<String>,
    pub location: Option<String>,
    pub partner_kind: &'static str,
    /// `shared_part` codes.
    pub shared: Vec<&'static str>,
    /// Sent without the consents it needed, by a supervisor, for this reason.
    pub override_reason: Option<&'static str>,
    pub answered_at: Option<i64>,
    /// What was shared; `null` once revoked.
    pub package: Option<PackageView>,
    /// The provider of an external referral.
    pub provider: Option<ProviderView>,
    /// Oldest first.
    pub events: Vec<EventView>,
}

/// A referral to send. Consent is checked: without a referral consent covering
/// `partner_kind` (and, for `name`, `contacts` or `documents`, a consent to share identifying
/// data) it is refused with 422 unless a supervisor gives `override_reason` and
/// `override_note`.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralBody {
    /// The case referred.
    #[schema(minimum = 1)]
    pub case: i64,
    #[schema(schema_with = super::case_schema::referral_kind)]
    pub kind: String,
    /// The receiving organisation (a referral or a transfer); `null` for an external one.
    #[schema(minimum = 1)]
    pub to: Option<i64>,
    /// The directory's service (HSDS id), kept by `to`.
    #[schema(max_length = 300)]
    pub service: Option<String>,
    #[schema(max_length = 300)]
    pub location: Option<String>,
    #[schema(schema_with = super::case_schema::partner_kind)]
    pub partner_kind: String,
    #[schema(schema_with = super::case_schema::service)]
    pub need: String,
    #[schema(schema_with = super::case_schema::urgency)]
    pub urgency: String,
    #[serde(default)]
    #[schema(schema_with = super::case_schema::shared_parts)]
    pub shared: Vec<String>,
    #[schema(schema_with = super::case_schema::required_day)]
    pub follow_up: String,
    #[schema(max_length = 4000)]
    pub note: Option<String>,
    #[schema(schema_with = super::case_schema::override_reason)]
    pub override_reason: Option<String>,
    #[schema(max_length = 4000)]
    pub override_note: Option<String>,
    /// An external provider's name, contact and language (ISO 639-1) for the letter.
    #[schema(max_length = 300)]
    pub provider_name: Option<String>,
    #[schema(max_length = 300)]
    pub provider_contact: Option<String>,
    #[schema(max_length = 3)]
    pub provider_language: Option<String>,
    /// For an external provider on another Faro instance: that partner instance's id (as
    /// its admins added it); the sender then downloads the package from
    /// `/api/v1/referrals/{id}/package`.
    #[schema(minimum = 1)]
    pub instance: Option<i64>,
}

/// A step: `reason` to reject, `service` delivered, `note` to ask for more or to answer.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralStepBody {
    #[schema(schema_with = super::case_schema::referral_action)]
    pub action: String,
    #[schema(schema_with = super::case_schema::reject_reason)]
    pub reason: Option<String>,
    #[schema(schema_with = super::case_schema::optional_service)]
    pub service: Option<String>,
    #[schema(max_length = 4000)]
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralStatusView {
    pub id: i64,
    pub status: &'static str,
}

pub(crate) fn line(
    r: &ReferralSummary,
    provider: Option<&ExternalProvider>,
    today: faro_domain::case::Day,
) -> ReferralLine {
    ReferralLine {
        provider: provider.map(|p| p.name.clone()),
        id: r.id,
        kind: r.kind.code(),
        status: r.status.code(),
        need: r.need.code(),
        urgency: r.urgency.code(),
        from: r.from.0,
        to: r.to.map(|o| o.0),
        follow_up: r.follow_up.to_string(),
        overdue: r.overdue(today),
        news: r.news,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// What a referral shared, as the API gives it to its receiver (and its sender).
pub(crate) fn package_view(p: faro_store::Package) -> PackageView {
    PackageView {
        person: serde_json::to_value(&p.person).unwrap_or_default(),
        assessment: p.assessment.into_iter().collect(),
        safety_plan: p.safety.into_iter().collect(),
        note: p.note,
    }
}

fn view(r: Referral) -> ReferralView {
    let today = crate::case_input::today();
    ReferralView {
        line: line(&r.summary, r.external.as_ref(), today),
        side: match r.side {
            Side::Sender => "sender",
            Side::Receiver => "receiver",
        },
        case: r.case,
        received_case: r.received_case,
        service: r.service,
        location: r.location,
        partner_kind: r.partner_kind.code(),
        shared: r.shared.iter().map(|p| p.code()).collect(),
        override_reason: r.overridden.map(Vocabulary::code),
        answered_at: r.answered_at,
        package: r.package.map(package_view),
        provider: r.external.map(|e| ProviderView {
            name: e.name,
            contact: e.contact,
            language: e.language,
        }),
        events: r
            .events
            .into_iter()
            .map(|e| EventView {
                at: e.at,
                actor: e.actor,
                organisation: e.organisation.map(|o| o.0),
                action: e.action,
                status: e.status.code(),
                reason: e.reason,
                service: e.service.map(Vocabulary::code),
                note: e.note,
            })
            .collect(),
    }
}

/// "Referrals in" (sent to the caller's organisation) or "out" (from the cases the caller
/// sees), newest first; `before` is the previous page's `next`.
#[utoipa::path(get, path = "/api/v1/referrals", tag = "referrals",
    params(
        ("list" = Option<String>, Query, description = "`in` or `out` (default `in`)"),
        ("status" = Option<String>, Query, description = "A `referral_status` code"),
        ("before" = Option<i64>, Query, description = "The `next` of the previous page"),
        ("limit" = Option<i64>, Query, description = "1 to 100; 50 when absent"),
    ),
    responses((status = 200, body = ReferralList), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Json<ReferralList>, ApiError> {
    let params = super::own_params(raw.as_deref(), &["list", "status", "before", "limit"])?;
    let list = match params.get("list").map(|v| v.trim()) {
        None | Some("in") => ReferralBox::In,
        Some("out") => ReferralBox::Out,
        Some(other) => {
            return Err(super::reports::not_a_choice(
                "list",
                other,
                "in, out".to_string(),
            ));
        }
    };
    let filter = ReferralFilter {
        list,
        status: match params.get("status") {
            Some(v) => Some(vocab::<ReferralStatus>("status", v.trim())?),
            None => None,
        },
        before: match params.contains_key("before") {
            true => Some(number(&params, "before", 0, (1, i64::MAX))?),
            false => None,
        },
        limit: u32::try_from(number(&params, "limit", 50, (1, MAX_LIMIT))?).unwrap_or(50),
    };
    let page = state.store.referrals(&ctx, &filter).await?;
    let today = crate::case_input::today();
    Ok(Json(ReferralList {
        next: page.next,
        referrals: page
            .referrals
            .iter()
            .map(|(r, provider)| line(r, provider.as_ref(), today))
            .collect(),
    }))
}

/// Sends a referral from a case the caller manages.
#[utoipa::path(post, path = "/api/v1/referrals", tag = "referrals", request_body = ReferralBody,
    responses((status = 201, body = Created), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 413, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn send(
    State(state): State<AppState>,
    Access(ctx): Access,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let b: ReferralBody = body(b)?;
    let form = Form::from_json(&serde_json::to_value(&b).unwrap_or_default());
    let new = referral_input::referral(&form).map_err(ApiError::invalid)?;
    let id = state.store.send_referral(&ctx, new).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// One referral, as its sender or its receiver reads it; anyone else: 404.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", tag = "referrals",
    params(("id" = i64, Path, description = "Referral id")),
    responses((status = 200, body = ReferralView), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<ReferralView>, ApiError> {
    Ok(Json(view(state.store.referral(&ctx, id).await?)))
}

/// Takes a step: the receiver accepts (a case is opened for it with what was shared), asks
/// for more, rejects, records a service delivered, marks it done; the sender answers or
/// withdraws (and records an external provider's answers). 409 when it moved on meanwhile.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/steps", tag = "referrals",
    params(("id" = i64, Path, description = "Referral id")), request_body = ReferralStepBody,
    responses((status = 200, body = ReferralStatusView), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 413, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn step(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ReferralStatusView>, ApiError> {
    let b: ReferralStepBody = body(b)?;
    let form = Form::from_json(&serde_json::to_value(&b).unwrap_or_default());
    let input = referral_input::step(&form).map_err(ApiError::invalid)?;
    let status = state.store.referral_step(&ctx, id, input).await?;
    Ok(Json(ReferralStatusView {
        id,
        status: status.code(),
    }))
}
