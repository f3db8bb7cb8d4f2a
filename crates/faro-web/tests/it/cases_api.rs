//! The case API as a program uses it: a case opened, consent, plans, a service and a task
//! recorded, a step asked for and decided by a supervisor, history read; bad, hostile and
//! oversized bodies each refused with the field named, in the caller's language, and nothing
//! written; a stale version refused; another organisation's case does not exist.

use super::app::{Reply, TestApp, token};
use axum::body::Body;
use axum::http::Request;
use faro_domain::Role;
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};
use serde_json::{Value, json};

async fn post(app: &TestApp, token: &str, uri: &str, body: impl Into<Body>) -> Reply {
    post_in(app, token, uri, body, "en").await
}

async fn post_in(
    app: &TestApp,
    token: &str,
    uri: &str,
    body: impl Into<Body>,
    lang: &str,
) -> Reply {
    let request = Request::post(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("accept-language", lang)
        .body(body.into())
        .unwrap();
    app.send(request).await
}

async fn user_of(app: &TestApp, token: &str) -> i64 {
    app.db
        .store()
        .authenticate_token(token)
        .await
        .unwrap()
        .user()
        .unwrap()
}

/// The case's version as its reader sees it now.
async fn version_now(app: &TestApp, token: &str, id: i64) -> i64 {
    app.get_as(token, &format!("/api/v1/cases/{id}"))
        .await
        .json()["version"]
        .as_i64()
        .expect("a version")
}

fn version(reply: &Reply) -> i64 {
    reply.json()["version"].as_i64().expect("a version")
}

async fn a_case_is_worked_through_the_api(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let worker = token(&store, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let supervisor = token(&store, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let admin = token(&store, DEFAULT_ORGANISATION, Role::Admin).await;
    let person = json!({
        "names": ["Lucía Gómez", "Lu"],
        "birth": {"ages": {"min": 16, "max": 18}},
        "gender": "female",
        "citizenship": "VE",
        "languages": ["es"],
        "contacts": [
            {"kind": "phone", "value": "+58 412 555 0101", "safe": true},
            {"kind": "address", "value": "Shelter Las Flores", "safe": true, "need_to_know": true}
        ],
        "documents": [{"kind": "passport", "number": "X1234567", "holder": "withheld"}]
    });
    let opened = post(
        &app,
        &worker,
        "/api/v1/cases",
        json!({"person": person}).to_string(),
    )
    .await;
    assert_eq!(opened.status, 201, "{}", opened.body);
    let id = opened.json()["id"].as_i64().unwrap();
    let case = app
        .get_as(&worker, &format!("/api/v1/cases/{id}"))
        .await
        .json();
    assert_eq!(case["status"], "new");
    assert_eq!(case["person"]["names"][0], "Lucía Gómez");
    assert_eq!(
        case["person"]["contacts"].as_array().unwrap().len(),
        1,
        "{case}"
    );
    assert_eq!(
        case["details_withheld"], 1,
        "the shelter is for the case's worker: {case}"
    );

    // An admin makes a team with a supervisor and assigns the case to the worker in it.
    let admin_ctx = store.authenticate_token(&admin).await.unwrap();
    let team = store
        .create_team(
            &admin_ctx,
            DEFAULT_ORGANISATION,
            &faro_domain::DisplayName::parse("East").unwrap(),
        )
        .await
        .unwrap();
    for (who, supervises) in [(&worker, false), (&supervisor, true)] {
        store
            .set_team_member(&admin_ctx, team, user_of(&app, who).await, Some(supervises))
            .await
            .unwrap();
    }
    let me = user_of(&app, &worker).await;
    let v = case["version"].as_i64().unwrap();
    let assigned = post(
        &app,
        &supervisor,
        &format!("/api/v1/cases/{id}/assignment"),
        json!({"version": v, "assignee": me, "team": team}).to_string(),
    )
    .await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    let v = version(&assigned);

    let consent = post(
        &app,
        &worker,
        &format!("/api/v1/cases/{id}/consents"),
        json!({"purpose": "referral", "state": "given", "means": "spoken", "until": "2030-06-30", "partners": ["shelter", "health"], "given_by": "Her mother, Rosa"}).to_string(),
    )
    .await;
    assert_eq!(consent.status, 201, "{}", consent.body);
    let plan = post(
        &app,
        &worker,
        &format!("/api/v1/cases/{id}/plans"),
        json!({"version": version(&consent), "kind": "safety", "sections": {"risks": "The recruiter knows her phone", "if_contacted": "Call the hotline"}}).to_string(),
    )
    .await;
    assert_eq!(plan.status, 201, "{}", plan.body);
    assert!(version(&plan) > v);
    let service = post(
        &app,
        &worker,
        &format!("/api/v1/cases/{id}/services"),
        json!({"service": "safe_housing", "status": "arranged", "planned": "2030-01-10", "provider": "Casa Esperanza"}).to_string(),
    )
    .await;
    assert_eq!(service.status, 201, "{}", service.body);
    let service = service.json()["id"].as_i64().unwrap();
    let delivered = post(
        &app,
        &worker,
        &format!("/api/v1/cases/{id}/services/{service}"),
        json!({"service": "safe_housing", "status": "delivered", "delivered": "2030-01-11", "outcome": "Moved in"}).to_string(),
    )
    .await;
    assert_eq!(delivered.status, 200, "{}", delivered.body);
    let task = post(
        &app,
        &worker,
        &format!("/api/v1/cases/{id}/tasks"),
        json!({"title": "Court date", "due": "2020-02-03"}).to_string(),
    )
    .await;
    assert_eq!(task.status, 201, "{}", task.body);
    let task = task.json()["id"].as_i64().unwrap();
    let tasks = app
        .get_as(&worker, &format!("/api/v1/cases/{id}/tasks"))
        .await
        .json();
    assert_eq!(tasks["tasks"][0]["overdue"], true, "{tasks}");
    let done = post(
        &app,
        &worker,
        &format!("/api/v1/cases/{id}/tasks/{task}/done"),
        "",
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);

    // The worker asks for the plan step; they may not decide it, the supervisor may.
    let v = version_now(&app, &worker, id).await;
    let step = |to: &str, v: i64| json!({"version": v, "to": to}).to_string();
    let assessed = post(
        &app,
        &worker,
        &format!("/api/v1/cases/{id}/step"),
        step("assessment", v),
    )
    .await;
    assert_eq!(assessed.status, 200, "{}", assessed.body);
    let asked = post(
        &app,
        &worker,
        &format!("/api/v1/cases/{id}/step"),
        step("plan", version(&assessed)),
    )
    .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    let decision = json!({"approve": true}).to_string();
    let own = post(
        &app,
        &worker,
        &format!("/api/v1/cases/{id}/decision"),
        decision.clone(),
    )
    .await;
    assert!(own.status.is_client_error(), "{}", own.body);
    let approved = post(
        &app,
        &supervisor,
        &format!("/api/v1/cases/{id}/decision"),
        decision,
    )
    .await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    let case = app
        .get_as(&worker, &format!("/api/v1/cases/{id}"))
        .await
        .json();
    assert_eq!(case["status"], "plan", "{case}");
    assert_eq!(
        case["person"]["contacts"][1]["value"], "Shelter Las Flores",
        "the worker sees it"
    );
    assert_eq!(case["plans"][0]["kind"], "safety");
    assert_eq!(
        case["plans"][0]["sections"]["if_contacted"],
        "Call the hotline"
    );

    let consents = app
        .get_as(&worker, &format!("/api/v1/cases/{id}/consents"))
        .await
        .json();
    assert_eq!(
        consents["consents"][0]["partners"],
        json!(["shelter", "health"])
    );
    assert_eq!(consents["consents"][0]["given_by"], "Her mother, Rosa");
    let services = app
        .get_as(&worker, &format!("/api/v1/cases/{id}/services"))
        .await
        .json();
    assert_eq!(services["services"][0]["status"], "delivered");
    let history = app
        .get_as(&worker, &format!("/api/v1/cases/{id}/history"))
        .await
        .json();
    let fields: Vec<&str> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["field"].as_str().unwrap())
        .collect();
    for field in ["consent.referral", "plan.safety", "status", "assignee"] {
        assert!(
            fields.iter().any(|f| f.starts_with(field)),
            "{field} in {fields:?}"
        );
    }
    let list = app
        .get_as(&worker, "/api/v1/cases?status=plan")
        .await
        .json();
    assert!(
        list["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id),
        "{list}"
    );

    // Another organisation's supervisor finds nothing there.
    let other = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Other")
        .await
        .unwrap();
    let stranger = token(&store, other, Role::Admin).await;
    app.get_as(&stranger, &format!("/api/v1/cases/{id}"))
        .await
        .error(404, "not_found");
    post(
        &app,
        &stranger,
        &format!("/api/v1/cases/{id}/tasks"),
        json!({"title": "x", "due": "2030-01-01"}).to_string(),
    )
    .await
    .error(404, "not_found");
    let theirs = app.get_as(&stranger, "/api/v1/cases").await.json();
    assert_eq!(theirs["cases"], json!([]));
}

async fn bad_bodies_name_their_field_and_write_nothing(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let worker = token(&store, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let opened = post(
        &app,
        &worker,
        "/api/v1/cases",
        json!({"person": {"names": ["Ana"]}}).to_string(),
    )
    .await;
    let id = opened.json()["id"].as_i64().unwrap();
    let history = format!("SELECT COUNT(*) FROM case_history WHERE case_id = {id}");
    let before = app.db.scalar(&history).await;
    let uri = |part: &str| format!("/api/v1/cases/{id}/{part}");
    let cases: Vec<(String, Value, u16, &str, Option<&str>)> = vec![
        (
            uri("person"),
            json!({"version": 1, "person": {"names": ["Ana"], "birth": {"date": "2001-09-31"}}}),
            422,
            "invalid_parameter",
            Some("person.birth.date"),
        ),
        (
            uri("consents"),
            json!({"purpose": "everything", "state": "given", "means": "spoken"}),
            422,
            "invalid_parameter",
            Some("purpose"),
        ),
        (
            uri("consents"),
            json!({"purpose": "services", "state": "given", "means": "spoken", "until": "2030-02-31"}),
            422,
            "invalid_parameter",
            Some("until"),
        ),
        (
            uri("consents"),
            json!({"purpose": "services", "state": "given", "means": "spoken", "colour": "red"}),
            400,
            "invalid_body",
            None,
        ),
        (
            uri("tasks"),
            json!({"title": "Call\u{202e}back", "due": "2030-01-01"}),
            422,
            "invalid_parameter",
            Some("title"),
        ),
        (
            uri("tasks"),
            json!({"title": "Call back"}),
            400,
            "invalid_body",
            None,
        ),
        (
            uri("tasks"),
            json!({"title": "Call back", "due": "tomorrow"}),
            422,
            "invalid_parameter",
            Some("due"),
        ),
        (
            uri("services"),
            json!({"service": "medical", "status": "needed", "provider": "x".repeat(301)}),
            422,
            "invalid_parameter",
            Some("provider"),
        ),
        (
            uri("plans"),
            json!({"version": 1, "kind": "safety", "sections": {"needs": "a section of the other kind"}}),
            422,
            "invalid_parameter",
            Some("needs"),
        ),
        (
            uri("plans"),
            json!({"version": 1, "kind": "safety", "sections": {}}),
            422,
            "invalid_parameter",
            Some("risks"),
        ),
        (
            uri("person"),
            json!({"version": 1, "person": {"names": []}}),
            422,
            "invalid_parameter",
            Some("person.names"),
        ),
        (
            uri("person"),
            json!({"version": 1, "person": {"names": ["Ana"], "languages": ["español"]}}),
            422,
            "invalid_parameter",
            Some("person.languages.0"),
        ),
        (
            uri("person"),
            json!({"version": 1, "person": {"names": ["Ana"], "gender": "unicorn"}}),
            400,
            "invalid_body",
            Some("person"),
        ),
        (
            uri("step"),
            json!({"version": 1, "to": "closed"}),
            422,
            "invalid_parameter",
            Some("reason"),
        ),
        (
            uri("step"),
            json!({"version": 1, "to": "limbo"}),
            422,
            "invalid_parameter",
            Some("to"),
        ),
    ];
    for (uri, body, status, code, field) in cases {
        let reply = post(&app, &worker, &uri, body.to_string()).await;
        let error = reply.error(status, code);
        assert_eq!(
            error["error"]["field"].as_str(),
            field,
            "{uri} {body}: {error}"
        );
    }
    // Not JSON, and more than the API takes.
    post(&app, &worker, &uri("tasks"), "{not json")
        .await
        .error(400, "invalid_body");
    let huge = json!({"title": "x", "due": "2030-01-01", "pad": "y".repeat(3 << 20)}).to_string();
    let reply = post(&app, &worker, &uri("tasks"), huge).await;
    assert_eq!(reply.status, 413, "{}", reply.body);
    // A stale version: a second editor's save is refused.
    let v = version_now(&app, &worker, id).await;
    let rename =
        |v: i64, name: &str| json!({"version": v, "person": {"names": [name]}}).to_string();
    let first = post(&app, &worker, &uri("person"), rename(v, "Ana María")).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let after_first = app.db.scalar(&history).await;
    post(&app, &worker, &uri("person"), rename(v, "Anita"))
        .await
        .error(409, "conflict");
    let stale = [
        (uri("person"), rename(i64::MAX, "Anita")),
        (
            uri("step"),
            json!({"version": i64::MIN, "to": "assessment"}).to_string(),
        ),
    ];
    for (uri, body) in stale {
        post(&app, &worker, &uri, body).await.error(409, "conflict");
    }
    // In the caller's language.
    let spanish = post_in(
        &app,
        &worker,
        &uri("tasks"),
        json!({"title": "x", "due": "mañana"}).to_string(),
        "es",
    )
    .await;
    let message = spanish.error(422, "invalid_parameter")["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("fecha"), "{message}");
    assert_eq!(
        app.db.scalar(&history).await,
        after_first,
        "nothing written by a refused change"
    );
    assert_eq!(
        after_first,
        before + 1,
        "only the accepted rename was written"
    );
    let case = app
        .get_as(&worker, &format!("/api/v1/cases/{id}"))
        .await
        .json();
    assert_eq!(case["person"]["names"], json!(["Ana María"]));
}

/// Case statistics: exact for an admin, nothing for a viewer until the organisation's cases
/// are released, then the release, the same however often asked (no fresh noise to average),
/// small counts hidden; the hub shows the panel to both with what its numbers mean.
async fn case_statistics_reach_each_reader_as_they_may_read_them(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let worker = token(&store, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let admin = token(&store, DEFAULT_ORGANISATION, Role::Admin).await;
    let viewer = token(&store, DEFAULT_ORGANISATION, Role::Viewer).await;
    for i in 0..30 {
        let body = json!({"person": {"names": [format!("Persona {i}")]}}).to_string();
        assert_eq!(post(&app, &worker, "/api/v1/cases", body).await.status, 201);
    }
    let count_of = |s: &Value, code: &str| {
        s["status"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code)
            .unwrap()["count"]
            .clone()
    };
    let exact = app.get_as(&admin, "/api/v1/cases/statistics").await.json();
    assert_eq!(
        (exact["controlled"].clone(), count_of(&exact, "new")),
        (json!(false), json!(30))
    );
    assert_eq!(
        count_of(&exact, "closed"),
        json!(0),
        "exact counts show zeros"
    );
    let before = app.get_as(&viewer, "/api/v1/cases/statistics").await.json();
    assert_eq!(before["controlled"], true);
    assert_eq!(before["released_at"], Value::Null, "nothing released yet");
    assert_eq!(count_of(&before, "new"), Value::Null);

    let policy = faro_privacy::Policy::default();
    app.release_statistics(policy).await;
    let released = app.get_as(&viewer, "/api/v1/cases/statistics").await.json();
    assert_eq!(released["controlled"], true);
    assert!(released["released_at"].is_i64(), "{released}");
    let margin = released["margin_95"].as_u64().unwrap();
    let new = count_of(&released, "new").as_u64().expect("30 is shown");
    assert!(
        new.abs_diff(30) <= 3 * margin,
        "{new} against 30 ± {margin}"
    );
    for table in [
        "status",
        "closures",
        "first_service",
        "delivered",
        "referred_out",
        "referred_in",
    ] {
        let cells = released[table].as_array().unwrap();
        assert!(!cells.is_empty(), "{table} is released");
        for cell in cells {
            if let Some(n) = cell["count"].as_u64() {
                assert!(n >= policy.threshold, "{table}: {cell}");
            }
        }
    }
    // The partner table: a row for providers not on the instance, whatever was referred.
    let partners = released["partners"].as_array().unwrap();
    let external = partners
        .iter()
        .find(|p| p["organisation"].is_null())
        .expect("the row of providers not on the instance");
    for cell in ["referred", "accepted", "answered_within_7_days"] {
        if let Some(n) = external[cell].as_u64() {
            assert!(n >= policy.threshold, "{cell}: {external}");
        }
    }
    for _ in 0..5 {
        let again = app.get_as(&viewer, "/api/v1/cases/statistics").await.json();
        assert_eq!(again, released, "the same release, not fresh noise");
    }
    let worker_view = app.get_as(&worker, "/api/v1/cases/statistics").await.json();
    assert_eq!(
        worker_view, released,
        "a case worker who is no supervisor reads the release"
    );

    let mut hub = super::app::signed_in(&app, Role::Viewer).await;
    let page = hub.get("/hub").await;
    assert!(
        page.body.contains("id=\"cases-note\"") && page.body.contains("random noise"),
        "the viewer's hub panel"
    );
    assert!(
        page.body
            .contains("Cases referred, by the referral’s status")
            && page.body.contains("Cases referred to you, by status")
            && page.body.contains("id=\"partners\"")
            && page.body.contains("Providers not on this instance"),
        "the referral tables are released to the viewer too"
    );
    let mut hub = super::app::signed_in(&app, Role::Admin).await;
    let page = hub.get("/hub").await;
    assert!(
        page.body.contains("Exact counts of every case"),
        "the admin's hub panel"
    );
}

/// A JPEG of `w` × `h` whose EXIF block names a place and a camera.
pub(super) fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let pixels = vec![180u8; (w * h * 3) as usize];
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut plain)
        .write_image(&pixels, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    let exif = b"Exif\0\0II*\0\x08\0\0\0GPSLatitude 14.0818 N CameraSerial 99".to_vec();
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A grey PNG of `w` × `h`: a few kilobytes whatever its size once decoded.
fn grey_png(w: u32, h: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(
            &vec![0u8; (w * h) as usize],
            w,
            h,
            image::ExtendedColorType::L8,
        )
        .unwrap();
    png
}

async fn put_picture(app: &TestApp, token: &str, uri: &str, body: Vec<u8>, lang: &str) -> Reply {
    let request = Request::put(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "image/jpeg")
        .header("accept-language", lang)
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

async fn a_signed_consent_keeps_its_scan_and_hostile_pictures_change_nothing(db: TestDb) {
    // Pictures above a megapixel are refused here, so that the hostile one is cheap to make.
    let app = TestApp::configured(db, |mut s| {
        s.reporting.photo_max_pixels = 1_000_000;
        s
    })
    .await;
    let store = app.db.store().clone();
    let worker = token(&store, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let opened = post(
        &app,
        &worker,
        "/api/v1/cases",
        json!({"person": {"names": ["Rosa"]}}).to_string(),
    )
    .await;
    let id = opened.json()["id"].as_i64().unwrap();
    for means in ["spoken", "signed_form"] {
        let consent = json!({"purpose": "services", "state": "given", "means": means});
        let r = post(
            &app,
            &worker,
            &format!("/api/v1/cases/{id}/consents"),
            consent.to_string(),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let consents = app
        .get_as(&worker, &format!("/api/v1/cases/{id}/consents"))
        .await
        .json();
    let id_of = |means: &str| {
        consents["consents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["means"] == means)
            .expect("the consent")["id"]
            .as_i64()
            .unwrap()
    };
    let (spoken, paper) = (id_of("spoken"), id_of("signed_form"));
    let scan = |consent: i64| format!("/api/v1/cases/{id}/consents/{consent}/scan");
    let history = format!("SELECT COUNT(*) FROM case_history WHERE case_id = {id}");
    let before = app.db.scalar(&history).await;
    let refused: Vec<(String, Vec<u8>, u16, &str, &str)> = vec![
        (
            scan(spoken),
            jpeg_with_exif(8, 8),
            422,
            "en",
            "only a consent given on a signed form",
        ),
        (
            scan(paper),
            b"%PDF-1.7 not a picture".to_vec(),
            422,
            "en",
            "not a picture we can read",
        ),
        (
            scan(paper),
            Vec::new(),
            422,
            "en",
            "not a picture we can read",
        ),
        (
            scan(paper),
            grey_png(1_100, 1_000),
            422,
            "en",
            "more than 1 megapixels",
        ),
        (scan(paper), vec![0xFF; 2 << 20], 413, "en", ""),
        (
            scan(paper),
            b"GIF89a...".to_vec(),
            422,
            "es",
            "no es una imagen que podamos leer",
        ),
        (scan(paper + 1_000), jpeg_with_exif(8, 8), 404, "en", ""),
        (
            format!("/api/v1/cases/{id}/consents/x/scan"),
            jpeg_with_exif(8, 8),
            400,
            "en",
            "consent_id",
        ),
    ];
    for (uri, body, status, lang, words) in refused {
        let r = put_picture(&app, &worker, &uri, body, lang).await;
        assert_eq!(r.status, status, "{uri}: {}", r.body);
        assert!(r.body.contains(words), "{uri}: {}", r.body);
        if status == 422 {
            assert_eq!(r.json()["error"]["field"], "scan", "{}", r.body);
        }
    }
    assert_eq!(app.db.scalar(&history).await, before, "nothing written");
    assert_eq!(
        app.db
            .scalar("SELECT COUNT(*) FROM case_consent_scans")
            .await,
        0
    );

    let kept = put_picture(&app, &worker, &scan(paper), jpeg_with_exif(600, 800), "en").await;
    assert_eq!(kept.status, 201, "{}", kept.body);
    let consents = app
        .get_as(&worker, &format!("/api/v1/cases/{id}/consents"))
        .await
        .json();
    let links: Vec<&Value> = consents["consents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["scan"])
        .collect();
    assert_eq!(links.iter().filter(|l| l.is_string()).count(), 1);
    let got = app.get_as(&worker, &scan(paper)).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.headers["content-type"], "image/jpeg");
    assert_eq!(got.headers["cache-control"], "no-store");
    assert!(got.body.len() > 100, "a picture");
    assert!(
        !got.body.contains("GPSLatitude") && !got.body.contains("CameraSerial"),
        "no metadata kept"
    );
    let again = put_picture(&app, &worker, &scan(paper), jpeg_with_exif(8, 8), "fr").await;
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(again.body.contains("a déjà son scan"), "{}", again.body);

    // Another organisation's member finds nothing there.
    let red = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Red")
        .await
        .unwrap();
    let outsider = token(&store, red, Role::Admin).await;
    assert_eq!(app.get_as(&outsider, &scan(paper)).await.status, 404);
    let put = put_picture(&app, &outsider, &scan(paper), jpeg_with_exif(8, 8), "en").await;
    assert_eq!(put.status, 404, "{}", put.body);
}

on_both_backends!(a_signed_consent_keeps_its_scan_and_hostile_pictures_change_nothing);
on_both_backends!(a_case_is_worked_through_the_api);
on_both_backends!(case_statistics_reach_each_reader_as_they_may_read_them);
on_both_backends!(bad_bodies_name_their_field_and_write_nothing);
