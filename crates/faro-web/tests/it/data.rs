//! Published data: a release is kept private, an admin makes it public, the public page
//! offers its datasheet and data files (never its report) to anyone, in every language.

use super::app::{Browser, TestApp, person, signed_in};
use faro_domain::{AccessContext, Filter, Role};
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};

async fn a_release_is_private_until_its_organisation_makes_it_public(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(8, 3000).await;
    let store = app.db.store().clone();
    let dir = tempfile::tempdir().unwrap();
    let options = faro_web::publish::Options {
        k: 10,
        epsilon: 1.0,
        kanon: true,
        synthetic: true,
        dp: true,
        budget: 5.0,
        lang: faro_i18n::Lang::REFERENCE,
        this_year: 2026,
    };
    let analyst = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst);
    let published = faro_web::publish::publish(
        &store,
        &analyst,
        (DEFAULT_ORGANISATION, "Default organisation"),
        &Filter::new(),
        &options,
        dir.path(),
    )
    .await
    .unwrap();
    let id = published.release;
    let mut visitor = Browser::new(&app);
    let empty = visitor.get("/data?lang=en").await;
    assert_eq!(empty.status, 200);
    assert!(
        empty.body.contains("Nothing has been published yet"),
        "{}",
        empty.body
    );
    assert_eq!(
        visitor.get(&format!("/data/{id}/kanon.csv")).await.status,
        404
    );

    let mut admin = signed_in(&app, Role::Admin).await;
    let list = admin.get("/admin/releases?lang=en").await;
    assert!(list.body.contains(&format!("#{id}")), "{}", list.body);
    let csrf = admin.csrf.clone();
    let id_text = id.to_string();
    let made = admin
        .post(
            "/admin/releases",
            &[("csrf", &csrf), ("id", &id_text), ("public", "1")],
        )
        .await;
    assert_eq!(made.status, 303);

    for (lang, title) in [
        ("en", "Published data"),
        ("es", "Datos publicados"),
        ("fr", "Données publiées"),
    ] {
        let page = visitor.get(&format!("/data?lang={lang}")).await;
        assert!(
            page.body
                .contains(&format!("<title>{title} · Faro</title>")),
            "{lang}"
        );
        assert!(page.body.contains(&format!("/data/{id}/kanon.csv")));
        assert!(page.body.contains(&format!("/data/{id}/synthetic.csv")));
        assert!(
            !page.body.contains("report.json"),
            "the report is never public"
        );
    }
    let page = visitor.get("/data?lang=en").await;
    assert!(
        page.body.contains("# Datasheet: Default organisation"),
        "{}",
        page.body
    );
    let csv = visitor.get(&format!("/data/{id}/kanon.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with("yearOfRegistration") || csv.body.contains("gender"));
    assert_eq!(
        visitor.get(&format!("/data/{id}/report.json")).await.status,
        404
    );
    assert_eq!(
        admin.get(&format!("/data/{id}/report.json")).await.status,
        200
    );
    assert_eq!(visitor.get("/data/x/kanon.csv").await.status, 404);

    // Another organisation's admin cannot change it, nor read its report.
    let other = store
        .create_organisation(&AccessContext::instance(), "Other")
        .await
        .unwrap();
    let email = person(&store, other, Role::Admin, "a long pass phrase").await;
    let mut stranger = Browser::new(&app);
    stranger.sign_in(&email, "a long pass phrase", "").await;
    stranger.get("/admin/releases").await;
    let csrf = stranger.csrf.clone();
    let refused = stranger
        .post(
            "/admin/releases",
            &[("csrf", &csrf), ("id", &id_text), ("public", "0")],
        )
        .await;
    assert_eq!(refused.status, 404);
    assert_eq!(
        stranger
            .get(&format!("/data/{id}/report.html"))
            .await
            .status,
        404
    );
    let bad = admin
        .post(
            "/admin/releases",
            &[
                ("csrf", &admin.csrf.clone()),
                ("id", &id_text),
                ("public", "maybe"),
            ],
        )
        .await;
    assert_eq!(bad.status, 400);

    let entries = store.audit_entries().await.unwrap();
    for action in ["publish.release", "release.save", "release.visibility"] {
        assert!(entries.iter().any(|e| e.action == action), "{action}");
    }
    admin
        .post(
            "/admin/releases",
            &[
                ("csrf", &admin.csrf.clone()),
                ("id", &id_text),
                ("public", "0"),
            ],
        )
        .await;
    assert!(
        visitor
            .get("/data?lang=en")
            .await
            .body
            .contains("Nothing has been published yet")
    );
}

on_both_backends!(a_release_is_private_until_its_organisation_makes_it_public);
