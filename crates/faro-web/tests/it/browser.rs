//! Signing in and the home page in a real headless browser (Debian's chromium, driven by playwright-core from
//! `e2e/`), against the real server on a free port. `scripts/test-setup.sh` installs both.

use super::app::{TestApp, person};
use faro_testkit::TestDb;
use std::path::Path;
use std::process::Command;

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
        faro_domain::Role::Viewer,
        "a long pass phrase",
    )
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let state = faro_web::AppState::new(app.db.store().clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(faro_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e");
    let shots = tempfile::tempdir().unwrap();
    let out = Command::new("node")
        .arg(e2e.join("home.mjs"))
        .args([url.as_str(), email.as_str(), "a long pass phrase", "321"])
        .arg(shots.path())
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
    if let Ok(dir) = std::env::var("FARO_SCREENSHOTS") {
        for name in ["home-en.png", "home-es.png", "account-es.png"] {
            std::fs::copy(shots.path().join(name), Path::new(&dir).join(name)).unwrap();
        }
    }
    assert!(shots.path().join("home-es.png").exists());
}
