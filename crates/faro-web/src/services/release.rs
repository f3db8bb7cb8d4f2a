//! Released aggregates: the one way a count leaves the web crate for a reader. A reader who
//! may read every record behind it gets exact counts from the index; anyone else gets counts
//! computed from the newest release of marginals of each source the question covers
//! ([`super::statistics`]), which spends nothing whatever is asked, and is audited in the
//! reader's chain. Several tables under one filter are one question (a dashboard).

use super::{Context, ServiceError, statistics};
use faro_domain::query::Dimension;
use faro_domain::{AccessContext, AggregateScope, Filter};
use faro_privacy::{Control, Released, Table};
use serde::Serialize;
use utoipa::ToSchema;

/// Counts as `ctx` may see them, audited when controlled.
pub async fn released(
    cx: &Context,
    ctx: &AccessContext,
    scope: AggregateScope,
    by: &[Dimension],
    filter: &Filter,
) -> Result<Released<Table>, ServiceError> {
    let asked = Asked {
        scope,
        filter,
        audit: Audit::WhenControlled("aggregate.controlled"),
    };
    one(cx, ctx, &asked, by).await
}

/// The one table asked for `by`.
async fn one(
    cx: &Context,
    ctx: &AccessContext,
    asked: &Asked<'_>,
    by: &[Dimension],
) -> Result<Released<Table>, ServiceError> {
    let mut one = released_many(cx, ctx, asked, &[by]).await?;
    match one.pop() {
        Some(table) => Ok(table?),
        None => unreachable!("released_many answers one table per group-by"),
    }
}

/// The total of every record `ctx` may count in `scope`, released (the home page's figure).
pub async fn total(
    cx: &Context,
    ctx: &AccessContext,
    scope: AggregateScope,
) -> Result<Released<Table>, ServiceError> {
    let everything = Filter::new();
    let asked = Asked {
        scope,
        filter: &everything,
        audit: Audit::WhenControlled("aggregate.controlled"),
    };
    one(cx, ctx, &asked, &[]).await
}

/// When a release is written in the reader's audit chain.
#[derive(Clone, Copy)]
pub enum Audit {
    /// Only when disclosure control applies (an API query: exact reads of one's own
    /// organisation's counts are not audited).
    WhenControlled(&'static str),
    /// Always, once (a page view of the hub, an export).
    Always(&'static str),
}

/// What a set of tables is asked under: one scope, one filter, one audit entry.
pub struct Asked<'a> {
    pub scope: AggregateScope,
    pub filter: &'a Filter,
    pub audit: Audit,
}

/// Several tables under one filter, as `ctx` may see them: one audit entry, whatever it
/// draws. A table a controlled reader may not get is `Err` on its own, so a page can say which
/// filter to drop beside that chart and still show the others.
pub async fn released_many(
    cx: &Context,
    ctx: &AccessContext,
    asked: &Asked<'_>,
    bys: &[&[Dimension]],
) -> Result<Vec<Result<Released<Table>, faro_privacy::PrivacyError>>, ServiceError> {
    let Asked {
        scope,
        filter,
        audit,
    } = *asked;
    let control = faro_privacy::control(ctx, scope);
    let answers = match control {
        Control::Exact => cx
            .index
            .aggregates(ctx, scope, bys, filter)
            .await?
            .into_iter()
            .map(|a| Ok(faro_privacy::exact(a)))
            .collect(),
        Control::Controlled => controlled(cx, ctx, scope, bys, filter).await?,
    };
    let action = match audit {
        Audit::WhenControlled(a) if control == Control::Controlled => Some(a),
        Audit::Always(a) => Some(a),
        Audit::WhenControlled(_) => None,
    };
    let answered: Vec<&[Dimension]> = bys
        .iter()
        .zip(&answers)
        .filter(|(_, a)| a.is_ok())
        .map(|(by, _)| *by)
        .collect();
    // Nothing released, nothing to account for (a query refused as too narrow).
    if let Some(action) = action.filter(|_| !answered.is_empty()) {
        let detail = serde_json::json!({
            "by": answered.iter().map(|by| by.iter().map(|d| d.id()).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "filter": filter.selections().iter().map(|(d, s)| serde_json::json!({
                "dimension": d.id(), "ids": s.ids, "years": s.ranges, "unknown": s.unknown,
            })).collect::<Vec<_>>(),
            "scope": if scope == AggregateScope::Hub { "hub" } else { "own" },
            "controlled": control == Control::Controlled,
        });
        cx.store.audit(ctx, action, detail).await?;
    }
    Ok(answers)
}

/// Controlled tables: from the newest release of each source `ctx` may count in `scope` (and
/// the filter's `source` keeps), summed after release.
async fn controlled(
    cx: &Context,
    ctx: &AccessContext,
    scope: AggregateScope,
    bys: &[&[Dimension]],
    filter: &Filter,
) -> Result<Vec<Result<Released<Table>, faro_privacy::PrivacyError>>, ServiceError> {
    let chosen = filter
        .selections()
        .iter()
        .find(|(d, _)| *d == Dimension::Source)
        .map(|(_, s)| s.ids.clone());
    let sources: Vec<i64> = cx
        .store
        .segments(ctx, scope)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| chosen.as_ref().is_none_or(|c| c.contains(id)))
        .collect();
    let releases = statistics::newest(cx, &sources).await?;
    let refs: Vec<(
        faro_privacy::Provenance,
        &faro_privacy::marginals::Marginals,
    )> = releases
        .iter()
        .map(|(p, m)| (p.clone(), m.as_ref()))
        .collect();
    Ok(bys
        .iter()
        .map(|by| faro_privacy::controlled(&refs, by, filter, &cx.privacy))
        .collect())
}

/// What a controlled answer was computed from, and what its noise means.
#[derive(Serialize, ToSchema)]
pub struct ReleaseView {
    /// `discrete_gaussian_zcdp`: discrete Gaussian noise on every cell of each source's
    /// 1- and 2-way tables, ρ-zCDP, stated as (ε, δ).
    pub mechanism: &'static str,
    /// ε of each source's release (the largest, when they differ).
    pub epsilon: f64,
    pub delta: f64,
    /// The newest release used (`null` when no source is released yet).
    pub id: Option<i64>,
    /// When the oldest release used was made (RFC 3339): the counts are as of then at least.
    pub made_at: Option<String>,
    /// A shown count is within this of the true count 95 times in 100.
    pub margin_95: u64,
    /// Counts below this are not listed.
    pub shown_from: u64,
    pub sources: Vec<SourceReleaseView>,
}

#[derive(Serialize, ToSchema)]
pub struct SourceReleaseView {
    pub source_id: i64,
    pub id: i64,
    pub made_at: String,
}

impl ReleaseView {
    pub fn of(table: &Table) -> Option<ReleaseView> {
        let noise = table.noise?;
        Some(ReleaseView {
            mechanism: "discrete_gaussian_zcdp",
            epsilon: table.releases.iter().map(|r| r.epsilon).fold(0.0, f64::max),
            delta: table.releases.iter().map(|r| r.delta).fold(0.0, f64::max),
            id: table.releases.iter().map(|r| r.id).max(),
            made_at: table.releases.iter().map(|r| r.made_at.clone()).min(),
            margin_95: noise.margin,
            shown_from: noise.shown_from,
            sources: table
                .releases
                .iter()
                .map(|r| SourceReleaseView {
                    source_id: r.source_id,
                    id: r.id,
                    made_at: r.made_at.clone(),
                })
                .collect(),
        })
    }
}
