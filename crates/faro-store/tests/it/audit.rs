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
    // Five, the two that opened the default organisation's chain at the first start, and the
    // one that opened its intake chain.
    assert_eq!((summary.chains, summary.entries), (3, 8));
    let entries = db.store().audit_entries().await.unwrap();
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.chain == "organisation 1")
            .map(|e| (e.seq, e.action.as_str()))
            .collect::<Vec<_>>(),
        [
            (1, "organisation.chain_opened"),
            (2, "records.read"),
            (3, "records.read")
        ]
    );
    assert_eq!((entries[1].actor.as_str(), entries[1].seq), ("cli", 2));
}

/// A report's arrival sits in its organisation's intake chain, among other arrivals stamped
/// to the hour, never between the organisation's exactly timed entries; deleting that chain
/// whole is named like any other.
async fn arrivals_sit_in_an_hour_stamped_intake_chain(db: TestDb) {
    let store = db.store();
    let blue = store
        .create_organisation(&AccessContext::instance(), "Blue")
        .await
        .unwrap();
    for what in ["first", "second"] {
        faro_testkit::submit_web_report(store, blue, what, "").await;
    }
    five_entries(store).await;
    let entries = store.audit_entries().await.unwrap();
    let intake = format!("intake {}", blue.0);
    let arrivals: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "report.submit")
        .collect();
    assert_eq!(arrivals.len(), 2);
    assert!(
        arrivals
            .iter()
            .all(|e| e.chain == intake && e.at % 3600 == 0)
    );
    assert!(
        entries.iter().filter(|e| e.chain == intake).all(|e| [
            "report.submit",
            "report.message",
            "intake.chain_opened"
        ]
        .contains(&e.action.as_str())),
        "nothing else in the intake chain"
    );
    let admin = AccessContext::member(blue, Role::Admin);
    let exported = store.audit_chain(&admin, blue).await.unwrap();
    assert_eq!(
        exported
            .iter()
            .filter(|e| e.action == "report.submit")
            .count(),
        2,
        "a leaving organisation takes its arrivals with it"
    );
    store.verify_audit().await.unwrap().unwrap();
    db.execute(&format!(
        "DELETE FROM audit_log WHERE chain = '{intake}'; DELETE FROM audit_heads WHERE chain = '{intake}';"
    ))
    .await;
    let p = problem(&db).await;
    assert!(p.contains(&format!("chain `{intake}`")), "{p}");
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
    db.execute("DELETE FROM audit_log WHERE chain = 'organisation 1' AND seq = 3")
        .await;
    let p = problem(&db).await;
    assert!(p.contains("chain `organisation 1`, entry 3: is missing: the chain ends at 2 but its head records 3"), "{p}");
    db.execute("DELETE FROM audit_heads WHERE chain = 'instance'")
        .await;
    let p = problem(&db).await;
    assert!(
        p.contains("chain `instance`, entry 1: is missing: the whole chain"),
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
            .audit(&AccessContext::instance(), "export", json!({}))
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

/// Cutting entries from the end and moving the head back to the new last entry, as the outside
/// review did: the head's tag gives it away.
async fn a_truncated_chain_with_a_forged_head_is_found(db: TestDb) {
    five_entries(db.store()).await;
    let mac = db
        .text("SELECT mac FROM audit_log WHERE chain = 'organisation 1' AND seq = 2")
        .await;
    db.execute(&format!(
        "DELETE FROM audit_log WHERE chain = 'organisation 1' AND seq = 3; \
         UPDATE audit_heads SET seq = 2, mac = '{mac}' WHERE chain = 'organisation 1';"
    ))
    .await;
    let p = problem(&db).await;
    assert!(
        p.contains("chain `organisation 1`, entry 2: is where the head points, but the head's tag does not match"),
        "{p}"
    );
}

/// An organisation's whole chain deleted, entries and head, even with the organisation's
/// row: the instance's chain recorded its creation.
async fn a_deleted_chain_is_named(db: TestDb) {
    let store = db.store();
    let green = store
        .create_organisation(&AccessContext::instance(), "Green")
        .await
        .unwrap();
    store.verify_audit().await.unwrap().unwrap();
    let chain = format!("organisation {}", green.0);
    db.execute(&format!(
        "DELETE FROM audit_log WHERE chain = '{chain}'; DELETE FROM audit_heads WHERE chain = '{chain}';"
    ))
    .await;
    let p = problem(&db).await;
    assert!(
        p.contains(&format!(
            "chain `{chain}`, entry 1: is missing: the whole chain"
        )),
        "{p}"
    );
    db.execute(&format!("DELETE FROM organisations WHERE id = {}", green.0))
        .await;
    let p = problem(&db).await;
    assert!(p.contains(&format!("chain `{chain}`")), "{p}");
    // A store opened again does not quietly open a new chain for it.
    let again = db.open_another().await;
    assert!(again.verify_audit().await.unwrap().is_err());
}

/// The whole audit log put back as an older copy had it: every MAC and tag is valid, so only
/// a checkpoint kept outside the database can tell.
async fn a_rollback_to_an_older_copy_is_found_against_a_checkpoint(db: TestDb) {
    let store = db.store();
    five_entries(store).await;
    let old_head = db
        .text("SELECT seq || ' ' || mac || ' ' || tag FROM audit_heads WHERE chain = 'instance'")
        .await;
    let parts: Vec<&str> = old_head.split(' ').collect();
    five_entries(store).await;
    let checkpoint = store.audit_checkpoint().await.unwrap().unwrap();
    store
        .verify_audit_since(&checkpoint)
        .await
        .unwrap()
        .unwrap();
    db.execute(&format!(
        "DELETE FROM audit_log WHERE chain = 'instance' AND seq > {0}; \
         UPDATE audit_heads SET seq = {0}, mac = '{1}', tag = '{2}' WHERE chain = 'instance';",
        parts[0], parts[1], parts[2]
    ))
    .await;
    store.verify_audit().await.unwrap().unwrap();
    let p = store
        .verify_audit_since(&checkpoint)
        .await
        .unwrap()
        .unwrap_err()
        .to_string();
    assert!(
        p.contains("chain `instance`") && p.contains("rolled back"),
        "{p}"
    );
}

/// A checkpoint survives key rotation, notices an entry replaced before it, and refuses to be
/// edited by hand.
async fn a_checkpoint_survives_rotation_and_refuses_edits(db: TestDb) {
    five_entries(db.store()).await;
    let checkpoint = db.store().audit_checkpoint().await.unwrap().unwrap();
    let (rotated, _) = db
        .store()
        .clone()
        .rotate_key(&AccessContext::instance(), &DataKey::generate().unwrap())
        .await
        .unwrap();
    rotated
        .verify_audit_since(&checkpoint)
        .await
        .unwrap()
        .unwrap();
    let mut edited = checkpoint.clone();
    edited.chains.get_mut("instance").unwrap().seq = 1;
    let p = rotated
        .verify_audit_since(&edited)
        .await
        .unwrap()
        .unwrap_err()
        .to_string();
    assert!(p.contains("was edited"), "{p}");
    let json = serde_json::to_string(&checkpoint).unwrap();
    assert!(json.contains("faro-audit-checkpoint-1") && json.contains("organisation 1"));
}

on_both_backends!(
    arrivals_sit_in_an_hour_stamped_intake_chain,
    a_truncated_chain_with_a_forged_head_is_found,
    a_deleted_chain_is_named,
    a_rollback_to_an_older_copy_is_found_against_a_checkpoint,
    a_checkpoint_survives_rotation_and_refuses_edits,
);

on_both_backends!(
    an_untouched_log_verifies_chain_by_chain,
    a_changed_entry_is_named,
    a_deleted_entry_is_named,
    reordered_entries_are_found,
    entries_cut_from_the_end_are_found,
    a_wrong_key_is_refused_and_a_locked_store_does_not_audit,
);
