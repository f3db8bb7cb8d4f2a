//! One typed configuration: defaults, then `faro.toml`, then flags and environment.

use crate::cli::GlobalArgs;
use anyhow::Context;
use faro_store::Location;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Faro's settings file (`faro.toml`, given with `--config` or `FARO_CONFIG`). Every key is
/// optional; an unknown key is an error, so a typo is never ignored. Options on the command
/// line win over the file.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Faro settings")]
struct FileConfig {
    /// The folder of the embedded SQLite database (`faro.db` inside); `./faro-data` if not
    /// given.
    data_dir: Option<PathBuf>,
    /// A PostgreSQL URL (`postgres://user@host/db`), used instead of SQLite.
    database: Option<String>,
    /// The address and port `faro serve` listens on; `127.0.0.1:8080` if not given.
    bind: Option<String>,
    /// Disclosure control of released aggregates: the threshold under which cells are hidden,
    /// each source's release of marginals (ε, δ, the annual cap per source) and how often it is
    /// made.
    privacy: Option<faro_privacy::Policy>,
    /// Public reporting and intake.
    reports: Option<ReportsFile>,
    /// Who is told that an urgent report arrived (never what it says).
    notify: Option<NotifyFile>,
    /// Imports from the sources page.
    import: Option<ImportFile>,
    /// Publishing with `faro publish`.
    publish: Option<PublishFile>,
    /// Background work (imports and releases from the pages).
    jobs: Option<JobsFile>,
    /// Where the audit log's checkpoints are kept.
    audit: Option<AuditFile>,
}

/// `[audit]`.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AuditFile {
    /// The folder where `faro serve` appends a checkpoint of the audit log each hour and when
    /// it stops (`audit-checkpoints.jsonl`), and whose newest one `faro admin audit verify`
    /// checks. Outside the database: the SQLite data folder, or with PostgreSQL the key
    /// file's folder, if not given.
    checkpoint_dir: Option<PathBuf>,
}

/// `[jobs]`: background work started from the pages, shared by every `faro serve` on one
/// database.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct JobsFile {
    /// Imports and releases one organisation may have waiting or running at once (1 to 100;
    /// 2 if not given). One more is refused with 429 until one ends.
    per_organisation: Option<u32>,
    /// Megabytes of rejected-row files each organisation keeps (1 to 4096; 64 if not
    /// given): the oldest go first.
    errors_megabytes_per_organisation: Option<i64>,
    /// Jobs this process runs at once (0 to 16; 2 if not given). 0: it only queues and
    /// shows jobs, and other processes on the same database run them.
    run_at_once: Option<usize>,
    /// Seconds a running job's process may stay silent before another process takes it for
    /// dead and fails the job (5 to 600; 30 if not given).
    lease_seconds: Option<u64>,
}

impl JobsFile {
    fn check(&self) -> Result<faro_web::jobs::Limits, String> {
        let defaults = faro_web::jobs::Limits::default();
        let per_organisation = self.per_organisation.unwrap_or(defaults.per_organisation);
        if !(1..=100).contains(&per_organisation) {
            return Err(crate::say!(
                "cli-setting-range",
                key = "per_organisation",
                value = per_organisation,
                min = 1,
                max = 100
            ));
        }
        let errors = self
            .errors_megabytes_per_organisation
            .unwrap_or(defaults.errors_per_organisation >> 20);
        if !(1..=4096).contains(&errors) {
            return Err(crate::say!(
                "cli-setting-range",
                key = "errors_megabytes_per_organisation",
                value = errors,
                min = 1,
                max = 4096
            ));
        }
        let at_once = self.run_at_once.unwrap_or(defaults.at_once);
        if at_once > 16 {
            return Err(crate::say!(
                "cli-setting-range",
                key = "run_at_once",
                value = at_once,
                min = 0,
                max = 16
            ));
        }
        let lease = self.lease_seconds.unwrap_or(defaults.lease.as_secs());
        if !(5..=600).contains(&lease) {
            return Err(crate::say!(
                "cli-setting-range",
                key = "lease_seconds",
                value = lease,
                min = 5,
                max = 600
            ));
        }
        Ok(faro_web::jobs::Limits {
            per_organisation,
            errors_per_organisation: errors << 20,
            at_once,
            lease: std::time::Duration::from_secs(lease),
            ..defaults
        })
    }
}

/// `[publish]`: releases for the public.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PublishFile {
    /// Each organisation's whole differential privacy budget across all its releases (ε,
    /// above 0 and at most 100; 5 if not given). A release that would exceed it is refused.
    epsilon_per_organisation: Option<f64>,
}

impl PublishFile {
    fn check(&self) -> Result<f64, String> {
        let budget = self
            .epsilon_per_organisation
            .unwrap_or(faro_web::DEFAULT_PUBLISH_BUDGET);
        if !(budget.is_finite() && budget > 0.0 && budget <= 100.0) {
            return Err(crate::say!("cli-setting-epsilon", value = budget));
        }
        Ok(budget)
    }
}

/// `[import]`: imports from the sources page (the CLI's `faro import` has no limit).
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ImportFile {
    /// The largest file the page accepts, in megabytes (1 to 1024; 64 if not given). The
    /// upload is stored in the database as it arrives, never held whole in memory.
    upload_max_megabytes: Option<usize>,
}

impl ImportFile {
    fn check(&self) -> Result<usize, String> {
        let mb = self
            .upload_max_megabytes
            .unwrap_or(faro_web::DEFAULT_UPLOAD_LIMIT >> 20);
        if !(1..=1024).contains(&mb) {
            return Err(crate::say!(
                "cli-setting-range",
                key = "upload_max_megabytes",
                value = mb,
                min = 1,
                max = 1024
            ));
        }
        Ok(mb << 20)
    }
}

/// `[notify]`: who is told that an urgent report arrived (never what it says).
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct NotifyFile {
    /// The language of notices (`en`, `es`, `fr`).
    language: Option<String>,
    /// `smtps://user:password@host`, `smtp://host:587?tls=required`, or `smtp://host:25`
    /// for a relay on the same machine.
    smtp_url: Option<String>,
    from: Option<String>,
    #[serde(default)]
    to: Vec<String>,
    webhook_url: Option<String>,
    webhook_secret: Option<String>,
}

impl NotifyFile {
    fn check(self) -> Result<faro_web::notify::Notify, String> {
        let lang = match &self.language {
            None => faro_i18n::Lang::REFERENCE,
            Some(code) => faro_i18n::Lang::from_code(code).ok_or_else(|| {
                crate::say!("cli-setting-language", key = "language", value = code)
            })?,
        };
        let email = match (self.smtp_url, self.from) {
            (None, None) if self.to.is_empty() => None,
            // Without `to`, only the addresses organisations give in their settings.
            (Some(smtp_url), Some(from)) => {
                let mailbox = |text: &str, key: &str| {
                    text.parse::<lettre::message::Mailbox>().map_err(|e| {
                        crate::say!("cli-setting-email", key = key, value = text, reason = e)
                    })
                };
                Some(faro_web::notify::Email {
                    from: mailbox(&from, "from")?,
                    to: self
                        .to
                        .iter()
                        .map(|t| mailbox(t, "to"))
                        .collect::<Result<_, _>>()?,
                    smtp_url,
                })
            }
            _ => {
                return Err(
                    "e-mail notices need both `smtp_url` and `from` (and addresses in `to`, or in organisations' settings)"
                        .into(),
                );
            }
        };
        let webhook = match (self.webhook_url, self.webhook_secret) {
            (None, None) => None,
            (Some(url), Some(secret))
                if url.starts_with("https://")
                    || url.starts_with("http://127.0.0.1")
                    || url.starts_with("http://localhost") =>
            {
                check_secret("webhook_secret", &secret)?;
                Some(faro_web::notify::Webhook { url, secret })
            }
            (Some(url), Some(_)) => {
                return Err(crate::say!("cli-setting-webhook-url", value = url));
            }
            _ => return Err(crate::say!("cli-setting-webhook-pair")),
        };
        Ok(faro_web::notify::Notify {
            email,
            webhook,
            inbox_url: String::new(),
            lang,
        })
    }
}

/// The shortest secret a channel or webhook may have: a Twilio auth token's 32 characters.
const MIN_SECRET_CHARS: usize = 32;

/// Refuses a secret that is short or still the one from an example: anyone who read the
/// example could sign messages with it.
fn check_secret(key: &str, secret: &str) -> Result<(), String> {
    let example = [
        "replace-with",
        "change-me",
        "changeme",
        "example",
        "secret-secret",
    ]
    .iter()
    .any(|word| secret.to_lowercase().contains(word));
    if secret.chars().count() < MIN_SECRET_CHARS || example {
        return Err(crate::say!(
            "cli-setting-secret",
            key = key,
            min = MIN_SECRET_CHARS
        ));
    }
    Ok(())
}

/// `[reports]`: public reporting and intake. Every key is optional.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ReportsFile {
    /// The organisation (by name) that receives public reports; the default organisation if
    /// not given.
    organisation: Option<String>,
    /// `[[reports.emergency]]` entries: `service` (emergency, police, ambulance, hotline) and
    /// `number`, shown in this order when someone is in danger now.
    emergency: Option<Vec<EmergencyFile>>,
    photo_max_megabytes: Option<usize>,
    photo_max_megapixels: Option<u64>,
    /// What all photos being decoded at once may take, in MiB.
    photo_memory_megabytes: Option<u64>,
    max_photos: Option<usize>,
    /// Where "leave this site quickly" leads.
    exit_url: Option<String>,
    /// Days after which closed reports, their messages and photos are deleted.
    retention_days: Option<u32>,
    /// `[[reports.sms]]`: SMS and chat channels.
    #[serde(default)]
    sms: Vec<SmsFile>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SmsFile {
    /// The webhook is `/sms/NAME`.
    name: String,
    /// `twilio` or `json`.
    kind: String,
    secret: String,
    organisation: Option<String>,
    language: Option<String>,
    /// `sms` (default) or `chat`.
    channel: Option<String>,
    outbound_url: Option<String>,
    account: Option<String>,
    from: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EmergencyFile {
    service: String,
    number: String,
}

/// The reports settings, checked, with the receiving organisation still a name: it is looked
/// up in the database when the server starts ([`Reports::resolve`]).
#[derive(Debug, Clone, Default)]
pub struct Reports {
    organisation: Option<String>,
    settings: faro_web::intake::Reporting,
    /// Closed reports are deleted after this many days.
    pub retention_days: u32,
    /// SMS channels, with their organisations still names.
    sms: Vec<(Option<String>, faro_web::gateway::SmsChannel)>,
}

fn sms_channel(file: SmsFile) -> Result<(Option<String>, faro_web::gateway::SmsChannel), String> {
    use faro_web::gateway::{Kind, SmsChannel};
    let name_ok = !file.name.is_empty()
        && file.name.len() <= 40
        && file
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !name_ok {
        return Err(crate::say!("cli-setting-sms-name", value = file.name));
    }
    let kind = match file.kind.as_str() {
        "twilio" => Kind::Twilio,
        "json" => Kind::Json,
        other => {
            let said = crate::say!("cli-setting-sms-kind", channel = file.name, value = other);
            return Err(said);
        }
    };
    check_secret(&format!("sms.secret` of `{}", file.name), &file.secret)?;
    let lang = match &file.language {
        None => faro_i18n::Lang::REFERENCE,
        Some(code) => faro_i18n::Lang::from_code(code).ok_or_else(|| {
            let key = format!("sms.language` of `{}", file.name);
            crate::say!("cli-setting-language", key = key, value = code)
        })?,
    };
    let channel = match file.channel.as_deref() {
        None | Some("sms") => faro_domain::report::Channel::Sms,
        Some("chat") => faro_domain::report::Channel::Chat,
        Some(other) => {
            let said = crate::say!(
                "cli-setting-sms-channel",
                channel = file.name,
                value = other
            );
            return Err(said);
        }
    };
    if kind == Kind::Twilio && file.outbound_url.is_some() && file.account.is_none() {
        return Err(crate::say!("cli-setting-sms-account", channel = file.name));
    }
    Ok((
        file.organisation,
        SmsChannel {
            name: file.name,
            kind,
            secret: file.secret,
            organisation: faro_store::DEFAULT_ORGANISATION,
            lang,
            channel,
            outbound_url: file.outbound_url,
            account: file.account.unwrap_or_default(),
            from: file.from.unwrap_or_default(),
        },
    ))
}

impl Reports {
    fn from_file(file: ReportsFile) -> Result<Reports, String> {
        let mut settings = faro_web::intake::Reporting::default();
        if let Some(numbers) = file.emergency {
            settings.emergency = numbers
                .into_iter()
                .map(|e| {
                    let service =
                        faro_web::intake::Service::parse(&e.service).ok_or_else(|| {
                            crate::say!("cli-setting-emergency-service", value = e.service)
                        })?;
                    let number = e.number.trim();
                    if number.is_empty()
                        || number.len() > 20
                        || !number
                            .chars()
                            .all(|c| c.is_ascii_digit() || "+ -".contains(c))
                    {
                        return Err(crate::say!("cli-setting-emergency-number", value = number));
                    }
                    Ok(faro_web::intake::EmergencyNumber {
                        service,
                        number: number.to_string(),
                    })
                })
                .collect::<Result<_, String>>()?;
        }
        if let Some(mb) = file.photo_max_megabytes {
            if !(1..=64).contains(&mb) {
                return Err(crate::say!(
                    "cli-setting-range",
                    key = "photo_max_megabytes",
                    value = mb,
                    min = 1,
                    max = 64
                ));
            }
            settings.photo_max_bytes = mb << 20;
        }
        if let Some(mp) = file.photo_max_megapixels {
            if !(1..=200).contains(&mp) {
                return Err(crate::say!(
                    "cli-setting-range",
                    key = "photo_max_megapixels",
                    value = mp,
                    min = 1,
                    max = 200
                ));
            }
            settings.photo_max_pixels = mp * 1_000_000;
        }
        if let Some(mb) = file.photo_memory_megabytes {
            if !(64..=65_536).contains(&mb) {
                return Err(crate::say!(
                    "cli-setting-range",
                    key = "photo_memory_megabytes",
                    value = mb,
                    min = 64,
                    max = 65_536
                ));
            }
            settings.photo_memory_bytes = mb << 20;
        }
        if let Some(n) = file.max_photos {
            if n > 10 {
                return Err(crate::say!(
                    "cli-setting-range",
                    key = "max_photos",
                    value = n,
                    min = 0,
                    max = 10
                ));
            }
            settings.max_photos = n;
        }
        if let Some(url) = file.exit_url {
            if !url.starts_with("https://") {
                return Err(crate::say!(
                    "cli-setting-https",
                    key = "exit_url",
                    value = url
                ));
            }
            settings.exit_url = url;
        }
        let retention_days = file
            .retention_days
            .unwrap_or(faro_web::DEFAULT_RETENTION_DAYS);
        if retention_days == 0 {
            return Err(crate::say!("cli-setting-retention"));
        }
        let sms = file
            .sms
            .into_iter()
            .map(sms_channel)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Reports {
            organisation: file.organisation,
            settings,
            retention_days,
            sms,
        })
    }

    /// The SMS channels with their organisations looked up by name.
    pub async fn gateways(
        &self,
        store: &faro_store::Store,
    ) -> anyhow::Result<Vec<faro_web::gateway::SmsChannel>> {
        let mut out = Vec::new();
        for (organisation, channel) in &self.sms {
            let mut channel = channel.clone();
            channel.organisation = match organisation {
                Some(name) => organisation_id(store, name, "[[reports.sms]] organisation").await?,
                None => self.resolve(store).await?.organisation,
            };
            out.push(channel);
        }
        Ok(out)
    }

    /// The settings with the receiving organisation looked up by name.
    pub async fn resolve(
        &self,
        store: &faro_store::Store,
    ) -> anyhow::Result<faro_web::intake::Reporting> {
        let mut settings = self.settings.clone();
        if let Some(name) = &self.organisation {
            settings.organisation = organisation_id(store, name, "[reports] organisation").await?;
        }
        Ok(settings)
    }
}

async fn organisation_id(
    store: &faro_store::Store,
    name: &str,
    key: &str,
) -> anyhow::Result<faro_domain::OrganisationId> {
    let org = store.organisation_named(name).await?.ok_or_else(|| {
        crate::UsageError(crate::say!(
            "cli-setting-no-organisation",
            key = key,
            name = name
        ))
    })?;
    Ok(org.id)
}

/// The resolved settings of one run. `Debug` goes through `Location`, which masks passwords,
/// and `KeySource`, which never shows a key.
#[derive(Debug)]
pub struct Config {
    pub location: Location,
    pub bind: String,
    pub key: KeySource,
    pub privacy: faro_privacy::Policy,
    pub reports: Reports,
    pub notify: faro_web::notify::Notify,
    /// The largest upload of the sources page, in bytes.
    pub upload_limit: usize,
    /// Each organisation's differential privacy budget (ε).
    pub publish_budget: f64,
    /// How much background work runs.
    pub jobs: faro_web::jobs::Limits,
    /// Where audit checkpoints are appended and read (`None`: PostgreSQL with the key in
    /// `FARO_DATA_KEY` and no `[audit] checkpoint_dir`).
    pub checkpoint_dir: Option<PathBuf>,
}

/// Where the data key comes from.
pub enum KeySource {
    /// `FARO_DATA_KEY`, in hex.
    Env(String),
    /// A key file, created on first use.
    File(PathBuf),
    /// PostgreSQL without a key: an error when a key is needed.
    Missing,
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::Env(_) => f.write_str("Env(…)"),
            KeySource::File(p) => write!(f, "File({})", p.display()),
            KeySource::Missing => f.write_str("Missing"),
        }
    }
}

impl KeySource {
    /// Reads the key, creating the key file (mode 0600) when it does not exist yet.
    pub fn load(&self) -> anyhow::Result<faro_store::DataKey> {
        match self {
            KeySource::Env(hex) => faro_store::DataKey::from_hex(hex)
                .map_err(|e| anyhow::anyhow!(crate::say!("cli-key-env-bad", reason = e))),
            KeySource::Missing => Err(crate::UsageError(crate::say!("cli-key-missing")).into()),
            KeySource::File(path) => {
                if !path.exists() {
                    let key = faro_store::DataKey::generate()
                        .map_err(|e| anyhow::anyhow!(crate::say!("cli-no-data-key", reason = e)))?;
                    write_private(path, &key.to_hex()).with_context(|| {
                        crate::say!("cli-key-file-uncreated", path = path.display())
                    })?;
                    eprintln!(
                        "{}",
                        crate::say!("cli-key-file-created", path = path.display())
                    );
                    return Ok(key);
                }
                refuse_if_others_can_read(path)?;
                let text = std::fs::read_to_string(path).with_context(|| {
                    crate::say!("cli-key-file-unreadable", path = path.display())
                })?;
                faro_store::DataKey::from_hex(&text).map_err(|e| {
                    anyhow::anyhow!(crate::say!(
                        "cli-key-file-bad",
                        path = path.display(),
                        reason = e
                    ))
                })
            }
        }
    }
}

impl KeySource {
    /// Reads the key, which must already exist: for commands that only make sense with the
    /// key an instance was first used with (restoring a backup).
    pub fn load_existing(&self) -> anyhow::Result<faro_store::DataKey> {
        match self {
            KeySource::File(path) if !path.exists() => Err(crate::UsageError(crate::say!(
                "cli-key-file-absent",
                path = path.display()
            ))
            .into()),
            _ => self.load(),
        }
    }
}

/// Refuses a key file that its group or others may read, as ssh refuses such a private key:
/// the key opens every sealed note and signs the audit log.
fn refuse_if_others_can_read(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .with_context(|| crate::say!("cli-key-file-unreadable", path = path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            anyhow::bail!(crate::say!(
                "cli-key-file-open",
                path = path.display(),
                mode = format!("{:o}", mode & 0o777)
            ));
        }
    }
    Ok(())
}

/// Creates a file only its owner can read (0600), refusing to overwrite one.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    create_private(path)?.write_all(text.as_bytes())
}

/// A new file only its owner can read (0600); an existing one is an error.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

impl Config {
    /// The folder of audit checkpoints, which `faro serve` needs (a usage error without one).
    pub fn checkpoints(&self) -> anyhow::Result<PathBuf> {
        self.checkpoint_dir
            .clone()
            .ok_or_else(|| crate::UsageError(crate::say!("cli-checkpoint-dir-needed")).into())
    }

    /// `default_dir` is `./faro-data`, or `./faro-demo` for `faro demo`.
    pub fn resolve(
        global: &GlobalArgs,
        bind: Option<&str>,
        default_dir: &Path,
    ) -> anyhow::Result<Config> {
        let file = read_file(global)?;
        let database = global.database.clone().or(file.database);
        let location = match database {
            Some(url) => {
                if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                    return Err(crate::UsageError(
                        "`--database` takes a PostgreSQL URL (postgres://user@host/db); for SQLite give a folder with `--data-dir`".into(),
                    )
                    .into());
                }
                Location::Postgres(url)
            }
            None => {
                let dir = global
                    .data_dir
                    .clone()
                    .or(file.data_dir)
                    .unwrap_or_else(|| default_dir.to_path_buf());
                Location::Sqlite(dir.join("faro.db"))
            }
        };
        let bind = bind
            .map(str::to_string)
            .or(file.bind)
            .unwrap_or_else(|| DEFAULT_BIND.to_string());
        let key = match (
            std::env::var("FARO_DATA_KEY").ok(),
            &global.key_file,
            &location,
        ) {
            (Some(hex), _, _) => KeySource::Env(hex),
            (None, Some(path), _) => KeySource::File(path.clone()),
            (None, None, Location::Sqlite(db)) => KeySource::File(db.with_file_name("faro.key")),
            (None, None, Location::Postgres(_)) => KeySource::Missing,
        };
        let privacy = file.privacy.unwrap_or_default();
        privacy.check().map_err(|problem| {
            crate::UsageError(crate::say!(
                "cli-setting-section",
                section = "privacy",
                problem = crate::lang::get().message(&problem)
            ))
        })?;
        let reports = Reports::from_file(file.reports.unwrap_or_default()).map_err(|problem| {
            crate::UsageError(crate::say!(
                "cli-setting-section",
                section = "reports",
                problem = problem
            ))
        })?;
        let notify = file.notify.unwrap_or_default().check().map_err(|problem| {
            crate::UsageError(crate::say!(
                "cli-setting-section",
                section = "notify",
                problem = problem
            ))
        })?;
        let upload_limit = file.import.unwrap_or_default().check().map_err(|problem| {
            crate::UsageError(crate::say!(
                "cli-setting-section",
                section = "import",
                problem = problem
            ))
        })?;
        let publish_budget = file
            .publish
            .unwrap_or_default()
            .check()
            .map_err(|problem| {
                crate::UsageError(crate::say!(
                    "cli-setting-section",
                    section = "publish",
                    problem = problem
                ))
            })?;
        let jobs = file.jobs.unwrap_or_default().check().map_err(|problem| {
            crate::UsageError(crate::say!(
                "cli-setting-section",
                section = "jobs",
                problem = problem
            ))
        })?;
        let checkpoint_dir =
            file.audit
                .and_then(|a| a.checkpoint_dir)
                .or_else(|| match (&location, &key) {
                    (Location::Sqlite(db), _) => db.parent().map(Path::to_path_buf),
                    (Location::Postgres(_), KeySource::File(path)) => {
                        path.parent().map(Path::to_path_buf)
                    }
                    (Location::Postgres(_), _) => None,
                });
        Ok(Config {
            location,
            bind,
            key,
            privacy,
            reports,
            notify,
            upload_limit,
            publish_budget,
            jobs,
            checkpoint_dir,
        })
    }
}

/// The settings file named by `--config` or `FARO_CONFIG`, or every default.
fn read_file(global: &GlobalArgs) -> anyhow::Result<FileConfig> {
    let Some(path) = &global.config else {
        return Ok(FileConfig::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the config file `{}`", path.display()))?;
    let file = toml::from_str::<FileConfig>(&text).map_err(|e| {
        crate::UsageError(format!(
            "the config file `{}` is not valid: {e}",
            path.display()
        ))
    })?;
    Ok(file)
}

/// The JSON Schema of the settings file, for editors and for `faro config schema`.
pub fn schema() -> String {
    let schema = schemars::schema_for!(FileConfig);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// What a secret is shown as.
const MASK: &str = "********";

/// The settings in force, as TOML: the file's values with every default filled in and every
/// secret masked (passwords in URLs, webhook and channel secrets), for `faro config show`.
pub fn show(global: &GlobalArgs) -> anyhow::Result<String> {
    // The same checks as a start, so that what is shown is what would run.
    let config = Config::resolve(global, None, Path::new("./faro-data"))?;
    let mut file = read_file(global)?;
    file.data_dir = match &config.location {
        Location::Sqlite(db) => db.parent().map(Path::to_path_buf),
        Location::Postgres(_) => None,
    };
    file.database = match &config.location {
        Location::Postgres(url) => Some(mask_url(url)),
        Location::Sqlite(_) => None,
    };
    file.bind = Some(config.bind);
    file.privacy = Some(config.privacy);
    file.audit = Some(AuditFile {
        checkpoint_dir: config.checkpoint_dir,
    });
    let reports = file.reports.get_or_insert_with(ReportsFile::default);
    let r = &config.reports;
    reports.retention_days = Some(r.retention_days);
    reports.photo_max_megabytes = Some(r.settings.photo_max_bytes >> 20);
    reports.photo_max_megapixels = Some(r.settings.photo_max_pixels / 1_000_000);
    reports.photo_memory_megabytes = Some(r.settings.photo_memory_bytes >> 20);
    reports.max_photos = Some(r.settings.max_photos);
    reports.exit_url = Some(r.settings.exit_url.clone());
    reports.emergency = Some(
        r.settings
            .emergency
            .iter()
            .map(|e| EmergencyFile {
                service: e.service.code().into(),
                number: e.number.clone(),
            })
            .collect(),
    );
    for sms in &mut reports.sms {
        sms.secret = MASK.into();
    }
    if let Some(notify) = &mut file.notify {
        notify.smtp_url = notify.smtp_url.as_deref().map(mask_url);
        notify.webhook_secret = notify.webhook_secret.as_ref().map(|_| MASK.into());
    }
    file.import = Some(ImportFile {
        upload_max_megabytes: Some(config.upload_limit >> 20),
    });
    file.publish = Some(PublishFile {
        epsilon_per_organisation: Some(config.publish_budget),
    });
    file.jobs = Some(JobsFile {
        per_organisation: Some(config.jobs.per_organisation),
        errors_megabytes_per_organisation: Some(config.jobs.errors_per_organisation >> 20),
        run_at_once: Some(config.jobs.at_once),
        lease_seconds: Some(config.jobs.lease.as_secs()),
    });
    Ok(toml::to_string_pretty(&file)?)
}

/// A URL with its password masked: `scheme://user:********@host…`.
fn mask_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:{MASK}@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reports(text: &str) -> Result<Reports, String> {
        let file: FileConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        Reports::from_file(file.reports.unwrap_or_default())
    }

    fn notify(text: &str) -> Result<faro_web::notify::Notify, String> {
        let file: FileConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        file.notify.unwrap_or_default().check()
    }

    fn global(config: &Path) -> GlobalArgs {
        GlobalArgs {
            data_dir: None,
            database: None,
            config: Some(config.to_path_buf()),
            key_file: None,
            lang: None,
        }
    }

    fn repository_file(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(name)
    }

    /// The committed schema is the one the code makes: an editor checks against the truth.
    #[test]
    fn the_committed_schema_is_the_settings_files() {
        let committed = std::fs::read_to_string(repository_file("faro.schema.json"))
            .expect("faro.schema.json at the repository's root");
        assert_eq!(
            committed.trim_end(),
            schema(),
            "run `faro config schema > faro.schema.json`"
        );
    }

    /// The documented example names every section, is valid, and is shown back with its
    /// secrets masked.
    #[test]
    fn the_example_settings_are_valid_and_shown_without_secrets() {
        let example = repository_file("faro.example.toml");
        let text = std::fs::read_to_string(&example).unwrap();
        for section in ["[privacy]", "[reports]", "[notify]", "[import]"] {
            assert!(text.contains(section), "the example lacks {section}");
        }
        let config = Config::resolve(&global(&example), None, Path::new("x")).unwrap();
        assert_eq!(config.upload_limit, 32 << 20);
        let shown = show(&global(&example)).unwrap();
        let secret = "s3cret-smtp-password";
        assert!(text.contains(secret) && !shown.contains(secret), "{shown}");
        assert!(
            shown.contains("smtps://faro:********@mail.example.org"),
            "{shown}"
        );
        // What is shown is itself a valid settings file.
        assert!(toml::from_str::<FileConfig>(&shown).is_ok(), "{shown}");
    }

    #[test]
    fn a_bad_settings_file_names_the_key_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        for (text, says) in [
            (
                "[import]\nupload_max_megabytes = 0",
                "`upload_max_megabytes` is 0; give 1 to 1024",
            ),
            ("[privacy]\nthreshold = 1", "privacy.threshold is 1"),
            ("colour = \"red\"", "unknown field `colour`"),
            ("bind = ", "not valid"),
        ] {
            let path = dir.path().join("faro.toml");
            std::fs::write(&path, text).unwrap();
            let e = Config::resolve(&global(&path), None, Path::new("x")).unwrap_err();
            assert!(format!("{e:#}").contains(says), "{text}: {e:#}");
            assert!(
                e.downcast_ref::<crate::UsageError>().is_some(),
                "{text}: exit 2"
            );
        }
    }

    #[test]
    fn a_password_in_a_url_is_masked() {
        assert_eq!(
            mask_url("postgres://u:pw@h/db"),
            "postgres://u:********@h/db"
        );
        assert_eq!(mask_url("smtp://h:25"), "smtp://h:25");
        assert_eq!(mask_url("postgres://u@h/db"), "postgres://u@h/db");
    }

    #[test]
    fn the_reports_section_is_checked_key_by_key() {
        let ok = reports(
            r#"
            [reports]
            retention_days = 30
            max_photos = 2
            [[reports.emergency]]
            service = "police"
            number = "+351 112"
            [[reports.sms]]
            name = "tw-pt"
            kind = "twilio"
            secret = "9f2c41d07be35a6e8c1d4f90b2a7e6c3"
            account = "AC1"
            outbound_url = "https://api.twilio.com/x"
            "#,
        )
        .unwrap();
        assert_eq!((ok.retention_days, ok.settings.max_photos), (30, 2));
        assert_eq!(ok.settings.emergency[0].number, "+351 112");
        assert_eq!(ok.sms[0].1.name, "tw-pt");
        for (text, says) in [
            ("[reports]\nretention_days = 0", "`retention_days` is 0"),
            ("[reports]\nmax_photos = 11", "`max_photos` is 11"),
            ("[reports]\nexit_url = \"http://x\"", "https://"),
            (
                "[[reports.emergency]]\nservice = \"fire\"\nnumber = \"1\"",
                "`emergency.service` is `fire`",
            ),
            (
                "[[reports.emergency]]\nservice = \"police\"\nnumber = \"call me\"",
                "`emergency.number`",
            ),
            (
                "[[reports.sms]]\nname = \"a/b\"\nkind = \"json\"\nsecret = \"0123456789abcdef\"",
                "`sms.name` is `a/b`",
            ),
            (
                "[[reports.sms]]\nname = \"a\"\nkind = \"smpp\"\nsecret = \"0123456789abcdef\"",
                "`sms.kind` of `a` is `smpp`",
            ),
            (
                "[[reports.sms]]\nname = \"a\"\nkind = \"json\"\nsecret = \"short\"",
                "at least 32 characters",
            ),
            (
                "[[reports.sms]]\nname = \"a\"\nkind = \"json\"\nsecret = \"replace-with-a-long-random-secret\"",
                "not one from an example",
            ),
            ("[reports]\ncolour = 1", "unknown field `colour`"),
        ] {
            let e = reports(text).err().unwrap_or_default();
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn the_notify_section_is_checked_key_by_key() {
        let ok = notify(
            "[notify]\nsmtp_url = \"smtp://127.0.0.1:25\"\nfrom = \"Faro <faro@example.org>\"\nto = [\"duty@example.org\"]",
        )
        .unwrap();
        assert!(ok.email.is_some() && ok.webhook.is_none());
        for (text, says) in [
            (
                "[notify]\nsmtp_url = \"smtp://x\"",
                "need both `smtp_url` and `from`",
            ),
            (
                "[notify]\nsmtp_url = \"smtp://x\"\nfrom = \"nobody\"\nto = [\"a@b.org\"]",
                "`from` is `nobody`",
            ),
            (
                "[notify]\nwebhook_url = \"http://example.org\"\nwebhook_secret = \"0123456789abcdef\"",
                "give an https:// address",
            ),
            (
                "[notify]\nwebhook_url = \"https://example.org\"",
                "both `webhook_url` and `webhook_secret`",
            ),
            (
                "[notify]\nwebhook_url = \"https://example.org/h\"\nwebhook_secret = \"0123456789abcdef\"",
                "at least 32 characters",
            ),
            ("[notify]\nlanguage = \"de\"", "`language` is `de`"),
        ] {
            let e = notify(text).err().unwrap_or_default();
            assert!(e.contains(says), "{text}: {e}");
        }
    }
}
