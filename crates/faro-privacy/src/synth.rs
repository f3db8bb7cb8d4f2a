//! Synthetic microdata seeded by aggregates, after synthetic-data-showcase (SDS): the counts
//! of every combination of one, two and three known values are taken from the sensitive rows,
//! those under `k` are dropped, and rows are drawn one value at a time from what remains.
//!
//! - A value is a candidate for a row only if, with every one or two values the row already
//!   holds, it forms a combination of at least `k`: so no combination of up to three values
//!   rarer than `k` in the sensitive data can appear, and none that never occurred.
//! - Every combination's count is a budget: a candidate whose combinations with the row's
//!   values have all been drawn as often as the sensitive data holds them is not drawn again,
//!   and among the others one (of any column) is drawn in proportion to what is still owed:
//!   the 95th percentile of its combinations' shortfalls (SDS's weighting). Steering by what
//!   is owed, not by the counts alone, is what keeps the drawn counts close to the sensitive
//!   ones at every length.
//! - A row ends when no candidate is left (its other columns unknown). As many rows are drawn
//!   as were given (or fewer, if every budget is spent first): a reader counts rows as people.
//!   Values that can only form rare combinations with others then end in short rows late in
//!   the draw, and some are never drawn: the single values' counts are close, not exact
//!   (drawing on until every budget is spent makes them exact, but small selections then get
//!   up to twice as many rows as records).
//! - A row whose values together match fewer than `k` sensitive rows (a copy of a rare real
//!   one) loses its last values drawn until it does not.

use crate::kanon::{Key, UNKNOWN};
use crate::utility::Combination;
use faro_domain::vocab::{Exploitation, Labour, Modality};
use faro_domain::{Country, Record, Vocabulary, Year};
use rand::{Rng, SeedableRng};
use rustc_hash::FxHashMap;

/// The combination of up to three `(column, value)` pairs, whatever their order.
fn combination(values: &[(usize, u32)]) -> Combination {
    let mut sorted = [(0usize, 0u32); 3];
    sorted[..values.len()].copy_from_slice(values);
    sorted[..values.len()].sort_unstable();
    let mut mask = 0u16;
    let mut out = [0u32; 3];
    for (slot, (column, value)) in sorted[..values.len()].iter().enumerate() {
        mask |= 1 << column;
        out[slot] = *value;
    }
    (mask, out)
}

/// The sensitive counts of at least `k`, and what has been drawn of them so far.
struct Budget {
    owed: FxHashMap<Combination, u64>,
    /// For a context of one or two values and a column: the values that form a combination
    /// of at least `k` with it, in order.
    beside: FxHashMap<(Combination, u8), Vec<u32>>,
    /// The single values' budgets again, as a list a row's first value is drawn from without
    /// a lookup per value (the hottest loop), with where each is in it.
    singles: Vec<((usize, u32), u64)>,
    single_at: FxHashMap<(usize, u32), usize>,
}

impl Budget {
    fn new<const W: usize>(rows: &[[u32; W]], k: u64) -> Budget {
        let mut owed = crate::utility::combinations(rows, 3);
        owed.retain(|_, n| *n >= k);
        let mut beside: FxHashMap<(Combination, u8), Vec<u32>> = FxHashMap::default();
        // A row's first value comes from `singles`: single values need no context.
        for &(mask, values) in owed.keys().filter(|(mask, _)| mask.count_ones() > 1) {
            let columns: Vec<usize> = (0..W).filter(|i| mask & (1 << i) != 0).collect();
            for (slot, column) in columns.iter().enumerate() {
                let rest: Vec<(usize, u32)> = columns
                    .iter()
                    .enumerate()
                    .filter(|(s, _)| *s != slot)
                    .map(|(s, c)| (*c, values[s]))
                    .collect();
                beside
                    .entry((combination(&rest), *column as u8))
                    .or_default()
                    .push(values[slot]);
            }
        }
        for list in beside.values_mut() {
            list.sort_unstable();
        }
        let mut singles: Vec<((usize, u32), u64)> = owed
            .iter()
            .filter(|((mask, _), _)| mask.count_ones() == 1)
            .map(|(&(mask, values), &n)| ((mask.trailing_zeros() as usize, values[0]), n))
            .collect();
        singles.sort_unstable();
        let single_at = singles
            .iter()
            .enumerate()
            .map(|(i, (v, _))| (*v, i))
            .collect();
        Budget {
            owed,
            beside,
            singles,
            single_at,
        }
    }

    fn owed(&self, values: &[(usize, u32)]) -> u64 {
        self.owed.get(&combination(values)).copied().unwrap_or(0)
    }

    /// What is still owed of each combination `value` forms with none, one or two of `held`
    /// (its 95th percentile), or `None` if one of them is rarer than `k` or fully drawn.
    fn weight(
        &self,
        held: &[(usize, u32)],
        value: (usize, u32),
        shortfalls: &mut Vec<u64>,
    ) -> Option<u64> {
        shortfalls.clear();
        let mut owe = |values: &[(usize, u32)]| {
            let n = self.owed(values);
            shortfalls.push(n);
            n > 0
        };
        if !owe(&[value]) {
            return None;
        }
        for (i, a) in held.iter().enumerate() {
            if !owe(&[*a, value]) {
                return None;
            }
            for b in &held[i + 1..] {
                if !owe(&[*a, *b, value]) {
                    return None;
                }
            }
        }
        let rank = (shortfalls.len() * 95).div_ceil(100) - 1;
        Some(*shortfalls.select_nth_unstable(rank).1)
    }

    /// The context whose list of candidates is likely the shortest to check: the pair held
    /// that is owed least (or the one value held). Any context gives every candidate that
    /// fits; [`Budget::weight`] decides.
    fn context(&self, held: &[(usize, u32)]) -> Combination {
        let mut best: Option<(u64, [(usize, u32); 2])> = None;
        for (i, a) in held.iter().enumerate() {
            for b in &held[i + 1..] {
                let n = self.owed(&[*a, *b]);
                if best.is_none_or(|(m, _)| n < m) {
                    best = Some((n, [*a, *b]));
                }
            }
        }
        match best {
            Some((_, pair)) => combination(&pair),
            None => combination(held),
        }
    }

    /// Draws one row's values (without spending them).
    fn draw<const W: usize>(&self, rng: &mut impl Rng) -> Vec<(usize, u32)> {
        let mut held: Vec<(usize, u32)> = Vec::with_capacity(W);
        let mut candidates: Vec<((usize, u32), u64)> = Vec::new();
        let mut shortfalls = Vec::new();
        match pick(&self.singles, rng) {
            Some(first) => held.push(first),
            None => return held,
        }
        loop {
            candidates.clear();
            let context = self.context(&held);
            for column in (0..W).filter(|c| held.iter().all(|(h, _)| h != c)) {
                let Some(values) = self.beside.get(&(context, column as u8)) else {
                    continue;
                };
                for &value in values {
                    if let Some(w) = self.weight(&held, (column, value), &mut shortfalls) {
                        candidates.push(((column, value), w));
                    }
                }
            }
            match pick(&candidates, rng) {
                Some(next) => held.push(next),
                None => return held,
            }
        }
    }

    /// Spends a drawn row: every combination of its values is owed once less.
    fn spend(&mut self, held: &[(usize, u32)]) {
        let mut pay = |values: &[(usize, u32)]| {
            if let Some(n) = self.owed.get_mut(&combination(values)) {
                *n = n.saturating_sub(1);
            }
        };
        for (i, a) in held.iter().enumerate() {
            pay(&[*a]);
            if let Some(&at) = self.single_at.get(a) {
                self.singles[at].1 = self.singles[at].1.saturating_sub(1);
            }
            for (j, b) in held.iter().enumerate().skip(i + 1) {
                pay(&[*a, *b]);
                for c in &held[j + 1..] {
                    pay(&[*a, *b, *c]);
                }
            }
        }
    }
}

/// One of `weighted` drawn in proportion to its weight, or none if they all weigh nothing.
fn pick(weighted: &[((usize, u32), u64)], rng: &mut impl Rng) -> Option<(usize, u32)> {
    let total: u64 = weighted.iter().map(|(_, w)| w).sum();
    if total == 0 {
        return None;
    }
    let mut left = rng.random_range(0..total);
    for (value, w) in weighted {
        if left < *w {
            return Some(*value);
        }
        left -= w;
    }
    None
}

/// What the synthesiser made.
#[derive(Debug, Clone)]
pub struct Synthesised<const W: usize> {
    pub keys: Vec<[u32; W]>,
    /// Rows that came out as copies of rare real ones and were cut short (their last values
    /// drawn made unknown) until they were not.
    pub shortened: u64,
}

/// Draws as many synthetic rows as `sensitive` holds from its combinations of up to three
/// values of at least `k`; `seed` makes the draw repeatable.
pub fn synthesise<const W: usize>(sensitive: &[[u32; W]], k: u64, seed: u64) -> Synthesised<W> {
    let mut budget = Budget::new(sensitive, k);
    let mut full: FxHashMap<&[u32; W], u64> = FxHashMap::default();
    for key in sensitive {
        *full.entry(key).or_default() += 1;
    }
    let is_rare_copy = |key: &[u32; W]| (1..k).contains(&full.get(key).copied().unwrap_or(0));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut keys = Vec::with_capacity(sensitive.len());
    let mut shortened = 0;
    // Rows cut to nothing in a row: the values left can only make copies of rare rows.
    let mut in_vain = 0;
    loop {
        if keys.len() == sensitive.len() || in_vain == 1000 {
            break;
        }
        let mut held = budget.draw::<W>(&mut rng);
        if held.is_empty() {
            break;
        }
        let mut key = [UNKNOWN; W];
        for (column, value) in &held {
            key[*column] = *value;
        }
        if is_rare_copy(&key) {
            shortened += 1;
        }
        while is_rare_copy(&key) {
            let Some((column, _)) = held.pop() else { break };
            key[column] = UNKNOWN;
        }
        if held.is_empty() {
            in_vain += 1;
            continue;
        }
        in_vain = 0;
        budget.spend(&held);
        keys.push(key);
    }
    Synthesised { keys, shortened }
}

/// A record holding a key's values (a modality as the exploitation and labour flags that
/// give it), for writing synthetic records in CTDC's layouts.
pub fn record_of(key: &Key) -> Record {
    fn pick<V: Vocabulary>(value: u32) -> Option<V> {
        V::ALL.get(value as usize).copied()
    }
    let known = |i: usize| Some(key[i]).filter(|v| *v != UNKNOWN);
    let mut record = Record {
        gender: known(0).and_then(pick),
        age: known(1).and_then(pick),
        majority: known(2).and_then(pick),
        citizenship: known(3).and_then(|v| Country::from_id(v as u16)),
        exploitation_country: known(4).and_then(|v| Country::from_id(v as u16)),
        year: known(5).and_then(|v| Year::new(i64::from(v), u16::MAX).ok()),
        ..Record::default()
    };
    if let Some(bits) = known(6) {
        for m in Modality::ALL
            .iter()
            .filter(|m| bits & (1 << m.index()) != 0)
        {
            mark(&mut record, *m, bits);
        }
    }
    record
}

/// Sets the flags that make `record.modalities()` hold `modality` (with the others of `bits`).
fn mark(record: &mut Record, modality: Modality, bits: u32) {
    let yes = Some(true);
    match modality {
        Modality::SexualExploitation => record
            .exploitation
            .put(Exploitation::SexualExploitation, yes),
        Modality::ForcedLabour => {
            record.exploitation.put(Exploitation::ForcedLabour, yes);
            // Beside begging, domestic work or crime, only a general sector keeps it.
            if bits != 1 << Modality::ForcedLabour.index() {
                record.labour.put(Labour::Other, yes);
            }
        }
        Modality::DomesticServitude => record.labour.put(Labour::DomesticWork, yes),
        Modality::ForcedCriminality => record.labour.put(Labour::IllicitActivities, yes),
        Modality::ForcedBegging => record.labour.put(Labour::Begging, yes),
        Modality::ForcedMarriage => record.exploitation.put(Exploitation::ForcedMarriage, yes),
        Modality::OrganRemoval => record.exploitation.put(Exploitation::OrganRemoval, yes),
        Modality::Other => record
            .exploitation
            .put(Exploitation::SlaveryAndPractices, yes),
        Modality::IllegalAdoption => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kanon::key;
    use crate::utility::compare;

    #[test]
    fn no_rare_or_invented_combination_is_synthesised() {
        let records = crate::kanon::tests::skewed(3, 20_000);
        let keys: Vec<Key> = records.iter().map(key).collect();
        let out = synthesise(&keys, 10, 1);
        let e = compare(&keys, &out.keys, 10, 3);
        for length in &e {
            assert_eq!(
                (length.fabricated, length.rare_leaked),
                (0, 0),
                "{length:?}"
            );
        }
        assert_eq!(out.keys.len(), keys.len(), "as many rows as records");
        assert!(e[1].mean_relative_error < 0.2, "{:?}", e[1]);
        // 0.39 on these 20,000 skewed rows; the benchmark sets the error beside SDS's 0.368 at
        // 100,000 rows, where more combinations reach k.
        assert!(e[0].mean_relative_error < 0.45, "{:?}", e[0]);
        // No synthetic record is a copy of a real one rarer than k.
        let mut real: FxHashMap<Key, u64> = FxHashMap::default();
        for k in &keys {
            *real.entry(*k).or_default() += 1;
        }
        assert!(
            out.keys
                .iter()
                .all(|k| !(1..10).contains(&real.get(k).copied().unwrap_or(0)))
        );
    }

    #[test]
    fn a_records_modalities_survive_the_round_trip() {
        let modalities = [
            1u32,
            2,
            3,
            2 | 4,
            4,
            2 | 8 | 32,
            1 | 16 | 128,
            256,
            1 | 2 | 4 | 8 | 16 | 32 | 128 | 256,
        ];
        for bits in modalities {
            let key = [0, 3, UNKNOWN, 5, 7, 2018, bits];
            let record = record_of(&key);
            assert_eq!(crate::kanon::key(&record), key, "{bits:b}");
        }
    }

    #[test]
    fn the_same_seed_draws_the_same_records() {
        let keys: Vec<Key> = crate::kanon::tests::skewed(4, 500)
            .iter()
            .map(key)
            .collect();
        assert_eq!(synthesise(&keys, 5, 9).keys, synthesise(&keys, 5, 9).keys);
    }
}
