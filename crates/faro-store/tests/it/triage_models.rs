//! An organisation's triage model: sealed at rest, kept only while learning is on, and moved to
//! a new data key by `rotate-key` with everything else the key protects.

use faro_domain::{AccessContext, Role};
use faro_store::DEFAULT_ORGANISATION as ORG;
use faro_testkit::{TestDb, on_both_backends};

async fn a_model_is_sealed_kept_while_learning_is_on_and_rotated(db: TestDb) {
    let store = db.store();
    let admin = AccessContext::member(ORG, Role::Admin);
    let text = "faro-triage model 1\ntrafficking:0e0\nw:capataz\t0:1e0\n";
    let kept = store
        .save_triage_training(&admin, ORG, 21, Some((text, "{}")))
        .await
        .unwrap();
    assert!(kept);
    assert!(
        !db.text("SELECT sealed FROM triage_models")
            .await
            .contains("capataz")
    );
    let (rotated, _) = faro_testkit::rotated(store).await;
    let model = rotated
        .triage_model(ORG)
        .await
        .unwrap()
        .expect("still there");
    assert_eq!((model.text.as_str(), model.examples), (text, 21));

    // A training that found no better model records its count and keeps the model it had.
    assert!(
        !rotated
            .save_triage_training(&admin, ORG, 31, None)
            .await
            .unwrap()
    );
    assert_eq!(
        rotated.triage_model(ORG).await.unwrap().unwrap().examples,
        21
    );
    assert_eq!(
        db.scalar("SELECT triage_tried FROM organisations WHERE id = 1")
            .await,
        31
    );

    rotated
        .set_triage_learning(&admin, ORG, false)
        .await
        .unwrap();
    assert!(rotated.triage_model(ORG).await.unwrap().is_none());
    let refused = rotated
        .save_triage_training(&admin, ORG, 41, Some((text, "{}")))
        .await
        .unwrap();
    assert!(!refused, "no model is kept while learning is off");
    assert_eq!(db.scalar("SELECT COUNT(*) FROM triage_models").await, 0);
    let viewer = AccessContext::member(ORG, Role::Viewer);
    assert!(
        rotated
            .save_triage_training(&viewer, ORG, 1, None)
            .await
            .is_err()
    );
}
on_both_backends!(a_model_is_sealed_kept_while_learning_is_on_and_rotated);

/// A removed organisation's model (words of its reports) goes with it, though its row stays
/// for its audit chain.
async fn a_removed_organisations_model_goes_with_it(db: TestDb) {
    let store = db.store();
    let instance = AccessContext::instance();
    let blue = store.create_organisation(&instance, "Blue").await.unwrap();
    let admin = AccessContext::member(blue, Role::Admin);
    let text = "faro-triage model 1\ntrafficking:0e0\n";
    assert!(
        store
            .save_triage_training(&admin, blue, 20, Some((text, "{}")))
            .await
            .unwrap()
    );
    store.remove_organisation(&instance, blue).await.unwrap();
    assert_eq!(db.scalar("SELECT COUNT(*) FROM triage_models").await, 0);
}
on_both_backends!(a_removed_organisations_model_goes_with_it);
