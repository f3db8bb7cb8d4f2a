//! Referrals between Faro instances for programs (faro-store's `referrals::exchange`, as the
//! pages offer them): the sender downloads a referral's package; the receiving
//! organisation's case staff post it, list and read what each shared, and accept it (a case
//! opened for them) or reject it with a reason. Every refusal of a package (forged, altered,
//! replayed, expired, not for us) is the store's, named as on the pages.

use super::cases::{Created, body};
use super::referrals::{MAX_LIMIT, PackageView, package_view};
use super::reports::{number, vocab};
use crate::access::Access;
use crate::ids::ApiId;
use crate::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use faro_domain::Vocabulary;
use faro_domain::referral::RejectReason;
use faro_store::{Received, ReceivedSummary};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// The file a partner instance imports: JSON, signed and sealed to that instance alone.
#[utoipa::path(get, path = "/api/v1/referrals/{id}/package", tag = "referrals",
    params(("id" = i64, Path, description = "Referral id (to a provider on a partner instance)")),
    responses((status = 200, description = "The package, as a file to hand to the partner instance", content_type = "application/json"),
        (status = 400, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn package(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Response, ApiError> {
    let file = state.store.referral_package(&ctx, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.name),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        file.text,
    )
        .into_response())
}

/// A referral received from another instance, in a list: nothing in it names the person.
#[derive(Serialize, ToSchema)]
pub struct ReceivedLine {
    pub id: i64,
    /// The partner instance's name, as this instance's admins added it.
    pub partner: String,
    /// `service` code.
    pub need: &'static str,
    /// `urgency` code.
    pub urgency: &'static str,
    /// `pending`, `accepted` or `rejected`.
    pub status: String,
    /// Unix seconds.
    pub received_at: i64,
    /// The case opened on accepting.
    pub received_case: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReceivedList {
    pub received: Vec<ReceivedLine>,
    /// Pass as `before` for the next page; `null` on the last page.
    pub next: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReceivedView {
    #[serde(flatten)]
    pub line: ReceivedLine,
    /// `reject_reason` code, once rejected.
    pub reason: Option<&'static str>,
    /// What the package carried; `null` once rejected (erased then).
    pub content: Option<ReceivedContentView>,
}

#[derive(Serialize, ToSchema)]
pub struct ReceivedContentView {
    /// The sender's own number for the referral, its organisation, and whom it was meant
    /// for here.
    pub referral: i64,
    pub sender: String,
    pub meant_for: String,
    /// `partner_kind` code.
    pub partner_kind: &'static str,
    /// `shared_part` codes.
    pub shared: Vec<&'static str>,
    /// YYYY-MM-DD.
    pub follow_up: String,
    pub package: PackageView,
}

fn line(r: ReceivedSummary) -> ReceivedLine {
    ReceivedLine {
        id: r.id,
        partner: r.partner,
        need: r.need.code(),
        urgency: r.urgency.code(),
        status: r.status,
        received_at: r.received_at,
        received_case: r.received_case,
    }
}

fn view(r: Received) -> ReceivedView {
    ReceivedView {
        line: line(r.summary),
        reason: r.reason.map(Vocabulary::code),
        content: r.content.map(|c| ReceivedContentView {
            referral: c.referral,
            sender: c.sender,
            meant_for: c.meant_for,
            partner_kind: c.partner_kind.code(),
            shared: c.shared.iter().map(|p| p.code()).collect(),
            follow_up: c.follow_up.to_string(),
            package: package_view(c.package),
        }),
    }
}

/// Imports a package a partner instance sent (the file's bytes as the body) into the
/// caller's organisation; the store checks it is for this instance, from a partner, signed,
/// unaltered, in date and new.
#[utoipa::path(post, path = "/api/v1/referrals/received", tag = "referrals",
    request_body(content = Vec<u8>, content_type = "application/json", description = "The package file, as downloaded by the sending instance"),
    responses((status = 201, body = Created), (status = 403, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 413, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    Access(ctx): Access,
    file: Bytes,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = state.store.import_package(&ctx, &file).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The referrals the caller's organisation received from other instances, newest first.
#[utoipa::path(get, path = "/api/v1/referrals/received", tag = "referrals",
    params(
        ("before" = Option<i64>, Query, description = "The `next` of the previous page"),
        ("limit" = Option<i64>, Query, description = "1 to 100; 50 when absent"),
    ),
    responses((status = 200, body = ReceivedList), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Json<ReceivedList>, ApiError> {
    let params = super::own_params(raw.as_deref(), &["before", "limit"])?;
    let before = match params.contains_key("before") {
        true => Some(number(&params, "before", 0, (1, i64::MAX))?),
        false => None,
    };
    let limit = u32::try_from(number(&params, "limit", 50, (1, MAX_LIMIT))?).unwrap_or(50);
    let (found, next) = state.store.received_referrals(&ctx, before, limit).await?;
    Ok(Json(ReceivedList {
        received: found.into_iter().map(line).collect(),
        next,
    }))
}

/// One referral received, with what it shared while undecided or accepted; another
/// organisation's: 404.
#[utoipa::path(get, path = "/api/v1/referrals/received/{id}", tag = "referrals",
    params(("id" = i64, Path, description = "Received referral id")),
    responses((status = 200, body = ReceivedView), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<ReceivedView>, ApiError> {
    Ok(Json(view(state.store.received_referral(&ctx, id).await?)))
}

/// A decision on a referral received.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceivedDecisionBody {
    /// `accept` or `reject`.
    pub decision: String,
    /// A `reject_reason` code, when rejecting.
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReceivedDecided {
    pub id: i64,
    /// `accepted` or `rejected`.
    pub status: &'static str,
    /// The case opened for the caller's organisation on accepting.
    pub received_case: Option<i64>,
}

/// Accepts (a case opened for the caller's organisation with only what was shared) or
/// rejects with a reason (what was shared erased); 409 once decided.
#[utoipa::path(post, path = "/api/v1/referrals/received/{id}", tag = "referrals",
    params(("id" = i64, Path, description = "Received referral id")), request_body = ReceivedDecisionBody,
    responses((status = 200, body = ReceivedDecided), (status = 400, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
    b: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ReceivedDecided>, ApiError> {
    let b: ReceivedDecisionBody = body(b)?;
    let rejected = match (b.decision.trim(), b.reason.as_deref()) {
        ("accept", _) => None,
        ("reject", Some(reason)) => Some(vocab::<RejectReason>("reason", reason.trim())?),
        ("reject", None) => {
            return Err(ApiError::invalid(faro_domain::ValidationError::new(
                "reason",
                faro_domain::Message::new(faro_domain::problem::REQUIRED),
            )));
        }
        (other, _) => {
            return Err(super::reports::not_a_choice(
                "decision",
                other,
                "`accept`, `reject` (with a `reason`)".to_string(),
            ));
        }
    };
    let received_case = state.store.decide_received(&ctx, id, rejected).await?;
    Ok(Json(ReceivedDecided {
        id,
        status: if rejected.is_some() {
            "rejected"
        } else {
            "accepted"
        },
        received_case,
    }))
}
