//! Where reports place what they tell of: the points of an organisation's reports, for the
//! analysis hub's hotspots. Only codes and coordinates leave; nothing sealed is opened.

use super::*;
use faro_domain::query::Selection;

/// Which reports' points to count: the hub's filters that apply to reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PointFilter {
    /// Years in which the reports were made.
    pub years: Option<Selection>,
    /// Countries the reports place the events in (ids as `Country::id`).
    pub countries: Option<Selection>,
    /// Empty: every channel.
    pub channels: Vec<Channel>,
    /// Empty: every status.
    pub statuses: Vec<ReportStatus>,
}

/// A report's point.
#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct ReportPoint {
    pub lat: f64,
    pub lon: f64,
}

impl Store {
    /// The points of the reports `ctx` may count (its organisation's; every organisation's for
    /// the instance operator) that pass `filter`. Not audited here: the caller releases the
    /// counts and audits the view they are part of.
    pub async fn report_points(
        &self,
        ctx: &AccessContext,
        filter: &PointFilter,
    ) -> Result<Vec<ReportPoint>, StoreError> {
        let organisation = match ctx.organisation() {
            Some(o) if ctx.may(faro_domain::Purpose::Aggregates) => Some(o),
            None if ctx.is_instance() => None,
            _ => {
                return Err(StoreError::Forbidden {
                    action: "count_reports",
                });
            }
        };
        let sql = format!(
            "SELECT lat, lon FROM reports WHERE lat IS NOT NULL AND lon IS NOT NULL AND {}",
            point_filter_sql(organisation, filter)
        );
        let rows: Vec<ReportPoint> =
            with_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .filter(|r| r.lat.is_finite() && r.lon.is_finite())
            .collect())
    }
}

/// The condition of `filter`; every value is an integer or a code from a closed set.
fn point_filter_sql(organisation: Option<OrganisationId>, filter: &PointFilter) -> String {
    let mut parts = vec!["1 = 1".to_string()];
    if let Some(o) = organisation {
        parts.push(format!("organisation_id = {}", o.0));
    }
    if let Some(years) = &filter.years {
        let mut any: Vec<String> = years
            .ranges
            .iter()
            .map(|(lo, hi)| {
                let from = lo.map_or(i64::MIN, |y| start_of_year(i32::from(y)));
                let to = hi.map_or(i64::MAX, |y| start_of_year(i32::from(y) + 1));
                format!("(created_at >= {from} AND created_at < {to})")
            })
            .collect();
        if any.is_empty() {
            any.push("1 = 0".into());
        }
        parts.push(format!("({})", any.join(" OR ")));
    }
    if let Some(countries) = &filter.countries {
        let codes: Vec<String> = countries
            .ids
            .iter()
            .filter_map(|id| u16::try_from(*id).ok().and_then(Country::from_id))
            .map(|c| format!("'{}'", c.alpha2()))
            .collect();
        let mut any = Vec::new();
        if !codes.is_empty() {
            any.push(format!("country IN ({})", codes.join(", ")));
        }
        if countries.unknown {
            any.push("country IS NULL".into());
        }
        if any.is_empty() {
            any.push("1 = 0".into());
        }
        parts.push(format!("({})", any.join(" OR ")));
    }
    let listed = |column: &str, codes: Vec<&str>| {
        let quoted: Vec<String> = codes.iter().map(|c| format!("'{c}'")).collect();
        format!("{column} IN ({})", quoted.join(", "))
    };
    if !filter.channels.is_empty() {
        parts.push(listed(
            "channel",
            filter.channels.iter().map(|c| c.code()).collect(),
        ));
    }
    if !filter.statuses.is_empty() {
        parts.push(listed(
            "status",
            filter.statuses.iter().map(|s| s.code()).collect(),
        ));
    }
    parts.join(" AND ")
}

/// Seconds since the epoch at the start of `year` (UTC).
fn start_of_year(year: i32) -> i64 {
    time::Date::from_ordinal_date(year, 1)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(if year < 1970 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_condition_holds_only_integers_and_closed_codes() {
        let mut years = Selection::parse(faro_domain::query::Dimension::Year, "2024").unwrap();
        years.unknown = false;
        let filter = PointFilter {
            years: Some(years),
            countries: Some(
                Selection::parse(
                    faro_domain::query::Dimension::ExploitationCountry,
                    "UA,unknown",
                )
                .unwrap(),
            ),
            channels: vec![Channel::Sms],
            statuses: vec![ReportStatus::New],
        };
        let sql = point_filter_sql(Some(OrganisationId(4)), &filter);
        assert_eq!(
            sql,
            "1 = 1 AND organisation_id = 4 AND ((created_at >= 1704067200 AND created_at < 1735689600)) AND (country IN ('UA') OR country IS NULL) AND channel IN ('sms') AND status IN ('new')"
        );
    }
}
