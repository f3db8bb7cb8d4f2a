//! The Data page in-process: a CTDC file uploaded and imported in the background (progress,
//! summary, formula-safe errors CSV, a second upload skipped), every bad upload refused with
//! nothing imported, exports with the hub's filters, and each deletion behind its
//! confirmation: a source, a record, the whole organisation.

use super::app::{Browser, Reply, TestApp, multipart_named, person, post_multipart, signed_in};
use faro_domain::{AccessContext, Role};
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};

const HEADER: &str = "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation\n";

/// Three good rows and one whose gender is a spreadsheet formula.
fn file_with_a_bad_row() -> String {
    format!(
        "{HEADER}2016,Female,18--20,UA,RU\n2017,Male,,PH,MY\n2018,Female,9--17,NG,IT\n2019,=HYPERLINK(\"x\"),,NG,IT\n"
    )
}

/// Uploads `bytes` as `name` through the form on `/sources`.
async fn upload(b: &mut Browser<'_>, name: &str, layout: &str, bytes: &[u8]) -> Reply {
    let page = b.get("/sources?lang=en").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = b.csrf.clone();
    let body = multipart_named(
        &[("csrf", &csrf), ("layout", layout)],
        &[("file", name, bytes)],
    );
    post_multipart(b, "/sources/import", body).await
}

/// Follows a job's page until its import has ended (the page stops refreshing itself).
async fn ended(b: &mut Browser<'_>, started: &Reply) -> (String, Reply) {
    assert_eq!(started.status, 303, "{}", started.body);
    let to = started.headers["location"].to_str().unwrap().to_string();
    for _ in 0..200 {
        let page = b.get(&to).await;
        assert_eq!(page.status, 200, "{}", page.body);
        if !page.body.contains("http-equiv=\"refresh\"") {
            return (to, page);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import at {to} did not end");
}

async fn an_analyst_imports_a_file_and_downloads_its_errors(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut b = signed_in(&app, Role::Analyst).await;
    let bytes = file_with_a_bad_row();
    let started = upload(&mut b, "../../etc/hotline.csv", "auto", bytes.as_bytes()).await;
    let (job, page) = ended(&mut b, &started).await;
    assert!(
        page.body.contains("4 rows read, 3 imported, 1 rejected"),
        "{}",
        page.body
    );
    let errors = b.get(&format!("{job}/errors.csv")).await;
    assert_eq!(errors.status, 200);
    assert!(
        errors.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    assert!(
        errors.body.starts_with("file,line,column,value,reason"),
        "{}",
        errors.body
    );
    assert!(
        errors.body.contains("hotline.csv,5,gender,"),
        "{}",
        errors.body
    );
    assert!(
        errors.body.contains("'=HYPERLINK"),
        "formula-safe: {}",
        errors.body
    );
    assert!(
        !errors.body.contains("etc/"),
        "the browser's path is not kept"
    );

    // The source is listed under its file's name; the same file again adds nothing.
    let list = b.get("/sources?lang=en").await;
    assert!(list.body.contains("<td>hotline.csv</td>"), "{}", list.body);
    let again = upload(&mut b, "copy.csv", "a", bytes.as_bytes()).await;
    let (_, page) = ended(&mut b, &again).await;
    assert!(
        page.body.contains("already imported as source"),
        "{}",
        page.body
    );
    let store = app.db.store();
    let sources = store.sources(&AccessContext::instance()).await.unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0].rows_imported, 3);
    let audited = store.audit_entries().await.unwrap();
    assert_eq!(audited.iter().filter(|e| e.action == "import").count(), 1);

    // In Spanish and French the summary is in their words.
    let es = b.get(&format!("{job}?lang=es")).await;
    assert!(
        es.body.contains("3 importadas, 1 rechazadas"),
        "{}",
        es.body
    );
    let fr = b.get(&format!("{job}?lang=fr")).await;
    assert!(fr.body.contains("3 importées, 1 rejetées"), "{}", fr.body);
}

async fn a_bad_upload_is_refused_and_imports_nothing(db: TestDb) {
    let app = TestApp::configured(db, |s| s.with_upload_limit(4096)).await;
    let mut b = signed_in(&app, Role::Analyst).await;
    let csrf = {
        b.get("/sources?lang=en").await;
        b.csrf.clone()
    };
    // No file, an empty one, a layout that does not exist: the form again, with why.
    let none = post_multipart(
        &mut b,
        "/sources/import",
        multipart_named(&[("csrf", &csrf)], &[]),
    )
    .await;
    assert_eq!(none.status, 422);
    assert!(
        none.body.contains("Choose a file to import"),
        "{}",
        none.body
    );
    let empty = upload(&mut b, "empty.csv", "auto", b"").await;
    assert_eq!(empty.status, 422);
    let layout = upload(&mut b, "x.csv", "z", file_with_a_bad_row().as_bytes()).await;
    assert_eq!(layout.status, 422);
    assert!(layout.body.contains("Choose a layout"), "{}", layout.body);
    // Not a form at all, or without its token.
    let text = b.post("/sources/import", &[("csrf", &csrf)]).await;
    assert_eq!(text.status, 422, "{}", text.body);
    let forged = post_multipart(
        &mut b,
        "/sources/import",
        multipart_named(&[], &[("file", "x.csv", b"a,b\n")]),
    )
    .await;
    assert_eq!(forged.status, 403);
    // Larger than the instance allows.
    let huge = upload(&mut b, "big.csv", "auto", &vec![b'x'; 8192]).await;
    assert_eq!(huge.status, 413, "{}", huge.body);
    // Columns no layout has: the job says which, and nothing is kept.
    let odd = upload(&mut b, "odd.csv", "auto", b"colour,shape\nred,round\n").await;
    let (_, page) = ended(&mut b, &odd).await;
    assert!(
        page.body.contains("belong to no CTDC layout"),
        "{}",
        page.body
    );
    assert!(page.body.contains("colour, shape"), "{}", page.body);
    let twice = upload(&mut b, "twice.csv", "auto", b"gender,Gender\nFemale,Male\n").await;
    let (_, page) = ended(&mut b, &twice).await;
    assert!(page.body.contains("has a column twice"), "{}", page.body);
    assert!(
        page.body.contains("Nothing from this file was imported"),
        "{}",
        page.body
    );
    assert!(
        app.db
            .store()
            .sources(&AccessContext::instance())
            .await
            .unwrap()
            .is_empty(),
        "nothing imported"
    );
    // Another organisation's job, or none, is not found; a viewer may not upload.
    assert_eq!(b.get("/sources/import/0123abcd").await.status, 404);
    let mut viewer = signed_in(&app, Role::Viewer).await;
    assert_eq!(viewer.get("/sources").await.status, 403);
}

async fn records_are_exported_with_the_hubs_filters(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(3, 2500).await;
    let mut b = signed_in(&app, Role::Analyst).await;
    let count = |pairs: &[(&str, &str)]| {
        let mut filter = faro_domain::Filter::new();
        for (dim, text) in pairs {
            filter
                .add(faro_domain::Dimension::from_id(dim).unwrap(), text)
                .unwrap();
        }
        let store = app.db.store().clone();
        async move {
            store
                .count_matching(&AccessContext::instance(), &filter)
                .await
                .unwrap() as usize
        }
    };
    let expected = count(&[("gender", "female")]).await;
    assert!(expected > 1000, "{expected}");
    let a = b.get("/sources/export/a?gender=female").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        a.body.lines().count(),
        expected + 1,
        "a header and every record"
    );
    assert!(a.body.lines().skip(1).all(|l| l.contains(",Female,")));
    let jsonl = b
        .get("/sources/export/jsonl?gender=female&year=2015..")
        .await;
    let recent = count(&[("gender", "female"), ("year", "2015..")]).await;
    assert_eq!(jsonl.body.lines().count(), recent);
    assert!(
        jsonl
            .body
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
    );
    let exports = app.db.store().audit_entries().await.unwrap();
    let exports: Vec<_> = exports.iter().filter(|e| e.action == "export").collect();
    assert_eq!(exports.len(), 2);
    assert!(
        exports[0]
            .detail
            .contains(&format!("\"records\":{expected}")),
        "{}",
        exports[0].detail
    );
    // A format or filter that does not exist; a viewer.
    assert_eq!(b.get("/sources/export/xlsx").await.status, 404);
    assert_eq!(b.get("/sources/export/a?gender=robot").await.status, 422);
    assert_eq!(b.get("/sources/export/a?colour=red").await.status, 400);
    let mut viewer = signed_in(&app, Role::Viewer).await;
    assert_eq!(viewer.get("/sources/export/a").await.status, 403);
    // The records list links its export with the same filters.
    let list = b.get("/hub/records?gender=female").await;
    assert!(
        list.body
            .contains("href=\"/sources/export/c?gender=female\""),
        "{}",
        list.body
    );
}

async fn each_deletion_asks_first_and_is_audited(db: TestDb) {
    let (app, source) = TestApp::new(db).await.with_records(4, 300).await;
    let store = app.db.store().clone();
    let mut analyst = signed_in(&app, Role::Analyst).await;
    assert_eq!(
        analyst
            .get(&format!("/sources/{source}/delete"))
            .await
            .status,
        403
    );
    let mut b = signed_in(&app, Role::Admin).await;

    // A record: the page asks why; without a reason or the box ticked nothing goes.
    let record = store
        .records(&AccessContext::instance(), &Default::default(), None, 1)
        .await
        .unwrap()[0]
        .id;
    let shown = b.get(&format!("/hub/records/{record}?lang=en")).await;
    assert!(
        shown
            .body
            .contains(&format!("href=\"/hub/records/{record}/erase\""))
    );
    let ask = b.get(&format!("/hub/records/{record}/erase?lang=en")).await;
    assert_eq!(ask.status, 200);
    assert!(ask.body.contains("The person asked for it"), "{}", ask.body);
    let csrf = b.csrf.clone();
    let path = format!("/hub/records/{record}/erase");
    let no_reason = b.post(&path, &[("csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.body.contains("Choose why"), "{}", no_reason.body);
    let unticked = b
        .post(&path, &[("csrf", &csrf), ("reason", "duplicate")])
        .await;
    assert_eq!(unticked.status, 422);
    let made_up = b
        .post(
            &path,
            &[("csrf", &csrf), ("reason", "boredom"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(made_up.status, 422);
    assert!(
        store
            .record(&AccessContext::instance(), record)
            .await
            .is_ok()
    );
    let done = b
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("reason", "subject_request"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        store
            .record(&AccessContext::instance(), record)
            .await
            .is_err()
    );
    let entries = store.audit_entries().await.unwrap();
    let erased = entries.iter().find(|e| e.action == "record.erase").unwrap();
    assert!(erased.detail.contains("subject_request"));

    // A source: the page says how many records go.
    let ask = b.get(&format!("/sources/{source}/delete?lang=en")).await;
    assert!(ask.body.contains("<dd>299</dd>"), "{}", ask.body);
    let path = format!("/sources/{source}/delete");
    let csrf = b.csrf.clone();
    assert_eq!(b.post(&path, &[("csrf", &csrf)]).await.status, 422);
    assert_eq!(
        store
            .sources(&AccessContext::instance())
            .await
            .unwrap()
            .len(),
        1
    );
    let done = b.post(&path, &[("csrf", &csrf), ("confirm", "yes")]).await;
    assert_eq!(done.status, 200);
    assert!(
        done.body
            .contains("The source and its records were deleted"),
        "{}",
        done.body
    );
    assert!(
        store
            .sources(&AccessContext::instance())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        b.post(&path, &[("csrf", &csrf), ("confirm", "yes")])
            .await
            .status,
        404
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
}

async fn an_organisation_leaves_with_its_records_and_its_log(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let ctx = AccessContext::instance();
    let blue = store.create_organisation(&ctx, "Blue").await.unwrap();
    faro_testkit::import_generated_for(&store, blue, 5, 120).await;
    faro_testkit::import_generated_for(&store, DEFAULT_ORGANISATION, 6, 50).await;
    const PASS: &str = "a long pass phrase";
    let email = person(&store, blue, Role::Admin, PASS).await;
    let mut b = Browser::new(&app);
    b.sign_in(&email, PASS, "").await;
    let admin = b.get("/admin?lang=en").await;
    assert!(
        admin.body.contains("href=\"/admin/leave\""),
        "{}",
        admin.body
    );
    let ask = b.get("/admin/leave?lang=en").await;
    assert!(ask.body.contains("<dd>120</dd>"), "{}", ask.body);
    let records = b.get("/sources/export/jsonl").await;
    assert_eq!(records.body.lines().count(), 120);
    let chain = b.get("/admin/audit.jsonl").await;
    let first: serde_json::Value =
        serde_json::from_str(chain.body.lines().next().unwrap()).unwrap();
    assert_eq!(first["seq"], 1, "oldest first");
    assert_eq!(first["chain"], format!("organisation {}", blue.0));

    let csrf = b.csrf.clone();
    let wrong = b
        .post(
            "/admin/leave",
            &[("csrf", &csrf), ("name", "Red"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.body.contains("Type the organisation"),
        "{}",
        wrong.body
    );
    assert!(store.organisation(blue).await.is_ok());
    let gone = b
        .post(
            "/admin/leave",
            &[("csrf", &csrf), ("name", "Blue"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(gone.status, 200, "{}", gone.body);
    assert!(
        gone.body.contains("The organisation was removed"),
        "{}",
        gone.body
    );
    assert!(!gone.body.contains(&email), "shown as signed out");
    assert_eq!(
        b.get("/admin").await.status,
        303,
        "the session went with its user"
    );
    assert!(store.organisation(blue).await.is_err());
    let left = store.sources(&ctx).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].organisation, DEFAULT_ORGANISATION);
    let entries = store.audit_entries().await.unwrap();
    let closing = entries
        .iter()
        .rfind(|e| e.chain == format!("organisation {}", blue.0))
        .unwrap();
    assert_eq!(closing.action, "organisation.remove");
    assert!(
        closing.detail.contains("\"records\":120"),
        "{}",
        closing.detail
    );
    assert!(
        store.verify_audit().await.unwrap().is_ok(),
        "the closed chain still verifies"
    );
    // The default organisation's admins are not offered to leave.
    let mut own = signed_in(&app, Role::Admin).await;
    assert!(!own.get("/admin").await.body.contains("/admin/leave\""));
    let refused = own.get("/admin/leave?lang=en").await;
    assert_eq!(refused.status, 409);
    assert!(
        refused.body.contains("cannot be removed"),
        "{}",
        refused.body
    );
}

/// Jobs wait when no process runs them (a web-only process: `run_at_once = 0`), one more
/// than the organisation's limit is refused in words, and a waiting job is cancelled by the
/// user who started it or an admin, never by a colleague.
async fn jobs_wait_are_limited_per_organisation_and_cancelled_by_their_owner(db: TestDb) {
    let limits = faro_web::jobs::Limits {
        per_organisation: 1,
        at_once: 0,
        ..Default::default()
    };
    let app = TestApp::configured(db, |s| s.with_job_limits(limits)).await;
    let mut b = signed_in(&app, Role::Analyst).await;
    let first = upload(&mut b, "one.csv", "auto", file_with_a_bad_row().as_bytes()).await;
    assert_eq!(first.status, 303, "{}", first.body);
    let job = first.headers["location"].to_str().unwrap().to_string();
    let page = b.get(&format!("{job}?lang=en")).await;
    assert!(
        page.body.contains("Waiting for a free server"),
        "{}",
        page.body
    );
    let list = b.get("/sources?lang=en").await;
    assert!(list.body.contains(">waiting<"), "{}", list.body);

    // One more is refused, in the reader's language, and nothing of it is stored.
    for (lang, words) in [
        ("en", "already has 1 imports or releases under way"),
        ("es", "ya tiene 1 importaciones o publicaciones en curso"),
    ] {
        b.get(&format!("/sources?lang={lang}")).await;
        let csrf = b.csrf.clone();
        let body = multipart_named(
            &[("csrf", &csrf), ("layout", "auto")],
            &[("file", "two.csv", b"a,b\n")],
        );
        let refused = post_multipart(&mut b, "/sources/import", body).await;
        assert_eq!(refused.status, 429, "{}", refused.body);
        assert!(refused.body.contains(words), "{}", refused.body);
    }
    assert_eq!(app.db.scalar("SELECT COUNT(*) FROM jobs").await, 1);

    // A colleague may not cancel it; the user who started it may.
    let mut colleague = signed_in(&app, Role::Analyst).await;
    let seen = colleague.get(&format!("{job}?lang=en")).await;
    assert_eq!(seen.status, 200, "the organisation's jobs are its members'");
    assert!(!seen.body.contains("id=\"cancel-job\""), "{}", seen.body);
    let csrf = colleague.csrf.clone();
    let refused = colleague
        .post(&format!("{job}/cancel"), &[("csrf", &csrf)])
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let page = b.get(&format!("{job}?lang=fr")).await;
    assert!(page.body.contains("id=\"cancel-job\""), "{}", page.body);
    let csrf = b.csrf.clone();
    let cancelled = b.post(&format!("{job}/cancel"), &[("csrf", &csrf)]).await;
    assert_eq!(cancelled.status, 303, "{}", cancelled.body);
    let page = b.get(&format!("{job}?lang=fr")).await;
    assert!(page.body.contains("Annulé."), "{}", page.body);
    assert!(!page.body.contains("http-equiv=\"refresh\""));
    assert_eq!(
        app.db
            .scalar("SELECT COUNT(*) FROM job_chunks WHERE part = 'upload'")
            .await,
        0,
        "a cancelled upload is dropped"
    );
    // The place is free again.
    let again = upload(
        &mut b,
        "three.csv",
        "auto",
        file_with_a_bad_row().as_bytes(),
    )
    .await;
    assert_eq!(again.status, 303, "{}", again.body);
}

/// A streamed upload's token must come first: a form that sends its file before the token
/// is refused before any of the file is stored.
async fn an_upload_whose_token_does_not_come_first_is_refused(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut b = signed_in(&app, Role::Analyst).await;
    b.get("/sources?lang=en").await;
    let csrf = b.csrf.clone();
    let mut body = multipart_named(&[], &[("file", "x.csv", file_with_a_bad_row().as_bytes())]);
    // The token after the file.
    let tail = multipart_named(&[("csrf", &csrf)], &[]);
    let end = format!("--{}--\r\n", super::app::BOUNDARY);
    body.truncate(body.len() - end.len());
    body.extend_from_slice(&tail);
    let refused = post_multipart(&mut b, "/sources/import", body).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let wrong = multipart_named(&[("csrf", "not-the-token")], &[("file", "x.csv", b"a,b\n")]);
    let forged = post_multipart(&mut b, "/sources/import", wrong).await;
    assert_eq!(forged.status, 403, "{}", forged.body);
    let long = "x".repeat(100_000);
    let huge_token = multipart_named(&[("csrf", &long)], &[("file", "x.csv", b"a,b\n")]);
    let forged = post_multipart(&mut b, "/sources/import", huge_token).await;
    assert_eq!(forged.status, 403, "{}", forged.body);
    // A layout part longer than any layout code is refused unread, in words.
    b.get("/sources?lang=en").await;
    let csrf = b.csrf.clone();
    let huge_layout = multipart_named(
        &[("csrf", &csrf), ("layout", &long)],
        &[("file", "x.csv", b"a,b\n")],
    );
    let refused = post_multipart(&mut b, "/sources/import", huge_layout).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("Choose a layout"), "{}", refused.body);
    assert_eq!(app.db.scalar("SELECT COUNT(*) FROM jobs").await, 0);
    assert_eq!(app.db.scalar("SELECT COUNT(*) FROM job_chunks").await, 0);
}

/// An upload over a slow link outlives its lease's length: what has arrived is stored, and
/// the lease renewed, before the lease would run out, so no process takes it for dead.
async fn a_slow_upload_keeps_its_lease(db: TestDb) {
    let limits = faro_web::jobs::Limits {
        lease: std::time::Duration::from_secs(3),
        at_once: 0,
        ..Default::default()
    };
    let jobs = faro_web::jobs::Jobs::new(db.store().clone(), limits);
    let ctx = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst);
    // Five pieces, 1.1 s apart: 5.5 s in all, longer than the lease.
    let file = file_with_a_bad_row().into_bytes();
    let pieces: Vec<Vec<u8>> = file
        .chunks(file.len() / 5 + 1)
        .map(<[u8]>::to_vec)
        .collect();
    let slow = futures_util::stream::unfold(pieces.into_iter(), |mut rest| async move {
        let piece = rest.next()?;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        Some((Ok::<_, std::io::Error>(piece), rest))
    });
    let lang = faro_i18n::Lang::REFERENCE;
    let params = faro_web::imports::Params {
        file_name: "slow.csv".into(),
        layout: String::new(),
        ignore_columns: Vec::new(),
        sha256: String::new(),
        size: 0,
    };
    let id = faro_web::imports::receive(
        &jobs,
        &ctx,
        (faro_web::jobs::Kind::Import, lang),
        params,
        Box::pin(slow),
    )
    .await
    .expect("the slow upload is stored");
    let job = db.store().job(&ctx, &id).await.unwrap();
    assert_eq!(job.state().unwrap(), faro_store::JobState::Queued);
    assert!(!job.receiving(), "complete, waiting for a runner");
    assert!(
        db.scalar("SELECT COUNT(*) FROM job_chunks WHERE part = 'upload'")
            .await
            > 1,
        "stored in pieces as they came"
    );
}

/// A file with columns that are not CTDC's (a named one and an unnamed one) is refused with
/// their names; sent again with them to skip, as the CLI's `--ignore-column` does, it imports.
async fn columns_named_on_the_form_are_skipped(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut b = signed_in(&app, Role::Analyst).await;
    let header = HEADER.trim_end().replacen(',', ",caseworker,", 1);
    let rows = "2016,Ana,Female,18--20,UA,RU\n2017,Luis,Male,,PH,MY\n";
    let file = format!(",{header}\n")
        + &rows
            .lines()
            .enumerate()
            .map(|(i, r)| format!("{i},{r}\n"))
            .collect::<String>();
    let refused = upload(&mut b, "extra.csv", "auto", file.as_bytes()).await;
    let (_, page) = ended(&mut b, &refused).await;
    assert!(page.body.contains("caseworker"), "{}", page.body);
    assert!(page.body.contains("(unnamed column 1)"), "{}", page.body);
    let csrf = b.csrf.clone();
    let body = multipart_named(
        &[
            ("csrf", &csrf),
            ("layout", "auto"),
            ("ignore", " caseworker , "),
            ("ignore_unnamed", "1"),
        ],
        &[("file", "extra.csv", file.as_bytes())],
    );
    let started = post_multipart(&mut b, "/sources/import", body).await;
    let (_, page) = ended(&mut b, &started).await;
    assert!(page.body.contains("2 imported"), "{}", page.body);
    let long = "x,".repeat(3000);
    let body = multipart_named(
        &[("csrf", &csrf), ("layout", "auto"), ("ignore", &long)],
        &[("file", "extra.csv", file.as_bytes())],
    );
    let too_long = post_multipart(&mut b, "/sources/import", body).await;
    assert_eq!(too_long.status, 422);
    assert!(
        too_long
            .body
            .contains("The list of columns to skip is too long")
    );
}

on_both_backends!(
    a_slow_upload_keeps_its_lease,
    jobs_wait_are_limited_per_organisation_and_cancelled_by_their_owner,
    an_upload_whose_token_does_not_come_first_is_refused,
    an_analyst_imports_a_file_and_downloads_its_errors,
    columns_named_on_the_form_are_skipped,
    a_bad_upload_is_refused_and_imports_nothing,
    records_are_exported_with_the_hubs_filters,
    each_deletion_asks_first_and_is_audited,
    an_organisation_leaves_with_its_records_and_its_log,
);
