//! The columns of the three CTDC layouts, what each one holds, and layout detection.

use faro_domain::vocab::{
    Exploitation, Labour, Means, MeansDetail, Recruiter, SexType, Vocabulary,
};
use std::collections::HashMap;
use std::sync::LazyLock;

/// A CTDC column layout (`specs/ctdc.md`), or Faro's JSON lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// "The Global Dataset", 2017–2020, comma-separated, 0/1/-99 flags, alpha-2 countries.
    A,
    /// Synthetic 2021, tab-separated, a subset of layout A's columns.
    B,
    /// Synthetic v2024/v2025, 27 columns, alpha-3 countries, merged means of control.
    C,
    /// Faro's own lossless JSON lines.
    Jsonl,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::A => "ctdc-a",
            Layout::B => "ctdc-b",
            Layout::C => "ctdc-c",
            Layout::Jsonl => "jsonl",
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Year,
    Datasource,
    Gender,
    Age,
    Majority,
    MajorityAtExploit,
    MajorityEntry,
    Citizenship,
    ExploitationCountry,
    TraffickMonths,
    Exploitation(Exploitation),
    Labour(Labour),
    Sex(SexType),
    MeansDetail(MeansDetail),
    Means(Means),
    Recruiter(Recruiter),
    Abduction,
    /// A column derived from a flag group; checked against the flags, never trusted over them.
    Derived(Derived),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    MeansConcat,
    ExploitConcat,
    LabourConcat,
    SexConcat,
    RecruiterRelationship,
}

/// Every column of the 2019–2020 Global Dataset, in its order (63 columns).
pub static LAYOUT_A: LazyLock<Vec<(&'static str, Col)>> = LazyLock::new(|| {
    let mut v: Vec<(&'static str, Col)> = vec![
        ("yearOfRegistration", Col::Year),
        ("Datasource", Col::Datasource),
        ("gender", Col::Gender),
        ("ageBroad", Col::Age),
        ("majorityStatus", Col::Majority),
        ("majorityStatusAtExploit", Col::MajorityAtExploit),
        ("majorityEntry", Col::MajorityEntry),
        ("citizenship", Col::Citizenship),
    ];
    v.extend(
        MeansDetail::ALL
            .iter()
            .map(|m| (m.ctdc(), Col::MeansDetail(*m))),
    );
    v.push((
        "meansOfControlConcatenated",
        Col::Derived(Derived::MeansConcat),
    ));
    v.extend(
        Exploitation::ALL
            .iter()
            .map(|e| (e.ctdc(), Col::Exploitation(*e))),
    );
    v.push((
        "typeOfExploitConcatenated",
        Col::Derived(Derived::ExploitConcat),
    ));
    v.extend(Labour::ALL.iter().map(|l| (l.ctdc(), Col::Labour(*l))));
    v.push((
        "typeOfLabourConcatenated",
        Col::Derived(Derived::LabourConcat),
    ));
    v.extend(SexType::ALL.iter().map(|s| (s.ctdc(), Col::Sex(*s))));
    v.push(("typeOfSexConcatenated", Col::Derived(Derived::SexConcat)));
    v.push(("isAbduction", Col::Abduction));
    v.push((
        "RecruiterRelationship",
        Col::Derived(Derived::RecruiterRelationship),
    ));
    v.push(("CountryOfExploitation", Col::ExploitationCountry));
    v.extend(
        Recruiter::ALL
            .iter()
            .map(|r| (r.ctdc(), Col::Recruiter(*r))),
    );
    v
});

/// The 27 columns of the v2024/v2025 synthetic data set, in its order.
pub static LAYOUT_C: LazyLock<Vec<(&'static str, Col)>> = LazyLock::new(|| {
    let mut v: Vec<(&'static str, Col)> = vec![
        ("yearOfRegistration", Col::Year),
        ("gender", Col::Gender),
        ("ageBroad", Col::Age),
        ("citizenship", Col::Citizenship),
        ("CountryOfExploitation", Col::ExploitationCountry),
        ("traffickMonths", Col::TraffickMonths),
    ];
    v.extend(Means::ALL.iter().map(|m| (m.ctdc(), Col::Means(*m))));
    for e in [
        Exploitation::ForcedLabour,
        Exploitation::SexualExploitation,
        Exploitation::OtherExploitation,
    ] {
        v.push((e.ctdc(), Col::Exploitation(e)));
    }
    for l in C_LABOUR {
        v.push((l.ctdc(), Col::Labour(l)));
    }
    for s in C_SEX {
        v.push((s.ctdc(), Col::Sex(s)));
    }
    for r in [
        Recruiter::IntimatePartner,
        Recruiter::Friend,
        Recruiter::Family,
        Recruiter::Other,
    ] {
        v.push((r.ctdc(), Col::Recruiter(r)));
    }
    v
});

/// The labour sectors and sex-exploitation forms layout C keeps.
pub const C_LABOUR: [Labour; 4] = [
    Labour::Agriculture,
    Labour::Construction,
    Labour::DomesticWork,
    Labour::Hospitality,
];
pub const C_SEX: [SexType; 2] = [SexType::Prostitution, SexType::Pornography];

/// Columns every layout must have (their cells may still be unknown).
pub const REQUIRED: [&str; 5] = [
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
];

/// Known column names, lower-cased, with aliases that public copies use, and whether the
/// name only exists in layout C (which is how layout C is recognised).
static BY_NAME: LazyLock<HashMap<String, (Col, bool)>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for (name, col) in LAYOUT_A.iter() {
        m.insert(name.to_ascii_lowercase(), (*col, false));
    }
    for (name, col) in LAYOUT_C.iter() {
        let c_only = !m.contains_key(&name.to_ascii_lowercase());
        m.insert(name.to_ascii_lowercase(), (*col, c_only));
    }
    m.insert(
        "meanswithholddocuments".into(),
        (Col::Means(Means::WithholdDocs), true),
    );
    for l in C_LABOUR {
        let alias = l.ctdc().replacen("typeOfLabour", "sectorOfLabour", 1);
        m.insert(alias.to_ascii_lowercase(), (Col::Labour(l), true));
    }
    for s in C_SEX {
        let alias = s.ctdc().replacen("typeOfSex", "sectorOfSex", 1);
        m.insert(alias.to_ascii_lowercase(), (Col::Sex(s), true));
    }
    m
});

/// Looks a header name up, case-insensitively after trimming.
pub fn lookup(name: &str) -> Option<(Col, bool)> {
    BY_NAME.get(&name.trim().to_ascii_lowercase()).copied()
}

/// The canonical columns of a layout, for the list of absent columns in the import summary.
pub fn canonical(layout: Layout) -> &'static [(&'static str, Col)] {
    match layout {
        Layout::C => &LAYOUT_C,
        _ => &LAYOUT_A,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The domain's description names each single-valued dimension's CTDC column: the column
    /// exists here and holds that dimension.
    #[test]
    fn the_domains_ctdc_columns_are_read_into_their_dimensions() {
        use faro_domain::query::{DIMENSIONS, Dimension};
        let expected = |d: Dimension| match d {
            Dimension::Year => Col::Year,
            Dimension::Gender => Col::Gender,
            Dimension::Age => Col::Age,
            Dimension::Majority => Col::Majority,
            Dimension::Citizenship => Col::Citizenship,
            Dimension::ExploitationCountry => Col::ExploitationCountry,
            Dimension::TraffickMonths => Col::TraffickMonths,
            other => panic!("{} has a CTDC column but no column here", other.id()),
        };
        let mut checked = 0;
        for d in DIMENSIONS.iter().filter(|d| d.ctdc_column.is_some()) {
            let column = d.ctdc_column.unwrap_or_default();
            let found = lookup(column).map(|(col, _)| col);
            assert_eq!(found, Some(expected(d.dimension)), "{column}");
            checked += 1;
        }
        assert_eq!(checked, Dimension::SINGLE.len());
    }

    #[test]
    fn layout_a_has_63_columns_and_layout_c_27() {
        assert_eq!(LAYOUT_A.len(), 63);
        assert_eq!(LAYOUT_C.len(), 27);
    }

    #[test]
    fn names_match_case_insensitively_and_aliases_are_known() {
        assert_eq!(
            lookup(" CountryofExploitation "),
            Some((Col::ExploitationCountry, false))
        );
        assert_eq!(lookup("traffickMonths").map(|c| c.1), Some(true));
        assert_eq!(
            lookup("sectorOfLabourAgriculture"),
            Some((Col::Labour(Labour::Agriculture), true))
        );
        assert_eq!(
            lookup("meansWithholdDocuments"),
            Some((Col::Means(Means::WithholdDocs), true))
        );
        assert_eq!(lookup("control_category"), None);
    }
}
