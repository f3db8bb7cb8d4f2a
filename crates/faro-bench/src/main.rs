//! `faro-bench`: import and aggregate speed, beside their baselines, measured in one run.
//! A crate of its own so that the `faro` binary ships no baseline code (Python scripts,
//! DuckDB, `CREATE DATABASE`). Run it with `cargo run --release -p faro-bench -- --rows N`.
//!
//! Import: N generated rows into SQLite and into PostgreSQL with full validation, beside a
//! plain Python importer (stdlib csv + sqlite3) of the same file. Aggregates: random filter +
//! group-by queries through the analytics index on both databases, beside DuckDB running the
//! same queries on the same data (its answers are checked against Faro's).
//!
//! `--intake`: report intake under load on both databases, beside the machine's argon2id
//! ceiling (`intake.rs`); `--sign-in-burst`: the server's peak memory through 100 sign-ins at
//! once. `--publish`: the methods of `faro publish` (`publish.rs`). `--page-jobs`: the
//! server's memory through a gigabyte uploaded from the Data page and a release made from
//! a page (`jobs.rs`). `--cases`: case management at 100,000 cases on both databases (`cases.rs`).
//! `--directory`: the referral directory, 20,000 services at 50,000 locations, imported and
//! searched on both databases (`directory.rs`). `--triage`: report triage's figures on the
//! held-out texts beside the old keyword rules, and its speed on one core (`triage.rs`).
//! `--inbox`: a hotline's inbox at 100,000 reports on both databases: the runner's triage of
//! them and the inbox's pages, first, far down and filtered by suggestion (`inbox.rs`).

mod cases;
mod directory;
mod hub;
mod inbox;
mod intake;
mod jobs;
mod publish;
mod triage;

use anyhow::{Context, bail};
use clap::Parser;
use faro_analytics::Index;
use faro_domain::query::{Dimension, Selection};
use faro_domain::{AccessContext, AggregateScope, Filter};
use faro_formats::fictitious::{GenerateOptions, generate};
use faro_formats::{ExportFormat, Input, ReadOptions};
use faro_store::{ImportOutcome, Location, NewSource, SourceKind, Store};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::time::Instant;

/// Import and aggregate benchmarks beside their baselines (needs `pip install duckdb`).
#[derive(Debug, Parser)]
#[command(name = "faro-bench", version)]
pub struct BenchArgs {
    /// Rows to generate and import
    #[arg(long, default_value_t = 1_000_000)]
    pub rows: u64,
    /// Random aggregate queries to time
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    /// Working folder for the generated file and databases
    #[arg(long, default_value = "bench-out", value_name = "DIR")]
    pub out: PathBuf,
    /// PostgreSQL server to measure on (a fresh database is created and dropped)
    #[arg(
        long,
        env = "FARO_BENCH_PG_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    pub postgres: String,
    /// Python interpreter for the baselines (needs `duckdb`: pip install duckdb)
    #[arg(long, default_value = "python3")]
    pub python: String,
    /// Measure report intake under load instead (beside the hash ceiling, on both databases)
    #[arg(long)]
    pub intake: bool,
    /// Measure the analysis hub instead (its views beside DuckDB, hotspots, `/hub` over
    /// HTTP, the index's load time and memory), on SQLite
    #[arg(long)]
    pub hub: bool,
    /// Measure the server's peak memory through a burst of 100 concurrent staff sign-ins
    /// instead (each argon2id hash needs 19 MiB), on SQLite
    #[arg(long)]
    pub sign_in_burst: bool,
    /// Measure publishing instead: k-anonymity, the utility measures and the differentially
    /// private tables on 100,000 generated records and on `--rows`, time and peak memory
    #[arg(long)]
    pub publish: bool,
    /// Measure background work from the pages instead: an upload of `--upload-bytes`
    /// through the Data page and its import, then a release of `--rows` records from
    /// `/admin/releases`, each on a `faro serve` process (the release binary beside this
    /// one): the server's peak memory
    #[arg(long)]
    pub page_jobs: bool,
    /// Measure only what disclosure control costs in accuracy: `--rows` records imported into
    /// SQLite, released as `faro serve` would, every 1- and 2-way table against exact counts
    #[arg(long)]
    pub utility: bool,
    /// Measure the referral directory instead: 20,000 services at 50,000 locations imported
    /// from HSDS JSON pages and searched by need, language and distance, on SQLite and
    /// PostgreSQL
    #[arg(long)]
    pub directory: bool,
    /// Measure case management instead: `--case-count` cases with ten tasks and services
    /// each on SQLite and PostgreSQL, the p95 of the `/cases` page's reads and of a search
    /// by a mistyped name
    #[arg(long)]
    pub cases: bool,
    /// Measure report triage instead: its figures on the labelled set's held-out part per
    /// language beside the old keyword rules, and reports per second on one core
    #[arg(long)]
    pub triage: bool,
    /// How many cases `--cases` writes
    #[arg(long, default_value_t = 100_000)]
    pub case_count: usize,
    /// Measure the inbox instead, on SQLite and PostgreSQL: `--report-count` reports taken in,
    /// read by the job runner's triage (reports per second), and the p95 of the inbox's first
    /// page, a later page and pages filtered by what triage suggested
    #[arg(long)]
    pub inbox: bool,
    /// How many reports `--inbox` takes in
    #[arg(long, default_value_t = 100_000)]
    pub report_count: usize,
    /// The size of the upload `--page-jobs` sends
    #[arg(long, default_value_t = 1_000_000_000)]
    pub upload_bytes: u64,
}

const BASELINE_IMPORT: &str = include_str!("../scripts/baseline_import.py");
const DUCKDB_AGGREGATE: &str = include_str!("../scripts/duckdb_aggregate.py");

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    run(&BenchArgs::parse()).await
}

async fn run(args: &BenchArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create `{}`", args.out.display()))?;
    if args.triage {
        let report = triage::measure()?;
        eprintln!("{report}");
        std::fs::write(args.out.join("triage.md"), report)?;
        return Ok(());
    }
    if args.intake {
        return run_intake(args).await;
    }
    if args.directory {
        return run_directory(args).await;
    }
    if args.cases {
        return run_cases(args).await;
    }
    if args.inbox {
        return run_inbox(args).await;
    }
    if args.sign_in_burst {
        let store = intake::sqlite_store(&args.out).await?;
        let line = intake::sign_in_burst(store, 100).await?;
        eprintln!("{line}");
        std::fs::write(args.out.join("sign-in-burst.md"), line + "\n")?;
        return Ok(());
    }
    if args.page_jobs {
        let report = jobs::measure(&args.out, args.upload_bytes, args.rows).await?;
        eprintln!("{report}");
        std::fs::write(args.out.join("page-jobs.md"), report + "\n")?;
        return Ok(());
    }
    if args.publish {
        let report = publish::measure(&[100_000, args.rows]);
        eprintln!("{report}");
        std::fs::write(args.out.join("publish.md"), &report)?;
        return Ok(());
    }
    let data = data_file(args)?;
    if args.hub {
        return run_hub(args, &data).await;
    }
    if args.utility {
        let dir = args.out.join("utility-sqlite");
        let _ = std::fs::remove_dir_all(&dir);
        let key =
            faro_store::DataKey::generate().map_err(|e| anyhow::anyhow!("no data key: {e}"))?;
        let store = Store::open(&Location::Sqlite(dir.join("faro.db")))
            .await?
            .unlock(&key)
            .await?;
        timed_import(&store, &data).await?;
        let mut report = String::new();
        utility(&mut report, &store, args.rows).await?;
        std::fs::write(args.out.join(format!("utility-{}.md", args.rows)), &report)?;
        store.close().await;
        return Ok(());
    }
    let mut report = String::new();
    let line = |r: &mut String, s: String| {
        eprintln!("{s}");
        r.push_str(&s);
        r.push('\n');
    };
    line(
        &mut report,
        format!(
            "## Import of {} rows ({} MB)",
            args.rows,
            std::fs::metadata(&data)?.len() / 1_000_000
        ),
    );

    let sqlite_dir = args.out.join("sqlite");
    let _ = std::fs::remove_dir_all(&sqlite_dir);
    // Imports are audited, so the stores need a data key; a throw-away one serves here.
    let key = faro_store::DataKey::generate().map_err(|e| anyhow::anyhow!("no data key: {e}"))?;
    let sqlite = Store::open(&Location::Sqlite(sqlite_dir.join("faro.db")))
        .await?
        .unlock(&key)
        .await?;
    let secs = timed_import(&sqlite, &data).await?;
    let sqlite_rate = args.rows as f64 / secs;
    line(
        &mut report,
        format!("faro → SQLite      {secs:7.2} s  {sqlite_rate:>10.0} rows/s"),
    );

    let (pg, pg_admin_url, pg_db) = fresh_postgres(&args.postgres).await?;
    let pg = pg.unlock(&key).await?;
    let secs = timed_import(&pg, &data).await?;
    line(
        &mut report,
        format!(
            "faro → PostgreSQL  {secs:7.2} s  {:>10.0} rows/s",
            args.rows as f64 / secs
        ),
    );

    for (indexed, label) in [(false, "plain table"), (true, "same indexes as Faro")] {
        let secs = python_baseline(args, &data, indexed)?;
        let rate = args.rows as f64 / secs;
        line(
            &mut report,
            format!(
                "python csv+sqlite3 {secs:7.2} s  {rate:>10.0} rows/s  (no validation, {label}): faro/SQLite is {:.1}×",
                sqlite_rate / rate
            ),
        );
    }

    line(
        &mut report,
        format!(
            "\n## Aggregates over {} records, {} random filter + group-by queries",
            args.rows, args.queries
        ),
    );
    let queries = random_queries(args.queries, 7);
    let sqlite_sums = time_faro(&mut report, "faro index (SQLite)", &sqlite, &queries).await?;
    let pg_sums = time_faro(&mut report, "faro index (PostgreSQL)", &pg, &queries).await?;
    if sqlite_sums != pg_sums {
        bail!("the two backends gave different aggregates: a bug, not a benchmark result");
    }
    duckdb(args, &mut report, &sqlite, &queries, &sqlite_sums).await?;
    utility(&mut report, &sqlite, args.rows).await?;

    pg.close().await;
    drop_postgres(&pg_admin_url, &pg_db).await;
    sqlite.close().await;
    std::fs::write(args.out.join("results.md"), &report)?;
    std::io::stdout().lock().write_all(report.as_bytes())?;
    Ok(())
}

/// The generated CTDC file of `--rows` rows, made on first use.
fn data_file(args: &BenchArgs) -> anyhow::Result<PathBuf> {
    let data = args.out.join(format!("ctdc-{}.csv", args.rows));
    if !data.exists() {
        eprintln!("generating {} rows…", args.rows);
        let file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&data)?);
        generate(
            file,
            &GenerateOptions {
                rows: args.rows,
                seed: 1,
                dirty: 0.0,
                format: ExportFormat::CsvA,
            },
        )?;
    }
    Ok(data)
}

/// The hub's views beside DuckDB, hotspots and `/hub` over HTTP, on SQLite.
async fn run_hub(args: &BenchArgs, data: &Path) -> anyhow::Result<()> {
    let dir = args.out.join("hub-sqlite");
    let _ = std::fs::remove_dir_all(&dir);
    let key = faro_store::DataKey::generate().map_err(|e| anyhow::anyhow!("no data key: {e}"))?;
    let store = Store::open(&Location::Sqlite(dir.join("faro.db")))
        .await?
        .unlock(&key)
        .await?;
    let secs = timed_import(&store, data).await?;
    eprintln!("imported {} rows in {secs:.1} s", args.rows);
    let mut lines = hub::measure(&args.python, &args.out, &store, args.rows, args.queries).await?;
    store.close().await;
    let (pg, pg_admin_url, pg_db) = fresh_postgres(&args.postgres).await?;
    let pg = pg.unlock(&key).await?;
    timed_import(&pg, data).await?;
    let line = hub::index_loads("PostgreSQL", &pg, args.rows).await?;
    eprintln!("{line}");
    lines.push(line);
    pg.close().await;
    drop_postgres(&pg_admin_url, &pg_db).await;
    let report = lines.join("\n") + "\n";
    std::fs::write(args.out.join(format!("hub-{}.md", args.rows)), &report)?;
    std::io::stdout().lock().write_all(report.as_bytes())?;
    Ok(())
}

/// Report intake beside the hash ceiling, on SQLite then PostgreSQL.
async fn run_intake(args: &BenchArgs) -> anyhow::Result<()> {
    let ceiling = intake::hash_ceiling(3.0);
    let mut lines = vec![format!(
        "## Report intake\nargon2id alone: {ceiling:.1} hashes/s on {} cores (the ceiling: one hash a report)",
        std::thread::available_parallelism().map_or(2, |n| n.get())
    )];
    eprintln!("{}", lines[0]);
    let sqlite = intake::sqlite_store(&args.out).await?;
    for line in intake::measure("SQLite", sqlite.clone(), ceiling).await? {
        eprintln!("{line}");
        lines.push(line);
    }
    sqlite.close().await;
    let key = faro_store::DataKey::generate().map_err(|e| anyhow::anyhow!("no data key: {e}"))?;
    let (pg, pg_admin_url, pg_db) = fresh_postgres(&args.postgres).await?;
    let pg = pg.unlock(&key).await?;
    for line in intake::measure("PostgreSQL", pg.clone(), ceiling).await? {
        eprintln!("{line}");
        lines.push(line);
    }
    pg.close().await;
    drop_postgres(&pg_admin_url, &pg_db).await;
    let report = lines.join("\n") + "\n";
    std::fs::write(args.out.join("intake.md"), &report)?;
    std::io::stdout().lock().write_all(report.as_bytes())?;
    Ok(())
}

/// The dimensions whose 1-, 2- and 3-way tables the utility measurement releases: all but
/// the finer and rarer ones (`means_detail`, `sex`, `traffick_months`) and `source`.
fn utility_dimensions() -> Vec<Dimension> {
    Dimension::ALL
        .into_iter()
        .filter(|d| {
            !matches!(
                d,
                Dimension::MeansDetail
                    | Dimension::Sex
                    | Dimension::TraffickMonths
                    | Dimension::Source
            )
        })
        .collect()
}

/// What disclosure control costs in accuracy: the source is released as `faro serve` would
/// (its marginals at the default policy, timed), then every 1- and 2-way table over
/// [`utility_dimensions`] is answered to a viewer from that release and compared with the exact
/// counts. Errors are over cells of at least `threshold` people; those not shown are counted
/// apart. 3-way tables are not answered to controlled readers.
async fn utility(report: &mut String, store: &Store, rows: u64) -> anyhow::Result<()> {
    let index = Index::new(store.clone());
    let exact = AccessContext::instance();
    let viewer = AccessContext::member(faro_store::DEFAULT_ORGANISATION, faro_domain::Role::Viewer);
    let policy = faro_privacy::Policy::default();
    let cx = faro_web::services::Context {
        privacy: policy,
        ..faro_web::services::Context::new(store.clone())
    };
    let started = Instant::now();
    let made = faro_web::services::statistics::release_due(&cx).await?;
    let heading = format!(
        "\n## Released aggregates over {rows} records: viewer's tables against exact counts (releases of marginals at ε = {} per release, δ = {}; {} source(s) released in {:.1} s)",
        policy.epsilon_per_release,
        policy.delta,
        made.len(),
        started.elapsed().as_secs_f64()
    );
    eprintln!("{heading}");
    report.push_str(&heading);
    report.push('\n');
    for ways in 1..=2 {
        let (mut tables, mut cells, mut missing, mut abs, mut rel) = (0, 0u64, 0u64, 0.0, 0.0);
        let mut big_rel: Vec<f64> = Vec::new();
        for by in combinations(&utility_dimensions(), ways) {
            let counted = index
                .aggregate(&exact, AggregateScope::Hub, &by, &Filter::new())
                .await?;
            let released = faro_web::services::release::released(
                &cx,
                &viewer,
                AggregateScope::Hub,
                &by,
                &Filter::new(),
            )
            .await?;
            tables += 1;
            for truth in counted.rows.iter().filter(|r| r.count >= policy.threshold) {
                cells += 1;
                let shown = released.get().rows.iter().find(|c| c.key == truth.key);
                match shown.and_then(|c| c.count) {
                    Some(c) => {
                        let e = c.abs_diff(truth.count) as f64;
                        abs += e;
                        rel += e / truth.count as f64;
                        if truth.count >= 100 {
                            big_rel.push(e / truth.count as f64);
                        }
                    }
                    None => missing += 1,
                }
            }
        }
        let shown = cells - missing;
        big_rel.sort_by(f64::total_cmp);
        let text = format!(
            "{ways}-way: {tables:>3} tables, {cells:>8} cells of ≥ {} people, {:5.1}% not shown; shown: mean absolute error {:.2}, mean relative error {:.2}%; cells of ≥ 100 people: median relative error {:.2}%",
            policy.threshold,
            100.0 * missing as f64 / cells.max(1) as f64,
            abs / shown.max(1) as f64,
            100.0 * rel / shown.max(1) as f64,
            100.0 * big_rel.get(big_rel.len() / 2).copied().unwrap_or(0.0),
        );
        eprintln!("{text}");
        report.push_str(&text);
        report.push('\n');
    }
    Ok(())
}

/// Every choice of `k` of `items`, in order.
fn combinations(items: &[Dimension], k: usize) -> Vec<Vec<Dimension>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    (0..items.len())
        .flat_map(|i| {
            combinations(&items[i + 1..], k - 1)
                .into_iter()
                .map(move |mut rest| {
                    rest.insert(0, items[i]);
                    rest
                })
        })
        .collect()
}

/// This year, as far as validating generated years needs it (a year of 365.2425 days).
fn this_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (1970 + secs / 31_556_952).min(9999) as u16
}

async fn timed_import(store: &Store, path: &Path) -> anyhow::Result<f64> {
    let start = Instant::now();
    let options = ReadOptions {
        layout: None,
        this_year: this_year(),
        ignore_columns: Vec::new(),
    };
    let input = Input::open(path, &options)?;
    let source = NewSource {
        name: "bench".into(),
        file_name: None,
        sha256: faro_formats::sha256_file(path)?,
        layout: input.layout.name().into(),
        kind: SourceKind::Import,
        organisation: faro_store::DEFAULT_ORGANISATION,
    };
    match store
        .import(
            &faro_domain::AccessContext::instance(),
            source,
            input,
            &mut (),
            || 0,
        )
        .await
    {
        Ok(ImportOutcome::Imported(r)) if r.rows_rejected == 0 => {}
        Ok(other) => bail!("unexpected import result: {other:?}"),
        Err(e) => bail!("import failed: {e}"),
    }
    Ok(start.elapsed().as_secs_f64())
}

async fn fresh_postgres(url: &str) -> anyhow::Result<(Store, String, String)> {
    let name = format!("faro_bench_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(url)
        .await
        .with_context(|| format!("cannot reach PostgreSQL at `{url}`"))?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await?;
    let options = sqlx::postgres::PgConnectOptions::from_str(url)?.database(&name);
    let store = Store::open_postgres(options, Location::Postgres(url.into())).await?;
    Ok((store, url.to_string(), name))
}

async fn drop_postgres(url: &str, name: &str) {
    if let Ok(mut admin) = sqlx::PgConnection::connect(url).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
            .execute(&mut admin)
            .await;
    }
}

fn python_baseline(args: &BenchArgs, data: &Path, indexed: bool) -> anyhow::Result<f64> {
    let script = args.out.join("baseline_import.py");
    std::fs::write(&script, BASELINE_IMPORT)?;
    let db = args.out.join("baseline.db");
    let _ = std::fs::remove_file(&db);
    let out = Command::new(&args.python)
        .arg(&script)
        .arg(data)
        .arg(&db)
        .args(indexed.then_some("--indexed"))
        .output()
        .with_context(|| format!("cannot run `{}`", args.python))?;
    if !out.status.success() {
        bail!(
            "the Python baseline failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let secs = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("unexpected baseline output")?;
    Ok(secs)
}

/// A query: group-by dimensions and a filter.
struct Query {
    by: Vec<Dimension>,
    filter: Filter,
}

fn random_queries(n: usize, seed: u64) -> Vec<Query> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let groupable: Vec<Dimension> = Dimension::ALL
        .into_iter()
        .filter(|d| *d != Dimension::Source)
        .collect();
    let countries = [
        "UA", "RU", "PH", "MY", "US", "TH", "NG", "IT", "IN", "MX", "NA", "KH",
    ];
    (0..n)
        .map(|_| {
            let mut dims = groupable.clone();
            dims.shuffle(&mut rng);
            let by: Vec<Dimension> = dims[..rng.random_range(1..=2)].to_vec();
            let mut filter = Filter::new();
            for dim in dims.iter().rev().take(rng.random_range(1..=3)) {
                let mut values: Vec<String> = match dim {
                    Dimension::Year => {
                        let lo = rng.random_range(2002..2020);
                        vec![format!("{lo}..{}", lo + rng.random_range(0..6))]
                    }
                    Dimension::Citizenship | Dimension::ExploitationCountry => {
                        let n = rng.random_range(1..5);
                        countries
                            .choose_multiple(&mut rng, n)
                            .map(|c| c.to_string())
                            .collect()
                    }
                    d => {
                        let codes = d.codes();
                        let n = rng.random_range(1..=3.min(codes.len()));
                        codes
                            .choose_multiple(&mut rng, n)
                            .map(|c| c.to_string())
                            .collect()
                    }
                };
                if rng.random_bool(0.2) {
                    values.push("unknown".into());
                }
                let _ = filter.add(*dim, &values.join(","));
            }
            Query { by, filter }
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

fn summary(label: &str, mut ms: Vec<f64>) -> String {
    ms.sort_by(|a, b| a.total_cmp(b));
    format!(
        "{label:<26} p50 {:7.2} ms   p95 {:7.2} ms   max {:7.2} ms",
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.last().copied().unwrap_or(f64::NAN)
    )
}

/// Times every query through the index (the warm-up load is reported apart) and returns the
/// sum of counts of each, to compare backends and baselines.
async fn time_faro(
    report: &mut String,
    label: &str,
    store: &Store,
    queries: &[Query],
) -> anyhow::Result<Vec<u64>> {
    let index = Index::new(store.clone());
    let ctx = AccessContext::instance();
    let start = Instant::now();
    index
        .aggregate(
            &ctx,
            AggregateScope::Hub,
            &[Dimension::Year],
            &Filter::new(),
        )
        .await?;
    let load = start.elapsed().as_secs_f64();
    let mut ms = Vec::with_capacity(queries.len());
    let mut sums = Vec::with_capacity(queries.len());
    for q in queries {
        let t = Instant::now();
        let result = index
            .aggregate(&ctx, AggregateScope::Hub, &q.by, &q.filter)
            .await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        sums.push(result.rows.iter().map(|r| r.count).sum());
    }
    let text = format!("{}   (index load {load:.2} s)", summary(label, ms));
    eprintln!("{text}");
    report.push_str(&text);
    report.push('\n');
    Ok(sums)
}

async fn duckdb(
    args: &BenchArgs,
    report: &mut String,
    store: &Store,
    queries: &[Query],
    faro_sums: &[u64],
) -> anyhow::Result<()> {
    let flat = args.out.join(format!("flat-{}.csv", args.rows));
    write_flat(store, &flat).await?;
    let sql: Vec<String> = queries.iter().map(duckdb_sql).collect();
    let queries_path = args.out.join("queries.json");
    std::fs::write(&queries_path, serde_json::to_string(&sql)?)?;
    let script = args.out.join("duckdb_aggregate.py");
    std::fs::write(&script, DUCKDB_AGGREGATE)?;
    let out = Command::new(&args.python)
        .arg(&script)
        .arg(&flat)
        .arg(&queries_path)
        .output()
        .with_context(|| format!("cannot run `{}`", args.python))?;
    if !out.status.success() {
        let text = format!(
            "duckdb: not run ({}); install it with `pip install duckdb`",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
        eprintln!("{text}");
        report.push_str(&text);
        report.push('\n');
        return Ok(());
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let ms: Vec<f64> = v["latencies_ms"]
        .as_array()
        .context("duckdb output")?
        .iter()
        .filter_map(|x| x.as_f64())
        .collect();
    let sums: Vec<u64> = v["sums"]
        .as_array()
        .context("duckdb output")?
        .iter()
        .filter_map(|x| x.as_u64())
        .collect();
    let agree = sums == faro_sums;
    let text = format!(
        "{}   (load {:.2} s; answers {} Faro's)",
        summary("duckdb (same queries)", ms),
        v["load_s"].as_f64().unwrap_or(f64::NAN),
        if agree { "equal" } else { "DIFFER FROM" }
    );
    eprintln!("{text}");
    report.push_str(&text);
    report.push('\n');
    Ok(())
}

/// The records as one flat CSV of Faro codes, multi-valued dimensions `|`-joined.
async fn write_flat(store: &Store, path: &Path) -> anyhow::Result<()> {
    let (multi, single): (Vec<Dimension>, Vec<Dimension>) = Dimension::ALL
        .into_iter()
        .filter(|d| *d != Dimension::Source)
        .partition(|d| d.is_multi_valued());
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(path)?));
    let masks: Vec<String> = multi.iter().map(|d| format!("{}_bits", d.id())).collect();
    let header: Vec<&str> = ["source_id"]
        .into_iter()
        .chain(single.iter().chain(multi.iter()).map(|d| d.id()))
        .chain(masks.iter().map(String::as_str))
        .collect();
    w.write_record(&header)?;
    let ctx = AccessContext::instance();
    let mut after = None;
    loop {
        let page = store.records(&ctx, &Filter::new(), after, 10_000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for r in &page {
            let mut row = vec![r.source_id.to_string()];
            for d in &single {
                row.push(
                    d.value_id(&r.record)
                        .map(|v| d.value(v).text())
                        .unwrap_or_default(),
                );
            }
            for d in &multi {
                let bits = d.value_bits(&r.record);
                let codes: Vec<String> = (0..32)
                    .filter(|b| bits & (1 << b) != 0)
                    .map(|b| d.value(b).text())
                    .collect();
                row.push(codes.join("|"));
            }
            row.extend(multi.iter().map(|d| d.value_bits(&r.record).to_string()));
            w.write_record(&row)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The same query in DuckDB SQL over the flat table: bit masks to filter multi-valued
/// dimensions, lists to group by them.
fn duckdb_sql(q: &Query) -> String {
    let col = |d: Dimension| {
        if d == Dimension::Source {
            "source_id".to_string()
        } else {
            d.id().to_string()
        }
    };
    let mut clauses = Vec::new();
    for (dim, sel) in q.filter.selections() {
        clauses.push(duckdb_condition(*dim, sel, &col(*dim)));
    }
    let mut inner = format!(
        "SELECT * FROM t{}",
        if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        }
    );
    for d in q.by.iter().filter(|d| d.is_multi_valued()) {
        let c = col(*d);
        inner = format!(
            "SELECT * REPLACE (unnest(CASE WHEN len({c}) = 0 THEN [NULL::VARCHAR] ELSE {c} END) AS {c}) FROM ({inner})"
        );
    }
    let keys: Vec<String> = q.by.iter().map(|d| col(*d)).collect();
    format!(
        "SELECT {}, count(*) FROM ({inner}) GROUP BY ALL",
        keys.join(", ")
    )
}

fn duckdb_condition(dim: Dimension, sel: &Selection, col: &str) -> String {
    let quoted = |ids: &[i64]| -> Vec<String> {
        ids.iter()
            .map(|i| format!("'{}'", dim.value(*i as u32).text()))
            .collect()
    };
    let mut parts = Vec::new();
    if dim.is_multi_valued() {
        // Bit masks, as Faro holds them: DuckDB's fastest form of this test.
        let mask: i64 = sel.ids.iter().fold(0, |m, i| m | (1 << i));
        if mask != 0 {
            parts.push(format!("({col}_bits & {mask}) <> 0"));
        }
        if sel.unknown {
            parts.push(format!("{col}_bits = 0"));
        }
    } else {
        match dim {
            Dimension::Year => parts.extend(sel.ranges.iter().map(|(lo, hi)| match (lo, hi) {
                (Some(l), Some(h)) => format!("{col} BETWEEN {l} AND {h}"),
                (Some(l), None) => format!("{col} >= {l}"),
                (None, Some(h)) => format!("{col} <= {h}"),
                (None, None) => format!("{col} IS NOT NULL"),
            })),
            Dimension::Source => parts.push(format!(
                "{col} IN ({})",
                sel.ids
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ if !sel.ids.is_empty() => {
                parts.push(format!("{col} IN ({})", quoted(&sel.ids).join(", ")))
            }
            _ => {}
        }
        if sel.unknown {
            parts.push(format!("{col} IS NULL"));
        }
    }
    if parts.is_empty() {
        "FALSE".into()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

/// Runs `measure` on a fresh SQLite database in `out/folder`, then on a fresh PostgreSQL one,
/// and writes `report` with both parts to `out/file`.
async fn on_both_databases(
    args: &BenchArgs,
    (folder, file): (&str, &str),
    mut report: String,
    measure: impl AsyncFn(&Store, &str) -> anyhow::Result<String>,
) -> anyhow::Result<()> {
    let key = faro_store::DataKey::generate().map_err(|e| anyhow::anyhow!("no data key: {e}"))?;
    let dir = args.out.join(folder);
    let _ = std::fs::remove_dir_all(&dir);
    let sqlite = Store::open(&Location::Sqlite(dir.join("faro.db")))
        .await?
        .unlock(&key)
        .await?;
    let part = measure(&sqlite, "SQLite").await?;
    eprintln!("{part}");
    report.push_str(&part);
    sqlite.close().await;
    let (pg, url, name) = fresh_postgres(&args.postgres).await?;
    let pg = pg.unlock(&key).await?;
    let part = measure(&pg, "PostgreSQL").await;
    pg.close().await;
    drop_postgres(&url, &name).await;
    let part = part?;
    eprintln!("{part}");
    report.push_str(&part);
    std::fs::write(args.out.join(file), report)?;
    Ok(())
}

async fn run_cases(args: &BenchArgs) -> anyhow::Result<()> {
    let report = format!("## Case management ({} cases)\n", args.case_count);
    let count = args.case_count;
    on_both_databases(
        args,
        ("cases-sqlite", "cases.md"),
        report,
        async |store: &Store, label: &str| cases::measure(store, label, count).await,
    )
    .await
}

async fn run_inbox(args: &BenchArgs) -> anyhow::Result<()> {
    let report = format!("## The inbox ({} reports)\n", args.report_count);
    let count = args.report_count;
    on_both_databases(
        args,
        ("inbox-sqlite", "inbox.md"),
        report,
        async |store: &Store, label: &str| inbox::measure(store, label, count).await,
    )
    .await
}

async fn run_directory(args: &BenchArgs) -> anyhow::Result<()> {
    let feed = args.out.join("directory-feed");
    directory::write_feed(&feed)?;
    let report = format!(
        "## Directory ({} services at {} locations)\n",
        directory::SERVICES,
        directory::LOCATIONS
    );
    let feed = feed.as_path();
    on_both_databases(
        args,
        ("directory-sqlite", "directory.md"),
        report,
        async |store: &Store, label: &str| directory::measure(store, label, feed).await,
    )
    .await
}
