//! The hub's released tables as pictures and files: the map (countries, corridors, hotspots),
//! the time series, the breakdowns, the corridors' table, and each table as CSV.

use super::{Hub, HubQuery, View};
use crate::charts::map::{Fill, Flow, Hex, Layers, MapWords};
use crate::charts::{self, Bar, CATEGORICAL, Layer, Words};
use faro_domain::query::{DimValue, Dimension};
use faro_i18n::key;
use faro_i18n::{FluentArgs, Lang};
use faro_privacy::{Released, Table};

/// Where a click on a chart leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Nowhere: a printed or downloaded brief.
    Off,
    /// The hub, narrowed to what was clicked.
    Hub,
    /// The records behind what was clicked (readers who may read them).
    Records,
}

/// How to draw: the reader's language, where clicks lead, the disclosure threshold.
pub struct Look {
    pub lang: Lang,
    pub links: Links,
    pub threshold: u64,
}

impl Look {
    /// The words for a hidden count.
    pub fn hidden(&self) -> String {
        let mut args = FluentArgs::new();
        args.set("threshold", self.threshold);
        self.lang.format("hub-hidden", Some(&args)).into_owned()
    }

    fn words(&self, view: View) -> Words {
        Words {
            hidden: self.hidden(),
            title: self.lang.w(&view.title()).into_owned(),
        }
    }

    /// Where a click on `query` narrowed to `dim` = `value` leads.
    fn href(
        &self,
        links: Links,
        query: &HubQuery,
        narrowed: &[(Dimension, &DimValue)],
    ) -> Option<String> {
        let mut next = query.clone();
        for (dim, value) in narrowed {
            next = next.with(*dim, &value.text());
        }
        let path = match links {
            Links::Off => return None,
            Links::Hub => "/hub",
            Links::Records => "/hub/records",
        };
        Some(format!("{path}?{}", next.to_query()))
    }
}

/// Where a hotspot cell lies, in words: near its nearest city of 50,000 people or more
/// within 100 km, with the country; else its centre's coordinates.
fn cell_words(lang: Lang, (lon, lat): (f64, f64)) -> String {
    let point = faro_domain::gazetteer::Point { lat, lon };
    let mut args = FluentArgs::new();
    match faro_domain::gazetteer::nearest(point, 50_000, 100.0) {
        Some(city) => {
            args.set("city", city.name);
            args.set("country", lang.country(city.country).into_owned());
            lang.format(key!("hub-cell-near"), Some(&args)).into_owned()
        }
        None => {
            args.set("point", format!("{lat:.2}, {lon:.2}"));
            lang.format(key!("hub-cell-at"), Some(&args)).into_owned()
        }
    }
}

/// The released table of `view`, when the hub has one it may show.
fn shown(hub: &Hub, view: View) -> Option<&Table> {
    match hub.table(view) {
        Some(Ok(released)) => Some(released.get()),
        _ => None,
    }
}

/// The world map: countries shaded by the map's dimension, the top corridors as arcs, the
/// hotspots as cells. Country clicks narrow the hub.
pub fn map(hub: &Hub, look: &Look) -> String {
    let lang = look.lang;
    let dim = hub.query.map.dimension();
    let country_links = if look.links == Links::Off {
        Links::Off
    } else {
        Links::Hub
    };
    let fills = shown(hub, View::Countries)
        .map(|t| {
            t.rows
                .iter()
                .filter_map(|row| match row.key.first() {
                    Some(v @ DimValue::Country(c)) => Some(Fill {
                        country: *c,
                        label: lang.country(*c).into_owned(),
                        count: row.count,
                        href: look.href(country_links, &hub.query, &[(dim, v)]),
                    }),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let flows = corridors(hub, look)
        .into_iter()
        .filter(|c| c.from != c.to)
        .map(|c| Flow {
            from: c.from,
            to: c.to,
            label: c.label,
            count: c.count,
            href: c.href,
        })
        .collect();
    let hexes = hub
        .hotspots
        .as_ref()
        .map(|h| {
            h.get()
                .cells
                .iter()
                .map(|c| Hex {
                    outline: c.cell.outline(),
                    label: cell_words(lang, c.cell.centre()),
                    count: c.count,
                })
                .collect()
        })
        .unwrap_or_default();
    let layers = Layers {
        fills,
        flows,
        hexes,
        focus: hub.query.focus(),
    };
    let words = MapWords {
        title: lang.w(&View::Countries.title()).into_owned(),
        hidden: look.hidden(),
        none: none_shown(hub, View::Countries, lang),
    };
    charts::map::map(&layers, &words, lang.grouping())
}

/// What an empty country says: none, or (controlled) none shown, since small counts are not
/// listed.
fn none_shown(hub: &Hub, view: View, lang: Lang) -> String {
    let noise = hub
        .table(view)
        .and_then(|t| t.as_ref().ok())
        .and_then(|t| t.get().noise);
    match noise {
        Some(noise) => {
            let mut args = FluentArgs::new();
            args.set("shown", noise.shown_from);
            lang.format("hub-none-shown", Some(&args)).into_owned()
        }
        None => lang.w(key!("hub-no-records")).into_owned(),
    }
}

/// One corridor of the routes table.
pub struct Corridor {
    pub from: faro_domain::Country,
    pub to: faro_domain::Country,
    /// "Ukraine → Poland".
    pub label: String,
    pub count: Option<u64>,
    pub href: Option<String>,
}

/// The query's top corridors between known countries, most people first (hidden ones last).
pub fn corridors(hub: &Hub, look: &Look) -> Vec<Corridor> {
    let Some(table) = shown(hub, View::Routes) else {
        return Vec::new();
    };
    let mut found: Vec<Corridor> = table
        .rows
        .iter()
        .filter_map(|row| match row.key.as_slice() {
            [a @ DimValue::Country(from), b @ DimValue::Country(to)] => Some(Corridor {
                from: *from,
                to: *to,
                label: format!("{} → {}", look.lang.country(*from), look.lang.country(*to)),
                count: row.count,
                href: look.href(
                    look.links,
                    &hub.query,
                    &[
                        (Dimension::Citizenship, a),
                        (Dimension::ExploitationCountry, b),
                    ],
                ),
            }),
            _ => None,
        })
        .collect();
    found.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| look.lang.compare(&a.label, &b.label))
    });
    found.truncate(hub.query.top);
    found
}

/// A breakdown or the time series as SVG; `None` when the view is not one of them or its
/// table may not be shown.
pub fn chart(hub: &Hub, view: View, look: &Look) -> Option<String> {
    let table = shown(hub, view)?;
    match view {
        View::Series => Some(series(hub, table, look)),
        v if super::BREAKDOWNS.contains(&v) => {
            let dim = *table.by.first()?;
            let bars: Vec<Bar> = table
                .rows
                .iter()
                .filter_map(|row| {
                    let value = row.key.first()?;
                    Some(Bar {
                        label: look.lang.value(dim, value).into_owned(),
                        count: row.count,
                        href: look.href(look.links, &hub.query, &[(dim, value)]),
                    })
                })
                .collect();
            Some(charts::bars(&bars, &look.words(view), look.lang.grouping()))
        }
        _ => None,
    }
}

/// Records by year, stacked by modality (years unknown are left out and said in the note).
fn series(hub: &Hub, table: &Table, look: &Look) -> String {
    let mut years: Vec<u16> = table
        .rows
        .iter()
        .filter_map(|r| match r.key.first() {
            Some(DimValue::Year(y)) => Some(*y),
            _ => None,
        })
        .collect();
    years.sort_unstable();
    years.dedup();
    // Each modality keeps its colour whatever the filters (its place in the vocabulary);
    // unknown is stacked last, in grey.
    let codes = Dimension::Modality.codes();
    let position = |m: &DimValue| match m {
        DimValue::Code(c) => codes.iter().position(|k| k == c).unwrap_or(codes.len()),
        _ => codes.len(),
    };
    let mut modalities: Vec<DimValue> = table
        .rows
        .iter()
        .filter_map(|r| r.key.get(1).copied())
        .collect();
    modalities.sort_by_key(position);
    modalities.dedup();
    let layers: Vec<Layer> = modalities
        .iter()
        .map(|m| Layer {
            label: look.lang.value(Dimension::Modality, m).into_owned(),
            colour: CATEGORICAL.get(position(m)).copied().unwrap_or("#b8bfc9"),
            counts: years
                .iter()
                .map(|y| {
                    table
                        .rows
                        .iter()
                        .find(|r| r.key.as_slice() == [DimValue::Year(*y), *m])
                        .map_or(Some(0), |r| r.count)
                })
                .collect(),
        })
        .collect();
    let periods: Vec<(String, Option<String>)> = years
        .iter()
        .map(|y| {
            (
                y.to_string(),
                look.href(
                    look.links,
                    &hub.query,
                    &[(Dimension::Year, &DimValue::Year(*y))],
                ),
            )
        })
        .collect();
    charts::stacked(
        &periods,
        &layers,
        &look.words(View::Series),
        look.lang.grouping(),
    )
}

/// A released table as CSV: per dimension its code (as the API writes it) and beside it the
/// value in the reader's language, then the count and whether it is hidden. Hotspots: the
/// H3 cell, its centre and count.
pub fn csv(hub: &Hub, view: View, lang: Lang) -> Option<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    if view == View::Hotspots {
        let h = hub.hotspots.as_ref()?.get();
        out.write_record(["h3_cell", "resolution", "lon", "lat", "count", "hidden"])
            .ok()?;
        for c in &h.cells {
            let (lon, lat) = c.cell.centre();
            out.write_record([
                c.cell.id(),
                h.resolution.to_string(),
                format!("{lon:.5}"),
                format!("{lat:.5}"),
                c.count.map(|n| n.to_string()).unwrap_or_default(),
                c.count.is_none().to_string(),
            ])
            .ok()?;
        }
    } else {
        let table: &Table = match hub.table(view)? {
            Ok(released) => Released::get(released),
            Err(_) => return None,
        };
        let mut header: Vec<String> = table
            .by
            .iter()
            .flat_map(|d| [d.id().to_string(), format!("{}_name", d.id())])
            .collect();
        header.extend(["count".to_string(), "hidden".to_string()]);
        out.write_record(&header).ok()?;
        for row in &table.rows {
            let mut fields: Vec<String> = table
                .by
                .iter()
                .zip(&row.key)
                .flat_map(|(d, v)| [v.text(), lang.value(*d, v).into_owned()])
                .collect();
            fields.push(row.count.map(|n| n.to_string()).unwrap_or_default());
            fields.push(row.count.is_none().to_string());
            out.write_record(&fields).ok()?;
        }
    }
    out.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
}
