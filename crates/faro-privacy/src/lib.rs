//! Statistical disclosure control: the only way a count reaches someone who may not read
//! every record behind it.
//!
//! A reader who may read every record behind the answer (an analyst, operator or admin
//! asking about their own organisation, or the instance operator) gets exact counts
//! ([`exact`]). Anyone else (viewers, case workers, any answer over another organisation's
//! shared sources) gets a controlled table ([`controlled`]), computed from nothing but the
//! differentially private releases of the sources it covers ([`marginals`]): the guarantee is
//! the releases', whatever the number of readers, questions and days, because a controlled
//! answer is post-processing of numbers fixed when the source was released. The threat model
//! and the budget's accounting are in `ARCHITECTURE.md` ("Disclosure control").

pub mod cases;
pub mod dp;
pub mod general;
pub mod kanon;
pub mod marginals;
pub mod synth;
pub mod utility;

use faro_analytics::{Aggregate, AggregateRow, HotCell};
use faro_domain::query::{DimValue, Dimension};
use faro_domain::{AccessContext, AggregateScope, Filter, Purpose};

/// The instance's disclosure control settings.
#[derive(
    Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Controlled counts below this are never shown (CTDC's k).
    pub threshold: u64,
    /// ε of each source's release of marginals (at `delta`).
    pub epsilon_per_release: f64,
    /// δ of every release of marginals.
    pub delta: f64,
    /// What a source's releases may spend in a calendar year (ε at `delta`, releases composed
    /// under zCDP); an organisation's own figure, set by the operator, overrides it.
    pub annual_epsilon_per_source: f64,
    /// A changed source is released again at most this often.
    pub hours_between_releases: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            threshold: 11,
            epsilon_per_release: 8.0,
            delta: 1e-6,
            annual_epsilon_per_source: 40.0,
            hours_between_releases: 24,
        }
    }
}

impl Policy {
    /// Whether the settings protect anyone; the message names the setting and the fix.
    pub fn check(&self) -> Result<(), faro_domain::Message> {
        use faro_domain::{Message, problem};
        if self.threshold < 2 {
            let said = Message::new(problem::PRIVACY_THRESHOLD).with("value", self.threshold);
            return Err(said);
        }
        let release = self.epsilon_per_release;
        let ok = |e: f64| e.is_finite() && e > 0.0 && e <= 100.0;
        if !(ok(release) && ok(self.annual_epsilon_per_source))
            || release > self.annual_epsilon_per_source
        {
            return Err(Message::new(problem::PRIVACY_EPSILON)
                .with("release", release)
                .with("annual", self.annual_epsilon_per_source));
        }
        if !(self.delta > 0.0 && self.delta <= 1e-3) || self.hours_between_releases == 0 {
            return Err(Message::new(problem::PRIVACY_LIMITS).with("delta", self.delta));
        }
        Ok(())
    }

    /// ρ (zCDP) of one release.
    pub fn rho_per_release(&self) -> f64 {
        marginals::rho(self.epsilon_per_release, self.delta).unwrap_or(f64::INFINITY)
    }

    /// ρ a source may spend in a year under `annual_epsilon` (the organisation's or the
    /// instance's).
    pub fn annual_rho(&self, annual_epsilon: f64) -> f64 {
        marginals::rho(annual_epsilon, self.delta).unwrap_or(0.0)
    }
}

/// Why a controlled query is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrivacyError {
    #[error(
        "this query combines {dimensions} dimensions (group-by and filters together, years included); readers who may not read the records get at most {limit}, so that no one can be singled out: drop a dimension"
    )]
    TooNarrow { dimensions: usize, limit: usize },
    #[error(
        "`{}` holds several values per record: readers who may not read the records may filter it by one value at a time and not group by it at once; keep one value or drop the filter",
        dimension.id()
    )]
    OneValueAtATime { dimension: Dimension },
}

/// Whether a reader gets exact counts or a controlled table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Exact,
    Controlled,
}

/// Exact only for a reader who may read every record behind the answer: the instance
/// operator, or a reader with the right to read records asking about their own organisation.
pub fn control(ctx: &AccessContext, scope: AggregateScope) -> Control {
    if ctx.is_instance() || (ctx.may(Purpose::Records) && scope == AggregateScope::Own) {
        Control::Exact
    } else {
        Control::Controlled
    }
}

/// A result that may leave Faro: only [`exact`], [`controlled`] and [`release_hotspots`] make
/// one.
#[derive(Debug, Clone, PartialEq)]
pub struct Released<T>(T);

impl<T> Released<T> {
    pub fn get(&self) -> &T {
        &self.0
    }
}

/// A released table: counts as the reader may see them.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub by: Vec<Dimension>,
    pub rows: Vec<Cell>,
    /// `None` when the selection holds fewer than `threshold` people.
    pub total_records: Option<u64>,
    /// A record may count in several cells (multi-valued dimensions).
    pub multi_valued: bool,
    /// Whether disclosure control applied (`specs/interfaces.md`).
    pub controlled: bool,
    /// What the noise of a controlled table means (`None` for exact counts).
    pub noise: Option<marginals::Noise>,
    /// The releases a controlled table was computed from.
    pub releases: Vec<Provenance>,
}

/// One source's release of marginals, as an answer names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    pub id: i64,
    pub source_id: i64,
    /// RFC 3339, UTC.
    pub made_at: String,
    pub epsilon: f64,
    pub delta: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub key: Vec<DimValue>,
    /// `None`: hidden. A controlled table lists only the cells it shows; exact tables show
    /// every one.
    pub count: Option<u64>,
}

/// Exact counts of `aggregate`, for a reader [`control`] answers exactly.
pub fn exact(aggregate: Aggregate) -> Released<Table> {
    Released(Table {
        by: aggregate.by,
        rows: aggregate
            .rows
            .into_iter()
            .map(|AggregateRow { key, count, .. }| Cell {
                count: Some(count),
                key,
            })
            .collect(),
        total_records: Some(aggregate.total_records),
        multi_valued: aggregate.multi_valued,
        controlled: false,
        noise: None,
        releases: Vec::new(),
    })
}

/// The controlled table `by` under `filter`, from the releases of the sources it covers.
pub fn controlled(
    releases: &[(Provenance, &marginals::Marginals)],
    by: &[Dimension],
    filter: &Filter,
    policy: &Policy,
) -> Result<Released<Table>, PrivacyError> {
    let marginals: Vec<&marginals::Marginals> = releases.iter().map(|(_, m)| *m).collect();
    let (mut table, noise) = match by.iter().position(|d| *d == Dimension::Source) {
        None => marginals::answer(&marginals, by, filter, policy.threshold)?,
        Some(at) => by_source(releases, by, at, filter, policy)?,
    };
    table.noise = Some(noise);
    table.releases = releases.iter().map(|(p, _)| p.clone()).collect();
    Ok(Released(table))
}

/// A table grouped by source too: each source's own release answers its rows (a source is
/// released on its own, so grouping by it is free); the total is over them all.
fn by_source(
    releases: &[(Provenance, &marginals::Marginals)],
    by: &[Dimension],
    at: usize,
    filter: &Filter,
    policy: &Policy,
) -> Result<(Table, marginals::Noise), PrivacyError> {
    let rest: Vec<Dimension> = by
        .iter()
        .copied()
        .filter(|d| *d != Dimension::Source)
        .collect();
    let all: Vec<&marginals::Marginals> = releases.iter().map(|(_, m)| *m).collect();
    let (mut table, mut noise) = marginals::answer(&all, &rest, filter, policy.threshold)?;
    table.by = by.to_vec();
    table.rows.clear();
    for (provenance, release) in releases {
        let (one, its) = marginals::answer(&[*release], &rest, filter, policy.threshold)?;
        noise.margin = noise.margin.max(its.margin);
        for mut cell in one.rows {
            cell.key.insert(at, DimValue::Source(provenance.source_id));
            table.rows.push(cell);
        }
    }
    table.rows.sort_by(|a, b| a.key.cmp(&b.key));
    Ok((table, noise))
}

/// The finest H3 resolution a controlled reader gets (cells of about 250 km²): a hidden cell
/// still says that someone reported there, and a finer one would say where too closely.
pub const CONTROLLED_MAX_RESOLUTION: u8 = 5;

/// Released hotspots: grid cells as the reader may see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hotspots {
    pub resolution: u8,
    pub cells: Vec<HotspotCell>,
    /// `None` when there are too few points to show.
    pub total: Option<u64>,
    pub controlled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotspotCell {
    pub cell: HotCell,
    /// `None`: hidden (fewer than `threshold` points).
    pub count: Option<u64>,
}

/// The resolution a reader may ask for: a controlled reader never gets cells finer than
/// [`CONTROLLED_MAX_RESOLUTION`].
pub fn hotspot_resolution(ctx: &AccessContext, scope: AggregateScope, asked: u8) -> u8 {
    match control(ctx, scope) {
        Control::Exact => asked,
        Control::Controlled => asked.min(CONTROLLED_MAX_RESOLUTION),
    }
}

/// The hotspots `ctx` may see of `cells`, counted at `resolution` over `scope`. Reports'
/// places have no release of their own yet, and anyone may add a public report where they
/// choose (padding a cell past any threshold), so a controlled reader gets no cells and no
/// total; the page says so.
pub fn release_hotspots(
    ctx: &AccessContext,
    scope: AggregateScope,
    resolution: u8,
    cells: Vec<HotCell>,
) -> Released<Hotspots> {
    if control(ctx, scope) == Control::Controlled {
        return Released(Hotspots {
            resolution,
            cells: Vec::new(),
            total: None,
            controlled: true,
        });
    }
    Released(Hotspots {
        resolution,
        total: Some(cells.iter().map(|c| c.count).sum()),
        cells: cells
            .into_iter()
            .map(|cell| HotspotCell {
                count: Some(cell.count),
                cell,
            })
            .collect(),
        controlled: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_domain::{OrganisationId, Role};

    #[test]
    fn only_readers_of_every_record_get_exact_counts() {
        let org = OrganisationId(1);
        let analyst = AccessContext::member(org, Role::Analyst);
        let viewer = AccessContext::member(org, Role::Viewer);
        assert_eq!(control(&analyst, AggregateScope::Own), Control::Exact);
        assert_eq!(control(&analyst, AggregateScope::Hub), Control::Controlled);
        assert_eq!(control(&viewer, AggregateScope::Own), Control::Controlled);
        assert_eq!(
            control(&AccessContext::instance(), AggregateScope::Hub),
            Control::Exact
        );
    }

    #[test]
    fn controlled_readers_get_no_hotspots_however_busy() {
        use faro_analytics::ReportPoint;
        let org = OrganisationId(1);
        let viewer = AccessContext::member(org, Role::Viewer);
        let analyst = AccessContext::member(org, Role::Analyst);
        let points: Vec<ReportPoint> = (0..40)
            .map(|_| ReportPoint {
                lat: 50.45,
                lon: 30.52,
            })
            .collect();
        let scope = AggregateScope::Own;
        assert_eq!(
            hotspot_resolution(&viewer, scope, 7),
            CONTROLLED_MAX_RESOLUTION
        );
        assert_eq!(hotspot_resolution(&analyst, scope, 7), 7);
        let cells = || faro_analytics::hotspots(&points, 5);
        let exact = release_hotspots(&analyst, scope, 5, cells());
        assert_eq!(exact.get().total, Some(40));
        assert_eq!(exact.get().cells[0].count, Some(40));
        let controlled = release_hotspots(&viewer, scope, 5, cells());
        assert!(controlled.get().controlled);
        assert!(controlled.get().cells.is_empty() && controlled.get().total.is_none());
    }

    #[test]
    fn settings_that_protect_no_one_are_refused() {
        assert!(Policy::default().check().is_ok());
        let none = Policy {
            threshold: 1,
            ..Policy::default()
        };
        let refused = none.check().unwrap_err();
        assert_eq!(refused.key, faro_domain::problem::PRIVACY_THRESHOLD);
        assert_eq!(refused.arg("value"), Some("1"));
        for (release, annual) in [(0.0, 40.0), (f64::NAN, 40.0), (8.0, 4.0), (8.0, 1000.0)] {
            let loose = Policy {
                epsilon_per_release: release,
                annual_epsilon_per_source: annual,
                ..Policy::default()
            };
            let refused = loose.check().unwrap_err();
            assert_eq!(
                refused.key,
                faro_domain::problem::PRIVACY_EPSILON,
                "{release} {annual}"
            );
        }
        let careless = Policy {
            delta: 0.5,
            ..Policy::default()
        };
        assert_eq!(
            careless.check().unwrap_err().key,
            faro_domain::problem::PRIVACY_LIMITS
        );
    }
}
