//! The other ways in and out: SMS and chat through a gateway (a fake Twilio and a fake JSON
//! gateway: a process the test starts on loopback, `fake_gateway.py`), and notices of urgent
//! reports by e-mail (a local SMTP sink the test starts) and webhook.

use super::app::{Browser, TestApp, signed_in, triage};
use axum::body::Body;
use axum::http::Request;
use faro_testkit::{TestDb, on_both_backends};
use faro_web::gateway::{Kind, SmsChannel, twilio_signature};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const PUBLIC_URL: &str = "https://faro.example.org";
const TWILIO_TOKEN: &str = "twilio-auth-token-0123456789";
const JSON_SECRET: &str = "json-gateway-secret-0123456789";
const NUMBER: &str = "+351912345678";

/// What a fake service received: one entry per request or message.
pub type Inbox = Arc<Mutex<Vec<Received>>>;

#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

/// A fake gateway process (`fake_gateway.py`) on loopback that answers 201 and keeps every
/// request: the gateways' outbound APIs and the notice webhook. Its requests are copied into
/// the returned inbox as they arrive; the process is killed when the test's runtime ends.
pub async fn fake_http() -> (String, Inbox) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("received.jsonl");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fake_gateway.py");
    let mut child = tokio::process::Command::new("python3")
        .arg(script)
        .arg(&log)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("python3 runs the fake gateway");
    let mut port = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut port)
        .await
        .unwrap();
    let url = format!("http://127.0.0.1:{}", port.trim());
    let inbox: Inbox = Arc::default();
    let kept = inbox.clone();
    tokio::spawn(async move {
        let _owned = (child, dir);
        loop {
            let lines = std::fs::read_to_string(&log).unwrap_or_default();
            let received: Vec<Received> = lines
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .map(|v| {
                    let mut headers = axum::http::HeaderMap::new();
                    for (k, h) in v["headers"].as_object().into_iter().flatten() {
                        if let (Ok(name), Some(value)) = (
                            axum::http::HeaderName::from_bytes(k.as_bytes()),
                            h.as_str()
                                .and_then(|h| axum::http::HeaderValue::from_str(h).ok()),
                        ) {
                            headers.insert(name, value);
                        }
                    }
                    Received {
                        path: v["path"].as_str().unwrap_or_default().to_string(),
                        headers,
                        body: v["body"].as_str().unwrap_or_default().to_string(),
                    }
                })
                .collect();
            *kept.lock().unwrap() = received;
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    });
    (url, inbox)
}

/// A minimal SMTP server on loopback that accepts every message and keeps its DATA.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let mails: Arc<Mutex<Vec<String>>> = Arc::default();
    let kept = mails.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            kept.lock().unwrap().push(std::mem::take(body));
                            data = None;
                            write.write_all(b"250 kept\r\n").await.unwrap();
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, mails)
}

/// Waits up to five seconds for `inbox` to hold `n` entries.
async fn wait_for<T>(inbox: &Arc<Mutex<Vec<T>>>, n: usize) {
    for _ in 0..100 {
        if inbox.lock().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

pub fn channels(gateway: &str) -> Vec<SmsChannel> {
    let base = SmsChannel {
        name: "tw".into(),
        kind: Kind::Twilio,
        secret: TWILIO_TOKEN.into(),
        organisation: faro_store::DEFAULT_ORGANISATION,
        lang: faro_i18n::Lang::from_code("es").unwrap(),
        channel: faro_domain::report::Channel::Sms,
        outbound_url: Some(format!("{gateway}/2010-04-01/Accounts/AC42/Messages.json")),
        account: "AC42".into(),
        from: "+15550001111".into(),
    };
    let chat = SmsChannel {
        name: "chat".into(),
        kind: Kind::Json,
        secret: JSON_SECRET.into(),
        channel: faro_domain::report::Channel::Chat,
        outbound_url: Some(format!("{gateway}/outbound")),
        lang: faro_i18n::Lang::REFERENCE,
        ..base.clone()
    };
    vec![base, chat]
}

/// A Twilio webhook for `params`, signed with `token`; a fresh `MessageSid` unless `params`
/// names one.
fn twilio(params: &[(&str, &str)], token: &str) -> Request<Body> {
    static SENT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let mut owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if !params.iter().any(|(k, _)| *k == "MessageSid") {
        let n = SENT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        owned.push(("MessageSid".into(), format!("SMauto{n}")));
    }
    let signature = twilio_signature(token, &format!("{PUBLIC_URL}/sms/tw"), &owned);
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&owned)
        .finish();
    Request::post("/sms/tw")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-twilio-signature", signature)
        .body(Body::from(body))
        .unwrap()
}

/// A chat gateway's message body: `id`, sent `age` seconds ago, from `from`.
fn chat(id: &str, age: i64, from: &str, text: &str) -> String {
    let sent_at = time::OffsetDateTime::now_utc().unix_timestamp() - age;
    serde_json::json!({ "id": id, "sent_at": sent_at, "from": from, "text": text }).to_string()
}

fn json(body: &str, secret: &str) -> Request<Body> {
    Request::post("/sms/chat")
        .header("content-type", "application/json")
        .header(
            "x-faro-signature",
            faro_web::notify::signature(secret, body.as_bytes()),
        )
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn an_sms_conversation_goes_both_ways_through_the_gateway(db: TestDb) {
    let (gateway, outbound) = fake_http().await;
    let app = TestApp::configured(db, |s| {
        s.with_public_url(PUBLIC_URL)
            .with_gateways(channels(&gateway))
    })
    .await;
    let first = app
        .send(twilio(
            &[
                ("From", NUMBER),
                ("Body", "Trabajadores encerrados en la finca"),
                ("MessageSid", "SM1"),
            ],
            TWILIO_TOKEN,
        ))
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(
        first.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/xml")
    );
    assert!(
        first
            .body
            .contains("<Response><Message>Gracias. Su denuncia está guardada"),
        "{}",
        first.body
    );
    let again = app
        .send(twilio(
            &[("From", NUMBER), ("Body", "Son siete")],
            TWILIO_TOKEN,
        ))
        .await;
    assert!(again.body.contains("lo hemos añadido"), "{}", again.body);
    assert_eq!(
        app.db.scalar("SELECT COUNT(*) FROM reports").await,
        1,
        "one conversation per sender"
    );
    assert_eq!(
        app.db.scalar("SELECT COUNT(*) FROM report_messages").await,
        2
    );
    // The number is nowhere in clear.
    let stored = app
        .db
        .text("SELECT sealed || ' ' || sender_hash FROM reports")
        .await;
    assert!(!stored.contains("351912345678"), "{stored}");
    // Forged, unknown, malformed.
    app.send(twilio(&[("From", NUMBER), ("Body", "x")], "not-the-token"))
        .await
        .error(403, "bad_signature");
    let mut unknown = twilio(&[("From", NUMBER), ("Body", "x")], TWILIO_TOKEN);
    *unknown.uri_mut() = "/sms/nope".parse().unwrap();
    app.send(unknown).await.error(404, "not_found");
    app.send(twilio(
        &[("From", "robert'); DROP TABLE reports"), ("Body", "x")],
        TWILIO_TOKEN,
    ))
    .await
    .error(422, "invalid_sender");
    app.send(twilio(
        &[("From", "+351911111111"), ("Body", "  ")],
        TWILIO_TOKEN,
    ))
    .await
    .error(422, "invalid_text");
    let long = "x".repeat(70_000);
    app.send(twilio(&[("From", NUMBER), ("Body", &long)], TWILIO_TOKEN))
        .await
        .error(413, "too_large");
    assert_eq!(
        app.db.scalar("SELECT COUNT(*) FROM reports").await,
        1,
        "nothing half-stored"
    );
    // Staff answer from the inbox; the gateway sends it to the number.
    let mut b = signed_in(&app, faro_domain::Role::Operator).await;
    let id = app.db.scalar("SELECT id FROM reports").await;
    let sent = triage(
        &mut b,
        id,
        &[("action", "ask"), ("text", "¿Dónde está la finca?")],
    )
    .await;
    assert_eq!(
        sent.headers["location"],
        format!("/inbox/{id}?done=ask_sent")
    );
    wait_for(&outbound, 1).await;
    let out = outbound.lock().unwrap()[0].clone();
    assert_eq!(out.path, "/2010-04-01/Accounts/AC42/Messages.json");
    let fields: Vec<(String, String)> = form_urlencoded::parse(out.body.as_bytes())
        .into_owned()
        .collect();
    assert!(fields.contains(&("To".into(), NUMBER.into())), "{fields:?}");
    assert!(fields.contains(&("From".into(), "+15550001111".into())));
    assert!(fields.contains(&("Body".into(), "¿Dónde está la finca?".into())));
    let auth = out.headers["authorization"].to_str().unwrap().to_string();
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("AC42:{TWILIO_TOKEN}"));
    assert_eq!(auth, format!("Basic {basic}"));
    // The chat gateway: JSON both ways, signed.
    let first = chat(
        "m-1",
        0,
        "chat:user_42",
        "My cousin's employer keeps her passport",
    );
    let answer = app.send(json(&first, JSON_SECRET)).await.json();
    assert!(answer["reply"].as_str().unwrap().starts_with("Thank you"));
    app.send(json(
        &chat("m-2", 0, "chat:user_42", "x"),
        "wrong-secret-0123456789",
    ))
    .await
    .error(403, "bad_signature");
    app.send(json(r#"{"from":"chat:user_42"}"#, JSON_SECRET))
        .await
        .error(400, "invalid_body");
    app.send(json(
        r#"{"from":"chat:user_42","text":"no id"}"#,
        JSON_SECRET,
    ))
    .await
    .error(400, "invalid_body");
    // Sent an hour ago (or recorded and replayed later): refused.
    app.send(json(
        &chat("m-3", 3600, "chat:user_42", "late"),
        JSON_SECRET,
    ))
    .await
    .error(422, "stale_message");
    // At the end of time: refused, with no overflow.
    let hostile = format!(
        r#"{{"id":"m-4","sent_at":{},"from":"chat:user_42","text":"x"}}"#,
        i64::MIN
    );
    app.send(json(&hostile, JSON_SECRET))
        .await
        .error(422, "stale_message");
    let chat_id = app
        .db
        .scalar("SELECT id FROM reports WHERE channel = 'chat'")
        .await;
    triage(
        &mut b,
        chat_id,
        &[("action", "reply"), ("text", "We are on it")],
    )
    .await;
    wait_for(&outbound, 2).await;
    let out = outbound.lock().unwrap()[1].clone();
    assert_eq!(out.path, "/outbound");
    assert_eq!(out.body, r#"{"text":"We are on it","to":"chat:user_42"}"#);
    assert_eq!(
        out.headers["x-faro-signature"].to_str().unwrap(),
        faro_web::notify::signature(JSON_SECRET, out.body.as_bytes())
    );
}

/// The same message delivered three times (a replay, or the gateway's retry) is stored once
/// and answered each time; a Twilio message without its id is refused.
async fn a_replayed_message_is_answered_and_stored_once(db: TestDb) {
    let (gateway, _outbound) = fake_http().await;
    let app = TestApp::configured(db, |s| {
        s.with_public_url(PUBLIC_URL)
            .with_gateways(channels(&gateway))
    })
    .await;
    let params = [
        ("From", NUMBER),
        ("Body", "Trabajadores encerrados"),
        ("MessageSid", "SMreplayed"),
    ];
    let mut replies = Vec::new();
    for _ in 0..3 {
        let r = app.send(twilio(&params, TWILIO_TOKEN)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        replies.push(r.body);
    }
    assert!(replies[0].contains("<Message>"));
    assert!(
        replies[1..].iter().all(|r| !r.contains("<Message>")),
        "no second reply"
    );
    let body = chat("m-9", 0, "chat:user_7", "They took our phones");
    for _ in 0..3 {
        app.send(json(&body, JSON_SECRET)).await.json();
    }
    assert_eq!(app.db.scalar("SELECT COUNT(*) FROM reports").await, 2);
    assert_eq!(
        app.db.scalar("SELECT COUNT(*) FROM report_messages").await,
        2
    );
    let owned = [
        ("From".to_string(), NUMBER.to_string()),
        ("Body".to_string(), "x".to_string()),
    ];
    let signature = twilio_signature(TWILIO_TOKEN, &format!("{PUBLIC_URL}/sms/tw"), &owned);
    let without = Request::post("/sms/tw")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-twilio-signature", signature)
        .body(Body::from("From=%2B351912345678&Body=x"))
        .unwrap();
    app.send(without).await.error(400, "no_message_id");
}

async fn a_gateway_that_refuses_a_reply_is_said_on_the_page(db: TestDb) {
    let mut broken = channels("http://127.0.0.1:9");
    broken.truncate(1);
    let app =
        TestApp::configured(db, |s| s.with_public_url(PUBLIC_URL).with_gateways(broken)).await;
    app.send(twilio(&[("From", NUMBER), ("Body", "Help")], TWILIO_TOKEN))
        .await;
    let mut b = signed_in(&app, faro_domain::Role::Operator).await;
    let id = app.db.scalar("SELECT id FROM reports").await;
    let sent = triage(&mut b, id, &[("action", "reply"), ("text", "Hello")]).await;
    assert_eq!(
        sent.headers["location"],
        format!("/inbox/{id}?done=not_relayed")
    );
    let page = b
        .get(&format!("/inbox/{id}?done=not_relayed&lang=en"))
        .await;
    assert!(
        page.body.contains("the SMS gateway did not take it"),
        "{}",
        page.body
    );
    assert_eq!(
        app.db
            .scalar("SELECT COUNT(*) FROM report_messages WHERE kind = 'staff'")
            .await,
        1,
        "the reply is kept"
    );
}

async fn urgent_reports_notify_the_staff_on_duty_without_their_content(db: TestDb) {
    let (port, mails) = smtp_sink().await;
    let (hook, posts) = fake_http().await;
    let notify = faro_web::notify::Notify {
        email: Some(faro_web::notify::Email {
            smtp_url: format!("smtp://127.0.0.1:{port}"),
            from: "Faro <faro@test.invalid>".parse().unwrap(),
            to: vec!["duty@test.invalid".parse().unwrap()],
        }),
        webhook: Some(faro_web::notify::Webhook {
            url: format!("{hook}/urgent"),
            secret: "webhook-secret-0123456789".into(),
        }),
        inbox_url: "https://faro.example.org".into(),
        lang: faro_i18n::Lang::REFERENCE,
    };
    let app = TestApp::configured(db, |s| s.with_notify(notify)).await;
    let mut b = Browser::new(&app);
    for (urgent, what) in [
        ("0", "Calm report"),
        ("1", "Girl held in the back room of the bar"),
    ] {
        let form = b.get("/report?lang=en&danger=no").await;
        let nonce = {
            let start = form.body.find("name=\"nonce\" value=\"").unwrap() + 20;
            form.body[start..start + 32].to_string()
        };
        let boundary = "b0undary";
        let mut body = String::new();
        for (k, v) in [
            ("csrf", b.csrf.as_str()),
            ("nonce", &nonce),
            ("what", what),
            ("urgent", urgent),
        ] {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let r = b
            .send(
                Request::post("/report?lang=en").header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                ),
                Body::from(body),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    wait_for(&mails, 1).await;
    wait_for(&posts, 1).await;
    // Quoted-printable: soft line breaks joined.
    let mails: Vec<String> = mails
        .lock()
        .unwrap()
        .iter()
        .map(|m| m.replace("=\n", "").replace("=3D", "="))
        .collect();
    assert_eq!(mails.len(), 1, "only the urgent report is notified");
    assert!(
        mails[0].contains("Subject: Faro: an urgent report arrived"),
        "{}",
        mails[0]
    );
    assert!(
        mails[0].contains("https://faro.example.org/inbox?urgent=true"),
        "{}",
        mails[0]
    );
    assert!(
        !mails[0].contains("Girl") && !mails[0].contains("back room"),
        "no content: {}",
        mails[0]
    );
    let posts = posts.lock().unwrap().clone();
    assert_eq!(posts.len(), 1);
    let notice: serde_json::Value = serde_json::from_str(&posts[0].body).unwrap();
    assert_eq!(notice["event"], "urgent_report");
    assert_eq!(notice["organisation"], 1);
    assert_eq!(notice["hour"].as_i64().unwrap() % 3600, 0);
    assert_eq!(
        posts[0].headers["x-faro-signature"].to_str().unwrap(),
        faro_web::notify::signature("webhook-secret-0123456789", posts[0].body.as_bytes())
    );
    assert!(!posts[0].body.contains("Girl"));
}

on_both_backends!(
    a_replayed_message_is_answered_and_stored_once,
    an_sms_conversation_goes_both_ways_through_the_gateway,
    a_gateway_that_refuses_a_reply_is_said_on_the_page,
    urgent_reports_notify_the_staff_on_duty_without_their_content,
);
