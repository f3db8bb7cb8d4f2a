//! Published data: the public page (`/data`, no sign-in) listing the releases organisations
//! made public, with their datasheets and files; and an organisation's releases
//! (`/admin/releases`), where its admins choose which ones are public (audited).

use super::forms::{Fields, chunked, download, id_field};
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render, when};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use crate::hub::query::HubQuery;
use crate::jobs::Kind;
use crate::publish::Options;
use crate::publishing::{self, Outcome, Params};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::{AccessContext, Permission};
use faro_i18n::key;
use faro_store::{PUBLIC_FILES, Release};
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

/// A release as a page lists it.
pub struct ReleaseRow {
    pub id: i64,
    pub organisation: String,
    pub when: String,
    pub public: bool,
    /// The files a reader of this page may download.
    pub files: Vec<String>,
    /// The datasheet's text, when the release has one.
    pub datasheet: Option<String>,
}

fn row(release: Release, datasheet: Option<String>, public_only: bool) -> ReleaseRow {
    ReleaseRow {
        id: release.id,
        organisation: release.organisation_name,
        when: when(release.created_at),
        public: release.public,
        files: release
            .files
            .into_iter()
            .filter(|f| !public_only || PUBLIC_FILES.contains(&f.as_str()))
            .collect(),
        datasheet,
    }
}

#[derive(Template)]
#[template(path = "data/data.html")]
struct DataPage {
    c: Chrome,
    releases: Vec<ReleaseRow>,
}

async fn show(State(state): State<AppState>, page: Page) -> PageResult {
    let anyone = AccessContext::anonymous();
    let mut rows = Vec::new();
    for release in state.store.public_releases().await? {
        let sheet = state
            .store
            .release_file(&anyone, release.id, "README.md")
            .await
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        rows.push(row(release, sheet, true));
    }
    let body = DataPage {
        c: page.chrome(key!("data_title")),
        releases: rows,
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
    Ok(download(
        kind,
        format!("faro-release-{id}-{name}"),
        axum::body::Body::from_stream(body),
    ))
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
    let releases = state.store.releases(&session.ctx, org).await?;
    let selection = HubQuery::parse_strict(Some(&form.filters))
        .map(|q| super::hub::chips(page.lang, &q))
        .unwrap_or_default();
    let body = ReleasesPage {
        c: page.chrome(key!("releases_title")),
        releases: releases.into_iter().map(|r| row(r, None, false)).collect(),
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
    let public = match f.public.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(PageError::new(StatusCode::BAD_REQUEST, key!("error"))),
    };
    let id = id_field(&f.id)?;
    state
        .store
        .set_release_public(&session.ctx, session.user.organisation, id, public)
        .await?;
    Ok(Redirect::to("/admin/releases").into_response())
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
