//! The privacy ledger: an organisation's budget is spent across releases, never past its
//! total, even by two releases at once; another organisation's spending is its own.

use faro_domain::{AccessContext, Role};
use faro_store::{DEFAULT_ORGANISATION, StoreError};
use faro_testkit::{TestDb, on_both_backends};

async fn releases_spend_the_budget_and_never_exceed_it(db: TestDb) {
    let store = db.store();
    let other = store
        .create_organisation(&AccessContext::instance(), "Other")
        .await
        .unwrap();
    let analyst = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst);
    let spend = |epsilon: f64| {
        let store = store.clone();
        let analyst = analyst.clone();
        async move {
            store
                .spend_privacy_budget(
                    &analyst,
                    DEFAULT_ORGANISATION,
                    epsilon,
                    5.0,
                    serde_json::json!({}),
                )
                .await
        }
    };
    // Two releases of 3 at once: the organisation's row lock lets one through.
    let (a, b) = tokio::join!(spend(3.0), spend(3.0));
    let refused = [&a, &b].iter().filter(|r| r.is_err()).count();
    assert_eq!(refused, 1, "{a:?} {b:?}");
    match spend(2.5).await {
        Err(StoreError::Budget { spent, left, .. }) => {
            assert_eq!((spent, left), (3.0, 2.0));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(spend(2.0).await.unwrap().spent, 5.0);
    // Another organisation's budget is untouched; a viewer may not publish.
    let theirs = AccessContext::member(other, Role::Analyst);
    store
        .spend_privacy_budget(&theirs, other, 4.0, 5.0, serde_json::json!({}))
        .await
        .unwrap();
    let viewer = AccessContext::member(DEFAULT_ORGANISATION, Role::Viewer);
    assert!(matches!(
        store
            .spend_privacy_budget(
                &viewer,
                DEFAULT_ORGANISATION,
                0.1,
                5.0,
                serde_json::json!({})
            )
            .await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store
            .spend_privacy_budget(
                &theirs,
                DEFAULT_ORGANISATION,
                0.1,
                5.0,
                serde_json::json!({})
            )
            .await,
        Err(StoreError::Forbidden { .. })
    ));
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'publish.release'")
            .await,
        3
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
}

/// Deleting ledger rows with database access would let a spent budget be spent again: plain
/// `verify` compares the ledger with the spends the audit chains record, for releases of
/// microdata and of each source's statistics alike.
async fn verify_finds_ledger_rows_removed_or_added(db: TestDb) {
    let store = db.store();
    let analyst = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst);
    store
        .spend_privacy_budget(
            &analyst,
            DEFAULT_ORGANISATION,
            1.5,
            5.0,
            serde_json::json!({}),
        )
        .await
        .unwrap();
    let source = faro_testkit::import_generated(store, 3, 20).await;
    let payment = faro_store::Payment {
        source_id: source,
        revision: 1,
        epsilon: 8.0,
        rho: 0.9,
        annual_epsilon: 40.0,
        annual_rho: &|_| 13.0,
    };
    let system = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin).acting_as("faro");
    for _ in 0..2 {
        store
            .pay_statistics_release(&system, DEFAULT_ORGANISATION, &payment)
            .await
            .unwrap();
    }
    let release = faro_store::NewCaseRelease {
        epsilon: 8.0,
        delta: 1e-6,
        rho: 0.9,
        annual_epsilon: 40.0,
        annual_rho: &|_| 13.0,
        counts: faro_domain::case::statistics::CaseCounts::zero().map(|n| n as i64),
        seen: Default::default(),
    };
    store
        .save_case_release(&system, DEFAULT_ORGANISATION, &release)
        .await
        .unwrap();
    assert!(store.verify_audit().await.unwrap().is_ok());
    for (tamper, undo, says) in [
        (
            "DELETE FROM privacy_ledger WHERE cases = 1".to_string(),
            format!(
                "INSERT INTO privacy_ledger (organisation_id, epsilon_micro, released_at, rho_micro, cases) VALUES ({}, 8000000, 0, 900000, 1)",
                DEFAULT_ORGANISATION.0
            ),
            "case statistics",
        ),
        (
            "DELETE FROM privacy_ledger WHERE source_id IS NULL AND cases = 0".to_string(),
            format!(
                "INSERT INTO privacy_ledger (organisation_id, epsilon_micro, released_at) VALUES ({}, 1500000, 0)",
                DEFAULT_ORGANISATION.0
            ),
            "releases of microdata",
        ),
        (
            format!(
                "DELETE FROM privacy_ledger WHERE id = (SELECT MAX(id) FROM privacy_ledger WHERE source_id = {source})"
            ),
            format!(
                "INSERT INTO privacy_ledger (organisation_id, epsilon_micro, released_at, source_id, rho_micro) VALUES ({}, 8000000, 0, {source}, 900000)",
                DEFAULT_ORGANISATION.0
            ),
            "statistics",
        ),
        (
            format!(
                "INSERT INTO privacy_ledger (organisation_id, epsilon_micro, released_at) VALUES ({}, 100, 0)",
                DEFAULT_ORGANISATION.0
            ),
            "DELETE FROM privacy_ledger WHERE epsilon_micro = 100".to_string(),
            "outside Faro",
        ),
    ] {
        db.execute(&tamper).await;
        let found = store.verify_audit().await.unwrap().unwrap_err();
        assert!(found.problem.contains(says), "{tamper}: {found}");
        assert_eq!(
            found.chain,
            format!("organisation {}", DEFAULT_ORGANISATION.0)
        );
        db.execute(&undo).await;
        assert!(store.verify_audit().await.unwrap().is_ok(), "after {undo}");
    }
}

on_both_backends!(
    releases_spend_the_budget_and_never_exceed_it,
    verify_finds_ledger_rows_removed_or_added,
);
