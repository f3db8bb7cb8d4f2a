//! `GET /api/v1/vocabularies`: every code Faro uses, with its CTDC spelling and its label in
//! every language Faro speaks.

use axum::Json;
use faro_domain::Country;
use faro_domain::vocab::{
    AgeBroad, DataSource, Exploitation, Gender, Labour, Majority, Means, MeansDetail, Modality,
    Recruiter, SexType, TraffickMonths, Vocabulary,
};
use faro_i18n::Lang;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Words keyed by language code (`{"en": "Female", "es": "Mujer", "fr": "Femme"}`).
pub type Labels = BTreeMap<&'static str, Cow<'static, str>>;

#[derive(Serialize, ToSchema)]
pub struct VocabularyView {
    pub id: &'static str,
    pub values: Vec<TermView>,
}

#[derive(Serialize, ToSchema)]
pub struct TermView {
    pub code: &'static str,
    /// The spelling in CTDC files (for flags: the column name).
    pub ctdc: &'static str,
    /// The label in each language, keyed by language code.
    #[schema(value_type = BTreeMap<String, String>)]
    pub labels: Labels,
}

#[derive(Serialize, ToSchema)]
pub struct CountryView {
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    /// The name in each language, keyed by language code.
    #[schema(value_type = BTreeMap<String, String>)]
    pub names: Labels,
    /// A representative point, for maps.
    pub lat: f64,
    pub lon: f64,
}

#[derive(Serialize, ToSchema)]
pub struct VocabulariesView {
    /// The language codes the labels are given in.
    pub languages: Vec<&'static str>,
    pub vocabularies: Vec<VocabularyView>,
    pub countries: Vec<CountryView>,
}

fn in_every_language(word: impl Fn(Lang) -> Cow<'static, str>) -> Labels {
    Lang::all().map(|l| (l.code(), word(l))).collect()
}

fn of<V: Vocabulary>() -> VocabularyView {
    VocabularyView {
        id: V::ID,
        values: V::ALL
            .iter()
            .map(|v| TermView {
                code: v.code(),
                ctdc: v.ctdc(),
                labels: in_every_language(|l| l.label(*v)),
            })
            .collect(),
    }
}

/// All controlled vocabularies and the country table.
#[utoipa::path(get, path = "/api/v1/vocabularies", tag = "reference", responses((status = 200, body = VocabulariesView)))]
pub async fn list() -> Json<VocabulariesView> {
    Json(VocabulariesView {
        languages: Lang::all().map(Lang::code).collect(),
        vocabularies: vec![
            of::<Gender>(),
            of::<AgeBroad>(),
            of::<Majority>(),
            of::<DataSource>(),
            of::<TraffickMonths>(),
            of::<Modality>(),
            of::<Exploitation>(),
            of::<Labour>(),
            of::<SexType>(),
            of::<MeansDetail>(),
            of::<Means>(),
            of::<Recruiter>(),
        ],
        countries: Country::all()
            .map(|c| {
                let i = c.info();
                CountryView {
                    alpha2: c.alpha2(),
                    alpha3: c.alpha3(),
                    names: in_every_language(|l| l.country(c)),
                    lat: i.lat,
                    lon: i.lon,
                }
            })
            .collect(),
    })
}
