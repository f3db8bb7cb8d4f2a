//! Every page in Spanish and in French holds no English sentence of the translation files:
//! each message of `en.ftl` that reads differently in the page's language must not appear on
//! it, neither as text nor as a label a screen reader reads.

use super::app::{Browser, TestApp, person, signed_in};
use faro_domain::Role;
use faro_i18n::Lang;
use faro_testkit::TestDb;

/// The English messages that another language says differently: (key, English text). Only
/// plain one-line messages (no placeable) of at least two words or eight letters, so that a
/// short word of a proper name ("Faro") cannot be mistaken for a missed translation.
fn english_messages(lang: Lang) -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../faro-i18n/locales/en.ftl");
    let text = std::fs::read_to_string(path).expect("en.ftl");
    text.lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(" = ")?;
            let plain = key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-".contains(&b));
            (plain && !value.contains('{') && !value.trim().is_empty())
                .then(|| (key.to_string(), value.trim().to_string()))
        })
        .filter(|(_, v)| v.contains(' ') || v.chars().count() >= 8)
        .filter(|(key, english)| lang.w(key) != english.as_str())
        .collect()
}

/// What a reader meets on a page: its text and the labels of its elements, without markup,
/// scripts or styles, entities decoded for the few that Askama writes.
fn readable(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..tag_end];
        // Not `title`: the audit page keeps each entry's raw codes there, for the curious.
        for attribute in ["aria-label=\"", "alt=\"", "placeholder=\""] {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                out.push_str(value.split('"').next().unwrap_or_default());
                out.push(' ');
            }
        }
        rest = &rest[tag_end..];
        for skipped in ["<script", "<style"] {
            if tag.starts_with(skipped) {
                let close = format!("</{}", &skipped[1..]);
                rest = rest.find(&close).map_or("", |e| &rest[e..]);
            }
        }
    }
    out.push_str(rest);
    out.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Whether `needle` stands in `text` as whole words (not inside an identifier such as the
/// `organisation_id` of an audit entry's raw detail).
fn stands_in(text: &str, needle: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

#[tokio::test]
async fn no_page_in_spanish_or_french_shows_an_english_message() {
    let (app, _) = TestApp::new(TestDb::sqlite().await)
        .await
        .with_records(3, 300)
        .await;
    let store = app.db.store().clone();
    let org = faro_store::DEFAULT_ORGANISATION;
    let report = faro_testkit::submit_web_report(&store, org, "Hombres en el almacén", "")
        .await
        .id;
    let admin = faro_domain::AccessContext::member(org, Role::Admin);
    let record = store
        .records(&admin, &faro_domain::Filter::new(), None, 1)
        .await
        .expect("records")[0]
        .id;
    let case = words_case(&store, &admin).await;
    let mut staff_pages = vec![
        "/".to_string(),
        "/inbox".into(),
        format!("/inbox/{report}"),
        "/inbox/new".into(),
        "/hub".into(),
        "/hub?gender=female&year_from=2015".into(),
        "/hub/records".into(),
        format!("/hub/records/{record}"),
        "/hub/brief".into(),
        "/sources".into(),
        "/admin".into(),
        "/admin/audit".into(),
        "/admin/settings".into(),
        "/admin/releases".into(),
        "/account".into(),
        "/cases".into(),
        "/cases/new?q=Ana".into(),
        "/admin/teams".into(),
    ];
    for tab in [
        "person", "consent", "plans", "services", "tasks", "timeline", "links",
    ] {
        staff_pages.push(format!("/cases/{case}?tab={tab}"));
    }
    staff_pages.push(format!("/cases/{case}/summary?safety=1"));
    let public_pages = [
        "/",
        "/report",
        "/report?danger=no",
        "/report?danger=yes",
        "/report/follow-up",
        "/sign-in",
        "/data",
        "/no-such-page",
    ];
    let email = person(&store, org, Role::Admin, "a long pass phrase").await;
    let mut found = Vec::new();
    for code in ["es", "fr"] {
        let lang = Lang::from_code(code).expect("shipped");
        let english = english_messages(lang);
        assert!(english.len() > 300, "{} messages read", english.len());
        let mut staff = Browser::new(&app);
        staff.sign_in(&email, "a long pass phrase", "").await;
        let mut visitor = Browser::new(&app);
        let mut pages = Vec::new();
        for path in &staff_pages {
            let reply = staff.get(&with_lang(path, code)).await;
            if path.starts_with("/cases") || path.starts_with("/admin/teams") {
                assert_eq!(reply.status, axum::http::StatusCode::OK, "{path}");
            }
            pages.push((path.clone(), reply.body));
        }
        for path in public_pages {
            pages.push((
                path.to_string(),
                visitor.get(&with_lang(path, code)).await.body,
            ));
        }
        for (path, body) in pages {
            let text = readable(&body);
            for (key, message) in &english {
                if stands_in(&text, message) {
                    found.push(format!("{code} {path}: `{key}` = {message}"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "English on other languages' pages:\n{}",
        found.join("\n")
    );
    // A bad filter is explained in the page's language.
    let english_error = staff_error(&app, &email, "en").await;
    let french_error = staff_error(&app, &email, "fr").await;
    assert_ne!(
        english_error, french_error,
        "the hub's error is said in French"
    );
    assert!(french_error.contains("abc"), "{french_error}");
    // The check itself can fail: an English page holds English messages.
    let mut english_page = signed_in(&app, Role::Admin).await;
    let body = english_page.get("/inbox?lang=en").await.body;
    let lang = Lang::from_code("es").expect("shipped");
    let text = readable(&body);
    assert!(
        english_messages(lang)
            .iter()
            .any(|(_, m)| stands_in(&text, m))
    );
}

/// The hub's error for a year that is not one, in `code`'s language.
async fn staff_error(app: &TestApp, email: &str, code: &str) -> String {
    let mut b = Browser::new(app);
    b.sign_in(email, "a long pass phrase", "").await;
    let body = b.get(&format!("/hub?year=abc&lang={code}")).await.body;
    let start = body.find("id=\"error\">").expect("an error on the page");
    body[start..]
        .split('<')
        .next()
        .unwrap_or_default()
        .to_string()
}

fn with_lang(path: &str, code: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}lang={code}")
}

/// A case with something in every tab, opened by an admin of `org`.
pub async fn words_case(store: &faro_store::Store, admin: &faro_domain::AccessContext) -> i64 {
    use faro_domain::case::{
        ConsentMeans, ConsentPurpose, ConsentState, Day, PlanKind, ServiceKind, ServiceStatus,
    };
    let person = faro_domain::case::person::Person {
        names: vec!["Ana".into()],
        ..Default::default()
    };
    let new = faro_store::NewCase {
        person: person.check().expect("a person"),
        report: None,
        record: None,
    };
    let id = store.open_case(admin, new).await.expect("a case");
    let consent = faro_store::ConsentInput {
        purpose: ConsentPurpose::Statistics,
        state: ConsentState::Given,
        means: ConsentMeans::Spoken,
        until: None,
        partners: Vec::new(),
        given_by: None,
    };
    store
        .record_consent(admin, id, consent)
        .await
        .expect("consent");
    let v = store
        .case_file(admin, id)
        .await
        .expect("the case")
        .head
        .version;
    store
        .save_plan(
            admin,
            id,
            v,
            PlanKind::Safety,
            vec![("risks".into(), "x".into())],
        )
        .await
        .expect("a plan");
    let service = faro_store::NewService {
        kind: ServiceKind::Legal,
        status: ServiceStatus::Needed,
        planned: None,
        delivered: None,
        provider: None,
        outcome: None,
    };
    store
        .save_service(admin, id, None, service)
        .await
        .expect("a service");
    let task = faro_store::NewTask {
        title: "x".into(),
        due: Day(0),
        assignee: None,
    };
    store.add_task(admin, id, task).await.expect("a task");
    id
}
