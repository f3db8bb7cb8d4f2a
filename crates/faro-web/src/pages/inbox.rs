//! The staff's reports inbox (`/inbox`): every channel's reports in one list with the API's
//! filters, a report's page with its conversation and the triage actions, and the hotline's
//! intake form for a call. Operators and admins act; analysts read. The store audits every
//! read and every action with its change.

use super::forms::no_store;
use super::names::Names;
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render, when};
use super::report::{Checked, CountryChoice, FormFields, Voice, check_report, store_report};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::ApiError;
use crate::api::reports::{FILTERS, number, parse_filter, photo_response};
use crate::ids::page_id;
use crate::services::triage as triage_service;
use crate::{AppState, pages::sign_in::busy};
use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use faro_domain::report::{
    CLOSE_REASON_MAX_CHARS, Channel, MESSAGE_MAX_CHARS, RawReport, ReportStatus, text,
};
use faro_domain::vocab::{Exploitation, MeansDetail, Vocabulary};
use faro_domain::{Country, Flags, Permission};
use faro_i18n::Lang;
use faro_i18n::key;
use faro_store::{
    Assigned, MessageKind, ReportDetail, ReportFilter, ReportPage, ReportSummary, StoreError,
    Triage,
};

const READ: Need = Need::Permission(Permission::ReportsInbox);
const ACT: Need = Need::Permission(Permission::TriageReports);
/// Reports per page of the inbox.
const PAGE_SIZE: i64 = 50;

pub(super) const MENU: &[MenuEntry] = &[MenuEntry {
    path: "/inbox",
    key: "inbox",
    need: READ,
    place: Place::Sections,
}];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/inbox", READ, || get(list)),
        route("GET", "/inbox/new", ACT, || get(intake_form)),
        route("POST", "/inbox/new", ACT, || post(intake)).with_photos(),
        route("POST", "/inbox/bulk", ACT, || post(bulk)),
        route("GET", "/inbox/{id}", READ, || get(show)),
        route("POST", "/inbox/{id}", ACT, || post(act)),
        route("GET", "/inbox/{id}/photos/{photo}", ACT, || get(photo)),
    ]
}

/// A choice of a filter or a form: a code, its words' key, whether it is selected.
pub struct Pick {
    pub code: String,
    pub key: String,
    pub on: bool,
}

fn options<V: Vocabulary>(selected: &[&str]) -> Vec<Pick> {
    V::ALL
        .iter()
        .map(|v| Pick {
            code: v.code().into(),
            key: format!("{}-{}", V::ID, v.code()),
            on: selected.contains(&v.code()),
        })
        .collect()
}

fn codes<V: Vocabulary>(flags: &Flags<V>) -> Vec<&'static str> {
    flags.yes().map(|v| v.code()).collect()
}

/// A row of the list.
pub struct Row {
    pub id: i64,
    pub urgent: bool,
    /// The start of the reporter's text.
    pub preview: String,
    /// Who is looking after it, by name.
    pub assignee: String,
    pub received: String,
    pub channel_key: String,
    pub language: String,
    pub country: String,
    pub status_key: String,
    pub modality: Vec<String>,
    /// Triage read it as urgent (a minor, someone held now), though no one flagged it.
    pub looks_urgent: bool,
    /// The types of exploitation triage suggested and staff have not confirmed, as a
    /// sentence (empty when there are none).
    pub suggested: String,
}

fn row(lang: Lang, r: &ReportSummary, found: &ReportPage, names: &Names) -> Row {
    let suggested = found.suggestions.get(&r.id);
    Row {
        id: r.id,
        urgent: r.urgent,
        looks_urgent: !r.urgent && suggested.is_some_and(|s| s.urgent),
        suggested: suggested
            .map(|s| unconfirmed(lang, &s.modality, &r.modality))
            .unwrap_or_default(),
        preview: found.previews.get(&r.id).cloned().unwrap_or_default(),
        assignee: r.assignee.map(|id| names.user(id)).unwrap_or_default(),
        received: when(r.created_at),
        channel_key: format!("channel-{}", r.channel.code()),
        language: r.language.clone(),
        country: r
            .country
            .map(|c| lang.country(c).into_owned())
            .unwrap_or_default(),
        status_key: format!("report_status-{}", r.status.code()),
        modality: r
            .modality
            .yes()
            .map(|m| lang.label(m).into_owned())
            .collect(),
    }
}

/// "Suggested: …" with the types of exploitation in `suggested` that `confirmed` lacks, or
/// nothing when there are none.
fn unconfirmed(
    lang: Lang,
    suggested: &Flags<Exploitation>,
    confirmed: &Flags<Exploitation>,
) -> String {
    let labels: Vec<String> = suggested
        .yes()
        .filter(|m| confirmed.get(*m) != Some(true))
        .map(|m| lang.label(m).into_owned())
        .collect();
    if labels.is_empty() {
        return String::new();
    }
    let said = faro_domain::Message::new(key!("inbox-triage-suggested_list"))
        .with("codes", labels.join(", "));
    lang.message(&said)
}

#[derive(Template)]
#[template(path = "inbox/list.html")]
struct List {
    c: Chrome,
    rows: Vec<Row>,
    total: i64,
    offset: i64,
    statuses: Vec<Pick>,
    channels: Vec<Pick>,
    modalities: Vec<Pick>,
    languages: Vec<Pick>,
    /// Triage's filters: a suggested type of exploitation, the language it read.
    suggested: Vec<Pick>,
    written: Vec<Pick>,
    countries: Vec<CountryChoice>,
    urgent: String,
    /// The assignee filter: `none`, a user id, or empty for anyone.
    assignee: String,
    /// Who reports can be given to.
    staff: Vec<Person>,
    /// The filters as a query string, for the paging links.
    query: String,
    may_act: bool,
    /// What a bulk action did: how many reports it changed and which it could not.
    bulk: Option<String>,
    error: Option<&'static str>,
}

/// A member of staff reports can be given to, as a choice.
pub struct Person {
    pub id: i64,
    pub name: String,
    pub on: bool,
}

/// The staff who may be given reports (operators and admins, not disabled), by name.
fn assignable(staff: &[faro_store::User], lang: Lang, chosen: Option<i64>) -> Vec<Person> {
    let mut people: Vec<Person> = staff
        .iter()
        .filter(|u| !u.disabled && u.role.permissions().contains(&Permission::TriageReports))
        .map(|u| Person {
            id: u.id,
            name: u.shown_as().to_string(),
            on: chosen == Some(u.id),
        })
        .collect();
    people.sort_by(|a, b| lang.compare(&a.name, &b.name));
    people
}

impl List {
    fn previous(&self) -> Option<i64> {
        (self.offset > 0).then(|| (self.offset - PAGE_SIZE).max(0))
    }

    fn next(&self) -> Option<i64> {
        (self.offset + PAGE_SIZE < self.total).then_some(self.offset + PAGE_SIZE)
    }

    fn first_shown(&self) -> i64 {
        if self.rows.is_empty() {
            0
        } else {
            self.offset + 1
        }
    }

    fn last_shown(&self) -> i64 {
        self.offset + self.rows.len() as i64
    }
}

fn list_filter_query(filter: &ReportFilter) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    let pairs = [
        ("status", filter.status.map(|s| s.code().to_string())),
        ("channel", filter.channel.map(|c| c.code().to_string())),
        ("language", filter.language.clone()),
        ("country", filter.country.map(|c| c.alpha2().to_string())),
        ("modality", filter.modality.map(|m| m.code().to_string())),
        ("urgent", filter.urgent.map(|u| u.to_string())),
        ("assignee", assignee_code(filter)),
        ("suggested", filter.suggested.map(|m| m.code().to_string())),
        ("written", filter.written.clone()),
    ];
    for (k, v) in pairs {
        if let Some(v) = v {
            q.append_pair(k, &v);
        }
    }
    q.finish()
}

/// The languages triage reads a text in, as choices of the inbox's filter.
fn written_choices(filter: &ReportFilter) -> Vec<Pick> {
    faro_triage::Language::ALL
        .iter()
        .map(|l| Pick {
            code: l.code().into(),
            key: format!("inbox-triage-written-{}", l.code()),
            on: filter.written.as_deref() == Some(l.code()),
        })
        .collect()
}

fn assignee_code(filter: &ReportFilter) -> Option<String> {
    filter.assignee.map(|a| match a {
        Assigned::Nobody => "none".to_string(),
        Assigned::To(id) => id.to_string(),
    })
}

/// The inbox: urgent reports first, then the newest, with the API's filters in the URL.
async fn list(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let own: Vec<&str> = FILTERS
        .iter()
        .copied()
        .chain(["offset", "lang", "changed", "unchanged"])
        .collect();
    let bad = |_| PageError::new(StatusCode::BAD_REQUEST, key!("inbox-bad_filter"));
    let mut params = crate::api::own_params(raw.as_deref(), &own).map_err(bad)?;
    params.retain(|_, v| !v.trim().is_empty());
    let bulk = bulk_outcome(&params);
    let filter = parse_filter(&params).map_err(bad)?;
    let offset = number(&params, "offset", 0, (0, crate::api::reports::MAX_OFFSET)).map_err(bad)?;
    list_page(&state, &page, &session, &filter, offset, bulk, None).await
}

/// What a bulk action's redirect says: reports changed, and the numbers of those it could
/// not change (only digits and commas are shown back).
fn bulk_outcome(params: &std::collections::HashMap<String, String>) -> Option<(usize, String)> {
    let changed = params.get("changed")?.parse().ok()?;
    let unchanged = params
        .get("unchanged")
        .map(|ids| {
            ids.split(',')
                .filter_map(|id| id.parse::<i64>().ok())
                .map(|id| format!("#{id}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    Some((changed, unchanged))
}

fn bulk_words(lang: Lang, changed: usize, unchanged: &str) -> String {
    let mut args = faro_i18n::FluentArgs::new();
    args.set("count", changed);
    args.set("ids", unchanged);
    let mut said = lang
        .format(key!("inbox-bulk_changed"), Some(&args))
        .into_owned();
    if !unchanged.is_empty() {
        said.push(' ');
        said.push_str(&lang.format(key!("inbox-bulk_unchanged"), Some(&args)));
    }
    said
}

async fn list_page(
    state: &AppState,
    page: &Page,
    session: &faro_store::Session,
    filter: &ReportFilter,
    offset: i64,
    bulk: Option<(usize, String)>,
    error: Option<&'static str>,
) -> PageResult {
    let mut found = state
        .store
        .reports(&session.ctx, filter, offset, PAGE_SIZE)
        .await?;
    if !triage_service::sees_identities(&session.ctx) {
        for r in &found.reports {
            if let Some(preview) = found.previews.get_mut(&r.id) {
                *preview = triage_service::mask(preview, Some(&r.language), r.country)
                    .map_err(ApiError::from)?;
            }
        }
    }
    let staff = state
        .store
        .staff(&session.ctx, session.user.organisation)
        .await?;
    let names = Names::from(staff.as_slice());
    let lang = page.lang;
    let chosen = match filter.assignee {
        Some(Assigned::To(id)) => Some(id),
        _ => None,
    };
    let selected = |v: Option<&'static str>| v.into_iter().collect::<Vec<_>>();
    let languages = Lang::all()
        .map(|l| Pick {
            code: l.code().into(),
            key: String::new(),
            on: filter.language.as_deref() == Some(l.code()),
        })
        .collect();
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    Ok(no_store(render(
        status,
        lang,
        &List {
            c: page.chrome(key!("inbox")),
            rows: found
                .reports
                .iter()
                .map(|r| row(lang, r, &found, &names))
                .collect(),
            total: found.total,
            offset,
            statuses: options::<ReportStatus>(&selected(filter.status.map(|s| s.code()))),
            channels: options::<Channel>(&selected(filter.channel.map(|c| c.code()))),
            modalities: options::<Exploitation>(&selected(filter.modality.map(|m| m.code()))),
            languages,
            suggested: options::<Exploitation>(&selected(filter.suggested.map(|m| m.code()))),
            written: written_choices(filter),
            countries: super::report::countries(
                lang,
                filter.country.map(|c| c.alpha2()).unwrap_or_default(),
            ),
            urgent: filter.urgent.map(|u| u.to_string()).unwrap_or_default(),
            assignee: assignee_code(filter).unwrap_or_default(),
            staff: assignable(&staff, lang, chosen),
            query: list_filter_query(filter),
            may_act: session.ctx.has(Permission::TriageReports),
            bulk: bulk.map(|(changed, unchanged)| bulk_words(lang, changed, &unchanged)),
            error,
        },
    )))
}

/// The actions the inbox applies to several reports at once.
const BULK_ACTIONS: [&str; 3] = ["assign", "close", "duplicate"];

/// The most reports one bulk action takes: a page of the inbox.
const BULK_MAX: usize = PAGE_SIZE as usize;

/// Assigns, closes or marks as duplicates the reports ticked on the inbox page, each in its
/// own transaction with its own audit entry, as if done one by one; then the inbox again,
/// saying how many changed and which could not be (a closed report, say).
async fn bulk(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> PageResult {
    // The inbox's filters ride along in the form's address, so the list comes back as it was.
    let own: Vec<&str> = FILTERS.iter().copied().chain(["offset", "lang"]).collect();
    let filter = crate::api::own_params(raw.as_deref(), &own)
        .ok()
        .and_then(|mut params| {
            params.retain(|_, v| !v.trim().is_empty());
            parse_filter(&params).ok()
        })
        .unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let ids: Result<Vec<i64>, _> = pairs
        .iter()
        .filter(|(k, _)| k == "ids")
        .map(|(_, v)| page_id(v))
        .collect();
    let for_many = pairs
        .iter()
        .any(|(k, v)| k == "action" && BULK_ACTIONS.contains(&v.as_str()));
    let checked = match ids {
        Ok(ids) if ids.is_empty() => Err("inbox-bulk_none"),
        Ok(ids) if ids.len() > BULK_MAX => Err("inbox-bulk_too_many"),
        Ok(ids) if for_many => triage_of(&pairs).map(|t| (ids, t)),
        Ok(_) => Err("inbox-unknown_action"),
        Err(_) => Err("inbox-bulk_none"),
    };
    let (ids, triage) = match checked {
        Ok(checked) => checked,
        Err(key) => {
            return list_page(&state, &page, &session, &filter, 0, None, Some(key)).await;
        }
    };
    let mut changed = 0;
    let mut unchanged = Vec::new();
    for id in ids {
        match state.store.triage(&session.ctx, id, &triage).await {
            Ok(_) => changed += 1,
            Err(StoreError::Invalid { .. } | StoreError::NotFound { .. }) => unchanged.push(id),
            Err(e) => return Err(e.into()),
        }
    }
    let unchanged: Vec<String> = unchanged.iter().map(i64::to_string).collect();
    let to = format!(
        "/inbox?{}&changed={changed}&unchanged={}",
        list_filter_query(&filter),
        unchanged.join(",")
    );
    Ok(Redirect::to(&to).into_response())
}

/// A message of the conversation as the page shows it.
pub struct Said {
    pub side: &'static str,
    pub who: String,
    pub at: String,
    pub text: String,
    pub photos: Vec<i64>,
}

#[derive(Template)]
#[template(path = "inbox/detail.html")]
struct Detail {
    c: Chrome,
    r: ReportDetail,
    received: String,
    country: String,
    facts: Vec<(String, String)>,
    messages: Vec<Said>,
    may_act: bool,
    /// The report's point on a small map (SVG), when it has one.
    locator: Option<String>,
    /// Who has the report, by name.
    assignee: Option<String>,
    staff: Vec<Person>,
    /// Whether the reader may open a case from the report.
    may_open_case: bool,
    countries: Vec<CountryChoice>,
    modality: Vec<Pick>,
    means: Vec<Pick>,
    /// The city the report's place names, offered in the codes form.
    city: String,
    done: Option<String>,
    error: Option<&'static str>,
    suggestions: super::suggestions::Suggestions,
    /// Whether the report is shown with its personal data masked.
    masked: bool,
    sees_identities: bool,
}

impl Detail {
    fn verdict(&self) -> String {
        let key = if self.suggestions.likely {
            key!("inbox-triage-likely")
        } else {
            key!("inbox-triage-unlikely")
        };
        self.c
            .lang
            .message(&faro_domain::Message::new(key).with("percent", self.suggestions.percent))
    }

    fn status_key(&self) -> String {
        format!("report_status-{}", self.r.summary.status.code())
    }

    fn channel_key(&self) -> String {
        format!("channel-{}", self.r.summary.channel.code())
    }

    /// Promoted or marked a duplicate: nothing left to triage, but the conversation goes on.
    fn finished(&self) -> bool {
        self.r.summary.status.is_final()
    }

    /// Closed: only reopening is left.
    fn closed(&self) -> bool {
        self.r.summary.status == ReportStatus::Closed
    }

    /// The "finish" section needs a fix (a close without a reason, an unknown duplicate):
    /// it is shown open, where the fix goes.
    fn finish_needs_fix(&self) -> bool {
        matches!(
            self.error,
            Some("inbox-reason_needed" | "inbox-duplicate_unknown")
        )
    }

    /// The codes section needs a fix (an unknown city or code): shown open.
    fn codes_need_fix(&self) -> bool {
        matches!(self.error, Some("inbox-city_unknown" | "inbox-bad_codes"))
    }

    /// Where this report's actions are posted.
    fn path(&self) -> String {
        format!("/inbox/{}", self.r.summary.id)
    }

    fn is_new(&self) -> bool {
        self.r.summary.status == ReportStatus::New
    }

    fn contact_key(&self) -> String {
        format!("report_contact-{}", self.r.summary.contact.code())
    }
}

/// Where a report took place, in words: the place the reporter gave and the country.
fn place_words(r: &ReportDetail, lang: Lang) -> String {
    let country = r.summary.country.map(|c| lang.country(c).into_owned());
    [Some(r.place.clone()), country]
        .into_iter()
        .flatten()
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The facts of a report in words, for the page's list of facts.
fn facts(lang: Lang, r: &ReportDetail) -> Vec<(String, String)> {
    let s = &r.summary;
    let join = |words: Vec<String>| words.join(", ");
    let labels = |keys: Vec<String>| join(keys.iter().map(|k| lang.w(k).into_owned()).collect());
    let mut facts = vec![
        ("report-field-place", r.place.clone()),
        (
            "inbox-when",
            s.when
                .map(|w| lang.label(w).into_owned())
                .unwrap_or_default(),
        ),
        (
            "inbox-people",
            s.people.map(|n| n.to_string()).unwrap_or_default(),
        ),
        (
            "inbox-ages",
            join(s.ages.yes().map(|a| lang.label(a).into_owned()).collect()),
        ),
        (
            "inbox-genders",
            labels(
                codes(&s.genders)
                    .iter()
                    .map(|g| format!("report-gender-{g}"))
                    .collect(),
            ),
        ),
        (
            "inbox-signs",
            join(s.signs.yes().map(|x| lang.label(x).into_owned()).collect()),
        ),
        (
            "inbox-modality",
            join(
                s.modality
                    .yes()
                    .map(|m| lang.label(m).into_owned())
                    .collect(),
            ),
        ),
        (
            "inbox-means",
            join(s.means.yes().map(|m| lang.label(m).into_owned()).collect()),
        ),
        ("inbox-contact_detail", r.contact_detail.clone()),
    ];
    if let Some(p) = s.point {
        facts.push(("inbox-point", format!("{:.5}, {:.5}", p.lat, p.lon)));
    }
    if let Some(reason) = &r.close_reason {
        facts.push(("inbox-close_reason", reason.clone()));
    }
    facts
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (lang.w(k).into_owned(), v))
        .collect()
}

#[allow(
    clippy::too_many_arguments,
    reason = "one page's inputs, each from the request"
)]
async fn detail_page(
    state: &AppState,
    page: &Page,
    session: &faro_store::Session,
    id: i64,
    status: StatusCode,
    done: Option<String>,
    error: Option<&'static str>,
    masked_asked: bool,
) -> PageResult {
    let r = state.store.report(&session.ctx, id).await?;
    let lang = page.lang;
    let sees_identities = triage_service::sees_identities(&session.ctx);
    let masked = masked_asked || !sees_identities;
    let r = if masked {
        triage_service::masked(r).map_err(ApiError::from)?
    } else {
        r
    };
    let read = triage_service::reporter_text(&r);
    let engine = crate::services::triage_learning::engine_for(&state.store, r.summary.organisation)
        .await
        .map_err(ApiError::from)?;
    let triage =
        triage_service::text_with(&engine, &read, Some(&r.summary.language), r.summary.country)
            .map_err(ApiError::from)?;
    let suggestions = super::suggestions::of(
        lang,
        &read,
        &triage,
        r.summary.modality.yes(),
        r.summary.means.yes(),
    );
    let staff = state
        .store
        .staff(&session.ctx, r.summary.organisation)
        .await?;
    let names = Names::from(staff.as_slice());
    let messages = r
        .messages
        .iter()
        .map(|m| Said {
            side: match m.kind {
                MessageKind::Report | MessageKind::Reporter => "mine",
                MessageKind::Staff => "theirs",
                MessageKind::Note => "note",
            },
            who: match m.kind {
                MessageKind::Report | MessageKind::Reporter if m.author == "reporter" => {
                    lang.w(key!("inbox-reporter")).into_owned()
                }
                MessageKind::Note => format!(
                    "{} · {}",
                    lang.w(key!("inbox-note")),
                    names.actor(lang, &m.author)
                ),
                _ => names.actor(lang, &m.author),
            },
            at: when(m.created_at),
            text: m.text.clone(),
            photos: m.attachments.clone(),
        })
        .collect();
    let s = &r.summary;
    let detail = Detail {
        c: page.chrome(key!("inbox-report")),
        received: when(s.created_at),
        country: s
            .country
            .map(|c| lang.country(c).into_owned())
            .unwrap_or_default(),
        facts: facts(lang, &r),
        messages,
        may_act: session.ctx.has(Permission::TriageReports),
        may_open_case: session.ctx.has(Permission::Cases),
        locator: s.point.map(|p| {
            let title = format!("{}: {}", lang.w(key!("inbox-point")), place_words(&r, lang));
            crate::charts::map::locator(p, s.country, &title)
        }),
        assignee: s.assignee.map(|id| names.user(id)),
        staff: assignable(&staff, lang, s.assignee),
        countries: super::report::countries(
            lang,
            s.country.map(|c| c.alpha2()).unwrap_or_default(),
        ),
        modality: options::<Exploitation>(&codes(&s.modality)),
        means: options::<MeansDetail>(&codes(&s.means)),
        city: faro_domain::gazetteer::in_text(&r.place, s.country)
            .map(|c| c.name.to_string())
            .unwrap_or_default(),
        done,
        error,
        suggestions,
        masked,
        sees_identities,
        r,
    };
    Ok(no_store(render(status, lang, &detail)))
}

#[derive(serde::Deserialize)]
struct ShowQuery {
    done: Option<String>,
    /// `masked`: the report with its personal data masked.
    view: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    query: axum::extract::Query<ShowQuery>,
) -> PageResult {
    let done = query
        .0
        .done
        .filter(|d| ACTIONS.contains(&d.as_str()) || RELAYED.contains(&d.as_str()))
        .map(|d| format!("inbox-done-{d}"));
    detail_page(
        &state,
        &page,
        &session,
        page_id(&id)?,
        StatusCode::OK,
        done,
        None,
        query.0.view.is_some_and(|v| v == "masked"),
    )
    .await
}

/// The triage actions a form may post.
const ACTIONS: [&str; 10] = [
    "review",
    "reply",
    "ask",
    "note",
    "codes",
    "duplicate",
    "promote",
    "close",
    "reopen",
    "assign",
];

/// What the page may say after an action besides the action itself: a message relayed
/// through its gateway, or stored without leaving.
const RELAYED: [&str; 3] = ["reply_sent", "ask_sent", "not_relayed"];

/// The action a posted form asks for, or the key of what is wrong with it.
fn triage_of(pairs: &[(String, String)]) -> Result<Triage, &'static str> {
    let one = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let all = |name: &'static str| {
        pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let message =
        || text("text", one("text"), MESSAGE_MAX_CHARS, true).map_err(|_| "inbox-text_needed");
    Ok(match one("action") {
        "review" => Triage::Review,
        "reply" => Triage::Reply(message()?),
        "ask" => Triage::Ask(message()?),
        "note" => Triage::Note(message()?),
        "codes" => {
            let country = match one("country").trim() {
                "" => None,
                c => Some(Country::from_alpha2(c).ok_or("inbox-bad_codes")?),
            };
            let mut modality = Flags::default();
            for code in all("modality") {
                modality.put(
                    Exploitation::from_code(code).ok_or("inbox-bad_codes")?,
                    Some(true),
                );
            }
            let mut means = Flags::default();
            for code in all("means") {
                means.put(
                    MeansDetail::from_code(code).ok_or("inbox-bad_codes")?,
                    Some(true),
                );
            }
            // A city named by staff gives the point (and the country if none is chosen).
            let (country, point) = match one("city").trim() {
                "" => (country, None),
                name => {
                    let city =
                        faro_domain::gazetteer::find(name, country).ok_or("inbox-city_unknown")?;
                    (country.or(Some(city.country)), Some(city.point))
                }
            };
            Triage::Codes {
                country,
                point,
                modality,
                means,
            }
        }
        "duplicate" => Triage::Duplicate(
            one("of")
                .trim()
                .trim_start_matches('#')
                .parse()
                .map_err(|_| "inbox-duplicate_unknown")?,
        ),
        "promote" => Triage::Promote,
        "assign" => Triage::Assign(match one("assignee").trim() {
            "" | "none" => None,
            id => Some(id.parse().map_err(|_| "inbox-bad_assignee")?),
        }),
        "close" => Triage::Close(
            text("reason", one("reason"), CLOSE_REASON_MAX_CHARS, true)
                .map_err(|_| "inbox-reason_needed")?,
        ),
        "reopen" => Triage::Reopen,
        _ => return Err("inbox-unknown_action"),
    })
}

/// Applies a triage action and shows the report again (after a redirect, so that a reload
/// does not repeat it); a refused action is said on the report's page.
async fn act(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let id = page_id(&id)?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let action = pairs
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let refusal = match triage_of(&pairs) {
        Err(key) => key,
        Ok(triage) => match state.store.triage(&session.ctx, id, &triage).await {
            Ok(_) => {
                let done = match &triage {
                    Triage::Reply(text) | Triage::Ask(text) => {
                        relay(&state, &session, id, text, &action).await?
                    }
                    _ => action,
                };
                return Ok(Redirect::to(&format!("/inbox/{id}?done={done}")).into_response());
            }
            Err(StoreError::Invalid {
                field: "duplicate_of",
                ..
            }) => "inbox-duplicate_unknown",
            Err(StoreError::Invalid {
                field: "action", ..
            }) => "inbox-action_not_allowed",
            Err(StoreError::Invalid {
                field: "assignee", ..
            }) => "inbox-bad_assignee",
            Err(e) => return Err(e.into()),
        },
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    detail_page(
        &state,
        &page,
        &session,
        id,
        status,
        None,
        Some(refusal),
        false,
    )
    .await
}

/// Sends a staff message on through the report's gateway when the reporter wrote by SMS or
/// chat; what the page then says: the action, or that the message is stored but did not
/// leave (the reporter still sees it at follow-up if they have a receipt).
async fn relay(
    state: &AppState,
    session: &faro_store::Session,
    id: i64,
    text: &str,
    action: &str,
) -> Result<String, PageError> {
    let route = state.store.reply_route(&session.ctx, id).await?;
    let Some(gateway) = route
        .gateway
        .filter(|_| matches!(route.channel, Channel::Sms | Channel::Chat))
    else {
        return Ok(action.to_string());
    };
    match crate::gateway::send(state, &gateway, &route.contact_detail, text).await {
        Ok(()) => Ok(format!("{action}_sent")),
        Err(e) => {
            tracing::warn!(report = id, error = %e, "staff message not relayed");
            Ok("not_relayed".into())
        }
    }
}

async fn photo(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((id, photo)): Path<(String, String)>,
) -> PageResult {
    let found = state
        .store
        .attachment(&session.ctx, page_id(&id)?, page_id(&photo)?)
        .await?;
    Ok(photo_response(&found.media_type, found.bytes))
}

#[derive(Template)]
#[template(path = "inbox/intake.html")]
struct Intake {
    c: Chrome,
    f: FormFields,
    /// A call just taken: its report and the receipt code to read to the caller.
    taken: Option<(i64, String)>,
    /// Whether the operator may open a case for the caller from the call just taken.
    may_open_case: bool,
}

fn intake_page(state: &AppState, page: &Page, raw: RawReport) -> Intake {
    Intake {
        c: page.chrome(key!("inbox-new")),
        f: FormFields::new(page.lang, &state.reporting, raw, Voice::Operator),
        taken: None,
        may_open_case: page
            .session
            .as_ref()
            .is_some_and(|s| s.ctx.has(Permission::Cases)),
    }
}

async fn intake_form(State(state): State<AppState>, page: Page) -> Response {
    let form = intake_page(&state, &page, RawReport::default());
    no_store(render(StatusCode::OK, page.lang, &form))
}

/// A call taken by an operator: stored as a report of channel "phone", whose receipt the
/// operator reads to the caller.
async fn intake(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    form: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let checked: Checked = check_report(form, &state, Channel::Phone, page.lang).await?;
    let (draft, photos, claim) = match checked {
        Ok(c) => c,
        Err((raw, problems)) => {
            let mut form = intake_page(&state, &page, raw);
            form.f.problems = problems;
            return Ok(no_store(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                page.lang,
                &form,
            )));
        }
    };
    let organisation = session.user.organisation;
    let stored = store_report(&state, &session.ctx, organisation, &draft, &photos, claim).await?;
    let Some(taken) = stored else {
        return Ok(busy());
    };
    let mut form = intake_page(&state, &page, RawReport::default());
    form.taken = Some(taken);
    Ok(no_store(render(StatusCode::OK, page.lang, &form)))
}
