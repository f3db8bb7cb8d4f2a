//! The analysis hub's speed beside DuckDB, measured in one run (`--hub`):
//! - each view's data (nine group-bys under the hub's filters) through the index, one view at
//!   a time and all nine in the one pass the hub makes, beside DuckDB running the same nine
//!   queries per filter on the same data (answers compared);
//! - hotspots: reports' points read, counted on the H3 grid and released (no DuckDB baseline);
//! - `/hub` over HTTP on loopback, map, corridors and charts rendered, for an analyst (exact)
//!   and a viewer (released under control);
//! - the index: its load time from the database and its memory per record.

use super::{Query, duckdb_sql, summary, write_flat};
use anyhow::Context;
use faro_analytics::Index;
use faro_domain::query::Dimension;
use faro_domain::report::{Channel, RawReport, ReportDraft};
use faro_domain::vocab::Vocabulary;
use faro_domain::{AccessContext, AggregateScope, Filter, Role};
use faro_store::Store;
use faro_web::hub::{HubQuery, View};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Reports placed around these cities for the hotspots (lat, lon).
const CITIES: &[(f64, f64)] = &[
    (50.45, 30.52),
    (13.75, 100.5),
    (14.6, 120.98),
    (19.43, -99.13),
    (6.52, 3.38),
    (41.9, 12.5),
    (3.15, 101.69),
    (55.75, 37.62),
];

/// Random hub filters: none to three dimensions, as people narrow the hub.
fn hub_filters(n: usize, seed: u64) -> Vec<Filter> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // What people narrow by: the quasi-identifiers and the means of control.
    let dims: Vec<Dimension> = Dimension::ALL
        .into_iter()
        .filter(|d| d.is_quasi_identifier() || *d == Dimension::Means)
        .collect();
    let countries = ["UA", "RU", "PH", "MY", "US", "TH", "NG", "IT", "MX"];
    (0..n)
        .map(|_| {
            let mut filter = Filter::new();
            let narrowed = rng.random_range(0..=3);
            let chosen: Vec<Dimension> =
                dims.choose_multiple(&mut rng, narrowed).copied().collect();
            for dim in &chosen {
                let text = match dim {
                    Dimension::Year => {
                        let lo = rng.random_range(2002..2020);
                        format!("{lo}..{}", lo + rng.random_range(0..8))
                    }
                    Dimension::Citizenship | Dimension::ExploitationCountry => {
                        let n = rng.random_range(1..3);
                        countries
                            .choose_multiple(&mut rng, n)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(",")
                    }
                    d => {
                        let n = rng.random_range(1..3);
                        d.codes()
                            .choose_multiple(&mut rng, n)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(",")
                    }
                };
                let _ = filter.add(*dim, &text);
            }
            filter
        })
        .collect()
}

/// The views the hub counts records for (all but hotspots), and their group-bys.
fn record_views(query: &HubQuery) -> Vec<(View, Vec<Dimension>)> {
    View::ALL
        .into_iter()
        .filter(|v| *v != View::Hotspots)
        .map(|v| (v, v.by(query)))
        .collect()
}

/// `n` reports placed near the cities, stored as the public form stores them.
async fn place_reports(store: &Store, n: usize) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for i in 0..n {
        let (lat, lon) = CITIES[i % CITIES.len()];
        let raw = RawReport {
            what: "Workers are kept in a warehouse and never go out.".into(),
            lat: format!("{:.4}", lat + rng.random_range(-0.5..0.5)),
            lon: format!("{:.4}", lon + rng.random_range(-0.5..0.5)),
            contact: "none".into(),
            ..RawReport::default()
        };
        let draft = ReportDraft::parse(&raw, Channel::Web, "en")
            .map_err(|p| anyhow::anyhow!("a bench report is not valid: {p:?}"))?;
        store
            .submit_report(
                &AccessContext::anonymous(),
                faro_store::DEFAULT_ORGANISATION,
                &draft,
                &[],
                None,
                Some(store.fresh_receipt().await?),
            )
            .await?;
    }
    Ok(())
}

/// A signed-in client of the hub: its session cookie.
async fn signed_in(
    base: &str,
    store: &Store,
    role: Role,
) -> anyhow::Result<(reqwest::Client, String)> {
    let email = format!("bench-{}@faro.invalid", role.code());
    let password = "a long bench pass phrase";
    super::intake::staff_user(store, &email, password, role).await?;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let (cookie, token) = super::intake::sign_in_form(&http, base)
        .await
        .context("no sign-in form")?;
    let signed = http
        .post(format!("{base}/sign-in"))
        .header("cookie", &cookie)
        .form(&[
            ("csrf", token.as_str()),
            ("email", &email),
            ("password", password),
        ])
        .send()
        .await?;
    let session = signed
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next())
        .find(|c| c.starts_with("faro_session="))
        .context("no session after signing in")?
        .to_string();
    Ok((http, session))
}

/// Times `/hub` for each filter as `role`; every answer must be a page.
async fn time_pages(
    base: &str,
    store: &Store,
    role: Role,
    filters: &[Filter],
) -> anyhow::Result<Vec<f64>> {
    let (http, session) = signed_in(base, store, role).await?;
    let mut ms = Vec::new();
    for filter in filters {
        let query = HubQuery {
            filter: filter.clone(),
            ..HubQuery::default()
        };
        let url = format!("{base}/hub?{}", query.to_query());
        let t = Instant::now();
        let page = http.get(&url).header("cookie", &session).send().await?;
        let status = page.status();
        let body = page.text().await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        if !status.is_success() || !body.contains("id=\"map-chart\"") {
            anyhow::bail!("{url} answered {status}");
        }
    }
    Ok(ms)
}

pub async fn measure(
    python: &str,
    out: &Path,
    store: &Store,
    rows: u64,
    queries: usize,
) -> anyhow::Result<Vec<String>> {
    let mut lines = vec![format!(
        "## The analysis hub over {rows} records ({queries} hub filters)"
    )];
    let say = |lines: &mut Vec<String>, s: String| {
        eprintln!("{s}");
        lines.push(s);
    };
    let ctx = AccessContext::member(faro_store::DEFAULT_ORGANISATION, Role::Analyst);
    say(&mut lines, index_loads("SQLite", store, rows).await?);
    let index = Index::new(store.clone());
    index.warm().await?;

    let filters = hub_filters(queries, 11);
    let default = HubQuery::default();
    let views = record_views(&default);
    let mut per_view: Vec<Vec<f64>> = vec![Vec::new(); views.len()];
    let mut one_pass = Vec::new();
    let mut sums = Vec::new();
    let mut duck_sql = Vec::new();
    for filter in &filters {
        for (i, (_, by)) in views.iter().enumerate() {
            let t = Instant::now();
            let a = index
                .aggregate(&ctx, AggregateScope::Own, by, filter)
                .await?;
            per_view[i].push(t.elapsed().as_secs_f64() * 1000.0);
            sums.push(a.rows.iter().map(|r| r.count).sum::<u64>());
            duck_sql.push(duckdb_sql(&Query {
                by: by.clone(),
                filter: filter.clone(),
            }));
        }
        let bys: Vec<&[Dimension]> = views.iter().map(|(_, b)| b.as_slice()).collect();
        let t = Instant::now();
        index
            .aggregates(&ctx, AggregateScope::Own, &bys, filter)
            .await?;
        one_pass.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let duck = duckdb_views(python, out, store, rows, &duck_sql).await?;
    for (i, (view, _)) in views.iter().enumerate() {
        let faro = summary(&format!("faro {}", view.id()), per_view[i].clone());
        say(&mut lines, faro);
        if let Some((ms, _)) = &duck {
            let theirs: Vec<f64> = ms.iter().skip(i).step_by(views.len()).copied().collect();
            say(
                &mut lines,
                summary(&format!("duckdb {}", view.id()), theirs),
            );
        }
    }
    say(&mut lines, summary("faro all nine, one pass", one_pass));
    if let Some((ms, duck_sums)) = &duck {
        let per_filter: Vec<f64> = ms.chunks(views.len()).map(|c| c.iter().sum()).collect();
        say(&mut lines, summary("duckdb all nine, in turn", per_filter));
        say(
            &mut lines,
            format!(
                "answers: DuckDB's {} Faro's",
                if *duck_sums == sums {
                    "equal"
                } else {
                    "DIFFER FROM"
                }
            ),
        );
    }

    let points = 1000;
    place_reports(store, points).await?;
    for res in [3u8, 5] {
        let mut ms = Vec::new();
        for filter in filters.iter().take(50) {
            let query = HubQuery {
                filter: filter.clone(),
                res: Some(res),
                ..HubQuery::default()
            };
            let t = Instant::now();
            let found = store.report_points(&ctx, &query.points()).await?;
            let cells = faro_analytics::hotspots(&found, res);
            let _ = faro_privacy::release_hotspots(&ctx, AggregateScope::Own, res, cells);
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        say(
            &mut lines,
            summary(&format!("hotspots res {res} ({points} reports)"), ms),
        );
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = faro_web::AppState::new(store.clone());
    let made = faro_web::services::statistics::release_due(&state.services()).await?;
    say(
        &mut lines,
        format!("{} source(s) released for viewers", made.len()),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(faro_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    for role in [Role::Analyst, Role::Viewer] {
        let ms = time_pages(&base, store, role, &filters).await?;
        say(
            &mut lines,
            summary(&format!("/hub over HTTP, {}", role.code()), ms),
        );
    }
    let _ = stop.send(());
    server.await??;
    Ok(lines)
}

/// The index's load time from the records (a first start, which also keeps the snapshot)
/// and from the snapshot (every later start), and its memory.
pub async fn index_loads(label: &str, store: &Store, rows: u64) -> anyhow::Result<String> {
    let first = Index::new(store.clone());
    let started = Instant::now();
    first.warm().await?;
    let decoded = started.elapsed().as_secs_f64();
    let again = Index::new(store.clone());
    let started = Instant::now();
    let held = again.warm().await?;
    let snapshot = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        held as u64 == rows,
        "the snapshot holds {held} records, not {rows}"
    );
    let bytes = again.memory_bytes().await;
    Ok(format!(
        "index on {label}: {decoded:.2} s decoding the records (first start), {snapshot:.2} s from its snapshot (later starts); {:.1} MB in memory, {:.1} bytes a record",
        bytes as f64 / 1e6,
        bytes as f64 / rows as f64
    ))
}

/// DuckDB's latency for each query and the sum of counts of each, or `None` when DuckDB is not
/// installed (said in the report).
async fn duckdb_views(
    python: &str,
    out: &Path,
    store: &Store,
    rows: u64,
    sql: &[String],
) -> anyhow::Result<Option<(Vec<f64>, Vec<u64>)>> {
    let flat = out.join(format!("flat-{rows}.csv"));
    if !flat.exists() {
        write_flat(store, &flat).await?;
    }
    let queries = out.join("hub-queries.json");
    std::fs::write(&queries, serde_json::to_string(sql)?)?;
    let script = out.join("duckdb_aggregate.py");
    std::fs::write(&script, super::DUCKDB_AGGREGATE)?;
    let run = Command::new(python)
        .arg(&script)
        .arg(&flat)
        .arg(&queries)
        .output()?;
    if !run.status.success() {
        eprintln!("duckdb: not run; install it with `pip install duckdb`");
        return Ok(None);
    }
    let v: serde_json::Value = serde_json::from_slice(&run.stdout)?;
    let ms = v["latencies_ms"]
        .as_array()
        .context("duckdb output")?
        .iter()
        .filter_map(|x| x.as_f64())
        .collect();
    let sums = v["sums"]
        .as_array()
        .context("duckdb output")?
        .iter()
        .filter_map(|x| x.as_u64())
        .collect();
    Ok(Some((ms, sums)))
}
