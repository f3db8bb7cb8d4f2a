//! Aggregates over records, answered from an in-memory columnar index.
//!
//! The index holds one segment per complete source, keyed by the source's revision. Before
//! each query it asks the store which `(source, revision)` pairs the caller may see and loads
//! or drops segments to match, so it stays correct when another process (the CLI, a second
//! `faro serve` on the same PostgreSQL) writes. That check is one small query; the scan itself
//! never touches the database.

mod aggregate;
mod hotspots;
mod segment;

pub use aggregate::{Aggregate, AggregateRow};
pub use faro_store::ReportPoint;
pub use hotspots::{HotCell, RESOLUTIONS, hotspots};
pub use segment::YEAR_BASE;

use faro_domain::query::Dimension;
use faro_domain::{AccessContext, AggregateScope, Filter};
use faro_store::{Store, StoreError};
use segment::Segment;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::{Mutex, RwLock};

#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The aggregate index; share one per process (it is `Clone` and cheap to clone).
#[derive(Clone)]
pub struct Index {
    store: Store,
    segments: Arc<RwLock<BTreeMap<i64, Arc<Segment>>>>,
    /// Serialises loading so two queries never load the same segment twice.
    loading: Arc<Mutex<()>>,
    /// Set once [`Index::warm`] has loaded every source.
    ready: Arc<std::sync::atomic::AtomicBool>,
}

impl Index {
    pub fn new(store: Store) -> Index {
        Index {
            store,
            segments: Arc::default(),
            loading: Arc::default(),
            ready: Arc::default(),
        }
    }

    /// Counts the records of `scope` that pass `filter`, grouped by `by` (at most three
    /// dimensions). The counts are exact: what a reader may see of them is for
    /// `faro-privacy` to decide.
    pub async fn aggregate(
        &self,
        ctx: &AccessContext,
        scope: AggregateScope,
        by: &[Dimension],
        filter: &Filter,
    ) -> Result<Aggregate, AnalyticsError> {
        let mut one = self.aggregates(ctx, scope, &[by], filter).await?;
        Ok(one.pop().unwrap_or_else(|| Aggregate::empty(by)))
    }

    /// One aggregate per group-by in `bys`, all under one filter, in one pass over the
    /// records: a dashboard's charts cost about one query.
    pub async fn aggregates(
        &self,
        ctx: &AccessContext,
        scope: AggregateScope,
        bys: &[&[Dimension]],
        filter: &Filter,
    ) -> Result<Vec<Aggregate>, AnalyticsError> {
        let visible = self.current(ctx, scope).await?;
        Ok(aggregate::run(&visible, bys, filter))
    }

    /// One source's columns as held, for work that needs each of its records once (the
    /// differentially private marginals); `None` when no such source exists.
    pub async fn source_columns(
        &self,
        source_id: i64,
    ) -> Result<Option<SourceColumns>, AnalyticsError> {
        let all = self
            .current(&AccessContext::instance(), AggregateScope::Hub)
            .await?;
        Ok(all
            .into_iter()
            .find(|s| s.source_id == source_id)
            .map(SourceColumns))
    }

    /// Loads every source (from their snapshots where kept), so that the first dashboard
    /// after a start is fast; [`Index::is_ready`] says when it is done. Returns the records
    /// held.
    pub async fn warm(&self) -> Result<usize, AnalyticsError> {
        self.current(&AccessContext::instance(), AggregateScope::Hub)
            .await?;
        self.ready.store(true, std::sync::atomic::Ordering::Release);
        Ok(self.loaded_records().await)
    }

    /// Whether [`Index::warm`] has finished (a query before then still answers, loading what
    /// it needs).
    pub fn is_ready(&self) -> bool {
        self.ready.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Number of records currently held in memory (all sources), for health and status pages.
    pub async fn loaded_records(&self) -> usize {
        self.segments.read().await.values().map(|s| s.len()).sum()
    }

    /// Bytes the held segments take in memory (their columns and keys).
    pub async fn memory_bytes(&self) -> usize {
        self.segments
            .read()
            .await
            .values()
            .map(|s| s.memory_bytes())
            .sum()
    }

    /// The segments `ctx` may see, loading any that are new or changed.
    async fn current(
        &self,
        ctx: &AccessContext,
        scope: AggregateScope,
    ) -> Result<Vec<Arc<Segment>>, AnalyticsError> {
        let wanted = self.store.segments(ctx, scope).await?;
        let stale = {
            let held = self.segments.read().await;
            held.keys().any(|id| !wanted.iter().any(|(w, _)| w == id))
        };
        if stale {
            self.evict_removed().await?;
        }
        if let Some(ready) = self.lookup(&wanted).await {
            return Ok(ready);
        }
        let _guard = self.loading.lock().await;
        for (id, revision) in &wanted {
            let fresh = self
                .segments
                .read()
                .await
                .get(id)
                .is_some_and(|s| s.revision == *revision);
            if !fresh {
                let segment = Segment::load(&self.store, ctx, *id, *revision).await?;
                self.segments.write().await.insert(*id, Arc::new(segment));
            }
        }
        Ok(self.lookup(&wanted).await.unwrap_or_default())
    }

    /// Drops segments of sources that no longer exist. Held segments that only this caller
    /// cannot see stay: other callers may see them.
    async fn evict_removed(&self) -> Result<(), AnalyticsError> {
        let live = self
            .store
            .segments(&AccessContext::instance(), AggregateScope::Hub)
            .await?;
        self.segments
            .write()
            .await
            .retain(|id, s| live.iter().any(|(l, rev)| l == id && *rev == s.revision));
        Ok(())
    }

    async fn lookup(&self, wanted: &[(i64, i64)]) -> Option<Vec<Arc<Segment>>> {
        let held = self.segments.read().await;
        wanted
            .iter()
            .map(|(id, rev)| held.get(id).filter(|s| s.revision == *rev).cloned())
            .collect()
    }
}

/// A source's records as the index holds them: buckets of single-valued dimensions (0 for
/// unknown, the value id + 1, or the year − [`YEAR_BASE`]) and bit masks of multi-valued ones.
pub struct SourceColumns(Arc<Segment>);

impl SourceColumns {
    pub fn source_id(&self) -> i64 {
        self.0.source_id
    }

    /// The source's revision these columns were read at.
    pub fn revision(&self) -> i64 {
        self.0.revision
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }

    /// Each record's bucket in a single-valued dimension.
    pub fn single(&self, dim: Dimension) -> Option<&[u16]> {
        segment::single_slot(dim).map(|slot| self.0.single[slot].as_slice())
    }

    /// Each record's yes-values in a multi-valued dimension, as a bit mask.
    pub fn multi(&self, dim: Dimension) -> Option<&[u32]> {
        segment::multi_slot(dim).map(|slot| self.0.multi[slot].as_slice())
    }

    /// Each record's random key (drawn at import, never derived from its content).
    pub fn keys(&self) -> &[u32] {
        &self.0.keys
    }
}
