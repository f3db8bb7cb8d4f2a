//! `faro admin`: organisations, sharing, users, tokens, the audit log and the data key, as the
//! instance operator.

use crate::Outcome;
use crate::cli::{
    AdminCommand, AuditCommand, CaseCommand, OrgCommand, RecordCommand, ReportsCommand,
    SourceCommand, TokenCommand, UserCommand,
};
use anyhow::Context;
use faro_domain::AccessContext;
use faro_store::Store;
use std::io::Write;

/// `checkpoint_dir` is where `faro serve` appends audit checkpoints (`[audit]`).
pub async fn run(
    store: &Store,
    command: &AdminCommand,
    checkpoint_dir: Option<&std::path::Path>,
) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    // The store authorises and audits every change; the CLI acts as the instance operator.
    let ctx = AccessContext::instance().acting_as("cli");
    match command {
        AdminCommand::Org(command) => org(store, &ctx, command, &mut out).await?,
        AdminCommand::Source(command) => source(store, &ctx, command, &mut out).await?,
        AdminCommand::Record(command) => record(store, &ctx, command, &mut out).await?,
        AdminCommand::Case(CaseCommand::Erase { id, reason }) => {
            store
                .erase_case(&ctx, *id, (*reason).into())
                .await
                .with_context(|| crate::say!("cli-case-not-erased", id = id))?;
            writeln!(out, "{}", crate::say!("cli-case-erased", id = id))?;
        }
        AdminCommand::Reports(command) => reports(store, &ctx, command, &mut out).await?,
        AdminCommand::User(command) => user(store, &ctx, command, &mut out).await?,
        AdminCommand::Token(command) => token(store, &ctx, command, &mut out).await?,
        AdminCommand::Audit(command) => audit(store, command, checkpoint_dir, &mut out).await?,
        AdminCommand::RotateKey | AdminCommand::Restore { .. } => {
            anyhow::bail!(crate::say!("cli-admin-runs-first"))
        }
        AdminCommand::Backup { output } => {
            let started = std::time::Instant::now();
            let summary = store
                .backup(output)
                .await
                .with_context(|| crate::say!("cli-backup-failed", path = output.display()))?;
            let said = crate::say!(
                "cli-backup-written",
                backend = summary.backend,
                path = output.display(),
                megabytes = format!("{:.1}", summary.bytes as f64 / 1e6),
                seconds = format!("{:.1}", started.elapsed().as_secs_f64()),
                chains = summary.checkpoint.chains.len()
            );
            writeln!(out, "{said}")?;
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
                return Err(crate::UsageError(crate::say!("cli-org-needs-name")).into());
            }
            let id = store.create_organisation(ctx, name).await?;
            let said = crate::say!("cli-org-created", id = id.0, name = name.trim());
            writeln!(out, "{said}")?;
        }
        OrgCommand::Budgets {
            name,
            publish,
            annual_per_source,
        } => {
            let org = store.organisation_named(name).await?.ok_or_else(|| {
                crate::UsageError(crate::say!("cli-no-organisation", name = name))
            })?;
            for value in [publish, annual_per_source].into_iter().flatten() {
                if !(value.is_finite() && *value > 0.0 && *value <= 100.0) {
                    return Err(crate::UsageError(crate::say!(
                        "cli-org-budget-bad",
                        value = *value
                    ))
                    .into());
                }
            }
            store
                .set_privacy_budgets(ctx, org.id, *publish, *annual_per_source)
                .await?;
            let said = crate::say!("cli-org-budgets", name = org.name);
            writeln!(out, "{said}")?;
        }
        OrgCommand::List => {
            for org in store.organisations().await? {
                writeln!(out, "{}\t{}", org.id.0, org.name)?;
            }
        }
        OrgCommand::Remove { name, export } => {
            let org = store.organisation_named(name).await?.ok_or_else(|| {
                crate::UsageError(crate::say!("cli-no-organisation", name = name))
            })?;
            let gone = super::leave::remove(store, ctx, org.id, export).await?;
            let said = crate::say!(
                "cli-org-removed",
                id = org.id.0,
                name = org.name,
                sources = gone.sources,
                records = gone.records,
                reports = gone.reports,
                users = gone.users,
                path = export.display()
            );
            writeln!(out, "{said}")?;
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
                .with_context(|| crate::say!("cli-share-failed", id = id))?;
            let shares = if *stop { "no" } else { "yes" };
            writeln!(
                out,
                "{}",
                crate::say!("cli-share-set", id = id, shares = shares)
            )?;
        }
        SourceCommand::Delete { id } => {
            let gone = store
                .remove_source(ctx, *id)
                .await
                .with_context(|| crate::say!("cli-source-not-deleted", id = id))?;
            let said = crate::say!(
                "cli-source-deleted",
                id = gone.id,
                name = gone.name,
                sha256 = gone.sha256,
                records = gone.records
            );
            writeln!(out, "{said}")?;
        }
        SourceCommand::RemoveAbandoned { older_than_hours } => {
            let removed = store
                .remove_stale_imports(ctx, i64::from(*older_than_hours) * 3600)
                .await?;
            let said = crate::say!(
                "cli-abandoned-removed",
                count = removed.len(),
                ids = format!("{removed:?}")
            );
            writeln!(out, "{said}")?;
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
                .with_context(|| crate::say!("cli-record-not-erased", id = id))?;
            writeln!(out, "{}", crate::say!("cli-record-erased", id = id))?;
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
            let said = crate::say!(
                "cli-reports-purged",
                count = deleted,
                days = older_than_days
            );
            writeln!(out, "{said}")?;
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
                crate::UsageError(format!(
                    "--org: {}",
                    crate::say!("cli-no-organisation", name = org)
                ))
            })?;
            let user = store
                .create_user(ctx, organisation.id, email, *role)
                .await?;
            let said = crate::say!(
                "cli-user-created",
                id = user.id,
                email = user.email,
                organisation = organisation.name
            );
            writeln!(out, "{said}")?;
            let secret = store.password_link(ctx, &user.email).await?;
            print_link(out, public_url.as_deref(), &secret)?;
        }
        UserCommand::SetRole { email, role } => {
            let revoked = store
                .set_role(ctx, email, *role)
                .await
                .with_context(|| crate::say!("cli-role-failed", email = email))?;
            let said = crate::say!(
                "cli-role-set",
                email = email,
                role = faro_domain::vocab::Vocabulary::code(*role),
                revoked = revoked
            );
            writeln!(out, "{said}")?;
        }
        UserCommand::ResetTwoFactor { email } => {
            store
                .reset_two_factor(ctx, email)
                .await
                .with_context(|| crate::say!("cli-two-factor-failed", email = email))?;
            writeln!(out, "{}", crate::say!("cli-two-factor-off", email = email))?;
        }
        UserCommand::ResetPassword { email, public_url } => {
            let secret = store
                .password_link(ctx, email)
                .await
                .with_context(|| crate::say!("cli-link-failed", email = email))?;
            print_link(out, public_url.as_deref(), &secret)?;
        }
        UserCommand::Disable { email } => {
            store
                .disable_user(ctx, email)
                .await
                .with_context(|| crate::say!("cli-disable-failed", email = email))?;
            writeln!(out, "{}", crate::say!("cli-user-disabled", email = email))?;
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
            let said = crate::say!(
                "cli-token-created",
                id = token.id,
                email = user.email,
                role = faro_domain::vocab::Vocabulary::code(token.role),
                days = days
            );
            eprintln!("{said}");
            writeln!(out, "{}", token.secret)?;
        }
        TokenCommand::Revoke { id } => {
            store.revoke_token(ctx, *id).await?;
            writeln!(out, "{}", crate::say!("cli-token-revoked", id = id))?;
        }
    }
    Ok(())
}

/// `faro admin audit …`. Without `--since`, `verify` checks the newest checkpoint that
/// `faro serve` appended in `checkpoint_dir`, if there is one.
async fn audit(
    store: &Store,
    command: &AuditCommand,
    checkpoint_dir: Option<&std::path::Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify { since } => {
            let newest = match (since, checkpoint_dir) {
                (None, Some(dir)) => faro_store::newest_checkpoint(dir).with_context(|| {
                    let path = dir.join(faro_store::CHECKPOINT_FILE);
                    crate::say!("cli-checkpoint-unreadable", path = path.display())
                })?,
                _ => None,
            };
            let (verified, against) = match (since, &newest) {
                (Some(path), _) => (
                    store.verify_audit_since(&read_checkpoint(path)?).await?,
                    "yes",
                ),
                (None, Some(checkpoint)) => (store.verify_audit_since(checkpoint).await?, "file"),
                (None, None) => (store.verify_audit().await?, "no"),
            };
            let file = checkpoint_dir
                .map(|d| d.join(faro_store::CHECKPOINT_FILE).display().to_string())
                .unwrap_or_default();
            match verified {
                Ok(summary) => {
                    let said = crate::say!(
                        "cli-audit-intact",
                        entries = summary.entries,
                        chains = summary.chains,
                        since = against,
                        file = file
                    );
                    writeln!(out, "{said}")?
                }
                Err(problem) => anyhow::bail!(crate::say!("cli-audit-tampered", problem = problem)),
            }
        }
        AuditCommand::Checkpoint => match store.audit_checkpoint().await? {
            Ok(checkpoint) => writeln!(out, "{}", serde_json::to_string_pretty(&checkpoint)?)?,
            Err(problem) => {
                anyhow::bail!(crate::say!("cli-no-checkpoint", problem = problem))
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
        .with_context(|| crate::say!("cli-nothing-restored", path = file.display()))?;
    let taken = time::OffsetDateTime::from_unix_timestamp(summary.taken_at)
        .map(|t| t.date().to_string())
        .unwrap_or_default();
    let said = crate::say!(
        "cli-restored",
        backend = summary.backend,
        taken = taken,
        location = config.location.describe(),
        seconds = format!("{:.1}", started.elapsed().as_secs_f64()),
        entries = summary.audit.entries,
        chains = summary.audit.chains,
        since = if since.is_some() { "yes" } else { "no" }
    );
    writeln!(std::io::stdout().lock(), "{said}")?;
    Ok(Outcome::Success)
}

fn read_checkpoint(path: &std::path::Path) -> anyhow::Result<faro_store::Checkpoint> {
    let text = std::fs::read_to_string(path)
        .with_context(|| crate::say!("cli-checkpoint-unreadable", path = path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        let said = crate::say!("cli-not-a-checkpoint", path = path.display(), reason = e);
        crate::UsageError(format!("--since: {said}")).into()
    })
}

/// Prints a set-password link: under `--public-url` when given, else as a path on the
/// server, with a note on how long it lasts.
fn print_link(out: &mut impl Write, base: Option<&str>, secret: &str) -> anyhow::Result<()> {
    let base = base.unwrap_or("").trim_end_matches('/');
    let hours = faro_store::PASSWORD_LINK_SECS / 3600;
    eprintln!("{}", crate::say!("cli-link-made", hours = hours));
    writeln!(out, "{base}/set-password?token={secret}")?;
    if base.is_empty() {
        eprintln!("{}", crate::say!("cli-link-prefix"));
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
        .map_err(|e| anyhow::anyhow!(crate::say!("cli-no-data-key", reason = e)))?;
    let staged = match source {
        crate::config::KeySource::File(path) => {
            let staged = path.with_extension("key.new");
            if staged.exists() {
                anyhow::bail!(crate::say!(
                    "cli-rotation-half-way",
                    staged = staged.display(),
                    path = path.display()
                ));
            }
            crate::config::write_private(&staged, &new.to_hex())
                .with_context(|| crate::say!("cli-new-key-unwritten", path = staged.display()))?;
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
            return Err(anyhow::Error::new(e).context(crate::say!("cli-key-unchanged")));
        }
    };
    let mut out = std::io::stdout().lock();
    match staged {
        Some((staged, path)) => {
            std::fs::rename(&staged, &path).with_context(|| {
                crate::say!(
                    "cli-key-move-by-hand",
                    staged = staged.display(),
                    path = path.display()
                )
            })?;
            writeln!(
                out,
                "{}",
                crate::say!("cli-key-rotated", path = path.display())
            )?;
        }
        None => {
            eprintln!("{}", crate::say!("cli-key-set-env"));
            writeln!(out, "{}", new.to_hex())?;
        }
    }
    let said = crate::say!(
        "cli-key-rotation-summary",
        notes = rotation.notes,
        secrets = rotation.two_factor_secrets,
        entries = rotation.audit_entries
    );
    eprintln!("{said}");
    Ok(Outcome::Success)
}
