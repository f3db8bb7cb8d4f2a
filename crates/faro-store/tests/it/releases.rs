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
        .save_release(&admin, DEFAULT_ORGANISATION, 10, "{}", files)
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
        .save_release(&admin, blue, 1, "{}", files)
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

on_both_backends!(
    a_large_release_file_is_stored_and_read_in_chunks,
    a_removed_organisations_releases_go_with_it,
);
