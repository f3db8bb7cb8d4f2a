//! What the server logs: the route template and the status, never the values a caller sent.
//! One scenario drives every API and page route (from their tables), signs in with a password
//! and a second factor, fails, is throttled, and then the captured log is searched for every
//! secret and personal value that passed through.

use super::app::{Browser, TestApp, person};
use super::case_fixtures;
use faro_testkit::TestDb;
use std::sync::{Arc, Mutex};
use tracing_subscriber::util::SubscriberInitExt;

/// What the logger wrote, kept for searching.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures everything logged on this thread at any level until the guard drops,
/// without timestamps: their microseconds are digits that can spell a secret
/// such as the peer's port by chance (`41.750123Z` holds `50123`).
pub fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let sink = captured.clone();
    let guard = tracing_subscriber::fmt()
        .without_time()
        .with_writer(move || sink.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .set_default();
    (captured, guard)
}

const PASSWORD: &str = "purple elephant wanders";

/// A route's path with its ids filled in: reports' for report routes, else the record's.
fn with_ids(path: &str, record: i64, report: i64, photo: i64) -> String {
    let id = if path.starts_with("/reports") || path.starts_with("/inbox") {
        report.to_string()
    } else if path.starts_with("/directory") || path.starts_with("/hsds") {
        ENTRY.to_string()
    } else {
        record.to_string()
    };
    path.replace("{id}", &id)
        .replace("{attachment}", &photo.to_string())
        .replace("{photo}", &photo.to_string())
}
const NOTE: &str = "Lives above the bakery on Calle Ocho";
/// A directory entry whose shelter is confidential, and the shelter's street.
const ENTRY: &str = "00000000-0000-4000-8000-000000000042";
const SHELTER_STREET: &str = "Calle del Refugio Oculto 3";

/// The entry, public, offered at a confidential shelter.
async fn directory_entry(store: &faro_store::Store) {
    let entry = faro_hsds::from_service(serde_json::json!({
        "id": ENTRY, "name": "Casa Abierta", "status": "active",
        "organization": {"id": "00000000-0000-4000-8000-000000000043", "name": "Red", "description": "A network"},
        "service_at_locations": [{"id": "00000000-0000-4000-8000-000000000044", "location": {
            "id": "00000000-0000-4000-8000-000000000045", "location_type": "physical",
            "addresses": [{"id": "00000000-0000-4000-8000-000000000046", "address_1": SHELTER_STREET,
                "city": "Madrid", "state_province": "Madrid", "postal_code": "28001", "country": "ES",
                "address_type": "physical"}],
            "attributes": [{"id": "00000000-0000-4000-8000-000000000047", "taxonomy_term": {
                "id": "00000000-0000-4000-8000-000000000048", "code": "confidential", "name": "confidential",
                "description": "confidential", "taxonomy": "faro-audience"}}]}}]
    }))
    .unwrap();
    let options = faro_store::DirectoryImportOptions {
        audience: faro_domain::directory::Audience::Public,
        mark_vanished: false,
    };
    store
        .import_directory(
            &faro_domain::AccessContext::instance(),
            faro_store::DEFAULT_ORGANISATION,
            &[entry],
            options,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_full_run_of_every_route_logs_no_secret_and_no_personal_data() {
    let (captured, _guard) = capture();
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(8, 50)
        .await;
    let store = app.db.store().clone();
    let email = person(
        &store,
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Admin,
        PASSWORD,
    )
    .await;
    let mut b = Browser::new(&app);
    b.peer = Some("198.51.100.77:50123".parse().unwrap());
    b.sign_in(&email, "wrong horse battery", "").await;
    for _ in 0..=faro_web::ACCOUNT_LIMIT {
        b.sign_in("victim.name@test.invalid", "guessed password", "")
            .await;
    }
    assert_eq!(b.sign_in(&email, PASSWORD, "").await.status, 303);
    let mut secrets = vec![
        email.clone(),
        PASSWORD.to_string(),
        "wrong horse battery".into(),
        "victim.name".into(),
        "guessed password".into(),
        NOTE.into(),
        "198.51.100.77".into(),
        "50123".into(),
        b.cookies["faro_session"].clone(),
        b.csrf.clone(),
        app.admin_token.clone(),
    ];
    // Every API route, with values in the query and the path.
    let id = app.get("/api/v1/records?limit=1").await.json()["records"][0]["id"]
        .as_i64()
        .unwrap();
    let (report, photo) = super::reports::report_with_photo(&store, NOTE).await;
    let work = case_fixtures::casework(&store, faro_store::DEFAULT_ORGANISATION).await;
    let me = store.user(&email).await.unwrap().id;
    secrets.push(case_fixtures::CASE_NAME.into());
    directory_entry(&store).await;
    secrets.push(SHELTER_STREET.into());
    for route in faro_web::route_table() {
        let mut uri = format!("/api/v1{}", with_ids(route.path, id, report, photo));
        let mut case = None;
        if route.path.starts_with("/cases/{id}") || route.path.starts_with("/referrals") {
            let mut fresh = case_fixtures::fresh_case(&store, &work, Some(me)).await;
            if route.path.ends_with("/decision") {
                fresh = case_fixtures::waiting(&store, &work, fresh).await;
            }
            uri = format!("/api/v1{}", fresh.uri(route.path, route.method));
            case = Some(fresh);
        }
        let reply = if route.method == "POST" {
            let csrf = b.csrf.clone();
            let body = match case {
                Some(case) => case_fixtures::body_for(route.path, case).0,
                None if route.path == "/cases" => {
                    case_fixtures::body_for(route.path, case_fixtures::Case::default()).0
                }
                None => format!(r#"{{"text":"{NOTE}"}}"#),
            };
            b.send(
                axum::http::Request::post(uri)
                    .header("content-type", "application/json")
                    .header("x-csrf-token", csrf),
                axum::body::Body::from(body),
            )
            .await
        } else if route.method == "PUT" {
            let csrf = b.csrf.clone();
            b.send(
                axum::http::Request::put(uri)
                    .header("content-type", "image/jpeg")
                    .header("x-csrf-token", csrf),
                axum::body::Body::from(case_fixtures::scan_picture()),
            )
            .await
        } else if route.path == "/records" {
            b.get(&format!("{uri}?citizenship=NA&gender=female&limit=7"))
                .await
        } else if route.path == "/aggregate" {
            b.get(&format!("{uri}?by=gender&exploitation_country=KH"))
                .await
        } else {
            b.get(&uri).await
        };
        // A package route answers its refusal here: the test has no package to give it.
        let refused = match route.method {
            "POST" => case.map(|c| case_fixtures::body_for(route.path, c).1),
            "GET" => Some(case_fixtures::get_status(route.path)),
            _ => None,
        };
        assert!(
            reply.status.as_u16() < 300 || refused == Some(reply.status.as_u16()),
            "{} {}: {}",
            route.method,
            route.path,
            reply.body
        );
    }
    app.get("/api/v1/records/424242").await;
    // Every page route, signed in, with the form values a person would send.
    let csrf = b.csrf.clone();
    let token = b
        .post(
            "/account/tokens",
            &[
                ("csrf", &csrf),
                ("name", "Maria's laptop"),
                ("role", "viewer"),
                ("days", "9"),
            ],
        )
        .await;
    secrets.push(token.text_of("new-token"));
    secrets.push("Maria's laptop".into());
    let created = b
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("email", "new.colleague@test.invalid"),
                ("role", "operator"),
            ],
        )
        .await;
    let link = created
        .body
        .split("token=")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    secrets.push(link.clone());
    secrets.push("new.colleague".into());
    let setup = b.post("/account/two-factor", &[("csrf", &csrf)]).await;
    let totp = setup.text_of("totp-secret");
    secrets.push(totp);
    for route in faro_web::page_table() {
        if route.method == "GET" {
            let uri = if route.path == "/set-password" {
                format!("/set-password?token={link}")
            } else {
                with_ids(route.path, id, report, photo)
            };
            b.get(&uri).await;
        }
    }
    // A provider's update link, opened and used with a note that names a person.
    let letter = b
        .post(
            &format!("/directory/services/{ENTRY}/update-link"),
            &[("csrf", &csrf)],
        )
        .await;
    let update = letter
        .body
        .split("token=")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    secrets.push(update.clone());
    secrets.push("Lucía Fernández".into());
    let mut provider = Browser::new(&app);
    provider
        .get(&format!("/directory/update?token={update}"))
        .await;
    let form = provider.csrf.clone();
    let proposed = provider
        .post(
            "/directory/update",
            &[
                ("csrf", &form),
                ("token", &update),
                ("name", "Casa Abierta"),
                ("note", "Ask for Lucía Fernández at the door"),
            ],
        )
        .await;
    assert_eq!(proposed.status, 200, "{}", proposed.body);
    for (path, fields) in [
        (
            "/admin/users/password-link",
            vec![("email", "new.colleague@test.invalid")],
        ),
        (
            "/admin/users/disable",
            vec![("email", "new.colleague@test.invalid")],
        ),
        ("/account/two-factor/confirm", vec![("code", "123456")]),
        ("/admin/tokens/revoke", vec![("id", "1")]),
        ("/account/tokens/revoke", vec![("id", "2")]),
        (
            "/set-password",
            vec![
                ("token", link.as_str()),
                ("password", PASSWORD),
                ("again", PASSWORD),
            ],
        ),
        ("/account/sign-out-everywhere", vec![]),
        ("/sign-out", vec![]),
    ] {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend(fields);
        b.post(path, &all).await;
    }
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("route=/api/v1/records/{id}") && logs.contains("status=404"),
        "{logs}"
    );
    assert!(
        logs.contains("route=/sign-in") && logs.contains("status=429"),
        "{logs}"
    );
    assert!(logs.contains("route=/admin/audit"), "{logs}");
    secrets.extend(
        [
            "citizenship=NA",
            "KH",
            "424242",
            "female",
            "limit=7",
            "127.0.0.1",
            "test.invalid",
        ]
        .map(String::from),
    );
    for secret in &secrets {
        assert!(!secret.is_empty());
        assert!(
            !logs.contains(secret.as_str()),
            "the log holds `{secret}`:\n{logs}"
        );
    }
}
