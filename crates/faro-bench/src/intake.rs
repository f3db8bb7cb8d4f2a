//! Report intake under load, beside its ceiling measured in the same run.
//!
//! A report costs one argon2id hash (its receipt code), so the ceiling of a machine is the
//! hashes per second its cores do: measured first, alone. Then, on SQLite and on PostgreSQL,
//! a real server on loopback takes reports from a load client over HTTP:
//! - sustained: 16 clients back to back for the duration, in receipts per second against the
//!   ceiling;
//! - half load: an open loop at half the ceiling, with the latency of every report (p50, p99);
//! - overload: an open loop at ten times the ceiling, where the bounded queue must answer 503
//!   with `Retry-After` instead of building a backlog, while a staff member signs in now and
//!   then (the hashing pool keeps a slot for staff); every receipt given is then checked to
//!   open its report.
//!
//! The server runs in this process (the load client shares the machine's two cores with it,
//! which only makes the figures conservative).

use anyhow::Context;
use faro_domain::{AccessContext, Role};
use faro_store::{DataKey, Store};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BOUNDARY: &str = "faro-bench-boundary";

/// The hashes per second the machine's cores do with Faro's argon2id parameters.
pub fn hash_ceiling(seconds: f64) -> f64 {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let started = Instant::now();
    let counts: Vec<u64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut n = 0u64;
                    let mut out = [0u8; 32];
                    while started.elapsed().as_secs_f64() < seconds {
                        let input = format!("receipt:{t}{n:016}");
                        let _ = argon2::Argon2::default().hash_password_into(
                            input.as_bytes(),
                            b"0123456789abcdef",
                            &mut out,
                        );
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    counts.iter().sum::<u64>() as f64 / started.elapsed().as_secs_f64()
}

/// A load client of one server: its form token, reused, and fresh nonces per report.
#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

/// One answer: when it was asked, how long it took, its status, the receipt it gave.
#[derive(Debug, Clone)]
struct Answer {
    millis: f64,
    status: u16,
    retry_after: bool,
    receipt: Option<String>,
}

impl Client {
    async fn new(base: &str) -> anyhow::Result<Client> {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .timeout(Duration::from_secs(30))
            .build()?;
        let form = http.get(format!("{base}/report?danger=no")).send().await?;
        let cookie = form
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|c| c.split(';').next())
            .and_then(|c| c.strip_prefix("faro_form="))
            .context("the form sets no token")?
            .to_string();
        Ok(Client {
            http,
            base: base.to_string(),
            csrf: cookie,
        })
    }

    async fn report(&self, n: u64) -> Answer {
        let nonce = format!("{:032x}", rand::random::<u128>());
        let mut body = String::new();
        let what = format!("Load report {n}: workers sleep in the packing shed");
        for (k, v) in [
            ("csrf", self.csrf.as_str()),
            ("nonce", &nonce),
            ("what", &what),
            ("country", "PT"),
        ] {
            body.push_str(&format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            ));
        }
        body.push_str(&format!("--{BOUNDARY}--\r\n"));
        let started = Instant::now();
        let sent = self
            .http
            .post(format!("{}/report", self.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header("cookie", format!("faro_form={}", self.csrf))
            .body(body)
            .send()
            .await;
        let (status, retry_after, page) = match sent {
            Ok(r) => {
                let status = r.status().as_u16();
                let retry = r.headers().contains_key("retry-after");
                (status, retry, r.text().await.unwrap_or_default())
            }
            Err(_) => (0, false, String::new()),
        };
        let receipt = page
            .find("id=\"receipt\">")
            .map(|i| page[i + 13..i + 32].to_string());
        Answer {
            millis: started.elapsed().as_secs_f64() * 1000.0,
            status,
            retry_after,
            receipt,
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Clients back to back for `seconds`: receipts per second.
async fn sustained(client: &Client, clients: usize, seconds: f64) -> (f64, Vec<Answer>) {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let answers = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let client = client.clone();
            let answers = answers.clone();
            tokio::spawn(async move {
                let mut n = 0;
                while Instant::now() < deadline {
                    let a = client.report((c as u64) << 32 | n).await;
                    answers.lock().map(|mut v| v.push(a)).ok();
                    n += 1;
                }
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    let answers = answers.lock().map(|v| v.clone()).unwrap_or_default();
    let ok = answers.iter().filter(|a| a.status == 200).count();
    (ok as f64 / started.elapsed().as_secs_f64(), answers)
}

/// An open loop: a report every `1/rate` seconds for `seconds`, whatever the answers.
async fn open_loop(client: &Client, rate: f64, seconds: f64) -> Vec<Answer> {
    let total = (rate * seconds) as u64;
    let gap = Duration::from_secs_f64(1.0 / rate);
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for n in 0..total {
        tokio::time::sleep_until(started + gap * n as u32).await;
        let client = client.clone();
        tasks.push(tokio::spawn(async move { client.report(n).await }));
    }
    let mut answers = Vec::with_capacity(tasks.len());
    for t in tasks {
        if let Ok(a) = t.await {
            answers.push(a);
        }
    }
    answers
}

fn latencies(answers: &[Answer]) -> Vec<f64> {
    let mut ms: Vec<f64> = answers
        .iter()
        .filter(|a| a.status == 200)
        .map(|a| a.millis)
        .collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    ms
}

/// The sign-in form's cookie (`faro_form=…`) and the token to post with it.
pub async fn sign_in_form(http: &reqwest::Client, base: &str) -> Option<(String, String)> {
    let form = http.get(format!("{base}/sign-in")).send().await.ok()?;
    let cookie = form
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())?
        .to_string();
    let token = cookie.trim_start_matches("faro_form=").to_string();
    Some((cookie, token))
}

/// Signs a staff member in now and then during `seconds`: the share of successes and the
/// slowest.
async fn staff_sign_ins(
    base: String,
    email: String,
    password: String,
    seconds: f64,
) -> (usize, usize, f64) {
    let http = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(h) => h,
        Err(_) => return (0, 0, f64::NAN),
    };
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let (mut tried, mut ok, mut slowest) = (0, 0, 0f64);
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let Some((cookie, token)) = sign_in_form(&http, &base).await else {
            continue;
        };
        let started = Instant::now();
        let sent = http
            .post(format!("{base}/sign-in"))
            .header("cookie", &cookie)
            .form(&[
                ("csrf", token.as_str()),
                ("email", &email),
                ("password", &password),
            ])
            .send()
            .await;
        tried += 1;
        slowest = slowest.max(started.elapsed().as_secs_f64() * 1000.0);
        if sent.is_ok_and(|r| r.status().as_u16() == 303) {
            ok += 1;
        }
    }
    (tried, ok, slowest)
}

/// A member of the default organisation in `role` who has set `password`, as a person does
/// through a set-password link.
pub async fn staff_user(
    store: &Store,
    email: &str,
    password: &str,
    role: Role,
) -> anyhow::Result<()> {
    let ctx = AccessContext::instance();
    let user = store
        .create_user(
            &ctx,
            faro_store::DEFAULT_ORGANISATION,
            &faro_domain::Email::parse(email)?,
            role,
        )
        .await?;
    let link = store.password_link(&ctx, &user.email).await?;
    store
        .set_password(&link, &faro_domain::Password::parse(password.into())?)
        .await?;
    Ok(())
}

/// The three phases against one database; lines for the report.
pub async fn measure(label: &str, store: Store, ceiling: f64) -> anyhow::Result<Vec<String>> {
    let email = "bench-staff@faro.invalid";
    let password = "a long bench pass phrase";
    staff_user(&store, email, password, Role::Operator).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let state = faro_web::AppState::new(store.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(faro_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let client = Client::new(&base).await?;
    let mut lines = Vec::new();

    let (rate, answers) = sustained(&client, 16, 10.0).await;
    let busy = answers.iter().filter(|a| a.status == 503).count();
    lines.push(format!(
        "intake {label}: sustained {rate:.1} receipts/s = {:.0} % of the ceiling ({} answered 503 busy of {})",
        100.0 * rate / ceiling,
        busy,
        answers.len()
    ));

    let half = open_loop(&client, ceiling / 2.0, 10.0).await;
    let ms = latencies(&half);
    lines.push(format!(
        "intake {label}: at half the ceiling ({:.0}/s, {} reports): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {} not 200",
        ceiling / 2.0,
        half.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(f64::NAN),
        half.iter().filter(|a| a.status != 200).count()
    ));

    let staff = tokio::spawn(staff_sign_ins(
        base.clone(),
        email.into(),
        password.into(),
        5.0,
    ));
    let flood = open_loop(&client, ceiling * 10.0, 5.0).await;
    let (tried, signed_in, slowest) = staff.await.unwrap_or((0, 0, f64::NAN));
    let stored = flood.iter().filter(|a| a.status == 200).count();
    let refused = flood.iter().filter(|a| a.status == 503).count();
    let with_retry = flood
        .iter()
        .filter(|a| a.status == 503 && a.retry_after)
        .count();
    let ms = latencies(&flood);
    lines.push(format!(
        "intake {label}: at 10× the ceiling ({:.0}/s, {} reports): {stored} stored, {refused} answered 503 ({with_retry} with Retry-After), {} other; stored p99 {:.0} ms, max {:.0} ms; staff sign-ins {signed_in}/{tried} succeeded, slowest {slowest:.0} ms",
        ceiling * 10.0,
        flood.len(),
        flood.len() - stored - refused,
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(f64::NAN),
    ));

    let _ = stop.send(());
    let _ = server.await;
    // Every receipt given opens its report.
    let mut missing = 0;
    let receipts: Vec<String> = answers
        .iter()
        .chain(&half)
        .chain(&flood)
        .filter_map(|a| a.receipt.clone())
        .collect();
    for r in &receipts {
        let code = faro_domain::report::ReceiptCode::parse(r).context("a receipt is 16 digits")?;
        if store.report_id_by_receipt(&code).await?.is_none() {
            missing += 1;
        }
    }
    lines.push(format!(
        "intake {label}: {} receipts given, {missing} without their report",
        receipts.len()
    ));
    Ok(lines)
}

/// `n` staff sign-ins sent at once to a server in this process, as a shift starting at the
/// same minute would, each retried while the hashing pool asks it to (503), until every one is
/// in: the process's peak memory before and after. Then, in the same run, the baseline: as many
/// argon2id hashes, as many at once as the pool allows, each allocating its own 19 MiB (as Faro
/// did before `faro-store`'s `hash.rs`), and the peak after them.
pub async fn sign_in_burst(store: Store, n: usize) -> anyhow::Result<String> {
    let email = "bench-burst@faro.invalid";
    let password = "a long bench pass phrase";
    staff_user(&store, email, password, Role::Operator).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(faro_web::serve(
        listener,
        faro_web::AppState::new(store.clone()),
        async {
            let _ = stopped.await;
        },
    ));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let mut forms = Vec::with_capacity(n);
    for _ in 0..n {
        forms.push(
            sign_in_form(&http, &base)
                .await
                .context("no sign-in form")?,
        );
    }
    let before = crate::publish::peak_mb();
    let started = Instant::now();
    let sent: Vec<_> = forms
        .into_iter()
        .map(|(cookie, token)| {
            let (http, base) = (http.clone(), base.clone());
            tokio::spawn(async move {
                let mut retries = 0u32;
                loop {
                    let status = http
                        .post(format!("{base}/sign-in"))
                        .header("cookie", &cookie)
                        .form(&[
                            ("csrf", token.as_str()),
                            ("email", email),
                            ("password", password),
                        ])
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0);
                    if status != 503 || retries == 500 {
                        return (status, retries);
                    }
                    retries += 1;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        })
        .collect();
    let mut answers = Vec::with_capacity(n);
    for s in sent {
        answers.push(s.await.unwrap_or((0, 0)));
    }
    let seconds = started.elapsed().as_secs_f64();
    let after = crate::publish::peak_mb();
    let _ = stop.send(());
    let _ = server.await;
    let signed_in = answers.iter().filter(|(s, _)| *s == 303).count();
    let retried: u32 = answers.iter().map(|(_, r)| r).sum();
    let baseline = fresh_memory_hashes(n, 3).await;
    Ok(format!(
        "sign-in burst: {n} at once, {signed_in} signed in within {seconds:.1} s after {retried} retries (503); peak memory {before:.0} MB before, {after:.0} MB after; the same {n} hashes 3 at a time with fresh memory each, in the same process after it: peak {baseline:.0} MB"
    ))
}

/// `n` argon2id hashes, `at_once` at a time on the blocking pool, each allocating its own
/// memory: the process's peak memory after them, in MB.
async fn fresh_memory_hashes(n: usize, at_once: usize) -> f64 {
    let slots = Arc::new(tokio::sync::Semaphore::new(at_once));
    let hashes: Vec<_> = (0..n)
        .map(|i| {
            let slots = slots.clone();
            tokio::spawn(async move {
                let _slot = slots.acquire_owned().await;
                let _ = tokio::task::spawn_blocking(move || {
                    let mut out = [0u8; 32];
                    argon2::Argon2::default()
                        .hash_password_into(
                            format!("pass {i}").as_bytes(),
                            b"sixteen byte salt",
                            &mut out,
                        )
                        .is_ok()
                })
                .await;
            })
        })
        .collect();
    for h in hashes {
        let _ = h.await;
    }
    crate::publish::peak_mb()
}

/// A fresh SQLite store for the intake benchmark.
pub async fn sqlite_store(dir: &std::path::Path) -> anyhow::Result<Store> {
    let path = dir.join("intake.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let key = DataKey::generate().map_err(|e| anyhow::anyhow!(e))?;
    Ok(Store::open(&faro_store::Location::Sqlite(path))
        .await?
        .unlock(&key)
        .await?)
}
