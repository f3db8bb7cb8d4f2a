//! A test application: the real router over a real database, called in-process.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use faro_testkit::TestDb;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestApp {
    pub db: TestDb,
    router: axum::Router,
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
        TestApp { db, router }
    }

    /// Imports `n` generated records as one source and returns its id.
    pub async fn with_records(self, seed: u64, n: usize) -> (TestApp, i64) {
        let id = faro_testkit::import_generated(self.db.store(), seed, n).await;
        (self, id)
    }

    pub async fn get(&self, uri: &str) -> Reply {
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
