//! Case management through its pages, as people use them: an operator opens a case from a
//! report after searching, an admin makes a team, its supervisor assigns the case, the case
//! worker records consent, plans, a service and a task, the task goes overdue and shows first,
//! steps wait for a supervisor who never approves their own; a second editor's save is refused
//! with what changed; bad and hostile input names its box and changes nothing; other
//! organisations' cases do not exist.

use super::app::{Browser, Reply, TestApp, person};
use axum::http::StatusCode;
use faro_domain::Role;
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};

const PASS: &str = "a long pass phrase";

/// A browser signed in as a new member of `org` in `role`, and their user id.
async fn member(app: &TestApp, org: faro_domain::OrganisationId, role: Role) -> (Browser<'_>, i64) {
    let email = person(app.db.store(), org, role, PASS).await;
    let id = app.db.store().user(&email).await.unwrap().id;
    let mut b = Browser::new(app);
    b.sign_in(&email, PASS, "").await;
    (b, id)
}

/// Posts `fields` to `uri` with the CSRF token of the page at `page`.
async fn post_from(b: &mut Browser<'_>, page: &str, uri: &str, fields: &[(&str, &str)]) -> Reply {
    b.get(page).await;
    let csrf = b.csrf.clone();
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    b.post(uri, &all).await
}

/// An action on case `id` from its page, with the version the page shows.
async fn act(b: &mut Browser<'_>, id: i64, fields: &[(&str, &str)]) -> Reply {
    let page = b.get(&format!("/cases/{id}")).await;
    let version = version_of(&page.body);
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push(("version", &version));
    post_from(b, &format!("/cases/{id}"), &format!("/cases/{id}"), &all).await
}

fn version_of(html: &str) -> String {
    let at = html
        .find("name=\"version\" value=\"")
        .expect("a form with the case's version")
        + 22;
    html[at..].split('"').next().unwrap().to_string()
}

fn case_id(reply: &Reply) -> i64 {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let to = reply.headers["location"].to_str().unwrap();
    to.trim_start_matches("/cases/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn saved(reply: &Reply) {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply.headers["location"]
            .to_str()
            .unwrap()
            .contains("done=saved")
    );
}

async fn a_case_goes_from_a_report_to_its_closure(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let report = faro_testkit::submit_web_report(
        &store,
        DEFAULT_ORGANISATION,
        "A girl is kept in a bar",
        "Tegucigalpa",
    )
    .await;
    let (mut admin, _) = member(&app, DEFAULT_ORGANISATION, Role::Admin).await;
    let (mut operator, _) = member(&app, DEFAULT_ORGANISATION, Role::Operator).await;
    let (mut supervisor, supervisor_id) =
        member(&app, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let (mut worker, worker_id) = member(&app, DEFAULT_ORGANISATION, Role::Caseworker).await;
    // The operator opens a case from the report, after searching for the person.
    let r = report.id;
    let inbox = operator.get(&format!("/inbox/{r}")).await;
    assert!(
        inbox.body.contains(&format!("/cases/new?report={r}")),
        "the inbox offers a case"
    );
    let search = operator
        .get(&format!("/cases/new?report={r}&q=Dania%20Flores"))
        .await;
    assert!(
        search.body.contains("id=\"matches\"")
            && search.body.contains("No case of your organisation matches")
    );
    let rid = r.to_string();
    let opened = post_from(
        &mut operator,
        "/cases/new",
        "/cases/new",
        &[
            ("report", &rid),
            ("name", "Dania Flores"),
            ("contact_kind_0", "phone"),
            ("contact_value_0", "+504 3333 4444"),
            ("contact_safe_0", "on"),
        ],
    )
    .await;
    let id = case_id(&opened);
    let again = operator.get("/cases/new?q=Dania%20Flore").await;
    assert!(
        again.body.contains(&format!("href=\"/cases/{id}\"")),
        "a mistyped name finds it"
    );
    // The admin makes a team; its supervisor assigns the case to a case worker.
    saved(
        &post_from(
            &mut admin,
            "/admin/teams",
            "/admin/teams",
            &[("name", "North")],
        )
        .await,
    );
    let team = store
        .teams(
            &faro_domain::AccessContext::instance(),
            DEFAULT_ORGANISATION,
        )
        .await
        .unwrap()[0]
        .id;
    for (user, supervises) in [(supervisor_id, "on"), (worker_id, "")] {
        let (u, path) = (user.to_string(), format!("/admin/teams/{team}"));
        saved(
            &post_from(
                &mut admin,
                "/admin/teams",
                &path,
                &[("action", "add"), ("user", &u), ("supervises", supervises)],
            )
            .await,
        );
    }
    let list = supervisor.get("/cases").await;
    assert!(list.body.contains("Cases not yet assigned") && list.body.contains("Dania Flores"));
    let (w, t) = (worker_id.to_string(), team.to_string());
    saved(
        &act(
            &mut supervisor,
            id,
            &[("action", "assign"), ("assignee", &w), ("team", &t)],
        )
        .await,
    );
    assert_eq!(
        operator.get(&format!("/cases/{id}")).await.status,
        StatusCode::NOT_FOUND,
        "the operator's view ends at assignment"
    );
    // The case worker records consent, an assessment, a safety plan, a service and a task.
    saved(&act(&mut worker, id, &[("action", "step"), ("to", "assessment")]).await);
    saved(
        &act(
            &mut worker,
            id,
            &[
                ("action", "consent"),
                ("purpose", "statistics"),
                ("state", "given"),
                ("means", "spoken"),
            ],
        )
        .await,
    );
    saved(
        &act(
            &mut worker,
            id,
            &[
                ("action", "plan"),
                ("kind", "assessment"),
                ("needs", "Shelter and a doctor"),
                ("wishes", "Go home"),
            ],
        )
        .await,
    );
    saved(
        &act(
            &mut worker,
            id,
            &[
                ("action", "plan"),
                ("kind", "safety"),
                ("risks", "The bar owner knows her cousin"),
                ("if_contacted", "Call the hotline"),
            ],
        )
        .await,
    );
    saved(
        &act(
            &mut worker,
            id,
            &[
                ("action", "service"),
                ("service", "safe_housing"),
                ("status", "delivered"),
                ("delivered", "2026-01-05"),
                ("provider", "Casa Esperanza"),
            ],
        )
        .await,
    );
    saved(
        &act(
            &mut worker,
            id,
            &[
                ("action", "task"),
                ("title", "Court date reminder"),
                ("due", "2020-01-01"),
            ],
        )
        .await,
    );
    let mine = worker.get("/cases").await;
    let overdue = mine
        .body
        .find("Overdue tasks")
        .expect("overdue tasks listed");
    assert!(overdue < mine.body.find("All my cases").unwrap(), "first");
    assert!(mine.body.contains("Court date reminder"));
    let file = worker.get(&format!("/cases/{id}?tab=services")).await;
    assert!(file.body.contains("Casa Esperanza") && file.body.contains("Safe housing or shelter"));
    let plans = worker.get(&format!("/cases/{id}?tab=plans")).await;
    assert!(
        plans.body.contains("The bar owner knows her cousin") && plans.body.contains("Version 1")
    );
    // Plan and closure wait for the supervisor; the worker cannot approve.
    saved(&act(&mut worker, id, &[("action", "step"), ("to", "plan")]).await);
    let refused = act(&mut worker, id, &[("action", "approve")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("only a supervisor"),
        "{}",
        refused.body
    );
    saved(&act(&mut supervisor, id, &[("action", "approve")]).await);
    saved(&act(&mut worker, id, &[("action", "step"), ("to", "services")]).await);
    saved(
        &act(
            &mut worker,
            id,
            &[
                ("action", "close"),
                ("reason", "goals_met"),
                ("summary", "Housed, back at school"),
            ],
        )
        .await,
    );
    assert!(
        supervisor
            .get("/cases")
            .await
            .body
            .contains("Waiting for my approval")
    );
    saved(&act(&mut supervisor, id, &[("action", "approve")]).await);
    let closed = worker.get(&format!("/cases/{id}?tab=timeline")).await;
    assert!(closed.body.contains(">Closed<"), "{}", closed.body);
    // Everything held about the person, for a subject access request.
    let export = worker.get(&format!("/cases/{id}/export")).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("case-{id}.json"))
    );
    let doc = export.json();
    assert_eq!(doc["person"]["names"][0], "Dania Flores");
    assert_eq!(doc["consents"][0]["purpose"]["code"], "statistics");
    assert_eq!(doc["services"][0]["provider"], "Casa Esperanza");
    assert_eq!(doc["status"]["label"], "Closed");
    assert!(doc["history"].as_array().unwrap().len() > 10);
    let entries = store.audit_entries().await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "case.export" && !e.detail.contains("Dania"))
    );
    let file = store
        .case_file(&faro_domain::AccessContext::instance(), id)
        .await
        .unwrap();
    assert_eq!(
        (file.head.status, file.head.report),
        (faro_domain::case::CaseStatus::Closed, Some(r))
    );
}

async fn a_second_save_and_bad_input_change_nothing(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let (mut admin, _) = member(&app, DEFAULT_ORGANISATION, Role::Admin).await;
    let id = case_id(
        &post_from(
            &mut admin,
            "/cases/new",
            "/cases/new",
            &[("name", "Iris Peña")],
        )
        .await,
    );
    // Two editors from the same version: the second is told what changed.
    let page = admin.get(&format!("/cases/{id}")).await;
    let v = version_of(&page.body);
    let path = format!("/cases/{id}");
    saved(
        &post_from(
            &mut admin,
            &path,
            &path,
            &[
                ("action", "person"),
                ("version", &v),
                ("name", "Iris Peña Soto"),
            ],
        )
        .await,
    );
    let late = post_from(
        &mut admin,
        &path,
        &path,
        &[("action", "person"), ("version", &v), ("name", "Iris P.")],
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    assert!(
        late.body.contains("person.names") && late.body.contains("value=\"Iris P.\""),
        "told what changed, with what they typed"
    );
    let names = |store: faro_store::Store| async move {
        store
            .case_file(&faro_domain::AccessContext::instance(), id)
            .await
            .unwrap()
            .person
            .names
    };
    assert_eq!(names(store.clone()).await, ["Iris Peña Soto"]);
    // Each bad box is named, in the reader's language, and nothing is written.
    let before = store
        .case_file(&faro_domain::AccessContext::instance(), id)
        .await
        .unwrap()
        .head
        .version;
    for (fields, said, code) in [
        (
            vec![("action", "task"), ("title", "Call"), ("due", "31/12/2026")],
            "Due on:",
            422,
        ),
        (
            vec![("action", "task"), ("title", ""), ("due", "2026-12-31")],
            "Task:",
            422,
        ),
        (
            vec![("action", "person"), ("name", "Iris\u{202e}Peña")],
            "Name the person uses:",
            422,
        ),
        (
            vec![
                ("action", "person"),
                ("name", "Iris"),
                ("birth_date", "2023-02-30"),
            ],
            "Birth",
            422,
        ),
        (
            vec![
                ("action", "consent"),
                ("purpose", "everything"),
                ("state", "given"),
                ("means", "spoken"),
            ],
            "Consent:",
            422,
        ),
        (
            vec![("action", "plan"), ("kind", "safety")],
            "write at least one section",
            422,
        ),
        (
            vec![("action", "step"), ("to", "closed")],
            "is not one of `goals_met`",
            422,
        ),
        (
            vec![("action", "delete_everything")],
            "does not know that action",
            400,
        ),
    ] {
        let reply = act(&mut admin, id, &fields).await;
        assert_eq!(reply.status.as_u16(), code, "{fields:?}: {}", reply.body);
        assert!(
            reply.body.contains(said),
            "{fields:?} should say {said}: {}",
            reply.body
        );
    }
    let es = admin.get(&format!("/cases/{id}?lang=es")).await;
    assert!(es.body.contains("Persona gestora"));
    let reply = act(
        &mut admin,
        id,
        &[("action", "task"), ("title", "Llamar"), ("due", "mañana")],
    )
    .await;
    assert!(
        reply.body.contains("Para el:") && reply.body.contains("AAAA-MM-DD"),
        "in Spanish: {}",
        reply.body
    );
    assert_eq!(
        store
            .case_file(&faro_domain::AccessContext::instance(), id)
            .await
            .unwrap()
            .head
            .version,
        before
    );
    // A body far over the limit is refused before it is read.
    let huge = "x".repeat(2 << 20);
    let big = post_from(
        &mut admin,
        &path,
        &path,
        &[("action", "person"), ("name", &huge)],
    )
    .await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(names(store.clone()).await, ["Iris Peña Soto"]);
}

async fn other_organisations_cases_do_not_exist(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let red = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Red")
        .await
        .unwrap();
    let (mut admin, _) = member(&app, DEFAULT_ORGANISATION, Role::Admin).await;
    let (mut stranger, _) = member(&app, red, Role::Admin).await;
    let (mut analyst, _) = member(&app, DEFAULT_ORGANISATION, Role::Analyst).await;
    let (mut worker, _) = member(&app, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let id = case_id(
        &post_from(
            &mut admin,
            "/cases/new",
            "/cases/new",
            &[("name", "Lucía Gómez")],
        )
        .await,
    );
    assert_eq!(
        stranger.get(&format!("/cases/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        stranger.get(&format!("/cases/{id}/export")).await.status,
        StatusCode::NOT_FOUND
    );
    let path = format!("/cases/{id}");
    let forged = post_from(
        &mut stranger,
        "/cases",
        &path,
        &[("action", "task"), ("title", "x"), ("due", "2026-01-01")],
    )
    .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    assert!(
        !stranger
            .get("/cases/new?q=Lucia%20Gomez")
            .await
            .body
            .contains("possible match"),
        "another organisation's search"
    );
    assert_eq!(analyst.get("/cases").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        worker.get(&path).await.status,
        StatusCode::NOT_FOUND,
        "not theirs, not their team's"
    );
    let search = worker.get("/cases/new?q=Lucia%20Gomes").await;
    assert!(
        search
            .body
            .contains("A possible match is in a case you cannot see")
            && !search.body.contains("Lucía"),
        "{}",
        search.body
    );
    let team = stranger.get("/admin/teams").await;
    assert_eq!(team.status, StatusCode::OK);
    let own_team = store
        .create_team(
            &faro_domain::AccessContext::instance(),
            DEFAULT_ORGANISATION,
            &faro_domain::DisplayName::parse("Blue").unwrap(),
        )
        .await
        .unwrap();
    let into = post_from(
        &mut stranger,
        "/admin/teams",
        &format!("/admin/teams/{own_team}"),
        &[("action", "add"), ("user", "1")],
    )
    .await;
    assert_eq!(
        into.status,
        StatusCode::NOT_FOUND,
        "another organisation's team: {}",
        into.body
    );
}

/// The printable summary speaks the person's language (or the one chosen), leaves the safety
/// plan out unless asked, is audited as an export, and exists only within the case's scope.
async fn the_person_gets_a_summary_in_their_language(db: TestDb) {
    use faro_domain::case::{
        ConsentMeans, ConsentPurpose, ConsentState, Day, PlanKind, ServiceKind, ServiceStatus,
    };
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let (mut b, me) = member(&app, DEFAULT_ORGANISATION, Role::Admin).await;
    let ctx = faro_domain::AccessContext::member(DEFAULT_ORGANISATION, Role::Admin)
        .for_user(me)
        .acting_as(format!("user {me}"));
    let person = faro_domain::case::person::Person {
        names: vec!["Awa Diallo".into()],
        languages: vec!["wo".into(), "fr".into()],
        ..Default::default()
    };
    let new = faro_store::NewCase {
        person: person.check().unwrap(),
        report: None,
        record: None,
    };
    let id = store.open_case(&ctx, new).await.unwrap();
    let v = store.case_file(&ctx, id).await.unwrap().head.version;
    store
        .assign_case(&ctx, id, v, Some(me), None)
        .await
        .unwrap();
    let consent = faro_store::ConsentInput {
        purpose: ConsentPurpose::Services,
        state: ConsentState::Given,
        means: ConsentMeans::Spoken,
        until: Some(Day::parse("2031-03-01", "until").unwrap()),
        partners: Vec::new(),
        given_by: None,
    };
    store.record_consent(&ctx, id, consent).await.unwrap();
    let v = store.case_file(&ctx, id).await.unwrap().head.version;
    let safe_place = "Maison des Lilas, 12 rue Haute";
    let sections = vec![("safe_places".to_string(), safe_place.to_string())];
    store
        .save_plan(&ctx, id, v, PlanKind::Safety, sections)
        .await
        .unwrap();
    let service = faro_store::NewService {
        kind: ServiceKind::Legal,
        status: ServiceStatus::Arranged,
        planned: Some(Day::parse("2031-01-15", "planned").unwrap()),
        delivered: None,
        provider: Some("Avocats sans frontières".into()),
        outcome: None,
    };
    store.save_service(&ctx, id, None, service).await.unwrap();

    let page = b.get(&format!("/cases/{id}/summary?lang=en")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        page.headers["content-language"], "fr",
        "the person's first language Faro speaks"
    );
    for said in [
        "Votre plan d’accompagnement",
        "Aide juridique",
        "2031-01-15",
        "Avocats sans frontières",
        "jusqu’au 2031-03-01",
    ] {
        assert!(page.body.contains(said), "{said} in {}", page.body);
    }
    assert!(
        page.body.contains("Back to the case"),
        "the case worker's own words stay theirs"
    );
    assert!(
        !page.body.contains(safe_place),
        "no safe place on paper unless asked"
    );
    let spanish = b.get(&format!("/cases/{id}/summary?in=es&safety=1")).await;
    assert_eq!(spanish.headers["content-language"], "es");
    assert!(
        spanish.body.contains("Su plan de seguridad") && spanish.body.contains(safe_place),
        "{}",
        spanish.body
    );
    assert_eq!(
        app.db
            .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'case.export'")
            .await,
        2,
        "each summary is audited as an export"
    );
    let other = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Other")
        .await
        .unwrap();
    let (mut stranger, _) = member(&app, other, Role::Admin).await;
    let theirs = stranger.get(&format!("/cases/{id}/summary")).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert!(!theirs.body.contains("Awa"));
}

async fn a_signed_form_is_scanned_from_the_consent_tab(db: TestDb) {
    use super::app::{multipart, post_multipart};
    let app = TestApp::new(db).await;
    let (mut b, _) = member(&app, DEFAULT_ORGANISATION, Role::Admin).await;
    let opened = post_from(
        &mut b,
        "/cases/new",
        "/cases/new",
        &[("name", "Amina Yusuf")],
    )
    .await;
    let id = case_id(&opened);
    let consent = [
        ("action", "consent"),
        ("purpose", "services"),
        ("state", "given"),
        ("means", "signed_form"),
    ];
    saved(&act(&mut b, id, &consent).await);
    let tab = format!("/cases/{id}?tab=consent");
    let page = b.get(&tab).await;
    assert!(page.body.contains("Attach the scan"), "{}", page.body);
    let at = page.body.find("/consents/").expect("the scan's form") + "/consents/".len();
    let consent_id: i64 = page.body[at..].split('/').next().unwrap().parse().unwrap();
    let uri = format!("/cases/{id}/consents/{consent_id}/scan");
    let csrf = b.csrf.clone();
    let send = |files: Vec<(&'static str, Vec<u8>)>| {
        let files: Vec<(&str, &[u8])> = files.iter().map(|(n, f)| (*n, f.as_slice())).collect();
        multipart(&[("csrf", &csrf)], &files)
    };
    let bad = post_multipart(
        &mut b,
        &uri,
        send(vec![("scan", b"not a picture".to_vec())]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("The scan: this file is not a picture"),
        "{}",
        bad.body
    );
    let none = post_multipart(&mut b, &uri, send(Vec::new())).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("Choose the picture"), "{}", none.body);
    let two = send(vec![
        ("scan", super::cases_api::jpeg_with_exif(8, 8)),
        ("scan", super::cases_api::jpeg_with_exif(8, 8)),
    ]);
    let two = post_multipart(&mut b, &uri, two).await;
    assert!(two.body.contains("send one picture"), "{}", two.body);
    let forged = multipart(&[("csrf", "forged")], &[("scan", b"x")]);
    assert_eq!(
        post_multipart(&mut b, &uri, forged).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        b.get(&uri).await.status == StatusCode::NOT_FOUND,
        "nothing kept"
    );

    let good = post_multipart(
        &mut b,
        &uri,
        send(vec![("scan", super::cases_api::jpeg_with_exif(40, 60))]),
    )
    .await;
    saved(&good);
    let page = b.get(&tab).await;
    assert!(page.body.contains("See the signed form"), "{}", page.body);
    assert!(!page.body.contains("Attach the scan"));
    let picture = b.get(&uri).await;
    assert_eq!(picture.status, StatusCode::OK);
    assert_eq!(picture.headers["content-type"], "image/jpeg");
    assert!(!picture.body.contains("GPSLatitude"));
    let history = b.get(&format!("/cases/{id}?tab=timeline")).await;
    assert!(
        history.body.contains("Signed form (To receive services)"),
        "{}",
        history.body
    );
    assert!(history.body.contains("scan kept"));
    // A subject access request holds the paper too.
    let doc = b.get(&format!("/cases/{id}/export")).await.json();
    let scan = &doc["consents"][0]["scan"];
    assert_eq!(scan["media_type"], "image/jpeg", "{doc}");
    assert!(
        scan["base64"].as_str().unwrap().starts_with("/9j/"),
        "a JPEG"
    );
}

on_both_backends!(
    the_person_gets_a_summary_in_their_language,
    a_signed_form_is_scanned_from_the_consent_tab,
    a_case_goes_from_a_report_to_its_closure,
    a_second_save_and_bad_input_change_nothing,
    other_organisations_cases_do_not_exist,
);
