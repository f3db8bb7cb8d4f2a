//! Filter and group-by over segments: select row indices column by column, then count.

use crate::segment::{Segment, YEAR_BASE, bucket, cardinality, multi_slot, single_slot};
use faro_domain::Filter;
use faro_domain::query::{DimValue, Dimension};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateRow {
    pub key: Vec<DimValue>,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregate {
    pub by: Vec<Dimension>,
    /// Non-zero groups, ordered by key (unknown last within each dimension).
    pub rows: Vec<AggregateRow>,
    /// Records that pass the filter, each counted once.
    pub total_records: u64,
    /// A record may fall into several groups, so the counts can add up to more than
    /// `total_records` (`specs/interfaces.md`).
    pub multi_valued: bool,
}

/// A filter compiled against the segment layout.
enum Pred {
    /// Keep rows whose bucket is marked in the table.
    Single { slot: usize, keep: Vec<bool> },
    Multi {
        slot: usize,
        mask: u32,
        unknown: bool,
    },
}

fn compile(filter: &Filter) -> (Vec<Pred>, Option<Vec<i64>>) {
    let mut preds = Vec::new();
    let mut sources = None;
    for (dim, sel) in filter.selections() {
        if *dim == Dimension::Source {
            sources = Some(sel.ids.clone());
        } else if let Some(slot) = multi_slot(*dim) {
            let mask = sel.ids.iter().fold(0u32, |m, i| m | (1 << i));
            preds.push(Pred::Multi {
                slot,
                mask,
                unknown: sel.unknown,
            });
        } else if let Some(slot) = single_slot(*dim) {
            let mut keep = vec![false; cardinality(*dim)];
            keep[0] = sel.unknown;
            if *dim == Dimension::Year {
                for (b, k) in keep.iter_mut().enumerate().skip(1) {
                    *k = sel.year_matches(b as u16 + YEAR_BASE);
                }
            } else {
                for id in &sel.ids {
                    if let Some(k) = keep.get_mut(bucket(*dim, Some(*id as u32)) as usize) {
                        *k = true;
                    }
                }
            }
            preds.push(Pred::Single { slot, keep });
        }
    }
    (preds, sources)
}

/// Row indices of `seg` that pass every predicate; the first predicate scans the whole
/// column, later ones only the survivors.
fn select(seg: &Segment, preds: &[Pred]) -> Vec<u32> {
    let mut rows: Option<Vec<u32>> = None;
    for pred in preds {
        let keep_row = |i: usize| match pred {
            Pred::Single { slot, keep } => keep[seg.single[*slot][i] as usize],
            Pred::Multi {
                slot,
                mask,
                unknown,
            } => {
                let bits = seg.multi[*slot][i];
                bits & mask != 0 || (*unknown && bits == 0)
            }
        };
        rows = Some(match rows {
            None => (0..seg.len())
                .filter(|i| keep_row(*i))
                .map(|i| i as u32)
                .collect(),
            Some(r) => r.into_iter().filter(|i| keep_row(*i as usize)).collect(),
        });
    }
    rows.unwrap_or_else(|| (0..seg.len() as u32).collect())
}

/// How one group-by dimension reads a row's buckets.
#[derive(Clone, Copy)]
enum Key {
    Single { slot: usize },
    Multi { slot: usize },
    Source,
}

pub(crate) fn run(segments: &[Arc<Segment>], by: &[Dimension], filter: &Filter) -> Aggregate {
    let (preds, sources) = compile(filter);
    let keys: Vec<Key> = by
        .iter()
        .map(|d| match (single_slot(*d), multi_slot(*d)) {
            (Some(slot), _) => Key::Single { slot },
            (_, Some(slot)) => Key::Multi { slot },
            _ => Key::Source,
        })
        .collect();
    let cards: Vec<usize> = by
        .iter()
        .map(|d| match d {
            Dimension::Source => segments.len() + 1,
            d if d.is_multi_valued() => d.codes().len() + 1,
            d => cardinality(*d),
        })
        .collect();
    let mut counts = Counts::new(&cards);
    let mut total = 0u64;
    let mut buckets: Vec<Vec<u16>> = vec![Vec::new(); by.len()];
    for (position, seg) in segments.iter().enumerate() {
        if sources
            .as_ref()
            .is_some_and(|s| !s.contains(&seg.source_id))
        {
            continue;
        }
        let rows = select(seg, &preds);
        total += rows.len() as u64;
        for i in rows {
            let i = i as usize;
            for (k, key) in keys.iter().enumerate() {
                let b = &mut buckets[k];
                b.clear();
                match key {
                    Key::Single { slot } => b.push(seg.single[*slot][i]),
                    Key::Source => b.push(position as u16 + 1),
                    Key::Multi { slot } => {
                        let bits = seg.multi[*slot][i];
                        if bits == 0 {
                            b.push(0);
                        } else {
                            (0..32)
                                .filter(|bit| bits & (1 << bit) != 0)
                                .for_each(|bit| b.push(bit + 1));
                        }
                    }
                }
            }
            counts.add_product(&buckets);
        }
    }
    let mut rows: Vec<(Vec<u16>, u64)> = counts.into_nonzero();
    rows.sort_by_key(|(k, _)| k.iter().map(|b| b.wrapping_sub(1)).collect::<Vec<_>>());
    let rows = rows
        .into_iter()
        .map(|(k, count)| AggregateRow {
            key: k
                .iter()
                .zip(by)
                .map(|(b, d)| value(*d, *b, segments))
                .collect(),
            count,
        })
        .collect();
    Aggregate {
        by: by.to_vec(),
        rows,
        total_records: total,
        multi_valued: by.iter().any(|d| d.is_multi_valued()),
    }
}

fn value(dim: Dimension, b: u16, segments: &[Arc<Segment>]) -> DimValue {
    if b == 0 {
        return DimValue::Unknown;
    }
    match dim {
        Dimension::Year => DimValue::Year(b + YEAR_BASE),
        Dimension::Source => segments
            .get(b as usize - 1)
            .map_or(DimValue::Unknown, |s| DimValue::Source(s.source_id)),
        d => d.value(b as u32 - 1),
    }
}

/// Group counters: a dense array when the key space is small, a hash map otherwise.
enum Counts {
    Dense { cards: Vec<usize>, counts: Vec<u64> },
    Sparse(HashMap<Vec<u16>, u64>),
}

const DENSE_LIMIT: usize = 1 << 22;

impl Counts {
    fn new(cards: &[usize]) -> Counts {
        let size = cards.iter().product::<usize>();
        if size <= DENSE_LIMIT {
            Counts::Dense {
                cards: cards.to_vec(),
                counts: vec![0; size.max(1)],
            }
        } else {
            Counts::Sparse(HashMap::new())
        }
    }

    /// Counts the row once in every combination of its buckets.
    fn add_product(&mut self, buckets: &[Vec<u16>]) {
        match self {
            Counts::Dense { cards, counts } => {
                if buckets.iter().all(|b| b.len() == 1) {
                    let mut at = 0;
                    for (b, card) in buckets.iter().zip(cards.iter()) {
                        at = at * card + b[0] as usize;
                    }
                    counts[at] += 1;
                } else {
                    for combo in product(buckets) {
                        let mut at = 0;
                        for (b, card) in combo.iter().zip(cards.iter()) {
                            at = at * card + *b as usize;
                        }
                        counts[at] += 1;
                    }
                }
            }
            Counts::Sparse(map) => {
                for combo in product(buckets) {
                    *map.entry(combo).or_default() += 1;
                }
            }
        }
    }

    fn into_nonzero(self) -> Vec<(Vec<u16>, u64)> {
        match self {
            Counts::Sparse(map) => map.into_iter().collect(),
            Counts::Dense { cards, counts } => counts
                .into_iter()
                .enumerate()
                .filter(|(_, c)| *c > 0)
                .map(|(mut at, c)| {
                    let mut key = vec![0u16; cards.len()];
                    for (k, card) in key.iter_mut().zip(cards.iter()).rev() {
                        *k = (at % card) as u16;
                        at /= card;
                    }
                    (key, c)
                })
                .collect(),
        }
    }
}

fn product(buckets: &[Vec<u16>]) -> Vec<Vec<u16>> {
    buckets.iter().fold(vec![Vec::new()], |acc, b| {
        acc.iter()
            .flat_map(|prefix| {
                b.iter().map(move |x| {
                    let mut p = prefix.clone();
                    p.push(*x);
                    p
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{MULTI, SINGLE};

    #[test]
    fn the_product_of_buckets_lists_every_combination() {
        assert_eq!(product(&[vec![1, 2], vec![5]]), [vec![1, 5], vec![2, 5]]);
        assert_eq!(product(&[]), [Vec::<u16>::new()]);
    }

    #[test]
    fn dense_keys_decode_to_the_buckets_they_were_counted_in() {
        let mut c = Counts::new(&[4, 3]);
        c.add_product(&[vec![3], vec![2]]);
        c.add_product(&[vec![1, 3], vec![0]]);
        let mut got = c.into_nonzero();
        got.sort();
        assert_eq!(got, [(vec![1, 0], 1), (vec![3, 0], 1), (vec![3, 2], 1)]);
    }

    #[test]
    fn both_layout_tables_are_covered() {
        assert_eq!(SINGLE.len() + MULTI.len() + 1, Dimension::ALL.len());
    }
}
