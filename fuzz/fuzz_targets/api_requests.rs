//! Any text as the query string of the API's list and aggregate routes, and as the JSON body of
//! a note, sent through the real router over a real SQLite store: an answer below 500 (or 503),
//! never a panic.
#![no_main]

use axum::body::Body;
use axum::http::Request;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tower::ServiceExt;

struct App {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    token: String,
    _dir: tempfile::TempDir,
}

fn app() -> &'static App {
    static APP: OnceLock<App> = OnceLock::new();
    APP.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let dir = tempfile::tempdir().expect("temp dir");
        let (router, token) = runtime.block_on(async {
            let location = faro_store::Location::Sqlite(dir.path().join("faro.db"));
            let key = faro_store::DataKey::generate().expect("key");
            let store = faro_store::Store::open(&location).await.expect("open").unlock(&key).await.expect("unlock");
            let ctx = faro_domain::AccessContext::instance();
            let email = faro_domain::Email::parse("fuzz@test.invalid").expect("email");
            let user = store
                .create_user(&ctx, faro_store::DEFAULT_ORGANISATION, &email, faro_domain::Role::Admin)
                .await
                .expect("user");
            let name = faro_domain::TokenName::parse("fuzz").expect("name");
            let token = store.create_token(&ctx, &user, None, &name, 86_400).await.expect("token");
            let state = faro_web::AppState::new(store).with_privacy(faro_privacy_defaults());
            (faro_web::router(state), token.secret)
        });
        App { runtime, router, token, _dir: dir }
    })
}

fn faro_privacy_defaults() -> faro_privacy::Policy {
    faro_privacy::Policy { daily_queries: u32::MAX, ..faro_privacy::Policy::default() }
}

fuzz_target!(|text: &str| {
    let app = app();
    let query: String = text.chars().filter(|c| !c.is_control() && *c != ' ' && *c != '#').collect();
    let requests = [
        Request::get(format!("/api/v1/aggregate?{query}")).body(Body::empty()),
        Request::get(format!("/api/v1/records?{query}")).body(Body::empty()),
        Request::post("/api/v1/records/1/notes")
            .header("content-type", "application/json")
            .body(Body::from(text.to_string())),
    ];
    for request in requests {
        let Ok(mut request) = request else { continue };
        request.headers_mut().insert(
            "authorization",
            format!("Bearer {}", app.token).parse().expect("header"),
        );
        let status = app
            .runtime
            .block_on(app.router.clone().oneshot(request))
            .expect("infallible")
            .status();
        assert!(status.as_u16() < 500 || status.as_u16() == 503, "{status} for {text:?}");
    }
});
