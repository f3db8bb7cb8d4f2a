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
    // The list says what each method changed; the report opens in the browser.
    assert!(list.body.contains("k-anonymous: "), "{}", list.body);
    let report = admin.get(&format!("/data/{id}/report.html")).await;
    assert_eq!(report.headers["content-disposition"], "inline");
    let policy = report.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("default-src 'none'") && policy.contains("sandbox"));
    // Making it public asks first, saying who will see which files.
    let asked = admin
        .get(&format!("/admin/releases/{id}/public?lang=en"))
        .await;
    assert_eq!(asked.status, 200);
    assert!(
        asked.body.contains("Anyone, without signing in"),
        "{}",
        asked.body
    );
    assert!(
        asked.body.contains("report.html"),
        "the files kept back are named"
    );
    let path = format!("/admin/releases/{id}/public");
    let unticked = admin.post(&path, &[("csrf", &csrf)]).await;
    assert_eq!(unticked.status, 422);
    assert!(unticked.body.contains("the release is still private"));
    assert_eq!(
        visitor.get(&format!("/data/{id}/kanon.csv")).await.status,
        404
    );
    let made = admin
        .post(&path, &[("csrf", &csrf), ("confirm", "yes")])
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
    // Each file says what it holds, its format and size; the release's page shows the
    // datasheet as a page and charts drawn from the published tables.
    let page = visitor.get("/data?lang=en").await;
    assert!(
        page.body.contains("Synthetic records: made-up people"),
        "{}",
        page.body
    );
    assert!(page.body.contains(" KB</td>"));
    let release = visitor.get(&format!("/data/{id}?lang=es")).await;
    assert_eq!(release.status, 200);
    assert!(
        release
            .body
            .contains("<h3>Datasheet: Default organisation</h3>"),
        "{}",
        release.body
    );
    assert!(
        release.body.contains("id=\"datasheet-language\""),
        "written in English, read in Spanish"
    );
    assert!(release.body.matches("<div class=\"chart\"><svg").count() >= 3);
    assert_eq!(visitor.get("/data/999999").await.status, 404);
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

/// Follows a release job's page until it has ended.
async fn ended(b: &mut Browser<'_>, started: &super::app::Reply) -> super::app::Reply {
    assert_eq!(started.status, 303, "{}", started.body);
    let to = started.headers["location"].to_str().unwrap().to_string();
    for _ in 0..400 {
        let page = b.get(&format!("{to}?lang=en")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        if !page.body.contains("http-equiv=\"refresh\"") {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the release at {to} did not end");
}

async fn an_admin_makes_a_release_in_a_page(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(9, 2000).await;
    let mut admin = signed_in(&app, Role::Admin).await;
    admin.get("/admin/releases?lang=en").await;
    let csrf = admin.csrf.clone();
    for (k, epsilon, says) in [
        ("1", "1", "Give k as a whole number"),
        ("11", "0", "Give ε as a number above 0"),
        ("eleven", "1", "Give k as a whole number"),
    ] {
        let refused = admin
            .post(
                "/admin/releases/new?lang=en",
                &[
                    ("csrf", &csrf),
                    ("k", k),
                    ("epsilon", epsilon),
                    ("kanon", "1"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{k} {epsilon}");
        assert!(refused.body.contains(says), "{}", refused.body);
    }
    let none = admin
        .post(
            "/admin/releases/new?lang=en",
            &[("csrf", &csrf), ("k", "11"), ("epsilon", "1")],
        )
        .await;
    assert!(
        none.body.contains("Choose at least one thing"),
        "{}",
        none.body
    );

    let started = admin
        .post(
            "/admin/releases/new",
            &[
                ("csrf", &csrf),
                ("k", "10"),
                ("epsilon", "1"),
                ("synthetic", "1"),
                ("dp", "1"),
            ],
        )
        .await;
    let done = ended(&mut admin, &started).await;
    assert!(
        done.body.contains("Made and kept as release"),
        "{}",
        done.body
    );
    let releases = app
        .db
        .store()
        .releases(
            &AccessContext::member(DEFAULT_ORGANISATION, Role::Admin),
            DEFAULT_ORGANISATION,
        )
        .await
        .unwrap();
    assert_eq!(releases.len(), 1);
    assert!(!releases[0].public, "private until made public");
    assert!(releases[0].files.contains(&"synthetic.csv".to_string()));
    assert!(
        !releases[0].files.contains(&"kanon.csv".to_string()),
        "not asked for"
    );

    let too_big = admin
        .post(
            "/admin/releases/new",
            &[
                ("csrf", &csrf),
                ("k", "5000"),
                ("epsilon", "1"),
                ("kanon", "1"),
            ],
        )
        .await;
    let refused = ended(&mut admin, &too_big).await;
    assert!(
        refused.body.contains("fewer records than k"),
        "{}",
        refused.body
    );
    assert_eq!(admin.get("/admin/releases/jobs/0123").await.status, 404);

    // A release of a hub view's selection: the form carries its filters and says them.
    let form = admin.get("/admin/releases?gender=female&lang=en").await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("value=\"gender=female\""),
        "{}",
        form.body
    );
    assert!(!form.body.contains("All records"), "the selection is named");
    assert_eq!(
        admin.get("/admin/releases?gender=nonsense").await.status,
        422
    );
    let forged = admin
        .post(
            "/admin/releases/new?lang=en",
            &[
                ("csrf", &csrf),
                ("k", "10"),
                ("epsilon", "1"),
                ("kanon", "1"),
                ("filters", "gender=nonsense"),
            ],
        )
        .await;
    assert_eq!(forged.status, 422);
    assert!(forged.body.contains("cannot be read"), "{}", forged.body);
    let of_women = admin
        .post(
            "/admin/releases/new",
            &[
                ("csrf", &csrf),
                ("k", "10"),
                ("epsilon", "1"),
                ("kanon", "1"),
                ("filters", "gender=female"),
            ],
        )
        .await;
    let done = ended(&mut admin, &of_women).await;
    assert!(done.body.contains("Made and kept"), "{}", done.body);
    let admin_ctx = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let store = app.db.store();
    let newest = store
        .releases(&admin_ctx, DEFAULT_ORGANISATION)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .max()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(
        &store
            .release_file(&admin_ctx, newest, "report.json")
            .await
            .unwrap(),
    )
    .unwrap();
    let mut women = faro_domain::Filter::new();
    women.add(faro_domain::Dimension::Gender, "female").unwrap();
    let count = store
        .count_matching(&AccessContext::instance(), &women)
        .await
        .unwrap();
    assert_eq!(report["filters"], "gender=female");
    assert_eq!(report["records"], count, "only the selection is released");
}

on_both_backends!(an_admin_makes_a_release_in_a_page);
