//! An organisation's data in and out (`/sources`): its sources, a CTDC file uploaded and
//! imported in the background with its progress, summary and errors CSV, and its records
//! exported with the hub's filters. The same rules as `faro import` and `faro export`.

use super::forms::download;
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render, when};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use crate::export::{Chunked, ExportError};
use crate::hub::HubQuery;
use crate::imports::{Ended, Job, Refused, Upload};
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::Permission;
use faro_formats::{ExportFormat, Layout};
use faro_i18n::key;
use faro_store::{Session, Source};
use std::sync::Arc;

const DATA: Need = Need::Permission(Permission::ImportExport);

pub(super) const MENU: &[MenuEntry] = &[MenuEntry {
    path: "/sources",
    key: "sources",
    need: DATA,
    place: Place::Sections,
}];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/sources", DATA, || get(show)),
        route("POST", "/sources/import", DATA, || post(upload)).with_upload(),
        route("GET", "/sources/import/{job}", DATA, || get(job)),
        route("GET", "/sources/import/{job}/errors.csv", DATA, || {
            get(errors_csv)
        }),
        route("GET", "/sources/export/{format}", DATA, || get(export)),
    ]
}

/// A source of the organisation, as its row shows it.
pub struct SourceRow {
    pub id: i64,
    pub name: String,
    pub layout: String,
    pub imported: i64,
    pub rejected: i64,
    pub when: String,
    pub shared: bool,
}

impl From<Source> for SourceRow {
    fn from(s: Source) -> SourceRow {
        SourceRow {
            id: s.id,
            name: s.name,
            layout: s.layout,
            imported: s.rows_imported,
            rejected: s.rows_rejected,
            when: when(s.finished_at.unwrap_or(s.started_at)),
            shared: s.share_aggregates,
        }
    }
}

/// An import of this server, as the pages show it.
pub struct JobRow {
    pub id: String,
    pub file_name: String,
    pub when: String,
    /// Per cent of the file read.
    pub percent: u64,
    pub rows_read: u64,
    pub rejected: u64,
    pub errors_cut: bool,
    pub ended: Option<Ended>,
}

impl JobRow {
    fn of(job: &Job) -> JobRow {
        let p = job.progress();
        JobRow {
            id: job.id.clone(),
            file_name: job.file_name.clone(),
            when: when(job.started_at),
            percent: (p.bytes * 100).checked_div(job.size).unwrap_or(100),
            rows_read: p.rows_read,
            rejected: p.rejected,
            errors_cut: p.errors_cut,
            ended: p.ended,
        }
    }

    /// The summary's numbers, for the translation's placeables.
    pub fn counts(&self) -> Vec<(&'static str, i64)> {
        match &self.ended {
            Some(Ended::Imported(r)) => vec![
                ("read", r.rows_read as i64),
                ("imported", r.rows_imported as i64),
                ("rejected", r.rows_rejected as i64),
                ("source", r.source_id),
            ],
            Some(Ended::AlreadyImported { source_id, rows }) => {
                vec![("source", *source_id), ("imported", *rows)]
            }
            _ => vec![
                ("read", self.rows_read as i64),
                ("rejected", self.rejected as i64),
            ],
        }
    }
}

#[derive(Template)]
#[template(path = "sources/sources.html")]
struct SourcesPage {
    c: Chrome,
    sources: Vec<SourceRow>,
    jobs: Vec<JobRow>,
    /// Admins see each source's delete link.
    may_delete: bool,
    upload_megabytes: i64,
    error: Option<&'static str>,
    notice: Option<&'static str>,
}

pub(super) async fn sources_page(
    state: &AppState,
    page: &Page,
    session: &Session,
    status: StatusCode,
    error: Option<&'static str>,
    notice: Option<&'static str>,
) -> PageResult {
    let org = session.user.organisation;
    let sources = state.store.sources(&session.ctx).await?;
    let body = SourcesPage {
        c: page.chrome(key!("sources")),
        sources: sources
            .into_iter()
            .filter(|s| s.organisation == org)
            .rev()
            .map(SourceRow::from)
            .collect(),
        jobs: state
            .imports
            .of(org)
            .iter()
            .map(|j| JobRow::of(j.as_ref()))
            .collect(),
        may_delete: session.ctx.has(Permission::Administer),
        upload_megabytes: (state.upload_limit >> 20) as i64,
        error,
        notice,
    };
    Ok(render(status, page.lang, &body))
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
) -> PageResult {
    sources_page(&state, &page, &session, StatusCode::OK, None, None).await
}

/// Parts of an upload form beyond its file and layout (the CSRF token, read by the guard).
const MAX_PARTS: usize = 4;

/// The upload form's file and layout; a form that is not one is `Err` with the key that
/// says why.
async fn read_upload(
    form: Result<Multipart, MultipartRejection>,
) -> Result<(String, Vec<u8>, Option<Layout>), &'static str> {
    let mut form = form.map_err(|_| "import_no_file")?;
    let (mut file, mut layout) = (None, None);
    for _ in 0..MAX_PARTS {
        let Some(field) = form.next_field().await.map_err(|_| "import_no_file")? else {
            break;
        };
        match field.name().unwrap_or_default() {
            "file" => {
                let name = field.file_name().map(file_name).unwrap_or_default();
                let bytes = field.bytes().await.map_err(|_| "import_no_file")?;
                file = Some((name, bytes.to_vec()));
            }
            "layout" => {
                let code = field.text().await.map_err(|_| "import_layout_invalid")?;
                layout = match code.as_str() {
                    "" | "auto" => None,
                    "a" => Some(Layout::A),
                    "b" => Some(Layout::B),
                    "c" => Some(Layout::C),
                    "jsonl" => Some(Layout::Jsonl),
                    _ => return Err("import_layout_invalid"),
                };
            }
            _ => {}
        }
    }
    match file {
        Some((name, bytes)) if !bytes.is_empty() => Ok((name, bytes, layout)),
        _ => Err("import_no_file"),
    }
}

/// The name a browser gave the file, without any folder, cut to 200 characters; a source's
/// name, never a path on this server.
fn file_name(sent: &str) -> String {
    let base = sent.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let name: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.is_empty() {
        "upload".to_string()
    } else {
        name
    }
}

async fn upload(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    form: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let (file_name, bytes, layout) = match read_upload(form).await {
        Ok(sent) => sent,
        Err(key) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return sources_page(&state, &page, &session, status, Some(key), None).await;
        }
    };
    let upload = Upload {
        file_name,
        bytes,
        layout,
        organisation: session.user.organisation,
        lang: page.lang,
    };
    let this_year = crate::this_year();
    let started = state
        .imports
        .start(state.store.clone(), session.ctx.clone(), upload, this_year);
    match started {
        Ok(job) => Ok(Redirect::to(&format!("/sources/import/{}", job.id)).into_response()),
        Err(Refused::Busy) => {
            let status = StatusCode::SERVICE_UNAVAILABLE;
            sources_page(&state, &page, &session, status, Some("import_busy"), None).await
        }
        Err(Refused::NoId) => Err(PageError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            key!("internal"),
        )),
    }
}

#[derive(Template)]
#[template(path = "sources/job.html")]
struct JobPage {
    c: Chrome,
    job: JobRow,
}

fn job_of(state: &AppState, session: &Session, id: &str) -> Result<Arc<Job>, PageError> {
    state
        .imports
        .get(id, session.user.organisation)
        .ok_or(PageError::new(StatusCode::NOT_FOUND, key!("import_gone")))
}

async fn job(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let job = job_of(&state, &session, &id)?;
    let body = JobPage {
        c: page.chrome(key!("import_job")),
        job: JobRow::of(&job),
    };
    Ok(render(StatusCode::OK, page.lang, &body))
}

async fn errors_csv(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let job = job_of(&state, &session, &id)?;
    let csv = job
        .errors_csv()
        .ok_or(PageError::new(StatusCode::CONFLICT, key!("import_running")))?;
    Ok(download(
        "text/csv; charset=utf-8",
        "faro-import-errors.csv".to_string(),
        csv,
    ))
}

/// `/sources/export/{a|c|jsonl}?<the hub's filters>`: the organisation's records that match,
/// streamed page by page; audited once it has all gone out.
async fn export(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(format): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (format, content_type, extension) = match format.as_str() {
        "a" => (ExportFormat::CsvA, "text/csv; charset=utf-8", "csv"),
        "c" => (ExportFormat::CsvC, "text/csv; charset=utf-8", "csv"),
        "jsonl" => (ExportFormat::Jsonl, "application/x-ndjson", "jsonl"),
        _ => return Err(PageError::new(StatusCode::NOT_FOUND, key!("not_found"))),
    };
    let query = HubQuery::parse_strict(raw.as_deref())?;
    let ctx = session.ctx.clone();
    // Audited before the first byte leaves: an export that cannot be audited does not start.
    let records = state.store.count_matching(&ctx, &query.filter).await?;
    let detail = serde_json::json!({
        "records": records, "format": format!("{format:?}"), "filters": query.to_query(),
    });
    state.store.audit(&ctx, "export", detail).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let store = state.store.clone();
    tokio::spawn(async move {
        let sent = send_records(&store, &ctx, &query.filter, format, &tx).await;
        if let Err(e) = sent {
            // The download ends broken rather than looking complete.
            tracing::error!(error = %e, "an export from a page failed");
            let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    Ok(download(
        content_type,
        format!("faro-records.{extension}"),
        axum::body::Body::from_stream(stream),
    ))
}

/// Sends the records page by page until all are out or the download is cancelled.
async fn send_records(
    store: &faro_store::Store,
    ctx: &faro_domain::AccessContext,
    filter: &faro_domain::Filter,
    format: ExportFormat,
    tx: &tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
) -> Result<(), ExportError> {
    let mut chunks = Chunked::new(store, ctx, filter, format)?;
    while let Some(bytes) = chunks.next().await? {
        if tx.send(Ok(bytes)).await.is_err() {
            break;
        }
    }
    Ok(())
}
