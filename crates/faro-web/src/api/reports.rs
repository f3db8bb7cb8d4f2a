//! `GET /api/v1/reports` (the inbox, with its filters), `GET /api/v1/reports/{id}` (a report
//! with its conversation) and `GET /api/v1/reports/{id}/attachments/{attachment}` (a photo).
//! Every read is audited by the store.

use crate::access::Access;
use crate::error::Text;
use crate::ids::{ApiId, api_id};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use faro_domain::Country;
use faro_domain::report::{Channel, ReportStatus};
use faro_domain::vocab::{Exploitation, Vocabulary};
use faro_i18n::key;
use faro_store::{Assigned, MessageKind, ReportDetail, ReportFilter, ReportMessage, ReportSummary};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

const DEFAULT_LIMIT: i64 = 50;
pub(crate) const MAX_LIMIT: i64 = 500;
pub(crate) const MAX_OFFSET: i64 = u32::MAX as i64;

/// The inbox's parameters, shared by the API and the inbox page.
pub(crate) const FILTERS: [&str; 9] = [
    "status",
    "channel",
    "language",
    "country",
    "modality",
    "urgent",
    "assignee",
    "suggested",
    "written",
];

/// A report as the inbox lists it. Codes are those of `GET /api/v1/vocabularies`
/// (`channel`, `report_status`, `report_when`, `report_age`, `report_sign`, `report_contact`,
/// `exploitation`, `means_detail`, `gender`).
#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub id: i64,
    pub channel: &'static str,
    /// The language the reporter used.
    pub language: String,
    pub status: &'static str,
    /// Someone is in danger now.
    pub urgent: bool,
    /// ISO 3166-1 alpha-2 of where it happened.
    pub country: Option<&'static str>,
    /// `[longitude, latitude]` in WGS 84, as GeoJSON orders them.
    pub point: Option<[f64; 2]>,
    pub when: Option<&'static str>,
    pub people: Option<u16>,
    pub ages: Vec<&'static str>,
    pub genders: Vec<&'static str>,
    pub signs: Vec<&'static str>,
    /// HTCDS types of exploitation, suggested at intake and confirmed by staff.
    pub modality: Vec<&'static str>,
    /// HTCDS means of control, suggested at intake and confirmed by staff.
    pub means: Vec<&'static str>,
    pub contact: &'static str,
    pub duplicate_of: Option<i64>,
    /// The record it was promoted to.
    pub record_id: Option<i64>,
    /// The id of the staff member looking after it.
    pub assignee: Option<i64>,
    /// Unix seconds, to the hour.
    pub created_at: i64,
    pub updated_at: i64,
    /// In a list, what triage suggested once it has read the report (a minute or so after it
    /// came, and again after the reporter writes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub triage: Option<ReportSuggestions>,
}

/// What triage suggested for a report, as stored when it read the reporter's words.
#[derive(Serialize, ToSchema)]
pub struct ReportSuggestions {
    /// What the words are written in: `en`, `es`, `fr` or `other`.
    pub language: String,
    /// Whether it reads as trafficking, and how strongly (0 to 1).
    pub likely: bool,
    pub score: f64,
    /// Whether it looks urgent: a minor, or someone held now.
    pub urgent: bool,
    /// Suggested `exploitation` codes.
    pub exploitation: Vec<&'static str>,
}

impl From<&faro_store::Suggested> for ReportSuggestions {
    fn from(s: &faro_store::Suggested) -> Self {
        ReportSuggestions {
            language: s.language.clone(),
            likely: s.likely,
            score: s.score,
            urgent: s.urgent,
            exploitation: codes(&s.modality),
        }
    }
}

fn codes<V: Vocabulary>(flags: &faro_domain::Flags<V>) -> Vec<&'static str> {
    flags.yes().map(|v| v.code()).collect()
}

impl From<&ReportSummary> for ReportView {
    fn from(r: &ReportSummary) -> Self {
        ReportView {
            id: r.id,
            channel: r.channel.code(),
            language: r.language.clone(),
            status: r.status.code(),
            urgent: r.urgent,
            country: r.country.map(|c| c.alpha2()),
            point: r.point.map(|p| [p.lon, p.lat]),
            when: r.when.map(|w| w.code()),
            people: r.people,
            ages: codes(&r.ages),
            genders: codes(&r.genders),
            signs: codes(&r.signs),
            modality: codes(&r.modality),
            means: codes(&r.means),
            contact: r.contact.code(),
            duplicate_of: r.duplicate_of,
            record_id: r.record_id,
            assignee: r.assignee,
            created_at: r.created_at,
            updated_at: r.updated_at,
            triage: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReportPage {
    pub reports: Vec<ReportView>,
    /// Reports matching the filters in all.
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentLink {
    pub id: i64,
    /// Where the photo is downloaded.
    pub href: String,
}

#[derive(Serialize, ToSchema)]
pub struct MessageView {
    pub id: i64,
    /// `report` (what the reporter first said), `reporter`, `staff` (to the reporter) or
    /// `note` (staff only).
    pub kind: &'static str,
    /// Who wrote it, as the audit log names them (`reporter` for the reporter).
    pub author: String,
    pub created_at: i64,
    pub text: String,
    pub attachments: Vec<AttachmentLink>,
}

fn kind_code(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Report => "report",
        MessageKind::Reporter => "reporter",
        MessageKind::Staff => "staff",
        MessageKind::Note => "note",
    }
}

fn message_view(report: i64, m: &ReportMessage) -> MessageView {
    MessageView {
        id: m.id,
        kind: kind_code(m.kind),
        author: m.author.clone(),
        created_at: m.created_at,
        text: m.text.clone(),
        attachments: m
            .attachments
            .iter()
            .map(|a| AttachmentLink {
                id: *a,
                href: format!("/api/v1/reports/{report}/attachments/{a}"),
            })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReportDetailView {
    #[serde(flatten)]
    pub report: ReportView,
    /// Where it happened, in the reporter's words.
    pub place: String,
    /// How to reach the reporter, if they asked to be reached by phone or e-mail.
    pub contact_detail: String,
    pub close_reason: Option<String>,
    pub messages: Vec<MessageView>,
}

impl From<&ReportDetail> for ReportDetailView {
    fn from(d: &ReportDetail) -> Self {
        ReportDetailView {
            report: ReportView::from(&d.summary),
            place: d.place.clone(),
            contact_detail: d.contact_detail.clone(),
            close_reason: d.close_reason.clone(),
            messages: d
                .messages
                .iter()
                .map(|m| message_view(d.summary.id, m))
                .collect(),
        }
    }
}

/// A filter value that is not one of its choices (422), naming them.
pub(crate) fn not_a_choice(field: &'static str, value: &str, accepted: String) -> ApiError {
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid_parameter",
        message: Text::words(key!("api-not-a-choice"))
            .with("name", field)
            .with("value", value.chars().take(40).collect::<String>())
            .with("accepted", accepted),
        field: Some(field.into()),
    }
}

pub(crate) fn vocab<V: Vocabulary>(field: &'static str, value: &str) -> Result<V, ApiError> {
    V::from_code(value).ok_or_else(|| not_a_choice(field, value, V::code_list()))
}

/// The inbox's filters from a query's parameters; unknown and repeated parameters are
/// refused by the caller's parsing, and an empty value is not a choice (the inbox page drops
/// the empty values of its "any" choices first).
pub(crate) fn parse_filter(params: &HashMap<String, String>) -> Result<ReportFilter, ApiError> {
    let get = |name: &str| params.get(name).map(|v| v.trim());
    let mut filter = ReportFilter::default();
    if let Some(v) = get("status") {
        filter.status = Some(vocab::<ReportStatus>("status", v)?);
    }
    if let Some(v) = get("channel") {
        filter.channel = Some(vocab::<Channel>("channel", v)?);
    }
    if let Some(v) = get("language") {
        let lang = faro_i18n::Lang::from_code(v).ok_or_else(|| {
            not_a_choice(
                "language",
                v,
                backticked(faro_i18n::Lang::all().map(|l| l.code())),
            )
        })?;
        filter.language = Some(lang.code().to_string());
    }
    if let Some(v) = get("country") {
        filter.country = Some(Country::from_alpha2(v).ok_or_else(|| {
            not_a_choice("country", v, "ISO 3166-1 alpha-2 codes such as `PT`".into())
        })?);
    }
    if let Some(v) = get("modality") {
        filter.modality = Some(vocab::<Exploitation>("modality", v)?);
    }
    if let Some(v) = get("suggested") {
        filter.suggested = Some(vocab::<Exploitation>("suggested", v)?);
    }
    if let Some(v) = get("written") {
        let language = faro_triage::Language::from_code(v).ok_or_else(|| {
            let codes = faro_triage::Language::ALL.iter().map(|l| l.code());
            not_a_choice("written", v, backticked(codes))
        })?;
        filter.written = Some(language.code().to_string());
    }
    if let Some(v) = get("urgent") {
        filter.urgent = Some(match v {
            "true" => true,
            "false" => false,
            other => return Err(not_a_choice("urgent", other, "`true`, `false`".into())),
        });
    }
    if let Some(v) = get("assignee") {
        filter.assignee = Some(match v {
            "none" => Assigned::Nobody,
            id => Assigned::To(id.parse().ok().filter(|n: &i64| *n > 0).ok_or_else(|| {
                not_a_choice("assignee", id, "`none` or a user's id such as `3`".into())
            })?),
        });
    }
    Ok(filter)
}

/// Codes as a refusal lists them: `en`, `es`.
fn backticked<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    codes
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A whole number parameter from `min` to `max`, or its default.
pub(crate) fn number(
    params: &HashMap<String, String>,
    name: &'static str,
    default: i64,
    (min, max): (i64, i64),
) -> Result<i64, ApiError> {
    match params.get(name).map(|v| v.trim()) {
        None => Ok(default),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid_parameter",
                message: Text::words(key!("api-number-range"))
                    .with("value", text.chars().take(40).collect::<String>())
                    .with("min", min)
                    .with("max", max),
                field: Some(name.into()),
            }),
    }
}

/// The reports of the caller's organisation, urgent first, then newest.
#[utoipa::path(
    get,
    path = "/api/v1/reports",
    tag = "reports",
    params(
        ("status" = Option<String>, Query, description = "A `report_status` code"),
        ("channel" = Option<String>, Query, description = "A `channel` code"),
        ("language" = Option<String>, Query, description = "The reporter's language: `en`, `es`, `fr`"),
        ("country" = Option<String>, Query, description = "ISO 3166-1 alpha-2 of where it happened"),
        ("modality" = Option<String>, Query, description = "An `exploitation` code"),
        ("urgent" = Option<bool>, Query, description = "Only urgent (`true`) or only other (`false`) reports"),
        ("assignee" = Option<String>, Query, description = "Reports given to this user id, or `none` for those given to nobody"),
        ("suggested" = Option<String>, Query, description = "An `exploitation` code triage suggested"),
        ("written" = Option<String>, Query, description = "The language triage read the reporter's words in: `en`, `es`, `fr` or `other`"),
        ("offset" = Option<i64>, Query, description = "Reports to skip (default 0)"),
        ("limit" = Option<i64>, Query, description = "Reports per page, 1–500 (default 50)"),
    ),
    responses(
        (status = 200, body = ReportPage),
        (status = 400, description = "Unknown or repeated parameter", body = crate::error::ErrorBody),
        (status = 422, description = "A value that is not one of its choices", body = crate::error::ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Access(ctx): Access,
    RawQuery(raw): RawQuery,
) -> Result<Json<ReportPage>, ApiError> {
    let own: Vec<&str> = FILTERS.iter().copied().chain(["offset", "limit"]).collect();
    let params = super::own_params(raw.as_deref(), &own)?;
    let filter = parse_filter(&params)?;
    let offset = number(&params, "offset", 0, (0, MAX_OFFSET))?;
    let limit = number(&params, "limit", DEFAULT_LIMIT, (1, MAX_LIMIT))?;
    let page = state.store.reports(&ctx, &filter, offset, limit).await?;
    Ok(Json(ReportPage {
        reports: page
            .reports
            .iter()
            .map(|r| ReportView {
                triage: page.suggestions.get(&r.id).map(ReportSuggestions::from),
                ..ReportView::from(r)
            })
            .collect(),
        total: page.total,
        offset,
        limit,
    }))
}

/// One report with its conversation and links to its photos. An analyst (who may read the
/// inbox but not act on reports) gets every piece of personal data masked by its kind
/// (`[name]`) and the reporter's contact detail withheld.
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    responses((status = 200, body = ReportDetailView), (status = 400, description = "The id is not a whole number", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Access(ctx): Access,
    ApiId(id): ApiId,
) -> Result<Json<ReportDetailView>, ApiError> {
    let detail = state.store.report(&ctx, id).await?;
    let detail = crate::services::triage::as_seen_by(&ctx, detail)?;
    Ok(Json(ReportDetailView::from(&detail)))
}

/// A photo of a report, as re-encoded at intake (JPEG, no metadata).
#[utoipa::path(get, path = "/api/v1/reports/{id}/attachments/{attachment}", tag = "reports",
    params(("id" = i64, Path, description = "Report id"), ("attachment" = i64, Path, description = "Attachment id")),
    responses((status = 200, description = "The photo", content_type = "image/jpeg"), (status = 400, description = "An id is not a whole number", body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn attachment(
    State(state): State<AppState>,
    Access(ctx): Access,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let photo = state
        .store
        .attachment(&ctx, api_id(&id, "id")?, api_id(&attachment, "attachment")?)
        .await?;
    Ok(photo_response(&photo.media_type, photo.bytes))
}

/// A stored picture as an answer: its own type, never sniffed, never cached.
pub(crate) fn photo_response(media_type: &str, bytes: Vec<u8>) -> Response {
    let mut r = bytes.into_response();
    let kind = HeaderValue::from_str(media_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    r.headers_mut().insert(header::CONTENT_TYPE, kind);
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    r
}
