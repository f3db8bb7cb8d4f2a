//! The public HSDS API at `/hsds/`: only public entries at public locations, whole and valid
//! against HSDS 3.0's own schemas (check-jsonschema); a confidential or partners' location
//! never appears, nor any sign of it; bad parameters refused with their names.

use super::app::TestApp;
use faro_domain::directory::Entry;
use faro_domain::{AccessContext, Role};
use faro_store::{DEFAULT_ORGANISATION, DirectoryImportOptions};
use faro_testkit::{TestDb, on_both_backends};
use serde_json::json;

const HIDDEN: &str = "Calle Escondida 9";

pub(crate) fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

pub(crate) fn entry(n: u32, audience: &str, location_audience: &str, street: &str) -> Entry {
    let tag = |id: u32, code: &str| {
        json!([{"id": uuid(id), "taxonomy_term": {"id": uuid(500), "code": code, "name": code,
            "description": code, "taxonomy": "faro-audience"}}])
    };
    faro_hsds::from_service(json!({
        "id": uuid(n), "name": format!("Refugio {n}"), "status": "active",
        "attributes": tag(600 + n, audience),
        "organization": {"id": uuid(900), "name": "Red de Apoyo", "description": "A network"},
        "service_at_locations": [{"id": uuid(100 + n), "location": {
            "id": uuid(200 + n), "location_type": "physical", "latitude": 40.4, "longitude": -3.7,
            "addresses": [{"id": uuid(300 + n), "address_1": street, "city": "Madrid",
                "state_province": "Madrid", "postal_code": "28001", "country": "ES", "address_type": "physical"}],
            "attributes": tag(400 + n, location_audience)
        }}]
    }))
    .unwrap()
}

async fn directory(db: TestDb) -> TestApp {
    let app = TestApp::new(db).await;
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let entries = [
        entry(1, "public", "public", "Plaza Mayor 1"),
        entry(2, "public", "confidential", HIDDEN),
        entry(3, "partners", "partners", "Calle Ancha 3"),
        entry(4, "public", "partners", "Calle Estrecha 4"),
    ];
    let options = DirectoryImportOptions {
        audience: faro_domain::directory::Audience::Partners,
        mark_vanished: true,
    };
    app.db
        .store()
        .import_directory(&admin, DEFAULT_ORGANISATION, &entries, options)
        .await
        .unwrap();
    app
}

async fn only_public_entries_at_public_locations_are_served(db: TestDb) {
    let app = directory(db).await;
    let root = app.anonymous("/hsds/").await.json();
    assert_eq!(root["version"], "3.0");
    assert!(
        root["openapi_url"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/openapi.json")
    );

    let services = app.anonymous("/hsds/services").await;
    assert_eq!(services.status, 200);
    let page = services.json();
    assert_eq!(page["total_items"], 3, "{page}");
    for hidden in [
        HIDDEN,
        "Calle Ancha",
        "Calle Estrecha",
        &uuid(202),
        &uuid(204),
        &uuid(3),
    ] {
        assert!(
            !services.body.contains(hidden),
            "{hidden} in {}",
            services.body
        );
    }
    assert!(services.body.contains("Plaza Mayor 1"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("services.json");
    std::fs::write(&file, &services.body).unwrap();
    faro_testkit::check_hsds_pages(&[file]);

    let one = app
        .anonymous(&format!("/hsds/services/{}", uuid(2)))
        .await
        .json();
    assert_eq!(
        one["service_at_locations"],
        json!([]),
        "nor a sign that it exists"
    );
    app.anonymous(&format!("/hsds/services/{}", uuid(3)))
        .await
        .error(404, "not_found");
    app.anonymous("/hsds/services/not-an-id")
        .await
        .error(404, "not_found");

    let organizations = app.anonymous("/hsds/organizations").await.json();
    assert_eq!(organizations["total_items"], 1);
    let org = app
        .anonymous(&format!("/hsds/organizations/{}", uuid(900)))
        .await
        .json();
    assert_eq!(org["name"], "Red de Apoyo");

    let places = app.anonymous("/hsds/service_at_locations").await;
    let listed = places.json();
    assert_eq!(listed["total_items"], 1, "{listed}");
    assert_eq!(listed["contents"][0]["location"]["id"], uuid(201));
    assert_eq!(listed["contents"][0]["service_id"], uuid(1));
    for n in [102, 103, 104] {
        app.anonymous(&format!("/hsds/service_at_locations/{}", uuid(n)))
            .await
            .error(404, "not_found");
    }
    let taxonomies = app.anonymous("/hsds/taxonomies").await.json();
    assert_eq!(taxonomies["total_items"], 3);
}

async fn search_paging_and_bad_parameters(db: TestDb) {
    let app = directory(db).await;
    let found = app
        .anonymous("/hsds/services?search=refugio%204")
        .await
        .json();
    assert_eq!(found["total_items"], 1);
    let second = app
        .anonymous("/hsds/services?per_page=2&page=2")
        .await
        .json();
    assert_eq!(
        (
            second["page_number"].as_u64(),
            second["total_pages"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert_eq!(second["contents"].as_array().unwrap().len(), 1);
    assert_eq!(second["last_page"], true);
    let future = app
        .anonymous("/hsds/services?modified_after=2999-01-01T00:00:00Z&full=true")
        .await
        .json();
    assert_eq!(future["total_items"], 0);
    let by_org = app
        .anonymous(&format!("/hsds/services?organization_id={}", uuid(900)))
        .await
        .json();
    assert_eq!(by_org["total_items"], 3);
    for (uri, status, code, field) in [
        ("/hsds/services?page=0", 422, "invalid_parameter", "page"),
        (
            "/hsds/services?per_page=101",
            422,
            "invalid_parameter",
            "per_page",
        ),
        (
            "/hsds/services?modified_after=yesterday",
            422,
            "invalid_parameter",
            "modified_after",
        ),
        (
            "/hsds/services?full=maybe",
            422,
            "invalid_parameter",
            "full",
        ),
        (
            "/hsds/services?taxonomy_id=x",
            400,
            "unknown_parameter",
            "taxonomy_id",
        ),
        (
            "/hsds/services?page=1&page=2",
            400,
            "duplicate_parameter",
            "page",
        ),
        (
            "/hsds/organizations?search=x",
            400,
            "unknown_parameter",
            "search",
        ),
    ] {
        let body = app.anonymous(uri).await.error(status, code);
        assert_eq!(body["error"]["field"], field, "{uri}");
    }
    let request = axum::http::Request::get(format!("/hsds/services/{}", uuid(3)))
        .header("accept-language", "es")
        .body(axum::body::Body::empty())
        .unwrap();
    let spanish = app.send(request).await.error(404, "not_found");
    assert!(
        spanish["error"]["message"]
            .as_str()
            .unwrap()
            .contains("entrada pública"),
        "{spanish}"
    );
}

on_both_backends!(
    only_public_entries_at_public_locations_are_served,
    search_paging_and_bad_parameters,
);

async fn staff_search_the_shared_directory_for_a_person(db: TestDb) {
    let app = directory(db).await;
    let other = app
        .db
        .store()
        .create_organisation(&AccessContext::instance(), "Other")
        .await
        .unwrap();
    let worker = super::app::token(app.db.store(), other, Role::Caseworker).await;
    let found = app
        .get_as(
            &worker,
            "/api/v1/directory/services?place=Madrid&within_km=30",
        )
        .await;
    assert_eq!(found.status, 200, "{}", found.body);
    let services = found.json()["services"].as_array().unwrap().clone();
    assert_eq!(services.len(), 4, "the partners' entry too: {services:?}");
    let confidential = services.iter().find(|s| s["id"] == uuid(2)).unwrap();
    assert_eq!(confidential["location"]["contact_to_arrange"], true);
    assert_eq!(
        confidential["location"]["latitude"],
        serde_json::Value::Null
    );
    assert_eq!(confidential["stale"], true, "nobody vouched for it");
    assert!(!found.body.contains(HIDDEN));

    let one = app
        .get_as(&worker, &format!("/api/v1/directory/services/{}", uuid(2)))
        .await;
    assert_eq!(one.status, 200);
    assert!(!one.body.contains(HIDDEN), "{}", one.body);
    assert_eq!(
        one.json()["service_at_locations"][0]["location"]["contact_to_arrange"],
        true
    );
    let own = app
        .get(&format!("/api/v1/directory/services/{}", uuid(2)))
        .await;
    assert!(own.body.contains(HIDDEN), "its keeper reads it whole");

    for (uri, status, code, field) in [
        (
            "/api/v1/directory/services?need=haircut",
            422,
            "invalid_parameter",
            "need",
        ),
        (
            "/api/v1/directory/services?near=91,0",
            422,
            "invalid_parameter",
            "near",
        ),
        (
            "/api/v1/directory/services?near=north",
            422,
            "invalid_parameter",
            "near",
        ),
        (
            "/api/v1/directory/services?place=Qxzvworth",
            422,
            "invalid_parameter",
            "place",
        ),
        (
            "/api/v1/directory/services?place=Madrid&near=1,1",
            400,
            "conflicting_parameters",
            "place",
        ),
        (
            "/api/v1/directory/services?language=english",
            422,
            "invalid_parameter",
            "language",
        ),
        (
            "/api/v1/directory/services?within_km=0",
            422,
            "invalid_parameter",
            "within_km",
        ),
        (
            "/api/v1/directory/services?beds=maybe",
            422,
            "invalid_parameter",
            "beds",
        ),
        (
            "/api/v1/directory/services?zip=28001",
            400,
            "unknown_parameter",
            "zip",
        ),
    ] {
        let reply = app.get_as(&worker, uri).await;
        assert_eq!(reply.status.as_u16(), status, "{uri}: {}", reply.body);
        let body = reply.error(status, code);
        assert_eq!(body["error"]["field"], field, "{uri}");
    }
    let viewer = super::app::token(app.db.store(), other, Role::Viewer).await;
    app.get_as(&viewer, "/api/v1/directory/services")
        .await
        .error(403, "forbidden");
}

on_both_backends!(staff_search_the_shared_directory_for_a_person);
