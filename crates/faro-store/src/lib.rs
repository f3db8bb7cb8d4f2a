//! The only crate with SQL: sources and records on SQLite (embedded default) or PostgreSQL.
//!
//! `Store` is concrete and holds an enum of pools; where the dialects differ, both versions sit
//! side by side in one `match`. Every read entry point takes an [`AccessContext`], so no query
//! can be built without deciding whose view it serves.

#[macro_use]
mod dialect;
#[macro_use]
mod audit;
#[macro_use]
mod releases;
// Before `cases`, whose releases of statistics lock the organisation's budget row with it.
#[macro_use]
mod ledger;
mod account;
mod backup;
#[cfg(feature = "bench")]
pub use cases::fixtures;
mod cases;
mod checkpoints;
mod clock;
mod deliveries;
mod directory;
mod erase;
mod error;
mod hash;
mod import;
mod instances;
mod jobs;
mod keys;
mod migrate;
mod notes;
pub mod private;
mod records;
mod referrals;
mod reports;
mod rotate;
mod row;
mod secret;
mod session;
mod settings;
mod snapshots;
mod source;
mod statistics;

pub use account::{NewToken, TokenInfo, User};
pub use audit::{AUDIT_ACTIONS, AuditEntry, AuditProblem, AuditSummary, ChainMark, Checkpoint};
pub use backup::{BackupSummary, RestoreSummary, restore};
pub use cases::{
    COUNT_CAP, CaseFile, CaseFilter, CaseHead, CasePage, CaseRelease, CaseReleaseDue, CaseSummary,
    CasesSeen, Consent, ConsentInput, Found, HistoryEntry, NeedsAction, NewCase, NewCaseRelease,
    NewService, NewTask, Pending, Plan, Scan, Service, Step, Task, Team, TeamMember,
};
pub use checkpoints::{CHECKPOINT_FILE, CheckpointFileError, append_checkpoint, newest_checkpoint};
pub use deliveries::DELIVERY_DAYS;
pub use directory::{
    DirectoryImport, DirectoryImportOptions, DirectoryPage, DirectoryQuery, DirectoryReader,
    DirectorySearch, DirectoryUpdate, Hit, HitPlace, Invitation, LINK_DAYS, Listed, MAX_HITS,
    MAX_PER_PAGE, UpdateState,
};
pub use erase::{DeletedSource, ErasureReason, RemovedOrganisation};
pub use error::StoreError;
pub use import::{ImportFailed, ImportObserver, ImportOutcome, ImportReport, NewSource};
pub use instances::PartnerInstance;
pub use jobs::{Job, JobState, NewJob};
pub use keys::DataKey;
pub use ledger::Spent;
pub use notes::Note;
pub use records::StoredRecord;
pub use referrals::{
    ExternalProvider, NewReferral, Override, PACKAGE_DAYS, Package, PackageFile, PartnerFigures,
    Received, ReceivedContent, ReceivedSummary, Referral, ReferralBox, ReferralEvent,
    ReferralFigures, ReferralFilter, ReferralPage, ReferralSummary, StepInput, pseudonym,
};
pub use releases::{PUBLIC_FILES, Release};
pub use reports::learning::{DecidedReport, TriageModel};
pub use reports::reporter_words;
pub use reports::{
    Assigned, Attachment, FollowUp, MessageKind, Photo, PointFilter, REPORT_TIME_STEP, Receipt,
    ReplyRoute, ReportDetail, ReportFilter, ReportMessage, ReportPage, ReportPoint, ReportSummary,
    Sender, Submitted, Suggested, ToTriage, Triage, Triaged, record_from,
};
pub use rotate::Rotation;
pub use session::{
    NewSession, PASSWORD_LINK_SECS, SESSION_IDLE_SECS, SESSION_MAX_SECS, Session, TwoFactorSetup,
    totp_code_for_tests,
};
pub use settings::{MAX_NOTIFY_ADDRESSES, OrganisationSettings};
pub use source::{Organisation, Source, SourceKind, SourceStatus};
pub use statistics::{DueSource, Payment, Standing, StatisticsRelease, release_fits};

use faro_domain::AccessContext;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, PgPool, SqlitePool};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// The organisation migration 2 creates: owner of sources imported before organisations
/// existed, and of imports that name no organisation.
pub const DEFAULT_ORGANISATION: faro_domain::OrganisationId = faro_domain::OrganisationId(1);

/// sqlx warns about slow statements with their whole text, which lands on a CLI user's
/// terminal: Faro logs them at debug level only (statements carry closed-set literals, never
/// bound values).
const SLOW_STATEMENT_LEVEL: log::LevelFilter = log::LevelFilter::Debug;
const SLOW_STATEMENT: Duration = Duration::from_secs(1);

/// The stored check value of the data key the database was first used with.
pub(crate) const KEY_CHECK_SQL: &str = "SELECT value FROM meta WHERE name = 'key_check'";

/// Where the data lives.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file (created on first use, with its folder).
    Sqlite(PathBuf),
    /// A PostgreSQL URL.
    Postgres(String),
}

impl std::fmt::Debug for Location {
    /// Never prints a password: URLs end up in logs and error messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Location {
    /// A printable form with any password in the URL masked.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The database handle; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    location: Location,
    /// Keys derived from the data key, once [`Store::unlock`] has checked it.
    pub(crate) keys: Option<std::sync::Arc<keys::Keys>>,
    /// The salt of receipt and sender hashes, read from `meta` once (`reports.rs`).
    report_salt: std::sync::Arc<tokio::sync::OnceCell<Vec<u8>>>,
}

impl Store {
    /// Opens (and creates or migrates) the database.
    pub async fn open(location: &Location) -> Result<Store, StoreError> {
        match location {
            Location::Sqlite(path) => Self::open_sqlite(path).await,
            Location::Postgres(url) => {
                let options =
                    PgConnectOptions::from_str(url).map_err(|e| StoreError::BadLocation {
                        location: redact(url),
                        reason: e.to_string(),
                    })?;
                Self::open_postgres(options, location.clone()).await
            }
        }
    }

    async fn open_sqlite(path: &Path) -> Result<Store, StoreError> {
        let location = Location::Sqlite(path.to_path_buf());
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private::private_folder(dir).map_err(|e| StoreError::BadLocation {
                location: location.describe(),
                reason: format!("cannot create the folder `{}`: {e}", dir.display()),
            })?;
        }
        // SQLite gives the `-wal` and `-shm` files the database file's mode, so a database
        // created private stays private.
        private::private_file(path).map_err(|e| StoreError::BadLocation {
            location: location.describe(),
            reason: format!("cannot create `{}`: {e}", path.display()),
        })?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit survives power loss before Faro answers (a reporter's receipt
            // promises the report is stored). Bulk imports write through their own connection
            // with NORMAL, since a failed import is redone whole.
            .synchronous(SqliteSynchronous::Full)
            // Deleted content (retention, erasure) is overwritten, not left in free pages.
            .pragma("secure_delete", "on")
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            // 64 MiB of page cache per connection (the default is 2 MiB): index pages of a
            // bulk import stay in memory instead of being re-read for every batch.
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory")
            // Larger pages: shallower B-trees and fewer page splits for wide bulk imports
            // (takes effect when the file is created).
            .pragma("page_size", "16384")
            // No memory map: the pool's reads (records, snapshots, a job's gigabyte of
            // chunks) would each map up to its size of the file into the server's resident
            // memory; the OS's page cache and the page cache above serve them as fast.
            .log_slow_statements(SLOW_STATEMENT_LEVEL, SLOW_STATEMENT);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::unavailable(&location, e))?;
        Self::migrated(Pool::Sqlite(pool), location).await
    }

    /// Opens PostgreSQL with explicit options (tests set a per-test `search_path`).
    pub async fn open_postgres(
        options: PgConnectOptions,
        location: Location,
    ) -> Result<Store, StoreError> {
        let options = options.log_slow_statements(SLOW_STATEMENT_LEVEL, SLOW_STATEMENT);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| StoreError::unavailable(&location, e))?;
        Self::migrated(Pool::Postgres(pool), location).await
    }

    async fn migrated(pool: Pool, location: Location) -> Result<Store, StoreError> {
        migrate::run(&pool).await?;
        Ok(Store {
            pool,
            location,
            keys: None,
            report_salt: Default::default(),
        })
    }

    /// Checks `key` against the value stored by the first key ever used (storing it on first
    /// use) and keeps the derived keys: auditing needs them. A different key is `WrongKey`,
    /// so Faro refuses to start rather than write entries nobody can verify.
    pub async fn unlock(mut self, key: &DataKey) -> Result<Store, StoreError> {
        let keys = keys::Keys::new(key);
        let insert =
            "INSERT INTO meta (name, value) VALUES ('key_check', $1) ON CONFLICT (name) DO NOTHING";
        let read = KEY_CHECK_SQL;
        let stored: String = with_pool!(self, |p| {
            sqlx::query(insert)
                .bind(keys.check_value())
                .execute(p)
                .await?;
            sqlx::query_scalar(read).fetch_one(p).await?
        });
        if stored != keys.check_value() {
            return Err(StoreError::WrongKey);
        }
        self.keys = Some(std::sync::Arc::new(keys));
        self.upgrade_audit().await?;
        self.upgrade_sender_hashes().await?;
        Ok(self)
    }

    /// The derived keys, after checking they are still the database's: a process that kept
    /// running across `faro admin rotate-key` gets `WrongKey` instead of sealing text that
    /// nobody could open.
    pub(crate) async fn current_keys(&self) -> Result<std::sync::Arc<keys::Keys>, StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let stored: String = with_pool!(self, |p| sqlx::query_scalar(KEY_CHECK_SQL)
            .fetch_one(p)
            .await?);
        if stored == keys.check_value() {
            Ok(keys)
        } else {
            Err(StoreError::WrongKey)
        }
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pool!(self, |p| sqlx::query("SELECT 1")
            .execute(p)
            .await
            .map(|_| ())?);
        Ok(())
    }

    /// Number of visible records.
    pub async fn count_records(&self, ctx: &AccessContext) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM records WHERE source_id IN ({})",
            source::visible_sql(ctx, faro_domain::Purpose::Aggregates)
        );
        Ok(with_pool!(self, |p| sqlx::query_scalar(&sql)
            .fetch_one(p)
            .await?))
    }

    pub async fn close(&self) {
        with_pool!(self, |p| p.close().await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_appear_in_a_described_location() {
        let l = Location::Postgres("postgres://faro:s3cret@db.example:5432/faro".into());
        assert_eq!(l.describe(), "postgres://faro:***@db.example:5432/faro");
        assert!(!format!("{l:?}").contains("s3cret"));
        let plain = Location::Postgres("postgres://postgres@127.0.0.1/test".into());
        assert_eq!(plain.describe(), "postgres://postgres@127.0.0.1/test");
    }
}
