//! The analysis hub's data: one query ([`HubQuery`]), the tables every view draws, released
//! together ([`gather`]: one pass over the index, one query of a controlled reader's budget,
//! one audit entry), and their drawing as SVG and CSV ([`draw`]). The pages, the brief, the
//! exports, the GeoJSON API and `faro brief` all go through here, so they show the same
//! numbers.

pub mod brief;
pub mod draw;
pub mod geo;
pub mod query;

pub use query::{HubQuery, MapBy, Parsed};

use crate::services::release::{Asked, Audit, released_many};
use crate::services::{Context, ServiceError};
use faro_domain::AccessContext;
use faro_domain::query::Dimension;
use faro_privacy::{Hotspots, PrivacyError, Released, Table};

/// A table the hub draws or exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Records by the map's country.
    Countries,
    /// Corridors: citizenship → country of exploitation.
    Routes,
    /// Records by year and modality.
    Series,
    Modality,
    Means,
    Age,
    Gender,
    Recruiter,
    Labour,
    /// Reports' points on the H3 grid.
    Hotspots,
}

/// The breakdowns, in the order the hub shows them.
pub const BREAKDOWNS: [View; 6] = [
    View::Modality,
    View::Means,
    View::Age,
    View::Gender,
    View::Recruiter,
    View::Labour,
];

impl View {
    pub const ALL: [View; 10] = [
        View::Countries,
        View::Routes,
        View::Series,
        View::Modality,
        View::Means,
        View::Age,
        View::Gender,
        View::Recruiter,
        View::Labour,
        View::Hotspots,
    ];

    pub fn id(self) -> &'static str {
        match self {
            View::Countries => "countries",
            View::Routes => "routes",
            View::Series => "series",
            View::Modality => "modality",
            View::Means => "means",
            View::Age => "age",
            View::Gender => "gender",
            View::Recruiter => "recruiter",
            View::Labour => "labour",
            View::Hotspots => "hotspots",
        }
    }

    pub fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
    }

    /// The translation key of the view's title.
    pub fn title(self) -> String {
        format!("hub-view-{}", self.id())
    }

    /// What the view groups records by; hotspots count reports, not records.
    pub fn by(self, query: &HubQuery) -> Vec<Dimension> {
        match self {
            View::Countries => vec![query.map.dimension()],
            View::Routes => vec![Dimension::Citizenship, Dimension::ExploitationCountry],
            View::Series => vec![Dimension::Year, Dimension::Modality],
            View::Modality => vec![Dimension::Modality],
            View::Means => vec![Dimension::Means],
            View::Age => vec![Dimension::Age],
            View::Gender => vec![Dimension::Gender],
            View::Recruiter => vec![Dimension::Recruiter],
            View::Labour => vec![Dimension::Labour],
            View::Hotspots => Vec::new(),
        }
    }
}

/// What the hub shows for one query, every number released for the reader.
pub struct Hub {
    pub query: HubQuery,
    /// Records that pass the filters, each once; `Err` when the filters alone are too narrow.
    pub total: Result<Released<Table>, PrivacyError>,
    pub tables: Vec<(View, Result<Released<Table>, PrivacyError>)>,
    /// `None` unless asked for.
    pub hotspots: Option<Released<Hotspots>>,
    /// Whether disclosure control applied to the records' tables.
    pub controlled: bool,
}

impl Hub {
    pub fn table(&self, view: View) -> Option<&Result<Released<Table>, PrivacyError>> {
        self.tables.iter().find(|(v, _)| *v == view).map(|(_, t)| t)
    }
}

/// Counts `views` (and the total) under `query` for `ctx`, in one pass, with one audit entry
/// under `action`; hotspots when `views` holds [`View::Hotspots`].
pub async fn gather(
    cx: &Context,
    ctx: &AccessContext,
    query: &HubQuery,
    views: &[View],
    action: &'static str,
) -> Result<Hub, ServiceError> {
    let tabled: Vec<View> = views
        .iter()
        .copied()
        .filter(|v| *v != View::Hotspots)
        .collect();
    let bys: Vec<Vec<Dimension>> = std::iter::once(Vec::new())
        .chain(tabled.iter().map(|v| v.by(query)))
        .collect();
    let by_refs: Vec<&[Dimension]> = bys.iter().map(Vec::as_slice).collect();
    let with_hotspots = views.contains(&View::Hotspots);
    let asked = Asked {
        scope: query.scope,
        filter: &query.filter,
        audit: Audit::Always(action),
    };
    let mut released = released_many(cx, ctx, &asked, &by_refs).await?.into_iter();
    let total = released.next().unwrap_or(Err(PrivacyError::TooNarrow {
        dimensions: 0,
        limit: 0,
    }));
    let hotspots = if with_hotspots {
        Some(hotspots(cx, ctx, query).await?)
    } else {
        None
    };
    Ok(Hub {
        query: query.clone(),
        controlled: faro_privacy::control(ctx, query.scope) == faro_privacy::Control::Controlled,
        total,
        tables: tabled.into_iter().zip(released).collect(),
        hotspots,
    })
}

/// Reports' points counted on the grid at the query's resolution (never finer than a
/// controlled reader may see) and released. Reports belong to the reader's organisation, so
/// the control is that of its own counts.
async fn hotspots(
    cx: &Context,
    ctx: &AccessContext,
    query: &HubQuery,
) -> Result<Released<Hotspots>, ServiceError> {
    let scope = faro_domain::AggregateScope::Own;
    let resolution = faro_privacy::hotspot_resolution(ctx, scope, query.resolution());
    let points = cx.store.report_points(ctx, &query.points()).await?;
    let cells = faro_analytics::hotspots(&points, resolution);
    Ok(faro_privacy::release_hotspots(
        ctx, scope, resolution, cells,
    ))
}
