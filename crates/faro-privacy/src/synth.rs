//! Synthetic microdata seeded by aggregates, after synthetic-data-showcase (SDS): the counts
//! of every combination of one, two and three known quasi-identifier values are taken from the
//! sensitive records, those under `k` are dropped, and records are drawn one attribute at a
//! time (in a random order) from what the counts that remain say:
//!
//! - a value is a candidate only if, with every one or two values the record already holds,
//!   it forms a combination of at least `k` (so no combination of up to three values rarer
//!   than `k` in the sensitive data can appear, and none that never occurred);
//! - among the candidates, a value is drawn in proportion to its count beside the two values
//!   already drawn whose pair is rarest (the most specific context), and "unknown" in
//!   proportion to the records of that context that do not say;
//! - a record whose seven values together match fewer than `k` sensitive records (a copy of a
//!   rare real one) is drawn again, up to ten times, then left out.
//!
//! As many records are drawn as were given.

use crate::kanon::{Key, UNKNOWN};
use crate::utility::Combination;
use faro_domain::vocab::{Exploitation, Labour, Modality};
use faro_domain::{Country, Record, Vocabulary, Year};
use rand::{Rng, SeedableRng};
use std::collections::HashMap;

const Q: usize = crate::kanon::QUASI_IDENTIFIERS.len();

fn combination(values: &[(usize, u32)]) -> Combination {
    let mut sorted: Vec<(usize, u32)> = values.to_vec();
    sorted.sort_unstable();
    let mut mask = 0u8;
    let mut out = [0u32; 3];
    for (slot, (attr, value)) in sorted.iter().enumerate() {
        mask |= 1 << attr;
        out[slot] = *value;
    }
    (mask, out)
}

/// The sensitive counts the synthesiser draws from.
struct Aggregates {
    k: u64,
    counts: HashMap<Combination, u64>,
    /// For a context of zero to two values and an attribute: its values' counts.
    next: HashMap<(Combination, u8), Vec<(u32, u64)>>,
    records: u64,
}

impl Aggregates {
    fn new(keys: &[Key], k: u64) -> Aggregates {
        let counts = crate::utility::combinations(keys, 3);
        let mut next: HashMap<(Combination, u8), Vec<(u32, u64)>> = HashMap::new();
        for (&(mask, values), &count) in &counts {
            let attrs: Vec<usize> = (0..Q).filter(|i| mask & (1 << i) != 0).collect();
            for (slot, attr) in attrs.iter().enumerate() {
                let rest: Vec<(usize, u32)> = attrs
                    .iter()
                    .enumerate()
                    .filter(|(s, _)| *s != slot)
                    .map(|(s, a)| (*a, values[s]))
                    .collect();
                next.entry((combination(&rest), *attr as u8))
                    .or_default()
                    .push((values[slot], count));
            }
        }
        for list in next.values_mut() {
            list.sort_unstable();
        }
        Aggregates {
            k,
            counts,
            next,
            records: keys.len() as u64,
        }
    }

    fn count(&self, values: &[(usize, u32)]) -> u64 {
        if values.is_empty() {
            return self.records;
        }
        self.counts.get(&combination(values)).copied().unwrap_or(0)
    }

    fn reportable(&self, values: &[(usize, u32)]) -> bool {
        self.count(values) >= self.k
    }

    /// Whether `attr = value` forms combinations of at least k with every one or two values
    /// of `held`.
    fn fits(&self, held: &[(usize, u32)], attr: usize, value: u32) -> bool {
        let new = (attr, value);
        if !self.reportable(&[new]) {
            return false;
        }
        for (i, a) in held.iter().enumerate() {
            if !self.reportable(&[*a, new]) {
                return false;
            }
            for b in &held[i + 1..] {
                if !self.reportable(&[*a, *b, new]) {
                    return false;
                }
            }
        }
        true
    }

    /// Draws `attr` for a record holding `held`: a value, or [`UNKNOWN`].
    fn draw(&self, held: &[(usize, u32)], attr: usize, rng: &mut impl Rng) -> u32 {
        // The most specific context: the rarest pair held (or the one value, or nothing).
        let context: Vec<(usize, u32)> = match held.len() {
            0 | 1 => held.to_vec(),
            _ => {
                let mut best: Option<(u64, [(usize, u32); 2])> = None;
                for (i, a) in held.iter().enumerate() {
                    for b in &held[i + 1..] {
                        let n = self.count(&[*a, *b]);
                        if n > 0 && best.is_none_or(|(m, _)| n < m) {
                            best = Some((n, [*a, *b]));
                        }
                    }
                }
                best.map_or_else(|| held[..1].to_vec(), |(_, pair)| pair.to_vec())
            }
        };
        let total = self.count(&context);
        let Some(values) = self.next.get(&(combination(&context), attr as u8)) else {
            return UNKNOWN;
        };
        let said: u64 = values.iter().map(|(_, n)| n).sum();
        let unknown = total.saturating_sub(said);
        let candidates: Vec<(u32, u64)> = values
            .iter()
            .filter(|(v, n)| *n >= self.k && self.fits(held, attr, *v))
            .copied()
            .collect();
        let weight: u64 = candidates.iter().map(|(_, n)| n).sum::<u64>() + unknown;
        if weight == 0 {
            return UNKNOWN;
        }
        let mut pick = rng.random_range(0..weight);
        for (value, n) in candidates {
            if pick < n {
                return value;
            }
            pick -= n;
        }
        UNKNOWN
    }
}

/// What the synthesiser made.
#[derive(Debug, Clone)]
pub struct Synthesised {
    pub keys: Vec<Key>,
    /// Records drawn ten times as copies of rare real ones and left out.
    pub left_out: u64,
}

/// Draws as many synthetic records as `sensitive` holds, from its combinations of up to three
/// values of at least `k`; `seed` makes the draw repeatable.
pub fn synthesise(sensitive: &[Key], k: u64, seed: u64) -> Synthesised {
    let aggregates = Aggregates::new(sensitive, k);
    let mut full: HashMap<&Key, u64> = HashMap::new();
    for key in sensitive {
        *full.entry(key).or_default() += 1;
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut keys = Vec::with_capacity(sensitive.len());
    let mut left_out = 0;
    for _ in 0..sensitive.len() {
        let drawn = (0..10).find_map(|_| {
            let key = draw_record(&aggregates, &mut rng);
            let real = full.get(&key).copied().unwrap_or(0);
            (real == 0 || real >= k).then_some(key)
        });
        match drawn {
            Some(key) => keys.push(key),
            None => left_out += 1,
        }
    }
    Synthesised { keys, left_out }
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

fn draw_record(aggregates: &Aggregates, rng: &mut impl Rng) -> Key {
    let mut order: [usize; Q] = std::array::from_fn(|i| i);
    for i in (1..Q).rev() {
        order.swap(i, rng.random_range(0..=i));
    }
    let mut key = [UNKNOWN; Q];
    let mut held: Vec<(usize, u32)> = Vec::with_capacity(Q);
    for attr in order {
        let value = aggregates.draw(&held, attr, rng);
        if value != UNKNOWN {
            key[attr] = value;
            held.push((attr, value));
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kanon::key;
    use crate::utility::compare;

    #[test]
    fn no_rare_or_invented_combination_is_synthesised() {
        let records = crate::kanon::tests::skewed(3, 50_000);
        let keys: Vec<Key> = records.iter().map(key).collect();
        let out = synthesise(&keys, 10, 1);
        assert_eq!(out.keys.len() as u64 + out.left_out, 50_000);
        let e = compare(&keys, &out.keys, 10, 3);
        for length in &e {
            assert_eq!(
                (length.fabricated, length.rare_leaked),
                (0, 0),
                "{length:?}"
            );
        }
        assert!(e[1].mean_relative_error < 0.2, "{:?}", e[1]);
        assert!(e[0].mean_relative_error < 0.4, "{:?}", e[0]);
        // No synthetic record is a copy of a real one rarer than k.
        let mut real: HashMap<Key, u64> = HashMap::new();
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
