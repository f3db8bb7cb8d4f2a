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
}

/// The resolved settings of one run. `Debug` goes through `Location`, which masks passwords.
#[derive(Debug)]
pub struct Config {
    pub location: Location,
    pub bind: String,
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
        Ok(Config { location, bind })
    }
}
