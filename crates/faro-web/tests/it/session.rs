//! Signing in with a password (and a second factor), sessions, CSRF, throttling and
//! set-password links, through the real router and a cookie-keeping browser, on both backends.

use super::app::{Browser, TestApp, person};
use faro_domain::{AccessContext, Role};
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};

const PASSWORD: &str = "correct horse battery";

async fn signing_in_sets_a_strict_cookie_and_each_sign_in_is_a_new_session(db: TestDb) {
    let app = TestApp::new(db).await;
    let email = person(
        app.db.store(),
        DEFAULT_ORGANISATION,
        Role::Analyst,
        PASSWORD,
    )
    .await;
    let mut browser = Browser::new(&app);
    let form = browser.get("/sign-in").await;
    assert_eq!(form.status, 200);
    let wrong = browser.sign_in(&email, "not the password", "").await;
    assert_eq!(wrong.status, 401);
    assert!(
        wrong
            .body
            .contains("The e-mail, password or code is not right"),
        "{}",
        wrong.body
    );
    let unknown = browser.sign_in("nobody@test.invalid", PASSWORD, "").await;
    assert_eq!(unknown.status, 401, "an unknown account looks the same");
    assert!(
        unknown
            .body
            .contains("The e-mail, password or code is not right")
    );
    let ok = browser.sign_in(&email.to_uppercase(), PASSWORD, "").await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let cookie = ok
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("faro_session="))
        .unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: no Secure flag");
    let first = browser.cookies["faro_session"].clone();
    let account = browser.get("/account").await;
    assert!(account.body.contains(&email), "{}", account.body);
    let mut second = Browser::new(&app);
    second.sign_in(&email, PASSWORD, "").await;
    assert_ne!(
        second.cookies["faro_session"], first,
        "a new session at every sign-in"
    );
    // A session id planted before sign-in is replaced, never adopted.
    let planted = format!("fs_{}", "a".repeat(64));
    let mut fixed = Browser::new(&app);
    fixed.cookies.insert("faro_session".into(), planted.clone());
    assert_eq!(fixed.sign_in(&email, PASSWORD, "").await.status, 303);
    assert_ne!(fixed.cookies["faro_session"], planted);
    assert_eq!(fixed.get("/account").await.status, 200);
    let entries = app.db.store().audit_entries().await.unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "sign_in").count(), 3);
    assert_eq!(
        actions.iter().filter(|a| **a == "sign_in.failed").count(),
        2
    );
    assert!(
        entries
            .iter()
            .all(|e| !e.detail.contains(PASSWORD) && !e.detail.contains("not the password")),
        "no password reaches the audit log"
    );
    assert!(
        entries
            .iter()
            .all(|e| !e.actor.contains("nobody@") && !e.detail.contains("nobody@")),
        "an unknown e-mail (maybe a mistyped password) is not kept"
    );
}

async fn secure_cookies_behind_https(db: TestDb) {
    let app = TestApp::configured(db, |s| s.with_public_url("https://faro.example.org")).await;
    let email = person(app.db.store(), DEFAULT_ORGANISATION, Role::Viewer, PASSWORD).await;
    let mut browser = Browser::new(&app);
    let ok = browser.sign_in(&email, PASSWORD, "").await;
    let cookies: Vec<&str> = ok
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(cookies.iter().all(|c| c.contains("Secure")), "{cookies:?}");
}

async fn every_form_needs_its_csrf_token(db: TestDb) {
    let app = TestApp::new(db).await;
    let email = person(
        app.db.store(),
        DEFAULT_ORGANISATION,
        Role::Analyst,
        PASSWORD,
    )
    .await;
    let mut browser = Browser::new(&app);
    browser.get("/sign-in").await;
    let csrf = browser.csrf.clone();
    let no_token = browser
        .post("/sign-in", &[("email", &email), ("password", PASSWORD)])
        .await;
    assert_eq!(no_token.status, 403);
    assert!(
        no_token
            .body
            .contains("This form has expired or did not come from this site")
    );
    let mut stranger = Browser::new(&app);
    let forged = stranger
        .post(
            "/sign-in",
            &[("csrf", &csrf), ("email", &email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(forged.status, 403, "a token without its cookie is refused");
    assert_eq!(browser.sign_in(&email, PASSWORD, "").await.status, 303);
    let fields = [("name", "script"), ("role", "viewer"), ("days", "7")];
    let missing = browser.post("/account/tokens", &fields).await;
    assert_eq!(missing.status, 403);
    let mut other = Browser::new(&app);
    other
        .sign_in(
            &person(
                app.db.store(),
                DEFAULT_ORGANISATION,
                Role::Analyst,
                PASSWORD,
            )
            .await,
            PASSWORD,
            "",
        )
        .await;
    let theirs = other.csrf.clone();
    let wrong = new_token(&mut browser, theirs.as_str(), "script", "viewer", "7").await;
    assert_eq!(wrong.status, 403, "another session's token does not do");
    let own = browser.csrf.clone();
    let created = new_token(&mut browser, own.as_str(), "script", "viewer", "7").await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.headers["cache-control"], "no-store");
    let secret = created.text_of("new-token");
    assert!(secret.starts_with("faro_"));
    assert_eq!(
        app.get_as(&secret, "/api/v1/aggregate?by=year")
            .await
            .status,
        200
    );
    app.get_as(&secret, "/api/v1/records")
        .await
        .error(403, "forbidden");
    let wider = new_token(&mut browser, own.as_str(), "x", "admin", "7").await;
    assert_eq!(
        wider.status, 403,
        "no token wider than its user: {}",
        wider.body
    );
    for days in ["0", "366", "seven", ""] {
        let bad = new_token(&mut browser, own.as_str(), "x", "viewer", days).await;
        assert_eq!(bad.status, 422, "days {days:?}");
        assert!(bad.body.contains("whole number of days from 1 to 365"));
    }
    let unknown = new_token(&mut browser, own.as_str(), "x", "root", "3").await;
    assert_eq!(
        unknown.status, 422,
        "an unknown role is refused, not replaced"
    );
    assert!(unknown.body.contains("Choose one of the listed roles"));
    let long_name = "n".repeat(101);
    let bad = new_token(&mut browser, own.as_str(), &long_name, "viewer", "3").await;
    assert_eq!(bad.status, 422);
}

/// Submits the account page's token form.
async fn new_token(
    b: &mut Browser<'_>,
    csrf: &str,
    name: &str,
    role: &str,
    days: &str,
) -> super::app::Reply {
    b.post(
        "/account/tokens",
        &[
            ("csrf", csrf),
            ("name", name),
            ("role", role),
            ("days", days),
        ],
    )
    .await
}

async fn signing_out_ends_the_session_and_everywhere_ends_them_all(db: TestDb) {
    let app = TestApp::new(db).await;
    let email = person(
        app.db.store(),
        DEFAULT_ORGANISATION,
        Role::Operator,
        PASSWORD,
    )
    .await;
    let (mut laptop, mut phone, mut tablet) =
        (Browser::new(&app), Browser::new(&app), Browser::new(&app));
    for b in [&mut laptop, &mut phone, &mut tablet] {
        assert_eq!(b.sign_in(&email, PASSWORD, "").await.status, 303);
    }
    let stolen = laptop.cookies["faro_session"].clone();
    let csrf = laptop.csrf.clone();
    let out = laptop.post("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    assert!(
        !laptop.cookies.contains_key("faro_session"),
        "the cookie is cleared"
    );
    laptop.cookies.insert("faro_session".into(), stolen);
    let after = laptop.get("/account").await;
    assert_eq!(
        (after.status.as_u16(), &after.headers["location"]),
        (303, &"/sign-in".parse().unwrap())
    );
    assert_eq!(
        phone.get("/account").await.status,
        200,
        "other sessions go on"
    );
    let csrf = phone.csrf.clone();
    assert_eq!(
        phone
            .post("/account/sign-out-everywhere", &[("csrf", &csrf)])
            .await
            .status,
        303
    );
    assert_eq!(tablet.get("/account").await.status, 303);
    assert_eq!(phone.get("/account").await.status, 303);
}

async fn sessions_expire_when_idle_and_at_their_absolute_limit(db: TestDb) {
    let app = TestApp::new(db).await;
    let email = person(app.db.store(), DEFAULT_ORGANISATION, Role::Viewer, PASSWORD).await;
    let (mut idle, mut old, mut fresh) =
        (Browser::new(&app), Browser::new(&app), Browser::new(&app));
    for b in [&mut idle, &mut old, &mut fresh] {
        b.sign_in(&email, PASSWORD, "").await;
    }
    let ids: Vec<i64> = sqlx_ids(&app.db).await;
    assert_eq!(ids.len(), 3);
    app.db
        .execute(&format!(
            "UPDATE sessions SET seen_at = seen_at - {} WHERE id = {}",
            faro_store::SESSION_IDLE_SECS + 1,
            ids[0]
        ))
        .await;
    app.db
        .execute(&format!(
            "UPDATE sessions SET created_at = created_at - {} WHERE id = {}",
            faro_store::SESSION_MAX_SECS + 1,
            ids[1]
        ))
        .await;
    assert_eq!(idle.get("/account").await.status, 303);
    assert_eq!(
        old.get("/account").await.status,
        303,
        "activity does not extend past the limit"
    );
    assert_eq!(fresh.get("/account").await.status, 200);
    assert_eq!(
        app.db.scalar("SELECT COUNT(*) FROM sessions").await,
        1,
        "expired rows are removed"
    );
    // A disabled user's live session ends at once.
    app.db
        .store()
        .disable_user(&AccessContext::instance(), &email)
        .await
        .unwrap();
    assert_eq!(fresh.get("/account").await.status, 303);
}

async fn sqlx_ids(db: &TestDb) -> Vec<i64> {
    let n = db.scalar("SELECT COUNT(*) FROM sessions").await;
    let first = db.scalar("SELECT MIN(id) FROM sessions").await;
    (0..n).map(|i| first + i).collect()
}

async fn failed_sign_ins_are_throttled_per_account_and_per_client(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let email = person(&store, DEFAULT_ORGANISATION, Role::Analyst, PASSWORD).await;
    let mut browser = Browser::new(&app);
    for _ in 0..faro_web::ACCOUNT_LIMIT {
        assert_eq!(
            browser
                .sign_in(&email, "guess guess guess", "")
                .await
                .status,
            401
        );
    }
    let held = browser.sign_in(&email, PASSWORD, "").await;
    assert_eq!(held.status, 429, "even the right password waits");
    assert!(held.body.contains("Too many failed sign-ins"));
    let wait: u64 = held.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((60..=900).contains(&wait), "{wait}");
    let other = person(&store, DEFAULT_ORGANISATION, Role::Analyst, PASSWORD).await;
    assert_eq!(
        browser.sign_in(&other, PASSWORD, "").await.status,
        303,
        "other accounts go on"
    );

    let mut attacker = Browser::new(&app);
    attacker.peer = Some("203.0.113.9:4000".parse().unwrap());
    for i in 0..faro_web::CLIENT_LIMIT {
        attacker
            .sign_in(&format!("guess{i}@test.invalid"), "guess guess guess", "")
            .await;
    }
    let fresh = person(&store, DEFAULT_ORGANISATION, Role::Viewer, PASSWORD).await;
    assert_eq!(
        attacker.sign_in(&fresh, PASSWORD, "").await.status,
        429,
        "the client is held"
    );
    let mut neighbour = Browser::new(&app);
    neighbour.peer = Some("203.0.113.10:4000".parse().unwrap());
    assert_eq!(neighbour.sign_in(&fresh, PASSWORD, "").await.status, 303);
}

/// The outside review's race: 40 wrong passwords for one account at once. Each attempt is
/// counted before its password is checked, so at most the limit are checked; the rest wait
/// (429) or, when every hashing slot is taken, are told to come back (503).
async fn parallel_sign_ins_cannot_race_past_the_throttle(db: TestDb) {
    let app = TestApp::configured(db, |s| s.with_hashing_slots(2)).await;
    let store = app.db.store().clone();
    let email = person(&store, DEFAULT_ORGANISATION, Role::Analyst, PASSWORD).await;
    let mut browser = Browser::new(&app);
    browser.get("/sign-in").await;
    let cookie = browser
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf", browser.csrf.as_str()),
            ("email", &email),
            ("password", "guess guess guess"),
        ])
        .finish();
    let requests = (0..40).map(|_| {
        let request = axum::http::Request::post("/sign-in")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie.clone())
            .body(axum::body::Body::from(body.clone()))
            .unwrap();
        app.send(request)
    });
    let replies = futures_util::future::join_all(requests).await;
    let status = |code: u16| replies.iter().filter(|r| r.status.as_u16() == code).count();
    assert_eq!(status(401) + status(429) + status(503), 40);
    assert!(
        status(401) <= faro_web::ACCOUNT_LIMIT as usize,
        "{} checked",
        status(401)
    );
    let checked = store
        .audit_entries()
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "sign_in.failed")
        .count();
    assert!(
        checked <= faro_web::ACCOUNT_LIMIT as usize,
        "{checked} passwords checked"
    );
    if let Some(busy) = replies.iter().find(|r| r.status.as_u16() == 503) {
        assert_eq!(busy.headers["retry-after"], "1");
    }
    // With no hashing slot free, a sign-in is refused before any password is checked.
    let full = TestApp::configured(TestDb::sqlite().await, |s| s.with_hashing_slots(0)).await;
    let someone = person(
        full.db.store(),
        DEFAULT_ORGANISATION,
        Role::Viewer,
        PASSWORD,
    )
    .await;
    let busy = Browser::new(&full).sign_in(&someone, PASSWORD, "").await;
    assert_eq!(busy.status, 503);
    assert!(busy.body.contains("busy"), "{}", busy.body);
}

async fn behind_a_trusted_proxy_the_forwarded_client_is_throttled(db: TestDb) {
    let proxy: std::net::IpAddr = "10.0.0.2".parse().unwrap();
    let app = TestApp::configured(db, move |s| s.with_trusted_proxy(proxy)).await;
    let email = person(app.db.store(), DEFAULT_ORGANISATION, Role::Viewer, PASSWORD).await;
    let attempt = |client: &'static str, password: &'static str, email: String| {
        let app = &app;
        async move {
            let mut b = Browser::new(app);
            b.peer = Some("10.0.0.2:5000".parse().unwrap());
            b.get("/sign-in").await;
            let csrf = b.csrf.clone();
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs([
                    ("csrf", csrf.as_str()),
                    ("email", &email),
                    ("password", password),
                ])
                .finish();
            b.send(
                axum::http::Request::post("/sign-in")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("x-forwarded-for", format!("198.51.100.1, {client}")),
                axum::body::Body::from(body),
            )
            .await
            .status
            .as_u16()
        }
    };
    for i in 0..faro_web::CLIENT_LIMIT {
        attempt(
            "192.0.2.50",
            "guess guess guess",
            format!("g{i}@test.invalid"),
        )
        .await;
    }
    assert_eq!(attempt("192.0.2.50", PASSWORD, email.clone()).await, 429);
    assert_eq!(
        attempt("192.0.2.51", PASSWORD, email).await,
        303,
        "another client behind the proxy"
    );
}

async fn two_factor_sign_in_needs_a_fresh_code(db: TestDb) {
    let app = TestApp::new(db).await;
    let email = person(app.db.store(), DEFAULT_ORGANISATION, Role::Admin, PASSWORD).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&email, PASSWORD, "").await;
    let csrf = browser.csrf.clone();
    let setup = browser
        .post("/account/two-factor", &[("csrf", &csrf)])
        .await;
    assert_eq!(setup.status, 200, "{}", setup.body);
    let secret = setup.text_of("totp-secret");
    assert!(
        setup.body.contains("otpauth://totp/Faro:"),
        "{}",
        setup.body
    );
    let stored: String = {
        let n = app
            .db
            .scalar("SELECT COUNT(*) FROM users WHERE totp_secret LIKE 'v1.%'")
            .await;
        assert_eq!(n, 1, "the secret is stored encrypted");
        secret.clone()
    };
    let wrong = browser
        .post(
            "/account/two-factor/confirm",
            &[("csrf", &csrf), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("not the current code"));
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let code = faro_store::totp_code_for_tests(&stored, now).unwrap();
    let on = browser
        .post(
            "/account/two-factor/confirm",
            &[("csrf", &csrf), ("code", &code)],
        )
        .await;
    assert_eq!(on.status, 200, "{}", on.body);
    assert!(on.body.contains("Two-factor sign-in is on"));
    let mut next = Browser::new(&app);
    assert_eq!(
        next.sign_in(&email, PASSWORD, "").await.status,
        401,
        "the password alone is not enough"
    );
    assert_eq!(
        next.sign_in(&email, PASSWORD, &code).await.status,
        401,
        "a used code is not accepted again"
    );
    let later = faro_store::totp_code_for_tests(&stored, now + 30).unwrap();
    assert_eq!(next.sign_in(&email, PASSWORD, &later).await.status, 303);
    let failures: Vec<String> = app
        .db
        .store()
        .audit_entries()
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "sign_in.failed")
        .map(|e| e.detail)
        .collect();
    assert_eq!(failures, vec![r#"{"reason":"second factor"}"#; 2]);
    // A lost phone: an admin of the organisation turns the second factor off.
    let mut admin = Browser::new(&app);
    let admin_email = person(app.db.store(), DEFAULT_ORGANISATION, Role::Admin, PASSWORD).await;
    admin.sign_in(&admin_email, PASSWORD, "").await;
    assert!(
        admin
            .get("/admin")
            .await
            .body
            .contains("/admin/users/reset-two-factor")
    );
    let csrf = admin.csrf.clone();
    let off = admin
        .post(
            "/admin/users/reset-two-factor",
            &[("csrf", &csrf), ("email", &email)],
        )
        .await;
    assert_eq!(off.status, 303, "{}", off.body);
    assert_eq!(
        next.get("/account").await.status,
        303,
        "their sessions ended"
    );
    assert_eq!(
        Browser::new(&app)
            .sign_in(&email, PASSWORD, "")
            .await
            .status,
        303
    );
}

async fn a_set_password_link_works_once_and_ends_old_sessions(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let email = person(&store, DEFAULT_ORGANISATION, Role::Analyst, PASSWORD).await;
    let mut old = Browser::new(&app);
    old.sign_in(&email, PASSWORD, "").await;
    let link = store
        .password_link(&AccessContext::instance(), &email)
        .await
        .unwrap();
    let mut b = Browser::new(&app);
    let form = b.get(&format!("/set-password?token={link}")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(&email));
    let spanish = b.get(&format!("/set-password?token={link}&lang=es")).await;
    assert!(
        spanish
            .body
            .contains(&format!("href=\"/set-password?token={link}&#38;lang=en\"")),
        "the language link keeps the token: {}",
        spanish.body
    );
    b.get(&format!("/set-password?token={link}&lang=en")).await;
    let differ = set_password(&mut b, &link, "a new pass phrase", "a new pass phrasE").await;
    assert_eq!(differ.status, 422);
    assert!(differ.body.contains("not the same"));
    let short = set_password(&mut b, &link, "short", "short").await;
    assert_eq!(short.status, 422);
    assert!(short.body.contains("at least 12 characters"));
    let done = set_password(&mut b, &link, "a new pass phrase", "a new pass phrase").await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(
        old.get("/account").await.status,
        303,
        "sessions with the old password end"
    );
    let again = b.get(&format!("/set-password?token={link}")).await;
    assert_eq!(again.status, 404);
    assert!(again.body.contains("This link is not valid"));
    assert_eq!(b.sign_in(&email, PASSWORD, "").await.status, 401);
    assert_eq!(
        Browser::new(&app)
            .sign_in(&email, "a new pass phrase", "")
            .await
            .status,
        303
    );
    let expired = store
        .password_link(&AccessContext::instance(), &email)
        .await
        .unwrap();
    app.db
        .execute("UPDATE password_links SET expires_at = expires_at - 100000")
        .await;
    assert_eq!(
        b.get(&format!("/set-password?token={expired}"))
            .await
            .status,
        404
    );
    for hostile in ["", "fl_", "fl_zz", "' OR 1=1 --", &"f".repeat(5000)] {
        let r = b
            .get(&format!(
                "/set-password?token={}",
                form_urlencoded::byte_serialize(hostile.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(r.status, 404, "{hostile:?}");
    }
}

/// Submits the set-password form as a person would.
async fn set_password(
    b: &mut Browser<'_>,
    link: &str,
    password: &str,
    again: &str,
) -> super::app::Reply {
    let csrf = b.csrf.clone();
    b.post(
        "/set-password",
        &[
            ("csrf", &csrf),
            ("token", link),
            ("password", password),
            ("again", again),
        ],
    )
    .await
}

async fn admins_manage_their_own_organisations_users_only(db: TestDb) {
    let app = TestApp::configured(db, |s| s.with_public_url("https://faro.example.org/")).await;
    let store = app.db.store().clone();
    let red = store
        .create_organisation(&AccessContext::instance(), "Red")
        .await
        .unwrap();
    let outsider = person(&store, red, Role::Analyst, PASSWORD).await;
    let admin = person(&store, DEFAULT_ORGANISATION, Role::Admin, PASSWORD).await;
    let mut b = Browser::new(&app);
    b.sign_in(&admin, PASSWORD, "").await;
    let page = b.get("/admin").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&admin) && !page.body.contains(&outsider),
        "only the own organisation's users"
    );
    let csrf = b.csrf.clone();
    let created = b
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("email", "New.Person@test.invalid"),
                ("role", "operator"),
            ],
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let link = created.text_of("password-link");
    assert!(
        link.starts_with("https://faro.example.org/set-password?token=fl_"),
        "{link}"
    );
    let taken = b
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("email", "new.person@test.invalid"),
                ("role", "operator"),
            ],
        )
        .await;
    assert_eq!(taken.status, 409);
    for bad in ["not an address", "a@b", "@test.invalid", "x y@test.invalid"] {
        let r = b
            .post(
                "/admin/users",
                &[("csrf", &csrf), ("email", bad), ("role", "operator")],
            )
            .await;
        assert_eq!(r.status, 422, "{bad}");
        assert!(r.body.contains("name@example.org"));
    }
    let r = b
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("email", "ok@test.invalid"),
                ("role", "root"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    let token = link.split("token=").nth(1).unwrap();
    let mut newcomer = Browser::new(&app);
    newcomer.get(&format!("/set-password?token={token}")).await;
    let c = newcomer.csrf.clone();
    newcomer
        .post(
            "/set-password",
            &[
                ("csrf", &c),
                ("token", token),
                ("password", "my own pass phrase"),
                ("again", "my own pass phrase"),
            ],
        )
        .await;
    assert_eq!(
        newcomer
            .sign_in("new.person@test.invalid", "my own pass phrase", "")
            .await
            .status,
        303
    );
    let own = b
        .post(
            "/admin/users/disable",
            &[("csrf", &csrf), ("email", &admin)],
        )
        .await;
    assert_eq!(own.status, 403, "an admin does not disable themself");
    let demote_self = b
        .post(
            "/admin/users/role",
            &[("csrf", &csrf), ("email", &admin), ("role", "viewer")],
        )
        .await;
    assert_eq!(demote_self.status, 403, "nor changes their own role");
    // A new role takes effect at once; tokens wider than it stop working.
    let newcomer_user = store.user("new.person@test.invalid").await.unwrap();
    let wide = store
        .create_token(
            &AccessContext::instance(),
            &newcomer_user,
            None,
            &faro_testkit::token_name("wide"),
            3600,
        )
        .await
        .unwrap();
    assert_eq!(newcomer.get("/api/v1/records").await.status, 200);
    let demoted = b
        .post(
            "/admin/users/role",
            &[
                ("csrf", &csrf),
                ("email", "new.person@test.invalid"),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(demoted.status, 303, "{}", demoted.body);
    newcomer
        .get("/api/v1/records")
        .await
        .error(403, "forbidden");
    app.get_as(&wide.secret, "/api/v1/sources")
        .await
        .error(401, "unauthenticated");
    let bad_role = b
        .post(
            "/admin/users/role",
            &[
                ("csrf", &csrf),
                ("email", "new.person@test.invalid"),
                ("role", "root"),
            ],
        )
        .await;
    assert_eq!(bad_role.status, 422);
    assert_eq!(b.get("/admin").await.status, 200);
    let foreign = b
        .post(
            "/admin/users/disable",
            &[("csrf", &csrf), ("email", &outsider)],
        )
        .await;
    assert_eq!(
        foreign.status, 404,
        "another organisation's user does not exist here"
    );
    let foreign_link = b
        .post(
            "/admin/users/password-link",
            &[("csrf", &csrf), ("email", &outsider)],
        )
        .await;
    assert_eq!(foreign_link.status, 404);
    assert_eq!(
        b.post(
            "/admin/users/disable",
            &[("csrf", &csrf), ("email", "new.person@test.invalid")]
        )
        .await
        .status,
        303
    );
    assert_eq!(
        newcomer.get("/account").await.status,
        303,
        "disabled: signed out"
    );
    let audit = b.get("/admin/audit").await;
    assert_eq!(audit.status, 200);
    for action in [
        "user.create",
        "user.password_link",
        "user.disable",
        "sign_in",
    ] {
        assert!(audit.body.contains(action), "{action}: {}", audit.body);
    }
    let mut red_admin = Browser::new(&app);
    red_admin
        .sign_in(
            &person(&store, red, Role::Admin, PASSWORD).await,
            PASSWORD,
            "",
        )
        .await;
    let theirs = red_admin.get("/admin/audit").await;
    assert!(
        !theirs.body.contains("new.person") && !theirs.body.contains("user.disable"),
        "{}",
        theirs.body
    );
}

async fn the_audit_page_pages_through_the_organisations_chain(db: TestDb) {
    let app = TestApp::new(db).await;
    let admin = person(app.db.store(), DEFAULT_ORGANISATION, Role::Admin, PASSWORD).await;
    let mut b = Browser::new(&app);
    b.sign_in(&admin, PASSWORD, "").await;
    for _ in 0..60 {
        app.get("/api/v1/records/999999").await;
        app.db
            .store()
            .audit(
                &AccessContext::member(DEFAULT_ORGANISATION, Role::Admin),
                "records.read",
                serde_json::json!({"ids": []}),
            )
            .await
            .unwrap();
    }
    let first = b.get("/admin/audit").await;
    let rows = first.body.matches("<tr><td>").count();
    assert_eq!(rows, 50);
    let next = first
        .body
        .split("href=\"/admin/audit?before=")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let second = b.get(&format!("/admin/audit?before={next}")).await;
    assert!(second.body.matches("<tr><td>").count() > 10);
    assert_eq!(b.get("/admin/audit?before=abc").await.status, 400);
}

async fn a_signed_in_browser_uses_the_api_and_must_send_the_csrf_header_to_change_anything(
    db: TestDb,
) {
    let (app, _) = TestApp::new(db).await.with_records(3, 4).await;
    let email = person(
        app.db.store(),
        DEFAULT_ORGANISATION,
        Role::Analyst,
        PASSWORD,
    )
    .await;
    let mut b = Browser::new(&app);
    b.sign_in(&email, PASSWORD, "").await;
    let page = b.get("/api/v1/records?limit=2").await;
    assert_eq!(page.status, 200);
    let id = page.json()["records"][0]["id"].as_i64().unwrap();
    let uri = format!("/api/v1/records/{id}/notes");
    let post = |csrf: Option<String>| {
        let mut r =
            axum::http::Request::post(uri.clone()).header("content-type", "application/json");
        if let Some(c) = csrf {
            r = r.header("x-csrf-token", c);
        }
        r
    };
    let body = || axum::body::Body::from(r#"{"text":"moved at night"}"#);
    b.send(post(None), body()).await.error(403, "csrf");
    b.send(post(Some("0".repeat(64))), body())
        .await
        .error(403, "csrf");
    let csrf = b.csrf.clone();
    assert_eq!(b.send(post(Some(csrf)), body()).await.status, 201);
    let notes = b.get(&uri).await.json();
    assert_eq!(notes["notes"][0]["text"], "moved at night");
    // Authors are named by user id, never by e-mail: every record reader sees them.
    let author = notes["notes"][0]["author"].as_str().unwrap();
    assert!(
        author.starts_with("user ") && !author.contains('@'),
        "{author}"
    );
    assert!(!email.is_empty());
}

async fn hostile_forms_get_clear_refusals(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let csrf = b.csrf.clone();
    let huge = "p".repeat(2 << 20);
    let r = b
        .post(
            "/sign-in",
            &[
                ("csrf", &csrf),
                ("email", "a@test.invalid"),
                ("password", &huge),
            ],
        )
        .await;
    assert_eq!(r.status, 413);
    let r = b
        .send(
            axum::http::Request::post("/sign-in")
                .header("content-type", "application/x-www-form-urlencoded"),
            axum::body::Body::from(format!("csrf={csrf}&email=%FF%FE&password=x")),
        )
        .await;
    assert_eq!(
        r.status, 401,
        "bytes that are not UTF-8 are replaced, and match nobody: {}",
        r.body
    );
    let long = "e".repeat(10_000);
    let r = b
        .post(
            "/sign-in",
            &[
                ("csrf", &b.csrf.clone()),
                ("email", &long),
                ("password", &"x".repeat(300)),
            ],
        )
        .await;
    assert_eq!(r.status, 401);
    assert!(
        !r.body.contains(&long),
        "the e-mail is cut before it is shown again"
    );
    let r = b
        .post(
            "/sign-in",
            &[
                ("csrf", &b.csrf.clone()),
                ("email", "<script>alert(1)</script>@x.invalid"),
                ("password", "x"),
            ],
        )
        .await;
    assert!(!r.body.contains("<script>alert"), "values are escaped");
    let r = b
        .send(
            axum::http::Request::post("/sign-in").header("content-type", "application/json"),
            axum::body::Body::from("{}"),
        )
        .await;
    assert_eq!(r.status, 403, "not a form: no token");
}

/// Staff read each other by the name they chose (or their admin chose), never "user 2": on
/// the admin and audit pages; the ids stay in the audit data and in each name's title.
async fn staff_are_shown_by_the_name_they_chose(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store().clone();
    let admin = person(&store, DEFAULT_ORGANISATION, Role::Admin, PASSWORD).await;
    let mut a = Browser::new(&app);
    a.sign_in(&admin, PASSWORD, "").await;
    let page = a.get("/admin?lang=en").await;
    let csrf = a.csrf.clone();
    assert!(page.body.contains("Name shown to colleagues"));
    // A bad name refuses the whole new user and keeps what was typed.
    let long = "n".repeat(61);
    for bad in [long.as_str(), "Ana\u{7}"] {
        let refused = a
            .post(
                "/admin/users",
                &[
                    ("csrf", &csrf),
                    ("email", "ana@test.invalid"),
                    ("role", "operator"),
                    ("display_name", bad),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{bad:?}");
        assert!(refused.body.contains("Give a name of 1 to 60 characters"));
        assert!(refused.body.contains("value=\"ana@test.invalid\""));
        assert!(store.user("ana@test.invalid").await.is_err(), "not created");
    }
    let made = a
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("email", "ana@test.invalid"),
                ("role", "operator"),
                ("display_name", "  Ana R. "),
            ],
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    assert!(made.body.contains("<td>Ana R.</td>"), "{}", made.body);
    // Without a name, colleagues read the e-mail's part before the @.
    let operator = person(&store, DEFAULT_ORGANISATION, Role::Operator, PASSWORD).await;
    let local = operator.split('@').next().expect("an e-mail");
    let listed = a.get("/admin").await;
    assert!(listed.body.contains(&format!("<td>{local}</td>")));
    let mut o = Browser::new(&app);
    o.sign_in(&operator, PASSWORD, "").await;
    let account = o.get("/account?lang=fr").await;
    assert!(account.body.contains("Nom visible par les collègues"));
    let csrf_o = o.csrf.clone();
    let empty = o
        .post(
            "/account/name?lang=fr",
            &[("csrf", &csrf_o), ("display_name", " ")],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Donnez un nom de 1 à 60 caractères"));
    let named = o
        .post(
            "/account/name",
            &[("csrf", &csrf_o), ("display_name", "Luis")],
        )
        .await;
    assert_eq!(named.status, 303);
    assert!(o.get("/account").await.body.contains("value=\"Luis\""));
    // The admin corrects it; another organisation's admin cannot touch it.
    let fields = [
        ("csrf", csrf.as_str()),
        ("email", operator.as_str()),
        ("display_name", "Luis O."),
    ];
    assert_eq!(a.post("/admin/users/name", &fields).await.status, 303);
    let red = store
        .create_organisation(&AccessContext::instance(), "Red")
        .await
        .expect("an organisation");
    let red_admin = person(&store, red, Role::Admin, PASSWORD).await;
    let mut r = Browser::new(&app);
    r.sign_in(&red_admin, PASSWORD, "").await;
    let csrf_r = r.csrf.clone();
    let fields = [
        ("csrf", csrf_r.as_str()),
        ("email", operator.as_str()),
        ("display_name", "Mallory"),
    ];
    assert_eq!(r.post("/admin/users/name", &fields).await.status, 404);
    let user = store.user(&operator).await.expect("the operator");
    assert_eq!(user.display_name.as_deref(), Some("Luis O."));
    // The audit page names people and keeps their ids in the title.
    let audit = a.get("/admin/audit?lang=es").await;
    let shown = format!("<span title=\"user {}\">Luis O.</span>", user.id);
    assert!(audit.body.contains(&shown), "{}", audit.body);
    assert!(audit.body.contains("Nombre visible cambiado"));
    assert!(!audit.body.contains(&format!(">user {}<", user.id)));
    let entries = store
        .audit_page(
            &AccessContext::member(DEFAULT_ORGANISATION, Role::Admin),
            DEFAULT_ORGANISATION,
            None,
            10,
        )
        .await
        .expect("the chain");
    let change = entries
        .iter()
        .find(|e| e.action == "user.display_name")
        .expect("audited");
    assert!(change.actor.starts_with("user "), "ids stay in the data");
    assert!(!change.detail.contains("Luis"), "no name in the chain");
}

on_both_backends!(
    signing_in_sets_a_strict_cookie_and_each_sign_in_is_a_new_session,
    secure_cookies_behind_https,
    every_form_needs_its_csrf_token,
    signing_out_ends_the_session_and_everywhere_ends_them_all,
    sessions_expire_when_idle_and_at_their_absolute_limit,
    failed_sign_ins_are_throttled_per_account_and_per_client,
    parallel_sign_ins_cannot_race_past_the_throttle,
    behind_a_trusted_proxy_the_forwarded_client_is_throttled,
    two_factor_sign_in_needs_a_fresh_code,
    a_set_password_link_works_once_and_ends_old_sessions,
    admins_manage_their_own_organisations_users_only,
    the_audit_page_pages_through_the_organisations_chain,
    a_signed_in_browser_uses_the_api_and_must_send_the_csrf_header_to_change_anything,
    hostile_forms_get_clear_refusals,
    staff_are_shown_by_the_name_they_chose,
);

/// Without `--public-url`, a set-password link is shown whole, under the address the admin
/// reached the page at, with a word to check it; a Host that is not an address gives a path.
#[tokio::test]
async fn a_password_link_is_whole_under_the_admins_own_address() {
    let app = TestApp::new(TestDb::sqlite().await).await;
    let mut b = super::app::signed_in(&app, Role::Admin).await;
    for (n, host, starts) in [
        (
            1,
            "faro.test:8080",
            "http://faro.test:8080/set-password?token=fl_",
        ),
        (2, "evil.example/<x>", "/set-password?token=fl_"),
    ] {
        b.get("/admin").await;
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("csrf", b.csrf.as_str()),
                ("email", &format!("colleague{n}@test.invalid")),
                ("role", "operator"),
            ])
            .finish();
        let created = b
            .send(
                axum::http::Request::post("/admin/users")
                    .header("host", host)
                    .header("content-type", "application/x-www-form-urlencoded"),
                axum::body::Body::from(body),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let link = created.text_of("password-link");
        assert!(link.starts_with(starts), "{host}: {link}");
        assert!(
            created.body.contains("id=\"link-guessed\""),
            "the admin is asked to check it"
        );
    }
}
