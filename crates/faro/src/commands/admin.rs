//! `faro admin`: organisations and source sharing, as the instance operator.

use crate::Outcome;
use crate::cli::{AdminCommand, OrgCommand, SourceCommand};
use anyhow::Context;
use faro_domain::AccessContext;
use faro_store::Store;
use std::io::Write;

pub async fn run(store: &Store, command: &AdminCommand) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    match command {
        AdminCommand::Org(OrgCommand::Create { name }) => {
            if name.trim().is_empty() {
                return Err(crate::UsageError("an organisation needs a name".into()).into());
            }
            let id = store.create_organisation(name).await?;
            writeln!(out, "created organisation {} `{}`", id.0, name.trim())?;
        }
        AdminCommand::Org(OrgCommand::List) => {
            for org in store.organisations().await? {
                writeln!(out, "{}\t{}", org.id.0, org.name)?;
            }
        }
        AdminCommand::Source(SourceCommand::Share { id, stop }) => {
            store
                .set_sharing(&AccessContext::instance(), *id, !stop)
                .await
                .with_context(|| format!("cannot change the sharing of source {id}"))?;
            let what = if *stop { "no longer shares" } else { "shares" };
            writeln!(out, "source {id} {what} its aggregates with the hub")?;
        }
    }
    Ok(Outcome::Success)
}
