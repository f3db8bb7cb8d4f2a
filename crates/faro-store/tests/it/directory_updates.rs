//! A provider's yearly update in the store: a link works once and only until it lapses or a
//! newer one replaces it; the proposal is sealed, survives a key rotation, and is erased once
//! decided; only the entry's keepers make links and decide, and another organisation is not
//! told the update exists.

use faro_domain::directory::Audience;
use faro_domain::{AccessContext, Role};
use faro_store::{DEFAULT_ORGANISATION, DirectoryImportOptions, StoreError, UpdateState};
use faro_testkit::{TestDb, on_both_backends, rotated};
use serde_json::json;

const SERVICE: &str = "00000000-0000-4000-8000-000000000001";

async fn keeper_with_an_entry(db: &TestDb) -> AccessContext {
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let service = json!({
        "id": SERVICE, "name": "Casa Refugio", "status": "active",
        "organization": {"id": "00000000-0000-4000-8000-000000000900", "name": "Red", "description": "A network"},
    });
    let entry = faro_hsds::from_service(service).unwrap();
    let options = DirectoryImportOptions {
        audience: Audience::Partners,
        mark_vanished: false,
    };
    db.store()
        .import_directory(&admin, DEFAULT_ORGANISATION, &[entry], options)
        .await
        .unwrap();
    admin
}

async fn a_link_is_good_once_and_its_proposal_sealed_until_decided(db: TestDb) {
    let admin = keeper_with_an_entry(&db).await;
    let store = db.store();
    let link = store.directory_update_link(&admin, SERVICE).await.unwrap();
    assert!(link.starts_with("fdu_") && link.len() == 68, "{link}");
    let invited = store.directory_invitation(&link).await.unwrap();
    assert!(invited.service_document.contains("Casa Refugio"));
    assert_eq!(invited.organization, "Red");
    let proposal = r#"{"name":"Casa Refugio Norte","note":"Ask for María at the door"}"#;
    store
        .propose_directory_update(&link, proposal)
        .await
        .unwrap();
    assert!(matches!(
        store.propose_directory_update(&link, proposal).await,
        Err(StoreError::Unauthenticated)
    ));
    assert!(matches!(
        store.directory_invitation(&link).await,
        Err(StoreError::Unauthenticated)
    ));
    let sealed = db
        .text("SELECT proposal_sealed FROM directory_updates")
        .await;
    assert!(!sealed.contains("María") && !sealed.is_empty(), "{sealed}");
    let (store, _) = rotated(store).await;
    let listed = store
        .directory_updates(&admin, DEFAULT_ORGANISATION)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, UpdateState::Proposed);
    assert_eq!(listed[0].service_name, "Casa Refugio");
    let (_, kept) = store.directory_update(&admin, listed[0].id).await.unwrap();
    assert_eq!(kept.as_deref(), Some(proposal), "opened after the rotation");
    store
        .decide_directory_update(&admin, listed[0].id, false)
        .await
        .unwrap();
    let (update, erased) = store.directory_update(&admin, listed[0].id).await.unwrap();
    assert_eq!(update.state, UpdateState::Rejected);
    assert_eq!(erased, None, "a decided proposal is erased");
    assert!(matches!(
        store
            .decide_directory_update(&admin, listed[0].id, true)
            .await,
        Err(StoreError::Conflict { .. })
    ));
}

async fn a_newer_or_lapsed_link_no_longer_opens(db: TestDb) {
    let admin = keeper_with_an_entry(&db).await;
    let store = db.store();
    let first = store.directory_update_link(&admin, SERVICE).await.unwrap();
    let second = store.directory_update_link(&admin, SERVICE).await.unwrap();
    assert!(matches!(
        store.directory_invitation(&first).await,
        Err(StoreError::Unauthenticated)
    ));
    store.directory_invitation(&second).await.unwrap();
    db.execute("UPDATE directory_updates SET expires_at = 1")
        .await;
    assert!(matches!(
        store.propose_directory_update(&second, "{}").await,
        Err(StoreError::Unauthenticated)
    ));
    let states: Vec<UpdateState> = store
        .directory_updates(&admin, DEFAULT_ORGANISATION)
        .await
        .unwrap()
        .iter()
        .map(|u| u.state)
        .collect();
    assert_eq!(states, [UpdateState::Lapsed, UpdateState::Lapsed]);
    for bad in [
        "",
        "fdu_",
        "fl_0000",
        &"x".repeat(5000),
        &second.replace('a', "b"),
    ] {
        assert!(
            matches!(
                store.directory_invitation(bad).await,
                Err(StoreError::Unauthenticated)
            ),
            "{bad}"
        );
    }
}

async fn only_the_keepers_make_links_and_decide(db: TestDb) {
    let admin = keeper_with_an_entry(&db).await;
    let store = db.store();
    let other = store
        .create_organisation(&AccessContext::instance(), "Other NGO")
        .await
        .unwrap();
    let outsider = AccessContext::member(other, Role::Admin);
    assert!(matches!(
        store.directory_update_link(&outsider, SERVICE).await,
        Err(StoreError::NotFound { .. })
    ));
    let worker = AccessContext::member(DEFAULT_ORGANISATION, Role::Caseworker);
    assert!(matches!(
        store.directory_update_link(&worker, SERVICE).await,
        Err(StoreError::Forbidden { .. })
    ));
    let link = store.directory_update_link(&admin, SERVICE).await.unwrap();
    store.propose_directory_update(&link, "{}").await.unwrap();
    let id = store
        .directory_updates(&admin, DEFAULT_ORGANISATION)
        .await
        .unwrap()[0]
        .id;
    assert!(matches!(
        store.directory_update(&outsider, id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.decide_directory_update(&worker, id, true).await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store.directory_updates(&worker, DEFAULT_ORGANISATION).await,
        Err(StoreError::Forbidden { .. })
    ));
    let audit = db
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'directory.update%'")
        .await;
    assert_eq!(audit, 2, "the link made and the proposal, nothing refused");
}

on_both_backends!(
    a_link_is_good_once_and_its_proposal_sealed_until_decided,
    a_newer_or_lapsed_link_no_longer_opens,
    only_the_keepers_make_links_and_decide,
);
