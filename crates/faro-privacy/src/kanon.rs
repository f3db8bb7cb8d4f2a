//! k-anonymous microdata by local suppression, as CTDC made its first public releases: over
//! the quasi-identifiers (gender, age, majority, citizenship, country of exploitation, year,
//! modality) every combination a released record shows occurs in at least `k` released
//! records, counting a suppressed (unknown) value as a value of its own, as a reader of the
//! file sees it.
//!
//! Layout A can hold nothing between a value and `-99`, so the only tool is suppression. What
//! keeps the most information is measured as the number of suppressed cells (then of records
//! left out whole), and the choice is greedy: the smallest group under `k` goes first, and
//! loses the one attribute whose suppression joins it to the largest group already there
//! (ties: the attribute with the most distinct values, the most identifying). A group that
//! reaches `k` stops losing attributes; a group still under `k` with every attribute
//! suppressed is left out. Each move suppresses one more cell of each record moved, so the
//! search ends after at most seven moves per record.

use faro_domain::query::Dimension;
use faro_domain::{Flags, Record};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// CTDC's quasi-identifiers (`faro-domain`'s `DIMENSIONS` say which), in the order of the
/// released files' columns: who the person is, then when and how they were exploited. Its
/// length is the domain's count, and a test checks each one is a quasi-identifier there.
pub const QUASI_IDENTIFIERS: [Dimension; Dimension::QUASI_IDENTIFIER_COUNT] = [
    Dimension::Gender,
    Dimension::Age,
    Dimension::Majority,
    Dimension::Citizenship,
    Dimension::ExploitationCountry,
    Dimension::Year,
    Dimension::Modality,
];

pub(crate) const Q: usize = QUASI_IDENTIFIERS.len();

/// A quasi-identifier's value as a number; [`UNKNOWN`] when the record does not say.
pub const UNKNOWN: u32 = u32::MAX;

/// A record's quasi-identifiers.
pub type Key = [u32; Q];

/// A record's quasi-identifiers as numbers (a modality is its set of flags).
pub fn key(record: &Record) -> Key {
    QUASI_IDENTIFIERS.map(|dim| match dim {
        Dimension::Modality => {
            let bits = dim.value_bits(record);
            if bits == 0 { UNKNOWN } else { bits }
        }
        _ => dim.value_id(record).unwrap_or(UNKNOWN),
    })
}

/// Sets quasi-identifier `i` of `record` to unknown, with the facts that would give it away
/// (the other majority statuses; the exploitation flags behind a modality).
fn suppress(record: &mut Record, i: usize) {
    match QUASI_IDENTIFIERS[i] {
        Dimension::Gender => record.gender = None,
        Dimension::Age => record.age = None,
        Dimension::Majority => {
            record.majority = None;
            record.majority_at_exploit = None;
            record.majority_entry = None;
        }
        Dimension::Citizenship => record.citizenship = None,
        Dimension::ExploitationCountry => record.exploitation_country = None,
        Dimension::Year => record.year = None,
        _ => {
            record.exploitation = Flags::default();
            record.labour = Flags::default();
            record.sex = Flags::default();
        }
    }
}

/// k-anonymous records and what it cost.
#[derive(Debug, Clone)]
pub struct Anonymised {
    pub records: Vec<Record>,
    /// Values set to unknown in the records released.
    pub suppressed_cells: u64,
    /// Released records with at least one suppressed value.
    pub records_changed: u64,
    /// Records left out whole (too rare even with every quasi-identifier suppressed).
    pub records_left_out: u64,
    /// The smallest group of released records sharing their quasi-identifiers (0 when none
    /// is released).
    pub smallest_group: u64,
}

/// Makes `records` k-anonymous over [`QUASI_IDENTIFIERS`].
pub fn anonymise(records: Vec<Record>, k: u64) -> Anonymised {
    let keys: Vec<Key> = records.iter().map(key).collect();
    let (groups, left_out) = group(&keys, k);
    released(records, &keys, groups, left_out)
}

/// The groups of at least `k` that local suppression makes of `keys` (each under the key its
/// members are released with), and how many were left out.
pub(crate) fn group(keys: &[Key], k: u64) -> (HashMap<Key, Vec<usize>>, u64) {
    let mut distinct: [HashMap<u32, ()>; Q] = Default::default();
    for key in keys {
        for (i, v) in key.iter().enumerate() {
            distinct[i].insert(*v, ());
        }
    }
    let distinct = distinct.map(|d| d.len());
    let mut groups: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        groups.entry(*key).or_default().push(i);
    }
    let mut rare: BinaryHeap<Reverse<(usize, Key)>> = groups
        .iter()
        .filter(|(_, m)| (m.len() as u64) < k)
        .map(|(key, m)| Reverse((m.len(), *key)))
        .collect();
    let mut left_out = 0;
    while let Some(Reverse((size, key))) = rare.pop() {
        // Stale: the group has grown or moved since it was queued.
        if groups.get(&key).map(Vec::len) != Some(size) {
            continue;
        }
        let Some(members) = groups.remove(&key) else {
            continue;
        };
        match target(&key, &groups, &distinct) {
            Some(to) => {
                let joined = groups.entry(to).or_default();
                joined.extend(members);
                if (joined.len() as u64) < k {
                    rare.push(Reverse((joined.len(), to)));
                }
            }
            None => left_out += members.len() as u64,
        }
    }
    (groups, left_out)
}

/// Where a group under `k` goes: its key with one more quasi-identifier suppressed, the one
/// that joins the largest existing group (ties: the most distinct values); `None` when all
/// are suppressed already.
fn target(key: &Key, groups: &HashMap<Key, Vec<usize>>, distinct: &[usize; Q]) -> Option<Key> {
    (0..Q)
        .filter(|i| key[*i] != UNKNOWN)
        .map(|i| {
            let mut to = *key;
            to[i] = UNKNOWN;
            let size = groups.get(&to).map_or(0, Vec::len);
            ((size, distinct[i], Reverse(i)), to)
        })
        .max_by_key(|(score, _)| *score)
        .map(|(_, to)| to)
}

/// The records of the groups left, each with the values its group lost suppressed.
fn released(
    records: Vec<Record>,
    keys: &[Key],
    groups: HashMap<Key, Vec<usize>>,
    records_left_out: u64,
) -> Anonymised {
    let mut slots: Vec<Option<Record>> = records.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    let (mut suppressed_cells, mut records_changed) = (0u64, 0u64);
    let mut members: Vec<(Key, Vec<usize>)> = groups.into_iter().collect();
    members.sort_unstable_by_key(|(_, m)| m.first().copied());
    let smallest_group = members
        .iter()
        .map(|(_, m)| m.len() as u64)
        .min()
        .unwrap_or(0);
    let mut order: Vec<(usize, Key)> = members
        .into_iter()
        .flat_map(|(key, m)| m.into_iter().map(move |i| (i, key)))
        .collect();
    order.sort_unstable_by_key(|(i, _)| *i);
    for (i, key) in order {
        let Some(mut record) = slots[i].take() else {
            continue;
        };
        let lost: Vec<usize> = (0..Q)
            .filter(|q| key[*q] == UNKNOWN && keys[i][*q] != UNKNOWN)
            .collect();
        for q in &lost {
            suppress(&mut record, *q);
        }
        suppressed_cells += lost.len() as u64;
        records_changed += u64::from(!lost.is_empty());
        out.push(record);
    }
    Anonymised {
        records: out,
        suppressed_cells,
        records_changed,
        records_left_out,
        smallest_group,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use faro_domain::Country;
    use faro_domain::Vocabulary;
    use faro_domain::vocab::{AgeBroad, Gender};
    use rand::{Rng, SeedableRng};

    #[test]
    fn the_quasi_identifiers_are_the_domains() {
        for d in QUASI_IDENTIFIERS {
            assert!(
                d.is_quasi_identifier(),
                "{} is not one in faro-domain",
                d.id()
            );
        }
        let mut distinct = QUASI_IDENTIFIERS.to_vec();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), QUASI_IDENTIFIERS.len());
    }

    fn person(gender: Gender, age: AgeBroad, country: &str) -> Record {
        Record {
            gender: Some(gender),
            age: Some(age),
            citizenship: Country::from_alpha2(country),
            ..Record::default()
        }
    }

    /// Fictitious records with a few common and many rare citizenships.
    pub(crate) fn skewed(seed: u64, n: usize) -> Vec<Record> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let countries = [
            "UA", "PH", "NG", "ID", "MD", "RO", "TH", "IS", "FJ", "BT", "MT", "LU",
        ];
        (0..n)
            .map(|_| {
                let c = countries[rng
                    .random_range(0..12usize)
                    .min(rng.random_range(0..12usize))];
                Record {
                    gender: Gender::ALL.get(rng.random_range(0..2usize)).copied(),
                    age: AgeBroad::ALL.get(rng.random_range(0..9usize)).copied(),
                    citizenship: Country::from_alpha2(c),
                    exploitation_country: Country::from_alpha2(
                        ["RU", "US", "TH"][rng.random_range(0..3usize)],
                    ),
                    year: faro_domain::Year::new(2015 + rng.random_range(0..5i64), 2026).ok(),
                    ..Record::default()
                }
            })
            .collect()
    }

    fn smallest(records: &[Record]) -> usize {
        let mut counts: HashMap<Key, usize> = HashMap::new();
        for r in records {
            *counts.entry(key(r)).or_default() += 1;
        }
        counts.values().copied().min().unwrap_or(0)
    }

    #[test]
    fn a_lone_citizenship_does_not_stand_out_even_as_unknown() {
        let mut records: Vec<Record> = (0..12)
            .map(|_| person(Gender::Male, AgeBroad::Age18To20, "UA"))
            .collect();
        records.push(person(Gender::Male, AgeBroad::Age18To20, "IS"));
        let out = anonymise(records, 11);
        // Unknown is a value a reader sees: one record with an unknown citizenship would
        // still be alone, so it goes.
        assert_eq!(out.records.len(), 12);
        assert_eq!((out.records_left_out, out.suppressed_cells), (1, 0));
        assert_eq!(out.smallest_group, 12);
    }

    #[test]
    fn rare_groups_merge_by_what_they_lose() {
        // Eleven people of eleven rare citizenships, alike otherwise: losing the citizenship
        // makes one group of eleven.
        let rare = [
            "IS", "FJ", "BT", "MT", "LU", "LI", "MC", "SM", "AD", "NR", "TV",
        ];
        let records: Vec<Record> = rare
            .iter()
            .map(|c| person(Gender::Female, AgeBroad::Age9To17, c))
            .collect();
        let out = anonymise(records, 11);
        assert_eq!(out.records.len(), 11);
        assert_eq!(out.suppressed_cells, 11);
        assert!(
            out.records
                .iter()
                .all(|r| r.citizenship.is_none() && r.age.is_some())
        );
    }

    #[test]
    fn every_released_group_holds_k_records() {
        let out = anonymise(skewed(7, 4000), 5);
        assert!(smallest(&out.records) >= 5, "{}", smallest(&out.records));
        assert_eq!(out.smallest_group as usize, smallest(&out.records));
        assert_eq!(out.records.len() + out.records_left_out as usize, 4000);
        assert!(out.records_left_out < 400, "{}", out.records_left_out);
    }

    #[test]
    fn too_few_records_are_all_left_out() {
        let out = anonymise(vec![person(Gender::Male, AgeBroad::Age0To8, "PH"); 3], 11);
        assert!(out.records.is_empty());
        assert_eq!(out.records_left_out, 3);
        assert_eq!(out.smallest_group, 0);
    }
}
