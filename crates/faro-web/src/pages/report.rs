//! Anonymous public reporting (`/report`) and follow-up with a receipt code
//! (`/report/follow-up`): Faro's STOP APP.
//!
//! Made for someone in danger on a cheap phone: complete without JavaScript, small pages, the
//! language in the URL (never a cookie), `Cache-Control: no-store`, one URL per step whatever
//! was posted, a quick way out. Nothing identifying the reporter is kept: the address reaches
//! only the wrong-code throttle, as a keyed hash in memory; the store cuts times to the hour.
//! A receipt is shown only after the report is durably stored.

use super::forms::{no_store, with_form_token};
use super::render::{Chrome, Page, PageError, PageResult};
use super::{Need, PageRoute, route};
use crate::access::Client;
use crate::intake::{self, EmergencyNumber, PhotoProblem};
use crate::{AppState, pages::sign_in::busy};
use askama::Template;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use faro_domain::report::{
    AgeGroup, Channel, ContactWay, MESSAGE_MAX_CHARS, RawReport, ReceiptCode, ReportDraft,
    ReportProblem, ReportStatus, Sign, When, text,
};
use faro_domain::vocab::{Gender, Vocabulary};
use faro_domain::{AccessContext, Country};
use faro_i18n::key;
use faro_i18n::{FluentArgs, Lang};
use faro_store::{FollowUp, MessageKind, Photo, ReportMessage};

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/report", Need::Public, || get(start)).for_reporters(),
        route("POST", "/report", Need::Public, || post(submit)).for_reporters(),
        route("GET", "/report/follow-up", Need::Public, || {
            get(follow_up_form)
        })
        .for_reporters(),
        route("POST", "/report/follow-up", Need::Public, || {
            post(follow_up)
        })
        .for_reporters(),
    ]
}

/// More parts than a report form has (a dozen fields, three photos, every sign ticked) are a
/// forged or broken form, refused before anything is read into memory.
const MAX_PARTS: usize = 64;

/// A choice of the form: its code and whether it is selected.
pub struct Choice {
    pub code: &'static str,
    /// A key of the translation files.
    pub key: String,
    pub on: bool,
}

fn choices<V: Vocabulary>(prefix: &str, selected: &[String]) -> Vec<Choice> {
    V::ALL
        .iter()
        .map(|v| Choice {
            code: v.code(),
            key: format!("{prefix}-{}", v.code()),
            on: selected.iter().any(|s| s == v.code()),
        })
        .collect()
}

/// A country in the reporter's language, for the list.
pub struct CountryChoice {
    pub code: &'static str,
    pub name: String,
    pub on: bool,
    /// The country's representative point, where the optional map opens.
    pub lat: f64,
    pub lon: f64,
}

pub(super) fn countries(lang: Lang, selected: &str) -> Vec<CountryChoice> {
    countries_where(lang, |c| c.alpha2() == selected)
}

/// Every country by name in `lang`, those for which `on` holds chosen (a multiple select).
pub(super) fn countries_where(lang: Lang, on: impl Fn(Country) -> bool) -> Vec<CountryChoice> {
    let mut all: Vec<CountryChoice> = Country::all()
        .map(|c| CountryChoice {
            code: c.alpha2(),
            name: lang.country(c).into_owned(),
            on: on(c),
            lat: c.info().lat,
            lon: c.info().lon,
        })
        .collect();
    all.sort_by(|a, b| lang.compare(&a.name, &b.name));
    all
}

/// A problem with the form, said in the reporter's language and linked to its field.
pub struct Problem {
    pub field: &'static str,
    pub text: String,
}

fn say_problem(lang: Lang, p: &ReportProblem) -> Problem {
    let mut args = FluentArgs::new();
    args.set(
        "field",
        lang.w(&format!("report-field-{}", p.field())).into_owned(),
    );
    let key = match p {
        ReportProblem::Missing { .. } => "report-problem-missing",
        ReportProblem::TooLong { max, chars, .. } => {
            args.set("max", *max);
            args.set("chars", *chars);
            "report-problem-too_long"
        }
        ReportProblem::OutOfRange { min, max, .. } => {
            args.set("min", *min);
            args.set("max", *max);
            "report-problem-out_of_range"
        }
        ReportProblem::NotAChoice { .. } => "report-problem-not_a_choice",
        ReportProblem::ControlCharacter { .. } => "report-problem-control_character",
    };
    Problem {
        field: p.field(),
        text: lang.format(key, Some(&args)).into_owned(),
    }
}

fn say_photo_problem(lang: Lang, p: PhotoProblem) -> Problem {
    Problem {
        field: "photos",
        text: lang.message(&p.message(intake::Picture::Photo)),
    }
}

#[derive(Template)]
#[template(path = "report/start.html")]
struct Start {
    c: Chrome,
    lang: &'static str,
    exit_url: String,
}

/// A report's fields as a form shows them: what was typed, the choices, the problems.
pub struct FormFields {
    pub raw: RawReport,
    /// This form's nonce: it is accepted once (`crate::once`).
    pub nonce: String,
    pub problems: Vec<Problem>,
    pub countries: Vec<CountryChoice>,
    pub whens: Vec<Choice>,
    pub ages: Vec<Choice>,
    pub genders: Vec<Choice>,
    pub signs: Vec<Choice>,
    pub contacts: Vec<Choice>,
    pub max_photos: usize,
    pub max_megabytes: usize,
    /// Who fills the form in: the words speak to them.
    pub voice: Voice,
}

/// Who fills a report's fields in: the reporter on the public form, or an operator taking a
/// call, to whom "Did you notice any of these?" would be the wrong question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    Reporter,
    Operator,
}

/// The fields whose words change with the [`Voice`]: each has a `report-…` and a `call-…`
/// message.
const VOICED: [&str; 7] = [
    "field-what",
    "what_hint",
    "field-signs",
    "signs_hint",
    "field-contact",
    "contact_hint",
    "not_sure",
];

impl Voice {
    fn prefix(self) -> &'static str {
        match self {
            Voice::Reporter => "report",
            Voice::Operator => "call",
        }
    }
}

impl FormFields {
    pub fn new(
        lang: Lang,
        settings: &intake::Reporting,
        raw: RawReport,
        voice: Voice,
    ) -> FormFields {
        let selected = |v: &str| vec![v.to_string()];
        FormFields {
            nonce: crate::once::nonce().unwrap_or_default(),
            problems: Vec::new(),
            countries: countries(lang, &raw.country),
            whens: choices::<When>("report_when", &selected(&raw.when)),
            ages: choices::<AgeGroup>("report_age", &raw.ages),
            genders: choices::<Gender>("report-gender", &raw.genders),
            signs: choices::<Sign>("report_sign", &raw.signs),
            contacts: choices::<ContactWay>(
                match voice {
                    Voice::Reporter => "report_contact",
                    Voice::Operator => "call_contact",
                },
                &selected(if raw.contact.is_empty() {
                    "follow_up"
                } else {
                    &raw.contact
                }),
            ),
            max_photos: settings.max_photos,
            max_megabytes: settings.photo_max_bytes >> 20,
            voice,
            raw,
        }
    }

    /// The key of one of the [`VOICED`] fields' words, for this form's voice.
    pub(super) fn say(&self, name: &str) -> String {
        debug_assert!(VOICED.contains(&name), "`{name}` is not a voiced field");
        format!("{}-{name}", self.voice.prefix())
    }

    pub(super) fn has_problem(&self, field: &str) -> bool {
        self.problems.iter().any(|p| p.field == field)
    }

    pub(super) fn photo_args(&self) -> FluentArgs<'static> {
        super::render::args(&[
            ("max", self.max_photos as i64),
            ("megabytes", self.max_megabytes as i64),
        ])
    }
}

#[derive(Template)]
#[template(path = "report/form.html")]
struct Form {
    c: Chrome,
    exit_url: String,
    form: String,
    lang: &'static str,
    /// Someone is in danger now: emergency numbers first, the report marked urgent.
    danger: bool,
    emergency: Vec<EmergencyNumber>,
    f: FormFields,
}

impl Form {
    fn new(page: &Page, settings: &intake::Reporting, form: String, raw: RawReport) -> Form {
        Form {
            c: page.chrome(key!("report-title")),
            exit_url: settings.exit_url.clone(),
            form,
            lang: page.lang.code(),
            danger: raw.urgent,
            emergency: settings.emergency.clone(),
            f: FormFields::new(page.lang, settings, raw, Voice::Reporter),
        }
    }
}

#[derive(Template)]
#[template(path = "report/receipt.html")]
struct Receipt {
    c: Chrome,
    exit_url: String,
    lang: &'static str,
    code: String,
    urgent: bool,
    emergency: Vec<EmergencyNumber>,
}

#[derive(Template)]
#[template(path = "report/follow_up.html")]
struct FollowUpPage {
    c: Chrome,
    exit_url: String,
    form: String,
    lang: &'static str,
    problems: Vec<Problem>,
    /// The code as typed, kept in the reply form so the next post finds the report again.
    code: String,
    report: Option<FollowUp>,
    answered: bool,
    /// An answer as typed, shown again when it could not be stored yet (nothing typed is lost).
    text: String,
}

impl FollowUpPage {
    fn status_key(&self) -> String {
        self.report
            .as_ref()
            .map(|r| format!("report_status-{}", r.status.code()))
            .unwrap_or_default()
    }

    fn needs_answer(&self) -> bool {
        self.report
            .as_ref()
            .is_some_and(|r| r.status == ReportStatus::NeedsInformation)
    }

    /// The conversation goes on until the report is closed (after promotion too).
    fn open(&self) -> bool {
        self.report
            .as_ref()
            .is_some_and(|r| r.status != ReportStatus::Closed)
    }

    /// Which side of the conversation a message is on, for its style.
    fn side(&self, m: &ReportMessage) -> &'static str {
        match m.kind {
            MessageKind::Report | MessageKind::Reporter => "mine",
            MessageKind::Staff | MessageKind::Note => "theirs",
        }
    }

    fn side_key(&self, m: &ReportMessage) -> &'static str {
        match m.kind {
            MessageKind::Report | MessageKind::Reporter => "report-from_you",
            MessageKind::Staff | MessageKind::Note => "report-from_staff",
        }
    }
}

/// A page of the reporting flow: kept by no cache and no history, and it never tells the
/// browser where the reporter came from or goes to.
pub(super) fn private(mut response: Response) -> Response {
    response = no_store(response);
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    response
}

#[derive(serde::Deserialize)]
struct StartQuery {
    #[serde(default)]
    danger: Option<String>,
}

/// The first question (is someone in danger now?) and the safety advice; once answered, the
/// form, with the emergency numbers first when someone is.
async fn start(
    State(state): State<AppState>,
    page: Page,
    query: axum::extract::Query<StartQuery>,
) -> PageResult {
    let lang = page.lang.code();
    match query.danger.as_deref() {
        Some(answer @ ("yes" | "no")) => {
            let raw = RawReport {
                urgent: answer == "yes",
                ..RawReport::default()
            };
            with_form_token(&state, &page, StatusCode::OK, |form| {
                Form::new(&page, &state.reporting, form, raw)
            })
            .map(private)
        }
        _ => Ok(private(super::render::render(
            StatusCode::OK,
            page.lang,
            &Start {
                c: page.chrome(key!("report-title")),
                lang,
                exit_url: state.reporting.exit_url.clone(),
            },
        ))),
    }
}

/// What a report form sent, before it is checked.
#[derive(Default)]
struct Sent {
    raw: RawReport,
    nonce: String,
    code: String,
    text: String,
    photos: Vec<Vec<u8>>,
}

/// Why a form body could not be read at all (not a field's problem).
enum Unreadable {
    NotMultipart,
    TooManyParts,
    Broken,
}

impl From<Unreadable> for PageError {
    fn from(e: Unreadable) -> PageError {
        match e {
            Unreadable::NotMultipart => PageError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                key!("report-not_multipart"),
            ),
            Unreadable::TooManyParts => {
                PageError::new(StatusCode::BAD_REQUEST, key!("report-too_many_parts"))
            }
            Unreadable::Broken => {
                PageError::new(StatusCode::BAD_REQUEST, key!("report-broken_form"))
            }
        }
    }
}

/// Reads a multipart report form; files go to `photos` (empty file inputs are skipped), text
/// fields to their place, unknown fields are ignored.
async fn read_form(
    form: Result<Multipart, MultipartRejection>,
    max_photos: usize,
) -> Result<(Sent, Option<PhotoProblem>), Unreadable> {
    let mut form = form.map_err(|_| Unreadable::NotMultipart)?;
    let mut sent = Sent::default();
    let mut too_many_photos = false;
    for _ in 0..MAX_PARTS {
        let Some(field) = form.next_field().await.map_err(|_| Unreadable::Broken)? else {
            let problem = too_many_photos.then_some(PhotoProblem::TooMany { max: max_photos });
            return Ok((sent, problem));
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "photos" {
            let bytes = field.bytes().await.map_err(|_| Unreadable::Broken)?;
            if bytes.is_empty() {
                continue;
            }
            if sent.photos.len() == max_photos {
                too_many_photos = true;
            } else {
                sent.photos.push(bytes.to_vec());
            }
            continue;
        }
        let value = field.text().await.map_err(|_| Unreadable::Broken)?;
        let r = &mut sent.raw;
        match name.as_str() {
            "what" => r.what = value,
            "country" => r.country = value,
            "place" => r.place = value,
            "lat" => r.lat = value,
            "lon" => r.lon = value,
            "when" => r.when = value,
            "people" => r.people = value,
            "ages" => r.ages.push(value),
            "genders" => r.genders.push(value),
            "signs" => r.signs.push(value),
            "urgent" => r.urgent = value == "1",
            "contact" => r.contact = value,
            "contact_detail" => r.contact_detail = value,
            "code" => sent.code = value,
            "nonce" => sent.nonce = value,
            "text" => sent.text = value,
            _ => {}
        }
    }
    Err(Unreadable::TooManyParts)
}

/// Every photo cleaned (`intake::clean_all`); a busy budget is a 503 whose page says to come
/// back.
async fn clean_photos(
    photos: Vec<Vec<u8>>,
    state: &AppState,
) -> Result<Result<Vec<Photo>, PhotoProblem>, PageError> {
    match intake::clean_all(photos, &state.reporting, &state.decoding).await {
        Ok(photos) => Ok(Ok(photos)),
        Err(intake::Cleaning::Refused(problem)) => Ok(Err(problem)),
        Err(intake::Cleaning::Busy) => Err(PageError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            key!("busy_photos"),
        )),
    }
}

/// A report form read and checked: the draft and its cleaned photos, or what was typed with
/// each problem in the reporter's language (nothing typed is lost).
pub(super) type Checked =
    Result<(ReportDraft, Vec<Photo>, crate::once::Claim), (RawReport, Vec<Problem>)>;

/// Reads and checks a report form of `channel` (the public form, or the hotline's). A valid
/// form is accepted once: posted again, it is refused (409) rather than stored twice; the
/// caller keeps the claim once the report is stored (dropped, it lets the form be sent again).
pub(super) async fn check_report(
    form: Result<Multipart, MultipartRejection>,
    state: &AppState,
    channel: Channel,
    lang: Lang,
) -> Result<Checked, PageError> {
    let settings = &state.reporting;
    let state_forms = &state.sent_forms;
    let (sent, photo_problem) = read_form(form, settings.max_photos).await?;
    let parsed = ReportDraft::parse(&sent.raw, channel, lang.code());
    let photos = match photo_problem {
        Some(p) => Err(p),
        None => clean_photos(sent.photos, state).await?,
    };
    Ok(match (parsed, photos) {
        (Ok(mut draft), Ok(photos)) => {
            draft.locate();
            if !crate::once::is_nonce(&sent.nonce) {
                return Err(Unreadable::Broken.into());
            }
            let Some(claim) = state_forms.claim(&sent.nonce) else {
                return Err(PageError::new(
                    StatusCode::CONFLICT,
                    key!("report-already_sent"),
                ));
            };
            Ok((draft, photos, claim))
        }
        (parsed, photos) => {
            let mut problems: Vec<Problem> = parsed
                .err()
                .unwrap_or_default()
                .iter()
                .map(|p| say_problem(lang, p))
                .collect();
            if let Err(p) = photos {
                problems.push(say_photo_problem(lang, p));
            }
            Err((sent.raw, problems))
        }
    })
}

/// Stores a checked report for `organisation` with a fresh receipt, keeps the form's nonce and
/// tells the staff on duty of an urgent one: the report's id and its receipt code, or `None`
/// when the hashing pool is full (503). The receipt is hashed in a report slot of the pool
/// held for the hash alone, not through the report's commit.
pub(super) async fn store_report(
    state: &AppState,
    ctx: &AccessContext,
    organisation: faro_domain::OrganisationId,
    draft: &ReportDraft,
    photos: &[Photo],
    claim: crate::once::Claim,
) -> Result<Option<(i64, String)>, PageError> {
    let receipt = match state.hashing.report().await {
        Some(_slot) => state.store.fresh_receipt().await?,
        None => return Ok(None),
    };
    let stored = state
        .store
        .submit_report(ctx, organisation, draft, photos, None, Some(receipt))
        .await?;
    claim.keep();
    tracing::info!(report = stored.id, urgent = draft.urgent, "report received");
    if draft.urgent {
        state.notify.urgent_report(&state.store, organisation);
    }
    let code = stored.receipt.map(|r| r.grouped()).ok_or(PageError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
    ))?;
    Ok(Some((stored.id, code)))
}

/// Checks the form, stores the report durably and only then shows its receipt. A form with
/// problems comes back with everything the reporter typed and each problem by its field.
async fn submit(
    State(state): State<AppState>,
    page: Page,
    form: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let settings = &state.reporting;
    let lang = page.lang;
    let (draft, photos, claim) = match check_report(form, &state, Channel::Web, lang).await? {
        Ok(checked) => checked,
        Err((raw, problems)) => {
            return with_form_token(&state, &page, StatusCode::UNPROCESSABLE_ENTITY, |form| {
                let mut f = Form::new(&page, settings, form, raw);
                f.f.problems = problems;
                f
            })
            .map(private);
        }
    };
    let anyone = AccessContext::anonymous();
    let organisation = settings.organisation;
    let Some((_, code)) =
        store_report(&state, &anyone, organisation, &draft, &photos, claim).await?
    else {
        return Ok(busy());
    };
    Ok(private(super::render::render(
        StatusCode::OK,
        lang,
        &Receipt {
            c: page.chrome(key!("report-receipt_title")),
            exit_url: settings.exit_url.clone(),
            lang: lang.code(),
            code,
            urgent: draft.urgent,
            emergency: settings.emergency.clone(),
        },
    )))
}

async fn follow_up_form(State(state): State<AppState>, page: Page) -> PageResult {
    follow_up_page(&state, &page, StatusCode::OK, FollowUpState::default())
}

#[derive(Default)]
struct FollowUpState {
    problems: Vec<Problem>,
    code: String,
    report: Option<FollowUp>,
    answered: bool,
    /// An answer as typed, shown again when it could not be stored yet (nothing typed is lost).
    text: String,
}

fn follow_up_page(
    state: &AppState,
    page: &Page,
    status: StatusCode,
    s: FollowUpState,
) -> PageResult {
    with_form_token(state, page, status, |form| FollowUpPage {
        c: page.chrome(key!("report-follow_up_title")),
        exit_url: state.reporting.exit_url.clone(),
        form,
        lang: page.lang.code(),
        problems: s.problems,
        code: s.code,
        report: s.report,
        answered: s.answered,
        text: s.text,
    })
    .map(private)
}

/// The report a receipt code opens, with its conversation; with `text` or photos, the
/// reporter's answer is added first. Wrong codes are throttled per client and for everyone.
async fn follow_up(
    State(state): State<AppState>,
    Client(client): Client,
    page: Page,
    form: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let lang = page.lang;
    let settings = &state.reporting;
    let (sent, photo_problem) = read_form(form, settings.max_photos).await?;
    let problem = |key: &str| Problem {
        field: "code",
        text: lang.w(key).into_owned(),
    };
    let Some(code) = ReceiptCode::parse(&sent.code) else {
        let s = FollowUpState {
            problems: vec![problem("report-receipt_shape")],
            code: sent.code.chars().take(40).collect(),
            text: sent.text.clone(),
            ..FollowUpState::default()
        };
        return follow_up_page(&state, &page, StatusCode::UNPROCESSABLE_ENTITY, s);
    };
    if let Err(wait) = state.receipts.attempt(client) {
        let mut r = follow_up_page(
            &state,
            &page,
            StatusCode::TOO_MANY_REQUESTS,
            FollowUpState {
                problems: vec![problem("report-receipt_throttled")],
                text: sent.text.clone(),
                ..FollowUpState::default()
            },
        )?;
        if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(r);
    }
    let found = match state.hashing.report().await {
        Some(_slot) => state.store.report_id_by_receipt(&code).await?,
        None => return Ok(busy()),
    };
    let Some(id) = found else {
        let s = FollowUpState {
            problems: vec![problem("report-receipt_unknown")],
            code: code.grouped(),
            text: sent.text.clone(),
            ..FollowUpState::default()
        };
        return follow_up_page(&state, &page, StatusCode::NOT_FOUND, s);
    };
    state.receipts.opened(client);
    let mut s = FollowUpState {
        code: code.grouped(),
        ..FollowUpState::default()
    };
    let has_answer = !sent.text.trim().is_empty() || !sent.photos.is_empty();
    if has_answer || photo_problem.is_some() {
        let answer =
            text("text", &sent.text, MESSAGE_MAX_CHARS, true).map_err(|p| say_problem(lang, &p));
        let photos = match photo_problem {
            Some(p) => Err(p),
            None => clean_photos(sent.photos, &state).await?,
        }
        .map_err(|p| say_photo_problem(lang, p));
        match (answer, photos) {
            (Ok(answer), Ok(photos)) => {
                state
                    .store
                    .add_reporter_message(&AccessContext::anonymous(), id, &answer, &photos)
                    .await?;
                s.answered = true;
            }
            (answer, photos) => {
                s.problems.extend(answer.err());
                s.problems.extend(photos.err());
                s.text = sent.text.clone();
            }
        }
    }
    let status = if s.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    s.report = Some(state.store.follow_up(id).await?);
    follow_up_page(&state, &page, status, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The call form's words exist beside the reporter's, in every language (the template
    /// builds their keys, which the page-key test cannot see).
    #[test]
    fn both_voices_have_every_voiced_word() {
        for voice in [Voice::Reporter, Voice::Operator] {
            let prefix = voice.prefix();
            let mut keys: Vec<String> = VOICED.iter().map(|n| format!("{prefix}-{n}")).collect();
            let contact = if voice == Voice::Reporter {
                "report_contact"
            } else {
                "call_contact"
            };
            keys.extend(
                ContactWay::ALL
                    .iter()
                    .map(|w| format!("{contact}-{}", w.code())),
            );
            for key in keys {
                assert!(faro_i18n::has_everywhere(&key), "no words for `{key}`");
            }
        }
        let en = Lang::REFERENCE;
        assert_ne!(en.w("call-field-signs"), en.w("report-field-signs"));
    }
}
