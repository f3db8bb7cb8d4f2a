//! The command line: every subcommand, option and environment variable.

use crate::filters::FilterArgs;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Faro: a privacy-first data hub against human trafficking (HTCDS/CTDC case data).
///
/// Exit codes: 0 success; 1 fatal error (nothing changed); 2 usage error;
/// 3 finished, but some input rows were rejected.
#[derive(Debug, Parser)]
#[command(name = "faro", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Folder of the embedded SQLite database (`faro.db` inside) [default: ./faro-data]
    #[arg(long, global = true, env = "FARO_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://…); wins over --data-dir
    #[arg(
        long,
        global = true,
        env = "FARO_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database: Option<String>,
    /// A faro.toml with `data_dir`, `database` and `bind` (options given here win over it)
    #[arg(long, global = true, env = "FARO_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The data key file (created with mode 0600 on first use) [default with SQLite:
    /// DIR/faro.key]. The key may instead be given in hex as FARO_DATA_KEY
    #[arg(long, global = true, env = "FARO_KEY_FILE", value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Language of messages, and of the files `brief` and `publish` write: en, es or fr
    /// [default: from LC_ALL, LC_MESSAGES or LANG, else en]
    #[arg(long, global = true, env = "FARO_LANG", value_name = "CODE", value_parser = parse_lang)]
    pub lang: Option<faro_i18n::Lang>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import data files (one source per file; a file already imported is skipped)
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export records as CTDC CSV or Faro JSON lines
    Export(ExportArgs),
    /// The directory of service providers, in Open Referral's HSDS 3.0
    #[command(subcommand)]
    Directory(DirectoryCommand),
    /// Count records by one to three dimensions
    Aggregate(AggregateArgs),
    /// Write an organisation's brief (map, routes, charts, method) as one HTML file that
    /// opens offline
    Brief(BriefArgs),
    /// Publish an organisation's records for the public: k-anonymous microdata (CTDC layout
    /// A), differentially private tables paid from its privacy budget, a report of their
    /// utility and disclosure risk (HTML and JSON) and a datasheet, into a new folder
    Publish(PublishArgs),
    /// Triage texts offline: language, is it trafficking, forms of exploitation and means of
    /// control, personal data and places. Reads JSON lines `{"id": …, "text": …}` (FILE, or
    /// `-` for standard input) and writes one JSON line per text to standard output
    Triage(TriageArgs),
    /// Write deterministic fictitious CTDC records
    Generate(GenerateArgs),
    /// Serve the web pages and the JSON API
    Serve(ServeArgs),
    /// Load 50,000 fictitious records into ./faro-demo (if empty) and serve them
    Demo(DemoArgs),
    /// Instance administration: organisations and source sharing
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The settings file (`--config FILE` or FARO_CONFIG): check it, show what is in force,
    /// print its schema
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check the settings as `faro serve` would at start: exit 0 when valid, 2 with a message
    /// naming the key and the fix when not
    Check,
    /// Print the settings in force as TOML: the file's values and every default, secrets
    /// masked
    Show,
    /// Print the JSON Schema of the settings file (for editors that complete and check TOML)
    Schema,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Organisations: each owns its sources and records
    #[command(subcommand)]
    Org(OrgCommand),
    /// Sources: what other organisations may see of them
    #[command(subcommand)]
    Source(SourceCommand),
    /// Records: erase one person's record on request
    #[command(subcommand)]
    Record(RecordCommand),
    /// Cases of survivors (case management)
    #[command(subcommand)]
    Case(CaseCommand),
    /// Users of an organisation
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens (`Authorization: Bearer …` for `/api/v1`)
    #[command(subcommand)]
    Token(TokenCommand),
    /// The hash-chained audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Reports received from the public, hotline calls, SMS and chat
    #[command(subcommand)]
    Reports(ReportsCommand),
    /// Replace the data key: re-encrypt notes and second-factor secrets and re-sign the audit
    /// log under a new key, in one transaction (the audit log must verify first)
    RotateKey,
    /// Write a consistent copy of the whole database while Faro runs (SQLite's online copy;
    /// PostgreSQL through `pg_dump`), sealed with the data key, with an audit checkpoint
    /// inside. Keep the key apart from the backups: restoring needs it
    Backup {
        /// The backup file to write
        #[arg(short, long, value_name = "FILE")]
        output: std::path::PathBuf,
    },
    /// Restore a backup into an empty data directory or database (given as for any command,
    /// with the data key of the instance it was taken from), then verify its audit log
    /// against the checkpoint inside
    Restore {
        /// The backup file
        file: std::path::PathBuf,
        /// A later checkpoint kept apart (`faro admin audit checkpoint`): a backup older than
        /// it is refused as a rollback
        #[arg(long, value_name = "FILE")]
        since: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// Delete reports closed (or finished as duplicates or records) more than this many days
    /// ago, with their messages and photos; `faro serve` does the same every hour with the
    /// settings' `retention_days`
    Purge {
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..))]
        older_than_days: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute every chain; exit 1 naming the first changed, removed, reordered or
    /// truncated entry, forged head or missing chain
    Verify {
        /// A checkpoint written by `faro admin audit checkpoint`: also prove that the log has
        /// only grown since (a database rolled back to an older copy fails)
        #[arg(long, value_name = "FILE")]
        since: Option<std::path::PathBuf>,
    },
    /// Print a checkpoint of every chain (JSON, key-independent) to keep outside the
    /// database, for `verify --since`
    Checkpoint,
    /// Write every entry as JSON lines
    Export,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user
    Create {
        #[arg(long, value_name = "NAME")]
        org: String,
        /// admin, analyst, operator, caseworker or viewer
        #[arg(long, value_parser = parse_role)]
        role: faro_domain::Role,
        #[arg(long, value_parser = parse_email)]
        email: faro_domain::Email,
        /// Base of the set-password link printed [env: FARO_PUBLIC_URL]
        #[arg(long, env = "FARO_PUBLIC_URL", value_name = "URL")]
        public_url: Option<String>,
    },
    /// Disable a user: their sessions and tokens stop working at once
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Give a user another role; their tokens wider than it are revoked
    SetRole {
        #[arg(long)]
        email: String,
        /// admin, analyst, operator, caseworker or viewer
        #[arg(long, value_parser = parse_role)]
        role: faro_domain::Role,
    },
    /// Turn a user's two-factor sign-in off (a lost phone) and end their sessions
    ResetTwoFactor {
        #[arg(long)]
        email: String,
    },
    /// Print a one-time link (valid 24 hours) with which the user sets a new password
    ResetPassword {
        #[arg(long)]
        email: String,
        /// Base of the link, e.g. https://faro.example.org [env: FARO_PUBLIC_URL]
        #[arg(long, env = "FARO_PUBLIC_URL", value_name = "URL")]
        public_url: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for a user and print it once (it is stored only as a hash)
    Create {
        #[arg(long)]
        email: String,
        /// A role no wider than the user's (default: the user's)
        #[arg(long, value_parser = parse_role)]
        role: Option<faro_domain::Role>,
        /// Days until it expires
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=3650))]
        days: u32,
        /// A name to recognise it by (1 to 100 characters)
        #[arg(long, default_value = "cli", value_parser = parse_token_name)]
        name: faro_domain::TokenName,
    },
    /// Revoke a token by id
    Revoke { id: i64 },
}

fn parse_email(text: &str) -> Result<faro_domain::Email, String> {
    faro_domain::Email::parse(text).map_err(|e| crate::lang::get().invalid(&e))
}

fn parse_token_name(text: &str) -> Result<faro_domain::TokenName, String> {
    faro_domain::TokenName::parse(text).map_err(|e| crate::lang::get().invalid(&e))
}

fn parse_role(text: &str) -> Result<faro_domain::Role, String> {
    use faro_domain::vocab::Vocabulary;
    faro_domain::Role::from_code(text).ok_or_else(|| {
        format!(
            "`{text}` is not a role (expected one of {})",
            faro_domain::Role::code_list()
        )
    })
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organisation
    Create {
        /// Its name (unique)
        name: String,
    },
    /// List organisations
    List,
    /// Remove an organisation that leaves: its records (JSON lines) and its audit chain are
    /// written to a new folder for it, then its sources, records, notes, reports, users and
    /// tokens are deleted; its chain is closed with a final entry and kept
    Remove {
        /// Its name
        name: String,
        /// The folder (new or empty) that receives `records.jsonl` and `audit.jsonl`
        #[arg(long, value_name = "DIR")]
        export: PathBuf,
    },
    /// Set an organisation's own privacy budgets (ε), instead of the instance's: its releases
    /// of microdata in all (`[publish] epsilon_per_organisation`) and each of its sources'
    /// releases of marginals in a calendar year (`[privacy] annual_epsilon_per_source`). A
    /// budget not given returns to the instance's
    Budgets {
        /// Its name
        name: String,
        /// ε of all its releases of microdata (above 0, at most 100)
        #[arg(long, value_name = "EPSILON")]
        publish: Option<f64>,
        /// ε each of its sources' releases of marginals may spend in a calendar year (above 0,
        /// at most 100)
        #[arg(long, value_name = "EPSILON")]
        annual_per_source: Option<f64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Erase one record and its notes; the audit entry says that it was erased and why,
    /// not what it held, and every released count is recomputed without it
    Erase {
        /// The record id
        id: i64,
        /// Why
        #[arg(long, value_enum)]
        reason: Reason,
    },
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Erase one case with its history, consents, plans, services, tasks and search terms
    /// (a subject's request); the audit entry says that it was erased and why, not what it
    /// held. Its record, if any, is erased apart (`faro admin record erase`)
    Erase {
        /// The case number
        id: i64,
        /// Why
        #[arg(long, value_enum)]
        reason: Reason,
    },
}

/// Why a record is erased (a closed list: the audit entry holds no words about the person).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Reason {
    /// The person asked
    SubjectRequest,
    /// Entered in error
    WrongData,
    /// A duplicate of another record
    Duplicate,
    /// A court or authority ordered it
    LegalOrder,
}

impl From<Reason> for faro_store::ErasureReason {
    fn from(r: Reason) -> Self {
        match r {
            Reason::SubjectRequest => faro_store::ErasureReason::SubjectRequest,
            Reason::WrongData => faro_store::ErasureReason::WrongData,
            Reason::Duplicate => faro_store::ErasureReason::Duplicate,
            Reason::LegalOrder => faro_store::ErasureReason::LegalOrder,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Share a source's aggregates with the other organisations of this hub (never its records)
    Share {
        /// The source id (see `/api/v1/sources`)
        id: i64,
        /// Stop sharing instead
        #[arg(long)]
        stop: bool,
    },
    /// Delete a source (a wrong import) with its records and their notes; the audit entry
    /// names it, its file hash and its number of records
    Delete {
        /// The source id (see `/api/v1/sources`)
        id: i64,
    },
    /// Remove the rows of imports killed before they completed (still `importing` after the
    /// given age; the next import of the same file also replaces them)
    RemoveAbandoned {
        /// Only imports started at least this many hours ago
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..))]
        older_than_hours: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// CTDC CSV (layouts A, B, C, told apart by the header) or Faro JSON lines.
    ///
    /// Exit codes: 0 all rows imported (or the file was imported before); 3 some rows were
    /// rejected, the rest imported; 1 fatal error, nothing of that file imported; 2 usage error.
    /// With several files each is its own unit, and the exit code is the worst.
    Ctdc(ImportArgs),
}

#[derive(Debug, Subcommand)]
pub enum DirectoryCommand {
    /// Import an HSDS 3.0 feed into an organisation's directory: a JSON page of the API
    /// profile's `/services` (or an array of services), a folder of such pages, or a folder
    /// holding a tabular package (`datapackage.json` and its CSV files). Entries already there
    /// are updated when they changed; those the feed no longer holds are marked vanished.
    ///
    /// Exit codes: 0 every entry imported; 3 some entries were rejected, the rest imported; 1
    /// fatal error, nothing imported; 2 usage error.
    Import(DirectoryImportArgs),
    /// Export a directory as HSDS 3.0: JSON pages of `/services`, or a tabular package
    Export(DirectoryExportArgs),
}

#[derive(Debug, Args)]
pub struct DirectoryImportArgs {
    /// The feed: a JSON file, a folder of JSON pages, or a tabular package's folder
    #[arg(value_name = "FILE|DIR")]
    pub path: PathBuf,
    /// The organisation whose directory it is (default: the default organisation)
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// Who may see new entries and locations whose feed does not say (an attribute of the
    /// `faro-audience` taxonomy); a re-import keeps what was set before
    #[arg(long, value_enum, default_value = "partners")]
    pub audience: AudienceArg,
    /// Write every rejected entry's problems to this CSV (file,line,item,field,value,reason)
    #[arg(long, value_name = "PATH")]
    pub errors: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    /// Everyone, through the public HSDS API
    Public,
    /// Staff of every organisation on this instance
    Partners,
    /// Only the organisation that keeps the entry
    Confidential,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DirectoryFormat {
    /// Pages of the API profile's `GET /services` (`services-0001.json`, …)
    Json,
    /// A tabular package: every HSDS table as CSV, with `datapackage.json`
    Csv,
}

#[derive(Debug, Args)]
pub struct DirectoryExportArgs {
    #[arg(long, value_enum, default_value = "json")]
    pub format: DirectoryFormat,
    /// The folder to write into (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Export this organisation's own entries, confidential locations included and every
    /// audience written as an attribute, so that importing the export restores them; without
    /// it, the public directory as `/hsds/` serves it
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    A,
    B,
    C,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to import
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write every rejected field to this CSV (file,line,column,value,reason)
    #[arg(long, value_name = "PATH")]
    pub errors: Option<PathBuf>,
    /// Read the file as this layout instead of detecting it from the header
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    /// Skip a column that belongs to no CTDC layout (repeat for several)
    #[arg(long = "ignore-column", value_name = "NAME")]
    pub ignore_columns: Vec<String>,
    /// Name of the source (default: the file name)
    #[arg(long)]
    pub name: Option<String>,
    /// The organisation the records belong to (default: the default organisation)
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Csv,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvLayout {
    /// The 2017–2020 Global Dataset layout, `-99` for unknown
    A,
    /// The v2025 synthetic layout: alpha-3 countries, merged means of control
    C,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: DataFormat,
    /// CSV column layout
    #[arg(long, value_enum, default_value = "a")]
    pub layout: CsvLayout,
    /// Output file (default: standard output); written whole or not at all
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// Dimensions, comma-separated: year, gender, age, majority, citizenship,
    /// exploitation_country, modality, means, means_detail, labour, sex, recruiter, source,
    /// traffick_months
    #[arg(long, value_name = "DIM[,DIM]", value_parser = parse_by)]
    pub by: GroupBy,
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The organisation whose records the brief describes
    #[arg(long, value_name = "NAME")]
    pub org: String,
    /// The organisation's exact figures (for someone who may read its records); without it
    /// the figures are released as to a viewer: from the sources' releases of marginals, small
    /// counts not listed
    #[arg(long)]
    pub exact: bool,
    /// Include the sources other organisations share (always released under control)
    #[arg(long)]
    pub shared: bool,
    /// Shade the map by citizenship instead of country of exploitation
    #[arg(long)]
    pub by_citizenship: bool,
    /// Corridors listed and drawn, 1–50
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub top: u16,
    /// Output file (HTML)
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PublishMethod {
    /// k-anonymous microdata
    Kanon,
    /// Synthetic microdata seeded by the combinations of up to three values of at least k
    Synthetic,
    /// Differentially private tables
    Dp,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The organisation whose records are published
    #[arg(long, value_name = "NAME")]
    pub org: String,
    /// A new or empty folder for the files
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Every published combination of quasi-identifiers is shared by at least k records
    #[arg(long, default_value_t = 11, value_parser = clap::value_parser!(u64).range(2..))]
    pub k: u64,
    /// The privacy budget this release spends on its differentially private tables
    #[arg(long, default_value_t = 1.0, value_parser = parse_epsilon)]
    pub epsilon: f64,
    /// What to publish
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "kanon,synthetic,dp"
    )]
    pub methods: Vec<PublishMethod>,
    #[command(flatten)]
    pub filters: FilterArgs,
}

fn parse_epsilon(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(e) if e.is_finite() && e > 0.0 && e <= 100.0 => Ok(e),
        _ => Err(format!(
            "`{text}` is not a privacy budget: give a number above 0 and at most 100 (1.0 is common)"
        )),
    }
}

fn parse_lang(text: &str) -> Result<faro_i18n::Lang, String> {
    faro_i18n::Lang::from_code(text).ok_or_else(|| {
        let known: Vec<&str> = faro_i18n::Lang::all().map(faro_i18n::Lang::code).collect();
        format!(
            "`{text}` is not a language Faro has (one of {})",
            known.join(", ")
        )
    })
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// JSON lines, one `{"id": …, "text": …}` per line; `-` reads standard input
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// The language the texts are most likely in (en, es or fr): it decides when a text is too
    /// short for the detector to be sure
    #[arg(long, value_name = "xx", value_parser = parse_lang_hint)]
    pub lang_hint: Option<faro_triage::Language>,
    /// Read with this organisation's own model (trained from its decided reports) when it has
    /// one; without, the model Faro ships. Opens the database (needs the data key)
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
}

fn parse_lang_hint(value: &str) -> Result<faro_triage::Language, String> {
    faro_triage::Language::from_code(value)
        .filter(|l| *l != faro_triage::Language::Other)
        .ok_or_else(|| crate::say!("cli-triage-lang-hint", value = value))
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of rows
    #[arg(long)]
    pub rows: u64,
    /// Seed: the same seed gives the same file
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Share of malformed rows (0 to 1), of every kind the validator knows
    #[arg(long, default_value_t = 0.0, value_parser = parse_share)]
    pub dirty: f64,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: DataFormat,
    /// CSV column layout
    #[arg(long, value_enum, default_value = "a")]
    pub layout: CsvLayout,
    /// Output file
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "FARO_BIND", value_name = "ADDR")]
    pub bind: Option<String>,
    /// The URL users reach Faro at; `https://…` turns on HSTS (put TLS in a proxy in front)
    #[arg(long, env = "FARO_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// The reverse proxy whose `X-Forwarded-For` identifies clients for sign-in throttling
    #[arg(long, env = "FARO_TRUSTED_PROXY", value_name = "ADDR")]
    pub trusted_proxy: Option<std::net::IpAddr>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "FARO_BIND", value_name = "ADDR")]
    pub bind: Option<String>,
    /// Records to generate when the database is empty
    #[arg(long, default_value_t = 50_000)]
    pub rows: u64,
}

/// `--by`'s dimensions, checked while parsing so a bad one is a usage error (exit 2).
#[derive(Debug, Clone)]
pub struct GroupBy(pub Vec<faro_domain::query::Dimension>);

fn parse_by(text: &str) -> Result<GroupBy, String> {
    faro_domain::query::parse_group_by(text)
        .map(GroupBy)
        .map_err(|e| crate::lang::get().invalid(&e))
}

fn parse_share(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|v| (0.0..=1.0).contains(v))
        .ok_or_else(|| {
            format!("takes a share from 0 to 1 (e.g. 0.05 for 5 % malformed rows), not `{text}`")
        })
}
