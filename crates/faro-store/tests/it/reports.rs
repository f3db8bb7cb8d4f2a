//! Reports: intake stores nothing about the reporter and seals what they typed, a receipt opens
//! its report and nothing else, triage actions are audited with their change, promotion makes
//! a record of the organisation's intake source, retention deletes what was closed.

use faro_domain::report::{Channel, RawReport, ReceiptCode, ReportDraft, ReportStatus};
use faro_domain::vocab::{Exploitation, MeansDetail};
use faro_domain::{AccessContext, Country, Flags, Role};
use faro_store::{Assigned, DEFAULT_ORGANISATION, Photo, ReportFilter, StoreError, Triage};
use faro_testkit::{TestDb, on_both_backends};

const WHAT: &str = "Seven men sleep in the packing shed at Quinta Azul; their passports were taken";

fn draft(what: &str) -> ReportDraft {
    let raw = RawReport {
        what: what.into(),
        country: "PT".into(),
        place: "Quinta Azul, near Beja".into(),
        people: "7".into(),
        genders: vec!["male".into()],
        ages: vec!["adults".into()],
        signs: vec!["cannot_leave".into()],
        contact: "follow_up".into(),
        ..RawReport::default()
    };
    ReportDraft::parse(&raw, Channel::Web, "es").unwrap()
}

fn photo() -> Photo {
    Photo {
        media_type: "image/jpeg",
        width: 2,
        height: 1,
        bytes: b"not really a jpeg, but opaque to the store".to_vec(),
    }
}

/// A report from the public, with its receipt.
async fn submit(
    store: &faro_store::Store,
    draft: &ReportDraft,
    photos: &[Photo],
) -> faro_store::Submitted {
    let receipt = store.fresh_receipt().await.unwrap();
    store
        .submit_report(
            &AccessContext::anonymous(),
            DEFAULT_ORGANISATION,
            draft,
            photos,
            None,
            Some(receipt),
        )
        .await
        .unwrap()
}

fn operator() -> AccessContext {
    AccessContext::member(DEFAULT_ORGANISATION, Role::Operator)
        .for_user(3)
        .acting_as("user 3")
}

async fn a_report_is_sealed_and_its_receipt_opens_it_and_nothing_else(db: TestDb) {
    let store = db.store();
    let sent = submit(store, &draft(WHAT), &[photo()]).await;
    let code = sent.receipt.expect("a web report gets a receipt");
    assert_eq!(code.digits().len(), 16);
    // Nothing the reporter typed is in clear; the code is stored only as its hash.
    let stored = db
        .text("SELECT sealed || ' ' || (SELECT ciphertext FROM report_messages) FROM reports")
        .await;
    for secret in ["Quinta", "passports", "Beja"] {
        assert!(!stored.contains(secret), "{secret} in clear");
    }
    let hash = db.text("SELECT receipt_hash FROM reports").await;
    assert!(!hash.contains(code.digits()) && hash.len() == 64, "{hash}");
    assert_eq!(
        db.scalar(
            "SELECT COUNT(*) FROM reports WHERE created_at % 3600 = 0 AND updated_at % 3600 = 0"
        )
        .await,
        1,
        "times to the hour"
    );
    // The audit entry of a submission carries the hour only and nobody's name.
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'report.submit' AND at % 3600 = 0 AND actor = 'anonymous visitor'")
            .await,
        1
    );
    // The receipt opens the report; a wrong one opens nothing.
    let id = store.report_id_by_receipt(&code).await.unwrap();
    assert_eq!(id, Some(sent.id));
    let wrong = ReceiptCode::parse(&format!(
        "{}{}",
        &code.digits()[..15],
        (code.digits().as_bytes()[15] - b'0' + 1) % 10
    ))
    .unwrap();
    assert_eq!(store.report_id_by_receipt(&wrong).await.unwrap(), None);
    let seen = store.follow_up(sent.id).await.unwrap();
    assert_eq!(seen.status, ReportStatus::New);
    assert_eq!(seen.messages.len(), 1);
    assert_eq!(seen.messages[0].text, WHAT);
    assert_eq!(seen.messages[0].attachments.len(), 1);
    // Signs and words suggest HTCDS codes for staff to confirm.
    let detail = store.report(&operator(), sent.id).await.unwrap();
    assert_eq!(detail.place, "Quinta Azul, near Beja");
    assert_eq!(
        detail.summary.means.yes().collect::<Vec<_>>(),
        [
            MeansDetail::RestrictsMovement,
            MeansDetail::WithholdsDocuments
        ]
    );
    let a = store
        .attachment(&operator(), sent.id, detail.messages[0].attachments[0])
        .await
        .unwrap();
    assert_eq!(a.bytes, photo().bytes);
    assert!(store.verify_audit().await.unwrap().is_ok());
}

async fn the_conversation_follows_the_report_and_notes_stay_with_staff(db: TestDb) {
    let store = db.store();
    let anyone = AccessContext::anonymous();
    let sent = submit(store, &draft(WHAT), &[]).await;
    let staff = operator();
    store
        .triage(
            &staff,
            sent.id,
            &Triage::Ask("Which road leads to the shed?".into()),
        )
        .await
        .unwrap();
    store
        .triage(
            &staff,
            sent.id,
            &Triage::Note("Call the labour inspectorate".into()),
        )
        .await
        .unwrap();
    let seen = store.follow_up(sent.id).await.unwrap();
    assert_eq!(seen.status, ReportStatus::NeedsInformation);
    let texts: Vec<_> = seen.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        [WHAT, "Which road leads to the shed?"],
        "no staff note"
    );
    store
        .add_reporter_message(
            &anyone,
            sent.id,
            "The dirt road after the church",
            &[photo()],
        )
        .await
        .unwrap();
    let detail = store.report(&staff, sent.id).await.unwrap();
    assert_eq!(detail.summary.status, ReportStatus::InReview, "answered");
    assert_eq!(detail.messages.len(), 4);
    assert_eq!(detail.messages[3].author, "reporter");
    // Analysts read the inbox but do not act; another organisation sees nothing.
    let analyst = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst);
    assert!(store.report(&analyst, sent.id).await.is_ok());
    assert!(matches!(
        store.triage(&analyst, sent.id, &Triage::Review).await,
        Err(StoreError::Forbidden { .. })
    ));
    let red = store
        .create_organisation(&AccessContext::instance(), "Red")
        .await
        .unwrap();
    let outsider = AccessContext::member(red, Role::Admin);
    assert!(matches!(
        store.report(&outsider, sent.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(
        store
            .reports(&outsider, &ReportFilter::default(), 0, 50)
            .await
            .unwrap()
            .total,
        0
    );
    let viewer = AccessContext::member(DEFAULT_ORGANISATION, Role::Viewer);
    assert!(matches!(
        store
            .reports(&viewer, &ReportFilter::default(), 0, 50)
            .await,
        Err(StoreError::Forbidden { .. })
    ));
}

async fn the_inbox_filters_pages_and_puts_urgent_reports_first(db: TestDb) {
    let store = db.store();
    let mut ids = Vec::new();
    for i in 0..5 {
        let mut d = draft(&format!("report {i}"));
        d.urgent = i == 1;
        if i == 4 {
            d.country = Country::from_alpha2("ES");
            d.language = "fr".into();
        }
        ids.push(submit(store, &d, &[]).await.id);
    }
    let staff = operator();
    let all = store
        .reports(&staff, &ReportFilter::default(), 0, 3)
        .await
        .unwrap();
    assert_eq!(all.total, 5);
    let order: Vec<i64> = all.reports.iter().map(|r| r.id).collect();
    assert_eq!(order, [ids[1], ids[4], ids[3]], "urgent first, then newest");
    let next = store
        .reports(&staff, &ReportFilter::default(), 3, 3)
        .await
        .unwrap();
    assert_eq!(
        next.reports.iter().map(|r| r.id).collect::<Vec<_>>(),
        [ids[2], ids[0]]
    );
    let by = |f: ReportFilter| ids_matching(store, f);
    assert_eq!(
        by(ReportFilter {
            country: Country::from_alpha2("ES"),
            ..Default::default()
        })
        .await,
        [ids[4]]
    );
    assert_eq!(
        by(ReportFilter {
            language: Some("fr".into()),
            ..Default::default()
        })
        .await,
        [ids[4]]
    );
    assert_eq!(
        by(ReportFilter {
            urgent: Some(true),
            ..Default::default()
        })
        .await,
        [ids[1]]
    );
    store
        .triage(
            &operator(),
            ids[0],
            &Triage::Close("Not trafficking".into()),
        )
        .await
        .unwrap();
    assert_eq!(
        by(ReportFilter {
            status: Some(ReportStatus::Closed),
            ..Default::default()
        })
        .await,
        [ids[0]]
    );
    // A language value is bound, never spliced into SQL.
    assert!(
        by(ReportFilter {
            language: Some("x' OR '1'='1".into()),
            ..Default::default()
        })
        .await
        .is_empty()
    );
}

async fn ids_matching(store: &faro_store::Store, filter: ReportFilter) -> Vec<i64> {
    store
        .reports(&operator(), &filter, 0, 50)
        .await
        .unwrap()
        .reports
        .iter()
        .map(|r| r.id)
        .collect()
}

async fn promotion_makes_a_record_of_the_intake_source_and_finished_reports_refuse_changes(
    db: TestDb,
) {
    let store = db.store();
    let first = submit(store, &draft(WHAT), &[]).await.id;
    let second = submit(store, &draft("Same shed, again"), &[]).await.id;
    let staff = operator();
    let mut modality = Flags::default();
    modality.put(Exploitation::ForcedLabour, Some(true));
    let mut means = Flags::default();
    means.put(MeansDetail::WithholdsDocuments, Some(true));
    store
        .triage(
            &staff,
            first,
            &Triage::Codes {
                country: Country::from_alpha2("PT"),
                point: None,
                modality,
                means,
            },
        )
        .await
        .unwrap();
    let record = store
        .triage(&staff, first, &Triage::Promote)
        .await
        .unwrap()
        .expect("a record id");
    let admin = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin);
    let r = store.record(&admin, record).await.unwrap().record;
    assert_eq!(r.exploitation_country, Country::from_alpha2("PT"));
    assert_eq!(r.exploitation.get(Exploitation::ForcedLabour), Some(true));
    assert_eq!(
        r.means_detail.get(MeansDetail::WithholdsDocuments),
        Some(true)
    );
    let sources = store.sources(&admin).await.unwrap();
    let intake = sources
        .iter()
        .find(|s| s.kind == faro_store::SourceKind::Intake)
        .expect("an intake source");
    assert_eq!((intake.rows_imported, intake.revision), (1, 1));
    // Finished: no more triage but a reopening; a duplicate must name another report.
    let refused = store
        .triage(&staff, first, &Triage::Review)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, StoreError::Invalid { problem, .. } if problem.key == faro_domain::refusal::REPORT_FINISHED),
        "{refused}"
    );
    // The conversation goes on after promotion: the reporter answers, staff ask, and only
    // closing ends it (and starts the retention period).
    assert_eq!(
        db.scalar(&format!(
            "SELECT COUNT(*) FROM reports WHERE id = {first} AND closed_at IS NULL"
        ))
        .await,
        1
    );
    store
        .add_reporter_message(&AccessContext::anonymous(), first, "one more thing", &[])
        .await
        .unwrap();
    store
        .triage(&staff, first, &Triage::Ask("Which farm?".into()))
        .await
        .unwrap();
    store
        .triage(&staff, first, &Triage::Close("the record holds it".into()))
        .await
        .unwrap();
    let late = store
        .add_reporter_message(&AccessContext::anonymous(), first, "too late", &[])
        .await
        .unwrap_err();
    assert!(
        matches!(&late, StoreError::Invalid { problem, .. } if problem.key == faro_domain::refusal::REPORT_FINISHED),
        "{late}"
    );
    let bad = store
        .triage(&staff, second, &Triage::Duplicate(second))
        .await
        .unwrap_err();
    assert!(
        matches!(&bad, StoreError::Invalid { field: "duplicate_of", problem } if problem.key == faro_domain::refusal::NOT_A_DUPLICATE),
        "{bad}"
    );
    store
        .triage(&staff, second, &Triage::Duplicate(first))
        .await
        .unwrap();
    assert_eq!(
        store
            .report(&staff, second)
            .await
            .unwrap()
            .summary
            .duplicate_of,
        Some(first)
    );
    for action in ["report.codes", "report.promote", "report.duplicate"] {
        assert_eq!(
            db.scalar(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND actor = 'user 3'"
            ))
            .await,
            1,
            "{action}"
        );
    }
    assert!(store.verify_audit().await.unwrap().is_ok());
}

async fn retention_deletes_closed_reports_with_their_photos_and_says_how_many(db: TestDb) {
    let store = db.store();
    let old = submit(store, &draft(WHAT), &[photo()]).await.id;
    let open = submit(store, &draft("Still open"), &[]).await.id;
    store
        .triage(
            &operator(),
            old,
            &Triage::Close("Resolved by the police".into()),
        )
        .await
        .unwrap();
    assert!(matches!(
        store.delete_closed_reports(&operator(), i64::MAX).await,
        Err(StoreError::Forbidden { .. })
    ));
    let gone = store
        .delete_closed_reports(&AccessContext::instance(), i64::MAX)
        .await
        .unwrap();
    assert_eq!(gone, 1);
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM report_attachments").await,
        0
    );
    assert_eq!(
        db.scalar(&format!("SELECT COUNT(*) FROM reports WHERE id = {open}"))
            .await,
        1
    );
    let detail = db
        .text("SELECT detail FROM audit_log WHERE action = 'report.delete'")
        .await;
    assert!(
        detail.contains("\"reports\":1") && !detail.contains("police"),
        "{detail}"
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
}

async fn an_organisation_keeps_closed_reports_shorter_never_longer(db: TestDb) {
    let store = db.store();
    let admin = AccessContext::member(DEFAULT_ORGANISATION, faro_domain::Role::Admin);
    let close = async |what: &str| {
        let id = submit(store, &draft(what), &[]).await.id;
        store
            .triage(&operator(), id, &Triage::Close("Done".into()))
            .await
            .unwrap();
    };
    close("First").await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let instance = AccessContext::instance();
    // Two days on, the instance's 180 days keep it; the organisation's one day does not.
    assert_eq!(
        store
            .apply_retention(&instance, now + 2 * 86_400, 180)
            .await
            .unwrap(),
        0
    );
    let one_day = faro_store::OrganisationSettings {
        retention_days: Some(1),
        notify_to: vec![faro_testkit::email("duty@example.org")],
    };
    assert!(matches!(
        store
            .set_organisation_settings(&operator(), DEFAULT_ORGANISATION, &one_day)
            .await,
        Err(StoreError::Forbidden { .. })
    ));
    store
        .set_organisation_settings(&admin, DEFAULT_ORGANISATION, &one_day)
        .await
        .unwrap();
    assert_eq!(
        store
            .apply_retention(&instance, now + 2 * 86_400, 180)
            .await
            .unwrap(),
        1
    );
    // Longer than the instance's period is the instance's period.
    close("Second").await;
    let long = faro_store::OrganisationSettings {
        retention_days: Some(400),
        ..one_day.clone()
    };
    store
        .set_organisation_settings(&admin, DEFAULT_ORGANISATION, &long)
        .await
        .unwrap();
    assert_eq!(
        store
            .apply_retention(&instance, now + 200 * 86_400, 180)
            .await
            .unwrap(),
        1
    );
    let changes = db
        .text("SELECT detail FROM audit_log WHERE action = 'organisation.settings' ORDER BY seq DESC LIMIT 1")
        .await;
    assert!(
        changes.contains("\"from\":1,\"to\":400") && !changes.contains("duty@"),
        "{changes}"
    );
    assert_eq!(
        store.urgent_recipients(DEFAULT_ORGANISATION).await.unwrap(),
        one_day.notify_to
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
}

async fn a_phone_report_needs_an_operator_of_the_organisation(db: TestDb) {
    let store = db.store();
    let mut call = draft(WHAT);
    call.channel = Channel::Phone;
    let refused = store
        .submit_report(
            &AccessContext::anonymous(),
            DEFAULT_ORGANISATION,
            &call,
            &[],
            None,
            Some(store.fresh_receipt().await.unwrap()),
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Forbidden { .. })));
    let sent = store
        .submit_report(
            &operator(),
            DEFAULT_ORGANISATION,
            &call,
            &[],
            None,
            Some(store.fresh_receipt().await.unwrap()),
        )
        .await
        .unwrap();
    let detail = store.report(&operator(), sent.id).await.unwrap();
    assert_eq!(detail.messages[0].author, "user 3");
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM reports").await,
        1,
        "nothing half-written"
    );
}

/// A pin's full precision is not kept: reports stored before points were rounded are rounded
/// to two decimals (about 1 km) by migration 18, on both databases.
async fn points_kept_before_are_rounded_to_about_a_kilometre(db: TestDb) {
    let store = db.store();
    faro_testkit::submit_report_at(store, DEFAULT_ORGANISATION, 38.7654321, -9.1234567).await;
    db.execute("UPDATE reports SET lat = 38.7654321, lon = -9.1234567")
        .await;
    db.execute(include_str!("../../migrations/0018_rounded_points.sql"))
        .await;
    let micro =
        |column: &str| format!("SELECT CAST(ROUND({column} * 1000000) AS BIGINT) FROM reports");
    assert_eq!(db.scalar(&micro("lat")).await, 38_770_000);
    assert_eq!(db.scalar(&micro("lon")).await, -9_120_000);
}

const NUMBER: &str = "+351912345678";

/// An SMS report from `NUMBER` through `store`; its id.
async fn sms_report(store: &faro_store::Store) -> i64 {
    let raw = RawReport {
        what: "trabajadores en la finca".into(),
        contact: "phone".into(),
        contact_detail: NUMBER.into(),
        ..RawReport::default()
    };
    let draft = ReportDraft::parse(&raw, Channel::Sms, "es").unwrap();
    let sender = faro_store::Sender {
        number: NUMBER,
        gateway: "tw",
    };
    store
        .submit_report(
            &AccessContext::anonymous(),
            DEFAULT_ORGANISATION,
            &draft,
            &[],
            Some(sender),
            None,
        )
        .await
        .unwrap()
        .id
}

/// What anyone with a copy of the database could compute for a guessed number before
/// sender hashes were keyed: argon2id under the salt stored in `meta`.
async fn hash_from_the_database_alone(db: &TestDb, number: &str) -> String {
    let salt = hex::decode(
        db.text("SELECT value FROM meta WHERE name = 'report_salt'")
            .await,
    )
    .unwrap();
    let mut out = [0u8; 32];
    argon2::Argon2::default()
        .hash_password_into(format!("sender:{number}").as_bytes(), &salt, &mut out)
        .unwrap();
    hex::encode(out)
}

async fn a_sender_is_found_by_a_keyed_hash_that_follows_a_new_key(db: TestDb) {
    let store = db.store().clone();
    // The salt exists once a receipt has been made.
    submit(&store, &draft(WHAT), &[]).await;
    let id = sms_report(&store).await;
    let stored = db
        .text(&format!("SELECT sender_hash FROM reports WHERE id = {id}"))
        .await;
    assert_ne!(
        stored,
        hash_from_the_database_alone(&db, NUMBER).await,
        "the database alone confirms no guess"
    );
    assert!(!stored.contains("912345678"));
    let found = store
        .open_report_of_sender(DEFAULT_ORGANISATION, NUMBER)
        .await;
    assert_eq!(found.unwrap(), Some(id));
    let (rotated, _) = store
        .rotate_key(
            &AccessContext::instance(),
            &faro_store::DataKey::generate().unwrap(),
        )
        .await
        .unwrap();
    let after = db
        .text(&format!("SELECT sender_hash FROM reports WHERE id = {id}"))
        .await;
    assert_ne!(after, stored, "re-keyed with the data key");
    let found = rotated
        .open_report_of_sender(DEFAULT_ORGANISATION, NUMBER)
        .await;
    assert_eq!(found.unwrap(), Some(id), "the conversation goes on");
    let other = rotated
        .open_report_of_sender(DEFAULT_ORGANISATION, "+351912345679")
        .await;
    assert_eq!(other.unwrap(), None);
}

async fn sender_hashes_made_before_are_keyed_when_the_store_is_unlocked(db: TestDb) {
    let store = db.store().clone();
    submit(&store, &draft(WHAT), &[]).await;
    let id = sms_report(&store).await;
    // As an older Faro stored it: argon2id under the salt, no upgrade done.
    let old = hash_from_the_database_alone(&db, NUMBER).await;
    db.execute(&format!(
        "UPDATE reports SET sender_hash = '{old}' WHERE id = {id}; DELETE FROM meta WHERE name = 'sender_hashes'"
    ))
    .await;
    let again = db.open_another().await;
    let now = db
        .text(&format!("SELECT sender_hash FROM reports WHERE id = {id}"))
        .await;
    assert_ne!(now, old, "keyed at unlock");
    let found = again
        .open_report_of_sender(DEFAULT_ORGANISATION, NUMBER)
        .await;
    assert_eq!(found.unwrap(), Some(id));
}

/// A report is given to an active operator or admin of its organisation (audited), the inbox
/// filters by who has it, and each listed report carries the start of its text.
async fn reports_are_assigned_to_staff_who_triage_and_listed_with_a_preview(db: TestDb) {
    let store = db.store();
    let instance = &AccessContext::instance();
    let user = |name: &'static str, role| {
        let email = format!("{name}@test.invalid");
        async move {
            store
                .create_user(
                    instance,
                    DEFAULT_ORGANISATION,
                    &faro_testkit::email(&email),
                    role,
                )
                .await
                .unwrap()
                .id
        }
    };
    let marta = user("marta", Role::Operator).await;
    let viewer = user("vera", Role::Viewer).await;
    let other = store.create_organisation(instance, "Other").await.unwrap();
    let outsider = store
        .create_user(
            instance,
            other,
            &faro_testkit::email("out@test.invalid"),
            Role::Operator,
        )
        .await
        .unwrap()
        .id;
    let long = format!("{} and more words after the cut", "word ".repeat(40));
    let first = submit(store, &draft(&long), &[]).await.id;
    let second = submit(store, &draft(WHAT), &[]).await.id;
    for (who, why) in [
        (viewer, "a viewer"),
        (outsider, "another organisation"),
        (999_999, "nobody"),
    ] {
        let refused = store
            .triage(&operator(), first, &Triage::Assign(Some(who)))
            .await;
        assert!(
            matches!(
                refused,
                Err(StoreError::Invalid {
                    field: "assignee",
                    ..
                })
            ),
            "{why}: {refused:?}"
        );
    }
    store
        .triage(&operator(), first, &Triage::Assign(Some(marta)))
        .await
        .unwrap();
    let mine = ReportFilter {
        assignee: Some(Assigned::To(marta)),
        ..Default::default()
    };
    assert_eq!(ids_matching(store, mine).await, [first]);
    let nobody = ReportFilter {
        assignee: Some(Assigned::Nobody),
        ..Default::default()
    };
    assert_eq!(ids_matching(store, nobody).await, [second]);
    let page = store
        .reports(&operator(), &ReportFilter::default(), 0, 10)
        .await
        .unwrap();
    let listed = page.reports.iter().find(|r| r.id == first).unwrap();
    assert_eq!(listed.assignee, Some(marta));
    assert_eq!(page.previews[&second], WHAT);
    let cut = &page.previews[&first];
    assert!(
        cut.ends_with("word…") && cut.chars().count() <= 141,
        "{cut}"
    );
    // Unassigning is audited too; a closed report keeps whoever had it.
    store
        .triage(&operator(), first, &Triage::Assign(None))
        .await
        .unwrap();
    let audit = store
        .audit_page(
            &AccessContext::member(DEFAULT_ORGANISATION, Role::Admin),
            DEFAULT_ORGANISATION,
            None,
            5,
        )
        .await
        .unwrap();
    let assigned: Vec<&str> = audit
        .iter()
        .filter(|e| e.action == "report.assign")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(assigned.len(), 2, "{audit:?}");
    assert!(assigned[0].contains("\"assignee\":null"), "{assigned:?}");
    store
        .triage(&operator(), first, &Triage::Close("Not trafficking".into()))
        .await
        .unwrap();
    let closed = store
        .triage(&operator(), first, &Triage::Assign(Some(marta)))
        .await;
    assert!(matches!(
        closed,
        Err(StoreError::Invalid {
            field: "action",
            ..
        })
    ));
}

on_both_backends!(
    a_sender_is_found_by_a_keyed_hash_that_follows_a_new_key,
    sender_hashes_made_before_are_keyed_when_the_store_is_unlocked,
    points_kept_before_are_rounded_to_about_a_kilometre,
    a_report_is_sealed_and_its_receipt_opens_it_and_nothing_else,
    the_conversation_follows_the_report_and_notes_stay_with_staff,
    the_inbox_filters_pages_and_puts_urgent_reports_first,
    reports_are_assigned_to_staff_who_triage_and_listed_with_a_preview,
    promotion_makes_a_record_of_the_intake_source_and_finished_reports_refuse_changes,
    retention_deletes_closed_reports_with_their_photos_and_says_how_many,
    an_organisation_keeps_closed_reports_shorter_never_longer,
    a_phone_report_needs_an_operator_of_the_organisation,
);
