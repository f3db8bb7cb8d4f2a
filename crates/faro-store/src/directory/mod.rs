//! The directory of service providers: each organisation's HSDS entries, imported whole
//! (idempotent: unchanged entries are left alone, changed ones updated, those a re-import no
//! longer holds marked vanished), and read as each reader may see them. A confidential
//! location's document is sealed and its point kept in clear only to a tenth of a degree; a
//! public reader never receives a location that is not public, nor learns that one exists.

use crate::audit::Draft;
use crate::keys::Keys;
use crate::{Store, StoreError};
use faro_domain::directory::{Audience, Entry, Object};
use faro_domain::{AccessContext, OrganisationId, Vocabulary};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

mod search;
mod updates;
pub use search::{DirectorySearch, Hit, HitPlace, MAX_HITS};
pub use updates::{DirectoryUpdate, Invitation, LINK_DAYS, UpdateState};

/// How an import treats what its file does not say.
#[derive(Debug, Clone, Copy)]
pub struct DirectoryImportOptions {
    /// The audience of new entries and locations whose file gives none.
    pub audience: Audience,
    /// Whether entries the file no longer holds are marked vanished (not when the file broke
    /// off part-way: its end was never read).
    pub mark_vanished: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryImport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub vanished: usize,
    /// Services, organisations or locations whose HSDS id another organisation keeps: the
    /// entry was not imported.
    pub taken: Vec<String>,
}

/// Who reads the directory, which decides what they see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectoryReader {
    /// Anyone: public entries at public locations only.
    Public,
    /// Staff of an organisation on the instance: shared entries and their own; a confidential
    /// location of another organisation is given without its document.
    Partner(OrganisationId),
    /// An organisation's own entries, every location whole (its export).
    Owner(OrganisationId),
}

#[derive(Debug, Clone, Default)]
pub struct DirectoryQuery {
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
    /// Words of the service's name.
    pub text: Option<String>,
    /// Unix seconds: entries changed since.
    pub changed_since: Option<i64>,
    /// One object, by its HSDS id.
    pub id: Option<String>,
    /// The services of one organisation, by its HSDS id.
    pub organization: Option<String>,
}

impl DirectoryQuery {
    /// One service, by its HSDS id.
    pub fn one(id: &str) -> DirectoryQuery {
        DirectoryQuery {
            page: 1,
            per_page: 1,
            id: Some(id.to_string()),
            ..DirectoryQuery::default()
        }
    }

    /// The page as SQL's `LIMIT` and `OFFSET` (whole numbers, never caller text).
    fn window(&self) -> (u32, i64) {
        let per_page = self.per_page.clamp(1, MAX_PER_PAGE);
        (
            per_page,
            i64::from(self.page.max(1) - 1) * i64::from(per_page),
        )
    }
}

/// A service as its reader may see it: its document, its organisation's, and its places,
/// each with its location's document or `None` ("contact to arrange").
#[derive(Debug, Clone)]
pub struct Listed {
    pub service: Object,
    pub organization: Object,
    pub places: Vec<ListedPlace>,
    pub owner: OrganisationId,
    pub audience: Audience,
    pub vanished: bool,
}

/// A service's place: the link's document and the location's, `None` for a confidential
/// location of another organisation ("contact to arrange").
#[derive(Debug, Clone)]
pub struct ListedPlace {
    pub link: Object,
    pub location: Option<Object>,
    /// The location's own audience, never wider than its service's.
    pub audience: Audience,
}

#[derive(Debug, Clone)]
pub struct DirectoryPage {
    pub total: u64,
    pub services: Vec<Listed>,
}

/// Rows written per statement by an import (the widest row binds 19 values: well within
/// SQLite's and PostgreSQL's limits).
const BATCH: usize = 500;

/// The most services one page holds.
pub const MAX_PER_PAGE: u32 = 100;

/// A place's link document, its location's id, audience, and clear or sealed document.
type PlaceRow = (String, String, String, Option<String>, Option<String>);

fn location_place(hsds_id: &str) -> String {
    format!("directory_locations.sealed/{hsds_id}")
}

fn micro(degrees: f64, confidential: bool) -> i64 {
    if confidential {
        ((degrees * 10.0).round() * 100_000.0) as i64
    } else {
        (degrees * 1e6).round() as i64
    }
}

fn digest(entry: &Entry) -> String {
    let places: Vec<Value> = entry
        .places
        .iter()
        .map(|p| {
            json!([
                p.link.document,
                p.location.part.document,
                p.location.audience.map(|a| a.code())
            ])
        })
        .collect();
    let whole = json!([
        entry.service.document,
        entry.organization.document,
        places,
        entry.audience.map(|a| a.code())
    ]);
    hex::encode(Sha256::digest(whole.to_string().as_bytes()))
}

/// A service's needs as bits of the case vocabulary `service`.
fn needs_bits(entry: &Entry) -> i64 {
    entry
        .needs
        .iter()
        .fold(0i64, |bits, need| bits | 1 << need.index())
}

/// The genders a service is for, as bits of the vocabulary `gender` (0: anyone).
fn genders_bits(entry: &Entry) -> i64 {
    entry
        .genders
        .iter()
        .fold(0i64, |bits, g| bits | 1 << g.index())
}

fn hours_text(entry: &Entry) -> Option<String> {
    entry.hours.as_ref().map(|h| h.encode())
}

/// A service's languages between spaces (` en es `), so that one LIKE finds one.
fn languages_text(entry: &Entry) -> String {
    format!(" {} ", entry.languages.join(" "))
}

fn text_of(document: &Object) -> String {
    Value::Object(document.clone()).to_string()
}

impl Store {
    /// Imports `entries` as `owner`'s directory (its admins, or the instance operator), in
    /// one transaction with one audit entry of counts. Rows are written a few hundred at a
    /// time: an import of a national directory is a few hundred statements, not one per row.
    pub async fn import_directory(
        &self,
        ctx: &AccessContext,
        owner: OrganisationId,
        entries: &[Entry],
        options: DirectoryImportOptions,
    ) -> Result<DirectoryImport, StoreError> {
        StoreError::unless_administers(ctx, owner)?;
        let keys = self.keys.as_ref().ok_or(StoreError::Locked)?;
        let now = crate::clock::now();
        let mut outcome = DirectoryImport::default();
        Ok(in_transaction!(self, |tx, dialect| {
            let existing: Vec<(String, i64, String, String, Option<i64>)> = sqlx::query_as(
                "SELECT hsds_id, id, digest, audience, vanished_at FROM directory_services WHERE owner_id = $1",
            )
            .bind(owner.0)
            .fetch_all(&mut *tx)
            .await?;
            let services: HashMap<String, (i64, String, String, bool)> = existing
                .into_iter()
                .map(|(h, id, d, a, v)| (h, (id, d, a, v.is_some())))
                .collect();
            let located: Vec<(String, String)> = sqlx::query_as(
                "SELECT hsds_id, audience FROM directory_locations WHERE owner_id = $1",
            )
            .bind(owner.0)
            .fetch_all(&mut *tx)
            .await?;
            let kept_audiences: HashMap<String, Audience> = located
                .into_iter()
                .filter_map(|(h, a)| Some((h, Audience::from_code(&a)?)))
                .collect();
            let seen: HashSet<&str> = entries.iter().map(|e| e.service.id.as_str()).collect();
            let mut changed = Vec::new();
            let mut once = HashSet::new();
            for entry in entries {
                // A service given twice is written once (a statement may not change a row twice).
                if !once.insert(entry.service.id.as_str()) {
                    continue;
                }
                let digest = digest(entry);
                match services.get(&entry.service.id) {
                    Some((_, old, _, false)) if *old == digest => outcome.unchanged += 1,
                    _ => changed.push((entry, digest)),
                }
            }
            let mut organizations = HashMap::new();
            let mut locations = HashMap::new();
            for (entry, _) in &changed {
                organizations
                    .entry(entry.organization.id.as_str())
                    .or_insert(&entry.organization);
                for place in &entry.places {
                    locations
                        .entry(place.location.part.id.as_str())
                        .or_insert(&place.location);
                }
            }
            let mut organization_ids: HashMap<String, i64> = HashMap::new();
            let organizations: Vec<_> = organizations.into_values().collect();
            for chunk in organizations.chunks(BATCH) {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO directory_organizations (owner_id, hsds_id, name, document, changed_at) ",
                );
                insert.push_values(chunk, |mut row, o| {
                    row.push_bind(owner.0)
                        .push_bind(o.id.clone())
                        .push_bind(o.name.clone().unwrap_or_default())
                        .push_bind(text_of(&o.document))
                        .push_bind(now);
                });
                insert.push(
                    " ON CONFLICT (hsds_id) DO UPDATE SET name = excluded.name, document = excluded.document, \
                     changed_at = excluded.changed_at WHERE directory_organizations.owner_id = excluded.owner_id \
                     RETURNING hsds_id, id",
                );
                let rows: Vec<(String, i64)> = insert.build_query_as().fetch_all(&mut *tx).await?;
                organization_ids.extend(rows);
            }
            let mut location_ids: HashMap<String, i64> = HashMap::new();
            // Each location's audience and point, copied into its places for the search.
            let mut placed: HashMap<String, (&'static str, Option<i64>, Option<i64>)> =
                HashMap::new();
            let locations: Vec<_> = locations.into_values().collect();
            for chunk in locations.chunks(BATCH) {
                let mut rows = Vec::with_capacity(chunk.len());
                for location in chunk {
                    let audience = location
                        .audience
                        .or_else(|| kept_audiences.get(&location.part.id).copied())
                        .unwrap_or(options.audience);
                    let row = location_row(keys, location, audience)?;
                    placed.insert(
                        row.hsds_id.clone(),
                        (row.audience, row.latitude, row.longitude),
                    );
                    rows.push(row);
                }
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO directory_locations (owner_id, hsds_id, audience, latitude, longitude, document, sealed, changed_at) ",
                );
                insert.push_values(rows, |mut b, r| {
                    b.push_bind(owner.0)
                        .push_bind(r.hsds_id)
                        .push_bind(r.audience)
                        .push_bind(r.latitude)
                        .push_bind(r.longitude)
                        .push_bind(r.document)
                        .push_bind(r.sealed)
                        .push_bind(now);
                });
                insert.push(
                    " ON CONFLICT (hsds_id) DO UPDATE SET audience = excluded.audience, latitude = excluded.latitude, \
                     longitude = excluded.longitude, document = excluded.document, sealed = excluded.sealed, \
                     changed_at = excluded.changed_at WHERE directory_locations.owner_id = excluded.owner_id \
                     RETURNING hsds_id, id",
                );
                let rows: Vec<(String, i64)> = insert.build_query_as().fetch_all(&mut *tx).await?;
                location_ids.extend(rows);
            }
            let mut writable = Vec::with_capacity(changed.len());
            for (entry, digest) in changed {
                let taken = std::iter::once(&entry.organization.id)
                    .filter(|id| !organization_ids.contains_key(*id))
                    .chain(
                        entry
                            .places
                            .iter()
                            .map(|p| &p.location.part.id)
                            .filter(|id| !location_ids.contains_key(*id)),
                    )
                    .next();
                match taken {
                    Some(id) => outcome.taken.push(id.clone()),
                    None => writable.push((entry, digest)),
                }
            }
            let writable: Vec<(&Entry, String, Audience)> = writable
                .into_iter()
                .map(|(entry, digest)| {
                    let audience = entry
                        .audience
                        .or_else(|| {
                            services
                                .get(&entry.service.id)
                                .and_then(|k| Audience::from_code(&k.2))
                        })
                        .unwrap_or(options.audience);
                    (entry, digest, audience)
                })
                .collect();
            let mut service_ids: HashMap<String, i64> = HashMap::new();
            for chunk in writable.chunks(BATCH) {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO directory_services (owner_id, hsds_id, organization_id, name, status, audience, needs, \
                     languages, minimum_age, maximum_age, assured_day, beds_free, beds_updated, document, digest, \
                     changed_at, vanished_at, genders, hours) ",
                );
                insert.push_values(chunk, |mut b, (entry, digest, audience)| {
                    b.push_bind(owner.0)
                        .push_bind(entry.service.id.clone())
                        .push_bind(
                            organization_ids
                                .get(&entry.organization.id)
                                .copied()
                                .unwrap_or_default(),
                        )
                        .push_bind(entry.service.name.clone().unwrap_or_default())
                        .push_bind(entry.status.clone())
                        .push_bind(audience.code())
                        .push_bind(needs_bits(entry))
                        .push_bind(languages_text(entry))
                        .push_bind(entry.minimum_age.map(i32::from))
                        .push_bind(entry.maximum_age.map(i32::from))
                        .push_bind(entry.assured.clone())
                        .push_bind(entry.capacity.as_ref().map(|c| i64::from(c.beds_free)))
                        .push_bind(entry.capacity.as_ref().and_then(|c| c.updated.clone()))
                        .push_bind(text_of(&entry.service.document))
                        .push_bind(digest.clone())
                        .push_bind(now)
                        .push_bind(None::<i64>)
                        .push_bind(genders_bits(entry))
                        .push_bind(hours_text(entry));
                });
                insert.push(
                    " ON CONFLICT (hsds_id) DO UPDATE SET organization_id = excluded.organization_id, name = excluded.name, \
                     status = excluded.status, audience = excluded.audience, needs = excluded.needs, \
                     languages = excluded.languages, minimum_age = excluded.minimum_age, \
                     maximum_age = excluded.maximum_age, assured_day = excluded.assured_day, \
                     beds_free = excluded.beds_free, beds_updated = excluded.beds_updated, \
                     document = excluded.document, digest = excluded.digest, changed_at = excluded.changed_at, \
                     vanished_at = NULL, genders = excluded.genders, hours = excluded.hours \
                     WHERE directory_services.owner_id = excluded.owner_id RETURNING hsds_id, id",
                );
                let rows: Vec<(String, i64)> = insert.build_query_as().fetch_all(&mut *tx).await?;
                service_ids.extend(rows);
            }
            let mut places = Vec::new();
            for (entry, _, audience) in &writable {
                let Some(service) = service_ids.get(&entry.service.id) else {
                    outcome.taken.push(entry.service.id.clone());
                    continue;
                };
                if services.contains_key(&entry.service.id) {
                    outcome.updated += 1;
                } else {
                    outcome.added += 1;
                }
                for place in &entry.places {
                    let id = &place.location.part.id;
                    if let (Some(location), Some(at)) = (location_ids.get(id), placed.get(id)) {
                        places.push((*entry, &place.link, *service, *location, *audience, *at));
                    }
                }
            }
            let written: Vec<i64> = service_ids.values().copied().collect();
            for chunk in written.chunks(BATCH) {
                let mut delete =
                    sqlx::QueryBuilder::new("DELETE FROM directory_places WHERE service_id IN (");
                let mut ids = delete.separated(", ");
                for id in chunk {
                    ids.push_bind(*id);
                }
                delete.push(")");
                delete.build().execute(&mut *tx).await?;
            }
            for chunk in places.chunks(BATCH) {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO directory_places (hsds_id, service_id, location_id, document, latitude, longitude, \
                     owner_id, audience, location_audience, status, needs, languages, minimum_age, maximum_age, \
                     beds_free, genders, hours) ",
                );
                insert.push_values(
                    chunk,
                    |mut b, (entry, link, service, location, audience, at)| {
                        b.push_bind(link.id.clone())
                            .push_bind(*service)
                            .push_bind(*location)
                            .push_bind(text_of(&link.document))
                            .push_bind(at.1)
                            .push_bind(at.2)
                            .push_bind(owner.0)
                            .push_bind(audience.code())
                            .push_bind(at.0)
                            .push_bind(entry.status.clone())
                            .push_bind(needs_bits(entry))
                            .push_bind(languages_text(entry))
                            .push_bind(entry.minimum_age.map(i32::from))
                            .push_bind(entry.maximum_age.map(i32::from))
                            .push_bind(entry.capacity.as_ref().map(|c| i64::from(c.beds_free)))
                            .push_bind(genders_bits(entry))
                            .push_bind(hours_text(entry));
                    },
                );
                insert.push(" ON CONFLICT (hsds_id) DO NOTHING RETURNING hsds_id");
                let inserted: Vec<(String,)> = insert.build_query_as().fetch_all(&mut *tx).await?;
                let inserted: HashSet<String> = inserted.into_iter().map(|r| r.0).collect();
                outcome.taken.extend(
                    chunk
                        .iter()
                        .filter(|p| !inserted.contains(&p.1.id))
                        .map(|p| p.1.id.clone()),
                );
            }
            if options.mark_vanished {
                let gone: Vec<i64> = services
                    .iter()
                    .filter(|(hsds_id, (_, _, _, vanished))| {
                        !vanished && !seen.contains(hsds_id.as_str())
                    })
                    .map(|(_, (id, _, _, _))| *id)
                    .collect();
                outcome.vanished = gone.len();
                for chunk in gone.chunks(BATCH) {
                    for (table, column) in [
                        ("directory_services", "id"),
                        ("directory_places", "service_id"),
                    ] {
                        let mut update =
                            sqlx::QueryBuilder::new(format!("UPDATE {table} SET vanished_at = "));
                        update.push_bind(now).push(format!(" WHERE {column} IN ("));
                        let mut ids = update.separated(", ");
                        for id in chunk {
                            ids.push_bind(*id);
                        }
                        update.push(")");
                        update.build().execute(&mut *tx).await?;
                    }
                }
            }
            let entry = Draft::new(
                Some(owner),
                ctx,
                "directory.import",
                json!({
                    "added": outcome.added,
                    "updated": outcome.updated,
                    "unchanged": outcome.unchanged,
                    "vanished": outcome.vanished,
                    "taken": outcome.taken.len(),
                }),
            );
            append_audit!(self, tx, dialect, entry);
            outcome
        }))
    }

    /// A page of the directory as `reader` may see it, by HSDS id.
    pub async fn directory_services(
        &self,
        ctx: &AccessContext,
        reader: DirectoryReader,
        query: &DirectoryQuery,
    ) -> Result<DirectoryPage, StoreError> {
        let (scope, organisation) = scope(ctx, reader)?;
        let filter = format!(
            "{scope} AND ($2 = '' OR LOWER(s.name) LIKE $2) AND s.changed_at >= $3 AND ($4 = '' OR s.hsds_id = $4) \
             AND ($5 = '' OR o.hsds_id = $5)"
        );
        let pattern = query
            .text
            .as_deref()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .map(|t| format!("%{}%", t.replace(['%', '_'], "")))
            .unwrap_or_default();
        let since = query.changed_since.unwrap_or(i64::MIN);
        let id = query.id.clone().unwrap_or_default();
        let organization = query.organization.clone().unwrap_or_default();
        let (per_page, offset) = query.window();
        let count = format!(
            "SELECT COUNT(*) FROM directory_services s \
             JOIN directory_organizations o ON o.id = s.organization_id WHERE {filter}"
        );
        let list = format!(
            "SELECT s.id, s.owner_id, s.audience, s.document, o.document, s.vanished_at FROM directory_services s \
             JOIN directory_organizations o ON o.id = s.organization_id WHERE {filter} \
             ORDER BY s.hsds_id LIMIT {per_page} OFFSET {offset}"
        );
        let total: i64 = with_pool!(self, |p| sqlx::query_scalar(&count)
            .bind(organisation)
            .bind(&pattern)
            .bind(since)
            .bind(&id)
            .bind(&organization)
            .fetch_one(p)
            .await?);
        let rows: Vec<(i64, i64, String, String, String, Option<i64>)> =
            with_pool!(self, |p| sqlx::query_as(&list)
                .bind(organisation)
                .bind(&pattern)
                .bind(since)
                .bind(&id)
                .bind(&organization)
                .fetch_all(p)
                .await?);
        let mut services = Vec::with_capacity(rows.len());
        for (id, owner, audience, service, organization, vanished) in rows {
            let audience = Audience::from_code(&audience).unwrap_or(Audience::Confidential);
            let places = self
                .places(id, OrganisationId(owner), audience, reader)
                .await?;
            services.push(Listed {
                service: object(&service)?,
                organization: object(&organization)?,
                places,
                owner: OrganisationId(owner),
                audience,
                vanished: vanished.is_some(),
            });
        }
        Ok(DirectoryPage {
            total: u64::try_from(total).unwrap_or_default(),
            services,
        })
    }

    /// The organisations that keep at least one public entry, by HSDS id (`id` for one).
    pub async fn public_organizations(
        &self,
        query: &DirectoryQuery,
    ) -> Result<(u64, Vec<Object>), StoreError> {
        let filter = "($1 = '' OR o.hsds_id = $1) AND EXISTS (SELECT 1 FROM directory_services s \
             WHERE s.organization_id = o.id AND s.audience = 'public' AND s.vanished_at IS NULL)";
        let (limit, offset) = query.window();
        let count = format!("SELECT COUNT(*) FROM directory_organizations o WHERE {filter}");
        let list = format!(
            "SELECT o.document FROM directory_organizations o WHERE {filter} \
             ORDER BY o.hsds_id LIMIT {limit} OFFSET {offset}"
        );
        let id = query.id.clone().unwrap_or_default();
        let total: i64 = with_pool!(self, |p| sqlx::query_scalar(&count)
            .bind(&id)
            .fetch_one(p)
            .await?);
        let rows: Vec<String> = with_pool!(self, |p| sqlx::query_scalar(&list)
            .bind(&id)
            .fetch_all(p)
            .await?);
        let documents = rows.iter().map(|d| object(d)).collect::<Result<_, _>>()?;
        Ok((u64::try_from(total).unwrap_or_default(), documents))
    }

    /// The places where a public entry is offered at a public location, each with its
    /// location nested and its links named, as HSDS's `/service_at_locations` gives them.
    pub async fn public_places(
        &self,
        query: &DirectoryQuery,
    ) -> Result<(u64, Vec<Object>), StoreError> {
        let filter = "($1 = '' OR p.hsds_id = $1) AND s.audience = 'public' AND s.vanished_at IS NULL \
             AND l.audience = 'public'";
        let from = "directory_places p JOIN directory_services s ON s.id = p.service_id \
             JOIN directory_locations l ON l.id = p.location_id";
        let (limit, offset) = query.window();
        let count = format!("SELECT COUNT(*) FROM {from} WHERE {filter}");
        let list = format!(
            "SELECT p.document, s.hsds_id, l.hsds_id, l.document FROM {from} WHERE {filter} \
             ORDER BY p.hsds_id LIMIT {limit} OFFSET {offset}"
        );
        let id = query.id.clone().unwrap_or_default();
        let total: i64 = with_pool!(self, |p| sqlx::query_scalar(&count)
            .bind(&id)
            .fetch_one(p)
            .await?);
        let rows: Vec<(String, String, String, Option<String>)> =
            with_pool!(self, |p| sqlx::query_as(&list)
                .bind(&id)
                .fetch_all(p)
                .await?);
        let mut places = Vec::with_capacity(rows.len());
        for (link, service, location_id, location) in rows {
            let mut link = object(&link)?;
            link.entry("service_id").or_insert(Value::String(service));
            link.entry("location_id")
                .or_insert(Value::String(location_id));
            if let Some(location) = location {
                link.insert("location".into(), Value::Object(object(&location)?));
            }
            places.push(link);
        }
        Ok((u64::try_from(total).unwrap_or_default(), places))
    }

    /// A service's places with the locations `reader` may read: a location is never shown
    /// wider than its service, a public reader gets only public ones, a partner a confidential
    /// one of another organisation as `None`.
    async fn places(
        &self,
        service: i64,
        owner: OrganisationId,
        service_audience: Audience,
        reader: DirectoryReader,
    ) -> Result<Vec<ListedPlace>, StoreError> {
        let rows: Vec<PlaceRow> = with_pool!(self, |p| {
            sqlx::query_as(
                "SELECT p.document, l.hsds_id, l.audience, l.document, l.sealed FROM directory_places p \
                 JOIN directory_locations l ON l.id = p.location_id WHERE p.service_id = $1 ORDER BY p.hsds_id"
            )
            .bind(service)
            .fetch_all(p)
            .await?
        });
        let mut places = Vec::with_capacity(rows.len());
        for (link, hsds_id, audience, document, sealed) in rows {
            let audience = Audience::from_code(&audience)
                .unwrap_or(Audience::Confidential)
                .narrowest(service_audience);
            let whole = match reader {
                DirectoryReader::Public => {
                    if audience != Audience::Public {
                        continue;
                    }
                    true
                }
                DirectoryReader::Partner(o) => o == owner || audience != Audience::Confidential,
                DirectoryReader::Owner(_) => true,
            };
            let location = match (whole, document, sealed) {
                (false, _, _) => None,
                (true, Some(document), _) => Some(object(&document)?),
                (true, None, Some(sealed)) => {
                    let keys = self.keys.as_ref().ok_or(StoreError::Locked)?;
                    Some(object(&keys.open(&location_place(&hsds_id), &sealed)?)?)
                }
                (true, None, None) => None,
            };
            places.push(ListedPlace {
                link: object(&link)?,
                location,
                audience,
            });
        }
        Ok(places)
    }
}

/// What `reader` may find, as SQL over `directory_services s` (`$1` the organisation), and
/// the organisation to bind; `Forbidden` for a reader who does not speak for it.
fn scope(ctx: &AccessContext, reader: DirectoryReader) -> Result<(&'static str, i64), StoreError> {
    Ok(match reader {
        DirectoryReader::Public => (
            "s.audience = 'public' AND s.vanished_at IS NULL AND $1 = $1",
            0,
        ),
        DirectoryReader::Partner(o) | DirectoryReader::Owner(o) if !ctx.speaks_for(o) => {
            return Err(StoreError::Forbidden {
                action: "read_directory",
            });
        }
        DirectoryReader::Partner(o) => (
            "(s.audience IN ('public', 'partners') OR s.owner_id = $1) AND s.vanished_at IS NULL",
            o.0,
        ),
        DirectoryReader::Owner(o) => ("s.owner_id = $1 AND s.vanished_at IS NULL", o.0),
    })
}

/// A location's row: sealed when confidential, its point then kept to a tenth of a degree.
struct LocationRow {
    hsds_id: String,
    audience: &'static str,
    latitude: Option<i64>,
    longitude: Option<i64>,
    document: Option<String>,
    sealed: Option<String>,
}

fn location_row(
    keys: &Keys,
    location: &faro_domain::directory::Location,
    audience: Audience,
) -> Result<LocationRow, StoreError> {
    let confidential = audience == Audience::Confidential;
    let text = text_of(&location.part.document);
    let (document, sealed) = if confidential {
        (
            None,
            Some(keys.seal(&location_place(&location.part.id), &text)?),
        )
    } else {
        (Some(text), None)
    };
    Ok(LocationRow {
        hsds_id: location.part.id.clone(),
        audience: audience.code(),
        latitude: location.point.map(|p| micro(p.0, confidential)),
        longitude: location.point.map(|p| micro(p.1, confidential)),
        document,
        sealed,
    })
}

/// Re-seals the confidential locations from `old` to `fresh` inside the rotation's
/// transaction; how many moved.
pub(crate) async fn reseal<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    old: &Keys,
    fresh: &Keys,
) -> Result<usize, StoreError>
where
    DB: sqlx::Database,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64, String, String): sqlx::FromRow<'r, DB::Row>,
{
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, hsds_id, sealed FROM directory_locations WHERE sealed IS NOT NULL ORDER BY id",
    )
    .fetch_all(&mut **tx)
    .await?;
    for (id, hsds_id, sealed) in &rows {
        let place = location_place(hsds_id);
        sqlx::query("UPDATE directory_locations SET sealed = $1 WHERE id = $2")
            .bind(fresh.seal(&place, &old.open(&place, sealed)?)?)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(rows.len())
}

fn object(text: &str) -> Result<Object, StoreError> {
    match serde_json::from_str(text) {
        Ok(Value::Object(o)) => Ok(o),
        _ => Err(StoreError::Corrupt {
            column: "directory document",
            value: text.chars().take(40).collect(),
        }),
    }
}
