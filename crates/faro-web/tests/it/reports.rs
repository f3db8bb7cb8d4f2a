//! Reporting through the pages, in-process: a report and its receipt, every kind of bad input
//! answered in the reporter's language with nothing stored, receipt codes throttled, the
//! reporter's address and browser kept out of the database and the logs, and the inbox's API.

use super::app::{
    BOUNDARY, Browser, Reply, TestApp, multipart, post_multipart as post, signed_in, token, triage,
};
use axum::body::Body;
use axum::http::Request;
use faro_domain::Vocabulary;
use faro_testkit::{TestDb, on_both_backends};

/// A report with a photo, straight through the store: its id and its photo's.
pub async fn report_with_photo(store: &faro_store::Store, what: &str) -> (i64, i64) {
    let org = faro_store::DEFAULT_ORGANISATION;
    let id = faro_testkit::submit_web_report(store, org, what, "")
        .await
        .id;
    (id, faro_testkit::first_photo(store, org, id).await)
}

/// The form's nonce on a page.
fn nonce_of(html: &str) -> String {
    let start = html.find("name=\"nonce\" value=\"").unwrap() + "name=\"nonce\" value=\"".len();
    html[start..start + 32].to_string()
}

/// Opens the report form in `lang` and posts `fields` (with the form's token and nonce) and
/// `files` as a browser would.
async fn send(
    b: &mut Browser<'_>,
    lang: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> Reply {
    let form = b.get(&format!("/report?lang={lang}&danger=no")).await;
    assert_eq!(form.status, 200, "{}", form.body);
    let (csrf, nonce) = (b.csrf.clone(), nonce_of(&form.body));
    let mut all = vec![("csrf", csrf.as_str()), ("nonce", nonce.as_str())];
    all.extend_from_slice(fields);
    post(b, &format!("/report?lang={lang}"), multipart(&all, files)).await
}

fn receipt_of(page: &str) -> String {
    let start = page.find("id=\"receipt\">").unwrap() + "id=\"receipt\">".len();
    page[start..start + 19].to_string()
}

async fn reports(app: &TestApp) -> i64 {
    app.db.scalar("SELECT COUNT(*) FROM reports").await
}

async fn a_report_is_stored_and_its_receipt_shown_in_the_reporters_language(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut b = Browser::new(&app);
    let sent = send(
        &mut b,
        "fr",
        &[
            ("what", "Des ouvriers dorment dans l'entrepôt"),
            ("country", "FR"),
            ("signs", "cannot_leave"),
            ("signs", "not_paid"),
            ("genders", "male"),
            ("people", "6"),
            ("contact", "follow_up"),
        ],
        &[],
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(sent.headers["content-language"], "fr");
    assert_eq!(sent.headers["cache-control"], "no-store");
    assert!(sent.body.contains("Votre signalement est enregistré"));
    let code = receipt_of(&sent.body);
    // Only the form token is a cookie; the language travelled in the URL.
    let cookies: Vec<_> = b.cookies.keys().cloned().collect();
    assert_eq!(cookies, ["faro_form"]);
    assert!(
        sent.headers
            .get_all("set-cookie")
            .iter()
            .all(|c| c.to_str().unwrap().starts_with("faro_form="))
    );
    let ctx = faro_domain::AccessContext::member(
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Operator,
    );
    let page = app
        .db
        .store()
        .reports(&ctx, &Default::default(), 0, 10)
        .await
        .unwrap();
    let r = &page.reports[0];
    assert_eq!((r.language.as_str(), r.people), ("fr", Some(6)));
    assert_eq!(r.country.map(|c| c.alpha2()), Some("FR"));
    // The code opens the report at the follow-up page, however it is spaced.
    let form = b.get("/report/follow-up?lang=fr").await;
    assert_eq!(form.status, 200);
    let csrf = b.csrf.clone();
    let typed = code.replace(' ', "-");
    let seen = post(
        &mut b,
        "/report/follow-up?lang=fr",
        multipart(&[("csrf", &csrf), ("code", &typed)], &[]),
    )
    .await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert!(
        seen.body
            .contains("Des ouvriers dorment dans l&#x27;entrepôt")
            || seen
                .body
                .contains("Des ouvriers dorment dans l&#39;entrepôt"),
        "{}",
        seen.body
    );
    assert!(seen.body.contains("Nouveau"));
}

async fn bad_input_is_answered_in_the_reporters_language_and_nothing_is_stored(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut b = Browser::new(&app);
    // Nothing typed where it is needed: the form comes back with what was typed elsewhere.
    let empty = send(
        &mut b,
        "es",
        &[("what", "   "), ("place", "Calle Ocho 12")],
        &[],
    )
    .await;
    assert_eq!(empty.status, 422);
    assert!(
        empty.body.contains("Qué ocurrió: rellene este campo"),
        "{}",
        empty.body
    );
    assert!(
        empty.body.contains("value=\"Calle Ocho 12\""),
        "the place typed is kept"
    );
    // Too long, not a choice, out of range: each named, all at once.
    let long = "x".repeat(5001);
    let many = send(
        &mut b,
        "es",
        &[
            ("what", &long),
            ("country", "ZZ"),
            ("people", "0"),
            ("signs", "flying"),
        ],
        &[],
    )
    .await;
    assert_eq!(many.status, 422);
    for expected in [
        "como máximo 5000 caracteres y usted escribió 5001",
        "País: elija una",
        "de 1 a 10.000",
        "¿Notó algo de esto?: elija",
    ] {
        assert!(many.body.contains(expected), "{expected}: {}", many.body);
    }
    // A script is text: escaped wherever it is shown again.
    let script = send(
        &mut b,
        "en",
        &[("what", "<script>alert(1)</script>"), ("people", "-1")],
        &[],
    )
    .await;
    assert_eq!(script.status, 422);
    assert!(
        !script.body.contains("<script>alert(1)</script>")
            && script.body.contains("&#60;script&#62;alert(1)")
    );
    // A file that is not a picture: refused, the text kept.
    let pdf = send(
        &mut b,
        "fr",
        &[("what", "Un témoin")],
        &[("photos", b"%PDF-1.7 not a picture")],
    )
    .await;
    assert_eq!(pdf.status, 422);
    assert!(
        pdf.body.contains("un fichier n&#x27;est pas une image")
            || pdf.body.contains("un fichier n&#39;est pas une image"),
        "{}",
        pdf.body
    );
    assert!(pdf.body.contains("Un témoin"));
    // More photos than allowed.
    let jpeg = tiny_jpeg();
    let four: Vec<(&str, &[u8])> = (0..4).map(|_| ("photos", jpeg.as_slice())).collect();
    let too_many = send(&mut b, "en", &[("what", "x")], &four).await;
    assert_eq!(too_many.status, 422);
    assert!(
        too_many.body.contains("send at most 3 pictures"),
        "{}",
        too_many.body
    );
    // A thousand fields.
    let thousand: Vec<(String, String)> =
        (0..1000).map(|i| (format!("f{i}"), "v".into())).collect();
    let fields: Vec<(&str, &str)> = thousand
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let flood = send(&mut b, "es", &fields, &[]).await;
    assert_eq!(flood.status, 400);
    assert!(flood.body.contains("demasiados campos"), "{}", flood.body);
    // A wrong content type.
    b.get("/report?lang=fr&danger=no").await;
    let csrf = b.csrf.clone();
    let plain = b
        .post("/report?lang=fr", &[("csrf", &csrf), ("what", "x")])
        .await;
    assert_eq!(plain.status, 415);
    assert!(
        plain.body.contains("pas été envoyé comme un formulaire"),
        "{}",
        plain.body
    );
    // 50 MB.
    let huge = post(&mut b, "/report?lang=es", vec![b'x'; 50 << 20]).await;
    assert_eq!(huge.status, 413);
    assert!(huge.body.contains("demasiado"), "{}", huge.body);
    // A forged form (no token).
    let forged = app
        .send(
            Request::post("/report?lang=en")
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .body(Body::from(multipart(&[("what", "x")], &[])))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(reports(&app).await, 0, "nothing half-stored");
    // A form sent twice is stored once.
    let form = b.get("/report?lang=en&danger=no").await;
    let (csrf, nonce) = (b.csrf.clone(), nonce_of(&form.body));
    let body = multipart(
        &[("csrf", &csrf), ("nonce", &nonce), ("what", "Seen twice")],
        &[],
    );
    assert_eq!(
        post(&mut b, "/report?lang=en", body.clone()).await.status,
        200
    );
    let again = post(&mut b, "/report?lang=en", body).await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("already sent"), "{}", again.body);
    assert_eq!(reports(&app).await, 1);
}

fn tiny_jpeg() -> Vec<u8> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut out)
        .write_image(&[200u8; 12], 2, 2, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

async fn wrong_receipt_codes_are_refused_and_throttled_without_an_address(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut b = Browser::new(&app);
    b.peer = Some("203.0.113.9:40000".parse().unwrap());
    b.get("/report/follow-up?lang=es").await;
    let csrf = b.csrf.clone();
    let shape = post(
        &mut b,
        "/report/follow-up?lang=es",
        multipart(&[("csrf", &csrf), ("code", "1234")], &[]),
    )
    .await;
    assert_eq!(shape.status, 422);
    assert!(shape.body.contains("tiene 16 cifras"), "{}", shape.body);
    let mut statuses = Vec::new();
    for i in 0..12 {
        let code = format!("0000 0000 0000 {i:04}");
        let r = post(
            &mut b,
            "/report/follow-up?lang=es",
            multipart(&[("csrf", &csrf), ("code", &code)], &[]),
        )
        .await;
        statuses.push(r.status.as_u16());
        if r.status == 404 {
            assert!(
                r.body.contains("Ninguna denuncia tiene este código"),
                "{}",
                r.body
            );
        }
        if r.status == 429 {
            assert!(r.headers.contains_key("retry-after"));
            assert!(r.body.contains("demasiados códigos erróneos"), "{}", r.body);
        }
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 404).count(),
        faro_web::RECEIPT_CLIENT_LIMIT as usize
    );
    assert_eq!(statuses.last(), Some(&429));
}

async fn the_inbox_api_lists_filters_and_serves_photos_with_precise_errors(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let (id, photo) = report_with_photo(&store, "Children begging at the station").await;
    let operator = token(
        &store,
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Operator,
    )
    .await;
    let list = app
        .get_as(&operator, "/api/v1/reports?status=new&limit=5")
        .await
        .json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["reports"][0]["id"], id);
    assert_eq!(list["reports"][0]["channel"], "web");
    let one = app
        .get_as(&operator, &format!("/api/v1/reports/{id}"))
        .await
        .json();
    assert_eq!(
        one["messages"][0]["text"],
        "Children begging at the station"
    );
    let href = one["messages"][0]["attachments"][0]["href"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(href, format!("/api/v1/reports/{id}/attachments/{photo}"));
    let image = app.get_as(&operator, &href).await;
    assert_eq!(image.status, 200);
    assert_eq!(image.headers["content-type"], "image/jpeg");
    // An analyst reads the report without its photos, which show faces no masking hides.
    let analyst = token(
        &store,
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Analyst,
    )
    .await;
    let read = app
        .get_as(&analyst, &format!("/api/v1/reports/{id}"))
        .await
        .json();
    assert_eq!(read["messages"][0]["attachments"], serde_json::json!([]));
    app.get_as(&analyst, &href).await.error(403, "forbidden");
    app.get_as(&operator, "/api/v1/reports?status=lost")
        .await
        .error(422, "invalid_parameter");
    app.get_as(&operator, "/api/v1/reports?colour=red")
        .await
        .error(400, "unknown_parameter");
    app.get_as(&operator, "/api/v1/reports?urgent=yes")
        .await
        .error(422, "invalid_parameter");
    app.get_as(&operator, "/api/v1/reports?language=de")
        .await
        .error(422, "invalid_parameter");
    app.get_as(&operator, "/api/v1/reports?limit=9999")
        .await
        .error(422, "invalid_parameter");
    app.get_as(&operator, "/api/v1/reports/abc")
        .await
        .error(400, "invalid_id");
    app.get_as(&operator, "/api/v1/reports/999999")
        .await
        .error(404, "not_found");
    let empty = app
        .get_as(&operator, "/api/v1/reports?language=fr")
        .await
        .json();
    assert_eq!(empty["total"], 0);
}

async fn an_operator_triages_through_the_inbox_pages(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let (id, _) = report_with_photo(&store, "Women locked in the flat above the shop").await;
    let (other, _) = report_with_photo(&store, "The same flat").await;
    let mut b = signed_in(&app, faro_domain::Role::Operator).await;
    let inbox = b.get("/inbox?lang=en").await;
    assert_eq!(inbox.status, 200);
    // The call form speaks to the operator, not in the reporter's words.
    let call = b.get("/inbox/new?lang=en").await;
    assert!(
        call.body.contains("Signs the caller mentions"),
        "{}",
        call.body
    );
    assert!(call.body.contains("with the receipt code you read to them"));
    assert!(!call.body.contains("Did you notice any of these?"));
    assert!(!call.body.contains("with my receipt code"));
    assert!(inbox.body.contains(&format!("/inbox/{id}")));
    let bad = b.get("/inbox?status=lost").await;
    assert_eq!(bad.status, 400);
    let page = b.get(&format!("/inbox/{id}?lang=en")).await;
    assert!(page.body.contains("Women locked in the flat"));
    let asked = triage(&mut b, id, &[("action", "ask"), ("text", "Which street?")]).await;
    assert_eq!(asked.status, 303);
    // The conversation names the operator as colleagues know them, never "user 2".
    let csrf = b.csrf.clone();
    let named = [("csrf", csrf.as_str()), ("display_name", "Marta")];
    assert_eq!(b.post("/account/name", &named).await.status, 303);
    let talk = b.get(&format!("/inbox/{id}?lang=en")).await;
    assert!(
        talk.body.contains("<p class=\"who\">Marta · "),
        "{}",
        talk.body
    );
    assert!(!talk.body.contains("<p class=\"who\">user "));
    let empty = triage(&mut b, id, &[("action", "reply"), ("text", " ")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Write the message first"));
    let itself = triage(
        &mut b,
        other,
        &[("action", "duplicate"), ("of", &other.to_string())],
    )
    .await;
    assert_eq!(itself.status, 422);
    assert!(itself.body.contains("another report of your organisation"));
    let dup = triage(
        &mut b,
        other,
        &[("action", "duplicate"), ("of", &format!("#{id}"))],
    )
    .await;
    assert_eq!(dup.status, 303);
    // Marked a duplicate, the report still talks; closing it ends that.
    let page = b.get(&format!("/inbox/{other}?lang=en")).await;
    assert!(
        page.body.contains("value=\"ask\""),
        "the conversation goes on"
    );
    assert!(
        !page.body.contains("value=\"promote\""),
        "nothing left to triage"
    );
    let closed = triage(&mut b, other, &[("action", "close"), ("reason", "x")]).await;
    assert_eq!(closed.status, 303);
    let again = triage(&mut b, other, &[("action", "close"), ("reason", "x")]).await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("reopened first"));
    // A close without a reason opens the section where the reason goes.
    let no_reason = triage(&mut b, id, &[("action", "close"), ("reason", " ")]).await;
    assert_eq!(no_reason.status, 422);
    let finish = no_reason
        .body
        .find("<details open>")
        .expect("a section open");
    assert!(
        no_reason.body[finish..].contains("name=\"reason\""),
        "{}",
        no_reason.body
    );
    let nowhere = triage(
        &mut b,
        id,
        &[("action", "codes"), ("country", "PT"), ("city", "Atlantis")],
    )
    .await;
    assert_eq!(nowhere.status, 422);
    assert!(
        nowhere.body.contains("<details open>"),
        "the codes are open"
    );
    assert!(
        nowhere.body.contains("No city of that name"),
        "{}",
        nowhere.body
    );
    let fields = [
        ("action", "codes"),
        ("city", "Porto"),
        ("modality", "forced_labour"),
        ("means", "threats"),
    ];
    assert_eq!(triage(&mut b, id, &fields).await.status, 303);
    let admin = faro_domain::AccessContext::member(
        faro_store::DEFAULT_ORGANISATION,
        faro_domain::Role::Admin,
    );
    let located = store.report(&admin, id).await.unwrap().summary;
    assert_eq!(located.country.map(|c| c.alpha2()), Some("PT"));
    assert!(located.point.is_some_and(|p| (p.lat - 41.15).abs() < 0.1));
    // The report's page places it on a small map of its country, named in words.
    let placed = b.get(&format!("/inbox/{id}?lang=en")).await;
    let figure = placed
        .body
        .split("<figure class=\"locator\">")
        .nth(1)
        .expect("a small map");
    assert!(figure.contains("<title>Point on the map: ") && figure.contains("Portugal"));
    assert!(figure.contains("<circle"), "{figure}");
    let modality: Vec<_> = located.modality.yes().map(|m| m.code()).collect();
    assert_eq!(modality, ["forced_labour"]);
    let forged = b
        .post(&format!("/inbox/{id}"), &[("action", "promote")])
        .await;
    assert_eq!(forged.status, 403);
    let promoted = triage(&mut b, id, &[("action", "promote")]).await;
    assert_eq!(promoted.status, 303);
    let detail = store.report(&admin, id).await.unwrap();
    assert!(detail.summary.record_id.is_some());
    // An analyst reads the inbox and acts on nothing.
    let mut a = signed_in(&app, faro_domain::Role::Analyst).await;
    let read = a.get(&format!("/inbox/{id}")).await;
    assert_eq!(read.status, 200);
    assert!(
        !read.body.contains("name=\"action\""),
        "no actions for an analyst"
    );
    let csrf = a.csrf.clone();
    let refused = a
        .post(
            &format!("/inbox/{id}"),
            &[("csrf", &csrf), ("action", "reopen")],
        )
        .await;
    assert_eq!(refused.status, 403);
}

/// An answer typed with a mistyped code is kept (shown again, sent once the right code opens
/// the report); the receipt page speaks to someone who has just reported.
#[tokio::test]
async fn an_answer_typed_with_a_wrong_code_is_kept_and_sent_with_the_right_one() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let mut b = Browser::new(&app);
    let sent = send(
        &mut b,
        "en",
        &[("what", "Seen at the port"), ("urgent", "1")],
        &[],
    )
    .await;
    assert!(!sent.body.contains("Already reported?"), "{}", sent.body);
    assert!(
        !sent.body.contains("Then tell us what happened below"),
        "{}",
        sent.body
    );
    assert!(
        sent.body.contains("Your report is stored."),
        "{}",
        sent.body
    );
    let code = receipt_of(&sent.body);
    b.get("/report/follow-up").await;
    let csrf = b.csrf.clone();
    let answer = "The van is white & has <two> doors";
    let wrong = multipart(
        &[
            ("csrf", &csrf),
            ("code", "0000 0000 0000 0001"),
            ("text", answer),
        ],
        &[],
    );
    let refused = post(&mut b, "/report/follow-up", wrong).await;
    assert_eq!(refused.status, 404);
    assert!(
        refused
            .body
            .contains("name=\"text\" value=\"The van is white &#38; has &#60;two&#62; doors\""),
        "{}",
        refused.body
    );
    let csrf = b.csrf.clone();
    let right = multipart(&[("csrf", &csrf), ("code", &code), ("text", answer)], &[]);
    let opened = post(&mut b, "/report/follow-up", right).await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    assert!(
        opened.body.contains("Your answer is stored"),
        "{}",
        opened.body
    );
    assert_eq!(reports(&app).await, 1);
    assert_eq!(
        app.db.scalar("SELECT COUNT(*) FROM report_messages").await,
        2,
        "the report and the answer"
    );
}

/// Sends `code` to the follow-up page from `b`'s address; the reply's status.
async fn try_code(b: &mut Browser<'_>, code: &str) -> u16 {
    b.get("/report/follow-up").await;
    let csrf = b.csrf.clone();
    let body = multipart(&[("csrf", &csrf), ("code", code)], &[]);
    post(b, "/report/follow-up", body).await.status.as_u16()
}

/// Wrong receipt codes from many addresses at once (the global figure lowered to 30 so that
/// the attack is short) while a reporter comes back: the reporter, at another address, gets
/// in within two tries (a typo, then the code), the attack's addresses stay held, and no
/// receipt of the attacker's own buys it more guesses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reporter_gets_in_while_wrong_codes_flood_from_many_addresses() {
    let app = TestApp::configured(TestDb::sqlite().await, |s| {
        s.with_receipts(faro_web::Receipts::new(30, 10, 2))
    })
    .await;
    let mut reporter = Browser::new(&app);
    let code = receipt_of(
        &send(&mut reporter, "en", &[("what", "Seen at the port")], &[])
            .await
            .body,
    );
    let mut attacker = Browser::new(&app);
    let own = receipt_of(
        &send(&mut attacker, "en", &[("what", "decoy")], &[])
            .await
            .body,
    );
    let wrong = std::sync::atomic::AtomicUsize::new(0);
    let attack = async {
        let mut held = 0;
        for round in 0..12 {
            for a in 0..8u8 {
                attacker.peer = Some(format!("192.0.2.{a}:4000").parse().unwrap());
                let status = if round % 5 == 4 {
                    try_code(&mut attacker, &own).await
                } else {
                    try_code(&mut attacker, &format!("0000 0000 {a:04} {round:04}")).await
                };
                match status {
                    404 => {
                        wrong.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    429 => held += 1,
                    _ => {}
                }
            }
        }
        held
    };
    let comes_back = async {
        while wrong.load(std::sync::atomic::Ordering::SeqCst) < 30 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        reporter.peer = Some("198.51.100.77:5000".parse().unwrap());
        let typo = try_code(&mut reporter, "1111 2222 3333 4444").await;
        let right = try_code(&mut reporter, &code).await;
        (typo, right)
    };
    let (held, (typo, right)) = tokio::join!(attack, comes_back);
    assert_eq!(
        (typo, right),
        (404, 200),
        "the reporter got in on the second try"
    );
    assert!(held > 0, "the attack's addresses were held");
    let passed = wrong.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        passed <= 30 + 8 * 2 + 1,
        "{passed} wrong codes were checked"
    );
}

/// The inbox reads without opening each report (a preview of its text, who has it), and an
/// operator assigns, closes or marks as duplicates several reports at once; each change is
/// its own audited action, and what could not change is named.
async fn an_operator_works_through_the_inbox_in_bulk(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let (first, _) =
        report_with_photo(&store, "Girls kept in the back of the bar on Rua Nova").await;
    let (second, _) = report_with_photo(&store, "Men in the greenhouse never leave").await;
    let (third, _) = report_with_photo(&store, "Same greenhouse, again").await;
    let pass = "a long pass phrase";
    let org = faro_store::DEFAULT_ORGANISATION;
    let email = super::app::person(&store, org, faro_domain::Role::Operator, pass).await;
    let colleague = super::app::person(&store, org, faro_domain::Role::Admin, pass).await;
    let colleague = store.user(&colleague).await.expect("the admin");
    let mut b = Browser::new(&app);
    b.sign_in(&email, pass, "").await;
    let inbox = b.get("/inbox?lang=en").await;
    assert!(
        inbox
            .body
            .contains("<p class=\"preview\">Girls kept in the back of the bar")
    );
    assert!(
        inbox.body.contains(&format!("value=\"{}\"", colleague.id)),
        "assignable"
    );
    let csrf = b.csrf.clone();
    let none = b
        .post(
            "/inbox/bulk",
            &[("csrf", &csrf), ("action", "close"), ("reason", "x")],
        )
        .await;
    assert_eq!(none.status, 422);
    assert!(none.body.contains("Tick at least one report"));
    let (s1, s2, s3) = (first.to_string(), second.to_string(), third.to_string());
    let to = colleague.id.to_string();
    let assign = [
        ("csrf", csrf.as_str()),
        ("ids", s1.as_str()),
        ("ids", s2.as_str()),
        ("action", "assign"),
        ("assignee", to.as_str()),
    ];
    let assigned = b.post("/inbox/bulk?status=new", &assign).await;
    assert_eq!(assigned.status, 303);
    let back = assigned.headers["location"].to_str().expect("a location");
    assert!(back.starts_with("/inbox?status=new&"), "{back}");
    let listed = b.get(&format!("{back}&lang=en")).await;
    assert!(
        listed.body.contains("2 reports changed."),
        "{}",
        listed.body
    );
    let theirs = b.get(&format!("/inbox?assignee={}", colleague.id)).await;
    assert_eq!(theirs.body.matches("<p class=\"preview\">").count(), 2);
    assert!(!theirs.body.contains(&format!("/inbox/{third}\"")));
    // Closing needs its reason, said before anything changes.
    let no_reason = [
        ("csrf", csrf.as_str()),
        ("ids", s1.as_str()),
        ("action", "close"),
    ];
    let refused = b.post("/inbox/bulk", &no_reason).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Say why the report is closed"));
    let close_one = [
        ("csrf", csrf.as_str()),
        ("ids", s1.as_str()),
        ("action", "close"),
        ("reason", "Handled by the police"),
    ];
    assert_eq!(b.post("/inbox/bulk", &close_one).await.status, 303);
    let dup = [
        ("csrf", csrf.as_str()),
        ("ids", s1.as_str()),
        ("ids", s3.as_str()),
        ("action", "duplicate"),
        ("of", s2.as_str()),
    ];
    let marked = b.post("/inbox/bulk", &dup).await;
    let back = marked.headers["location"]
        .to_str()
        .expect("a location")
        .to_string();
    let said = b.get(&format!("{back}&lang=fr")).await;
    assert!(
        said.body.contains("Un signalement modifié."),
        "{}",
        said.body
    );
    assert!(
        said.body.contains(&format!("Non modifiés\u{a0}: #{first}")),
        "the closed one"
    );
    let admin = faro_domain::AccessContext::member(org, faro_domain::Role::Admin);
    let third_now = store
        .report(&admin, third)
        .await
        .expect("the report")
        .summary;
    assert_eq!(third_now.duplicate_of, Some(second));
    // Each report's change is its own audit entry; a viewer cannot post at all.
    let audit = store
        .audit_page(&admin, org, None, 30)
        .await
        .expect("the chain");
    let assigns = audit.iter().filter(|e| e.action == "report.assign").count();
    assert_eq!(assigns, 2);
    let mut v = signed_in(&app, faro_domain::Role::Viewer).await;
    let csrf_v = v.csrf.clone();
    let forbidden = v
        .post(
            "/inbox/bulk",
            &[
                ("csrf", &csrf_v),
                ("ids", &s2),
                ("action", "close"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(forbidden.status, 403);
    // The report's page says who has it and offers to give it to someone else.
    let page = b.get(&format!("/inbox/{second}?lang=en")).await;
    let shown = format!("Assigned to: <strong>{}</strong>", colleague.shown_as());
    assert!(page.body.contains(&shown), "{}", page.body);
    let nobody = triage(
        &mut b,
        second,
        &[("action", "assign"), ("assignee", "none")],
    )
    .await;
    assert_eq!(nobody.status, 303);
    let bad = triage(
        &mut b,
        second,
        &[("action", "assign"), ("assignee", "999999")],
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("active operator or admin of your organisation")
    );
}

on_both_backends!(
    a_report_is_stored_and_its_receipt_shown_in_the_reporters_language,
    bad_input_is_answered_in_the_reporters_language_and_nothing_is_stored,
    wrong_receipt_codes_are_refused_and_throttled_without_an_address,
    the_inbox_api_lists_filters_and_serves_photos_with_precise_errors,
    an_operator_triages_through_the_inbox_pages,
    an_operator_works_through_the_inbox_in_bulk,
);

/// The reporter's address and browser reach neither the database (every byte of the SQLite
/// file and its write-ahead log is searched) nor the logs.
#[tokio::test]
async fn no_address_or_browser_of_a_reporter_reaches_the_database_or_the_logs() {
    let (captured, _guard) = super::logs::capture();
    let app = TestApp::new(TestDb::sqlite().await).await;
    let agent = "Mozilla/5.0 (Linux; Android 9; TestPhone-4711) Faro-Test";
    let mut b = Browser::new(&app);
    b.peer = Some("198.51.100.203:51515".parse().unwrap());
    let form = b
        .send(
            Request::get("/report?lang=en&danger=yes").header("user-agent", agent),
            Body::empty(),
        )
        .await;
    let (csrf, nonce) = (b.csrf.clone(), nonce_of(&form.body));
    let body = multipart(
        &[
            ("csrf", &csrf),
            ("nonce", &nonce),
            ("what", "Seen at the harbour"),
            ("urgent", "1"),
        ],
        &[("photos", &tiny_jpeg())],
    );
    let sent = b
        .send(
            Request::post("/report?lang=en")
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .header("user-agent", agent)
                .header("x-forwarded-for", "192.0.2.44"),
            Body::from(body),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let code = receipt_of(&sent.body);
    b.get("/report/follow-up").await;
    let csrf = b.csrf.clone();
    let follow = multipart(
        &[
            ("csrf", &csrf),
            ("code", &code),
            ("text", "More: a white van"),
        ],
        &[],
    );
    assert_eq!(post(&mut b, "/report/follow-up", follow).await.status, 200);
    let wrong = multipart(&[("csrf", &csrf), ("code", "1111 2222 3333 4444")], &[]);
    assert_eq!(post(&mut b, "/report/follow-up", wrong).await.status, 404);
    let dir = app.db.cli_args()[1].clone();
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        stored.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    assert!(stored.len() > 10_000, "the database files were read");
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("report received"), "{logs}");
    for secret in [
        "198.51.100.203",
        "51515",
        "192.0.2.44",
        "TestPhone-4711",
        "Mozilla",
        "harbour",
        "white van",
        code.as_str(),
        &code.replace(' ', ""),
    ] {
        assert!(!logs.contains(secret), "the log holds `{secret}`:\n{logs}");
        assert!(
            !stored.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the database holds `{secret}`"
        );
    }
}

/// A form answered "busy" was not stored: sent again, it is not refused as already sent.
#[tokio::test]
async fn a_form_refused_as_busy_can_be_sent_again() {
    // One hashing slot, kept for staff: every report is told to come back.
    let app = TestApp::configured(TestDb::sqlite().await, |s| s.with_hashing_slots(1)).await;
    let mut b = Browser::new(&app);
    let form = b.get("/report?lang=en&danger=no").await;
    let (csrf, nonce) = (b.csrf.clone(), nonce_of(&form.body));
    let body = multipart(
        &[
            ("csrf", &csrf),
            ("nonce", &nonce),
            ("what", "Seen at the port"),
        ],
        &[],
    );
    for attempt in 0..2 {
        let r = post(&mut b, "/report?lang=en", body.clone()).await;
        assert_eq!(r.status, 503, "attempt {attempt}: {}", r.body);
        assert!(r.headers.contains_key("retry-after"));
    }
    assert_eq!(reports(&app).await, 0);
}
