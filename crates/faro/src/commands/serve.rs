//! `faro serve` and `faro demo`.

use crate::Outcome;
use crate::config::Config;
use anyhow::Context;
use faro_domain::AccessContext;
use faro_store::{ImportOutcome, NewSource, SourceKind, Store};
use faro_web::AppState;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The server's state from the settings: disclosure control, reporting, notices, SMS
/// channels, the public URL and the trusted proxy.
pub async fn app_state(
    store: Store,
    config: &Config,
    public_url: Option<&str>,
    trusted_proxy: Option<std::net::IpAddr>,
) -> anyhow::Result<AppState> {
    let reporting = config.reports.resolve(&store).await?;
    let gateways = config.reports.gateways(&store).await?;
    if public_url.is_none()
        && let Some(twilio) = gateways
            .iter()
            .find(|g| g.kind == faro_web::gateway::Kind::Twilio)
    {
        return Err(
            crate::UsageError(crate::say!("cli-twilio-needs-url", channel = twilio.name)).into(),
        );
    }
    let mut notify = config.notify.clone();
    notify.inbox_url = public_url
        .map(|u| u.trim_end_matches('/').to_string())
        .unwrap_or_else(|| format!("http://{}", config.bind));
    let mut state = AppState::new(store)
        .with_privacy(config.privacy)
        .with_reporting(reporting)
        .with_notify(notify)
        .with_gateways(gateways)
        .with_upload_limit(config.upload_limit)
        .with_job_limits(config.jobs)
        .with_retention_days(config.reports.retention_days)
        .with_publish_budget(config.publish_budget);
    if let Some(url) = public_url {
        state = state.with_public_url(url);
    }
    if let Some(proxy) = trusted_proxy {
        state = state.with_trusted_proxy(proxy);
    }
    Ok(state)
}

/// How often closed reports past their retention are looked for.
const RETENTION_SWEEP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Deletes closed reports older than `days` (or an organisation's own shorter period), now and
/// every hour, while the server runs.
fn keep_retention(store: Store, days: u32) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(RETENTION_SWEEP);
        loop {
            every.tick().await;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let ctx = AccessContext::instance().acting_as("retention");
            match store.apply_retention(&ctx, now, days).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reports = n, "closed reports past retention deleted"),
                Err(e) => tracing::warn!(error = %e, "closed reports could not be deleted"),
            }
        }
    });
}

/// How often `faro serve` appends a checkpoint of the audit log (and once more when it stops).
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Appends a checkpoint of the audit log to the file in `dir`. A tampered log is not written
/// down (that would vouch for it): it is logged, for `verify` to name.
async fn checkpoint(store: &Store, dir: &Path) {
    match store.audit_checkpoint().await {
        Ok(Ok(c)) => {
            if let Err(e) = faro_store::append_checkpoint(dir, &c) {
                tracing::error!(error = %e, "audit checkpoint not written");
            }
        }
        Ok(Err(problem)) => {
            tracing::error!(%problem, "the audit log has been tampered with: no checkpoint written")
        }
        Err(e) => tracing::warn!(error = %e, "audit checkpoint not taken"),
    }
}

/// Appends a checkpoint now and every hour while the server runs.
fn keep_checkpoints(store: Store, dir: PathBuf) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(CHECKPOINT_EVERY);
        loop {
            every.tick().await;
            checkpoint(&store, &dir).await;
        }
    });
}

pub async fn serve(state: AppState, config: &Config) -> anyhow::Result<Outcome> {
    let bind = config.bind.as_str();
    let checkpoints = config.checkpoints()?;
    keep_checkpoints(state.store.clone(), checkpoints.clone());
    keep_retention(state.store.clone(), config.reports.retention_days);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| crate::say!("cli-cannot-listen", address = bind))?;
    let addr = listener.local_addr()?;
    // Warm the aggregate index in the background so the first dashboard query is fast;
    // `/healthz` says when it is ready.
    let index = state.index.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match index.warm().await {
            Ok(records) => tracing::info!(
                index.records = records,
                index.load_ms = started.elapsed().as_millis() as u64,
                "analytics index ready"
            ),
            Err(e) => tracing::error!(error = %e, "analytics index not loaded"),
        }
    });
    let stop = shutdown_signal();
    let mut out = std::io::stdout().lock();
    let url = format!("http://{addr}/");
    writeln!(out, "{}", crate::say!("cli-serving", url = url))
        .with_context(|| crate::say!("cli-stdout-unwritten"))?;
    out.flush()?;
    drop(out);
    tracing::info!(bind = %addr, "serving");
    let store = state.store.clone();
    faro_web::serve(listener, state, stop)
        .await
        .with_context(|| crate::say!("cli-server-stopped"))?;
    checkpoint(&store, &checkpoints).await;
    Ok(Outcome::Success)
}

pub async fn demo(store: Store, config: &Config, rows: u64) -> anyhow::Result<Outcome> {
    if store.count_records(&AccessContext::instance()).await? == 0 {
        eprintln!("{}", crate::say!("cli-demo-loading", rows = rows));
        load_demo(&store, rows).await?;
        load_demo_reports(&store).await?;
        load_demo_directory(&store).await?;
        let admin = demo_credentials(&store).await?;
        load_demo_cases(&store, &admin).await?;
    }
    serve(app_state(store, config, None, None).await?, config).await
}

/// The generator's seed for demo data; the source's sha256 names it, so the same demo
/// data is never loaded twice.
const DEMO_SEED: u64 = 2024;

async fn load_demo(store: &Store, rows: u64) -> anyhow::Result<()> {
    let records = faro_formats::fictitious::import_rows(DEMO_SEED, rows);
    let source = NewSource {
        name: "Demo: fictitious CTDC-like records".into(),
        file_name: None,
        sha256: format!("demo-generator-seed-{DEMO_SEED}-rows-{rows}"),
        layout: "generated".into(),
        kind: SourceKind::Demo,
        organisation: faro_store::DEFAULT_ORGANISATION,
    };
    match store
        .import(
            &faro_domain::AccessContext::instance(),
            source,
            records,
            &mut (),
            || 0,
        )
        .await
    {
        Ok(ImportOutcome::Imported(r)) => {
            let said = crate::say!(
                "cli-demo-loaded",
                rows = r.rows_imported,
                source = r.source_id
            );
            eprintln!("{said}")
        }
        Ok(ImportOutcome::AlreadyImported(_)) => {}
        Err(e) => return Err(anyhow::Error::new(e).context(crate::say!("cli-demo-unloaded"))),
    }
    Ok(())
}

/// Fictitious providers in the demo's directory.
const DEMO_PROVIDERS: usize = 60;

/// A fictitious directory of providers around cities of Spain (public, partners' and
/// confidential entries and locations), read as an HSDS feed would be.
async fn load_demo_directory(store: &Store) -> anyhow::Result<()> {
    let mut entries = Vec::with_capacity(DEMO_PROVIDERS);
    for service in faro_hsds::fictitious::services(DEMO_PROVIDERS, DEMO_SEED) {
        let entry = faro_hsds::from_service(service)
            .map_err(|p| anyhow::anyhow!("a demo provider is not valid HSDS: {p:?}"))?;
        entries.push(entry);
    }
    let options = faro_store::DirectoryImportOptions {
        audience: faro_domain::directory::Audience::Partners,
        mark_vanished: false,
    };
    let done = store
        .import_directory(
            &AccessContext::instance(),
            faro_store::DEFAULT_ORGANISATION,
            &entries,
            options,
        )
        .await?;
    eprintln!("{}", crate::say!("cli-demo-directory", count = done.added));
    Ok(())
}

/// Fictitious reports in the demo's inbox: four in each of ten cities, so that the hub's
/// hotspots have something to show.
const DEMO_REPORTS: usize = 40;

/// Fictitious reports in the inbox, every third with a photo, as the public form would
/// have stored them.
async fn load_demo_reports(store: &Store) -> anyhow::Result<()> {
    use faro_domain::report::{Channel, ReportDraft};
    let anyone = faro_domain::AccessContext::anonymous();
    for (i, (lang, raw)) in faro_formats::fictitious::reports(DEMO_REPORTS).enumerate() {
        let mut draft = ReportDraft::parse(&raw, Channel::Web, lang)
            .map_err(|p| anyhow::anyhow!("a demo report is not valid: {p:?}"))?;
        draft.locate();
        let photos = if i % 3 == 0 {
            vec![demo_photo(i)?]
        } else {
            Vec::new()
        };
        store
            .submit_report(
                &anyone,
                faro_store::DEFAULT_ORGANISATION,
                &draft,
                &photos,
                None,
                Some(store.fresh_receipt().await?),
            )
            .await?;
    }
    eprintln!("{}", crate::say!("cli-demo-reports", count = DEMO_REPORTS));
    Ok(())
}

/// A small picture of colour bands, as if a reporter had sent one.
fn demo_photo(i: usize) -> anyhow::Result<faro_store::Photo> {
    let img = image::RgbImage::from_fn(160, 120, |x, y| {
        image::Rgb([
            (x * 3 % 256) as u8,
            (y * 2 + i as u32 * 40 % 256) as u8,
            120,
        ])
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80).encode_image(&img)?;
    Ok(faro_store::Photo {
        media_type: "image/jpeg",
        width: 160,
        height: 120,
        bytes,
    })
}

/// The demo's admin, with a password to sign in at `/sign-in` and an API token, printed once:
/// only their hashes are stored.
async fn demo_credentials(store: &Store) -> anyhow::Result<faro_store::User> {
    const EMAIL: &str = "demo-admin@faro.invalid";
    let user = match store.user(EMAIL).await {
        Ok(user) => user,
        Err(_) => {
            store
                .create_user(
                    &faro_domain::AccessContext::instance(),
                    faro_store::DEFAULT_ORGANISATION,
                    &faro_domain::Email::parse(EMAIL)?,
                    faro_domain::Role::Admin,
                )
                .await?
        }
    };
    // Colleagues read a name, not an address: the demo shows how.
    let name = faro_domain::DisplayName::parse("Demo admin")?;
    let instance = faro_domain::AccessContext::instance();
    store.set_display_name(&instance, EMAIL, &name).await?;
    let token = store
        .create_token(
            &faro_domain::AccessContext::instance(),
            &user,
            None,
            &faro_domain::TokenName::parse("demo")?,
            30 * 86_400,
        )
        .await?;
    let link = store
        .password_link(&faro_domain::AccessContext::instance(), EMAIL)
        .await?;
    let password = faro_store::DataKey::generate()
        .map_err(|e| anyhow::anyhow!(crate::say!("cli-no-password", reason = e)))?
        .to_hex()[..20]
        .to_string();
    store
        .set_password(&link, &faro_domain::Password::parse(password.clone())?)
        .await?;
    let mut out = std::io::stdout().lock();
    let said = crate::say!("cli-demo-password", email = EMAIL, password = password);
    writeln!(out, "{said}")?;
    let said = crate::say!("cli-demo-token", email = EMAIL, token = token.secret);
    writeln!(out, "{said}")?;
    Ok(user)
}

/// A team and a few fictitious cases at every stage, opened by the demo admin and kept by
/// them, so that "what needs my action" has something in each list: a task overdue, a
/// consent ending soon, a case nobody has yet, a plan waiting for a supervisor.
async fn load_demo_cases(store: &Store, admin: &faro_store::User) -> anyhow::Result<()> {
    use faro_domain::case::person::{Contact, ContactKind, Person};
    use faro_domain::case::{
        CaseStatus, ConsentMeans, ConsentPurpose, ConsentState, Day, PlanKind, ServiceKind,
        ServiceStatus,
    };
    let org = faro_store::DEFAULT_ORGANISATION;
    let ctx = AccessContext::member(org, faro_domain::Role::Admin)
        .for_user(admin.id)
        .acting_as(faro_domain::access::Actor::User(admin.id).to_string());
    let team = store
        .create_team(&ctx, org, &faro_domain::DisplayName::parse("Casework")?)
        .await?;
    store
        .set_team_member(&ctx, team, admin.id, Some(false))
        .await?;
    let today = Day::of_unix(time::OffsetDateTime::now_utc().unix_timestamp());
    for (i, (name, alias, phone, country)) in
        faro_formats::fictitious::CASE_PEOPLE.iter().enumerate()
    {
        let person = Person {
            names: [*name, *alias]
                .iter()
                .filter(|n| !n.is_empty())
                .map(|n| n.to_string())
                .collect(),
            citizenship: faro_domain::Country::from_alpha2(country),
            contacts: vec![Contact {
                kind: ContactKind::Phone,
                value: phone.to_string(),
                safe: i % 2 == 0,
                need_to_know: false,
            }],
            ..Person::default()
        }
        .check()?;
        let id = store
            .open_case(
                &ctx,
                faro_store::NewCase {
                    person,
                    report: None,
                    record: None,
                },
            )
            .await?;
        if i == 5 {
            continue; // waits for someone to be assigned
        }
        let opened = store.case_file(&ctx, id).await?.head.version;
        let v = store
            .assign_case(&ctx, id, opened, Some(admin.id), Some(team))
            .await?;
        store
            .step_case(&ctx, id, v, faro_store::Step::To(CaseStatus::Assessment))
            .await?;
        let consent = faro_store::ConsentInput {
            purpose: ConsentPurpose::Services,
            state: ConsentState::Given,
            means: ConsentMeans::Spoken,
            until: Some(Day(today.0 + 10 + 60 * i as i32)),
            partners: Vec::new(),
            given_by: None,
        };
        let v = store.record_consent(&ctx, id, consent).await?;
        let safety = vec![(
            "risks".to_string(),
            "The recruiter knows where her family lives.".to_string(),
        )];
        let v = store
            .save_plan(&ctx, id, v, PlanKind::Safety, safety)
            .await?;
        let task = faro_store::NewTask {
            title: "Follow-up call".into(),
            due: Day(today.0 - 3 + 4 * i as i32),
            assignee: None,
        };
        store.add_task(&ctx, id, task).await?;
        if i >= 2 {
            let service = faro_store::NewService {
                kind: [
                    ServiceKind::SafeHousing,
                    ServiceKind::Medical,
                    ServiceKind::Legal,
                ][i % 3],
                status: ServiceStatus::Delivered,
                planned: None,
                delivered: Some(today),
                provider: Some("Casa Esperanza".into()),
                outcome: None,
            };
            store.save_service(&ctx, id, None, service).await?;
        }
        if i == 1 {
            store
                .step_case(&ctx, id, v + 1, faro_store::Step::To(CaseStatus::Plan))
                .await?;
        }
    }
    Ok(())
}

/// Listens for Ctrl-C and SIGTERM from now on: registered before the address is printed, so
/// that a stop sent as soon as it is read is a graceful one (with its audit checkpoint).
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            async fn received(s: Option<&mut tokio::signal::unix::Signal>) {
                match s {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            let (mut terminate, mut interrupt) = signals;
            tokio::select! {
                () = received(terminate.as_mut()) => {},
                () = received(interrupt.as_mut()) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down");
    }
}
