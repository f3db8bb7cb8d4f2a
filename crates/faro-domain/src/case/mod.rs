//! A case: what a case worker manages around one person (PRODUCT.md's vocabulary), as opposed
//! to a record, which counts the person for statistics. The rules here hold without IO: the
//! vocabularies a case uses, its workflow and who may approve a step of it, what a person's
//! details may hold, and how those details become search terms.

pub mod person;
pub mod search;
pub mod statistics;

use crate::{Message, ValidationError, Vocabulary, problem};

vocabulary! {
    /// Where a case stands. `New` until someone begins the assessment; moving to `Plan` and to
    /// `Closed` waits for a supervisor's approval ([`CaseStatus::gate`]).
    CaseStatus, "case_status" {
        New => ("new", "new", "Opened, not yet assessed"),
        Assessment => ("assessment", "assessment", "Needs being assessed"),
        Plan => ("plan", "plan", "Service plan approved"),
        Services => ("services", "services", "Services under way"),
        Closed => ("closed", "closed", "Closed"),
    }
}

vocabulary! {
    /// The services a survivor may need (the case issue's list; the referral issue maps it to
    /// a published taxonomy).
    ServiceKind, "service" {
        SafeHousing => ("safe_housing", "safe_housing", "Safe housing or shelter"),
        Medical => ("medical", "medical", "Medical care"),
        Psychosocial => ("psychosocial", "psychosocial", "Psychosocial support"),
        Legal => ("legal", "legal", "Legal aid"),
        Interpretation => ("interpretation", "interpretation", "Interpretation"),
        Return => ("return", "return", "Safe return"),
        Reintegration => ("reintegration", "reintegration", "Reintegration"),
        Livelihood => ("livelihood", "livelihood", "Livelihood and work"),
        Education => ("education", "education", "Education"),
        Other => ("other", "other", "Other service"),
    }
}

vocabulary! {
    /// Where one service of the plan stands.
    ServiceStatus, "service_status" {
        Needed => ("needed", "needed", "Needed, not yet arranged"),
        Arranged => ("arranged", "arranged", "Arranged"),
        Delivered => ("delivered", "delivered", "Delivered"),
        Cancelled => ("cancelled", "cancelled", "No longer needed"),
    }
}

vocabulary! {
    /// Why a case was closed: a closed list, so closures can be counted.
    ClosureReason, "closure_reason" {
        GoalsMet => ("goals_met", "goals_met", "The plan's goals were met"),
        Declined => ("declined", "declined", "The person no longer wants support"),
        LostContact => ("lost_contact", "lost_contact", "Contact with the person was lost"),
        Referred => ("referred", "referred", "Referred to another organisation"),
        Relocated => ("relocated", "relocated", "The person moved out of reach"),
        Duplicate => ("duplicate", "duplicate", "Duplicate of another case"),
        Deceased => ("deceased", "deceased", "The person died"),
        Other => ("other", "other", "Another reason, in the summary"),
    }
}

vocabulary! {
    /// What a person may consent to, each on its own (Primero's consent by purpose).
    ConsentPurpose, "consent_purpose" {
        Services => ("services", "services", "To receive services"),
        Referral => ("referral", "referral", "To be referred to other organisations"),
        ShareIdentity => ("share_identity", "share_identity", "To share identifying data"),
        Contact => ("contact", "contact", "To be contacted"),
        Statistics => ("statistics", "statistics", "To be counted in statistics and publications"),
    }
}

vocabulary! {
    /// A purpose's answer. A withdrawal is kept apart from a refusal: something was done
    /// under the consent before it.
    ConsentState, "consent_state" {
        Given => ("given", "given", "Given"),
        Refused => ("refused", "refused", "Refused"),
        Withdrawn => ("withdrawn", "withdrawn", "Withdrawn"),
    }
}

vocabulary! {
    /// How a consent was given.
    ConsentMeans, "consent_means" {
        Spoken => ("spoken", "spoken", "Spoken"),
        SignedForm => ("signed_form", "signed_form", "Signed form"),
    }
}

vocabulary! {
    /// The kinds of organisation a referral consent names.
    PartnerKind, "partner_kind" {
        Shelter => ("shelter", "shelter", "Shelters"),
        Health => ("health", "health", "Health services"),
        Legal => ("legal", "legal", "Legal services"),
        Government => ("government", "government", "Government social services"),
        LawEnforcement => ("law_enforcement", "law_enforcement", "Law enforcement"),
        International => ("international", "international", "International organisations"),
    }
}

vocabulary! {
    /// The case worker's two living documents, each saved as a new version.
    PlanKind, "plan_kind" {
        Assessment => ("assessment", "assessment", "Needs assessment"),
        Safety => ("safety", "safety", "Safety plan"),
    }
}

/// Each section of a plan holds at most this many characters.
pub const PLAN_SECTION_MAX_CHARS: usize = 4_000;

impl PlanKind {
    /// The sections a plan of this kind has, in the order they are shown. A safety plan
    /// follows the hotline's: the risks, whom to call, where is safe, what to do if the
    /// trafficker makes contact.
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            PlanKind::Assessment => &["needs", "strengths", "risks", "wishes"],
            PlanKind::Safety => &["risks", "contacts", "safe_places", "if_contacted"],
        }
    }

    /// The sections given, each checked, in this kind's order; unknown sections are refused
    /// and empty ones left out. At least one must be written.
    pub fn check(
        self,
        given: &[(String, String)],
    ) -> Result<Vec<(String, String)>, ValidationError> {
        if let Some((name, _)) = given
            .iter()
            .find(|(n, _)| !self.sections().contains(&n.as_str()))
        {
            return Err(ValidationError::new(
                name.clone(),
                Message::new(problem::NOT_A_FIELD),
            ));
        }
        let mut out = Vec::new();
        for section in self.sections() {
            let text = given
                .iter()
                .filter(|(n, _)| n == section)
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            if let Some(text) = free_text(&text, section, PLAN_SECTION_MAX_CHARS)? {
                out.push((section.to_string(), text));
            }
        }
        if out.is_empty() {
            return Err(ValidationError::new(
                self.sections()[0],
                Message::new(problem::CASE_PLAN_EMPTY),
            ));
        }
        Ok(out)
    }
}

/// Whether a step of the workflow may be taken at once or waits for a supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Free,
    Approval,
}

impl CaseStatus {
    /// Whether a case in `self` may move to `to`, and how: the plan and the closure are
    /// approved by a supervisor; a closed case reopens into assessment.
    pub fn gate(self, to: CaseStatus) -> Result<Gate, Message> {
        use CaseStatus::*;
        match (self, to) {
            (New, Assessment) | (Plan, Services) | (Closed, Assessment) => Ok(Gate::Free),
            (Assessment, Plan) => Ok(Gate::Approval),
            (New | Assessment | Plan | Services, Closed) => Ok(Gate::Approval),
            _ => Err(Message::new(problem::CASE_STEP)
                .with("from", self.code())
                .with("to", to.code())),
        }
    }

    pub fn is_open(self) -> bool {
        self != CaseStatus::Closed
    }
}

/// Why `approver` may not approve a step: they manage the case or asked for the step
/// themselves. Supervision means a second person.
pub fn approval_refused(approver: i64, manager: Option<i64>, requester: i64) -> Option<Message> {
    (manager == Some(approver) || requester == approver)
        .then(|| Message::new(problem::CASE_SELF_APPROVAL))
}

/// Free text about a person (a plan, a summary, a task): trimmed, at most `max` characters,
/// lines kept, no other control character or bidirectional override. Empty is `None`.
pub fn free_text(text: &str, field: &str, max: usize) -> Result<Option<String>, ValidationError> {
    let text = text.trim().replace("\r\n", "\n");
    let chars = text.chars().count();
    let hostile =
        |c: char| (c.is_control() && c != '\n' && c != '\t') || crate::credential::reorders(c);
    if chars > max || text.chars().any(hostile) {
        return Err(ValidationError::new(
            field,
            Message::new(problem::CASE_TEXT).with("max", max),
        ));
    }
    Ok((!text.is_empty()).then_some(text))
}

/// A calendar date as `YYYY-MM-DD`, checked (a 30 February is refused), as days since
/// 1970-01-01 so that dates compare and subtract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

impl Day {
    pub fn parse(text: &str, field: &str) -> Result<Day, ValidationError> {
        let bad = || {
            ValidationError::new(field, Message::new(problem::NOT_A_DATE)).of(text
                .trim()
                .chars()
                .take(40)
                .collect::<String>())
        };
        let text = text.trim();
        let mut parts = text.splitn(3, '-');
        let mut number = |len: usize| {
            parts
                .next()
                .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<i32>().ok())
        };
        let (Some(y), Some(m), Some(d)) = (number(4), number(2), number(2)) else {
            return Err(bad());
        };
        if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in(y, m) {
            return Err(bad());
        }
        Ok(Day(days_from_civil(y, m, d)))
    }

    /// The day a Unix time falls on (UTC).
    pub fn of_unix(seconds: i64) -> Day {
        Day(seconds.div_euclid(86_400) as i32)
    }

    /// `(year, month, day)`.
    pub fn civil(self) -> (i32, i32, i32) {
        civil_from_days(self.0)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in(y: i32, m: i32) -> i32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil: exact for the proleptic Gregorian calendar.
fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, i32, i32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i32::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Vocabulary;

    #[test]
    fn the_workflow_moves_forward_and_waits_for_approval_at_plan_and_closure() {
        use CaseStatus::*;
        assert_eq!(New.gate(Assessment), Ok(Gate::Free));
        assert_eq!(Assessment.gate(Plan), Ok(Gate::Approval));
        assert_eq!(Plan.gate(Services), Ok(Gate::Free));
        for open in [New, Assessment, Plan, Services] {
            assert_eq!(open.gate(Closed), Ok(Gate::Approval), "{open:?}");
        }
        assert_eq!(Closed.gate(Assessment), Ok(Gate::Free), "reopened");
        for (from, to) in [
            (New, Plan),
            (New, Services),
            (Closed, Services),
            (Services, New),
        ] {
            let refused = from.gate(to).expect_err("not a step");
            assert_eq!(refused.key, problem::CASE_STEP);
            assert_eq!(refused.arg("from"), Some(from.code()));
        }
    }

    #[test]
    fn a_plan_keeps_its_sections_in_order_and_refuses_others() {
        let given = vec![
            ("if_contacted".to_string(), "Call 112".to_string()),
            ("risks".to_string(), " He knows her sister ".to_string()),
            ("contacts".to_string(), "  ".to_string()),
        ];
        let plan = PlanKind::Safety.check(&given).unwrap();
        assert_eq!(
            plan,
            [
                ("risks".into(), "He knows her sister".into()),
                ("if_contacted".into(), "Call 112".into())
            ]
        );
        let e = PlanKind::Assessment.check(&given).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.key),
            ("if_contacted", problem::NOT_A_FIELD)
        );
        let e = PlanKind::Safety
            .check(&[("risks".into(), " ".into())])
            .unwrap_err();
        assert_eq!(e.message.key, problem::CASE_PLAN_EMPTY);
        let long = vec![("risks".to_string(), "x".repeat(PLAN_SECTION_MAX_CHARS + 1))];
        assert_eq!(PlanKind::Safety.check(&long).unwrap_err().field, "risks");
    }

    #[test]
    fn nobody_approves_a_case_they_manage_or_a_step_they_asked_for() {
        assert!(approval_refused(3, Some(3), 5).is_some());
        assert!(approval_refused(5, Some(3), 5).is_some());
        assert!(approval_refused(4, Some(3), 5).is_none());
        assert!(approval_refused(4, None, 5).is_none());
    }

    #[test]
    fn free_text_keeps_lines_and_refuses_what_would_disguise_it() {
        assert_eq!(
            free_text("  a\r\nb\tc ", "notes", 10).unwrap().as_deref(),
            Some("a\nb\tc")
        );
        assert_eq!(free_text("   ", "notes", 10).unwrap(), None);
        let long = free_text(&"x".repeat(11), "notes", 10).unwrap_err();
        assert_eq!(
            (long.field.as_str(), long.message.arg("max")),
            ("notes", Some("10"))
        );
        assert!(free_text("a\u{202e}b", "notes", 10).is_err());
        assert!(free_text("a\u{7}b", "notes", 10).is_err());
    }

    #[test]
    fn days_are_checked_dates_that_round_trip() {
        let d = Day::parse("2024-02-29", "due").unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!(Day::parse("1970-01-01", "due").unwrap(), Day(0));
        assert_eq!(Day::of_unix(86_400 * 3 + 5), Day(3));
        assert_eq!(Day::parse("2024-03-01", "due").unwrap().0 - d.0, 1);
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "",
            "2024-01-01x",
            "tomorrow",
        ] {
            let e = Day::parse(bad, "due").expect_err(bad);
            assert_eq!(
                (e.field.as_str(), e.message.key),
                ("due", problem::NOT_A_DATE)
            );
        }
        for day in [-1000, 0, 19_000, 60_000] {
            let text = Day(day).to_string();
            if let Ok(back) = Day::parse(&text, "x") {
                assert_eq!(back, Day(day));
            }
        }
    }
}
