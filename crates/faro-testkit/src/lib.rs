//! Test support shared by every crate: a real database per test, on SQLite and on PostgreSQL.
//!
//! PostgreSQL tests never skip: if the server cannot be reached the test fails and says how to
//! start it. Each test gets its own schema (`faro_t_<time>_<random>`), dropped when the test
//! ends; schemas left by crashed runs are swept after an hour.

#![allow(
    clippy::expect_used,
    reason = "test support: a failed set-up must stop the test with its message"
)]

use faro_store::{DataKey, ImportOutcome, Location, NewSource, SourceKind, Store};
use rand::Rng;
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

/// The PostgreSQL server tests use (`FARO_TEST_PG_URL`).
pub fn pg_base_url() -> String {
    std::env::var("FARO_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub struct TestDb {
    store: Store,
    backend: &'static str,
    key: DataKey,
    /// Holds the SQLite file, or the PostgreSQL test's key file.
    _dir: tempfile::TempDir,
    schema: Option<String>,
    /// A path or URL that a `faro` process can open to reach the same data.
    location: String,
}

impl TestDb {
    /// A fresh SQLite file in a temporary folder, with the production pragmas.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("faro.db");
        let key = write_key(dir.path());
        let store = Store::open(&Location::Sqlite(path.clone()))
            .await
            .expect("open SQLite")
            .unlock(&key)
            .await
            .expect("unlock");
        TestDb {
            store,
            backend: "sqlite",
            key,
            location: dir.path().display().to_string(),
            _dir: dir,
            schema: None,
        }
    }

    /// A fresh, migrated schema on the test PostgreSQL server.
    pub async fn postgres() -> TestDb {
        let base = pg_base_url();
        let mut admin = PgConnection::connect(&base).await.unwrap_or_else(|e| {
            panic!(
                "PostgreSQL is not reachable at {base} ({e}). Start it with `bash scripts/test-setup.sh`, \
                 or point FARO_TEST_PG_URL at a server where the user may create schemas"
            )
        });
        sweep(&mut admin).await;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let schema = format!("faro_t_{now}_{:08x}", rand::rng().random::<u32>());
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&mut admin)
            .await
            .expect("create schema");
        let options = PgConnectOptions::from_str(&base)
            .expect("FARO_TEST_PG_URL")
            .options([("search_path", schema.as_str())]);
        let location = format!(
            "{base}{}options=-c%20search_path%3D{schema}",
            if base.contains('?') { "&" } else { "?" }
        );
        // The location names the schema too, so that tools given it (pg_dump) see this
        // schema, as a process opening it would.
        let store = Store::open_postgres(options, Location::Postgres(location.clone()))
            .await
            .expect("open PostgreSQL");
        let dir = tempfile::tempdir().expect("temporary folder");
        let key = write_key(dir.path());
        let store = store.unlock(&key).await.expect("unlock");
        TestDb {
            store,
            backend: "postgres",
            key,
            _dir: dir,
            schema: Some(schema),
            location,
        }
    }

    /// An empty place of this database's kind to restore a backup of it into: a SQLite file
    /// in this test's folder, or a fresh database on the server whose search path names this
    /// test's schema (a PostgreSQL dump recreates its schema by name). The second value is
    /// the database to drop afterwards with [`drop_database`].
    pub async fn restore_target(&self) -> (Location, Option<String>) {
        match &self.schema {
            None => (
                Location::Sqlite(self._dir.path().join("restored/faro.db")),
                None,
            ),
            Some(schema) => {
                let base = pg_base_url();
                let name = format!("faro_r_{:08x}", rand::rng().random::<u32>());
                let mut admin = PgConnection::connect(&base).await.expect("PostgreSQL");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .expect("create database");
                let (without_query, query) = base.split_once('?').unwrap_or((&base, ""));
                let (server, _) = without_query
                    .rsplit_once('/')
                    .expect("a database in the URL");
                let joiner = if query.is_empty() {
                    "?".to_string()
                } else {
                    format!("?{query}&")
                };
                let url = format!("{server}/{name}{joiner}options=-c%20search_path%3D{schema}");
                (Location::Postgres(url), Some(name))
            }
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// The first column of the first row of `sql`, as an integer (for checks from outside
    /// the store, e.g. while a `faro` process is writing).
    pub async fn scalar(&self, sql: &str) -> i64 {
        match self.connect().await {
            Raw::Postgres(mut c) => sqlx::query_scalar(sql).fetch_one(&mut c).await,
            Raw::Sqlite(mut c) => sqlx::query_scalar(sql).fetch_one(&mut c).await,
        }
        .expect("query")
    }

    /// The first column of the first row of `sql`, as text (to look at what is stored).
    pub async fn text(&self, sql: &str) -> String {
        match self.connect().await {
            Raw::Postgres(mut c) => sqlx::query_scalar(sql).fetch_one(&mut c).await,
            Raw::Sqlite(mut c) => sqlx::query_scalar(sql).fetch_one(&mut c).await,
        }
        .expect("query")
    }

    /// Runs raw SQL on the test database, for tests that must set up states the product
    /// cannot reach by itself (a killed import, a tampered row).
    pub async fn execute(&self, sql: &str) {
        match self.connect().await {
            Raw::Postgres(mut c) => sqlx::raw_sql(sql).execute(&mut c).await.map(|_| ()),
            Raw::Sqlite(mut c) => sqlx::raw_sql(sql).execute(&mut c).await.map(|_| ()),
        }
        .expect("raw SQL")
    }

    /// Arguments that open the same database, with the same data key, from a `faro` process:
    /// `--data-dir DIR` (its `faro.key` is the key), or `--database URL --key-file FILE`.
    pub fn cli_args(&self) -> Vec<String> {
        match self.schema {
            Some(_) => vec![
                "--database".into(),
                self.location.clone(),
                "--key-file".into(),
                self._dir.path().join("faro.key").display().to_string(),
            ],
            None => vec!["--data-dir".into(), self.location.clone()],
        }
    }

    /// The data key the store was unlocked with.
    pub fn key(&self) -> &DataKey {
        &self.key
    }

    /// A second store on the same database, as another process would open it.
    pub async fn open_another(&self) -> Store {
        let location = match self.schema {
            Some(_) => Location::Postgres(self.location.clone()),
            None => Location::Sqlite(std::path::Path::new(&self.location).join("faro.db")),
        };
        Store::open(&location)
            .await
            .expect("open the same database again")
            .unlock(&self.key)
            .await
            .expect("unlock with the same key")
    }

    async fn connect(&self) -> Raw {
        match self.schema {
            Some(_) => Raw::Postgres(
                PgConnection::connect(&self.location)
                    .await
                    .expect("connect"),
            ),
            None => {
                let url = format!("sqlite://{}/faro.db", self.location);
                Raw::Sqlite(
                    sqlx::SqliteConnection::connect(&url)
                        .await
                        .expect("connect"),
                )
            }
        }
    }
}

/// A fresh data key, also written to `dir/faro.key` where the CLI looks for it.
fn write_key(dir: &std::path::Path) -> DataKey {
    let key = DataKey::generate().expect("random key");
    let file = dir.join("faro.key");
    std::fs::write(&file, key.to_hex()).expect("write the key file");
    // As `faro` writes its own: readable by the owner only, or `faro` refuses it.
    #[cfg(unix)]
    std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .expect("make the key file private");
    key
}

/// A plain connection beside the store's pool.
enum Raw {
    Postgres(PgConnection),
    Sqlite(sqlx::SqliteConnection),
}

/// Imports `rows` generated records (seed `seed`) as one complete demo source of the default
/// organisation; returns its id.
pub async fn import_generated(store: &Store, seed: u64, rows: usize) -> i64 {
    import_generated_for(store, faro_store::DEFAULT_ORGANISATION, seed, rows).await
}

/// As [`import_generated`], for `organisation`.
pub async fn import_generated_for(
    store: &Store,
    organisation: faro_domain::OrganisationId,
    seed: u64,
    rows: usize,
) -> i64 {
    let records = faro_formats::fictitious::import_rows(seed, rows as u64);
    let source = NewSource {
        name: format!("generated {seed}"),
        file_name: None,
        sha256: format!("generated-{seed}-{rows}"),
        layout: "generated".into(),
        kind: SourceKind::Demo,
        organisation,
    };
    match store
        .import(
            &faro_domain::AccessContext::instance(),
            source,
            records,
            &mut (),
            || 0,
        )
        .await
        .expect("import")
    {
        ImportOutcome::Imported(report) => report.source_id,
        ImportOutcome::AlreadyImported(s) => {
            panic!("seed {seed} was imported before as source {}", s.id)
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(schema) = self.schema.take() else {
            return;
        };
        // Drop may run inside or outside a runtime: do the async clean-up on a thread of its own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                if let Ok(mut admin) = PgConnection::connect(&pg_base_url()).await {
                    let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                        .execute(&mut admin)
                        .await;
                }
            });
        })
        .join();
    }
}

/// Drops test schemas older than an hour: left behind by runs that were killed.
async fn sweep(admin: &mut PgConnection) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let names: Vec<String> =
        sqlx::query_scalar("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'faro_t_%'")
            .fetch_all(&mut *admin)
            .await
            .unwrap_or_default();
    for name in names {
        let created: u64 = name
            .split('_')
            .nth(2)
            .and_then(|t| t.parse().ok())
            .unwrap_or(now);
        if now.saturating_sub(created) > 3600 {
            let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                .execute(&mut *admin)
                .await;
        }
    }
}

/// Drops a database made by [`TestDb::restore_target`].
pub async fn drop_database(name: &str) {
    let mut admin = PgConnection::connect(&pg_base_url())
        .await
        .expect("PostgreSQL");
    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await;
}

/// `store` re-keyed under a fresh data key by the instance operator, as `faro admin
/// rotate-key` does, with what the rotation moved.
pub async fn rotated(store: &Store) -> (Store, faro_store::Rotation) {
    store
        .clone()
        .rotate_key(
            &faro_domain::AccessContext::instance(),
            &faro_store::DataKey::generate().expect("a fresh key"),
        )
        .await
        .expect("re-keyed")
}

/// Runs an async test body once per backend, as `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::TestDb::sqlite().await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::TestDb::postgres().await).await
            }
        }
    )+};
}

/// An e-mail for a test (panics on a bad one: a test's own literal).
pub fn email(text: impl AsRef<str>) -> faro_domain::Email {
    faro_domain::Email::parse(text.as_ref()).expect("a test e-mail")
}

/// A token name for a test.
pub fn token_name(text: impl AsRef<str>) -> faro_domain::TokenName {
    faro_domain::TokenName::parse(text.as_ref()).expect("a test token name")
}

/// A password for a test.
pub fn password(text: impl AsRef<str>) -> faro_domain::Password {
    faro_domain::Password::parse(text.as_ref().to_string()).expect("a test password")
}

/// A web report from the public for `organisation` whose place and text are `place` and
/// `what`, with one small opaque photo: what a reporter's form would have stored.
pub async fn submit_web_report(
    store: &Store,
    organisation: faro_domain::OrganisationId,
    what: &str,
    place: &str,
) -> faro_store::Submitted {
    let raw = faro_domain::report::RawReport {
        what: what.into(),
        place: place.into(),
        contact: "follow_up".into(),
        ..Default::default()
    };
    submit_raw_report(store, organisation, &raw).await
}

/// A report from the public form marked at `lat`, `lon` on its map, with one photo.
pub async fn submit_report_at(
    store: &Store,
    organisation: faro_domain::OrganisationId,
    lat: f64,
    lon: f64,
) -> faro_store::Submitted {
    let raw = faro_domain::report::RawReport {
        what: "Workers are kept in a warehouse and never go out.".into(),
        lat: lat.to_string(),
        lon: lon.to_string(),
        contact: "follow_up".into(),
        ..Default::default()
    };
    submit_raw_report(store, organisation, &raw).await
}

async fn submit_raw_report(
    store: &Store,
    organisation: faro_domain::OrganisationId,
    raw: &faro_domain::report::RawReport,
) -> faro_store::Submitted {
    use faro_domain::report::{Channel, ReportDraft};
    let draft = ReportDraft::parse(raw, Channel::Web, "en").expect("a valid report");
    let photo = faro_store::Photo {
        media_type: "image/jpeg",
        width: 1,
        height: 1,
        bytes: vec![0xFF, 0xD8, 0xFF, 0xD9],
    };
    let receipt = store.fresh_receipt().await.expect("a receipt");
    store
        .submit_report(
            &faro_domain::AccessContext::anonymous(),
            organisation,
            &draft,
            &[photo],
            None,
            Some(receipt),
        )
        .await
        .expect("the report is stored")
}

/// The first photo of report `id` of `organisation`, as its admin reads it.
pub async fn first_photo(store: &Store, organisation: faro_domain::OrganisationId, id: i64) -> i64 {
    let admin = faro_domain::AccessContext::member(organisation, faro_domain::Role::Admin);
    let detail = store.report(&admin, id).await.expect("the report");
    detail.messages[0].attachments[0]
}

/// Checks pages of HSDS services (the API profile's `/services` shape) against HSDS 3.0's own
/// schemas, vendored in `faro-hsds`, with check-jsonschema: a validator nobody here wrote,
/// installed by `scripts/test-setup.sh`. Panics with the validator's words.
pub fn check_hsds_pages(pages: &[std::path::PathBuf]) {
    let vendored = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../faro-hsds/schema");
    let schemas = tempfile::tempdir().expect("temporary folder");
    for file in std::fs::read_dir(vendored).expect("the vendored schemas") {
        let file = file.expect("a schema").path();
        let name = file.file_name().expect("a file name");
        std::fs::copy(&file, schemas.path().join(name)).expect("a copy");
    }
    let page = serde_json::json!({"type": "object", "required": ["contents"],
        "properties": {"contents": {"type": "array", "items": {"$ref": "service.json"}}}});
    let page_schema = schemas.path().join("page.json");
    std::fs::write(&page_schema, page.to_string()).expect("the page schema");
    assert!(!pages.is_empty(), "no page to check");
    let out = std::process::Command::new("check-jsonschema")
        .arg("--schemafile")
        .arg(&page_schema)
        .args(pages)
        .output()
        .expect("check-jsonschema runs (run `bash scripts/test-setup.sh` to install it)");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
