//! The queue of background work: one `jobs` table for every kind, shared by every process on
//! the database. The store knows nothing of what a kind means; `params`, `progress` and
//! `result` are the runner's JSON. What it guarantees:
//!
//! - a job is claimed by one process only (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the writer
//!   lock on SQLite), and only once nobody holds its lease (an upload still arriving holds
//!   one);
//! - a process that stops renewing a lease loses the job: [`Store::fail_expired_jobs`] ends it
//!   as failed, from any process, and drops what it read;
//! - an organisation has at most its limit of jobs queued or running;
//! - every start and end is in the organisation's audit chain;
//! - what a job reads and writes (`job_chunks`) is sealed with the data key, one chunk at a
//!   time, so that neither side holds a whole upload in memory.

use crate::audit::Draft;
use crate::clock::now;
use crate::{Store, StoreError};
use faro_domain::{AccessContext, OrganisationId};

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

impl JobState {
    pub fn code(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }

    fn parse(code: &str) -> Result<JobState, StoreError> {
        [
            JobState::Queued,
            JobState::Running,
            JobState::Succeeded,
            JobState::Failed,
            JobState::Cancelled,
        ]
        .into_iter()
        .find(|s| s.code() == code)
        .ok_or_else(|| StoreError::Corrupt {
            column: "jobs.state",
            value: code.to_string(),
        })
    }

    pub fn ended(self) -> bool {
        matches!(
            self,
            JobState::Succeeded | JobState::Failed | JobState::Cancelled
        )
    }
}

/// A job to queue.
pub struct NewJob<'a> {
    /// 128 random bits in hex: the job page's address, which nobody can guess.
    pub id: &'a str,
    pub kind: &'a str,
    pub organisation: OrganisationId,
    pub lang: &'a str,
    pub params: String,
    /// The process that will send the job's upload before it may run (its lease is held
    /// until [`Store::release_job`]); `None` when it may run at once.
    pub receiving: Option<(&'a str, i64)>,
    /// Jobs of the organisation that may be queued or running at once.
    pub limit: u32,
}

/// A job as its page and its runner see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub organisation_id: i64,
    pub user_id: Option<i64>,
    pub actor: String,
    pub lang: String,
    pub params: String,
    #[sqlx(rename = "state")]
    pub state_code: String,
    pub progress: String,
    pub result: Option<String>,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub lease_owner: Option<String>,
    pub cancel_requested: i32,
    pub errors_dropped: i32,
}

impl Job {
    pub fn state(&self) -> Result<JobState, StoreError> {
        JobState::parse(&self.state_code)
    }

    pub fn organisation(&self) -> OrganisationId {
        OrganisationId(self.organisation_id)
    }

    /// Whether the user asked to stop it.
    pub fn cancelling(&self) -> bool {
        self.cancel_requested != 0
    }

    /// Whether its upload is still arriving.
    pub fn receiving(&self) -> bool {
        self.state_code == "queued" && self.lease_owner.is_some()
    }
}

const COLUMNS: &str = "id, kind, organisation_id, user_id, actor, lang, params, state, progress, \
     result, created_at, started_at, ended_at, lease_owner, cancel_requested, errors_dropped";

/// The place each chunk is sealed to: a chunk copied to another job, part or position does
/// not open.
fn chunk_place(job: &str, part: &str, seq: i64) -> String {
    format!("job_chunks/{job}/{part}/{seq}")
}

/// What else an ending `UPDATE` requires of the job (its `$5`).
enum Guard<'a> {
    /// Its lease is this process's.
    Owner(&'a str),
    /// Its lease ran out before this time.
    ExpiredBefore(i64),
    None,
}

impl Store {
    /// Queues a job for `ctx`, refused with `TooManyJobs` when its organisation already has
    /// `limit` queued or running (statistics releases, the system's work, not counted).
    pub async fn queue_job(&self, ctx: &AccessContext, job: NewJob<'_>) -> Result<(), StoreError> {
        if !ctx.speaks_for(job.organisation) || ctx.organisation().is_none() {
            return Err(StoreError::Forbidden { action: "job" });
        }
        // The system's own work (releases of statistics, triage: no user) never takes a place
        // a person's work needs.
        let busy = "SELECT COUNT(*) FROM jobs WHERE organisation_id = $1 AND state IN ('queued', 'running') \
                    AND user_id IS NOT NULL";
        let insert = "INSERT INTO jobs (id, kind, organisation_id, user_id, actor, lang, params, state, created_at, lease_owner, lease_until) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9, $10)";
        let (owner, until) = job.receiving.unzip();
        in_transaction!(self, |tx, dialect| {
            // The organisation's row is the lock that makes the count and the insert one step
            // for concurrent requests on PostgreSQL (SQLite's writer lock already does).
            let lock = format!(
                "SELECT id FROM organisations WHERE id = $1{}",
                dialect.for_update()
            );
            sqlx::query(&lock)
                .bind(job.organisation.0)
                .execute(&mut *tx)
                .await?;
            let running: i64 = sqlx::query_scalar(busy)
                .bind(job.organisation.0)
                .fetch_one(&mut *tx)
                .await?;
            if running >= i64::from(job.limit) {
                return Err(StoreError::TooManyJobs { limit: job.limit });
            }
            sqlx::query(insert)
                .bind(job.id)
                .bind(job.kind)
                .bind(job.organisation.0)
                .bind(ctx.user())
                .bind(ctx.actor())
                .bind(job.lang)
                .bind(&job.params)
                .bind(now())
                .bind(owner)
                .bind(until)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Adds chunk `seq` of `part` to a job, sealed, and extends the lease of the process
    /// sending it. `false` when the job is no longer this process's to write (it was failed
    /// or cancelled meanwhile).
    pub async fn add_job_chunk(
        &self,
        job: &str,
        part: &str,
        seq: i64,
        plain: &[u8],
        lease: (&str, i64),
    ) -> Result<bool, StoreError> {
        let keys = self.keys.as_ref().ok_or(StoreError::Locked)?;
        let sealed = keys.seal_bytes(&chunk_place(job, part, seq), plain)?;
        let renew = "UPDATE jobs SET lease_until = $1 WHERE id = $2 AND lease_owner = $3 AND state IN ('queued', 'running')";
        let insert = "INSERT INTO job_chunks (job_id, part, seq, data) VALUES ($1, $2, $3, $4)";
        Ok(in_transaction!(self, |tx, _dialect| {
            let held = sqlx::query(renew)
                .bind(lease.1)
                .bind(job)
                .bind(lease.0)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            if held {
                sqlx::query(insert)
                    .bind(job)
                    .bind(part)
                    .bind(seq)
                    .bind(&sealed)
                    .execute(&mut *tx)
                    .await?;
            }
            held
        }))
    }

    /// Deletes a job whose upload never completed, with what it received; `false` when it
    /// was no longer `owner`'s to delete.
    pub async fn drop_receiving_job(&self, job: &str, owner: &str) -> Result<bool, StoreError> {
        let sql = "DELETE FROM jobs WHERE id = $1 AND lease_owner = $2 AND state = 'queued'";
        let done = with_pool!(self, |p| sqlx::query(sql)
            .bind(job)
            .bind(owner)
            .execute(p)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// Chunk `seq` of a job's `part`, opened; `None` past the last.
    pub async fn job_chunk(
        &self,
        job: &str,
        part: &str,
        seq: i64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let keys = self.keys.as_ref().ok_or(StoreError::Locked)?;
        let sql = "SELECT data FROM job_chunks WHERE job_id = $1 AND part = $2 AND seq = $3";
        let sealed: Option<Vec<u8>> = with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(job)
            .bind(part)
            .bind(seq)
            .fetch_optional(p)
            .await?);
        sealed
            .map(|s| keys.open_bytes(&chunk_place(job, part, seq), &s))
            .transpose()
    }

    /// Ends the upload of a job: its final `params` are stored and its lease let go, so that
    /// any process may claim it. `false` when it was cancelled or failed meanwhile.
    pub async fn release_job(
        &self,
        job: &str,
        owner: &str,
        params: &str,
    ) -> Result<bool, StoreError> {
        let sql = "UPDATE jobs SET params = $1, lease_owner = NULL, lease_until = NULL \
                   WHERE id = $2 AND lease_owner = $3 AND state = 'queued'";
        let done = with_pool!(self, |p| sqlx::query(sql)
            .bind(params)
            .bind(job)
            .bind(owner)
            .execute(p)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// Takes the oldest job nobody holds, for `owner` until `lease_until`; audited as the
    /// job's start. `None` when none waits.
    pub async fn claim_job(
        &self,
        owner: &str,
        lease_until: i64,
    ) -> Result<Option<Job>, StoreError> {
        let claim = "UPDATE jobs SET state = 'running', lease_owner = $1, lease_until = $2, started_at = $3 \
                     WHERE id = $4 AND state = 'queued' AND lease_owner IS NULL";
        let read = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
        Ok(in_transaction!(self, |tx, dialect| {
            let pick = format!(
                "SELECT id FROM jobs WHERE state = 'queued' AND lease_owner IS NULL \
                 ORDER BY created_at, id LIMIT 1{}",
                dialect.skip_locked()
            );
            let id: Option<String> = sqlx::query_scalar(&pick).fetch_optional(&mut *tx).await?;
            let Some(id) = id else {
                return Ok(None);
            };
            sqlx::query(claim)
                .bind(owner)
                .bind(lease_until)
                .bind(now())
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            let job: Job = sqlx::query_as(&read).bind(&id).fetch_one(&mut *tx).await?;
            let actor = job.actor.clone();
            let detail = serde_json::json!({ "job": job.id, "kind": job.kind });
            let entry = Draft::by(Some(job.organisation()), &actor, "job.start", detail);
            append_audit!(self, tx, dialect, entry);
            Some(job)
        }))
    }

    /// Extends `owner`'s lease on a running job and stores its progress. `None` when the
    /// job is no longer `owner`'s (its lease ran out and another process failed it); else
    /// whether its user asked to cancel it.
    pub async fn renew_job(
        &self,
        job: &str,
        owner: &str,
        lease_until: i64,
        progress: &str,
    ) -> Result<Option<bool>, StoreError> {
        let sql = "UPDATE jobs SET lease_until = $1, progress = $2 \
                   WHERE id = $3 AND lease_owner = $4 AND state = 'running' RETURNING cancel_requested";
        let cancel: Option<i32> = with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(lease_until)
            .bind(progress)
            .bind(job)
            .bind(owner)
            .fetch_optional(p)
            .await?);
        Ok(cancel.map(|c| c != 0))
    }

    /// Ends `owner`'s job in `state` with its `result`, drops its upload, and audits the end.
    /// `false` when it was no longer `owner`'s.
    pub async fn end_job(
        &self,
        job: &str,
        owner: &str,
        state: JobState,
        result: &str,
    ) -> Result<bool, StoreError> {
        let end = "UPDATE jobs SET state = $1, result = $2, ended_at = $3, lease_owner = NULL, lease_until = NULL \
                   WHERE id = $4 AND lease_owner = $5 AND state IN ('queued', 'running')";
        self.ended(end, job, Guard::Owner(owner), state, result)
            .await
    }

    /// The jobs whose lease ran out (their process died, or an upload was abandoned). Remove
    /// what their work left, then end each with [`Store::fail_expired_job`].
    pub async fn expired_jobs(&self) -> Result<Vec<Job>, StoreError> {
        let expired = format!(
            "SELECT {COLUMNS} FROM jobs WHERE state IN ('queued', 'running') \
             AND lease_owner IS NOT NULL AND lease_until < $1"
        );
        Ok(with_pool!(self, |p| sqlx::query_as(&expired)
            .bind(now())
            .fetch_all(p)
            .await?))
    }

    /// Fails a job whose lease ran out, drops its upload, and audits its end; `false` when
    /// its lease was renewed meanwhile or it had ended.
    pub async fn fail_expired_job(&self, job: &str, result: &str) -> Result<bool, StoreError> {
        let fail = "UPDATE jobs SET state = $1, result = $2, ended_at = $3, lease_owner = NULL, lease_until = NULL \
                    WHERE id = $4 AND state IN ('queued', 'running') AND lease_until < $5";
        let guard = Guard::ExpiredBefore(now());
        self.ended(fail, job, guard, JobState::Failed, result).await
    }

    /// Runs an ending `UPDATE` (`$1` state, `$2` result, `$3` time, `$4` job, `$5` the
    /// guard's value) with the upload's removal and the audit entry, in one transaction.
    async fn ended(
        &self,
        sql: &str,
        job: &str,
        guard: Guard<'_>,
        state: JobState,
        result: &str,
    ) -> Result<bool, StoreError> {
        let who = "SELECT organisation_id, actor, kind FROM jobs WHERE id = $1";
        let drop_upload = "DELETE FROM job_chunks WHERE job_id = $1 AND part = 'upload'";
        Ok(in_transaction!(self, |tx, dialect| {
            let mut update = sqlx::query(sql)
                .bind(state.code())
                .bind(result)
                .bind(now())
                .bind(job);
            match guard {
                Guard::Owner(owner) => update = update.bind(owner),
                Guard::ExpiredBefore(at) => update = update.bind(at),
                Guard::None => {}
            }
            if update.execute(&mut *tx).await?.rows_affected() != 1 {
                return Ok(false);
            }
            sqlx::query(drop_upload).bind(job).execute(&mut *tx).await?;
            let (org, actor, kind): (i64, String, String) =
                sqlx::query_as(who).bind(job).fetch_one(&mut *tx).await?;
            let detail = serde_json::json!({ "job": job, "kind": kind, "state": state.code() });
            let entry = Draft::by(Some(OrganisationId(org)), &actor, "job.end", detail);
            append_audit!(self, tx, dialect, entry);
            true
        }))
    }

    /// Asks to stop a job of `ctx`'s organisation: one that waits ends cancelled at once,
    /// one that runs is stopped by its process at its next lease renewal. Only the user who
    /// started it or an admin may. `false` when it had already ended. `result` is what a
    /// waiting job ends with.
    pub async fn cancel_job(
        &self,
        ctx: &AccessContext,
        id: &str,
        result: &str,
    ) -> Result<bool, StoreError> {
        let job = self.job(ctx, id).await?;
        let own = job.user_id.is_some() && job.user_id == ctx.user();
        if !(own || ctx.administers(job.organisation())) {
            return Err(StoreError::Forbidden { action: "cancel" });
        }
        let waiting = "UPDATE jobs SET state = $1, result = $2, ended_at = $3, lease_owner = NULL, lease_until = NULL \
                       WHERE id = $4 AND state = 'queued'";
        if self
            .ended(waiting, id, Guard::None, JobState::Cancelled, result)
            .await?
        {
            return Ok(true);
        }
        let flag = "UPDATE jobs SET cancel_requested = 1 WHERE id = $1 AND state = 'running'";
        let flagged = with_pool!(self, |p| sqlx::query(flag)
            .bind(id)
            .execute(p)
            .await?
            .rows_affected());
        Ok(flagged == 1)
    }

    /// Job `id` of `ctx`'s organisation; another organisation's is as unknown as a missing
    /// one (`NotFound`).
    pub async fn job(&self, ctx: &AccessContext, id: &str) -> Result<Job, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
        let job: Option<Job> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        job.filter(|j| ctx.speaks_for(j.organisation()))
            .ok_or(StoreError::NotFound { kind: "job", id: 0 })
    }

    /// The newest `limit` jobs of `kind` of `ctx`'s organisation, newest first.
    pub async fn jobs_of(
        &self,
        ctx: &AccessContext,
        kind: &str,
        limit: i64,
    ) -> Result<Vec<Job>, StoreError> {
        let Some(org) = ctx.organisation() else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM jobs WHERE organisation_id = $1 AND kind = $2 \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        );
        Ok(with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(org.0)
            .bind(kind)
            .bind(limit)
            .fetch_all(p)
            .await?))
    }

    /// Keeps an organisation's stored errors files within `cap` bytes: the oldest ended jobs'
    /// go first, and their jobs say so.
    pub async fn cap_job_errors(
        &self,
        organisation: OrganisationId,
        cap: i64,
    ) -> Result<(), StoreError> {
        let sizes = "SELECT c.job_id, SUM(LENGTH(c.data)) FROM job_chunks c JOIN jobs j ON j.id = c.job_id \
                     WHERE j.organisation_id = $1 AND c.part = 'errors' AND j.state NOT IN ('queued', 'running') \
                     GROUP BY c.job_id, j.created_at ORDER BY j.created_at DESC, c.job_id DESC";
        let rows: Vec<(String, i64)> = with_pool!(self, |p| sqlx::query_as(sizes)
            .bind(organisation.0)
            .fetch_all(p)
            .await?);
        let mut kept = 0i64;
        for (job, bytes) in rows {
            kept += bytes;
            if kept > cap {
                let drop = "DELETE FROM job_chunks WHERE job_id = $1 AND part = 'errors'";
                let mark = "UPDATE jobs SET errors_dropped = 1 WHERE id = $1";
                in_transaction!(self, |tx, _dialect| {
                    sqlx::query(drop).bind(&job).execute(&mut *tx).await?;
                    sqlx::query(mark).bind(&job).execute(&mut *tx).await?;
                });
            }
        }
        Ok(())
    }

    /// Forgets jobs that ended before `before`, with their files.
    pub async fn forget_jobs(&self, before: i64) -> Result<u64, StoreError> {
        let sql = "DELETE FROM jobs WHERE ended_at IS NOT NULL AND ended_at < $1";
        Ok(with_pool!(self, |p| sqlx::query(sql)
            .bind(before)
            .execute(p)
            .await?
            .rows_affected()))
    }
}

/// Re-seals every stored chunk of every job from `old` to `fresh` inside the rotation's
/// transaction, one chunk at a time (a waiting upload may be a gigabyte); how many.
pub(crate) async fn reseal<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    old: &crate::keys::Keys,
    fresh: &crate::keys::Keys,
) -> Result<usize, StoreError>
where
    DB: sqlx::Database,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Vec<u8>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (String, String, i64): sqlx::FromRow<'r, DB::Row>,
    for<'r> (Vec<u8>,): sqlx::FromRow<'r, DB::Row>,
{
    let chunks: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT job_id, part, seq FROM job_chunks ORDER BY job_id, part, seq")
            .fetch_all(&mut **tx)
            .await?;
    let read = "SELECT data FROM job_chunks WHERE job_id = $1 AND part = $2 AND seq = $3";
    let write = "UPDATE job_chunks SET data = $1 WHERE job_id = $2 AND part = $3 AND seq = $4";
    for (job, part, seq) in &chunks {
        let (sealed,): (Vec<u8>,) = sqlx::query_as(read)
            .bind(job.clone())
            .bind(part.clone())
            .bind(*seq)
            .fetch_one(&mut **tx)
            .await?;
        let place = chunk_place(job, part, *seq);
        let resealed = fresh.seal_bytes(&place, &old.open_bytes(&place, &sealed)?)?;
        sqlx::query(write)
            .bind(resealed)
            .bind(job.clone())
            .bind(part.clone())
            .bind(*seq)
            .execute(&mut **tx)
            .await?;
    }
    Ok(chunks.len())
}
