//! Parsing one CTDC cell into the record: unknown markers, whole-number floats, codes.

use crate::columns::{Col, Derived};
use faro_domain::query::quoted;
use faro_domain::vocab::{AgeBroad, DataSource, Gender, Majority, TraffickMonths, Vocabulary};
use faro_domain::{Country, Message, Record, Year, problem};

/// How the values of a file are spelled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dialect {
    pub countries: CountryCodes,
    pub this_year: u16,
}

/// Which ISO 3166-1 code form a file uses for countries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CountryCodes {
    Alpha2,
    Alpha3,
    /// Faro's JSON lines: told apart by length.
    Either,
}

/// Whether a cell means "unknown". `NA` is Namibia in country columns, unknown elsewhere.
fn is_unknown(text: &str, country: bool) -> bool {
    text.is_empty()
        || text == "-99"
        || text == "-99.0"
        || text.eq_ignore_ascii_case("unknown")
        || (!country && text == "NA")
        || (country && (text == "00" || text == "0"))
}

/// An integer, also when a spreadsheet wrote it as a whole-number float (`2016.0`).
fn parse_whole(text: &str) -> Option<i64> {
    if let Ok(v) = text.parse::<i64>() {
        return Some(v);
    }
    let (int, frac) = text.split_once('.')?;
    if !frac.is_empty() && frac.bytes().all(|b| b == b'0') {
        int.parse().ok()
    } else {
        None
    }
}

fn flag(text: &str) -> Result<Option<bool>, Message> {
    if is_unknown(text, false) {
        return Ok(None);
    }
    match parse_whole(text) {
        Some(1) => Ok(Some(true)),
        Some(0) => Ok(Some(false)),
        _ => Err(Message::new(problem::NOT_A_FLAG)),
    }
}

fn code<V: Vocabulary>(
    text: &str,
    parse: impl Fn(&str) -> Option<V>,
) -> Result<Option<V>, Message> {
    if is_unknown(text, false) {
        return Ok(None);
    }
    parse(text).map(Some).ok_or_else(|| {
        Message::new(problem::NOT_A_TERM).with("expected", quoted(V::ALL.iter().map(|v| v.ctdc())))
    })
}

fn country(text: &str, d: &Dialect) -> Result<Option<Country>, Message> {
    if is_unknown(text, true) {
        return Ok(None);
    }
    let alpha3 = match d.countries {
        CountryCodes::Alpha2 => false,
        CountryCodes::Alpha3 => true,
        CountryCodes::Either => text.len() == 3,
    };
    Country::parse(text, alpha3).map(Some)
}

/// Stores the cell's value in `record`. Derived columns are checked elsewhere and ignored here.
pub(crate) fn apply(record: &mut Record, col: Col, raw: &str, d: &Dialect) -> Result<(), Message> {
    let text = raw.trim();
    match col {
        Col::Year => {
            record.year = if is_unknown(text, false) {
                None
            } else {
                let y = parse_whole(text).ok_or_else(|| Message::new(problem::NOT_A_YEAR))?;
                Some(Year::new(y, d.this_year)?)
            }
        }
        Col::Datasource => record.datasource = code(text, DataSource::from_ctdc)?,
        Col::Gender => record.gender = code(text, Gender::from_any)?,
        Col::Age => record.age = code(text, AgeBroad::from_any)?,
        Col::Majority => record.majority = code(text, Majority::from_ctdc)?,
        Col::MajorityAtExploit => record.majority_at_exploit = code(text, Majority::from_ctdc)?,
        Col::MajorityEntry => record.majority_entry = code(text, Majority::from_ctdc)?,
        Col::TraffickMonths => record.traffick_months = code(text, TraffickMonths::from_ctdc)?,
        Col::Citizenship => record.citizenship = country(text, d)?,
        Col::ExploitationCountry => record.exploitation_country = country(text, d)?,
        Col::Exploitation(v) => record.exploitation.put(v, flag(text)?),
        Col::Labour(v) => record.labour.put(v, flag(text)?),
        Col::Sex(v) => record.sex.put(v, flag(text)?),
        Col::MeansDetail(v) => record.means_detail.put(v, flag(text)?),
        Col::Means(v) => record.means.put(v, flag(text)?),
        Col::Recruiter(v) => record.recruiter.put(v, flag(text)?),
        Col::Abduction => record.abduction = flag(text)?,
        Col::Derived(_) => {}
    }
    Ok(())
}

/// Whether a derived column's value agrees with the record's flags. The spelling of the
/// descriptions differs between releases, so concatenations are compared by item count;
/// `RecruiterRelationship` by its values.
pub(crate) fn derived_agrees(record: &Record, which: Derived, raw: &str) -> bool {
    let text = raw.trim();
    if is_unknown(text, false) {
        return true;
    }
    let items: Vec<&str> = text
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let yes = match which {
        Derived::MeansConcat => record.means_detail.yes().count(),
        Derived::ExploitConcat => record.exploitation.yes().count(),
        Derived::LabourConcat => record.labour.yes().count(),
        Derived::SexConcat => record.sex.yes().count(),
        Derived::RecruiterRelationship => {
            return match recruiters_from_text(text) {
                Ok(set) => set == record.recruiter.yes().collect::<Vec<_>>(),
                Err(_) => false,
            };
        }
    };
    items.len() == yes
}

/// Reads `Intimate Partner;Friend` into recruiter relations, in vocabulary order.
pub(crate) fn recruiters_from_text(
    text: &str,
) -> Result<Vec<faro_domain::vocab::Recruiter>, Message> {
    use faro_domain::vocab::Recruiter;
    let mut found = Vec::new();
    for item in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let r = Recruiter::ALL
            .iter()
            .copied()
            .find(|r| r.relationship_text().eq_ignore_ascii_case(item))
            .ok_or_else(|| Message::new(problem::NOT_A_RECRUITER).with("item", item))?;
        if !found.contains(&r) {
            found.push(r);
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Dialect = Dialect {
        countries: CountryCodes::Alpha2,
        this_year: 2026,
    };

    fn one(col: Col, text: &str) -> Result<Record, Message> {
        let mut record = Record::default();
        apply(&mut record, col, text, &A).map(|_| record)
    }

    #[test]
    fn whole_number_floats_are_integers_and_fractions_are_not() {
        assert_eq!(parse_whole("2016.0"), Some(2016));
        assert_eq!(parse_whole("1.00"), Some(1));
        assert_eq!(parse_whole("1.5"), None);
        assert_eq!(parse_whole("2016."), None);
        assert_eq!(
            one(Col::Year, "2016.0").unwrap().year.map(|y| y.get()),
            Some(2016)
        );
        assert_eq!(
            one(Col::Abduction, "1.5").unwrap_err().key,
            problem::NOT_A_FLAG
        );
        assert_eq!(one(Col::Abduction, "0.0").unwrap().abduction, Some(false));
    }

    #[test]
    fn unknown_markers_are_unknown_and_na_is_namibia_only_in_country_columns() {
        for marker in ["", "-99", "Unknown", "NA"] {
            assert_eq!(one(Col::Gender, marker).unwrap().gender, None, "{marker:?}");
        }
        for marker in ["", "-99", "00", "0"] {
            assert_eq!(one(Col::Citizenship, marker).unwrap().citizenship, None);
        }
        let na = one(Col::Citizenship, "NA").unwrap().citizenship.unwrap();
        assert_eq!(na.alpha3(), "NAM");
    }

    #[test]
    fn values_outside_the_vocabulary_name_what_is_expected() {
        let e = one(Col::Gender, "Alien").unwrap_err();
        assert!(
            e.arg("expected")
                .is_some_and(|x| x.contains("`Female`, `Male`, `Transgender`")),
            "{e}"
        );
        assert_eq!(
            one(Col::Year, "1985").unwrap_err().key,
            problem::YEAR_OUT_OF_RANGE
        );
        assert_eq!(
            one(Col::Citizenship, "AN").unwrap_err().key,
            problem::WITHDRAWN_COUNTRY
        );
        assert!(one(Col::Majority, "Child").is_err());
    }

    #[test]
    fn recruiter_relationship_text_is_read_in_any_order_and_case() {
        use faro_domain::vocab::Recruiter;
        assert_eq!(
            recruiters_from_text("friend; Intimate Partner").unwrap(),
            [Recruiter::IntimatePartner, Recruiter::Friend]
        );
        assert!(recruiters_from_text("Neighbour").is_err());
    }
}
