//! The OpenAPI document, generated from the handlers. Filter parameters are added from
//! `Dimension::ALL`, the same list the parser accepts, so the document cannot drift from it.

use axum::Json;
use faro_domain::query::{Dimension, MAX_FILTER_VALUES};
use utoipa::OpenApi;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn, ParameterStyle};
use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, SchemaFormat};
use utoipa::openapi::{ObjectBuilder, Required, Schema, Type};

#[derive(OpenApi)]
#[openapi(
    info(title = "Faro API", description = "Human trafficking case data (HTCDS/CTDC): records, aggregates, vocabularies, the reports inbox, and case management (a survivor's case, its consents, plans, services, tasks and history), the directory of service providers and referrals between organisations."),
    paths(
        super::records::list,
        super::records::show,
        super::notes::list,
        super::notes::create,
        super::reports::list,
        super::reports::show,
        super::reports::attachment,
        super::triage::report,
        super::triage::text,
        super::cases::list,
        super::cases::open,
        super::cases::statistics,
        super::cases::show,
        super::cases::update_person,
        super::cases::consents,
        super::cases::record_consent,
        super::cases::save_plan,
        super::cases::services,
        super::cases::add_service,
        super::cases::change_service,
        super::cases::tasks,
        super::cases::add_task,
        super::cases::complete_task,
        super::cases::scan,
        super::cases::attach_scan,
        super::cases::history,
        super::cases::step,
        super::cases::decide,
        super::cases::assign,
        super::referrals::list,
        super::referrals::send,
        super::referrals::show,
        super::referrals::step,
        super::exchange::package,
        super::exchange::import,
        super::exchange::list,
        super::exchange::show,
        super::exchange::decide,
        super::directory::search,
        super::directory::show,
        super::aggregate::show,
        super::geo::countries,
        super::geo::routes,
        super::geo::hotspots,
        super::vocabularies::list,
        super::sources::list,
        crate::hsds::root,
        crate::hsds::services,
        crate::hsds::service,
        crate::hsds::organizations,
        crate::hsds::organization,
        crate::hsds::service_at_locations,
        crate::hsds::service_at_location,
        crate::hsds::taxonomies,
        document
    ),
    modifiers(&FilterParameters)
)]
pub struct ApiDoc;

struct FilterParameters;

/// The endpoints that take record filters.
const FILTERED: [&str; 5] = [
    "/api/v1/records",
    "/api/v1/aggregate",
    "/api/v1/geo/countries",
    "/api/v1/geo/routes",
    "/api/v1/geo/hotspots",
];

impl utoipa::Modify for FilterParameters {
    /// Adds the filter parameters, and the two ways to authenticate: a bearer token, or the
    /// session cookie of a signed-in browser.
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        openapi.components.get_or_insert_with(Default::default).add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token (account page, or `faro admin token create`), as `Authorization: Bearer faro_…`"))
                    .build(),
            ),
        );
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::access::SESSION_COOKIE,
                "The session of a browser signed in at `/sign-in`; requests that change something also send the page's CSRF token in `X-CSRF-Token`",
            ))),
        );
        openapi.security = Some(vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("session", Vec::<String>::new()),
        ]);
        if let Some(op) = openapi
            .paths
            .paths
            .get_mut("/api/v1/reports")
            .and_then(|p| p.get.as_mut())
        {
            for param in op.parameters.iter_mut().flatten() {
                if let Some(schema) = report_parameter(&param.name) {
                    param.schema = Some(schema.into());
                }
            }
        }
        if let Some(op) = openapi
            .paths
            .paths
            .get_mut("/api/v1/cases")
            .and_then(|p| p.get.as_mut())
        {
            for param in op.parameters.iter_mut().flatten() {
                if let Some(schema) = case_parameter(&param.name) {
                    param.schema = Some(schema.into());
                }
            }
        }
        if let Some(op) = openapi
            .paths
            .paths
            .get_mut("/api/v1/referrals")
            .and_then(|p| p.get.as_mut())
        {
            for param in op.parameters.iter_mut().flatten() {
                if let Some(schema) = referral_parameter(&param.name) {
                    param.schema = Some(schema.into());
                }
            }
        }
        hsds_operations(openapi);
        if let Some(op) = openapi
            .paths
            .paths
            .get_mut("/api/v1/directory/services")
            .and_then(|p| p.get.as_mut())
        {
            for param in op.parameters.iter_mut().flatten() {
                if let Some(schema) = directory_parameter(&param.name) {
                    param.schema = Some(schema.into());
                }
            }
        }
        for path in FILTERED {
            let Some(op) = openapi
                .paths
                .paths
                .get_mut(path)
                .and_then(|p| p.get.as_mut())
            else {
                continue;
            };
            let params = op.parameters.get_or_insert_with(Vec::new);
            for param in params.iter_mut() {
                if let Some(schema) = own_parameter(&param.name) {
                    param.schema = Some(schema.into());
                    if ["by", "channel", "status"].contains(&param.name.as_str()) {
                        param.style = Some(ParameterStyle::Form);
                        param.explode = Some(false);
                    }
                }
            }
            for dim in Dimension::ALL {
                params.push(
                    ParameterBuilder::new()
                        .name(dim.id())
                        .parameter_in(ParameterIn::Query)
                        .required(Required::False)
                        .description(Some(format!("Filter by {}", dim.describe())))
                        .style(Some(ParameterStyle::Form))
                        .explode(Some(false))
                        .schema(Some(filter_schema(dim)))
                        .build(),
                );
            }
        }
    }
}

/// The reports inbox's parameters, from the same vocabularies the handler parses.
fn report_parameter(name: &str) -> Option<Schema> {
    use faro_domain::Vocabulary;
    fn codes<V: Vocabulary>() -> Vec<&'static str> {
        V::ALL.iter().map(|v| v.code()).collect()
    }
    let strings = |values: Vec<&'static str>| -> Schema {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(values))
            .build()
            .into()
    };
    let integer = |min: i64, max: i64| -> Schema {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(min))
            .maximum(Some(max))
            .build()
            .into()
    };
    Some(match name {
        "status" => strings(codes::<faro_domain::report::ReportStatus>()),
        "channel" => strings(codes::<faro_domain::report::Channel>()),
        "modality" | "suggested" => strings(codes::<faro_domain::vocab::Exploitation>()),
        "written" => strings(
            faro_triage::Language::ALL
                .iter()
                .map(|l| l.code())
                .collect(),
        ),
        "language" => strings(faro_i18n::Lang::all().map(|l| l.code()).collect()),
        "country" => strings(faro_domain::Country::all().map(|c| c.alpha2()).collect()),
        "urgent" => ObjectBuilder::new()
            .schema_type(Type::Boolean)
            .build()
            .into(),
        "assignee" => ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^(none|[1-9][0-9]{0,17})$"))
            .build()
            .into(),
        "offset" => integer(0, super::reports::MAX_OFFSET),
        "limit" => integer(1, super::reports::MAX_LIMIT),
        _ => return None,
    })
}

/// The case list's parameters, from the same vocabulary and bounds the handler parses.
fn case_parameter(name: &str) -> Option<Schema> {
    use faro_domain::Vocabulary;
    Some(match name {
        "status" => ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(
                faro_domain::case::CaseStatus::ALL
                    .iter()
                    .map(|v| v.code())
                    .collect::<Vec<_>>(),
            ))
            .build()
            .into(),
        "assignee" => ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^(none|[1-9][0-9]{0,17})$"))
            .build()
            .into(),
        "team" | "before" => bounded(1, i64::MAX),
        "limit" => bounded(1, super::cases::MAX_LIMIT),
        _ => return None,
    })
}

/// The exact schema of a referral list's parameter.
fn referral_parameter(name: &str) -> Option<Schema> {
    use faro_domain::Vocabulary;
    let codes = |values: Vec<&'static str>| -> Schema {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(values))
            .build()
            .into()
    };
    Some(match name {
        "list" => codes(vec!["in", "out"]),
        "status" => codes(
            faro_domain::referral::ReferralStatus::ALL
                .iter()
                .map(|v| v.code())
                .collect(),
        ),
        "before" => bounded(1, i64::MAX),
        "limit" => bounded(1, super::referrals::MAX_LIMIT),
        _ => return None,
    })
}

/// What one filter accepts: a comma-separated list of 1 to `MAX_FILTER_VALUES` values of the
/// dimension (`unknown` included), so that the document says exactly what the server takes.
fn filter_schema(dim: Dimension) -> Schema {
    let item: Schema = match dim {
        Dimension::Source => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(1))
            .build()
            .into(),
        Dimension::Year => ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(YEARS))
            .build()
            .into(),
        dim => {
            let mut codes: Vec<String> = match dim {
                Dimension::Citizenship | Dimension::ExploitationCountry => {
                    faro_domain::Country::all()
                        .map(|c| c.alpha2().to_string())
                        .collect()
                }
                dim => dim.codes().iter().map(|c| c.to_string()).collect(),
            };
            codes.push("unknown".into());
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(codes))
                .build()
                .into()
        }
    };
    ArrayBuilder::new()
        .items(utoipa::openapi::RefOr::T(item))
        .min_items(Some(1))
        .max_items(Some(MAX_FILTER_VALUES))
        .build()
        .into()
}

/// A year (1000–9999), an open or closed range of years, or `unknown`.
const YEARS: &str = "^(unknown|[1-9][0-9]{3}|[1-9][0-9]{3}\\.\\.|\\.\\.[1-9][0-9]{3}|[1-9][0-9]{3}\\.\\.[1-9][0-9]{3})$";

/// The exact schema of an endpoint's own query parameter, where the handler's annotation
/// can only say "string".
fn own_parameter(name: &str) -> Option<Schema> {
    Some(match name {
        "by" => ArrayBuilder::new()
            .items(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(Dimension::ALL.map(|d| d.id()))),
            )
            .min_items(Some(1))
            .max_items(Some(3))
            .unique_items(true)
            .build()
            .into(),
        "scope" => ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(["own", "hub"]))
            .build()
            .into(),
        "map" => ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(["exploitation_country", "citizenship"]))
            .build()
            .into(),
        "top" => bounded(1, crate::hub::query::MAX_TOP as i64),
        "res" => bounded(
            i64::from(*faro_analytics::RESOLUTIONS.start()),
            i64::from(*faro_analytics::RESOLUTIONS.end()),
        ),
        "channel" => code_list::<faro_domain::report::Channel>(),
        "status" => code_list::<faro_domain::report::ReportStatus>(),
        "limit" => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1))
            .maximum(Some(super::records::MAX_LIMIT))
            .build()
            .into(),
        "cursor" => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(0))
            .build()
            .into(),
        _ => return None,
    })
}

/// The exact schema of a directory search's parameter, where the handler's annotation can
/// only say "string" or "integer".
fn directory_parameter(name: &str) -> Option<Schema> {
    Some(match name {
        "need" => ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(
                <faro_domain::case::ServiceKind as faro_domain::Vocabulary>::ALL
                    .iter()
                    .map(|k| faro_domain::Vocabulary::code(*k)),
            ))
            .build()
            .into(),
        "language" => ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[A-Za-z]{2,3}$"))
            .build()
            .into(),
        "near" => ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(
                "^-?[0-9]{1,3}(\\.[0-9]{1,6})?,-?[0-9]{1,3}(\\.[0-9]{1,6})?$",
            ))
            .build()
            .into(),
        "age" => bounded(0, 130),
        "within_km" => bounded(1, super::directory::MAX_KM),
        "limit" => bounded(1, i64::from(faro_store::MAX_HITS)),
        _ => return None,
    })
}

/// The public HSDS API: anyone may call it (an empty security requirement), and its paging
/// parameters are bounded as the handlers check them.
fn hsds_operations(openapi: &mut utoipa::openapi::OpenApi) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        if !path.starts_with("/hsds/") {
            continue;
        }
        let Some(op) = item.get.as_mut() else {
            continue;
        };
        op.security = Some(vec![
            utoipa::openapi::security::SecurityRequirement::default(),
        ]);
        for param in op.parameters.iter_mut().flatten() {
            let schema = match param.name.as_str() {
                "page" => bounded(1, crate::hsds::MAX_PAGE),
                "per_page" => bounded(1, i64::from(faro_store::MAX_PER_PAGE)),
                "modified_after" => ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
                    .build()
                    .into(),
                _ => continue,
            };
            param.schema = Some(schema.into());
        }
    }
}

fn bounded(min: i64, max: i64) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min))
        .maximum(Some(max))
        .build()
        .into()
}

/// A comma-separated list of a vocabulary's codes (the hub's report filters).
fn code_list<V: faro_domain::Vocabulary>() -> Schema {
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(V::ALL.iter().map(|v| v.code()).collect::<Vec<_>>())),
        )
        .min_items(Some(1))
        .unique_items(true)
        .build()
        .into()
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "reference", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
