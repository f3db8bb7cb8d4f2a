//! Finding a service for a person: by need, language, the person's age, a bed free, and
//! distance from a place. With a place, the search reads one index range: the places in a
//! box around it, each carrying a copy of what the search filters by (`directory_places`),
//! measures each candidate in Rust, and reads names and details only for the services it
//! keeps. A confidential location of another organisation is measured from its coarse point
//! and said to be "arranged by contact", never placed.

use super::{DirectoryReader, object};
use crate::{Store, StoreError};
use faro_domain::case::ServiceKind;
use faro_domain::directory::{Audience, Hours, distance_km};
use faro_domain::vocab::Gender;
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
    /// The person's gender: services for other genders only are left out.
    pub gender: Option<Gender>,
    /// A minute of the week (`faro_domain::directory::week_minute`): only services whose
    /// schedules say they are open then.
    pub open_at: Option<u32>,
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

/// One candidate: a service at one of its locations (none for a service without one), with
/// its keeper, audiences and point.
type Row = (
    i64,
    Option<i64>,
    i64,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

/// A candidate as the reader may see it.
struct Candidate {
    service: i64,
    location: Option<i64>,
    /// The reader may read the location whole (else "contact to arrange").
    visible: bool,
    /// Its point in the index is only coarse (a confidential location).
    coarse: bool,
    point: Option<(f64, f64)>,
    distance_km: Option<f64>,
    /// Its rank in the database's order (by name, without a place).
    rank: usize,
}

/// The filters every search applies, over `s` (a service, or a place's copy of it).
const FILTERS: &str = "s.status = 'active' AND ($2 = 0 OR (s.needs & $2) <> 0) \
     AND ($3 = '' OR s.languages LIKE $3) \
     AND ($4 < 0 OR ((s.minimum_age IS NULL OR s.minimum_age <= $4) AND (s.maximum_age IS NULL OR s.maximum_age >= $4))) \
     AND ($5 = 0 OR s.beds_free > 0) AND ($10 = 0 OR s.genders = 0 OR (s.genders & $10) <> 0)";

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
        let limit = search.limit.clamp(1, MAX_HITS);
        let sql = if search.near.is_some() {
            format!(
                "SELECT s.service_id, s.location_id, s.owner_id, s.audience, s.location_audience, s.latitude, \
                 s.longitude, s.hours FROM directory_places s WHERE {scope} AND {FILTERS} \
                 AND s.latitude BETWEEN $6 AND $7 AND s.longitude BETWEEN $8 AND $9 LIMIT {MAX_CANDIDATES}"
            )
        } else {
            let rows = i64::from(limit) * 10;
            format!(
                "SELECT s.id, l.id, s.owner_id, s.audience, l.audience, l.latitude, l.longitude, s.hours \
                 FROM directory_services s LEFT JOIN directory_places p ON p.service_id = s.id \
                 LEFT JOIN directory_locations l ON l.id = p.location_id \
                 WHERE {scope} AND {FILTERS} AND $6 = $7 AND $8 = $9 ORDER BY s.name, s.hsds_id LIMIT {rows}"
            )
        };
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
            .bind(search.gender.map_or(0, |g| 1i64 << g.index()))
            .fetch_all(p)
            .await?);
        let mut best: HashMap<i64, Candidate> = HashMap::new();
        for (rank, row) in rows.into_iter().enumerate() {
            let Some(candidate) = candidate(row, rank, reader, search) else {
                continue;
            };
            match best.get(&candidate.service) {
                Some(kept) if nearer(kept, &candidate) => {}
                _ => {
                    best.insert(candidate.service, candidate);
                }
            }
        }
        let mut chosen: Vec<Candidate> = best.into_values().collect();
        chosen.sort_by(|a, b| {
            let far = |c: &Candidate| c.distance_km.unwrap_or(f64::INFINITY);
            far(a).total_cmp(&far(b)).then(a.rank.cmp(&b.rank))
        });
        chosen.truncate(limit as usize);
        let mut hits = self.hits(chosen, search).await?;
        hits.sort_by(nearest_first);
        Ok(hits)
    }

    /// The chosen candidates with their services' details and their locations' names (read
    /// only for these): a confidential location of the reader's own is opened, placed
    /// exactly and measured again.
    async fn hits(
        &self,
        chosen: Vec<Candidate>,
        search: &DirectorySearch,
    ) -> Result<Vec<Hit>, StoreError> {
        if chosen.is_empty() {
            return Ok(Vec::new());
        }
        let services: Vec<i64> = chosen.iter().map(|c| c.service).collect();
        let sql = format!(
            "SELECT s.id, s.hsds_id, s.name, o.name, s.owner_id, s.needs, s.languages, s.beds_free, s.assured_day \
             FROM directory_services s JOIN directory_organizations o ON o.id = s.organization_id \
             WHERE s.id IN ({})",
            placeholders(services.len())
        );
        type Details = (
            i64,
            String,
            String,
            String,
            i64,
            i64,
            String,
            Option<i32>,
            Option<String>,
        );
        let details: Vec<Details> = with_pool!(self, |p| {
            let mut query = sqlx::query_as(&sql);
            for id in &services {
                query = query.bind(*id);
            }
            query.fetch_all(p).await?
        });
        let details: HashMap<i64, Details> = details.into_iter().map(|d| (d.0, d)).collect();
        let locations: Vec<i64> = chosen.iter().filter_map(|c| c.location).collect();
        let documents = self.location_documents(&locations).await?;
        let mut hits = Vec::with_capacity(chosen.len());
        for c in chosen {
            let Some(d) = details.get(&c.service) else {
                continue;
            };
            let place = c
                .location
                .and_then(|id| documents.get(&id))
                .map(|(hsds_id, document)| {
                    let readable = document.as_ref().filter(|_| c.visible);
                    let number = |k: &str| readable.and_then(|d| d.get(k)).and_then(|v| v.as_f64());
                    let exact = number("latitude").zip(number("longitude"));
                    HitPlace {
                        location: hsds_id.clone(),
                        name: readable
                            .and_then(|d| d.get("name"))
                            .and_then(|n| n.as_str())
                            .map(str::to_string),
                        point: if c.visible {
                            exact.or(c.point.filter(|_| !c.coarse))
                        } else {
                            None
                        },
                        arrange: !c.visible,
                    }
                });
            let distance_km = match (&place, search.near) {
                (Some(HitPlace { point: Some(p), .. }), Some((from, _))) => {
                    Some(distance_km(from, *p))
                }
                _ => c.distance_km,
            };
            let needs = d.5;
            hits.push(Hit {
                service: d.1.clone(),
                name: d.2.clone(),
                organization: d.3.clone(),
                owner: OrganisationId(d.4),
                needs: ServiceKind::ALL
                    .iter()
                    .copied()
                    .filter(|k| needs & (1 << k.index()) != 0)
                    .collect(),
                languages: d.6.split_whitespace().map(str::to_string).collect(),
                beds_free: d.7.map(i64::from),
                assured_day: d.8.clone(),
                place,
                distance_km,
            });
        }
        Ok(hits)
    }

    /// Locations by id: their HSDS ids and documents (a confidential one opened).
    async fn location_documents(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, (String, Option<super::Object>)>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT id, hsds_id, document, sealed FROM directory_locations WHERE id IN ({})",
            placeholders(ids.len())
        );
        let rows: Vec<(i64, String, Option<String>, Option<String>)> = with_pool!(self, |p| {
            let mut query = sqlx::query_as(&sql);
            for id in ids {
                query = query.bind(*id);
            }
            query.fetch_all(p).await?
        });
        let mut found = HashMap::with_capacity(rows.len());
        for (id, hsds_id, document, sealed) in rows {
            let document = match (document, sealed) {
                (Some(document), _) => Some(object(&document)?),
                (None, Some(sealed)) => {
                    let keys = self.keys.as_ref().ok_or(StoreError::Locked)?;
                    Some(object(
                        &keys.open(&super::location_place(&hsds_id), &sealed)?,
                    )?)
                }
                (None, None) => None,
            };
            found.insert(id, (hsds_id, document));
        }
        Ok(found)
    }
}

/// `$1, $2, …, $n`.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Nearest first, then by name (and id, so that equal names keep one order).
fn nearest_first(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    let far = |h: &Hit| h.distance_km.unwrap_or(f64::INFINITY);
    far(a)
        .total_cmp(&far(b))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.service.cmp(&b.service))
}

fn nearer(kept: &Candidate, other: &Candidate) -> bool {
    match (kept.distance_km, other.distance_km) {
        (Some(a), Some(b)) => a <= b,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => kept.location.is_some() || other.location.is_none(),
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

/// A row as the reader may see it, or `None` when its location is out of reach (farther
/// than asked, or not public for a public reader). A confidential location's point in the
/// index is coarse (within about 8 km), so it is measured to the kilometre.
fn candidate(
    row: Row,
    rank: usize,
    reader: DirectoryReader,
    search: &DirectorySearch,
) -> Option<Candidate> {
    let (service, location, owner, audience, location_audience, latitude, longitude, hours) = row;
    if let Some(minute) = search.open_at
        && !hours
            .as_deref()
            .and_then(Hours::decode)
            .is_some_and(|h| h.open_at(minute))
    {
        return None;
    }
    let owner = OrganisationId(owner);
    let service_audience = Audience::from_code(&audience).unwrap_or(Audience::Confidential);
    let audience = location_audience
        .as_deref()
        .and_then(Audience::from_code)
        .unwrap_or(Audience::Confidential)
        .narrowest(service_audience);
    let visible = match reader {
        DirectoryReader::Public => audience == Audience::Public,
        DirectoryReader::Partner(o) => o == owner || audience != Audience::Confidential,
        DirectoryReader::Owner(_) => true,
    };
    let location = location.filter(|_| reader != DirectoryReader::Public || visible);
    let coarse = audience == Audience::Confidential;
    let point = location
        .and(latitude.zip(longitude))
        .map(|(a, b)| (a as f64 / 1e6, b as f64 / 1e6));
    let distance_km = match (point, search.near) {
        (Some(point), Some((from, _))) => {
            let d = distance_km(from, point);
            Some(if coarse { d.round() } else { d })
        }
        _ => None,
    };
    if let Some((_, km)) = search.near {
        let slack = if coarse { 8.0 } else { 0.0 };
        if !distance_km.is_some_and(|d| d <= km + slack) {
            return None;
        }
    }
    Some(Candidate {
        service,
        location,
        visible,
        coarse,
        point,
        distance_km,
        rank,
    })
}
