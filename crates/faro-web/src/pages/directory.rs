//! The directory's pages for staff of organisations on the instance (`/directory`): a search
//! for a person (need, language, age, a bed free, near a city or a point) with the services
//! found on a small server-rendered map and in a numbered list, and a provider's page. The
//! parameters are the API's (`api::directory::parse_search`); what each reader sees is the
//! store's (another organisation's confidential location: "contact to arrange"). Opened from a
//! case (`?case=`), each service offers a referral of that case.

use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use crate::api::directory::{parse_search, reader};
use crate::pages::cases::{Choice, choices};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use faro_domain::case::{Day, ServiceKind};
use faro_domain::directory::stale;
use faro_domain::gazetteer::Point;
use faro_domain::vocab::Gender;
use faro_domain::{Permission, Vocabulary};
use faro_i18n::{Lang, key};
use faro_store::{DirectoryQuery, Hit};
use serde_json::Value;
use std::collections::HashMap;

const WORK: Need = Need::Permission(Permission::Cases);

pub(super) const MENU: &[MenuEntry] = &[MenuEntry {
    path: "/directory",
    key: "directory",
    need: WORK,
    place: Place::Sections,
}];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/directory", WORK, || get(search)),
        route("GET", "/directory/services/{id}", WORK, || get(provider)),
    ]
}

/// A service found, in words, numbered as on the map.
pub struct HitLine {
    pub number: usize,
    pub id: String,
    pub name: String,
    pub organization: String,
    pub needs: String,
    pub languages: String,
    pub beds: Option<i64>,
    pub distance: String,
    pub place: String,
    pub arrange: bool,
    pub stale: bool,
}

/// The search as typed, to fill the form again.
#[derive(Default)]
pub struct Typed {
    pub need: String,
    pub gender: String,
    pub language: String,
    pub age: String,
    pub beds: bool,
    pub open_now: bool,
    pub place: String,
    pub within_km: String,
}

#[derive(Template)]
#[template(path = "directory/search.html")]
struct Search {
    c: Chrome,
    needs: Vec<Choice>,
    genders: Vec<Choice>,
    typed: Typed,
    searched: bool,
    hits: Vec<HitLine>,
    map: Option<String>,
    error: Option<String>,
    /// The case a referral would be made for.
    case: Option<i64>,
    /// The reader administers the organisation, whose entries they may import.
    may_import: bool,
}

fn line(lang: Lang, number: usize, h: &Hit, today: Day) -> HitLine {
    HitLine {
        number,
        id: h.service.clone(),
        name: h.name.clone(),
        organization: h.organization.clone(),
        needs: crate::pages::cases::labels(lang, &h.needs),
        languages: h.languages.join(", "),
        beds: h.beds_free,
        distance: h
            .distance_km
            .map(|d| format!("{} km", (d * 10.0).round() / 10.0))
            .unwrap_or_default(),
        place: h
            .place
            .as_ref()
            .and_then(|p| p.name.clone())
            .unwrap_or_default(),
        arrange: h.place.as_ref().is_some_and(|p| p.arrange),
        stale: stale(h.assured_day.as_deref(), today),
    }
}

/// The query's non-empty values (a form sends its empty boxes), `case` apart.
fn params(raw: Option<&str>) -> (HashMap<String, String>, Option<i64>, Typed) {
    let mut out = HashMap::new();
    let mut case = None;
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let v = v.trim().to_string();
        match &*k {
            "case" => case = v.parse().ok().filter(|c: &i64| *c > 0),
            "lang" => {}
            _ if !v.is_empty() => {
                out.insert(k.into_owned(), v);
            }
            _ => {}
        }
    }
    let get = |k: &str| out.get(k).cloned().unwrap_or_default();
    let typed = Typed {
        need: get("need"),
        gender: get("gender"),
        language: get("language"),
        age: get("age"),
        beds: out.get("beds").is_some_and(|b| b == "true"),
        open_now: out.get("open_now").is_some_and(|b| b == "true"),
        place: get("place"),
        within_km: get("within_km"),
    };
    (out, case, typed)
}

/// The form opened from a case, filled with what the person's eligibility turns on: age
/// and gender. (Not their language: an interpreter may bridge it, so the case worker
/// chooses.)
fn prefill(typed: &mut Typed, person: &faro_domain::case::person::Person) {
    if let Some(age) = person.age_on(crate::case_input::today()) {
        typed.age = age.to_string();
    }
    if let Some(gender) = person.gender {
        typed.gender = gender.code().to_string();
    }
}

async fn search(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let lang = page.lang;
    let (params, case, mut typed) = params(raw.as_deref());
    let searched = !params.is_empty();
    if let (Some(id), false) = (case, searched) {
        prefill(
            &mut typed,
            &state.store.case_file(&session.ctx, id).await?.person,
        );
    }
    let mut view = Search {
        c: page.chrome(key!("directory")),
        needs: choices::<ServiceKind>(
            lang,
            &ServiceKind::from_code(&typed.need)
                .into_iter()
                .collect::<Vec<_>>(),
        ),
        genders: choices::<Gender>(
            lang,
            &Gender::from_code(&typed.gender)
                .into_iter()
                .collect::<Vec<_>>(),
        ),
        typed,
        searched,
        hits: Vec::new(),
        map: None,
        error: None,
        case,
        may_import: session.ctx.has(faro_domain::Permission::Administer),
    };
    if !searched {
        return Ok(render(StatusCode::OK, lang, &view));
    }
    let wanted = match parse_search(&params) {
        Ok(s) => s,
        Err(e) => {
            view.error = Some(e.message.render(lang));
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, lang, &view));
        }
    };
    let reader = reader(&session.ctx);
    let hits = state
        .store
        .search_directory(&session.ctx, reader, &wanted)
        .await?;
    let today = crate::case_input::today();
    view.hits = hits
        .iter()
        .enumerate()
        .map(|(i, h)| line(lang, i + 1, h, today))
        .collect();
    if let Some(((lat, lon), km)) = wanted.near {
        let dots: Vec<(Point, String)> = hits
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let (lat, lon) = h.place.as_ref()?.point?;
                Some((Point { lat, lon }, (i + 1).to_string()))
            })
            .collect();
        let mut args = faro_i18n::FluentArgs::new();
        args.set("km", km);
        let title = lang.format(key!("directory-map"), Some(&args)).into_owned();
        view.map = Some(crate::charts::map::nearby(
            Point { lat, lon },
            km,
            &dots,
            &title,
        ));
    }
    Ok(render(StatusCode::OK, lang, &view))
}

/// One place of a provider, in words.
pub struct PlaceLine {
    pub name: String,
    pub address: String,
    pub arrange: bool,
}

#[derive(Template)]
#[template(path = "directory/provider.html")]
struct Provider {
    c: Chrome,
    id: String,
    name: String,
    organization: String,
    description: String,
    phones: Vec<String>,
    email: String,
    languages: String,
    places: Vec<PlaceLine>,
    /// Opening hours as the schedules give them, one line each.
    hours: Vec<String>,
    /// Who the service is for: ages and genders, in words; empty for anyone.
    eligibility: String,
    assured: String,
    stale: bool,
    case: Option<i64>,
    /// The reader keeps the entry: they may ask its provider to check it.
    keeper: bool,
}

/// A text member of an HSDS object, or "".
pub(super) fn text(doc: &serde_json::Map<String, Value>, field: &str) -> String {
    doc.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A location's first address on one line.
fn address(location: &serde_json::Map<String, Value>) -> String {
    let Some(a) = location
        .get("addresses")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_object)
    else {
        return String::new();
    };
    ["address_1", "postal_code", "city"]
        .iter()
        .map(|f| text(a, f))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A service's weekly schedules in words (`Mon, Tue 09:00–17:00`), the schedule's own
/// description when it gives one, its time zone as given.
fn hours(lang: Lang, service: &serde_json::Map<String, Value>) -> Vec<String> {
    const DAYS: [(&str, &str); 7] = [
        ("MO", key!("day-mo")),
        ("TU", key!("day-tu")),
        ("WE", key!("day-we")),
        ("TH", key!("day-th")),
        ("FR", key!("day-fr")),
        ("SA", key!("day-sa")),
        ("SU", key!("day-su")),
    ];
    let Some(schedules) = service.get("schedules").and_then(Value::as_array) else {
        return Vec::new();
    };
    schedules
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|s| {
            let description = text(s, "description");
            let (opens, closes) = (text(s, "opens_at"), text(s, "closes_at"));
            if opens.is_empty() || closes.is_empty() {
                return (!description.is_empty()).then_some(description);
            }
            let byday = text(s, "byday").to_ascii_uppercase();
            let days: Vec<String> = DAYS
                .iter()
                .filter(|(code, _)| byday.split(',').any(|d| d.trim().ends_with(code)))
                .map(|(_, k)| lang.w(k).into_owned())
                .collect();
            let days = match days.is_empty() {
                true => lang.w(key!("day-every")).into_owned(),
                false => days.join(", "),
            };
            let zone = s
                .get("timezone")
                .and_then(Value::as_f64)
                .map(|h| format!(" (UTC{h:+})"))
                .unwrap_or_default();
            Some(format!("{days} {opens}–{closes}{zone}"))
        })
        .collect()
}

/// Who a service is for, in words: its ages and the genders of Faro's taxonomy.
fn eligibility(lang: Lang, service: &serde_json::Map<String, Value>) -> String {
    let age = |field: &str| service.get(field).and_then(Value::as_u64);
    let ages = match (age("minimum_age"), age("maximum_age")) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) if a > 0 => format!("{a}+"),
        (None, Some(b)) => format!("0–{b}"),
        _ => String::new(),
    };
    let genders: Vec<String> = service
        .get("attributes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|a| {
            a["taxonomy_term"]["taxonomy"].as_str() == Some(faro_domain::directory::GENDER_TAXONOMY)
        })
        .filter_map(|a| {
            a["taxonomy_term"]["code"]
                .as_str()
                .and_then(Gender::from_code)
        })
        .map(|g| lang.label(g).into_owned())
        .collect();
    [ages, genders.join(", ")]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

async fn provider(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let lang = page.lang;
    let (_, case, _) = params(raw.as_deref());
    let reader = reader(&session.ctx);
    let query = DirectoryQuery::one(&id.chars().take(200).collect::<String>());
    let found = state
        .store
        .directory_services(&session.ctx, reader, &query)
        .await?;
    let listed = found
        .services
        .into_iter()
        .next()
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, key!("directory-not_found")))?;
    let s = &listed.service;
    let assured = text(s, "assured_date");
    let view = Provider {
        c: page.chrome(key!("directory")),
        id: text(s, "id"),
        name: text(s, "name"),
        organization: text(&listed.organization, "name"),
        description: text(s, "description"),
        phones: s
            .get("phones")
            .and_then(Value::as_array)
            .map(|p| {
                p.iter()
                    .filter_map(|x| x.get("number").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        email: text(s, "email"),
        languages: s
            .get("languages")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(|x| x.get("name").or(x.get("code")).and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        places: listed
            .places
            .iter()
            .map(|p| match &p.location {
                Some(l) => PlaceLine {
                    name: text(l, "name"),
                    address: address(l),
                    arrange: false,
                },
                None => PlaceLine {
                    name: String::new(),
                    address: String::new(),
                    arrange: true,
                },
            })
            .collect(),
        hours: hours(lang, s),
        eligibility: eligibility(lang, s),
        stale: stale(
            Some(&assured).filter(|a| !a.is_empty()).map(|a| a.as_str()),
            crate::case_input::today(),
        ),
        assured,
        case,
        keeper: session.ctx.administers(listed.owner),
    };
    Ok(render(StatusCode::OK, lang, &view))
}
