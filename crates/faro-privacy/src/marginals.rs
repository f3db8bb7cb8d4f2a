//! Differentially private marginals of one source: the counts every controlled reader gets.
//!
//! A release holds, for one source, a noisy count of every cell of every table of the
//! [`workload`] (the total, each dimension, each pair of dimensions) over a domain fixed in
//! advance (every year up to the release's, every code, every country, unknown), so that the
//! cells a release has say nothing of the data. Each count gets discrete Gaussian noise
//! (OpenDP's exact sampler, Canonne, Kamath and Steinke 2020) scaled to the table's
//! sensitivity, so that the whole release is ρ-zCDP for a person added or removed, which is
//! (ε, δ)-differentially private for the ε and δ it is made for.
//!
//! Everything a controlled reader sees is computed from releases alone ([`answer`]): a filter
//! sums cells, a list of sources sums releases, a small sum is not shown. That is
//! post-processing, so it costs nothing and leaks nothing beyond the releases: asking again,
//! asking differently, averaging many answers, many readers pooling theirs, or adding one's
//! own records to a question (each source is released on its own and summed after release)
//! all see the same fixed noisy numbers. Whether a combination exists is protected too: every
//! cell of the domain has a noisy count, empty or not, and which ones are shown depends only on
//! those noisy counts.
//!
//! A person with many values of a several-per-record dimension (the forms of exploitation,
//! the means of control) would move many cells of a table at once; each record counts with at
//! most [`bound`] of them, chosen by its random key, which bounds every table's sensitivity.

use crate::{Cell, PrivacyError, Table};
use faro_analytics::{SourceColumns, YEAR_BASE};
use faro_domain::query::{DimValue, Dimension, Selection};
use faro_domain::{Country, Filter};

/// The most values any several-per-record dimension counts a record with.
const MOST: usize = 5;

/// Values a record counts with in a several-per-record dimension: as many as nearly every
/// record has (generated and CTDC data: most victims with known means of control have 2 to 5
/// of the fine ones, and at most one sector, form of sexual exploitation or recruiter), since
/// a record with more is undercounted and each one more widens the noise of every table the
/// dimension is in.
pub fn bound(dim: Dimension) -> usize {
    match dim {
        Dimension::MeansDetail => MOST,
        Dimension::Means => 4,
        d if d.is_multi_valued() => 2,
        _ => 1,
    }
}

/// Dimensions a controlled answer may combine (group-by and filters together; `source` is
/// free, each source being released on its own).
pub const MAX_DIMENSIONS: usize = 2;

const MAGIC: &[u8; 8] = b"FAROMRG1";

#[derive(Debug, thiserror::Error)]
pub enum MarginalsError {
    #[error("ε and δ must be positive (ε {epsilon}, δ {delta}; δ below 1)")]
    Parameters { epsilon: f64, delta: f64 },
    #[error("no randomness for the noise: {0}")]
    Noise(String),
}

/// The dimensions a release crosses: every one but `source`.
pub fn dimensions() -> impl Iterator<Item = Dimension> {
    Dimension::ALL
        .into_iter()
        .filter(|d| *d != Dimension::Source)
}

/// The released tables, in a fixed order: the total, each dimension, each pair (in
/// [`Dimension::ALL`]'s order within a table).
pub fn workload() -> Vec<Vec<Dimension>> {
    let dims: Vec<Dimension> = dimensions().collect();
    let mut tables = vec![Vec::new()];
    tables.extend(dims.iter().map(|d| vec![*d]));
    for (i, a) in dims.iter().enumerate() {
        tables.extend(dims[i + 1..].iter().map(|b| vec![*a, *b]));
    }
    tables
}

/// The position in [`workload`] of the table over `dims` (in any order).
fn table_of(dims: &[Dimension]) -> Option<usize> {
    let mut sorted = dims.to_vec();
    sorted.sort_by_key(|d| *d as usize);
    sorted.dedup();
    workload().iter().position(|t| *t == sorted)
}

/// How many slots `dim` has in a release made in `last_year`: slot 0 is unknown (for a
/// several-per-record dimension: no value known), then each value (a year's slot is
/// `year − YEAR_BASE`, as the index buckets it).
fn domain(dim: Dimension, last_year: u16) -> usize {
    match dim {
        Dimension::Year => usize::from(last_year.saturating_sub(YEAR_BASE)) + 1,
        Dimension::Citizenship | Dimension::ExploitationCountry => Country::count() + 1,
        d => d.codes().len() + 1,
    }
}

fn value_of(dim: Dimension, slot: u16) -> DimValue {
    match (dim, slot) {
        (_, 0) => DimValue::Unknown,
        (Dimension::Year, s) => DimValue::Year(s + YEAR_BASE),
        (d, s) => d.value(u32::from(s) - 1),
    }
}

/// The squared L2 sensitivity of a table: how far one record moves it.
fn sensitivity_squared(dims: &[Dimension]) -> f64 {
    dims.iter().map(|d| bound(*d) as f64).product()
}

/// ρ of zCDP that gives (ε, δ)-differential privacy: ε = ρ + 2√(ρ ln 1/δ), solved for ρ.
pub fn rho(epsilon: f64, delta: f64) -> Result<f64, MarginalsError> {
    if !(epsilon.is_finite() && epsilon > 0.0 && delta > 0.0 && delta < 1.0) {
        return Err(MarginalsError::Parameters { epsilon, delta });
    }
    let l = (1.0 / delta).ln();
    Ok(((l + epsilon).sqrt() - l.sqrt()).powi(2))
}

/// The noise's scale for one unit of sensitivity: each table's standard deviation is this
/// times its sensitivity, which spends ρ evenly over the workload.
pub fn unit_scale(epsilon: f64, delta: f64) -> Result<f64, MarginalsError> {
    let total: f64 = workload().iter().map(|t| sensitivity_squared(t)).sum();
    Ok((total / (2.0 * rho(epsilon, delta)?)).sqrt())
}

/// A source's records as columns: what [`count`] reads (the index's [`SourceColumns`]).
pub trait Columns {
    /// Each record's random key.
    fn keys(&self) -> &[u32];
    /// Each record's bucket in a single-valued dimension (0 unknown, value id + 1, or
    /// year − [`YEAR_BASE`]).
    fn single(&self, dim: Dimension) -> Option<&[u16]>;
    /// Each record's yes-values in a multi-valued dimension, as a bit mask.
    fn multi(&self, dim: Dimension) -> Option<&[u32]>;
}

impl Columns for SourceColumns {
    fn keys(&self) -> &[u32] {
        SourceColumns::keys(self)
    }
    fn single(&self, dim: Dimension) -> Option<&[u16]> {
        SourceColumns::single(self, dim)
    }
    fn multi(&self, dim: Dimension) -> Option<&[u32]> {
        SourceColumns::multi(self, dim)
    }
}

/// Exact counts of one source over the workload's domains, before noise.
pub struct Counts {
    pub last_year: u16,
    pub tables: Vec<Vec<u64>>,
}

/// The slots one record counts in, per dimension of [`dimensions`].
struct Slots {
    slots: [u16; MOST],
    len: usize,
}

impl Slots {
    fn one(slot: u16) -> Slots {
        let mut slots = [0; MOST];
        slots[0] = slot;
        Slots { slots, len: 1 }
    }

    /// At most `most` of `bits`, starting from a position the record's key picks, so that no
    /// value is favoured over another when a record has more.
    fn bounded(bits: u32, key: u32, most: usize) -> Slots {
        if bits == 0 {
            return Slots::one(0);
        }
        let (mut slots, mut len) = ([0; MOST], 0);
        let start = key % 32;
        for k in 0..32 {
            let bit = (start + k) % 32;
            if bits & (1 << bit) != 0 && len < most {
                slots[len] = bit as u16 + 1;
                len += 1;
            }
        }
        Slots { slots, len }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots[..self.len].iter().map(|s| usize::from(*s))
    }
}

/// Counts every table of the workload over `columns`, each record bounded as [`bound`] says;
/// years after `last_year` count as unknown (the domain must not depend on the data).
pub fn count(columns: &impl Columns, last_year: u16) -> Counts {
    let dims: Vec<Dimension> = dimensions().collect();
    let tables = workload();
    let sizes: Vec<usize> = dims.iter().map(|d| domain(*d, last_year)).collect();
    let position = |d: Dimension| dims.iter().position(|x| *x == d).unwrap_or(0);
    let shapes: Vec<Vec<usize>> = tables
        .iter()
        .map(|t| t.iter().map(|d| position(*d)).collect())
        .collect();
    let mut counts: Vec<Vec<u64>> = shapes
        .iter()
        .map(|s| vec![0; s.iter().map(|i| sizes[*i]).product()])
        .collect();
    let keys = columns.keys();
    let empty_single = vec![0u16; keys.len()];
    let columns: Vec<Column> = dims
        .iter()
        .enumerate()
        .map(|(i, d)| match columns.multi(*d) {
            Some(bits) => Column::Multi(bits, bound(*d)),
            None => Column::Single(columns.single(*d).unwrap_or(&empty_single), sizes[i]),
        })
        .collect();
    let mut row: Vec<Slots> = Vec::with_capacity(dims.len());
    for (r, key) in keys.iter().enumerate() {
        row.clear();
        row.extend(columns.iter().map(|c| c.slots(r, *key)));
        for (shape, table) in shapes.iter().zip(counts.iter_mut()) {
            match shape.as_slice() {
                [] => table[0] += 1,
                [a] => row[*a].iter().for_each(|s| table[s] += 1),
                [a, b] => {
                    let width = sizes[*b];
                    for sa in row[*a].iter() {
                        for sb in row[*b].iter() {
                            table[sa * width + sb] += 1;
                        }
                    }
                }
                _ => unreachable!("the workload holds tables of at most two dimensions"),
            }
        }
    }
    Counts {
        last_year,
        tables: counts,
    }
}

enum Column<'a> {
    Single(&'a [u16], usize),
    /// Bit masks, and how many values each record counts with.
    Multi(&'a [u32], usize),
}

impl Column<'_> {
    fn slots(&self, row: usize, key: u32) -> Slots {
        match self {
            Column::Single(buckets, size) => {
                let b = buckets[row];
                Slots::one(if usize::from(b) < *size { b } else { 0 })
            }
            Column::Multi(bits, most) => Slots::bounded(bits[row], key, *most),
        }
    }
}

/// One source's released marginals: what is stored and what controlled answers are computed
/// from. Noisy counts may be negative; that keeps sums unbiased.
#[derive(Debug, Clone, PartialEq)]
pub struct Marginals {
    pub last_year: u16,
    pub epsilon: f64,
    pub delta: f64,
    /// The noise's standard deviation per unit of sensitivity ([`unit_scale`]).
    pub scale: f64,
    pub tables: Vec<Vec<i32>>,
}

/// Adds the noise: the release of `counts` at (`epsilon`, `delta`).
pub fn release(counts: &Counts, epsilon: f64, delta: f64) -> Result<Marginals, MarginalsError> {
    let scale = unit_scale(epsilon, delta)?;
    let mut tables = Vec::with_capacity(counts.tables.len());
    for (dims, exact) in workload().iter().zip(&counts.tables) {
        let sigma = scale * sensitivity_squared(dims).sqrt();
        let sigma = dashu::rational::RBig::try_from(sigma)
            .map_err(|e| MarginalsError::Noise(e.to_string()))?;
        let mut noisy = Vec::with_capacity(exact.len());
        for count in exact {
            let drawn = opendp::traits::samplers::sample_discrete_gaussian(sigma.clone())
                .map_err(|e| MarginalsError::Noise(e.to_string()))?;
            let drawn = i64::try_from(drawn).map_err(|e| MarginalsError::Noise(e.to_string()))?;
            let value = i64::try_from(*count)
                .unwrap_or(i64::MAX)
                .saturating_add(drawn);
            noisy.push(value.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
        }
        tables.push(noisy);
    }
    Ok(Marginals {
        last_year: counts.last_year,
        epsilon,
        delta,
        scale,
        tables,
    })
}

impl Marginals {
    /// The stored form: a header, then every cell as a little-endian `i32`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let cells: usize = self.tables.iter().map(Vec::len).sum();
        let mut out = Vec::with_capacity(34 + 4 * cells);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.last_year.to_le_bytes());
        for x in [self.epsilon, self.delta, self.scale] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        for cell in self.tables.iter().flatten() {
            out.extend_from_slice(&cell.to_le_bytes());
        }
        out
    }

    /// The release stored as `bytes`, or `None` when they are not one of this layout (an
    /// older vocabulary, another format): the source is then released again.
    pub fn from_bytes(bytes: &[u8]) -> Option<Marginals> {
        let header = bytes.get(..34)?;
        if &header[..8] != MAGIC {
            return None;
        }
        let last_year = u16::from_le_bytes(header[8..10].try_into().ok()?);
        let float = |at: usize| Some(f64::from_le_bytes(header[at..at + 8].try_into().ok()?));
        let (epsilon, delta, scale) = (float(10)?, float(18)?, float(26)?);
        let dims: Vec<Dimension> = dimensions().collect();
        let sizes: Vec<usize> = workload()
            .iter()
            .map(|t| t.iter().map(|d| domain(*d, last_year)).product())
            .collect();
        if bytes.len() != 34 + 4 * sizes.iter().sum::<usize>() || dims.is_empty() {
            return None;
        }
        let mut cells = bytes[34..]
            .chunks_exact(4)
            .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let tables = sizes
            .iter()
            .map(|n| cells.by_ref().take(*n).collect())
            .collect();
        Some(Marginals {
            last_year,
            epsilon,
            delta,
            scale,
            tables,
        })
    }
}

/// What a controlled answer says of its noise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Noise {
    /// A shown count is within this of the true count 95 times in 100 (the largest over the
    /// table's cells).
    pub margin: u64,
    /// Counts below this are not shown (never below the policy's threshold).
    pub shown_from: u64,
}

/// Why a controlled question cannot be answered from the releases.
fn too_narrow(dimensions: usize) -> PrivacyError {
    PrivacyError::TooNarrow {
        dimensions,
        limit: MAX_DIMENSIONS,
    }
}

/// The table `by` under `filter`, computed from `releases` alone (one per source the
/// question covers): the sum of each cell over the filter's values and the sources, shown
/// when it reaches the larger of `threshold` and a bound under which an empty cell's noise
/// rarely reaches (so that few combinations that do not exist are listed).
pub fn answer(
    releases: &[&Marginals],
    by: &[Dimension],
    filter: &Filter,
    threshold: u64,
) -> Result<(Table, Noise), PrivacyError> {
    let selections: Vec<&(Dimension, Selection)> = filter
        .selections()
        .iter()
        .filter(|(d, _)| *d != Dimension::Source)
        .collect();
    for (dim, sel) in &selections {
        if dim.is_multi_valued() && (sel.ids.len() > 1 || by.contains(dim)) {
            return Err(PrivacyError::OneValueAtATime { dimension: *dim });
        }
    }
    let mut dims: Vec<Dimension> = by
        .iter()
        .copied()
        .chain(selections.iter().map(|(d, _)| *d))
        .collect();
    dims.sort_by_key(|d| *d as usize);
    dims.dedup();
    let t = table_of(&dims).ok_or(too_narrow(dims.len()))?;
    let rows = sum(releases, t, &dims, by, &selections);
    let total_dims: Vec<Dimension> = selections.iter().map(|(d, _)| *d).collect();
    let total_table = table_of(&total_dims).ok_or(too_narrow(total_dims.len()))?;
    let total = sum(releases, total_table, &total_dims, &[], &selections);
    let z = |cells: usize| (2.0 * (10.0 * cells.max(1) as f64).ln()).sqrt();
    let z_cells = z(rows.len());
    let shown_from = |var: f64, z: f64| threshold.max((z * var.sqrt()).ceil() as u64);
    let mut margin = 0.0f64;
    let mut floor = threshold;
    let mut cells: Vec<(Vec<u16>, u64)> = Vec::new();
    for (key, value, var) in rows {
        let from = shown_from(var, z_cells);
        floor = floor.max(from);
        margin = margin.max(1.96 * var.sqrt());
        if value >= 0 && value as u64 >= from {
            cells.push((key, value as u64));
        }
    }
    // Unknown last within each dimension, as exact tables order them.
    cells.sort_by_key(|(k, _)| k.iter().map(|s| s.wrapping_sub(1)).collect::<Vec<u16>>());
    let total_records = total.into_iter().next().and_then(|(_, value, var)| {
        (value >= 0 && value as u64 >= shown_from(var, z(1))).then_some(value as u64)
    });
    let table = Table {
        by: by.to_vec(),
        rows: cells
            .into_iter()
            .map(|(key, count)| Cell {
                key: by.iter().zip(&key).map(|(d, s)| value_of(*d, *s)).collect(),
                count: Some(count),
            })
            .collect(),
        total_records,
        multi_valued: by.iter().any(|d| d.is_multi_valued()),
        controlled: true,
        noise: None,
        releases: Vec::new(),
    };
    let noise = Noise {
        margin: margin.ceil() as u64,
        shown_from: floor,
    };
    Ok((table, noise))
}

/// Sums table `t` (over `dims`) of every release into the cells of `by`, keeping what
/// `selections` keeps; each key's noisy sum and its noise's variance.
fn sum(
    releases: &[&Marginals],
    t: usize,
    dims: &[Dimension],
    by: &[Dimension],
    selections: &[&(Dimension, Selection)],
) -> Vec<(Vec<u16>, i64, f64)> {
    let variance_unit = sensitivity_squared(&workload()[t]);
    // The answer's cells, dense: the largest domain of each `by` dimension over the releases
    // (a later release has more years).
    let out_sizes: Vec<usize> = by
        .iter()
        .map(|d| {
            releases
                .iter()
                .map(|r| domain(*d, r.last_year))
                .max()
                .unwrap_or(1)
        })
        .collect();
    let cells: usize = out_sizes.iter().product();
    let (mut values, mut variances) = (vec![0i64; cells], vec![0f64; cells]);
    let mut seen = vec![false; cells];
    let by_pos: Vec<usize> = by
        .iter()
        .map(|d| dims.iter().position(|x| x == d).unwrap_or(0))
        .collect();
    for release in releases {
        let sizes: Vec<usize> = dims.iter().map(|d| domain(*d, release.last_year)).collect();
        let keep: Vec<Vec<bool>> = dims
            .iter()
            .zip(&sizes)
            .map(|(d, n)| kept(*d, *n, selections))
            .collect();
        let var = release.scale.powi(2) * variance_unit;
        let mut slots = vec![0usize; dims.len()];
        for (cell, value) in release.tables[t].iter().enumerate() {
            let mut rest = cell;
            for i in (0..dims.len()).rev() {
                slots[i] = rest % sizes[i];
                rest /= sizes[i];
            }
            if slots.iter().zip(&keep).all(|(s, k)| k[*s]) {
                let at = by_pos
                    .iter()
                    .zip(&out_sizes)
                    .fold(0, |at, (p, n)| at * n + slots[*p]);
                values[at] += i64::from(*value);
                variances[at] += var;
                seen[at] = true;
            }
        }
    }
    (0..cells)
        .filter(|at| seen[*at] || by.is_empty())
        .map(|at| {
            let mut rest = at;
            let mut key = vec![0u16; by.len()];
            for i in (0..by.len()).rev() {
                key[i] = (rest % out_sizes[i]) as u16;
                rest /= out_sizes[i];
            }
            (key, values[at], variances[at])
        })
        .collect()
}

/// Which of `dim`'s `n` slots the filter keeps (all of them when it does not filter `dim`).
fn kept(dim: Dimension, n: usize, selections: &[&(Dimension, Selection)]) -> Vec<bool> {
    let Some((_, sel)) = selections.iter().find(|(d, _)| *d == dim) else {
        return vec![true; n];
    };
    (0..n)
        .map(|slot| match value_of(dim, slot as u16) {
            DimValue::Unknown => sel.unknown,
            DimValue::Year(y) => sel.year_matches(y),
            _ => sel.ids.contains(&(slot as i64 - 1)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_domain::Record;
    use std::collections::HashMap;

    /// Records as the index would hold them.
    #[derive(Default)]
    struct Held {
        keys: Vec<u32>,
        single: HashMap<Dimension, Vec<u16>>,
        multi: HashMap<Dimension, Vec<u32>>,
    }

    impl Held {
        fn push(&mut self, key: u32, record: &Record) {
            self.keys.push(key);
            for dim in dimensions() {
                if dim.is_multi_valued() {
                    self.multi
                        .entry(dim)
                        .or_default()
                        .push(dim.value_bits(record));
                } else {
                    let bucket = match (dim, dim.value_id(record)) {
                        (_, None) => 0,
                        (Dimension::Year, Some(y)) => (y as u16).saturating_sub(YEAR_BASE),
                        (_, Some(v)) => v as u16 + 1,
                    };
                    self.single.entry(dim).or_default().push(bucket);
                }
            }
        }

        fn fictitious(seed: u64, n: u32) -> Held {
            let mut g = faro_formats::fictitious::Generator::new(seed);
            let mut held = Held::default();
            (0..n).for_each(|i| held.push(i.wrapping_mul(2_654_435_761), &g.record()));
            held
        }
    }

    impl Columns for Held {
        fn keys(&self) -> &[u32] {
            &self.keys
        }
        fn single(&self, dim: Dimension) -> Option<&[u16]> {
            self.single.get(&dim).map(Vec::as_slice)
        }
        fn multi(&self, dim: Dimension) -> Option<&[u32]> {
            self.multi.get(&dim).map(Vec::as_slice)
        }
    }

    #[test]
    fn rho_gives_back_the_epsilon_it_was_made_for() {
        for (epsilon, delta) in [(8.0, 1e-6), (1.0, 1e-9), (40.0, 1e-6)] {
            let rho = rho(epsilon, delta).unwrap();
            let back = rho + 2.0 * (rho * (1.0 / delta).ln()).sqrt();
            assert!((back - epsilon).abs() < 1e-9, "{epsilon}: {back}");
        }
        assert!(rho(0.0, 1e-6).is_err() && rho(1.0, 0.0).is_err() && rho(1.0, 1.0).is_err());
    }

    #[test]
    fn the_workload_is_every_table_of_at_most_two_dimensions_but_source() {
        let w = workload();
        let d = dimensions().count();
        assert_eq!(w.len(), 1 + d + d * (d - 1) / 2);
        assert!(w.iter().all(|t| !t.contains(&Dimension::Source)));
        assert_eq!(
            table_of(&[Dimension::ExploitationCountry, Dimension::Citizenship]),
            table_of(&[Dimension::Citizenship, Dimension::ExploitationCountry])
        );
        assert!(table_of(&[Dimension::Year, Dimension::Gender, Dimension::Age]).is_none());
    }

    #[test]
    fn counts_are_exact_and_bounded_per_record() {
        let held = Held::fictitious(3, 2_000);
        let counts = count(&held, 2026);
        assert_eq!(counts.tables[0], vec![2_000], "the total");
        let w = workload();
        for (dims, table) in w.iter().zip(&counts.tables) {
            let sum: u64 = table.iter().sum();
            let most = dims.iter().map(|d| bound(*d) as u64).product::<u64>();
            assert!(sum >= 2_000 && sum <= 2_000 * most, "{dims:?}: {sum}");
        }
        // A single-valued table counts each record once, in its own cell.
        let gender = table_of(&[Dimension::Gender]).unwrap();
        let buckets = held.single(Dimension::Gender).unwrap();
        for (slot, n) in counts.tables[gender].iter().enumerate() {
            assert_eq!(
                *n,
                buckets.iter().filter(|b| usize::from(**b) == slot).count() as u64
            );
        }
        // A record with more values than the bound counts with exactly the bound.
        assert_eq!(Slots::bounded(0b1111, 7, 2).len, 2);
        assert_eq!(Slots::bounded(0b11_1111, 7, 5).len, 5);
        assert_eq!(Slots::bounded(0b0100, 7, 2).iter().collect::<Vec<_>>(), [3]);
        assert_eq!(Slots::bounded(0, 7, 2).iter().collect::<Vec<_>>(), [0]);
        assert!(Dimension::ALL.iter().all(|d| bound(*d) <= MOST));
        // Which values a record with too many keeps depends on its key, not on their order.
        let kept = |key| Slots::bounded(0b1111, key, 2).iter().collect::<Vec<_>>();
        assert_ne!(kept(0), kept(2));
    }

    #[test]
    fn a_release_reads_back_and_other_bytes_do_not() {
        let held = Held::fictitious(4, 300);
        let m = release(&count(&held, 2026), 8.0, 1e-6).unwrap();
        let bytes = m.to_bytes();
        assert_eq!(Marginals::from_bytes(&bytes), Some(m.clone()));
        assert_eq!(Marginals::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Marginals::from_bytes(b"FAROSEG1 not a release"), None);
        // Every cell of the domain has a count, empty or not.
        let cells: usize = workload()
            .iter()
            .map(|t| t.iter().map(|d| domain(*d, 2026)).product::<usize>())
            .sum();
        assert_eq!(m.tables.iter().map(Vec::len).sum::<usize>(), cells);
    }

    /// The noise of each table has the standard deviation the budget sets.
    #[test]
    fn the_noise_has_the_scale_the_budget_sets() {
        let held = Held::fictitious(5, 100);
        let counts = count(&held, 2026);
        let m = release(&counts, 8.0, 1e-6).unwrap();
        assert!((m.scale - unit_scale(8.0, 1e-6).unwrap()).abs() < 1e-12);
        let routes = table_of(&[Dimension::Citizenship, Dimension::ExploitationCountry]).unwrap();
        let diffs: Vec<f64> = m.tables[routes]
            .iter()
            .zip(&counts.tables[routes])
            .map(|(n, e)| f64::from(*n) - *e as f64)
            .collect();
        let n = diffs.len() as f64;
        let mean = diffs.iter().sum::<f64>() / n;
        let sd = (diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        assert!(mean.abs() < 6.0 * m.scale / n.sqrt(), "mean {mean}");
        assert!((sd / m.scale - 1.0).abs() < 0.03, "sd {sd} vs {}", m.scale);
    }

    /// What any number of questions by any number of readers can learn of a count of 1–10
    /// from a release: its noisy cell. How often that cell is the count (about 4 % at the
    /// default σ), and how often rounding it into 1–10 is (about 14 %, against 10 % for a blind
    /// guess), are the noise's and nothing more.
    #[test]
    fn a_released_cell_tells_a_small_count_no_better_than_the_noise() {
        let scale = unit_scale(8.0, 1e-6).unwrap();
        let sigma = dashu::rational::RBig::try_from(scale).unwrap();
        let (trials, mut exact, mut clamped) = (20_000, 0, 0);
        for t in 0..trials {
            let truth = 1 + (t % 10) as i64;
            let noise = opendp::traits::samplers::sample_discrete_gaussian(sigma.clone())
                .map(|n| i64::try_from(n).unwrap())
                .unwrap();
            exact += usize::from(noise == 0);
            clamped += usize::from((truth + noise).clamp(1, 10) == truth);
        }
        let rate = |n: usize| n as f64 / f64::from(trials);
        // A guess spread evenly over the noise's 95 % interval is right 1/(2·1.96σ + 1) of
        // the time; the released cell's own rate is the discrete Gaussian's mass at 0.
        let interval = 1.0 / (2.0 * 1.96 * scale + 1.0);
        eprintln!(
            "σ {scale:.2}: the released cell is the count in {:.1}% (a guess in the 95% interval: {:.1}%); rounded into 1–10 knowing the range, {:.1}% (a blind guess: 10%)",
            100.0 * rate(exact),
            100.0 * interval,
            100.0 * rate(clamped)
        );
        assert!(rate(exact) < 0.06, "{}", rate(exact));
        assert!(rate(clamped) < 0.2, "{}", rate(clamped));
    }
}
