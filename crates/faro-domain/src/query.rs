//! Dimensions and filters: the one language in which the CLI, the API and the UI ask for data.
//!
//! Ids and value syntax are fixed by `specs/interfaces.md`: `gender=female,male`, `unknown` for
//! records where the fact is unknown, `year=2015..2018` with open ends allowed.

pub use crate::error::quoted;
use crate::vocab::{
    AgeBroad, Gender, Labour, Majority, Means, MeansDetail, Modality, Recruiter, SexType,
    TraffickMonths, Vocabulary,
};
use crate::{Country, Message, Record, ValidationError, problem};

/// Something records can be grouped and filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Year,
    Gender,
    Age,
    Majority,
    Citizenship,
    ExploitationCountry,
    Modality,
    Means,
    MeansDetail,
    Labour,
    Sex,
    Recruiter,
    Source,
    TraffickMonths,
}

/// The value of a record in a dimension, for output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DimValue {
    Unknown,
    Year(u16),
    Code(&'static str),
    Country(Country),
    Source(i64),
}

/// How a dimension holds a record's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// At most one value per record (a vocabulary term, a country, a year).
    Single,
    /// Several yes-flags per record (one-hot flag groups).
    Multi,
    /// The record's import source.
    Source,
}

/// One description of a dimension. Every other list of dimensions is derived from
/// [`DIMENSIONS`] (the index's columns, the quasi-identifiers of disclosure control, the
/// differentially private tables), so a new HTCDS field is one line here (and its vocabulary).
#[derive(Debug, Clone, Copy)]
pub struct DimensionInfo {
    pub dimension: Dimension,
    /// The id of the CLI, the API and the URLs (`specs/interfaces.md`).
    pub id: &'static str,
    pub shape: Shape,
    /// Whether someone who knows a victim could know it of them (CTDC's quasi-identifiers):
    /// what k-anonymity and the differentially private tables protect.
    pub quasi_identifier: bool,
    /// The CTDC column (layout A) of a single-valued dimension; a multi-valued one is read from
    /// its vocabulary's flag columns.
    pub ctdc_column: Option<&'static str>,
}

const fn info(
    dimension: Dimension,
    id: &'static str,
    shape: Shape,
    quasi_identifier: bool,
    ctdc_column: Option<&'static str>,
) -> DimensionInfo {
    DimensionInfo {
        dimension,
        id,
        shape,
        quasi_identifier,
        ctdc_column,
    }
}

/// Every dimension, in the order of [`Dimension`]'s variants (a test checks it).
pub const DIMENSIONS: [DimensionInfo; 14] = {
    use Dimension as D;
    use Shape::{Multi, Single};
    [
        info(D::Year, "year", Single, true, Some("yearOfRegistration")),
        info(D::Gender, "gender", Single, true, Some("gender")),
        info(D::Age, "age", Single, true, Some("ageBroad")),
        info(
            D::Majority,
            "majority",
            Single,
            true,
            Some("majorityStatus"),
        ),
        info(
            D::Citizenship,
            "citizenship",
            Single,
            true,
            Some("citizenship"),
        ),
        info(
            D::ExploitationCountry,
            "exploitation_country",
            Single,
            true,
            Some("CountryOfExploitation"),
        ),
        info(D::Modality, "modality", Multi, true, None),
        info(D::Means, "means", Multi, false, None),
        info(D::MeansDetail, "means_detail", Multi, false, None),
        info(D::Labour, "labour", Multi, false, None),
        info(D::Sex, "sex", Multi, false, None),
        info(D::Recruiter, "recruiter", Multi, false, None),
        info(D::Source, "source", Shape::Source, false, None),
        info(
            D::TraffickMonths,
            "traffick_months",
            Single,
            false,
            Some("traffickMonths"),
        ),
    ]
};

/// Whether `d` is of `shape` (and a quasi-identifier, when only those are asked for).
const fn selected(d: &DimensionInfo, shape: Shape, quasi_only: bool) -> bool {
    d.shape as u8 == shape as u8 && (d.quasi_identifier || !quasi_only)
}

/// How many dimensions of `shape` there are (quasi-identifiers only, when asked).
const fn count(shape: Shape, quasi_only: bool) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < DIMENSIONS.len() {
        if selected(&DIMENSIONS[i], shape, quasi_only) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The dimensions of `shape` (quasi-identifiers only, when asked), in [`DIMENSIONS`]' order.
const fn pick<const N: usize>(shape: Shape, quasi_only: bool) -> [Dimension; N] {
    let mut out = [Dimension::Year; N];
    let (mut i, mut n) = (0, 0);
    while i < DIMENSIONS.len() {
        if selected(&DIMENSIONS[i], shape, quasi_only) {
            out[n] = DIMENSIONS[i].dimension;
            n += 1;
        }
        i += 1;
    }
    out
}

impl Dimension {
    pub const ALL: [Dimension; DIMENSIONS.len()] = {
        let mut all = [Dimension::Year; DIMENSIONS.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = DIMENSIONS[i].dimension;
            i += 1;
        }
        all
    };

    /// The single-valued dimensions (the index's `u16` columns).
    pub const SINGLE: [Dimension; count(Shape::Single, false)] = pick(Shape::Single, false);

    /// The multi-valued dimensions (the index's bit-mask columns).
    pub const MULTI: [Dimension; count(Shape::Multi, false)] = pick(Shape::Multi, false);

    /// The single-valued quasi-identifiers (the differentially private tables' dimensions).
    pub const SINGLE_QUASI_IDENTIFIERS: [Dimension; count(Shape::Single, true)] =
        pick(Shape::Single, true);

    /// How many quasi-identifiers there are, single- and multi-valued.
    pub const QUASI_IDENTIFIER_COUNT: usize =
        count(Shape::Single, true) + count(Shape::Multi, true);

    /// The dimension's description.
    pub fn info(self) -> &'static DimensionInfo {
        &DIMENSIONS[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn from_id(id: &str) -> Option<Dimension> {
        Self::ALL.into_iter().find(|d| d.id() == id)
    }

    /// Dimensions where a record can hold several values at once (one-hot flag groups).
    pub fn is_multi_valued(self) -> bool {
        self.info().shape == Shape::Multi
    }

    /// Whether someone who knows a victim could know this of them.
    pub fn is_quasi_identifier(self) -> bool {
        self.info().quasi_identifier
    }

    /// What the dimension means and which values it takes, for `--help` and OpenAPI.
    pub fn describe(self) -> String {
        match self {
            Dimension::Year => "year of registration; a year, a range `2015..2018` (open ends allowed: `2015..`), or `unknown`; comma-separated".into(),
            Dimension::Citizenship | Dimension::ExploitationCountry => {
                let what = if self == Dimension::Citizenship { "citizenship" } else { "country of exploitation" };
                format!("{what}: ISO 3166-1 alpha-2 codes (`UA,PH`) or `unknown`")
            }
            Dimension::Source => "import source: source ids (see `/api/v1/sources`) or `unknown`".into(),
            _ => format!(
                "{}{}: {} or `unknown`",
                self.id(),
                if self.is_multi_valued() { " (several per record)" } else { "" },
                quoted(self.codes().iter())
            ),
        }
    }

    /// The codes of a vocabulary dimension (empty for year, countries and sources).
    pub fn codes(self) -> Vec<&'static str> {
        fn of<V: Vocabulary>() -> Vec<&'static str> {
            V::ALL.iter().map(|v| v.code()).collect()
        }
        match self {
            Dimension::Gender => of::<Gender>(),
            Dimension::Age => of::<AgeBroad>(),
            Dimension::Majority => of::<Majority>(),
            Dimension::Modality => of::<Modality>(),
            Dimension::Means => of::<Means>(),
            Dimension::MeansDetail => of::<MeansDetail>(),
            Dimension::Labour => of::<Labour>(),
            Dimension::Sex => of::<SexType>(),
            Dimension::Recruiter => of::<Recruiter>(),
            Dimension::TraffickMonths => of::<TraffickMonths>(),
            Dimension::Year
            | Dimension::Citizenship
            | Dimension::ExploitationCountry
            | Dimension::Source => Vec::new(),
        }
    }

    /// A single-valued record's dense value id (vocabulary index, country id, year), or `None`
    /// when unknown. Not for multi-valued dimensions or `source`.
    pub fn value_id(self, record: &Record) -> Option<u32> {
        fn ix<V: Vocabulary>(v: Option<V>) -> Option<u32> {
            v.map(|v| v.index() as u32)
        }
        match self {
            Dimension::Year => record.year.map(|y| y.get() as u32),
            Dimension::Gender => ix(record.gender),
            Dimension::Age => ix(record.age),
            Dimension::Majority => ix(record.majority),
            Dimension::TraffickMonths => ix(record.traffick_months),
            Dimension::Citizenship => record.citizenship.map(|c| c.id() as u32),
            Dimension::ExploitationCountry => record.exploitation_country.map(|c| c.id() as u32),
            _ => None,
        }
    }

    /// A multi-valued record's yes-flags as a bit mask over the dimension's vocabulary.
    pub fn value_bits(self, record: &Record) -> u32 {
        match self {
            Dimension::Modality => record.modalities().set_bits(),
            Dimension::Means => record.means.set_bits(),
            Dimension::MeansDetail => record.means_detail.set_bits(),
            Dimension::Labour => record.labour.set_bits(),
            Dimension::Sex => record.sex.set_bits(),
            Dimension::Recruiter => record.recruiter.set_bits(),
            _ => 0,
        }
    }

    /// Turns a value id back into its output form.
    pub fn value(self, id: u32) -> DimValue {
        let code = self.codes().get(id as usize).copied();
        match self {
            Dimension::Year => DimValue::Year(id as u16),
            Dimension::Citizenship | Dimension::ExploitationCountry => {
                Country::from_id(id as u16).map_or(DimValue::Unknown, DimValue::Country)
            }
            Dimension::Source => DimValue::Source(id as i64),
            _ => code.map_or(DimValue::Unknown, DimValue::Code),
        }
    }
}

impl DimValue {
    /// The text form used in tables, CSV and filters (`unknown` for an unknown value).
    pub fn text(&self) -> String {
        match self {
            DimValue::Unknown => "unknown".into(),
            DimValue::Year(y) => y.to_string(),
            DimValue::Code(c) => (*c).into(),
            DimValue::Country(c) => c.alpha2().into(),
            DimValue::Source(s) => s.to_string(),
        }
    }
}

/// Which values of one dimension a filter keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Value ids as [`Dimension::value_id`] and the bit positions of [`Dimension::value_bits`]
    /// number them; source ids for `source`.
    pub ids: Vec<i64>,
    /// Inclusive year ranges (for `year` only).
    pub ranges: Vec<(Option<u16>, Option<u16>)>,
    /// Keep records where the fact is unknown.
    pub unknown: bool,
}

impl Selection {
    /// Parses a comma-separated value list for `dim`, naming the first bad item.
    pub fn parse(dim: Dimension, text: &str) -> Result<Selection, ValidationError> {
        let mut sel = Selection {
            ids: Vec::new(),
            ranges: Vec::new(),
            unknown: false,
        };
        let bad = |item: &str, why: Message| ValidationError::new(dim.id(), why).of(item);
        let items: Vec<&str> = text
            .split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        if items.is_empty() {
            return Err(ValidationError::new(
                dim.id(),
                Message::new(problem::EMPTY_FILTER),
            ));
        }
        if items.len() > MAX_FILTER_VALUES {
            return Err(ValidationError::new(
                dim.id(),
                Message::new(problem::TOO_MANY_VALUES)
                    .with("count", items.len())
                    .with("max", MAX_FILTER_VALUES),
            ));
        }
        for item in items {
            if item == "unknown" {
                sel.unknown = true;
                continue;
            }
            match dim {
                Dimension::Year => sel
                    .ranges
                    .push(parse_year_range(item).map_err(|w| bad(item, w))?),
                Dimension::Citizenship | Dimension::ExploitationCountry => {
                    let c = Country::parse(item, false).map_err(|w| bad(item, w))?;
                    sel.ids.push(c.id() as i64);
                }
                Dimension::Source => {
                    let id = item
                        .parse::<i64>()
                        .ok()
                        .filter(|i| *i > 0)
                        .ok_or_else(|| bad(item, Message::new(problem::NOT_A_SOURCE)))?;
                    sel.ids.push(id);
                }
                _ => {
                    let codes = dim.codes();
                    let ix = codes.iter().position(|c| *c == item).ok_or_else(|| {
                        bad(
                            item,
                            Message::new(problem::NOT_A_CODE)
                                .with("dimension", dim.id())
                                .with("expected", quoted(codes.iter())),
                        )
                    })?;
                    sel.ids.push(ix as i64);
                }
            }
        }
        sel.ids.sort_unstable();
        sel.ids.dedup();
        sel.ranges = merge_ranges(sel.ranges);
        Ok(sel)
    }

    /// The selection in the syntax [`Selection::parse`] reads, so that a parsed filter can be
    /// written back into a link.
    pub fn text(&self, dim: Dimension) -> String {
        let mut items: Vec<String> = match dim {
            Dimension::Year => self
                .ranges
                .iter()
                .map(|(lo, hi)| match (lo, hi) {
                    (Some(l), Some(h)) if l == h => l.to_string(),
                    _ => format!(
                        "{}..{}",
                        lo.map(|y| y.to_string()).unwrap_or_default(),
                        hi.map(|y| y.to_string()).unwrap_or_default()
                    ),
                })
                .collect(),
            Dimension::Source => self.ids.iter().map(i64::to_string).collect(),
            _ => self
                .ids
                .iter()
                .map(|id| dim.value(u32::try_from(*id).unwrap_or(u32::MAX)).text())
                .collect(),
        };
        if self.unknown {
            items.push("unknown".into());
        }
        items.join(",")
    }

    pub fn year_matches(&self, year: u16) -> bool {
        self.ranges
            .iter()
            .any(|(lo, hi)| lo.is_none_or(|lo| year >= lo) && hi.is_none_or(|hi| year <= hi))
    }
}

/// Values one filter may list: more than the 250 countries and `unknown`, few enough that no
/// database's expression depth is reached.
pub const MAX_FILTER_VALUES: usize = 260;

/// Overlapping or adjacent year ranges as one (`None` is an open end).
fn merge_ranges(mut ranges: Vec<(Option<u16>, Option<u16>)>) -> Vec<(Option<u16>, Option<u16>)> {
    ranges.sort_by_key(|(lo, _)| lo.unwrap_or(0));
    let mut merged: Vec<(Option<u16>, Option<u16>)> = Vec::with_capacity(ranges.len());
    for (lo, hi) in ranges {
        match merged.last_mut() {
            Some((_, last_hi))
                if last_hi.is_none_or(|h| lo.unwrap_or(0) <= h.saturating_add(1)) =>
            {
                *last_hi = match (*last_hi, hi) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => merged.push((lo, hi)),
        }
    }
    merged
}

fn parse_year_range(item: &str) -> Result<(Option<u16>, Option<u16>), Message> {
    let year = |s: &str| -> Result<Option<u16>, Message> {
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<u16>()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .map(Some)
            .ok_or_else(|| Message::new(problem::NOT_A_YEAR_RANGE))
    };
    match item.split_once("..") {
        Some((lo, hi)) => {
            let (lo, hi) = (year(lo.trim())?, year(hi.trim())?);
            // `2018..2015` means the years between, as `2015..2018` does.
            match (lo, hi) {
                (Some(l), Some(h)) if l > h => Ok((Some(h), Some(l))),
                range => Ok(range),
            }
        }
        None => {
            let y = year(item)?.ok_or_else(|| Message::new(problem::NOT_A_YEAR_RANGE))?;
            Ok((Some(y), Some(y)))
        }
    }
}

/// A conjunction of selections, at most one per dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    selections: Vec<(Dimension, Selection)>,
}

impl Filter {
    pub fn new() -> Self {
        Filter::default()
    }

    /// Adds a dimension's selection; a second one for the same dimension is an error, since
    /// silently keeping either would surprise the caller.
    pub fn add(&mut self, dim: Dimension, text: &str) -> Result<(), ValidationError> {
        if self.get(dim).is_some() {
            return Err(ValidationError::new(
                dim.id(),
                Message::new(problem::GIVEN_TWICE),
            ));
        }
        let sel = Selection::parse(dim, text)?;
        self.selections.push((dim, sel));
        Ok(())
    }

    pub fn get(&self, dim: Dimension) -> Option<&Selection> {
        self.selections
            .iter()
            .find(|(d, _)| *d == dim)
            .map(|(_, s)| s)
    }

    pub fn selections(&self) -> &[(Dimension, Selection)] {
        &self.selections
    }

    pub fn is_empty(&self) -> bool {
        self.selections.is_empty()
    }

    /// Drops the selection of `dim`, if any.
    pub fn remove(&mut self, dim: Dimension) {
        self.selections.retain(|(d, _)| *d != dim);
    }

    /// Each selection as (dimension id, text), in the order given: the filter as a query
    /// string's pairs.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        self.selections
            .iter()
            .map(|(d, s)| (d.id(), s.text(*d)))
            .collect()
    }
}

/// Parses `--by year,gender` / `by=year,gender`: known ids, no repeats, one to three.
pub fn parse_group_by(text: &str) -> Result<Vec<Dimension>, ValidationError> {
    let mut dims = Vec::new();
    for raw in text.split(',') {
        let id = raw.trim();
        let dim = Dimension::from_id(id).ok_or_else(|| {
            ValidationError::new(
                "by",
                Message::new(problem::NOT_A_DIMENSION)
                    .with("expected", quoted(Dimension::ALL.iter().map(|d| d.id()))),
            )
            .of(id)
        })?;
        if dims.contains(&dim) {
            return Err(ValidationError::new("by", Message::new(problem::DIMENSION_TWICE)).of(id));
        }
        dims.push(dim);
    }
    if dims.len() > 3 {
        return Err(ValidationError::new(
            "by",
            Message::new(problem::TOO_MANY_DIMENSIONS),
        ));
    }
    Ok(dims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_holds_at_most_260_values_and_merges_its_years() {
        let many: Vec<String> = (0..1001).map(|i| (1000 + i).to_string()).collect();
        let err = Selection::parse(Dimension::Year, &many.join(",")).unwrap_err();
        assert_eq!(err.message.key, problem::TOO_MANY_VALUES);
        assert_eq!(err.message.arg("count"), Some("1001"), "{err}");
        let all_countries: Vec<&str> = Country::all().map(|c| c.alpha2()).collect();
        let every = format!("{},unknown", all_countries.join(","));
        assert_eq!(
            Selection::parse(Dimension::Citizenship, &every)
                .unwrap()
                .ids
                .len(),
            250
        );
        let years =
            Selection::parse(Dimension::Year, "2015,2016..2018,2010..2012,2017,..2005").unwrap();
        assert_eq!(
            years.ranges,
            [
                (None, Some(2005)),
                (Some(2010), Some(2012)),
                (Some(2015), Some(2018))
            ]
        );
        let open = Selection::parse(Dimension::Year, "2019..,2001,2021..2030").unwrap();
        assert_eq!(open.ranges, [(Some(2001), Some(2001)), (Some(2019), None)]);
        let twice = Selection::parse(Dimension::Gender, "female,female,male").unwrap();
        assert_eq!(twice.ids.len(), 2);
    }

    #[test]
    fn a_parsed_filter_writes_back_as_it_reads() {
        let mut f = Filter::new();
        for (dim, text) in [
            (Dimension::Year, "2015..2018,2020,..2003,2022.."),
            (Dimension::Gender, "male,female,unknown"),
            (Dimension::Citizenship, "UA,ph"),
            (Dimension::Means, "threats"),
            (Dimension::Source, "7,3"),
        ] {
            f.add(dim, text).unwrap();
        }
        let pairs = f.pairs();
        assert_eq!(
            pairs.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
            [
                "..2003,2015..2018,2020,2022..",
                "female,male,unknown",
                "PH,UA",
                "threats",
                "3,7"
            ]
        );
        let mut again = Filter::new();
        for (id, text) in &pairs {
            again.add(Dimension::from_id(id).unwrap(), text).unwrap();
        }
        assert_eq!(again, f);
        again.remove(Dimension::Gender);
        assert!(again.get(Dimension::Gender).is_none() && again.get(Dimension::Year).is_some());
    }

    #[test]
    fn codes_ranges_and_unknown_parse() {
        let s = Selection::parse(Dimension::Gender, "female, male,unknown").unwrap();
        assert_eq!(s.ids, [0, 1]);
        assert!(s.unknown);
        let y = Selection::parse(Dimension::Year, "2015..2018,2020,..2003").unwrap();
        assert!(y.year_matches(2016) && y.year_matches(2020) && y.year_matches(1999));
        assert!(!y.year_matches(2019) && !y.year_matches(2004));
        let c = Selection::parse(Dimension::Citizenship, "na,UA").unwrap();
        assert_eq!(c.ids.len(), 2);
    }

    #[test]
    fn the_description_of_the_dimensions_is_in_the_order_of_their_variants() {
        for (i, d) in DIMENSIONS.iter().enumerate() {
            assert_eq!(d.dimension as usize, i, "{} is out of place", d.id);
            assert_eq!(Dimension::from_id(d.id), Some(d.dimension));
            assert_eq!(
                d.ctdc_column.is_some(),
                d.shape == Shape::Single,
                "{}",
                d.id
            );
        }
        assert_eq!(
            Dimension::SINGLE.len() + Dimension::MULTI.len() + 1,
            Dimension::ALL.len()
        );
        assert!(Dimension::SINGLE.iter().all(|d| !d.is_multi_valued()));
        assert!(Dimension::MULTI.iter().all(|d| d.is_multi_valued()));
        assert_eq!(
            Dimension::SINGLE_QUASI_IDENTIFIERS.len() + 1,
            Dimension::QUASI_IDENTIFIER_COUNT,
            "modality is the one multi-valued quasi-identifier"
        );
    }

    #[test]
    fn bad_values_name_the_dimension_and_the_value() {
        let e = Selection::parse(Dimension::Gender, "female,alien").unwrap_err();
        assert_eq!(e.field, "gender");
        assert_eq!(e.value.as_deref(), Some("alien"), "{e}");
        assert_eq!(e.message.key, problem::NOT_A_CODE, "{e}");
        assert_eq!(e.message.arg("dimension"), Some("gender"), "{e}");
        let reversed = Selection::parse(Dimension::Year, "2018..2015").unwrap();
        assert_eq!(
            reversed.ranges,
            [(Some(2015), Some(2018))],
            "the years between"
        );
        assert!(Selection::parse(Dimension::Year, "20x5").is_err());
        assert!(Selection::parse(Dimension::Source, "-3").is_err());
        assert!(Selection::parse(Dimension::Age, "").is_err());
    }

    #[test]
    fn a_dimension_given_twice_is_an_error() {
        let mut f = Filter::new();
        f.add(Dimension::Gender, "female").unwrap();
        assert!(f.add(Dimension::Gender, "male").is_err());
    }

    #[test]
    fn group_by_takes_one_to_three_known_dimensions() {
        assert_eq!(
            parse_group_by("year,gender").unwrap(),
            [Dimension::Year, Dimension::Gender]
        );
        assert!(parse_group_by("year,year").is_err());
        assert!(parse_group_by("colour").is_err());
        assert!(parse_group_by("year,gender,age,sex").is_err());
    }

    #[test]
    fn every_dimension_id_round_trips() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::from_id(d.id()), Some(d));
            assert!(!d.describe().is_empty());
        }
    }
}
