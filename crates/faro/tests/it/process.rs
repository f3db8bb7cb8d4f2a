//! The binary as a running process: the demo server, graceful shutdown, and an import killed
//! with SIGKILL half-way.

use super::cli::faro;
use faro_testkit::TestDb;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn http_get(addr: &str, path: &str, token: &str) -> String {
    http(
        addr,
        "GET",
        path,
        &format!("Authorization: Bearer {token}\r\n"),
        "",
    )
}

/// One raw HTTP/1.1 exchange; the whole reply as text.
pub fn http(addr: &str, method: &str, path: &str, headers: &str, body: impl AsRef<[u8]>) -> String {
    let body = body.as_ref();
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

/// The value of the cookie `name` a reply sets.
pub fn set_cookie<'a>(reply: &'a str, name: &str) -> &'a str {
    let start = reply.find(&format!("set-cookie: {name}=")).unwrap() + name.len() + 13;
    &reply[start..start + reply[start..].find(';').unwrap()]
}

/// Signs in through the form over real HTTP; returns the session cookie's value.
pub fn sign_in(addr: &str, email: &str, password: &str) -> String {
    let form = http(addr, "GET", "/sign-in", "", "");
    let token = set_cookie(&form, "faro_form").to_string();
    let body = format!("csrf={token}&email={email}&password={password}");
    let reply = http(
        addr,
        "POST",
        "/sign-in",
        &format!(
            "Cookie: faro_form={token}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        ),
        &body,
    );
    assert!(reply.starts_with("HTTP/1.1 303"), "{reply}");
    set_cookie(&reply, "faro_session").to_string()
}

/// Starts `faro demo` on a free port and returns the process, its address and the API token
/// it printed (empty on a later start, which prints none).
fn start_demo(dir: &std::path::Path) -> (Child, String, String) {
    let (child, addr, token, _) = start_demo_with_password(dir);
    (child, addr, token)
}

/// As [`start_demo`], also returning the printed demo password.
fn start_demo_with_password(dir: &std::path::Path) -> (Child, String, String, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("faro"))
        .current_dir(dir)
        .args(["demo", "--bind", "127.0.0.1:0", "--rows", "800"])
        // The credentials are read from its English lines.
        .env("FARO_LANG", "en")
        .env("FARO_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let mut token = String::new();
    let mut password = String::new();
    loop {
        line.clear();
        stdout.read_line(&mut line).unwrap();
        if let Some((_, t)) = line.split_once("(admin, 30 days; shown only now): ") {
            token = t.trim().to_string();
        } else if let Some((_, p)) = line.split_once(" with the password ") {
            password = p.split(' ').next().unwrap_or_default().to_string();
        } else {
            break;
        }
    }
    (child, serving_at(&line), token, password)
}

/// The address in the line a server prints when it is ready (in any language).
pub fn serving_at(line: &str) -> String {
    line.split_once("http://")
        .and_then(|(_, rest)| rest.trim().strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected line: {line:?}"))
        .to_string()
}

fn stop(mut child: Child) -> (i32, String) {
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code().unwrap_or(-1), err)
}

#[test]
fn the_demo_loads_fictitious_records_once_serves_it_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (child, addr, token, password) = start_demo_with_password(dir.path());
    assert!(
        token.starts_with("faro_"),
        "the first start prints an API token: {token:?}"
    );
    assert!(http_get(&addr, "/api/v1/sources", "").starts_with("HTTP/1.1 401"));
    let sources = http_get(&addr, "/api/v1/sources", &token);
    assert!(sources.starts_with("HTTP/1.1 200"), "{sources}");
    assert!(
        sources.contains("\"kind\":\"demo\"") && sources.contains("\"rows_imported\":800"),
        "{sources}"
    );
    assert!(http_get(&addr, "/healthz", "").contains("\"status\":\"ok\""));
    let ready = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        http_get(&addr, "/healthz", "").contains("\"index\":\"ready\"")
    });
    assert!(ready, "the index is warmed after the start");
    assert!(
        !http_get(&addr, "/", "").contains("record-count"),
        "no data before sign-in"
    );
    let session = sign_in(&addr, "demo-admin@faro.invalid", &password);
    let home = http(
        &addr,
        "GET",
        "/",
        &format!("Cookie: faro_session={session}\r\n"),
        "",
    );
    assert!(
        home.contains("<strong id=\"record-count\">800</strong>"),
        "{home}"
    );
    let (code, err) = stop(child);
    assert_eq!(code, 0, "SIGTERM ends the server gracefully: {err}");
    assert!(err.contains("loading 800 fictitious demo records"), "{err}");
    assert!(
        dir.path().join("faro-demo/faro.db").exists(),
        "the demo uses ./faro-demo"
    );
    let (child, addr, second_token) = start_demo(dir.path());
    assert!(second_token.is_empty(), "no new token on a later start");
    assert!(http_get(&addr, "/api/v1/sources", &token).contains("\"rows_imported\":800"));
    let (_, err) = stop(child);
    assert!(
        !err.contains("loading"),
        "a second start does not load the demo data again: {err}"
    );
}

async fn a_killed_import_leaves_nothing_visible_and_the_next_import_completes_it(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let rows = 120_000;
    faro(dir.path())
        .args(["generate", "--rows", &rows.to_string(), "-o", "big.csv"])
        .assert()
        .code(0);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("faro"))
        .current_dir(dir.path())
        .args(db.cli_args())
        .args(["import", "ctdc", "big.csv"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some rows are committed but before it completes.
    let start = Instant::now();
    loop {
        let written = db.scalar("SELECT COUNT(*) FROM records").await;
        let complete = db
            .scalar("SELECT COUNT(*) FROM sources WHERE status = 'complete'")
            .await;
        assert_eq!(
            complete, 0,
            "the import finished before it could be killed: make the file larger"
        );
        if written > 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the import wrote nothing"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM sources WHERE status = 'importing'")
            .await,
        1
    );
    let visible = faro(dir.path())
        .args(db.cli_args())
        .args(["aggregate", "--by", "source", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&visible.stdout),
        "source,count\n",
        "nothing of a killed import is visible"
    );
    // A recent import may still be running: it is left alone. An old one is removed.
    let cleanup = || {
        let mut c = faro(dir.path());
        c.args(db.cli_args()).args([
            "admin",
            "source",
            "remove-abandoned",
            "--older-than-hours",
            "1",
        ]);
        c
    };
    cleanup()
        .assert()
        .code(0)
        .stdout(predicates::prelude::predicate::str::contains(
            "removed 0 abandoned imports",
        ));
    db.execute("UPDATE sources SET started_at = started_at - 7200 WHERE status = 'importing'")
        .await;
    cleanup()
        .assert()
        .code(0)
        .stdout(predicates::prelude::predicate::str::contains(
            "removed 1 abandoned imports",
        ));
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM records").await,
        0,
        "its rows are gone"
    );
    faro(dir.path())
        .args(db.cli_args())
        .args(["import", "ctdc", "big.csv"])
        .assert()
        .code(0);
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM records").await,
        rows,
        "every good row exactly once"
    );
    assert_eq!(db.scalar("SELECT COUNT(*) FROM sources").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_import_on_sqlite() {
    a_killed_import_leaves_nothing_visible_and_the_next_import_completes_it(TestDb::sqlite().await)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_import_on_postgres() {
    a_killed_import_leaves_nothing_visible_and_the_next_import_completes_it(
        TestDb::postgres().await,
    )
    .await
}

/// The OpenAPI document says what the server accepts: schemathesis (installed by
/// `scripts/test-setup.sh`) runs every phase, the stateful one included, and every check
/// against `faro serve`, and finds nothing.
#[test]
fn schemathesis_finds_no_difference_between_the_document_and_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let (child, addr, token) = start_demo(dir.path());
    let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemathesis.toml");
    let out = std::process::Command::new("schemathesis")
        .arg("--config-file")
        .arg(&config)
        .args(["run", &format!("http://{addr}/api/v1/openapi.json")])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .args(["--checks", "all", "--max-examples", "25", "--workers", "1"])
        .args(["--phases", "examples,coverage,fuzzing,stateful"])
        .args(["--seed", "20261130"])
        .env("NO_COLOR", "1")
        .output()
        .expect("schemathesis runs (run `bash scripts/test-setup.sh` to install it)");
    let report = String::from_utf8_lossy(&out.stdout);
    let (code, _) = stop(child);
    assert_eq!(code, 0);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("No issues found"), "{report}");
}
