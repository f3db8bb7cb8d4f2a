//! A case's page: its head (status, who has it, a step waiting for approval, the next steps)
//! and one tab at a time (`?tab=`): the person, consent, needs and safety, services, tasks,
//! the timeline of every change, the reports and records it points at. Every action is a
//! form posted to the case's address and answered with the page again (PRG), or with the
//! page and its problem when a box needs fixing or someone else saved first.

use super::open::{PersonForm, problem_words};
use super::{Choice, choices, people, team_choices, team_name, workers};
use crate::AppState;
use crate::case_input::{self as form, Form};
use crate::ids::PageId;
use crate::pages::forms::no_store;
use crate::pages::names::Names;
use crate::pages::render::{
    Chrome, Page, PageError, PageResult, SignedIn, refusal, render, text_arg, when,
};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use faro_domain::Vocabulary;
use faro_domain::case::{
    CaseStatus, ClosureReason, ConsentMeans, ConsentPurpose, ConsentState, PartnerKind, PlanKind,
    ServiceKind, ServiceStatus,
};
use faro_i18n::{Lang, key};
use faro_store::{CaseFile, Step, StoreError};

/// The tabs, in order: their `?tab=` value and their words.
const TABS: [(&str, &str); 7] = [
    ("person", key!("cases-tab-person")),
    ("consent", key!("cases-tab-consent")),
    ("plans", key!("cases-tab-plans")),
    ("services", key!("cases-tab-services")),
    ("tasks", key!("cases-tab-tasks")),
    ("timeline", key!("cases-tab-timeline")),
    ("links", key!("cases-tab-links")),
];

/// What an action that worked says on the page after it.
const DONE: [(&str, &str); 2] = [
    ("opened", key!("cases-opened")),
    ("saved", key!("cases-saved")),
];

pub struct Tab {
    pub value: &'static str,
    pub key: &'static str,
    pub on: bool,
}

/// A step the reader may take from here: its value and words.
pub struct Move {
    pub to: &'static str,
    pub key: &'static str,
}

impl ConsentLine {
    /// The words that name it beside its scan's field.
    fn scan_args(&self) -> faro_i18n::FluentArgs<'static> {
        let mut args = faro_i18n::FluentArgs::new();
        args.set("purpose", self.purpose.clone());
        args.set("recorded", self.recorded.clone());
        args
    }
}

pub struct ConsentLine {
    pub id: i64,
    pub purpose: String,
    pub state: String,
    pub means: String,
    pub until: String,
    pub partners: String,
    pub given_by: String,
    pub recorded: String,
    pub in_force: bool,
    /// Given on a signed form whose scan is not kept yet.
    pub scan_missing: bool,
    /// Its signed form's scan is kept.
    pub scan: bool,
}

pub struct PlanView {
    pub kind: &'static str,
    pub title: String,
    /// Each section: its name, its words, its text.
    pub sections: Vec<(String, String, String)>,
    /// "Version 2, saved … by …", or empty before the first.
    pub saved: String,
}

pub struct ServiceLine {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub planned: String,
    pub delivered: String,
    pub provider: String,
    pub outcome: String,
    pub statuses: Vec<Choice>,
}

pub struct TaskLine {
    pub id: i64,
    pub title: String,
    pub due: String,
    pub assignee: String,
    pub overdue: bool,
    pub done: bool,
}

pub struct Change {
    pub at: String,
    pub who: String,
    pub what: String,
    pub before: String,
    pub after: String,
    pub withheld: bool,
}

#[derive(Template)]
#[template(path = "cases/file.html")]
struct File {
    c: Chrome,
    f: CaseFile,
    tab: &'static str,
    tabs: Vec<Tab>,
    status: String,
    assignee: String,
    team: String,
    opened: String,
    /// "Waiting for approval: … (asked by …)".
    pending: Option<String>,
    moves: Vec<Move>,
    closure_reasons: Vec<Choice>,
    people: Vec<Choice>,
    teams: Vec<Choice>,
    p: PersonForm,
    consents: Vec<ConsentLine>,
    purposes: Vec<Choice>,
    states: Vec<Choice>,
    means: Vec<Choice>,
    partners: Vec<Choice>,
    plans: Vec<PlanView>,
    services: Vec<ServiceLine>,
    service_kinds: Vec<Choice>,
    service_statuses: Vec<Choice>,
    tasks: Vec<TaskLine>,
    changes: Vec<Change>,
    withheld: String,
    done: Option<&'static str>,
    error: Option<String>,
}

impl File {
    fn path(&self) -> String {
        format!("/cases/{}", self.f.head.id)
    }

    fn open(&self) -> bool {
        self.f.head.status.is_open()
    }

    fn version(&self) -> i64 {
        self.f.head.version
    }

    fn scans_missing(&self) -> bool {
        self.consents.iter().any(|k| k.scan_missing)
    }

    /// A service's kind, which an update keeps.
    fn service_code(&self, id: i64) -> &'static str {
        self.f
            .services
            .iter()
            .find(|s| s.id == id)
            .map_or("other", |s| s.kind.code())
    }
}

fn tab_of(raw: Option<&str>) -> (&'static str, Option<&'static str>) {
    let mut tab = TABS[0].0;
    let mut done = None;
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match &*k {
            "tab" => tab = TABS.iter().find(|t| t.0 == v).map_or(tab, |t| t.0),
            "done" => done = DONE.iter().find(|d| d.0 == v).map(|d| d.1),
            _ => {}
        }
    }
    (tab, done)
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (tab, done) = tab_of(raw.as_deref());
    let said = Said {
        status: StatusCode::OK,
        done,
        error: None,
        typed: None,
    };
    file_page(&state, &page, &session, id, tab, said).await
}

/// What the page says after an action: its status, what was done, what went wrong, and the
/// person's form as typed when a box of it needs fixing.
struct Said {
    status: StatusCode,
    done: Option<&'static str>,
    error: Option<String>,
    typed: Option<PersonForm>,
}

/// The steps the workflow offers from `status` (those waiting for approval are asked for).
fn moves(status: CaseStatus) -> Vec<Move> {
    let step = |to: &'static str, key: &'static str| Move { to, key };
    match status {
        CaseStatus::New => vec![step("assessment", key!("cases-step-assessment"))],
        CaseStatus::Assessment => vec![step("plan", key!("cases-step-plan"))],
        CaseStatus::Plan => vec![step("services", key!("cases-step-services"))],
        CaseStatus::Services => Vec::new(),
        CaseStatus::Closed => vec![step("assessment", key!("cases-step-reopen"))],
    }
}

async fn file_page(
    state: &AppState,
    page: &Page,
    session: &faro_store::Session,
    id: i64,
    tab: &'static str,
    said: Said,
) -> PageResult {
    let f = state.store.case_file(&session.ctx, id).await?;
    let lang = page.lang;
    let (staff, teams) = people(state, session).await?;
    let names = Names::from(staff.as_slice());
    let pending = f.head.pending.map(|p| {
        let mut args = faro_i18n::FluentArgs::new();
        args.set("step", lang.label(p.to).into_owned());
        args.set("who", names.user(p.by));
        lang.format(key!("cases-pending"), Some(&args)).into_owned()
    });
    let today = crate::case_input::today();
    let withheld = if f.person.withheld > 0 {
        let mut args = faro_i18n::FluentArgs::new();
        args.set("count", f.person.withheld);
        lang.format(key!("cases-withheld"), Some(&args))
            .into_owned()
    } else {
        String::new()
    };
    let view = File {
        c: page.chrome(key!("cases-case")),
        tab,
        tabs: TABS
            .iter()
            .map(|(value, key)| Tab {
                value,
                key,
                on: *value == tab,
            })
            .collect(),
        status: lang.label(f.head.status).into_owned(),
        assignee: f.head.assignee.map(|u| names.user(u)).unwrap_or_default(),
        team: team_name(&teams, f.head.team),
        opened: when(f.head.opened_at),
        pending,
        moves: moves(f.head.status),
        closure_reasons: choices::<ClosureReason>(lang, &[]),
        people: workers(lang, &staff, f.head.assignee),
        teams: team_choices(&teams, f.head.team),
        p: said
            .typed
            .unwrap_or_else(|| PersonForm::of(lang, &f.person)),
        consents: f
            .consents
            .iter()
            .map(|c| consent_line(lang, &names, c))
            .collect(),
        purposes: choices::<ConsentPurpose>(lang, &[]),
        states: choices::<ConsentState>(lang, &[ConsentState::Given]),
        means: choices::<ConsentMeans>(lang, &[ConsentMeans::Spoken]),
        partners: choices::<PartnerKind>(lang, &[]),
        plans: PlanKind::ALL
            .iter()
            .map(|k| plan_view(lang, &names, &f, *k))
            .collect(),
        services: f.services.iter().map(|s| service_line(lang, s)).collect(),
        service_kinds: choices::<ServiceKind>(lang, &[]),
        service_statuses: choices::<ServiceStatus>(lang, &[ServiceStatus::Needed]),
        tasks: f
            .tasks
            .iter()
            .map(|t| TaskLine {
                id: t.id,
                title: t.title.clone(),
                due: t.due.to_string(),
                assignee: t.assignee.map(|u| names.user(u)).unwrap_or_default(),
                overdue: t.overdue(today),
                done: t.done_at.is_some(),
            })
            .collect(),
        changes: f
            .history
            .iter()
            .map(|h| change(lang, &names, &teams, h))
            .collect(),
        withheld,
        done: said.done,
        error: said.error,
        f,
    };
    Ok(no_store(render(said.status, lang, &view)))
}

fn consent_line(lang: Lang, names: &Names, c: &faro_store::Consent) -> ConsentLine {
    ConsentLine {
        id: c.id,
        purpose: lang.label(c.purpose).into_owned(),
        state: lang.label(c.state).into_owned(),
        means: lang.label(c.means).into_owned(),
        until: c.until.map(|d| d.to_string()).unwrap_or_default(),
        partners: super::labels(lang, &c.partners),
        given_by: c.given_by.clone().unwrap_or_default(),
        recorded: format!(
            "{} · {}",
            when(c.recorded_at),
            names.actor(lang, &c.recorded_by)
        ),
        in_force: c.in_force,
        scan_missing: c.means == ConsentMeans::SignedForm && !c.scan,
        scan: c.scan,
    }
}

pub(crate) fn section_key(section: &str) -> &'static str {
    match section {
        "needs" => key!("cases-section-needs"),
        "strengths" => key!("cases-section-strengths"),
        "wishes" => key!("cases-section-wishes"),
        "contacts" => key!("cases-section-contacts"),
        "safe_places" => key!("cases-section-safe_places"),
        "if_contacted" => key!("cases-section-if_contacted"),
        _ => key!("cases-section-risks"),
    }
}

fn plan_view(lang: Lang, names: &Names, f: &CaseFile, kind: PlanKind) -> PlanView {
    let saved = f.plans.iter().find(|p| p.kind == kind);
    let text = |s: &str| {
        saved
            .and_then(|p| p.sections.iter().find(|(n, _)| n == s))
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    PlanView {
        kind: kind.code(),
        title: lang.label(kind).into_owned(),
        sections: kind
            .sections()
            .iter()
            .map(|s| (s.to_string(), lang.w(section_key(s)).into_owned(), text(s)))
            .collect(),
        saved: saved
            .map(|p| {
                let mut args = faro_i18n::FluentArgs::new();
                args.set("version", p.versions.to_string());
                args.set("at", when(p.at));
                args.set("who", names.actor(lang, &p.author));
                lang.format(key!("cases-plan-saved"), Some(&args))
                    .into_owned()
            })
            .unwrap_or_default(),
    }
}

fn service_line(lang: Lang, s: &faro_store::Service) -> ServiceLine {
    ServiceLine {
        id: s.id,
        kind: lang.label(s.kind).into_owned(),
        status: lang.label(s.status).into_owned(),
        planned: s.planned.map(|d| d.to_string()).unwrap_or_default(),
        delivered: s.delivered.map(|d| d.to_string()).unwrap_or_default(),
        provider: s.provider.clone().unwrap_or_default(),
        outcome: s.outcome.clone().unwrap_or_default(),
        statuses: choices(lang, &[s.status]),
    }
}

/// A change of the history in words: what changed, and its values where they are codes or
/// people; a person's details as the plain text they hold.
fn change(
    lang: Lang,
    names: &Names,
    teams: &[faro_store::Team],
    h: &faro_store::HistoryEntry,
) -> Change {
    let (group, item) = h.field.split_once('.').unwrap_or((h.field.as_str(), ""));
    let what = match group {
        "opened" => lang.w(key!("cases-change-opened")).into_owned(),
        "status" => lang.w(key!("cases-change-status")).into_owned(),
        "pending" => lang.w(key!("cases-change-pending")).into_owned(),
        "assignee" => lang.w(key!("cases-change-assignee")).into_owned(),
        "team" => lang.w(key!("cases-change-team")).into_owned(),
        "consent" => ConsentPurpose::from_code(item)
            .map(|p| lang.label(p).into_owned())
            .unwrap_or_default(),
        "plan" => PlanKind::from_code(item)
            .map(|p| lang.label(p).into_owned())
            .unwrap_or_default(),
        "service" => ServiceKind::from_code(item)
            .map(|p| lang.label(p).into_owned())
            .unwrap_or_default(),
        "task" => lang.w(key!("cases-change-task")).into_owned(),
        "scan" => ConsentPurpose::from_code(item)
            .map(|p| {
                let purpose = text_arg("purpose", lang.label(p));
                lang.format(key!("cases-change-scan"), Some(&purpose))
                    .into_owned()
            })
            .unwrap_or_default(),
        _ => format!("{} ({item})", lang.w(key!("cases-change-person"))),
    };
    let value = |v: &str| -> String {
        let numbered = |key: &'static str, name: &'static str, n: &str| {
            lang.format(key, Some(&text_arg(name, n))).into_owned()
        };
        match (group, v.split_once(' ')) {
            (_, Some(("report", n))) => return numbered(key!("cases-from_report"), "id", n),
            (_, Some(("record", n))) => return numbered(key!("cases-from_record"), "id", n),
            (_, Some(("referral", n))) => return numbered(key!("cases-from_referral"), "id", n),
            ("plan", _) if !v.is_empty() => return numbered(key!("cases-version"), "version", v),
            _ => {}
        }
        match v {
            "scan" => return lang.w(key!("cases-scan-kept")).into_owned(),
            "approved" => return lang.w(key!("cases-decision-approved")).into_owned(),
            "refused" => return lang.w(key!("cases-decision-refused")).into_owned(),
            _ => {}
        }
        if let Some(s) = CaseStatus::from_code(v) {
            return lang.label(s).into_owned();
        }
        if let Some(s) = ConsentState::from_code(v) {
            return lang.label(s).into_owned();
        }
        if let Some(s) = ServiceStatus::from_code(v) {
            return lang.label(s).into_owned();
        }
        if let Some(id) = v.strip_prefix("team ").and_then(|t| t.parse().ok()) {
            return team_name(teams, Some(id));
        }
        if v.starts_with("user ") {
            return names.actor(lang, v);
        }
        plain(v)
    };
    Change {
        at: when(h.at),
        who: names.actor(lang, &h.actor),
        what,
        before: value(&h.before),
        after: value(&h.after),
        withheld: h.withheld,
    }
}

/// A person's detail as stored (JSON) in plain words: strings as they are, lists joined,
/// objects by their values.
fn plain(v: &str) -> String {
    fn words(v: &serde_json::Value) -> String {
        match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) => items
                .iter()
                .map(words)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
            serde_json::Value::Object(map) => map
                .values()
                .filter(|x| !x.is_boolean())
                .map(words)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }
    }
    match serde_json::from_str::<serde_json::Value>(v) {
        Ok(value) => words(&value),
        Err(_) => v.to_string(),
    }
}

/// The tab an action's answer shows.
fn tab_for(action: &str) -> &'static str {
    match action {
        "consent" => "consent",
        "plan" => "plans",
        "service" => "services",
        "task" | "task_done" => "tasks",
        _ => "person",
    }
}

/// Every action on a case, by the form's `action`.
pub(super) async fn act(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
    body: Bytes,
) -> PageResult {
    let f = Form::parse(&body);
    let action = f.get("action").to_string();
    let ctx = &session.ctx;
    let version = f.number("version").unwrap_or(-1);
    let store = &state.store;
    let lang = page.lang;
    let tab = tab_for(&action);
    let outcome: Result<Result<i64, StoreError>, faro_domain::ValidationError> =
        match action.as_str() {
            "person" => match form::person(&f) {
                Ok(p) => Ok(store.update_person(ctx, id, version, p).await),
                Err(e) => Err(e),
            },
            "consent" => match form::consent(&f) {
                Ok(c) => Ok(store.record_consent(ctx, id, c).await),
                Err(e) => Err(e),
            },
            "plan" => match form::plan(&f) {
                Ok((kind, sections)) => Ok(store.save_plan(ctx, id, version, kind, sections).await),
                Err(e) => Err(e),
            },
            "service" => match form::service(&f) {
                Ok(s) => Ok(store.save_service(ctx, id, f.number("service_id"), s).await),
                Err(e) => Err(e),
            },
            "task" => match form::task(&f) {
                Ok(t) => Ok(store.add_task(ctx, id, t).await),
                Err(e) => Err(e),
            },
            "task_done" => Ok(store
                .complete_task(ctx, id, f.number("task").unwrap_or(0))
                .await),
            "step" => match CaseStatus::from_code(f.get("to")) {
                Some(to) => Ok(store.step_case(ctx, id, version, Step::To(to)).await),
                None => Err(faro_domain::ValidationError::new(
                    "status",
                    faro_domain::Message::new(faro_domain::problem::NOT_ONE_OF)
                        .with("expected", CaseStatus::code_list()),
                )),
            },
            "close" => match form::closure(&f) {
                Ok((reason, summary)) => Ok(store
                    .step_case(ctx, id, version, Step::Close { reason, summary })
                    .await),
                Err(e) => Err(e),
            },
            "approve" | "refuse" => Ok(store.decide_step(ctx, id, action == "approve").await),
            "assign" => {
                let who = f.number("assignee");
                let team = f.number("team");
                Ok(store.assign_case(ctx, id, version, who, team).await)
            }
            _ => {
                return Err(PageError::new(
                    StatusCode::BAD_REQUEST,
                    key!("cases-unknown_action"),
                ));
            }
        };
    let typed = (action == "person").then(|| PersonForm::typed(lang, &f));
    let outcome = outcome.map_err(|e| problem_words(lang, &e));
    answer(&state, &page, &session, (id, tab), outcome, typed).await
}

/// The answer to an action on a case's tab: back to the tab when it was done; else the tab
/// again, saying what went wrong (`Err` holds a form's own problem, in words) with the
/// person's form as typed.
pub(super) async fn answer(
    state: &AppState,
    page: &Page,
    session: &faro_store::Session,
    (id, tab): (i64, &'static str),
    outcome: Result<Result<i64, StoreError>, String>,
    typed: Option<PersonForm>,
) -> PageResult {
    let (status, words) = match outcome {
        Ok(Ok(_)) => {
            return Ok(Redirect::to(&format!("/cases/{id}?tab={tab}&done=saved")).into_response());
        }
        Ok(Err(e)) => refusal(page.lang, e)?,
        Err(words) => (StatusCode::UNPROCESSABLE_ENTITY, words),
    };
    let said = Said {
        status,
        done: None,
        error: Some(words),
        typed,
    };
    file_page(state, page, session, id, tab, said).await
}
