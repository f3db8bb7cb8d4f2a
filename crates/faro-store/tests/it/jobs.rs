//! The queue of background work on both databases: the organisation's limit, one claim per
//! job across processes, leases that expire, cancellation, sealed chunks, the cap on errors
//! files, and the audit of every start and end.

use faro_domain::{AccessContext, Role};
use faro_store::{DEFAULT_ORGANISATION, JobState, NewJob, Store, StoreError};
use faro_testkit::{TestDb, on_both_backends};

/// A member of the default organisation, as a session would act.
async fn member(store: &Store, role: Role) -> AccessContext {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let user = store
        .create_user(
            &AccessContext::instance(),
            DEFAULT_ORGANISATION,
            &faro_testkit::email(format!("u{n}@test.invalid")),
            role,
        )
        .await
        .unwrap();
    store.acting_for(user.id).await.unwrap()
}

fn job<'a>(id: &'a str, receiving: Option<(&'a str, i64)>) -> NewJob<'a> {
    NewJob {
        id,
        kind: "import",
        organisation: DEFAULT_ORGANISATION,
        lang: "en",
        params: "{}".into(),
        receiving,
        limit: 2,
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn an_organisation_queues_up_to_its_limit_and_each_job_is_claimed_once(db: TestDb) {
    let store = db.store();
    let ctx = member(store, Role::Analyst).await;
    store.queue_job(&ctx, job("a1", None)).await.unwrap();
    store.queue_job(&ctx, job("a2", None)).await.unwrap();
    let third = store.queue_job(&ctx, job("a3", None)).await;
    assert!(
        matches!(third, Err(StoreError::TooManyJobs { limit: 2 })),
        "{third:?}"
    );
    // The instance operator belongs to no organisation and starts no job.
    let instance = store
        .queue_job(&AccessContext::instance(), job("i1", None))
        .await;
    assert!(matches!(instance, Err(StoreError::Forbidden { .. })));

    // Two processes claim at once: each job goes to exactly one of them.
    let other = db.open_another().await;
    let until = now() + 30;
    let (x, y) = tokio::join!(store.claim_job("p1", until), other.claim_job("p2", until));
    let (x, y) = (x.unwrap().unwrap(), y.unwrap().unwrap());
    assert_ne!(x.id, y.id);
    assert!(store.claim_job("p1", until).await.unwrap().is_none());
    assert_eq!(x.state().unwrap(), JobState::Running);

    // Running jobs still count toward the limit; an ended one does not.
    assert!(store.queue_job(&ctx, job("a3", None)).await.is_err());
    let owner = if x.id == "a1" { "p1" } else { "p2" };
    let ended = store
        .end_job("a1", owner, JobState::Succeeded, "{\"ok\":1}")
        .await
        .unwrap();
    assert!(ended);
    assert!(
        !store
            .end_job("a1", owner, JobState::Failed, "{}")
            .await
            .unwrap(),
        "an ended job does not end twice"
    );
    store.queue_job(&ctx, job("a3", None)).await.unwrap();

    // Every start and end is audited in the organisation's chain, as the user who asked.
    let entries = store.audit_entries().await.unwrap();
    let of = |action: &str| {
        entries
            .iter()
            .filter(|e| e.action == action && e.chain == "organisation 1")
            .count()
    };
    assert_eq!(of("job.start"), 2);
    assert_eq!(of("job.end"), 1);
    assert!(
        entries
            .iter()
            .any(|e| e.action == "job.end" && e.actor == ctx.actor())
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
}

async fn an_upload_is_sealed_claimed_only_when_complete_and_dropped_at_the_end(db: TestDb) {
    let store = db.store();
    let ctx = member(store, Role::Analyst).await;
    let lease = ("web", now() + 30);
    store.queue_job(&ctx, job("u1", Some(lease))).await.unwrap();
    let secret = b"Maria Lopez, 2016, Female";
    assert!(
        store
            .add_job_chunk("u1", "upload", 0, secret, lease)
            .await
            .unwrap()
    );
    assert!(
        store.claim_job("p1", now() + 30).await.unwrap().is_none(),
        "an upload still arriving is not claimed"
    );
    // Sealed: the database holds no clear text, and a chunk moved elsewhere does not open.
    let clear = "SELECT COUNT(*) FROM job_chunks WHERE data LIKE '%Maria%'";
    assert_eq!(db.scalar(clear).await, 0);
    assert_eq!(db.scalar("SELECT COUNT(*) FROM job_chunks").await, 1);
    db.execute("UPDATE job_chunks SET seq = 1 WHERE job_id = 'u1'")
        .await;
    assert!(matches!(
        store.job_chunk("u1", "upload", 1).await,
        Err(StoreError::Crypto { .. })
    ));
    db.execute("UPDATE job_chunks SET seq = 0 WHERE job_id = 'u1'")
        .await;
    assert_eq!(
        store.job_chunk("u1", "upload", 0).await.unwrap().as_deref(),
        Some(&secret[..])
    );
    assert!(store.job_chunk("u1", "upload", 1).await.unwrap().is_none());

    // Another process may not release it; the receiver does, and then it is claimed.
    assert!(!store.release_job("u1", "other", "{}").await.unwrap());
    assert!(store.release_job("u1", "web", "{\"a\":1}").await.unwrap());
    let claimed = store.claim_job("p1", now() + 30).await.unwrap().unwrap();
    assert_eq!(claimed.params, "{\"a\":1}");
    assert_eq!(
        store
            .renew_job("u1", "p1", now() + 30, "{\"rows\":5}")
            .await
            .unwrap(),
        Some(false)
    );
    assert_eq!(
        store.renew_job("u1", "p2", now() + 30, "{}").await.unwrap(),
        None,
        "only its owner renews a lease"
    );
    store
        .add_job_chunk("u1", "errors", 0, b"file,line\n", ("p1", now() + 30))
        .await
        .unwrap();
    store
        .end_job("u1", "p1", JobState::Succeeded, "{}")
        .await
        .unwrap();
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM job_chunks WHERE job_id = 'u1' AND part = 'upload'")
            .await,
        0,
        "the upload goes when the job ends"
    );
    assert!(store.job_chunk("u1", "errors", 0).await.unwrap().is_some());
    let shown = store.job(&ctx, "u1").await.unwrap();
    assert_eq!(shown.progress, "{\"rows\":5}");
}

async fn a_job_whose_process_went_silent_fails_and_its_upload_goes(db: TestDb) {
    let store = db.store();
    let ctx = member(store, Role::Analyst).await;
    store.queue_job(&ctx, job("r1", None)).await.unwrap();
    store.claim_job("dead", now() + 30).await.unwrap().unwrap();
    // An abandoned upload too: its sender's lease runs out.
    let lease = ("dead", now() + 30);
    store.queue_job(&ctx, job("u2", Some(lease))).await.unwrap();
    store
        .add_job_chunk("u2", "upload", 0, b"half a file", lease)
        .await
        .unwrap();
    assert!(
        store.expired_jobs().await.unwrap().is_empty(),
        "live leases are left alone"
    );
    assert!(!store.fail_expired_job("r1", "{}").await.unwrap());
    db.execute("UPDATE jobs SET lease_until = lease_until - 60")
        .await;
    let expired = store.expired_jobs().await.unwrap();
    let mut ids: Vec<&str> = expired.iter().map(|j| j.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["r1", "u2"]);
    for id in ids {
        let lost = "{\"key\":\"job_lost\"}";
        assert!(store.fail_expired_job(id, lost).await.unwrap());
        assert!(!store.fail_expired_job(id, lost).await.unwrap(), "once");
        let job = store.job(&ctx, id).await.unwrap();
        assert_eq!(job.state().unwrap(), JobState::Failed);
        assert_eq!(job.result.as_deref(), Some(lost));
    }
    assert_eq!(db.scalar("SELECT COUNT(*) FROM job_chunks").await, 0);
    // The dead process can no longer write or end them.
    assert_eq!(
        store.renew_job("r1", "dead", now(), "{}").await.unwrap(),
        None
    );
    assert!(
        !store
            .add_job_chunk("u2", "upload", 1, b"more", lease)
            .await
            .unwrap()
    );
    assert!(
        !store
            .end_job("r1", "dead", JobState::Succeeded, "{}")
            .await
            .unwrap()
    );
}

async fn a_job_is_cancelled_by_its_user_or_an_admin_and_hidden_from_other_organisations(
    db: TestDb,
) {
    let store = db.store();
    let starter = member(store, Role::Analyst).await;
    let colleague = member(store, Role::Analyst).await;
    let admin = member(store, Role::Admin).await;
    store.queue_job(&starter, job("c1", None)).await.unwrap();
    store.queue_job(&starter, job("c2", None)).await.unwrap();
    let refused = store.cancel_job(&colleague, "c1", "{}").await;
    assert!(matches!(refused, Err(StoreError::Forbidden { .. })));
    // A waiting job ends at once.
    assert!(store.cancel_job(&starter, "c1", "{}").await.unwrap());
    assert_eq!(
        store.job(&starter, "c1").await.unwrap().state().unwrap(),
        JobState::Cancelled
    );
    assert!(!store.cancel_job(&starter, "c1", "{}").await.unwrap());
    // A running one is flagged; its process sees it at its next renewal.
    store.claim_job("p1", now() + 30).await.unwrap().unwrap();
    assert!(store.cancel_job(&admin, "c2", "{}").await.unwrap());
    assert_eq!(
        store.renew_job("c2", "p1", now() + 30, "{}").await.unwrap(),
        Some(true)
    );
    // Another organisation's member finds nothing, as for a job that does not exist.
    let blue = store
        .create_organisation(&AccessContext::instance(), "Blue")
        .await
        .unwrap();
    let outsider = AccessContext::member(blue, Role::Admin);
    assert!(matches!(
        store.job(&outsider, "c2").await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.cancel_job(&outsider, "c2", "{}").await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(
        store
            .jobs_of(&outsider, "import", 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.jobs_of(&starter, "import", 10).await.unwrap().len(),
        2
    );
}

async fn errors_files_beyond_the_organisations_cap_go_oldest_first(db: TestDb) {
    let store = db.store();
    let ctx = member(store, Role::Analyst).await;
    for (i, id) in ["e1", "e2", "e3"].into_iter().enumerate() {
        store.queue_job(&ctx, job(id, None)).await.unwrap();
        // Distinct creation times, oldest first.
        db.execute(&format!(
            "UPDATE jobs SET created_at = created_at - {} WHERE id = '{id}'",
            100 - i
        ))
        .await;
        store.claim_job("p", now() + 30).await.unwrap().unwrap();
        store
            .add_job_chunk(id, "errors", 0, &[b'x'; 1000], ("p", now() + 30))
            .await
            .unwrap();
        store
            .end_job(id, "p", JobState::Succeeded, "{}")
            .await
            .unwrap();
    }
    // Sealing adds 40 bytes to each chunk: two fit in 2,100 bytes, three do not.
    store
        .cap_job_errors(DEFAULT_ORGANISATION, 2100)
        .await
        .unwrap();
    let dropped: Vec<bool> = {
        let mut v = Vec::new();
        for id in ["e1", "e2", "e3"] {
            v.push(store.job(&ctx, id).await.unwrap().errors_dropped != 0);
        }
        v
    };
    assert_eq!(dropped, [true, false, false]);
    assert!(store.job_chunk("e1", "errors", 0).await.unwrap().is_none());
    assert!(store.job_chunk("e3", "errors", 0).await.unwrap().is_some());
    // Old jobs are forgotten with their files.
    assert_eq!(store.forget_jobs(now() + 1).await.unwrap(), 3);
    assert_eq!(db.scalar("SELECT COUNT(*) FROM job_chunks").await, 0);
}

/// The system's own work (releases of statistics, triage: queued with no user) takes no place
/// of the organisation's people's work.
async fn the_systems_releases_take_no_place_of_a_persons_work(db: TestDb) {
    let store = db.store();
    let ctx = member(store, Role::Analyst).await;
    let faro = AccessContext::member(DEFAULT_ORGANISATION, Role::Admin).acting_as("faro");
    for (id, kind) in [
        ("s1", "statistics"),
        ("s2", "triage_model"),
        ("s3", "report_triage"),
    ] {
        let system = NewJob {
            kind,
            limit: u32::MAX,
            ..job(id, None)
        };
        store.queue_job(&faro, system).await.unwrap();
    }
    store.queue_job(&ctx, job("a1", None)).await.unwrap();
    store.queue_job(&ctx, job("a2", None)).await.unwrap();
    let third = store.queue_job(&ctx, job("a3", None)).await;
    assert!(
        matches!(third, Err(StoreError::TooManyJobs { limit: 2 })),
        "{third:?}"
    );
}

on_both_backends!(
    the_systems_releases_take_no_place_of_a_persons_work,
    an_organisation_queues_up_to_its_limit_and_each_job_is_claimed_once,
    an_upload_is_sealed_claimed_only_when_complete_and_dropped_at_the_end,
    a_job_whose_process_went_silent_fails_and_its_upload_goes,
    a_job_is_cancelled_by_its_user_or_an_admin_and_hidden_from_other_organisations,
    errors_files_beyond_the_organisations_cap_go_oldest_first,
);
