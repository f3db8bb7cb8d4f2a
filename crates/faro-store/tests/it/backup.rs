//! Backups taken while the store is in use, restored into an empty place and verified; a
//! damaged, cut, foreign or misplaced backup, or one older than a later checkpoint, is refused
//! with nothing left restored.

use faro_domain::AccessContext;
use faro_store::{DataKey, Location, Store, StoreError, restore};
use faro_testkit::{TestDb, drop_database, import_generated, on_both_backends};

/// Whether `to` holds nothing: no SQLite file, or no table in the PostgreSQL schema.
async fn is_empty(to: &Location) -> bool {
    match to {
        Location::Sqlite(path) => !path.exists(),
        Location::Postgres(url) => {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            )
            .fetch_one(&mut conn)
            .await
            .unwrap();
            n == 0
        }
    }
}

/// Records of complete sources, as every reader sees them.
async fn visible_records(store: &Store) -> u64 {
    store
        .sources(&AccessContext::instance())
        .await
        .unwrap()
        .iter()
        .map(|s| s.rows_imported as u64)
        .sum()
}

async fn a_backup_taken_during_an_import_and_intake_restores_whole_with_a_verified_log(db: TestDb) {
    let store = db.store().clone();
    import_generated(&store, 40, 1500).await;
    faro_testkit::submit_web_report(
        &store,
        faro_store::DEFAULT_ORGANISATION,
        "Workers never leave the farm.",
        "Faro",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("faro.backup");
    let importing = tokio::spawn({
        let store = store.clone();
        async move { import_generated(&store, 41, 4000).await }
    });
    let reporting = tokio::spawn({
        let store = store.clone();
        async move {
            for _ in 0..3 {
                faro_testkit::submit_report_at(
                    &store,
                    faro_store::DEFAULT_ORGANISATION,
                    38.7,
                    -9.1,
                )
                .await;
            }
        }
    });
    let summary = store.backup(&file).await.unwrap();
    importing.await.unwrap();
    reporting.await.unwrap();
    assert!(summary.bytes > 10_000 && !summary.checkpoint.chains.is_empty());
    assert!(
        !dir.path().join("faro.backup.copy").exists(),
        "no plain copy is left beside it"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the backup is private to its owner");
    }
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        !bytes.windows(11).any(|w| w == b"SQLite form"),
        "the copy is sealed"
    );
    let (to, database) = db.restore_target().await;
    let restored = restore(&file, &to, db.key(), None).await.unwrap();
    assert!(restored.audit.entries >= 3, "{restored:?}");
    let back = Store::open(&to)
        .await
        .unwrap()
        .unlock(db.key())
        .await
        .unwrap();
    let records = visible_records(&back).await;
    assert!(
        records == 1500 || records == 5500,
        "a complete import or none: {records}"
    );
    assert!(back.verify_audit().await.unwrap().is_ok());
    let reports = back
        .reports(&AccessContext::instance(), &Default::default(), 0, 10)
        .await
        .unwrap();
    assert!(
        (1..=4).contains(&reports.total),
        "reports taken in while copying: whole or not at all"
    );
    let entries = back.audit_entries().await.unwrap();
    assert!(
        entries.iter().any(|e| e.action == "backup"),
        "the backup is in the log it holds"
    );
    back.close().await;
    if let Some(name) = database {
        drop_database(&name).await;
    }
}

async fn a_damaged_cut_foreign_or_stale_backup_restores_nothing(db: TestDb) {
    let store = db.store().clone();
    import_generated(&store, 42, 300).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("faro.backup");
    store.backup(&file).await.unwrap();
    let good = std::fs::read(&file).unwrap();
    let (to, database) = db.restore_target().await;
    let refused = |e: StoreError, words: &str| {
        let text = e.to_string();
        assert!(
            matches!(e, StoreError::Backup(_)) && text.contains(words),
            "{text}"
        );
    };

    let mut changed = good.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    let damaged = dir.path().join("damaged.backup");
    std::fs::write(&damaged, &changed).unwrap();
    refused(
        restore(&damaged, &to, db.key(), None).await.unwrap_err(),
        "damaged",
    );
    assert!(
        is_empty(&to).await,
        "nothing restored from a damaged backup"
    );

    let cut = dir.path().join("cut.backup");
    std::fs::write(&cut, &good[..good.len() - 100]).unwrap();
    refused(restore(&cut, &to, db.key(), None).await.unwrap_err(), "cut");
    assert!(is_empty(&to).await);

    let other = DataKey::generate().unwrap();
    refused(
        restore(&file, &to, &other, None).await.unwrap_err(),
        "another data key",
    );
    let not_ours = dir.path().join("photo.jpg");
    std::fs::write(&not_ours, b"\xFF\xD8\xFF not a backup").unwrap();
    refused(
        restore(&not_ours, &to, db.key(), None).await.unwrap_err(),
        "not a Faro backup",
    );

    // The log grew after the backup: restoring it against that later checkpoint is a rollback.
    store
        .audit(
            &AccessContext::instance().acting_as("test"),
            "export",
            serde_json::json!({}),
        )
        .await
        .unwrap();
    let later = store.audit_checkpoint().await.unwrap().unwrap();
    refused(
        restore(&file, &to, db.key(), Some(&later))
            .await
            .unwrap_err(),
        "rollback",
    );
    assert!(
        is_empty(&to).await,
        "a refused rollback leaves nothing behind"
    );

    restore(&file, &to, db.key(), None).await.unwrap();
    refused(
        restore(&file, &to, db.key(), None).await.unwrap_err(),
        "already holds",
    );
    if let Some(name) = database {
        drop_database(&name).await;
    }
}

on_both_backends!(
    a_backup_taken_during_an_import_and_intake_restores_whole_with_a_verified_log,
    a_damaged_cut_foreign_or_stale_backup_restores_nothing,
);

/// The log is checkpointed (and verified) while others append to it: what is read is one
/// consistent state, never a head newer than its entries.
async fn a_checkpoint_taken_while_the_log_grows_is_consistent(db: TestDb) {
    let store = db.store().clone();
    let writer = tokio::spawn({
        let store = store.clone();
        async move {
            let ctx =
                AccessContext::member(faro_store::DEFAULT_ORGANISATION, faro_domain::Role::Admin)
                    .acting_as("test");
            for _ in 0..150 {
                store
                    .audit(&ctx, "export", serde_json::json!({}))
                    .await
                    .unwrap();
            }
        }
    });
    for _ in 0..30 {
        let checkpoint = store.audit_checkpoint().await.unwrap();
        assert!(checkpoint.is_ok(), "{checkpoint:?}");
    }
    writer.await.unwrap();
}

on_both_backends!(a_checkpoint_taken_while_the_log_grows_is_consistent);
