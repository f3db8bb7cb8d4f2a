//! Tenant isolation in the query layer: what each organisation and role sees.

use super::import::{records, source};
use faro_domain::{AccessContext, Filter, OrganisationId, Role};
use faro_store::{ImportOutcome, NewSource, Store, StoreError};
use faro_testkit::{TestDb, on_both_backends};

async fn import_for(store: &Store, org: OrganisationId, sha: &str, n: usize) -> i64 {
    let items: Vec<
        Result<Result<faro_domain::Record, faro_domain::RowError>, std::convert::Infallible>,
    > = records(n as u64, n)
        .into_iter()
        .map(|c| Ok(Ok(c)))
        .collect();
    let new = NewSource {
        organisation: org,
        ..source(sha)
    };
    match store
        .import(
            &faro_domain::AccessContext::instance(),
            new,
            items.into_iter(),
            &mut (),
            || 0,
        )
        .await
        .unwrap()
    {
        ImportOutcome::Imported(r) => r.source_id,
        other => panic!("{other:?}"),
    }
}

async fn each_organisation_reads_only_its_own_records(db: TestDb) {
    let store = db.store();
    let red = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Red")
        .await
        .unwrap();
    let blue = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Blue")
        .await
        .unwrap();
    let red_source = import_for(store, red, "r", 30).await;
    let blue_source = import_for(store, blue, "b", 20).await;
    let red_analyst = AccessContext::member(red, Role::Analyst);
    let page = store
        .records(&red_analyst, &Filter::new(), None, 1000)
        .await
        .unwrap();
    assert_eq!(page.len(), 30);
    assert!(page.iter().all(|r| r.source_id == red_source));
    let blue_record = store
        .records(
            &AccessContext::member(blue, Role::Admin),
            &Filter::new(),
            None,
            1,
        )
        .await
        .unwrap();
    let err = store
        .record(&red_analyst, blue_record[0].id)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { .. }),
        "another organisation's record does not exist for me: {err:?}"
    );
    assert_eq!(store.count_records(&red_analyst).await.unwrap(), 30);
    assert_eq!(
        store
            .count_records(&AccessContext::instance())
            .await
            .unwrap(),
        50
    );
    assert!(
        store
            .sources(&red_analyst)
            .await
            .unwrap()
            .iter()
            .all(|s| s.id != blue_source)
    );
}

async fn shared_sources_count_in_aggregates_but_never_in_record_lists(db: TestDb) {
    let store = db.store();
    let red = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Red")
        .await
        .unwrap();
    let blue = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Blue")
        .await
        .unwrap();
    import_for(store, red, "r", 30).await;
    let blue_source = import_for(store, blue, "b", 20).await;
    let red_viewer = AccessContext::member(red, Role::Viewer);
    let red_analyst = AccessContext::member(red, Role::Analyst);
    let before = store
        .segments(&red_viewer, faro_domain::AggregateScope::Hub)
        .await
        .unwrap();
    assert_eq!(before.len(), 1);
    let blue_analyst = AccessContext::member(blue, Role::Analyst);
    let refused = store
        .set_sharing(&blue_analyst, blue_source, true)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::Forbidden { .. }),
        "only an admin shares: {refused:?}"
    );
    let not_mine = store
        .set_sharing(&AccessContext::member(red, Role::Admin), blue_source, true)
        .await;
    assert!(
        not_mine.is_err(),
        "an admin of another organisation cannot share it"
    );
    store
        .set_sharing(&AccessContext::member(blue, Role::Admin), blue_source, true)
        .await
        .unwrap();
    let after = store
        .segments(&red_viewer, faro_domain::AggregateScope::Hub)
        .await
        .unwrap();
    assert_eq!(
        after.len(),
        2,
        "blue's shared source now counts in red's aggregates"
    );
    assert!(
        after
            .iter()
            .any(|(id, rev)| *id == blue_source && *rev == 2),
        "sharing bumps the revision"
    );
    assert_eq!(store.count_records(&red_viewer).await.unwrap(), 50);
    let page = store
        .records(&red_analyst, &Filter::new(), None, 1000)
        .await
        .unwrap();
    assert_eq!(
        page.len(),
        30,
        "records of a shared source are still not listed"
    );
}

async fn viewers_may_not_read_individual_records(db: TestDb) {
    let store = db.store();
    let red = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Red")
        .await
        .unwrap();
    import_for(store, red, "r", 5).await;
    for role in [Role::Viewer, Role::Caseworker] {
        let ctx = AccessContext::member(red, role);
        let err = store
            .records(&ctx, &Filter::new(), None, 10)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Forbidden { .. }),
            "{role:?}: {err:?}"
        );
        assert!(store.record(&ctx, 1).await.is_err());
        assert_eq!(
            store.count_records(&ctx).await.unwrap(),
            5,
            "aggregates stay open to {role:?}"
        );
    }
}

/// An anonymous visitor has no organisation, like the instance operator, and must never be
/// mistaken for it.
async fn an_anonymous_visitor_sees_and_changes_nothing(db: TestDb) {
    let store = db.store();
    import_generated_shared(store).await;
    let anyone = AccessContext::anonymous();
    assert_eq!(store.count_records(&anyone).await.unwrap(), 0);
    assert!(store.sources(&anyone).await.unwrap().is_empty());
    assert!(matches!(
        store.records(&anyone, &Filter::new(), None, 10).await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store.create_organisation(&anyone, "Mine").await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store.set_sharing(&anyone, 1, false).await,
        Err(StoreError::Forbidden { .. } | StoreError::NotFound { .. })
    ));
    assert!(
        store
            .create_user(
                &anyone,
                faro_store::DEFAULT_ORGANISATION,
                &faro_testkit::email("me@test.invalid"),
                Role::Admin
            )
            .await
            .is_err()
    );
}

/// Records in the default organisation, shared with the hub: visible to every member.
async fn import_generated_shared(store: &Store) {
    let id = import_for(store, faro_store::DEFAULT_ORGANISATION, "shared", 7).await;
    store
        .set_sharing(&AccessContext::instance(), id, true)
        .await
        .unwrap();
    let member = AccessContext::member(OrganisationId(99), Role::Viewer);
    assert_eq!(store.count_records(&member).await.unwrap(), 7);
}

async fn the_same_file_is_imported_once_per_organisation(db: TestDb) {
    let store = db.store();
    let red = store
        .create_organisation(&faro_domain::AccessContext::instance(), "Red")
        .await
        .unwrap();
    import_for(store, red, "same", 10).await;
    import_for(store, faro_store::DEFAULT_ORGANISATION, "same", 10).await;
    let again = store
        .import(
            &faro_domain::AccessContext::instance(),
            NewSource {
                organisation: red,
                ..source("same")
            },
            std::iter::empty::<
                Result<
                    Result<faro_domain::Record, faro_domain::RowError>,
                    std::convert::Infallible,
                >,
            >(),
            &mut (),
            || 0,
        )
        .await
        .unwrap();
    assert!(matches!(again, ImportOutcome::AlreadyImported(_)));
    assert_eq!(
        store
            .count_records(&AccessContext::instance())
            .await
            .unwrap(),
        20
    );
}

async fn organisation_names_are_unique_and_the_default_exists(db: TestDb) {
    let store = db.store();
    let orgs = store.organisations().await.unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].id, faro_store::DEFAULT_ORGANISATION);
    store
        .create_organisation(&faro_domain::AccessContext::instance(), "Red")
        .await
        .unwrap();
    let dup = store
        .create_organisation(&faro_domain::AccessContext::instance(), " Red ")
        .await
        .unwrap_err();
    assert!(matches!(dup, StoreError::Conflict { .. }), "{dup:?}");
    assert_eq!(store.organisations().await.unwrap().len(), 2);
}

on_both_backends!(
    each_organisation_reads_only_its_own_records,
    shared_sources_count_in_aggregates_but_never_in_record_lists,
    viewers_may_not_read_individual_records,
    an_anonymous_visitor_sees_and_changes_nothing,
    the_same_file_is_imported_once_per_organisation,
    organisation_names_are_unique_and_the_default_exists,
);

async fn only_admins_manage_their_own_organisation_and_every_change_is_audited_there(db: TestDb) {
    let store = db.store();
    let operator = AccessContext::instance().acting_as("cli");
    let red = store.create_organisation(&operator, "Red").await.unwrap();
    let blue = store.create_organisation(&operator, "Blue").await.unwrap();
    let red_admin = AccessContext::member(red, Role::Admin).acting_as("red admin");
    let red_analyst = AccessContext::member(red, Role::Analyst);
    assert!(matches!(
        store.create_organisation(&red_admin, "Green").await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store
            .create_user(
                &red_admin,
                blue,
                &faro_testkit::email("x@blue.org"),
                Role::Admin
            )
            .await,
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        store
            .create_user(
                &red_analyst,
                red,
                &faro_testkit::email("x@red.org"),
                Role::Viewer
            )
            .await,
        Err(StoreError::Forbidden { .. })
    ));
    let ana = store
        .create_user(
            &red_admin,
            red,
            &faro_testkit::email("ana@red.org"),
            Role::Analyst,
        )
        .await
        .unwrap();
    let token = store
        .create_token(
            &red_admin,
            &ana,
            Some(Role::Viewer),
            &faro_testkit::token_name("t"),
            60,
        )
        .await
        .unwrap();
    let blue_admin = AccessContext::member(blue, Role::Admin);
    assert!(matches!(
        store.revoke_token(&blue_admin, token.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.disable_user(&blue_admin, "ana@red.org").await,
        Err(StoreError::Forbidden { .. })
    ));
    store.revoke_token(&red_admin, token.id).await.unwrap();
    store.disable_user(&red_admin, "ana@red.org").await.unwrap();
    let red_chain: Vec<(String, String)> = store
        .audit_entries()
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.chain == format!("organisation {}", red.0))
        .map(|e| (e.action, e.actor))
        .collect();
    let expected = [
        ("organisation.create", "cli"),
        ("user.create", "red admin"),
        ("token.create", "red admin"),
        ("token.revoke", "red admin"),
        ("user.disable", "red admin"),
    ];
    assert_eq!(
        red_chain,
        expected.map(|(a, b)| (a.to_string(), b.to_string()))
    );
    store.verify_audit().await.unwrap().unwrap();
}

on_both_backends!(only_admins_manage_their_own_organisation_and_every_change_is_audited_there);

async fn imports_need_the_import_right_in_that_organisation_and_are_audited_there(db: TestDb) {
    let store = db.store();
    let red = store
        .create_organisation(&AccessContext::instance(), "Red")
        .await
        .unwrap();
    let blue = store
        .create_organisation(&AccessContext::instance(), "Blue")
        .await
        .unwrap();
    let none = || {
        std::iter::empty::<
            Result<Result<faro_domain::Record, faro_domain::RowError>, std::convert::Infallible>,
        >()
    };
    let into = |org| NewSource {
        organisation: org,
        ..source("i")
    };
    for (ctx, org) in [
        (AccessContext::member(red, Role::Operator), red),
        (AccessContext::member(red, Role::Viewer), red),
        (AccessContext::member(red, Role::Analyst), blue),
    ] {
        let refused = store.import(&ctx, into(org), none(), &mut (), || 0).await;
        assert!(
            matches!(
                refused,
                Err(faro_store::ImportFailed::Store(
                    StoreError::Forbidden { .. }
                ))
            ),
            "{ctx:?}"
        );
    }
    let analyst = AccessContext::member(red, Role::Analyst).acting_as("red analyst");
    store
        .import(&analyst, into(red), none(), &mut (), || 0)
        .await
        .unwrap();
    let entry = store
        .audit_entries()
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.action == "import")
        .unwrap();
    assert_eq!(
        (entry.chain.as_str(), entry.actor.as_str()),
        (format!("organisation {}", red.0).as_str(), "red analyst")
    );
    assert!(
        store
            .sources(&AccessContext::instance())
            .await
            .unwrap()
            .iter()
            .all(|s| s.organisation == red)
    );
}

on_both_backends!(imports_need_the_import_right_in_that_organisation_and_are_audited_there);
