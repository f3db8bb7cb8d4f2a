//! A provider's yearly update on pages, without JavaScript: the keeper makes a link, the
//! provider opens it without an account (never seeing an address), is told each problem
//! beside its field with what they typed kept, sends once; the keeper reads the changes and
//! accepts them into the entry, whose confidential location stays confidential.

use super::app::{Browser, TestApp, member_of};
use faro_domain::directory::Audience;
use faro_domain::{AccessContext, Role};
use faro_store::{DEFAULT_ORGANISATION, DirectoryImportOptions, DirectoryQuery, DirectoryReader};
use faro_testkit::{TestDb, on_both_backends};
use serde_json::json;

pub const SERVICE: &str = "00000000-0000-4000-8000-000000000001";
const STREET: &str = "Calle Secreta 9";

/// A shelter of the default organisation whose one location is confidential.
pub async fn import_shelter(app: &TestApp) {
    let service = json!({
        "id": SERVICE, "name": "Casa Refugio", "status": "active", "email": "casa@example.org",
        "minimum_age": 18,
        "schedules": [{"id": "00000000-0000-4000-8000-000000000600", "byday": "MO,TU",
            "opens_at": "09:00", "closes_at": "17:00", "timezone": 1}],
        "attributes": [{"id": "00000000-0000-4000-8000-000000000601", "taxonomy_term": {
            "id": "00000000-0000-4000-8000-000000000602", "code": "female", "name": "Women",
            "description": "Women", "taxonomy": "faro-gender"}}],
        "languages": [{"id": "00000000-0000-4000-8000-000000000700", "code": "es"}],
        "organization": {"id": "00000000-0000-4000-8000-000000000900", "name": "Red", "description": "A network"},
        "service_at_locations": [{"id": "00000000-0000-4000-8000-000000000100", "location": {
            "id": "00000000-0000-4000-8000-000000000200", "location_type": "physical", "name": "Casa",
            "latitude": 40.4, "longitude": -3.7,
            "addresses": [{"id": "00000000-0000-4000-8000-000000000300", "address_1": STREET, "city": "Madrid",
                "state_province": "Madrid", "postal_code": "28001", "country": "ES", "address_type": "physical"}],
            "attributes": [{"id": "00000000-0000-4000-8000-000000000400", "taxonomy_term": {
                "id": "00000000-0000-4000-8000-000000000500", "code": "confidential", "name": "confidential",
                "description": "confidential", "taxonomy": "faro-audience"}}]}}]
    });
    let entry = faro_hsds::from_service(service).unwrap();
    let options = DirectoryImportOptions {
        audience: Audience::Partners,
        mark_vanished: false,
    };
    app.db
        .store()
        .import_directory(
            &AccessContext::member(DEFAULT_ORGANISATION, Role::Admin),
            DEFAULT_ORGANISATION,
            &[entry],
            options,
        )
        .await
        .unwrap();
}

/// The path and query of the link a letter shows.
fn link_in(letter: &str) -> String {
    let at = letter.find("/directory/update?token=").expect("a link");
    letter[at..]
        .split(['<', '"'])
        .next()
        .unwrap()
        .replace("&amp;", "&")
}

async fn propose(b: &mut Browser<'_>, link: &str, fields: &[(&str, &str)]) -> super::app::Reply {
    b.get(link).await;
    let token = link.split("token=").nth(1).unwrap().to_string();
    let csrf = b.csrf.clone();
    let mut all = vec![("csrf", csrf.as_str()), ("token", token.as_str())];
    all.extend_from_slice(fields);
    b.post("/directory/update", &all).await
}

async fn a_provider_corrects_its_entry_through_a_link_and_the_keeper_accepts(db: TestDb) {
    let app = TestApp::new(db).await;
    import_shelter(&app).await;
    let (mut admin, _) = member_of(&app, DEFAULT_ORGANISATION, Role::Admin).await;
    let entry = admin.get(&format!("/directory/services/{SERVICE}")).await;
    assert!(entry.body.contains("id=\"update-link\""), "{}", entry.body);
    assert!(
        entry.body.contains("Mon, Tue 09:00–17:00 (UTC+1)")
            && entry
                .body
                .contains("<dd id=\"eligibility\">18+ · Female</dd>"),
        "hours and eligibility in words: {}",
        entry.body
    );
    let csrf = admin.csrf.clone();
    let letter = admin
        .post(
            &format!("/directory/services/{SERVICE}/update-link"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(letter.status, 201, "{}", letter.body);
    assert!(letter.body.contains("mailto:casa%40example.org?subject="));
    let link = link_in(&letter.body);

    // The provider, without an account: the entry as it stands, never an address.
    let mut provider = Browser::new(&app);
    let form = provider.get(&link).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert_eq!(form.headers["cache-control"], "no-store");
    assert!(form.body.contains("value=\"Casa Refugio\""));
    assert!(!form.body.contains(STREET) && !form.body.contains("28001"));

    // Each problem beside its field, what was typed kept; nothing used up.
    let refused = propose(
        &mut provider,
        &link,
        &[
            ("name", "Casa Refugio"),
            ("email", "nobody"),
            ("minimum_age", "30"),
            ("maximum_age", "12"),
            ("note", &"x".repeat(5000)),
        ],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("id=\"email-problem\""));
    assert!(refused.body.contains("id=\"maximum_age-problem\""));
    assert!(refused.body.contains("id=\"note-problem\""));
    assert!(refused.body.contains("value=\"nobody\""), "kept as typed");
    let sent = propose(
        &mut provider,
        &link,
        &[
            ("name", "Casa Refugio <b>Norte</b>"),
            ("email", "casa@example.org"),
            ("languages", "es, fr"),
            ("beds_free", "3"),
            ("note", "The door moved round the corner"),
        ],
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(sent.body.contains("corrections were sent"), "{}", sent.body);
    let again = provider.get(&link).await;
    assert_eq!(again.status, 404);
    assert!(again.body.contains("already been used"), "{}", again.body);

    // The keeper reads the changes beside the entry and accepts them.
    let list = admin.get("/directory/updates").await;
    assert!(list.body.contains("To review"), "{}", list.body);
    let id: i64 = list
        .body
        .split("/directory/updates/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let review = admin.get(&format!("/directory/updates/{id}")).await;
    assert!(
        review.body.contains("Norte") && !review.body.contains("<b>Norte"),
        "escaped: {}",
        review.body
    );
    assert!(review.body.contains("The door moved round the corner"));
    assert!(review.body.contains("<td><strong>es, fr</strong></td>"));
    let csrf = admin.csrf.clone();
    let accepted = admin
        .post(
            &format!("/directory/updates/{id}"),
            &[("csrf", &csrf), ("decision", "accept")],
        )
        .await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let done = admin.get(&format!("/directory/updates/{id}")).await;
    assert!(done.body.contains("Accepted") && !done.body.contains("id=\"accept\""));

    let owner = app
        .db
        .store()
        .directory_services(
            &AccessContext::member(DEFAULT_ORGANISATION, Role::Admin),
            DirectoryReader::Owner(DEFAULT_ORGANISATION),
            &DirectoryQuery::one(SERVICE),
        )
        .await
        .unwrap();
    let s = &owner.services[0];
    assert_eq!(s.service["name"], "Casa Refugio <b>Norte</b>");
    assert_eq!(
        s.service["assured_date"],
        faro_domain::case::Day::of_unix(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64
        )
        .to_string()
    );
    assert_eq!(
        s.places[0].audience,
        Audience::Confidential,
        "still confidential"
    );
    assert!(
        serde_json::to_string(&s.places[0].location)
            .unwrap()
            .contains(STREET),
        "the location kept whole"
    );
    let partner = app
        .db
        .store()
        .create_organisation(&AccessContext::instance(), "Other NGO")
        .await
        .unwrap();
    let seen = app
        .db
        .store()
        .directory_services(
            &AccessContext::member(partner, Role::Caseworker),
            DirectoryReader::Partner(partner),
            &DirectoryQuery::one(SERVICE),
        )
        .await
        .unwrap();
    assert!(
        seen.services[0].places[0].location.is_none(),
        "contact to arrange"
    );
}

async fn only_the_keepers_make_links_and_read_proposals(db: TestDb) {
    let app = TestApp::new(db).await;
    import_shelter(&app).await;
    let (mut worker, _) = member_of(&app, DEFAULT_ORGANISATION, Role::Caseworker).await;
    let entry = worker.get(&format!("/directory/services/{SERVICE}")).await;
    assert!(!entry.body.contains("id=\"update-link\""));
    let csrf = worker.csrf.clone();
    let refused = worker
        .post(
            &format!("/directory/services/{SERVICE}/update-link"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(worker.get("/directory/updates").await.status, 403);
    let mut stranger = Browser::new(&app);
    for bad in [
        "/directory/update",
        "/directory/update?token=fdu_0",
        "/directory/update?token=%3Cscript%3E",
    ] {
        let reply = stranger.get(bad).await;
        assert_eq!(reply.status, 404, "{bad}");
        assert!(!reply.body.contains("<script>"), "{bad}");
    }
    // With a good form token (any public form's) but a made-up link: nothing to correct.
    stranger.get("/sign-in").await;
    let csrf = stranger.csrf.clone();
    let forged = stranger
        .post(
            "/directory/update",
            &[("csrf", &csrf), ("token", "fdu_x"), ("name", "Mine now")],
        )
        .await;
    assert_eq!(forged.status, 404, "{}", forged.body);
}

on_both_backends!(
    a_provider_corrects_its_entry_through_a_link_and_the_keeper_accepts,
    only_the_keepers_make_links_and_read_proposals,
);
