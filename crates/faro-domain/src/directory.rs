//! The directory of service providers (the referral mechanism's "where to send a person"): who
//! may see an entry or a location, what a service offers in the case issue's service
//! vocabulary, and the taxonomies Faro reads and writes in Open Referral's HSDS files.
//!
//! HSDS has no notion of a confidential address (Polaris asked for one); Faro adds it as an
//! [`Audience`] on each location and each service, carried in HSDS files as an attribute of
//! Faro's own taxonomy so that an export read back keeps it.

use crate::case::ServiceKind;
use crate::{Message, ValidationError, Vocabulary, problem};
use serde_json::{Map, Value};

vocabulary! {
    /// Who may see a directory entry or one of its locations. A service's audience decides who
    /// finds it; a location's who reads its address and point. Others told of a confidential
    /// location read "contact to arrange".
    Audience, "audience" {
        Public => ("public", "public", "Everyone, in the public HSDS API"),
        Partners => ("partners", "partners", "Staff of every organisation on this instance"),
        Confidential => ("confidential", "confidential", "Only the organisation that keeps the entry"),
    }
}

impl Audience {
    /// Whether `self` is at most as wide as `other`: a location is never shown wider than its
    /// service is.
    pub fn within(self, other: Audience) -> bool {
        self.index() >= other.index()
    }

    /// The narrower of the two.
    pub fn narrowest(self, other: Audience) -> Audience {
        if self.within(other) { self } else { other }
    }
}

/// The name of Faro's taxonomy of needs in HSDS files (its terms' codes are
/// [`ServiceKind`] codes).
pub const NEEDS_TAXONOMY: &str = "faro-services";
/// The taxonomy whose term (an [`Audience`] code) sets an entry's or a location's audience.
pub const AUDIENCE_TAXONOMY: &str = "faro-audience";
/// The taxonomy of a shelter's capacity: term `beds_free` (the value is the count) and
/// `beds_updated` (the value is when, RFC 3339).
pub const CAPACITY_TAXONOMY: &str = "faro-capacity";
/// The taxonomy whose terms (codes of the vocabulary `gender`) name the genders a service is
/// for; a service with none of them is for anyone. HSDS has no field for it.
pub const GENDER_TAXONOMY: &str = "faro-gender";
/// Open Eligibility, the published taxonomy of human services most HSDS feeds use.
pub const OPEN_ELIGIBILITY: &str = "open_eligibility";

/// Open Eligibility's terms (by name, lower case) that mean one of Faro's needs; Faro writes
/// the first term of each need beside its own.
const OPEN_ELIGIBILITY_TERMS: &[(&str, ServiceKind)] = &[
    ("emergency shelter", ServiceKind::SafeHousing),
    ("temporary shelter", ServiceKind::SafeHousing),
    ("housing", ServiceKind::SafeHousing),
    ("medical care", ServiceKind::Medical),
    ("health", ServiceKind::Medical),
    ("mental health care", ServiceKind::Psychosocial),
    ("counseling", ServiceKind::Psychosocial),
    ("legal", ServiceKind::Legal),
    ("translation & interpretation", ServiceKind::Interpretation),
    ("transportation", ServiceKind::Return),
    ("skills & training", ServiceKind::Reintegration),
    ("employment", ServiceKind::Livelihood),
    ("work", ServiceKind::Livelihood),
    ("education", ServiceKind::Education),
];

/// The need an HSDS taxonomy term stands for, if Faro knows it: one of Faro's own terms, or an
/// Open Eligibility term that fits.
pub fn need_of_term(taxonomy: &str, code: Option<&str>, name: Option<&str>) -> Option<ServiceKind> {
    let taxonomy = taxonomy.trim().to_ascii_lowercase();
    if taxonomy == NEEDS_TAXONOMY {
        return code.and_then(|c| ServiceKind::from_code(c.trim()));
    }
    if taxonomy.replace([' ', '-'], "_") == OPEN_ELIGIBILITY {
        let name = name?.trim().to_lowercase();
        return OPEN_ELIGIBILITY_TERMS
            .iter()
            .find(|(term, _)| *term == name)
            .map(|(_, need)| *need);
    }
    None
}

/// The Open Eligibility term Faro writes for a need, where one fits.
pub fn open_eligibility_term(need: ServiceKind) -> Option<&'static str> {
    OPEN_ELIGIBILITY_TERMS
        .iter()
        .find(|(_, n)| *n == need)
        .map(|(term, _)| *term)
}

/// A place on Earth as a directory gives it: both coordinates or neither, each within range.
pub fn coordinates(
    latitude: Option<f64>,
    longitude: Option<f64>,
) -> Result<Option<(f64, f64)>, ValidationError> {
    match (latitude, longitude) {
        (None, None) => Ok(None),
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
                return Err(ValidationError::new(
                    "latitude",
                    Message::new(problem::NOT_A_LATITUDE),
                )
                .of(lat.to_string()));
            }
            if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
                return Err(ValidationError::new(
                    "longitude",
                    Message::new(problem::NOT_A_LONGITUDE),
                )
                .of(lon.to_string()));
            }
            Ok(Some((lat, lon)))
        }
        (Some(_), None) => Err(ValidationError::new(
            "longitude",
            Message::new(problem::HALF_A_POINT),
        )),
        (None, Some(_)) => Err(ValidationError::new(
            "latitude",
            Message::new(problem::HALF_A_POINT),
        )),
    }
}

/// Days after which an entry nobody vouched for again is said to be stale.
pub const STALE_DAYS: i32 = 365;

/// Nobody vouched for the entry (its HSDS `assured_date`, YYYY-MM-DD) in the last
/// [`STALE_DAYS`] before `today`, or ever: the directory says so beside it.
pub fn stale(assured_date: Option<&str>, today: crate::case::Day) -> bool {
    assured_date
        .and_then(|d| crate::case::Day::parse(d, "assured_date").ok())
        .is_none_or(|d| today.0 - d.0 > STALE_DAYS)
}

/// Minutes in a week, counted from Monday 00:00 UTC.
pub const WEEK_MINUTES: u32 = 7 * 24 * 60;

/// The minute of the week (from Monday 00:00 UTC) at Unix time `seconds`.
pub fn week_minute(seconds: i64) -> u32 {
    // 1970-01-01 was a Thursday, three days after a Monday.
    let minutes = seconds.div_euclid(60) + 3 * 24 * 60;
    minutes.rem_euclid(i64::from(WEEK_MINUTES)) as u32
}

/// When a service is open in a week: intervals of minutes from Monday 00:00 UTC, each
/// `[opens, closes)`; one that runs past Sunday midnight is split in two. Kept as text
/// (`480-960 1920-2400`) beside the entry, so that "open now" is a comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hours(Vec<(u32, u32)>);

impl Hours {
    /// Adds the hours of one day (`day`: 0 for Monday), `opens` and `closes` in minutes after
    /// midnight local time, `offset` the local time's minutes ahead of UTC. A closing time at
    /// or before the opening runs past midnight.
    pub fn add(&mut self, day: u32, opens: u32, closes: u32, offset: i32) {
        let week = i64::from(WEEK_MINUTES);
        let length = if closes > opens {
            closes - opens
        } else {
            closes + 24 * 60 - opens
        };
        let start = (i64::from(day % 7) * 24 * 60 + i64::from(opens) - i64::from(offset))
            .rem_euclid(week) as u32;
        let end = start + length;
        if end <= WEEK_MINUTES {
            self.0.push((start, end));
        } else {
            self.0.push((start, WEEK_MINUTES));
            self.0.push((0, end - WEEK_MINUTES));
        }
        self.0.sort_unstable();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Open at `minute` of the week.
    pub fn open_at(&self, minute: u32) -> bool {
        self.0.iter().any(|(a, b)| (*a..*b).contains(&minute))
    }

    pub fn encode(&self) -> String {
        self.0
            .iter()
            .map(|(a, b)| format!("{a}-{b}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Hours as [`Hours::encode`] wrote them; `None` for anything else.
    pub fn decode(text: &str) -> Option<Hours> {
        let mut hours = Vec::new();
        for part in text.split_whitespace() {
            let (a, b) = part.split_once('-')?;
            let (a, b) = (a.parse().ok()?, b.parse().ok()?);
            if a >= b || b > WEEK_MINUTES {
                return None;
            }
            hours.push((a, b));
        }
        Some(Hours(hours))
    }
}

/// A language of a service as HSDS gives it (`languages[].code`): ISO 639-1, or ISO 639-3
/// where 639-1 has none; lower case.
pub fn language_code(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_lowercase();
    let code = code.split(['-', '_']).next().unwrap_or_default();
    ((2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase()))
        .then(|| code.to_string())
}

/// Great-circle distance in kilometres (haversine on a sphere of the Earth's mean radius):
/// good to a fraction of a percent, which is all "how far is the shelter" needs.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lat2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

/// An HSDS object as JSON.
pub type Object = Map<String, Value>;

/// An HSDS object kept whole: its id, its name if it has one, and the document without the
/// objects Faro stores apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub id: String,
    pub name: Option<String>,
    pub document: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub part: Part,
    pub point: Option<(f64, f64)>,
    /// Set by the file (an attribute of Faro's audience taxonomy); else the importer's choice.
    pub audience: Option<Audience>,
}

/// A service offered at a location (HSDS's `service_at_location`).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub link: Part,
    pub location: Location,
}

/// Beds free in a shelter and when someone last said so.
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    pub beds_free: u32,
    pub updated: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The service, without `organization` and `service_at_locations` (kept apart).
    pub service: Part,
    pub status: String,
    pub organization: Part,
    pub places: Vec<Place>,
    pub audience: Option<Audience>,
    pub needs: Vec<ServiceKind>,
    pub languages: Vec<String>,
    pub minimum_age: Option<u16>,
    pub maximum_age: Option<u16>,
    /// When someone last vouched for the entry (`assured_date`, YYYY-MM-DD).
    pub assured: Option<String>,
    pub capacity: Option<Capacity>,
    /// The genders the service is for; empty: anyone.
    pub genders: Vec<crate::vocab::Gender>,
    /// When it is open, if its schedules say.
    pub hours: Option<Hours>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_nest_from_public_to_confidential() {
        assert!(Audience::Confidential.within(Audience::Public));
        assert!(Audience::Partners.within(Audience::Partners));
        assert!(!Audience::Public.within(Audience::Partners));
        assert_eq!(
            Audience::Public.narrowest(Audience::Confidential),
            Audience::Confidential
        );
    }

    #[test]
    fn terms_of_faro_and_open_eligibility_map_to_needs() {
        assert_eq!(
            need_of_term("faro-services", Some("legal"), None),
            Some(ServiceKind::Legal)
        );
        assert_eq!(
            need_of_term("Open Eligibility", None, Some("Emergency Shelter")),
            Some(ServiceKind::SafeHousing)
        );
        assert_eq!(need_of_term("faro-services", Some("haircut"), None), None);
        assert_eq!(need_of_term("other", Some("legal"), Some("Legal")), None);
        for need in ServiceKind::ALL {
            if let Some(term) = open_eligibility_term(*need) {
                assert_eq!(
                    need_of_term(OPEN_ELIGIBILITY, None, Some(term)),
                    Some(*need)
                );
            }
        }
    }

    #[test]
    fn impossible_or_half_points_are_refused_naming_the_coordinate() {
        assert_eq!(coordinates(Some(40.4), Some(-3.7)), Ok(Some((40.4, -3.7))));
        assert_eq!(coordinates(None, None), Ok(None));
        let far = coordinates(Some(91.0), Some(0.0)).unwrap_err();
        assert_eq!(far.field, "latitude");
        let west = coordinates(Some(0.0), Some(-181.0)).unwrap_err();
        assert_eq!(west.field, "longitude");
        assert_eq!(coordinates(Some(1.0), None).unwrap_err().field, "longitude");
        assert!(coordinates(Some(f64::NAN), Some(0.0)).is_err());
    }

    #[test]
    fn language_codes_are_read_loosely_and_kept_strictly() {
        assert_eq!(language_code(" ES-mx").as_deref(), Some("es"));
        assert_eq!(language_code("fil").as_deref(), Some("fil"));
        assert_eq!(language_code("english"), None);
        assert_eq!(language_code("e1"), None);
    }

    #[test]
    fn hours_are_kept_in_utc_across_midnight_and_the_week_end() {
        assert_eq!(
            week_minute(0),
            3 * 24 * 60,
            "1970-01-01 00:00 was a Thursday"
        );
        assert_eq!(week_minute(4 * 86_400 + 60), 1, "Monday 00:01 UTC");
        let mut hours = Hours::default();
        // Monday 09:00–17:00 at UTC+1, and Sunday 22:00–02:00 at UTC.
        hours.add(0, 9 * 60, 17 * 60, 60);
        hours.add(6, 22 * 60, 2 * 60, 0);
        assert!(hours.open_at(8 * 60) && !hours.open_at(16 * 60));
        assert!(hours.open_at(WEEK_MINUTES - 1) && hours.open_at(60) && !hours.open_at(120));
        assert_eq!(Hours::decode(&hours.encode()), Some(hours));
        for bad in ["1-", "5-3", "0-99999", "a-b"] {
            assert_eq!(Hours::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn madrid_to_paris_is_about_1050_km() {
        let d = distance_km((40.4168, -3.7038), (48.8566, 2.3522));
        assert!((1040.0..1060.0).contains(&d), "{d}");
        assert!(distance_km((1.0, 1.0), (1.0, 1.0)).abs() < 1e-9);
    }
}
