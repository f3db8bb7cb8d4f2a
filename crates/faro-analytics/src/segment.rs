//! One source's records as columns of small integers, the shape a scan is fastest over.

use faro_domain::query::Dimension;
use faro_domain::{AccessContext, Record};
use faro_store::{Store, StoreError};

/// Single-valued dimensions held as `u16` buckets: 0 is unknown, `value id + 1` otherwise.
pub(crate) const SINGLE: [Dimension; Dimension::SINGLE.len()] = Dimension::SINGLE;

/// Multi-valued dimensions held as bit masks of their yes-values (0: none known to be yes).
pub(crate) const MULTI: [Dimension; Dimension::MULTI.len()] = Dimension::MULTI;

/// Years are stored as offsets from this, so that bucket 0 stays free for unknown.
pub const YEAR_BASE: u16 = 1989;

pub(crate) struct Segment {
    pub source_id: i64,
    pub revision: i64,
    /// One more than the highest year bucket held: years have no fixed upper bound, so the
    /// counters are sized from the data.
    pub year_buckets: usize,
    pub single: [Vec<u16>; SINGLE.len()],
    pub multi: [Vec<u32>; MULTI.len()],
    /// Each record's random key: which of its values a release of marginals counts when it
    /// has more than the bound.
    pub keys: Vec<u32>,
}

/// The version of the columns' layout in snapshots: bumped whenever [`SINGLE`], [`MULTI`],
/// [`YEAR_BASE`] or the byte format change, so that an older snapshot is ignored.
pub(crate) const LAYOUT: i32 = 1;
/// Sources smaller than this are decoded from their records every time: their snapshot would
/// save little and be rewritten often (an intake source grows a report at a time).
const SNAPSHOT_MIN_RECORDS: usize = 20_000;
const MAGIC: &[u8; 8] = b"FAROSEG1";

impl Segment {
    /// The source's columns: from its snapshot when one is kept for this revision, else
    /// decoded from its records (and kept as a snapshot for the next start).
    pub async fn load(
        store: &Store,
        ctx: &AccessContext,
        source_id: i64,
        revision: i64,
    ) -> Result<Segment, StoreError> {
        if let Some(bytes) = store
            .index_snapshot(ctx, source_id, revision, LAYOUT)
            .await?
        {
            let decoded = tokio::task::spawn_blocking(move || {
                Segment::from_bytes(source_id, revision, &bytes)
            })
            .await
            .ok()
            .flatten();
            match decoded {
                Some(seg) => return Ok(seg),
                None => tracing::warn!(
                    source.id = source_id,
                    "index snapshot unreadable; decoding the records"
                ),
            }
        }
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
        if seg.len() >= SNAPSHOT_MIN_RECORDS {
            // A snapshot that cannot be kept costs the next start time, not this answer.
            if let Err(e) = store
                .save_index_snapshot(source_id, revision, LAYOUT, &seg.to_bytes())
                .await
            {
                tracing::warn!(source.id = source_id, error = %e, "index snapshot not kept");
            }
        }
        Ok(seg)
    }

    /// The columns as bytes: a header (magic, record count, year buckets), then each column
    /// little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.len();
        let mut out = Vec::with_capacity(24 + n * (2 * SINGLE.len() + 4 * MULTI.len() + 4));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(n as u64).to_le_bytes());
        out.extend_from_slice(&(self.year_buckets as u64).to_le_bytes());
        for column in &self.single {
            column
                .iter()
                .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        }
        for column in self.multi.iter().chain([&self.keys]) {
            column
                .iter()
                .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        }
        out
    }

    /// The columns [`Segment::to_bytes`] wrote, or `None` if the bytes are not such columns.
    pub fn from_bytes(source_id: i64, revision: i64, bytes: &[u8]) -> Option<Segment> {
        let header = bytes.get(..24)?;
        if &header[..8] != MAGIC {
            return None;
        }
        let n = usize::try_from(u64::from_le_bytes(header[8..16].try_into().ok()?)).ok()?;
        let year_buckets =
            usize::try_from(u64::from_le_bytes(header[16..24].try_into().ok()?)).ok()?;
        let expected = n
            .checked_mul(2 * SINGLE.len() + 4 * MULTI.len() + 4)?
            .checked_add(24)?;
        if bytes.len() != expected || year_buckets == 0 || year_buckets > usize::from(u16::MAX) + 1
        {
            return None;
        }
        let mut rest = &bytes[24..];
        let mut take = |width: usize| {
            let (column, tail) = rest.split_at(n * width);
            rest = tail;
            column
        };
        let mut seg = Segment::empty(source_id, revision);
        seg.year_buckets = year_buckets;
        for column in seg.single.iter_mut() {
            *column = take(2)
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
        }
        let mut wide = || -> Vec<u32> {
            take(4)
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect()
        };
        for column in seg.multi.iter_mut() {
            *column = wide();
        }
        seg.keys = wide();
        // A year bucket beyond the count would index past the counters: not our bytes.
        let years = single_slot(Dimension::Year)?;
        if seg.single[years]
            .iter()
            .any(|b| usize::from(*b) >= year_buckets)
        {
            return None;
        }
        Some(seg)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_reads_back_as_the_segment_and_other_bytes_do_not() {
        let mut g = faro_formats::fictitious::Generator::new(9);
        let mut seg = Segment::empty(4, 2);
        (0..500u32).for_each(|i| seg.push(i.wrapping_mul(2_654_435_761), &g.record()));
        let bytes = seg.to_bytes();
        let back = Segment::from_bytes(4, 2, &bytes).expect("its own bytes");
        assert_eq!(back.single, seg.single);
        assert_eq!(back.multi, seg.multi);
        assert_eq!(back.keys, seg.keys);
        assert_eq!(back.year_buckets, seg.year_buckets);
        assert!(
            Segment::from_bytes(4, 2, &bytes[..bytes.len() - 1]).is_none(),
            "truncated"
        );
        assert!(Segment::from_bytes(4, 2, b"not a segment at all, no").is_none());
        let mut bad_year = bytes.clone();
        bad_year[16..24].copy_from_slice(&1u64.to_le_bytes());
        assert!(
            Segment::from_bytes(4, 2, &bad_year).is_none(),
            "years past the counters"
        );
        assert_eq!(
            Segment::from_bytes(4, 2, &Segment::empty(4, 2).to_bytes()).map(|s| s.len()),
            Some(0)
        );
    }
}
