//! A test application: the real router over a real database, called in-process.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use faro_testkit::TestDb;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestApp {
    pub db: TestDb,
    router: axum::Router,
    /// An admin token of the default organisation, sent by [`TestApp::get`].
    pub admin_token: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The text of the element with this id (a secret shown once, a link).
    pub fn text_of(&self, id: &str) -> String {
        let marker = format!("id=\"{id}\">");
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no element `{id}` in:\n{}", self.body))
            + marker.len();
        let end = self.body[start..].find('<').expect("the element closes");
        self.body[start..start + end].to_string()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Asserts a JSON error with this status and code, and returns it.
    pub fn error(&self, status: u16, code: &str) -> serde_json::Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        let v = self.json();
        assert_eq!(v["error"]["code"], code, "{}", self.body);
        assert!(
            v["error"]["message"].as_str().is_some_and(|m| m.len() > 10),
            "{}",
            self.body
        );
        v
    }
}

impl TestApp {
    /// Releases every source's marginals as `faro serve`'s runner would, under `policy`.
    pub async fn release_statistics(&self, policy: faro_privacy::Policy) {
        let cx = faro_web::services::Context {
            privacy: policy,
            ..faro_web::services::Context::new(self.db.store().clone())
        };
        faro_web::services::statistics::release_due(&cx)
            .await
            .expect("the sources are released");
    }

    pub async fn new(db: TestDb) -> TestApp {
        Self::configured(db, |s| s).await
    }

    /// The app over a state changed by `configure` (public URL, trusted proxy).
    pub async fn configured(
        db: TestDb,
        configure: impl FnOnce(faro_web::AppState) -> faro_web::AppState,
    ) -> TestApp {
        let router = faro_web::router(configure(faro_web::AppState::new(db.store().clone())));
        let admin_token = token(
            db.store(),
            faro_store::DEFAULT_ORGANISATION,
            faro_domain::Role::Admin,
        )
        .await;
        TestApp {
            db,
            router,
            admin_token,
        }
    }

    /// Imports `n` generated records as one source and returns its id.
    pub async fn with_records(self, seed: u64, n: usize) -> (TestApp, i64) {
        let id = faro_testkit::import_generated(self.db.store(), seed, n).await;
        (self, id)
    }

    /// GET as the default organisation's admin.
    pub async fn get(&self, uri: &str) -> Reply {
        self.get_as(&self.admin_token, uri).await
    }

    pub async fn get_as(&self, token: &str, uri: &str) -> Reply {
        let request = Request::get(uri).header("authorization", format!("Bearer {token}"));
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn anonymous(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

/// A fresh user of `org` in `role` and a one-day token of theirs.
pub async fn token(
    store: &faro_store::Store,
    org: faro_domain::OrganisationId,
    role: faro_domain::Role,
) -> String {
    let n = rand_suffix();
    let user = store
        .create_user(
            &faro_domain::AccessContext::instance(),
            org,
            &faro_testkit::email(format!("{n}@test.invalid")),
            role,
        )
        .await
        .unwrap();
    store
        .create_token(
            &faro_domain::AccessContext::instance(),
            &user,
            None,
            &faro_testkit::token_name("test"),
            86_400,
        )
        .await
        .unwrap()
        .secret
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "user{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh user of `org` in `role` who has set `password` through a one-time link; returns
/// the e-mail.
pub async fn person(
    store: &faro_store::Store,
    org: faro_domain::OrganisationId,
    role: faro_domain::Role,
    password: &str,
) -> String {
    let email = format!("{}@test.invalid", rand_suffix());
    let ctx = faro_domain::AccessContext::instance();
    store
        .create_user(&ctx, org, &faro_testkit::email(&email), role)
        .await
        .unwrap();
    let link = store.password_link(&ctx, &email).await.unwrap();
    store
        .set_password(&link, &faro_testkit::password(password))
        .await
        .unwrap();
    email
}

/// A browser over the in-process router: keeps cookies as a browser would and, when given,
/// arrives from a client address.
pub struct Browser<'a> {
    app: &'a TestApp,
    pub cookies: std::collections::BTreeMap<String, String>,
    pub peer: Option<std::net::SocketAddr>,
    /// The CSRF token of the last page that had a form.
    pub csrf: String,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: Default::default(),
            peer: None,
            csrf: String::new(),
        }
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        self.send(Request::get(uri), Body::empty()).await
    }

    /// Posts a form as given (add `("csrf", &b.csrf)` to send the token).
    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.send(
            Request::post(uri).header("content-type", "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    pub async fn send(&mut self, request: axum::http::request::Builder, body: Body) -> Reply {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut request = request.header("cookie", cookie).body(body).unwrap();
        if let Some(peer) = self.peer {
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        let reply = self.app.send(request).await;
        for set in reply.headers.get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let (pair, _) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || set.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.into(), value.into());
            }
        }
        if let Some(token) = csrf_of(&reply.body) {
            self.csrf = token;
        }
        reply
    }

    /// Signs in through the form, as a person would; returns the answer to the POST.
    pub async fn sign_in(&mut self, email: &str, password: &str, code: &str) -> Reply {
        self.get("/sign-in").await;
        let csrf = self.csrf.clone();
        let reply = self
            .post(
                "/sign-in",
                &[
                    ("csrf", &csrf),
                    ("email", email),
                    ("password", password),
                    ("code", code),
                ],
            )
            .await;
        if reply.status == StatusCode::SEE_OTHER {
            self.get("/account").await;
        }
        reply
    }
}

/// A browser signed in as a new member of `org` with `role`, and the member's context for
/// calling the store as they would.
pub async fn member_of(
    app: &TestApp,
    org: faro_domain::OrganisationId,
    role: faro_domain::Role,
) -> (Browser<'_>, faro_domain::AccessContext) {
    const PASS: &str = "a long pass phrase";
    let store = app.db.store();
    let email = person(store, org, role, PASS).await;
    let user = store.user(&email).await.unwrap().id;
    let mut b = Browser::new(app);
    assert_eq!(b.sign_in(&email, PASS, "").await.status, 303);
    let ctx = faro_domain::AccessContext::member(org, role)
        .for_user(user)
        .acting_as(format!("user {user}"));
    (b, ctx)
}

/// A browser signed in as a new member of the default organisation with `role`.
pub async fn signed_in(app: &TestApp, role: faro_domain::Role) -> Browser<'_> {
    const PASS: &str = "a long pass phrase";
    let email = person(app.db.store(), faro_store::DEFAULT_ORGANISATION, role, PASS).await;
    let mut b = Browser::new(app);
    b.sign_in(&email, PASS, "").await;
    b
}

/// Opens report `id` in the inbox and posts a triage action with `fields`.
pub async fn triage(b: &mut Browser<'_>, id: i64, fields: &[(&str, &str)]) -> Reply {
    b.get(&format!("/inbox/{id}")).await;
    let csrf = b.csrf.clone();
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    b.post(&format!("/inbox/{id}"), &all).await
}

/// The first `name="csrf" value="…"` of a page.
pub fn csrf_of(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string()).filter(|t| !t.is_empty())
}

pub const BOUNDARY: &str = "faro-test-boundary-7d1";

/// A multipart form body of text fields and photos (`f.jpg`).
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Vec<u8> {
    let named: Vec<(&str, &str, &[u8])> = files.iter().map(|(n, b)| (*n, "f.jpg", *b)).collect();
    multipart_named(fields, &named)
}

/// A multipart form body of text fields and files `(field, file name, bytes)`.
pub fn multipart_named(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, file, bytes) in files {
        let kind = if file.ends_with(".jpg") {
            "image/jpeg"
        } else {
            "text/csv"
        };
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: {kind}\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Posts a multipart body as a browser would.
pub async fn post_multipart(b: &mut Browser<'_>, uri: &str, body: Vec<u8>) -> Reply {
    b.send(
        Request::post(uri).header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        ),
        Body::from(body),
    )
    .await
}
