//! `faro admin`: organisations and source sharing, as the instance operator.

use crate::Outcome;
use crate::cli::{
    AdminCommand, AuditCommand, OrgCommand, SourceCommand, TokenCommand, UserCommand,
};
use anyhow::Context;
use faro_domain::AccessContext;
use faro_store::Store;
use serde_json::json;
use std::io::Write;

pub async fn run(store: &Store, command: &AdminCommand) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    // The store authorises and audits every change; the CLI acts as the instance operator.
    let ctx = AccessContext::instance().acting_as("cli");
    match command {
        AdminCommand::Org(OrgCommand::Create { name }) => {
            if name.trim().is_empty() {
                return Err(crate::UsageError("an organisation needs a name".into()).into());
            }
            let id = store.create_organisation(&ctx, name).await?;
            writeln!(out, "created organisation {} `{}`", id.0, name.trim())?;
        }
        AdminCommand::Org(OrgCommand::List) => {
            for org in store.organisations().await? {
                writeln!(out, "{}\t{}", org.id.0, org.name)?;
            }
        }
        AdminCommand::Source(SourceCommand::Share { id, stop }) => {
            store
                .set_sharing(&ctx, *id, !stop)
                .await
                .with_context(|| format!("cannot change the sharing of source {id}"))?;
            let what = if *stop { "no longer shares" } else { "shares" };
            writeln!(out, "source {id} {what} its aggregates with the hub")?;
        }
        AdminCommand::User(UserCommand::Create { org, role, email }) => {
            let organisation = store.organisation_named(org).await?.ok_or_else(|| {
                crate::UsageError(format!("--org: there is no organisation named `{org}`"))
            })?;
            let user = store
                .create_user(&ctx, organisation.id, email, *role)
                .await?;
            writeln!(
                out,
                "created user {} `{}` in `{}`",
                user.id, user.email, organisation.name
            )?;
        }
        AdminCommand::User(UserCommand::Disable { email }) => {
            store
                .disable_user(&ctx, email)
                .await
                .with_context(|| format!("cannot disable `{email}`"))?;
            writeln!(out, "disabled `{email}`: their tokens no longer work")?;
        }
        AdminCommand::Token(TokenCommand::Create {
            email,
            role,
            days,
            name,
        }) => {
            let user = store.user(email).await?;
            let token = store
                .create_token(&ctx, &user, *role, name, i64::from(*days) * 86_400)
                .await?;
            eprintln!(
                "token {} for `{}` as {}, expires in {days} days; it is shown only now:",
                token.id,
                user.email,
                faro_domain::vocab::Vocabulary::code(token.role)
            );
            writeln!(out, "{}", token.secret)?;
        }
        AdminCommand::Token(TokenCommand::Revoke { id }) => {
            store.revoke_token(&ctx, *id).await?;
            writeln!(out, "revoked token {id}")?;
        }
        AdminCommand::Audit(AuditCommand::Verify) => match store.verify_audit().await? {
            Ok(summary) => writeln!(
                out,
                "the audit log is intact: {} entries in {} chains",
                summary.entries, summary.chains
            )?,
            Err(problem) => anyhow::bail!("the audit log has been tampered with: {problem}"),
        },
        AdminCommand::Audit(AuditCommand::Export) => {
            for e in store.audit_entries().await? {
                let line = json!({
                    "chain": e.chain, "seq": e.seq, "at": e.at, "actor": e.actor,
                    "action": e.action, "detail": e.detail, "mac": e.mac,
                });
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(Outcome::Success)
}
