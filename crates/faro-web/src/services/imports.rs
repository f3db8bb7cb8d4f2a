//! Imports started from a page, as background jobs ([`super::jobs`]). The upload is streamed
//! into the database in sealed chunks as it arrives ([`receive`]), never whole in memory;
//! then whichever process claims the job reads it back chunk by chunk and imports it exactly
//! as `faro import` does (one source, invisible until complete, skipped when the same file is
//! already in, rejected rows to a formula-safe errors CSV in the importer's language, stored
//! with the job). A cancelled, failed or orphaned import leaves none of its rows.

use super::jobs::{self, Ended, Jobs, Kind, Running, Work};
use faro_domain::{AccessContext, RowError};
use faro_formats::write::ErrorsCsv;
use faro_formats::{ImportError, Input, Layout, ReadOptions, ReadStats};
use faro_i18n::key;
use faro_store::{ImportFailed, ImportObserver, ImportOutcome, Job, JobState, NewSource, Store};
use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The plain size of each stored chunk of an upload.
const CHUNK_BYTES: usize = 1 << 20;
/// The largest errors CSV kept for one import; beyond it rejected rows are still counted.
const MAX_ERRORS_BYTES: usize = 8 << 20;

/// What an import job reads, stored as its `params`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    pub file_name: String,
    /// The form's layout code (see [`layout`]); empty: detected from the header.
    pub layout: String,
    /// Header names to skip, as the CLI's `--ignore-column` ("" skips unnamed columns).
    #[serde(default)]
    pub ignore_columns: Vec<String>,
    pub sha256: String,
    pub size: u64,
}

/// How far an import has gone, stored as its `progress`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Progress {
    pub bytes: u64,
    pub rows_read: u64,
    pub rejected: u64,
    /// The errors CSV lists only the first rejected rows.
    pub errors_cut: bool,
}

/// How an import ended, stored as its `result`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "ended", rename_all = "snake_case")]
pub enum Outcome {
    Imported {
        source_id: i64,
        rows_read: u64,
        rows_imported: u64,
        rows_rejected: u64,
    },
    /// The same bytes are already source `source_id`.
    AlreadyImported {
        source_id: i64,
        rows: i64,
    },
    /// Nothing was imported: why, as a key of the translation files, and the detail that
    /// key's text names (column names, a line number).
    Failed {
        key: String,
        detail: String,
    },
    Cancelled,
}

/// An import job as its pages read it.
pub struct ImportJob {
    pub job: Job,
    pub params: Params,
    pub progress: Progress,
    pub outcome: Option<Outcome>,
}

impl ImportJob {
    /// An import job read from its row; `None` for a row of another kind or that this
    /// version cannot read.
    pub fn of(job: Job) -> Option<ImportJob> {
        let params = serde_json::from_str(&job.params).ok()?;
        let progress = serde_json::from_str(&job.progress).unwrap_or_default();
        let outcome = job
            .result
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok());
        Some(ImportJob {
            job,
            params,
            progress,
            outcome,
        })
    }
}

/// A layout code that names no layout.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a layout code (auto, a, b, c, jsonl)")]
pub struct UnknownLayout(String);

/// The layout a form's code names: `None` to detect it.
pub fn layout(code: &str) -> Result<Option<Layout>, UnknownLayout> {
    match code {
        "" | "auto" => Ok(None),
        "a" => Ok(Some(Layout::A)),
        "b" => Ok(Some(Layout::B)),
        "c" => Ok(Some(Layout::C)),
        "jsonl" => Ok(Some(Layout::Jsonl)),
        other => Err(UnknownLayout(other.to_string())),
    }
}

/// Why an upload did not become an import.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error(transparent)]
    Store(#[from] faro_store::StoreError),
    /// The file's part ended early (the connection broke, or the body passed its limit).
    #[error("the upload broke off")]
    Broken,
    #[error("the upload is empty")]
    Empty,
    /// The job was cancelled (or given up) while its file arrived.
    #[error("the import was cancelled")]
    Cancelled,
}

/// The parameters of a job that starts with an upload: told the file's SHA-256 and size
/// once it has all arrived.
pub trait Uploaded: Serialize {
    fn sent(self, sha256: String, size: u64) -> Self;
}

impl Uploaded for Params {
    fn sent(self, sha256: String, size: u64) -> Params {
        Params {
            sha256,
            size,
            ..self
        }
    }
}

/// Streams `file` into a new job of `kind` for `ctx`'s organisation, sealed chunk by chunk;
/// the job's id once the whole file is stored and any process may run it. An upload that
/// does not complete leaves no job.
pub async fn receive<S, B, E, P: Uploaded>(
    jobs: &Jobs,
    ctx: &AccessContext,
    (kind, lang): (Kind, faro_i18n::Lang),
    params: P,
    mut file: S,
) -> Result<String, UploadError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
{
    let json = |p: &P| serde_json::to_string(p).unwrap_or_default();
    let id = jobs.queue(ctx, kind, lang, json(&params), true).await?;
    let stored = store_chunks(jobs, &id, &mut file).await;
    let (sha256, size) = match stored {
        Ok(Some(sent)) => sent,
        Ok(None) | Err(UploadError::Empty) => {
            jobs.store().drop_receiving_job(&id, jobs.owner()).await?;
            return Err(UploadError::Empty);
        }
        Err(e) => {
            jobs.store().drop_receiving_job(&id, jobs.owner()).await?;
            return Err(e);
        }
    };
    let params = params.sent(sha256, size);
    if jobs.ready(&id, &json(&params)).await? {
        Ok(id)
    } else {
        Err(UploadError::Cancelled)
    }
}

/// Stores the stream in chunks of [`CHUNK_BYTES`]; its SHA-256 and size, `None` if empty.
async fn store_chunks<S, B, E>(
    jobs: &Jobs,
    id: &str,
    file: &mut S,
) -> Result<Option<(String, u64)>, UploadError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
{
    let mut hash = sha2::Sha256::new();
    let mut buffer = Vec::with_capacity(CHUNK_BYTES);
    let (mut seq, mut size) = (0i64, 0u64);
    // A slow link stores what it has sent well before the lease would run out: every store
    // renews the lease.
    let renew_every = jobs.limits().lease / 3;
    let mut stored_at = std::time::Instant::now();
    loop {
        let piece = file.next().await;
        let end = piece.is_none();
        if let Some(piece) = piece {
            let piece = piece.map_err(|_| UploadError::Broken)?;
            buffer.extend_from_slice(piece.as_ref());
        }
        let due = !buffer.is_empty() && stored_at.elapsed() >= renew_every;
        while buffer.len() >= CHUNK_BYTES || ((end || due) && !buffer.is_empty()) {
            stored_at = std::time::Instant::now();
            let take = buffer.len().min(CHUNK_BYTES);
            let chunk: Vec<u8> = buffer.drain(..take).collect();
            hash.update(&chunk);
            size += chunk.len() as u64;
            let lease = (jobs.owner(), jobs.lease_until());
            if !jobs
                .store()
                .add_job_chunk(id, "upload", seq, &chunk, lease)
                .await?
            {
                return Err(UploadError::Cancelled);
            }
            seq += 1;
        }
        if end {
            break;
        }
    }
    Ok((size > 0).then(|| (hex::encode(hash.finalize()), size)))
}

/// Runs an import job: reads its upload back from the database and imports it.
pub(super) async fn run(work: &Work) -> Ended {
    let Ok(params) = serde_json::from_str::<Params>(&work.job.params) else {
        return jobs::failed(key!("import_failed"));
    };
    let outcome = import(work, &params).await;
    let state = match outcome {
        Outcome::Imported { .. } | Outcome::AlreadyImported { .. } => JobState::Succeeded,
        Outcome::Failed { .. } => JobState::Failed,
        Outcome::Cancelled => JobState::Cancelled,
    };
    Ended {
        state,
        result: serde_json::to_string(&outcome).unwrap_or_default(),
    }
}

async fn import(work: &Work, params: &Params) -> Outcome {
    let options = ReadOptions {
        layout: layout(&params.layout).ok().flatten(),
        this_year: crate::this_year(),
        ignore_columns: params.ignore_columns.clone(),
    };
    let reader = UploadReader::new(work.store.clone(), work.job.id.clone());
    let name = params.file_name.clone();
    let opened =
        tokio::task::spawn_blocking(move || Input::from_reader(&name, reader, &options)).await;
    let input = match opened {
        Ok(Ok(input)) => input,
        Ok(Err(e)) => return unreadable(&e, work.lang),
        Err(_) => return failed(key!("import_failed")),
    };
    let source = NewSource {
        name: params.file_name.clone(),
        file_name: Some(params.file_name.clone()),
        sha256: params.sha256.clone(),
        layout: input.layout.name().to_string(),
        kind: faro_store::SourceKind::Import,
        organisation: work.job.organisation(),
    };
    let stats = input.stats.clone();
    let errors = ErrorsCsv::new(ErrorsFile(work.running.clone(), 0), speaking(work.lang)).ok();
    let mut observer = Observer {
        running: work.running.clone(),
        stats: stats.clone(),
        file_name: params.file_name.clone(),
        progress: Progress::default(),
        errors,
    };
    let mismatches = move || stats.derived_mismatches.load(Ordering::Relaxed);
    let imported = work
        .store
        .import(&work.ctx, source, input, &mut observer, mismatches)
        .await;
    // The rest of the errors file, written through to the job before it ends.
    if let Some(csv) = observer.errors.take() {
        let _ = csv.into_inner();
    }
    match imported {
        Ok(ImportOutcome::Imported(r)) => Outcome::Imported {
            source_id: r.source_id,
            rows_read: r.rows_read,
            rows_imported: r.rows_imported,
            rows_rejected: r.rows_rejected,
        },
        Ok(ImportOutcome::AlreadyImported(s)) => Outcome::AlreadyImported {
            source_id: s.id,
            rows: s.rows_imported,
        },
        Err(ImportFailed::Read(e)) => unreadable(&e, work.lang),
        Err(ImportFailed::Stopped) => Outcome::Cancelled,
        Err(ImportFailed::Store(e)) => {
            tracing::error!(error = %e, "an import from a page failed");
            failed(key!("import_failed"))
        }
    }
}

/// Removes the rows an import left when it did not end (its process died, or it was
/// stopped before its source was complete).
pub(super) async fn leave_nothing(store: &Store, job: &Job) -> Result<(), faro_store::StoreError> {
    let Ok(params) = serde_json::from_str::<Params>(&job.params) else {
        return Ok(());
    };
    if params.sha256.is_empty() {
        return Ok(());
    }
    store
        .remove_abandoned_imports(&params.sha256, job.organisation())
        .await
}

fn failed(key: &str) -> Outcome {
    Outcome::Failed {
        key: key.to_string(),
        detail: String::new(),
    }
}

/// Reasons said in `lang`, for an errors CSV.
pub fn speaking(lang: faro_i18n::Lang) -> faro_formats::write::Speak {
    Box::new(move |reason| lang.message(reason))
}

/// Why a file could not be read, in words the page can translate (a column without a name
/// is named by its place, in the importer's `lang`).
fn unreadable(e: &ImportError, lang: faro_i18n::Lang) -> Outcome {
    let (key, detail) = match e {
        ImportError::Io { .. } => (key!("import_unreadable"), String::new()),
        ImportError::Empty { .. } => (key!("import_empty"), String::new()),
        ImportError::MissingColumns { missing, .. } => {
            (key!("import_missing_columns"), missing.join(", "))
        }
        ImportError::UnknownColumns {
            unknown, unnamed, ..
        } => {
            let mut columns = unknown.clone();
            columns.extend(unnamed.iter().map(|n| {
                lang.message(&faro_domain::Message::new(key!("unnamed_column")).with("n", n))
            }));
            (key!("import_unknown_columns"), columns.join(", "))
        }
        ImportError::DuplicateColumn { name, .. } => {
            (key!("import_duplicate_column"), name.clone())
        }
        ImportError::Broken { line, .. } => (key!("import_broken"), line.to_string()),
    };
    Outcome::Failed {
        key: key.to_string(),
        detail,
    }
}

/// The upload read back chunk by chunk: a task fetches the next chunks while the parser, on a
/// blocking thread, reads the current one. At most three chunks are in memory.
struct UploadReader {
    chunks: tokio::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    current: std::io::Cursor<Vec<u8>>,
}

impl UploadReader {
    fn new(store: Store, job: String) -> UploadReader {
        let (tx, chunks) = tokio::sync::mpsc::channel(2);
        tokio::spawn(async move {
            for seq in 0.. {
                let chunk = match store.job_chunk(&job, "upload", seq).await {
                    Ok(Some(chunk)) => Ok(chunk),
                    Ok(None) => break,
                    Err(e) => Err(std::io::Error::other(e)),
                };
                let failed = chunk.is_err();
                if tx.send(chunk).await.is_err() || failed {
                    break;
                }
            }
        });
        UploadReader {
            chunks,
            current: std::io::Cursor::default(),
        }
    }
}

impl std::io::Read for UploadReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.current.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            match self.chunks.blocking_recv() {
                Some(chunk) => self.current = std::io::Cursor::new(chunk?),
                None => return Ok(0),
            }
        }
    }
}

/// The errors CSV, written through to the job's running state (stored by the runner's tick)
/// until [`MAX_ERRORS_BYTES`].
struct ErrorsFile(Arc<Running>, usize);

impl std::io::Write for ErrorsFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.1 < MAX_ERRORS_BYTES
            && let Ok(mut errors) = self.0.errors.lock()
        {
            errors.extend_from_slice(buf);
            self.1 += buf.len();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct Observer {
    running: Arc<Running>,
    stats: Arc<ReadStats>,
    file_name: String,
    progress: Progress,
    errors: Option<ErrorsCsv<ErrorsFile>>,
}

impl ImportObserver for Observer {
    fn rejected(&mut self, row: &RowError) {
        self.progress.rejected += 1;
        match self.errors.as_mut() {
            Some(csv) if csv.get_ref().1 < MAX_ERRORS_BYTES => {
                // Into memory: it cannot fail.
                let _ = csv.write(&self.file_name, row);
            }
            _ => self.progress.errors_cut = true,
        }
    }

    fn progress(&mut self, rows_read: u64) {
        self.progress.rows_read = rows_read;
        self.progress.bytes = self.stats.bytes.load(Ordering::Relaxed);
        self.running
            .set_progress(serde_json::to_string(&self.progress).unwrap_or_default());
    }

    fn stop(&self) -> bool {
        self.running.stopped()
    }
}
