//! The directory: an organisation's HSDS entries imported idempotently, and each reader
//! seeing only what its audience allows; a confidential address never leaves sealed for the
//! public nor for another organisation.

use faro_domain::case::ServiceKind;
use faro_domain::directory::{Audience, Entry};
use faro_domain::{AccessContext, Role};
use faro_store::{
    DEFAULT_ORGANISATION, DirectoryImportOptions, DirectoryQuery, DirectoryReader, DirectorySearch,
    StoreError,
};
use faro_testkit::{TestDb, on_both_backends};
use serde_json::{Value, json};

const SECRET_STREET: &str = "Calle del Refugio Escondido 7";

fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn entry(n: u32, audience: &str, location_audience: Option<&str>, street: &str) -> Entry {
    let mut location = json!({
        "id": uuid(200 + n), "location_type": "physical", "name": format!("Place {n}"),
        "latitude": 40.123456, "longitude": -3.654321,
        "addresses": [{"id": uuid(300 + n), "address_1": street, "city": "Madrid",
                       "state_province": "Madrid", "postal_code": "28001", "country": "ES",
                       "address_type": "physical"}]
    });
    if let Some(a) = location_audience {
        location["attributes"] = json!([{"id": uuid(400 + n), "taxonomy_term": {
            "id": uuid(500), "code": a, "name": a, "description": a, "taxonomy": "faro-audience"}}]);
    }
    let service = json!({
        "id": uuid(n), "name": format!("Service {n}"), "status": "active",
        "attributes": [{"id": uuid(600 + n), "taxonomy_term": {
            "id": uuid(501), "code": audience, "name": audience, "description": audience, "taxonomy": "faro-audience"}}],
        "organization": {"id": uuid(900), "name": "Red", "description": "A network"},
        "service_at_locations": [{"id": uuid(100 + n), "location": location}]
    });
    faro_hsds::from_service(service).unwrap()
}

fn options() -> DirectoryImportOptions {
    DirectoryImportOptions {
        audience: Audience::Partners,
        mark_vanished: true,
    }
}

fn everything() -> DirectoryQuery {
    DirectoryQuery {
        page: 1,
        per_page: 100,
        ..DirectoryQuery::default()
    }
}

/// The street of the second entry's location, as its keeper reads it.
async fn own_street(store: &faro_store::Store, admin: &AccessContext) -> Value {
    let own = store
        .directory_services(
            admin,
            DirectoryReader::Owner(DEFAULT_ORGANISATION),
            &everything(),
        )
        .await
        .unwrap();
    let location = own.services[1].places[0].location.as_ref().unwrap();
    location["addresses"][0]["address_1"].clone()
}

async fn audiences_decide_what_each_reader_sees(db: TestDb) {
    let store = db.store();
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let entries = vec![
        entry(1, "public", Some("public"), "Plaza Mayor 1"),
        entry(2, "public", Some("confidential"), SECRET_STREET),
        entry(3, "partners", None, "Calle Ancha 3"),
    ];
    let done = store
        .import_directory(&admin, DEFAULT_ORGANISATION, &entries, options())
        .await
        .unwrap();
    assert_eq!((done.added, done.updated, done.vanished), (3, 0, 0));
    let stored = db
        .text("SELECT COALESCE(document, '') || sealed FROM directory_locations WHERE audience = 'confidential'")
        .await;
    assert!(!stored.contains("Refugio"), "sealed at rest");
    assert_eq!(
        db.scalar("SELECT latitude FROM directory_locations WHERE audience = 'confidential'")
            .await,
        40_100_000,
        "a confidential point is kept to a tenth of a degree"
    );

    let public = store
        .directory_services(
            &AccessContext::anonymous(),
            DirectoryReader::Public,
            &everything(),
        )
        .await
        .unwrap();
    assert_eq!(public.total, 2);
    let text = format!("{:?}", public.services);
    assert!(
        !text.contains("Refugio") && !text.contains(&uuid(202)),
        "{text}"
    );
    assert!(public.services[1].places.is_empty(), "nor that it exists");

    let other = store
        .create_organisation(&AccessContext::instance(), "Other")
        .await
        .unwrap();
    let partner = AccessContext::member(other, Role::Caseworker);
    let shared = store
        .directory_services(&partner, DirectoryReader::Partner(other), &everything())
        .await
        .unwrap();
    assert_eq!(shared.total, 3);
    assert!(
        shared.services[1].places[0].location.is_none(),
        "contact to arrange"
    );
    assert!(!format!("{:?}", shared.services).contains("Refugio"));

    assert_eq!(own_street(store, &admin).await, SECRET_STREET);
    let (rotated, _) = faro_testkit::rotated(store).await;
    assert_eq!(
        own_street(&rotated, &admin).await,
        SECRET_STREET,
        "readable after the data key is rotated"
    );

    assert!(matches!(
        store
            .directory_services(
                &partner,
                DirectoryReader::Owner(DEFAULT_ORGANISATION),
                &everything()
            )
            .await,
        Err(StoreError::Forbidden { .. })
    ));
    let one = DirectoryQuery {
        id: Some(uuid(3)),
        ..everything()
    };
    let found = store
        .directory_services(&AccessContext::anonymous(), DirectoryReader::Public, &one)
        .await
        .unwrap();
    assert_eq!(found.total, 0, "a partners' entry is not public");
}

async fn reimports_update_what_changed_and_mark_what_vanished(db: TestDb) {
    let store = db.store();
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let first = vec![
        entry(1, "public", Some("public"), "A 1"),
        entry(2, "public", Some("public"), "B 2"),
        entry(3, "public", Some("public"), "C 3"),
    ];
    store
        .import_directory(&admin, DEFAULT_ORGANISATION, &first, options())
        .await
        .unwrap();
    let again = store
        .import_directory(&admin, DEFAULT_ORGANISATION, &first, options())
        .await
        .unwrap();
    assert_eq!((again.unchanged, again.updated, again.added), (3, 0, 0));
    let second = vec![first[0].clone(), entry(2, "public", Some("public"), "B 22")];
    let cut = DirectoryImportOptions {
        mark_vanished: false,
        ..options()
    };
    let partial = store
        .import_directory(&admin, DEFAULT_ORGANISATION, &second, cut)
        .await
        .unwrap();
    assert_eq!(
        (partial.unchanged, partial.updated, partial.vanished),
        (1, 1, 0)
    );
    let whole = store
        .import_directory(&admin, DEFAULT_ORGANISATION, &second, options())
        .await
        .unwrap();
    assert_eq!((whole.unchanged, whole.vanished), (2, 1));
    let public = store
        .directory_services(
            &AccessContext::anonymous(),
            DirectoryReader::Public,
            &everything(),
        )
        .await
        .unwrap();
    assert_eq!(public.total, 2);
    assert!(format!("{:?}", public.services).contains("B 22"));
    let back = store
        .import_directory(&admin, DEFAULT_ORGANISATION, &first, options())
        .await
        .unwrap();
    assert_eq!(
        (back.updated, back.unchanged),
        (2, 1),
        "a vanished entry comes back"
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'directory.import'")
            .await,
        5
    );
}

async fn another_organisations_ids_and_other_roles_are_refused(db: TestDb) {
    let store = db.store();
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    store
        .import_directory(
            &admin,
            DEFAULT_ORGANISATION,
            &[entry(1, "public", None, "A")],
            options(),
        )
        .await
        .unwrap();
    let other = store
        .create_organisation(&AccessContext::instance(), "Other")
        .await
        .unwrap();
    let theirs = AccessContext::member(other, Role::Admin);
    let taken = store
        .import_directory(
            &theirs,
            other,
            &[entry(1, "public", None, "Forged")],
            options(),
        )
        .await
        .unwrap();
    assert_eq!(taken.added, 0);
    assert_eq!(taken.taken.len(), 1);
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM directory_services WHERE owner_id <> 1")
            .await,
        0
    );
    let text = db.text("SELECT document FROM directory_locations").await;
    assert!(
        !text.contains("Forged"),
        "the first keeper's location is untouched"
    );
    let worker = AccessContext::member(DEFAULT_ORGANISATION, Role::Caseworker);
    assert!(matches!(
        store
            .import_directory(
                &worker,
                DEFAULT_ORGANISATION,
                &[entry(2, "public", None, "B")],
                options()
            )
            .await,
        Err(StoreError::Forbidden { .. })
    ));
}

on_both_backends!(
    audiences_decide_what_each_reader_sees,
    reimports_update_what_changed_and_mark_what_vanished,
    another_organisations_ids_and_other_roles_are_refused,
);

/// A provider of `need` speaking `language` at a point, for the search.
fn provider(
    n: u32,
    need: &str,
    language: &str,
    point: (f64, f64),
    minimum_age: u16,
    location: &str,
) -> Entry {
    faro_hsds::from_service(provider_document(
        n,
        need,
        language,
        point,
        minimum_age,
        location,
    ))
    .unwrap()
}

fn provider_document(
    n: u32,
    need: &str,
    language: &str,
    point: (f64, f64),
    minimum_age: u16,
    location: &str,
) -> Value {
    let term = |id: u32, taxonomy: &str, code: &str, value: Option<&str>| {
        let mut term = json!({"id": uuid(id), "taxonomy_term": {"id": uuid(id + 1), "code": code, "name": code,
            "description": code, "taxonomy": taxonomy}});
        if let Some(value) = value {
            term["value"] = json!(value);
        }
        term
    };
    let service = json!({
        "id": uuid(n), "name": format!("Provider {n}"), "status": "active", "minimum_age": minimum_age,
        "languages": [{"id": uuid(700 + n), "code": language}],
        "attributes": [term(1000 + 10 * n, "faro-services", need, None),
                       term(1002 + 10 * n, "faro-capacity", "beds_free", Some("2")),
                       term(1004 + 10 * n, "faro-audience", "partners", None)],
        "organization": {"id": uuid(900), "name": "Red", "description": "A network"},
        "service_at_locations": [{"id": uuid(100 + n), "location": {
            "id": uuid(200 + n), "location_type": "physical", "name": format!("Site {n}"),
            "latitude": point.0, "longitude": point.1,
            "attributes": [term(1006 + 10 * n, "faro-audience", location, None)]}}]
    });
    service
}

async fn a_case_worker_finds_the_nearest_provider_of_a_need_in_a_language(db: TestDb) {
    let store = db.store();
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let madrid = (40.4168, -3.7038);
    let entries = vec![
        provider(1, "safe_housing", "es", (40.45, -3.70), 18, "confidential"),
        provider(2, "safe_housing", "es", (40.60, -3.70), 0, "partners"),
        provider(3, "safe_housing", "fr", (40.42, -3.70), 0, "partners"),
        provider(4, "legal", "es", (40.42, -3.71), 0, "partners"),
        provider(5, "safe_housing", "es", (41.65, -0.88), 0, "partners"),
    ];
    store
        .import_directory(&admin, DEFAULT_ORGANISATION, &entries, options())
        .await
        .unwrap();
    let other = store
        .create_organisation(&AccessContext::instance(), "Other")
        .await
        .unwrap();
    let worker = AccessContext::member(other, Role::Caseworker);
    let search = DirectorySearch {
        need: Some(ServiceKind::SafeHousing),
        language: Some("es".into()),
        near: Some((madrid, 50.0)),
        limit: 10,
        ..DirectorySearch::default()
    };
    let hits = store
        .search_directory(&worker, DirectoryReader::Partner(other), &search)
        .await
        .unwrap();
    let found: Vec<&str> = hits.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        found,
        ["Provider 1", "Provider 2"],
        "nearest first; French, legal and Zaragoza left out"
    );
    let confidential = hits[0].place.as_ref().unwrap();
    assert!(confidential.arrange && confidential.point.is_none() && confidential.name.is_none());
    assert_eq!(
        hits[0].distance_km.map(f64::fract),
        Some(0.0),
        "rounded: placed coarsely"
    );
    let open = hits[1].place.as_ref().unwrap();
    assert_eq!(open.point, Some((40.6, -3.7)));
    assert_eq!(open.name.as_deref(), Some("Site 2"));
    assert!((20.0..21.0).contains(&hits[1].distance_km.unwrap()));
    assert_eq!(hits[1].beds_free, Some(2));

    let child = DirectorySearch {
        age: Some(15),
        ..search.clone()
    };
    let for_a_child = store
        .search_directory(&worker, DirectoryReader::Partner(other), &child)
        .await
        .unwrap();
    assert_eq!(for_a_child.len(), 1, "provider 1 takes adults only");

    let own = store
        .search_directory(
            &admin,
            DirectoryReader::Partner(DEFAULT_ORGANISATION),
            &search,
        )
        .await
        .unwrap();
    assert_eq!(
        own[0].place.as_ref().unwrap().name.as_deref(),
        Some("Site 1")
    );
    assert!(
        !own[0].place.as_ref().unwrap().arrange,
        "its keeper sees its own shelter"
    );

    let public = store
        .search_directory(
            &AccessContext::anonymous(),
            DirectoryReader::Public,
            &search,
        )
        .await
        .unwrap();
    assert!(public.is_empty(), "partners' entries are not public");
    let everywhere = DirectorySearch {
        near: None,
        ..search
    };
    let all = store
        .search_directory(&worker, DirectoryReader::Partner(other), &everywhere)
        .await
        .unwrap();
    assert_eq!(
        all.len(),
        3,
        "without a place, by name: 1, 2 and Zaragoza's 5"
    );
}

/// A women's shelter open on Mondays 09:00–17:00 at UTC+1 and a shelter for anyone whose
/// hours are not given: the person's gender and "open now" choose between them.
async fn gender_and_opening_hours_narrow_the_search(db: TestDb) {
    let store = db.store();
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let madrid = (40.4168, -3.7038);
    let mut women = provider_document(1, "safe_housing", "es", madrid, 0, "partners");
    women["attributes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": uuid(1100),
        "taxonomy_term": {"id": uuid(1101), "code": "female", "name": "Women",
        "description": "Women", "taxonomy": "faro-gender"}}));
    women["schedules"] = json!([{"id": uuid(1102), "freq": "WEEKLY", "byday": "MO",
        "opens_at": "09:00", "closes_at": "17:00", "timezone": 1}]);
    let entries = [
        faro_hsds::from_service(women).unwrap(),
        provider(2, "safe_housing", "es", madrid, 0, "partners"),
    ];
    store
        .import_directory(&admin, DEFAULT_ORGANISATION, &entries, options())
        .await
        .unwrap();
    for near in [Some((madrid, 10.0)), None] {
        let names = |search: DirectorySearch| {
            let store = store.clone();
            let admin = admin.clone();
            async move {
                let hits = store
                    .search_directory(
                        &admin,
                        DirectoryReader::Owner(DEFAULT_ORGANISATION),
                        &search,
                    )
                    .await
                    .unwrap();
                hits.into_iter().map(|h| h.name).collect::<Vec<_>>()
            }
        };
        let base = DirectorySearch {
            need: Some(ServiceKind::SafeHousing),
            near,
            limit: 10,
            ..DirectorySearch::default()
        };
        let man = DirectorySearch {
            gender: Some(faro_domain::vocab::Gender::Male),
            ..base.clone()
        };
        assert_eq!(names(man).await, ["Provider 2"], "{near:?}");
        let woman = DirectorySearch {
            gender: Some(faro_domain::vocab::Gender::Female),
            ..base.clone()
        };
        assert_eq!(names(woman).await.len(), 2, "{near:?}");
        // Monday 10:00 UTC is 11:00 in Madrid; 16:30 UTC is after closing.
        let monday_morning = DirectorySearch {
            open_at: Some(10 * 60),
            ..base.clone()
        };
        assert_eq!(names(monday_morning).await, ["Provider 1"], "{near:?}");
        let monday_evening = DirectorySearch {
            open_at: Some(16 * 60 + 30),
            ..base.clone()
        };
        assert!(
            names(monday_evening).await.is_empty(),
            "{near:?}: hours unknown are not open"
        );
    }
}

on_both_backends!(
    a_case_worker_finds_the_nearest_provider_of_a_need_in_a_language,
    gender_and_opening_hours_narrow_the_search,
);
