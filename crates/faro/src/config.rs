//! One typed configuration: defaults, then `faro.toml`, then flags and environment.

use crate::cli::GlobalArgs;
use anyhow::Context;
use faro_store::Location;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The keys `faro.toml` may hold; an unknown key is an error, so a typo is never ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    data_dir: Option<PathBuf>,
    database: Option<String>,
    bind: Option<String>,
    /// Disclosure control of released aggregates (`threshold`, `max_noise`, `daily_queries`,
    /// `max_dimensions`); defaults in `faro_privacy::Policy`.
    privacy: Option<faro_privacy::Policy>,
    reports: Option<ReportsFile>,
}

/// `[reports]`: public reporting and intake. Every key is optional.
#[derive(Debug, Default, Deserialize)]
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
    max_photos: Option<usize>,
    /// Where "leave this site quickly" leads.
    exit_url: Option<String>,
}

#[derive(Debug, Deserialize)]
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
}

impl Reports {
    fn from_file(file: ReportsFile) -> Result<Reports, String> {
        let mut settings = faro_web::intake::Reporting::default();
        if let Some(numbers) = file.emergency {
            settings.emergency = numbers
                .into_iter()
                .map(|e| {
                    let service = faro_web::intake::Service::parse(&e.service).ok_or_else(|| {
                        format!(
                            "`emergency.service` is `{}`; use one of `emergency`, `police`, `ambulance`, `hotline`",
                            e.service
                        )
                    })?;
                    let number = e.number.trim();
                    if number.is_empty()
                        || number.len() > 20
                        || !number.chars().all(|c| c.is_ascii_digit() || "+ -".contains(c))
                    {
                        return Err(format!(
                            "`emergency.number` is `{number}`; give a phone number of digits, spaces, `+` and `-`"
                        ));
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
                return Err(format!("`photo_max_megabytes` is {mb}; give 1 to 64"));
            }
            settings.photo_max_bytes = mb << 20;
        }
        if let Some(mp) = file.photo_max_megapixels {
            if !(1..=200).contains(&mp) {
                return Err(format!("`photo_max_megapixels` is {mp}; give 1 to 200"));
            }
            settings.photo_max_pixels = mp * 1_000_000;
        }
        if let Some(n) = file.max_photos {
            if n > 10 {
                return Err(format!("`max_photos` is {n}; give 0 to 10"));
            }
            settings.max_photos = n;
        }
        if let Some(url) = file.exit_url {
            if !url.starts_with("https://") {
                return Err(format!("`exit_url` is `{url}`; give an https:// address"));
            }
            settings.exit_url = url;
        }
        Ok(Reports {
            organisation: file.organisation,
            settings,
        })
    }

    /// The settings with the receiving organisation looked up by name.
    pub async fn resolve(
        &self,
        store: &faro_store::Store,
    ) -> anyhow::Result<faro_web::intake::Reporting> {
        let mut settings = self.settings.clone();
        if let Some(name) = &self.organisation {
            let org = store.organisation_named(name).await?.ok_or_else(|| {
                crate::UsageError(format!(
                    "the config file's [reports] organisation `{name}` does not exist; create it with `faro admin org create` or fix the name"
                ))
            })?;
            settings.organisation = org.id;
        }
        Ok(settings)
    }
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
                .map_err(|e| anyhow::anyhow!("FARO_DATA_KEY {e} (expected 64 hexadecimal characters)")),
            KeySource::Missing => Err(crate::UsageError(
                "PostgreSQL needs a data key: give `--key-file FILE` (created on first use) or set FARO_DATA_KEY".into(),
            )
            .into()),
            KeySource::File(path) => {
                if !path.exists() {
                    let key = faro_store::DataKey::generate().map_err(|e| anyhow::anyhow!("cannot make a data key: {e}"))?;
                    write_private(path, &key.to_hex())
                        .with_context(|| format!("cannot create the key file `{}`", path.display()))?;
                    eprintln!("created the data key `{}`: back it up; without it the audit log cannot be verified", path.display());
                    return Ok(key);
                }
                refuse_if_others_can_read(path)?;
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the key file `{}`", path.display()))?;
                faro_store::DataKey::from_hex(&text)
                    .map_err(|e| anyhow::anyhow!("the key file `{}` {e}", path.display()))
            }
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
            .with_context(|| format!("cannot read the key file `{}`", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            anyhow::bail!(
                "the key file `{0}` can be read by others (mode {1:o}): run `chmod 600 {0}` and start again",
                path.display(),
                mode & 0o777
            );
        }
    }
    Ok(())
}

/// Creates a file only its owner can read (0600), refusing to overwrite one.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

impl Config {
    /// `default_dir` is `./faro-data`, or `./faro-demo` for `faro demo`.
    pub fn resolve(
        global: &GlobalArgs,
        bind: Option<&str>,
        default_dir: &Path,
    ) -> anyhow::Result<Config> {
        let file = match &global.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the config file `{}`", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .with_context(|| format!("the config file `{}` is not valid", path.display()))?
            }
            None => FileConfig::default(),
        };
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
            crate::UsageError(format!("the config file's [privacy] section: {problem}"))
        })?;
        let reports = Reports::from_file(file.reports.unwrap_or_default()).map_err(|problem| {
            crate::UsageError(format!("the config file's [reports] section: {problem}"))
        })?;
        Ok(Config {
            location,
            bind,
            key,
            privacy,
            reports,
        })
    }
}
