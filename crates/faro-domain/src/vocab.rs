//! Controlled vocabularies of HTCDS/CTDC, each with stable codes, CTDC's
//! spellings and its data dictionary's descriptions (labels are in `faro-i18n`).
//!
//! A variant's position in `ALL` is its bit in a [`crate::Flags`] set and in the database: new
//! variants are appended, never inserted or reordered.

/// A closed list of codes. Codes are Faro's stable ids (API, CLI, database); `ctdc` is the
/// spelling in CTDC files (a cell value, or for flag vocabularies the column name).
pub trait Vocabulary: Copy + Eq + std::fmt::Debug + 'static {
    /// The vocabulary's id, as used in `GET /api/v1/vocabularies`.
    const ID: &'static str;
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn ctdc(self) -> &'static str;
    /// The data dictionary's description in English, as CTDC's derived columns
    /// (`meansOfControlConcatenated`, …) spell it. Data, not a label: labels for people are
    /// in the translation files (`faro-i18n`).
    fn description(self) -> &'static str;
    /// Position in `ALL`; also the bit of this value in a flag set.
    fn index(self) -> usize;

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }

    /// Matches the CTDC spelling case-insensitively, as data dictionaries and files disagree on case.
    fn from_ctdc(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.ctdc().eq_ignore_ascii_case(text))
    }

    /// The codes, for messages that list what is accepted.
    fn code_list() -> String {
        crate::error::quoted(Self::ALL.iter().map(|v| v.code()))
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $id:literal {
        $($variant:ident => ($code:literal, $ctdc:literal, $description:literal)),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl Vocabulary for $name {
            const ID: &'static str = $id;
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            fn ctdc(self) -> &'static str { match self { $($name::$variant => $ctdc),+ } }
            fn description(self) -> &'static str { match self { $($name::$variant => $description),+ } }
            fn index(self) -> usize { self as usize }
        }
    };
}

vocabulary! {
    /// Gender as CTDC records it. Layout C spells these `Woman`, `Man`,
    /// `Trans/Transgender/NonConforming` (see [`Gender::from_any`]).
    Gender, "gender" {
        Female => ("female", "Female", "Female"),
        Male => ("male", "Male", "Male"),
        Transgender => ("transgender", "Transgender", "Transgender or non-conforming"),
    }
}

impl Gender {
    /// Layout C's spelling, written on export to that layout.
    pub fn ctdc_v2025(self) -> &'static str {
        match self {
            Gender::Female => "Woman",
            Gender::Male => "Man",
            Gender::Transgender => "Trans/Transgender/NonConforming",
        }
    }

    /// Reads either generation's spelling.
    pub fn from_any(text: &str) -> Option<Self> {
        Self::from_ctdc(text).or_else(|| {
            Self::ALL
                .iter()
                .copied()
                .find(|g| g.ctdc_v2025().eq_ignore_ascii_case(text))
        })
    }
}

vocabulary! {
    /// Age at registration, in CTDC's brackets.
    AgeBroad, "age" {
        Age0To8 => ("0_8", "0--8", "0–8"),
        Age9To17 => ("9_17", "9--17", "9–17"),
        Age18To20 => ("18_20", "18--20", "18–20"),
        Age21To23 => ("21_23", "21--23", "21–23"),
        Age24To26 => ("24_26", "24--26", "24–26"),
        Age27To29 => ("27_29", "27--29", "27–29"),
        Age30To38 => ("30_38", "30--38", "30–38"),
        Age39To47 => ("39_47", "39--47", "39–47"),
        Age48Plus => ("48_plus", "48+", "48 and over"),
    }
}

impl AgeBroad {
    /// Whether the whole bracket is under 18, which a `majorityStatus` must agree with.
    pub fn is_minor(self) -> bool {
        matches!(self, AgeBroad::Age0To8 | AgeBroad::Age9To17)
    }

    /// Layout C zero-pads `09--17`; both spellings are read everywhere.
    pub fn from_any(text: &str) -> Option<Self> {
        if text == "09--17" {
            return Some(AgeBroad::Age9To17);
        }
        Self::from_ctdc(text)
    }

    pub fn ctdc_v2025(self) -> &'static str {
        match self {
            AgeBroad::Age9To17 => "09--17",
            other => other.ctdc(),
        }
    }
}

vocabulary! {
    /// Whether the person was an adult or a minor at a given moment (CTDC `majorityStatus…`).
    Majority, "majority" {
        Adult => ("adult", "Adult", "Adult"),
        Minor => ("minor", "Minor", "Minor"),
    }
}

vocabulary! {
    /// Where a CTDC record came from (`Datasource`).
    DataSource, "datasource" {
        CaseManagement => ("case_management", "Case Management", "Case management"),
        Hotline => ("hotline", "Hotline", "Hotline"),
    }
}

vocabulary! {
    /// How long the person was trafficked (layout C only).
    TraffickMonths, "traffick_months" {
        UpTo12 => ("0_12", "0--12 (0-1 yr)", "Up to 12 months"),
        From13To24 => ("13_24", "13--24 (1-2 yrs)", "13 to 24 months"),
        Over24 => ("25_plus", "25+ (2+ yrs)", "25 months or more"),
    }
}

vocabulary! {
    /// Type of exploitation flags (`is…` columns).
    Exploitation, "exploitation" {
        ForcedLabour => ("forced_labour", "isForcedLabour", "Forced labour"),
        SexualExploitation => ("sexual_exploitation", "isSexualExploit", "Sexual exploitation"),
        OtherExploitation => ("other_exploitation", "isOtherExploit", "Other exploitation"),
        SexAndLabour => ("sex_and_labour", "isSexAndLabour", "Sexual exploitation and forced labour"),
        ForcedMarriage => ("forced_marriage", "isForcedMarriage", "Forced marriage"),
        ForcedMilitary => ("forced_military", "isForcedMilitary", "Forced military service"),
        OrganRemoval => ("organ_removal", "isOrganRemoval", "Organ removal"),
        SlaveryAndPractices => ("slavery_and_practices", "isSlaveryAndPractices", "Slavery and similar practices"),
    }
}

vocabulary! {
    /// Sector of forced labour (`typeOfLabour…`).
    Labour, "labour" {
        Agriculture => ("agriculture", "typeOfLabourAgriculture", "Agriculture"),
        Aquafarming => ("aquafarming", "typeOfLabourAquafarming", "Aquafarming"),
        Begging => ("begging", "typeOfLabourBegging", "Begging"),
        Construction => ("construction", "typeOfLabourConstruction", "Construction"),
        DomesticWork => ("domestic_work", "typeOfLabourDomesticWork", "Domestic work"),
        Hospitality => ("hospitality", "typeOfLabourHospitality", "Hospitality"),
        IllicitActivities => ("illicit_activities", "typeOfLabourIllicitActivities", "Illicit activities"),
        Manufacturing => ("manufacturing", "typeOfLabourManufacturing", "Manufacturing"),
        MiningOrDrilling => ("mining_or_drilling", "typeOfLabourMiningOrDrilling", "Mining or drilling"),
        Peddling => ("peddling", "typeOfLabourPeddling", "Peddling"),
        Transportation => ("transportation", "typeOfLabourTransportation", "Transportation"),
        Other => ("other", "typeOfLabourOther", "Other"),
        NotSpecified => ("not_specified", "typeOfLabourNotSpecified", "Not specified"),
    }
}

vocabulary! {
    /// Form of sexual exploitation (`typeOfSex…`).
    SexType, "sex" {
        Prostitution => ("prostitution", "typeOfSexProstitution", "Prostitution"),
        Pornography => ("pornography", "typeOfSexPornography", "Pornography"),
        RemoteInteractiveServices => ("remote_interactive_services", "typeOfSexRemoteInteractiveServices", "Remote interactive services"),
        PrivateSexualServices => ("private_sexual_services", "typeOfSexPrivateSexualServices", "Private sexual services"),
    }
}

vocabulary! {
    /// The 18 fine means of control of layout A (`meansOfControl…`).
    MeansDetail, "means_detail" {
        DebtBondage => ("debt_bondage", "meansOfControlDebtBondage", "Debt bondage"),
        TakesEarnings => ("takes_earnings", "meansOfControlTakesEarnings", "Takes earnings"),
        RestrictsFinancialAccess => ("restricts_financial_access", "meansOfControlRestrictsFinancialAccess", "Restricts financial access"),
        Threats => ("threats", "meansOfControlThreats", "Threats"),
        PsychologicalAbuse => ("psychological_abuse", "meansOfControlPsychologicalAbuse", "Psychological abuse"),
        PhysicalAbuse => ("physical_abuse", "meansOfControlPhysicalAbuse", "Physical abuse"),
        SexualAbuse => ("sexual_abuse", "meansOfControlSexualAbuse", "Sexual abuse"),
        FalsePromises => ("false_promises", "meansOfControlFalsePromises", "False promises"),
        PsychoactiveSubstances => ("psychoactive_substances", "meansOfControlPsychoactiveSubstances", "Psychoactive substances"),
        RestrictsMovement => ("restricts_movement", "meansOfControlRestrictsMovement", "Restricts movement"),
        RestrictsMedicalCare => ("restricts_medical_care", "meansOfControlRestrictsMedicalCare", "Restricts medical care"),
        ExcessiveWorkingHours => ("excessive_working_hours", "meansOfControlExcessiveWorkingHours", "Excessive working hours"),
        UsesChildren => ("uses_children", "meansOfControlUsesChildren", "Uses children"),
        ThreatOfLawEnforcement => ("threat_of_law_enforcement", "meansOfControlThreatOfLawEnforcement", "Threat of law enforcement"),
        WithholdsNecessities => ("withholds_necessities", "meansOfControlWithholdsNecessities", "Withholds necessities"),
        WithholdsDocuments => ("withholds_documents", "meansOfControlWithholdsDocuments", "Withholds documents"),
        Other => ("other", "meansOfControlOther", "Other"),
        NotSpecified => ("not_specified", "meansOfControlNotSpecified", "Not specified"),
    }
}

vocabulary! {
    /// The 8 merged means-of-control groups of layout C; every fine flag but `other` and
    /// `not_specified` rolls up into one of them.
    Means, "means" {
        DebtBondageEarnings => ("debt_bondage_earnings", "meansDebtBondageEarnings", "Debt bondage or takes earnings"),
        Threats => ("threats", "meansThreats", "Threats"),
        Abuse => ("abuse", "meansAbusePsyPhySex", "Psychological, physical or sexual abuse"),
        FalsePromises => ("false_promises", "meansFalsePromises", "False promises"),
        DrugsAlcohol => ("drugs_alcohol", "meansDrugsAlcohol", "Drugs or alcohol"),
        DenyBasicNeeds => ("deny_basic_needs", "meansDenyBasicNeeds", "Denies basic needs"),
        ExcessiveWorkHours => ("excessive_work_hours", "meansExcessiveWorkHours", "Excessive working hours"),
        WithholdDocs => ("withhold_docs", "meansWithholdDocs", "Withholds documents"),
    }
}

impl MeansDetail {
    /// The layout C group this fine flag rolls up into (`ctdc.md`, merged means of control).
    pub fn group(self) -> Option<Means> {
        use MeansDetail as D;
        Some(match self {
            D::DebtBondage | D::TakesEarnings => Means::DebtBondageEarnings,
            D::Threats | D::UsesChildren | D::ThreatOfLawEnforcement => Means::Threats,
            D::PsychologicalAbuse | D::PhysicalAbuse | D::SexualAbuse => Means::Abuse,
            D::FalsePromises => Means::FalsePromises,
            D::PsychoactiveSubstances => Means::DrugsAlcohol,
            D::RestrictsFinancialAccess
            | D::RestrictsMovement
            | D::RestrictsMedicalCare
            | D::WithholdsNecessities => Means::DenyBasicNeeds,
            D::ExcessiveWorkingHours => Means::ExcessiveWorkHours,
            D::WithholdsDocuments => Means::WithholdDocs,
            D::Other | D::NotSpecified => return None,
        })
    }
}

vocabulary! {
    /// Relationship of the recruiter to the person (`recruiterRelation…`).
    Recruiter, "recruiter" {
        IntimatePartner => ("intimate_partner", "recruiterRelationIntimatePartner", "Intimate partner"),
        Friend => ("friend", "recruiterRelationFriend", "Friend"),
        Family => ("family", "recruiterRelationFamily", "Family"),
        Other => ("other", "recruiterRelationOther", "Other"),
        Unknown => ("unknown_relation", "recruiterRelationUnknown", "Unknown"),
    }
}

impl Recruiter {
    /// The spelling in the `RecruiterRelationship` column (`Intimate Partner;Friend`).
    pub fn relationship_text(self) -> &'static str {
        match self {
            Recruiter::IntimatePartner => "Intimate Partner",
            Recruiter::Friend => "Friend",
            Recruiter::Family => "Family",
            Recruiter::Other => "Other",
            Recruiter::Unknown => "Unknown",
        }
    }
}

vocabulary! {
    /// Faro's modalities (forms of exploitation, PRODUCT.md), derived from CTDC flags by
    /// [`crate::Record::modalities`].
    Modality, "modality" {
        SexualExploitation => ("sexual_exploitation", "sexual exploitation", "Sexual exploitation"),
        ForcedLabour => ("forced_labour", "forced labour", "Forced labour"),
        DomesticServitude => ("domestic_servitude", "domestic servitude", "Domestic servitude"),
        ForcedCriminality => ("forced_criminality", "forced criminality", "Forced criminality"),
        ForcedMarriage => ("forced_marriage", "forced marriage", "Forced marriage"),
        ForcedBegging => ("forced_begging", "forced begging", "Forced begging"),
        IllegalAdoption => ("illegal_adoption", "illegal adoption", "Illegal adoption"),
        OrganRemoval => ("organ_removal", "organ removal", "Organ removal"),
        Other => ("other", "other", "Other (forced military service, slavery and similar practices, other)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<V: Vocabulary>() {
        let mut codes: Vec<_> = V::ALL.iter().map(|v| v.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), V::ALL.len(), "{}: duplicate codes", V::ID);
        for (i, v) in V::ALL.iter().enumerate() {
            assert_eq!(v.index(), i);
            assert_eq!(V::from_code(v.code()), Some(*v));
            assert_eq!(V::from_ctdc(&v.ctdc().to_uppercase()), Some(*v));
            assert!(!v.description().is_empty());
            assert!(
                v.code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "code `{}` must be URL- and CLI-safe",
                v.code()
            );
        }
        assert!(V::ALL.len() <= 32, "a flag set holds at most 32 values");
    }

    #[test]
    fn every_vocabulary_has_unique_safe_codes_and_a_description() {
        check::<Gender>();
        check::<AgeBroad>();
        check::<Majority>();
        check::<DataSource>();
        check::<TraffickMonths>();
        check::<Exploitation>();
        check::<Labour>();
        check::<SexType>();
        check::<MeansDetail>();
        check::<Means>();
        check::<Recruiter>();
        check::<Modality>();
        check::<crate::access::Role>();
    }

    #[test]
    fn both_generations_of_gender_and_age_spelling_are_read() {
        assert_eq!(Gender::from_any("Woman"), Some(Gender::Female));
        assert_eq!(Gender::from_any("man"), Some(Gender::Male));
        assert_eq!(
            Gender::from_any("Trans/Transgender/NonConforming"),
            Some(Gender::Transgender)
        );
        assert_eq!(AgeBroad::from_any("09--17"), Some(AgeBroad::Age9To17));
        assert_eq!(AgeBroad::from_any("9--17"), Some(AgeBroad::Age9To17));
        assert_eq!(AgeBroad::from_any("17--19"), None);
    }

    #[test]
    fn every_fine_means_but_other_and_not_specified_has_a_group() {
        let ungrouped: Vec<_> = MeansDetail::ALL
            .iter()
            .filter(|d| d.group().is_none())
            .collect();
        assert_eq!(ungrouped, [&MeansDetail::Other, &MeansDetail::NotSpecified]);
        for g in Means::ALL {
            assert!(MeansDetail::ALL.iter().any(|d| d.group() == Some(*g)));
        }
    }
}
