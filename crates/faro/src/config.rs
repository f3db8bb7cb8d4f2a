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
}

/// The resolved settings of one run. `Debug` goes through `Location`, which masks passwords,
/// and `KeySource`, which never shows a key.
#[derive(Debug)]
pub struct Config {
    pub location: Location,
    pub bind: String,
    pub key: KeySource,
    pub privacy: faro_privacy::Policy,
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
        Ok(Config {
            location,
            bind,
            key,
            privacy,
        })
    }
}
