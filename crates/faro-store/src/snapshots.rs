//! Snapshots of the analytics index: one column-wise copy of a source's records per source,
//! so that a restarted server (or a second one on the same PostgreSQL) loads the index by
//! reading one value per source. The bytes are the index's to write and read; the store
//! only keeps them beside their source, for its revision and the index's layout.
//!
//! A snapshot is a cache of derived data, not a change to anyone's data: writing one is not
//! audited, and a missing, stale or unreadable snapshot only means the index decodes the
//! records instead.

use crate::source::visible_sql;
use crate::{Store, StoreError};
use faro_domain::{AccessContext, Purpose};

impl Store {
    /// The snapshot of `source_id` at `revision` in the index's `layout`, if one is kept and
    /// `ctx` may count the source's records.
    pub async fn index_snapshot(
        &self,
        ctx: &AccessContext,
        source_id: i64,
        revision: i64,
        layout: i32,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let sql = format!(
            "SELECT data FROM index_snapshots WHERE source_id = $1 AND revision = $2 AND layout = $3 AND source_id IN ({})",
            visible_sql(ctx, Purpose::Aggregates)
        );
        Ok(with_pool!(self, |p| sqlx::query_scalar(&sql)
            .bind(source_id)
            .bind(revision)
            .bind(layout)
            .fetch_optional(p)
            .await?))
    }

    /// Keeps `data` as the snapshot of `source_id` at `revision`, unless a snapshot of a later
    /// revision is already kept (two servers may load the same source at once).
    pub async fn save_index_snapshot(
        &self,
        source_id: i64,
        revision: i64,
        layout: i32,
        data: &[u8],
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO index_snapshots (source_id, revision, layout, data) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (source_id) DO UPDATE SET revision = excluded.revision, layout = excluded.layout, data = excluded.data \
                   WHERE index_snapshots.revision <= excluded.revision";
        with_pool!(self, |p| {
            sqlx::query(sql)
                .bind(source_id)
                .bind(revision)
                .bind(layout)
                .bind(data)
                .execute(p)
                .await?;
        });
        Ok(())
    }
}
