//! Deterministic fictitious CTDC records with plausible joint distributions, for demos, tests and
//! benchmarks. The same seed gives the same file on every machine (ChaCha8).
//!
//! `--dirty` plants malformed rows of every kind the validator knows, so that tests and demos
//! exercise the error paths on realistic files.

use crate::write::{ExportFormat, RecordWriter, cells, header};
use faro_domain::vocab::{
    AgeBroad, DataSource, Exploitation, Gender, Labour, Majority, MeansDetail, Recruiter, SexType,
    TraffickMonths, Vocabulary,
};
use faro_domain::{Country, Record, Year};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::Write;

/// The kinds of malformed rows `--dirty` plants, one per validator rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirtyKind {
    UnknownCode,
    BadFlag,
    BadCountry,
    WithdrawnCountry,
    YearOutOfRange,
    FractionalNumber,
    NotANumber,
    CellCount,
    InvalidUtf8,
    Contradiction,
}

impl DirtyKind {
    pub const ALL: [DirtyKind; 10] = [
        DirtyKind::UnknownCode,
        DirtyKind::BadFlag,
        DirtyKind::BadCountry,
        DirtyKind::WithdrawnCountry,
        DirtyKind::YearOutOfRange,
        DirtyKind::FractionalNumber,
        DirtyKind::NotANumber,
        DirtyKind::CellCount,
        DirtyKind::InvalidUtf8,
        DirtyKind::Contradiction,
    ];
}

/// What kind of exploitation a corridor mostly sees.
#[derive(Clone, Copy, PartialEq)]
enum Profile {
    Sexual,
    Labour,
    Domestic,
    Mixed,
}

/// Citizenship → country of exploitation corridors with weights, after the patterns CTDC reports.
const CORRIDORS: &[(&str, &str, u32, Profile)] = {
    use Profile::*;
    &[
        ("UA", "RU", 6, Labour),
        ("UA", "PL", 3, Labour),
        ("UA", "UA", 3, Sexual),
        ("MD", "RU", 2, Labour),
        ("MD", "MD", 2, Sexual),
        ("BY", "RU", 2, Labour),
        ("RO", "GB", 2, Sexual),
        ("AL", "GB", 2, Sexual),
        ("NG", "IT", 3, Sexual),
        ("NG", "NG", 2, Mixed),
        ("PH", "MY", 3, Domestic),
        ("PH", "SA", 2, Domestic),
        ("PH", "PH", 3, Sexual),
        ("ID", "MY", 3, Labour),
        ("ID", "SA", 2, Domestic),
        ("KH", "TH", 3, Labour),
        ("MM", "TH", 3, Labour),
        ("LA", "TH", 2, Sexual),
        ("VN", "CN", 3, Mixed),
        ("NP", "IN", 2, Sexual),
        ("BD", "IN", 2, Mixed),
        ("ET", "SA", 2, Domestic),
        ("UG", "UG", 2, Mixed),
        ("MX", "US", 3, Mixed),
        ("US", "US", 8, Sexual),
        ("GT", "MX", 2, Sexual),
        ("HN", "US", 2, Labour),
        ("CO", "CO", 2, Sexual),
        ("HT", "DO", 1, Labour),
        ("UZ", "KZ", 2, Labour),
        ("KG", "KZ", 1, Labour),
        ("NA", "NA", 1, Mixed),
        ("ZA", "ZA", 1, Sexual),
        ("GH", "GH", 1, Labour),
        ("KE", "AE", 1, Domestic),
    ]
};

/// Registrations per year, peaking in 2015–2019 as CTDC's data do.
const YEAR_WEIGHTS: &[(u16, u32)] = &[
    (2002, 1),
    (2003, 1),
    (2004, 2),
    (2005, 2),
    (2006, 3),
    (2007, 3),
    (2008, 4),
    (2009, 4),
    (2010, 5),
    (2011, 6),
    (2012, 7),
    (2013, 8),
    (2014, 9),
    (2015, 14),
    (2016, 18),
    (2017, 16),
    (2018, 14),
    (2019, 12),
    (2020, 9),
    (2021, 8),
    (2022, 7),
    (2023, 6),
    (2024, 5),
];

/// A stream of fictitious records; the same seed always gives the same records.
pub struct Generator {
    rng: ChaCha8Rng,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    fn pick<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        items
            .choose_weighted(&mut self.rng, |i| i.1)
            .map(|i| i.0)
            .unwrap_or(items[0].0)
    }

    /// One record as layout A can hold it (no `traffickMonths`), means groups rolled up.
    pub fn record(&mut self) -> Record {
        let mut c = Record::default();
        let (cit, exp, _, profile) = *CORRIDORS
            .choose_weighted(&mut self.rng, |c| c.2)
            .unwrap_or(&CORRIDORS[0]);
        c.citizenship = (!self.chance(0.05))
            .then(|| Country::from_alpha2(cit))
            .flatten();
        c.exploitation_country = (!self.chance(0.15))
            .then(|| Country::from_alpha2(exp))
            .flatten();
        let year = self.pick(YEAR_WEIGHTS);
        c.year = (!self.chance(0.01))
            .then(|| Year::new(year as i64, 2024).ok())
            .flatten();
        c.datasource =
            Some(self.pick(&[(DataSource::CaseManagement, 3), (DataSource::Hotline, 1)]));
        let female_share = match profile {
            Profile::Sexual => 0.9,
            Profile::Labour => 0.35,
            Profile::Domestic => 0.85,
            Profile::Mixed => 0.6,
        };
        c.gender = if self.chance(0.005) {
            Some(Gender::Transgender)
        } else if self.chance(0.02) {
            None
        } else if self.chance(female_share) {
            Some(Gender::Female)
        } else {
            Some(Gender::Male)
        };
        let minor_share = match profile {
            Profile::Sexual => 0.25,
            Profile::Labour => 0.08,
            _ => 0.15,
        };
        let minor = self.chance(minor_share);
        c.age = (!self.chance(0.3)).then(|| {
            if minor {
                self.pick(&[(AgeBroad::Age0To8, 1), (AgeBroad::Age9To17, 5)])
            } else {
                self.pick(&[
                    (AgeBroad::Age18To20, 4),
                    (AgeBroad::Age21To23, 4),
                    (AgeBroad::Age24To26, 3),
                    (AgeBroad::Age27To29, 3),
                    (AgeBroad::Age30To38, 5),
                    (AgeBroad::Age39To47, 3),
                    (AgeBroad::Age48Plus, 1),
                ])
            }
        });
        let majority = if minor {
            Majority::Minor
        } else {
            Majority::Adult
        };
        c.majority = (!self.chance(0.2)).then_some(majority);
        c.majority_at_exploit = (!self.chance(0.3)).then(|| {
            if minor || self.chance(0.15) {
                Majority::Minor
            } else {
                Majority::Adult
            }
        });
        c.majority_entry = (!self.chance(0.5)).then_some(c.majority_at_exploit.unwrap_or(majority));
        self.exploitation(&mut c, profile, minor);
        self.means(&mut c, profile);
        if c.datasource == Some(DataSource::Hotline) || self.chance(0.2) {
            let r = self.pick(&[
                (Recruiter::Family, 30),
                (Recruiter::IntimatePartner, 20),
                (Recruiter::Friend, 25),
                (Recruiter::Other, 20),
                (Recruiter::Unknown, 5),
            ]);
            for each in Recruiter::ALL {
                c.recruiter.put(*each, Some(*each == r));
            }
        }
        c.abduction = (!self.chance(0.4)).then(|| self.chance(0.05));
        c.fill_means_groups();
        c
    }

    fn exploitation(&mut self, c: &mut Record, profile: Profile, minor: bool) {
        if self.chance(0.05) {
            return;
        }
        let (sexual, labour) = match profile {
            Profile::Sexual => (0.85, 0.1),
            Profile::Labour => (0.07, 0.85),
            Profile::Domestic => (0.1, 0.85),
            Profile::Mixed => (0.45, 0.45),
        };
        let roll: f64 = self.rng.random();
        let is_sexual = roll < sexual;
        let is_labour = !is_sexual && roll < sexual + labour;
        let other = !is_sexual && !is_labour;
        for e in Exploitation::ALL {
            c.exploitation.put(*e, Some(false));
        }
        for l in Labour::ALL {
            c.labour.put(*l, Some(false));
        }
        for s in SexType::ALL {
            c.sex.put(*s, Some(false));
        }
        if is_sexual {
            c.exploitation
                .put(Exploitation::SexualExploitation, Some(true));
            let s = self.pick(&[
                (SexType::Prostitution, 80),
                (SexType::Pornography, 15),
                (SexType::RemoteInteractiveServices, 3),
                (SexType::PrivateSexualServices, 2),
            ]);
            c.sex.put(s, Some(true));
        }
        if is_labour {
            c.exploitation.put(Exploitation::ForcedLabour, Some(true));
            let sector = if profile == Profile::Domestic && self.chance(0.8) {
                Labour::DomesticWork
            } else if minor && self.chance(0.3) {
                Labour::Begging
            } else {
                self.pick(&[
                    (Labour::Agriculture, 12),
                    (Labour::Aquafarming, 4),
                    (Labour::Begging, 3),
                    (Labour::Construction, 12),
                    (Labour::DomesticWork, 10),
                    (Labour::Hospitality, 6),
                    (Labour::IllicitActivities, 4),
                    (Labour::Manufacturing, 8),
                    (Labour::MiningOrDrilling, 2),
                    (Labour::Peddling, 2),
                    (Labour::Transportation, 2),
                    (Labour::Other, 6),
                    (Labour::NotSpecified, 8),
                ])
            };
            c.labour.put(sector, Some(true));
        }
        if other {
            let e = self.pick(&[
                (Exploitation::ForcedMarriage, 4),
                (Exploitation::OtherExploitation, 4),
                (Exploitation::ForcedMilitary, 1),
                (Exploitation::OrganRemoval, 1),
                (Exploitation::SlaveryAndPractices, 1),
            ]);
            c.exploitation.put(e, Some(true));
        }
    }

    fn means(&mut self, c: &mut Record, profile: Profile) {
        if self.chance(0.5) {
            return;
        }
        let labourish = matches!(profile, Profile::Labour | Profile::Domestic);
        for m in MeansDetail::ALL {
            let p = match m {
                MeansDetail::Threats => 0.4,
                MeansDetail::PsychologicalAbuse => 0.45,
                MeansDetail::PhysicalAbuse => 0.3,
                MeansDetail::SexualAbuse if profile == Profile::Sexual => 0.35,
                MeansDetail::FalsePromises => 0.35,
                MeansDetail::RestrictsMovement => 0.3,
                MeansDetail::TakesEarnings | MeansDetail::DebtBondage if labourish => 0.3,
                MeansDetail::WithholdsDocuments if labourish => 0.25,
                MeansDetail::ExcessiveWorkingHours if labourish => 0.3,
                MeansDetail::NotSpecified => 0.02,
                _ => 0.08,
            };
            let yes = self.chance(p);
            c.means_detail.put(*m, Some(yes));
        }
    }

    /// A layout C record: what the v2025 file can hold of a generated record.
    fn case_v2025(&mut self) -> Record {
        let mut c = self.record();
        c.traffick_months = (!self.chance(0.4)).then(|| {
            self.pick(&[
                (TraffickMonths::UpTo12, 6),
                (TraffickMonths::From13To24, 2),
                (TraffickMonths::Over24, 1),
            ])
        });
        c
    }
}

/// `rows` generated records in the item shape an import takes (none is ever rejected), for
/// loading fictitious records straight into a store without a file (`faro demo`, tests).
pub fn import_rows(
    seed: u64,
    rows: u64,
) -> impl Iterator<Item = Result<Result<Record, faro_domain::RowError>, std::convert::Infallible>> + Send
{
    let mut generator = Generator::new(seed);
    (0..rows).map(move |_| Ok(Ok(generator.record())))
}

#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub rows: u64,
    pub seed: u64,
    /// Share of rows (0–1) replaced by malformed ones.
    pub dirty: f64,
    pub format: ExportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateSummary {
    pub rows: u64,
    pub dirty_rows: u64,
}

/// Writes `rows` fictitious records; each dirty row takes the next kind in turn, so that every
/// kind appears once ten or more dirty rows are written.
pub fn generate<W: Write>(out: W, options: &GenerateOptions) -> std::io::Result<GenerateSummary> {
    let mut g = Generator::new(options.seed);
    let mut writer = RecordWriter::new(out, options.format)?;
    let mut dirty_rows = 0u64;
    for _ in 0..options.rows {
        let record = if options.format == ExportFormat::CsvA {
            g.record()
        } else {
            g.case_v2025()
        };
        if options.dirty > 0.0 && g.chance(options.dirty) {
            let kind = DirtyKind::ALL[(dirty_rows % DirtyKind::ALL.len() as u64) as usize];
            writer.write_raw(&dirty_cells(options.format, &record, kind))?;
            dirty_rows += 1;
        } else {
            writer.write(&record)?;
        }
    }
    writer.finish()?.flush()?;
    Ok(GenerateSummary {
        rows: options.rows,
        dirty_rows,
    })
}

/// A malformed row of `kind`, made from a good record's cells.
pub fn dirty_cells(format: ExportFormat, record: &Record, kind: DirtyKind) -> Vec<Vec<u8>> {
    if format == ExportFormat::Jsonl {
        return vec![b"{\"yearOfRegistration\": 2016, \"gender\": ".to_vec()];
    }
    let names = header(format);
    let mut cells: Vec<Vec<u8>> = cells(format, record)
        .into_iter()
        .map(String::into_bytes)
        .collect();
    let at = |name: &str| names.iter().position(|n| *n == name).unwrap_or(0);
    let c = format == ExportFormat::CsvC;
    let flag_column = if c { "meansThreats" } else { "isAbduction" };
    match kind {
        DirtyKind::UnknownCode => cells[at("gender")] = b"Alien".to_vec(),
        DirtyKind::BadFlag => cells[at(flag_column)] = b"2".to_vec(),
        DirtyKind::BadCountry => {
            cells[at("citizenship")] = if c { b"QQQ".to_vec() } else { b"QQ".to_vec() }
        }
        DirtyKind::WithdrawnCountry => {
            cells[at("CountryOfExploitation")] = if c { b"ANT".to_vec() } else { b"AN".to_vec() }
        }
        DirtyKind::YearOutOfRange => cells[at("yearOfRegistration")] = b"1985".to_vec(),
        DirtyKind::FractionalNumber => cells[at("yearOfRegistration")] = b"2016.5".to_vec(),
        DirtyKind::NotANumber => cells[at("yearOfRegistration")] = b"20x6".to_vec(),
        DirtyKind::CellCount => {
            cells.pop();
        }
        DirtyKind::InvalidUtf8 => cells[at("gender")] = vec![0xff, 0xfe, b'F'],
        DirtyKind::Contradiction if c => cells[at("ageBroad")] = b"17--19".to_vec(),
        DirtyKind::Contradiction => {
            cells[at("majorityStatus")] = b"Minor".to_vec();
            cells[at("ageBroad")] = b"30--38".to_vec();
        }
    }
    cells
}

/// Fictitious reports in the three languages Faro ships, for the demo's inbox: what a
/// reporter might write, with no real person, place or business in it.
const REPORT_TEXTS: &[(&str, &str, &str, &[&str], bool)] = &[
    (
        "en",
        "PT",
        "Six workers sleep in a container behind the greenhouses; the foreman keeps their passports.",
        &["documents_taken", "cannot_leave", "forced_work"],
        false,
    ),
    (
        "es",
        "ES",
        "Una chica de unos 15 años atiende en el bar de noche y nunca sale sola; dice que debe dinero al dueño.",
        &["owes_debt", "cannot_leave"],
        true,
    ),
    (
        "fr",
        "FR",
        "Des hommes travaillent sur le chantier 14 heures par jour et ne sont pas payés depuis deux mois.",
        &["long_hours", "not_paid", "forced_work"],
        false,
    ),
    (
        "en",
        "GB",
        "A woman at the nail salon looked frightened; the owner answered every question for her.",
        &["threatened"],
        false,
    ),
    (
        "es",
        "MX",
        "Llevan a mujeres de la central de autobuses a una casa; les prometieron trabajo en un hotel.",
        &["deceived", "forced_sex"],
        true,
    ),
    (
        "fr",
        "BE",
        "Une employée de maison ne peut pas sortir et dort dans la cuisine ; ses papiers ont été pris.",
        &["cannot_leave", "documents_taken", "deprived"],
        false,
    ),
    (
        "en",
        "TH",
        "Fishermen on a boat in the harbour say they were beaten and have not been ashore for months.",
        &["hurt", "cannot_leave", "forced_work"],
        false,
    ),
    (
        "es",
        "PE",
        "En la mina trabajan niños; los patrones les quitan el sueldo para pagar la comida.",
        &["not_paid", "forced_work"],
        false,
    ),
    (
        "fr",
        "SN",
        "Une jeune fille va être mariée de force le mois prochain à un homme beaucoup plus âgé.",
        &["forced_marriage", "threatened"],
        true,
    ),
    (
        "en",
        "US",
        "Car wash workers live above the shop, are driven to work and back, and never carry their own phones.",
        &["cannot_leave", "not_paid"],
        false,
    ),
];

/// A city of the country where a demo report says it happened, so that the hub's hotspots
/// have points to count (any city; nothing in the texts happened anywhere).
fn place_in(country: &str) -> &'static str {
    match country {
        "PT" => "Faro",
        "ES" => "Almería",
        "FR" => "Lyon",
        "GB" => "Leicester",
        "MX" => "Tijuana",
        "BE" => "Antwerp",
        "TH" => "Pattaya",
        "PE" => "Lima",
        "SN" => "Dakar",
        "US" => "Houston",
        _ => "",
    }
}

/// Fictitious people for demo cases: a name and an alias, a phone number, a citizenship
/// (ISO 3166-1 alpha-2). Invented; any likeness to a real person is chance.
pub const CASE_PEOPLE: &[(&str, &str, &str, &str)] = &[
    ("Marisol Quintana Reyes", "Mari", "+504 9911 2233", "HN"),
    ("Nguyen Thi Lan", "Lan", "+84 91 234 5678", "VN"),
    ("Amina Diallo", "", "+221 77 123 45 67", "SN"),
    ("Oleksandra Kovalenko", "Sasha", "+380 67 123 4567", "UA"),
    ("Rosa Elena Mamani", "", "+591 712 34567", "BO"),
    ("Joseph Mensah", "Joe", "+233 24 123 4567", "GH"),
];

/// `n` fictitious reports, cycling through [`REPORT_TEXTS`]: language, country, text, signs,
/// whether someone is in danger now.
pub fn reports(n: usize) -> impl Iterator<Item = (&'static str, faro_domain::report::RawReport)> {
    REPORT_TEXTS
        .iter()
        .cycle()
        .take(n)
        .map(|(lang, country, what, signs, urgent)| {
            let raw = faro_domain::report::RawReport {
                what: (*what).into(),
                country: (*country).into(),
                signs: signs.iter().map(|s| (*s).into()).collect(),
                urgent: *urgent,
                contact: "follow_up".into(),
                place: place_in(country).into(),
                ..Default::default()
            };
            (*lang, raw)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(seed: u64, rows: u64, dirty: f64) -> (Vec<u8>, GenerateSummary) {
        let mut out = Vec::new();
        let s = generate(
            &mut out,
            &GenerateOptions {
                rows,
                seed,
                dirty,
                format: ExportFormat::CsvA,
            },
        )
        .unwrap();
        (out, s)
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
        assert_eq!(make(7, 200, 0.1).0, make(7, 200, 0.1).0);
        assert_ne!(make(7, 200, 0.0).0, make(8, 200, 0.0).0);
    }

    #[test]
    fn generated_records_are_consistent_and_mostly_corridor_shaped() {
        let mut g = Generator::new(1);
        let records: Vec<Record> = (0..2000).map(|_| g.record()).collect();
        assert!(records.iter().all(|c| c.check_consistency().is_empty()));
        let female = records
            .iter()
            .filter(|c| c.gender == Some(Gender::Female))
            .count();
        assert!((1000..1700).contains(&female), "female share {female}/2000");
        let unknown_age = records.iter().filter(|c| c.age.is_none()).count();
        assert!(
            (400..800).contains(&unknown_age),
            "unknown age {unknown_age}/2000"
        );
    }

    #[test]
    fn dirty_share_is_close_to_the_request() {
        let (_, s) = make(3, 5000, 0.1);
        assert!((400..600).contains(&s.dirty_rows), "{s:?}");
    }
}
