//! How useful and how safe a release is, measured against the sensitive data the way
//! synthetic-data-showcase (SDS) evaluates its output, so that the figures compare: the count
//! of every combination of one, two and three quasi-identifier values (an unknown value is
//! absent, not a value), in the sensitive records and in the released ones.
//!
//! - **Mean absolute error**: over every combination in either.
//! - **Mean relative error**: over the combinations that occur at least `k` times in the
//!   sensitive data, |released − sensitive| / sensitive (smaller counts are hidden from
//!   readers anyway, and their relative errors would swamp the mean).
//! - **Missing**: combinations of at least `k` in the sensitive data that the release lacks.
//! - **Fabricated**: combinations the release shows that the sensitive data never had.
//! - **Rare leaked**: combinations the release shows that occur fewer than `k` times in the
//!   sensitive data, the disclosure risk a release must not carry.

use crate::kanon::UNKNOWN;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// The errors of one combination length (or of all together, `length` 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Errors {
    pub length: usize,
    /// Sensitive combinations of at least `k`.
    pub combinations: u64,
    pub mean_absolute_error: f64,
    pub mean_relative_error: f64,
    pub missing: u64,
    pub fabricated: u64,
    pub rare_leaked: u64,
}

/// One value per column taken, up to three, in column order; the mask says which columns
/// (so rows have at most 16 columns).
pub(crate) type Combination = (u16, [u32; 3]);

/// Counts every combination of 1 to `max_length` known values of each row.
pub(crate) fn combinations<const W: usize>(
    keys: &[[u32; W]],
    max_length: usize,
) -> FxHashMap<Combination, u64> {
    const { assert!(W <= 16, "a combination's mask holds 16 columns") };
    let mut counts = FxHashMap::default();
    for key in keys {
        let known: Vec<usize> = (0..key.len()).filter(|i| key[*i] != UNKNOWN).collect();
        for_each_subset(&known, max_length, &mut |subset| {
            let mut mask = 0u16;
            let mut values = [0u32; 3];
            for (slot, i) in subset.iter().enumerate() {
                mask |= 1 << i;
                values[slot] = key[*i];
            }
            *counts.entry((mask, values)).or_insert(0) += 1;
        });
    }
    counts
}

/// Calls `f` with every subset of `items` of 1 to `max` elements.
fn for_each_subset(items: &[usize], max: usize, f: &mut impl FnMut(&[usize])) {
    fn go(items: &[usize], max: usize, picked: &mut Vec<usize>, f: &mut impl FnMut(&[usize])) {
        for (n, item) in items.iter().enumerate() {
            picked.push(*item);
            f(picked);
            if picked.len() < max {
                go(&items[n + 1..], max, picked, f);
            }
            picked.pop();
        }
    }
    go(items, max.min(3), &mut Vec::with_capacity(3), f);
}

/// The errors of `released` against `sensitive`, per combination length (1 to
/// `max_length`, at most 3) and over all.
pub fn compare<const W: usize>(
    sensitive: &[[u32; W]],
    released: &[[u32; W]],
    k: u64,
    max_length: usize,
) -> Vec<Errors> {
    let truth = combinations(sensitive, max_length);
    let shown = combinations(released, max_length);
    let mut out: Vec<Errors> = (0..=max_length.min(3))
        .map(|length| Errors {
            length,
            combinations: 0,
            mean_absolute_error: 0.0,
            mean_relative_error: 0.0,
            missing: 0,
            fabricated: 0,
            rare_leaked: 0,
        })
        .collect();
    let mut sums = vec![(0.0f64, 0u64, 0.0f64); out.len()];
    let length_of = |mask: u16| mask.count_ones() as usize;
    for (combo, t) in &truth {
        let s = shown.get(combo).copied().unwrap_or(0);
        for l in [0, length_of(combo.0)] {
            let (abs, n, rel) = &mut sums[l];
            *abs += t.abs_diff(s) as f64;
            *n += 1;
            if *t >= k {
                *rel += t.abs_diff(s) as f64 / *t as f64;
                out[l].combinations += 1;
                out[l].missing += u64::from(s == 0);
            } else if s > 0 {
                out[l].rare_leaked += 1;
            }
        }
    }
    for (combo, s) in &shown {
        if !truth.contains_key(combo) {
            for l in [0, length_of(combo.0)] {
                sums[l].0 += *s as f64;
                sums[l].1 += 1;
                out[l].fabricated += 1;
            }
        }
    }
    for (e, (abs, n, rel)) in out.iter_mut().zip(sums) {
        e.mean_absolute_error = if n == 0 { 0.0 } else { abs / n as f64 };
        e.mean_relative_error = if e.combinations == 0 {
            0.0
        } else {
            rel / e.combinations as f64
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kanon::Key;

    const U: u32 = UNKNOWN;

    fn k(values: [u32; 3]) -> Key {
        [values[0], values[1], values[2], U, U, U, U]
    }

    #[test]
    fn a_known_release_has_known_errors() {
        // Sensitive: four records (1,1,1), two (1,2,U). Released: three (1,1,1) and one
        // (1,1,9), which the sensitive data never had.
        let sensitive = [vec![k([1, 1, 1]); 4], vec![k([1, 2, U]); 2]].concat();
        let released = [vec![k([1, 1, 1]); 3], vec![k([1, 1, 9])]].concat();
        let e = compare(&sensitive, &released, 3, 3);
        let one = e[1];
        // 1-way: a=1 (6 → 4), b=1 (4 → 4), c=1 (4 → 3), b=2 (2 → 0), c=9 (0 → 1).
        assert_eq!(
            one.combinations, 3,
            "a=1, b=1 and c=1 occur at least 3 times"
        );
        assert!((one.mean_absolute_error - (2.0 + 0.0 + 1.0 + 2.0 + 1.0) / 5.0).abs() < 1e-9);
        assert!((one.mean_relative_error - (2.0 / 6.0 + 0.0 + 1.0 / 4.0) / 3.0).abs() < 1e-9);
        assert_eq!((one.missing, one.fabricated, one.rare_leaked), (0, 1, 0));
        // 3-way: (1,1,1) 4 → 3; (1,1,9) fabricated.
        let three = e[3];
        assert_eq!((three.combinations, three.fabricated), (1, 1));
        assert!((three.mean_relative_error - 0.25).abs() < 1e-9);
        // 2-way: (a=1,b=2) occurs twice, fewer than k: not leaked, since it is not shown.
        assert_eq!(e[2].rare_leaked, 0);
        assert_eq!(
            e[0].fabricated, 4,
            "c=9, (a,c)=(1,9), (b,c)=(1,9) and (1,1,9)"
        );
    }

    #[test]
    fn a_rare_combination_shown_is_a_leak() {
        let sensitive = [vec![k([1, 1, 1]); 5], vec![k([2, 1, 1])]].concat();
        let e = compare(&sensitive, &sensitive, 3, 1);
        assert_eq!(e[1].rare_leaked, 1, "a=2 occurs once");
        assert_eq!(e[1].mean_absolute_error, 0.0);
    }
}
