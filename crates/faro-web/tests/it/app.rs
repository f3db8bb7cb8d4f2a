//! A test application: the real router over a real database, called in-process.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use faro_testkit::TestDb;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestApp {
    pub db: TestDb,
    router: axum::Router,
    /// An admin token of the default organisation, sent by [`TestApp::get`].
    pub admin_token: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Asserts a JSON error with this status and code, and returns it.
    pub fn error(&self, status: u16, code: &str) -> serde_json::Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        let v = self.json();
        assert_eq!(v["error"]["code"], code, "{}", self.body);
        assert!(
            v["error"]["message"].as_str().is_some_and(|m| m.len() > 10),
            "{}",
            self.body
        );
        v
    }
}

impl TestApp {
    pub async fn new(db: TestDb) -> TestApp {
        let router = faro_web::router(faro_web::AppState::new(db.store().clone()));
        let admin_token = token(
            db.store(),
            faro_store::DEFAULT_ORGANISATION,
            faro_domain::Role::Admin,
        )
        .await;
        TestApp {
            db,
            router,
            admin_token,
        }
    }

    /// Imports `n` generated records as one source and returns its id.
    pub async fn with_records(self, seed: u64, n: usize) -> (TestApp, i64) {
        let id = faro_testkit::import_generated(self.db.store(), seed, n).await;
        (self, id)
    }

    /// GET as the default organisation's admin.
    pub async fn get(&self, uri: &str) -> Reply {
        self.get_as(&self.admin_token, uri).await
    }

    pub async fn get_as(&self, token: &str, uri: &str) -> Reply {
        let request = Request::get(uri).header("authorization", format!("Bearer {token}"));
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn anonymous(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

/// A fresh user of `org` in `role` and a one-day token of theirs.
pub async fn token(
    store: &faro_store::Store,
    org: faro_domain::OrganisationId,
    role: faro_domain::Role,
) -> String {
    let n = rand_suffix();
    let user = store
        .create_user(
            &faro_domain::AccessContext::instance(),
            org,
            &format!("{n}@test.invalid"),
            role,
        )
        .await
        .unwrap();
    store
        .create_token(
            &faro_domain::AccessContext::instance(),
            &user,
            None,
            "test",
            86_400,
        )
        .await
        .unwrap()
        .secret
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "user{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
