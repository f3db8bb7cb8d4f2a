//! Triage in the inbox and the API: suggestions with the words behind them, accepted into the
//! report's codes in one click; the masked view; an analyst never sees who is in a report; any
//! text triaged with nothing stored, audited by its length only, counted per account.

use super::app::{Browser, TestApp, signed_in, token, triage};
use axum::body::Body;
use axum::http::Request;
use faro_domain::{Role, Vocabulary};
use faro_testkit::{TestDb, on_both_backends};

const WHAT: &str = "Mi vecina tiene una muchacha de Honduras que trabaja de interna desde las 6 hasta medianoche. Le quitaron el pasaporte y no la dejan salir. Se llama Rosa Quispe, su teléfono es 655 203 118.";

async fn suggestions_are_shown_accepted_and_masked(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store();
    let org = faro_store::DEFAULT_ORGANISATION;
    let id = faro_testkit::submit_web_report(store, org, WHAT, "")
        .await
        .id;

    let mut b = signed_in(&app, Role::Operator).await;
    let page = b.get(&format!("/inbox/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("Likely trafficking"), "{body}");
    assert!(body.contains("Means of control") && body.contains("Withholds documents"));
    assert!(
        body.contains("<q>quitaron el pasaporte</q>") || body.contains("<q>pasaporte</q>"),
        "{body}"
    );
    assert!(body.contains("<mark class=\"evidence\">"));
    assert!(
        body.contains("<mark class=\"pii\">Rosa Quispe</mark>"),
        "{body}"
    );
    assert!(body.contains("<mark class=\"pii\">655 203 118</mark>"));

    // One click accepts the suggestions into the report's codes.
    let accepted = triage(&mut b, id, &accept_fields(&page.body)).await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let admin = faro_domain::AccessContext::member(org, Role::Admin);
    let saved = store.report(&admin, id).await.unwrap().summary;
    let modality: Vec<_> = saved.modality.yes().map(|m| m.code()).collect();
    let means: Vec<_> = saved.means.yes().map(|m| m.code()).collect();
    assert_eq!(modality, ["forced_labour"]);
    assert!(
        means.contains(&"withholds_documents") && means.contains(&"restricts_movement"),
        "{means:?}"
    );

    // The masked view hides who is in it, everywhere on the page.
    let masked = b.get(&format!("/inbox/{id}?view=masked")).await;
    assert!(!masked.body.contains("Rosa Quispe") && !masked.body.contains("655 203 118"));
    assert!(masked.body.contains("[name]") && masked.body.contains("[phone]"));
    assert!(masked.body.contains("id=\"show-whole\""));

    // An analyst reads the report, its triage and the API without identities.
    let mut a = signed_in(&app, Role::Analyst).await;
    let read = a.get(&format!("/inbox/{id}")).await;
    assert_eq!(read.status, 200);
    assert!(!read.body.contains("Rosa Quispe") && !read.body.contains("655 203 118"));
    assert!(
        read.body
            .contains("your role reads reports without identities")
    );
    assert!(!read.body.contains("id=\"show-whole\""));
    // Nor its photo, which shows what no masking of words hides.
    let photo = faro_testkit::first_photo(store, org, id).await;
    let link = format!("/inbox/{id}/photos/{photo}");
    assert!(b.get(&format!("/inbox/{id}")).await.body.contains(&link));
    assert!(!read.body.contains(&link), "{}", read.body);
    assert_eq!(a.get(&link).await.status, 403);
    assert_eq!(b.get(&link).await.status, 200);
    // The inbox's previews too: an operator reads the name, an analyst its kind.
    let named = "Rosa Quispe trabaja sin sueldo en la finca.";
    faro_testkit::submit_web_report(store, org, named, "").await;
    assert!(b.get("/inbox").await.body.contains("Rosa Quispe trabaja"));
    let list = a.get("/inbox").await;
    assert!(list.body.contains("[name] trabaja"), "{}", list.body);
    assert!(!list.body.contains("Rosa Quispe"));
    let analyst = token(store, org, Role::Analyst).await;
    let api = app
        .get_as(&analyst, &format!("/api/v1/reports/{id}/triage"))
        .await;
    assert_eq!(api.status, 200, "{}", api.body);
    let json = api.json();
    assert_eq!(json["redacted"], true);
    let text = json["text"].as_str().unwrap();
    assert!(!text.contains("Rosa") && !text.contains("655") && text.contains("[name]"));
    let shown = app
        .get_as(&analyst, &format!("/api/v1/reports/{id}"))
        .await
        .body;
    assert!(
        !shown.contains("Rosa Quispe") && !shown.contains("655 203 118"),
        "{shown}"
    );

    // An operator's API reads it whole, with offsets into the text it returns.
    let operator = token(store, org, Role::Operator).await;
    let json = app
        .get_as(&operator, &format!("/api/v1/reports/{id}/triage"))
        .await
        .json();
    assert_eq!(json["redacted"], false);
    assert_eq!(json["language"], "es");
    assert_eq!(json["trafficking"]["likely"], true);
    let text: Vec<char> = json["text"].as_str().unwrap().chars().collect();
    let phone = json["pii"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "phone")
        .unwrap();
    let (start, end) = (
        phone["start"].as_u64().unwrap() as usize,
        phone["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(text[start..end].iter().collect::<String>(), "655 203 118");
    let documents = json["means"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "withholds_documents")
        .unwrap();
    assert!(!documents["evidence"].as_array().unwrap().is_empty());
}
on_both_backends!(suggestions_are_shown_accepted_and_masked);

/// The hidden fields of the "accept" form, as a browser would send them.
fn accept_fields(html: &str) -> Vec<(&str, &str)> {
    let form = &html[html.find("id=\"accept-suggestions\"").unwrap()..];
    let form = &form[..form.find("</form>").unwrap()];
    form.split("<input type=\"hidden\" ")
        .skip(1)
        .filter_map(|input| {
            let name = input.split("name=\"").nth(1)?.split('"').next()?;
            let value = input.split("value=\"").nth(1)?.split('"').next()?;
            (name != "csrf").then_some((name, value))
        })
        .collect()
}

fn post_text(token: &str, body: &str) -> Request<Body> {
    Request::post("/api/v1/triage")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn any_text_is_triaged_audited_by_its_length_and_nothing_is_stored() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let store = app.db.store();
    let analyst = token(store, faro_store::DEFAULT_ORGANISATION, Role::Analyst).await;
    let reports = app.db.scalar("SELECT COUNT(*) FROM reports").await;
    let text = "Le prometieron trabajo de camarera y ahora la obligan a atender clientes. Le quitaron el pasaporte.";
    let body = serde_json::json!({ "text": text, "language": "es" }).to_string();
    let body = body.as_str();
    let answer = app.send(post_text(&analyst, body)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["language"], "es");
    assert_eq!(json["trafficking"]["likely"], true);
    let exploitation: Vec<_> = json["exploitation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        exploitation.contains(&"sexual_exploitation"),
        "{exploitation:?}"
    );
    assert_eq!(app.db.scalar("SELECT COUNT(*) FROM reports").await, reports);
    let audit = store.audit_entries().await.unwrap();
    let entry = audit
        .iter()
        .rev()
        .find(|e| e.action == "triage.text")
        .unwrap();
    let characters = format!("\"characters\":{}", text.chars().count());
    assert!(entry.detail.contains(&characters), "{}", entry.detail);
    assert!(!entry.detail.contains("pasaporte"));

    let refused = app
        .send(post_text(&analyst, r#"{"text": "hola", "language": "pt"}"#))
        .await;
    assert_eq!(
        refused.error(422, "invalid_parameter")["error"]["field"],
        "language"
    );
    let long = format!(
        r#"{{"text": "{}"}}"#,
        "a".repeat(faro_triage::MAX_CHARS + 1)
    );
    let refused = app.send(post_text(&analyst, &long)).await;
    let error = refused.error(422, "too_long");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("100001"),
        "{error}"
    );
    app.send(post_text(&analyst, r#"{"texte": "hola"}"#))
        .await
        .error(400, "invalid_body");
    app.send(post_text(&analyst, "not json"))
        .await
        .error(400, "invalid_body");
    let viewer = token(store, faro_store::DEFAULT_ORGANISATION, Role::Viewer).await;
    assert_eq!(app.send(post_text(&viewer, body)).await.status, 403);
}

#[tokio::test]
async fn each_account_triages_at_most_600_texts_a_quarter_of_an_hour() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let store = app.db.store();
    let one = token(store, faro_store::DEFAULT_ORGANISATION, Role::Operator).await;
    let other = token(store, faro_store::DEFAULT_ORGANISATION, Role::Operator).await;
    let body = r#"{"text": "ok"}"#;
    for _ in 0..faro_web::TRIAGE_TEXTS_PER_WINDOW {
        assert_eq!(app.send(post_text(&one, body)).await.status, 200);
    }
    let held = app.send(post_text(&one, body)).await;
    let error = held.error(429, "too_many_texts");
    assert!(
        error["error"]["message"].as_str().unwrap().contains("600"),
        "{error}"
    );
    assert_eq!(
        app.send(post_text(&other, body)).await.status,
        200,
        "another account is not held"
    );
}

#[tokio::test]
async fn the_inbox_page_needs_no_triage_to_be_useful_to_a_browser_without_javascript() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let id = faro_testkit::submit_web_report(
        app.db.store(),
        faro_store::DEFAULT_ORGANISATION,
        "lol test",
        "",
    )
    .await
    .id;
    let mut b: Browser = signed_in(&app, Role::Operator).await;
    let page = b.get(&format!("/inbox/{id}?lang=fr")).await;
    assert!(page.body.contains("Traite peu probable"), "{}", page.body);
    assert!(page.body.contains("Aucun code suggéré"));
    assert!(!page.body.contains("id=\"accept-suggestions\""));
}

/// Texts an organisation's staff decide: the first are trafficking (coded and closed), the rest
/// not (closed without codes).
const DECIDED: [(&str, bool); 4] = [
    (
        "Los temporeros de la finca no cobran, el capataz les quitó el pasaporte y no los deja salir.",
        true,
    ),
    (
        "Workers at the car wash sleep on site, the boss keeps their passports and their pay.",
        true,
    ),
    (
        "Mi jefe no me paga las horas extra. Tengo mis papeles y puedo irme cuando quiera.",
        false,
    ),
    (
        "J'ai reçu un SMS disant que j'ai gagné un iPhone, c'est une arnaque ?",
        false,
    ),
];

async fn decide(store: &faro_store::Store, n: usize) {
    let org = faro_store::DEFAULT_ORGANISATION;
    let staff = faro_domain::AccessContext::member(org, Role::Operator);
    for i in 0..n {
        let (what, trafficking) = DECIDED[i % DECIDED.len()];
        let id = faro_testkit::submit_web_report(store, org, what, "")
            .await
            .id;
        if trafficking {
            let mut modality = faro_domain::Flags::default();
            modality.put(faro_domain::vocab::Exploitation::ForcedLabour, Some(true));
            let mut means = faro_domain::Flags::default();
            means.put(
                faro_domain::vocab::MeansDetail::WithholdsDocuments,
                Some(true),
            );
            let codes = faro_store::Triage::Codes {
                country: None,
                point: None,
                modality,
                means,
            };
            store.triage(&staff, id, &codes).await.unwrap();
        }
        store
            .triage(&staff, id, &faro_store::Triage::Close("decided".into()))
            .await
            .unwrap();
    }
}

/// The runner trains an organisation's model once enough reports are decided, keeps it only
/// if it does at least as well as the shipped one, seals it, and reads the organisation's
/// reports with it; turned off, the model is gone and nothing more is trained.
async fn the_runner_trains_an_organisation_s_own_model_from_its_decided_reports(db: TestDb) {
    use faro_web::services::triage_learning as learning;
    let store = db.store().clone();
    let org = faro_store::DEFAULT_ORGANISATION;
    decide(&store, 19).await;
    assert!(
        learning::due(&store).await.unwrap().is_empty(),
        "19 decided reports are too few"
    );
    decide(&store, 3).await;
    assert_eq!(learning::due(&store).await.unwrap(), [org]);

    let admin = faro_domain::AccessContext::member(org, Role::Admin);
    let decided = store.decided_reports(&admin, org).await.unwrap();
    assert_eq!(decided.len(), 22);
    assert_eq!(decided.iter().filter(|d| d.trafficking).count(), 12);
    assert!(decided[0].text.contains("capataz") && decided[0].trafficking);
    let analyst = faro_domain::AccessContext::member(org, Role::Analyst);
    assert!(
        store.decided_reports(&analyst, org).await.is_err(),
        "an analyst may not read them"
    );

    let limits = faro_web::jobs::Limits {
        tick: std::time::Duration::from_millis(50),
        ..Default::default()
    };
    let jobs = faro_web::jobs::Jobs::new(store.clone(), limits);
    jobs.start();
    let ended = "SELECT COUNT(*) FROM jobs WHERE kind = 'triage_model' AND state IN ('succeeded', 'failed')";
    for _ in 0..600 {
        if db.scalar(ended).await > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let state = db
        .text("SELECT state FROM jobs WHERE kind = 'triage_model'")
        .await;
    let result = db
        .text("SELECT result FROM jobs WHERE kind = 'triage_model'")
        .await;
    assert_eq!(state, "succeeded", "{result}");
    let result: serde_json::Value = serde_json::from_str(&result).unwrap();
    assert_eq!(result["examples"], 22);
    let kept = result["kept"].as_bool().unwrap();
    let own = store.triage_model(org).await.unwrap();
    assert_eq!(
        own.is_some(),
        kept,
        "a model is kept exactly when it is as good"
    );
    if let Some(own) = &own {
        assert_eq!(own.examples, 22);
        let sealed = db.text("SELECT sealed FROM triage_models").await;
        assert!(
            !sealed.contains("capataz") && !sealed.contains("w:"),
            "sealed"
        );
        let engine = learning::engine_for(&store, org).await.unwrap();
        assert_ne!(
            engine.model(),
            faro_triage::Engine::shipped().unwrap().model()
        );
    }
    assert!(
        learning::due(&store).await.unwrap().is_empty(),
        "nothing new to learn from"
    );

    let operator = faro_domain::AccessContext::member(org, Role::Operator);
    assert!(
        store
            .set_triage_learning(&operator, org, false)
            .await
            .is_err()
    );
    store.set_triage_learning(&admin, org, false).await.unwrap();
    assert!(store.triage_model(org).await.unwrap().is_none());
    let engine = learning::engine_for(&store, org).await.unwrap();
    assert_eq!(
        engine.model(),
        faro_triage::Engine::shipped().unwrap().model()
    );
    decide(&store, 12).await;
    assert!(
        learning::due(&store).await.unwrap().is_empty(),
        "learning is off"
    );
    let audit = store.audit_entries().await.unwrap();
    assert!(audit.iter().any(|e| e.action == "triage.learning"));
    assert!(audit.iter().any(|e| e.action == "triage.examples"));
}
on_both_backends!(the_runner_trains_an_organisation_s_own_model_from_its_decided_reports);

/// An organisation's admins turn learning off (and on) on its settings page; the page says
/// which model reads its reports.
#[tokio::test]
async fn admins_turn_learning_off_and_on_on_the_settings_page() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let org = faro_store::DEFAULT_ORGANISATION;
    let mut b = signed_in(&app, Role::Admin).await;
    let page = b.get("/admin/settings").await;
    assert!(
        page.body
            .contains("name=\"triage_learning\" value=\"on\" checked"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("a model of your own is tried once 20 reports are decided")
    );
    let csrf = b.csrf.clone();
    let saved = b
        .post(
            "/admin/settings",
            &[("csrf", &csrf), ("retention_days", ""), ("notify_to", "")],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(!app.db.store().triage_learning(org).await.unwrap());
    assert!(!saved.body.contains("value=\"on\" checked"));
    let csrf = b.csrf.clone();
    b.post(
        "/admin/settings",
        &[
            ("csrf", &csrf),
            ("retention_days", ""),
            ("notify_to", ""),
            ("triage_learning", "on"),
        ],
    )
    .await;
    assert!(app.db.store().triage_learning(org).await.unwrap());
    let audit = app.db.store().audit_entries().await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "triage.learning")
            .count(),
        2
    );
}

/// Starts a job runner on `app`'s database, as `faro serve` does, and waits until it has
/// stored the triage of `n` reports.
pub async fn triaged_by_a_runner(app: &TestApp, n: i64) {
    let limits = faro_web::jobs::Limits {
        tick: std::time::Duration::from_millis(50),
        ..Default::default()
    };
    faro_web::jobs::Jobs::new(app.db.store().clone(), limits).start();
    triaged(&app.db, n).await;
}

/// Waits until the runner has stored the triage of `n` reports.
async fn triaged(db: &TestDb, n: i64) {
    for _ in 0..600 {
        if db.scalar("SELECT COUNT(*) FROM report_triage").await >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let jobs = db.text("SELECT COALESCE(MAX(result), '') FROM jobs").await;
    panic!("the runner did not triage {n} reports: {jobs}");
}

fn ids(reply: &super::app::Reply) -> Vec<i64> {
    reply.json()["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

const URGENT: &str = "Hay una niña de 14 años encerrada ahora mismo en una casa de Tijuana, la obligan a prostituirse con clientes cada noche.";
const SCAM: &str = "J'ai reçu un SMS disant que j'ai gagné un iPhone, c'est une arnaque ?";

/// The runner reads each report as it comes and stores what triage suggested: the inbox puts
/// urgent-looking reports first and filters by suggested type of exploitation and by the
/// language the words are written in; the personal data found is kept normalised for those
/// who may see identities.
async fn the_runner_triages_reports_for_the_inbox_as_they_come(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let org = faro_store::DEFAULT_ORGANISATION;
    let urgent = faro_testkit::submit_web_report(&store, org, URGENT, "")
        .await
        .id;
    let servitude = faro_testkit::submit_web_report(&store, org, WHAT, "")
        .await
        .id;
    let scam = faro_testkit::submit_web_report(&store, org, SCAM, "")
        .await
        .id;
    let operator = token(&store, org, Role::Operator).await;
    let before = app.get_as(&operator, "/api/v1/reports").await;
    assert_eq!(ids(&before), [scam, servitude, urgent], "newest first");
    assert!(before.json()["reports"][0].get("triage").is_none());

    triaged_by_a_runner(&app, 3).await;

    let after = app.get_as(&operator, "/api/v1/reports").await;
    assert_eq!(ids(&after), [urgent, scam, servitude], "{}", after.body);
    let first = &after.json()["reports"][0]["triage"];
    assert_eq!(first["urgent"], true, "{}", after.body);
    assert_eq!(first["language"], "es");
    let sexual = app
        .get_as(&operator, "/api/v1/reports?suggested=sexual_exploitation")
        .await;
    assert_eq!(ids(&sexual), [urgent], "{}", sexual.body);
    let french = app.get_as(&operator, "/api/v1/reports?written=fr").await;
    assert_eq!(ids(&french), [scam]);
    let refused = app.get_as(&operator, "/api/v1/reports?written=de").await;
    assert_eq!(
        refused.error(422, "invalid_parameter")["error"]["field"],
        "written"
    );

    let mut b = signed_in(&app, Role::Operator).await;
    let inbox = b.get("/inbox").await;
    assert!(inbox.body.contains("Looks urgent"), "{}", inbox.body);
    assert!(inbox.body.contains("name=\"written\""));
    let labour = b.get("/inbox?suggested=forced_labour&written=es").await;
    assert!(
        labour
            .body
            .contains(&format!("href=\"/inbox/{servitude}\"")),
        "{}",
        labour.body
    );
    assert!(!labour.body.contains(&format!("href=\"/inbox/{urgent}\"")));
    let kept = labour.body.split("/inbox/bulk?").nth(1).unwrap_or_default();
    assert!(
        kept.starts_with("suggested=forced_labour&#38;written=es"),
        "the bulk action keeps the filters: {kept}"
    );
    let spanish = b.get("/inbox?suggested=forced_labour&lang=es").await;
    assert!(
        spanish.body.contains("Tipo de explotación sugerido"),
        "{}",
        spanish.body
    );

    let kept = app
        .get_as(&operator, &format!("/api/v1/reports/{servitude}/triage"))
        .await
        .json();
    assert!(
        kept["kept"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kind"] == "phone" && k["value"] == "655203118"),
        "{kept}"
    );
    let analyst = token(&store, org, Role::Analyst).await;
    let masked = app
        .get_as(&analyst, &format!("/api/v1/reports/{servitude}/triage"))
        .await
        .json();
    assert_eq!(masked["kept"], serde_json::json!([]));
    assert!(
        !app.db
            .text("SELECT findings FROM report_triage ORDER BY report_id LIMIT 1 OFFSET 1")
            .await
            .contains("655203118"),
        "sealed"
    );

    // A report that comes while the runner runs is read within a tick or two.
    faro_testkit::submit_web_report(&store, org, SCAM, "").await;
    triaged(&app.db, 4).await;
}
on_both_backends!(the_runner_triages_reports_for_the_inbox_as_they_come);
