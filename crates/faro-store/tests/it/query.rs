//! Filtered record pages agree with the same filter applied in plain Rust.

use super::import::{all_records, import_records, records};
use faro_domain::query::Dimension;
use faro_domain::{AccessContext, Filter, Record};
use faro_store::StoreError;
use faro_testkit::{TestDb, on_both_backends};

/// An independent oracle: the filter semantics of `specs/interfaces.md`, on records in memory.
fn keeps(filter: &Filter, c: &Record, source_id: i64) -> bool {
    filter.selections().iter().all(|(dim, sel)| match dim {
        Dimension::Year => match c.year {
            Some(y) => sel.year_matches(y.get()),
            None => sel.unknown,
        },
        Dimension::Source => sel.ids.contains(&source_id),
        d if d.is_multi_valued() => {
            let bits = d.value_bits(c);
            (bits == 0 && sel.unknown) || sel.ids.iter().any(|i| bits & (1 << i) != 0)
        }
        d => match d.value_id(c) {
            Some(v) => sel.ids.contains(&(v as i64)),
            None => sel.unknown,
        },
    })
}

async fn filters_select_exactly_the_matching_records(db: TestDb) {
    let store = db.store();
    let first = records(10, 3000);
    let second = records(11, 2000);
    let s1 = import_records(store, "q1", &first).await;
    let s2 = import_records(store, "q2", &second).await;
    let everything: Vec<(i64, Record)> = first
        .iter()
        .map(|c| (s1, *c))
        .chain(second.iter().map(|c| (s2, *c)))
        .collect();
    let filters: &[&[(Dimension, &str)]] = &[
        &[(Dimension::Gender, "female,unknown")],
        &[
            (Dimension::Year, "2015..2018"),
            (Dimension::Citizenship, "UA,PH,NA"),
        ],
        &[
            (Dimension::Modality, "forced_labour,domestic_servitude"),
            (Dimension::Age, "unknown"),
        ],
        &[(Dimension::Means, "unknown")],
        &[
            (Dimension::MeansDetail, "threats"),
            (Dimension::Sex, "prostitution"),
        ],
        &[
            (Dimension::Source, &s2.to_string()),
            (Dimension::ExploitationCountry, "unknown,TH"),
        ],
        &[
            (Dimension::Recruiter, "family,unknown_relation"),
            (Dimension::Majority, "minor"),
        ],
        &[
            (Dimension::Labour, "unknown"),
            (Dimension::Year, "..2010,unknown"),
        ],
    ];
    for spec in filters {
        let mut f = Filter::new();
        for (d, v) in *spec {
            f.add(*d, v).unwrap();
        }
        let got: Vec<Record> = all_records(store, &f)
            .await
            .into_iter()
            .map(|r| r.record)
            .collect();
        let want: Vec<Record> = everything
            .iter()
            .filter(|(s, c)| keeps(&f, c, *s))
            .map(|(_, c)| *c)
            .collect();
        assert!(!want.is_empty(), "{spec:?} selects nothing: a weak test");
        assert_eq!(got.len(), want.len(), "{spec:?}");
        assert_eq!(got, want, "{spec:?}");
        assert_eq!(
            store
                .count_matching(&AccessContext::instance(), &f)
                .await
                .unwrap(),
            want.len() as i64
        );
    }
}

async fn a_single_record_is_found_by_id_and_a_missing_one_is_not_found(db: TestDb) {
    let store = db.store();
    import_records(store, "r", &records(12, 10)).await;
    let ctx = AccessContext::instance();
    let page = store.records(&ctx, &Filter::new(), None, 3).await.unwrap();
    assert_eq!(page.len(), 3);
    let one = store.record(&ctx, page[1].id).await.unwrap();
    assert_eq!(one, page[1]);
    let missing = store.record(&ctx, 999_999).await.unwrap_err();
    assert!(matches!(
        missing,
        StoreError::NotFound {
            kind: "record",
            id: 999_999
        }
    ));
}

on_both_backends!(
    filters_select_exactly_the_matching_records,
    a_single_record_is_found_by_id_and_a_missing_one_is_not_found,
);
