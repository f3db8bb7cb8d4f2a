//! Deleting a source and erasing a record: gone with their notes, counted again without them,
//! audited with what went and why (never what a record held), and only by those who may.

use faro_analytics_free::total;
use faro_domain::{AccessContext, OrganisationId, Role};
use faro_store::{DEFAULT_ORGANISATION, ErasureReason, StoreError};
use faro_testkit::{TestDb, import_generated, on_both_backends};

mod faro_analytics_free {
    /// Records of complete sources, as counted for every reader.
    pub async fn total(store: &faro_store::Store) -> i64 {
        store
            .sources(&faro_domain::AccessContext::instance())
            .await
            .unwrap()
            .iter()
            .map(|s| s.rows_imported)
            .sum()
    }
}

async fn a_deleted_source_takes_its_records_and_notes_and_says_so(db: TestDb) {
    let store = db.store();
    let instance = AccessContext::instance().acting_as("test");
    let wrong = import_generated(store, 50, 120).await;
    import_generated(store, 51, 80).await;
    let first = store
        .records(&instance, &Default::default(), None, 1)
        .await
        .unwrap()[0]
        .id;
    store
        .add_note(&instance, first, "a note on a wrong record")
        .await
        .unwrap();
    let analyst = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst);
    assert!(matches!(
        store.remove_source(&analyst, wrong).await,
        Err(StoreError::Forbidden { .. })
    ));
    let other = AccessContext::member(OrganisationId(99), Role::Admin);
    assert!(
        store.remove_source(&other, wrong).await.is_err(),
        "another organisation's admin"
    );
    let sha = store.source(&instance, wrong).await.unwrap().sha256;
    let gone = store.remove_source(&instance, wrong).await.unwrap();
    assert_eq!((gone.records, gone.sha256.as_str()), (120, sha.as_str()));
    assert_eq!(total(store).await, 80);
    assert_eq!(
        db.scalar(&format!(
            "SELECT COUNT(*) FROM records WHERE source_id = {wrong}"
        ))
        .await,
        0
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM record_notes").await,
        0,
        "its notes went too"
    );
    let entry = store
        .audit_entries()
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.action == "source.delete")
        .expect("the deletion is audited");
    let detail: serde_json::Value = serde_json::from_str(&entry.detail).unwrap();
    assert_eq!(detail["sha256"], sha.as_str());
    assert_eq!(detail["records"], 120);
    assert!(store.verify_audit().await.unwrap().is_ok());
    assert!(matches!(
        store.remove_source(&instance, wrong).await,
        Err(StoreError::NotFound { .. })
    ));
}

async fn an_erased_record_is_gone_counted_out_and_audited_without_its_content(db: TestDb) {
    let store = db.store();
    let instance = AccessContext::instance().acting_as("test");
    let source = import_generated(store, 52, 60).await;
    let revision = store.source(&instance, source).await.unwrap().revision;
    let record = store
        .records(&instance, &Default::default(), None, 1)
        .await
        .unwrap()[0]
        .clone();
    store
        .add_note(&instance, record.id, "asked to be forgotten")
        .await
        .unwrap();
    let analyst = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst);
    assert!(matches!(
        store
            .erase_record(&analyst, record.id, ErasureReason::SubjectRequest)
            .await,
        Err(StoreError::Forbidden { .. })
    ));
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin).acting_as("admin");
    store
        .erase_record(&admin, record.id, ErasureReason::SubjectRequest)
        .await
        .unwrap();
    assert!(matches!(
        store.record(&instance, record.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(db.scalar("SELECT COUNT(*) FROM record_notes").await, 0);
    let after = store.source(&instance, source).await.unwrap();
    assert_eq!(total(store).await, 59);
    assert!(
        after.revision > revision,
        "its source's revision moves, so the index counts again"
    );
    let entry = store
        .audit_entries()
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.action == "record.erase")
        .expect("the erasure is audited");
    let detail: serde_json::Value = serde_json::from_str(&entry.detail).unwrap();
    let keys: Vec<&String> = detail.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["reason", "record_id", "source_id"],
        "why, not what it held"
    );
    assert_eq!(detail["reason"], "subject_request");
    assert!(store.verify_audit().await.unwrap().is_ok());
}

on_both_backends!(
    a_deleted_source_takes_its_records_and_notes_and_says_so,
    an_erased_record_is_gone_counted_out_and_audited_without_its_content,
);
