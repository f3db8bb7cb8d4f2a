//! Referrals' pages (`/referrals`): the lists in and out (a change the receiver made is marked
//! new for the sender), the form that sends a referral from a case (a service chosen in the
//! directory, or a provider not on Faro; consent checked by the store, a supervisor's
//! override), one referral with what was shared, its history and the steps its reader may
//! take, and the printable letter for a provider, in the provider's and the person's
//! languages. Every action is a plain form, complete without JavaScript.

use super::cases::{Choice, choices, labels};
use super::forms::no_store;
use super::names::Names;
use super::render::{Chrome, Done, Page, PageError, PageResult, SignedIn, refusal, render, when};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use crate::case_input::Form;
use crate::ids::PageId;
use crate::referral_input;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::case::{Day, PartnerKind, ServiceKind};
use faro_domain::referral::{
    OverrideReason, ReferralAction, ReferralKind, ReferralStatus, RejectReason, SharedPart, Side,
    Urgency,
};
use faro_domain::{Permission, Vocabulary};
use faro_i18n::{Lang, key};
use faro_store::{
    DirectoryQuery, DirectoryReader, ExternalProvider, Package, Referral, ReferralBox,
    ReferralFilter, ReferralSummary, Session,
};

const WORK: Need = Need::Permission(Permission::Cases);
const PAGE_SIZE: u32 = 50;
/// A referral's default follow-up: two weeks.
const FOLLOW_UP_DAYS: i32 = 14;

pub(super) const MENU: &[MenuEntry] = &[MenuEntry {
    path: "/referrals",
    key: "referrals",
    need: WORK,
    place: Place::Sections,
}];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/referrals", WORK, || get(list)),
        route("GET", "/referrals/new", WORK, || get(new)),
        route("POST", "/referrals/new", WORK, || post(send)),
        route("GET", "/referrals/{id}", WORK, || get(show)),
        route("POST", "/referrals/{id}", WORK, || post(act)),
        route("GET", "/referrals/{id}/letter", WORK, || get(letter)),
    ]
}

/// A referral in a list, in words.
pub struct Line {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub need: String,
    pub urgency: String,
    pub urgent: bool,
    pub with: String,
    pub follow_up: String,
    pub overdue: bool,
    pub news: bool,
}

/// The names of the instance's organisations, by id.
async fn organisations(state: &AppState) -> Result<Vec<(i64, String)>, PageError> {
    Ok(state
        .store
        .organisations()
        .await?
        .into_iter()
        .map(|o| (o.id.0, o.name))
        .collect())
}

fn named(orgs: &[(i64, String)], id: Option<faro_domain::OrganisationId>) -> String {
    id.and_then(|id| orgs.iter().find(|o| o.0 == id.0))
        .map(|o| o.1.clone())
        .unwrap_or_default()
}

/// Whom a referral went to: the organisation on the instance, or the external provider.
fn receiver(r: &Referral, orgs: &[(i64, String)]) -> String {
    match &r.external {
        Some(p) => p.name.clone(),
        None => named(orgs, r.summary.to),
    }
}

fn line(
    lang: Lang,
    (r, provider): &(ReferralSummary, Option<ExternalProvider>),
    list: ReferralBox,
    orgs: &[(i64, String)],
) -> Line {
    let with = match (list, provider) {
        (ReferralBox::In, _) => named(orgs, Some(r.from)),
        (ReferralBox::Out, Some(p)) => p.name.clone(),
        (ReferralBox::Out, None) => named(orgs, r.to),
    };
    Line {
        id: r.id,
        kind: lang.label(r.kind).into_owned(),
        status: lang.label(r.status).into_owned(),
        need: lang.label(r.need).into_owned(),
        urgency: lang.label(r.urgency).into_owned(),
        urgent: r.urgency == Urgency::Urgent,
        with,
        follow_up: r.follow_up.to_string(),
        overdue: r.overdue(crate::case_input::today()),
        news: r.news,
    }
}

/// What one partner made of the referrals sent to it, in words.
pub struct PartnerLine {
    pub name: String,
    pub sent: String,
    pub accepted: String,
    pub rejected: String,
    /// Accepted of those answered, as a percentage.
    pub rate: String,
    pub days: String,
}

#[derive(Template)]
#[template(path = "referrals/list.html")]
struct List {
    c: Chrome,
    incoming_waiting: String,
    outgoing_waiting: String,
    outgoing_overdue: String,
    partners: Vec<PartnerLine>,
    outgoing: bool,
    lines: Vec<Line>,
    statuses: Vec<Choice>,
    query: String,
    next: Option<i64>,
    first: bool,
}

/// The list's filters: `list` (in, out), `status`, the page (`before`); anything else 400.
fn filter(raw: Option<&str>) -> Result<ReferralFilter, PageError> {
    let bad = || PageError::new(StatusCode::BAD_REQUEST, key!("referrals-bad_filter"));
    let mut f = ReferralFilter {
        list: ReferralBox::In,
        status: None,
        before: None,
        limit: PAGE_SIZE,
    };
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let v = v.trim();
        match (&*k, v) {
            (_, "") | ("lang", _) => {}
            ("list", "in") => f.list = ReferralBox::In,
            ("list", "out") => f.list = ReferralBox::Out,
            ("status", v) => f.status = Some(ReferralStatus::from_code(v).ok_or_else(bad)?),
            ("before", v) => f.before = Some(v.parse().map_err(|_| bad())?),
            _ => return Err(bad()),
        }
    }
    Ok(f)
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let lang = page.lang;
    let f = filter(raw.as_deref())?;
    let found = state.store.referrals(&session.ctx, &f).await?;
    let orgs = organisations(&state).await?;
    let outgoing = f.list == ReferralBox::Out;
    let mut query = format!("list={}", if outgoing { "out" } else { "in" });
    if let Some(s) = f.status {
        query.push_str(&format!("&status={}", s.code()));
    }
    let figures = state.store.referral_figures(&session.ctx).await?;
    let external = lang.w(key!("referrals-external_providers")).into_owned();
    let view = List {
        c: page.chrome(key!("referrals")),
        incoming_waiting: lang.count(figures.incoming_waiting.unsigned_abs()),
        outgoing_waiting: lang.count(figures.outgoing_waiting.unsigned_abs()),
        outgoing_overdue: lang.count(figures.outgoing_overdue.unsigned_abs()),
        partners: figures
            .partners
            .iter()
            .map(|p| PartnerLine {
                name: match p.organisation {
                    Some(_) => named(&orgs, p.organisation),
                    None => external.clone(),
                },
                sent: lang.count(p.sent.unsigned_abs()),
                accepted: lang.count(p.accepted.unsigned_abs()),
                rejected: lang.count(p.rejected.unsigned_abs()),
                rate: match p.accepted + p.rejected {
                    0 => String::new(),
                    answered => {
                        let percent =
                            crate::pages::render::text_arg("percent", p.accepted * 100 / answered);
                        lang.format(key!("referrals-rate"), Some(&percent))
                            .into_owned()
                    }
                },
                days: p
                    .days_to_answer
                    .map(|d| format!("{:.1}", d))
                    .unwrap_or_default(),
            })
            .collect(),
        outgoing,
        lines: found
            .referrals
            .iter()
            .map(|r| line(lang, r, f.list, &orgs))
            .collect(),
        statuses: choices::<ReferralStatus>(lang, &f.status.into_iter().collect::<Vec<_>>()),
        query,
        next: found.next,
        first: f.before.is_none(),
    };
    Ok(no_store(render(StatusCode::OK, lang, &view)))
}

/// The service chosen in the directory, as the form shows it.
pub struct Chosen {
    pub id: String,
    pub name: String,
    pub organization: String,
    pub to: i64,
    pub to_name: String,
}

#[derive(Template)]
#[template(path = "referrals/new.html")]
struct New {
    c: Chrome,
    case: i64,
    person: String,
    chosen: Option<Chosen>,
    kinds: Vec<Choice>,
    partner_kinds: Vec<Choice>,
    needs: Vec<Choice>,
    urgencies: Vec<Choice>,
    parts: Vec<Choice>,
    overrides: Vec<Choice>,
    follow_up: String,
    /// The reader may override a missing consent (a supervisor of the case).
    supervisor: bool,
    /// The partner Faro instances an external referral may travel to, by id.
    instances: Vec<(String, String)>,
    /// The fields as typed, after a problem.
    typed: Option<Form>,
    error: Option<String>,
}

impl New {
    fn typed(&self, name: &str) -> String {
        self.typed
            .as_ref()
            .map(|f| f.get(name).to_string())
            .unwrap_or_default()
    }
}

/// The value of a choice as sent back, or the form's default.
fn kept_or<V: Vocabulary>(sent: &str, default: V) -> V {
    V::from_code(sent).unwrap_or(default)
}

/// The values of `name` ticked in a form sent back.
fn ticked<V: Vocabulary>(form: Option<&Form>, name: &str) -> Vec<V> {
    form.map(|f| f.all(name).filter_map(V::from_code).collect())
        .unwrap_or_default()
}

/// The case and the chosen service of the referral form, from its query or its post.
fn asked(form: &Form) -> (i64, Option<String>) {
    let case = form.number("case").filter(|c| *c > 0).unwrap_or(0);
    let service = Some(form.get("service").trim().to_string()).filter(|s| !s.is_empty());
    (case, service)
}

async fn chosen(
    state: &AppState,
    session: &Session,
    service: Option<String>,
) -> Result<Option<Chosen>, PageError> {
    let (Some(id), Some(org)) = (service, session.ctx.organisation()) else {
        return Ok(None);
    };
    let query = DirectoryQuery::one(&id.chars().take(200).collect::<String>());
    let found = state
        .store
        .directory_services(&session.ctx, DirectoryReader::Partner(org), &query)
        .await?;
    let Some(listed) = found.services.into_iter().next() else {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            key!("directory-not_found"),
        ));
    };
    let text = super::directory::text;
    let orgs = organisations(state).await?;
    Ok(Some(Chosen {
        id: text(&listed.service, "id"),
        name: text(&listed.service, "name"),
        organization: text(&listed.organization, "name"),
        to: listed.owner.0,
        to_name: named(&orgs, Some(listed.owner)),
    }))
}

async fn new_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    form: Form,
    said: (StatusCode, Option<String>),
) -> PageResult {
    let lang = page.lang;
    let (case, service) = asked(&form);
    let file = state.store.case_file(&session.ctx, case).await?;
    let chosen = chosen(state, session, service).await?;
    // The need searched for in the directory, carried along.
    let needs: Vec<ServiceKind> = ServiceKind::from_code(form.get("need").trim())
        .into_iter()
        .collect();
    let today = crate::case_input::today();
    let typed = said.1.is_some().then_some(form);
    // After a problem the form comes back as it was sent, ticks and choices included.
    let kept = |name: &str| typed.as_ref().map(|f| f.get(name).trim()).unwrap_or("");
    let view = New {
        c: page.chrome(key!("referrals-new")),
        case,
        person: file.person.name().to_string(),
        kinds: choices(lang, &[kept_or(kept("kind"), ReferralKind::Referral)])
            .into_iter()
            .filter(|k| k.value != ReferralKind::External.code())
            .collect(),
        partner_kinds: choices::<PartnerKind>(lang, &[]),
        needs: choices::<ServiceKind>(lang, &needs),
        urgencies: choices(lang, &[kept_or(kept("urgency"), Urgency::Soon)]),
        parts: choices::<SharedPart>(lang, &ticked(typed.as_ref(), "shared")),
        overrides: choices::<OverrideReason>(lang, &ticked(typed.as_ref(), "override_reason")),
        follow_up: match kept("follow_up") {
            "" => Day(today.0 + FOLLOW_UP_DAYS).to_string(),
            typed => typed.to_string(),
        },
        supervisor: file.may_override,
        instances: state
            .store
            .partner_instances(&session.ctx)
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), p.name))
            .collect(),
        chosen,
        typed,
        error: said.1,
    };
    Ok(no_store(render(said.0, lang, &view)))
}

async fn new(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let form = Form::parse(raw.unwrap_or_default().as_bytes());
    new_page(&state, &page, &session, form, (StatusCode::OK, None)).await
}

async fn send(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    body: Bytes,
) -> PageResult {
    let form = Form::parse(&body);
    let lang = page.lang;
    let said = match referral_input::referral(&form) {
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, lang.invalid(&e)),
        Ok(new) => match state.store.send_referral(&session.ctx, new).await {
            Ok(id) => {
                return Ok(Redirect::to(&format!("/referrals/{id}?done=sent")).into_response());
            }
            Err(e) => refusal(lang, e)?,
        },
    };
    new_page(&state, &page, &session, form, (said.0, Some(said.1))).await
}

/// One line of a referral's history, in words.
pub struct EventLine {
    pub at: String,
    pub who: String,
    pub what: String,
    pub status: String,
    pub reason: String,
    pub note: String,
}

/// A step the reader may take, with what it asks for.
pub struct StepForm {
    pub action: &'static str,
    pub words: String,
    pub reasons: Vec<Choice>,
    pub services: Vec<Choice>,
    pub note_required: bool,
}

#[derive(Template)]
#[template(path = "referrals/show.html")]
struct Show {
    c: Chrome,
    r: Referral,
    kind: String,
    status: String,
    need: String,
    urgency: String,
    from: String,
    to: String,
    partner_kind: String,
    shared: String,
    overridden: String,
    person: Vec<(String, String)>,
    plans: Vec<(String, String)>,
    /// The sender may download the package for a partner Faro instance.
    package: bool,
    events: Vec<EventLine>,
    steps: Vec<StepForm>,
    done: bool,
    error: Option<String>,
}

/// Labelled lines of a page: (words, value).
pub(super) type Lines = Vec<(String, String)>;

/// What a package shared, in words: the person's details, then the plans' sections.
pub(super) fn package_lines(lang: Lang, p: &Package) -> (Lines, Lines) {
    let plans = p
        .assessment
        .iter()
        .chain(p.safety.iter())
        .map(|(s, t)| (lang.w(super::cases::section_key(s)).into_owned(), t.clone()))
        .collect();
    (person_lines(lang, &p.person), plans)
}

fn person_lines(lang: Lang, p: &faro_domain::case::person::Person) -> Vec<(String, String)> {
    let mut out = vec![(
        lang.w(key!("cases-field-name")).into_owned(),
        p.names.join(", "),
    )];
    let mut push = |k: &'static str, v: String| {
        if !v.is_empty() {
            out.push((lang.w(k).into_owned(), v));
        }
    };
    push(
        key!("cases-field-birth"),
        match p.birth {
            Some(faro_domain::case::person::Birth::Date(d)) => d.to_string(),
            Some(faro_domain::case::person::Birth::Ages { min, max }) => format!("{min}–{max}"),
            None => String::new(),
        },
    );
    push(
        key!("cases-field-gender"),
        p.gender
            .map(|g| lang.label(g).into_owned())
            .unwrap_or_default(),
    );
    push(
        key!("cases-field-citizenship"),
        p.citizenship
            .map(|c| lang.country(c).into_owned())
            .unwrap_or_default(),
    );
    push(key!("cases-field-languages"), p.languages.join(", "));
    push(
        key!("cases-field-contacts"),
        p.contacts
            .iter()
            .map(|c| format!("{}: {}", lang.label(c.kind), c.value))
            .collect::<Vec<_>>()
            .join("; "),
    );
    push(
        key!("cases-field-documents"),
        p.documents
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    lang.label(d.kind),
                    d.number.clone().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    );
    out
}

/// One step of the history in words. Who took it is named only within the reader's own
/// organisation; a step of the other side's says which organisation, never its staff's ids.
fn event_line(
    lang: Lang,
    (names, own): (&Names, Option<faro_domain::OrganisationId>),
    orgs: &[(i64, String)],
    e: &faro_store::ReferralEvent,
) -> EventLine {
    let what = match ReferralAction::from_code(&e.action) {
        Some(a) => lang.label(a).into_owned(),
        None if e.action == "send" => lang.w(key!("referrals-sent")).into_owned(),
        None => lang.w(key!("referrals-revoked_by_consent")).into_owned(),
    };
    let reason = e
        .reason
        .as_deref()
        .and_then(|r| {
            RejectReason::from_code(r)
                .map(|x| lang.label(x).into_owned())
                .or_else(|| OverrideReason::from_code(r).map(|x| lang.label(x).into_owned()))
        })
        .or_else(|| e.service.map(|s| lang.label(s).into_owned()))
        .unwrap_or_default();
    let theirs = e.organisation.is_some() && e.organisation != own;
    let who = match theirs {
        true => String::new(),
        false => names.actor(lang, &e.actor),
    };
    EventLine {
        at: when(e.at),
        who: match named(orgs, e.organisation) {
            org if org.is_empty() => who,
            org if who.is_empty() => org,
            org => format!("{who} · {org}"),
        },
        what,
        status: lang.label(e.status).into_owned(),
        reason,
        note: e.note.clone().unwrap_or_default(),
    }
}

fn step_forms(lang: Lang, r: &Referral) -> Vec<StepForm> {
    ReferralAction::ALL
        .iter()
        .filter(|a| r.summary.status.after(**a, r.side, r.summary.kind).is_ok())
        .map(|a| StepForm {
            action: a.code(),
            words: lang.label(*a).into_owned(),
            reasons: if *a == ReferralAction::Reject {
                choices::<RejectReason>(lang, &[])
            } else {
                Vec::new()
            },
            services: if *a == ReferralAction::Deliver {
                choices::<ServiceKind>(lang, &[r.summary.need])
            } else {
                Vec::new()
            },
            note_required: matches!(a, ReferralAction::AskMore | ReferralAction::Answer),
        })
        .collect()
}

async fn show_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    id: i64,
    said: (StatusCode, bool, Option<String>),
) -> PageResult {
    let lang = page.lang;
    let r = state.store.referral(&session.ctx, id).await?;
    let orgs = organisations(state).await?;
    let staff = match session.ctx.organisation() {
        Some(org) => state.store.staff(&session.ctx, org).await?,
        None => Vec::new(),
    };
    let names = Names::from(staff.as_slice());
    let (person, plans) = r
        .package
        .as_ref()
        .map(|p| package_lines(lang, p))
        .unwrap_or_default();
    let view = Show {
        c: page.chrome(key!("referrals-referral")),
        kind: lang.label(r.summary.kind).into_owned(),
        status: lang.label(r.summary.status).into_owned(),
        need: lang.label(r.summary.need).into_owned(),
        urgency: lang.label(r.summary.urgency).into_owned(),
        from: named(&orgs, Some(r.summary.from)),
        to: receiver(&r, &orgs),
        partner_kind: lang.label(r.partner_kind).into_owned(),
        shared: labels(lang, &r.shared),
        overridden: r
            .overridden
            .map(|o| lang.label(o).into_owned())
            .unwrap_or_default(),
        person,
        plans,
        package: r.external.as_ref().is_some_and(|e| e.instance.is_some())
            && r.side == Side::Sender
            && r.summary.status.is_open(),
        events: r
            .events
            .iter()
            .rev()
            .map(|e| event_line(lang, (&names, session.ctx.organisation()), &orgs, e))
            .collect(),
        steps: step_forms(lang, &r),
        done: said.1,
        error: said.2,
        r,
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

async fn act(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
    body: Bytes,
) -> PageResult {
    let form = Form::parse(&body);
    let lang = page.lang;
    let said = match referral_input::step(&form) {
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, lang.invalid(&e)),
        Ok(step) => match state.store.referral_step(&session.ctx, id, step).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/referrals/{id}?done=saved")).into_response());
            }
            Err(e) => refusal(lang, e)?,
        },
    };
    show_page(&state, &page, &session, id, (said.0, false, Some(said.1))).await
}

/// The letter in one language.
pub struct LetterPart {
    pub lang: Lang,
    pub need: String,
    pub urgency: String,
    pub shared: String,
}

#[derive(Template)]
#[template(path = "referrals/letter.html")]
struct Letter {
    staff: Lang,
    style: String,
    id: i64,
    date: String,
    from: String,
    to: String,
    contact: String,
    follow_up: String,
    person: Vec<(String, String)>,
    note: String,
    parts: Vec<LetterPart>,
}

/// `/referrals/{id}/letter`: the letter a provider receives (printed, or saved as PDF by the
/// browser), in the provider's language and the person's when they differ; the person's
/// details as shared. Read like the referral, audited as its read.
async fn letter(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
) -> PageResult {
    let staff = page.lang;
    let r = state.store.referral(&session.ctx, id).await?;
    if r.side != Side::Sender {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            key!("referrals-no_letter"),
        ));
    }
    let orgs = organisations(&state).await?;
    let provider_lang = r
        .external
        .as_ref()
        .and_then(|e| e.language.as_deref())
        .and_then(Lang::from_code);
    // The person's language is the sender's to know even when it was not shared.
    let person_lang = match r.case {
        Some(case) => state
            .store
            .case_file(&session.ctx, case)
            .await?
            .person
            .languages
            .iter()
            .find_map(|l| Lang::from_code(l)),
        None => None,
    };
    let mut langs = vec![provider_lang.unwrap_or(staff)];
    if let Some(l) = person_lang.filter(|l| !langs.contains(l)) {
        langs.push(l);
    }
    let parts = langs
        .into_iter()
        .map(|lang| LetterPart {
            lang,
            need: lang.label(r.summary.need).into_owned(),
            urgency: lang.label(r.summary.urgency).into_owned(),
            shared: labels(lang, &r.shared),
        })
        .collect();
    let view = Letter {
        staff,
        style: crate::pages::assets::url("faro.css"),
        id,
        date: crate::case_input::today().to_string(),
        from: named(&orgs, Some(r.summary.from)),
        to: receiver(&r, &orgs),
        contact: r
            .external
            .as_ref()
            .and_then(|p| p.contact.clone())
            .unwrap_or_default(),
        follow_up: r.summary.follow_up.to_string(),
        person: r
            .package
            .as_ref()
            .map(|p| person_lines(provider_lang.unwrap_or(staff), &p.person))
            .unwrap_or_default(),
        note: r
            .package
            .as_ref()
            .and_then(|p| p.note.clone())
            .unwrap_or_default(),
        parts,
    };
    Ok(no_store(render(StatusCode::OK, staff, &view)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_takes_only_its_own_filters() {
        let f = filter(Some("list=out&status=done&before=9&lang=fr")).unwrap();
        assert_eq!(
            (f.list, f.status, f.before),
            (ReferralBox::Out, Some(ReferralStatus::Done), Some(9))
        );
        for bad in ["list=up", "status=lost", "before=x", "page=2"] {
            assert!(filter(Some(bad)).is_err(), "{bad}");
        }
    }
}
