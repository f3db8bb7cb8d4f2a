//! Filter and group-by over segments: select row indices column by column, then count each
//! selected row into every combination of its buckets. Several group-bys under one filter (a
//! dashboard's charts) share one selection pass. Work is split across two threads; the inner
//! loops allocate nothing per row.

use crate::segment::{Segment, YEAR_BASE, bucket, cardinality, multi_slot, single_slot};
use faro_domain::Filter;
use faro_domain::query::{DimValue, Dimension};
use std::collections::HashMap;
use std::ops::Range;
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

impl Aggregate {
    /// No records: what a query over no sources answers.
    pub fn empty(by: &[Dimension]) -> Aggregate {
        Aggregate {
            by: by.to_vec(),
            rows: Vec::new(),
            total_records: 0,
            multi_valued: by.iter().any(|d| d.is_multi_valued()),
        }
    }
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

impl Pred {
    fn keeps(&self, seg: &Segment, i: usize) -> bool {
        match self {
            Pred::Single { slot, keep } => keep[seg.single[*slot][i] as usize],
            Pred::Multi {
                slot,
                mask,
                unknown,
            } => {
                let bits = seg.multi[*slot][i];
                bits & mask != 0 || (*unknown && bits == 0)
            }
        }
    }
}

/// A filter compiled once and shared by the worker threads.
struct Plan {
    preds: Vec<Pred>,
    sources: Option<Vec<i64>>,
}

/// One group-by compiled against the segment layout.
struct Grouping {
    keys: Vec<Key>,
    /// Multiplier of each key dimension's bucket in the combined key.
    strides: Vec<u64>,
    cards: Vec<usize>,
    dense: bool,
}

/// How one group-by dimension reads a row's buckets.
#[derive(Clone, Copy)]
enum Key {
    Single(usize),
    Multi(usize),
    Source,
}

/// Combined keys below this many use a dense counter array; above, a hash map.
const DENSE_LIMIT: usize = 1 << 22;
/// Below this many rows, a second thread costs more than it saves.
const PARALLEL_ROWS: usize = 200_000;

fn plan(segments: &[Arc<Segment>], filter: &Filter) -> Plan {
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
            let mut keep = vec![false; cardinality(*dim, segments)];
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
    Plan { preds, sources }
}

fn grouping(segments: &[Arc<Segment>], by: &[Dimension]) -> Grouping {
    let keys: Vec<Key> = by
        .iter()
        .map(|d| match (single_slot(*d), multi_slot(*d)) {
            (Some(slot), _) => Key::Single(slot),
            (_, Some(slot)) => Key::Multi(slot),
            _ => Key::Source,
        })
        .collect();
    let cards: Vec<usize> = by
        .iter()
        .map(|d| match d {
            Dimension::Source => segments.len() + 1,
            d if d.is_multi_valued() => d.codes().len() + 1,
            d => cardinality(*d, segments),
        })
        .collect();
    let mut strides = vec![1u64; cards.len()];
    for k in (0..cards.len().saturating_sub(1)).rev() {
        strides[k] = strides[k + 1] * cards[k + 1] as u64;
    }
    let dense = cards.iter().product::<usize>() <= DENSE_LIMIT;
    Grouping {
        keys,
        strides,
        cards,
        dense,
    }
}

/// Group counters keyed by the combined key.
enum Counts {
    Dense(Vec<u64>),
    Sparse(HashMap<u64, u64>),
}

impl Counts {
    fn new(plan: &Grouping) -> Counts {
        if plan.dense {
            let cells = plan.cards.iter().product::<usize>().max(1);
            Counts::Dense(vec![0; cells])
        } else {
            Counts::Sparse(HashMap::new())
        }
    }

    fn add(&mut self, at: u64) {
        match self {
            Counts::Dense(c) => c[at as usize] += 1,
            Counts::Sparse(m) => *m.entry(at).or_default() += 1,
        }
    }

    fn merge(&mut self, other: Counts) {
        match (self, other) {
            (Counts::Dense(a), Counts::Dense(b)) => {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
            }
            (Counts::Sparse(a), Counts::Sparse(b)) => b
                .into_iter()
                .for_each(|(at, n)| *a.entry(at).or_default() += n),
            _ => {}
        }
    }

    /// The non-empty groups: (combined key, count).
    fn nonzero(self) -> Vec<(u64, u64)> {
        match self {
            Counts::Dense(c) => c
                .into_iter()
                .enumerate()
                .filter(|(_, n)| *n > 0)
                .map(|(at, n)| (at as u64, n))
                .collect(),
            Counts::Sparse(m) => m.into_iter().collect(),
        }
    }
}

/// Counts one row in every combination of its buckets, from key dimension `k` on.
fn emit(
    plan: &Grouping,
    seg: &Segment,
    position: u32,
    i: usize,
    k: usize,
    at: u64,
    counts: &mut Counts,
) {
    let Some(key) = plan.keys.get(k) else {
        counts.add(at);
        return;
    };
    let stride = plan.strides[k];
    match *key {
        Key::Single(slot) => emit(
            plan,
            seg,
            position,
            i,
            k + 1,
            at + seg.single[slot][i] as u64 * stride,
            counts,
        ),
        Key::Source => emit(
            plan,
            seg,
            position,
            i,
            k + 1,
            at + position as u64 * stride,
            counts,
        ),
        Key::Multi(slot) => {
            let mut bits = seg.multi[slot][i];
            if bits == 0 {
                emit(plan, seg, position, i, k + 1, at, counts);
            }
            while bits != 0 {
                let bit = bits.trailing_zeros() as u64;
                emit(
                    plan,
                    seg,
                    position,
                    i,
                    k + 1,
                    at + (bit + 1) * stride,
                    counts,
                );
                bits &= bits - 1;
            }
        }
    }
}

/// One thread's share: row ranges of segments (with their 1-based positions).
type Work = Vec<(usize, Range<usize>)>;

/// What one thread counted: each grouping's groups, and the selected records' number.
type Counted = (Vec<Counts>, u64);

fn count(plan: &Plan, groupings: &[Grouping], segments: &[Arc<Segment>], work: &Work) -> Counted {
    let mut counts: Vec<Counts> = groupings.iter().map(Counts::new).collect();
    let mut total = 0u64;
    let mut selected: Vec<u32> = Vec::new();
    for (index, rows) in work {
        let seg = &segments[*index];
        // Sources are numbered from 1 in a u32: no count of sources can wrap it.
        let position = *index as u32 + 1;
        selected.clear();
        match plan.preds.split_first() {
            None => selected.extend(rows.start as u32..rows.end as u32),
            Some((first, rest)) => {
                selected.extend(
                    rows.clone()
                        .filter(|i| first.keeps(seg, *i))
                        .map(|i| i as u32),
                );
                for p in rest {
                    selected.retain(|i| p.keeps(seg, *i as usize));
                }
            }
        }
        total += selected.len() as u64;
        for (grouping, counts) in groupings.iter().zip(&mut counts) {
            if !count_flat(grouping, seg, &selected, counts) {
                for i in &selected {
                    emit(grouping, seg, position, *i as usize, 0, 0, counts);
                }
            }
        }
    }
    (counts, total)
}

/// Counts the selected rows of `seg` without [`emit`]'s recursion, for the group-bys a
/// dashboard asks most: one dimension, or a single-valued one then any other column. Adds
/// into the same cells as `emit` would; `false` (nothing counted) for any other shape.
fn count_flat(grouping: &Grouping, seg: &Segment, selected: &[u32], counts: &mut Counts) -> bool {
    let Counts::Dense(cells) = counts else {
        return false;
    };
    match grouping.keys.as_slice() {
        [key @ (Key::Single(_) | Key::Multi(_))] => {
            for i in selected {
                add_last(*key, seg, 0, *i as usize, cells);
            }
        }
        [Key::Single(first), key @ (Key::Single(_) | Key::Multi(_))] => {
            let stride = grouping.strides[0] as usize;
            let column = &seg.single[*first];
            for i in selected {
                let i = *i as usize;
                add_last(*key, seg, column[i] as usize * stride, i, cells);
            }
        }
        _ => return false,
    }
    true
}

/// Counts row `i` in the cells of the last key's column, offset by `base`.
#[inline(always)]
fn add_last(key: Key, seg: &Segment, base: usize, i: usize, cells: &mut [u64]) {
    let mut add = |at: usize| cells[at] += 1;
    match key {
        Key::Single(slot) => add(base + seg.single[slot][i] as usize),
        Key::Multi(slot) => {
            let mut bits = seg.multi[slot][i];
            if bits == 0 {
                add(base);
            }
            while bits != 0 {
                add(base + bits.trailing_zeros() as usize + 1);
                bits &= bits - 1;
            }
        }
        Key::Source => {}
    }
}

/// Splits the visible rows in two halves of about equal size.
fn split(plan: &Plan, segments: &[Arc<Segment>], parallel_rows: usize) -> (Work, Work) {
    let visible: Vec<(usize, usize)> = segments
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            plan.sources
                .as_ref()
                .is_none_or(|ids| ids.contains(&s.source_id))
        })
        .map(|(i, s)| (i, s.len()))
        .collect();
    let total: usize = visible.iter().map(|(_, n)| n).sum();
    let half = if total >= parallel_rows {
        total / 2
    } else {
        total
    };
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let mut taken = 0;
    for (i, n) in visible {
        let in_first = half.saturating_sub(taken).min(n);
        if in_first > 0 {
            first.push((i, 0..in_first));
        }
        if in_first < n {
            second.push((i, in_first..n));
        }
        taken += n;
    }
    (first, second)
}

/// One aggregate per group-by in `bys`, all over the records that pass `filter`.
pub(crate) fn run(
    segments: &[Arc<Segment>],
    bys: &[&[Dimension]],
    filter: &Filter,
) -> Vec<Aggregate> {
    run_many(segments, bys, filter, PARALLEL_ROWS)
}

#[cfg(test)]
fn run_with(
    segments: &[Arc<Segment>],
    by: &[Dimension],
    filter: &Filter,
    parallel_rows: usize,
) -> Aggregate {
    let mut one = run_many(segments, &[by], filter, parallel_rows);
    one.pop().expect("one aggregate per group-by")
}

fn run_many(
    segments: &[Arc<Segment>],
    bys: &[&[Dimension]],
    filter: &Filter,
    parallel_rows: usize,
) -> Vec<Aggregate> {
    let plan = plan(segments, filter);
    let groupings: Vec<Grouping> = bys.iter().map(|by| grouping(segments, by)).collect();
    let (first, second) = split(&plan, segments, parallel_rows);
    let ((mut counts, mut total), theirs) = std::thread::scope(|scope| {
        let helper = (!second.is_empty())
            .then(|| scope.spawn(|| count(&plan, &groupings, segments, &second)));
        let mine = count(&plan, &groupings, segments, &first);
        (mine, helper.map(|h| h.join()))
    });
    match theirs {
        Some(Ok((c, t))) => {
            counts.iter_mut().zip(c).for_each(|(a, b)| a.merge(b));
            total += t;
        }
        // A panic in the helper is a bug; surface it rather than answer with half the data.
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        None => {}
    }
    groupings
        .into_iter()
        .zip(counts)
        .zip(bys)
        .map(|((g, c), by)| finish(g, by, segments, c, total))
        .collect()
}

fn finish(
    plan: Grouping,
    by: &[Dimension],
    segments: &[Arc<Segment>],
    counts: Counts,
    total: u64,
) -> Aggregate {
    let mut rows: Vec<(Vec<u32>, u64)> = counts
        .nonzero()
        .into_iter()
        .map(|(at, n)| {
            let key = plan
                .strides
                .iter()
                .zip(&plan.cards)
                .map(|(stride, card)| ((at / stride) % *card as u64) as u32)
                .collect();
            (key, n)
        })
        .collect();
    rows.sort_by_key(|(k, _)| k.iter().map(|b| b.wrapping_sub(1)).collect::<Vec<_>>());
    Aggregate {
        by: by.to_vec(),
        rows: rows
            .into_iter()
            .map(|(k, count)| AggregateRow {
                key: k
                    .iter()
                    .zip(by)
                    .map(|(b, d)| value(*d, *b, segments))
                    .collect(),
                count,
            })
            .collect(),
        total_records: total,
        multi_valued: by.iter().any(|d| d.is_multi_valued()),
    }
}

fn value(dim: Dimension, b: u32, segments: &[Arc<Segment>]) -> DimValue {
    if b == 0 {
        return DimValue::Unknown;
    }
    match dim {
        Dimension::Year => DimValue::Year((b as u16).saturating_add(YEAR_BASE)),
        Dimension::Source => segments
            .get(b as usize - 1)
            .map_or(DimValue::Unknown, |s| DimValue::Source(s.source_id)),
        d => d.value(b - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{MULTI, SINGLE};

    #[test]
    fn the_segment_layout_holds_every_dimension_as_the_domain_classifies_it() {
        let (multi, single): (Vec<Dimension>, Vec<Dimension>) = Dimension::ALL
            .into_iter()
            .filter(|d| *d != Dimension::Source)
            .partition(|d| d.is_multi_valued());
        assert_eq!(MULTI.to_vec(), multi);
        assert_eq!(SINGLE.to_vec(), single);
    }

    fn segments() -> Vec<Arc<Segment>> {
        let mut g = faro_formats::fictitious::Generator::new(3);
        [(1, 1500), (2, 700), (5, 1)]
            .into_iter()
            .map(|(id, n)| {
                let mut seg = Segment::empty(id, 1);
                (0..n).for_each(|i: u32| seg.push(i.wrapping_mul(2_654_435_761), &g.record()));
                Arc::new(seg)
            })
            .collect()
    }

    #[test]
    fn two_threads_give_the_same_answer_as_one() {
        let segs = segments();
        let mut f = Filter::new();
        f.add(Dimension::Gender, "female,unknown").unwrap();
        for by in [
            "source,modality",
            "year",
            "citizenship,exploitation_country,year",
            "means_detail,labour,sex",
        ] {
            let by = faro_domain::query::parse_group_by(by).unwrap();
            let one = run_with(&segs, &by, &f, usize::MAX);
            let two = run_with(&segs, &by, &f, 0);
            assert_eq!(one, two, "{by:?}");
            assert!(one.total_records > 1000);
        }
    }

    #[test]
    fn several_group_bys_under_one_filter_answer_as_each_alone() {
        let segs = segments();
        let mut f = Filter::new();
        f.add(Dimension::Majority, "adult,unknown").unwrap();
        let bys: [&[Dimension]; 3] = [
            &[Dimension::Year, Dimension::Modality],
            &[],
            &[Dimension::Citizenship, Dimension::ExploitationCountry],
        ];
        let together = run_many(&segs, &bys, &f, 0);
        let alone: Vec<Aggregate> = bys
            .iter()
            .map(|by| run_with(&segs, by, &f, usize::MAX))
            .collect();
        assert_eq!(together, alone);
        assert!(together[0].rows.len() > 5);
    }

    /// The flat counting paths add into the same cells as the recursive one.
    #[test]
    fn flat_counting_agrees_with_the_general_path() {
        let segs = segments();
        let mut f = Filter::new();
        f.add(Dimension::Gender, "female,unknown").unwrap();
        for by in [
            "gender",
            "modality",
            "year,modality",
            "citizenship,exploitation_country",
            "age,labour",
        ] {
            let by = faro_domain::query::parse_group_by(by).unwrap();
            let flat = run_with(&segs, &by, &f, usize::MAX);
            let plan = plan(&segs, &f);
            let grouping = grouping(&segs, &by);
            let mut general = Counts::new(&grouping);
            for (position, seg) in segs.iter().enumerate() {
                for i in 0..seg.len() {
                    if plan.preds.iter().all(|p| p.keeps(seg, i)) {
                        emit(&grouping, seg, position as u32 + 1, i, 0, 0, &mut general);
                    }
                }
            }
            let flat_cells: Vec<(u64, u64)> = {
                let mut c = Counts::new(&grouping);
                let mut selected = Vec::new();
                for seg in &segs {
                    selected.clear();
                    selected.extend(
                        (0..seg.len() as u32)
                            .filter(|i| plan.preds.iter().all(|p| p.keeps(seg, *i as usize))),
                    );
                    assert!(
                        count_flat(&grouping, seg, &selected, &mut c),
                        "{by:?} has a flat path"
                    );
                }
                c.nonzero()
            };
            assert_eq!(flat_cells, general.nonzero(), "{by:?}");
            assert!(flat.total_records > 100);
        }
    }

    #[test]
    fn a_year_far_in_the_future_is_counted_not_a_crash() {
        let mut seg = Segment::empty(1, 1);
        for (key, year) in [(5, 2016), (7, 9000)] {
            seg.push(
                key,
                &faro_domain::Record {
                    year: faro_domain::Year::new(year, 9999).ok(),
                    ..Default::default()
                },
            );
        }
        let mut f = Filter::new();
        f.add(Dimension::Year, "9000..").unwrap();
        let got = run_with(&[Arc::new(seg)], &[Dimension::Year], &f, usize::MAX);
        assert_eq!(
            got.rows,
            [AggregateRow {
                key: vec![DimValue::Year(9000)],
                count: 1,
            }]
        );
    }

    /// The same people are counted the same however a query selects them: a group, a filter,
    /// or a filter on a value every record has.
    #[test]
    fn the_same_people_have_the_same_count_however_they_are_selected() {
        let segs = segments();
        let grouped = run_with(&segs, &[Dimension::Gender], &Filter::new(), 0);
        let female = grouped
            .rows
            .iter()
            .find(|r| r.key == [DimValue::Code("female")])
            .expect("women in the data");
        let mut only = Filter::new();
        only.add(Dimension::Gender, "female").unwrap();
        let filtered = run_with(&segs, &[], &only, 0);
        assert_eq!(filtered.total_records, female.count);
        only.add(Dimension::Source, "1,2,5").unwrap();
        let rephrased = run_with(&segs, &[Dimension::Gender], &only, usize::MAX);
        assert_eq!(rephrased.rows, std::slice::from_ref(female));
        let all: usize = segs.iter().map(|s| s.len()).sum();
        assert_eq!(
            run_with(&segs, &[], &Filter::new(), 0).total_records,
            all as u64
        );
    }

    /// The outside review: sources were numbered in a u16, so the 65,536th would wrap.
    #[test]
    fn more_sources_than_a_u16_holds_are_counted_apart() {
        let segs: Vec<Arc<Segment>> = (1..=70_000)
            .map(|id| {
                let mut seg = Segment::empty(id, 1);
                seg.push(id as u32, &faro_domain::Record::default());
                Arc::new(seg)
            })
            .collect();
        let got = run_with(&segs, &[Dimension::Source], &Filter::new(), usize::MAX);
        assert_eq!(got.rows.len(), 70_000);
        assert_eq!(
            got.rows.last().map(|r| r.key.clone()),
            Some(vec![DimValue::Source(70_000)])
        );
        assert!(got.rows.iter().all(|r| r.count == 1));
    }

    #[test]
    fn the_split_covers_every_row_once() {
        let segs = segments();
        let p = plan(&segs, &Filter::new());
        let (a, b) = split(&p, &segs, 0);
        let mut rows: Vec<(usize, usize)> = a
            .iter()
            .chain(&b)
            .flat_map(|(s, r)| r.clone().map(move |i| (*s, i)))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        assert_eq!(rows.len(), 2201);
        assert!(!a.is_empty() && !b.is_empty());
    }
}
