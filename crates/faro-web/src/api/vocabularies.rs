//! `GET /api/v1/vocabularies`: every code Faro uses, with its CTDC spelling and en/es labels.

use axum::Json;
use faro_domain::Country;
use faro_domain::vocab::{
    AgeBroad, DataSource, Exploitation, Gender, Labour, Majority, Means, MeansDetail, Modality,
    Recruiter, SexType, TraffickMonths, Vocabulary,
};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct VocabularyView {
    pub id: &'static str,
    pub values: Vec<TermView>,
}

#[derive(Serialize, ToSchema)]
pub struct TermView {
    pub code: String,
    /// The spelling in CTDC files (for flags: the column name).
    pub ctdc: String,
    pub en: String,
    pub es: String,
}

#[derive(Serialize, ToSchema)]
pub struct CountryView {
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    pub en: &'static str,
    pub es: &'static str,
    /// A representative point, for maps.
    pub lat: f64,
    pub lon: f64,
}

#[derive(Serialize, ToSchema)]
pub struct VocabulariesView {
    pub vocabularies: Vec<VocabularyView>,
    pub countries: Vec<CountryView>,
}

fn of<V: Vocabulary>() -> VocabularyView {
    VocabularyView {
        id: V::ID,
        values: V::ALL
            .iter()
            .map(|v| TermView {
                code: v.code().into(),
                ctdc: v.ctdc().into(),
                en: v.label_en().into(),
                es: v.label_es().into(),
            })
            .collect(),
    }
}

/// All controlled vocabularies and the country table.
#[utoipa::path(get, path = "/api/v1/vocabularies", tag = "reference", responses((status = 200, body = VocabulariesView)))]
pub async fn list() -> Json<VocabulariesView> {
    Json(VocabulariesView {
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
                    alpha2: &i.alpha2,
                    alpha3: &i.alpha3,
                    en: &i.name_en,
                    es: &i.name_es,
                    lat: i.lat,
                    lon: i.lon,
                }
            })
            .collect(),
    })
}
