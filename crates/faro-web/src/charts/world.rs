//! The world the hub's maps draw: Natural Earth's country boundaries at 1:110m (the vendored
//! `world-atlas` TopoJSON, the file the report form's map uses too), decoded once with the
//! `topojson` crate, projected with the Equal Earth projection (equal-area, so a large country
//! does not look busier than it is; Šavrič, Patterson & Jenny 2018).

use faro_domain::Country;
use geojson::{Geometry, Value};
use std::sync::LazyLock;

/// The map's width in SVG units; its height follows from the projection.
pub const WIDTH: f64 = 1000.0;

/// One country's boundary.
pub struct Shape {
    pub country: Country,
    /// The boundary in longitude/latitude, as GeoJSON writes it.
    pub geometry: Geometry,
    /// The boundary projected, as an SVG path.
    pub path: String,
    /// The projected bounding box: (min x, min y, max x, max y).
    pub bounds: (f64, f64, f64, f64),
}

/// The world: every country with a boundary, and the projected map's height.
pub struct World {
    pub shapes: Vec<Shape>,
    pub height: f64,
    frame: Frame,
}

/// The affine step from projected units to SVG units.
#[derive(Clone, Copy)]
struct Frame {
    scale: f64,
    x0: f64,
    y0: f64,
}

/// Natural Earth draws Kosovo without an ISO code (it has none); CTDC codes it `XK`.
const UNNUMBERED: &[(&str, &str)] = &[("Kosovo", "XK")];

pub static WORLD: LazyLock<World> = LazyLock::new(World::load);

impl World {
    fn load() -> World {
        let text = include_str!("../../assets/vendor/world-atlas@2.0.2/countries-110m.json");
        let features = text
            .parse::<topojson::TopoJson>()
            .ok()
            .and_then(|t| t.try_unwrap_topology())
            .map(named_where_unnumbered)
            .and_then(|t| topojson::to_geojson(&t, "countries").ok())
            .map(|fc| fc.features)
            .unwrap_or_default();
        let mut found: Vec<(Country, Geometry)> = features
            .into_iter()
            .filter_map(|f| {
                let country = country_of(&f)?;
                // Antarctica is cut away: no data speaks of it, and it would take a fifth of
                // the map.
                (country.alpha2() != "AQ").then_some((country, f.geometry?))
            })
            .collect();
        found.sort_by_key(|(c, _)| *c);
        let unit = Frame {
            scale: 1.0,
            x0: 0.0,
            y0: 0.0,
        };
        let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (_, g) in &found {
            for (x, y) in rings(g).flatten().map(|(lon, lat)| unit.project(lon, lat)) {
                (lo_x, lo_y, hi_x, hi_y) = (lo_x.min(x), lo_y.min(y), hi_x.max(x), hi_y.max(y));
            }
        }
        let scale = WIDTH / (hi_x - lo_x);
        let frame = Frame {
            scale,
            x0: lo_x,
            y0: lo_y,
        };
        let shapes = found
            .into_iter()
            .map(|(country, geometry)| {
                let (path, bounds) = svg_path(&frame, &geometry);
                Shape {
                    country,
                    geometry,
                    path,
                    bounds,
                }
            })
            .collect();
        World {
            shapes,
            height: ((hi_y - lo_y) * scale).ceil(),
            frame,
        }
    }

    /// A longitude/latitude on the map, in SVG units.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        self.frame.project(lon, lat)
    }

    pub fn shape(&self, country: Country) -> Option<&Shape> {
        self.shapes
            .binary_search_by_key(&country, |s| s.country)
            .ok()
            .map(|i| &self.shapes[i])
    }
}

/// Gives the atlas's few countries without a number (see [`UNNUMBERED`]) their name as id:
/// the converter warns on the terminal for every feature without one, which `faro brief`'s
/// user can do nothing about.
fn named_where_unnumbered(mut topology: topojson::Topology) -> topojson::Topology {
    for object in &mut topology.objects {
        if let topojson::Value::GeometryCollection(shapes) = &mut object.geometry.value {
            for shape in shapes.iter_mut().filter(|s| s.id.is_none()) {
                let name = shape
                    .properties
                    .as_ref()
                    .and_then(|p| p.get("name"))
                    .cloned();
                shape.id = name.filter(serde_json::Value::is_string);
            }
        }
    }
    topology
}

fn country_of(feature: &geojson::Feature) -> Option<Country> {
    let numeric = feature
        .id
        .as_ref()
        .and_then(|id| match id {
            geojson::feature::Id::String(s) => s.parse::<u16>().ok(),
            geojson::feature::Id::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        })
        .and_then(Country::from_numeric);
    numeric.or_else(|| {
        let name = feature.property("name")?.as_str()?;
        UNNUMBERED
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, code)| Country::from_alpha2(code))
    })
}

impl Frame {
    /// Equal Earth, then north up in SVG units.
    fn project(self, lon: f64, lat: f64) -> (f64, f64) {
        const A1: f64 = 1.340_264;
        const A2: f64 = -0.081_106;
        const A3: f64 = 0.000_893;
        const A4: f64 = 0.003_796;
        let m = 3f64.sqrt() / 2.0;
        let (lambda, phi) = (lon.to_radians(), lat.to_radians());
        let theta = (m * phi.sin()).asin();
        let (t2, t6) = (theta * theta, theta.powi(6));
        let x = lambda * theta.cos() / (m * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
        let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
        ((x - self.x0) * self.scale, (-y - self.y0) * self.scale)
    }
}

/// The rings of a (multi)polygon, each a list of longitude/latitude pairs.
pub fn rings(geometry: &Geometry) -> impl Iterator<Item = impl Iterator<Item = (f64, f64)> + '_> {
    let polygons: Vec<&Vec<Vec<Vec<f64>>>> = match &geometry.value {
        Value::Polygon(p) => vec![p],
        Value::MultiPolygon(mp) => mp.iter().collect(),
        _ => Vec::new(),
    };
    polygons
        .into_iter()
        .flatten()
        .map(|ring| ring.iter().filter(|p| p.len() >= 2).map(|p| (p[0], p[1])))
}

/// The projected outline as a compact SVG path (relative moves, one decimal), and its box.
fn svg_path(frame: &Frame, geometry: &Geometry) -> (String, (f64, f64, f64, f64)) {
    use std::fmt::Write;
    let mut d = String::new();
    let mut bounds = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for ring in rings(geometry) {
        let mut last: Option<(i64, i64)> = None;
        for (lon, lat) in unwrapped(ring.collect()) {
            let (x, y) = frame.project(lon, lat);
            let inside = x.clamp(0.0, WIDTH);
            bounds = (
                bounds.0.min(inside),
                bounds.1.min(y),
                bounds.2.max(inside),
                bounds.3.max(y),
            );
            let here = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
            match last {
                None => {
                    let _ = write!(d, "M{} {}", tenths(here.0), tenths(here.1));
                }
                Some(prev) if prev == here => continue,
                Some(prev) => {
                    let _ = write!(
                        d,
                        "l{} {}",
                        tenths(here.0 - prev.0),
                        tenths(here.1 - prev.1)
                    );
                }
            }
            last = Some(here);
        }
        if last.is_some() {
            d.push('z');
        }
    }
    (d, bounds)
}

/// A ring that crosses the antimeridian (Russia's Chukotka, Fiji) made continuous: each
/// longitude shifted by whole turns to stay within half a turn of the one before, then the
/// ring moved back by a turn if it ended up mostly past 180°. The part beyond the edge is
/// drawn outside the map's frame, which clips it, instead of as a stripe across the world.
fn unwrapped(ring: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
    for (lon, lat) in ring {
        let lon = match out.last() {
            Some((prev, _)) => lon + 360.0 * ((prev - lon) / 360.0).round(),
            None => lon,
        };
        out.push((lon, lat));
    }
    let mean = out.iter().map(|(lon, _)| lon).sum::<f64>() / out.len().max(1) as f64;
    let shift = -360.0 * (mean / 360.0).round();
    out.iter().map(|(lon, lat)| (lon + shift, *lat)).collect()
}

/// A number of tenths as the shortest decimal text.
fn tenths(v: i64) -> String {
    if v % 10 == 0 {
        (v / 10).to_string()
    } else {
        format!(
            "{}{}.{}",
            if v < 0 { "-" } else { "" },
            v.abs() / 10,
            v.abs() % 10
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(code: &str) -> Country {
        Country::from_alpha2(code).expect("a country")
    }

    #[test]
    fn the_world_has_its_countries_in_place() {
        let world = &*WORLD;
        assert!(world.shapes.len() > 170, "{}", world.shapes.len());
        assert!(world.shape(country("XK")).is_some(), "Kosovo by its name");
        assert!(world.shape(country("AQ")).is_none());
        assert!((400.0..520.0).contains(&world.height), "{}", world.height);
        let (ua, ph) = (
            world.shape(country("UA")).unwrap(),
            world.shape(country("PH")).unwrap(),
        );
        assert!(
            ua.bounds.0 < ph.bounds.0,
            "Ukraine is west of the Philippines"
        );
        assert!(ua.bounds.1 < ph.bounds.1, "and north of them");
        for s in &world.shapes {
            assert!(
                s.path.starts_with('M') && s.path.ends_with('z'),
                "{:?}",
                s.country
            );
            assert!(
                s.bounds.0 >= -0.5 && s.bounds.2 <= WIDTH + 0.5,
                "{:?}",
                s.country
            );
        }
    }

    #[test]
    fn the_projection_keeps_the_equator_level_and_the_meridian_centred() {
        let world = &*WORLD;
        let (x0, y0) = world.project(0.0, 0.0);
        let (x1, y1) = world.project(90.0, 0.0);
        assert!((y0 - y1).abs() < 1e-9 && x1 > x0);
        assert!((x0 - WIDTH / 2.0).abs() < 5.0, "{x0}");
        assert_eq!(tenths(-5), "-0.5");
        assert_eq!(tenths(123), "12.3");
        assert_eq!(tenths(-120), "-12");
        let crossing = unwrapped(vec![
            (179.0, 65.0),
            (-179.0, 66.0),
            (-178.0, 64.0),
            (179.0, 65.0),
        ]);
        assert!(
            crossing.windows(2).all(|w| (w[1].0 - w[0].0).abs() < 5.0),
            "the ring stays continuous across 180°: {crossing:?}"
        );
        let (x_ru, _) = world.project(179.0, 65.0);
        assert!(
            world
                .shape(Country::from_alpha2("RU").unwrap())
                .unwrap()
                .bounds
                .2
                >= x_ru - 1.0
        );
    }
}
