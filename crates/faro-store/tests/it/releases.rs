//! A release's files stored chunk by chunk: read back whole and chunk by chunk, an empty
//! file included, private until made public, and gone with their release's organisation.

use faro_domain::{AccessContext, Role};
use faro_store::{DEFAULT_ORGANISATION, StoreError};
use faro_testkit::{TestDb, on_both_backends};

async fn a_large_release_file_is_stored_and_read_in_chunks(db: TestDb) {
    let store = db.store();
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    // Two and a half chunks of bytes that differ from chunk to chunk.
    let big: Vec<u8> = (0..(5u32 << 19)).map(|i| (i % 251) as u8).collect();
    let files: Vec<(String, Box<dyn std::io::Read + Send>)> = vec![
        (
            "kanon.csv".into(),
            Box::new(std::io::Cursor::new(big.clone())),
        ),
        ("README.md".into(), Box::new(std::io::empty())),
    ];
    let id = store
        .save_release(&admin, DEFAULT_ORGANISATION, &[1, 2, 3], "{}", files)
        .await
        .unwrap();
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM release_file_chunks WHERE name = 'kanon.csv'")
            .await,
        3
    );
    assert_eq!(
        store.release_file(&admin, id, "kanon.csv").await.unwrap(),
        big
    );
    assert_eq!(
        store.release_file(&admin, id, "README.md").await.unwrap(),
        b""
    );
    let second = store
        .release_file_chunk(&admin, id, "kanon.csv", 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second, big[1 << 20..2 << 20]);
    assert!(
        store
            .release_file_chunk(&admin, id, "kanon.csv", 3)
            .await
            .unwrap()
            .is_none()
    );
    // Private: anyone else finds nothing, as for a file that does not exist.
    let anyone = AccessContext::anonymous();
    let hidden = store.release_file_chunk(&anyone, id, "kanon.csv", 0).await;
    assert!(
        matches!(hidden, Err(StoreError::NotFound { .. })),
        "{hidden:?}"
    );
    let missing = store.release_file_chunk(&admin, id, "nothing.csv", 0).await;
    assert!(matches!(missing, Err(StoreError::NotFound { .. })));
    store
        .set_release_public(&admin, DEFAULT_ORGANISATION, id, true)
        .await
        .unwrap();
    assert_eq!(
        store.release_file(&anyone, id, "kanon.csv").await.unwrap(),
        big
    );
}

/// A removed organisation's releases, public ones included, are removed with it: nothing of
/// it stays downloadable from `/data`.
async fn a_removed_organisations_releases_go_with_it(db: TestDb) {
    let store = db.store();
    let instance = AccessContext::instance();
    let blue = store.create_organisation(&instance, "Blue").await.unwrap();
    let admin = AccessContext::member(blue, Role::Admin);
    let files: Vec<(String, Box<dyn std::io::Read + Send>)> = vec![(
        "kanon.csv".into(),
        Box::new(std::io::Cursor::new(b"gender\nfemale\n".to_vec())),
    )];
    let id = store
        .save_release(&admin, blue, &[1], "{}", files)
        .await
        .unwrap();
    store
        .set_release_public(&admin, blue, id, true)
        .await
        .unwrap();
    let anyone = AccessContext::anonymous();
    assert!(
        !store
            .release_file(&anyone, id, "kanon.csv")
            .await
            .unwrap()
            .is_empty()
    );
    let removed = store.remove_organisation(&instance, blue).await.unwrap();
    assert_eq!(removed.releases, 1);
    assert!(store.public_releases().await.unwrap().is_empty());
    assert!(matches!(
        store.release_file(&anyone, id, "kanon.csv").await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM release_file_chunks").await,
        0
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
}

/// A release made of `members`, made public; its id.
async fn public_release(store: &faro_store::Store, members: &[i64]) -> i64 {
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let files: Vec<(String, Box<dyn std::io::Read + Send>)> = vec![(
        "kanon.csv".into(),
        Box::new(std::io::Cursor::new(b"gender\nfemale\n".to_vec())),
    )];
    let id = store
        .save_release(&admin, DEFAULT_ORGANISATION, members, "{}", files)
        .await
        .unwrap();
    store
        .set_release_public(&admin, DEFAULT_ORGANISATION, id, true)
        .await
        .unwrap();
    id
}

/// Erasing a record withdraws every release that holds it (by its sealed list, which follows
/// a new key), and those made before lists were kept, which may; the others stay public.
async fn an_erased_record_withdraws_the_releases_that_hold_it(db: TestDb) {
    let store = db.store().clone();
    faro_testkit::import_generated(&store, 7, 20).await;
    let instance = AccessContext::instance();
    let ids: Vec<i64> = store
        .records(&instance, &Default::default(), None, 20)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let holding = public_release(&store, &ids[..10]).await;
    let other = public_release(&store, &ids[10..]).await;
    let older = public_release(&store, &ids[..1]).await;
    db.execute(&format!(
        "UPDATE releases SET members = NULL WHERE id = {older}"
    ))
    .await;
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM releases WHERE members IS NOT NULL")
            .await,
        2,
        "each release keeps its sealed list"
    );
    let (store, _) = store
        .rotate_key(&instance, &faro_store::DataKey::generate().unwrap())
        .await
        .unwrap();
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin).acting_as("admin");
    let withdrawn = store
        .erase_record(&admin, ids[3], faro_store::ErasureReason::SubjectRequest)
        .await
        .unwrap();
    assert_eq!(withdrawn, vec![holding, older]);
    let public: Vec<i64> = store
        .public_releases()
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(public, vec![other]);
    let anyone = AccessContext::anonymous();
    assert!(matches!(
        store.release_file(&anyone, holding, "kanon.csv").await,
        Err(StoreError::NotFound { .. })
    ));
    let again = store
        .set_release_public(&admin, DEFAULT_ORGANISATION, holding, true)
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "{again:?}"
    );
    let listed = store.releases(&admin, DEFAULT_ORGANISATION).await.unwrap();
    assert!(
        listed
            .iter()
            .any(|r| r.id == holding && r.withdrawn && !r.public)
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'release.withdraw'")
            .await,
        2
    );
    store.verify_audit().await.unwrap().unwrap();
}

on_both_backends!(
    an_erased_record_withdraws_the_releases_that_hold_it,
    a_large_release_file_is_stored_and_read_in_chunks,
    a_removed_organisations_releases_go_with_it,
);
