//! Referrals through the API, between two organisations on one instance: sent from a case
//! with consent (refused without it, in the caller's language, then sent by a supervisor's
//! override), received, accepted into a case for the receiver, served and done, seen done by
//! the sender; bad, hostile and oversized bodies refused with the field named and nothing
//! written; a third organisation finds nothing.

use super::app::{Reply, TestApp, token};
use axum::body::Body;
use axum::http::Request;
use faro_domain::{AccessContext, Role};
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};
use serde_json::{Value, json};

pub async fn post(app: &TestApp, token: &str, uri: &str, body: &Value, lang: &str) -> Reply {
    let request = Request::post(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("accept-language", lang)
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(request).await
}

fn referral(case: i64, to: i64) -> Value {
    json!({
        "case": case, "kind": "referral", "to": to, "partner_kind": "shelter",
        "need": "safe_housing", "urgency": "urgent", "shared": ["name", "age", "languages"],
        "follow_up": "2031-03-31", "note": "Needs a bed tonight"
    })
}

async fn referrals_move_between_two_organisations(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let blue = store
        .create_organisation(&AccessContext::instance(), "Blue Shelter")
        .await
        .unwrap();
    let third = store
        .create_organisation(&AccessContext::instance(), "Third")
        .await
        .unwrap();
    let worker = token(&store, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let admin = token(&store, DEFAULT_ORGANISATION, Role::Admin).await;
    let receiver = token(&store, blue, Role::Caseworker).await;
    let outsider = token(&store, third, Role::Admin).await;
    let opened = post(
        &app,
        &worker,
        "/api/v1/cases",
        &json!({"person": {"names": ["Lucía Gómez"], "languages": ["es"], "birth": {"ages": {"min": 19, "max": 22}}}}),
        "en",
    )
    .await;
    assert_eq!(opened.status, 201, "{}", opened.body);
    let case = opened.json()["id"].as_i64().unwrap();
    let send = |token: &'static str, body: Value, lang: &'static str| {
        let app = &app;
        let token = match token {
            "worker" => worker.clone(),
            _ => admin.clone(),
        };
        async move { post(app, &token, "/api/v1/referrals", &body, lang).await }
    };
    // Bad bodies: the field named, nothing written.
    let mut bad_date = referral(case, blue.0);
    bad_date["follow_up"] = json!("2031-02-30");
    let mut bad_code = referral(case, blue.0);
    bad_code["shared"] = json!(["name", "soul"]);
    let mut long_note = referral(case, blue.0);
    long_note["note"] = json!("x".repeat(4_001));
    let mut hostile = referral(case, blue.0);
    hostile["provider_contact"] = json!("\u{202e}evil");
    hostile["kind"] = json!("external");
    hostile["provider_name"] = json!("Clinic");
    hostile["to"] = Value::Null;
    let mut unknown = referral(case, blue.0);
    unknown["password"] = json!("x");
    for (body, status, field) in [
        (bad_date, 422, "follow_up"),
        (bad_code, 422, "shared"),
        (long_note, 422, "note"),
        (hostile, 422, "provider_contact"),
        (unknown, 400, ""),
    ] {
        let reply = send("worker", body, "en").await;
        assert_eq!(reply.status.as_u16(), status, "{}", reply.body);
        if !field.is_empty() {
            assert_eq!(reply.json()["error"]["field"], field, "{}", reply.body);
        }
    }
    let huge = json!({"case": case, "pad": "y".repeat(3 << 20)});
    assert_eq!(send("worker", huge, "en").await.status, 413);
    // No consent: refused in the caller's language, naming consent.
    let refused = send("worker", referral(case, blue.0), "es").await;
    let error = refused.error(422, "invalid");
    assert_eq!(error["error"]["field"], "consent");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no ha consentido"),
        "{error}"
    );
    assert_eq!(app.db.scalar("SELECT COUNT(*) FROM referrals").await, 0);
    // A supervisor (the admin) overrides with a reason and a note.
    let mut forced = referral(case, blue.0);
    forced["override_reason"] = json!("imminent_danger");
    assert_eq!(
        send("admin", forced.clone(), "en").await.json()["error"]["field"],
        "override.note"
    );
    forced["override_note"] = json!("Her employer is looking for her");
    let sent = send("admin", forced, "en").await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let id = sent.json()["id"].as_i64().unwrap();
    // The receiver lists it in, reads what was shared, accepts it.
    let inbox = app
        .get_as(&receiver, "/api/v1/referrals?list=in")
        .await
        .json();
    assert_eq!(inbox["referrals"][0]["id"], id);
    assert_eq!(inbox["referrals"][0]["urgency"], "urgent");
    let read = app
        .get_as(&receiver, &format!("/api/v1/referrals/{id}"))
        .await
        .json();
    assert_eq!(read["side"], "receiver");
    assert_eq!(read["case"], Value::Null);
    assert_eq!(read["override_reason"], "imminent_danger");
    assert_eq!(read["package"]["person"]["names"][0], "Lucía Gómez");
    assert_eq!(read["package"]["person"]["languages"][0], "es");
    let steps = format!("/api/v1/referrals/{id}/steps");
    for (body, status, field) in [
        (json!({"action": "fly"}), 422, "action"),
        (json!({"action": "reject"}), 422, "reason"),
        (json!({"action": "accept", "extra": 1}), 400, ""),
    ] {
        let reply = post(&app, &receiver, &steps, &body, "en").await;
        assert_eq!(reply.status.as_u16(), status, "{}", reply.body);
        if !field.is_empty() {
            assert_eq!(reply.json()["error"]["field"], field, "{}", reply.body);
        }
    }
    // Outsiders: another organisation's admin, by id and by step.
    app.get_as(&outsider, &format!("/api/v1/referrals/{id}"))
        .await
        .error(404, "not_found");
    post(&app, &outsider, &steps, &json!({"action": "accept"}), "en")
        .await
        .error(404, "not_found");
    let accepted = post(&app, &receiver, &steps, &json!({"action": "accept"}), "en").await;
    assert_eq!(accepted.json()["status"], "accepted", "{}", accepted.body);
    post(&app, &receiver, &steps, &json!({"action": "accept"}), "en")
        .await
        .error(422, "invalid");
    let opened = app
        .get_as(&receiver, &format!("/api/v1/referrals/{id}"))
        .await
        .json()["received_case"]
        .as_i64()
        .expect("a case opened for the receiver");
    let theirs = app
        .get_as(&receiver, &format!("/api/v1/cases/{opened}"))
        .await
        .json();
    assert_eq!(theirs["person"]["names"][0], "Lucía Gómez");
    let delivered =
        json!({"action": "deliver", "service": "safe_housing", "note": "A bed at the shelter"});
    assert_eq!(
        post(&app, &receiver, &steps, &delivered, "en").await.status,
        200
    );
    assert_eq!(
        post(&app, &receiver, &steps, &json!({"action": "done"}), "en")
            .await
            .json()["status"],
        "done"
    );
    // The sender sees it done, marked as news until read.
    let out = app
        .get_as(&admin, "/api/v1/referrals?list=out")
        .await
        .json();
    assert_eq!(out["referrals"][0]["status"], "done");
    assert_eq!(out["referrals"][0]["news"], true);
    let seen = app
        .get_as(&admin, &format!("/api/v1/referrals/{id}"))
        .await
        .json();
    let actions: Vec<&str> = seen["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["send", "accept", "deliver", "done"]);
    assert_eq!(seen["events"][2]["note"], "A bed at the shelter");
    assert_eq!(
        app.get_as(&admin, "/api/v1/referrals?list=out")
            .await
            .json()["referrals"][0]["news"],
        false
    );
    // Lists: a bad parameter is named.
    app.get_as(&admin, "/api/v1/referrals?list=sideways")
        .await
        .error(422, "invalid_parameter");
    app.get_as(&admin, "/api/v1/referrals?limit=0")
        .await
        .error(422, "invalid_parameter");
}

on_both_backends!(referrals_move_between_two_organisations);
