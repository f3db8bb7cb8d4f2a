//! An organisation's data in and out (`/sources`): its sources, a CTDC file uploaded and
//! imported in the background with its progress, summary and errors CSV, and its records
//! exported with the hub's filters. The same rules as `faro import` and `faro export`.

use super::forms::{download, job_errors};
use super::render::{Chrome, Page, PageError, PageResult, SignedIn, render, when};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use crate::export::{Chunked, ExportError};
use crate::hub::HubQuery;
use crate::imports::{self, ImportJob, Outcome, UploadError};
use crate::jobs::Kind;
use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use faro_domain::Permission;
use faro_formats::ExportFormat;
use faro_i18n::{Lang, key};
use faro_store::{JobState, Session, Source};
use futures_util::StreamExt;

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
        route("POST", "/sources/import/{job}/cancel", DATA, || {
            post(cancel)
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

/// A source's name in the reader's language: the names Faro gives its own sources (reports
/// made records, the demo) are words of the translation files; an import keeps the name its
/// importer gave it.
pub fn source_name(lang: Lang, source: &Source) -> String {
    match source.layout.as_str() {
        "intake" => lang.w(key!("source-intake")).into_owned(),
        "generated" => lang.w(key!("source-demo")).into_owned(),
        _ => source.name.clone(),
    }
}

/// A layout code in words (the upload form's words for CTDC's layouts).
fn layout_words(lang: Lang, layout: &str) -> String {
    let key = match layout {
        "a" => key!("import_layout_a"),
        "b" => key!("import_layout_b"),
        "c" => key!("import_layout_c"),
        "jsonl" => key!("import_layout_jsonl"),
        "intake" => key!("source-layout-intake"),
        "generated" => key!("source-layout-demo"),
        other => return other.to_string(),
    };
    lang.w(key).into_owned()
}

impl SourceRow {
    fn new(lang: Lang, s: Source) -> SourceRow {
        SourceRow {
            id: s.id,
            name: source_name(lang, &s),
            layout: layout_words(lang, &s.layout),
            imported: s.rows_imported,
            rejected: s.rows_rejected,
            when: when(s.finished_at.unwrap_or(s.started_at)),
            shared: s.share_aggregates,
        }
    }
}

/// An import job, as the pages show it.
pub struct JobRow {
    pub id: String,
    pub file_name: String,
    pub when: String,
    /// Per cent of the file read.
    pub percent: u64,
    pub rows_read: u64,
    pub rejected: u64,
    pub errors_cut: bool,
    /// The errors CSV was dropped to keep the organisation's within its cap.
    pub errors_dropped: bool,
    /// Its upload is still arriving, or it waits for a free runner.
    pub waiting: bool,
    /// Whether the reader may cancel it (it runs, and it is theirs or they are an admin).
    pub cancellable: bool,
    pub ended: Option<Outcome>,
}

impl JobRow {
    fn of(job: &ImportJob, session: &Session) -> JobRow {
        let p = &job.progress;
        let state = job.job.state().unwrap_or(JobState::Failed);
        let own = job.job.user_id.is_some() && job.job.user_id == session.ctx.user();
        let size = job.params.size;
        JobRow {
            id: job.job.id.clone(),
            file_name: job.params.file_name.clone(),
            when: when(job.job.created_at),
            percent: (p.bytes.min(size) * 100).checked_div(size).unwrap_or(0),
            rows_read: p.rows_read,
            rejected: p.rejected,
            errors_cut: p.errors_cut,
            errors_dropped: job.job.errors_dropped != 0,
            waiting: state == JobState::Queued,
            cancellable: !state.ended()
                && !job.job.cancelling()
                && (own || session.ctx.has(Permission::Administer)),
            ended: if state.ended() {
                Some(job.outcome.clone().unwrap_or(Outcome::Failed {
                    key: key!("import_failed").into(),
                    detail: String::new(),
                }))
            } else {
                None
            },
        }
    }

    /// The summary's numbers, for the translation's placeables: counts as numbers (grouped
    /// in the reader's way), the source's id as text (never grouped).
    pub fn counts(&self) -> faro_i18n::FluentArgs<'static> {
        let mut args = faro_i18n::FluentArgs::new();
        match &self.ended {
            Some(Outcome::Imported {
                source_id,
                rows_read,
                rows_imported,
                rows_rejected,
            }) => {
                args.set("read", *rows_read);
                args.set("imported", *rows_imported);
                args.set("rejected", *rows_rejected);
                args.set("source", source_id.to_string());
            }
            Some(Outcome::AlreadyImported { source_id, rows }) => {
                args.set("source", source_id.to_string());
                args.set("imported", *rows);
            }
            _ => {
                args.set("read", self.rows_read);
                args.set("rejected", self.rejected);
            }
        }
        args
    }
}

/// The most text the "columns to ignore" field takes.
const IGNORED_MAX_BYTES: usize = 4096;

/// Import jobs the sources page lists.
const JOBS_LISTED: i64 = 10;

#[derive(Template)]
#[template(path = "sources/sources.html")]
struct SourcesPage {
    c: Chrome,
    sources: Vec<SourceRow>,
    jobs: Vec<JobRow>,
    /// Where each source's releases for viewers stand, in words.
    statistics: Vec<String>,
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
            .map(|s| SourceRow::new(page.lang, s))
            .collect(),
        jobs: state
            .store
            .jobs_of(&session.ctx, Kind::Import.code(), JOBS_LISTED)
            .await?
            .into_iter()
            .filter_map(ImportJob::of)
            .map(|j| JobRow::of(&j, session))
            .collect(),
        statistics: statistics_lines(state, page.lang, org).await?,
        may_delete: session.ctx.has(Permission::Administer),
        upload_megabytes: (state.upload_limit >> 20) as i64,
        error,
        notice,
    };
    Ok(render(status, page.lang, &body))
}

/// One line per source: what viewers and other organisations are answered from.
async fn statistics_lines(
    state: &AppState,
    lang: faro_i18n::Lang,
    org: faro_domain::OrganisationId,
) -> Result<Vec<String>, crate::services::ServiceError> {
    use crate::services::statistics::{Standing, standing};
    let lines = standing(&state.services(), org)
        .await?
        .into_iter()
        .rev()
        .map(|(source, standing)| {
            let mut args = faro_i18n::FluentArgs::new();
            args.set("source", source.to_string());
            let key = match standing {
                Standing::Pending => "sources-statistics-pending",
                Standing::Current(day) => {
                    args.set("date", day);
                    "sources-statistics-current"
                }
                Standing::Changed(day) => {
                    args.set("date", day);
                    "sources-statistics-changed"
                }
                Standing::CapSpent(day) => {
                    args.set("date", day);
                    "sources-statistics-cap-spent"
                }
            };
            lang.format(key, Some(&args)).into_owned()
        })
        .collect();
    Ok(lines)
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
) -> PageResult {
    sources_page(&state, &page, &session, StatusCode::OK, None, None).await
}

/// The name a browser gave the file, without any folder, cut to 200 characters; a source's
/// name, never a path on this server.
pub(super) fn file_name(sent: &str) -> String {
    let base = sent.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let name: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.is_empty() {
        "upload".to_string()
    } else {
        name
    }
}

/// The upload form, streamed: the token, the layout, then the file, which goes into the
/// database chunk by chunk as it arrives and becomes an import job.
async fn upload(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    form: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let refuse = |status, key| sources_page(&state, &page, &session, status, Some(key), None);
    let Ok(mut form) = form else {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, key!("import_no_file")).await;
    };
    super::guard::csrf_first(&mut form, &session).await?;
    let mut layout = String::new();
    let mut ignored: Vec<String> = Vec::new();
    let too_large = std::sync::OnceLock::new();
    let started = loop {
        let Ok(Some(field)) = form.next_field().await else {
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, key!("import_no_file")).await;
        };
        match field.name().unwrap_or_default() {
            "layout" => {
                // A layout code is a few letters; a longer part is refused unread.
                layout = match super::guard::short_text(field, 16).await {
                    Ok(code) if imports::layout(&code).is_ok() => code,
                    Err(Some(too_large)) => return Err(too_large),
                    _ => {
                        let invalid = key!("import_layout_invalid");
                        return refuse(StatusCode::UNPROCESSABLE_ENTITY, invalid).await;
                    }
                };
            }
            "ignore" => {
                // Names separated by commas or lines, as many as a header could hold.
                let text = match super::guard::short_text(field, IGNORED_MAX_BYTES).await {
                    Ok(text) => text,
                    Err(Some(too_large)) => return Err(too_large),
                    Err(None) => {
                        let invalid = key!("import_ignore_invalid");
                        return refuse(StatusCode::UNPROCESSABLE_ENTITY, invalid).await;
                    }
                };
                let names = text
                    .split([',', '\n'])
                    .map(str::trim)
                    .filter(|n| !n.is_empty());
                ignored.extend(names.map(str::to_string));
            }
            "ignore_unnamed" => ignored.push(String::new()),
            "file" => {
                let name = field.file_name().map(file_name).unwrap_or_default();
                let (ctx, lang) = (&session.ctx, page.lang);
                // Remembers why the file broke off: too large is the sender's to fix.
                let file = field.inspect(|piece| {
                    if let Err(e) = piece
                        && let Some(e) = super::guard::unread(e)
                    {
                        too_large.get_or_init(|| e);
                    }
                });
                let params = imports::Params {
                    file_name: name,
                    layout: std::mem::take(&mut layout),
                    ignore_columns: std::mem::take(&mut ignored),
                    sha256: String::new(),
                    size: 0,
                };
                let kind = (Kind::Import, lang);
                break imports::receive(&state.jobs, ctx, kind, params, file).await;
            }
            _ => {}
        }
    };
    match started {
        Ok(id) => Ok(Redirect::to(&format!("/sources/import/{id}")).into_response()),
        Err(UploadError::Broken) => match too_large.into_inner() {
            Some(too_large) => Err(too_large),
            None => refuse(StatusCode::UNPROCESSABLE_ENTITY, key!("import_no_file")).await,
        },
        Err(UploadError::Empty) => {
            refuse(StatusCode::UNPROCESSABLE_ENTITY, key!("import_no_file")).await
        }
        Err(UploadError::Cancelled) => refuse(StatusCode::CONFLICT, key!("job_cancelled")).await,
        Err(UploadError::Store(e)) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "sources/job.html")]
struct JobPage {
    c: Chrome,
    job: JobRow,
}

async fn job_of(state: &AppState, session: &Session, id: &str) -> Result<ImportJob, PageError> {
    let gone = || PageError::new(StatusCode::NOT_FOUND, key!("import_gone"));
    let job = match state.store.job(&session.ctx, id).await {
        Err(faro_store::StoreError::NotFound { .. }) => return Err(gone()),
        found => found?,
    };
    Some(job)
        .filter(|j| j.kind == Kind::Import.code())
        .and_then(ImportJob::of)
        .ok_or_else(gone)
}

async fn job(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let job = job_of(&state, &session, &id).await?;
    let body = JobPage {
        c: page.chrome(key!("import_job")),
        job: JobRow::of(&job, &session),
    };
    Ok(render(StatusCode::OK, page.lang, &body))
}

async fn errors_csv(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let job = job_of(&state, &session, &id).await?;
    let ended = job.outcome.is_some();
    job_errors(state.store, job.job.id, ended, "faro-import-errors.csv")
}

/// Stops an import job (the user who started it, or an admin): a waiting one at once, a
/// running one at its process's next tick, leaving none of its rows.
async fn cancel(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> PageResult {
    let job = job_of(&state, &session, &id).await?;
    crate::jobs::cancel(&state.store, &session.ctx, &job.job.id).await?;
    Ok(Redirect::to(&format!("/sources/import/{id}")).into_response())
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
    // Fused: a compressing layer may ask once more after the end.
    let stream =
        futures_util::StreamExt::fuse(futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|chunk| (chunk, rx))
        }));
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
