//! The hub's one query: the record filters in the API's names, the filters that apply to
//! reports (channel, status), and how to show them (map by, top corridors, hotspot
//! resolution, scope). Kept in the URL, so every view is a link and the back button works.

use crate::ApiError;
use crate::error::Text;
use faro_domain::query::Dimension;
use faro_domain::report::{Channel, ReportStatus};
use faro_domain::vocab::Vocabulary;
use faro_domain::{AggregateScope, Filter};
use faro_i18n::key;
use faro_store::PointFilter;

/// Which country of a record the map shades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapBy {
    Exploitation,
    Citizenship,
}

impl MapBy {
    pub fn dimension(self) -> Dimension {
        match self {
            MapBy::Exploitation => Dimension::ExploitationCountry,
            MapBy::Citizenship => Dimension::Citizenship,
        }
    }
}

/// Corridors shown unless `top` says otherwise, and the most it may say.
pub const DEFAULT_TOP: usize = 10;
pub const MAX_TOP: usize = 50;

#[derive(Debug, Clone, PartialEq)]
pub struct HubQuery {
    pub filter: Filter,
    pub channels: Vec<Channel>,
    pub statuses: Vec<ReportStatus>,
    pub map: MapBy,
    pub top: usize,
    /// The hotspot grid's resolution; `None`: from the map's zoom.
    pub res: Option<u8>,
    pub scope: AggregateScope,
}

impl Default for HubQuery {
    fn default() -> Self {
        HubQuery {
            filter: Filter::new(),
            channels: Vec::new(),
            statuses: Vec::new(),
            map: MapBy::Exploitation,
            top: DEFAULT_TOP,
            res: None,
            scope: AggregateScope::Own,
        }
    }
}

/// Parameters besides the dimensions: the hub's own, and those of pages that carry the hub's
/// query along (the language, the record list's cursor).
const OWN: &[&str] = &["channel", "status", "map", "top", "res", "scope"];
const CARRIED: &[&str] = &["lang", "after"];
/// The filter form's two year fields, folded into `year`.
const YEAR_FIELDS: &[&str] = &["year_from", "year_to"];

/// A parsed query and whether the URL already said it in its one canonical way (a submitted
/// filter form says it with empty fields, repeated names and the two year fields).
pub struct Parsed {
    pub query: HubQuery,
    pub canonical: bool,
    /// `after=` of the record list, when given.
    pub after: Option<i64>,
}

impl HubQuery {
    /// Parses a query string. Repeated names (checkboxes) join as one list and empty fields
    /// are left out, so that a form and a link say the same; unknown names are refused, so
    /// that a typo never silently widens a view.
    pub fn parse(raw: Option<&str>) -> Result<Parsed, ApiError> {
        let mut canonical = true;
        let mut joined: Vec<(String, Vec<String>)> = Vec::new();
        for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            let known = OWN.contains(&key.as_ref())
                || CARRIED.contains(&key.as_ref())
                || YEAR_FIELDS.contains(&key.as_ref())
                || Dimension::from_id(&key).is_some();
            if !known {
                return Err(unknown(&key));
            }
            let value = value.trim().to_string();
            if value.is_empty() || YEAR_FIELDS.contains(&key.as_ref()) {
                canonical = false;
            }
            if value.is_empty() {
                continue;
            }
            match joined.iter_mut().find(|(k, _)| *k == key) {
                Some((_, values)) => {
                    canonical = false;
                    values.push(value);
                }
                None => joined.push((key.into_owned(), vec![value])),
            }
        }
        let get = |name: &str| {
            joined
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.join(","))
        };
        let mut query = HubQuery::default();
        let years = match (get("year_from"), get("year_to")) {
            (None, None) => get("year"),
            (from, to) => Some(format!(
                "{}..{}",
                from.unwrap_or_default(),
                to.unwrap_or_default()
            )),
        };
        for dim in Dimension::ALL {
            let text = if dim == Dimension::Year {
                years.clone()
            } else {
                get(dim.id())
            };
            if let Some(text) = text {
                query.filter.add(dim, &text).map_err(ApiError::invalid)?;
            }
        }
        if let Some(text) = get("channel") {
            query.channels = codes("channel", &text)?;
        }
        if let Some(text) = get("status") {
            query.statuses = codes("status", &text)?;
        }
        if let Some(text) = get("map") {
            query.map = match text.as_str() {
                "exploitation_country" => MapBy::Exploitation,
                "citizenship" => MapBy::Citizenship,
                _ => return Err(invalid("map", &text, "hub-invalid-map")),
            };
        }
        if let Some(text) = get("top") {
            query.top = text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_TOP).contains(n))
                .ok_or_else(|| invalid("top", &text, "hub-invalid-top"))?;
        }
        if let Some(text) = get("res") {
            query.res = Some(
                text.parse::<u8>()
                    .ok()
                    .filter(|r| faro_analytics::RESOLUTIONS.contains(r))
                    .ok_or_else(|| invalid("res", &text, "hub-invalid-res"))?,
            );
        }
        if let Some(text) = get("scope") {
            query.scope = AggregateScope::parse(&text)
                .ok_or_else(|| invalid("scope", &text, "api-invalid-scope"))?;
        }
        let after = match get("after") {
            None => None,
            Some(text) => Some(
                text.parse::<i64>()
                    .ok()
                    .filter(|a| *a >= 0)
                    .ok_or_else(|| invalid("after", &text, "api-invalid-cursor"))?,
            ),
        };
        Ok(Parsed {
            query,
            canonical,
            after,
        })
    }

    /// Parses an API query: as [`HubQuery::parse`], but a parameter given twice (400), left
    /// empty (422) or only a form's (`year_from`) is refused, as every API route refuses them.
    pub fn parse_strict(raw: Option<&str>) -> Result<HubQuery, ApiError> {
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            if YEAR_FIELDS.contains(&key.as_ref()) {
                return Err(unknown(&key));
            }
            if seen.iter().any(|k| *k == key) {
                return Err(ApiError::bad_request(
                    "duplicate_parameter",
                    Some(&key),
                    Text::words(key!("api-duplicate-parameter")).with("name", &key),
                ));
            }
            if value.trim().is_empty() {
                return Err(ApiError::invalid(faro_domain::ValidationError::new(
                    key.as_ref(),
                    faro_domain::Message::new(faro_domain::problem::EMPTY_FILTER),
                )));
            }
            seen.push(key.into_owned());
        }
        Ok(HubQuery::parse(raw)?.query)
    }

    /// The query as a URL's query string, in the API's names, without defaults.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (name, text) in self.filter.pairs() {
            out.append_pair(name, &text);
        }
        let list = |codes: Vec<&str>| codes.join(",");
        if !self.channels.is_empty() {
            out.append_pair(
                "channel",
                &list(self.channels.iter().map(|c| c.code()).collect()),
            );
        }
        if !self.statuses.is_empty() {
            out.append_pair(
                "status",
                &list(self.statuses.iter().map(|s| s.code()).collect()),
            );
        }
        if self.map == MapBy::Citizenship {
            out.append_pair("map", "citizenship");
        }
        if self.top != DEFAULT_TOP {
            out.append_pair("top", &self.top.to_string());
        }
        if let Some(res) = self.res {
            out.append_pair("res", &res.to_string());
        }
        if self.scope == AggregateScope::Hub {
            out.append_pair("scope", "hub");
        }
        out.finish()
    }

    /// This query with `dim` narrowed to `value` (replacing what it selected).
    pub fn with(&self, dim: Dimension, value: &str) -> HubQuery {
        let mut next = self.clone();
        next.filter.remove(dim);
        // The value comes from a released table's key, which always parses.
        if next.filter.add(dim, value).is_err() {
            return self.clone();
        }
        next
    }

    /// This query without its selection of `dim`.
    pub fn without(&self, dim: Dimension) -> HubQuery {
        let mut next = self.clone();
        next.filter.remove(dim);
        next
    }

    /// The filters that apply to reports' points.
    pub fn points(&self) -> PointFilter {
        PointFilter {
            years: self.filter.get(Dimension::Year).cloned(),
            countries: self.filter.get(Dimension::ExploitationCountry).cloned(),
            channels: self.channels.clone(),
            statuses: self.statuses.clone(),
        }
    }

    /// The one country the map zooms to: the map's dimension selects exactly one.
    pub fn focus(&self) -> Option<faro_domain::Country> {
        let sel = self.filter.get(self.map.dimension())?;
        match (sel.ids.as_slice(), sel.unknown) {
            ([one], false) => u16::try_from(*one)
                .ok()
                .and_then(faro_domain::Country::from_id),
            _ => None,
        }
    }

    /// The hotspot resolution: asked, or following the zoom (a country: finer cells).
    pub fn resolution(&self) -> u8 {
        self.res
            .unwrap_or(if self.focus().is_some() { 5 } else { 3 })
    }
}

fn codes<V: Vocabulary>(name: &'static str, text: &str) -> Result<Vec<V>, ApiError> {
    let mut out = Vec::new();
    for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let v = V::from_code(item).ok_or_else(|| ApiError {
            status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid_parameter",
            message: Text::words(key!("hub-invalid-code"))
                .with("name", name)
                .with("value", item)
                .with(
                    "accepted",
                    V::ALL
                        .iter()
                        .map(|v| format!("`{}`", v.code()))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            field: Some(name.into()),
        })?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

fn invalid(name: &'static str, value: &str, key: &'static str) -> ApiError {
    ApiError {
        status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        code: "invalid_parameter",
        message: Text::words(key).with("value", value),
        field: Some(name.into()),
    }
}

fn unknown(name: &str) -> ApiError {
    let mut accepted: Vec<String> = OWN.iter().map(|p| format!("`{p}`")).collect();
    accepted.extend(Dimension::ALL.iter().map(|d| format!("`{}`", d.id())));
    ApiError::bad_request(
        "unknown_parameter",
        Some(name),
        Text::words(key!("api-unknown-parameter"))
            .with("name", name)
            .with("accepted", accepted.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submitted_form_and_its_link_say_the_same() {
        let form = HubQuery::parse(Some(
            "year_from=2015&year_to=&gender=female&gender=male&citizenship=&modality=forced_labour&channel=sms&map=citizenship&top=20&lang=fr",
        ))
        .unwrap();
        assert!(!form.canonical);
        let link = form.query.to_query();
        assert_eq!(
            link,
            "year=2015..&gender=female%2Cmale&modality=forced_labour&channel=sms&map=citizenship&top=20"
        );
        let again = HubQuery::parse(Some(&link)).unwrap();
        assert!(again.canonical);
        assert_eq!(again.query, form.query);
    }

    #[test]
    fn the_api_refuses_what_a_form_may_send() {
        for (raw, status, field) in [
            ("channel=&means=", 422, "channel"),
            ("gender=female&gender=male", 400, "gender"),
            ("year_from=2010", 400, "year_from"),
        ] {
            let e = HubQuery::parse_strict(Some(raw)).expect_err(raw);
            assert_eq!(
                (e.status.as_u16(), e.field.as_deref()),
                (status, Some(field)),
                "{raw}"
            );
        }
        assert!(HubQuery::parse_strict(Some("gender=female,male&res=4")).is_ok());
    }

    #[test]
    fn bad_parameters_are_named() {
        for (raw, field) in [
            ("colour=red", "colour"),
            ("gender=alien", "gender"),
            ("top=0", "top"),
            ("top=51", "top"),
            ("res=12", "res"),
            ("map=moon", "map"),
            ("channel=pigeon", "channel"),
            ("scope=everyone", "scope"),
            ("after=-1", "after"),
        ] {
            let e = HubQuery::parse(Some(raw)).err().expect(raw);
            assert_eq!(e.field.as_deref(), Some(field), "{raw}");
            assert!(e.status.is_client_error());
        }
    }

    #[test]
    fn one_country_on_the_map_zooms_and_refines_the_grid() {
        let q = HubQuery::parse(Some("exploitation_country=UA"))
            .unwrap()
            .query;
        assert_eq!(q.focus().map(|c| c.alpha2()), Some("UA"));
        assert_eq!(q.resolution(), 5);
        let two = q.with(Dimension::ExploitationCountry, "UA,PL");
        assert_eq!((two.focus(), two.resolution()), (None, 3));
        assert_eq!(two.without(Dimension::ExploitationCountry).to_query(), "");
        let points = q.points();
        assert_eq!(points.countries.map(|s| s.ids.len()), Some(1));
    }
}
