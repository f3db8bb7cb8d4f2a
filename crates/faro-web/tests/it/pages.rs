//! The home page: what is loaded, in English or Spanish, with strict security headers.

use super::app::{Browser, TestApp, person};
use axum::body::Body;
use axum::http::Request;
use faro_testkit::TestDb;

#[tokio::test]
async fn the_home_page_says_what_is_loaded_in_both_languages() {
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(5, 42)
        .await;
    let anonymous = app.anonymous("/").await;
    assert_eq!(anonymous.status, 200);
    assert!(
        !anonymous.body.contains("record-count") && anonymous.body.contains("href=\"/sign-in\""),
        "the public home page shows nothing of the data: {}",
        anonymous.body
    );
    let store = app.db.store().clone();
    let email = person(
        &store,
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Viewer,
        "a long pass phrase",
    )
    .await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&email, "a long pass phrase", "").await;
    let en = browser.get("/").await;
    assert!(en.body.contains("<html lang=\"en\">"));
    assert!(
        en.body
            .contains("<strong id=\"record-count\">42</strong> case records"),
        "{}",
        en.body
    );
    assert!(
        !en.body.contains("generated 5"),
        "source names are not on the page"
    );
    let es = browser.get("/?lang=es").await;
    assert!(es.body.contains("<html lang=\"es\">") && es.body.contains("registros de casos"));
    let remembered = browser.get("/account").await;
    assert!(
        remembered.body.contains("<html lang=\"es\">"),
        "the choice is remembered"
    );
    let by_header = app
        .send(
            Request::get("/")
                .header("accept-language", "es-MX,es;q=0.9")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(by_header.headers["content-language"], "es");
    let csp = en.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(en.headers["referrer-policy"], "no-referrer");
    assert!(
        !en.body.contains("http://") && !en.body.contains("https://"),
        "no other host is referenced"
    );
    let css = app.get("/assets/faro.css").await;
    assert!(
        css.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn an_empty_database_shows_zero_and_where_tokens_come_from() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let email = person(
        app.db.store(),
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Analyst,
        "a long pass phrase",
    )
    .await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&email, "a long pass phrase", "").await;
    let page = browser.get("/").await;
    assert!(
        page.body.contains("<strong id=\"record-count\">0</strong>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("account page"));
}

#[tokio::test]
async fn hsts_is_sent_only_behind_https_and_oversized_bodies_are_refused() {
    let db = TestDb::sqlite().await;
    let plain = faro_web::router(faro_web::AppState::new(db.store().clone()));
    let tls = faro_web::router(
        faro_web::AppState::new(db.store().clone()).with_public_url("https://faro.example.org"),
    );
    let get = || Request::get("/healthz").body(Body::empty()).unwrap();
    use tower::ServiceExt;
    let r = plain.clone().oneshot(get()).await.unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
    let r = tls.oneshot(get()).await.unwrap();
    assert_eq!(
        r.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let huge = Request::post("/api/v1/records")
        .header("content-length", (2 << 20).to_string())
        .body(Body::from(vec![b'x'; 2 << 20]))
        .unwrap();
    assert_eq!(plain.oneshot(huge).await.unwrap().status(), 413);
}
