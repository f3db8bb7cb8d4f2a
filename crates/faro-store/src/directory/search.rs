//! Finding a service for a person: by need, language, the person's age, a bed free, and
//! distance from a place. With a place, the search starts from the locations in a box around
//! it (the point index) and measures each candidate in Rust; a confidential location of
//! another organisation is measured from its coarse point and said to be "arranged by
//! contact", never placed.

use super::{DirectoryReader, object};
use crate::{Store, StoreError};
use faro_domain::case::ServiceKind;
use faro_domain::directory::{Audience, distance_km};
use faro_domain::{AccessContext, OrganisationId, Vocabulary};
use std::collections::HashMap;

/// The most services a search returns.
pub const MAX_HITS: u32 = 50;
/// Rows a search reads before it stops looking: a box over a whole country's directory
/// is cut here, nearest kept.
const MAX_CANDIDATES: i64 = 20_000;

#[derive(Debug, Clone, Default)]
pub struct DirectorySearch {
    pub need: Option<ServiceKind>,
    /// An ISO 639 code.
    pub language: Option<String>,
    /// The person's age: services whose ages exclude it are left out.
    pub age: Option<u16>,
    /// Only services that say they have a bed free.
    pub beds: bool,
    /// From where (latitude, longitude) and how far, in kilometres.
    pub near: Option<((f64, f64), f64)>,
    pub limit: u32,
}

/// Where a found service is offered, as the reader may know it.
#[derive(Debug, Clone, PartialEq)]
pub struct HitPlace {
    pub location: String,
    pub name: Option<String>,
    /// `None` for a confidential location of another organisation, or one without a point.
    pub point: Option<(f64, f64)>,
    /// A confidential location of another organisation: "contact to arrange".
    pub arrange: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub service: String,
    pub name: String,
    pub organization: String,
    pub owner: OrganisationId,
    pub needs: Vec<ServiceKind>,
    pub languages: Vec<String>,
    pub beds_free: Option<i64>,
    pub assured_day: Option<String>,
    pub place: Option<HitPlace>,
    /// From the place searched around, rounded to the kilometre for a location placed only
    /// coarsely.
    pub distance_km: Option<f64>,
}

/// One row of the search: a service at one of its locations.
type Row = (
    String,
    String,
    String,
    i64,
    String,
    i64,
    String,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

impl Store {
    /// The services `reader` may find that meet `search`, nearest first when a place is
    /// given, else by name.
    pub async fn search_directory(
        &self,
        ctx: &AccessContext,
        reader: DirectoryReader,
        search: &DirectorySearch,
    ) -> Result<Vec<Hit>, StoreError> {
        let (scope, organisation) = super::scope(ctx, reader)?;
        let box_filter = if search.near.is_some() {
            "l.latitude BETWEEN $6 AND $7 AND l.longitude BETWEEN $8 AND $9"
        } else {
            "$6 = $7 AND $8 = $9"
        };
        // With a place, the locations in its box come first (SQLite keeps a CROSS JOIN's
        // order; PostgreSQL plans it as any join).
        let from = if search.near.is_some() {
            "directory_locations l CROSS JOIN directory_places p CROSS JOIN directory_services s \
             CROSS JOIN directory_organizations o"
        } else {
            "directory_services s CROSS JOIN directory_organizations o \
             LEFT JOIN directory_places p ON p.service_id = s.id \
             LEFT JOIN directory_locations l ON l.id = p.location_id"
        };
        let joins = if search.near.is_some() {
            "p.location_id = l.id AND s.id = p.service_id AND o.id = s.organization_id"
        } else {
            "o.id = s.organization_id"
        };
        let sql = format!(
            "SELECT s.hsds_id, s.name, o.name, s.owner_id, s.audience, s.needs, s.languages, s.beds_free, \
             s.assured_day, l.hsds_id, l.audience, l.latitude, l.longitude, l.document, l.sealed FROM {from} \
             WHERE {joins} AND {scope} AND s.status = 'active' \
             AND ($2 = 0 OR (s.needs & $2) <> 0) AND ($3 = '' OR s.languages LIKE $3) \
             AND ($4 < 0 OR ((s.minimum_age IS NULL OR s.minimum_age <= $4) \
                 AND (s.maximum_age IS NULL OR s.maximum_age >= $4))) \
             AND ($5 = 0 OR s.beds_free > 0) AND {box_filter} \
             ORDER BY s.name, s.hsds_id LIMIT {MAX_CANDIDATES}"
        );
        let need = search.need.map_or(0, |n| 1i64 << n.index());
        let language = search
            .language
            .as_deref()
            .and_then(faro_domain::directory::language_code)
            .map(|c| format!("% {c} %"))
            .unwrap_or_default();
        let age = search.age.map_or(-1, i64::from);
        let (lat, lon) = search.near.map(|(p, km)| bounds(p, km)).unwrap_or_default();
        let rows: Vec<Row> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(organisation)
            .bind(need)
            .bind(&language)
            .bind(age)
            .bind(i64::from(search.beds))
            .bind(lat.0)
            .bind(lat.1)
            .bind(lon.0)
            .bind(lon.1)
            .fetch_all(p)
            .await?);
        let mut best: HashMap<String, Hit> = HashMap::new();
        for row in rows {
            let Some(hit) = hit(row, reader, search, self.keys.as_deref())? else {
                continue;
            };
            match best.get(&hit.service) {
                Some(kept) if nearer(kept, &hit) => {}
                _ => {
                    best.insert(hit.service.clone(), hit);
                }
            }
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(|a, b| {
            let far = |h: &Hit| h.distance_km.unwrap_or(f64::INFINITY);
            far(a)
                .total_cmp(&far(b))
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.service.cmp(&b.service))
        });
        hits.truncate(search.limit.clamp(1, MAX_HITS) as usize);
        Ok(hits)
    }
}

fn nearer(kept: &Hit, other: &Hit) -> bool {
    match (kept.distance_km, other.distance_km) {
        (Some(a), Some(b)) => a <= b,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => kept.place.is_some() || other.place.is_none(),
    }
}

/// The box around a point, in micro-degrees: latitude first, then longitude (not across the
/// antimeridian).
fn bounds((lat, lon): (f64, f64), km: f64) -> ((i64, i64), (i64, i64)) {
    let dlat = km / 111.0;
    let dlon = km / (111.32 * lat.to_radians().cos().abs().max(0.01));
    let micro = |d: f64| (d * 1e6).round() as i64;
    (
        (micro(lat - dlat), micro(lat + dlat)),
        (micro(lon - dlon), micro(lon + dlon)),
    )
}

/// A found location as the reader may know it, with the point it is measured from and
/// whether that point is only coarse.
struct Seen {
    place: HitPlace,
    point: Option<(f64, f64)>,
    coarse: bool,
}

/// A row as the reader may see it, or `None` when its location is out of reach (farther
/// than asked, or not public for a public reader).
fn hit(
    row: Row,
    reader: DirectoryReader,
    search: &DirectorySearch,
    keys: Option<&crate::keys::Keys>,
) -> Result<Option<Hit>, StoreError> {
    let owner = OrganisationId(row.3);
    let service_audience = Audience::from_code(&row.4).unwrap_or(Audience::Confidential);
    let seen = match &row.9 {
        None => None,
        Some(location) => {
            let audience = row
                .10
                .as_deref()
                .and_then(Audience::from_code)
                .unwrap_or(Audience::Confidential)
                .narrowest(service_audience);
            let visible = match reader {
                DirectoryReader::Public => audience == Audience::Public,
                DirectoryReader::Partner(o) => o == owner || audience != Audience::Confidential,
                DirectoryReader::Owner(_) => true,
            };
            if reader == DirectoryReader::Public && !visible {
                None
            } else {
                Some(seen(&row, location, visible, audience, keys)?)
            }
        }
    };
    let distance_km = match (&seen, search.near) {
        (
            Some(Seen {
                point: Some(point),
                coarse,
                ..
            }),
            Some((from, _)),
        ) => {
            let d = distance_km(from, *point);
            Some(if *coarse { d.round() } else { d })
        }
        _ => None,
    };
    if let Some((_, km)) = search.near {
        // A coarse point is within about 8 km of the location it stands for.
        let slack = if seen.as_ref().is_some_and(|s| s.coarse) {
            8.0
        } else {
            0.0
        };
        if !distance_km.is_some_and(|d| d <= km + slack) {
            return Ok(None);
        }
    }
    let needs = row.5;
    Ok(Some(Hit {
        service: row.0,
        name: row.1,
        organization: row.2,
        owner,
        needs: ServiceKind::ALL
            .iter()
            .copied()
            .filter(|k| needs & (1 << k.index()) != 0)
            .collect(),
        languages: row.6.split_whitespace().map(str::to_string).collect(),
        beds_free: row.7.map(i64::from),
        assured_day: row.8,
        place: seen.map(|s| s.place),
        distance_km,
    }))
}

/// The location of a row: whole for a reader who may see it (its keeper reads a confidential
/// one unsealed, with its exact point), else only "arranged by contact" at its coarse point.
fn seen(
    row: &Row,
    location: &str,
    visible: bool,
    audience: Audience,
    keys: Option<&crate::keys::Keys>,
) -> Result<Seen, StoreError> {
    let mut point = row
        .11
        .zip(row.12)
        .map(|(a, b)| (a as f64 / 1e6, b as f64 / 1e6));
    let mut coarse = audience == Audience::Confidential;
    let document = match (&row.13, &row.14, visible) {
        (Some(document), _, true) => Some(object(document)?),
        (None, Some(sealed), true) => {
            let keys = keys.ok_or(StoreError::Locked)?;
            let document = object(&keys.open(&super::location_place(location), sealed)?)?;
            let number = |k: &str| document.get(k).and_then(|v| v.as_f64());
            if let (Some(a), Some(b)) = (number("latitude"), number("longitude")) {
                point = Some((a, b));
                coarse = false;
            }
            Some(document)
        }
        _ => None,
    };
    let name = document
        .as_ref()
        .and_then(|d| d.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_string);
    Ok(Seen {
        place: HitPlace {
            location: location.to_string(),
            name,
            point: point.filter(|_| visible && !coarse),
            arrange: !visible,
        },
        point,
        coarse,
    })
}
