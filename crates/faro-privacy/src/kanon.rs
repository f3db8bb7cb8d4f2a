//! k-anonymous microdata by local suppression, as CTDC made its first public releases: over
//! the quasi-identifiers as layout A writes them (gender, age, the three majority columns,
//! citizenship, country of exploitation, year, and each `is…` type-of-exploitation flag:
//! [`file_key`]) every combination a released record shows occurs in at least `k` released
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

/// A record's quasi-identifiers as layout A writes them, which is what a reader of the
/// released file can group by: the majority slot holds all three majority columns
/// (`majorityStatus`, `majorityStatusAtExploit`, `majorityEntry`), the modality slot every
/// `is…` flag with its unknowns (CTDC's separate flags) beside Faro's modalities. Each
/// slot is suppressed whole ([`suppress`]), so k counted on these keys holds in the file.
pub fn file_key(record: &Record) -> Key {
    let mut key = key(record);
    let majority = [
        record.majority,
        record.majority_at_exploit,
        record.majority_entry,
    ];
    key[slot(Dimension::Majority)] = if majority.iter().all(Option::is_none) {
        UNKNOWN
    } else {
        majority.iter().fold(0, |code, m| {
            code * 8 + m.map_or(0, |m| faro_domain::Vocabulary::index(m) as u32 + 1)
        })
    };
    // The flags as written, and Faro's modalities, which the sectors of labour also give
    // away (domestic servitude, begging, criminality): a class holds whichever a reader uses.
    let flags = &record.exploitation;
    let modalities = key[slot(Dimension::Modality)];
    key[slot(Dimension::Modality)] = if flags.is_all_unknown() && modalities == UNKNOWN {
        UNKNOWN
    } else {
        let written = flags.known_bits() << 8 | flags.set_bits();
        written << 16 | (modalities & 0xFFFF)
    };
    key
}

/// The position of `dimension` among [`QUASI_IDENTIFIERS`].
const fn slot(dimension: Dimension) -> usize {
    let mut i = 0;
    while i < Q {
        if QUASI_IDENTIFIERS[i] as u8 == dimension as u8 {
            return i;
        }
        i += 1;
    }
    panic!("not a quasi-identifier")
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

/// Makes `records` k-anonymous over [`QUASI_IDENTIFIERS`] as the file writes them
/// ([`file_key`]).
pub fn anonymise(records: Vec<Record>, k: u64) -> Anonymised {
    let keys: Vec<Key> = records.iter().map(file_key).collect();
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
            *counts.entry(file_key(r)).or_default() += 1;
        }
        counts.values().copied().min().unwrap_or(0)
    }

    /// The columns of layout A a reader can group people by, named here, not taken from
    /// the code under test.
    const WRITTEN: [&str; 16] = [
        "gender",
        "ageBroad",
        "majorityStatus",
        "majorityStatusAtExploit",
        "majorityEntry",
        "citizenship",
        "CountryOfExploitation",
        "yearOfRegistration",
        "isForcedLabour",
        "isSexualExploit",
        "isOtherExploit",
        "isSexAndLabour",
        "isForcedMarriage",
        "isForcedMilitary",
        "isOrganRemoval",
        "isSlaveryAndPractices",
    ];

    /// The size of each class of rows sharing `columns` in a CSV file, counted with the
    /// csv crate alone.
    fn classes(csv_bytes: &[u8], columns: &[&str]) -> Vec<usize> {
        let mut reader = csv::Reader::from_reader(csv_bytes);
        let headers = reader.headers().unwrap().clone();
        let at: Vec<usize> = columns
            .iter()
            .map(|c| {
                headers
                    .iter()
                    .position(|h| h == *c)
                    .unwrap_or_else(|| panic!("no column {c}"))
            })
            .collect();
        let mut counts: HashMap<Vec<String>, usize> = HashMap::new();
        for row in reader.records() {
            let row = row.unwrap();
            let class = at.iter().map(|i| row[*i].to_string()).collect();
            *counts.entry(class).or_default() += 1;
        }
        counts.into_values().collect()
    }

    /// The file a reader downloads holds k over every column they can group by: written in
    /// layout A, read back and counted independently (CTDC's separate `is…` flags and all
    /// three majority columns, which Faro's merged modality and single majority once hid).
    #[test]
    fn every_class_of_the_written_file_holds_k() {
        let records: Vec<Record> = faro_formats::fictitious::import_rows(20_000, 20_000)
            .filter_map(|r| r.ok().and_then(Result::ok))
            .collect();
        let anonymised = anonymise(records, 11);
        assert!(anonymised.records.len() > 10_000, "most records released");
        let mut writer =
            faro_formats::write::RecordWriter::new(Vec::new(), faro_formats::ExportFormat::CsvA)
                .unwrap();
        for record in &anonymised.records {
            writer.write(record).unwrap();
        }
        let written = writer.finish().unwrap();
        let sizes = classes(&written, &WRITTEN);
        let under: Vec<&usize> = sizes.iter().filter(|n| **n < 11).collect();
        let some = &under[..under.len().min(20)];
        assert!(
            under.is_empty(),
            "{} classes under k, as {some:?}…",
            under.len()
        );
        assert_eq!(
            sizes.iter().sum::<usize>(),
            anonymised.records.len(),
            "every row counted"
        );
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
