//! Every change and its audit entry commit together: with a trigger that refuses every insert
//! into the audit log, each kind of change fails and leaves nothing changed, on both databases.

use faro_domain::{AccessContext, Filter, OrganisationId, Role};
use faro_store::{DEFAULT_ORGANISATION, Store, totp_code_for_tests};
use faro_testkit::{TestDb, email, on_both_backends, password, token_name};

/// From now on every audit append fails inside its transaction.
async fn refuse_audit(db: &TestDb) {
    let sql = match db.backend() {
        "postgres" => {
            "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION refuse_audit();"
        }
        _ => {
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'audit refused by the test'); END;"
        }
    };
    db.execute(sql).await;
}

/// A user with a password, a session and a token, made while auditing still works.
async fn someone(store: &Store, name: &str, role: Role) -> (faro_store::User, String) {
    let ctx = AccessContext::instance();
    let user = store
        .create_user(
            &ctx,
            DEFAULT_ORGANISATION,
            &email(format!("{name}@test.invalid")),
            role,
        )
        .await
        .unwrap();
    let link = store.password_link(&ctx, &user.email).await.unwrap();
    store
        .set_password(&link, &password("a long pass phrase"))
        .await
        .unwrap();
    (user, link)
}

/// What the account changes below would alter, counted from outside the store.
async fn account_counts(db: &TestDb) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "users",
        "api_tokens",
        "password_links",
        "organisations",
        "audit_log",
    ] {
        counts.push(db.scalar(&format!("SELECT COUNT(*) FROM {table}")).await);
    }
    counts
}

async fn account_changes_without_their_entry_change_nothing(db: TestDb) {
    let store = db.store();
    let ctx = AccessContext::instance();
    let (ana, _) = someone(store, "ana", Role::Analyst).await;
    let token = store
        .create_token(&ctx, &ana, None, &token_name("kept"), 3600)
        .await
        .unwrap();
    let before = account_counts(&db).await;
    refuse_audit(&db).await;

    let new_user = store
        .create_user(
            &ctx,
            DEFAULT_ORGANISATION,
            &email("bo@test.invalid"),
            Role::Viewer,
        )
        .await;
    assert!(new_user.is_err(), "user.create");
    assert!(
        store.create_organisation(&ctx, "Green").await.is_err(),
        "organisation.create"
    );
    assert!(
        store
            .set_role(&ctx, &ana.email, Role::Viewer)
            .await
            .is_err(),
        "user.role"
    );
    assert!(
        store.disable_user(&ctx, &ana.email).await.is_err(),
        "user.disable"
    );
    assert!(
        store.password_link(&ctx, &ana.email).await.is_err(),
        "user.password_link"
    );
    let second = store
        .create_token(&ctx, &ana, None, &token_name("new"), 3600)
        .await;
    assert!(second.is_err(), "token.create");
    assert!(
        store.revoke_token(&ctx, token.id).await.is_err(),
        "token.revoke"
    );

    let after = account_counts(&db).await;
    assert_eq!(before, after);
    let ana_now = store.user(&ana.email).await.unwrap();
    assert_eq!((ana_now.role, ana_now.disabled), (Role::Analyst, false));
    assert!(
        store.authenticate_token(&token.secret).await.is_ok(),
        "still not revoked"
    );
    let live = "SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL";
    assert_eq!(db.scalar(live).await, 1);
}

async fn credential_and_session_changes_without_their_entry_change_nothing(db: TestDb) {
    let store = db.store();
    let ctx = AccessContext::instance();
    let (ana, _) = someone(store, "ana", Role::Analyst).await;
    let (bo, _) = someone(store, "bo", Role::Viewer).await;
    let session = store
        .sign_in(&ana.email, "a long pass phrase", None)
        .await
        .unwrap()
        .session;
    let setup = store.begin_two_factor(&session).await.unwrap();
    let fresh_link = store.password_link(&ctx, &bo.email).await.unwrap();
    let hash_sql = format!("SELECT password_hash FROM users WHERE id = {}", bo.id);
    let bo_hash = db.text(&hash_sql).await;
    let sessions = db.scalar("SELECT COUNT(*) FROM sessions").await;
    refuse_audit(&db).await;

    assert!(
        store
            .sign_in(&bo.email, "a long pass phrase", None)
            .await
            .is_err(),
        "sign_in"
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM sessions").await,
        sessions,
        "no new session"
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let code = totp_code_for_tests(&setup.secret, now).unwrap();
    assert!(
        store.confirm_two_factor(&session, &code).await.is_err(),
        "two_factor_on"
    );
    let on = format!(
        "SELECT COUNT(*) FROM users WHERE id = {} AND totp_enabled = 1",
        ana.id
    );
    assert_eq!(db.scalar(&on).await, 0);
    let new_password = password("another long pass phrase");
    assert!(
        store
            .set_password(&fresh_link, &new_password)
            .await
            .is_err(),
        "password_set"
    );
    assert_eq!(db.text(&hash_sql).await, bo_hash, "the password stays");
    assert!(
        store.password_link_user(&fresh_link).await.is_ok(),
        "the link is not used up"
    );
    assert!(store.sign_out(&session).await.is_err(), "sign_out");
    assert!(
        store.sign_out_everywhere(&session).await.is_err(),
        "sign_out.everywhere"
    );
    assert_eq!(db.scalar("SELECT COUNT(*) FROM sessions").await, sessions);
    assert!(
        store.reset_two_factor(&ctx, &ana.email).await.is_err(),
        "two_factor_off"
    );
    let secret = format!(
        "SELECT COUNT(*) FROM users WHERE id = {} AND totp_secret IS NOT NULL",
        ana.id
    );
    assert_eq!(db.scalar(&secret).await, 1, "the secret stays");
}

async fn data_changes_without_their_entry_change_nothing(db: TestDb) {
    let store = db.store();
    let ctx = AccessContext::instance();
    let source = faro_testkit::import_generated(store, 5, 20).await;
    let record = store
        .records(&ctx, &Filter::new(), None, 1)
        .await
        .unwrap()
        .remove(0)
        .id;
    let counts = || async {
        [
            db.scalar("SELECT COUNT(*) FROM sources").await,
            db.scalar("SELECT COUNT(*) FROM records").await,
            db.scalar("SELECT COUNT(*) FROM record_notes").await,
            db.scalar("SELECT COUNT(*) FROM sources WHERE share_aggregates = 1")
                .await,
        ]
    };
    let before = counts().await;
    refuse_audit(&db).await;

    assert!(
        store
            .add_note(&ctx, record, "she was moved at night")
            .await
            .is_err(),
        "note.create"
    );
    assert!(
        store.set_sharing(&ctx, source, true).await.is_err(),
        "source.share"
    );
    let records = faro_formats::fictitious::import_rows(6, 10);
    let new = faro_store::NewSource {
        name: "refused".into(),
        file_name: None,
        sha256: "refused".into(),
        layout: "generated".into(),
        kind: faro_store::SourceKind::Demo,
        organisation: OrganisationId(1),
    };
    assert!(
        store
            .import(&ctx, new, records, &mut (), || 0)
            .await
            .is_err(),
        "import"
    );
    assert_eq!(
        counts().await,
        before,
        "no note, no sharing, no source and no rows"
    );
}

on_both_backends!(
    account_changes_without_their_entry_change_nothing,
    credential_and_session_changes_without_their_entry_change_nothing,
    data_changes_without_their_entry_change_nothing,
);
