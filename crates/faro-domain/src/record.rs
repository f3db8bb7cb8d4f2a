//! The victim record of HTCDS/CTDC, with the facts every CTDC layout can hold.

use crate::vocab::{
    AgeBroad, DataSource, Exploitation, Gender, Labour, Majority, Means, MeansDetail, Modality,
    Recruiter, SexType, TraffickMonths, Vocabulary,
};
use crate::{Country, Flags, Message, ValidationError, problem};

/// The first year Faro accepts; CTDC data starts in 2002, earlier years are typing errors.
pub const FIRST_YEAR: u16 = 1990;

/// A year of registration between [`FIRST_YEAR`] and the current year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(u16);

impl Year {
    /// `this_year` comes from the caller so that the domain reads no clock.
    pub fn new(year: i64, this_year: u16) -> Result<Year, Message> {
        if year < FIRST_YEAR as i64 || year > this_year as i64 {
            return Err(Message::new(problem::YEAR_OUT_OF_RANGE)
                .with("first", FIRST_YEAR)
                .with("last", this_year));
        }
        Ok(Year(year as u16))
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

/// One identified victim. Every fact may be unknown, and unknown is never a default value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Record {
    pub year: Option<Year>,
    pub datasource: Option<DataSource>,
    pub gender: Option<Gender>,
    pub age: Option<AgeBroad>,
    /// `majorityStatus`: at registration.
    pub majority: Option<Majority>,
    /// `majorityStatusAtExploit`: when exploitation began.
    pub majority_at_exploit: Option<Majority>,
    /// `majorityEntry`: when entering the trafficking process.
    pub majority_entry: Option<Majority>,
    pub citizenship: Option<Country>,
    pub exploitation_country: Option<Country>,
    pub traffick_months: Option<TraffickMonths>,
    pub exploitation: Flags<Exploitation>,
    pub labour: Flags<Labour>,
    pub sex: Flags<SexType>,
    /// The 18 fine means of control, where the source knew them (layout A).
    pub means_detail: Flags<MeansDetail>,
    /// The 8 groups: given by layout C, rolled up from `means_detail` otherwise.
    pub means: Flags<Means>,
    pub recruiter: Flags<Recruiter>,
    pub abduction: Option<bool>,
}

impl Record {
    /// Checks the facts against each other. Field-level validity is already guaranteed by the types.
    pub fn check_consistency(&self) -> Vec<ValidationError> {
        let mut problems = Vec::new();
        if let (Some(m), Some(age)) = (self.majority, self.age) {
            let contradiction = match m {
                Majority::Minor => !age.is_minor(),
                Majority::Adult => age.is_minor(),
            };
            if contradiction {
                problems.push(ValidationError::new(
                    "majorityStatus",
                    Message::new(problem::MAJORITY_CONTRADICTS_AGE).with("age", age.ctdc()),
                ));
            }
        }
        let rolled = rollup(&self.means_detail);
        for g in Means::ALL {
            if let (Some(given), Some(derived)) = (self.means.get(*g), rolled.get(*g))
                && given != derived
            {
                problems.push(ValidationError::new(
                    g.ctdc(),
                    Message::new(problem::MEANS_CONTRADICT).with("derived", u8::from(derived)),
                ));
            }
        }
        problems
    }

    /// Fills the means-of-control groups that the source left unknown from the fine flags.
    /// Call after [`Record::check_consistency`] found no contradiction.
    pub fn fill_means_groups(&mut self) {
        let rolled = rollup(&self.means_detail);
        for g in Means::ALL {
            if self.means.get(*g).is_none() {
                self.means.put(*g, rolled.get(*g));
            }
        }
    }

    /// Faro's modalities (PRODUCT.md) for this record, per the table in `specs/ctdc.md`.
    ///
    /// Begging, domestic work and illicit activities are modalities of their own; a record of
    /// forced labour with only those sectors is not also counted as plain forced labour.
    pub fn modalities(&self) -> Flags<Modality> {
        let yes_e = |e| self.exploitation.get(e) == Some(true);
        let yes_l = |l| self.labour.get(l) == Some(true);
        let special = [
            Labour::Begging,
            Labour::DomesticWork,
            Labour::IllicitActivities,
        ];
        let general_sector = self.labour.yes().any(|l| !special.contains(&l));
        let special_sector = special.iter().any(|l| yes_l(*l));
        let both = yes_e(Exploitation::SexAndLabour);

        let mut m = Flags::<Modality>::unknown();
        let mut mark = |modality, yes: bool| {
            if yes {
                m.put(modality, Some(true));
            }
        };
        mark(
            Modality::SexualExploitation,
            yes_e(Exploitation::SexualExploitation) || self.sex.any_yes() || both,
        );
        mark(
            Modality::ForcedLabour,
            general_sector || both || (yes_e(Exploitation::ForcedLabour) && !special_sector),
        );
        mark(Modality::DomesticServitude, yes_l(Labour::DomesticWork));
        mark(
            Modality::ForcedCriminality,
            yes_l(Labour::IllicitActivities),
        );
        mark(Modality::ForcedBegging, yes_l(Labour::Begging));
        mark(
            Modality::ForcedMarriage,
            yes_e(Exploitation::ForcedMarriage),
        );
        mark(Modality::OrganRemoval, yes_e(Exploitation::OrganRemoval));
        let other_is_named =
            yes_e(Exploitation::ForcedMarriage) || yes_e(Exploitation::OrganRemoval);
        mark(
            Modality::Other,
            yes_e(Exploitation::ForcedMilitary)
                || yes_e(Exploitation::SlaveryAndPractices)
                || (yes_e(Exploitation::OtherExploitation) && !other_is_named),
        );
        m
    }
}

/// Rolls fine means up into groups: yes if any member is yes, no if every member is known no,
/// otherwise unknown. Runs for every imported row, hence bit masks rather than loops.
pub fn rollup(detail: &Flags<MeansDetail>) -> Flags<Means> {
    let (known, set) = (detail.known_bits(), detail.set_bits());
    let (mut group_known, mut group_set) = (0u32, 0u32);
    for g in Means::ALL {
        let members = group_members(*g);
        let bit = 1 << g.index();
        if set & members != 0 {
            group_known |= bit;
            group_set |= bit;
        } else if known & members == members {
            group_known |= bit;
        }
    }
    Flags::from_bits(group_known, group_set)
}

/// The fine-flag bits that roll up into `group`, computed once from `MeansDetail::group`.
fn group_members(group: Means) -> u32 {
    static MASKS: std::sync::LazyLock<Vec<u32>> = std::sync::LazyLock::new(|| {
        Means::ALL
            .iter()
            .map(|g| {
                MeansDetail::ALL
                    .iter()
                    .filter(|d| d.group() == Some(*g))
                    .fold(0, |mask, d| mask | (1 << d.index()))
            })
            .collect()
    });
    MASKS[group.index()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minor_aged_thirty_is_a_contradiction() {
        let record = Record {
            majority: Some(Majority::Minor),
            age: Some(AgeBroad::Age30To38),
            ..Record::default()
        };
        let problems = record.check_consistency();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "majorityStatus");
        let adult_child = Record {
            majority: Some(Majority::Adult),
            age: Some(AgeBroad::Age0To8),
            ..Record::default()
        };
        assert_eq!(adult_child.check_consistency().len(), 1);
        let fine = Record {
            majority: Some(Majority::Minor),
            age: Some(AgeBroad::Age9To17),
            ..Record::default()
        };
        assert!(fine.check_consistency().is_empty());
    }

    #[test]
    fn year_bounds_are_1990_and_this_year() {
        assert!(Year::new(1989, 2026).is_err());
        assert!(Year::new(2027, 2026).is_err());
        assert_eq!(Year::new(2026, 2026).map(Year::get), Ok(2026));
    }

    #[test]
    fn fine_means_roll_up_to_groups_and_unknown_stays_unknown() {
        let mut d = Flags::<MeansDetail>::unknown();
        d.put(MeansDetail::DebtBondage, Some(false));
        d.put(MeansDetail::TakesEarnings, Some(true));
        d.put(MeansDetail::FalsePromises, Some(false));
        d.put(MeansDetail::Threats, Some(false));
        let g = rollup(&d);
        assert_eq!(g.get(Means::DebtBondageEarnings), Some(true));
        assert_eq!(g.get(Means::FalsePromises), Some(false));
        assert_eq!(
            g.get(Means::Threats),
            None,
            "two members of the group are unknown"
        );
    }

    #[test]
    fn a_group_flag_that_contradicts_its_fine_flags_is_reported() {
        let mut record = Record::default();
        record
            .means_detail
            .put(MeansDetail::FalsePromises, Some(true));
        record.means.put(Means::FalsePromises, Some(false));
        let problems = record.check_consistency();
        assert_eq!(problems[0].field, "meansFalsePromises");
    }

    #[test]
    fn modalities_follow_the_ctdc_mapping() {
        let mut record = Record::default();
        assert!(record.modalities().yes().next().is_none());
        record
            .exploitation
            .put(Exploitation::ForcedLabour, Some(true));
        record.labour.put(Labour::DomesticWork, Some(true));
        assert_eq!(
            record.modalities().yes().collect::<Vec<_>>(),
            [Modality::DomesticServitude]
        );
        record.labour.put(Labour::Agriculture, Some(true));
        record
            .exploitation
            .put(Exploitation::OtherExploitation, Some(true));
        record
            .exploitation
            .put(Exploitation::ForcedMarriage, Some(true));
        assert_eq!(
            record.modalities().yes().collect::<Vec<_>>(),
            [
                Modality::ForcedLabour,
                Modality::DomesticServitude,
                Modality::ForcedMarriage
            ]
        );
        let mut sex = Record::default();
        sex.sex.put(SexType::Pornography, Some(true));
        sex.exploitation
            .put(Exploitation::ForcedMilitary, Some(true));
        assert_eq!(
            sex.modalities().yes().collect::<Vec<_>>(),
            [Modality::SexualExploitation, Modality::Other]
        );
    }
}
