//! What a handler needs to answer with a page: the request's [`Page`] and [`SignedIn`]
//! extractors, the layout's [`Chrome`], [`render`], and [`PageError`], which the guard turns
//! into a message page in the visitor's language.

use super::{MENUS, Need, Place};
use crate::ApiError;
use crate::access::FORM_COOKIE;
use crate::error::Text;
use crate::services::ServiceError;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use faro_i18n::Lang;
use faro_i18n::key;
use faro_store::{Session, StoreError};

/// What every page handler gets from the guard: the language and, when signed in, the
/// session.
pub struct Page {
    pub lang: Lang,
    pub session: Option<Session>,
    /// The path, for the navigation's current section.
    path: String,
    /// The path and query of a GET, for the language menu (a set-password link keeps its
    /// token); after a POST the menu leads to the home page.
    here: Option<Uri>,
    /// The double-submit token this browser already holds, reused so that two open forms
    /// both stay valid.
    pub form_cookie: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = parts.extensions.get::<Lang>().copied().unwrap_or_default();
        Ok(Page::new(
            lang,
            parts.extensions.get::<Session>().cloned(),
            parts,
        ))
    }
}

impl Page {
    pub fn new(lang: Lang, session: Option<Session>, parts: &Parts) -> Page {
        Page {
            lang,
            session,
            path: parts.uri.path().to_string(),
            here: (parts.method == Method::GET).then(|| parts.uri.clone()),
            form_cookie: CookieJar::from_headers(&parts.headers)
                .get(FORM_COOKIE)
                .map(|c| c.value().to_string())
                .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())),
        }
    }

    /// This page for someone no longer signed in (their account has just gone).
    pub fn signed_out(self) -> Page {
        Page {
            session: None,
            ..self
        }
    }

    /// The parts of the layout every page shows; `title` is a key of the translation files.
    pub fn chrome(&self, title: &'static str) -> Chrome {
        // The section whose path is the longest prefix of this page's (after a POST to
        // `/admin/users` the section is still `/admin`).
        let current = MENUS
            .iter()
            .flat_map(|entries| entries.iter())
            .map(|e| e.path)
            .filter(|p| within(&self.path, p))
            .max_by_key(|p| p.len());
        let may = |need: Need| match (need, &self.session) {
            (Need::Nothing | Need::Public, _) => true,
            (Need::SignedIn, s) => s.is_some(),
            (Need::Permission(p), Some(s)) => s.ctx.has(p),
            (Need::Permission(_), None) => false,
        };
        let links = |place: Place| {
            MENUS
                .iter()
                .flat_map(|entries| entries.iter())
                .filter(|e| e.place == place && may(e.need))
                .map(|e| NavLink {
                    href: e.path,
                    key: e.key,
                    current: Some(e.path) == current,
                })
                .collect()
        };
        Chrome {
            lang: self.lang,
            title,
            user: self.session.as_ref().map(|s| s.user.shown_as().to_string()),
            csrf: self
                .session
                .as_ref()
                .map(|s| s.csrf.clone())
                .unwrap_or_default(),
            sections: links(Place::Sections),
            personal: links(Place::Person),
            languages: Lang::all()
                .map(|l| LangLink {
                    code: l.code(),
                    name: l.name().into_owned(),
                    href: self.in_language(l),
                    current: l == self.lang,
                })
                .collect(),
        }
    }

    /// This page in `lang`: the same path and query with `lang` switched. After a POST, the
    /// start of the flow: the report pages' own start (a reporter is never sent to the staff's
    /// home page), else the home page.
    fn in_language(&self, lang: Lang) -> String {
        let Some(uri) = &self.here else {
            let start = if within(&self.path, "/report") {
                self.path.as_str()
            } else {
                "/"
            };
            return format!("{start}?lang={}", lang.code());
        };
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
            if k != "lang" {
                query.append_pair(&k, &v);
            }
        }
        query.append_pair("lang", lang.code());
        format!("{}?{}", uri.path(), query.finish())
    }
}

/// Whether `path` is `section` or below it, segment-wise.
fn within(path: &str, section: &str) -> bool {
    section == "/"
        || path
            .strip_prefix(section)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The signed-in person's session. The guard already sent a visitor without one to the
/// sign-in page; the rejection is the same redirect, should a route's `Need` ever say
/// otherwise.
pub struct SignedIn(pub Session);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = Redirect;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .cloned()
            .map(SignedIn)
            .ok_or_else(|| Redirect::to("/sign-in"))
    }
}

/// Whether the page was reached by the redirect after a change (`?done=…`), so that it says
/// the change was saved.
pub struct Done(pub bool);

impl<S: Send + Sync> FromRequestParts<S> for Done {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        Ok(Done(
            form_urlencoded::parse(query.as_bytes()).any(|(k, _)| k == "done"),
        ))
    }
}

/// A store's refusal of what a form asked (a value refused, a conflict) in the page's words,
/// with the status to show the form again with; any other failure is the error page.
pub fn refusal(lang: Lang, e: StoreError) -> Result<(StatusCode, String), PageError> {
    match e {
        e @ (StoreError::Invalid { .. } | StoreError::Conflict { .. }) => {
            let e = PageError::from(e);
            Ok((e.status, e.text.render(lang)))
        }
        e => Err(e.into()),
    }
}

/// A link of the navigation.
pub struct NavLink {
    pub href: &'static str,
    pub key: &'static str,
    /// The page being shown (`aria-current`).
    pub current: bool,
}

/// An entry of the language menu.
pub struct LangLink {
    pub code: &'static str,
    pub name: String,
    pub href: String,
    pub current: bool,
}

/// The layout's values: language, title key, navigation, who is signed in.
pub struct Chrome {
    pub lang: Lang,
    /// A key of the translation files.
    pub title: &'static str,
    /// The signed-in person as colleagues see them (their display name).
    pub user: Option<String>,
    pub csrf: String,
    pub sections: Vec<NavLink>,
    pub personal: Vec<NavLink>,
    pub languages: Vec<LangLink>,
}

impl Chrome {
    /// The URL of an embedded asset, content-hashed so that it can be cached for a year.
    pub fn asset(&self, name: &str) -> String {
        super::assets::url(name)
    }
}

/// Renders a page with a status and its language.
pub fn render(status: StatusCode, lang: Lang, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_LANGUAGE, lang.code())],
            Html(html),
        )
            .into_response(),
        Err(e) => {
            // Not the visitor's fault: a 500 in their language (the guard renders it with
            // the plain message page), the cause in the log.
            tracing::error!(error = %e, "template failed");
            PageError::new(StatusCode::INTERNAL_SERVER_ERROR, key!("internal")).into_response()
        }
    }
}

/// Why a page could not be shown: a status and what to tell the visitor. A handler returns
/// it; the guard, which knows the visitor's language and session, renders it.
#[derive(Debug, Clone)]
pub struct PageError {
    pub status: StatusCode,
    pub text: Text,
}

impl PageError {
    /// A page's own words (a key of the translation files).
    pub fn new(status: StatusCode, key: &'static str) -> PageError {
        PageError {
            status,
            text: Text::words(key),
        }
    }
}

/// A store error as a page: the status and the words the API gives it (a missing record,
/// a conflict, a refusal, 503 or 500 with the cause logged), never a guess from the status.
impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        ApiError::from(e).into()
    }
}

/// An error of the work behind a page (a released count, a refusal): its status and its
/// words, chosen by its code. The refusals a visitor meets on pages have the pages' own words
/// (a page hides what an API client is told exactly); any other keeps the API's words, so a
/// conflict, a too narrow question or an unavailable database says so, not "internal".
impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        let text = match e.code {
            "not_found" | "forbidden" => Text::words(e.code),
            _ => e.message,
        };
        PageError {
            status: e.status,
            text,
        }
    }
}

/// A service's refusal on a page: as the API answers it, then in the pages' words.
impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> Self {
        ApiError::from(e).into()
    }
}

/// A 503 page says when to come back: whatever was busy is busy for a moment.
impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response.extensions_mut().insert(self);
        response
    }
}

/// What a page handler returns.
pub type PageResult = Result<Response, PageError>;

#[derive(Template)]
#[template(path = "base/message.html")]
struct Message {
    c: Chrome,
    message: String,
}

/// A page that only says what went wrong (or, with a 2xx status, what was done).
pub fn message(page: &Page, status: StatusCode, key: &'static str) -> Response {
    say(page, status, &Text::words(key))
}

/// A page that says `text` in the visitor's language.
pub fn say(page: &Page, status: StatusCode, text: &Text) -> Response {
    let title = if status.is_success() {
        "title"
    } else {
        "error"
    };
    let body = Message {
        c: page.chrome(title),
        message: text.render(page.lang),
    };
    render(status, page.lang, &body)
}

/// Numbers for a message's placeables (`{ $count }`), as templates pass them.
pub fn args<P: AsRef<[(&'static str, i64)]> + ?Sized>(pairs: &P) -> faro_i18n::FluentArgs<'static> {
    let mut args = faro_i18n::FluentArgs::new();
    for (name, value) in pairs.as_ref() {
        args.set(*name, *value);
    }
    args
}

/// One id or word for a message's placeable, as text: an id is never grouped like a count.
pub fn text_arg(name: &'static str, id: impl ToString) -> faro_i18n::FluentArgs<'static> {
    let mut args = faro_i18n::FluentArgs::new();
    args.set(name, id.to_string());
    args
}

/// Unix seconds as a UTC date and time for tables.
pub fn when(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| {
            t.format(&time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| at.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_domain::{Message, refusal};
    use faro_i18n::key;

    /// A page says what went wrong in the visitor's language, chosen by the error, not guessed
    /// from its status: a conflict, a refused value and a spent budget are not "internal"
    /// errors, and an internal one is never the visitor's fault.
    #[test]
    fn a_page_error_says_the_error_it_comes_from() {
        let fr = Lang::from_code("fr").expect("French");
        let said = |e: PageError| (e.status, e.text.render(fr));
        let conflict = StoreError::Conflict {
            what: Message::new(refusal::ORGANISATION_EXISTS).with("name", "Croix-Rouge"),
        };
        assert_eq!(
            said(conflict.into()),
            (
                StatusCode::CONFLICT,
                "une organisation nommée `Croix-Rouge` existe déjà".to_string()
            )
        );
        let invalid = StoreError::Invalid {
            field: "action",
            problem: Message::new(refusal::REPORT_IN_REVIEW),
        };
        assert_eq!(
            said(invalid.into()).1,
            "le signalement est déjà en cours d’examen"
        );
        let internal = StoreError::Internal("a test".into());
        assert_eq!(
            said(internal.into()),
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                fr.w(key!("api-internal")).into_owned()
            )
        );
        let broken = crate::services::ServiceError::Render {
            what: "brief",
            cause: "a test".into(),
        };
        assert_eq!(
            said(broken.into()),
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                fr.w(key!("api-internal")).into_owned()
            )
        );
    }
}
