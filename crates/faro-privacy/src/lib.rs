//! Statistical disclosure control: the only way a count reaches someone who may not read
//! every record behind it.
//!
//! [`release`] takes the reader's access context and an exact [`Aggregate`] and gives a
//! [`Released`] table, the one type the API, the pages and publishing render counts from.
//! A reader who may read every record behind the answer (an analyst, operator or admin
//! asking about their own organisation, or the instance operator) gets exact counts. Anyone
//! else (viewers, case workers, any answer that includes another organisation's shared
//! source) gets a controlled table:
//!
//! - **Small cells are hidden.** A cell of fewer than `threshold` people (CTDC's k = 11) has
//!   no count; the total is hidden likewise.
//! - **Shown counts are perturbed consistently** by the cell key method (the Australian Bureau
//!   of Statistics' TableBuilder): every record carries a random 32-bit key, a cell's key is
//!   the sum of its records' keys, and the perturbation is a function of the cell's count and
//!   key. The same set of people always gets the same answer however the query selects them,
//!   so asking again, or differently, reveals nothing new. The noise is bounded (at most
//!   `max_noise` either way), unbiased (symmetric), and triangular: with `max_noise` = 3 its
//!   variance is 2.5. Since `threshold` > `max_noise`, a shown count is never below 1.
//! - **Totals** are perturbed with the key of all the records they count, independently of
//!   the cells, so a hidden cell cannot be had by subtracting the shown ones from the total
//!   (the difference carries the noise of every term).
//! - **Narrow queries are refused**: a controlled query may combine at most `max_dimensions`
//!   dimensions, group-by and filters together, a year range and a list of sources included.
//!
//! Cell keys stop plain differencing and repeated asking; they do not stop an attacker who
//! averages many *different* queries that all contain the same hidden count (Asghar &
//! Kaafar, PETS 2020). The daily query budget, which the caller enforces with
//! [`Policy::daily_queries`] before it releases a controlled table, bounds that.

pub mod dp;
pub mod general;
pub mod kanon;
pub mod synth;
pub mod utility;

use faro_analytics::{Aggregate, AggregateRow, HotCell};
use faro_domain::query::{DimValue, Dimension};
use faro_domain::{AccessContext, AggregateScope, Filter, Purpose};

/// The instance's disclosure control settings.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Cells of fewer people than this are hidden (CTDC's k).
    pub threshold: u64,
    /// The largest perturbation of a shown count, either way.
    pub max_noise: u32,
    /// Controlled queries a reader may ask per UTC day.
    pub daily_queries: u32,
    /// Dimensions a controlled query may combine (group-by and filters together).
    pub max_dimensions: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            threshold: 11,
            max_noise: 3,
            daily_queries: 10,
            max_dimensions: 3,
        }
    }
}

impl Policy {
    /// Whether the settings protect anyone; the message names the setting and the fix.
    pub fn check(&self) -> Result<(), faro_domain::Message> {
        use faro_domain::{Message, problem};
        if self.threshold < 2 {
            let said = Message::new(problem::PRIVACY_THRESHOLD).with("value", self.threshold);
            return Err(said);
        }
        if self.max_noise == 0 || u64::from(self.max_noise) >= self.threshold {
            return Err(Message::new(problem::PRIVACY_NOISE)
                .with("value", self.max_noise)
                .with("threshold", self.threshold));
        }
        if self.max_dimensions == 0 || self.daily_queries == 0 {
            return Err(Message::new(problem::PRIVACY_LIMITS));
        }
        Ok(())
    }
}

/// Why a controlled query is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrivacyError {
    #[error(
        "this query combines {dimensions} dimensions (group-by and filters together, years and `source` included); at most {limit} are answered for readers who may not read the records, so that no one can be singled out: drop a dimension"
    )]
    TooNarrow { dimensions: usize, limit: usize },
}

/// Whether a reader gets exact counts or a controlled table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Exact,
    Controlled,
}

/// Exact only for a reader who may read every record behind the answer: the instance
/// operator, or a reader with the right to read records asking about their own organisation.
pub fn control(ctx: &AccessContext, scope: AggregateScope) -> Control {
    if ctx.is_instance() || (ctx.may(Purpose::Records) && scope == AggregateScope::Own) {
        Control::Exact
    } else {
        Control::Controlled
    }
}

/// The dimensions a query combines, as the limit counts them: every one that narrows the set
/// of people, a year range and a list of sources included (slicing by one year, or adding
/// one's own source, was a free dimension that rebuilt people from released counts).
pub fn dimensions_used(by: &[Dimension], filter: &Filter) -> usize {
    let mut used: Vec<Dimension> = by
        .iter()
        .copied()
        .chain(filter.selections().iter().map(|(d, _)| *d))
        .collect();
    used.sort_by_key(|d| d.id());
    used.dedup();
    used.len()
}

/// Refuses a controlled query that combines too many dimensions.
pub fn check_query(
    control: Control,
    by: &[Dimension],
    filter: &Filter,
    policy: &Policy,
) -> Result<(), PrivacyError> {
    let dimensions = dimensions_used(by, filter);
    if control == Control::Controlled && dimensions > policy.max_dimensions {
        return Err(PrivacyError::TooNarrow {
            dimensions,
            limit: policy.max_dimensions,
        });
    }
    Ok(())
}

/// A result that may leave Faro: only [`release`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released<T>(T);

impl<T> Released<T> {
    pub fn get(&self) -> &T {
        &self.0
    }
}

/// A released table: counts as the reader may see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub by: Vec<Dimension>,
    pub rows: Vec<Cell>,
    /// `None` when the selection holds fewer than `threshold` people.
    pub total_records: Option<u64>,
    /// A record may count in several cells (multi-valued dimensions).
    pub multi_valued: bool,
    /// Whether disclosure control applied (`specs/interfaces.md`).
    pub controlled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub key: Vec<DimValue>,
    /// `None`: hidden (fewer than `threshold` people).
    pub count: Option<u64>,
}

/// The table `ctx` may see of `aggregate`, which must have been counted over `scope`.
pub fn release(
    ctx: &AccessContext,
    scope: AggregateScope,
    aggregate: Aggregate,
    policy: &Policy,
) -> Released<Table> {
    let controlled = control(ctx, scope) == Control::Controlled;
    let shown = |count: u64, key: u32| shown(controlled, count, key, policy);
    Released(Table {
        by: aggregate.by,
        rows: aggregate
            .rows
            .into_iter()
            .map(
                |AggregateRow {
                     key,
                     count,
                     cell_key,
                 }| Cell {
                    count: shown(count, cell_key),
                    key,
                },
            )
            .collect(),
        total_records: shown(aggregate.total_records, aggregate.total_key),
        multi_valued: aggregate.multi_valued,
        controlled,
    })
}

/// A count as a reader sees it: exact, hidden below the threshold, or perturbed.
fn shown(controlled: bool, count: u64, key: u32, policy: &Policy) -> Option<u64> {
    if !controlled {
        Some(count)
    } else if count < policy.threshold {
        None
    } else {
        Some(count.saturating_add_signed(perturbation(count, key, policy.max_noise)))
    }
}

/// The finest H3 resolution a controlled reader gets (cells of about 250 km²): a hidden cell
/// still says that someone reported there, and a finer one would say where too closely.
pub const CONTROLLED_MAX_RESOLUTION: u8 = 5;

/// Released hotspots: grid cells as the reader may see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hotspots {
    pub resolution: u8,
    pub cells: Vec<HotspotCell>,
    /// `None` when there are too few points to show.
    pub total: Option<u64>,
    pub controlled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotspotCell {
    pub cell: HotCell,
    /// `None`: hidden (fewer than `threshold` points).
    pub count: Option<u64>,
}

/// The resolution a reader may ask for: a controlled reader never gets cells finer than
/// [`CONTROLLED_MAX_RESOLUTION`].
pub fn hotspot_resolution(ctx: &AccessContext, scope: AggregateScope, asked: u8) -> u8 {
    match control(ctx, scope) {
        Control::Exact => asked,
        Control::Controlled => asked.min(CONTROLLED_MAX_RESOLUTION),
    }
}

/// The hotspots `ctx` may see of `cells`, counted at `resolution` over `scope`, under the same
/// control as a table's cells.
pub fn release_hotspots(
    ctx: &AccessContext,
    scope: AggregateScope,
    resolution: u8,
    cells: Vec<HotCell>,
    policy: &Policy,
) -> Released<Hotspots> {
    let controlled = control(ctx, scope) == Control::Controlled;
    let total = cells.iter().map(|c| c.count).sum();
    let total_key = cells.iter().fold(0u32, |k, c| k.wrapping_add(c.cell_key));
    Released(Hotspots {
        resolution,
        total: shown(controlled, total, total_key, policy),
        cells: cells
            .into_iter()
            .map(|cell| HotspotCell {
                count: shown(controlled, cell.count, cell.cell_key, policy),
                cell,
            })
            .collect(),
        controlled,
    })
}

/// The perturbation of a cell of `count` people whose key is `cell_key`: a value in
/// `-max_noise..=max_noise`, triangular (weight `max_noise + 1 - |j|`), so unbiased. A
/// function of the cell alone, so the same people always get the same value.
pub fn perturbation(count: u64, cell_key: u32, max_noise: u32) -> i64 {
    let d = i64::from(max_noise);
    let total = ((d + 1) * (d + 1)) as u64;
    let mut u = (mix(u64::from(cell_key) << 32 ^ count) % total) as i64;
    for j in -d..=d {
        let weight = d + 1 - j.abs();
        if u < weight {
            return j;
        }
        u -= weight;
    }
    0
}

/// SplitMix64's finaliser: spreads the cell key and count over 64 bits.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_domain::{OrganisationId, Role};

    fn table(rows: &[(u64, u32)], total: (u64, u32)) -> Aggregate {
        Aggregate {
            by: vec![Dimension::Gender],
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (count, cell_key))| AggregateRow {
                    key: vec![DimValue::Year(2000 + i as u16)],
                    count: *count,
                    cell_key: *cell_key,
                })
                .collect(),
            total_records: total.0,
            total_key: total.1,
            multi_valued: false,
        }
    }

    #[test]
    fn the_perturbation_is_bounded_unbiased_and_a_function_of_the_cell() {
        let (mut sum, mut squares, n) = (0i64, 0i64, 200_000u32);
        for key in 0..n {
            let p = perturbation(50, key.wrapping_mul(2_654_435_761), 3);
            assert!((-3..=3).contains(&p));
            sum += p;
            squares += p * p;
        }
        let mean = sum as f64 / f64::from(n);
        let variance = squares as f64 / f64::from(n);
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((variance - 2.5).abs() < 0.05, "variance {variance}");
        assert_eq!(perturbation(50, 7, 3), perturbation(50, 7, 3));
        let differs = (0..100).filter(|k| perturbation(50, *k, 3) != perturbation(51, *k, 3));
        assert!(differs.count() > 50, "count and key both matter");
    }

    #[test]
    fn exact_readers_get_exact_counts_and_others_a_controlled_table() {
        let org = OrganisationId(1);
        let analyst = AccessContext::member(org, Role::Analyst);
        let viewer = AccessContext::member(org, Role::Viewer);
        let policy = Policy::default();
        let aggregate = table(&[(3, 17), (40, 99), (11, 5)], (54, 121));
        let exact = release(&analyst, AggregateScope::Own, aggregate.clone(), &policy);
        assert!(!exact.get().controlled);
        let counts: Vec<_> = exact.get().rows.iter().map(|c| c.count).collect();
        assert_eq!(counts, [Some(3), Some(40), Some(11)]);
        assert_eq!(exact.get().total_records, Some(54));
        for (ctx, scope) in [
            (&viewer, AggregateScope::Own),
            (&analyst, AggregateScope::Hub),
        ] {
            let controlled = release(ctx, scope, aggregate.clone(), &policy);
            let t = controlled.get();
            assert!(t.controlled);
            assert_eq!(t.rows[0].count, None, "3 < 11: hidden");
            let forty = t.rows[1].count.expect("shown");
            assert!(forty.abs_diff(40) <= 3 && t.rows[2].count.is_some_and(|c| c >= 8));
            assert_eq!(
                t.rows[1].count,
                Some(40u64.saturating_add_signed(perturbation(40, 99, 3)))
            );
            assert!(t.total_records.is_some_and(|n| n.abs_diff(54) <= 3));
        }
        let small = release(
            &viewer,
            AggregateScope::Hub,
            table(&[(4, 1)], (4, 1)),
            &policy,
        );
        assert_eq!(small.get().total_records, None);
        let operator = AccessContext::instance();
        assert_eq!(control(&operator, AggregateScope::Hub), Control::Exact);
    }

    #[test]
    fn hotspots_are_released_as_counts_are_and_coarse_for_viewers() {
        use faro_analytics::ReportPoint;
        let org = OrganisationId(1);
        let viewer = AccessContext::member(org, Role::Viewer);
        let analyst = AccessContext::member(org, Role::Analyst);
        let mut points: Vec<ReportPoint> = (0..40)
            .map(|k| ReportPoint {
                lat: 50.45,
                lon: 30.52,
                key: k * 7919,
            })
            .collect();
        points.push(ReportPoint {
            lat: 14.6,
            lon: 120.98,
            key: 3,
        });
        let policy = Policy::default();
        let scope = AggregateScope::Own;
        assert_eq!(
            hotspot_resolution(&viewer, scope, 7),
            CONTROLLED_MAX_RESOLUTION
        );
        assert_eq!(hotspot_resolution(&analyst, scope, 7), 7);
        let cells = || faro_analytics::hotspots(&points, 5);
        let exact = release_hotspots(&analyst, scope, 5, cells(), &policy);
        let counts: Vec<Option<u64>> = exact.get().cells.iter().map(|c| c.count).collect();
        assert_eq!(
            (counts, exact.get().total),
            (vec![Some(40), Some(1)], Some(41))
        );
        let controlled = release_hotspots(&viewer, scope, 5, cells(), &policy);
        let t = controlled.get();
        assert!(t.controlled);
        assert_eq!(t.cells[1].count, None, "a lone report is hidden");
        let busy = t.cells[0].count.expect("40 reports are shown");
        assert!(busy.abs_diff(40) <= 3);
        assert_eq!(
            t.cells[0].count,
            release_hotspots(&viewer, scope, 5, cells(), &policy)
                .get()
                .cells[0]
                .count
        );
    }

    #[test]
    fn narrow_controlled_queries_are_refused_counting_years_and_sources_too() {
        let policy = Policy::default();
        let by = [Dimension::Citizenship, Dimension::ExploitationCountry];
        // The presence attack sliced by one year at a time, and the padding attack added the
        // reader's own source: each narrows the set of people and counts.
        for (dimension, value) in [(Dimension::Year, "2016"), (Dimension::Source, "1,2")] {
            let mut filter = Filter::new();
            filter.add(Dimension::Gender, "female").unwrap();
            assert_eq!(dimensions_used(&by, &filter), 3);
            assert!(check_query(Control::Controlled, &by, &filter, &policy).is_ok());
            filter.add(dimension, value).unwrap();
            let err = check_query(Control::Controlled, &by, &filter, &policy).unwrap_err();
            assert_eq!(
                err,
                PrivacyError::TooNarrow {
                    dimensions: 4,
                    limit: 3
                },
                "{}",
                dimension.id()
            );
            assert!(err.to_string().contains("drop a dimension"));
            assert!(check_query(Control::Exact, &by, &filter, &policy).is_ok());
        }
        let with_year = [Dimension::Year, Dimension::Gender, Dimension::Age];
        assert_eq!(
            dimensions_used(&with_year, &Filter::new()),
            3,
            "grouping by year counts"
        );
        let mut range = Filter::new();
        range.add(Dimension::Year, "2015..2018").unwrap();
        assert_eq!(
            dimensions_used(&with_year, &range),
            3,
            "a dimension grouped and filtered counts once"
        );
    }

    /// The averaging attack of Asghar & Kaafar (PETS 2020) with the default daily budget: the
    /// attacker spends it on pairs of queries, one over the hidden group plus people it
    /// already counted (`T ∪ S`), one over those people alone (`S`), each pair with new `S`
    /// so that its noise is independent, and averages the differences. Each record's key is
    /// random, as stored; the seed only makes the run repeatable.
    #[test]
    fn averaging_the_daily_budget_leaves_a_hidden_count_uncertain() {
        use rand::{Rng, SeedableRng};
        let policy = Policy::default();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
        let released = |n: u64, key: u32| {
            n.saturating_add_signed(perturbation(n, key, policy.max_noise)) as f64
        };
        let pairs = policy.daily_queries / 2;
        let (targets, mut exact, mut abs_error) = (5_000, 0, 0.0);
        for _ in 0..targets {
            let hidden: u64 = rng.random_range(1..policy.threshold);
            let hidden_key: u32 = (0..hidden).fold(0, |k, _| k.wrapping_add(rng.random()));
            let mut sum = 0.0;
            for _ in 0..pairs {
                let others: u64 = rng.random_range(policy.threshold * 2..500);
                let others_key: u32 = (0..others).fold(0, |k, _| k.wrapping_add(rng.random()));
                let with = released(hidden + others, hidden_key.wrapping_add(others_key));
                sum += with - released(others, others_key);
            }
            let estimate = sum / f64::from(pairs);
            abs_error += (estimate - hidden as f64).abs();
            exact += usize::from(estimate.round() as i64 == hidden as i64);
        }
        let (mae, hit) = (
            abs_error / f64::from(targets),
            exact as f64 / f64::from(targets),
        );
        eprintln!(
            "averaging {pairs} pairs (budget {}): mean absolute error {mae:.2}, exact {:.1}%",
            policy.daily_queries,
            100.0 * hit
        );
        assert!(mae > 0.6, "mean absolute error {mae}");
        assert!(hit < 0.45, "exact in {hit}");
    }

    #[test]
    fn settings_that_protect_no_one_are_refused() {
        assert!(Policy::default().check().is_ok());
        let loose = Policy {
            threshold: 3,
            ..Policy::default()
        };
        assert_eq!(
            loose.check().unwrap_err().key,
            faro_domain::problem::PRIVACY_NOISE
        );
        let none = Policy {
            threshold: 1,
            ..Policy::default()
        };
        let refused = none.check().unwrap_err();
        assert_eq!(refused.key, faro_domain::problem::PRIVACY_THRESHOLD);
        assert_eq!(refused.arg("value"), Some("1"));
    }
}
