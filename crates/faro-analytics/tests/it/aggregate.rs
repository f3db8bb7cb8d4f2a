//! The index's aggregates agree with counting the store's records one by one, and follow
//! writes made through another handle (as another process would make them).

use faro_analytics::{Aggregate, Index};
use faro_domain::query::{DimValue, Dimension, parse_group_by};
use faro_domain::{AccessContext, AggregateScope, Filter};
use faro_store::{Store, StoredRecord};
use faro_testkit::{TestDb, import_generated, import_generated_for, on_both_backends};
use std::collections::BTreeMap;

async fn records(store: &Store, filter: &Filter) -> Vec<StoredRecord> {
    let ctx = AccessContext::instance();
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = store.records(&ctx, filter, after, 1000).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        out.extend(page);
    }
    out
}

/// Counts by hand: each record in every combination of its dimension values.
fn oracle(recs: &[StoredRecord], by: &[Dimension]) -> BTreeMap<Vec<DimValue>, u64> {
    let mut counts = BTreeMap::new();
    for r in recs {
        let mut keys: Vec<Vec<DimValue>> = vec![Vec::new()];
        for d in by {
            let values: Vec<DimValue> = if *d == Dimension::Source {
                vec![DimValue::Source(r.source_id)]
            } else if d.is_multi_valued() {
                let bits = d.value_bits(&r.record);
                if bits == 0 {
                    vec![DimValue::Unknown]
                } else {
                    (0..32)
                        .filter(|b| bits & (1 << b) != 0)
                        .map(|b| d.value(b))
                        .collect()
                }
            } else {
                vec![
                    d.value_id(&r.record)
                        .map_or(DimValue::Unknown, |v| d.value(v)),
                ]
            };
            keys = keys
                .into_iter()
                .flat_map(|k| values.iter().map(move |v| [k.clone(), vec![*v]].concat()))
                .collect();
        }
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    counts
}

fn as_map(a: &Aggregate) -> BTreeMap<Vec<DimValue>, u64> {
    a.rows.iter().map(|r| (r.key.clone(), r.count)).collect()
}

async fn aggregates_match_counting_records_by_hand(db: TestDb) {
    let store = db.store();
    let s1 = import_generated(store, 1, 4000).await;
    import_generated(store, 2, 3000).await;
    let index = Index::new(store.clone());
    let ctx = AccessContext::instance();
    let queries: &[(&str, &[(Dimension, &str)])] = &[
        ("year", &[]),
        ("gender,age", &[(Dimension::Citizenship, "UA,PH,unknown")]),
        ("modality", &[(Dimension::Gender, "male")]),
        ("means,gender", &[(Dimension::Year, "2012..2019")]),
        ("means_detail,modality", &[]),
        (
            "citizenship,exploitation_country",
            &[(Dimension::Modality, "sexual_exploitation,unknown")],
        ),
        (
            "source,labour",
            &[(Dimension::Labour, "construction,agriculture,unknown")],
        ),
        ("recruiter,sex,majority", &[(Dimension::Age, "9_17,0_8")]),
        ("traffick_months", &[(Dimension::Source, &s1.to_string())]),
        (
            "citizenship,exploitation_country,year",
            &[(Dimension::Gender, "female")],
        ),
        ("means_detail,labour,source", &[]),
    ];
    for (by, spec) in queries {
        let by = parse_group_by(by).unwrap();
        let mut filter = Filter::new();
        for (d, v) in *spec {
            filter.add(*d, v).unwrap();
        }
        let got = index
            .aggregate(&ctx, faro_domain::AggregateScope::Hub, &by, &filter)
            .await
            .unwrap();
        let recs = records(store, &filter).await;
        assert_eq!(got.total_records, recs.len() as u64, "{by:?} {spec:?}");
        assert_eq!(as_map(&got), oracle(&recs, &by), "{by:?} {spec:?}");
        assert_eq!(got.multi_valued, by.iter().any(|d| d.is_multi_valued()));
        assert!(got.rows.iter().all(|r| r.count > 0));
    }
}

async fn the_index_follows_imports_made_through_another_handle(db: TestDb) {
    let index = Index::new(db.store().clone());
    let ctx = AccessContext::instance();
    let by = [Dimension::Gender];
    let empty = index
        .aggregate(&ctx, faro_domain::AggregateScope::Hub, &by, &Filter::new())
        .await
        .unwrap();
    assert_eq!((empty.total_records, empty.rows.len()), (0, 0));
    import_generated(db.store(), 5, 500).await;
    assert_eq!(
        index
            .aggregate(&ctx, faro_domain::AggregateScope::Hub, &by, &Filter::new())
            .await
            .unwrap()
            .total_records,
        500
    );
    // Another process: its own connection pool on the same database.
    let other = db.open_another().await;
    import_generated(&other, 6, 300).await;
    assert_eq!(
        index
            .aggregate(&ctx, faro_domain::AggregateScope::Hub, &by, &Filter::new())
            .await
            .unwrap()
            .total_records,
        800
    );
    db.execute("DELETE FROM records WHERE source_id IN (SELECT MIN(id) FROM sources); DELETE FROM sources WHERE id IN (SELECT MIN(id) FROM sources)").await;
    assert_eq!(
        index
            .aggregate(&ctx, faro_domain::AggregateScope::Hub, &by, &Filter::new())
            .await
            .unwrap()
            .total_records,
        300
    );
    assert_eq!(
        index.loaded_records().await,
        300,
        "segments of removed sources are dropped"
    );
}

on_both_backends!(
    aggregates_match_counting_records_by_hand,
    the_index_follows_imports_made_through_another_handle
);

async fn a_members_aggregates_follow_what_is_shared_with_the_hub(db: TestDb) {
    use faro_domain::{OrganisationId, Role};
    let store = db.store();
    let red = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Red")
        .await
        .unwrap();
    let blue = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Blue")
        .await
        .unwrap();
    let (red_source, blue_source) = (
        import_generated_for(store, red, 31, 300).await,
        import_generated_for(store, blue, 32, 200).await,
    );
    let index = Index::new(store.clone());
    let red_viewer = AccessContext::member(red, Role::Viewer);
    let total = async |ctx: &AccessContext| {
        index
            .aggregate(
                ctx,
                faro_domain::AggregateScope::Hub,
                &[Dimension::Source],
                &Filter::new(),
            )
            .await
            .unwrap()
    };
    let alone = total(&red_viewer).await;
    assert_eq!((alone.total_records, alone.rows.len()), (300, 1));
    assert_eq!(alone.rows[0].key, [DimValue::Source(red_source)]);
    store
        .set_sharing(&AccessContext::member(blue, Role::Admin), blue_source, true)
        .await
        .unwrap();
    let shared = total(&red_viewer).await;
    assert_eq!(
        shared.total_records, 500,
        "the index reloads when sharing changes"
    );
    let blue_alone = total(&AccessContext::member(blue, Role::Viewer)).await;
    assert_eq!(
        blue_alone.total_records, 200,
        "red shares nothing with blue"
    );
    assert_eq!(
        total(&AccessContext::member(OrganisationId(999), Role::Viewer))
            .await
            .total_records,
        200
    );
}

on_both_backends!(a_members_aggregates_follow_what_is_shared_with_the_hub);

/// A restarted server reads a large source from its snapshot, and gets the same answers; a
/// snapshot of another revision, or bytes that are not a snapshot,
/// are not used.
async fn a_restart_loads_the_index_from_its_snapshot(db: TestDb) {
    let store = db.store();
    let source = import_generated(store, 31, 20_500).await;
    let ctx = AccessContext::instance();
    let by = [Dimension::Year, Dimension::Modality];
    let first = Index::new(store.clone());
    assert_eq!(first.warm().await.unwrap(), 20_500);
    assert!(first.is_ready());
    let decoded = first
        .aggregate(&ctx, AggregateScope::Hub, &by, &Filter::new())
        .await
        .unwrap();
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM index_snapshots").await,
        1,
        "the first load keeps a snapshot"
    );
    // Changed behind the index's back (a revision would say so): the snapshot still answers
    // as the records were, which shows that it, not the records, was read.
    db.execute(&format!(
        "UPDATE records SET year = NULL WHERE source_id = {source}"
    ))
    .await;
    let restarted = Index::new(store.clone());
    assert!(!restarted.is_ready());
    let snapshot = restarted
        .aggregate(&ctx, AggregateScope::Hub, &by, &Filter::new())
        .await
        .unwrap();
    assert_eq!(snapshot, decoded, "counts as decoded");
    // Bytes that are not a snapshot are ignored: the records are decoded again.
    db.execute(&format!(
        "UPDATE index_snapshots SET data = {} WHERE source_id = {source}",
        if db.backend() == "postgres" {
            "'\\x00'::bytea"
        } else {
            "x'00'"
        }
    ))
    .await;
    let again = Index::new(store.clone());
    let redecoded = again
        .aggregate(&ctx, AggregateScope::Hub, &by, &Filter::new())
        .await
        .unwrap();
    assert_eq!(redecoded.total_records, decoded.total_records);
    assert!(
        redecoded
            .rows
            .iter()
            .all(|r| r.key[0] == faro_domain::query::DimValue::Unknown),
        "decoded from the records, whose years are now gone"
    );
    // A snapshot of another revision is not this source's records.
    db.execute(&format!(
        "UPDATE index_snapshots SET revision = revision + 1 WHERE source_id = {source}"
    ))
    .await;
    assert_eq!(
        store.index_snapshot(&ctx, source, 1, 1).await.unwrap(),
        None,
        "a later revision's snapshot is not revision 1's"
    );
    // The snapshot goes with its source.
    db.execute(&format!("DELETE FROM records WHERE source_id = {source}"))
        .await;
    db.execute(&format!("DELETE FROM sources WHERE id = {source}"))
        .await;
    assert_eq!(db.scalar("SELECT COUNT(*) FROM index_snapshots").await, 0);
}

on_both_backends!(a_restart_loads_the_index_from_its_snapshot);

/// An erased record leaves every released count at once: the index sees its source's new
/// revision and counts again.
async fn an_erased_record_leaves_the_counts(db: TestDb) {
    let store = db.store();
    import_generated(store, 53, 40).await;
    let index = Index::new(store.clone());
    let ctx = AccessContext::instance();
    let total = || async {
        index
            .aggregate(&ctx, AggregateScope::Hub, &[], &Filter::new())
            .await
            .unwrap()
            .total_records
    };
    assert_eq!(total().await, 40);
    let id = records(store, &Filter::new()).await[0].id;
    store
        .erase_record(
            &ctx.clone().acting_as("test"),
            id,
            faro_store::ErasureReason::WrongData,
        )
        .await
        .unwrap();
    assert_eq!(total().await, 39);
}

on_both_backends!(an_erased_record_leaves_the_counts);
