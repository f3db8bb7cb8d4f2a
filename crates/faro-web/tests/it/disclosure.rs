//! The outside review's attack, replayed against the API: an aggregate-only reader of one
//! organisation, another organisation's source shared with the hub. Released aggregates must
//! single out nobody, answer the same people the same way however asked, and stop at the
//! reader's dimension limit and daily budget.

use super::app::{TestApp, token};
use faro_analytics::Index;
use faro_domain::query::{DimValue, parse_group_by};
use faro_domain::{AccessContext, AggregateScope, Filter, OrganisationId, Role};
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};
use serde_json::Value;

/// Organisation B shares 600 records with the hub; A holds 100 and a viewer.
async fn two_organisations(db: TestDb, daily_queries: u32) -> (TestApp, OrganisationId, String) {
    let app = TestApp::configured(db, |s| {
        s.with_privacy(faro_privacy::Policy {
            daily_queries,
            ..faro_privacy::Policy::default()
        })
    })
    .await;
    let store = app.db.store().clone();
    let ctx = AccessContext::instance();
    let blue = store.create_organisation(&ctx, "Blue").await.unwrap();
    faro_testkit::import_generated(&store, 20, 100).await;
    let shared = faro_testkit::import_generated_for(&store, blue, 21, 600).await;
    store.set_sharing(&ctx, shared, true).await.unwrap();
    let viewer = token(&store, DEFAULT_ORGANISATION, Role::Viewer).await;
    (app, blue, viewer)
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

fn key_of(row: &Value, by: &[&str]) -> Vec<String> {
    by.iter().map(|d| row["key"][d].to_string()).collect()
}

fn json_key(key: &[DimValue], by: &[&str]) -> Vec<String> {
    key.iter()
        .zip(by)
        .map(|(v, _)| match v {
            DimValue::Unknown => "null".to_string(),
            DimValue::Year(y) => y.to_string(),
            DimValue::Source(s) => s.to_string(),
            other => format!("\"{}\"", other.text()),
        })
        .collect()
}

async fn the_reviews_rebuild_recovers_nobody(db: TestDb) {
    let (app, _, viewer) = two_organisations(db, 100).await;
    let by = ["citizenship", "exploitation_country", "year"];
    let reply = app
        .get_as(
            &viewer,
            "/api/v1/aggregate?by=citizenship,exploitation_country,year&scope=hub",
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let released = reply.json();
    assert_eq!(released["controlled"], true);
    let exact = truth(
        &app,
        "citizenship,exploitation_country,year",
        &Filter::new(),
    )
    .await;
    let singles = exact.rows.iter().filter(|r| r.count == 1).count();
    assert!(
        singles >= 20,
        "the data holds people alone in their cell: {singles}"
    );
    let rows = released["rows"].as_array().unwrap();
    assert_eq!(rows.len(), exact.rows.len());
    for (shown, truth) in rows.iter().zip(&exact.rows) {
        assert_eq!(key_of(shown, &by), json_key(&truth.key, &by));
        if truth.count < 11 {
            assert_eq!(shown["count"], Value::Null, "{shown}");
            assert_eq!(shown["hidden"], true);
        } else {
            let c = shown["count"].as_u64().unwrap();
            assert!(c.abs_diff(truth.count) <= 3, "{c} for {}", truth.count);
        }
    }
    // The next step of the rebuild, one more dimension on a person's cell, is refused.
    let single = rows.iter().find(|r| r["hidden"] == true).unwrap();
    let (cit, exp, year) = (
        single["key"]["citizenship"].as_str().unwrap_or("unknown"),
        single["key"]["exploitation_country"]
            .as_str()
            .unwrap_or("unknown"),
        single["key"]["year"].to_string(),
    );
    let year = if year == "null" {
        "unknown".to_string()
    } else {
        year
    };
    let drill = format!(
        "/api/v1/aggregate?by=gender&citizenship={cit}&exploitation_country={exp}&age=unknown,0_8,9_17,18_20,21_23,24_26,27_29,30_38,39_47,48_plus&year={year}&scope=hub"
    );
    let refused = app.get_as(&viewer, &drill).await;
    let err = refused.error(422, "too_narrow");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("drop a dimension")
    );
    // Slicing by one year, or adding a list of sources (one's own among them, to pad a
    // count), narrows the set of people as any filter does: it counts toward the limit.
    for narrower in [format!("year={year}"), "source=1,2".to_string()] {
        let sliced = format!(
            "/api/v1/aggregate?by=gender&citizenship={cit}&exploitation_country={exp}&{narrower}&scope=hub"
        );
        app.get_as(&viewer, &sliced).await.error(422, "too_narrow");
    }
    // Within the limit, every count the person's cell still takes part in is hidden or
    // holds at least 11 people.
    let narrow = format!(
        "/api/v1/aggregate?by=gender&citizenship={cit}&exploitation_country={exp}&scope=hub"
    );
    let answer = app.get_as(&viewer, &narrow).await.json();
    let mut filter = Filter::new();
    filter
        .add(faro_domain::Dimension::Citizenship, cit)
        .unwrap();
    filter
        .add(faro_domain::Dimension::ExploitationCountry, exp)
        .unwrap();
    let exact = truth(&app, "gender", &filter).await;
    for (shown, truth) in answer["rows"].as_array().unwrap().iter().zip(&exact.rows) {
        assert!(
            shown["hidden"] == true || truth.count >= 11,
            "{shown} from {}",
            truth.count
        );
    }
}

async fn a_total_with_and_without_one_value_gives_no_hidden_cell_away(db: TestDb) {
    let (app, _, viewer) = two_organisations(db, 1_000).await;
    // The attack on every hidden cell of two dimensions: enough cells that the mean error says
    // something about the method, not about one draw of record keys.
    let (mut tried, mut exactly, mut error) = (0, 0, 0i64);
    for dim in ["citizenship", "exploitation_country"] {
        let all = app
            .get_as(&viewer, &format!("/api/v1/aggregate?by={dim}&scope=hub"))
            .await
            .json();
        let total = all["total_records"].as_u64().unwrap() as i64;
        let exact = truth(&app, dim, &Filter::new()).await;
        let codes: Vec<String> = exact
            .rows
            .iter()
            .map(|r| match &r.key[0] {
                DimValue::Unknown => "unknown".to_string(),
                v => v.text(),
            })
            .collect();
        for (i, row) in exact.rows.iter().enumerate().filter(|(_, r)| r.count < 11) {
            let others: Vec<&str> = codes
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c.as_str())
                .collect();
            let without = app
                .get_as(
                    &viewer,
                    &format!(
                        "/api/v1/aggregate?by=gender&{dim}={}&scope=hub",
                        others.join(",")
                    ),
                )
                .await
                .json();
            let estimate = total - without["total_records"].as_u64().unwrap() as i64;
            tried += 1;
            exactly += usize::from(estimate == row.count as i64);
            error += (estimate - row.count as i64).abs();
        }
    }
    assert!(tried >= 12, "{tried} hidden cells to try");
    assert!(exactly < tried, "every hidden cell recovered");
    assert!(
        error as f64 / tried as f64 >= 0.5,
        "mean error {}",
        error as f64 / tried as f64
    );
}

async fn the_same_people_get_the_same_figure_however_asked(db: TestDb) {
    let (app, _, viewer) = two_organisations(db, 100).await;
    let figure = |path: &'static str| {
        let app = &app;
        let viewer = &viewer;
        async move { app.get_as(viewer, path).await.json() }
    };
    let women_in = |table: &Value| {
        table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"]["gender"] == "female")
            .unwrap()["count"]
            .clone()
    };
    let by_gender = figure("/api/v1/aggregate?by=gender&scope=hub").await;
    let women = women_in(&by_gender);
    let filtered = figure("/api/v1/aggregate?by=age&gender=female&scope=hub").await;
    let both = figure("/api/v1/aggregate?by=gender&gender=female,male&scope=hub").await;
    let again = figure("/api/v1/aggregate?by=gender&scope=hub").await;
    assert_eq!(filtered["total_records"], women);
    assert_eq!(women_in(&both), women);
    assert_eq!(again, by_gender);
}

async fn budget_limits_audit_and_exact_readers(db: TestDb) {
    let (app, _, viewer) = two_organisations(db, 3).await;
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
    for by in ["year", "gender", "age"] {
        let r = app
            .get_as(&viewer, &format!("/api/v1/aggregate?by={by}"))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    assert_eq!(audited().await, 3, "one entry per controlled request");
    // Asking again tells nothing new (the same answer) and costs nothing; a fourth different
    // query is refused, and stays refused.
    let again = app.get_as(&viewer, "/api/v1/aggregate?by=year").await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(audited().await, 4, "still audited");
    for _ in 0..2 {
        let spent = app.get_as(&viewer, "/api/v1/aggregate?by=modality").await;
        spent.error(429, "query_budget_spent");
    }
    let spent = app.get_as(&viewer, "/api/v1/aggregate?by=majority").await;
    let err = spent.error(429, "query_budget_spent");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("00:00 UTC")
    );
    // An analyst counting their own organisation reads exact figures, with no budget.
    let analyst = token(&store, DEFAULT_ORGANISATION, Role::Analyst).await;
    for _ in 0..5 {
        let own = app
            .get_as(&analyst, "/api/v1/aggregate?by=year")
            .await
            .json();
        assert_eq!(
            (own["controlled"].clone(), own["total_records"].clone()),
            (false.into(), 100.into())
        );
    }
    let hub = app
        .get_as(&analyst, "/api/v1/aggregate?by=year&scope=hub")
        .await
        .json();
    assert_eq!(
        hub["controlled"], true,
        "another organisation's records are controlled"
    );
    app.get_as(&analyst, "/api/v1/aggregate?by=year&scope=everything")
        .await
        .error(422, "invalid_parameter");
    // A refused record read is audited too.
    app.get_as(&viewer, "/api/v1/records")
        .await
        .error(403, "forbidden");
    app.get_as(&analyst, "/api/v1/records/999999")
        .await
        .error(404, "not_found");
    let refused = store
        .audit_entries()
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "records.read_refused")
        .count();
    assert_eq!(refused, 2);
}

on_both_backends!(
    the_reviews_rebuild_recovers_nobody,
    a_total_with_and_without_one_value_gives_no_hidden_cell_away,
    the_same_people_get_the_same_figure_however_asked,
    budget_limits_audit_and_exact_readers,
);
