//! The hub's world map: countries shaded by their released counts (a choropleth), the
//! corridors between them as arcs weighted by count, and hotspots as H3 hexagons, in one SVG
//! that needs no tiles, no script and no other host. Countries and arcs are links that filter
//! the hub; each says its name and count in a `<title>` (a tooltip, and what a screen reader
//! reads).

use super::world::{WIDTH, WORLD};
use super::{EMPTY, HIDDEN_FILL, SEQUENTIAL, linked, round};
use faro_domain::Country;
use faro_domain::gazetteer::Point;
use svg::node::element::{Definitions, Group, Marker, Path, Rectangle, SVG, Text};

/// A country's released count.
pub struct Fill {
    pub country: Country,
    pub label: String,
    /// `None`: too few to show.
    pub count: Option<u64>,
    pub href: Option<String>,
}

/// A corridor from citizenship to country of exploitation.
pub struct Flow {
    pub from: Country,
    pub to: Country,
    pub label: String,
    pub count: Option<u64>,
    pub href: Option<String>,
}

/// A hotspot cell: its outline in longitude/latitude and its released count.
pub struct Hex {
    pub outline: Vec<(f64, f64)>,
    pub label: String,
    pub count: Option<u64>,
}

/// What the map draws.
#[derive(Default)]
pub struct Layers {
    pub fills: Vec<Fill>,
    pub flows: Vec<Flow>,
    pub hexes: Vec<Hex>,
    /// The country the map is zoomed to, when the filters name exactly one.
    pub focus: Option<Country>,
}

/// The map's words, translated by the caller.
pub struct MapWords {
    pub title: String,
    pub hidden: String,
    pub none: String,
}

const FLOW: &str = "#d95f02";
const HOT: &str = "#c2185b";
const LEGEND: f64 = 46.0;

/// The map as SVG markup: the world (or the focused country) above a legend of the classes.
pub fn map(layers: &Layers, words: &MapWords, grouping: faro_i18n::Grouping) -> String {
    let world = &*WORLD;
    let breaks = classes(layers.fills.iter().filter_map(|f| f.count));
    let (view, zoom) = view_box(layers.focus);
    let mut inner = SVG::new()
        .set("id", "map-view")
        .set("x", 0)
        .set("y", 0)
        .set("width", WIDTH)
        .set("height", world.height)
        .set("viewBox", view)
        .set("preserveAspectRatio", "xMidYMid meet")
        .add(
            Rectangle::new()
                .set("x", -WIDTH)
                .set("y", -world.height)
                .set("width", WIDTH * 3.0)
                .set("height", world.height * 3.0)
                .set("fill", "#f7fbff"),
        );
    let mut countries = Group::new()
        .set("class", "countries")
        .set("stroke", "#ffffff")
        .set("stroke-width", round(0.5 * zoom * 100.0) / 100.0);
    for shape in &world.shapes {
        let fill = layers.fills.iter().find(|f| f.country == shape.country);
        let (colour, said) = match fill.map(|f| f.count) {
            None => (EMPTY, words.none.clone()),
            Some(None) => (HIDDEN_FILL, words.hidden.clone()),
            Some(Some(n)) => (SEQUENTIAL[class_of(n, &breaks)], grouping.format(n)),
        };
        let path = Path::new()
            .set("d", shape.path.as_str())
            .set("fill", colour)
            .set("data-country", shape.country.alpha2());
        let name = fill.map_or_else(|| shape.country.alpha2().to_string(), |f| f.label.clone());
        countries = countries.add(linked(
            path,
            fill.and_then(|f| f.href.as_deref()),
            &format!("{name}: {said}"),
        ));
    }
    inner = inner.add(countries);
    if !layers.hexes.is_empty() {
        inner = inner.add(hexes(&layers.hexes, words, grouping, zoom));
    }
    if !layers.flows.is_empty() {
        inner = inner.add(flows(&layers.flows, words, grouping, zoom));
    }
    let height = world.height + LEGEND;
    let interactive = layers.fills.iter().any(|f| f.href.is_some())
        || layers.flows.iter().any(|f| f.href.is_some());
    super::document(WIDTH, height, &words.title, interactive)
        .add(arrow())
        .add(inner)
        .add(legend(
            &breaks,
            layers.fills.iter().filter_map(|f| f.count).min(),
            words,
            layers.fills.iter().any(|f| f.count.is_none()),
            world.height,
            grouping,
        ))
        .to_string()
}

/// A small map that places one point (a report's place): its country (or, without one, the
/// world) with neighbours in grey and a marked dot; `title` says the place in words.
pub fn locator(point: Point, country: Option<Country>, title: &str) -> String {
    let world = &*WORLD;
    let (view, zoom) = view_box(country);
    let mut countries = Group::new()
        .set("stroke", "#ffffff")
        .set("stroke-width", round(0.5 * zoom * 100.0) / 100.0);
    for shape in &world.shapes {
        let colour = if Some(shape.country) == country {
            SEQUENTIAL[1]
        } else {
            EMPTY
        };
        countries = countries.add(
            Path::new()
                .set("d", shape.path.as_str())
                .set("fill", colour),
        );
    }
    let (x, y) = world.project(point.lon, point.lat);
    let radius = round((7.0 * zoom).max(0.8) * 100.0) / 100.0;
    let dot = svg::node::element::Circle::new()
        .set("cx", round(x))
        .set("cy", round(y))
        .set("r", radius)
        .set("fill", HOT)
        .set("stroke", "#ffffff")
        .set("stroke-width", round(radius * 40.0) / 100.0);
    super::document(WIDTH, world.height, title, false)
        .set("viewBox", view)
        .set("class", "locator")
        .add(countries)
        .add(dot)
        .to_string()
}

/// A small map of the services found around a place: the countries there in grey, the
/// search's circle, the place marked, and each service a dot numbered as in the list beside
/// it (`hits`: a point and its number). `title` says the place and the distance in words.
pub fn nearby(center: Point, radius_km: f64, hits: &[(Point, String)], title: &str) -> String {
    let world = &*WORLD;
    let (cx, cy) = world.project(center.lon, center.lat);
    // The radius in map units, measured northwards (the projection keeps latitudes apart).
    let north = (center.lat + radius_km / 111.2).min(89.9);
    let r = (cy - world.project(center.lon, north).1).abs().max(0.05);
    let half = r * 1.3;
    // Marks sized for the map as a phone shows it (about 360 px wide), whatever the zoom.
    let zoom = 2.0 * half / 360.0;
    // A town-sized view is a few map units wide: positions and widths to a thousandth.
    let fine = |v: f64| (v * 1000.0).round() / 1000.0;
    let thin = |w: f64| fine(w * zoom);
    let mut countries = Group::new()
        .set("stroke", "#ffffff")
        .set("stroke-width", thin(0.6));
    for shape in &world.shapes {
        countries = countries.add(Path::new().set("d", shape.path.as_str()).set("fill", EMPTY));
    }
    let circle = svg::node::element::Circle::new()
        .set("cx", fine(cx))
        .set("cy", fine(cy))
        .set("r", fine(r))
        .set("fill", "none")
        .set("stroke", "#1f4e79")
        .set("stroke-width", thin(1.5))
        .set("stroke-dasharray", format!("{} {}", thin(6.0), thin(4.0)));
    let here = svg::node::element::Circle::new()
        .set("cx", fine(cx))
        .set("cy", fine(cy))
        .set("r", thin(5.0))
        .set("fill", "#1f4e79");
    let mut dots = Group::new();
    for (point, label) in hits {
        let (x, y) = world.project(point.lon, point.lat);
        dots = dots
            .add(
                svg::node::element::Circle::new()
                    .set("cx", fine(x))
                    .set("cy", fine(y))
                    .set("r", thin(9.0))
                    .set("fill", HOT)
                    .set("stroke", "#ffffff")
                    .set("stroke-width", thin(1.5)),
            )
            .add(
                Text::new(label.clone())
                    .set("x", fine(x))
                    .set("y", fine(y + thin(4.0)))
                    .set("text-anchor", "middle")
                    .set("font-size", thin(11.0))
                    .set("fill", "#ffffff"),
            );
    }
    let view = format!(
        "{} {} {} {}",
        fine(cx - half),
        fine(cy - half),
        fine(2.0 * half),
        fine(2.0 * half)
    );
    super::document(WIDTH, WIDTH, title, false)
        .set("viewBox", view)
        .set("class", "nearby")
        .add(countries)
        .add(circle)
        .add(here)
        .add(dots)
        .to_string()
}

/// The view of the whole world, or of one country with a margin, and how much of the world's
/// width it shows (strokes are thinned by as much, so a zoomed map keeps its lines).
fn view_box(focus: Option<Country>) -> (String, f64) {
    let world = &*WORLD;
    match focus.and_then(|c| world.shape(c)) {
        Some(s) => {
            let (x0, y0, x1, y1) = s.bounds;
            let margin = ((x1 - x0).max(y1 - y0) * 0.35).max(12.0);
            let (w, h) = (x1 - x0 + 2.0 * margin, y1 - y0 + 2.0 * margin);
            // The frame keeps the map's proportions, so the zoom is the larger ratio.
            let zoom = (w / WIDTH).max(h / world.height).min(1.0);
            let text = format!(
                "{} {} {} {}",
                round(x0 - margin),
                round(y0 - margin),
                round(w),
                round(h)
            );
            (text, zoom)
        }
        None => (format!("0 0 {WIDTH} {}", world.height), 1.0),
    }
}

/// The upper bounds of five classes: quantiles of the shown counts, so that each shade holds
/// about as many countries.
fn classes(counts: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut sorted: Vec<u64> = counts.collect();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.is_empty() {
        return Vec::new();
    }
    let mut breaks: Vec<u64> = (1..=SEQUENTIAL.len())
        .map(|i| sorted[(i * sorted.len()).div_ceil(SEQUENTIAL.len()) - 1])
        .collect();
    breaks.dedup();
    breaks
}

/// The class of a count: the first whose upper bound holds it.
fn class_of(n: u64, breaks: &[u64]) -> usize {
    let i = breaks
        .iter()
        .position(|b| n <= *b)
        .unwrap_or(breaks.len().saturating_sub(1));
    // Fewer classes than colours: spread them over the darker end.
    i + SEQUENTIAL.len() - breaks.len().max(1)
}

/// The classes' shades, then the hatching of hidden counts (when a country has one) and the
/// fill of countries with none shown. The first class starts at the smallest count shown (a
/// reader of released counts sees none below the release's threshold, so "1–" would mislead).
fn legend(
    breaks: &[u64],
    lowest: Option<u64>,
    words: &MapWords,
    hidden: bool,
    top: f64,
    grouping: faro_i18n::Grouping,
) -> Group {
    let mut g = Group::new().set("class", "legend");
    let mut x = 12.0;
    let mut low = lowest.unwrap_or(1);
    for (i, upper) in breaks.iter().enumerate() {
        let colour = SEQUENTIAL[i + SEQUENTIAL.len() - breaks.len()];
        let text = if low >= *upper {
            grouping.format(*upper)
        } else {
            format!("{}–{}", grouping.format(low), grouping.format(*upper))
        };
        g = g.add(swatch(x, top + 14.0, colour)).add(
            Text::new(text.clone())
                .set("x", x + 20.0)
                .set("y", top + 25.0),
        );
        x += 30.0 + 7.0 * text.chars().count() as f64;
        low = upper + 1;
    }
    let hatched = hidden.then_some((HIDDEN_FILL, &words.hidden));
    for (colour, text) in hatched.into_iter().chain([(EMPTY, &words.none)]) {
        g = g.add(swatch(x, top + 14.0, colour)).add(
            Text::new(text.clone())
                .set("x", x + 20.0)
                .set("y", top + 25.0),
        );
        x += 30.0 + 7.0 * text.chars().count() as f64;
    }
    g
}

fn swatch(x: f64, y: f64, fill: &str) -> Rectangle {
    Rectangle::new()
        .set("x", round(x))
        .set("y", y)
        .set("width", 14)
        .set("height", 14)
        .set("fill", fill)
        .set("stroke", "#8a94a3")
        .set("stroke-width", 0.5)
}

/// The arrowhead at the end of a corridor.
fn arrow() -> Definitions {
    Definitions::new().add(
        Marker::new()
            .set("id", "arrow")
            .set("viewBox", "0 0 10 10")
            .set("refX", 8)
            .set("refY", 5)
            .set("markerWidth", 4)
            .set("markerHeight", 4)
            .set("orient", "auto-start-reverse")
            .add(Path::new().set("d", "M0 0L10 5L0 10z").set("fill", FLOW)),
    )
}

/// Corridors as arcs bending to the left of their direction, wider for more people; a hidden
/// corridor is a thin dashed arc.
fn flows(flows: &[Flow], words: &MapWords, grouping: faro_i18n::Grouping, zoom: f64) -> Group {
    let world = &*WORLD;
    let max = flows
        .iter()
        .filter_map(|f| f.count)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut g = Group::new()
        .set("class", "routes")
        .set("fill", "none")
        .set("stroke", FLOW)
        .set("stroke-linecap", "round");
    for flow in flows.iter().filter(|f| f.from != f.to) {
        let (a, b) = (flow.from.info(), flow.to.info());
        let (x1, y1) = world.project(a.lon, a.lat);
        let (x2, y2) = world.project(b.lon, b.lat);
        let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let (cx, cy) = (mx + dy * 0.2, my - dx * 0.2);
        let d = format!(
            "M{} {}Q{} {} {} {}",
            round(x1),
            round(y1),
            round(cx),
            round(cy),
            round(x2),
            round(y2)
        );
        let (width, said) = match flow.count {
            Some(n) => (1.0 + 7.0 * (n as f64 / max).sqrt(), grouping.format(n)),
            None => (0.8, words.hidden.clone()),
        };
        let width = width * zoom;
        let mut path = Path::new()
            .set("d", d)
            .set("stroke-width", round(width * 100.0) / 100.0)
            .set("stroke-opacity", 0.75)
            .set("marker-end", "url(#arrow)");
        if flow.count.is_none() {
            let dash = round(3.0 * zoom * 100.0) / 100.0;
            path = path.set("stroke-dasharray", format!("{dash} {dash}"));
        }
        g = g.add(linked(
            path,
            flow.href.as_deref(),
            &format!("{}: {said}", flow.label),
        ));
    }
    g
}

fn hexes(hexes: &[Hex], words: &MapWords, grouping: faro_i18n::Grouping, zoom: f64) -> Group {
    let world = &*WORLD;
    let max = hexes
        .iter()
        .filter_map(|h| h.count)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut g = Group::new()
        .set("class", "hotspots")
        .set("stroke", HOT)
        .set("stroke-width", round(0.6 * zoom * 100.0) / 100.0);
    for hex in hexes {
        let mut d = String::new();
        for (i, (lon, lat)) in hex.outline.iter().enumerate() {
            let (x, y) = world.project(*lon, *lat);
            d.push_str(&format!(
                "{}{} {}",
                if i == 0 { 'M' } else { 'L' },
                round(x),
                round(y)
            ));
        }
        d.push('z');
        let (fill, opacity, said) = match hex.count {
            Some(n) => (HOT, 0.25 + 0.65 * (n as f64 / max), grouping.format(n)),
            None => (HIDDEN_FILL, 1.0, words.hidden.clone()),
        };
        g = g.add(linked(
            Path::new()
                .set("d", d)
                .set("fill", fill)
                .set("fill-opacity", round(opacity * 100.0) / 100.0),
            None,
            &format!("{}: {said}", hex.label),
        ));
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(code: &str) -> Country {
        Country::from_alpha2(code).expect("a country")
    }

    fn words() -> MapWords {
        MapWords {
            title: "Map".into(),
            hidden: "fewer than 11".into(),
            none: "no records".into(),
        }
    }

    #[test]
    fn classes_are_quantiles_and_the_largest_count_is_darkest() {
        let breaks = classes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].into_iter());
        assert_eq!(breaks, [2, 4, 6, 8, 10]);
        assert_eq!(class_of(10, &breaks), 4);
        assert_eq!(class_of(1, &breaks), 0);
        let few = classes([5, 5, 40].into_iter());
        assert_eq!(few, [5, 40]);
        assert_eq!(
            class_of(40, &few),
            4,
            "the largest is darkest whatever the classes"
        );
    }

    #[test]
    fn the_legend_starts_at_the_smallest_count_shown() {
        let breaks = classes([40, 100, 500].into_iter());
        let text = legend(
            &breaks,
            Some(40),
            &words(),
            false,
            0.0,
            faro_i18n::Lang::REFERENCE.grouping(),
        )
        .to_string();
        assert!(
            text.contains("\n40\n") && text.contains("\n41–100\n"),
            "{text}"
        );
        assert!(!text.contains("\n1–"), "{text}");
    }

    #[test]
    fn the_map_shades_links_and_draws_corridors_and_cells() {
        let layers = Layers {
            fills: vec![
                Fill {
                    country: country("UA"),
                    label: "Ukraine".into(),
                    count: Some(120),
                    href: Some("/hub?exploitation_country=UA".into()),
                },
                Fill {
                    country: country("PL"),
                    label: "Poland".into(),
                    count: None,
                    href: None,
                },
            ],
            flows: vec![Flow {
                from: country("UA"),
                to: country("PL"),
                label: "Ukraine → Poland".into(),
                count: Some(80),
                href: None,
            }],
            hexes: vec![Hex {
                outline: vec![(30.0, 50.0), (31.0, 50.0), (31.0, 51.0), (30.0, 50.0)],
                label: "Kyiv".into(),
                count: Some(12),
            }],
            focus: None,
        };
        let svg = map(&layers, &words(), faro_i18n::Lang::REFERENCE.grouping());
        assert!(svg.contains("Ukraine: 120"));
        assert!(svg.contains("Poland: fewer than 11"));
        assert!(svg.contains("Ukraine → Poland: 80"));
        assert!(svg.contains("Kyiv: 12"));
        assert!(svg.contains(r#"href="/hub?exploitation_country=UA""#));
        assert!(svg.contains(&format!(r#"viewBox="0 0 {WIDTH} "#)));
        let zoomed = map(
            &Layers {
                focus: Some(country("UA")),
                ..Layers::default()
            },
            &words(),
            faro_i18n::Lang::REFERENCE.grouping(),
        );
        assert!(!zoomed.contains(&format!(
            r#"id="map-view" preserveAspectRatio="xMidYMid meet" viewBox="0 0 {WIDTH}"#
        )));
        assert!(zoomed.contains("no records"));
    }
}
