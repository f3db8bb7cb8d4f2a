//! Places named in a text: cities and towns of the offline gazetteer (`faro_domain::gazetteer`)
//! and countries (their names in the translation files, and the lexicons' aliases), each with
//! its country and a point. A name several places share is resolved by the report's country,
//! then the text's other places, then the countries where the text's language is spoken (the
//! language's first country unless another has one more than twice as large), then the most
//! populous.
//!
//! Capitals carry the evidence: a name is taken when it is written with a capital (or the whole
//! text is in lower case, as SMS are); a small town needs a word such as "near" before it or
//! another place of its country in the text, since short words are also towns somewhere (and a
//! small town that is also a given name needs the other place).

use crate::lexicon::{Hit, Lexicon};
use crate::pii::Found;
use crate::text::Word;
use faro_domain::Country;
use faro_domain::gazetteer::{self, City};
use std::collections::HashMap;
use std::sync::LazyLock;

/// "Santa Cruz de la Sierra".
const MAX_WORDS: usize = 5;
/// Below this many people, a town needs support to be taken.
const LARGE_CITY: u32 = 100_000;
/// A city in the language's first country is preferred to one this many times larger elsewhere.
const HOME_SHARE: u32 = 2;
/// In a text written all in lower case, only this large a city is taken.
const LOWER_CASE_CITY: u32 = 500_000;
const MIN_CHARS: usize = 3;
/// A lone word that may be capitalised for another reason is taken, without support, only
/// for a city of at least this many people.
const DOUBTFUL_CITY: u32 = 1_000_000;

/// A place found: `start..end` in characters, its country and a point.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub start: usize,
    pub end: usize,
    pub country: Country,
    pub lat: f64,
    pub lon: f64,
}

/// Folded country names in every language Faro has.
static COUNTRY_NAMES: LazyLock<HashMap<String, Country>> = LazyLock::new(|| {
    let mut names = HashMap::new();
    for lang in faro_i18n::Lang::all() {
        for country in Country::all() {
            let name = crate::text::fold(&lang.country(country));
            if !name.is_empty() {
                names.entry(name).or_insert(country);
            }
        }
    }
    names
});

enum Candidate {
    Country(Country),
    Cities(Vec<City>),
}

struct Span {
    start: usize,
    end: usize,
    /// As written, folded.
    name: String,
    candidate: Candidate,
}

fn lookup(name: &str, lexicon: Option<&Lexicon>) -> Option<Candidate> {
    if let Some(country) = COUNTRY_NAMES.get(name) {
        return Some(Candidate::Country(*country));
    }
    let alias = lexicon
        .into_iter()
        .flat_map(|l| &l.country_aliases)
        .find(|(n, _)| n == name)
        .and_then(|(_, code)| Country::from_alpha2(code));
    if let Some(country) = alias {
        return Some(Candidate::Country(country));
    }
    let cities = gazetteer::named(name);
    (!cities.is_empty()).then_some(Candidate::Cities(cities))
}

/// Whether `name` (folded) is a country or a city: any city of the gazetteer when `any_size`,
/// else one of at least `LARGE_CITY` people (small towns share their names with people).
pub fn is_place(name: &str, any_size: bool) -> bool {
    COUNTRY_NAMES.contains_key(name)
        || gazetteer::named(name)
            .iter()
            .any(|c| any_size || c.population >= LARGE_CITY)
}

/// Places in `words`, skipping words inside personal data already found.
pub fn find(
    words: &[Word],
    hits: &[Hit],
    lexicon: Option<&Lexicon>,
    pii: &[Found],
    report_country: Option<Country>,
    is_given_name: &dyn Fn(&str) -> bool,
) -> Vec<Place> {
    // A writer who capitalises nothing, not even the start of a sentence, writes place names
    // in lower case too; one who does capitalise leaves them lower case only by mistake.
    let lower_case = !words.iter().any(|w| w.capitalised);
    let after_cue: Vec<usize> = hits
        .iter()
        .filter(|h| lexicon.is_some_and(|l| l.cues[h.cue].section == "place"))
        .map(|h| h.end)
        .collect();
    let taken = |w: &Word| pii.iter().any(|f| f.start < w.end && w.start < f.end);
    let mut spans = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = (1..=MAX_WORDS.min(words.len() - i)).rev().find_map(|n| {
            let window = &words[i..i + n];
            let capitals_fit = lower_case || (window[0].capitalised && window[n - 1].capitalised);
            if !capitals_fit || window.iter().any(taken) {
                return None;
            }
            let name: Vec<&str> = window.iter().map(|w| w.folded.as_str()).collect();
            let name = name.join(" ");
            if name.len() < MIN_CHARS {
                return None;
            }
            lookup(&name, lexicon).map(|c| (n, name, c))
        });
        match found {
            Some((n, name, candidate)) => {
                spans.push((i, n, name, candidate));
                i += n;
            }
            None => i += 1,
        }
    }
    let named: Vec<(usize, Country)> = spans
        .iter()
        .filter_map(|(i, _, _, c)| match c {
            Candidate::Country(country) => Some((*i, *country)),
            Candidate::Cities(cities) if cities.len() == 1 => Some((*i, cities[0].country)),
            Candidate::Cities(_) => None,
        })
        .collect();
    let spoken: Vec<Country> = lexicon
        .into_iter()
        .flat_map(|l| &l.countries)
        .filter_map(|c| Country::from_alpha2(c))
        .collect();
    let resolved = spans.into_iter().filter_map(|(i, n, name, candidate)| {
        let start = &words[i];
        let given_name = n == 1 && is_given_name(&start.folded);
        // "Llamen a Rosa": a small town that is also a given name needs another place of its
        // country, not only a preposition.
        let supported = after_cue.contains(&i) && start.capitalised && !given_name;
        // One word that may be capitalised for another reason (it starts a sentence: "Can
        // I…", "Nada…", "Les…"; it is someone's name and no preposition of place comes
        // before it: "Mei", not "en Rosario") is a city of a million people, or one with
        // support.
        let doubtful = n == 1 && (start.sentence_start || (given_name && !after_cue.contains(&i)));
        // The other places' countries: a town does not confirm itself.
        let others: Vec<Country> = named
            .iter()
            .filter(|(j, _)| *j != i)
            .map(|(_, c)| *c)
            .collect();
        let span = Span {
            start: start.start,
            end: words[i + n - 1].end,
            name,
            candidate,
        };
        resolve(
            span,
            (supported, doubtful, given_name),
            lower_case,
            report_country,
            &others,
            &spoken,
        )
    });
    resolved.collect()
}

/// Of `cities`, the one in the countries where the text's language is spoken: the largest,
/// unless the language's first country (where it comes from: Spain, France) has one at least
/// `1 / HOME_SHARE` as large (Valencia in Spain rather than in Venezuela, twice its size).
fn in_spoken(cities: &[City], spoken: &[Country]) -> Option<City> {
    let largest = cities.iter().find(|c| spoken.contains(&c.country))?;
    let home = spoken.first().and_then(|home| {
        cities
            .iter()
            .find(|c| c.country == *home && c.population * HOME_SHARE >= largest.population)
    });
    Some(*home.unwrap_or(largest))
}

fn resolve(
    span: Span,
    (supported, doubtful, given_name): (bool, bool, bool),
    lower_case: bool,
    report_country: Option<Country>,
    named: &[Country],
    spoken: &[Country],
) -> Option<Place> {
    let place = |country: Country, lat: f64, lon: f64| Place {
        start: span.start,
        end: span.end,
        country,
        lat,
        lon,
    };
    let cities = match span.candidate {
        Candidate::Country(country) => {
            let info = country.info();
            return Some(place(country, info.lat, info.lon));
        }
        Candidate::Cities(cities) => cities,
    };
    let in_one = |countries: &[Country]| {
        cities
            .iter()
            .find(|c| countries.contains(&c.country))
            .copied()
    };
    let confirmed = report_country
        .and_then(|c| in_one(&[c]))
        .or_else(|| in_one(named));
    let city = confirmed
        .or_else(|| in_spoken(&cities, spoken))
        .unwrap_or(cities[0]);
    // A given name that is only one of a city's other names ("à Mei": Meizhou) is more
    // likely someone's, even after a preposition.
    let doubtful = doubtful || (given_name && !gazetteer::is_own_name(&city, &span.name));
    let large = city.population
        >= match (doubtful, lower_case) {
            (true, _) => DOUBTFUL_CITY,
            (false, true) => LOWER_CASE_CITY,
            (false, false) => LARGE_CITY,
        };
    (large || supported || confirmed.is_some())
        .then(|| place(city.country, city.point.lat, city.point.lon))
}
