//! `/cases/{id}/summary`: a printable summary for the person of a case, in their language
//! (the first of their languages that Faro speaks, or one the case worker chooses): who their
//! case worker is, their services, where they were referred and how to reach them, the dates coming, what they agreed to and that they may
//! change their mind, and, only when the case worker ticks it, their safety plan, since a
//! paper found by the wrong person must not say where the person is safe. Read like the
//! case's page and audited as an export.

use super::file::section_key;
use crate::AppState;
use crate::ids::PageId;
use crate::pages::forms::no_store;
use crate::pages::names::Names;
use crate::pages::render::{Page, PageResult, SignedIn, render};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use faro_domain::case::{ConsentState, PlanKind};
use faro_i18n::{FluentArgs, Lang, key};
use faro_store::CaseFile;
use serde_json::json;

pub struct Line {
    pub what: String,
    pub detail: String,
}

pub struct LangChoice {
    pub code: &'static str,
    pub name: String,
    pub on: bool,
}

#[derive(Template)]
#[template(path = "cases/summary.html")]
pub struct Summary {
    /// The summary's language, which may differ from the case worker's.
    pub lang: Lang,
    /// The case worker's language, for the parts that do not print.
    pub staff: Lang,
    pub id: i64,
    pub style: String,
    pub date: String,
    pub worker: Option<String>,
    pub services: Vec<Line>,
    /// Where the person was referred.
    pub referrals: Vec<Line>,
    pub dates: Vec<Line>,
    pub consents: Vec<Line>,
    pub safety: Option<Vec<Line>>,
    pub languages: Vec<LangChoice>,
    pub with_safety: bool,
}

/// What the query asks: the summary's language and whether the safety plan is in it.
fn asked(raw: Option<&str>) -> (Option<Lang>, bool) {
    let mut lang = None;
    let mut safety = false;
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match &*k {
            "in" => lang = Lang::from_code(&v),
            "safety" => safety = !v.is_empty(),
            _ => {}
        }
    }
    (lang, safety)
}

/// The person's first language that Faro speaks.
fn spoken(f: &CaseFile) -> Option<Lang> {
    f.person.languages.iter().find_map(|l| Lang::from_code(l))
}

fn with_date(lang: Lang, key: &'static str, date: String) -> String {
    let mut args = FluentArgs::new();
    args.set("date", date);
    lang.format(key, Some(&args)).into_owned()
}

/// The summary of `f` in `lang`.
/// Where the person was referred and how to reach them: each referral still open or done,
/// the organisation or provider, its contact, the service.
fn referred(
    lang: Lang,
    referrals: &[(
        faro_store::ReferralSummary,
        Option<faro_store::ExternalProvider>,
    )],
    orgs: &[faro_store::Organisation],
) -> Vec<Line> {
    use faro_domain::referral::ReferralStatus;
    referrals
        .iter()
        .filter(|(r, _)| r.status.is_open() || r.status == ReferralStatus::Done)
        .map(|(r, external)| {
            let (to, contact) = match external {
                Some(p) => (p.name.clone(), p.contact.clone()),
                None => (
                    orgs.iter()
                        .find(|o| Some(o.id) == r.to)
                        .map(|o| o.name.clone())
                        .unwrap_or_default(),
                    None,
                ),
            };
            let mut detail = vec![
                lang.label(r.need).into_owned(),
                lang.label(r.status).into_owned(),
            ];
            detail.extend(contact);
            Line {
                what: to,
                detail: detail.join(" · "),
            }
        })
        .collect()
}

fn summary(lang: Lang, staff: Lang, f: &CaseFile, names: &Names, with_safety: bool) -> Summary {
    let today = crate::case_input::today();
    let services = f
        .services
        .iter()
        .map(|s| {
            let mut detail = vec![lang.label(s.status).into_owned()];
            if let Some(d) = s.delivered.or(s.planned) {
                detail.push(d.to_string());
            }
            detail.extend(s.provider.clone());
            Line {
                what: lang.label(s.kind).into_owned(),
                detail: detail.join(" · "),
            }
        })
        .collect();
    let dates = f
        .tasks
        .iter()
        .filter(|t| t.done_at.is_none() && t.due >= today)
        .map(|t| Line {
            what: t.due.to_string(),
            detail: t.title.clone(),
        })
        .collect();
    let consents = f
        .consents
        .iter()
        .filter(|c| c.in_force)
        .map(|c| Line {
            what: lang.label(c.purpose).into_owned(),
            detail: match (c.state, c.until) {
                (ConsentState::Given, Some(until)) => {
                    with_date(lang, key!("cases-summary-until"), until.to_string())
                }
                (state, _) => lang.label(state).into_owned(),
            },
        })
        .collect();
    let safety = with_safety.then(|| {
        f.plans
            .iter()
            .filter(|p| p.kind == PlanKind::Safety)
            .flat_map(|p| &p.sections)
            .map(|(section, text)| Line {
                what: lang.w(section_key(section)).into_owned(),
                detail: text.clone(),
            })
            .collect()
    });
    Summary {
        lang,
        staff,
        id: f.head.id,
        style: crate::pages::assets::url("faro.css"),
        date: today.to_string(),
        worker: f.head.assignee.map(|u| names.user(u)),
        services,
        referrals: Vec::new(),
        dates,
        consents,
        safety,
        languages: Lang::all()
            .map(|l| LangChoice {
                code: l.code(),
                name: l.name().into_owned(),
                on: l == lang,
            })
            .collect(),
        with_safety,
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let f = state.store.case_file(&session.ctx, id).await?;
    let (chosen, safety) = asked(raw.as_deref());
    let lang = chosen.or_else(|| spoken(&f)).unwrap_or(page.lang);
    let detail =
        json!({ "case_id": id, "format": "summary", "lang": lang.code(), "safety": safety });
    state
        .store
        .audit(&session.ctx, "case.export", detail)
        .await?;
    let names = Names::of(&state, &session.ctx, session.user.organisation).await?;
    let mut page_html = summary(lang, page.lang, &f, &names, safety);
    let referrals = state.store.case_referrals(&session.ctx, id).await?;
    let orgs = state.store.organisations().await?;
    page_html.referrals = referred(lang, &referrals, &orgs);
    Ok(no_store(render(StatusCode::OK, lang, &page_html)))
}
