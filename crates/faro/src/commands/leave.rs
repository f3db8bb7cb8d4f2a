//! `faro admin org remove`: an organisation that leaves takes its records and its audit chain
//! with it (written to a folder of its own, readable by its owner only); then its data is
//! deleted and its chain closed with a final entry, which the exported chain ends with.

use crate::config::create_private;
use anyhow::Context;
use faro_domain::{AccessContext, OrganisationId, Role};
use faro_formats::ExportFormat;
use faro_store::{RemovedOrganisation, Store};
use std::io::{BufWriter, Write};
use std::path::Path;

pub async fn remove(
    store: &Store,
    ctx: &AccessContext,
    organisation: OrganisationId,
    dir: &Path,
) -> anyhow::Result<RemovedOrganisation> {
    super::new_folder(dir)?;
    let records = dir.join("records.jsonl");
    let mut out = BufWriter::new(
        create_private(&records)
            .with_context(|| crate::say!("cli-cannot-create", path = records.display()))?,
    );
    // Read as one of the organisation's own admins: exactly its records, its export
    // audited in its own chain.
    let member = AccessContext::member(organisation, Role::Admin).acting_as(ctx.actor());
    let written = super::export::write_records(
        store,
        &member,
        &faro_domain::Filter::default(),
        ExportFormat::Jsonl,
        &mut out,
    )
    .await?;
    out.flush()
        .with_context(|| crate::say!("cli-cannot-write", path = records.display()))?;
    store
        .audit(
            &member,
            "export",
            serde_json::json!({ "records": written, "format": "Jsonl", "leaving": true }),
        )
        .await?;
    let removed = store
        .remove_organisation(ctx, organisation)
        .await
        .with_context(|| crate::say!("cli-nothing-deleted"))?;
    let chain = dir.join("audit.jsonl");
    write_chain(store, ctx, organisation, &chain)
        .await
        .with_context(|| crate::say!("cli-chain-unwritten", path = chain.display()))?;
    Ok(removed)
}

/// The organisation's whole chain, oldest entry first, as `faro admin audit export` writes it.
async fn write_chain(
    store: &Store,
    ctx: &AccessContext,
    organisation: OrganisationId,
    path: &Path,
) -> anyhow::Result<()> {
    let entries = store.audit_chain(ctx, organisation).await?;
    let mut out = BufWriter::new(create_private(path)?);
    for e in entries {
        writeln!(out, "{}", serde_json::to_string(&e)?)?;
    }
    out.flush()?;
    Ok(())
}
