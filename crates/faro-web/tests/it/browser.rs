//! Pages in a real headless browser (Debian's chromium, driven by playwright-core from `e2e/`),
//! against the real server on a free port. `scripts/test-setup.sh` installs both.

use super::app::{TestApp, person};
use faro_testkit::TestDb;
use std::path::Path;
use std::process::Command;

const PASSWORD: &str = "a long pass phrase";

/// A new member of the default organisation in `role` whose password is [`PASSWORD`]; their
/// e-mail.
async fn member(app: &TestApp, role: faro_domain::Role) -> String {
    person(
        app.db.store(),
        faro_store::DEFAULT_ORGANISATION,
        role,
        PASSWORD,
    )
    .await
}

/// Serves `app`'s database on a free port, runs `e2e/<script>` with the URL, `args` and a
/// screenshot folder, and fails with the script's own report; copies the screenshots to
/// `FARO_SCREENSHOTS` when set. Returns what the script printed.
async fn run_in_browser(app: &TestApp, script: &str, args: &[&str], shots: &[&str]) -> String {
    run_configured_in_browser(app, |s| s, script, args, shots).await
}

/// As [`run_in_browser`], over a state changed by `configure`.
async fn run_configured_in_browser(
    app: &TestApp,
    configure: impl FnOnce(faro_web::AppState) -> faro_web::AppState,
    script: &str,
    args: &[&str],
    shots: &[&str],
) -> String {
    let server = Served::start(configure(faro_web::AppState::new(app.db.store().clone()))).await;
    let said = node(script, &[&server.url], args, shots);
    server.stop().await;
    said
}

/// One Faro server on a free port, until stopped.
struct Served {
    url: String,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Served {
    async fn start(state: faro_web::AppState) -> Served {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(faro_web::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Served { url, stop, server }
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        self.server.await.unwrap().unwrap();
    }
}

/// Runs `e2e/<script>` with the servers' URLs, `args` and a screenshot folder (see
/// [`run_in_browser`]).
fn node(script: &str, urls: &[&str], args: &[&str], shots: &[&str]) -> String {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e");
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("node")
        .arg(e2e.join(script))
        .args(urls)
        .args(args)
        .arg(dir.path())
        .current_dir(&e2e)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run node ({e}): run `bash scripts/test-setup.sh` first")
        });
    assert!(
        out.status.success(),
        "browser check failed (if playwright-core or chromium is missing, run `bash scripts/test-setup.sh`):\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for name in shots {
        assert!(dir.path().join(name).exists(), "no screenshot {name}");
        if let Ok(to) = std::env::var("FARO_SCREENSHOTS") {
            std::fs::copy(dir.path().join(name), Path::new(&to).join(name)).unwrap();
        }
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_and_the_home_page_work_in_a_real_browser_in_both_languages_with_and_without_javascript()
 {
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(6, 321)
        .await;
    let email = member(&app, faro_domain::Role::Analyst).await;
    run_in_browser(
        &app,
        "home.mjs",
        &[&email, PASSWORD, "321"],
        &[
            "home-en.png",
            "home-fr.png",
            "home-es.png",
            "menu-es.png",
            "account-es.png",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_a_user_and_reads_the_audit_log_in_a_real_browser() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let email = member(&app, faro_domain::Role::Admin).await;
    run_in_browser(
        &app,
        "admin.mjs",
        &[&email, PASSWORD],
        &["admin-en.png", "audit-en.png"],
    )
    .await;
    let created = app
        .db
        .store()
        .user("new-with-js@test.invalid")
        .await
        .unwrap();
    assert_eq!(created.role, faro_domain::Role::Operator);
    app.db
        .store()
        .user("new-without-js@test.invalid")
        .await
        .unwrap();
}

/// A JPEG whose EXIF block holds a GPS position and a camera serial, as a phone's would.
fn photo_with_location(dir: &Path) -> std::path::PathBuf {
    use image::ImageEncoder;
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut plain)
        .write_image(img.as_raw(), 64, 48, image::ExtendedColorType::Rgb8)
        .unwrap();
    let exif =
        b"Exif\0\0II*\0\x08\0\0\0GPSLatitude 38.7223 N GPSLongitude 9.1393 W CameraSerial 99";
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(exif);
    out.extend_from_slice(&plain[2..]);
    let path = dir.join("market.jpg");
    std::fs::write(&path, out).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_goes_from_the_public_form_to_a_promoted_record_in_a_real_browser() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let store = app.db.store().clone();
    let email = person(
        &store,
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Operator,
        PASSWORD,
    )
    .await;
    let files = tempfile::tempdir().unwrap();
    let photo = photo_with_location(files.path());
    // A text message already in the inbox, from a gateway whose outbound API is faked here.
    let (gateway, outbound) = super::channels::fake_http().await;
    let channels = super::channels::channels(&gateway);
    let sender = faro_store::Sender {
        number: "+351912345678",
        gateway: "tw",
    };
    let raw = faro_domain::report::RawReport {
        what: "Mensaje: trabajadores en la finca".into(),
        contact: "phone".into(),
        contact_detail: "+351912345678".into(),
        ..Default::default()
    };
    let draft =
        faro_domain::report::ReportDraft::parse(&raw, faro_domain::report::Channel::Sms, "es")
            .unwrap();
    store
        .submit_report(
            &faro_domain::AccessContext::anonymous(),
            faro_store::DEFAULT_ORGANISATION,
            &draft,
            &[],
            Some(sender),
            None,
        )
        .await
        .unwrap();
    let printed = run_configured_in_browser(
        &app,
        |s| s.with_gateways(channels),
        "report.mjs",
        &[&email, PASSWORD, photo.to_str().unwrap()],
        &[
            "report-es-start.png",
            "report-es-form.png",
            "report-es-receipt.png",
            "report-fr-form.png",
            "report-fr-receipt.png",
            "follow-up-en.png",
            "follow-up-answer-es.png",
            "inbox-en.png",
            "inbox-report-en.png",
            "inbox-call-en.png",
            "inbox-sms-en.png",
        ],
    )
    .await;
    let line = printed.lines().find(|l| l.starts_with('{')).unwrap();
    let seen: serde_json::Value = serde_json::from_str(line).unwrap();
    let code =
        |k: &str| faro_domain::report::ReceiptCode::parse(seen[k].as_str().unwrap()).unwrap();
    let first = store
        .report_id_by_receipt(&code("first"))
        .await
        .unwrap()
        .unwrap();
    let second = store
        .report_id_by_receipt(&code("second"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen["firstId"], first.to_string());
    let ctx = faro_domain::AccessContext::member(
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Admin,
    );
    let one = store.report(&ctx, first).await.unwrap();
    assert_eq!(
        one.summary.status,
        faro_domain::report::ReportStatus::Promoted
    );
    assert!(one.summary.urgent && one.summary.record_id.is_some());
    assert_eq!(one.summary.language, "es");
    let kinds: Vec<_> = one.messages.iter().map(|m| m.author.as_str()).collect();
    assert_eq!(kinds.len(), 4, "report, question, answer, reply: {kinds:?}");
    let two = store.report(&ctx, second).await.unwrap();
    assert_eq!(two.summary.duplicate_of, Some(first));
    assert_eq!(two.summary.language, "fr");
    // Marked on the map (JavaScript on) in the middle of Portugal, where it opens.
    let point = two.summary.point.expect("a point from the map");
    let portugal = faro_domain::Country::from_alpha2("PT").unwrap().info();
    assert!(
        (point.lat - portugal.lat).abs() < 1.0 && (point.lon - portugal.lon).abs() < 1.0,
        "{point:?}"
    );
    // The photo lost its location and every other metadata on the way in.
    let stored = store
        .attachment(&ctx, first, one.messages[0].attachments[0])
        .await
        .unwrap();
    for marker in [&b"GPSLatitude"[..], b"CameraSerial", b"Exif"] {
        assert!(!stored.bytes.windows(marker.len()).any(|w| w == marker));
    }
    assert_eq!(
        app.db
            .scalar("SELECT COUNT(*) FROM reports WHERE channel = 'phone'")
            .await,
        1
    );
    // The operator's answer to the text message left through the gateway.
    let sent = outbound.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].body.contains("To=%2B351912345678"),
        "{}",
        sent[0].body
    );
    assert!(
        sent[0].body.contains("Body=Gracias+por+escribir"),
        "{}",
        sent[0].body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_filters_drills_down_and_prints_the_hub_in_a_real_browser() {
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(12, 4000)
        .await;
    for i in 0..3 {
        faro_testkit::submit_report_at(
            app.db.store(),
            faro_store::DEFAULT_ORGANISATION,
            13.75 + f64::from(i) * 0.01,
            100.5,
        )
        .await;
    }
    let email = member(&app, faro_domain::Role::Analyst).await;
    run_in_browser(
        &app,
        "hub.mjs",
        &[&email, PASSWORD],
        &[
            "hub-en-js.png",
            "hub-fr-nojs.png",
            "records-fr-nojs.png",
            "hub-map-zoomed.png",
            "brief-es-print.png",
        ],
    )
    .await;
}

/// The Data page in a real browser: a CTDC file of a few thousand rows (some malformed)
/// uploaded and followed to its summary, its errors CSV downloaded, the same file skipped,
/// the records exported, the source deleted after its confirmation; in three languages,
/// with and without JavaScript.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_imports_exports_and_deletes_a_source_in_a_real_browser() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hotline-2024.csv");
    let summary = faro_formats::fictitious::generate(
        std::fs::File::create(&file).unwrap(),
        &faro_formats::fictitious::GenerateOptions {
            rows: 3000,
            seed: 17,
            dirty: 0.01,
            format: faro_formats::ExportFormat::CsvA,
        },
    )
    .unwrap();
    assert!(summary.dirty_rows > 10, "{summary:?}");
    let email = member(&app, faro_domain::Role::Admin).await;
    let imported = (summary.rows - summary.dirty_rows).to_string();
    run_in_browser(
        &app,
        "sources.mjs",
        &[
            &email,
            PASSWORD,
            file.to_str().unwrap(),
            &imported,
            &summary.dirty_rows.to_string(),
        ],
        &[
            "import-en-js.png",
            "sources-en-js.png",
            "import-again-es-nojs.png",
            "delete-fr-js.png",
            "deleted-fr-js.png",
        ],
    )
    .await;
    assert!(
        app.db
            .store()
            .sources(&faro_domain::AccessContext::instance())
            .await
            .unwrap()
            .is_empty(),
        "the browser deleted the source"
    );
}

/// Publishing in a real browser: a hub selection published from its records list, the release
/// followed to its end and made public, then read on /data without signing in; in three
/// languages, with and without JavaScript.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_publishes_a_selection_that_anyone_can_then_download_in_a_real_browser() {
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(5, 1500)
        .await;
    let email = member(&app, faro_domain::Role::Admin).await;
    run_in_browser(
        &app,
        "releases.mjs",
        &[&email, PASSWORD],
        &[
            "releases-en-js.png",
            "release-job-en-js.png",
            "data-fr-nojs.png",
            "release-fr-nojs.png",
            "releases-es-js.png",
        ],
    )
    .await;
    let public = app.db.store().public_releases().await.unwrap();
    assert_eq!(public.len(), 1, "the browser made the release public");
}

/// Every public page at 320 and 390 px, in three languages, with and without JavaScript, is no
/// wider than the screen and keeps the way out on it (a mistyped address's page and a fresh
/// receipt included), and axe-core finds no serious or critical violation on it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_public_page_fits_a_phone_in_every_language() {
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(4, 1500)
        .await;
    // A public release, so that its page (charts, map, datasheet) is measured too.
    let store = app.db.store();
    let org = faro_store::DEFAULT_ORGANISATION;
    let dir = tempfile::tempdir().unwrap();
    let options = faro_web::publish::Options {
        k: 5,
        epsilon: 1.0,
        kanon: true,
        synthetic: false,
        dp: true,
        budget: 5.0,
        lang: faro_i18n::Lang::REFERENCE,
        this_year: 2026,
    };
    let analyst = faro_domain::AccessContext::member(org, faro_domain::Role::Analyst);
    let filter = faro_domain::Filter::new();
    let published = faro_web::publish::publish(
        store,
        &analyst,
        (org, "Default"),
        &filter,
        &options,
        dir.path(),
    )
    .await
    .expect("a release");
    let admin = faro_domain::AccessContext::member(org, faro_domain::Role::Admin);
    store
        .set_release_public(&admin, org, published.release, true)
        .await
        .expect("made public");
    let release = published.release.to_string();
    let said = run_in_browser(
        &app,
        "widths.mjs",
        &[&release],
        &["report_danger_no-fr.png", "reporte-es.png"],
    )
    .await;
    assert!(
        said.contains("no serious or critical axe-core violation"),
        "{said}"
    );
}

/// Every staff page, as an admin with records and reports reads it, at 390 and 1280 px in
/// three languages: no serious or critical axe-core violation, no page wider than the screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_page_passes_axe_and_fits_a_phone_in_every_language() {
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(7, 2000)
        .await;
    let store = app.db.store();
    let org = faro_store::DEFAULT_ORGANISATION;
    let report = faro_testkit::submit_web_report(store, org, "Men kept in the packing shed", "")
        .await
        .id;
    let admin = faro_domain::AccessContext::member(org, faro_domain::Role::Admin);
    let first = store
        .records(&admin, &faro_domain::Filter::new(), None, 1)
        .await
        .expect("a page of records");
    let record = first[0].id.to_string();
    let email = member(&app, faro_domain::Role::Admin).await;
    let case = super::words::words_case(store, &admin).await.to_string();
    let said = run_in_browser(
        &app,
        "staff.mjs",
        &[&email, PASSWORD, &report.to_string(), &record, &case],
        &["staff-hub.png", "staff-inbox.png", "staff-sources.png"],
    )
    .await;
    assert!(said.contains("every staff page passes axe-core"), "{said}");
}

/// The inbox as an operator works it on a 390-px phone in French, with and without JavaScript:
/// their display name on their account, previews, two reports given to a colleague at once,
/// a report's place on its small map, a note signed with their name; axe-core on the pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_works_the_inbox_on_a_phone_in_a_real_browser() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let store = app.db.store();
    let org = faro_store::DEFAULT_ORGANISATION;
    for i in 0..3 {
        faro_testkit::submit_report_at(store, org, 38.72 + f64::from(i) * 0.01, -9.14).await;
    }
    let colleague = member(&app, faro_domain::Role::Admin).await;
    let name = faro_domain::DisplayName::parse("Inès (coordination)").expect("a name");
    let instance = faro_domain::AccessContext::instance();
    store
        .set_display_name(&instance, &colleague, &name)
        .await
        .expect("named");
    let email = member(&app, faro_domain::Role::Operator).await;
    run_in_browser(
        &app,
        "inbox.mjs",
        &[&email, PASSWORD, name.as_str()],
        &["inbox-fr-nojs.png", "report-fr-js.png"],
    )
    .await;
}

/// A report's suggestions in a real browser (`e2e/triage.mjs`), in three languages, with
/// JavaScript on a desktop and without on a phone: the inbox list filtered by what triage
/// suggested; the verdict, suggested codes with the words behind each highlighted in the text,
/// personal data marked; accepted in one click and then corrected in the codes form, the
/// correction kept; masked for an analyst.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_accepts_and_corrects_suggestions_in_a_real_browser() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let what = "Mi vecina tiene una muchacha de Honduras que trabaja de interna desde las 6 hasta medianoche. Le quitaron el pasaporte y no la dejan salir. Se llama Rosa Quispe, su teléfono es 655 203 118.";
    let id =
        faro_testkit::submit_web_report(app.db.store(), faro_store::DEFAULT_ORGANISATION, what, "")
            .await
            .id;
    super::triage::triaged_by_a_runner(&app, 1).await;
    let operator = member(&app, faro_domain::Role::Operator).await;
    let analyst = member(&app, faro_domain::Role::Analyst).await;
    run_in_browser(
        &app,
        "triage.mjs",
        &[&operator, &analyst, PASSWORD, &id.to_string()],
        &[
            "inbox-suggested-fr-390-nojs.png",
            "suggestions-en-1280-js.png",
            "suggestions-es-390-nojs.png",
            "suggestions-fr-390-js.png",
            "suggestions-es-1280-js.png",
            "suggestions-fr-1280-nojs.png",
            "suggestions-en-390-nojs.png",
            "suggestions-analyst-es-390-nojs.png",
        ],
    )
    .await;
}

/// Case management in a real browser, in three languages, without and with JavaScript, on a
/// desktop and a phone: from a report to a closure approved by a supervisor, an overdue task
/// first, a second editor refused (`e2e/cases.mjs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_goes_from_a_report_to_its_closure_in_a_real_browser() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let store = app.db.store();
    let org = faro_store::DEFAULT_ORGANISATION;
    let report =
        faro_testkit::submit_web_report(store, org, "A girl is kept in a bar", "Tegucigalpa")
            .await
            .id;
    let operator = member(&app, faro_domain::Role::Operator).await;
    let supervisor = member(&app, faro_domain::Role::Caseworker).await;
    let worker = member(&app, faro_domain::Role::Caseworker).await;
    let instance = faro_domain::AccessContext::instance();
    let name = faro_domain::DisplayName::parse("Inès (cases)").expect("a name");
    store
        .set_display_name(&instance, &worker, &name)
        .await
        .expect("named");
    let team = store
        .create_team(
            &instance,
            org,
            &faro_domain::DisplayName::parse("North").expect("a name"),
        )
        .await
        .expect("a team");
    for (email, supervises) in [(&supervisor, true), (&worker, false)] {
        let id = store.user(email).await.expect("the user").id;
        store
            .set_team_member(&instance, team, id, Some(supervises))
            .await
            .expect("a member");
    }
    let said = run_in_browser(
        &app,
        "cases.mjs",
        &[
            &operator,
            &supervisor,
            &worker,
            PASSWORD,
            &report.to_string(),
            name.as_str(),
            "North",
        ],
        &[
            "cases-en-nojs-1280.png",
            "case-fr-js-1280.png",
            "cases-es-js-390.png",
            "summary-fr-nojs-390.png",
            "summary-en-nojs-1280.png",
        ],
    )
    .await;
    assert!(said.contains("three languages"), "{said}");
}

/// The directory and referrals in a real browser, in three languages, without and with
/// JavaScript, on a desktop and a phone: an HSDS feed imported from the directory's page by
/// an admin, a shelter found near Madrid on the map, a consented
/// case referred to the organisation keeping it, accepted, served and done, seen done by the
/// sender; a referral without consent refused and sent by a supervisor's override; an external
/// referral's letter in the provider's and the person's languages (`e2e/referrals.mjs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shelter_is_found_and_a_case_referred_in_a_real_browser() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let store = app.db.store();
    let instance = faro_domain::AccessContext::instance();
    let blue = store
        .create_organisation(&instance, "Refugio Azul")
        .await
        .expect("an organisation");
    let options = faro_store::DirectoryImportOptions {
        audience: faro_domain::directory::Audience::Partners,
        mark_vanished: false,
    };
    let shelter = super::directory::entry(70, "partners", "confidential", "Calle Oculta 7");
    store
        .import_directory(&instance, blue, &[shelter], options)
        .await
        .expect("imported");
    let worker = member(&app, faro_domain::Role::Caseworker).await;
    let supervisor = member(&app, faro_domain::Role::Admin).await;
    let receiver = person(store, blue, faro_domain::Role::Caseworker, PASSWORD).await;
    let id = store.user(&worker).await.expect("the worker").id;
    let ctx = faro_domain::AccessContext::member(
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Caseworker,
    )
    .for_user(id)
    .acting_as(format!("user {id}"));
    let mut consented = Vec::new();
    let mut bare = Vec::new();
    for i in 0..4 {
        for (list, consents) in [
            (
                &mut consented,
                &[
                    faro_domain::case::ConsentPurpose::Referral,
                    faro_domain::case::ConsentPurpose::ShareIdentity,
                ][..],
            ),
            (&mut bare, &[][..]),
        ] {
            let person = faro_domain::case::person::Person {
                names: vec![format!("Aïcha Benali {i}")],
                languages: vec!["fr".into()],
                ..Default::default()
            };
            let new = faro_store::NewCase {
                person,
                report: None,
                record: None,
            };
            let case = store.open_case(&ctx, new).await.expect("a case");
            for purpose in consents {
                let consent = faro_store::ConsentInput {
                    purpose: *purpose,
                    state: faro_domain::case::ConsentState::Given,
                    means: faro_domain::case::ConsentMeans::Spoken,
                    until: None,
                    partners: Vec::new(),
                    given_by: None,
                };
                store
                    .record_consent(&ctx, case, consent)
                    .await
                    .expect("consent");
            }
            list.push(case.to_string());
        }
    }
    let folder = tempfile::tempdir().expect("a folder");
    let feed = folder.path().join("services.json");
    let services: Vec<_> = faro_hsds::fictitious::services(3, 11).collect();
    let page = faro_hsds::write::page(services, 3, 1, 1);
    std::fs::write(&feed, serde_json::to_vec(&page).expect("json")).expect("the feed");
    let said = run_in_browser(
        &app,
        "referrals.mjs",
        &[
            &worker,
            &supervisor,
            &receiver,
            PASSWORD,
            &consented.join(","),
            &bare.join(","),
            &feed.display().to_string(),
        ],
        &[
            "directory-import-en-nojs-1280.png",
            "directory-en-nojs-1280.png",
            "directory-es-js-390.png",
            "referral-in-fr-nojs-390.png",
            "letter-fr-js-1280.png",
        ],
    )
    .await;
    assert!(said.contains("three languages"), "{said}");
}

/// A referral between two Faro instances in a real browser (`e2e/exchange.mjs`): each
/// instance's admin copies its card into the other's Instances page and the fingerprints
/// match; then, in three languages, with JavaScript on and off, on a desktop and a phone, a
/// case worker of the first refers a consented case to a provider on the second and
/// downloads the package, and a case worker of the second imports it (once: a second import
/// is refused), reads what was shared and accepts it into a case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_referral_package_moves_between_two_instances_in_a_real_browser() {
    let madrid = TestApp::new(TestDb::sqlite().await).await;
    let lisboa = TestApp::new(TestDb::sqlite().await).await;
    let madrid_admin = member(&madrid, faro_domain::Role::Admin).await;
    let worker = member(&madrid, faro_domain::Role::Caseworker).await;
    let lisboa_admin = member(&lisboa, faro_domain::Role::Admin).await;
    let receiver = member(&lisboa, faro_domain::Role::Caseworker).await;
    let store = madrid.db.store();
    let id = store.user(&worker).await.expect("the worker").id;
    let ctx = faro_domain::AccessContext::member(
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Caseworker,
    )
    .for_user(id)
    .acting_as(format!("user {id}"));
    let mut cases = Vec::new();
    for i in 0..4 {
        let new = faro_store::NewCase {
            person: faro_domain::case::person::Person {
                names: vec![format!("Aïcha Benali {i}")],
                languages: vec!["fr".into()],
                ..Default::default()
            },
            report: None,
            record: None,
        };
        let case = store.open_case(&ctx, new).await.expect("a case");
        for purpose in [
            faro_domain::case::ConsentPurpose::Referral,
            faro_domain::case::ConsentPurpose::ShareIdentity,
        ] {
            let consent = faro_store::ConsentInput {
                purpose,
                state: faro_domain::case::ConsentState::Given,
                means: faro_domain::case::ConsentMeans::Spoken,
                until: None,
                partners: Vec::new(),
                given_by: None,
            };
            store
                .record_consent(&ctx, case, consent)
                .await
                .expect("consent");
        }
        cases.push(case.to_string());
    }
    let first = Served::start(faro_web::AppState::new(store.clone())).await;
    let second = Served::start(faro_web::AppState::new(lisboa.db.store().clone())).await;
    let said = node(
        "exchange.mjs",
        &[&first.url, &second.url],
        &[
            &madrid_admin,
            &worker,
            &lisboa_admin,
            &receiver,
            PASSWORD,
            &cases.join(","),
        ],
        &[
            "instances-en-js-1280.png",
            "received-fr-nojs-390.png",
            "received-es-js-390.png",
        ],
    );
    first.stop().await;
    second.stop().await;
    assert!(said.contains("three languages"), "{said}");
}

/// A provider's yearly update in a real browser: the admin makes a link, the provider signed
/// out is told a bad e-mail beside its field, sends once, and the admin accepts the change; in
/// three languages, with and without JavaScript, on a desktop and a phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_checks_its_entry_through_a_link_in_a_real_browser() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    super::directory_updates::import_shelter(&app).await;
    let admin = member(&app, faro_domain::Role::Admin).await;
    let said = run_in_browser(
        &app,
        "directory_update.mjs",
        &[&admin, PASSWORD, super::directory_updates::SERVICE],
        &[
            "update-letter-en-nojs-1280.png",
            "update-refused-es-js-390.png",
            "update-review-es-js-390.png",
        ],
    )
    .await;
    assert!(said.contains("three languages"), "{said}");
}
