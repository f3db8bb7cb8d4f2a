//! k-anonymous microdata with generalisation: CTDC's layout A can hold a value or `-99` and
//! nothing between, so `kanon.csv` can only suppress. Here a country may also become its UN
//! subregion or region and a year a five-year range, in a file of its own columns
//! (`specs/ctdc.md`, "Generalised k-anonymous microdata").
//!
//! The levels are chosen for the whole file (full-domain generalisation, so every row of a
//! column speaks at the same level and the file stays easy to count): each of the eighteen
//! choices (year or range; country, subregion or region, for citizenship and for the country
//! of exploitation) is made k-anonymous by the same local suppression as `kanon.csv`, and the
//! one that loses least is kept. What a cell loses is the share of its hierarchy climbed: a
//! suppressed value (or a record left out) loses all of it, a country made its subregion a
//! third and its region two thirds, a year made a range half.

use crate::kanon::{self, Key, UNKNOWN};
use faro_domain::vocab::{AgeBroad, Gender, Majority, Modality};
use faro_domain::{Country, Vocabulary};
use serde::Serialize;
use std::collections::HashMap;

/// The generalised file's columns, in the order of [`kanon::QUASI_IDENTIFIERS`].
pub const COLUMNS: [&str; 7] = [
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenshipArea",
    "exploitationArea",
    "yearRange",
    "modality",
];

const CITIZENSHIP: usize = 3;
const EXPLOITATION: usize = 4;
const YEAR: usize = 5;

/// Marks a value as a range or an area rather than a year or a country.
const RANGE: u32 = 1 << 30;
const SUBREGION: u32 = 1 << 29;
const REGION: u32 = 1 << 28;

/// How far a place is generalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Country,
    Subregion,
    Region,
}

impl Area {
    const ALL: [Area; 3] = [Area::Country, Area::Subregion, Area::Region];

    fn loss(self) -> f64 {
        match self {
            Area::Country => 0.0,
            Area::Subregion => 1.0 / 3.0,
            Area::Region => 2.0 / 3.0,
        }
    }
}

/// The levels of a generalised file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Levels {
    /// Years as five-year ranges (2015–2019, …).
    pub year_ranges: bool,
    pub citizenship: Area,
    pub exploitation: Area,
}

impl Levels {
    /// No generalisation: what `kanon.csv` does.
    pub const NONE: Levels = Levels {
        year_ranges: false,
        citizenship: Area::Country,
        exploitation: Area::Country,
    };

    /// What one known cell of column `i` loses at these levels.
    fn loss(self, i: usize) -> f64 {
        match i {
            CITIZENSHIP => self.citizenship.loss(),
            EXPLOITATION => self.exploitation.loss(),
            YEAR if self.year_ranges => 0.5,
            _ => 0.0,
        }
    }
}

/// A k-anonymous generalised release.
#[derive(Debug, Clone)]
pub struct Generalised {
    pub levels: Levels,
    /// The released rows (generalised keys; write them with [`cells`]).
    pub rows: Vec<Key>,
    pub suppressed_cells: u64,
    pub records_left_out: u64,
    pub smallest_group: u64,
    /// The share of the records' known quasi-identifier cells lost, at these levels and
    /// with suppression alone.
    pub information_lost: f64,
    pub information_lost_by_suppression: f64,
}

/// The generalisation of `keys` that keeps the most information at `k`; `None` when
/// suppression alone (`kanon.csv`) keeps as much.
pub fn generalise(keys: &[Key], k: u64) -> Option<Generalised> {
    let mut best: Option<Generalised> = None;
    let mut plain = 0.0;
    for year_ranges in [false, true] {
        for citizenship in Area::ALL {
            for exploitation in Area::ALL {
                let levels = Levels {
                    year_ranges,
                    citizenship,
                    exploitation,
                };
                let made = release(keys, k, levels);
                if levels == Levels::NONE {
                    plain = made.information_lost;
                }
                if best
                    .as_ref()
                    .is_none_or(|b| made.information_lost < b.information_lost)
                {
                    best = Some(made);
                }
            }
        }
    }
    best.filter(|b| b.levels != Levels::NONE && !b.rows.is_empty())
        .map(|b| Generalised {
            information_lost_by_suppression: plain,
            ..b
        })
}

fn release(keys: &[Key], k: u64, levels: Levels) -> Generalised {
    let raised: Vec<Key> = keys.iter().map(|key| raise(key, levels)).collect();
    let (groups, left_out) = kanon::group(&raised, k);
    let known: usize = keys
        .iter()
        .map(|key| key.iter().filter(|v| **v != UNKNOWN).count())
        .sum();
    let mut lost = 0.0;
    let mut suppressed_cells = 0;
    let mut rows: Vec<(usize, Key)> = Vec::with_capacity(keys.len());
    for (released, members) in &groups {
        for &m in members {
            for (i, v) in keys[m].iter().enumerate() {
                if *v == UNKNOWN {
                    continue;
                }
                if released[i] == UNKNOWN {
                    suppressed_cells += 1;
                    lost += 1.0;
                } else {
                    lost += levels.loss(i);
                }
            }
            rows.push((m, *released));
        }
    }
    lost += left_out_cells(keys, &groups) as f64;
    rows.sort_unstable_by_key(|(m, _)| *m);
    Generalised {
        levels,
        rows: rows.into_iter().map(|(_, key)| key).collect(),
        suppressed_cells,
        records_left_out: left_out,
        smallest_group: groups.values().map(|m| m.len() as u64).min().unwrap_or(0),
        information_lost: if known == 0 { 0.0 } else { lost / known as f64 },
        information_lost_by_suppression: 0.0,
    }
}

/// The known cells of the records no group holds.
fn left_out_cells(keys: &[Key], groups: &HashMap<Key, Vec<usize>>) -> usize {
    let mut kept = vec![false; keys.len()];
    for m in groups.values().flatten() {
        kept[*m] = true;
    }
    keys.iter()
        .zip(kept)
        .filter(|(_, kept)| !kept)
        .map(|(key, _)| key.iter().filter(|v| **v != UNKNOWN).count())
        .sum()
}

/// A key with its year and places at `levels`.
fn raise(key: &Key, levels: Levels) -> Key {
    let mut out = *key;
    if levels.year_ranges && key[YEAR] != UNKNOWN {
        out[YEAR] = RANGE | (key[YEAR] - key[YEAR] % 5);
    }
    for (i, area) in [
        (CITIZENSHIP, levels.citizenship),
        (EXPLOITATION, levels.exploitation),
    ] {
        out[i] = place(key[i], area);
    }
    out
}

fn place(value: u32, area: Area) -> u32 {
    let Some(&(subregion, region)) = AREAS.get(value as usize) else {
        return value;
    };
    match area {
        Area::Country => value,
        Area::Subregion => SUBREGION | u32::from(subregion),
        Area::Region => REGION | u32::from(region),
    }
}

/// For each country (by id), the first country in the table's order in its subregion and in
/// its region, which stand for those areas in a key.
static AREAS: std::sync::LazyLock<Vec<(u16, u16)>> = std::sync::LazyLock::new(|| {
    let first = |name: &str, area: fn(Country) -> &'static str| {
        Country::all()
            .find(|c| area(*c) == name)
            .map_or(0, Country::id)
    };
    Country::all()
        .map(|c| {
            (
                first(c.subregion(), Country::subregion),
                first(c.region(), Country::region),
            )
        })
        .collect()
});

/// A released row's cells, in [`COLUMNS`]' order: CTDC's spellings, an ISO alpha-3 code or
/// an area's English name, `2015-2019` for a range, modalities joined by `;`, and empty for
/// unknown.
pub fn cells(key: &Key) -> [String; 7] {
    fn label<V: Vocabulary>(value: u32) -> String {
        V::ALL
            .get(value as usize)
            .map_or_else(String::new, |v| v.ctdc().to_string())
    }
    let known = |i: usize| Some(key[i]).filter(|v| *v != UNKNOWN);
    let area = |i: usize| {
        known(i).map_or_else(String::new, |v| {
            let country = |id: u32| u16::try_from(id).ok().and_then(Country::from_id);
            match v {
                v if v & SUBREGION != 0 => country(v & !SUBREGION).map(|c| c.subregion()),
                v if v & REGION != 0 => country(v & !REGION).map(|c| c.region()),
                v => country(v).map(|c| c.alpha3()),
            }
            .unwrap_or_default()
            .to_string()
        })
    };
    let year = known(YEAR).map_or_else(String::new, |v| match v & RANGE {
        0 => v.to_string(),
        _ => format!("{}-{}", v & !RANGE, (v & !RANGE) + 4),
    });
    let modality = known(6).map_or_else(String::new, |bits| {
        Modality::ALL
            .iter()
            .filter(|m| bits & (1 << m.index()) != 0)
            .map(|m| m.ctdc())
            .collect::<Vec<_>>()
            .join(";")
    });
    [
        known(0).map_or_else(String::new, label::<Gender>),
        known(1).map_or_else(String::new, label::<AgeBroad>),
        known(2).map_or_else(String::new, label::<Majority>),
        area(CITIZENSHIP),
        area(EXPLOITATION),
        year,
        modality,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `kanon-general.csv` holds k over every column it writes: written with the csv crate
    /// as `faro publish` writes it, read back and counted.
    #[test]
    fn every_class_of_the_written_general_file_holds_k() {
        let keys: Vec<Key> = faro_formats::fictitious::import_rows(20_000, 20_000)
            .filter_map(|r| r.ok().and_then(Result::ok))
            .map(|r| crate::kanon::key(&r))
            .collect();
        let general = generalise(&keys, 11).expect("a generalisation");
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(COLUMNS).unwrap();
        for row in &general.rows {
            writer.write_record(cells(row)).unwrap();
        }
        let written = writer.into_inner().unwrap();
        let mut counts: std::collections::HashMap<Vec<String>, usize> = Default::default();
        let mut reader = csv::Reader::from_reader(written.as_slice());
        assert_eq!(reader.headers().unwrap().len(), COLUMNS.len());
        for row in reader.records() {
            let class = row.unwrap().iter().map(str::to_string).collect();
            *counts.entry(class).or_default() += 1;
        }
        assert!(counts.len() > 1, "more than one class");
        assert!(counts.values().all(|n| *n >= 11), "{counts:?}");
    }

    fn country(code: &str) -> u32 {
        u32::from(Country::parse(code, false).map(Country::id).unwrap_or(0))
    }

    /// Women of one age, each from one of eight West African countries (five from each),
    /// exploited in one of two neighbours, in years 2015 to 2019.
    fn west_africa() -> Vec<Key> {
        let from = ["NG", "GH", "SN", "ML", "BF", "CI", "GN", "TG"];
        let mut keys = Vec::new();
        for (c, code) in from.iter().enumerate() {
            for i in 0..5u32 {
                let to = if (c as u32 + i).is_multiple_of(2) {
                    "NE"
                } else {
                    "BJ"
                };
                keys.push([0, 4, 0, country(code), country(to), 2015 + i, 1]);
            }
        }
        keys
    }

    #[test]
    fn rare_countries_become_their_subregion_and_years_a_range() {
        let keys = west_africa();
        let g = generalise(&keys, 10).expect("generalising keeps more than suppressing");
        assert_eq!(g.levels.citizenship, Area::Subregion, "{:?}", g.levels);
        assert!(
            g.information_lost < g.information_lost_by_suppression,
            "{g:?}"
        );
        // Every released combination occurs at least k times (counted here, not by Faro).
        let mut groups: HashMap<[String; 7], u64> = HashMap::new();
        for row in &g.rows {
            *groups.entry(cells(row)).or_default() += 1;
        }
        assert!(groups.values().all(|n| *n >= 10), "{groups:?}");
        assert!(
            groups.keys().any(|c| c[3] == "Western Africa"),
            "{groups:?}"
        );
        assert!(
            groups
                .keys()
                .all(|c| c[5].is_empty() || c[5] == "2015-2019")
        );
        assert_eq!(g.rows.len() as u64 + g.records_left_out, 40);
    }

    #[test]
    fn data_already_k_anonymous_needs_no_generalisation() {
        let keys = vec![[0, 4, 0, country("NG"), country("NE"), 2016, 1]; 12];
        assert!(generalise(&keys, 10).is_none());
    }

    #[test]
    fn cells_spell_ctdc_codes_areas_and_ranges() {
        let key = [
            1,
            UNKNOWN,
            0,
            country("MX"),
            REGION | country("US"),
            RANGE | 2020,
            1 | 2,
        ];
        assert_eq!(
            cells(&key),
            [
                "Male",
                "",
                "Adult",
                "MEX",
                "Americas",
                "2020-2024",
                "sexual exploitation;forced labour"
            ]
            .map(String::from)
        );
    }
}
