//! Imports started from a page. The upload arrives whole (within the instance's upload
//! limit); the import then runs in the background exactly as `faro import` runs it (one
//! source, invisible until complete, skipped when the same file is already in, rejected rows
//! to a formula-safe errors CSV), while the job's page shows its progress. Jobs live in memory
//! and are forgotten an hour after they end or at a restart; the import itself is then either
//! complete or has left none of its rows.

use faro_domain::{AccessContext, OrganisationId, RowError};
use faro_formats::write::ErrorsCsv;
use faro_formats::{ImportError, Input, Layout, ReadOptions, ReadStats};
use faro_store::{ImportFailed, ImportObserver, ImportOutcome, ImportReport, NewSource, Store};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Imports that may run at once: each takes a core for parsing and one for writing.
const RUNNING_AT_ONCE: usize = 2;
/// How long a finished job's summary and errors stay downloadable.
const KEPT_FOR: Duration = Duration::from_secs(3600);
/// The largest errors CSV kept for download; beyond it rejected rows are still counted.
const MAX_ERRORS_BYTES: usize = 8 << 20;

/// An upload to import.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// `None`: detected from the header.
    pub layout: Option<Layout>,
    pub organisation: OrganisationId,
    /// The importer's language: its errors CSV's reasons are written in it.
    pub lang: faro_i18n::Lang,
}

/// How an import ended.
#[derive(Debug, Clone)]
pub enum Ended {
    Imported(ImportReport),
    /// The same bytes are already source `id`.
    AlreadyImported {
        source_id: i64,
        rows: i64,
    },
    /// Nothing was imported: why, as a key of the translation files, and the detail that
    /// key's text names (column names, a line number).
    Failed {
        key: &'static str,
        detail: String,
    },
}

/// One import started from a page.
pub struct Job {
    pub id: String,
    pub organisation: OrganisationId,
    pub file_name: String,
    pub size: u64,
    /// Unix seconds.
    pub started_at: i64,
    stats: Arc<ReadStats>,
    rows_read: AtomicU64,
    rejected: AtomicU64,
    /// Rejected rows beyond [`MAX_ERRORS_BYTES`] are counted, not listed.
    errors_cut: std::sync::atomic::AtomicBool,
    errors: Mutex<Option<ErrorsCsv<Vec<u8>>>>,
    errors_csv: Mutex<Vec<u8>>,
    ended: Mutex<Option<(Ended, Instant)>>,
}

/// What the job's page shows.
pub struct Progress {
    pub bytes: u64,
    pub rows_read: u64,
    pub rejected: u64,
    /// The errors CSV lists only the first rejected rows.
    pub errors_cut: bool,
    pub ended: Option<Ended>,
}

impl Job {
    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.stats.bytes.load(Ordering::Relaxed).min(self.size),
            rows_read: self.rows_read.load(Ordering::Relaxed),
            rejected: self.rejected.load(Ordering::Relaxed),
            errors_cut: self.errors_cut.load(Ordering::Relaxed),
            ended: self
                .ended
                .lock()
                .ok()
                .and_then(|e| e.as_ref().map(|(e, _)| e.clone())),
        }
    }

    /// The errors CSV, once the import has ended.
    pub fn errors_csv(&self) -> Option<Vec<u8>> {
        self.ended.lock().ok()?.as_ref()?;
        self.errors_csv.lock().ok().map(|b| b.clone())
    }

    fn end(&self, ended: Ended) {
        if let Some(csv) = self.errors.lock().ok().and_then(|mut e| e.take())
            && let Ok(bytes) = csv.into_inner()
            && let Ok(mut kept) = self.errors_csv.lock()
        {
            *kept = bytes;
        }
        if let Ok(mut slot) = self.ended.lock() {
            *slot = Some((ended, Instant::now()));
        }
    }

    fn running(&self) -> bool {
        self.ended.lock().is_ok_and(|e| e.is_none())
    }

    fn expired(&self, now: Instant) -> bool {
        self.ended
            .lock()
            .is_ok_and(|e| e.as_ref().is_some_and(|(_, at)| now - *at > KEPT_FOR))
    }
}

/// Why a job was not started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// [`RUNNING_AT_ONCE`] imports are running.
    Busy,
    /// No randomness for the job's id.
    NoId,
}

/// The jobs of this server.
#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    /// Starts importing `upload` for `ctx` in the background; the job, to follow.
    pub fn start(
        &self,
        store: Store,
        ctx: AccessContext,
        upload: Upload,
        this_year: u16,
    ) -> Result<Arc<Job>, Refused> {
        let id = random_id().ok_or(Refused::NoId)?;
        let job = {
            let mut jobs = self.jobs.lock().map_err(|_| Refused::Busy)?;
            let now = Instant::now();
            jobs.retain(|_, job| !job.expired(now));
            if jobs.values().filter(|j| j.running()).count() >= RUNNING_AT_ONCE {
                return Err(Refused::Busy);
            }
            let job = Arc::new(Job {
                id: id.clone(),
                organisation: upload.organisation,
                file_name: upload.file_name.clone(),
                size: upload.bytes.len() as u64,
                started_at: time::OffsetDateTime::now_utc().unix_timestamp(),
                stats: Arc::default(),
                rows_read: AtomicU64::new(0),
                rejected: AtomicU64::new(0),
                errors_cut: Default::default(),
                errors: Mutex::new(ErrorsCsv::new(Vec::new(), speaking(upload.lang)).ok()),
                errors_csv: Mutex::default(),
                ended: Mutex::default(),
            });
            jobs.insert(id, job.clone());
            job
        };
        let running = Ending(job.clone());
        tokio::spawn(async move {
            let ended = run(&store, &ctx, upload, this_year, &running.0).await;
            running.0.end(ended);
        });
        Ok(job)
    }

    /// The job `id` of `organisation` (another organisation's is as unknown as a missing one).
    pub fn get(&self, id: &str, organisation: OrganisationId) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().ok()?;
        jobs.get(id)
            .filter(|j| j.organisation == organisation)
            .cloned()
    }

    /// `organisation`'s jobs, newest first.
    pub fn of(&self, organisation: OrganisationId) -> Vec<Arc<Job>> {
        let Ok(jobs) = self.jobs.lock() else {
            return Vec::new();
        };
        let mut out: Vec<Arc<Job>> = jobs
            .values()
            .filter(|j| j.organisation == organisation)
            .cloned()
            .collect();
        out.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
        out
    }
}

/// Ends its job as failed should the import's task stop without ending it (a panic), so
/// that a job is never left running and holding a place among [`RUNNING_AT_ONCE`].
struct Ending(Arc<Job>);

impl Drop for Ending {
    fn drop(&mut self) {
        if self.0.running() {
            self.0.end(Ended::Failed {
                key: "import_failed",
                detail: String::new(),
            });
        }
    }
}

/// A job's id: 128 random bits in hex, which nobody can guess.
pub(crate) fn random_id() -> Option<String> {
    let mut bytes = [0u8; 16];
    rand::TryRngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut bytes).ok()?;
    Some(hex::encode(bytes))
}

async fn run(
    store: &Store,
    ctx: &AccessContext,
    upload: Upload,
    this_year: u16,
    job: &Arc<Job>,
) -> Ended {
    use sha2::Digest;
    let sha256 = hex::encode(sha2::Sha256::digest(&upload.bytes));
    let options = ReadOptions {
        layout: upload.layout,
        this_year,
        ignore_columns: Vec::new(),
    };
    let input = match Input::from_reader(
        &upload.file_name,
        std::io::Cursor::new(upload.bytes),
        &options,
    ) {
        Ok(input) => input,
        Err(e) => return unreadable(&e),
    };
    let source = NewSource {
        name: upload.file_name.clone(),
        file_name: Some(upload.file_name.clone()),
        sha256,
        layout: input.layout.name().to_string(),
        kind: faro_store::SourceKind::Import,
        organisation: upload.organisation,
    };
    // The reader's counters; the observer copies its byte count to the job for the page.
    let stats = input.stats.clone();
    let mut observer = Observer {
        job: job.clone(),
        stats: stats.clone(),
    };
    let mismatches = move || stats.derived_mismatches.load(Ordering::Relaxed);
    match store
        .import(ctx, source, input, &mut observer, mismatches)
        .await
    {
        Ok(ImportOutcome::Imported(report)) => Ended::Imported(report),
        Ok(ImportOutcome::AlreadyImported(s)) => Ended::AlreadyImported {
            source_id: s.id,
            rows: s.rows_imported,
        },
        Err(ImportFailed::Read(e)) => unreadable(&e),
        Err(ImportFailed::Store(e)) => {
            tracing::error!(error = %e, "an import from a page failed");
            Ended::Failed {
                key: "import_failed",
                detail: String::new(),
            }
        }
    }
}

/// Reasons said in `lang`, for an errors CSV.
pub fn speaking(lang: faro_i18n::Lang) -> faro_formats::write::Speak {
    Box::new(move |reason| lang.message(reason))
}

/// Why a file could not be read, in words the page can translate.
fn unreadable(e: &ImportError) -> Ended {
    let (key, detail) = match e {
        ImportError::Io { .. } => ("import_unreadable", String::new()),
        ImportError::Empty { .. } => ("import_empty", String::new()),
        ImportError::MissingColumns { missing, .. } => {
            ("import_missing_columns", missing.join(", "))
        }
        ImportError::UnknownColumns { unknown, .. } => {
            ("import_unknown_columns", unknown.join(", "))
        }
        ImportError::DuplicateColumn { name, .. } => ("import_duplicate_column", name.clone()),
        ImportError::Broken { line, .. } => ("import_broken", line.to_string()),
    };
    Ended::Failed { key, detail }
}

struct Observer {
    job: Arc<Job>,
    stats: Arc<ReadStats>,
}

impl ImportObserver for Observer {
    fn rejected(&mut self, row: &RowError) {
        self.job.rejected.fetch_add(1, Ordering::Relaxed);
        let Ok(mut errors) = self.job.errors.lock() else {
            return;
        };
        let full = errors
            .as_ref()
            .is_some_and(|csv| csv.get_ref().len() > MAX_ERRORS_BYTES);
        match errors.as_mut() {
            Some(csv) if !full => {
                // Into memory: it cannot fail.
                let _ = csv.write(&self.job.file_name, row);
            }
            _ => self.job.errors_cut.store(true, Ordering::Relaxed),
        }
    }

    fn progress(&mut self, rows_read: u64) {
        self.job.rows_read.store(rows_read, Ordering::Relaxed);
        self.job
            .stats
            .bytes
            .store(self.stats.bytes.load(Ordering::Relaxed), Ordering::Relaxed);
    }
}
