//! A report: what someone saw or heard of a possible trafficking situation, from the public
//! form, a hotline call, an SMS or a chat. Not yet a victim record: staff triage it and may
//! promote it to one (the HTCDS fields are filled from the report, see [`Sign`]).
//!
//! Everything a reporter types is parsed here once, into a [`ReportDraft`] whose values are
//! valid; the problems are typed ([`ReportProblem`]) so that each page can say them in the
//! reporter's language.

pub use crate::gazetteer::Point;
use crate::vocab::{Exploitation, Gender, MeansDetail, Vocabulary};
use crate::{Country, Flags};

/// What happened, in the reporter's words: long enough for a hotline's notes, short enough
/// that a report is not a document store.
pub const REPORT_TEXT_MAX_CHARS: usize = 5_000;
/// A place, or a way to reach the reporter, in words.
pub const REPORT_LINE_MAX_CHARS: usize = 200;
/// A message of the follow-up conversation.
pub const MESSAGE_MAX_CHARS: usize = 5_000;
/// How many people a report may say it is about: beyond this it is a typing error.
pub const PEOPLE_MAX: u16 = 10_000;
/// The reasons a report is closed with.
pub const CLOSE_REASON_MAX_CHARS: usize = 500;

vocabulary! {
    /// How a report reached the organisation.
    Channel, "channel" {
        Web => ("web", "web", "Web form"),
        Phone => ("phone", "phone", "Hotline call"),
        Sms => ("sms", "sms", "Text message"),
        Chat => ("chat", "chat", "Chat"),
    }
}

vocabulary! {
    /// Where a report stands in triage.
    ReportStatus, "report_status" {
        New => ("new", "new", "New"),
        InReview => ("in_review", "in_review", "In review"),
        NeedsInformation => ("needs_information", "needs_information", "Needs information"),
        Duplicate => ("duplicate", "duplicate", "Duplicate"),
        Promoted => ("promoted", "promoted", "Promoted to a record"),
        Closed => ("closed", "closed", "Closed"),
    }
}

impl ReportStatus {
    /// Whether staff have finished with the report: it takes no more changes but a reopening.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ReportStatus::Duplicate | ReportStatus::Promoted | ReportStatus::Closed
        )
    }
}

vocabulary! {
    /// When it happened, as a reporter can say it.
    When, "report_when" {
        Ongoing => ("ongoing", "ongoing", "It is happening now"),
        PastWeek => ("past_week", "past_week", "In the last week"),
        PastMonth => ("past_month", "past_month", "In the last month"),
        PastYear => ("past_year", "past_year", "In the last year"),
        Earlier => ("earlier", "earlier", "More than a year ago"),
    }
}

vocabulary! {
    /// Roughly how old the people are.
    AgeGroup, "report_age" {
        Children => ("children", "children", "Children (under 18)"),
        Adults => ("adults", "adults", "Adults"),
    }
}

vocabulary! {
    /// Whether and how the reporter may be contacted.
    ContactWay, "report_contact" {
        NoContact => ("none", "none", "Do not contact me"),
        FollowUp => ("follow_up", "follow_up", "Through this site, with my receipt code"),
        Phone => ("phone", "phone", "By phone"),
        Email => ("email", "email", "By e-mail"),
    }
}

vocabulary! {
    /// Signs of trafficking in plain words, each standing for an HTCDS code (a means of
    /// control or a type of exploitation), so that a reporter never needs the jargon and a
    /// promoted record still speaks HTCDS. Appended only: the position is stored as a bit.
    Sign, "report_sign" {
        CannotLeave => ("cannot_leave", "cannot_leave", "Cannot leave or move freely"),
        DocumentsTaken => ("documents_taken", "documents_taken", "Passport or papers taken away"),
        OwesDebt => ("owes_debt", "owes_debt", "Owes a debt that never ends"),
        Threatened => ("threatened", "threatened", "Threatened, or their family is"),
        NotPaid => ("not_paid", "not_paid", "Not paid, or the pay is taken"),
        Hurt => ("hurt", "hurt", "Beaten or hurt"),
        LongHours => ("long_hours", "long_hours", "Works very long hours"),
        Deceived => ("deceived", "deceived", "Was promised a different job or life"),
        Deprived => ("deprived", "deprived", "Not given enough food, sleep or care"),
        ForcedSex => ("forced_sex", "forced_sex", "Made to sell sex"),
        ForcedWork => ("forced_work", "forced_work", "Made to work"),
        ForcedMarriage => ("forced_marriage", "forced_marriage", "Made to marry"),
    }
}

impl Sign {
    /// The HTCDS means of control this sign is evidence of, if any.
    pub fn means(self) -> Option<MeansDetail> {
        Some(match self {
            Sign::CannotLeave => MeansDetail::RestrictsMovement,
            Sign::DocumentsTaken => MeansDetail::WithholdsDocuments,
            Sign::OwesDebt => MeansDetail::DebtBondage,
            Sign::Threatened => MeansDetail::Threats,
            Sign::NotPaid => MeansDetail::TakesEarnings,
            Sign::Hurt => MeansDetail::PhysicalAbuse,
            Sign::LongHours => MeansDetail::ExcessiveWorkingHours,
            Sign::Deceived => MeansDetail::FalsePromises,
            Sign::Deprived => MeansDetail::WithholdsNecessities,
            Sign::ForcedSex | Sign::ForcedWork | Sign::ForcedMarriage => return None,
        })
    }

    /// The HTCDS type of exploitation this sign is evidence of, if any.
    pub fn exploitation(self) -> Option<Exploitation> {
        match self {
            Sign::ForcedSex => Some(Exploitation::SexualExploitation),
            Sign::ForcedWork => Some(Exploitation::ForcedLabour),
            Sign::ForcedMarriage => Some(Exploitation::ForcedMarriage),
            _ => None,
        }
    }
}

/// Words that suggest a code when a report's text holds them (English, Spanish, French; the
/// languages Faro has). Simple rules until text analysis comes: staff confirm every code.
const TEXT_RULES: &[(&[&str], Sign)] = &[
    (
        &[
            "passport",
            "pasaporte",
            "passeport",
            "papers",
            "papeles",
            "papiers",
            "documents",
            "documentos",
        ],
        Sign::DocumentsTaken,
    ),
    (
        &["debt", "deuda", "dette", "owe ", "owes", "debe "],
        Sign::OwesDebt,
    ),
    (
        &[
            "locked",
            "cannot leave",
            "can't leave",
            "encerrad",
            "no puede salir",
            "enfermé",
            "ne peut pas sortir",
        ],
        Sign::CannotLeave,
    ),
    (&["threat", "amenaz", "menac"], Sign::Threatened),
    (
        &[
            "not paid",
            "no pay",
            "unpaid",
            "no le pagan",
            "sin pagar",
            "pas payé",
            "sans salaire",
        ],
        Sign::NotPaid,
    ),
    (
        &["beaten", "beat ", "hit ", "golpe", "frapp", "battu"],
        Sign::Hurt,
    ),
    (
        &[
            "brothel",
            "prostitut",
            "burdel",
            "sex work",
            "trabajo sexual",
        ],
        Sign::ForcedSex,
    ),
    (
        &[
            "forced to marry",
            "forced marriage",
            "matrimonio forzado",
            "mariage forcé",
        ],
        Sign::ForcedMarriage,
    ),
    (
        &[
            "hours a day",
            "horas al día",
            "heures par jour",
            "no rest",
            "sin descanso",
        ],
        Sign::LongHours,
    ),
    (&["promised", "prometi", "promis"], Sign::Deceived),
];

/// The signs that a report's text suggests, by [`TEXT_RULES`].
pub fn signs_in_text(text: &str) -> Flags<Sign> {
    let lower = text.to_lowercase();
    let mut signs = Flags::default();
    for (words, sign) in TEXT_RULES {
        if words.iter().any(|w| lower.contains(w)) {
            signs.put(*sign, Some(true));
        }
    }
    signs
}

/// The HTCDS codes that a set of signs stands for: what staff are offered to confirm.
pub fn codes_of(signs: &Flags<Sign>) -> (Flags<Exploitation>, Flags<MeansDetail>) {
    let mut modality = Flags::default();
    let mut means = Flags::default();
    for sign in signs.yes() {
        if let Some(m) = sign.means() {
            means.put(m, Some(true));
        }
        if let Some(e) = sign.exploitation() {
            modality.put(e, Some(true));
        }
    }
    (modality, means)
}

/// What is wrong with a field of a report, typed so that each page can say it in the
/// reporter's language (the web layer's `report-problem-*` messages).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportProblem {
    #[error("`{field}` is required")]
    Missing { field: &'static str },
    #[error("`{field}` holds at most {max} characters; this one has {chars}")]
    TooLong {
        field: &'static str,
        max: usize,
        chars: usize,
    },
    #[error("`{field}` must be a whole number from {min} to {max}")]
    OutOfRange {
        field: &'static str,
        min: i64,
        max: i64,
    },
    #[error("`{field}` is not one of the offered choices")]
    NotAChoice { field: &'static str },
    #[error("`{field}` holds a control character; only text can be sent")]
    ControlCharacter { field: &'static str },
}

impl ReportProblem {
    /// The form field the problem is about.
    pub fn field(&self) -> &'static str {
        match self {
            ReportProblem::Missing { field }
            | ReportProblem::TooLong { field, .. }
            | ReportProblem::OutOfRange { field, .. }
            | ReportProblem::NotAChoice { field }
            | ReportProblem::ControlCharacter { field } => field,
        }
    }
}

/// A report as a person filled it in, every value checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDraft {
    pub channel: Channel,
    /// The language the reporter used (a code of a language Faro has), for staff replies.
    pub language: String,
    pub what: String,
    pub country: Option<Country>,
    pub place: String,
    pub point: Option<Point>,
    pub when: Option<When>,
    pub people: Option<u16>,
    pub ages: Flags<AgeGroup>,
    pub genders: Flags<Gender>,
    pub signs: Flags<Sign>,
    /// Someone is in danger now: the report stands out and the staff on duty are told.
    pub urgent: bool,
    pub contact: ContactWay,
    /// The phone number or address when [`ReportDraft::contact`] asks for one.
    pub contact_detail: String,
}

/// A report's fields as text, as a form or a JSON body brings them. Unknown codes, numbers
/// out of range and overlong text become [`ReportProblem`]s; nothing is silently dropped.
#[derive(Debug, Clone, Default)]
pub struct RawReport {
    pub what: String,
    pub country: String,
    pub place: String,
    pub lat: String,
    pub lon: String,
    pub when: String,
    pub people: String,
    pub ages: Vec<String>,
    pub genders: Vec<String>,
    pub signs: Vec<String>,
    pub urgent: bool,
    pub contact: String,
    pub contact_detail: String,
}

impl ReportDraft {
    /// Checks every field and reports every problem at once, so a person fixes the form in
    /// one go.
    pub fn parse(
        raw: &RawReport,
        channel: Channel,
        language: &str,
    ) -> Result<ReportDraft, Vec<ReportProblem>> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let what = take(p, text("what", &raw.what, REPORT_TEXT_MAX_CHARS, true));
        let place = take(p, text("place", &raw.place, REPORT_LINE_MAX_CHARS, false));
        let detail = take(
            p,
            text(
                "contact_detail",
                &raw.contact_detail,
                REPORT_LINE_MAX_CHARS,
                false,
            ),
        );
        let country = take(p, optional(&raw.country, Country::from_alpha2, "country"));
        let when = take(p, optional(&raw.when, When::from_code, "when"));
        let contact = take(p, contact_way(&raw.contact));
        let people = take(p, people(&raw.people));
        let point = take(p, point(&raw.lat, &raw.lon));
        let ages = take(p, set::<AgeGroup>(&raw.ages, "ages"));
        let genders = take(p, set::<Gender>(&raw.genders, "genders"));
        let signs = take(p, set::<Sign>(&raw.signs, "signs"));
        if let (Some(ContactWay::Phone | ContactWay::Email), Some("")) =
            (contact, detail.as_deref())
        {
            problems.push(ReportProblem::Missing {
                field: "contact_detail",
            });
        }
        let (
            Some(what),
            Some(place),
            Some(contact_detail),
            Some(country),
            Some(when),
            Some(contact),
            Some(people),
            Some(point),
            Some(ages),
            Some(genders),
            Some(signs),
        ) = (
            what, place, detail, country, when, contact, people, point, ages, genders, signs,
        )
        else {
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ReportDraft {
            channel,
            language: language.to_string(),
            what,
            country,
            place,
            point,
            when,
            people,
            ages,
            genders,
            signs,
            urgent: raw.urgent,
            contact,
            contact_detail,
        })
    }
}

/// The value, or `None` with its problem kept.
fn take<T>(problems: &mut Vec<ReportProblem>, result: Result<T, ReportProblem>) -> Option<T> {
    result.map_err(|p| problems.push(p)).ok()
}

fn contact_way(raw: &str) -> Result<ContactWay, ReportProblem> {
    match raw.trim() {
        "" => Ok(ContactWay::NoContact),
        code => ContactWay::from_code(code).ok_or(ReportProblem::NotAChoice { field: "contact" }),
    }
}

fn people(raw: &str) -> Result<Option<u16>, ReportProblem> {
    let out_of_range = ReportProblem::OutOfRange {
        field: "people",
        min: 1,
        max: PEOPLE_MAX.into(),
    };
    match raw.trim() {
        "" => Ok(None),
        value => match value.parse::<u16>() {
            Ok(n) if (1..=PEOPLE_MAX).contains(&n) => Ok(Some(n)),
            _ => Err(out_of_range),
        },
    }
}

impl ReportDraft {
    /// Gives the report a point from the offline gazetteer when it has none and its place
    /// names a known city (in its country, if one is given), and the city's country when it
    /// has none: an approximate point (the city's centre) for the hub's hotspots, which staff
    /// can correct.
    pub fn locate(&mut self) {
        if self.point.is_some() {
            return;
        }
        if let Some(city) = crate::gazetteer::in_text(&self.place, self.country) {
            self.point = Some(city.point);
            self.country.get_or_insert(city.country);
        }
    }
}

/// Trimmed text of at most `max` characters, without control characters other than line
/// breaks and tabs.
pub fn text(
    field: &'static str,
    raw: &str,
    max: usize,
    required: bool,
) -> Result<String, ReportProblem> {
    let value = raw.trim();
    let chars = value.chars().count();
    if required && chars == 0 {
        return Err(ReportProblem::Missing { field });
    }
    if chars > max {
        return Err(ReportProblem::TooLong { field, max, chars });
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ReportProblem::ControlCharacter { field });
    }
    Ok(value.to_string())
}

fn optional<T>(
    raw: &str,
    parse: impl Fn(&str) -> Option<T>,
    field: &'static str,
) -> Result<Option<T>, ReportProblem> {
    match raw.trim() {
        "" => Ok(None),
        value => parse(value)
            .map(Some)
            .ok_or(ReportProblem::NotAChoice { field }),
    }
}

fn set<V: Vocabulary>(codes: &[String], field: &'static str) -> Result<Flags<V>, ReportProblem> {
    let mut flags = Flags::default();
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let v = V::from_code(code).ok_or(ReportProblem::NotAChoice { field })?;
        flags.put(v, Some(true));
    }
    Ok(flags)
}

/// Coordinates are kept to two decimals (about 1 km, as fine as the finest hotspots): the
/// place in words is sealed, these are not, and a pin's full precision could say which house.
pub const POINT_DECIMALS: i32 = 2;

fn rounded(degrees: f64) -> f64 {
    let scale = 10f64.powi(POINT_DECIMALS);
    (degrees * scale).round() / scale
}

/// Both coordinates or neither; degrees within the globe, rounded ([`POINT_DECIMALS`]).
fn point(lat: &str, lon: &str) -> Result<Option<Point>, ReportProblem> {
    let degrees = |raw: &str, field: &'static str, limit: f64| match raw.trim() {
        "" => Ok(None),
        value => value
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && v.abs() <= limit)
            .map(Some)
            .ok_or(ReportProblem::OutOfRange {
                field,
                min: -(limit as i64),
                max: limit as i64,
            }),
    };
    match (degrees(lat, "lat", 90.0)?, degrees(lon, "lon", 180.0)?) {
        (Some(lat), Some(lon)) => Ok(Some(Point {
            lat: rounded(lat),
            lon: rounded(lon),
        })),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(ReportProblem::Missing { field: "lat" }),
        (Some(_), None) => Err(ReportProblem::Missing { field: "lon" }),
    }
}

/// The code a reporter keeps to follow a report up: 16 digits, shown in groups of four like a
/// phone number (as GlobaLeaks does). Spaces and dashes are ignored when it is typed back.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptCode(String);

impl ReceiptCode {
    pub const DIGITS: usize = 16;

    /// `None` unless `text` holds exactly sixteen digits besides spaces and dashes.
    pub fn parse(text: &str) -> Option<ReceiptCode> {
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
            .take(Self::DIGITS + 1)
            .collect();
        (digits.len() == Self::DIGITS && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(ReceiptCode(digits))
    }

    /// The digits without spacing: what is hashed.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// Groups of four, as the reporter is shown it.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl std::fmt::Debug for ReceiptCode {
    /// Never printed: a receipt opens a report.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReceiptCode(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(what: &str) -> RawReport {
        RawReport {
            what: what.into(),
            ..RawReport::default()
        }
    }

    #[test]
    fn a_report_needs_only_what_happened() {
        let d = ReportDraft::parse(&raw("  Workers locked in a farm  "), Channel::Web, "en");
        let d = d.expect("valid");
        assert_eq!(d.what, "Workers locked in a farm");
        assert_eq!(d.contact, ContactWay::NoContact);
        assert_eq!(d.point, None);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let r = RawReport {
            what: " ".into(),
            country: "XX".into(),
            people: "0".into(),
            lat: "91".into(),
            lon: "10".into(),
            signs: vec!["cannot_leave".into(), "flying".into()],
            contact: "phone".into(),
            ..RawReport::default()
        };
        let problems = ReportDraft::parse(&r, Channel::Web, "en").expect_err("invalid");
        let mut fields: Vec<_> = problems.iter().map(|p| p.field()).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                "contact_detail",
                "country",
                "lat",
                "people",
                "signs",
                "what"
            ]
        );
    }

    #[test]
    fn overlong_text_and_control_characters_are_refused() {
        let long = "x".repeat(REPORT_TEXT_MAX_CHARS + 1);
        let p = ReportDraft::parse(&raw(&long), Channel::Web, "en").expect_err("too long");
        assert_eq!(
            p,
            [ReportProblem::TooLong {
                field: "what",
                max: REPORT_TEXT_MAX_CHARS,
                chars: REPORT_TEXT_MAX_CHARS + 1
            }]
        );
        let p = ReportDraft::parse(&raw("a\u{0}b"), Channel::Web, "en").expect_err("nul");
        assert_eq!(p, [ReportProblem::ControlCharacter { field: "what" }]);
        assert!(ReportDraft::parse(&raw("line\nline\ttab"), Channel::Web, "en").is_ok());
    }

    #[test]
    fn a_point_needs_both_coordinates() {
        let mut r = raw("x");
        r.lat = "10.5".into();
        let p = ReportDraft::parse(&r, Channel::Web, "en").expect_err("half a point");
        assert_eq!(p, [ReportProblem::Missing { field: "lon" }]);
        r.lon = "-20.25".into();
        let d = ReportDraft::parse(&r, Channel::Web, "en").expect("point");
        assert_eq!(
            d.point,
            Some(Point {
                lat: 10.5,
                lon: -20.25
            })
        );
        r.lon = "NaN".into();
        assert!(ReportDraft::parse(&r, Channel::Web, "en").is_err());
        // A pin's full precision is not kept: about 1 km is.
        (r.lat, r.lon) = ("38.7654321".into(), "-9.1234567".into());
        let d = ReportDraft::parse(&r, Channel::Web, "en").expect("point");
        assert_eq!(
            d.point,
            Some(Point {
                lat: 38.77,
                lon: -9.12
            })
        );
    }

    #[test]
    fn signs_map_to_htcds_codes() {
        let mut signs = Flags::default();
        signs.put(Sign::DocumentsTaken, Some(true));
        signs.put(Sign::ForcedWork, Some(true));
        let (modality, means) = codes_of(&signs);
        assert_eq!(
            modality.yes().collect::<Vec<_>>(),
            [Exploitation::ForcedLabour]
        );
        assert_eq!(
            means.yes().collect::<Vec<_>>(),
            [MeansDetail::WithholdsDocuments]
        );
        for sign in Sign::ALL {
            assert!(
                sign.means().is_some() != sign.exploitation().is_some(),
                "{sign:?} stands for exactly one code"
            );
        }
    }

    #[test]
    fn text_suggests_signs_in_each_language() {
        for text in [
            "They took her passport",
            "Le quitaron el pasaporte",
            "On lui a pris son passeport",
        ] {
            assert_eq!(
                signs_in_text(text).yes().collect::<Vec<_>>(),
                [Sign::DocumentsTaken],
                "{text}"
            );
        }
        assert!(signs_in_text("Nothing in particular").is_all_unknown());
    }

    #[test]
    fn a_place_in_words_gets_its_citys_point() {
        let mut r = raw("Seen at the market");
        r.place = "Mercado do Bolhão, Porto".into();
        let mut d = ReportDraft::parse(&r, Channel::Web, "en").expect("valid");
        d.locate();
        assert_eq!(d.country.map(|c| c.alpha2()), Some("PT"));
        let p = d.point.expect("a point");
        assert!(
            (p.lat - 41.15).abs() < 0.1 && (p.lon + 8.6).abs() < 0.1,
            "{p:?}"
        );
        // A point the reporter gave is kept.
        r.lat = "1".into();
        r.lon = "2".into();
        let mut d = ReportDraft::parse(&r, Channel::Web, "en").expect("valid");
        d.locate();
        assert_eq!(d.point, Some(Point { lat: 1.0, lon: 2.0 }));
    }

    #[test]
    fn receipt_codes_are_sixteen_digits_however_spaced() {
        let code = ReceiptCode::parse("1234 5678-9012 3456").expect("valid");
        assert_eq!(code.digits(), "1234567890123456");
        assert_eq!(code.grouped(), "1234 5678 9012 3456");
        assert_eq!(format!("{code:?}"), "ReceiptCode(…)");
        for bad in [
            "",
            "123456789012345",
            "12345678901234567",
            "1234 5678 9012 345x",
            "１２３４５６７８９０１２３４５６",
        ] {
            assert!(ReceiptCode::parse(bad).is_none(), "{bad}");
        }
    }
}
