//! `GET /api/v1/reports/{id}/triage` (a report's triage, as the reader may see it) and `POST
//! /api/v1/triage` (any text: nothing is stored; counted per account against a limit; each
//! call audited by its length and language, never its words).

use crate::access::Access;
use crate::error::Text;
use crate::ids::ApiId;
use crate::services::triage::{self as service, TriageFailure};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use faro_i18n::key;
use faro_triage::{Evidence, Finding, Triage, TriageError, Verdict};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

/// Texts one account may triage through `POST /api/v1/triage` per quarter of an hour.
pub const TEXTS_PER_WINDOW: u32 = 600;

#[derive(Serialize, ToSchema)]
pub struct SpanView {
    /// In Unicode code points (Rust `char`s) of the text.
    pub start: usize,
    /// Exclusive.
    pub end: usize,
}

impl From<&Evidence> for SpanView {
    fn from(e: &Evidence) -> Self {
        SpanView {
            start: e.start,
            end: e.end,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VerdictView {
    pub likely: bool,
    /// 0 to 1.
    pub score: f64,
    /// The phrases that drove it.
    pub evidence: Vec<SpanView>,
}

impl From<&Verdict> for VerdictView {
    fn from(v: &Verdict) -> Self {
        VerdictView {
            likely: v.likely,
            score: v.score,
            evidence: v.evidence.iter().map(SpanView::from).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionView {
    /// A code of `GET /api/v1/vocabularies` (`exploitation`, `labour` or `means_detail`).
    pub code: String,
    pub score: f64,
    /// The words that support it.
    pub evidence: Vec<SpanView>,
}

fn suggestions(findings: &[Finding]) -> Vec<SuggestionView> {
    findings
        .iter()
        .map(|f| SuggestionView {
            code: f.code.clone(),
            score: f.score,
            evidence: f.evidence.iter().map(SpanView::from).collect(),
        })
        .collect()
}

#[derive(Serialize, ToSchema)]
pub struct PersonalDataView {
    /// `name`, `phone`, `email`, `address`, `id_number`, `plate` or `handle`.
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize, ToSchema)]
pub struct TriagePlaceView {
    pub start: usize,
    pub end: usize,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// What triage read in a text.
#[derive(Serialize, ToSchema)]
pub struct TriageView {
    /// `en`, `es`, `fr` or `other`.
    pub language: &'static str,
    pub trafficking: VerdictView,
    /// Likely trafficking with a minor in it or something happening now.
    pub urgent: VerdictView,
    pub exploitation: Vec<SuggestionView>,
    pub labour: Vec<SuggestionView>,
    pub means: Vec<SuggestionView>,
    pub pii: Vec<PersonalDataView>,
    pub places: Vec<TriagePlaceView>,
}

impl From<&Triage> for TriageView {
    fn from(t: &Triage) -> Self {
        TriageView {
            language: t.language.code(),
            trafficking: VerdictView::from(&t.trafficking),
            urgent: VerdictView::from(&t.urgent),
            exploitation: suggestions(&t.exploitation),
            labour: suggestions(&t.labour),
            means: suggestions(&t.means),
            pii: t
                .pii
                .iter()
                .map(|p| PersonalDataView {
                    kind: p.kind.code(),
                    start: p.start,
                    end: p.end,
                })
                .collect(),
            places: t
                .places
                .iter()
                .map(|p| TriagePlaceView {
                    start: p.start,
                    end: p.end,
                    country: p.country.alpha2(),
                    lat: p.lat,
                    lon: p.lon,
                })
                .collect(),
        }
    }
}

/// A report's triage and the text it read.
#[derive(Serialize, ToSchema)]
pub struct ReportTriageView {
    /// The reporter's messages, first to last, a blank line between them; for a reader who may
    /// not see identities, with each piece of personal data replaced by its kind (`[name]`).
    pub text: String,
    /// Whether `text` is masked.
    pub redacted: bool,
    #[serde(flatten)]
    pub triage: TriageView,
    /// The personal data kept of the report when the job runner last read it, each value
    /// normalised (a phone's digits, an e-mail in lower case…) for linking people across
    /// sources; empty for a reader who may not see identities, and until it is read.
    pub kept: Vec<KeptView>,
}

/// A piece of personal data kept of a report.
#[derive(Serialize, ToSchema)]
pub struct KeptView {
    /// `name`, `phone`, `email`, `address`, `id_number`, `plate` or `handle`.
    pub kind: String,
    pub value: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageRequest {
    /// The text, at most 100,000 characters.
    pub text: String,
    /// Decides when the text is too short for the detector to be sure.
    #[schema(value_type = Option<TriageLanguage>)]
    pub language: Option<String>,
}

/// A language triage reads (for the OpenAPI document: the body keeps it as text, so that any
/// other value is refused with a message naming the choices).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code, reason = "a schema, never a value")]
pub enum TriageLanguage {
    En,
    Es,
    Fr,
}

impl From<TriageFailure> for ApiError {
    fn from(e: TriageFailure) -> Self {
        match e {
            TriageFailure::Store(s) => s.into(),
            TriageFailure::Triage(t) => t.into(),
        }
    }
}

impl From<TriageError> for ApiError {
    fn from(e: TriageError) -> Self {
        match e {
            TriageError::TooLong { chars, max } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "too_long",
                message: Text::words(key!("api-triage-too-long"))
                    .with("chars", chars)
                    .with("max", max),
                field: Some("text".into()),
            },
            other => {
                tracing::error!(error = %other, "triage could not run");
                ApiError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    code: "internal",
                    message: Text::words(key!("api-internal")),
                    field: None,
                }
            }
        }
    }
}

/// A report's triage: its language, whether it is likely trafficking and why, suggested codes
/// with the words that support them, personal data and places. An analyst gets the text and
/// its triage with the personal data masked.
#[utoipa::path(get, path = "/api/v1/reports/{id}/triage", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    responses((status = 200, body = ReportTriageView), (status = 400, description = "The id is not a whole number", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<ReportTriageView>, ApiError> {
    let read = service::report(&state.store, &ctx, id).await?;
    let kept = if read.redacted {
        Vec::new()
    } else {
        state.store.report_findings(&ctx, id).await?
    };
    Ok(Json(ReportTriageView {
        text: read.text,
        redacted: read.redacted,
        triage: TriageView::from(&read.triage),
        kept: kept
            .into_iter()
            .map(|(kind, value)| KeptView { kind, value })
            .collect(),
    }))
}

/// Triage of any text (`{"text": "…", "language": "es"}`): nothing is stored. Each account
/// may send 600 texts a quarter of an hour; every call is audited by its length and language.
#[utoipa::path(post, path = "/api/v1/triage", tag = "reports", request_body = TriageRequest,
    responses((status = 200, body = TriageView), (status = 400, body = crate::error::ErrorBody),
        (status = 413, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody),
        (status = 429, description = "Too many texts from this account: wait", body = crate::error::ErrorBody)))]
pub async fn text(
    State(state): State<AppState>,
    Access(ctx): Access,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<TriageView>, ApiError> {
    let request: TriageRequest = super::cases::body(body)?;
    if let Some(code) = request.language.as_deref()
        && faro_triage::Language::from_code(code).is_none_or(|l| l == faro_triage::Language::Other)
    {
        return Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_parameter",
            message: Text::words(key!("api-triage-language")).with("value", code),
            field: Some("language".into()),
        });
    }
    // Counted per user, whichever of their tokens or sessions sends.
    let account = ctx
        .user()
        .map_or_else(|| ctx.actor().to_string(), |u| format!("user {u}"));
    if let Err(wait) = state.triage_limit.attempt(&account, None) {
        return Err(ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "too_many_texts",
            message: Text::words(key!("api-triage-throttled"))
                .with("limit", TEXTS_PER_WINDOW)
                .with("minutes", wait.as_secs().div_ceil(60)),
            field: None,
        });
    }
    let triage = service::text(&request.text, request.language.as_deref(), None)?;
    let detail = json!({
        "characters": request.text.chars().count(),
        "language": triage.language.code(),
    });
    state.store.audit(&ctx, "triage.text", detail).await?;
    Ok(Json(TriageView::from(&triage)))
}
