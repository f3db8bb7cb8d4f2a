//! The audit log: a clean chain verifies; every kind of tampering is found and named.

use faro_domain::{AccessContext, OrganisationId, Role};
use faro_store::{DataKey, Store, StoreError};
use faro_testkit::{TestDb, on_both_backends};
use serde_json::json;

async fn five_entries(store: &Store) {
    let cli = AccessContext::instance().acting_as("cli");
    let member =
        AccessContext::member(OrganisationId(1), Role::Analyst).acting_as("token 1 of a@b.c");
    for i in 0..3 {
        store
            .audit(&cli, "import", json!({ "source_id": i }))
            .await
            .unwrap();
    }
    for i in 0..2 {
        store
            .audit(&member, "records.read", json!({ "ids": [i, i + 1] }))
            .await
            .unwrap();
    }
}

async fn problem(db: &TestDb) -> String {
    match db.store().verify_audit().await.unwrap() {
        Ok(summary) => panic!("tampering went unnoticed: {summary:?}"),
        Err(p) => p.to_string(),
    }
}

async fn an_untouched_log_verifies_chain_by_chain(db: TestDb) {
    five_entries(db.store()).await;
    let summary = db.store().verify_audit().await.unwrap().unwrap();
    assert_eq!((summary.chains, summary.entries), (2, 5));
    let entries = db.store().audit_entries().await.unwrap();
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.chain == "organisation 1")
            .map(|e| e.seq)
            .collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(entries[0].actor, "cli");
}

async fn a_changed_entry_is_named(db: TestDb) {
    five_entries(db.store()).await;
    db.execute(
        "UPDATE audit_log SET detail = '{\"source_id\":7}' WHERE chain = 'instance' AND seq = 2",
    )
    .await;
    let p = problem(&db).await;
    assert!(p.contains("chain `instance`, entry 2: was changed"), "{p}");
}

async fn a_deleted_entry_is_named(db: TestDb) {
    five_entries(db.store()).await;
    db.execute("DELETE FROM audit_log WHERE chain = 'instance' AND seq = 2")
        .await;
    let p = problem(&db).await;
    assert!(p.contains("entry 2: is missing"), "{p}");
}

async fn reordered_entries_are_found(db: TestDb) {
    five_entries(db.store()).await;
    db.execute(
        "UPDATE audit_log SET seq = 99 WHERE chain = 'instance' AND seq = 1;
         UPDATE audit_log SET seq = 1 WHERE chain = 'instance' AND seq = 2;
         UPDATE audit_log SET seq = 2 WHERE chain = 'instance' AND seq = 99;",
    )
    .await;
    let p = problem(&db).await;
    assert!(
        p.contains("chain `instance`, entry 1: was changed, or entries were reordered"),
        "{p}"
    );
}

async fn entries_cut_from_the_end_are_found(db: TestDb) {
    five_entries(db.store()).await;
    db.execute("DELETE FROM audit_log WHERE chain = 'organisation 1' AND seq = 2")
        .await;
    let p = problem(&db).await;
    assert!(p.contains("chain `organisation 1`, entry 2: is missing: the chain ends at 1 but its head records 2"), "{p}");
    db.execute("DELETE FROM audit_heads WHERE chain = 'instance'")
        .await;
    let p = problem(&db).await;
    assert!(
        p.contains("organisation 1") || p.contains("without a head"),
        "{p}"
    );
}

async fn a_wrong_key_is_refused_and_a_locked_store_does_not_audit(db: TestDb) {
    five_entries(db.store()).await;
    let again = db.open_another().await;
    again.verify_audit().await.unwrap().unwrap();
    let location = db.store().location().clone();
    let wrong = Store::open(&location).await;
    // A PostgreSQL location here lacks the test's schema; the SQLite one is the same file.
    if db.backend() == "sqlite" {
        let locked = wrong.unwrap();
        let err = locked
            .audit(&AccessContext::instance(), "x", json!({}))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Locked), "{err:?}");
        let refused = locked.unlock(&DataKey::generate().unwrap()).await;
        assert!(
            matches!(refused, Err(StoreError::WrongKey)),
            "a different key is refused"
        );
    }
}

on_both_backends!(
    an_untouched_log_verifies_chain_by_chain,
    a_changed_entry_is_named,
    a_deleted_entry_is_named,
    reordered_entries_are_found,
    entries_cut_from_the_end_are_found,
    a_wrong_key_is_refused_and_a_locked_store_does_not_audit,
);
