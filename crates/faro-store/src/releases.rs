//! Releases for the public: the files `faro publish` made, kept with a short summary so that
//! an organisation's admins can choose which ones the public page shows. A release is private
//! until they make it public; making it public or private again is audited. The report, which
//! measures a release against the sensitive records, is never public.
//!
//! A release keeps the ids of the records it was made from, sealed with the data key: when a
//! record is erased, every release that holds it is withdrawn (made private for good, audited),
//! so an erased person does not stay in a file the public can download.

use crate::audit::Draft;
use crate::{Store, StoreError};
use faro_domain::{AccessContext, OrganisationId};

/// Files of a release that the public page may serve.
pub const PUBLIC_FILES: [&str; 5] = [
    "README.md",
    "kanon.csv",
    "kanon-general.csv",
    "synthetic.csv",
    "dp-tables.csv",
];

/// The size of each stored chunk of a release's file.
const CHUNK_BYTES: usize = 1 << 20;

/// Up to [`CHUNK_BYTES`] of `reader`: fewer only at its end.
fn read_chunk(mut reader: &mut dyn std::io::Read) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut data = Vec::with_capacity(CHUNK_BYTES);
    (&mut reader)
        .take(CHUNK_BYTES as u64)
        .read_to_end(&mut data)?;
    Ok(data)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub id: i64,
    pub organisation: OrganisationId,
    pub organisation_name: String,
    /// Unix seconds.
    pub created_at: i64,
    pub public: bool,
    /// Withdrawn because it holds a record erased since: it stays private.
    pub withdrawn: bool,
    /// The names of its files.
    pub files: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct ReleaseRow {
    id: i64,
    organisation_id: i64,
    name: String,
    created_at: i64,
    public: i32,
    withdrawn_at: Option<i64>,
    files: String,
}

const SELECT: &str = "SELECT r.id, r.organisation_id, o.name, r.created_at, r.public, r.withdrawn_at, \
     (SELECT COALESCE(STRING_AGG(f.name, ','), '') FROM release_files f WHERE f.release_id = r.id) AS files \
     FROM releases r JOIN organisations o ON o.id = r.organisation_id";

fn from_row(r: ReleaseRow) -> Release {
    let mut files: Vec<String> = r
        .files
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    files.sort();
    Release {
        id: r.id,
        organisation: OrganisationId(r.organisation_id),
        organisation_name: r.name,
        created_at: r.created_at,
        public: r.public != 0,
        withdrawn: r.withdrawn_at.is_some(),
        files,
    }
}

/// Where a release's list of records is sealed: bound to its row.
fn members_place(release: i64) -> String {
    format!("releases {release} members")
}

/// Record ids as the differences between neighbours, ascending, in JSON: a run of ids is a
/// run of 1s, about two bytes a record.
fn encode_members(ids: &[i64]) -> Vec<u8> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut previous = 0;
    let gaps: Vec<i64> = sorted
        .iter()
        .map(|&id| {
            let gap = id - previous;
            previous = id;
            gap
        })
        .collect();
    serde_json::to_vec(&gaps).unwrap_or_default()
}

fn decode_members(bytes: &[u8]) -> Result<Vec<i64>, StoreError> {
    let gaps: Vec<i64> = serde_json::from_slice(bytes).map_err(|_| StoreError::Corrupt {
        column: "releases.members",
        value: "not a list of records".into(),
    })?;
    Ok(gaps
        .iter()
        .scan(0i64, |id, gap| {
            *id += gap;
            Some(*id)
        })
        .collect())
}

/// Withdraws, inside the caller's transaction, every release of `$organisation` not yet
/// withdrawn that holds `$record` (or may: one made before releases kept their list), public
/// or not, each with its audit entry naming the record under `$why` (why it had to go). The
/// ids withdrawn are the macro's value.
macro_rules! withdraw_releases_holding {
    ($store:expr, $tx:ident, $dialect:ident, $ctx:expr, $keys:expr, $organisation:expr, $record:expr, $why:literal) => {{
        let releases: Vec<(i64, i32, Option<Vec<u8>>)> = sqlx::query_as(
            "SELECT id, public, members FROM releases \
             WHERE organisation_id = $1 AND withdrawn_at IS NULL ORDER BY id",
        )
        .bind($organisation.0)
        .fetch_all(&mut *$tx)
        .await?;
        let mut withdrawn = Vec::new();
        for (release, public, members) in releases {
            if !$crate::releases::holds($keys, release, members.as_deref(), $record)? {
                continue;
            }
            sqlx::query("UPDATE releases SET public = 0, withdrawn_at = $1 WHERE id = $2")
                .bind($crate::clock::now())
                .bind(release)
                .execute(&mut *$tx)
                .await?;
            let detail = serde_json::json!({
                "release_id": release, "was_public": public != 0, $why: $record,
            });
            let entry =
                $crate::audit::Draft::new(Some($organisation), $ctx, "release.withdraw", detail);
            append_audit!($store, $tx, $dialect, entry);
            withdrawn.push(release);
        }
        withdrawn
    }};
}

/// Whether a release's sealed list holds `record`; a release without a list (made before
/// lists were kept) may hold it.
pub(crate) fn holds(
    keys: &crate::keys::Keys,
    release: i64,
    members: Option<&[u8]>,
    record: i64,
) -> Result<bool, StoreError> {
    let Some(sealed) = members else {
        return Ok(true);
    };
    let ids = decode_members(&keys.open_bytes(&members_place(release), sealed)?)?;
    Ok(ids.binary_search(&record).is_ok())
}

/// Seals every release's list of records again under a new data key (`rotate-key`).
pub(crate) async fn reseal<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    old: &crate::keys::Keys,
    fresh: &crate::keys::Keys,
) -> Result<usize, StoreError>
where
    DB: sqlx::Database,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Vec<u8>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64, Vec<u8>): sqlx::FromRow<'r, DB::Row>,
{
    let lists: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT id, members FROM releases WHERE members IS NOT NULL ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    for (id, sealed) in &lists {
        let place = members_place(*id);
        sqlx::query("UPDATE releases SET members = $1 WHERE id = $2")
            .bind(fresh.seal_bytes(&place, &old.open_bytes(&place, sealed)?)?)
            .bind(*id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(lists.len())
}

impl Store {
    /// Keeps a release's files, private, audited in the organisation's chain. Each file is
    /// read and stored a chunk at a time, all in one transaction: a release is kept whole or
    /// not at all, and never held whole in memory. `members` are the ids of the records it
    /// was made from, kept sealed so that erasing one of them withdraws it.
    pub async fn save_release(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        members: &[i64],
        summary: &str,
        files: Vec<(String, Box<dyn std::io::Read + Send>)>,
    ) -> Result<i64, StoreError> {
        let keys = self.current_keys().await?;
        let records = i64::try_from(members.len()).unwrap_or(i64::MAX);
        let list = encode_members(members);
        if !(ctx.speaks_for(organisation) && ctx.may(faro_domain::Purpose::Records)) {
            return Err(StoreError::Forbidden { action: "publish" });
        }
        let insert = "INSERT INTO releases (organisation_id, created_at, records, summary) VALUES ($1, $2, $3, $4) RETURNING id";
        let file = "INSERT INTO release_files (release_id, name) VALUES ($1, $2)";
        let chunk =
            "INSERT INTO release_file_chunks (release_id, name, seq, data) VALUES ($1, $2, $3, $4)";
        let now = crate::clock::now();
        let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
        Ok(in_transaction!(self, |tx, dialect| {
            let id: i64 = sqlx::query_scalar(insert)
                .bind(organisation.0)
                .bind(now)
                .bind(records)
                .bind(summary)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query("UPDATE releases SET members = $1 WHERE id = $2")
                .bind(keys.seal_bytes(&members_place(id), &list)?)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for (name, mut reader) in files {
                sqlx::query(file)
                    .bind(id)
                    .bind(&name)
                    .execute(&mut *tx)
                    .await?;
                // Every file has its chunk 0, an empty file an empty one.
                for seq in 0.. {
                    let data = read_chunk(&mut reader).map_err(|e| {
                        StoreError::Internal(format!("a release's file could not be read: {e}"))
                    })?;
                    if seq > 0 && data.is_empty() {
                        break;
                    }
                    let last = data.len() < CHUNK_BYTES;
                    sqlx::query(chunk)
                        .bind(id)
                        .bind(&name)
                        .bind(seq)
                        .bind(data)
                        .execute(&mut *tx)
                        .await?;
                    if last {
                        break;
                    }
                }
            }
            let detail = serde_json::json!({ "release_id": id, "files": names });
            let entry = Draft::new(Some(organisation), ctx, "release.save", detail);
            append_audit!(self, tx, dialect, entry);
            id
        }))
    }

    /// An organisation's releases, newest first, for its admins.
    pub async fn releases(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
    ) -> Result<Vec<Release>, StoreError> {
        StoreError::unless_administers(ctx, organisation)?;
        let sql = format!("{SELECT} WHERE r.organisation_id = $1 ORDER BY r.id DESC");
        let rows: Vec<ReleaseRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(organisation.0)
            .fetch_all(p)
            .await?);
        Ok(rows.into_iter().map(from_row).collect())
    }

    /// Every public release, newest first: for anyone.
    pub async fn public_releases(&self) -> Result<Vec<Release>, StoreError> {
        let sql =
            format!("{SELECT} WHERE r.public = 1 AND o.removed_at IS NULL ORDER BY r.id DESC");
        let rows: Vec<ReleaseRow> = with_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        Ok(rows.into_iter().map(from_row).collect())
    }

    /// The size in bytes of each public file of a public release, for anyone: what the public
    /// data page says before a download.
    pub async fn public_file_sizes(&self, release: i64) -> Result<Vec<(String, i64)>, StoreError> {
        let sql = "SELECT c.name, CAST(SUM(length(c.data)) AS BIGINT) FROM release_file_chunks c \
                   JOIN releases r ON r.id = c.release_id \
                   WHERE c.release_id = $1 AND r.public = 1 GROUP BY c.name ORDER BY c.name";
        let rows: Vec<(String, i64)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(release)
            .fetch_all(p)
            .await?);
        Ok(rows
            .into_iter()
            .filter(|(name, _)| PUBLIC_FILES.contains(&name.as_str()))
            .collect())
    }

    /// A file of a release, whole: anyone's for a public release's public files, else only
    /// its organisation's admins'. For small files (a datasheet, a report); a download
    /// streams [`Store::release_file_chunk`] instead.
    pub async fn release_file(
        &self,
        ctx: &AccessContext,
        release: i64,
        name: &str,
    ) -> Result<Vec<u8>, StoreError> {
        let mut whole = Vec::new();
        for seq in 0.. {
            match self.release_file_chunk(ctx, release, name, seq).await? {
                Some(data) => whole.extend_from_slice(&data),
                None => break,
            }
        }
        Ok(whole)
    }

    /// Chunk `seq` of a release's file, for the same readers as [`Store::release_file`]
    /// (checked at every chunk); `None` past the last. A file the reader may not read is
    /// as unknown as a missing one.
    pub async fn release_file_chunk(
        &self,
        ctx: &AccessContext,
        release: i64,
        name: &str,
        seq: i64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let sql = "SELECT r.organisation_id, r.public, c.data FROM releases r \
                   JOIN release_files f ON f.release_id = r.id \
                   LEFT JOIN release_file_chunks c ON c.release_id = f.release_id AND c.name = f.name AND c.seq = $3 \
                   WHERE r.id = $1 AND f.name = $2";
        let row: Option<(i64, i32, Option<Vec<u8>>)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(release)
            .bind(name)
            .bind(seq)
            .fetch_optional(p)
            .await?);
        let found = row.filter(|(organisation, public, _)| {
            let open = *public != 0 && PUBLIC_FILES.contains(&name);
            open || ctx.administers(OrganisationId(*organisation))
        });
        found.map(|(_, _, data)| data).ok_or(StoreError::NotFound {
            kind: "release file",
            id: release,
        })
    }

    /// Makes a release public or private again, audited.
    pub async fn set_release_public(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        release: i64,
        public: bool,
    ) -> Result<(), StoreError> {
        StoreError::unless_administers(ctx, organisation)?;
        let withdrawn = "SELECT withdrawn_at FROM releases WHERE id = $1 AND organisation_id = $2";
        let found: Option<Option<i64>> = with_pool!(self, |p| sqlx::query_scalar(withdrawn)
            .bind(release)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        if public && matches!(found, Some(Some(_))) {
            return Err(StoreError::Conflict {
                what: faro_domain::Message::new(faro_domain::refusal::RELEASE_WITHDRAWN),
            });
        }
        let sql = "UPDATE releases SET public = $1 WHERE id = $2 AND organisation_id = $3";
        self.audited_ints(
            &[(sql, &[i64::from(public), release, organisation.0])],
            |changed| {
                if changed[0] == 0 {
                    return Err(StoreError::NotFound {
                        kind: "release",
                        id: release,
                    });
                }
                let detail = serde_json::json!({ "release_id": release, "public": public });
                Ok(Draft::new(
                    Some(organisation),
                    ctx,
                    "release.visibility",
                    detail,
                ))
            },
        )
        .await?;
        Ok(())
    }
}
