//! Published data: the public pages (`/data` and `/data/{id}`, no sign-in) listing the
//! releases organisations made public, each with its files, datasheet and charts of what it
//! published; and an organisation's releases (`/admin/releases`), where its admins see what
//! each method changed and choose which ones are public (audited).

use super::forms::{Fields, chunked, download, id_field};
use super::published::{self, PublicChart, PublicFile, describe};
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render, when};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use crate::hub::query::HubQuery;
use crate::jobs::Kind;
use crate::publish::Options;
use crate::publishing::{self, Outcome, Params};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::{AccessContext, Permission};
use faro_i18n::key;
use faro_store::Release;
use serde::Deserialize;

const ADMIN: Need = Need::Permission(Permission::Administer);

pub(super) const MENU: &[MenuEntry] = &[MenuEntry {
    path: "/data",
    key: "data_title",
    need: Need::Public,
    place: Place::Sections,
}];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/data", Need::Public, || get(show)),
        route("GET", "/data/{id}", Need::Public, || get(release_page)),
        route("GET", "/data/{id}/{file}", Need::Public, || get(file)),
        route("GET", "/admin/releases", ADMIN, || get(releases)),
        route("POST", "/admin/releases", ADMIN, || post(set_public)),
        route("POST", "/admin/releases/new", ADMIN, || post(make)),
        route("GET", "/admin/releases/jobs/{id}", ADMIN, || get(job)),
        route("POST", "/admin/releases/jobs/{id}/cancel", ADMIN, || {
            post(cancel)
        }),
    ]
}

/// A release as its organisation's admins see it listed.
pub struct ReleaseRow {
    pub id: i64,
    pub when: String,
    pub public: bool,
    /// Every file of the release (its admins may download them all).
    pub files: Vec<String>,
    /// How much each method changed the data, in words (from `report.json`).
    pub summary: Vec<String>,
}

/// A release's utility and risk in a few words, from its `report.json`: what share of the
/// records each method changed or left out, and the error of what it published.
fn summary(lang: faro_i18n::Lang, report: &serde_json::Value) -> Vec<String> {
    use crate::publish::percent;
    let number = |v: &serde_json::Value| v.as_f64();
    let say = |key: &str, pairs: &[(&'static str, String)]| {
        let mut args = faro_i18n::FluentArgs::new();
        for (name, value) in pairs {
            args.set(*name, value.clone());
        }
        lang.format(key, Some(&args)).into_owned()
    };
    let all_lengths = |method: &serde_json::Value| {
        method["errors"]
            .as_array()
            .and_then(|e| e.iter().find(|e| e["length"] == 0))
            .and_then(|e| number(&e["mean_relative_error"]))
    };
    let mut said = Vec::new();
    if let Some(share) = number(&report["kanon"]["suppressed_share"]) {
        let error = all_lengths(&report["kanon"]).map_or_else(String::new, |e| percent(&e));
        said.push(say(
            key!("release_summary_kanon"),
            &[("share", percent(&share)), ("error", error)],
        ));
    }
    if let Some(lost) = number(&report["general"]["information_lost"]) {
        said.push(say(
            key!("release_summary_general"),
            &[("share", percent(&lost))],
        ));
    }
    if let Some(error) = all_lengths(&report["synthetic"]) {
        said.push(say(
            key!("release_summary_synthetic"),
            &[("error", percent(&error))],
        ));
    }
    if let Some(error) = number(&report["dp"]["mean_relative_error"]) {
        let epsilon = number(&report["dp"]["epsilon"]).unwrap_or_default();
        let pairs = [
            ("error", percent(&error)),
            ("epsilon", format!("{epsilon}")),
        ];
        said.push(say(key!("release_summary_dp"), &pairs));
    }
    said
}

#[derive(Template)]
#[template(path = "data/data.html")]
struct DataPage {
    c: Chrome,
    releases: Vec<PublicRelease>,
}

/// A public release as the public pages show it: who made it, when, and its files described.
pub struct PublicRelease {
    pub id: i64,
    pub organisation: String,
    pub when: String,
    pub files: Vec<PublicFile>,
}

async fn public_release(
    state: &AppState,
    lang: faro_i18n::Lang,
    release: Release,
) -> Result<PublicRelease, PageError> {
    let files = state
        .store
        .public_file_sizes(release.id)
        .await?
        .into_iter()
        .map(|(name, bytes)| describe(lang, &name, bytes))
        .collect();
    Ok(PublicRelease {
        id: release.id,
        organisation: release.organisation_name,
        when: when(release.created_at),
        files,
    })
}

async fn show(State(state): State<AppState>, page: Page) -> PageResult {
    let mut releases = Vec::new();
    for release in state.store.public_releases().await? {
        releases.push(public_release(&state, page.lang, release).await?);
    }
    let body = DataPage {
        c: page.chrome(key!("data_title")),
        releases,
    };
    Ok(render(StatusCode::OK, page.lang, &body))
}

#[derive(Template)]
#[template(path = "data/release.html")]
struct ReleasePage {
    c: Chrome,
    r: PublicRelease,
    charts: Vec<PublicChart>,
    /// The datasheet as HTML (from Markdown Faro wrote, raw HTML escaped).
    datasheet: Option<String>,
    /// The datasheet's language, when it is not the page's.
    datasheet_language: Option<String>,
}

/// `/data/{id}`: one public release for anyone: its files, charts and a map of its published
/// tables (never the records), and its datasheet as a page. Printable, without JavaScript.
async fn release_page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> PageResult {
    let not_found = || PageError::new(StatusCode::NOT_FOUND, key!("not_found"));
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let release = state
        .store
        .public_releases()
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(not_found)?;
    let anyone = AccessContext::anonymous();
    let read = |name: &'static str| {
        let store = state.store.clone();
        let anyone = anyone.clone();
        async move { store.release_file(&anyone, id, name).await.ok() }
    };
    let charts = read("dp-tables.csv")
        .await
        .map(|csv| published::charts(page.lang, &csv))
        .unwrap_or_default();
    let sheet = read("README.md")
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    let datasheet_language = sheet
        .as_deref()
        .and_then(published::datasheet_language)
        .filter(|l| *l != page.lang)
        .map(|l| l.name().into_owned());
    let body = ReleasePage {
        c: page.chrome(key!("data_release_title")),
        r: public_release(&state, page.lang, release).await?,
        charts,
        datasheet: sheet.as_deref().map(published::datasheet_html),
        datasheet_language,
    };
    Ok(render(StatusCode::OK, page.lang, &body))
}

/// A release's file: a public release's public files for anyone, every file for the
/// organisation's admins; anything else is 404.
async fn file(
    State(state): State<AppState>,
    page: Page,
    Path((id, name)): Path<(String, String)>,
) -> PageResult {
    let id: i64 = id
        .parse()
        .map_err(|_| PageError::new(StatusCode::NOT_FOUND, key!("not_found")))?;
    let ctx = page
        .session
        .as_ref()
        .map_or_else(AccessContext::anonymous, |s| s.ctx.clone());
    // The first chunk before any header: a file the reader may not read is a 404 page.
    let first = state.store.release_file_chunk(&ctx, id, &name, 0).await?;
    let (store, file) = (state.store.clone(), name.clone());
    let rest = chunked(1, move |seq| {
        let (store, ctx, file) = (store.clone(), ctx.clone(), file.clone());
        async move { store.release_file_chunk(&ctx, id, &file, seq).await }
    });
    let body = futures_util::StreamExt::chain(futures_util::stream::iter(first.map(Ok)), rest);
    let kind = [
        (".csv", "text/csv; charset=utf-8"),
        (".json", "application/json"),
        (".html", "text/html; charset=utf-8"),
    ]
    .iter()
    .find(|(end, _)| name.ends_with(end))
    .map_or("text/markdown; charset=utf-8", |(_, kind)| kind);
    let body = axum::body::Body::from_stream(body);
    if name == "report.html" {
        return Ok(shown_report(body));
    }
    Ok(download(kind, format!("faro-release-{id}-{name}"), body))
}

/// A release's report, opened in the browser rather than downloaded: Faro wrote it, it has
/// no script, and its policy lets it use its own inline style and nothing else.
fn shown_report(body: axum::body::Body) -> axum::response::Response {
    const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CONTENT_DISPOSITION, "inline"),
        (header::CONTENT_SECURITY_POLICY, REPORT_CSP),
    ];
    (headers, body).into_response()
}

#[derive(Template)]
#[template(path = "data/releases.html")]
struct ReleasesPage {
    c: Chrome,
    releases: Vec<ReleaseRow>,
    error: Option<&'static str>,
    form: MakeForm,
    /// The selection's filters in words (none: every record).
    selection: Vec<super::hub::Chip>,
}

async fn releases_page(
    state: &AppState,
    page: &Page,
    session: &faro_store::Session,
    status: StatusCode,
    error: Option<&'static str>,
    form: MakeForm,
) -> PageResult {
    let org = session.user.organisation;
    let mut rows = Vec::new();
    for release in state.store.releases(&session.ctx, org).await? {
        let report = state
            .store
            .release_file(&session.ctx, release.id, "report.json")
            .await
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        rows.push(ReleaseRow {
            id: release.id,
            when: when(release.created_at),
            public: release.public,
            files: release.files,
            summary: report.map(|r| summary(page.lang, &r)).unwrap_or_default(),
        });
    }
    let selection = HubQuery::parse_strict(Some(&form.filters))
        .map(|q| super::hub::chips(page.lang, &q))
        .unwrap_or_default();
    let body = ReleasesPage {
        c: page.chrome(key!("releases_title")),
        releases: rows,
        error,
        form,
        selection,
    };
    Ok(render(status, page.lang, &body))
}

/// `/admin/releases[?<the hub's filters>]`: the releases, and the form for a new one of the
/// records the filters select (a hub view's "Publish this selection").
async fn releases(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let query = HubQuery::parse_strict(raw.as_deref())?;
    let form = MakeForm {
        filters: query.to_query(),
        ..MakeForm::default()
    };
    releases_page(&state, &page, &session, StatusCode::OK, None, form).await
}

#[derive(Deserialize)]
pub struct Visibility {
    #[serde(default)]
    id: String,
    #[serde(default)]
    public: String,
}

async fn set_public(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Fields(f): Fields<Visibility>,
) -> PageResult {
    let id = id_field(&f.id)?;
    match f.public.as_str() {
        // Public only after the confirmation page, which says who will see what.
        "1" => Ok(Redirect::to(&format!("/admin/releases/{id}/public")).into_response()),
        "0" => {
            let org = session.user.organisation;
            let store = &state.store;
            store
                .set_release_public(&session.ctx, org, id, false)
                .await?;
            Ok(Redirect::to("/admin/releases").into_response())
        }
        _ => Err(PageError::new(StatusCode::BAD_REQUEST, key!("error"))),
    }
}

/// The new release form, as typed.
#[derive(Deserialize, Clone)]
pub struct MakeForm {
    #[serde(default)]
    k: String,
    #[serde(default)]
    epsilon: String,
    #[serde(default)]
    kanon: Option<String>,
    #[serde(default)]
    synthetic: Option<String>,
    #[serde(default)]
    dp: Option<String>,
    /// The selection, as the hub's query string (empty: every record).
    #[serde(default)]
    filters: String,
}

impl Default for MakeForm {
    fn default() -> Self {
        MakeForm {
            k: "11".into(),
            epsilon: "1".into(),
            kanon: Some("1".into()),
            synthetic: Some("1".into()),
            dp: Some("1".into()),
            filters: String::new(),
        }
    }
}

/// The options a form asks for, or the key of what is wrong with it.
fn options(form: &MakeForm, state: &AppState, page: &Page) -> Result<Options, &'static str> {
    let k = form
        .k
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|k| *k >= 2)
        .ok_or(key!("release_k_invalid"))?;
    let epsilon = form
        .epsilon
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|e| e.is_finite() && *e > 0.0 && *e <= 100.0)
        .ok_or(key!("release_epsilon_invalid"))?;
    let options = Options {
        k,
        epsilon,
        kanon: form.kanon.is_some(),
        synthetic: form.synthetic.is_some(),
        dp: form.dp.is_some(),
        budget: state.publish_budget,
        lang: page.lang,
        this_year: crate::this_year(),
    };
    if options.kanon || options.synthetic || options.dp {
        Ok(options)
    } else {
        Err(key!("release_no_method"))
    }
}

async fn make(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Fields(form): Fields<MakeForm>,
) -> PageResult {
    let refuse =
        |status, key| releases_page(&state, &page, &session, status, Some(key), form.clone());
    let options = match options(&form, &state, &page) {
        Ok(o) => o,
        Err(key) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, key).await,
    };
    let Ok(selection) = HubQuery::parse_strict(Some(&form.filters)) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            key!("release_filters_invalid"),
        )
        .await;
    };
    let params = Params {
        filters: selection.to_query(),
        options,
    };
    match publishing::start(&state.jobs, &session.ctx, page.lang, &params).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/releases/jobs/{id}")).into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "data/job.html")]
struct JobPage {
    c: Chrome,
    id: String,
    when: String,
    outcome: Option<Outcome>,
    cancellable: bool,
}

async fn release_job(
    state: &AppState,
    session: &faro_store::Session,
    id: &str,
) -> Result<faro_store::Job, PageError> {
    let gone = || PageError::new(StatusCode::NOT_FOUND, key!("release_job_gone"));
    match state.store.job(&session.ctx, id).await {
        Ok(job) if job.kind == Kind::Release.code() => Ok(job),
        Ok(_) | Err(faro_store::StoreError::NotFound { .. }) => Err(gone()),
        Err(e) => Err(e.into()),
    }
}

async fn job(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let job = release_job(&state, &session, &id).await?;
    let ended = job.state().is_ok_and(|s| s.ended());
    let body = JobPage {
        c: page.chrome(key!("release_job")),
        id: job.id.clone(),
        when: when(job.created_at),
        outcome: ended.then(|| {
            Outcome::of(&job).unwrap_or(Outcome::Failed {
                key: key!("release_failed").into(),
            })
        }),
        cancellable: !ended && !job.cancelling(),
    };
    Ok(render(StatusCode::OK, page.lang, &body))
}

/// Stops a release job; nothing of it is kept.
async fn cancel(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let job = release_job(&state, &session, &id).await?;
    crate::jobs::cancel(&state.store, &session.ctx, &job.id).await?;
    Ok(Redirect::to(&format!("/admin/releases/jobs/{id}")).into_response())
}
