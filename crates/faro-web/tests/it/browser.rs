//! Pages in a real headless browser (Debian's chromium, driven by playwright-core from `e2e/`),
//! against the real server on a free port. `scripts/test-setup.sh` installs both.

use super::app::{TestApp, person};
use faro_testkit::TestDb;
use std::path::Path;
use std::process::Command;

const PASSWORD: &str = "a long pass phrase";

/// Serves `app`'s database on a free port, runs `e2e/<script>` with the URL, `args` and a
/// screenshot folder, and fails with the script's own report; copies the screenshots to
/// `FARO_SCREENSHOTS` when set.
async fn run_in_browser(app: &TestApp, script: &str, args: &[&str], shots: &[&str]) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let state = faro_web::AppState::new(app.db.store().clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(faro_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e");
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("node")
        .arg(e2e.join(script))
        .arg(&url)
        .args(args)
        .arg(dir.path())
        .current_dir(&e2e)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run node ({e}): run `bash scripts/test-setup.sh` first")
        });
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    assert!(
        out.status.success(),
        "browser check failed (if playwright-core or chromium is missing, run `bash scripts/test-setup.sh`):\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for name in shots {
        assert!(dir.path().join(name).exists(), "no screenshot {name}");
        if let Ok(to) = std::env::var("FARO_SCREENSHOTS") {
            std::fs::copy(dir.path().join(name), Path::new(&to).join(name)).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_and_the_home_page_work_in_a_real_browser_in_both_languages_with_and_without_javascript()
 {
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(6, 321)
        .await;
    let email = person(
        app.db.store(),
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Analyst,
        PASSWORD,
    )
    .await;
    run_in_browser(
        &app,
        "home.mjs",
        &[&email, PASSWORD, "321"],
        &[
            "home-en.png",
            "home-fr.png",
            "home-es.png",
            "menu-es.png",
            "account-es.png",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_a_user_and_reads_the_audit_log_in_a_real_browser() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let email = person(
        app.db.store(),
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Admin,
        PASSWORD,
    )
    .await;
    run_in_browser(
        &app,
        "admin.mjs",
        &[&email, PASSWORD],
        &["admin-en.png", "audit-en.png"],
    )
    .await;
    let created = app
        .db
        .store()
        .user("new-with-js@test.invalid")
        .await
        .unwrap();
    assert_eq!(created.role, faro_domain::Role::Operator);
    app.db
        .store()
        .user("new-without-js@test.invalid")
        .await
        .unwrap();
}
