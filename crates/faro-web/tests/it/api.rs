//! The JSON API: records, aggregates, vocabularies, OpenAPI, and every kind of bad request.

use super::app::TestApp;
use axum::body::Body;
use axum::http::Request;
use faro_domain::query::Dimension;
use faro_testkit::{TestDb, on_both_backends};

async fn records_page_through_with_a_cursor_and_filters(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(1, 250).await;
    let mut seen = Vec::new();
    let mut uri = "/api/v1/records?limit=100".to_string();
    loop {
        let page = app.get(&uri).await.json();
        let records = page["records"].as_array().unwrap().clone();
        seen.extend(records.iter().map(|r| r["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/v1/records?limit=100&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 250);
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "ids ascend without gaps or repeats"
    );
    let female = app
        .get("/api/v1/records?gender=female&limit=1000")
        .await
        .json();
    let recs = female["records"].as_array().unwrap();
    assert!(!recs.is_empty() && recs.iter().all(|r| r["gender"] == "female"));
    let one = &recs[0];
    assert!(one["citizenship"].is_string() || one["citizenship"].is_null());
    assert!(one["means"].as_object().unwrap().contains_key("threats"));
    let single = app.get(&format!("/api/v1/records/{}", one["id"])).await;
    assert_eq!(single.status, 200);
    assert_eq!(single.json(), *one);
}

async fn aggregates_answer_with_keys_counts_and_the_total(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(2, 400).await;
    let by_year = app
        .get("/api/v1/aggregate?by=year,gender&year=2015..2018")
        .await;
    assert_eq!(by_year.status, 200, "{}", by_year.body);
    let v = by_year.json();
    assert_eq!(v["by"], serde_json::json!(["year", "gender"]));
    let rows = v["rows"].as_array().unwrap();
    let sum: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(sum, v["total_records"].as_u64().unwrap());
    assert!(
        rows.iter()
            .all(|r| (2015..=2018).contains(&r["key"]["year"].as_u64().unwrap()))
    );
    assert_eq!(v["counts_exceed_records"], false);
    let modal = app.get("/api/v1/aggregate?by=modality").await.json();
    assert_eq!(modal["counts_exceed_records"], true);
    let unknown_row = app.get("/api/v1/aggregate?by=age").await.json();
    assert!(
        unknown_row["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["key"]["age"].is_null())
    );
}

async fn bad_parameters_get_precise_errors_never_a_500(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(3, 20).await;
    let records: &[(&str, u16, &str, Option<&str>)] = &[
        (
            "/api/v1/records?colour=blue",
            400,
            "unknown_parameter",
            Some("colour"),
        ),
        (
            "/api/v1/records?gender=female&gender=male",
            400,
            "duplicate_parameter",
            Some("gender"),
        ),
        (
            "/api/v1/records?gender=alien",
            422,
            "invalid_parameter",
            Some("gender"),
        ),
        (
            "/api/v1/records?year=2018..20x5",
            422,
            "invalid_parameter",
            Some("year"),
        ),
        (
            "/api/v1/records?year=%FF%FE",
            422,
            "invalid_parameter",
            Some("year"),
        ),
        (
            "/api/v1/records?citizenship=AN",
            422,
            "invalid_parameter",
            Some("citizenship"),
        ),
        (
            "/api/v1/records?limit=abc",
            400,
            "invalid_limit",
            Some("limit"),
        ),
        (
            "/api/v1/records?limit=5000",
            422,
            "invalid_parameter",
            Some("limit"),
        ),
        (
            "/api/v1/records?limit=0",
            422,
            "invalid_parameter",
            Some("limit"),
        ),
        (
            "/api/v1/records?cursor=../../etc",
            400,
            "invalid_cursor",
            Some("cursor"),
        ),
        (
            "/api/v1/records?cursor=99999999999999999999999",
            400,
            "invalid_cursor",
            Some("cursor"),
        ),
        ("/api/v1/records/abc", 400, "invalid_id", Some("id")),
        ("/api/v1/records/123456789", 404, "not_found", None),
        ("/api/v1/aggregate", 400, "missing_parameter", Some("by")),
        (
            "/api/v1/aggregate?by=colour",
            422,
            "invalid_parameter",
            Some("by"),
        ),
        (
            "/api/v1/aggregate?by=year,gender,age,sex",
            422,
            "invalid_parameter",
            Some("by"),
        ),
        (
            "/api/v1/aggregate?by=year&by=gender",
            400,
            "duplicate_parameter",
            Some("by"),
        ),
        (
            "/api/v1/aggregate?by=year&source=0",
            422,
            "invalid_parameter",
            Some("source"),
        ),
        ("/api/v1/nothing-here", 404, "not_found", None),
    ];
    for (uri, status, code, field) in records {
        let reply = app.get(uri).await;
        let v = reply.error(*status, code);
        assert_eq!(
            v["error"]["field"].as_str(),
            *field,
            "{uri}: {}",
            reply.body
        );
    }
    // 1,001 values once gave a 500 (SQLite's expression depth): now a clear refusal.
    let long = format!("/api/v1/records?gender={}", "female,".repeat(1_001));
    let refused = app.get(&long).await;
    let v = refused.error(422, "invalid_parameter");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 260"),
        "{}",
        refused.body
    );
    let every: Vec<&str> = faro_domain::Country::all().map(|c| c.alpha2()).collect();
    let countries = format!("/api/v1/records?citizenship={},unknown", every.join(","));
    assert_eq!(
        app.get(&countries).await.status,
        200,
        "every country is a valid list"
    );
    let hostile = "/api/v1/records?gender=%27%3B%20DROP%20TABLE%20cases%3B--";
    app.get(hostile).await.error(422, "invalid_parameter");
    assert_eq!(
        app.get("/api/v1/records").await.json()["records"]
            .as_array()
            .unwrap()
            .len(),
        20
    );
    let post = app
        .send(
            Request::post("/api/v1/records")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    post.error(405, "method_not_allowed");
}

async fn vocabularies_list_every_code_with_its_label_in_every_language(db: TestDb) {
    let app = TestApp::new(db).await;
    let v = app.get("/api/v1/vocabularies").await.json();
    let vocabularies = v["vocabularies"].as_array().unwrap();
    for dim in Dimension::ALL {
        let codes = dim.codes();
        if codes.is_empty() {
            continue;
        }
        let voc = vocabularies
            .iter()
            .find(|x| x["id"] == dim.id())
            .unwrap_or_else(|| panic!("{}", dim.id()));
        let listed: Vec<&str> = voc["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["code"].as_str().unwrap())
            .collect();
        assert_eq!(listed, codes);
        assert!(voc["values"].as_array().unwrap().iter().all(|t| {
            ["en", "es", "fr"]
                .iter()
                .all(|l| t["labels"][l].as_str().is_some_and(|s| !s.is_empty()))
        }));
    }
    assert_eq!(v["languages"], serde_json::json!(["en", "es", "fr"]));
    let gender = &vocabularies.iter().find(|x| x["id"] == "gender").unwrap()["values"][0];
    assert_eq!(
        gender["labels"],
        serde_json::json!({"en": "Female", "es": "Mujer", "fr": "Femme"})
    );
    let countries = v["countries"].as_array().unwrap();
    assert_eq!(countries.len(), 250);
    assert!(countries.iter().any(|c| c["alpha2"] == "HT"
        && c["names"]["es"] == "Haití"
        && c["names"]["fr"] == "Haïti"));
}

async fn the_openapi_document_describes_every_route_and_filter(db: TestDb) {
    let app = TestApp::new(db).await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(doc["security"][0]["bearer"], serde_json::json!([]));
    let session = &doc["components"]["securitySchemes"]["session"];
    assert_eq!(
        (
            session["type"].as_str(),
            session["in"].as_str(),
            session["name"].as_str()
        ),
        (Some("apiKey"), Some("cookie"), Some("faro_session"))
    );
    assert_eq!(doc["security"][1]["session"], serde_json::json!([]));
    assert!(doc["paths"]["/api/v1/records/{id}/notes"]["post"].is_object());
    for path in [
        "/api/v1/records",
        "/api/v1/records/{id}",
        "/api/v1/records/{id}/notes",
        "/api/v1/aggregate",
        "/api/v1/vocabularies",
        "/api/v1/sources",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} missing");
    }
    for path in ["/api/v1/records", "/api/v1/aggregate"] {
        let params: Vec<&str> = doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for dim in Dimension::ALL {
            assert!(params.contains(&dim.id()), "{path} lacks {}", dim.id());
        }
    }
}

async fn sources_and_health_report_what_is_loaded(db: TestDb) {
    let (app, id) = TestApp::new(db).await.with_records(4, 30).await;
    let s = app.get("/api/v1/sources").await.json();
    assert_eq!(s["sources"][0]["id"], id);
    assert_eq!(s["sources"][0]["rows_imported"], 30);
    assert_eq!(s["sources"][0]["kind"], "demo");
    assert_eq!(s["sources"][0]["organisation_id"], 1);
    assert_eq!(s["sources"][0]["shares_aggregates"], false);
    let h = app.get("/healthz").await;
    assert_eq!(
        (h.status.as_u16(), h.json()["status"].as_str()),
        (200, Some("ok"))
    );
    assert_eq!(h.json()["index"], "loading", "nothing warmed the index yet");
    app.db.store().close().await;
    let down = app.get("/healthz").await;
    assert_eq!(down.status, 503);
    app.get("/api/v1/records").await.error(503, "unavailable");
}

async fn notes_take_json_and_refuse_bad_bodies_precisely(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(4, 3).await;
    let id = app.get("/api/v1/records?limit=1").await.json()["records"][0]["id"]
        .as_i64()
        .unwrap();
    let post = |uri: String, content_type: &'static str, body: String| {
        let app = &app;
        async move {
            app.send(
                Request::post(uri)
                    .header("authorization", format!("Bearer {}", app.admin_token))
                    .header("content-type", content_type)
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
        }
    };
    let uri = format!("/api/v1/records/{id}/notes");
    let created = post(
        uri.clone(),
        "application/json",
        r#"{"text":"first contact by phone"}"#.into(),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.json()["text"], "first contact by phone");
    for (content_type, body) in [
        ("application/json", "{not json".to_string()),
        ("text/plain", r#"{"text":"x"}"#.to_string()),
        ("application/json", r#"{"text":"x","secret":1}"#.to_string()),
        ("application/json", r#"{"note":"x"}"#.to_string()),
        ("application/json", r#"{"text":17}"#.to_string()),
    ] {
        let e = post(uri.clone(), content_type, body.clone())
            .await
            .error(400, "invalid_body");
        assert!(
            e["error"]["message"]
                .as_str()
                .unwrap()
                .contains("a JSON object with a `text` field"),
            "{body}"
        );
    }
    let long = format!(r#"{{"text":"{}"}}"#, "x".repeat(10_001));
    let e = post(uri.clone(), "application/json", long)
        .await
        .error(422, "invalid");
    assert_eq!(e["error"]["field"], "text");
    post(uri.clone(), "application/json", r#"{"text":"   "}"#.into())
        .await
        .error(422, "invalid");
    post(
        "/api/v1/records/abc/notes".into(),
        "application/json",
        r#"{"text":"x"}"#.into(),
    )
    .await
    .error(400, "invalid_id");
    post(
        "/api/v1/records/999999/notes".into(),
        "application/json",
        r#"{"text":"x"}"#.into(),
    )
    .await
    .error(404, "not_found");
    let notes = app.get(&uri).await.json();
    assert_eq!(
        notes["notes"].as_array().unwrap().len(),
        1,
        "nothing half-written"
    );
}

on_both_backends!(
    notes_take_json_and_refuse_bad_bodies_precisely,
    records_page_through_with_a_cursor_and_filters,
    aggregates_answer_with_keys_counts_and_the_total,
    bad_parameters_get_precise_errors_never_a_500,
    vocabularies_list_every_code_with_its_label_in_every_language,
    the_openapi_document_describes_every_route_and_filter,
    sources_and_health_report_what_is_loaded,
);

/// The API's own messages speak the language of `Accept-Language`; codes and fields do not
/// change, and neither do the headers of the answer.
#[tokio::test]
async fn api_messages_follow_accept_language() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let ask = |uri: &str, lang: &str, token: bool| {
        let mut request = axum::http::Request::get(uri).header("accept-language", lang);
        if token {
            request = request.header("authorization", format!("Bearer {}", app.admin_token));
        }
        app.send(request.body(axum::body::Body::empty()).unwrap())
    };
    let fr = ask("/api/v1/records?colour=red", "fr-HT,fr;q=0.9", true).await;
    let v = fr.error(400, "unknown_parameter");
    assert_eq!(v["error"]["field"], "colour");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("n’est pas un paramètre"),
        "{}",
        fr.body
    );
    let es = ask("/api/v1/records?colour=red", "es", true).await.json();
    assert!(
        es["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no es un parámetro")
    );
    let en = ask("/api/v1/records?colour=red", "de", true).await.json();
    assert!(
        en["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not a parameter")
    );
    let anonymous = ask("/api/v1/records", "fr", false).await;
    let v = anonymous.error(401, "unauthenticated");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("envoyez un jeton")
    );
    assert_eq!(
        anonymous.headers["www-authenticate"],
        "Bearer realm=\"faro\""
    );
    assert_eq!(anonymous.headers["cache-control"], "no-store");
    // The domain's problems and the store's refusals speak it too.
    for (lang, said) in [
        ("es", "`xx` no es un código de `gender`"),
        ("fr", "`xx` n’est pas un code de `gender`"),
        ("en", "`xx` is not a `gender` code"),
    ] {
        let bad = ask("/api/v1/records?gender=xx", lang, true).await;
        let v = bad.error(422, "invalid_parameter");
        assert_eq!(v["error"]["field"], "gender");
        let message = v["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(said), "{lang}: {message}");
        assert!(!message.contains("problem-"), "{message}");
    }
    let missing = ask("/api/v1/records/999999", "es", true).await;
    assert_eq!(
        missing.error(404, "not_found")["error"]["message"],
        "El registro 999999 no existe"
    );
    let nowhere = ask("/api/v2/nothing", "fr", false).await;
    assert!(
        nowhere.error(404, "not_found")["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("il n’y a rien")
    );
}
