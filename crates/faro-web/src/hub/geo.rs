//! The hub's tables as GeoJSON (RFC 7946) for GIS tools: countries with their counts (their
//! Natural Earth boundaries, or their representative point for countries too small for the
//! 1:110m map), corridors as lines, hotspots as the cells' polygons. Coordinates are
//! longitude, latitude (WGS 84); a hidden count is `null` with `"hidden": true`. A controlled
//! collection names the releases it was computed from (`release`).

use super::{Hub, View};
use crate::charts::world::WORLD;
use faro_domain::query::DimValue;
use geojson::{Feature, FeatureCollection, Geometry, JsonObject, Value};
use serde_json::json;

fn collection(features: Vec<Feature>, hub: &Hub) -> FeatureCollection {
    let mut members = JsonObject::new();
    members.insert("controlled".into(), json!(hub.controlled));
    // What a controlled answer was computed from (any of the hub's tables: one filter, the
    // same releases).
    let release = hub
        .tables
        .iter()
        .find_map(|(_, t)| t.as_ref().ok())
        .or(hub.total.as_ref().ok())
        .and_then(|t| crate::services::release::ReleaseView::of(t.get()));
    if let Some(release) = release {
        members.insert("release".into(), json!(release));
    }
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(members),
    }
}

fn feature(geometry: Geometry, properties: serde_json::Value) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(geometry),
        id: None,
        properties: properties.as_object().cloned(),
        foreign_members: None,
    }
}

fn counted(count: Option<u64>) -> serde_json::Value {
    json!({ "count": count, "hidden": count.is_none() })
}

fn merge(mut a: serde_json::Value, b: serde_json::Value) -> serde_json::Value {
    if let (Some(a), Some(b)) = (a.as_object_mut(), b.as_object()) {
        a.extend(b.clone());
    }
    a
}

fn point(country: faro_domain::Country) -> Vec<f64> {
    vec![country.info().lon, country.info().lat]
}

/// Twice the signed area of a ring in degrees (positive: counter-clockwise).
fn signed_area(ring: &[Vec<f64>]) -> f64 {
    ring.iter()
        .zip(ring.iter().skip(1))
        .map(|(a, b)| a[0] * b[1] - b[0] * a[1])
        .sum()
}

/// A polygon's rings wound as RFC 7946 asks: the exterior counter-clockwise, holes clockwise
/// (TopoJSON, like d3, winds them the other way).
fn wound(polygon: &[Vec<Vec<f64>>]) -> Vec<Vec<Vec<f64>>> {
    polygon
        .iter()
        .enumerate()
        .map(|(i, ring)| {
            let counter_clockwise = signed_area(ring) > 0.0;
            let mut ring = ring.clone();
            if counter_clockwise != (i == 0) {
                ring.reverse();
            }
            ring
        })
        .collect()
}

fn rewound(geometry: &Geometry) -> Geometry {
    match &geometry.value {
        Value::Polygon(p) => Geometry::new(Value::Polygon(wound(p))),
        Value::MultiPolygon(mp) => {
            Geometry::new(Value::MultiPolygon(mp.iter().map(|p| wound(p)).collect()))
        }
        _ => geometry.clone(),
    }
}

/// Countries with their counts by the map's dimension.
pub fn countries(hub: &Hub) -> FeatureCollection {
    let rows = match hub.table(View::Countries) {
        Some(Ok(t)) => t.get().rows.clone(),
        _ => Vec::new(),
    };
    let features = rows
        .iter()
        .filter_map(|row| match row.key.first() {
            Some(DimValue::Country(c)) => {
                let geometry = WORLD
                    .shape(*c)
                    .map(|s| rewound(&s.geometry))
                    .unwrap_or_else(|| Geometry::new(Value::Point(point(*c))));
                let properties = json!({
                    "iso_a2": c.alpha2(),
                    "iso_a3": c.alpha3(),
                    "dimension": hub.query.map.dimension().id(),
                });
                Some(feature(geometry, merge(properties, counted(row.count))))
            }
            _ => None,
        })
        .collect();
    collection(features, hub)
}

/// Corridors between known countries as lines from citizenship to country of exploitation
/// (the top `top`, as the hub shows them).
pub fn routes(hub: &Hub) -> FeatureCollection {
    let mut rows: Vec<_> = match hub.table(View::Routes) {
        Some(Ok(t)) => t.get().rows.clone(),
        _ => Vec::new(),
    };
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    let features = rows
        .iter()
        .filter_map(|row| match row.key.as_slice() {
            [DimValue::Country(from), DimValue::Country(to)] if from != to => {
                Some((from, to, row.count))
            }
            _ => None,
        })
        .take(hub.query.top)
        .map(|(from, to, count)| {
            let line = Geometry::new(Value::LineString(vec![point(*from), point(*to)]));
            let properties = json!({ "from": from.alpha2(), "to": to.alpha2() });
            feature(line, merge(properties, counted(count)))
        })
        .collect();
    collection(features, hub)
}

/// Hotspots as the H3 cells' polygons.
pub fn hotspots(hub: &Hub) -> FeatureCollection {
    let features = hub
        .hotspots
        .as_ref()
        .map(|h| {
            let resolution = h.get().resolution;
            h.get()
                .cells
                .iter()
                .map(|c| {
                    let ring: Vec<Vec<f64>> = c
                        .cell
                        .outline()
                        .iter()
                        .map(|(lon, lat)| vec![*lon, *lat])
                        .collect();
                    let properties = json!({ "h3_cell": c.cell.id(), "resolution": resolution });
                    feature(
                        Geometry::new(Value::Polygon(vec![ring])),
                        merge(properties, counted(c.count)),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    collection(features, hub)
}
