//! An offline gazetteer: a city's name (in any of its common Latin spellings) → its country
//! and point, for reports that say where in words. GeoNames' cities of 15,000 people or more,
//! embedded (`data/cities.tsv`, CC BY 4.0; `scripts/vendor-gazetteer.sh` rebuilds it), so
//! that no lookup leaves the machine.
//!
//! Names are compared folded: lower case, accents and other marks removed (`deunicode`), so
//! "Sevilla", "SEVILLA" and "Séville" meet. A name shared by several cities resolves to the one
//! in the given country, else to the most populous, a city whose own name it is counting ten
//! times its people against one that only has it among its other names (GeoNames gives
//! Tijuana the alternate name "Zaragoza").

use crate::Country;
use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/cities.tsv");

/// A point on the map, in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

/// A city of the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct City {
    pub name: &'static str,
    pub country: Country,
    /// The city's centre: an approximate place for anything said to be "in" it.
    pub point: Point,
    pub population: u32,
}

/// Below this many people, a city found in free text with no country to confirm it is not
/// taken: short common words are also the names of small towns somewhere.
const UNCONFIRMED_MIN_POPULATION: u32 = 100_000;
/// The shortest name looked for in free text.
const MIN_NAME_CHARS: usize = 4;
/// The most words a city's name has when looked for in free text.
const MAX_NAME_WORDS: usize = 4;
/// How many times its people a city counts, when ranking the cities of one name, if the name
/// is its own rather than one of its alternates.
pub const OWN_NAME_WEIGHT: u32 = 10;

struct Gazetteer {
    cities: Vec<City>,
    /// Folded name → cities, most populous first (a city whose own name it is counting
    /// `OWN_NAME_WEIGHT` times).
    by_name: HashMap<String, Vec<u32>>,
}

fn fold(text: &str) -> String {
    deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut cities = Vec::new();
    let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
    let mut own_names = Vec::new();
    for line in DATA.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(country), Some(lat), Some(lon), Some(population)) = (
            f.get(1).and_then(|c| Country::from_alpha2(c)),
            f.get(2).and_then(|v| v.parse().ok()),
            f.get(3).and_then(|v| v.parse().ok()),
            f.get(4).and_then(|v| v.parse().ok()),
        ) else {
            continue;
        };
        let id = cities.len() as u32;
        own_names.push(fold(f[0]));
        cities.push(City {
            name: f[0],
            country,
            point: Point { lat, lon },
            population,
        });
        let alternates = f.get(5).map(|a| a.split('|')).into_iter().flatten();
        for name in std::iter::once(f[0]).chain(alternates) {
            let key = fold(name);
            if key.chars().count() >= 2 {
                let ids = by_name.entry(key).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    for (name, ids) in &mut by_name {
        ids.sort_by_key(|&i| {
            let i = i as usize;
            let weight = if own_names[i] == *name {
                OWN_NAME_WEIGHT
            } else {
                1
            };
            std::cmp::Reverse(u64::from(cities[i].population) * u64::from(weight))
        });
    }
    Gazetteer { cities, by_name }
});

/// How a place on a map is named in words ("near Bangkok") without a reverse geocoder: the
/// most populous city within 25 km of `point` (a metropolis, not one of its districts), else
/// the nearest city of at least `min_population` people within `max_km`.
pub fn nearest(point: Point, min_population: u32, max_km: f64) -> Option<City> {
    const METROPOLIS_KM: f64 = 25.0;
    let around = |km: f64| {
        GAZETTEER
            .cities
            .iter()
            .filter(|c| c.population >= min_population)
            .map(move |c| (c, km_between(point, c.point)))
            .filter(move |(_, d)| *d <= km)
    };
    around(METROPOLIS_KM)
        .max_by_key(|(c, _)| c.population)
        .or_else(|| around(max_km).min_by(|a, b| a.1.total_cmp(&b.1)))
        .map(|(c, _)| *c)
}

/// The great-circle distance in kilometres (haversine).
fn km_between(a: Point, b: Point) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// The city called `name`, in `country` if given (else the most populous of that name).
pub fn find(name: &str, country: Option<Country>) -> Option<City> {
    let g = &*GAZETTEER;
    let ids = g.by_name.get(&fold(name))?;
    let mut found = ids.iter().map(|i| g.cities[*i as usize]);
    match country {
        Some(c) => found.find(|city| city.country == c),
        None => found.next(),
    }
}

/// Whether `name` is `city`'s own name, not one of its alternates.
pub fn is_own_name(city: &City, name: &str) -> bool {
    fold(city.name) == fold(name)
}

/// Every city called `name` (folded as names are), most populous first (a city whose own name
/// it is counting ten times): for a reader that weighs the other places of a text before
/// choosing.
pub fn named(name: &str) -> Vec<City> {
    let g = &*GAZETTEER;
    g.by_name
        .get(&fold(name))
        .into_iter()
        .flatten()
        .map(|i| g.cities[*i as usize])
        .collect()
}

/// A city named in free text (a reporter's "place"): the longest name found, in `country`
/// if given; without a country, only a large city is taken, since short words are also the
/// names of small towns somewhere.
pub fn in_text(text: &str, country: Option<Country>) -> Option<City> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    for n in (1..=MAX_NAME_WORDS.min(words.len())).rev() {
        for window in words.windows(n) {
            let name = window.join(" ");
            if name.chars().count() < MIN_NAME_CHARS {
                continue;
            }
            let found = find(&name, country)
                .filter(|city| country.is_some() || city.population >= UNCONFIRMED_MIN_POPULATION);
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// How many cities the gazetteer holds.
pub fn len() -> usize {
    GAZETTEER.cities.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_named_by_its_nearest_sizeable_city() {
        let near_bangkok = Point {
            lat: 13.80,
            lon: 100.55,
        };
        let city = nearest(near_bangkok, 100_000, 50.0).expect("a city");
        assert_eq!((city.name, city.country.alpha2()), ("Bangkok", "TH"));
        let mid_ocean = Point {
            lat: -30.0,
            lon: -130.0,
        };
        assert!(nearest(mid_ocean, 100_000, 200.0).is_none());
    }

    fn country(code: &str) -> Option<Country> {
        Country::from_alpha2(code)
    }

    #[test]
    fn names_are_found_however_they_are_spelt() {
        assert!(len() > 30_000);
        let lisbon = find("lisboa", None).unwrap();
        assert_eq!((lisbon.name, lisbon.country.alpha2()), ("Lisbon", "PT"));
        assert!((lisbon.point.lat - 38.7).abs() < 0.1 && (lisbon.point.lon + 9.1).abs() < 0.1);
        for spelling in ["SÉVILLE", "Seville", "sevilla"] {
            let found = find(spelling, None).map(|c| (c.name, c.country.alpha2()));
            assert_eq!(found, Some(("Sevilla", "ES")), "{spelling}");
        }
        assert_eq!(find("Nowhere-on-Sea", None), None);
    }

    #[test]
    fn a_shared_name_resolves_in_the_country_given_else_to_the_largest() {
        assert_eq!(find("Geneva", None).map(|c| c.country.alpha2()), Some("CH"));
        assert_eq!(
            find("Geneva", country("US")).map(|c| c.country.alpha2()),
            Some("US")
        );
        assert_eq!(find("Geneva", country("PT")), None);
    }

    #[test]
    fn a_city_whose_own_name_it_is_outranks_a_larger_one_that_has_it_as_an_alternate() {
        // Tijuana (1.9 million) lists "Zaragoza" among its other names.
        let zaragoza = find("Zaragoza", None).map(|c| (c.name, c.country.alpha2()));
        assert_eq!(zaragoza, Some(("Zaragoza", "ES")));
        // Ten times as many people still win: "Warsaw" is Warszawa's English name.
        let warsaw = find("Warsaw", None).map(|c| c.country.alpha2());
        assert_eq!(warsaw, Some("PL"));
    }

    #[test]
    fn a_city_is_found_in_a_reporters_words() {
        let found = in_text("Quinta Azul, near Beja, by the road", country("PT")).unwrap();
        assert_eq!(found.name, "Beja");
        let big = in_text("a flat above the market in São Paulo", None).unwrap();
        assert_eq!((big.name, big.country.alpha2()), ("São Paulo", "BR"));
        // Without a country, small towns named like common words are not taken.
        assert_eq!(in_text("the central market", None), None);
        assert_eq!(in_text("", None), None);
    }
}
