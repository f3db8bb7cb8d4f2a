//! An organisation's settings page: what its admin saves is what the store keeps, audited;
//! a bad value is refused with why and nothing saved; only admins reach it.

use super::app::{TestApp, signed_in};
use faro_domain::Role;
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};

async fn an_admin_changes_the_organisations_settings(db: TestDb) {
    let app = TestApp::configured(db, |s| s.with_retention_days(90)).await;
    let store = app.db.store().clone();
    let mut b = signed_in(&app, Role::Admin).await;
    let page = b.get("/admin/settings?lang=en").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("max=\"90\""), "{}", page.body);
    assert!(page.body.contains("(90 days)"), "{}", page.body);
    let csrf = b.csrf.clone();
    let saved = b
        .post(
            "/admin/settings",
            &[
                ("csrf", &csrf),
                ("retention_days", "30"),
                ("notify_to", "duty@example.org\r\nlead@example.org"),
            ],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        saved.body.contains("The settings were saved"),
        "{}",
        saved.body
    );
    let admin = faro_domain::AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let kept = store
        .organisation_settings(&admin, DEFAULT_ORGANISATION)
        .await
        .unwrap();
    assert_eq!(kept.retention_days, Some(30));
    assert_eq!(kept.notify_to.len(), 2);
    let shown = b.get("/admin/settings").await;
    assert!(shown.body.contains("value=\"30\""));
    assert!(shown.body.contains("duty@example.org\nlead@example.org"));

    for (days, to, says) in [
        ("91", "", "Give a whole number of days"),
        ("-1", "", "Give a whole number of days"),
        ("", "duty@", "is not an e-mail address"),
    ] {
        let refused = b
            .post(
                "/admin/settings?lang=en",
                &[("csrf", &csrf), ("retention_days", days), ("notify_to", to)],
            )
            .await;
        assert_eq!(refused.status, 422, "{days} {to}");
        assert!(refused.body.contains(says), "{}", refused.body);
        assert!(
            refused.body.contains(&format!("value=\"{days}\"")),
            "what was typed stays"
        );
    }
    let same = store
        .organisation_settings(&admin, DEFAULT_ORGANISATION)
        .await
        .unwrap();
    assert_eq!(same, kept, "nothing saved");
    let entries = store.audit_entries().await.unwrap();
    let changes: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "organisation.settings")
        .collect();
    assert_eq!(changes.len(), 1);
    assert!(
        !changes[0].detail.contains("example.org"),
        "{}",
        changes[0].detail
    );
    let mut analyst = signed_in(&app, Role::Analyst).await;
    assert_eq!(analyst.get("/admin/settings").await.status, 403);
}

on_both_backends!(an_admin_changes_the_organisations_settings);
