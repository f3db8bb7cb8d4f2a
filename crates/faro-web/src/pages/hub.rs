//! The analysis hub (`/hub`): one filter bar for every view (kept in the URL), the world map
//! (countries, corridors, hotspots), the time series and the breakdowns, each drawn on the
//! server as SVG, with its table as CSV and its picture as SVG; the printable brief; and, for
//! readers who may read records, the records behind any bar, corridor or year. Every number
//! comes from a released table (`hub::gather`); one page view is one audit entry.

use super::forms::download;
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render};
use super::report::{CountryChoice, countries_where};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use crate::hub::draw::{self, Links, Look};
use crate::hub::{BREAKDOWNS, Hub, HubQuery, MapBy, View};
use crate::ids::PageId;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use faro_domain::query::{DimValue, Dimension};
use faro_domain::vocab::Vocabulary;
use faro_domain::{AccessContext, AggregateScope, Permission, Purpose};
use faro_i18n::Lang;
use faro_i18n::key;
use faro_privacy::PrivacyError;
use faro_store::StoredRecord;

const VIEW: Need = Need::Permission(Permission::Aggregates);
const READ: Need = Need::Permission(Permission::Records);
/// Records per page of the drill-down list.
const PAGE_SIZE: u32 = 50;

pub(super) const MENU: &[MenuEntry] = &[MenuEntry {
    path: "/hub",
    key: "hub",
    need: VIEW,
    place: Place::Sections,
}];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/hub", VIEW, || get(show)),
        route("GET", "/hub/brief", VIEW, || get(brief)),
        route("GET", "/hub/csv/{view}", VIEW, || get(csv)),
        route("GET", "/hub/svg/{view}", VIEW, || get(svg)),
        route("GET", "/hub/png/{view}", VIEW, || get(png)),
        route("GET", "/hub/records", READ, || get(records)),
        route("GET", "/hub/records/{id}", READ, || get(record)),
    ]
}

/// A filter that is set, with the link that drops it.
#[derive(Clone)]
pub struct Chip {
    pub label: String,
    pub href: String,
}

/// A checkbox of the filter bar.
pub struct Check {
    pub value: String,
    pub label: String,
    pub on: bool,
}

/// A group of checkboxes: one dimension (or the reports' channel or status).
pub struct Group {
    pub name: &'static str,
    pub legend: String,
    pub checks: Vec<Check>,
}

/// A panel that may not be shown to this reader: why, and which filters to drop.
pub struct Narrow {
    pub text: String,
    pub drops: Vec<Chip>,
}

/// A chart of the page.
pub struct Panel {
    pub id: &'static str,
    pub title: String,
    pub svg: Option<String>,
    pub narrow: Option<Narrow>,
    /// What the noise of a controlled chart means.
    pub noise: Option<String>,
}

/// A row of the corridors' table.
pub struct CorridorRow {
    pub label: String,
    pub count: String,
    pub hidden: bool,
    pub href: Option<String>,
}

#[derive(Template)]
#[template(path = "hub/hub.html")]
struct HubPage {
    c: Chrome,
    /// The query's problem, said in the reader's language (the page then shows no data).
    problem: Option<String>,
    total: String,
    controlled: bool,
    groups: Vec<Group>,
    year_from: String,
    year_to: String,
    /// A year selection the two fields cannot hold (several ranges), kept as it is.
    year_kept: Option<String>,
    citizenship: Vec<Region>,
    exploitation: Vec<Region>,
    sources: Vec<Check>,
    scope_hub: bool,
    map_citizenship: bool,
    top: usize,
    res: Option<u8>,
    chips: Vec<Chip>,
    map: Panel,
    map_exploitation_href: String,
    map_citizenship_href: String,
    corridors: Vec<CorridorRow>,
    routes_narrow: Option<Narrow>,
    series: Panel,
    breakdowns: Vec<Panel>,
    hotspots: String,
    query: String,
    may_read: bool,
    /// The organisation's case statistics, when it has any to show.
    cases: Option<super::cases::stats::CasesPanel>,
}

impl HubPage {
    fn resolutions(&self) -> Vec<u8> {
        faro_analytics::RESOLUTIONS.collect()
    }
}

/// The page language as a query pair to keep across a redirect, when the URL gave one.
fn kept_lang(raw: Option<&str>, lang: Lang) -> String {
    if raw.is_some_and(|r| form_urlencoded::parse(r.as_bytes()).any(|(k, _)| k == "lang")) {
        format!("&lang={}", lang.code())
    } else {
        String::new()
    }
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let ctx = &session.ctx;
    let parsed = match HubQuery::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            let problem = e.message.render(page.lang);
            let body = empty_page(&state, &page, ctx, problem).await?;
            return Ok(render(e.status, page.lang, &body));
        }
    };
    if !parsed.canonical {
        let to = format!(
            "/hub?{}{}",
            parsed.query.to_query(),
            kept_lang(raw.as_deref(), page.lang)
        );
        return Ok(Redirect::to(&to).into_response());
    }
    let query = parsed.query;
    let hub = crate::hub::gather(&state.services(), ctx, &query, &View::ALL, "hub.view").await?;
    let body = hub_page(&state, &page, ctx, &hub).await?;
    Ok(render(StatusCode::OK, page.lang, &body))
}

/// The hub page with the filter bar only, and the problem of the query that was asked.
/// The countries of one UN region, for a list grouped by region (a reader finds a country
/// among 250 without JavaScript; with it, a box filters them as one types).
pub struct Region {
    pub name: String,
    pub countries: Vec<CountryChoice>,
}

/// `choices` (sorted by name) grouped by their region, the regions sorted by name.
fn by_region(lang: faro_i18n::Lang, choices: Vec<CountryChoice>) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    for choice in choices {
        let region = faro_domain::Country::from_alpha2(choice.code).map_or("", |c| c.region());
        let name = lang.w(&format!("region-{region}")).into_owned();
        match regions.iter_mut().find(|r| r.name == name) {
            Some(r) => r.countries.push(choice),
            None => regions.push(Region {
                name,
                countries: vec![choice],
            }),
        }
    }
    regions.sort_by(|a, b| lang.compare(&a.name, &b.name));
    regions
}

async fn empty_page(
    state: &AppState,
    page: &Page,
    ctx: &AccessContext,
    problem: String,
) -> Result<HubPage, PageError> {
    let mut body = form(state, page, ctx, &HubQuery::default()).await?;
    body.problem = Some(problem);
    Ok(body)
}

/// The page's frame and filter bar for `query`, without data.
async fn form(
    state: &AppState,
    page: &Page,
    ctx: &AccessContext,
    query: &HubQuery,
) -> Result<HubPage, PageError> {
    let lang = page.lang;
    let years = query.filter.get(Dimension::Year);
    let (year_from, year_to, year_kept) = match years.map(|s| (s.ranges.as_slice(), s.unknown)) {
        None => (String::new(), String::new(), None),
        Some(([(lo, hi)], false)) => (
            lo.map(|y| y.to_string()).unwrap_or_default(),
            hi.map(|y| y.to_string()).unwrap_or_default(),
            None,
        ),
        Some(_) => (
            String::new(),
            String::new(),
            years.map(|s| s.text(Dimension::Year)),
        ),
    };
    let sources = state
        .store
        .sources(ctx)
        .await?
        .into_iter()
        .map(|s| Check {
            on: selected(query, Dimension::Source, s.id),
            value: s.id.to_string(),
            label: format!("#{} {}", s.id, super::sources::source_name(lang, &s)),
        })
        .collect();
    let links = |map: MapBy| {
        let mut q = query.clone();
        q.map = map;
        format!("/hub?{}", q.to_query())
    };
    Ok(HubPage {
        c: page.chrome(key!("hub")),
        problem: None,
        total: String::new(),
        controlled: false,
        groups: groups(lang, query),
        year_from,
        year_to,
        year_kept,
        citizenship: by_region(
            lang,
            countries_where(lang, |c| {
                selected(query, Dimension::Citizenship, i64::from(c.id()))
            }),
        ),
        exploitation: by_region(
            lang,
            countries_where(lang, |c| {
                selected(query, Dimension::ExploitationCountry, i64::from(c.id()))
            }),
        ),
        sources,
        scope_hub: query.scope == AggregateScope::Hub,
        map_citizenship: query.map == MapBy::Citizenship,
        top: query.top,
        res: query.res,
        chips: chips(lang, query),
        map: Panel {
            id: "map",
            title: lang.w(&View::Countries.title()).into_owned(),
            svg: None,
            narrow: None,
            noise: None,
        },
        map_exploitation_href: links(MapBy::Exploitation),
        map_citizenship_href: links(MapBy::Citizenship),
        corridors: Vec::new(),
        routes_narrow: None,
        series: Panel {
            id: "series",
            title: lang.w(&View::Series.title()).into_owned(),
            svg: None,
            narrow: None,
            noise: None,
        },
        breakdowns: Vec::new(),
        hotspots: String::new(),
        query: query.to_query(),
        may_read: ctx.may(Purpose::Records),
        cases: None,
    })
}

async fn hub_page(
    state: &AppState,
    page: &Page,
    ctx: &AccessContext,
    hub: &Hub,
) -> Result<HubPage, PageError> {
    let lang = page.lang;
    let look = Look {
        lang,
        links: if ctx.may(Purpose::Records) && hub.query.scope == AggregateScope::Own {
            Links::Records
        } else {
            Links::Hub
        },
        threshold: state.privacy.threshold,
    };
    let mut body = form(state, page, ctx, &hub.query).await?;
    let cases = crate::services::case_statistics::read(&state.services(), ctx).await?;
    body.cases = super::cases::stats::panel(lang, &cases);
    body.controlled = hub.controlled;
    body.total = match &hub.total {
        Ok(t) => crate::hub::brief::count_text(t.get().total_records, hub.controlled, &look),
        Err(_) => lang.w(key!("hub-narrow-short")).into_owned(),
    };
    body.map.svg = Some(draw::map(hub, &look));
    let chips = body.chips.clone();
    body.map.narrow = narrow_of(lang, hub, View::Countries, &chips);
    body.map.noise = noise_of(lang, hub, View::Countries);
    body.routes_narrow = narrow_of(lang, hub, View::Routes, &chips);
    body.corridors = draw::corridors(hub, &look)
        .into_iter()
        .map(|c| CorridorRow {
            hidden: c.count.is_none(),
            count: crate::hub::brief::count_text(c.count, false, &look),
            label: if c.from == c.to {
                format!(
                    "{} ({})",
                    lang.country(c.from),
                    lang.w(key!("hub-domestic"))
                )
            } else {
                c.label
            },
            href: c.href,
        })
        .collect();
    let panel = |view: View, id: &'static str| Panel {
        id,
        title: lang.w(&view.title()).into_owned(),
        svg: draw::chart(hub, view, &look),
        narrow: narrow_of(lang, hub, view, &chips),
        noise: noise_of(lang, hub, view),
    };
    body.series = panel(View::Series, "series");
    body.breakdowns = BREAKDOWNS.iter().map(|v| panel(*v, v.id())).collect();
    body.hotspots = hub
        .hotspots
        .as_ref()
        .map(|h| {
            let mut args = faro_i18n::FluentArgs::new();
            args.set("cells", h.get().cells.len());
            args.set("resolution", h.get().resolution);
            args.set(
                "reports",
                crate::hub::brief::count_text(h.get().total, h.get().controlled, &look),
            );
            lang.format("hub-hotspots-summary", Some(&args))
                .into_owned()
        })
        .unwrap_or_default();
    Ok(body)
}

/// Why `view` is not shown to this reader, and the filters whose removal would show it
/// (from `chips`, the page's one chip per filter, in the filter's order).
fn narrow_of(lang: Lang, hub: &Hub, view: View, chips: &[Chip]) -> Option<Narrow> {
    let Some(Err(refused)) = hub.table(view) else {
        return None;
    };
    let mut args = faro_i18n::FluentArgs::new();
    let own = view.by(&hub.query);
    let (key, droppable): (&str, Box<dyn Fn(Dimension) -> bool>) = match refused {
        PrivacyError::TooNarrow { dimensions, limit } => {
            args.set("dimensions", *dimensions);
            args.set("limit", *limit);
            let own = own.clone();
            (
                "hub-too-narrow",
                Box::new(move |d| d != Dimension::Source && !own.contains(&d)),
            )
        }
        PrivacyError::OneValueAtATime { dimension } => {
            let dimension = *dimension;
            args.set(
                "dimension",
                lang.w(&format!("dimension-{}", dimension.id()))
                    .into_owned(),
            );
            ("hub-one-value", Box::new(move |d| d == dimension))
        }
    };
    let drops = chips
        .iter()
        .cloned()
        .zip(hub.query.filter.selections())
        .filter(|(_, (d, _))| droppable(*d))
        .map(|(chip, _)| chip)
        .collect();
    Some(Narrow {
        text: lang.format(key, Some(&args)).into_owned(),
        drops,
    })
}

/// What the noise of a controlled chart means, in words (`None` for exact counts).
fn noise_of(lang: Lang, hub: &Hub, view: View) -> Option<String> {
    let noise = hub.table(view)?.as_ref().ok()?.get().noise?;
    let mut args = faro_i18n::FluentArgs::new();
    args.set("margin", noise.margin);
    args.set("shown", noise.shown_from);
    Some(lang.format("hub-chart-noise", Some(&args)).into_owned())
}

/// One chip per filter that is set, in the filter's order, each linking to the hub without it.
pub(super) fn chips(lang: Lang, query: &HubQuery) -> Vec<Chip> {
    let lines = crate::hub::brief::filters(lang, query);
    query
        .filter
        .selections()
        .iter()
        .zip(lines)
        .map(|((dim, _), line)| Chip {
            label: line.said(lang),
            href: format!("/hub?{}", query.without(*dim).to_query()),
        })
        .collect()
}

fn selected(query: &HubQuery, dim: Dimension, id: i64) -> bool {
    query.filter.get(dim).is_some_and(|s| s.ids.contains(&id))
}

/// The checkbox groups of the filter bar: the vocabularies, then the reports' filters.
fn groups(lang: Lang, query: &HubQuery) -> Vec<Group> {
    let vocabularies = [
        Dimension::Gender,
        Dimension::Age,
        Dimension::Majority,
        Dimension::Modality,
        Dimension::Means,
        Dimension::Labour,
        Dimension::Sex,
        Dimension::Recruiter,
    ];
    let mut out: Vec<Group> = vocabularies
        .iter()
        .map(|dim| {
            let sel = query.filter.get(*dim);
            let mut checks: Vec<Check> = dim
                .codes()
                .iter()
                .enumerate()
                .map(|(i, code)| Check {
                    value: (*code).into(),
                    label: lang.value(*dim, &DimValue::Code(code)).into_owned(),
                    on: sel.is_some_and(|s| s.ids.contains(&(i as i64))),
                })
                .collect();
            checks.push(Check {
                value: "unknown".into(),
                label: lang.value(*dim, &DimValue::Unknown).into_owned(),
                on: sel.is_some_and(|s| s.unknown),
            });
            Group {
                name: dim.id(),
                legend: lang.dimension(*dim).into_owned(),
                checks,
            }
        })
        .collect();
    out.push(report_group(
        lang,
        "channel",
        "hub-channel",
        &query.channels,
    ));
    out.push(report_group(lang, "status", "hub-status", &query.statuses));
    out
}

fn report_group<V: Vocabulary>(lang: Lang, name: &'static str, legend: &str, on: &[V]) -> Group {
    Group {
        name,
        legend: lang.w(legend).into_owned(),
        checks: V::ALL
            .iter()
            .map(|v| Check {
                value: v.code().into(),
                label: lang.label(*v).into_owned(),
                on: on.contains(v),
            })
            .collect(),
    }
}

/// `/hub/brief`: the printable brief of the hub's query.
async fn brief(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let query = HubQuery::parse(raw.as_deref())?.query;
    let style = crate::hub::brief::Style::Linked(super::assets::url("faro.css"));
    let html = crate::hub::brief::render(
        &state.services(),
        &session.ctx,
        &query,
        page.lang,
        style,
        "hub.view",
    )
    .await?;
    Ok((
        [(header::CONTENT_LANGUAGE, page.lang.code())],
        axum::response::Html(html),
    )
        .into_response())
}

/// The view named in an export's path, or 404.
fn view_of(id: &str) -> Result<View, PageError> {
    View::from_id(id).ok_or(PageError::new(StatusCode::NOT_FOUND, key!("not_found")))
}

/// `/hub/csv/{view}`: the table behind a view, released as the page shows it.
async fn csv(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(view): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let view = view_of(&view)?;
    let query = HubQuery::parse(raw.as_deref())?.query;
    let hub = crate::hub::gather(
        &state.services(),
        &session.ctx,
        &query,
        &[view],
        "hub.export",
    )
    .await?;
    let body = draw::csv(&hub, view, page.lang).ok_or(PageError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "hub-narrow-short",
    ))?;
    Ok(download(
        "text/csv; charset=utf-8",
        format!("faro-{}.csv", view.id()),
        body,
    ))
}

/// A chart as standalone SVG (`countries`: the map with its corridors and hotspots), released
/// and audited as an export.
async fn chart_of(
    state: &AppState,
    page: &Page,
    session: &faro_store::Session,
    view: &str,
    raw: Option<&str>,
) -> Result<(View, String), PageError> {
    let view = view_of(view)?;
    let query = HubQuery::parse(raw)?.query;
    let views: &[View] = if view == View::Countries {
        &[View::Countries, View::Routes, View::Hotspots]
    } else {
        std::slice::from_ref(&view)
    };
    let hub =
        crate::hub::gather(&state.services(), &session.ctx, &query, views, "hub.export").await?;
    let look = Look {
        lang: page.lang,
        links: Links::Off,
        threshold: state.privacy.threshold,
    };
    let body = if view == View::Countries {
        Some(draw::map(&hub, &look))
    } else {
        draw::chart(&hub, view, &look)
    };
    let body = body.ok_or(PageError::new(StatusCode::NOT_FOUND, key!("not_found")))?;
    // Alone, a chart says what it shows: its title, the filters, the date, the source and
    // how its numbers were protected.
    let title = page.lang.w(&view.title());
    let notes = crate::hub::brief::export_notes(&hub, &look, &query);
    Ok((view, crate::charts::described(&body, &title, &notes)))
}

/// `/hub/svg/{view}`: a chart as an SVG file.
async fn svg(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(view): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (view, body) = chart_of(&state, &page, &session, &view, raw.as_deref()).await?;
    Ok(download(
        "image/svg+xml",
        format!("faro-{}.svg", view.id()),
        body,
    ))
}

/// `/hub/png/{view}`: a chart as a PNG picture, drawn from the same SVG in Rust.
async fn png(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(view): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (view, body) = chart_of(&state, &page, &session, &view, raw.as_deref()).await?;
    let picture = tokio::task::spawn_blocking(move || crate::charts::png::png(&body))
        .await
        .map_err(|_| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, key!("internal")))?
        .map_err(|e| {
            tracing::error!(error = %e, "chart not drawn as PNG");
            PageError::new(StatusCode::INTERNAL_SERVER_ERROR, key!("internal"))
        })?;
    Ok(download(
        "image/png",
        format!("faro-{}.png", view.id()),
        picture,
    ))
}

/// A record of the list: its number and what the hub filters by, in words.
pub struct RecordRow {
    pub id: i64,
    pub cells: Vec<String>,
}

/// The columns of the record list.
const COLUMNS: [Dimension; 6] = [
    Dimension::Year,
    Dimension::Gender,
    Dimension::Age,
    Dimension::Citizenship,
    Dimension::ExploitationCountry,
    Dimension::Modality,
];

/// A record's values of `dim` in words (the yes-flags of a multi-valued dimension).
fn values_of(lang: Lang, dim: Dimension, record: &faro_domain::Record) -> String {
    if dim.is_multi_valued() {
        let bits = dim.value_bits(record);
        let words: Vec<String> = (0..32)
            .filter(|b| bits & (1 << b) != 0)
            .map(|b| lang.value(dim, &dim.value(b)).into_owned())
            .collect();
        if words.is_empty() {
            lang.value(dim, &DimValue::Unknown).into_owned()
        } else {
            words.join(", ")
        }
    } else {
        let value = dim
            .value_id(record)
            .map_or(DimValue::Unknown, |v| dim.value(v));
        lang.value(dim, &value).into_owned()
    }
}

#[derive(Template)]
#[template(path = "hub/records.html")]
struct Records {
    c: Chrome,
    headers: Vec<String>,
    rows: Vec<RecordRow>,
    total: i64,
    filters: Vec<Chip>,
    query: String,
    next: Option<i64>,
    paged: bool,
    /// Analysts and admins may download the records the list holds.
    may_export: bool,
    /// Admins may publish them.
    may_publish: bool,
}

/// `/hub/records`: the records behind a view, paged, every read audited.
async fn records(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let ctx = &session.ctx;
    let lang = page.lang;
    let parsed = HubQuery::parse(raw.as_deref())?;
    let query = parsed.query;
    let found: Vec<StoredRecord> = state
        .store
        .records(ctx, &query.filter, parsed.after, PAGE_SIZE)
        .await?;
    let total = state.store.count_matching(ctx, &query.filter).await?;
    let ids: Vec<i64> = found.iter().map(|r| r.id).collect();
    state
        .store
        .audit(ctx, "records.read", serde_json::json!({ "ids": ids }))
        .await?;
    let body = Records {
        c: page.chrome(key!("hub-records")),
        headers: COLUMNS
            .iter()
            .map(|d| lang.dimension(*d).into_owned())
            .collect(),
        rows: found
            .iter()
            .map(|r| RecordRow {
                id: r.id,
                cells: COLUMNS
                    .iter()
                    .map(|d| values_of(lang, *d, &r.record))
                    .collect(),
            })
            .collect(),
        total,
        filters: chips(lang, &query),
        query: query.to_query(),
        next: (found.len() == PAGE_SIZE as usize)
            .then(|| ids.last().copied())
            .flatten(),
        paged: parsed.after.is_some(),
        may_export: ctx.has(Permission::ImportExport),
        may_publish: ctx.has(Permission::Administer),
    };
    Ok(render(StatusCode::OK, lang, &body))
}

#[derive(Template)]
#[template(path = "hub/record.html")]
struct RecordPage {
    c: Chrome,
    id: i64,
    source_id: i64,
    facts: Vec<(String, String)>,
    query: String,
    /// An admin of the organisation may erase it (on a confirmation page).
    may_erase: bool,
    /// The reader may open a case about the record's person.
    may_open_case: bool,
}

/// `/hub/records/{id}`: one record, audited, with the way back to the list it came from.
async fn record(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let ctx = &session.ctx;
    let lang = page.lang;
    let query = HubQuery::parse(raw.as_deref())?.query;
    let stored = state.store.record(ctx, id).await?;
    state
        .store
        .audit(ctx, "records.read", serde_json::json!({ "ids": [id] }))
        .await?;
    let facts = Dimension::ALL
        .iter()
        .filter(|d| **d != Dimension::Source)
        .map(|d| {
            (
                lang.dimension(*d).into_owned(),
                values_of(lang, *d, &stored.record),
            )
        })
        .collect();
    let body = RecordPage {
        c: page.chrome(key!("hub-record")),
        id,
        source_id: stored.source_id,
        facts,
        query: query.to_query(),
        may_erase: ctx.has(Permission::Administer),
        may_open_case: ctx.has(Permission::Cases),
    };
    Ok(render(StatusCode::OK, lang, &body))
}
