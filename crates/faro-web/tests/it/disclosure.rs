//! The outside attacks on released counts, replayed against the API: an aggregate-only reader
//! of one organisation (as many of them as the attack wants), another organisation's source
//! shared with the hub. Every controlled answer is computed from each source's release of
//! differentially private marginals, so it lists no combination for being there, cannot be
//! padded with the reader's own records, and is the same fixed number however often, however
//! phrased and by however many readers it is asked.

use super::app::{TestApp, signed_in, token};
use faro_analytics::Index;
use faro_domain::query::{DimValue, parse_group_by};
use faro_domain::{AccessContext, AggregateScope, Filter, OrganisationId, Role};
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};
use serde_json::Value;

/// Organisation B shares 600 records with the hub; A holds 100 and a viewer; every source is
/// released.
async fn two_organisations(db: TestDb) -> (TestApp, OrganisationId, i64, String) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let ctx = AccessContext::instance();
    let blue = store.create_organisation(&ctx, "Blue").await.unwrap();
    faro_testkit::import_generated(&store, 20, 100).await;
    let shared = faro_testkit::import_generated_for(&store, blue, 21, 600).await;
    store.set_sharing(&ctx, shared, true).await.unwrap();
    app.release_statistics(faro_privacy::Policy::default())
        .await;
    let viewer = token(&store, DEFAULT_ORGANISATION, Role::Viewer).await;
    (app, blue, shared, viewer)
}

/// The exact table, as the instance operator counts it.
async fn truth(app: &TestApp, by: &str, filter: &Filter) -> faro_analytics::Aggregate {
    Index::new(app.db.store().clone())
        .aggregate(
            &AccessContext::instance(),
            AggregateScope::Hub,
            &parse_group_by(by).unwrap(),
            filter,
        )
        .await
        .unwrap()
}

/// A cell's key as the API writes it.
fn json_key(key: &[DimValue]) -> Vec<String> {
    key.iter()
        .map(|v| match v {
            DimValue::Unknown => "null".to_string(),
            DimValue::Year(y) => y.to_string(),
            DimValue::Source(s) => s.to_string(),
            other => format!("\"{}\"", other.text()),
        })
        .collect()
}

fn keys_of(table: &Value, by: &[&str]) -> Vec<Vec<String>> {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| by.iter().map(|d| r["key"][d].to_string()).collect())
        .collect()
}

/// Presence: the attack listed hidden cells by their key and sliced by year for free. Now no
/// cell is listed for holding few people, and a third dimension (a year slice included) is
/// refused.
async fn the_presence_rebuild_recovers_nobody(db: TestDb) {
    let (app, _, _, viewer) = two_organisations(db).await;
    let by = ["citizenship", "exploitation_country"];
    let reply = app
        .get_as(
            &viewer,
            "/api/v1/aggregate?by=citizenship,exploitation_country&scope=hub",
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let released = reply.json();
    assert_eq!(released["controlled"], true);
    assert_eq!(released["release"]["mechanism"], "discrete_gaussian_zcdp");
    assert_eq!(released["release"]["epsilon"], 8.0);
    assert_eq!(released["release"]["sources"].as_array().unwrap().len(), 2);
    let exact = truth(&app, "citizenship,exploitation_country", &Filter::new()).await;
    let small: Vec<Vec<String>> = exact
        .rows
        .iter()
        .filter(|r| r.count <= 10)
        .map(|r| json_key(&r.key))
        .collect();
    assert!(
        small.len() >= 20,
        "the data holds small cells: {}",
        small.len()
    );
    let listed = keys_of(&released, &by);
    let rows = released["rows"].as_array().unwrap();
    assert!(
        rows.iter()
            .all(|r| r.get("hidden").is_none() && r["count"].as_u64() >= Some(11))
    );
    let found = small.iter().filter(|k| listed.contains(k)).count();
    assert_eq!(found, 0, "a combination of 1–10 people is listed");
    for narrower in [
        "by=citizenship,exploitation_country,year",
        "by=citizenship,exploitation_country&year=2016",
        "by=gender&citizenship=UA&year=2016",
    ] {
        let answer = app
            .get_as(&viewer, &format!("/api/v1/aggregate?{narrower}&scope=hub"))
            .await;
        let err = answer.error(422, "too_narrow");
        let said = err["error"]["message"].as_str().unwrap();
        assert!(said.contains("drop a dimension"), "{said}");
    }
    // `source` is free: each source is released on its own and summed after release.
    let shared_only = app
        .get_as(
            &viewer,
            "/api/v1/aggregate?by=citizenship,exploitation_country&source=2&scope=hub",
        )
        .await;
    assert_eq!(shared_only.status, 200, "{}", shared_only.body);
}

/// Padding: the attacker adds records of its own to the question and binary-searches the
/// threshold. Another source's release is fixed and summed after release, so what the
/// attacker adds moves only its own part: the shared source's answer is unchanged, and
/// subtracting its own exact count leaves the shared source's noise in.
async fn padding_with_ones_own_records_recovers_nothing(db: TestDb) {
    let (app, _, shared, viewer) = two_organisations(db).await;
    let store = app.db.store().clone();
    let ask = |path: String| {
        let (app, viewer) = (&app, &viewer);
        async move { app.get_as(viewer, &path).await.json() }
    };
    let dims = ["citizenship", "exploitation_country"];
    let mut before = Vec::new();
    let mut exact_shared = Vec::new();
    for dim in dims {
        before.push(
            ask(format!(
                "/api/v1/aggregate?by={dim}&source={shared}&scope=hub"
            ))
            .await,
        );
        let mut f = Filter::new();
        f.add(faro_domain::Dimension::Source, &shared.to_string())
            .unwrap();
        exact_shared.push(truth(&app, dim, &f).await);
    }
    let (mut tried, mut exactly) = (0, 0);
    for round in 0..3u64 {
        let own = faro_testkit::import_generated(&store, 100 + round, 3_000).await;
        app.release_statistics(faro_privacy::Policy::default())
            .await;
        for (i, dim) in dims.iter().enumerate() {
            let mut f = Filter::new();
            f.add(faro_domain::Dimension::Source, &own.to_string())
                .unwrap();
            let own_exact = truth(&app, dim, &f).await;
            let padded = ask(format!(
                "/api/v1/aggregate?by={dim}&source={shared},{own}&scope=hub"
            ))
            .await;
            let again = ask(format!(
                "/api/v1/aggregate?by={dim}&source={shared}&scope=hub"
            ))
            .await;
            assert_eq!(
                again["rows"], before[i]["rows"],
                "the shared source's answer moved"
            );
            for row in exact_shared[i].rows.iter().filter(|r| r.count <= 10) {
                let key = json_key(&row.key);
                let shown = padded["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| vec![r["key"][dim].to_string()] == key);
                let mine = own_exact
                    .rows
                    .iter()
                    .find(|r| r.key == row.key)
                    .map_or(0, |r| r.count as i64);
                if let Some(shown) = shown {
                    tried += 1;
                    let estimate = shown["count"].as_i64().unwrap() - mine;
                    exactly += usize::from(estimate == row.count as i64);
                }
            }
        }
    }
    assert!(tried >= 5, "padding pushed {tried} small cells into view");
    assert!(
        (exactly as f64) <= 0.3 * tried as f64,
        "{exactly} of {tried} small counts recovered exactly"
    );
}

/// Averaging and many heads: twenty viewers differencing year sums of one citizenship get
/// the same fixed numbers, whoever asks and however often, so what differencing recovers is the
/// release's noisy cell, never the count (how often a noisy cell equals a count of 1–10 is the
/// noise's rate, measured in `marginals::tests`).
async fn averaging_and_many_heads_recover_no_more_than_the_noise(db: TestDb) {
    let (app, blue, _, _) = two_organisations(db).await;
    let store = app.db.store().clone();
    let more = faro_testkit::import_generated_for(&store, blue, 22, 12_000).await;
    store
        .set_sharing(&AccessContext::instance(), more, true)
        .await
        .unwrap();
    app.release_statistics(faro_privacy::Policy::default())
        .await;
    let mut viewers = Vec::new();
    for _ in 0..20 {
        viewers.push(token(&store, DEFAULT_ORGANISATION, Role::Viewer).await);
    }
    let by_citizenship = truth(&app, "citizenship", &Filter::new()).await;
    let biggest = by_citizenship
        .rows
        .iter()
        .filter(|r| matches!(r.key[0], DimValue::Country(_)))
        .max_by_key(|r| r.count)
        .unwrap();
    let DimValue::Country(c) = biggest.key[0] else {
        unreachable!()
    };
    let mut f = Filter::new();
    f.add(faro_domain::Dimension::Citizenship, c.alpha2())
        .unwrap();
    let mut years: Vec<(u16, u64)> = truth(&app, "year", &f)
        .await
        .rows
        .iter()
        .filter_map(|r| match r.key[0] {
            DimValue::Year(y) => Some((y, r.count)),
            _ => None,
        })
        .collect();
    years.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let base: Vec<String> = years.iter().take(3).map(|(y, _)| y.to_string()).collect();
    let (mut tried, mut error) = (0, 0i64);
    for (i, (y, count)) in years.iter().skip(3).enumerate() {
        let with = format!("{},{y}", base.join(","));
        let mut estimates = Vec::new();
        for k in 0..3 {
            let viewer = &viewers[(i + 7 * k) % viewers.len()];
            let app = &app;
            let ask = |years: String| async move {
                let path = format!("/api/v1/aggregate?by=citizenship&year={years}&scope=hub");
                let t = app.get_as(viewer, &path).await.json();
                t["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["key"]["citizenship"] == c.alpha2())
                    .and_then(|r| r["count"].as_i64())
            };
            if let (Some(a), Some(b)) = (ask(with.clone()).await, ask(base.join(",")).await) {
                estimates.push(a - b);
            }
        }
        if let Some(first) = estimates.first() {
            assert!(
                estimates.iter().all(|e| e == first),
                "heads differ: {estimates:?}"
            );
            tried += 1;
            error += (first - *count as i64).abs();
        }
    }
    assert!(tried >= 5, "{tried} years differenced");
    assert!(
        error as f64 / tried as f64 > 1.0,
        "differencing came within {} of the counts",
        error as f64 / tried as f64
    );
}

/// No reader's budget to spend any more: any number of different controlled questions is
/// answered, each audited; the reader's own organisation's analyst reads exact counts.
async fn controlled_answers_are_audited_and_never_run_out(db: TestDb) {
    let (app, _, _, viewer) = two_organisations(db).await;
    let store = app.db.store().clone();
    let audited = || async {
        store
            .audit_entries()
            .await
            .unwrap()
            .iter()
            .filter(|e| e.action == "aggregate.controlled")
            .count()
    };
    let dims = [
        "year",
        "gender",
        "age",
        "majority",
        "modality",
        "citizenship",
    ];
    for by in dims {
        for filter in ["", "&gender=female", "&year=2010..2020"] {
            let r = app
                .get_as(&viewer, &format!("/api/v1/aggregate?by={by}{filter}"))
                .await;
            assert!(
                r.status == 200
                    || (by == "year" && filter.contains("year"))
                    || (by == "gender" && filter.contains("gender")),
                "{by}{filter}: {}",
                r.body
            );
        }
    }
    assert!(audited().await >= 16, "one entry per controlled answer");
    // A several-per-record dimension is filtered by one value at a time.
    let two = app
        .get_as(
            &viewer,
            "/api/v1/aggregate?by=gender&modality=sexual_exploitation,forced_labour",
        )
        .await;
    let err = two.error(422, "one_value_at_a_time");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("one value at a time")
    );
    let analyst = token(&store, DEFAULT_ORGANISATION, Role::Analyst).await;
    let own = app
        .get_as(&analyst, "/api/v1/aggregate?by=year")
        .await
        .json();
    assert_eq!(
        (own["controlled"].clone(), own["total_records"].clone()),
        (false.into(), 100.into())
    );
    assert!(own.get("release").is_none_or(Value::is_null));
    let hub = app
        .get_as(&analyst, "/api/v1/aggregate?by=year&scope=hub")
        .await
        .json();
    assert_eq!(
        hub["controlled"], true,
        "another organisation's records are controlled"
    );
    app.get_as(&viewer, "/api/v1/records")
        .await
        .error(403, "forbidden");
}

/// A release is paid from its source's annual cap, in the owner's ledger and audit chain;
/// when the cap is spent, the last release is served on, dated.
async fn releases_are_paid_from_each_sources_annual_cap(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let source = faro_testkit::import_generated(&store, 30, 300).await;
    // One release's ε fits the year, not two.
    let policy = faro_privacy::Policy {
        annual_epsilon_per_source: 10.0,
        hours_between_releases: 1,
        ..faro_privacy::Policy::default()
    };
    app.release_statistics(policy).await;
    let viewer = token(&store, DEFAULT_ORGANISATION, Role::Viewer).await;
    let first = app
        .get_as(&viewer, "/api/v1/aggregate?by=gender")
        .await
        .json();
    let made_at = first["release"]["sources"][0]["made_at"].clone();
    assert!(made_at.is_string(), "{first}");
    // The source changes (its revision moves); releasing it again would pass the cap.
    let ctx = AccessContext::instance();
    store.set_sharing(&ctx, source, true).await.unwrap();
    let cx = faro_web::services::Context {
        // Due at once: only the cap holds it back.
        privacy: faro_privacy::Policy {
            hours_between_releases: 0,
            ..policy
        },
        ..faro_web::services::Context::new(store.clone())
    };
    let due = faro_store::DueSource {
        source_id: source,
        organisation_id: DEFAULT_ORGANISATION.0,
        revision: 0,
        spent_rho_micro: 0,
        annual_epsilon: None,
    };
    let made = faro_web::services::statistics::release(&cx, &due)
        .await
        .unwrap();
    assert_eq!(made, faro_web::services::statistics::Made::CapSpent);
    // Nor is it planned again this year (the runner would otherwise try it every minute).
    let planned = faro_web::services::statistics::due(&cx).await.unwrap();
    assert!(planned.iter().all(|d| d.source_id != source), "{planned:?}");
    let roomier = faro_web::services::Context {
        privacy: faro_privacy::Policy {
            annual_epsilon_per_source: 40.0,
            ..cx.privacy
        },
        ..cx.clone()
    };
    let planned = faro_web::services::statistics::due(&roomier).await.unwrap();
    assert!(
        planned.iter().any(|d| d.source_id == source),
        "a roomier cap plans it"
    );
    let later = app
        .get_as(&viewer, "/api/v1/aggregate?by=gender")
        .await
        .json();
    assert_eq!(later["release"]["sources"][0]["made_at"], made_at);
    let paid = store
        .audit_entries()
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "statistics.release")
        .count();
    assert_eq!(paid, 1, "the refused release is not paid");
}

/// The Data page tells an organisation's staff what viewers and other organisations are
/// answered from, source by source.
async fn the_data_page_says_what_viewers_see(db: TestDb) {
    let app = TestApp::new(db).await;
    let source = faro_testkit::import_generated(app.db.store(), 40, 200).await;
    let mut admin = signed_in(&app, Role::Admin).await;
    let before = admin.get("/sources?lang=en").await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert!(
        before
            .body
            .contains(&format!("#{source}: not released yet")),
        "{}",
        before.body
    );
    app.release_statistics(faro_privacy::Policy::default())
        .await;
    let after = admin.get("/sources?lang=es").await;
    assert!(after.body.contains("al día"), "{}", after.body);
}

on_both_backends!(
    the_data_page_says_what_viewers_see,
    the_presence_rebuild_recovers_nobody,
    padding_with_ones_own_records_recovers_nothing,
    averaging_and_many_heads_recover_no_more_than_the_noise,
    controlled_answers_are_audited_and_never_run_out,
    releases_are_paid_from_each_sources_annual_cap,
);
