//! Reading records: filtered pages with a keyset cursor, single records, whole sources.
//!
//! Filters become SQL with inline literals. That is safe because every literal comes from a
//! closed set: integers, vocabulary codes and country codes of faro-domain's tables, never
//! text from the caller; and it keeps one SQL text for both dialects' placeholder styles.
//!
//! `fold_source` (the full scan that loads an analytics segment) reads SQLite through
//! rusqlite on a thread of its own: through sqlx a million-row segment took 9 s, through
//! rusqlite 1.1 s (`faro-bench`, 2 cores). Record lists in id order find a page of a
//! low-cardinality value (gender, year) by scanning as fast as through an index.

use crate::row::Cells;
use crate::{Pool, Store, StoreError, row, source};
use faro_domain::query::{Dimension, Selection};
use faro_domain::{AccessContext, Country, Filter, Purpose, Record};
use futures_util::TryStreamExt;

/// A record with its identity and provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    pub id: i64,
    pub source_id: i64,
    pub record: Record,
}

/// The column holding a dimension: named after its id, with `_set` for the bit mask of a
/// multi-valued one (see the migration).
fn column(dim: Dimension) -> String {
    match dim {
        Dimension::Source => "source_id".into(),
        d if d.is_multi_valued() => format!("{}_set", d.id()),
        d => d.id().into(),
    }
}

fn condition(dim: Dimension, sel: &Selection) -> String {
    let col = column(dim);
    let mut parts: Vec<String> = Vec::new();
    if dim.is_multi_valued() {
        let mask: i64 = sel.ids.iter().fold(0, |m, i| m | (1 << i));
        if mask != 0 {
            parts.push(format!("({col} & {mask}) <> 0"));
        }
        if sel.unknown {
            parts.push(format!("{col} = 0"));
        }
    } else {
        match dim {
            Dimension::Year => {
                for (lo, hi) in &sel.ranges {
                    parts.push(match (lo, hi) {
                        (Some(l), Some(h)) => format!("{col} BETWEEN {l} AND {h}"),
                        (Some(l), None) => format!("{col} >= {l}"),
                        (None, Some(h)) => format!("{col} <= {h}"),
                        (None, None) => format!("{col} IS NOT NULL"),
                    });
                }
            }
            Dimension::Source => {
                if !sel.ids.is_empty() {
                    let ids: Vec<String> = sel.ids.iter().map(i64::to_string).collect();
                    parts.push(format!("{col} IN ({})", ids.join(", ")));
                }
            }
            _ => {
                let codes: Vec<String> = sel
                    .ids
                    .iter()
                    .filter_map(|i| literal(dim, *i))
                    .map(|c| format!("'{c}'"))
                    .collect();
                if !codes.is_empty() {
                    parts.push(format!("{col} IN ({})", codes.join(", ")));
                }
            }
        }
        if sel.unknown && dim != Dimension::Source {
            parts.push(format!("{col} IS NULL"));
        }
    }
    if parts.is_empty() {
        return "1 = 0".into();
    }
    format!("({})", parts.join(" OR "))
}

/// The stored code of a value id; always from a closed table (see the module comment).
fn literal(dim: Dimension, id: i64) -> Option<&'static str> {
    match dim {
        Dimension::Citizenship | Dimension::ExploitationCountry => {
            Country::from_id(u16::try_from(id).ok()?).map(|c| c.alpha2())
        }
        _ => dim.codes().get(usize::try_from(id).ok()?).copied(),
    }
}

/// The WHERE clause for `ctx` and `filter`, for reading individual records; refuses callers
/// who may only see aggregates.
fn where_sql(ctx: &AccessContext, filter: &Filter) -> Result<String, StoreError> {
    if !ctx.may(Purpose::Records) {
        return Err(StoreError::Forbidden {
            action: "read_records",
        });
    }
    let mut clauses = vec![format!(
        "source_id IN ({})",
        source::visible_sql(ctx, Purpose::Records)
    )];
    clauses.extend(filter.selections().iter().map(|(d, s)| condition(*d, s)));
    Ok(clauses.join(" AND "))
}

impl Store {
    /// Up to `limit` records after the id `after`, in id order (keyset paging: stable while
    /// imports add records, and as fast on the last page as on the first).
    pub async fn records(
        &self,
        ctx: &AccessContext,
        filter: &Filter,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        self.records_page(ctx, filter, after, limit, "").await
    }

    /// [`Store::records`] without the records whose person withdrew (or refused) their
    /// consent to be counted in statistics and publications: what a release is made from.
    pub async fn counted_records(
        &self,
        ctx: &AccessContext,
        filter: &Filter,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        self.records_page(ctx, filter, after, limit, " AND uncounted_at IS NULL")
            .await
    }

    async fn records_page(
        &self,
        ctx: &AccessContext,
        filter: &Filter,
        after: Option<i64>,
        limit: u32,
        counted: &str,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        let visible = self
            .refusal_audited(
                ctx,
                where_sql(ctx, filter),
                serde_json::json!({ "list": true }),
            )
            .await?;
        let sql = format!(
            "SELECT {} FROM records WHERE {visible}{counted} AND id > {} ORDER BY id LIMIT {}",
            row::select_list(),
            after.unwrap_or(0),
            limit
        );
        self.fetch_cases(&sql).await
    }

    /// Passes `result` through; a refused read (forbidden, or a record this caller cannot see)
    /// is audited first, in the caller's chain, as a successful read is by its caller.
    async fn refusal_audited<T>(
        &self,
        ctx: &AccessContext,
        result: Result<T, StoreError>,
        detail: serde_json::Value,
    ) -> Result<T, StoreError> {
        if let Err(StoreError::Forbidden { .. } | StoreError::NotFound { .. }) = &result {
            self.audit(ctx, "records.read_refused", detail).await?;
        }
        result
    }

    /// Number of records matching `filter`.
    pub async fn count_matching(
        &self,
        ctx: &AccessContext,
        filter: &Filter,
    ) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM records WHERE {}",
            where_sql(ctx, filter)?
        );
        Ok(with_pool!(self, |p| sqlx::query_scalar(&sql)
            .fetch_one(p)
            .await?))
    }

    /// One record; a record of another organisation is `NotFound`, as if it did not exist.
    pub async fn record(&self, ctx: &AccessContext, id: i64) -> Result<StoredRecord, StoreError> {
        let found = match where_sql(ctx, &Filter::new()) {
            Ok(visible) => {
                let sql = format!(
                    "SELECT {} FROM records WHERE {visible} AND id = {id}",
                    row::select_list(),
                );
                self.fetch_cases(&sql)
                    .await?
                    .pop()
                    .ok_or(StoreError::NotFound { kind: "record", id })
            }
            Err(e) => Err(e),
        };
        self.refusal_audited(ctx, found, serde_json::json!({ "ids": [id] }))
            .await
    }

    /// Folds every record of one visible source, with its record key, into `acc`, without
    /// holding them all; a record whose person withdrew their consent to be counted is left out.
    /// On SQLite the rows are read through rusqlite on a blocking thread:
    /// through sqlx a million rows took 9 s, a quarter of that this way (`faro bench`).
    pub async fn fold_source<T, F>(
        &self,
        ctx: &AccessContext,
        source_id: i64,
        mut acc: T,
        mut each: F,
    ) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnMut(&mut T, u32, Record) + Send + 'static,
    {
        let sql = format!(
            "SELECT {}, record_key FROM records WHERE source_id = {source_id} AND uncounted_at IS NULL AND source_id IN ({})",
            row::select_list(),
            source::visible_sql(ctx, Purpose::Aggregates)
        );
        match (&self.pool, self.location()) {
            (Pool::Sqlite(_), crate::Location::Sqlite(path)) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || -> Result<T, StoreError> {
                    let conn = rusqlite::Connection::open_with_flags(
                        &path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )?;
                    conn.busy_timeout(std::time::Duration::from_secs(30))?;
                    let mut stmt = conn.prepare(&sql)?;
                    let mut rows = stmt.query([])?;
                    while let Some(r) = rows.next()? {
                        let (_, _, record) = row::decode(r)?;
                        each(&mut acc, record_key(r.int(row::COLUMNS.len() + 2)?), record);
                    }
                    drop(rows);
                    Ok(acc)
                })
                .await
                .map_err(|e| StoreError::BadLocation {
                    location: self.location().describe(),
                    reason: format!("the reader stopped unexpectedly: {e}"),
                })?
            }
            (Pool::Postgres(p), _) => {
                let mut rows = sqlx::query(&sql).fetch(p);
                while let Some(r) = rows.try_next().await? {
                    let cells = row::SqlxCells(&r);
                    let (_, _, record) = row::decode(&cells)?;
                    each(
                        &mut acc,
                        record_key(cells.int(row::COLUMNS.len() + 2)?),
                        record,
                    );
                }
                Ok(acc)
            }
            (Pool::Sqlite(_), crate::Location::Postgres(url)) => Err(StoreError::BadLocation {
                location: crate::redact(url),
                reason: "a SQLite store needs a file location".into(),
            }),
        }
    }

    async fn fetch_cases(&self, sql: &str) -> Result<Vec<StoredRecord>, StoreError> {
        let decoded: Vec<(i64, i64, Record)> = with_pool!(self, |p| sqlx::query(sql)
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| row::decode(&row::SqlxCells(r)))
            .collect::<Result<_, _>>()?);
        Ok(decoded
            .into_iter()
            .map(|(id, source_id, record)| StoredRecord {
                id,
                source_id,
                record,
            })
            .collect())
    }
}

/// A stored record key: written in [0, 2^32) by the import and migration 8.
fn record_key(stored: Option<i64>) -> u32 {
    stored.unwrap_or(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(dim: Dimension, text: &str) -> String {
        condition(dim, &Selection::parse(dim, text).unwrap())
    }

    #[test]
    fn filters_become_literal_conditions_from_closed_sets() {
        assert_eq!(
            sql(Dimension::Gender, "female,unknown"),
            "(gender IN ('female') OR gender IS NULL)"
        );
        assert_eq!(
            sql(Dimension::Modality, "forced_labour,domestic_servitude"),
            "((modality_set & 6) <> 0)"
        );
        assert_eq!(
            sql(Dimension::Year, "2015..,..2003"),
            "(year <= 2003 OR year >= 2015)"
        );
        assert_eq!(sql(Dimension::Citizenship, "na"), "(citizenship IN ('NA'))");
        assert_eq!(sql(Dimension::Source, "unknown"), "1 = 0");
        assert_eq!(sql(Dimension::Sex, "unknown"), "(sex_set = 0)");
    }
}
