//! Background jobs shared by `faro serve` processes on one PostgreSQL: a web-only process
//! (`[jobs] run_at_once = 0`) takes an upload and shows its job while another process runs
//! it; a job is cancelled from the process that does not run it; and when the process running
//! a job is killed, a new one fails the job and removes its half-imported rows.

use super::cli::faro;
use super::process::http;
use faro_testkit::TestDb;
use std::process::Child;
use std::time::{Duration, Instant};

const PASSWORD: &str = "a long pass phrase";
const BOUNDARY: &str = "faro-jobs-boundary";

/// A server that is killed when the test ends, whether it passes or panics.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `faro serve` with the settings `toml` on the test database.
fn serve(db: &TestDb, dir: &std::path::Path, name: &str, toml: &str) -> (Server, String) {
    let config = dir.join(format!("{name}.toml"));
    std::fs::write(&config, toml).unwrap();
    let (child, addr) = super::crash::serve_with(db, &["--config".as_ref(), config.as_os_str()]);
    (Server(child), addr)
}

fn csrf(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// A signed-in analyst's session cookie header.
fn sign_in(addr: &str, email: &str) -> String {
    let session = super::process::sign_in(addr, email, PASSWORD);
    format!("Cookie: faro_session={session}\r\n")
}

/// Uploads `file` through the Data page's form; the job page's path.
fn upload(addr: &str, session: &str, name: &str, file: &[u8]) -> String {
    let page = http(addr, "GET", "/sources", session, b"");
    let token = csrf(&page);
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"layout\"\r\n\r\nauto\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let headers = format!("{session}Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n");
    let reply = http(addr, "POST", "/sources/import", &headers, &body);
    assert!(reply.starts_with("HTTP/1.1 303"), "{reply}");
    let at = reply.find("location: ").unwrap() + 10;
    reply[at..at + reply[at..].find('\r').unwrap()].to_string()
}

/// Reads a job's page until `done` holds of it.
fn wait_for(addr: &str, session: &str, job: &str, done: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let page = http(addr, "GET", job, session, b"");
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        if done(&page) {
            return page;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the job at {job} never got there:\n{page}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn ended(page: &str) -> bool {
    !page.contains("http-equiv=\"refresh\"")
}

fn running(page: &str) -> bool {
    page.contains("<progress") && !page.contains("value=\"0\"")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_on_one_postgres_share_show_cancel_and_recover_jobs() {
    let db = TestDb::postgres().await;
    let dir = tempfile::tempdir().unwrap();
    faro(dir.path())
        .args(["generate", "--rows", "300000", "-o", "big.csv"])
        .assert()
        .code(0);
    let big = std::fs::read(dir.path().join("big.csv")).unwrap();
    let store = db.store();
    let instance = faro_domain::AccessContext::instance();
    let email = "analyst@test.invalid";
    store
        .create_user(
            &instance,
            faro_store::DEFAULT_ORGANISATION,
            &faro_testkit::email(email),
            faro_domain::Role::Analyst,
        )
        .await
        .unwrap();
    let link = store.password_link(&instance, email).await.unwrap();
    store
        .set_password(&link, &faro_testkit::password(PASSWORD))
        .await
        .unwrap();

    let settings = "[jobs]\nlease_seconds = 5\n";
    let (web, web_addr) = serve(
        &db,
        dir.path(),
        "web",
        "[import]\nupload_max_megabytes = 256\n[jobs]\nrun_at_once = 0\n",
    );
    let (worker, _) = serve(&db, dir.path(), "worker", settings);
    let session = sign_in(&web_addr, email);

    // Taken by the web process, run by the worker, shown by the web process.
    let small = b"yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation\n\
        2016,Female,18--20,UA,RU\n2017,Male,,PH,MY\n2018,xx,,NG,IT\n";
    let job = upload(&web_addr, &session, "small.csv", small);
    let page = wait_for(&web_addr, &session, &job, ended);
    assert!(
        page.contains("3 rows read, 2 imported, 1 rejected"),
        "{page}"
    );
    let errors = http(
        &web_addr,
        "GET",
        &format!("{job}/errors.csv"),
        &session,
        b"",
    );
    assert!(errors.contains("small.csv,4,gender,xx"), "{errors}");
    let records = || async { db.scalar("SELECT COUNT(*) FROM records").await };
    assert_eq!(records().await, 2);

    // Cancelled from the web process while the worker runs it: nothing of it is kept.
    let job = upload(&web_addr, &session, "big.csv", &big);
    let page = wait_for(&web_addr, &session, &job, running);
    let cancel = http(
        &web_addr,
        "POST",
        &format!("{job}/cancel"),
        &format!("{session}Content-Type: application/x-www-form-urlencoded\r\n"),
        format!("csrf={}", csrf(&page)).as_bytes(),
    );
    assert!(cancel.starts_with("HTTP/1.1 303"), "{cancel}");
    let page = wait_for(&web_addr, &session, &job, ended);
    assert!(page.contains("Cancelled."), "{page}");
    assert_eq!(records().await, 2, "a cancelled import leaves no row");

    // The worker dies mid-import: a new process fails the job and removes its rows.
    let job = upload(&web_addr, &session, "big.csv", &big);
    wait_for(&web_addr, &session, &job, running);
    let written = Instant::now();
    while records().await == 2 {
        assert!(
            written.elapsed() < Duration::from_secs(60),
            "no row written"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(worker);
    let (rescuer, _) = serve(&db, dir.path(), "rescuer", settings);
    let page = wait_for(&web_addr, &session, &job, ended);
    assert!(
        page.contains("The server running this work stopped before it ended"),
        "{page}"
    );
    assert_eq!(records().await, 2, "the killed import's rows are removed");
    let importing = "SELECT COUNT(*) FROM sources WHERE status = 'importing'";
    assert_eq!(db.scalar(importing).await, 0);
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM job_chunks WHERE part = 'upload'")
            .await,
        0,
        "no upload is left behind"
    );
    drop((rescuer, web));
}
