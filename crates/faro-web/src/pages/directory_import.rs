//! Importing the organisation's directory from a page (its admins): an HSDS 3.0 feed page
//! uploaded and imported by a background job (`services::directory_import`), whose page
//! refreshes itself until the summary and the row-level errors CSV.

use super::forms::{job_errors, no_store};
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render, when};
use super::{Need, PageRoute, route};
use crate::AppState;
use crate::imports::{UploadError, receive};
use crate::jobs::Kind;
use crate::services::directory_import::{Outcome, Params};
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::directory::Audience;
use faro_domain::{Permission, Vocabulary};
use faro_i18n::key;
use faro_store::{Job, JobState, Session};
use futures_util::StreamExt;

const ADMIN: Need = Need::Permission(Permission::Administer);

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/directory/import", ADMIN, || get(show)),
        route("POST", "/directory/import", ADMIN, || post(upload)).with_upload(),
        route("GET", "/directory/import/{job}", ADMIN, || get(job)),
        route("GET", "/directory/import/{job}/errors.csv", ADMIN, || {
            get(errors_csv)
        }),
    ]
}

#[derive(Template)]
#[template(path = "directory/import.html")]
struct Form {
    c: Chrome,
    audiences: Vec<super::cases::Choice>,
    error: Option<String>,
}

async fn form(page: &Page, status: StatusCode, error: Option<&'static str>) -> PageResult {
    let lang = page.lang;
    let view = Form {
        c: page.chrome(key!("directory-import")),
        audiences: super::cases::choices(lang, &[Audience::Partners]),
        error: error.map(|k| lang.w(k).into_owned()),
    };
    Ok(no_store(render(status, lang, &view)))
}

async fn show(page: Page) -> PageResult {
    form(&page, StatusCode::OK, None).await
}

/// The upload, streamed: the token, who may read the entries, then the file, which goes
/// into the job's chunks as it arrives.
async fn upload(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    sent: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let refuse = |key| form(&page, StatusCode::UNPROCESSABLE_ENTITY, Some(key));
    let Ok(mut sent) = sent else {
        return refuse(key!("import_no_file")).await;
    };
    super::guard::csrf_first(&mut sent, &session).await?;
    let mut audience = Audience::Partners;
    let too_large = std::sync::OnceLock::new();
    let started = loop {
        let Ok(Some(field)) = sent.next_field().await else {
            return refuse(key!("import_no_file")).await;
        };
        match field.name().unwrap_or_default() {
            "audience" => match super::guard::short_text(field, 16).await {
                Ok(code) if Audience::from_code(code.trim()).is_some() => {
                    audience = Audience::from_code(code.trim()).unwrap_or(audience);
                }
                Err(Some(too_large)) => return Err(too_large),
                _ => return refuse(key!("directory-import_audience")).await,
            },
            "file" => {
                let name = field
                    .file_name()
                    .map(super::sources::file_name)
                    .unwrap_or_default();
                let file = field.inspect(|piece| {
                    if let Err(e) = piece
                        && let Some(e) = super::guard::unread(e)
                    {
                        too_large.get_or_init(|| e);
                    }
                });
                let params = Params {
                    file_name: name,
                    audience: audience.code().to_string(),
                    sha256: String::new(),
                    size: 0,
                };
                let kind = (Kind::Directory, page.lang);
                break receive(&state.jobs, &session.ctx, kind, params, file).await;
            }
            _ => {}
        }
    };
    match started {
        Ok(id) => Ok(Redirect::to(&format!("/directory/import/{id}")).into_response()),
        Err(UploadError::Broken) => match too_large.into_inner() {
            Some(too_large) => Err(too_large),
            None => refuse(key!("import_no_file")).await,
        },
        Err(UploadError::Empty) => refuse(key!("import_no_file")).await,
        Err(UploadError::Cancelled) => {
            Err(PageError::new(StatusCode::CONFLICT, key!("job_cancelled")))
        }
        Err(UploadError::Store(e)) => Err(e.into()),
    }
}

/// A directory import job as its page reads it.
pub struct JobView {
    pub id: String,
    pub file_name: String,
    pub when: String,
    pub ended: Option<Outcome>,
}

async fn job_of(state: &AppState, session: &Session, id: &str) -> Result<JobView, PageError> {
    let gone = || PageError::new(StatusCode::NOT_FOUND, key!("import_gone"));
    let job: Job = match state.store.job(&session.ctx, id).await {
        Err(faro_store::StoreError::NotFound { .. }) => return Err(gone()),
        found => found?,
    };
    if job.kind != Kind::Directory.code() {
        return Err(gone());
    }
    let params: Params = serde_json::from_str(&job.params).map_err(|_| gone())?;
    let ended = match job.state() {
        Ok(JobState::Queued | JobState::Running) => None,
        _ => job
            .result
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok()),
    };
    Ok(JobView {
        id: job.id,
        file_name: params.file_name,
        when: when(job.created_at),
        ended,
    })
}

#[derive(Template)]
#[template(path = "directory/import_job.html")]
struct JobPage {
    c: Chrome,
    job: JobView,
    /// What an import that ended did, in words.
    summary: String,
}

async fn job(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let job = job_of(&state, &session, &id).await?;
    let summary = match &job.ended {
        Some(Outcome::Imported {
            added,
            updated,
            unchanged,
            vanished,
            rejected,
            ..
        }) => {
            let counts = [
                ("added", added),
                ("updated", updated),
                ("unchanged", unchanged),
                ("vanished", vanished),
                ("rejected", rejected),
            ]
            .map(|(k, n)| (k, i64::try_from(*n).unwrap_or(i64::MAX)));
            let args = super::render::args(&counts);
            page.lang
                .format(key!("directory-import_summary"), Some(&args))
                .into_owned()
        }
        _ => String::new(),
    };
    let view = JobPage {
        c: page.chrome(key!("directory-import")),
        job,
        summary,
    };
    Ok(no_store(render(StatusCode::OK, page.lang, &view)))
}

async fn errors_csv(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let job = job_of(&state, &session, &id).await?;
    let ended = job.ended.is_some();
    job_errors(state.store, job.id, ended, "faro-directory-errors.csv")
}
