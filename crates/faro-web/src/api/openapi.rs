//! The OpenAPI document, generated from the handlers. Filter parameters are added from
//! `Dimension::ALL`, the same list the parser accepts, so the document cannot drift from it.

use axum::Json;
use faro_domain::query::Dimension;
use utoipa::OpenApi;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::{ObjectBuilder, Required, Type};

#[derive(OpenApi)]
#[openapi(
    info(title = "Faro API", description = "Human trafficking case data (HTCDS/CTDC): records, aggregates, vocabularies."),
    paths(
        super::records::list,
        super::records::show,
        super::notes::list,
        super::notes::create,
        super::aggregate::show,
        super::vocabularies::list,
        super::sources::list,
        document
    ),
    modifiers(&FilterParameters)
)]
pub struct ApiDoc;

struct FilterParameters;

/// The endpoints that take record filters.
const FILTERED: [&str; 2] = ["/api/v1/records", "/api/v1/aggregate"];

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
            for dim in Dimension::ALL {
                params.push(
                    ParameterBuilder::new()
                        .name(dim.id())
                        .parameter_in(ParameterIn::Query)
                        .required(Required::False)
                        .description(Some(format!("Filter by {}", dim.describe())))
                        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                        .build(),
                );
            }
        }
    }
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "reference", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
