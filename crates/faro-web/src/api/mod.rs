//! The JSON API under `/api/v1`, one module per resource.

use faro_i18n::key;
pub mod aggregate;
mod case_schema;
pub mod cases;
pub mod directory;
pub mod exchange;
pub mod geo;
pub mod notes;
pub mod openapi;
pub mod records;
pub mod referrals;
pub mod reports;
pub mod sources;
pub mod triage;
pub mod vocabularies;

use crate::error::Text;
use crate::{ApiError, AppState};
use axum::Router;
use axum::routing::{MethodRouter, get, post, put};
use faro_domain::query::Dimension;
use faro_domain::{Filter, Permission};
use std::collections::HashMap;

/// One API route: the router and the authorisation matrix test are both built from
/// [`table`], so a route without a permission cannot exist.
pub struct Route {
    pub method: &'static str,
    /// Under `/api/v1`.
    pub path: &'static str,
    pub permission: Permission,
    handler: fn() -> MethodRouter<AppState>,
}

/// Every API route and what it needs.
pub fn table() -> Vec<Route> {
    fn route(
        method: &'static str,
        path: &'static str,
        permission: Permission,
        handler: fn() -> MethodRouter<AppState>,
    ) -> Route {
        Route {
            method,
            path,
            permission,
            handler,
        }
    }
    vec![
        route("GET", "/records", Permission::Records, || {
            get(records::list)
        }),
        route("GET", "/records/{id}", Permission::Records, || {
            get(records::show)
        }),
        route("GET", "/records/{id}/notes", Permission::Records, || {
            get(notes::list)
        }),
        route("POST", "/records/{id}/notes", Permission::Records, || {
            post(notes::create)
        }),
        route("GET", "/reports", Permission::ReportsInbox, || {
            get(reports::list)
        }),
        route("GET", "/reports/{id}", Permission::ReportsInbox, || {
            get(reports::show)
        }),
        route(
            "GET",
            "/reports/{id}/triage",
            Permission::ReportsInbox,
            || get(triage::report),
        ),
        route("POST", "/triage", Permission::ReportsInbox, || {
            post(triage::text)
        }),
        route(
            "GET",
            "/reports/{id}/attachments/{attachment}",
            Permission::TriageReports,
            || get(reports::attachment),
        ),
        route("GET", "/directory/services", Permission::Cases, || {
            get(directory::search)
        }),
        route("GET", "/directory/services/{id}", Permission::Cases, || {
            get(directory::show)
        }),
        route("GET", "/referrals", Permission::Cases, || {
            get(referrals::list)
        }),
        route("POST", "/referrals", Permission::Cases, || {
            post(referrals::send)
        }),
        route("GET", "/referrals/received", Permission::Cases, || {
            get(exchange::list)
        }),
        route("POST", "/referrals/received", Permission::Cases, || {
            post(exchange::import)
        }),
        route("GET", "/referrals/received/{id}", Permission::Cases, || {
            get(exchange::show)
        }),
        route(
            "POST",
            "/referrals/received/{id}",
            Permission::Cases,
            || post(exchange::decide),
        ),
        route("GET", "/referrals/{id}", Permission::Cases, || {
            get(referrals::show)
        }),
        route("GET", "/referrals/{id}/package", Permission::Cases, || {
            get(exchange::package)
        }),
        route("POST", "/referrals/{id}/steps", Permission::Cases, || {
            post(referrals::step)
        }),
        route("GET", "/cases", Permission::Cases, || get(cases::list)),
        route("POST", "/cases", Permission::Cases, || post(cases::open)),
        route("GET", "/cases/statistics", Permission::Aggregates, || {
            get(cases::statistics)
        }),
        route("GET", "/cases/{id}", Permission::Cases, || get(cases::show)),
        route("POST", "/cases/{id}/person", Permission::Cases, || {
            post(cases::update_person)
        }),
        route("GET", "/cases/{id}/consents", Permission::Cases, || {
            get(cases::consents)
        }),
        route("POST", "/cases/{id}/consents", Permission::Cases, || {
            post(cases::record_consent)
        }),
        route(
            "GET",
            "/cases/{id}/consents/{consent_id}/scan",
            Permission::Cases,
            || get(cases::scan),
        ),
        route(
            "PUT",
            "/cases/{id}/consents/{consent_id}/scan",
            Permission::Cases,
            || put(cases::attach_scan),
        ),
        route("POST", "/cases/{id}/plans", Permission::Cases, || {
            post(cases::save_plan)
        }),
        route("GET", "/cases/{id}/services", Permission::Cases, || {
            get(cases::services)
        }),
        route("POST", "/cases/{id}/services", Permission::Cases, || {
            post(cases::add_service)
        }),
        route(
            "POST",
            "/cases/{id}/services/{service_id}",
            Permission::Cases,
            || post(cases::change_service),
        ),
        route("GET", "/cases/{id}/tasks", Permission::Cases, || {
            get(cases::tasks)
        }),
        route("POST", "/cases/{id}/tasks", Permission::Cases, || {
            post(cases::add_task)
        }),
        route(
            "POST",
            "/cases/{id}/tasks/{task_id}/done",
            Permission::Cases,
            || post(cases::complete_task),
        ),
        route("GET", "/cases/{id}/history", Permission::Cases, || {
            get(cases::history)
        }),
        route("POST", "/cases/{id}/step", Permission::Cases, || {
            post(cases::step)
        }),
        route("POST", "/cases/{id}/decision", Permission::Cases, || {
            post(cases::decide)
        }),
        route("POST", "/cases/{id}/assignment", Permission::Cases, || {
            post(cases::assign)
        }),
        route("GET", "/aggregate", Permission::Aggregates, || {
            get(aggregate::show)
        }),
        route("GET", "/geo/countries", Permission::Aggregates, || {
            get(geo::countries)
        }),
        route("GET", "/geo/routes", Permission::Aggregates, || {
            get(geo::routes)
        }),
        route("GET", "/geo/hotspots", Permission::Aggregates, || {
            get(geo::hotspots)
        }),
        route("GET", "/vocabularies", Permission::Aggregates, || {
            get(vocabularies::list)
        }),
        route("GET", "/sources", Permission::Aggregates, || {
            get(sources::list)
        }),
        route("GET", "/openapi.json", Permission::Aggregates, || {
            get(openapi::document)
        }),
    ]
}

pub fn routes(state: AppState) -> Router<AppState> {
    table().into_iter().fold(Router::new(), |router, route| {
        let permission = route.permission;
        let guard = axum::middleware::from_fn_with_state(
            state.clone(),
            move |st: axum::extract::State<AppState>,
                  req: axum::extract::Request,
                  next: axum::middleware::Next| {
                crate::access::authorize(st, permission, req, next)
            },
        );
        router.route(route.path, (route.handler)().route_layer(guard))
    })
}

/// A query string split into dimension filters and the endpoint's own parameters.
/// Unknown and repeated parameters are refused (400) rather than ignored, so that a typo never
/// silently widens a query.
pub(crate) fn parse_query(
    raw: Option<&str>,
    own: &[&str],
) -> Result<(Filter, HashMap<String, String>), ApiError> {
    let (dimensions, rest) = split_query(raw, own, true)?;
    let mut filter = Filter::new();
    for (dim, value) in dimensions {
        filter.add(dim, &value).map_err(ApiError::invalid)?;
    }
    Ok((filter, rest))
}

/// The endpoint's own parameters, for endpoints that take no dimension filters; anything
/// else is refused as by [`parse_query`].
pub(crate) fn own_params(
    raw: Option<&str>,
    own: &[&str],
) -> Result<HashMap<String, String>, ApiError> {
    Ok(split_query(raw, own, false)?.1)
}

type Split = (Vec<(Dimension, String)>, HashMap<String, String>);

fn split_query(raw: Option<&str>, own: &[&str], dimensions: bool) -> Result<Split, ApiError> {
    let mut dims: Vec<(Dimension, String)> = Vec::new();
    let mut rest: HashMap<String, String> = HashMap::new();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let duplicate = || {
            ApiError::bad_request(
                "duplicate_parameter",
                Some(&key),
                Text::words(key!("api-duplicate-parameter")).with("name", &key),
            )
        };
        if own.contains(&key.as_ref()) {
            if rest.insert(key.to_string(), value.to_string()).is_some() {
                return Err(duplicate());
            }
        } else if let Some(dim) = Dimension::from_id(&key).filter(|_| dimensions) {
            if dims.iter().any(|(d, _)| *d == dim) {
                return Err(duplicate());
            }
            dims.push((dim, value.into_owned()));
        } else {
            let mut accepted: Vec<String> = own.iter().map(|p| format!("`{p}`")).collect();
            if dimensions {
                accepted.extend(Dimension::ALL.iter().map(|d| format!("`{}`", d.id())));
            }
            return Err(ApiError::bad_request(
                "unknown_parameter",
                Some(&key),
                Text::words(key!("api-unknown-parameter"))
                    .with("name", &key)
                    .with("accepted", accepted.join(", ")),
            ));
        }
    }
    Ok((dims, rest))
}
