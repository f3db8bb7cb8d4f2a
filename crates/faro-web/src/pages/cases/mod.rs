//! Case management's pages (`/cases`): what needs the reader's action first, then the list
//! of their cases with filters in the URL and pages; the search made before a case is opened
//! (`open.rs`); a case's page with its tabs and every action as a plain form (`file.rs`).
//! Who sees which case is the store's to decide (`faro-store`'s `cases`); these pages only
//! show it, in the reader's language, complete without JavaScript.

mod export;
mod file;
pub(crate) use file::section_key;
mod open;
pub(crate) mod scan;
pub(crate) mod stats;
mod summary;

use super::forms::no_store;
use super::names::Names;
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render, when};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use faro_domain::case::{CaseStatus, Day};
use faro_domain::{Permission, Vocabulary};
use faro_i18n::{Lang, key};
use faro_store::{CaseFilter, CaseSummary, Session, Team};

const WORK: Need = Need::Permission(Permission::Cases);
/// Cases per page of the list.
const PAGE_SIZE: u32 = 50;

pub(super) const MENU: &[MenuEntry] = &[MenuEntry {
    path: "/cases",
    key: "cases",
    need: WORK,
    place: Place::Sections,
}];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/cases", WORK, || get(list)),
        route("GET", "/cases/new", WORK, || get(open::search)),
        route("POST", "/cases/new", WORK, || post(open::open)),
        route("GET", "/cases/{id}", WORK, || get(file::show)),
        route("GET", "/cases/{id}/export", WORK, || get(export::export)),
        route("GET", "/cases/{id}/summary", WORK, || get(summary::show)),
        route("POST", "/cases/{id}", WORK, || post(file::act)),
        route("POST", "/cases/{id}/consents/{consent}/scan", WORK, || {
            post(scan::attach)
        })
        .with_photos(),
        route("GET", "/cases/{id}/consents/{consent}/scan", WORK, || {
            get(scan::show)
        }),
    ]
}

/// A choice of a select: a value, its words, whether it is chosen.
pub struct Choice {
    pub value: String,
    pub words: String,
    pub on: bool,
}

/// The choices of vocabulary `V`, its labels in `lang`.
pub(crate) fn choices<V: Vocabulary>(lang: Lang, chosen: &[V]) -> Vec<Choice> {
    V::ALL
        .iter()
        .map(|v| Choice {
            value: v.code().into(),
            words: lang.label(*v).into_owned(),
            on: chosen.contains(v),
        })
        .collect()
}

/// The labels of `values` in `lang`, as one line.
pub(crate) fn labels<V: Vocabulary>(lang: Lang, values: &[V]) -> String {
    values
        .iter()
        .map(|v| lang.label(*v).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A case in a list, in words.
pub struct Line {
    pub id: i64,
    pub name: String,
    pub status: String,
    pub assignee: String,
    pub team: String,
    pub active: String,
    /// A step waits for a supervisor.
    pub pending: bool,
    /// What the line is listed for (a task's title, a consent's end), when it is not the case.
    pub why: String,
}

pub(crate) fn line(lang: Lang, c: &CaseSummary, names: &Names, teams: &[Team]) -> Line {
    Line {
        id: c.head.id,
        name: c.name.clone(),
        status: lang.label(c.head.status).into_owned(),
        assignee: c.head.assignee.map(|u| names.user(u)).unwrap_or_default(),
        team: team_name(teams, c.head.team),
        active: when(c.head.active_at),
        pending: c.head.pending.is_some(),
        why: String::new(),
    }
}

pub(crate) fn team_name(teams: &[Team], team: Option<i64>) -> String {
    team.and_then(|t| teams.iter().find(|x| x.id == t))
        .map(|t| t.name.clone())
        .unwrap_or_default()
}

/// One list of what needs action: its title's key, its lines, how many there are in all.
pub struct Section {
    pub key: &'static str,
    pub lines: Vec<Line>,
    pub total: i64,
}

#[derive(Template)]
#[template(path = "cases/list.html")]
struct List {
    c: Chrome,
    sections: Vec<Section>,
    lines: Vec<Line>,
    statuses: Vec<Choice>,
    people: Vec<Choice>,
    teams: Vec<Choice>,
    /// The filters as a query string, for the next page's link.
    query: String,
    next: Option<i64>,
    first: bool,
}

impl List {
    fn nothing_to_do(&self) -> bool {
        self.sections.iter().all(|s| s.total == 0)
    }

    fn in_all(&self, s: &Section) -> String {
        let (key, count) = if s.total > faro_store::COUNT_CAP {
            (key!("cases-more_than"), faro_store::COUNT_CAP)
        } else {
            (key!("cases-in_all"), s.total)
        };
        let mut args = faro_i18n::FluentArgs::new();
        args.set("count", count);
        self.c.lang.format(key, Some(&args)).into_owned()
    }
}

/// The staff and teams of the reader's organisation, for names and choices.
pub(crate) async fn people(
    state: &AppState,
    session: &Session,
) -> Result<(Vec<faro_store::User>, Vec<Team>), PageError> {
    let org = session.user.organisation;
    let staff = state.store.staff(&session.ctx, org).await?;
    let teams = state.store.teams(&session.ctx, org).await?;
    Ok((staff, teams))
}

/// Who works on cases, as choices (active staff whose role has `Permission::Cases`).
pub(crate) fn workers(lang: Lang, staff: &[faro_store::User], chosen: Option<i64>) -> Vec<Choice> {
    let mut out: Vec<Choice> = staff
        .iter()
        .filter(|u| !u.disabled && u.role.permissions().contains(&Permission::Cases))
        .map(|u| Choice {
            value: u.id.to_string(),
            words: u.shown_as().to_string(),
            on: chosen == Some(u.id),
        })
        .collect();
    out.sort_by(|a, b| lang.compare(&a.words, &b.words));
    out
}

pub(crate) fn team_choices(teams: &[Team], chosen: Option<i64>) -> Vec<Choice> {
    teams
        .iter()
        .map(|t| Choice {
            value: t.id.to_string(),
            words: t.name.clone(),
            on: chosen == Some(t.id),
        })
        .collect()
}

/// The list's filters from its query: status, assignee (`me`, `none` or an id), team, and
/// the page (`before`). Anything else is a 400.
fn filter(raw: Option<&str>, me: i64) -> Result<CaseFilter, ()> {
    let mut f = CaseFilter {
        limit: PAGE_SIZE,
        ..CaseFilter::default()
    };
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        match &*k {
            "status" => f.status = Some(CaseStatus::from_code(v).ok_or(())?),
            "assignee" => {
                f.assignee = Some(match v {
                    "me" => Some(me),
                    "none" => None,
                    id => Some(id.parse().map_err(|_| ())?),
                })
            }
            "team" => f.team = Some(v.parse().map_err(|_| ())?),
            "before" => f.before = Some(v.parse().map_err(|_| ())?),
            "lang" => {}
            _ => return Err(()),
        }
    }
    Ok(f)
}

fn query(f: &CaseFilter, me: i64) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(s) = f.status {
        q.append_pair("status", s.code());
    }
    match f.assignee {
        Some(Some(u)) if u == me => {
            q.append_pair("assignee", "me");
        }
        Some(Some(u)) => {
            q.append_pair("assignee", &u.to_string());
        }
        Some(None) => {
            q.append_pair("assignee", "none");
        }
        None => {}
    }
    if let Some(t) = f.team {
        q.append_pair("team", &t.to_string());
    }
    q.finish()
}

/// What needs the reader's action, then their cases.
async fn list(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let me = session.user.id;
    let filter = filter(raw.as_deref(), me)
        .map_err(|_| PageError::new(StatusCode::BAD_REQUEST, key!("cases-bad_filter")))?;
    let lang = page.lang;
    let (staff, teams) = people(&state, &session).await?;
    let names = Names::from(staff.as_slice());
    let (action, found) = state.store.cases_page(&session.ctx, &filter).await?;
    let lines = |list: &[CaseSummary]| {
        list.iter()
            .map(|c| line(lang, c, &names, &teams))
            .collect::<Vec<_>>()
    };
    let today = crate::case_input::today();
    let overdue = action
        .overdue
        .0
        .iter()
        .map(|(task, name)| Line {
            id: task.case,
            name: name.clone(),
            status: String::new(),
            assignee: task.assignee.map(|u| names.user(u)).unwrap_or_default(),
            team: String::new(),
            active: task.due.to_string(),
            pending: false,
            why: format!(
                "{} ({} {})",
                task.title,
                lang.w(key!("cases-task-due")),
                days_late(lang, today, task.due)
            ),
        })
        .collect();
    let expiring = action
        .expiring
        .0
        .iter()
        .map(|(c, purpose, until)| Line {
            why: format!("{}: {until}", lang.label(*purpose)),
            ..line(lang, c, &names, &teams)
        })
        .collect();
    let sections = vec![
        Section {
            key: key!("cases-overdue"),
            lines: overdue,
            total: action.overdue.1,
        },
        Section {
            key: key!("cases-approvals"),
            lines: lines(&action.approvals.0),
            total: action.approvals.1,
        },
        Section {
            key: key!("cases-expiring"),
            lines: expiring,
            total: action.expiring.1,
        },
        Section {
            key: key!("cases-unassigned"),
            lines: lines(&action.unassigned.0),
            total: action.unassigned.1,
        },
        Section {
            key: key!("cases-quiet"),
            lines: lines(&action.quiet.0),
            total: action.quiet.1,
        },
    ];
    let chosen_person = match filter.assignee {
        Some(Some(u)) => Some(u),
        _ => None,
    };
    Ok(no_store(render(
        StatusCode::OK,
        lang,
        &List {
            c: page.chrome(key!("cases")),
            sections,
            lines: lines(&found.cases),
            statuses: choices(lang, &filter.status.into_iter().collect::<Vec<_>>()),
            people: workers(lang, &staff, chosen_person),
            teams: team_choices(&teams, filter.team),
            query: query(&filter, me),
            next: found.next,
            first: filter.before.is_none(),
        },
    )))
}

/// "due 3 days ago" in the reader's words.
fn days_late(lang: Lang, today: Day, due: Day) -> String {
    let mut args = faro_i18n::FluentArgs::new();
    args.set("days", i64::from(today.0 - due.0));
    lang.format(key!("cases-days_late"), Some(&args))
        .into_owned()
}
