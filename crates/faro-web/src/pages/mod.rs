//! Server-rendered pages (complete without JavaScript), their assets and the health check.
//!
//! Each page module declares its routes (`routes()`) and its menu entries (`MENU`); [`table`]
//! gathers the routes into the one list that the router, the guard and the authorisation
//! matrix test read, so a new page cannot forget its [`Need`] or its CSRF check.
//!
//! A new page: a module here with `routes()` and `MENU`, a template folder under `templates/`,
//! its words in every `faro-i18n/locales/*.ftl`, and one line in [`table`] and [`MENUS`].

mod account;
mod admin;
mod assets;
mod cases;
mod data;
mod directory;
mod directory_import;
mod directory_updates;
mod erase;
mod exchange;
mod forms;
mod guard;
mod home;
mod hub;
mod inbox;
mod instances;
mod missing;
mod names;
mod published;
mod render;
pub(crate) use render::PageError;
mod referrals;
mod report;
pub(crate) use missing::not_found;
mod settings;
mod sign_in;
mod sources;
mod suggestions;
mod teams;

use crate::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::routing::MethodRouter;
use faro_domain::Permission;

/// What a page route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Anyone, and the answer never depends on who asks (health, assets): no session is
    /// looked up, so a page's stylesheet and icon cost no database query. GET only.
    Nothing,
    /// Anyone, signed in or not (home, sign-in, set-password).
    Public,
    /// A signed-in person, whatever their role.
    SignedIn,
    /// A signed-in person whose role has this permission.
    Permission(Permission),
}

/// One page route: the router and the pages' authorisation matrix test are built from
/// [`table`].
pub struct PageRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub need: Need,
    /// Directives this route adds to the strict Content-Security-Policy (a map page may need
    /// `worker-src 'self' blob:`); `None` for almost every page.
    csp_extra: Option<&'static str>,
    /// Whether the route takes photos: its body may then be as large as the report settings
    /// allow (`Reporting::body_limit`), and a multipart form.
    pub photos: bool,
    /// Whether the route takes a data file: its body may be as large as the instance's
    /// upload limit (`AppState::upload_limit`), and it is streamed to the handler, which
    /// checks the CSRF token from the form's first part ([`guard::csrf_first`]).
    pub upload: bool,
    /// A public report page: the language travels in the URL or the form and no cookie but
    /// the form token is read or set (a reporter's browser keeps no trace of a language).
    pub keeps_no_cookie: bool,
    handler: fn() -> MethodRouter<AppState>,
}

impl PageRoute {
    /// This route, allowed what `directives` add to the strict policy, and nothing more: the
    /// policy is widened per route, never for the whole site. The directives must be ones the
    /// strict policy does not set (a repeated directive would be ignored by browsers).
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "no page needs more than the strict policy yet (the hub's server-drawn map did not); kept, with its test, for one that does"
        )
    )]
    fn widen_csp(mut self, directives: &'static str) -> PageRoute {
        self.csp_extra = Some(directives);
        self
    }

    /// A route whose form may carry photos (the hotline's intake form, a consent's scan).
    fn with_photos(mut self) -> PageRoute {
        self.photos = true;
        self
    }

    /// A route whose form uploads a data file to import.
    fn with_upload(mut self) -> PageRoute {
        self.upload = true;
        self
    }

    /// A public report route: photos allowed, no language cookie.
    fn for_reporters(mut self) -> PageRoute {
        self.photos = true;
        self.keeps_no_cookie = true;
        self
    }

    /// The Content-Security-Policy this route answers with.
    pub fn csp(&self) -> String {
        match self.csp_extra {
            Some(extra) => format!("{}; {extra}", crate::STRICT_CSP),
            None => crate::STRICT_CSP.to_string(),
        }
    }
}

/// A route of a page module (or of the public HSDS API, answered beside the pages).
pub(crate) fn route(
    method: &'static str,
    path: &'static str,
    need: Need,
    handler: fn() -> MethodRouter<AppState>,
) -> PageRoute {
    PageRoute {
        method,
        path,
        need,
        csp_extra: None,
        photos: false,
        upload: false,
        keeps_no_cookie: false,
        handler,
    }
}

/// Where a menu entry is shown: the row of sections, or the signed-in person's own menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Sections,
    Person,
}

/// A link in the navigation, shown to whoever meets its need.
struct MenuEntry {
    path: &'static str,
    /// A key of the translation files.
    key: &'static str,
    need: Need,
    place: Place,
}

/// Every menu entry, in the order the navigation shows them.
const MENUS: &[&[MenuEntry]] = &[
    home::MENU,
    hub::MENU,
    inbox::MENU,
    cases::MENU,
    referrals::MENU,
    directory::MENU,
    sources::MENU,
    data::MENU,
    admin::MENU,
    account::MENU,
];

/// Whether `path` is a page route that streams an upload into the database (it may take
/// longer than other requests).
pub fn streams_uploads(path: &str) -> bool {
    // Asked at every request: the table is read once.
    static STREAMED: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    STREAMED
        .get_or_init(|| {
            table()
                .into_iter()
                .filter(|r| r.upload)
                .map(|r| r.path)
                .collect()
        })
        .contains(&path)
}

/// Every page route and what it needs.
pub fn table() -> Vec<PageRoute> {
    [
        home::routes(),
        assets::routes(),
        sign_in::routes(),
        account::routes(),
        admin::routes(),
        report::routes(),
        inbox::routes(),
        cases::routes(),
        referrals::routes(),
        exchange::routes(),
        directory_import::routes(),
        directory_updates::routes(),
        instances::routes(),
        directory::routes(),
        teams::routes(),
        hub::routes(),
        sources::routes(),
        erase::routes(),
        settings::routes(),
        data::routes(),
        crate::hsds::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn routes(state: AppState) -> Router<AppState> {
    let photo_limit = state.reporting.body_limit();
    table().into_iter().fold(Router::new(), |router, route| {
        let rules = guard::Rules {
            need: route.need,
            body_limit: if route.photos {
                photo_limit
            } else if route.upload {
                state.upload_limit
            } else {
                crate::MAX_BODY_BYTES
            },
            keeps_no_cookie: route.keeps_no_cookie,
            streams: route.upload,
        };
        let guard = axum::middleware::from_fn_with_state(
            state.clone(),
            move |st: State<AppState>, req: Request, next: Next| guard::guard(st, rules, req, next),
        );
        let mut handler = (route.handler)()
            .route_layer(guard)
            .route_layer(axum::extract::DefaultBodyLimit::max(rules.body_limit))
            .route_layer(tower_http::limit::RequestBodyLimitLayer::new(
                rules.body_limit,
            ));
        if route.csp_extra.is_some()
            && let Ok(policy) = axum::http::HeaderValue::from_str(&route.csp())
        {
            handler =
                handler.route_layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
                    axum::http::header::CONTENT_SECURITY_POLICY,
                    policy,
                ));
        }
        router.route(route.path, handler)
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn a_widened_policy_keeps_every_strict_directive_and_repeats_none() {
        let map = super::route("GET", "/map", super::Need::Public, || {
            axum::routing::get(|| async { "" })
        })
        .widen_csp("worker-src 'self' blob:");
        assert_eq!(
            map.csp(),
            format!("{}; worker-src 'self' blob:", crate::STRICT_CSP)
        );
        for route in super::table().into_iter().chain([map]) {
            let policy = route.csp();
            let names: Vec<&str> = policy
                .split(';')
                .filter_map(|d| d.split_whitespace().next())
                .collect();
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{}: {policy}", route.path);
            assert!(policy.starts_with(crate::STRICT_CSP), "{}", route.path);
        }
    }

    /// The string literals that follow each marker in `text`.
    fn after(text: &str, markers: &[&str]) -> Vec<String> {
        markers
            .iter()
            .flat_map(|m| text.split(m).skip(1))
            .filter_map(|rest| rest.find('"').map(|end| rest[..end].to_string()))
            .collect()
    }

    fn files(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("a readable folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }

    /// A key written in code or a template as `key!("…")` (`.w`, `PageError::new`, `message`,
    /// `chrome`, `Text::words`) is checked when the crate compiles. What this test still reads
    /// are the keys held as plain strings until they are said: the last argument of
    /// `ui::action` in templates, and `key:`/`link:`/`why:` fields, `Some("key")`,
    /// `Err("key")`, `ok_or("key")`, `map_err(|_| "key")` and `invalid("key", …)` in the pages'
    /// and the services' code (the API's strings of that shape are parameter names).
    /// Only the Data page's upload may outlast the 30 s of every other request.
    #[test]
    fn only_streamed_uploads_take_longer() {
        use super::{streams_uploads, table};
        assert!(streams_uploads("/sources/import"));
        let mut long: Vec<&str> = table()
            .iter()
            .filter(|r| streams_uploads(r.path))
            .map(|r| r.path)
            .collect();
        long.sort();
        long.dedup();
        assert_eq!(long, ["/directory/import", "/sources/import"]);
        assert!(!streams_uploads("/report"));
    }

    #[test]
    fn every_key_the_pages_use_is_in_every_language() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut templates, mut sources) = (Vec::new(), Vec::new());
        files(&root.join("templates"), &mut templates);
        files(&root.join("src/pages"), &mut sources);
        files(&root.join("src/services"), &mut sources);
        let mut keys = Vec::new();
        for t in &templates {
            assert!(!t.contains(".w(\""), "a template says a key without key!()");
            for call in t.split("ui::action(").skip(1) {
                let args = &call[..call.find(')').unwrap_or(0)];
                keys.extend(args.rsplit('"').nth(1).map(str::to_string));
            }
        }
        for s in &sources {
            // The code, not its tests (this one names the markers).
            let s = s.split("#[cfg(test)]").next().unwrap_or_default();
            let markers = [
                "key: \"",
                "link: \"",
                "why: \"",
                "Some(\"",
                "Err(\"",
                "ok_or(\"",
                "map_err(|_| \"",
                "invalid(\"",
            ];
            keys.extend(after(s, &markers));
        }
        keys.retain(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        keys.sort();
        keys.dedup();
        let missing: Vec<_> = keys
            .iter()
            .filter(|k| !faro_i18n::has_everywhere(k))
            .collect();
        assert!(missing.is_empty(), "no words for {missing:?}");
        assert!(keys.len() > 30, "{} keys found: {keys:?}", keys.len());
    }
}
