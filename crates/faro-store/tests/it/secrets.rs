//! Free text at rest and the data key: notes are stored encrypted, readable only through the
//! store by those who may read the record, and `rotate_key` moves everything to a new key.

use faro_domain::{AccessContext, Role};
use faro_store::{DEFAULT_ORGANISATION, DataKey, StoreError};
use faro_testkit::{TestDb, on_both_backends};

const TEXT: &str = "Met her at the bus station in Tapachula; she fears her employer's brother";

async fn first_record(db: &TestDb, org: faro_domain::OrganisationId) -> i64 {
    db.store()
        .records(
            &AccessContext::member(org, Role::Admin),
            &Default::default(),
            None,
            1,
        )
        .await
        .unwrap()[0]
        .id
}

async fn notes_are_encrypted_at_rest_and_read_only_by_who_may_read_the_record(db: TestDb) {
    let store = db.store().clone();
    faro_testkit::import_generated(&store, 1, 3).await;
    let red = store
        .create_organisation(&AccessContext::instance(), "Red")
        .await
        .unwrap();
    faro_testkit::import_generated_for(&store, red, 2, 3).await;
    let id = first_record(&db, DEFAULT_ORGANISATION).await;
    let analyst = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst)
        .for_user(7)
        .acting_as("user 7 (ana@test.invalid)");
    let note = store
        .add_note(&analyst, id, &format!("  {TEXT}\n"))
        .await
        .unwrap();
    assert_eq!(note.text, TEXT, "trimmed");
    let stored = db.text("SELECT ciphertext FROM record_notes").await;
    assert!(
        stored.starts_with("v1.") && !stored.contains("Tapachula"),
        "{stored}"
    );
    assert!(!hex_contains(&stored, "Tapachula"));
    let read = store.notes(&analyst, id).await.unwrap();
    assert_eq!(
        (read.len(), read[0].text.as_str(), read[0].author.as_str()),
        (1, TEXT, "user 7 (ana@test.invalid)")
    );
    let viewer = AccessContext::member(DEFAULT_ORGANISATION, Role::Viewer);
    assert!(matches!(
        store.notes(&viewer, id).await,
        Err(StoreError::Forbidden { .. })
    ));
    let outsider = AccessContext::member(red, Role::Admin);
    assert!(matches!(
        store.notes(&outsider, id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.add_note(&outsider, id, "x").await,
        Err(StoreError::NotFound { .. })
    ));
    for bad in ["", "   ", &"x".repeat(10_001)] {
        let e = store.add_note(&analyst, id, bad).await.unwrap_err();
        let StoreError::Invalid { field, problem } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*field, "text");
        assert_eq!(problem.key, faro_domain::refusal::NOTE_LENGTH);
        assert_eq!(problem.arg("max"), Some("10000"), "{e}");
    }
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM record_notes").await,
        1,
        "nothing half-written"
    );
    // Moved to another record, the ciphertext no longer opens.
    let other = store
        .records(&analyst, &Default::default(), Some(id), 1)
        .await
        .unwrap()[0]
        .id;
    db.execute(&format!("UPDATE record_notes SET record_id = {other}"))
        .await;
    assert!(matches!(
        store.notes(&analyst, other).await,
        Err(StoreError::Crypto { .. })
    ));
    let actions: Vec<String> = store
        .audit_entries()
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"note.create".to_string()) && actions.contains(&"notes.read".to_string())
    );
    assert!(
        store
            .audit_entries()
            .await
            .unwrap()
            .iter()
            .all(|e| !e.detail.contains("Tapachula"))
    );
}

fn hex_contains(hex: &str, plain: &str) -> bool {
    hex.contains(&faro_hex(plain))
}

fn faro_hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

async fn rotating_the_key_keeps_notes_and_the_audit_log_and_retires_the_old_key(db: TestDb) {
    let store = db.store().clone();
    faro_testkit::import_generated(&store, 1, 3).await;
    let id = first_record(&db, DEFAULT_ORGANISATION).await;
    let analyst = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst);
    store.add_note(&analyst, id, TEXT).await.unwrap();
    let before = db.text("SELECT ciphertext FROM record_notes").await;
    let report =
        faro_testkit::submit_web_report(&store, DEFAULT_ORGANISATION, TEXT, "Tapachula").await;
    let receipt_hash = db.text("SELECT receipt_hash FROM reports").await;
    // An upload waiting for its import, sealed chunk by chunk.
    let job = faro_store::NewJob {
        id: "rotated-job",
        kind: "import",
        organisation: DEFAULT_ORGANISATION,
        lang: "en",
        params: "{}".into(),
        receiving: Some(("web", i64::MAX)),
        limit: 2,
    };
    store.queue_job(&analyst, job).await.unwrap();
    let lease = ("web", i64::MAX);
    store
        .add_job_chunk("rotated-job", "upload", 0, TEXT.as_bytes(), lease)
        .await
        .unwrap();
    let stale = db.open_another().await;
    let member = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    assert!(matches!(
        store
            .clone()
            .rotate_key(&member, &DataKey::generate().unwrap())
            .await,
        Err(StoreError::Forbidden { .. })
    ));
    let new = DataKey::generate().unwrap();
    let (rotated, summary) = store
        .rotate_key(&AccessContext::instance(), &new)
        .await
        .unwrap();
    assert_eq!(summary.notes, 1);
    assert_eq!(
        summary.report_texts, 3,
        "the report's fields, its message, its photo"
    );
    assert!(summary.audit_entries >= 2);
    assert_eq!(summary.job_chunks, 1);
    assert_eq!(
        rotated
            .job_chunk("rotated-job", "upload", 0)
            .await
            .unwrap()
            .as_deref(),
        Some(TEXT.as_bytes())
    );
    assert_ne!(
        db.text("SELECT ciphertext FROM record_notes").await,
        before,
        "re-encrypted"
    );
    assert_eq!(rotated.notes(&analyst, id).await.unwrap()[0].text, TEXT);
    let opened = rotated.report(&analyst, report.id).await.unwrap();
    assert_eq!(opened.messages[0].text, TEXT);
    let photo = opened.messages[0].attachments[0];
    let operator = AccessContext::member(DEFAULT_ORGANISATION, Role::Operator);
    let photo = rotated
        .attachment(&operator, report.id, photo)
        .await
        .unwrap();
    assert_eq!(photo.bytes, [0xFF, 0xD8, 0xFF, 0xD9]);
    // The receipt needs no key: its hash is unchanged and it still opens the report.
    assert_eq!(
        db.text("SELECT receipt_hash FROM reports").await,
        receipt_hash
    );
    let code = report.receipt.unwrap();
    assert_eq!(
        rotated.report_id_by_receipt(&code).await.unwrap(),
        Some(report.id)
    );
    let verified = rotated.verify_audit().await.unwrap().unwrap();
    assert_eq!(
        verified.entries,
        summary.audit_entries + 4,
        "the rotation and the reads are audited"
    );
    // The old key opens nothing any more, and a process still holding it cannot write.
    assert!(matches!(
        stale.clone().unlock(db.key()).await,
        Err(StoreError::WrongKey)
    ));
    assert!(stale.clone().unlock(&new).await.is_ok());
    assert!(matches!(
        stale
            .audit(&analyst, "records.read", serde_json::json!({}))
            .await,
        Err(StoreError::WrongKey)
    ));
    assert!(matches!(
        stale.add_note(&analyst, id, "late").await,
        Err(StoreError::WrongKey)
    ));
    assert_eq!(db.scalar("SELECT COUNT(*) FROM record_notes").await, 1);
    rotated.verify_audit().await.unwrap().unwrap();
}

async fn a_tampered_log_is_not_re_signed(db: TestDb) {
    let store = db.store().clone();
    let ctx = AccessContext::instance().acting_as("cli");
    for i in 0..3 {
        store
            .audit(&ctx, "import", serde_json::json!({ "source_id": i }))
            .await
            .unwrap();
    }
    db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = 2")
        .await;
    let before = db
        .text("SELECT value FROM meta WHERE name = 'key_check'")
        .await;
    let Err(e) = store
        .rotate_key(&AccessContext::instance(), &DataKey::generate().unwrap())
        .await
    else {
        panic!("a tampered log was re-signed");
    };
    assert!(
        e.to_string().contains("tampered") && e.to_string().contains("entry 2"),
        "{e}"
    );
    assert_eq!(
        db.text("SELECT value FROM meta WHERE name = 'key_check'")
            .await,
        before,
        "nothing changed"
    );
}

on_both_backends!(
    notes_are_encrypted_at_rest_and_read_only_by_who_may_read_the_record,
    rotating_the_key_keeps_notes_and_the_audit_log_and_retires_the_old_key,
    a_tampered_log_is_not_re_signed,
);
