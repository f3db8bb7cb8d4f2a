//! Backups: a consistent copy of the whole database taken while Faro keeps running (SQLite's
//! `VACUUM INTO`; PostgreSQL's `pg_dump`), sealed with a key derived from the data key, with
//! an audit checkpoint inside; and its restore into an empty data directory or database,
//! verified against that checkpoint (and, when given, a later one kept elsewhere, which tells a
//! legitimate restore from a rollback).
//!
//! The file: a magic line, a JSON header (format, backend, time, the key's check value, the
//! checkpoint), then the copy in 1 MiB chunks sealed with XChaCha20-Poly1305 in the STREAM
//! construction (`aead::stream`, big-endian 32-bit counter and last-chunk flag), each chunk
//! authenticating the header's digest: a changed byte, a changed header, a reordered or a
//! missing chunk, or a cut-off end is refused before anything is restored.

use crate::audit::{AuditSummary, Checkpoint};
use crate::keys::{DataKey, Keys};
use crate::{Location, Store, StoreError};
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{OsRng, Payload, rand_core::RngCore};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"FARO-BACKUP-1\n";
const FORMAT: &str = "faro-backup-1";
const CHUNK: usize = 1 << 20;
/// A header longer than this is not one of ours.
const MAX_HEADER: u32 = 1 << 20;
/// XChaCha20's 24-byte nonce less the STREAM counter and flag (5 bytes).
const STREAM_NONCE: usize = 19;

#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Header {
    format: String,
    backend: String,
    taken_at: i64,
    key_check: String,
    checkpoint: Checkpoint,
    nonce: String,
}

/// What a backup wrote.
#[derive(Debug)]
pub struct BackupSummary {
    pub backend: &'static str,
    pub bytes: u64,
    pub checkpoint: Checkpoint,
}

/// What a restore brought back.
#[derive(Debug)]
pub struct RestoreSummary {
    pub backend: String,
    /// When the backup was taken (Unix seconds).
    pub taken_at: i64,
    pub audit: AuditSummary,
}

fn problem(text: impl Into<String>) -> StoreError {
    StoreError::Backup(text.into())
}

fn io(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    problem(format!("cannot {what} `{}`: {e}", path.display()))
}

/// `path` with `suffix` added to its file name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Removes a file of ours that may or may not be there.
fn discard(path: &Path) {
    let _ = std::fs::remove_file(path);
}

impl Store {
    /// Writes a sealed, consistent copy of the database to `out` while the store stays in use.
    /// The backup is audited first, then the log checkpointed, then the copy taken, so the
    /// copy holds at least what the checkpoint names.
    pub async fn backup(&self, out: &Path) -> Result<BackupSummary, StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let ctx = faro_domain::AccessContext::instance().acting_as("backup");
        self.audit(
            &ctx,
            "backup",
            serde_json::json!({ "backend": self.backend() }),
        )
        .await?;
        let checkpoint = self
            .audit_checkpoint()
            .await?
            .map_err(StoreError::Tampered)?;
        let copy = beside(out, ".copy");
        discard(&copy);
        // The plain copy is made private before anything is written into it (SQLite copies
        // into an empty file; pg_dump truncates it).
        crate::private::private_file(&copy).map_err(|e| io("create", &copy, e))?;
        let copied = self.plain_copy(&copy).await;
        let sealed = match copied {
            Ok(()) => {
                let header = Header {
                    format: FORMAT.into(),
                    backend: self.backend().into(),
                    taken_at: checkpoint.taken_at,
                    key_check: keys.check_value().to_string(),
                    checkpoint: checkpoint.clone(),
                    nonce: String::new(),
                };
                let key = keys.backup;
                let (copy_path, out_path) = (copy.clone(), out.to_path_buf());
                tokio::task::spawn_blocking(move || seal_file(&key, header, &copy_path, &out_path))
                    .await
                    .map_err(|_| problem("sealing the backup was interrupted"))?
            }
            Err(e) => Err(e),
        };
        discard(&copy);
        Ok(BackupSummary {
            backend: self.backend(),
            bytes: sealed?,
            checkpoint,
        })
    }

    fn backend(&self) -> &'static str {
        match self.location() {
            Location::Sqlite(_) => "sqlite",
            Location::Postgres(_) => "postgres",
        }
    }

    /// A consistent plain copy of the database at `to`.
    async fn plain_copy(&self, to: &Path) -> Result<(), StoreError> {
        match self.location() {
            Location::Sqlite(_) => {
                let target = to.to_string_lossy().into_owned();
                with_pool!(self, |p| {
                    sqlx::query("VACUUM INTO $1")
                        .bind(&target)
                        .execute(p)
                        .await?;
                });
                Ok(())
            }
            Location::Postgres(url) => {
                let schema: String =
                    with_pool!(self, |p| sqlx::query_scalar("SELECT current_schema()")
                        .fetch_one(p)
                        .await?);
                run_tool(
                    "pg_dump",
                    url,
                    &[
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        &format!("--schema={schema}"),
                        &format!("--file={}", to.display()),
                    ],
                )
            }
        }
    }
}

/// `url` without its password, and the password: a password on a command line can be read
/// by every local user (`ps`), so the tools get it in their environment instead.
fn without_password(url: &str) -> (String, Option<String>) {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => match url[scheme + 3..at].split_once(':') {
            Some((user, password)) => (
                format!("{}{user}{}", &url[..scheme + 3], &url[at..]),
                Some(password.to_string()),
            ),
            None => (url.to_string(), None),
        },
        _ => (url.to_string(), None),
    }
}

/// Runs a PostgreSQL client tool against the database at `url`, its failure said with what
/// it printed.
fn run_tool(tool: &str, url: &str, args: &[&str]) -> Result<(), StoreError> {
    let (url, password) = without_password(url);
    let mut command = std::process::Command::new(tool);
    command.args(args).arg(format!("--dbname={url}"));
    if let Some(password) = password {
        let decoded = percent_encoding::percent_decode_str(&password).decode_utf8_lossy();
        command.env("PGPASSWORD", decoded.as_ref());
    }
    let out = command.output().map_err(|e| {
        problem(format!(
            "cannot run `{tool}` ({e}): install PostgreSQL's client tools"
        ))
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(problem(format!(
            "`{tool}` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

fn cipher(key: &[u8; 32]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}

/// Seals `plain` into `out` (written beside it first, then renamed: never a half backup).
fn seal_file(
    key: &[u8; 32],
    mut header: Header,
    plain: &Path,
    out: &Path,
) -> Result<u64, StoreError> {
    let mut nonce = [0u8; STREAM_NONCE];
    OsRng.fill_bytes(&mut nonce);
    header.nonce = hex::encode(nonce);
    let header_json = serde_json::to_vec(&header).map_err(|e| problem(e.to_string()))?;
    let aad = Sha256::digest(&header_json);
    let partial = beside(out, ".part");
    let result = (|| {
        let mut input = std::fs::File::open(plain).map_err(|e| io("read", plain, e))?;
        discard(&partial);
        crate::private::private_file(&partial).map_err(|e| io("create", &partial, e))?;
        let mut output = std::io::BufWriter::new(
            std::fs::File::create(&partial).map_err(|e| io("create", &partial, e))?,
        );
        let write = |w: &mut std::io::BufWriter<std::fs::File>, bytes: &[u8]| {
            w.write_all(bytes).map_err(|e| io("write", &partial, e))
        };
        write(&mut output, MAGIC)?;
        write(&mut output, &(header_json.len() as u32).to_be_bytes())?;
        write(&mut output, &header_json)?;
        let mut stream = EncryptorBE32::from_aead(cipher(key), nonce.as_slice().into());
        let mut chunk = vec![0u8; CHUNK];
        let mut filled = fill(&mut input, &mut chunk).map_err(|e| io("read", plain, e))?;
        loop {
            let mut next = vec![0u8; CHUNK];
            let after = fill(&mut input, &mut next).map_err(|e| io("read", plain, e))?;
            let payload = Payload {
                msg: &chunk[..filled],
                aad: &aad,
            };
            if after == 0 {
                let sealed = stream
                    .encrypt_last(payload)
                    .map_err(|_| problem("the backup could not be sealed"))?;
                write(&mut output, &(sealed.len() as u32).to_be_bytes())?;
                write(&mut output, &sealed)?;
                break;
            }
            let sealed = stream
                .encrypt_next(payload)
                .map_err(|_| problem("the backup could not be sealed"))?;
            write(&mut output, &(sealed.len() as u32).to_be_bytes())?;
            write(&mut output, &sealed)?;
            (chunk, filled) = (next, after);
        }
        let file = output
            .into_inner()
            .map_err(|e| io("write", &partial, e.into_error()))?;
        file.sync_all().map_err(|e| io("write", &partial, e))?;
        std::fs::rename(&partial, out).map_err(|e| io("write", out, e))?;
        std::fs::metadata(out)
            .map(|m| m.len())
            .map_err(|e| io("read", out, e))
    })();
    if result.is_err() {
        discard(&partial);
    }
    result
}

/// Reads until `buf` is full or the input ends; the bytes read.
fn fill(input: &mut (impl Read + ?Sized), buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Reads a backup's header, checking that it is one and that `keys` sealed it.
fn read_header(input: &mut impl Read, keys: &Keys) -> Result<(Header, Vec<u8>), StoreError> {
    let damaged = || problem("this file is not a Faro backup, or its beginning is damaged");
    let mut magic = vec![0u8; MAGIC.len()];
    input.read_exact(&mut magic).map_err(|_| damaged())?;
    if magic != MAGIC {
        return Err(damaged());
    }
    let mut len = [0u8; 4];
    input.read_exact(&mut len).map_err(|_| damaged())?;
    let len = u32::from_be_bytes(len);
    if len > MAX_HEADER {
        return Err(damaged());
    }
    let mut json = vec![0u8; len as usize];
    input.read_exact(&mut json).map_err(|_| damaged())?;
    let header: Header = serde_json::from_slice(&json).map_err(|_| damaged())?;
    if header.format != FORMAT {
        return Err(problem(format!(
            "this backup is in format `{}`, which this version of Faro does not read",
            header.format
        )));
    }
    if header.key_check != keys.check_value() {
        return Err(problem(
            "this backup was sealed with another data key: give the key of the instance it was taken from (--key-file or FARO_DATA_KEY)",
        ));
    }
    Ok((header, json))
}

/// Opens the sealed copy in `input` into `plain`; any damage is an error naming the chunk.
fn open_chunks(
    input: &mut impl Read,
    key: &[u8; 32],
    header: &Header,
    header_json: &[u8],
    plain: &Path,
) -> Result<(), StoreError> {
    let nonce = hex::decode(&header.nonce)
        .ok()
        .filter(|n| n.len() == STREAM_NONCE)
        .ok_or_else(|| problem("the backup's header is damaged"))?;
    let aad = Sha256::digest(header_json);
    let mut stream = Some(DecryptorBE32::from_aead(
        cipher(key),
        nonce.as_slice().into(),
    ));
    let mut output = std::io::BufWriter::new(
        crate::private::create_private(plain).map_err(|e| io("create", plain, e))?,
    );
    let read_chunk = |input: &mut dyn Read| -> Result<Option<Vec<u8>>, StoreError> {
        let mut len = [0u8; 4];
        match fill(input, &mut len) {
            Ok(0) => return Ok(None),
            Ok(4) => {}
            _ => return Err(problem("the backup is cut off in the middle of a chunk")),
        }
        let len = u32::from_be_bytes(len) as usize;
        if len > CHUNK + 16 {
            return Err(problem(
                "the backup is damaged (a chunk longer than any Faro writes)",
            ));
        }
        let mut sealed = vec![0u8; len];
        match fill(input, &mut sealed) {
            Ok(n) if n == len => Ok(Some(sealed)),
            _ => Err(problem("the backup is cut off in the middle of a chunk")),
        }
    };
    let mut current = read_chunk(input)?.ok_or_else(|| problem("the backup holds no data"))?;
    let mut index = 0u64;
    loop {
        let next = read_chunk(input)?;
        let payload = Payload {
            msg: &current,
            aad: &aad,
        };
        let decryptor = stream
            .take()
            .ok_or_else(|| problem("the backup is damaged"))?;
        let damaged = || {
            problem(format!(
                "the backup is damaged or cut short at chunk {index}: it was changed after it was written, or not copied whole"
            ))
        };
        let opened = match &next {
            None => decryptor.decrypt_last(payload).map_err(|_| damaged())?,
            Some(_) => {
                let mut d = decryptor;
                let opened = d.decrypt_next(payload).map_err(|_| damaged())?;
                stream = Some(d);
                opened
            }
        };
        output
            .write_all(&opened)
            .map_err(|e| io("write", plain, e))?;
        match next {
            None => break,
            Some(n) => {
                current = n;
                index += 1;
            }
        }
    }
    let file = output
        .into_inner()
        .map_err(|e| io("write", plain, e.into_error()))?;
    file.sync_all().map_err(|e| io("write", plain, e))
}

/// Restores the backup in `file` into `to`, which must be empty, with `key` (the data key
/// of the instance it was taken from). The restored audit log is verified against the
/// checkpoint inside and, when given, against `since` (a later checkpoint kept elsewhere: a
/// backup older than it is a rollback, refused). On any refusal nothing is left restored.
pub async fn restore(
    file: &Path,
    to: &Location,
    key: &DataKey,
    since: Option<&Checkpoint>,
) -> Result<RestoreSummary, StoreError> {
    let keys = Keys::new(key);
    let mut input =
        std::io::BufReader::new(std::fs::File::open(file).map_err(|e| io("read", file, e))?);
    let (header, header_json) = read_header(&mut input, &keys)?;
    let backend = match to {
        Location::Sqlite(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    };
    if header.backend != backend {
        return Err(problem(format!(
            "this is a {} backup: restore it into a {} database",
            header.backend, header.backend
        )));
    }
    ensure_empty(to).await?;
    let plain = match to {
        Location::Sqlite(path) => beside(path, ".restoring"),
        Location::Postgres(_) => {
            std::env::temp_dir().join(format!("faro-restore-{}.dump", OsRng.next_u64()))
        }
    };
    let opened = {
        let (key, plain, worker_header) = (keys.backup, plain.clone(), header.clone());
        tokio::task::spawn_blocking(move || {
            if let Some(dir) = plain.parent() {
                let _ = crate::private::private_folder(dir);
            }
            crate::private::private_file(&plain).map_err(|e| io("create", &plain, e))?;
            open_chunks(&mut input, &key, &worker_header, &header_json, &plain)
        })
        .await
        .map_err(|_| problem("opening the backup was interrupted"))?
    };
    if let Err(e) = opened {
        discard(&plain);
        return Err(e);
    }
    let placed = match to {
        Location::Sqlite(path) => std::fs::rename(&plain, path).map_err(|e| io("write", path, e)),
        Location::Postgres(url) => {
            let restored = pg_restore(to, url, &plain).await;
            discard(&plain);
            restored
        }
    };
    if let Err(e) = placed {
        discard(&plain);
        return Err(e);
    }
    match verify_restored(to, key, &header.checkpoint, since).await {
        Ok(audit) => Ok(RestoreSummary {
            backend: header.backend,
            taken_at: header.taken_at,
            audit,
        }),
        Err(e) => {
            undo(to).await;
            Err(e)
        }
    }
}

/// Restores a dump into the (empty) database at `url`. A dump recreates its schema; when the
/// target's schema already exists (`public` always does), that one step is left out.
async fn pg_restore(to: &Location, url: &str, dump: &Path) -> Result<(), StoreError> {
    let dump_arg = dump.to_string_lossy().into_owned();
    let mut args = vec![
        "--no-owner".to_string(),
        "--no-privileges".into(),
        "--exit-on-error".into(),
        "--single-transaction".into(),
    ];
    let list = beside(dump, ".list");
    if let Some(schema) = current_schema(to).await? {
        let out = std::process::Command::new("pg_restore")
            .args(["--list", &dump_arg])
            .output()
            .map_err(|e| {
                problem(format!(
                    "cannot run `pg_restore` ({e}): install PostgreSQL's client tools"
                ))
            })?;
        let entries: String = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.contains(&format!("SCHEMA - {schema} ")))
            .map(|l| format!("{l}\n"))
            .collect();
        crate::private::write_private(&list, entries).map_err(|e| io("write", &list, e))?;
        args.push(format!("--use-list={}", list.display()));
    }
    args.push(dump_arg);
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let restored = run_tool("pg_restore", url, &arg_refs);
    discard(&list);
    restored
}

/// The target's schema, if it exists yet.
async fn current_schema(to: &Location) -> Result<Option<String>, StoreError> {
    Ok(
        pg_scalar::<Option<String>>(to, "SELECT current_schema()::text")
            .await?
            .flatten(),
    )
}

/// Refuses a target that holds anything: a restore never overwrites data.
async fn ensure_empty(to: &Location) -> Result<(), StoreError> {
    match to {
        Location::Sqlite(path) => {
            if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
                return Err(problem(format!(
                    "`{}` already holds a database: restore into an empty data directory",
                    path.display()
                )));
            }
            Ok(())
        }
        Location::Postgres(_) => {
            let tables = postgres_tables(to).await?;
            if tables > 0 {
                return Err(problem(format!(
                    "the database `{}` already holds {tables} tables: restore into an empty database",
                    to.describe()
                )));
            }
            Ok(())
        }
    }
}

async fn postgres_tables(to: &Location) -> Result<i64, StoreError> {
    Ok(pg_scalar(
        to,
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
    )
    .await?
    .unwrap_or(0))
}

/// One value from the PostgreSQL database at `to`, asked on a connection of its own (the
/// target of a restore has no store yet); `None` for SQLite.
async fn pg_scalar<T>(to: &Location, sql: &str) -> Result<Option<T>, StoreError>
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    use sqlx::Connection;
    let Location::Postgres(url) = to else {
        return Ok(None);
    };
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .map_err(|e| StoreError::unavailable(to, e))?;
    let value: T = sqlx::query_scalar(sql).fetch_one(&mut conn).await?;
    let _ = conn.close().await;
    Ok(Some(value))
}

/// Opens what was restored with `key` and verifies its audit log against the backup's
/// checkpoint and `since`.
async fn verify_restored(
    to: &Location,
    key: &DataKey,
    checkpoint: &Checkpoint,
    since: Option<&Checkpoint>,
) -> Result<AuditSummary, StoreError> {
    let store = Store::open(to).await?.unlock(key).await?;
    let result = async {
        let summary = store
            .verify_audit_since(checkpoint)
            .await?
            .map_err(|p| problem(format!("the restored audit log does not match the checkpoint inside the backup: {p}")))?;
        if let Some(later) = since {
            store.verify_audit_since(later).await?.map_err(|p| {
                problem(format!(
                    "the backup is older than the checkpoint you gave (a rollback, not a restore): {p}"
                ))
            })?;
        }
        Ok(summary)
    }
    .await;
    store.close().await;
    result
}

/// Removes what a refused restore put in place, leaving the target as empty as it was.
async fn undo(to: &Location) {
    match to {
        Location::Sqlite(path) => {
            for suffix in ["", "-wal", "-shm"] {
                discard(&beside(path, suffix));
            }
        }
        Location::Postgres(url) => {
            use sqlx::Connection;
            if let Ok(mut conn) = sqlx::PgConnection::connect(url).await {
                let schema: Result<String, _> = sqlx::query_scalar("SELECT current_schema()")
                    .fetch_one(&mut conn)
                    .await;
                if let Ok(schema) = schema {
                    let _ = sqlx::query(&format!(
                        "DROP SCHEMA \"{}\" CASCADE",
                        schema.replace('"', "\"\"")
                    ))
                    .execute(&mut conn)
                    .await;
                    let _ = sqlx::query(&format!(
                        "CREATE SCHEMA \"{}\"",
                        schema.replace('"', "\"\"")
                    ))
                    .execute(&mut conn)
                    .await;
                }
                let _ = conn.close().await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_password_leaves_the_url_for_the_environment() {
        assert_eq!(
            without_password("postgres://faro:s%40cret@db.example.org/faro?sslmode=require"),
            (
                "postgres://faro@db.example.org/faro?sslmode=require".to_string(),
                Some("s%40cret".to_string())
            )
        );
        assert_eq!(
            without_password("postgres://postgres@127.0.0.1:5432/test"),
            ("postgres://postgres@127.0.0.1:5432/test".to_string(), None)
        );
    }
}
