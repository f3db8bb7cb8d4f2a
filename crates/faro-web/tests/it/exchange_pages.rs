//! A referral between two Faro instances through their pages, without JavaScript: each
//! instance's admin copies its card to the other (a bad paste refused and kept), a case
//! worker of the first refers a consented case to a provider on the second and downloads the
//! package; a case worker of the second imports it (a replay and a tampered file refused,
//! named), reads what was shared and accepts it into a case of their own; another
//! organisation's staff and other instances' admins find nothing.

use super::app::{Browser, TestApp, member_of, multipart_named, post_multipart};
use faro_domain::case::{ConsentMeans, ConsentPurpose, ConsentState};
use faro_domain::{AccessContext, Role};
use faro_store::{ConsentInput, DEFAULT_ORGANISATION, NewCase};
use faro_testkit::{TestDb, on_both_backends};

/// The card shown on an instance's Instances page.
fn card_of(html: &str) -> String {
    let at = html.find("id=\"card\"").expect("the card");
    let start = at + html[at..].find('>').unwrap() + 1;
    let end = start + html[start..].find("</textarea>").unwrap();
    html[start..end].trim().to_string()
}

async fn add_partner(b: &mut Browser<'_>, name: &str, card: &str) -> super::app::Reply {
    b.get("/admin/instances").await;
    let csrf = b.csrf.clone();
    b.post(
        "/admin/instances",
        &[("csrf", &csrf), ("name", name), ("card", card)],
    )
    .await
}

async fn import(b: &mut Browser<'_>, file: &[u8]) -> super::app::Reply {
    b.get("/referrals/received").await;
    let csrf = b.csrf.clone();
    let body = multipart_named(
        &[("csrf", &csrf)],
        &[("package", "faro-referral.json", file)],
    );
    post_multipart(b, "/referrals/received", body).await
}

async fn a_referral_travels_between_two_instances_by_their_pages(db: TestDb) {
    let other = match db.backend() {
        "sqlite" => TestDb::sqlite().await,
        _ => TestDb::postgres().await,
    };
    let madrid = TestApp::new(db).await;
    let lisboa = TestApp::new(other).await;
    let (mut madrid_admin, _) = member_of(&madrid, DEFAULT_ORGANISATION, Role::Admin).await;
    let (mut lisboa_admin, _) = member_of(&lisboa, DEFAULT_ORGANISATION, Role::Admin).await;
    let admin_page = madrid_admin.get("/admin").await;
    assert!(admin_page.body.contains("href=\"/admin/instances\""));
    let page = madrid_admin.get("/admin/instances").await;
    assert_eq!(page.status, 200);
    let madrid_card = card_of(&page.body);
    assert!(madrid_card.starts_with("faro-instance-1."), "{madrid_card}");
    let lisboa_card = card_of(&lisboa_admin.get("/admin/instances").await.body);
    // A pasted card cut short: refused, said why, the name kept.
    let cut = &lisboa_card[..lisboa_card.len() - 5];
    let bad = add_partner(&mut madrid_admin, "Faro Lisboa", cut).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("cut or changed"), "{}", bad.body);
    assert!(bad.body.contains("value=\"Faro Lisboa\""));
    let added = add_partner(&mut madrid_admin, "Faro Lisboa", &lisboa_card).await;
    assert_eq!(added.status, 303, "{}", added.body);
    let listed = madrid_admin.get("/admin/instances").await;
    assert!(listed.body.contains("Faro Lisboa"));
    // Another organisation's admin on the same instance does not manage its keys.
    let guest = madrid
        .db
        .store()
        .create_organisation(&AccessContext::instance(), "Guest NGO")
        .await
        .unwrap();
    let (mut guest_admin, _) = member_of(&madrid, guest, Role::Admin).await;
    assert!(
        !guest_admin
            .get("/admin")
            .await
            .body
            .contains("/admin/instances")
    );
    assert_eq!(guest_admin.get("/admin/instances").await.status, 403);

    // The sender: a consented case referred to a provider on the partner instance.
    let (mut worker, worker_ctx) = member_of(&madrid, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let store = madrid.db.store();
    let case = store
        .open_case(
            &worker_ctx,
            NewCase {
                person: faro_domain::case::person::Person {
                    names: vec!["Aïcha Benali".into()],
                    languages: vec!["fr".into()],
                    ..Default::default()
                },
                report: None,
                record: None,
            },
        )
        .await
        .unwrap();
    for purpose in [ConsentPurpose::Referral, ConsentPurpose::ShareIdentity] {
        let consent = ConsentInput {
            purpose,
            state: ConsentState::Given,
            means: ConsentMeans::Spoken,
            until: None,
            partners: Vec::new(),
            given_by: None,
        };
        store
            .record_consent(&worker_ctx, case, consent)
            .await
            .unwrap();
    }
    let form = worker.get(&format!("/referrals/new?case={case}")).await;
    assert!(
        form.body.contains("id=\"instance\""),
        "the partner is offered"
    );
    let end = form
        .body
        .find("\">Faro Lisboa</option>")
        .expect("the partner's option");
    let start = form.body[..end].rfind("value=\"").unwrap() + "value=\"".len();
    let partner_id = form.body[start..end].to_string();
    let csrf = worker.csrf.clone();
    let case_id = case.to_string();
    let sent = worker
        .post(
            "/referrals/new",
            &[
                ("csrf", &csrf),
                ("case", &case_id),
                ("kind", "external"),
                ("provider_name", "Casa Abrigo, Lisboa"),
                ("provider_language", "pt"),
                ("instance", &partner_id),
                ("partner_kind", "shelter"),
                ("need", "safe_housing"),
                ("urgency", "urgent"),
                ("shared", "name"),
                ("shared", "languages"),
                ("follow_up", "2031-05-01"),
                ("note", "Arrives by bus on Tuesday"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let to = sent.headers["location"].to_str().unwrap().to_string();
    let id: i64 = to
        .trim_start_matches("/referrals/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let shown = worker.get(&format!("/referrals/{id}")).await;
    assert!(shown.body.contains(&format!("/referrals/{id}/package")));
    let file = worker.get(&format!("/referrals/{id}/package")).await;
    assert_eq!(file.status, 200);
    assert!(
        file.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("faro-referral-{id}.json"))
    );
    assert!(!file.body.contains("Aïcha"), "sealed");

    // The receiver: unknown until Madrid's card is added; then imported once.
    let (mut receiver, _) = member_of(&lisboa, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let unknown = import(&mut receiver, file.body.as_bytes()).await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    assert!(unknown.body.contains("not a partner"), "{}", unknown.body);
    assert_eq!(
        add_partner(&mut lisboa_admin, "Faro Madrid", &madrid_card)
            .await
            .status,
        303
    );
    // One character of the sealed text changed (still base64).
    let at = file.body.find("\"sealed\": \"").unwrap() + "\"sealed\": \"".len() + 10;
    let flipped = if &file.body[at..at + 1] == "A" {
        "B"
    } else {
        "A"
    };
    let tampered = format!("{}{flipped}{}", &file.body[..at], &file.body[at + 1..]);
    let refused = import(&mut receiver, tampered.as_bytes()).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("changed after it was made"),
        "{}",
        refused.body
    );
    let none = import(&mut receiver, b"").await;
    assert_eq!(none.status, 422);
    let imported = import(&mut receiver, file.body.as_bytes()).await;
    assert_eq!(imported.status, 303, "{}", imported.body);
    let at = imported.headers["location"].to_str().unwrap().to_string();
    let replay = import(&mut receiver, file.body.as_bytes()).await;
    assert_eq!(replay.status, 409);
    assert!(replay.body.contains("imported already"), "{}", replay.body);
    let list = receiver.get("/referrals/received").await;
    assert!(list.body.contains("Faro Madrid"));
    let page = receiver.get(&at).await;
    assert!(page.body.contains("Aïcha Benali") && page.body.contains("Arrives by bus"));
    assert!(
        page.body.contains("Casa Abrigo, Lisboa"),
        "whom it was meant for"
    );
    // Another organisation of the receiving instance finds nothing.
    let elsewhere = lisboa
        .db
        .store()
        .create_organisation(&AccessContext::instance(), "Other NGO")
        .await
        .unwrap();
    let (mut outsider, _) = member_of(&lisboa, elsewhere, Role::Caseworker).await;
    let path = at.split('?').next().unwrap().to_string();
    assert_eq!(outsider.get(&path).await.status, 404);
    // A decision neither accept nor reject is named; accepting opens a case.
    receiver.get(&path).await;
    let csrf = receiver.csrf.clone();
    let odd = receiver
        .post(&path, &[("csrf", &csrf), ("decision", "maybe")])
        .await;
    assert_eq!(odd.status, 422);
    let accepted = receiver
        .post(&path, &[("csrf", &csrf), ("decision", "accept")])
        .await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let done = receiver.get(&path).await;
    assert!(done.body.contains("id=\"received-case\""), "{}", done.body);
    assert!(!done.body.contains("id=\"step-accept\""), "answered once");
    let again = receiver
        .post(&path, &[("csrf", &csrf), ("decision", "accept")])
        .await;
    assert_eq!(again.status, 409);

    // Removing a partner asks first, saying what it ends; then it is gone from the list.
    let listed = madrid_admin.get("/admin/instances").await;
    let at = listed.body.find("/remove\"").expect("a remove link");
    let start = listed.body[..at].rfind('"').unwrap() + 1;
    let confirm = &listed.body[start..at + "/remove".len()];
    let asked = madrid_admin.get(confirm).await;
    assert_eq!(asked.status, 200);
    assert!(asked.body.contains("Faro Lisboa") && asked.body.contains("id=\"consequence\""));
    assert!(
        !madrid_admin
            .get("/admin/instances")
            .await
            .body
            .contains("<form method=\"post\" action=\"/admin/instances/"),
        "no removal in one click"
    );
    let csrf = madrid_admin.csrf.clone();
    let removed = madrid_admin.post(confirm, &[("csrf", &csrf)]).await;
    assert_eq!(removed.status, 303);
    let after = madrid_admin.get("/admin/instances").await;
    assert!(!after.body.contains("Faro Lisboa"), "{}", after.body);
    assert_eq!(madrid_admin.get(confirm).await.status, 404);
}

on_both_backends!(a_referral_travels_between_two_instances_by_their_pages);
