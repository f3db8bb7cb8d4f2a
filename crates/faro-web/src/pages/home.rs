//! The front door: the home page, which tells a signed-in person what they can do next for
//! their role, and the health check.

use super::render::{Chrome, Page, PageResult, render};
use super::{MenuEntry, Need, PageRoute, Place, route};
use crate::AppState;
use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use faro_domain::{AggregateScope, Permission, Purpose};
use faro_i18n::key;

pub(super) const MENU: &[MenuEntry] = &[MenuEntry {
    path: "/",
    key: "home",
    need: Need::Public,
    place: Place::Sections,
}];

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/", Need::Public, || get(home)),
        route("GET", "/healthz", Need::Nothing, || get(healthz)),
    ]
}

/// Something the signed-in person can do: a link and the sentence that says what it is for.
pub struct NextStep {
    pub href: &'static str,
    /// Keys of the translation files: the link's words and the explanation.
    pub link: &'static str,
    pub why: &'static str,
}

#[derive(Template)]
#[template(path = "home/home.html")]
struct Home {
    c: Chrome,
    /// The records the person may count, as released to them: `Some(None)` when there are too
    /// few to show.
    records: Option<Option<u64>>,
    /// Whether that count is controlled (from the releases, with noise), so the page says
    /// "about".
    controlled: bool,
    steps: Vec<NextStep>,
    /// Whether the person may use the JSON API for data (aggregates or records).
    api: bool,
}

/// What the session's role allows, most specific first.
fn next_steps(page: &Page) -> Vec<NextStep> {
    let Some(session) = &page.session else {
        return Vec::new();
    };
    let ctx = &session.ctx;
    let mut steps = Vec::new();
    if ctx.has(Permission::Administer) {
        steps.push(NextStep {
            href: "/admin",
            link: "admin",
            why: "next_admin",
        });
        steps.push(NextStep {
            href: "/admin/audit",
            link: "audit",
            why: "next_audit",
        });
    }
    if ctx.has(Permission::ReportsInbox) {
        steps.push(NextStep {
            href: "/inbox",
            link: "inbox",
            why: "next_inbox",
        });
    }
    if ctx.has(Permission::TriageReports) {
        steps.push(NextStep {
            href: "/inbox/new",
            link: "inbox-new",
            why: "next_call",
        });
    }
    if ctx.may(Purpose::Aggregates) {
        steps.push(NextStep {
            href: "/hub",
            link: "next_hub_link",
            why: "next_hub",
        });
    }
    if ctx.may(Purpose::Records) {
        steps.push(NextStep {
            href: "/api/v1/records?limit=10",
            link: "next_records_link",
            why: "next_records",
        });
    }
    if ctx.may(Purpose::Aggregates) {
        steps.push(NextStep {
            href: "/api/v1/aggregate?by=year",
            link: "next_aggregates_link",
            why: "next_aggregates",
        });
    }
    steps.push(NextStep {
        href: "/account",
        link: "account",
        why: "next_account",
    });
    steps
}

/// For a signed-in person: what is loaded and what to do next. For anyone else: the way to
/// sign in (the page shows nothing of the data).
async fn home(State(state): State<AppState>, page: Page) -> PageResult {
    let released = match &page.session {
        Some(s) if s.ctx.may(Purpose::Aggregates) => {
            // What the person may count: their organisation's records, exactly, when they may
            // read them; with the sources shared with the hub, controlled, when they may not.
            let scope = if s.ctx.may(Purpose::Records) {
                AggregateScope::Own
            } else {
                AggregateScope::Hub
            };
            let cx = state.services();
            Some(crate::services::release::total(&cx, &s.ctx, scope).await?)
        }
        _ => None,
    };
    let body = Home {
        c: page.chrome(key!("title")),
        records: released.as_ref().map(|r| r.get().total_records),
        controlled: released.as_ref().is_some_and(|r| r.get().controlled),
        api: released.is_some(),
        steps: next_steps(&page),
    };
    Ok(render(StatusCode::OK, page.lang, &body))
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        // The index answers while it loads (each query loads what it needs), so it does not
        // make the server unhealthy; a load balancer may still wait for `ready`.
        Ok(()) => Json(serde_json::json!({
            "status": "ok",
            "index": if state.index.is_ready() { "ready" } else { "loading" },
        }))
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable", "reason": "the database cannot be reached"})),
            )
                .into_response()
        }
    }
}
