//! ISO 3166-1 countries (and `XK` Kosovo, as IOM uses it) with a representative point.
//! Their names are words of the user interface and live in the translation files (`faro-i18n`).
//!
//! The table is vendored from the npm package world-countries (ODbL, `data/`), embedded in the
//! binary, and parsed once on first use.

use crate::{Message, problem};
use std::sync::LazyLock;

/// A country by its position in the embedded table; only valid codes can make one.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(u16);

#[derive(Debug)]
pub struct CountryInfo {
    pub alpha2: String,
    pub alpha3: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 numeric, as map boundaries (Natural Earth, world-atlas) key countries;
    /// `None` for Kosovo, which has no ISO code.
    pub numeric: Option<u16>,
    /// The UN geoscheme's region (`Africa`, `Americas`, …) and subregion (`Western Africa`,
    /// …), in English: data for generalising a country, not labels for people.
    pub region: String,
    pub subregion: String,
}

static TABLE: LazyLock<Vec<CountryInfo>> = LazyLock::new(|| {
    include_str!("../data/countries.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some(CountryInfo {
                alpha2: f.first()?.to_string(),
                alpha3: f.get(1)?.to_string(),
                lat: f.get(2)?.parse().ok()?,
                lon: f.get(3)?.parse().ok()?,
                numeric: f.get(4).and_then(|n| n.parse().ok()),
                region: f.get(5)?.to_string(),
                subregion: f.get(6)?.to_string(),
            })
        })
        .collect()
});

/// Codes that old CTDC dictionaries list but ISO 3166-1 withdrew; named in the error message.
const WITHDRAWN: &[(&str, &str, u16, &str)] = &[
    ("AN", "Netherlands Antilles", 2010, ""),
    ("ANT", "Netherlands Antilles", 2010, ""),
    ("ZR", "Zaire", 1997, "CD"),
    ("ZAR", "Zaire", 1997, "COD"),
    ("YU", "Yugoslavia", 2003, ""),
    ("CS", "Serbia and Montenegro", 2006, ""),
    ("TP", "East Timor", 2002, "TL"),
];

impl Country {
    /// Every country, in alpha-2 order.
    pub fn all() -> impl Iterator<Item = Country> {
        (0..TABLE.len()).map(|i| Country(i as u16))
    }

    /// Number of countries in the table; ids run from 0 to `count() - 1`.
    pub fn count() -> usize {
        TABLE.len()
    }

    pub fn from_alpha2(code: &str) -> Option<Country> {
        TABLE
            .binary_search_by(|c| c.alpha2.as_str().cmp(code))
            .ok()
            .map(|i| Country(i as u16))
    }

    pub fn from_alpha3(code: &str) -> Option<Country> {
        TABLE
            .iter()
            .position(|c| c.alpha3 == code)
            .map(|i| Country(i as u16))
    }

    /// Parses an upper- or lower-case code of the expected length, or says why not.
    pub fn parse(code: &str, alpha3: bool) -> Result<Country, Message> {
        let upper = code.trim().to_ascii_uppercase();
        let found = if alpha3 {
            Self::from_alpha3(&upper)
        } else {
            Self::from_alpha2(&upper)
        };
        if let Some(c) = found {
            return Ok(c);
        }
        if let Some((_, name, year, now)) = WITHDRAWN.iter().find(|(c, ..)| *c == upper) {
            return Err(Message::new(problem::WITHDRAWN_COUNTRY)
                .with("name", name)
                .with("year", year)
                .with("now", if now.is_empty() { "none" } else { now }));
        }
        Err(Message::new(if alpha3 {
            problem::NOT_ALPHA3
        } else {
            problem::NOT_ALPHA2
        }))
    }

    /// The table position, a dense id for in-memory indexes.
    pub fn id(self) -> u16 {
        self.0
    }

    /// The country with this ISO 3166-1 numeric code.
    pub fn from_numeric(code: u16) -> Option<Country> {
        TABLE
            .iter()
            .position(|i| i.numeric == Some(code))
            .map(|p| Country(p as u16))
    }

    pub fn from_id(id: u16) -> Option<Country> {
        ((id as usize) < TABLE.len()).then_some(Country(id))
    }

    pub fn info(self) -> &'static CountryInfo {
        &TABLE[self.0 as usize]
    }

    pub fn alpha2(self) -> &'static str {
        &self.info().alpha2
    }

    pub fn alpha3(self) -> &'static str {
        &self.info().alpha3
    }

    pub fn region(self) -> &'static str {
        &self.info().region
    }

    pub fn subregion(self) -> &'static str {
        &self.info().subregion
    }
}

impl std::fmt::Debug for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.alpha2())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_every_iso_country_with_a_point() {
        assert_eq!(Country::count(), 250);
        assert_eq!(Country::from_numeric(804).map(|c| c.alpha2()), Some("UA"));
        assert_eq!(Country::from_numeric(4).map(|c| c.alpha2()), Some("AF"));
        let numbered = Country::all()
            .filter(|c| c.info().numeric.is_some())
            .count();
        assert_eq!(
            numbered, 249,
            "every country but Kosovo has an ISO numeric code"
        );
        for c in Country::all() {
            let i = c.info();
            assert_eq!(i.alpha2.len(), 2);
            assert_eq!(i.alpha3.len(), 3);
            assert!((-90.0..=90.0).contains(&i.lat) && (-180.0..=180.0).contains(&i.lon));
            assert_eq!(Country::from_alpha3(&i.alpha3), Some(c));
            assert!(!i.region.is_empty() && !i.subregion.is_empty(), "{c:?}");
        }
        let ng = Country::parse("NG", false).expect("Nigeria");
        assert_eq!((ng.region(), ng.subregion()), ("Africa", "Western Africa"));
    }

    #[test]
    fn namibia_kosovo_and_alpha3_are_countries() {
        assert_eq!(Country::parse("NA", false).map(|c| c.alpha3()), Ok("NAM"));
        assert_eq!(Country::parse("xk", false).map(|c| c.alpha3()), Ok("XKX"));
        assert_eq!(Country::parse("MEX", true).map(|c| c.alpha2()), Ok("MX"));
    }

    #[test]
    fn withdrawn_and_made_up_codes_are_rejected_with_the_reason() {
        let antilles = Country::parse("AN", false).unwrap_err();
        assert_eq!(antilles.key, problem::WITHDRAWN_COUNTRY);
        assert_eq!(antilles.arg("now"), Some("none"));
        let zaire = Country::parse("ZR", false).unwrap_err();
        assert_eq!(
            (zaire.arg("name"), zaire.arg("now")),
            (Some("Zaire"), Some("CD"))
        );
        assert_eq!(
            Country::parse("QQ", false).unwrap_err().key,
            problem::NOT_ALPHA2
        );
        assert_eq!(
            Country::parse("US", true).unwrap_err().key,
            problem::NOT_ALPHA3
        );
    }
}
