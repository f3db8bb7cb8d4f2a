//! One module per subcommand; `run` dispatches.

pub mod admin;
pub mod aggregate;
pub mod brief;
pub mod directory;
pub mod export;
pub mod generate;
pub mod import;
pub mod leave;
pub mod publish;
pub mod serve;
pub mod triage;

use crate::Outcome;
use crate::cli::{
    AdminCommand, Cli, Command, ConfigCommand, DirectoryCommand, GlobalArgs, ImportCommand,
};
use crate::config::Config;
use anyhow::Context;
use faro_store::Store;
use std::path::Path;

pub async fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let default_dir = Path::new("./faro-data");
    match cli.command {
        Command::Import(ImportCommand::Ctdc(args)) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            import::run(&open(&config).await?, &args).await
        }
        Command::Directory(DirectoryCommand::Import(args)) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            directory::import(&open(&config).await?, &args).await
        }
        Command::Directory(DirectoryCommand::Export(args)) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            directory::export(&open(&config).await?, &args).await
        }
        Command::Export(args) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            export::run(&open(&config).await?, &args).await
        }
        Command::Aggregate(args) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            aggregate::run(&open(&config).await?, &args).await
        }
        Command::Brief(args) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            brief::run(open(&config).await?, &config, &args).await
        }
        Command::Publish(args) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            publish::run(&open(&config).await?, &config, &args).await
        }
        Command::Generate(args) => generate::run(&args),
        Command::Triage(args) => {
            let engine = match &args.org {
                Some(name) => {
                    let config = Config::resolve(&cli.global, None, default_dir)?;
                    let store = open(&config).await?;
                    let organisation = organisation_arg(&store, Some(name)).await?;
                    faro_web::services::triage_learning::engine_for(&store, organisation).await?
                }
                None => faro_triage::Engine::shipped()?.clone(),
            };
            triage::run(&args, &engine)
        }
        Command::Config(command) => settings(&cli.global, &command),
        Command::Serve(args) => {
            let config = Config::resolve(&cli.global, args.bind.as_deref(), default_dir)?;
            config.checkpoints()?;
            let store = open(&config).await?;
            let state = serve::app_state(
                store,
                &config,
                args.public_url.as_deref(),
                args.trusted_proxy,
            )
            .await?;
            serve::serve(state, &config).await
        }
        Command::Demo(args) => {
            let config =
                Config::resolve(&cli.global, args.bind.as_deref(), Path::new("./faro-demo"))?;
            serve::demo(open(&config).await?, &config, args.rows).await
        }
        Command::Admin(AdminCommand::RotateKey) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            admin::rotate_key(open(&config).await?, &config.key).await
        }
        Command::Admin(AdminCommand::Restore { file, since }) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            admin::restore(&config, &file, since.as_deref()).await
        }
        Command::Admin(command) => {
            let config = Config::resolve(&cli.global, None, default_dir)?;
            admin::run(
                &open(&config).await?,
                &command,
                config.checkpoint_dir.as_deref(),
            )
            .await
        }
    }
}

/// Opens the database and unlocks it with the data key (created on first use with SQLite).
/// Without a key nothing is opened: opening brings the schema up to date, which a run that
/// cannot go on must not do.
pub async fn open(config: &Config) -> anyhow::Result<Store> {
    if matches!(config.key, crate::config::KeySource::Missing) {
        config.key.load()?;
    }
    let store = Store::open(&config.location).await.with_context(|| {
        crate::say!(
            "cli-database-unopened",
            location = config.location.describe()
        )
    })?;
    let key = config.key.load()?;
    Ok(store.unlock(&key).await?)
}

/// Records a change or export made from the command line in the instance's audit chain.
pub async fn audit(store: &Store, action: &str, detail: serde_json::Value) -> anyhow::Result<()> {
    let ctx = faro_domain::AccessContext::instance().acting_as("cli");
    store
        .audit(&ctx, action, detail)
        .await
        .with_context(|| crate::say!("cli-audit-unwritten"))
}

/// `faro config`: nothing here opens the database.
fn settings(global: &GlobalArgs, command: &ConfigCommand) -> anyhow::Result<Outcome> {
    use std::io::Write;
    match command {
        ConfigCommand::Check => {
            Config::resolve(global, None, Path::new("./faro-data"))?;
            match &global.config {
                Some(path) => {
                    eprintln!(
                        "{}",
                        crate::say!("cli-settings-valid", path = path.display())
                    )
                }
                None => eprintln!("{}", crate::say!("cli-settings-none")),
            }
        }
        ConfigCommand::Show => {
            write!(std::io::stdout().lock(), "{}", crate::config::show(global)?)?
        }
        ConfigCommand::Schema => writeln!(std::io::stdout().lock(), "{}", crate::config::schema())?,
    }
    Ok(Outcome::Success)
}

/// Makes a folder for an export or a release (owner only), which must be new or empty: what
/// Faro writes never mixes with other files.
pub fn new_folder(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| crate::say!("cli-folder-unreadable", path = dir.display()))?;
        if entries.next().is_some() {
            let said = crate::say!("cli-folder-not-empty", path = dir.display());
            return Err(crate::UsageError(said).into());
        }
        return Ok(());
    }
    faro_store::private::private_folder(dir)
        .with_context(|| crate::say!("cli-folder-uncreated", path = dir.display()))
}

/// The organisation `--org NAME` names (a usage error when none has that name), else the
/// default organisation.
pub async fn organisation_arg(
    store: &Store,
    name: Option<&str>,
) -> anyhow::Result<faro_domain::OrganisationId> {
    let Some(name) = name else {
        return Ok(faro_store::DEFAULT_ORGANISATION);
    };
    let found = store.organisation_named(name).await?.ok_or_else(|| {
        crate::UsageError(format!(
            "--org: {}",
            crate::say!("cli-no-organisation", name = name)
        ))
    })?;
    Ok(found.id)
}
