//! A referral between two Faro instances through the API: the sender's package downloaded,
//! posted to the partner instance (a replay, a stranger's bytes and an empty body refused
//! with the reason), listed and read there, a bad decision named, accepted once into a case;
//! another organisation of the receiving instance finds nothing.

use super::app::{TestApp, token};
use super::referrals::post;
use axum::body::Body;
use axum::http::Request;
use faro_domain::{AccessContext, Role};
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};
use serde_json::json;

async fn post_file(app: &TestApp, token: &str, file: &[u8]) -> super::app::Reply {
    let request = Request::post("/api/v1/referrals/received")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(file.to_vec()))
        .unwrap();
    app.send(request).await
}

async fn a_referral_travels_between_two_instances_by_the_api(db: TestDb) {
    let other = match db.backend() {
        "sqlite" => TestDb::sqlite().await,
        _ => TestDb::postgres().await,
    };
    let madrid = TestApp::new(db).await;
    let lisboa = TestApp::new(other).await;
    let keeper = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let (m, l) = (madrid.db.store(), lisboa.db.store());
    let madrid_card = m.instance_card(&keeper).await.unwrap().encode();
    let lisboa_card = l.instance_card(&keeper).await.unwrap().encode();
    let partner = m
        .add_partner_instance(&keeper, "Faro Lisboa", &lisboa_card)
        .await
        .unwrap();
    l.add_partner_instance(&keeper, "Faro Madrid", &madrid_card)
        .await
        .unwrap();

    // The sender: a supervisor refers a case to a provider on the partner instance.
    let sender = token(m, DEFAULT_ORGANISATION, Role::Admin).await;
    let opened = post(
        &madrid,
        &sender,
        "/api/v1/cases",
        &json!({"person": {"names": ["Lucía Gómez"], "languages": ["es"]}}),
        "en",
    )
    .await;
    let case = opened.json()["id"].as_i64().unwrap();
    let referral = json!({
        "case": case, "kind": "external", "provider_name": "Casa Abrigo, Lisboa",
        "instance": partner, "partner_kind": "shelter", "need": "safe_housing",
        "urgency": "urgent", "shared": ["name", "languages"], "follow_up": "2031-03-31",
        "override_reason": "imminent_danger", "override_note": "Her employer is looking for her"
    });
    let sent = post(&madrid, &sender, "/api/v1/referrals", &referral, "en").await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let id = sent.json()["id"].as_i64().unwrap();
    let file = madrid
        .get_as(&sender, &format!("/api/v1/referrals/{id}/package"))
        .await;
    assert_eq!(file.status, 200, "{}", file.body);
    assert_eq!(file.headers["cache-control"], "no-store");
    assert!(!file.body.contains("Lucía"), "sealed");

    // The receiver posts it once; what is not a package is refused and named.
    let receiver = token(l, DEFAULT_ORGANISATION, Role::Caseworker).await;
    for (bytes, status) in [
        (&b""[..], 422),
        (&b"{\"faro\": 1}"[..], 422),
        (&[0xff, 0xfe, 0x00][..], 422),
    ] {
        let refused = post_file(&lisboa, &receiver, bytes).await;
        assert_eq!(refused.status, status, "{}", refused.body);
        assert_eq!(
            refused.json()["error"]["field"],
            "package",
            "{}",
            refused.body
        );
    }
    let imported = post_file(&lisboa, &receiver, file.body.as_bytes()).await;
    assert_eq!(imported.status, 201, "{}", imported.body);
    let received = imported.json()["id"].as_i64().unwrap();
    let replay = post_file(&lisboa, &receiver, file.body.as_bytes()).await;
    assert_eq!(replay.status, 409, "{}", replay.body);
    let list = lisboa
        .get_as(&receiver, "/api/v1/referrals/received?limit=10")
        .await;
    assert_eq!(list.json()["received"][0]["partner"], "Faro Madrid");
    assert_eq!(list.json()["received"][0]["status"], "pending");
    let at = format!("/api/v1/referrals/received/{received}");
    let read = lisboa.get_as(&receiver, &at).await.json();
    assert_eq!(
        read["content"]["package"]["person"]["names"][0],
        "Lucía Gómez"
    );
    assert_eq!(read["content"]["meant_for"], "Casa Abrigo, Lisboa");

    // Another organisation of the receiving instance finds nothing.
    let elsewhere = l
        .create_organisation(&AccessContext::instance(), "Other NGO")
        .await
        .unwrap();
    let outsider = token(l, elsewhere, Role::Caseworker).await;
    assert_eq!(lisboa.get_as(&outsider, &at).await.status, 404);
    let stolen = post(
        &lisboa,
        &outsider,
        &at,
        &json!({"decision": "accept"}),
        "en",
    )
    .await;
    assert_eq!(stolen.status, 404);

    // A decision is accept, or reject with a reason; accepted once.
    for (body, field) in [
        (json!({"decision": "maybe"}), "decision"),
        (json!({"decision": "reject"}), "reason"),
        (json!({"decision": "reject", "reason": "soon"}), "reason"),
    ] {
        let reply = post(&lisboa, &receiver, &at, &body, "en").await;
        assert_eq!(reply.status, 422, "{}", reply.body);
        assert_eq!(reply.json()["error"]["field"], field);
    }
    let accepted = post(
        &lisboa,
        &receiver,
        &at,
        &json!({"decision": "accept"}),
        "en",
    )
    .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(accepted.json()["status"], "accepted");
    let opened_there = accepted.json()["received_case"].as_i64().unwrap();
    let case_there = lisboa
        .get_as(&receiver, &format!("/api/v1/cases/{opened_there}"))
        .await;
    assert_eq!(case_there.status, 200);
    let again = post(
        &lisboa,
        &receiver,
        &at,
        &json!({"decision": "accept"}),
        "en",
    )
    .await;
    assert_eq!(again.status, 409);
}

on_both_backends!(a_referral_travels_between_two_instances_by_the_api);
