//! Report intake survives `kill -9`: a server killed while reports arrive restarts, and every
//! receipt its clients were given opens its report (a receipt is shown only after a durable
//! commit).

use faro_testkit::TestDb;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `faro serve` on a free port over `db`; the process and its address.
fn serve(db: &TestDb) -> (Child, String) {
    serve_with(db, &[])
}

/// [`serve`] with global options before the command (`--config FILE`).
pub fn serve_with(db: &TestDb, global: &[&std::ffi::OsStr]) -> (Child, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("faro"))
        .args(global)
        .args(db.cli_args())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("FARO_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, super::process::serving_at(&line))
}

/// One raw HTTP exchange; `None` when the server is gone.
fn exchange(addr: &str, request: &str) -> Option<String> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply).ok()?;
    Some(reply)
}

/// Sends one report; its receipt code if one was given.
fn report(addr: &str, token: &str, n: u64) -> Option<String> {
    let boundary = "crash-boundary";
    let nonce = format!("{:032x}", u128::from(n) * 7919 + 1);
    let mut body = String::new();
    for (k, v) in [
        ("csrf", token),
        ("nonce", &nonce),
        ("what", &format!("report {n} before the crash")),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let reply = exchange(
        addr,
        &format!(
            "POST /report HTTP/1.1\r\nHost: {addr}\r\nCookie: faro_form={token}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )?;
    let at = reply.find("id=\"receipt\">")? + 13;
    Some(reply[at..at + 19].to_string())
}

async fn every_receipt_survives_a_kill_during_intake(db: TestDb) {
    let (mut server, addr) = serve(&db);
    let form = exchange(
        &addr,
        &format!("GET /report?danger=no HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .unwrap();
    let start = form.find("set-cookie: faro_form=").unwrap() + 22;
    let token = form[start..start + 64].to_string();
    let receipts = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..6u64)
        .map(|c| {
            let (addr, token, receipts) = (addr.clone(), token.clone(), receipts.clone());
            std::thread::spawn(move || {
                for n in 0.. {
                    match report(&addr, &token, c * 1_000_000 + n) {
                        Some(code) => receipts.lock().unwrap().push(code),
                        None if TcpStream::connect(&addr).is_err() => break,
                        None => {}
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while receipts.lock().unwrap().len() < 20 && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::process::Command::new("kill")
        .args(["-KILL", &server.id().to_string()])
        .status()
        .unwrap();
    server.wait().unwrap();
    for c in clients {
        c.join().unwrap();
    }
    let given = receipts.lock().unwrap().clone();
    assert!(
        given.len() >= 20,
        "the load did not run: {} receipts",
        given.len()
    );
    // Restarted, the server opens every report whose receipt was given.
    let (mut again, addr) = serve(&db);
    let code = &given[given.len() - 1];
    let follow = exchange(
        &addr,
        "GET /report/follow-up HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let start = follow.find("set-cookie: faro_form=").unwrap() + 22;
    let token = &follow[start..start + 64];
    let body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--b\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\n{code}\r\n--b--\r\n"
    );
    let opened = exchange(
        &addr,
        &format!("POST /report/follow-up HTTP/1.1\r\nHost: x\r\nCookie: faro_form={token}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()),
    )
    .unwrap();
    assert!(opened.starts_with("HTTP/1.1 200"), "{opened}");
    std::process::Command::new("kill")
        .args(["-TERM", &again.id().to_string()])
        .status()
        .unwrap();
    again.wait().unwrap();
    let store = db.open_another().await;
    let mut missing = Vec::new();
    for code in &given {
        let parsed = faro_domain::report::ReceiptCode::parse(code).unwrap();
        if store.report_id_by_receipt(&parsed).await.unwrap().is_none() {
            missing.push(code.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} receipts open nothing",
        missing.len(),
        given.len()
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_receipt_survives_a_kill_during_intake_on_sqlite() {
    every_receipt_survives_a_kill_during_intake(TestDb::sqlite().await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_receipt_survives_a_kill_during_intake_on_postgres() {
    every_receipt_survives_a_kill_during_intake(TestDb::postgres().await).await
}
