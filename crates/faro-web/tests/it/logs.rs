//! What the server logs: the route template and the status, never the values a caller sent.

use super::app::TestApp;
use faro_testkit::TestDb;
use std::sync::{Arc, Mutex};
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn request_logs_name_the_route_and_status_but_no_values() {
    let captured = Captured::default();
    let sink = captured.clone();
    let _guard = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .set_default();
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(8, 50)
        .await;
    app.get("/api/v1/records?citizenship=NA&gender=female&limit=7")
        .await;
    app.get("/api/v1/records/424242").await;
    app.get("/api/v1/aggregate?by=gender&exploitation_country=KH")
        .await;
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("route=/api/v1/records/{id}") && logs.contains("status=404"),
        "{logs}"
    );
    assert!(logs.contains("route=/api/v1/aggregate"), "{logs}");
    for secret in [
        "citizenship=NA",
        "KH",
        "424242",
        "female",
        "limit=7",
        "127.0.0.1",
    ] {
        assert!(!logs.contains(secret), "the log holds `{secret}`:\n{logs}");
    }
}
