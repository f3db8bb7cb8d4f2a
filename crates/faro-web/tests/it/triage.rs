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
