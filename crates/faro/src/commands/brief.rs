//! `faro brief --org NAME [FILTERS] -o brief.html`: the hub's brief as one self-contained
//! HTML file (styles inside, charts as SVG, nothing to fetch) that opens offline and prints.

use crate::Outcome;
use crate::cli::BriefArgs;
use crate::config::Config;
use anyhow::Context;
use faro_domain::{AccessContext, AggregateScope, Role};
use faro_store::Store;
use faro_web::hub::brief::{Style, render};
use faro_web::hub::{HubQuery, MapBy};

/// Released as to a viewer of the organisation unless `--exact` asks for its exact figures,
/// which the operator running this command may read (the brief then says nothing is hidden).
pub async fn run(store: Store, config: &Config, args: &BriefArgs) -> anyhow::Result<Outcome> {
    let organisation = store
        .organisation_named(&args.org)
        .await?
        .ok_or_else(|| anyhow::anyhow!(crate::say!("cli-no-organisation", name = args.org)))?;
    let role = if args.exact {
        Role::Analyst
    } else {
        Role::Viewer
    };
    let ctx = AccessContext::member(organisation.id, role).acting_as("cli");
    let query = HubQuery {
        filter: args.filters.filter.clone(),
        map: if args.by_citizenship {
            MapBy::Citizenship
        } else {
            MapBy::Exploitation
        },
        top: usize::from(args.top),
        scope: if args.shared {
            AggregateScope::Hub
        } else {
            AggregateScope::Own
        },
        ..HubQuery::default()
    };
    let cx = faro_web::services::Context {
        privacy: config.privacy,
        ..faro_web::services::Context::new(store)
    };
    // A viewer's brief is computed from the sources' releases: those that are due are made
    // first, as `faro serve` would.
    if !args.exact {
        faro_web::services::statistics::release_due(&cx)
            .await
            .map_err(failed)?;
    }
    let html = render(
        &cx,
        &ctx,
        &query,
        crate::lang::get(),
        Style::Inline,
        "hub.brief",
    )
    .await
    .map_err(failed)?;
    faro_store::private::write_private(&args.output, html)
        .with_context(|| crate::say!("cli-cannot-write", path = args.output.display()))?;
    eprintln!("{}", crate::say!("cli-wrote", path = args.output.display()));
    Ok(Outcome::Success)
}

/// A service's refusal, in the CLI's language.
fn failed(e: faro_web::services::ServiceError) -> anyhow::Error {
    let why = faro_web::ApiError::from(e)
        .message
        .render(crate::lang::get());
    anyhow::anyhow!(crate::say!("cli-brief-failed", reason = why))
}
