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

on_both_backends!(releases_spend_the_budget_and_never_exceed_it);
