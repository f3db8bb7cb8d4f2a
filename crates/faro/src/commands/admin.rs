//! `faro admin`: organisations, sharing, users, tokens, the audit log and the data key, as the
//! instance operator.

use crate::Outcome;
use crate::cli::{
    AdminCommand, AuditCommand, OrgCommand, RecordCommand, ReportsCommand, SourceCommand,
    TokenCommand, UserCommand,
};
use anyhow::Context;
use faro_domain::AccessContext;
use faro_store::Store;
use std::io::Write;

pub async fn run(store: &Store, command: &AdminCommand) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    // The store authorises and audits every change; the CLI acts as the instance operator.
    let ctx = AccessContext::instance().acting_as("cli");
    match command {
        AdminCommand::Org(command) => org(store, &ctx, command, &mut out).await?,
        AdminCommand::Source(command) => source(store, &ctx, command, &mut out).await?,
        AdminCommand::Record(command) => record(store, &ctx, command, &mut out).await?,
        AdminCommand::Reports(command) => reports(store, &ctx, command, &mut out).await?,
        AdminCommand::User(command) => user(store, &ctx, command, &mut out).await?,
        AdminCommand::Token(command) => token(store, &ctx, command, &mut out).await?,
        AdminCommand::Audit(command) => audit(store, command, &mut out).await?,
        AdminCommand::RotateKey | AdminCommand::Restore { .. } => {
            anyhow::bail!("this command runs before a store is opened (it needs the key's source)")
        }
        AdminCommand::Backup { output } => {
            let started = std::time::Instant::now();
            let summary = store
                .backup(output)
                .await
                .with_context(|| format!("no backup written to `{}`", output.display()))?;
            writeln!(
                out,
                "wrote the {} backup `{}` ({:.1} MB in {:.1} s), sealed with the data key; its audit checkpoint covers {} chains",
                summary.backend,
                output.display(),
                summary.bytes as f64 / 1e6,
                started.elapsed().as_secs_f64(),
                summary.checkpoint.chains.len()
            )?;
        }
    }
    Ok(Outcome::Success)
}

/// `faro admin org …`.
async fn org(
    store: &Store,
    ctx: &AccessContext,
    command: &OrgCommand,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        OrgCommand::Create { name } => {
            if name.trim().is_empty() {
                return Err(crate::UsageError("an organisation needs a name".into()).into());
            }
            let id = store.create_organisation(ctx, name).await?;
            writeln!(out, "created organisation {} `{}`", id.0, name.trim())?;
        }
        OrgCommand::List => {
            for org in store.organisations().await? {
                writeln!(out, "{}\t{}", org.id.0, org.name)?;
            }
        }
        OrgCommand::Remove { name, export } => {
            let org = store.organisation_named(name).await?.ok_or_else(|| {
                crate::UsageError(format!(
                    "there is no organisation named `{name}` (see `faro admin org list`)"
                ))
            })?;
            let gone = super::leave::remove(store, ctx, org.id, export).await?;
            writeln!(
                out,
                "removed organisation {} `{}`: {} sources, {} records, {} reports, {} users deleted; its records and closed audit chain are in `{}`",
                org.id.0,
                org.name,
                gone.sources,
                gone.records,
                gone.reports,
                gone.users,
                export.display()
            )?;
        }
    }
    Ok(())
}

/// `faro admin source …`.
async fn source(
    store: &Store,
    ctx: &AccessContext,
    command: &SourceCommand,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        SourceCommand::Share { id, stop } => {
            store
                .set_sharing(ctx, *id, !stop)
                .await
                .with_context(|| format!("cannot change the sharing of source {id}"))?;
            let what = if *stop { "no longer shares" } else { "shares" };
            writeln!(out, "source {id} {what} its aggregates with the hub")?;
        }
        SourceCommand::Delete { id } => {
            let gone = store
                .remove_source(ctx, *id)
                .await
                .with_context(|| format!("source {id} not deleted"))?;
            writeln!(
                out,
                "deleted source {} `{}` (sha256 {}) and its {} records",
                gone.id, gone.name, gone.sha256, gone.records
            )?;
        }
        SourceCommand::RemoveAbandoned { older_than_hours } => {
            let removed = store
                .remove_stale_imports(ctx, i64::from(*older_than_hours) * 3600)
                .await?;
            writeln!(
                out,
                "removed {} abandoned imports {removed:?}",
                removed.len()
            )?;
        }
    }
    Ok(())
}

/// `faro admin record …`.
async fn record(
    store: &Store,
    ctx: &AccessContext,
    command: &RecordCommand,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        RecordCommand::Erase { id, reason } => {
            store
                .erase_record(ctx, *id, (*reason).into())
                .await
                .with_context(|| format!("record {id} not erased"))?;
            writeln!(
                out,
                "erased record {id} and its notes; the audit log says why"
            )?;
        }
    }
    Ok(())
}

/// `faro admin reports …`.
async fn reports(
    store: &Store,
    ctx: &AccessContext,
    command: &ReportsCommand,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ReportsCommand::Purge { older_than_days } => {
            let before = time::OffsetDateTime::now_utc().unix_timestamp()
                - i64::from(*older_than_days) * 86_400;
            let deleted = store.delete_closed_reports(ctx, before).await?;
            writeln!(
                out,
                "deleted {deleted} closed reports older than {older_than_days} days"
            )?;
        }
    }
    Ok(())
}

/// `faro admin user …`.
async fn user(
    store: &Store,
    ctx: &AccessContext,
    command: &UserCommand,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        UserCommand::Create {
            org,
            role,
            email,
            public_url,
        } => {
            let organisation = store.organisation_named(org).await?.ok_or_else(|| {
                crate::UsageError(format!("--org: there is no organisation named `{org}`"))
            })?;
            let user = store
                .create_user(ctx, organisation.id, email, *role)
                .await?;
            writeln!(
                out,
                "created user {} `{}` in `{}`",
                user.id, user.email, organisation.name
            )?;
            let secret = store.password_link(ctx, &user.email).await?;
            print_link(out, public_url.as_deref(), &secret)?;
        }
        UserCommand::SetRole { email, role } => {
            let revoked = store
                .set_role(ctx, email, *role)
                .await
                .with_context(|| format!("cannot change the role of `{email}`"))?;
            writeln!(
                out,
                "`{email}` is now {}; {revoked} wider tokens revoked",
                faro_domain::vocab::Vocabulary::code(*role)
            )?;
        }
        UserCommand::ResetTwoFactor { email } => {
            store
                .reset_two_factor(ctx, email)
                .await
                .with_context(|| format!("cannot turn off two-factor sign-in of `{email}`"))?;
            writeln!(
                out,
                "two-factor sign-in of `{email}` is off and their sessions ended; they can set it up again"
            )?;
        }
        UserCommand::ResetPassword { email, public_url } => {
            let secret = store
                .password_link(ctx, email)
                .await
                .with_context(|| format!("cannot make a set-password link for `{email}`"))?;
            print_link(out, public_url.as_deref(), &secret)?;
        }
        UserCommand::Disable { email } => {
            store
                .disable_user(ctx, email)
                .await
                .with_context(|| format!("cannot disable `{email}`"))?;
            writeln!(
                out,
                "disabled `{email}`: their sessions and tokens no longer work"
            )?;
        }
    }
    Ok(())
}

/// `faro admin token …`.
async fn token(
    store: &Store,
    ctx: &AccessContext,
    command: &TokenCommand,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create {
            email,
            role,
            days,
            name,
        } => {
            let user = store.user(email).await?;
            let token = store
                .create_token(ctx, &user, *role, name, i64::from(*days) * 86_400)
                .await?;
            eprintln!(
                "token {} for `{}` as {}, expires in {days} days; it is shown only now:",
                token.id,
                user.email,
                faro_domain::vocab::Vocabulary::code(token.role)
            );
            writeln!(out, "{}", token.secret)?;
        }
        TokenCommand::Revoke { id } => {
            store.revoke_token(ctx, *id).await?;
            writeln!(out, "revoked token {id}")?;
        }
    }
    Ok(())
}

/// `faro admin audit …`.
async fn audit(store: &Store, command: &AuditCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify { since } => {
            let verified = match since {
                None => store.verify_audit().await?,
                Some(path) => store.verify_audit_since(&read_checkpoint(path)?).await?,
            };
            match verified {
                Ok(summary) => writeln!(
                    out,
                    "the audit log is intact: {} entries in {} chains{}",
                    summary.entries,
                    summary.chains,
                    if since.is_some() {
                        ", and it has only grown since the checkpoint"
                    } else {
                        ""
                    }
                )?,
                Err(problem) => anyhow::bail!("the audit log has been tampered with: {problem}"),
            }
        }
        AuditCommand::Checkpoint => match store.audit_checkpoint().await? {
            Ok(checkpoint) => writeln!(out, "{}", serde_json::to_string_pretty(&checkpoint)?)?,
            Err(problem) => {
                anyhow::bail!("no checkpoint of a tampered audit log: {problem}")
            }
        },
        AuditCommand::Export => {
            for e in store.audit_entries().await? {
                writeln!(out, "{}", serde_json::to_string(&e)?)?;
            }
        }
    }
    Ok(())
}

/// Reads a checkpoint file; one that is not a checkpoint is a usage error naming the file.
/// `faro admin restore FILE [--since CHECKPOINT]`: into the configured place, which must be
/// empty, with the configured key, which must already exist (a new key could open nothing).
pub async fn restore(
    config: &crate::config::Config,
    file: &std::path::Path,
    since: Option<&std::path::Path>,
) -> anyhow::Result<Outcome> {
    let key = config.key.load_existing()?;
    let since = since.map(read_checkpoint).transpose()?;
    let started = std::time::Instant::now();
    let summary = faro_store::restore(file, &config.location, &key, since.as_ref())
        .await
        .with_context(|| format!("nothing restored from `{}`", file.display()))?;
    let taken = time::OffsetDateTime::from_unix_timestamp(summary.taken_at)
        .map(|t| t.date().to_string())
        .unwrap_or_default();
    writeln!(
        std::io::stdout().lock(),
        "restored the {} backup taken on {taken} into `{}` in {:.1} s; its audit log is intact ({} entries in {} chains) and matches the checkpoint inside{}",
        summary.backend,
        config.location.describe(),
        started.elapsed().as_secs_f64(),
        summary.audit.entries,
        summary.audit.chains,
        if since.is_some() {
            " and the one you gave"
        } else {
            ""
        }
    )?;
    Ok(Outcome::Success)
}

fn read_checkpoint(path: &std::path::Path) -> anyhow::Result<faro_store::Checkpoint> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the checkpoint `{}`", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        crate::UsageError(format!(
            "--since: `{}` is not a checkpoint written by `faro admin audit checkpoint` ({e})",
            path.display()
        ))
        .into()
    })
}

/// Prints a set-password link: under `--public-url` when given, else as a path on the
/// server, with a note on how long it lasts.
fn print_link(out: &mut impl Write, base: Option<&str>, secret: &str) -> anyhow::Result<()> {
    let base = base.unwrap_or("").trim_end_matches('/');
    eprintln!(
        "one-time set-password link, valid {} hours; earlier links of this user stop working:",
        faro_store::PASSWORD_LINK_SECS / 3600
    );
    writeln!(out, "{base}/set-password?token={secret}")?;
    if base.is_empty() {
        eprintln!("(prefix it with the address Faro is served at, or give --public-url)");
    }
    Ok(())
}

/// `faro admin rotate-key`. With a key file, the new key is written beside it first
/// (`faro.key.new`, 0600), the database re-keyed in one transaction, then the new file renamed
/// over the old: a crash leaves either the old key working or the new key on disk. With
/// `FARO_DATA_KEY`, the new key is printed for the operator to put in its place.
pub async fn rotate_key(
    store: Store,
    source: &crate::config::KeySource,
) -> anyhow::Result<Outcome> {
    let ctx = AccessContext::instance().acting_as("cli");
    let new = faro_store::DataKey::generate()
        .map_err(|e| anyhow::anyhow!("cannot make a data key: {e}"))?;
    let staged = match source {
        crate::config::KeySource::File(path) => {
            let staged = path.with_extension("key.new");
            if staged.exists() {
                anyhow::bail!(
                    "`{}` exists: an earlier rotation stopped half-way. If Faro starts with `{}`, delete the new file; otherwise move it over the old key",
                    staged.display(),
                    path.display()
                );
            }
            crate::config::write_private(&staged, &new.to_hex())
                .with_context(|| format!("cannot write the new key `{}`", staged.display()))?;
            Some((staged, path.clone()))
        }
        _ => None,
    };
    let rotated = store.rotate_key(&ctx, &new).await;
    let (_, rotation) = match rotated {
        Ok(done) => done,
        Err(e) => {
            if let Some((staged, _)) = &staged {
                let _ = std::fs::remove_file(staged);
            }
            return Err(anyhow::Error::new(e).context("the data key was not changed"));
        }
    };
    let mut out = std::io::stdout().lock();
    match staged {
        Some((staged, path)) => {
            std::fs::rename(&staged, &path).with_context(|| {
                format!(
                    "the database now uses the key in `{}`: move it over `{}` by hand",
                    staged.display(),
                    path.display()
                )
            })?;
            writeln!(out, "rotated the data key in `{}`", path.display())?;
        }
        None => {
            eprintln!(
                "the database now uses this new key: set FARO_DATA_KEY to it before Faro starts again"
            );
            writeln!(out, "{}", new.to_hex())?;
        }
    }
    eprintln!(
        "re-encrypted {} notes and {} second-factor secrets, re-signed {} audit entries; back up the new key",
        rotation.notes, rotation.two_factor_secrets, rotation.audit_entries
    );
    Ok(Outcome::Success)
}
