//! The directory's and referrals' pages as their people use them, without JavaScript (forms
//! only): a case worker finds a shelter near a city (a small map, a numbered list), refers a
//! consented case to the organisation keeping it, which accepts it into a case of its own and
//! records a service; the sender sees it done. A referral without consent is refused with the
//! reason and sent by a supervisor's override; an external referral's letter prints in the
//! provider's and the person's languages.

use super::app::{Browser, TestApp, member_of};
use super::directory::{entry, uuid};
use faro_domain::case::{ConsentMeans, ConsentPurpose, ConsentState};
use faro_domain::{AccessContext, Role};
use faro_store::{ConsentInput, DEFAULT_ORGANISATION, DirectoryImportOptions, NewCase, Store};
use faro_testkit::{TestDb, on_both_backends};

async fn case_of(
    store: &Store,
    ctx: &AccessContext,
    name: &str,
    consents: &[ConsentPurpose],
) -> i64 {
    let person = faro_domain::case::person::Person {
        names: vec![name.into()],
        languages: vec!["fr".into()],
        birth: Some(faro_domain::case::person::Birth::Ages { min: 16, max: 17 }),
        gender: Some(faro_domain::vocab::Gender::Female),
        ..Default::default()
    };
    let new = NewCase {
        person,
        report: None,
        record: None,
    };
    let id = store.open_case(ctx, new).await.unwrap();
    for purpose in consents {
        let consent = ConsentInput {
            purpose: *purpose,
            state: ConsentState::Given,
            means: ConsentMeans::Spoken,
            until: None,
            partners: Vec::new(),
            given_by: None,
        };
        store.record_consent(ctx, id, consent).await.unwrap();
    }
    id
}

/// Posts a step of referral `id` with these fields.
async fn post_step(
    b: &mut Browser<'_>,
    id: i64,
    fields: Vec<(&'static str, String)>,
) -> super::app::Reply {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(&format!("/referrals/{id}"), &pairs).await
}

fn referral_id(reply: &super::app::Reply) -> i64 {
    assert_eq!(reply.status, 303, "{}", reply.body);
    let to = reply.headers["location"].to_str().unwrap();
    to.trim_start_matches("/referrals/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{to}"))
}

async fn a_shelter_is_found_a_case_referred_accepted_and_served(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let blue = store
        .create_organisation(&AccessContext::instance(), "Refugio Azul")
        .await
        .unwrap();
    let options = DirectoryImportOptions {
        audience: faro_domain::directory::Audience::Partners,
        mark_vanished: false,
    };
    store
        .import_directory(
            &AccessContext::instance(),
            blue,
            &[entry(50, "partners", "confidential", "Calle Oculta 5")],
            options,
        )
        .await
        .unwrap();
    let (mut red, red_ctx) = member_of(&app, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let case = case_of(
        &store,
        &red_ctx,
        "Aïcha Benali",
        &[ConsentPurpose::Referral, ConsentPurpose::ShareIdentity],
    )
    .await;
    let file = red.get(&format!("/cases/{case}")).await;
    assert!(
        file.body.contains(&format!("/referrals/new?case={case}")),
        "a refer link"
    );
    // Opened from the case, the search starts from the person's eligibility.
    let opened = red.get(&format!("/directory?case={case}")).await;
    assert!(
        opened.body.contains("name=\"age\" id=\"age\" value=\"16\""),
        "{}",
        opened.body
    );
    assert!(opened.body.contains("<option value=\"female\" selected>"));
    // The directory: near Madrid, on a small map, the confidential address withheld.
    let found = red
        .get(&format!("/directory?case={case}&place=Madrid&within_km=30"))
        .await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert!(found.body.contains("Refugio 50"), "{}", found.body);
    assert!(found.body.contains("class=\"nearby\""), "the map is drawn");
    assert!(
        !found.body.contains("Calle Oculta"),
        "a confidential street is not shown"
    );
    let service = uuid(50);
    assert!(
        found
            .body
            .contains(&format!("/referrals/new?case={case}&amp;service={service}"))
    );
    let bad = red.get("/directory?place=Qxzqxz%20Qwv").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("role=\"alert\""));
    let provider = red
        .get(&format!("/directory/services/{service}?case={case}"))
        .await;
    assert!(provider.body.contains("id=\"refer\""), "{}", provider.body);
    let form = red
        .get(&format!("/referrals/new?case={case}&service={service}"))
        .await;
    assert!(form.body.contains("Refugio Azul"), "the keeper is named");
    let csrf = red.csrf.clone();
    let blue_id = blue.0.to_string();
    let case_id = case.to_string();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("case", case_id.as_str()),
        ("service", service.as_str()),
        ("to", blue_id.as_str()),
        ("kind", "referral"),
        ("partner_kind", "shelter"),
        ("need", "safe_housing"),
        ("urgency", "urgent"),
        ("shared", "name"),
        ("shared", "languages"),
        ("follow_up", "2031-05-01"),
        ("note", "Arrives by train tonight"),
    ];
    let sent = red.post("/referrals/new", &fields).await;
    let id = referral_id(&sent);
    // The receiver: in the list, what was shared, accepted into a case, served, done.
    let (mut receiver, _) = member_of(&app, blue, Role::Caseworker).await;
    let inbox = receiver.get("/referrals?list=in").await;
    assert!(
        inbox.body.contains(&format!("/referrals/{id}\"")),
        "{}",
        inbox.body
    );
    let page = receiver.get(&format!("/referrals/{id}")).await;
    assert!(page.body.contains("Aïcha Benali") && page.body.contains("Arrives by train tonight"));
    assert!(page.body.contains("id=\"step-accept\""));
    let csrf = receiver.csrf.clone();
    let step = |action: &'static str| vec![("csrf", csrf.clone()), ("action", action.to_string())];
    let refused = post_step(&mut receiver, id, step("reject")).await;
    assert_eq!(refused.status, 422, "a rejection needs its reason");
    assert_eq!(
        post_step(&mut receiver, id, step("accept")).await.status,
        303
    );
    let accepted = receiver.get(&format!("/referrals/{id}")).await;
    assert!(
        accepted.body.contains("id=\"received-case\""),
        "{}",
        accepted.body
    );
    let mut deliver = step("deliver");
    deliver.push(("service", "safe_housing".into()));
    deliver.push(("note", "Room 3".into()));
    assert_eq!(post_step(&mut receiver, id, deliver).await.status, 303);
    assert_eq!(post_step(&mut receiver, id, step("done")).await.status, 303);
    // The sender sees it done, marked as changed.
    let out = red.get("/referrals?list=out").await;
    assert!(out.body.contains("class=\"news\""), "{}", out.body);
    let partners = out.body.split("id=\"partners\"").nth(1).unwrap_or_default();
    assert!(
        partners.contains("Refugio Azul") && partners.contains("100%"),
        "{}",
        out.body
    );
    let done = red.get(&format!("/referrals/{id}")).await;
    assert!(done.body.contains("Room 3"), "{}", done.body);
    let history = done.body.split("id=\"history\"").nth(1).unwrap_or_default();
    assert!(
        history.contains("Refugio Azul"),
        "the receiver's steps name it: {history}"
    );
    assert!(
        !history.contains("user "),
        "another organisation's staff are not shown by their ids: {history}"
    );
    // A case without consent: refused with the reason; a supervisor overrides.
    let bare = case_of(&store, &red_ctx, "Nadia Roussel", &[]).await;
    let bare_id = bare.to_string();
    red.get(&format!("/referrals/new?case={bare}&service={service}"))
        .await;
    let csrf = red.csrf.clone();
    fields[0].1 = csrf.as_str();
    fields[1].1 = bare_id.as_str();
    let refused = red.post("/referrals/new", &fields).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("has not consented"),
        "{}",
        refused.body
    );
    // The refused form comes back as it was sent: ticks, urgency, follow-up and note.
    for kept in [
        r#"value="name" checked"#,
        r#"value="languages" checked"#,
        r#"value="urgent" selected"#,
        r#"value="2031-05-01""#,
        "Arrives by train tonight",
    ] {
        assert!(refused.body.contains(kept), "{kept} lost: {}", refused.body);
    }
    assert!(!refused.body.contains(r#"value="contacts" checked"#));
    let (mut supervisor, _) = member_of(&app, DEFAULT_ORGANISATION, Role::Admin).await;
    let form = supervisor
        .get(&format!("/referrals/new?case={bare}&service={service}"))
        .await;
    assert!(form.body.contains("id=\"override\""));
    let csrf = supervisor.csrf.clone();
    let mut forced = fields.clone();
    forced[0].1 = csrf.as_str();
    forced.push(("override_reason", "imminent_danger"));
    forced.push(("override_note", "Threatened by her employer this morning"));
    let forced = supervisor.post("/referrals/new", &forced).await;
    referral_id(&forced);
    // An external referral's letter, in the provider's language and the person's (French).
    let csrf = red.csrf.clone();
    let external = [
        ("csrf", csrf.as_str()),
        ("case", case_id.as_str()),
        ("kind", "external"),
        ("provider_name", "Clínica San Roque"),
        ("provider_contact", "+34 910 000 111"),
        ("provider_language", "es"),
        ("partner_kind", "health"),
        ("need", "medical"),
        ("urgency", "soon"),
        ("shared", "name"),
        ("follow_up", "2031-05-08"),
    ];
    let letter_of = referral_id(&red.post("/referrals/new", &external).await);
    let letter = red.get(&format!("/referrals/{letter_of}/letter")).await;
    assert_eq!(letter.status, 200);
    assert!(letter.body.contains("lang=\"es\"") && letter.body.contains("lang=\"fr\""));
    assert!(letter.body.contains("Clínica San Roque") && letter.body.contains("Aïcha Benali"));
    let out = red.get("/referrals?list=out").await;
    let row = out
        .body
        .split(&format!("/referrals/{letter_of}\""))
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap_or_default();
    assert!(
        row.contains("Clínica San Roque"),
        "the receiver column names the provider: {row}"
    );
    // The person's printed summary says where they were referred and how to reach them.
    let summary = red.get(&format!("/cases/{case}/summary")).await;
    let referred = summary
        .body
        .split("id=\"referrals\"")
        .nth(1)
        .unwrap_or_default();
    assert!(
        referred.contains("Clínica San Roque") && referred.contains("+34 910 000 111"),
        "{}",
        summary.body
    );
    assert!(referred.contains("Refugio Azul"), "the shelter too");
    let theirs = receiver
        .get(&format!("/referrals/{letter_of}/letter"))
        .await;
    assert_eq!(theirs.status, 404, "another organisation finds nothing");
}

on_both_backends!(a_shelter_is_found_a_case_referred_accepted_and_served);
