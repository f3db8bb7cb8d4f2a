//! Referrals between two Faro instances on both databases: cards exchanged by instance
//! admins (and nobody else), an external referral to a partner instance downloaded as a
//! package, imported once by the receiving organisation (unknown senders, altered and
//! replayed packages, and a partner's hostile content refused, each named), accepted into a
//! case holding only what was shared or rejected with what it carried erased; nothing in
//! clear; the keys and packages re-keyed by `rotate-key`.

use super::cases::{by_hand, office, person, staff};
use faro_domain::case::{ConsentPurpose, ConsentState, Day, PartnerKind, ServiceKind};
use faro_domain::referral::{ReferralKind, RejectReason, SharedPart, Urgency};
use faro_domain::{AccessContext, Role, refusal};
use faro_store::{
    ConsentInput, DEFAULT_ORGANISATION, ExternalProvider, NewReferral, Store, StoreError,
};
use faro_testkit::{TestDb, on_both_backends};

fn refused<T: std::fmt::Debug>(result: Result<T, StoreError>, field: &str, key: &str) {
    match result {
        Err(StoreError::Invalid { field: f, problem }) => {
            assert_eq!((f, problem.key), (field, key), "{problem:?}")
        }
        other => panic!("expected {field}: {key}, got {other:?}"),
    }
}

fn conflict<T: std::fmt::Debug>(result: Result<T, StoreError>, key: &str) {
    match result {
        Err(StoreError::Conflict { what }) => assert_eq!(what.key, key),
        other => panic!("expected a conflict {key}, got {other:?}"),
    }
}

async fn another(db: &TestDb) -> TestDb {
    match db.backend() {
        "sqlite" => TestDb::sqlite().await,
        _ => TestDb::postgres().await,
    }
}

fn to_partner(case: i64, partner: i64, shared: Vec<SharedPart>) -> NewReferral {
    NewReferral {
        case,
        kind: ReferralKind::External,
        to: None,
        external: Some(ExternalProvider {
            name: "Refugio Norte (Faro Lisboa)".into(),
            contact: None,
            language: Some("pt".into()),
            instance: Some(partner),
        }),
        service: None,
        location: None,
        partner_kind: PartnerKind::Shelter,
        need: ServiceKind::SafeHousing,
        urgency: Urgency::Urgent,
        shared,
        follow_up: Day(30_000),
        note: Some("Arrives Tuesday".into()),
        overridden: None,
    }
}

async fn consented(store: &Store, ctx: &AccessContext, name: &str) -> i64 {
    let case = store
        .open_case(ctx, by_hand(person(name, "+34 600 333 444")))
        .await
        .unwrap();
    for purpose in [ConsentPurpose::Referral, ConsentPurpose::ShareIdentity] {
        let consent = ConsentInput {
            purpose,
            state: ConsentState::Given,
            means: faro_domain::case::ConsentMeans::Spoken,
            until: None,
            partners: Vec::new(),
            given_by: None,
        };
        store.record_consent(ctx, case, consent).await.unwrap();
    }
    case
}

async fn a_referral_travels_between_two_instances(db: TestDb) {
    let other = another(&db).await;
    let (madrid, lisboa) = (db.store(), other.store());
    let red = office(madrid, DEFAULT_ORGANISATION, "").await;
    let north = office(lisboa, DEFAULT_ORGANISATION, "").await;
    // Only instance admins see and exchange cards.
    for outsider in [&red.worker, &red.supervisor] {
        assert!(matches!(
            madrid.instance_card(outsider).await,
            Err(StoreError::Forbidden { .. })
        ));
    }
    let guest = madrid
        .create_organisation(&AccessContext::instance(), "Guest NGO")
        .await
        .unwrap();
    let guest_admin = staff(madrid, guest, Role::Admin, "guest-admin").await;
    assert!(matches!(
        madrid.instance_card(&guest_admin).await,
        Err(StoreError::Forbidden { .. })
    ));
    let madrid_card = madrid.instance_card(&red.admin).await.unwrap();
    assert_eq!(
        madrid.instance_card(&red.admin).await.unwrap(),
        madrid_card,
        "made once"
    );
    let lisboa_card = lisboa.instance_card(&north.admin).await.unwrap();
    refused(
        madrid
            .add_partner_instance(&red.admin, "Lisboa", "ssh-ed25519 AAAA")
            .await,
        "card",
        refusal::CARD_PREFIX,
    );
    let cut = lisboa_card.encode();
    refused(
        madrid
            .add_partner_instance(&red.admin, "Lisboa", &cut[..cut.len() - 3])
            .await,
        "card",
        refusal::CARD_DAMAGED,
    );
    refused(
        madrid
            .add_partner_instance(&red.admin, "Myself", &madrid_card.encode())
            .await,
        "card",
        refusal::CARD_OWN,
    );
    assert!(matches!(
        madrid
            .add_partner_instance(&guest_admin, "Lisboa", &lisboa_card.encode())
            .await,
        Err(StoreError::Forbidden { .. })
    ));
    let partner = madrid
        .add_partner_instance(&red.admin, "Faro Lisboa", &format!(" {cut}\n"))
        .await
        .unwrap();
    conflict(
        madrid.add_partner_instance(&red.admin, "Again", &cut).await,
        refusal::CARD_KNOWN,
    );
    let listed = madrid.partner_instances(&red.worker).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].fingerprint, lisboa_card.fingerprint());

    // The sender: an external referral to the partner instance, as a package.
    let case = consented(madrid, &red.worker, "Amina Diallo").await;
    refused(
        madrid
            .send_referral(&red.worker, to_partner(case, partner + 100, vec![]))
            .await,
        "instance",
        refusal::REFERRAL_NO_PARTNER,
    );
    let shared = vec![SharedPart::Name, SharedPart::Languages];
    let sent = madrid
        .send_referral(&red.worker, to_partner(case, partner, shared.clone()))
        .await
        .unwrap();
    assert!(matches!(
        madrid.referral_package(&red.stranger, sent).await,
        Err(StoreError::NotFound { .. })
    ));
    let file = madrid.referral_package(&red.worker, sent).await.unwrap();
    assert_eq!(file.name, format!("faro-referral-{sent}.json"));
    assert!(!file.text.contains("Amina"), "nothing in clear");

    // The receiver: refused until the sender's card is added, then imported once.
    refused(
        lisboa
            .import_package(&north.worker, file.text.as_bytes())
            .await,
        "package",
        refusal::PACKAGE_UNKNOWN_SENDER,
    );
    lisboa
        .add_partner_instance(&north.admin, "Faro Madrid", &madrid_card.encode())
        .await
        .unwrap();
    let viewer = staff(lisboa, DEFAULT_ORGANISATION, Role::Viewer, "viewer").await;
    assert!(matches!(
        lisboa.import_package(&viewer, file.text.as_bytes()).await,
        Err(StoreError::Forbidden { .. })
    ));
    let mut altered: serde_json::Value = serde_json::from_str(&file.text).unwrap();
    let sealed = altered["sealed"].as_str().unwrap().to_string();
    let flipped = if sealed.starts_with('A') { "B" } else { "A" };
    altered["sealed"] = serde_json::json!(format!("{flipped}{}", &sealed[1..]));
    refused(
        lisboa
            .import_package(&north.worker, altered.to_string().as_bytes())
            .await,
        "package",
        refusal::PACKAGE_ALTERED,
    );
    refused(
        lisboa
            .import_package(&north.worker, b"{\"hello\": 1}")
            .await,
        "package",
        refusal::PACKAGE_MALFORMED,
    );
    let received = lisboa
        .import_package(&north.worker, file.text.as_bytes())
        .await
        .unwrap();
    conflict(
        lisboa
            .import_package(&north.supervisor, file.text.as_bytes())
            .await,
        refusal::PACKAGE_REPLAYED,
    );
    let (list, next) = lisboa
        .received_referrals(&north.worker, None, 10)
        .await
        .unwrap();
    assert_eq!((list.len(), next), (1, None));
    assert_eq!(
        (
            list[0].id,
            list[0].status.as_str(),
            list[0].partner.as_str()
        ),
        (received, "pending", "Faro Madrid")
    );
    // Another organisation on the receiving instance finds nothing.
    let elsewhere = lisboa
        .create_organisation(&AccessContext::instance(), "Other NGO")
        .await
        .unwrap();
    let outsider = staff(lisboa, elsewhere, Role::Caseworker, "outsider").await;
    assert!(matches!(
        lisboa.received_referral(&outsider, received).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(
        lisboa
            .received_referrals(&outsider, None, 10)
            .await
            .unwrap()
            .0
            .is_empty()
    );
    let read = lisboa
        .received_referral(&north.worker, received)
        .await
        .unwrap();
    let content = read.content.unwrap();
    assert_eq!(content.referral, sent);
    assert_eq!(
        content.sender,
        madrid
            .organisation(DEFAULT_ORGANISATION)
            .await
            .unwrap()
            .name
    );
    assert_eq!(content.shared, shared);
    assert_eq!(content.package.person.names, ["Amina Diallo"]);
    assert!(
        content.package.person.contacts.is_empty(),
        "contacts were not shared"
    );
    assert_eq!(content.package.note.as_deref(), Some("Arrives Tuesday"));
    // Accepted into a case of the receiver's, once.
    let opened = lisboa
        .decide_received(&north.worker, received, None)
        .await
        .unwrap()
        .unwrap();
    let file_there = lisboa.case_file(&north.worker, opened).await.unwrap();
    assert_eq!(file_there.person.names, ["Amina Diallo"]);
    conflict(
        lisboa.decide_received(&north.worker, received, None).await,
        refusal::PACKAGE_DECIDED,
    );
    assert_eq!(
        other
            .scalar("SELECT COUNT(*) FROM received_packages WHERE content_sealed LIKE '%Amina%'")
            .await,
        0
    );

    // A second package, rejected: what it carried is erased.
    let second = consented(madrid, &red.worker, "Omar Haddad").await;
    let sent_again = madrid
        .send_referral(
            &red.worker,
            to_partner(second, partner, vec![SharedPart::Age]),
        )
        .await
        .unwrap();
    let file = madrid
        .referral_package(&red.worker, sent_again)
        .await
        .unwrap();
    let rejected = lisboa
        .import_package(&north.worker, file.text.as_bytes())
        .await
        .unwrap();
    assert_eq!(
        lisboa
            .decide_received(&north.worker, rejected, Some(RejectReason::NoCapacity))
            .await
            .unwrap(),
        None
    );
    let read = lisboa
        .received_referral(&north.worker, rejected)
        .await
        .unwrap();
    assert_eq!(read.content, None);
    assert_eq!(read.reason, Some(RejectReason::NoCapacity));

    // Keys and packages survive a re-keying of the receiver.
    let (rotated, _) = faro_testkit::rotated(lisboa).await;
    assert_eq!(
        rotated.instance_card(&north.admin).await.unwrap(),
        lisboa_card
    );
    let again = rotated
        .received_referral(&north.worker, received)
        .await
        .unwrap();
    assert_eq!(
        again.content.unwrap().package.person.names,
        ["Amina Diallo"]
    );

    // A partner removed: nothing more is sent to it.
    madrid
        .remove_partner_instance(&red.admin, partner)
        .await
        .unwrap();
    refused(
        madrid.referral_package(&red.worker, sent_again).await,
        "instance",
        refusal::REFERRAL_NO_PARTNER,
    );
    // Added again, under a new name: the same partner, trusted again.
    let long = "L".repeat(201);
    assert!(matches!(
        madrid.add_partner_instance(&red.admin, &long, &cut).await,
        Err(StoreError::Invalid { field: "name", .. })
    ));
    let back = madrid
        .add_partner_instance(&red.admin, "Faro Lisboa (new)", &cut)
        .await
        .unwrap();
    assert_eq!(back, partner);
    assert!(
        madrid
            .referral_package(&red.worker, sent_again)
            .await
            .is_ok()
    );
    let entries = madrid.audit_entries().await.unwrap();
    for action in ["instance.partner_add", "instance.partner_remove"] {
        assert!(
            entries
                .iter()
                .any(|e| e.chain == "instance" && e.action == action),
            "{action}"
        );
    }
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.action == "referral.package")
            .count(),
        3
    );
}

async fn a_partners_hostile_content_is_refused(db: TestDb) {
    // A partner's keys are trusted to say who sent a package, not that what it says is good.
    let store = db.store();
    let red = office(store, DEFAULT_ORGANISATION, "").await;
    let me = store.instance_card(&red.admin).await.unwrap();
    let partner = faro_exchange::InstanceKeys::generate().unwrap();
    store
        .add_partner_instance(&red.admin, "Careless", &partner.card().encode())
        .await
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let person = serde_json::json!({ "names": ["Amina"] });
    for content in [
        serde_json::json!({ "referral": 1 }),
        serde_json::json!({
            "referral": 1, "sender": "X", "receiver": "Y", "partner_kind": "shelter",
            "need": "teleportation", "urgency": "urgent", "shared": [], "follow_up": "2031-01-01",
            "package": { "person": person, "note": null }
        }),
        serde_json::json!({
            "referral": 2, "sender": "X", "receiver": "Y", "partner_kind": "shelter",
            "need": "safe_housing", "urgency": "urgent", "shared": [], "follow_up": "2031-02-30",
            "package": { "person": person, "note": null }
        }),
        serde_json::json!({
            "referral": 3, "sender": "X", "receiver": "Y", "partner_kind": "shelter",
            "need": "safe_housing", "urgency": "urgent", "shared": [], "follow_up": "2031-01-01",
            "package": { "person": { "names": ["A\u{202e}B"] }, "note": null }
        }),
    ] {
        let file = faro_exchange::seal(&partner, &me, "p", (now, now + 60), &content).unwrap();
        refused(
            store.import_package(&red.worker, file.as_bytes()).await,
            "package",
            refusal::PACKAGE_MALFORMED,
        );
    }
    // Expired.
    let file = faro_exchange::seal(
        &partner,
        &me,
        "late",
        (now - 100, now - 10),
        &serde_json::json!({}),
    )
    .unwrap();
    refused(
        store.import_package(&red.worker, file.as_bytes()).await,
        "package",
        refusal::PACKAGE_EXPIRED,
    );
    assert_eq!(db.scalar("SELECT COUNT(*) FROM received_packages").await, 0);
}

on_both_backends!(
    a_referral_travels_between_two_instances,
    a_partners_hostile_content_is_refused
);
