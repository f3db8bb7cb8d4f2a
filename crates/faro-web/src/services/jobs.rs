//! The one runner of background work. Jobs are rows of the database's `jobs` table
//! (`faro_store::Job`), so every `faro serve` process on one database shares them: any process
//! queues, any claims, any shows a job's page, and any cancels. Each process runs one
//! [`Jobs`], which every tick
//!
//! 1. fails the jobs whose lease ran out (their process died) and removes what they left,
//! 2. renews the leases of the jobs it runs, stores their progress and their errors file so
//!    far, and stops those whose user cancelled them or whose lease it lost,
//! 3. claims queued jobs while it runs fewer than [`Limits::at_once`].
//!
//! A kind of work is a [`Kind`]: what it reads from the job's `params`, what it does, and what
//! it leaves behind if its process dies. Imports (`imports`), releases of microdata
//! (`publishing`) and releases of statistics (`statistics`: a source's marginals, or an
//! organisation's case statistics, queued by the runner itself when they have changed) and
//! directories from HSDS files (`directory_import`), organisations' own triage models
//! (`triage_learning`, queued by the runner itself when enough reports were decided) and the
//! triage of reports for the inbox (`report_triage`, queued by the runner itself when reports
//! come, are written to, or a model changes) are the six today; a new kind adds a variant and
//! its module.

use super::{
    Context, case_statistics, directory_import, imports, publishing, report_triage, statistics,
    triage_learning,
};
use faro_i18n::key;
use faro_store::{Job, JobState, NewJob, Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{Notify, watch};

/// The kinds of background work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Import,
    Release,
    Statistics,
    /// An organisation's directory from an HSDS file (`directory_import`).
    Directory,
    /// An organisation's own triage model from its decided reports (`triage_learning`).
    TriageModel,
    /// The triage of an organisation's reports that triage has still to read (`report_triage`).
    ReportTriage,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Import => "import",
            Kind::Release => "release",
            Kind::Statistics => "statistics",
            Kind::Directory => "directory",
            Kind::TriageModel => "triage_model",
            Kind::ReportTriage => "report_triage",
        }
    }

    fn of(code: &str) -> Option<Kind> {
        [
            Kind::Import,
            Kind::Release,
            Kind::Statistics,
            Kind::Directory,
            Kind::TriageModel,
            Kind::ReportTriage,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// How much background work runs, and how long what it leaves is kept.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Jobs an organisation may have queued or running at once (`[jobs] per_organisation`).
    pub per_organisation: u32,
    /// Jobs this process runs at once: each takes about a core.
    pub at_once: usize,
    /// Bytes of errors files an organisation keeps; the oldest go first.
    pub errors_per_organisation: i64,
    /// How long a lease lasts without renewal: a process silent for longer is taken for dead.
    pub lease: Duration,
    /// How often leases are renewed and the queue looked at.
    pub tick: Duration,
    /// How long an ended job's page stays.
    pub kept: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            per_organisation: 2,
            at_once: 2,
            errors_per_organisation: 64 << 20,
            lease: Duration::from_secs(30),
            tick: Duration::from_secs(1),
            kept: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

/// What a kind's work reports while it runs, read by the tick.
#[derive(Default)]
pub struct Running {
    /// The job's progress as its page reads it (JSON).
    pub progress: Mutex<String>,
    /// Bytes of the errors file not yet stored.
    pub errors: Mutex<Vec<u8>>,
    /// Set when the work should stop (cancelled, or the lease lost).
    pub stop: std::sync::atomic::AtomicBool,
    /// Chunks of the errors file stored so far.
    errors_stored: std::sync::atomic::AtomicI64,
    stopping: OnceLock<watch::Sender<bool>>,
}

impl Running {
    pub fn set_progress(&self, json: String) {
        if let Ok(mut p) = self.progress.lock() {
            *p = json;
        }
    }

    pub fn stopped(&self) -> bool {
        self.stop.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn halt(&self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(tx) = self.stopping.get() {
            let _ = tx.send(true);
        }
    }
}

/// How a job's work ended: its state and the result its page shows (JSON).
pub struct Ended {
    pub state: JobState,
    pub result: String,
}

/// How long stopped work may take to end itself before it is dropped.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// This process's runner: cheap to clone.
#[derive(Clone)]
pub struct Jobs {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    limits: Limits,
    /// This process, as the leases it holds name it.
    owner: String,
    wake: Notify,
    running: Mutex<HashMap<String, Arc<Running>>>,
    started: OnceLock<()>,
    /// What releases of marginals need (the index, the policy); set by
    /// [`Jobs::release_statistics`], without which none are planned or run.
    statistics: OnceLock<Context>,
}

/// How often the runner looks for sources to release.
const PLAN_EVERY: i64 = 60;

impl Jobs {
    pub fn new(store: Store, limits: Limits) -> Jobs {
        let owner = random_id().unwrap_or_else(|| format!("process-{}", std::process::id()));
        Jobs {
            inner: Arc::new(Inner {
                store,
                limits,
                owner,
                wake: Notify::new(),
                running: Mutex::default(),
                started: OnceLock::new(),
                statistics: OnceLock::new(),
            }),
        }
    }

    pub fn limits(&self) -> Limits {
        self.inner.limits
    }

    pub(crate) fn store(&self) -> &Store {
        &self.inner.store
    }

    pub(crate) fn owner(&self) -> &str {
        &self.inner.owner
    }

    /// The lease's end if it were renewed now.
    pub(crate) fn lease_until(&self) -> i64 {
        now() + self.inner.limits.lease.as_secs() as i64
    }

    /// Starts this process's tick (once; later calls do nothing). `faro serve` calls it at
    /// start; queuing a job calls it too, so that a router used without `serve` runs its jobs.
    pub fn start(&self) {
        if self.inner.started.set(()).is_ok() {
            let jobs = self.clone();
            tokio::spawn(async move { jobs.tick_forever().await });
        }
    }

    /// Makes this runner release sources' marginals as they change (`faro serve` does).
    pub fn release_statistics(&self, cx: Context) {
        let _ = self.inner.statistics.set(cx);
    }

    /// Queues a release job for each source that is due.
    async fn plan_statistics(&self) -> Result<(), StoreError> {
        let Some(cx) = self.inner.statistics.get() else {
            return Ok(());
        };
        let due = statistics::due(cx).await.map_err(|e| match e {
            super::ServiceError::Store(e) => e,
            other => StoreError::Internal(other.to_string()),
        })?;
        let cases = case_statistics::due(cx).await.map_err(|e| match e {
            super::ServiceError::Store(e) => e,
            other => StoreError::Internal(other.to_string()),
        })?;
        let sources = due.into_iter().map(|d| {
            (
                faro_domain::OrganisationId(d.organisation_id),
                statistics::params(d.source_id),
            )
        });
        let cases = cases
            .into_iter()
            .map(|d| (d.organisation, statistics::case_params()));
        for (organisation, params) in sources.chain(cases) {
            self.queue_own(Kind::Statistics, organisation, params)
                .await?;
        }
        Ok(())
    }

    /// Queues the training of a triage model for each organisation that has decided enough new
    /// reports since its last one (`triage_learning::due`).
    async fn plan_triage_models(&self) -> Result<(), StoreError> {
        for organisation in triage_learning::due(&self.inner.store).await? {
            self.queue_own(Kind::TriageModel, organisation, "{}".to_string())
                .await?;
        }
        Ok(())
    }

    /// Queues the triage of reports for each organisation with reports triage has still to
    /// read, when something that decides it changed since the last look (`mark`: the newest
    /// message and the models; two index lookups a tick) or a minute passed. New messages
    /// alone are looked at from the messages since the last mark; a minute, a model or a first
    /// look reads every report.
    async fn plan_report_triage(&self, mark: &mut Option<(i64, i64)>, every_minute: bool) {
        let store = &self.inner.store;
        let now_mark = match store.report_triage_mark().await {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %e, "the triage of reports could not be planned");
                return;
            }
        };
        let since = match *mark {
            Some(last) if last == now_mark && !every_minute => return,
            Some((messages, models)) if models == now_mark.1 && !every_minute => Some(messages),
            _ => None,
        };
        let planned = async {
            let due = match since {
                Some(after) => store.report_triage_due_since(after).await?,
                None => store.report_triage_due().await?,
            };
            for organisation in due {
                self.queue_own(Kind::ReportTriage, organisation, "{}".to_string())
                    .await?;
            }
            Ok::<_, StoreError>(())
        };
        match planned.await {
            Ok(()) => *mark = Some(now_mark),
            Err(e) => tracing::error!(error = %e, "the triage of reports could not be planned"),
        }
    }

    /// Queues the system's own work of `kind` for `organisation`.
    async fn queue_own(
        &self,
        kind: Kind,
        organisation: faro_domain::OrganisationId,
        params: String,
    ) -> Result<(), StoreError> {
        let id = random_id().ok_or_else(|| StoreError::Internal("no randomness".into()))?;
        let job = NewJob {
            id: &id,
            kind: kind.code(),
            organisation,
            lang: faro_i18n::Lang::REFERENCE.code(),
            params,
            receiving: None,
            // The system's own work never takes a place a person's import needs.
            limit: u32::MAX,
        };
        self.inner
            .store
            .queue_job(&statistics::system(organisation), job)
            .await?;
        Ok(())
    }

    /// Queues a job of `kind` for `ctx`; with `receiving`, it waits for its upload
    /// ([`Jobs::ready`]) before any process may claim it.
    pub(crate) async fn queue(
        &self,
        ctx: &faro_domain::AccessContext,
        kind: Kind,
        lang: faro_i18n::Lang,
        params: String,
        receiving: bool,
    ) -> Result<String, StoreError> {
        let organisation = ctx
            .organisation()
            .ok_or(StoreError::Forbidden { action: "job" })?;
        let id = random_id().ok_or_else(|| StoreError::Internal("no randomness".into()))?;
        let lease = (self.owner(), self.lease_until());
        let job = NewJob {
            id: &id,
            kind: kind.code(),
            organisation,
            lang: lang.code(),
            params,
            receiving: receiving.then_some(lease),
            limit: self.inner.limits.per_organisation,
        };
        self.inner.store.queue_job(ctx, job).await?;
        self.start();
        if !receiving {
            self.inner.wake.notify_one();
        }
        Ok(id)
    }

    /// The upload of job `id` is complete: `params` final, any process may claim it.
    pub(crate) async fn ready(&self, id: &str, params: &str) -> Result<bool, StoreError> {
        let ready = self
            .inner
            .store
            .release_job(id, self.owner(), params)
            .await?;
        self.inner.wake.notify_one();
        Ok(ready)
    }

    async fn tick_forever(&self) {
        let (mut forgotten_at, mut planned_at) = (0, 0);
        let mut triage_mark = None;
        loop {
            let every_minute = now() - planned_at >= PLAN_EVERY;
            self.plan_report_triage(&mut triage_mark, every_minute)
                .await;
            if every_minute {
                planned_at = now();
                if let Err(e) = self.plan_statistics().await {
                    tracing::error!(error = %e, "releases of statistics could not be planned");
                }
                if let Err(e) = self.plan_triage_models().await {
                    tracing::error!(error = %e, "triage models could not be planned");
                }
            }
            if let Err(e) = self.tick().await {
                tracing::error!(error = %e, "the job runner's tick failed");
            }
            if now() - forgotten_at > 3600 {
                forgotten_at = now();
                let before = now() - self.inner.limits.kept.as_secs() as i64;
                if let Err(e) = self.inner.store.forget_jobs(before).await {
                    tracing::error!(error = %e, "old jobs could not be forgotten");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(self.inner.limits.tick) => {}
                _ = self.inner.wake.notified() => {}
            }
        }
    }

    async fn tick(&self) -> Result<(), StoreError> {
        let store = &self.inner.store;
        // What a dead process's job left goes before the job is failed, so that a failed
        // job's page never shows while its rows are still there.
        for job in store.expired_jobs().await? {
            leave_nothing(store, &job).await;
            if store
                .fail_expired_job(&job.id, &failed(key!("job_lost")).result)
                .await?
            {
                tracing::warn!(job = %job.id, kind = %job.kind, "a job's process stopped; failed");
            }
        }
        let mine: Vec<(String, Arc<Running>)> = self
            .inner
            .running
            .lock()
            .map(|r| r.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        for (id, running) in mine {
            self.keep(&id, &running).await?;
        }
        while self.running_count() < self.inner.limits.at_once {
            let Some(job) = store.claim_job(self.owner(), self.lease_until()).await? else {
                break;
            };
            self.run(job);
        }
        Ok(())
    }

    fn running_count(&self) -> usize {
        self.inner.running.lock().map_or(usize::MAX, |r| r.len())
    }

    /// Renews a running job's lease with its progress and stores its errors so far; stops it
    /// when cancelled or lost.
    async fn keep(&self, id: &str, running: &Running) -> Result<(), StoreError> {
        self.store_errors(id, running).await?;
        let progress = running
            .progress
            .lock()
            .map(|p| p.clone())
            .unwrap_or_default();
        let renewed = self
            .inner
            .store
            .renew_job(id, self.owner(), self.lease_until(), &progress)
            .await?;
        if renewed != Some(false) {
            running.halt();
        }
        Ok(())
    }

    /// Appends what the work wrote to its errors file since the last tick, as one chunk.
    async fn store_errors(&self, id: &str, running: &Running) -> Result<(), StoreError> {
        let bytes = running
            .errors
            .lock()
            .map(|mut e| std::mem::take(&mut *e))
            .unwrap_or_default();
        if bytes.is_empty() {
            return Ok(());
        }
        let seq = running
            .errors_stored
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let lease = (self.owner(), self.lease_until());
        self.inner
            .store
            .add_job_chunk(id, "errors", seq, &bytes, lease)
            .await?;
        Ok(())
    }

    /// Runs a claimed job in its own task; its end is stored whatever happens to the work.
    fn run(&self, job: Job) {
        let running = Arc::new(Running::default());
        let (tx, mut stopping) = watch::channel(false);
        let _ = running.stopping.set(tx);
        if let Ok(mut r) = self.inner.running.lock() {
            r.insert(job.id.clone(), running.clone());
        }
        let jobs = self.clone();
        tokio::spawn(async move {
            let work = jobs.work(&job, running.clone());
            tokio::pin!(work);
            let ended = tokio::select! {
                ended = &mut work => ended,
                _ = async { stopping.wait_for(|s| *s).await.map(|_| ()) } => {
                    // Work that watches `Running::stopped` ends itself cleanly; the rest is
                    // dropped after a grace.
                    tokio::time::timeout(STOP_GRACE, &mut work)
                        .await
                        .unwrap_or_else(|_| cancelled())
                }
            };
            jobs.finish(&job, &running, ended).await;
            if let Ok(mut r) = jobs.inner.running.lock() {
                r.remove(&job.id);
            }
            jobs.inner.wake.notify_one();
        });
    }

    async fn work(&self, job: &Job, running: Arc<Running>) -> Ended {
        let store = &self.inner.store;
        let kind = Kind::of(&job.kind);
        let ctx = match (job.user_id, kind) {
            (_, Some(Kind::Statistics | Kind::TriageModel | Kind::ReportTriage)) => {
                Ok(statistics::system(job.organisation()))
            }
            (Some(user), _) => store.acting_for(user).await,
            (None, _) => Err(StoreError::Unauthenticated),
        };
        let Ok(ctx) = ctx else {
            return failed(key!("job_user_gone"));
        };
        let lang = faro_i18n::Lang::from_code(&job.lang).unwrap_or(faro_i18n::Lang::REFERENCE);
        let work = Work {
            store: store.clone(),
            ctx,
            lang,
            job: job.clone(),
            running,
        };
        // A panic in the work ends the job as failed rather than leaving it running.
        let cx = self.inner.statistics.get().cloned();
        let mut task = AbortOnDrop(tokio::spawn(async move {
            match kind {
                Some(Kind::Import) => imports::run(&work).await,
                Some(Kind::Release) => publishing::run(&work).await,
                Some(Kind::Directory) => directory_import::run(&work).await,
                Some(Kind::TriageModel) => triage_learning::run(&work).await,
                Some(Kind::ReportTriage) => report_triage::run(&work).await,
                Some(Kind::Statistics) => match cx {
                    Some(cx) => statistics::run(&work, &cx).await,
                    None => failed(key!("job_failed")),
                },
                None => failed(key!("job_failed")),
            }
        }));
        (&mut task.0)
            .await
            .unwrap_or_else(|_| failed(key!("job_failed")))
    }

    async fn finish(&self, job: &Job, running: &Running, ended: Ended) {
        let store = &self.inner.store;
        if let Err(e) = self.store_errors(&job.id, running).await {
            tracing::error!(error = %e, "a job's errors file could not be stored");
        }
        let owner = self.owner();
        match store
            .end_job(&job.id, owner, ended.state, &ended.result)
            .await
        {
            Ok(true) => {}
            Ok(false) => tracing::warn!(job = %job.id, "a job ended after its lease was lost"),
            Err(e) => tracing::error!(error = %e, "a job's end could not be stored"),
        }
        if ended.state != JobState::Succeeded {
            leave_nothing(store, job).await;
        }
        let cap = self.inner.limits.errors_per_organisation;
        if let Err(e) = store.cap_job_errors(job.organisation(), cap).await {
            tracing::error!(error = %e, "errors files could not be kept within their cap");
        }
    }
}

/// A task that stops when the job's work is dropped (a spawned task otherwise runs on).
struct AbortOnDrop(tokio::task::JoinHandle<Ended>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What a kind's work is given.
pub struct Work {
    pub store: Store,
    /// The rights of the user who started the job, as they are now.
    pub ctx: faro_domain::AccessContext,
    pub lang: faro_i18n::Lang,
    pub job: Job,
    pub running: Arc<Running>,
}

/// Removes what a job's work left if it did not end well (a source half imported, a release's
/// folder).
async fn leave_nothing(store: &Store, job: &Job) {
    let left = match Kind::of(&job.kind) {
        Some(Kind::Import) => imports::leave_nothing(store, job).await,
        Some(Kind::Release) => publishing::leave_nothing(job),
        // A directory is imported in one transaction: a dead one left nothing.
        // A model is stored in one transaction at the end: a dead job left nothing.
        // Reports' triage is stored a batch a transaction, each batch whole and still true.
        Some(Kind::Statistics | Kind::Directory | Kind::TriageModel | Kind::ReportTriage)
        | None => Ok(()),
    };
    if let Err(e) = left {
        tracing::error!(error = %e, job = %job.id, "what a job left could not be removed");
    }
}

pub fn failed(key: &str) -> Ended {
    Ended {
        state: JobState::Failed,
        result: serde_json::json!({ "ended": "failed", "key": key, "detail": "" }).to_string(),
    }
}

/// What every cancelled job's result says (each kind's outcome has this variant).
const CANCELLED: &str = r#"{"ended":"cancelled"}"#;

pub fn cancelled() -> Ended {
    Ended {
        state: JobState::Cancelled,
        result: CANCELLED.to_string(),
    }
}

/// Stops job `id` of `ctx`'s organisation (the user who started it, or an admin): a waiting
/// one at once, a running one at its process's next tick.
pub async fn cancel(
    store: &Store,
    ctx: &faro_domain::AccessContext,
    id: &str,
) -> Result<bool, StoreError> {
    store.cancel_job(ctx, id, CANCELLED).await
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A job's id: 128 random bits in hex, which nobody can guess.
pub(crate) fn random_id() -> Option<String> {
    let mut bytes = [0u8; 16];
    rand::TryRngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut bytes).ok()?;
    Some(hex::encode(bytes))
}
