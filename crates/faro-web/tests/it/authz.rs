//! The authorisation matrix, generated from the router's route table: every route × no
//! credentials × every role × own or other organisation. A new route without an entry in the
//! table cannot exist, and a route added to the table is checked here without a new test.

use super::app::{TestApp, token};
use super::case_fixtures::{
    Case, body_for, casework, fresh_case, get_status, scan_picture, waiting,
};
use faro_domain::vocab::Vocabulary;
use faro_domain::{Permission, Role};
use faro_testkit::{TestDb, on_both_backends};

/// An organisation's things that routes name by id.
#[derive(Clone, Copy)]
struct Ids {
    record: i64,
    report: i64,
    attachment: i64,
    case: Case,
    /// A confidential directory entry of the organisation (only its own staff find it).
    entry: u32,
}

/// A concrete URI for a route: `{id}` becomes a record, a report, a case or a case's referral
/// of the organisation of `ids`, `{attachment}` that report's photo, `{service_id}`, `{task_id}` and
/// `{consent_id}` the case's.
fn uri(method: &str, path: &str, ids: Ids) -> String {
    let id = if path.starts_with("/reports") {
        ids.report
    } else if path.starts_with("/referrals") {
        ids.case.referral
    } else if path.starts_with("/cases") {
        ids.case.id
    } else {
        ids.record
    };
    let id = if path.starts_with("/directory") {
        entry_id(ids.entry)
    } else {
        id.to_string()
    };
    let path = path.replace("{id}", &id);
    let path = ids
        .case
        .uri(&path, method)
        .replace("{attachment}", &ids.attachment.to_string());
    let query = if path == "/aggregate" { "?by=year" } else { "" };
    format!("/api/v1{path}{query}")
}

fn entry_id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// A confidential directory entry `n` kept by `organisation`.
async fn confidential_entry(
    store: &faro_store::Store,
    organisation: faro_domain::OrganisationId,
    n: u32,
) -> u32 {
    let entry = faro_hsds::from_service(serde_json::json!({
        "id": entry_id(n), "name": "Casa", "status": "active",
        "organization": {"id": entry_id(n + 1), "name": "Red", "description": "A network"}
    }))
    .unwrap();
    let options = faro_store::DirectoryImportOptions {
        audience: faro_domain::directory::Audience::Confidential,
        mark_vanished: false,
    };
    store
        .import_directory(
            &faro_domain::AccessContext::instance(),
            organisation,
            &[entry],
            options,
        )
        .await
        .unwrap();
    n
}

/// A report with a photo received by `organisation`: its id and the photo's.
async fn report_of(
    store: &faro_store::Store,
    organisation: faro_domain::OrganisationId,
) -> (i64, i64) {
    let id = faro_testkit::submit_web_report(
        store,
        organisation,
        "Workers sleep in the packing shed",
        "",
    )
    .await
    .id;
    (id, faro_testkit::first_photo(store, organisation, id).await)
}

async fn every_route_answers_each_role_as_the_table_says(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let other = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Other")
        .await
        .unwrap();
    faro_testkit::import_generated(&store, 1, 5).await;
    faro_testkit::import_generated_for(&store, other, 2, 5).await;
    let own_record = store
        .records(
            &faro_domain::AccessContext::member(faro_store::DEFAULT_ORGANISATION, Role::Admin),
            &Default::default(),
            None,
            1,
        )
        .await
        .unwrap()[0]
        .id;
    let other_record = store
        .records(
            &faro_domain::AccessContext::member(other, Role::Admin),
            &Default::default(),
            None,
            1,
        )
        .await
        .unwrap()[0]
        .id;
    let own_work = casework(&store, faro_store::DEFAULT_ORGANISATION).await;
    let other_work = casework(&store, other).await;
    let (report, attachment) = report_of(&store, faro_store::DEFAULT_ORGANISATION).await;
    let own_ids = Ids {
        record: own_record,
        report,
        attachment,
        case: fresh_case(&store, &own_work, None).await,
        entry: confidential_entry(&store, faro_store::DEFAULT_ORGANISATION, 10).await,
    };
    let (report, attachment) = report_of(&store, other).await;
    let other_ids = Ids {
        record: other_record,
        report,
        attachment,
        case: waiting(
            &store,
            &other_work,
            fresh_case(&store, &other_work, None).await,
        )
        .await,
        entry: confidential_entry(&store, other, 20).await,
    };
    let routes = faro_web::route_table();
    assert!(routes.len() >= 6);
    let mut checked = 0;
    for route in &routes {
        assert!(
            ["GET", "POST", "PUT"].contains(&route.method),
            "add the method to this test when routes gain others"
        );
        let call = |token: Option<String>, uri: String, case: Case| {
            let app = &app;
            let method = route.method;
            async move {
                let mut request = axum::http::Request::builder().method(method).uri(uri);
                if let Some(t) = token {
                    request = request.header("authorization", format!("Bearer {t}"));
                }
                let body = if method == "POST" {
                    request = request.header("content-type", "application/json");
                    axum::body::Body::from(body_for(route.path, case).0)
                } else if method == "PUT" {
                    request = request.header("content-type", "image/jpeg");
                    axum::body::Body::from(scan_picture())
                } else {
                    axum::body::Body::empty()
                };
                app.send(request.body(body).unwrap()).await
            }
        };
        let own = uri(route.method, route.path, own_ids);
        call(None, own.clone(), own_ids.case)
            .await
            .error(401, "unauthenticated");
        let forged = format!("faro_{}", "0".repeat(64));
        call(Some(forged), own.clone(), own_ids.case)
            .await
            .error(401, "unauthenticated");
        for role in Role::ALL {
            let secret = token(&store, faro_store::DEFAULT_ORGANISATION, *role).await;
            let allowed = role.permissions().contains(&route.permission);
            // A case route is answered on a fresh case that the token's user supervises, so
            // that each change finds the case as it needs it.
            let mut own_ids = own_ids;
            let casework_route =
                route.path.starts_with("/cases/") || route.path.starts_with("/referrals");
            if (route.path.contains("{id}") || route.path == "/referrals")
                && casework_route
                && allowed
            {
                let user = store.authenticate_token(&secret).await.unwrap().user();
                own_ids.case = fresh_case(&store, &own_work, user).await;
                if route.path.ends_with("/decision") {
                    own_ids.case = waiting(&store, &own_work, own_ids.case).await;
                }
            }
            let own = uri(route.method, route.path, own_ids);
            let reply = call(Some(secret.clone()), own, own_ids.case).await;
            let ok = match route.method {
                "POST" => body_for(route.path, own_ids.case).1,
                "PUT" => 201,
                _ => get_status(route.path),
            };
            let expected = if allowed { ok } else { 403 };
            assert_eq!(
                reply.status.as_u16(),
                expected,
                "{} {} as {}: {}",
                route.method,
                route.path,
                role.code(),
                reply.body
            );
            if route.path.contains("{id}") && allowed {
                let foreign = call(
                    Some(secret),
                    uri(route.method, route.path, other_ids),
                    other_ids.case,
                )
                .await;
                foreign.error(404, "not_found");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, routes.len() * Role::ALL.len());
}

async fn a_token_sees_only_its_organisations_records(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let red = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Red")
        .await
        .unwrap();
    faro_testkit::import_generated(&store, 3, 40).await;
    let red_source = faro_testkit::import_generated_for(&store, red, 4, 25).await;
    let red_token = token(&store, red, Role::Analyst).await;
    let page = app
        .get_as(&red_token, "/api/v1/records?limit=1000")
        .await
        .json();
    let records = page["records"].as_array().unwrap();
    assert_eq!(records.len(), 25);
    assert!(records.iter().all(|r| r["source_id"] == red_source));
    let agg = app
        .get_as(&red_token, "/api/v1/aggregate?by=gender")
        .await
        .json();
    assert_eq!(agg["total_records"], 25);
    let viewer = token(&store, red, Role::Viewer).await;
    app.get_as(&viewer, "/api/v1/records")
        .await
        .error(403, "forbidden");
    // A viewer may not read the records: the total is controlled, from the release, within
    // its noise.
    app.release_statistics(faro_privacy::Policy::default())
        .await;
    let controlled = app
        .get_as(&viewer, "/api/v1/aggregate?by=year")
        .await
        .json();
    assert_eq!(controlled["controlled"], true);
    let margin = controlled["release"]["margin_95"].as_u64().unwrap();
    if let Some(total) = controlled["total_records"].as_u64() {
        assert!(total.abs_diff(25) <= 2 * margin, "{total} ± {margin}");
    }
    assert!(controlled["release"]["id"].is_i64(), "{controlled}");
}

async fn expired_revoked_and_disabled_tokens_are_refused(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let user = store
        .create_user(
            &faro_domain::AccessContext::instance(),
            faro_store::DEFAULT_ORGANISATION,
            &faro_testkit::email("ana@test.invalid"),
            Role::Analyst,
        )
        .await
        .unwrap();
    let expired = store
        .create_token(
            &faro_domain::AccessContext::instance(),
            &user,
            None,
            &faro_testkit::token_name("old"),
            -1,
        )
        .await
        .unwrap();
    app.get_as(&expired.secret, "/api/v1/sources")
        .await
        .error(401, "unauthenticated");
    let live = store
        .create_token(
            &faro_domain::AccessContext::instance(),
            &user,
            Some(Role::Viewer),
            &faro_testkit::token_name("narrow"),
            3600,
        )
        .await
        .unwrap();
    assert_eq!(
        app.get_as(&live.secret, "/api/v1/sources").await.status,
        200
    );
    app.get_as(&live.secret, "/api/v1/records")
        .await
        .error(403, "forbidden");
    let wide = store
        .create_token(
            &faro_domain::AccessContext::instance(),
            &user,
            Some(Role::Admin),
            &faro_testkit::token_name("wide"),
            3600,
        )
        .await;
    assert!(wide.is_err(), "a token never has more rights than its user");
    store
        .revoke_token(&faro_domain::AccessContext::instance(), live.id)
        .await
        .unwrap();
    app.get_as(&live.secret, "/api/v1/sources")
        .await
        .error(401, "unauthenticated");
    let another = store
        .create_token(
            &faro_domain::AccessContext::instance(),
            &user,
            None,
            &faro_testkit::token_name("x"),
            3600,
        )
        .await
        .unwrap();
    store
        .disable_user(&faro_domain::AccessContext::instance(), "ana@test.invalid")
        .await
        .unwrap();
    app.get_as(&another.secret, "/api/v1/sources")
        .await
        .error(401, "unauthenticated");
    let reply = app.anonymous("/api/v1/sources").await;
    assert_eq!(reply.headers["www-authenticate"], "Bearer realm=\"faro\"");
    assert!(
        !format!("{another:?}").contains(&another.secret),
        "Debug never shows a secret"
    );
}

on_both_backends!(
    every_route_answers_each_role_as_the_table_says,
    a_token_sees_only_its_organisations_records,
    expired_revoked_and_disabled_tokens_are_refused,
);

#[test]
fn every_permission_is_used_by_some_role_and_records_need_more_than_aggregates() {
    assert!(
        Role::ALL
            .iter()
            .any(|r| r.permissions().contains(&Permission::Records))
    );
    assert!(Role::Viewer.permissions() == [Permission::Aggregates]);
}

async fn every_record_read_is_audited_with_the_ids_returned(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(9, 12).await;
    let page = app.get("/api/v1/records?limit=5").await.json();
    let ids: Vec<i64> = page["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    app.get(&format!("/api/v1/records/{}", ids[0])).await;
    app.get("/api/v1/aggregate?by=year").await;
    let entries = app.db.store().audit_entries().await.unwrap();
    let reads: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "records.read")
        .collect();
    assert_eq!(
        reads.len(),
        2,
        "one entry per request that reads records, none for aggregates"
    );
    assert_eq!(
        reads[0].detail,
        serde_json::json!({ "ids": ids }).to_string()
    );
    assert!(
        reads[0].actor.starts_with("token ")
            && reads[0].actor.contains(" of user ")
            && !reads[0].actor.contains('@'),
        "{}",
        reads[0].actor
    );
    assert_eq!(reads[0].chain, "organisation 1");
    app.db.store().verify_audit().await.unwrap().unwrap();
}

on_both_backends!(every_record_read_is_audited_with_the_ids_returned);

/// The pages' matrix, from their own table: every page route × no session × every role.
/// Without a session, a page needing one redirects to `/sign-in` (GET) or is refused (POST);
/// with one, a role lacking the permission gets 403, and a POST without the form's CSRF
/// token is refused whatever the role.
async fn every_page_answers_each_role_as_its_table_says(db: TestDb) {
    use super::app::{Browser, person};
    use faro_web::Need;
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let mut people = Vec::new();
    for role in Role::ALL {
        people.push((
            *role,
            person(
                &store,
                faro_store::DEFAULT_ORGANISATION,
                *role,
                "a long pass phrase",
            )
            .await,
        ));
    }
    let routes = faro_web::page_table();
    let mut checked = 0;
    for route in &routes {
        let mut anonymous = Browser::new(&app);
        let reply = match route.method {
            "GET" => anonymous.get(route.path).await,
            _ => anonymous.post(route.path, &[]).await,
        };
        let public = matches!(route.need, Need::Nothing | Need::Public);
        assert!(
            route.need != Need::Nothing || route.method == "GET",
            "{} {}: only GET routes may skip the session",
            route.method,
            route.path
        );
        let expected = match (public, route.method) {
            (true, "GET") => reply.status.as_u16(),
            (true, _) => 403,
            (_, "GET") => 303,
            _ => 403,
        };
        assert_eq!(
            reply.status.as_u16(),
            expected,
            "{} {} without a session",
            route.method,
            route.path
        );
        if public {
            assert!(
                reply.status.as_u16() < 500,
                "{} {}",
                route.method,
                route.path
            );
            continue;
        }
        for (role, email) in &people {
            let allowed = match route.need {
                Need::Permission(p) => role.permissions().contains(&p),
                _ => true,
            };
            let mut b = Browser::new(&app);
            assert_eq!(b.sign_in(email, "a long pass phrase", "").await.status, 303);
            let csrf = b.csrf.clone();
            let (without, with) = if route.method == "GET" {
                (None, b.get(route.path).await)
            } else {
                (
                    Some(b.post(route.path, &[]).await),
                    b.post(route.path, &[("csrf", &csrf)]).await,
                )
            };
            if let Some(without) = without {
                assert_eq!(
                    without.status,
                    403,
                    "{} {} as {} without a CSRF token",
                    route.method,
                    route.path,
                    role.code()
                );
            }
            let status = with.status.as_u16();
            if allowed {
                assert!(
                    status != 403 && status < 500,
                    "{} {} as {}: {status} {}",
                    route.method,
                    route.path,
                    role.code(),
                    with.body
                );
            } else {
                assert_eq!(
                    status,
                    403,
                    "{} {} as {}",
                    route.method,
                    route.path,
                    role.code()
                );
            }
            checked += 1;
        }
    }
    let guarded = routes
        .iter()
        .filter(|r| matches!(r.need, Need::SignedIn | Need::Permission(_)))
        .count();
    assert!(guarded >= 12, "{guarded}");
    assert_eq!(checked, guarded * Role::ALL.len());
}

on_both_backends!(every_page_answers_each_role_as_its_table_says);
