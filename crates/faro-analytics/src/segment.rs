//! One source's records as columns of small integers, the shape a scan is fastest over.

use faro_domain::query::Dimension;
use faro_domain::{AccessContext, Record};
use faro_store::{Store, StoreError};

/// Single-valued dimensions held as `u16` buckets: 0 is unknown, `value id + 1` otherwise.
pub(crate) const SINGLE: [Dimension; 7] = [
    Dimension::Year,
    Dimension::Gender,
    Dimension::Age,
    Dimension::Majority,
    Dimension::Citizenship,
    Dimension::ExploitationCountry,
    Dimension::TraffickMonths,
];

/// Multi-valued dimensions held as bit masks of their yes-values (0: none known to be yes).
pub(crate) const MULTI: [Dimension; 6] = [
    Dimension::Modality,
    Dimension::Means,
    Dimension::MeansDetail,
    Dimension::Labour,
    Dimension::Sex,
    Dimension::Recruiter,
];

/// Years are stored as offsets from this, so that bucket 0 stays free for unknown.
pub(crate) const YEAR_BASE: u16 = 1989;

pub(crate) struct Segment {
    pub source_id: i64,
    pub revision: i64,
    /// One more than the highest year bucket held: years have no fixed upper bound, so the
    /// counters are sized from the data.
    pub year_buckets: usize,
    pub single: [Vec<u16>; SINGLE.len()],
    pub multi: [Vec<u32>; MULTI.len()],
    /// Each record's random key, summed per cell for released aggregates (cell key method).
    pub keys: Vec<u32>,
}

impl Segment {
    pub async fn load(
        store: &Store,
        ctx: &AccessContext,
        source_id: i64,
        revision: i64,
    ) -> Result<Segment, StoreError> {
        let seg = store
            .fold_source(
                ctx,
                source_id,
                Segment::empty(source_id, revision),
                |seg, key, record| seg.push(key, &record),
            )
            .await?;
        tracing::debug!(
            source.id = source_id,
            segment.records = seg.len(),
            "analytics segment loaded"
        );
        Ok(seg)
    }

    pub fn empty(source_id: i64, revision: i64) -> Segment {
        Segment {
            source_id,
            revision,
            year_buckets: 1,
            single: Default::default(),
            multi: Default::default(),
            keys: Vec::new(),
        }
    }

    pub fn push(&mut self, key: u32, record: &Record) {
        self.keys.push(key);
        for (slot, dim) in SINGLE.iter().enumerate() {
            let b = bucket(*dim, dim.value_id(record));
            if *dim == Dimension::Year {
                self.year_buckets = self.year_buckets.max(b as usize + 1);
            }
            self.single[slot].push(b);
        }
        for (slot, dim) in MULTI.iter().enumerate() {
            self.multi[slot].push(dim.value_bits(record));
        }
    }

    pub fn len(&self) -> usize {
        self.single[0].len()
    }

    /// The bytes its columns and keys hold (capacity, as the allocator sees them).
    pub fn memory_bytes(&self) -> usize {
        let single: usize = self.single.iter().map(|c| c.capacity() * 2).sum();
        let multi: usize = self.multi.iter().map(|c| c.capacity() * 4).sum();
        single + multi + self.keys.capacity() * 4
    }
}

/// The bucket of a single-valued dimension's value id.
pub(crate) fn bucket(dim: Dimension, value: Option<u32>) -> u16 {
    match (dim, value) {
        (_, None) => 0,
        (Dimension::Year, Some(y)) => (y as u16).saturating_sub(YEAR_BASE),
        (_, Some(v)) => v as u16 + 1,
    }
}

/// The number of buckets of a single-valued dimension in `segments`, unknown included.
pub(crate) fn cardinality(dim: Dimension, segments: &[std::sync::Arc<Segment>]) -> usize {
    match dim {
        Dimension::Year => segments.iter().map(|s| s.year_buckets).max().unwrap_or(1),
        Dimension::Citizenship | Dimension::ExploitationCountry => {
            faro_domain::Country::count() + 1
        }
        d => d.codes().len() + 1,
    }
}

pub(crate) fn single_slot(dim: Dimension) -> Option<usize> {
    SINGLE.iter().position(|d| *d == dim)
}

pub(crate) fn multi_slot(dim: Dimension) -> Option<usize> {
    MULTI.iter().position(|d| *d == dim)
}
