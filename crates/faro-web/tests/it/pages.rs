//! The home page and the page plumbing: what is loaded, in every language, language
//! negotiation and the menu, hashed assets, strict security headers.

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
        faro_domain::Role::Analyst,
        "a long pass phrase",
    )
    .await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&email, "a long pass phrase", "").await;
    let en = browser.get("/").await;
    assert!(en.body.contains("<html lang=\"en\">"));
    assert!(
        en.body
            .contains("<strong id=\"record-count\">42</strong> records"),
        "{}",
        en.body
    );
    assert!(
        !en.body.contains("generated 5"),
        "source names are not on the page"
    );
    assert_eq!(
        en.headers["cache-control"], "no-store",
        "a signed-in page is never cached"
    );
    assert!(
        anonymous.headers.get("cache-control").is_none(),
        "the public home page may be"
    );
    let es = browser.get("/?lang=es").await;
    assert!(es.body.contains("<html lang=\"es\">") && es.body.contains("registros"));
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

/// The `href` of the first `<link rel="stylesheet">` of a page.
fn stylesheet_of(body: &str) -> &str {
    let needle = "rel=\"stylesheet\" href=\"";
    let at = body.find(needle).expect("a stylesheet") + needle.len();
    &body[at..at + body[at..].find('"').expect("closed")]
}

#[tokio::test]
async fn french_is_a_language_like_the_others_chosen_by_q_values_or_the_menu() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let by_q = app
        .send(
            Request::get("/sign-in")
                .header("accept-language", "en;q=0.1, de, fr-HT;q=0.8")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(by_q.headers["content-language"], "fr");
    assert!(by_q.body.contains("<html lang=\"fr\">") && by_q.body.contains("Se connecter"));
    for (code, name) in [("en", "English"), ("es", "Español"), ("fr", "Français")] {
        let link = format!("href=\"/sign-in?lang={code}\" hreflang=\"{code}\" lang=\"{code}\"");
        assert!(
            by_q.body.contains(&link) && by_q.body.contains(&format!(">{name}</a>")),
            "the menu offers {name}: {}",
            by_q.body
        );
    }
    // The menu keeps the rest of the query (a set-password link keeps its token), and an error
    // page speaks the visitor's language.
    let link = app.anonymous("/set-password?token=nope&lang=fr").await;
    assert_eq!(link.status, 404);
    assert!(
        link.body.contains("Ce lien n’est pas valide"),
        "{}",
        link.body
    );
    assert!(
        link.body
            .contains("href=\"/set-password?token=nope&#38;lang=es\""),
        "{}",
        link.body
    );
    let unknown = app.anonymous("/sign-in?lang=xx").await;
    assert_eq!(
        unknown.status, 200,
        "an unknown language is ignored, not an error"
    );
}

#[tokio::test]
async fn assets_are_served_under_content_hashed_names_cached_for_a_year() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let page = app.anonymous("/").await;
    let href = stylesheet_of(&page.body).to_string();
    assert!(
        href.starts_with("/assets/faro.") && href.ends_with(".css") && href.len() > 20,
        "{href}"
    );
    let css = app.get(&href).await;
    assert_eq!(css.status, 200);
    assert_eq!(
        css.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(css.body.contains("--brand"));
    let plain = app.get("/assets/faro.css").await;
    assert_eq!(plain.headers["cache-control"], "public, max-age=300");
    assert_eq!(plain.body, css.body);
    for missing in [
        "/assets/nothing.css",
        "/assets/../Cargo.toml",
        "/assets/faro.00000000.css",
    ] {
        assert_eq!(app.get(missing).await.status, 404, "{missing}");
    }
    let icon = app.get("/favicon.ico").await;
    assert_eq!(icon.headers["content-type"], "image/svg+xml");
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

#[tokio::test]
async fn every_page_answers_with_its_routes_policy_and_the_api_with_the_strict_one() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let mut checked = 0;
    for route in faro_web::page_table() {
        if route.method != "GET" || route.path.contains('{') {
            continue;
        }
        let reply = app.anonymous(route.path).await;
        assert_eq!(
            reply.headers["content-security-policy"].to_str().unwrap(),
            route.csp(),
            "{}",
            route.path
        );
        checked += 1;
    }
    assert!(checked >= 6, "{checked}");
    let api = app.get("/api/v1/vocabularies").await;
    assert_eq!(api.headers["content-security-policy"], faro_web::STRICT_CSP);
    let missing = app.anonymous("/no/such/page").await;
    assert_eq!(
        missing.headers["content-security-policy"],
        faro_web::STRICT_CSP
    );
}

/// A mistyped address answers a page in the visitor's language, with the way out and the
/// links a reporter needs, kept by no cache; the API and the gateways keep their JSON.
#[tokio::test]
async fn a_mistyped_address_answers_a_page_in_the_visitors_language() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    for (uri, accept, lang, title) in [
        ("/reporte", "es-ES,es;q=0.9", "es", "Página no encontrada"),
        ("/rapport?lang=fr", "en", "fr", "Page introuvable"),
        ("/inbox/nothing/here", "en-GB", "en", "Page not found"),
    ] {
        let mut b = Browser::new(&app);
        let page = b
            .send(
                Request::get(uri).header("accept-language", accept),
                Body::empty(),
            )
            .await;
        assert_eq!(page.status, 404, "{uri}");
        assert_eq!(page.headers["content-language"], lang, "{uri}");
        assert_eq!(page.headers["cache-control"], "no-store");
        assert!(
            page.body.contains(&format!("<h1>{title}</h1>")),
            "{}",
            page.body
        );
        assert!(page.body.contains("id=\"exit\""), "the way out is there");
        assert!(page.body.contains(&format!("href=\"/report?lang={lang}\"")));
        assert!(b.cookies.is_empty(), "no cookie set: {:?}", b.cookies);
    }
    let api = app.anonymous("/api/v1/nothing").await;
    assert_eq!(api.status, 404);
    assert!(api.body.starts_with('{'), "{}", api.body);
}

/// Styles, scripts and the API's JSON are sent gzipped to a browser that asks; pages never
/// are (a compressed page's length could betray its tokens beside reflected input).
#[tokio::test]
async fn assets_and_json_are_compressed_and_pages_are_not() {
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(3, 200)
        .await;
    let gzipped = |uri: &str, token: Option<&str>| {
        let mut r = Request::get(uri).header("accept-encoding", "gzip, br");
        if let Some(t) = token {
            r = r.header("authorization", format!("Bearer {t}"));
        }
        r.body(Body::empty()).unwrap()
    };
    let page = app.send(gzipped("/report", None)).await;
    assert_eq!(page.status, 200);
    assert!(!page.headers.contains_key("content-encoding"), "a page");
    let href = stylesheet_of(&page.body).to_string();
    let css = app.send(gzipped(&href, None)).await;
    assert_eq!(css.headers["content-encoding"], "gzip");
    let records = app
        .send(gzipped("/api/v1/records?limit=50", Some(&app.admin_token)))
        .await;
    assert_eq!(records.headers["content-encoding"], "gzip");
    let plain = app.get(&href).await;
    assert!(
        !plain.headers.contains_key("content-encoding"),
        "only when asked"
    );
}
