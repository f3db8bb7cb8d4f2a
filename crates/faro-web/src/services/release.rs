//! Controlled aggregates: the one way a count leaves the web crate for a reader. A controlled
//! question is checked against the dimension limit, spends one of the reader's daily budget
//! and is audited in the reader's chain before it is counted; several tables under one filter
//! are one question (a dashboard).

use super::{Context, ServiceError};
use faro_domain::query::Dimension;
use faro_domain::{AccessContext, AggregateScope, Filter};
use faro_privacy::{Control, Released, Table};

/// Counts as `ctx` may see them: the one way an aggregate leaves the web crate. A controlled
/// query is checked for narrowness, spends one of the reader's daily budget and is audited
/// in the reader's chain before it is counted.
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
        also: None,
        pays: true,
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

/// The total of every record `ctx` may count in `scope`, released: the same question for
/// everyone, so it spends nothing of the reader's budget (the home page asks it at each
/// visit).
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
        also: None,
        pays: false,
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
    /// What else the answer releases and depends on (hotspots at a resolution, over some
    /// channels and statuses): part of the query the reader's budget pays for, so that each
    /// new variation is a new query.
    pub also: Option<String>,
    /// Whether the reader's daily budget pays for it: not for a question nobody chooses, as
    /// the home page's total (asking it again gets the same released count).
    pub pays: bool,
}

/// Several tables under one filter, as `ctx` may see them, counted in one pass: a dashboard
/// is one query of the reader's daily budget and one audit entry, whatever it draws. A table
/// too narrow for a controlled reader is `Err` on its own, so a page can say which filter to
/// drop beside that chart and still show the others.
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
        ref also,
        pays,
    } = *asked;
    let control = faro_privacy::control(ctx, scope);
    let checked: Vec<Result<(), faro_privacy::PrivacyError>> = bys
        .iter()
        .map(|by| faro_privacy::check_query(control, by, filter, &cx.privacy))
        .collect();
    let answerable: Vec<&[Dimension]> = bys
        .iter()
        .zip(&checked)
        .filter(|(_, c)| c.is_ok())
        .map(|(by, _)| *by)
        .collect();
    if pays && control == Control::Controlled && (!answerable.is_empty() || also.is_some()) {
        let signature = format!("{scope:?} {answerable:?} {filter:?} {also:?}");
        if let Some(user) = ctx.user()
            && !cx
                .store
                .spend_controlled_query(user, &signature, cx.privacy.daily_queries)
                .await?
        {
            return Err(ServiceError::BudgetSpent {
                daily: cx.privacy.daily_queries,
            });
        }
    }
    let action = match audit {
        Audit::WhenControlled(a) if control == Control::Controlled => Some(a),
        Audit::Always(a) => Some(a),
        Audit::WhenControlled(_) => None,
    };
    // Nothing released, nothing to account for (a query refused as too narrow).
    if let Some(action) = action.filter(|_| !answerable.is_empty()) {
        let detail = serde_json::json!({
            "by": answerable.iter().map(|by| by.iter().map(|d| d.id()).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "filter": filter.selections().iter().map(|(d, s)| serde_json::json!({
                "dimension": d.id(), "ids": s.ids, "years": s.ranges, "unknown": s.unknown,
            })).collect::<Vec<_>>(),
            "scope": if scope == AggregateScope::Hub { "hub" } else { "own" },
            "controlled": control == Control::Controlled,
        });
        cx.store.audit(ctx, action, detail).await?;
    }
    let mut counted = cx
        .index
        .aggregates(ctx, scope, &answerable, filter)
        .await?
        .into_iter();
    Ok(checked
        .into_iter()
        .map(|check| {
            check.map(|()| {
                let aggregate = counted
                    .next()
                    .unwrap_or_else(|| faro_analytics::Aggregate::empty(&[]));
                faro_privacy::release(ctx, scope, aggregate, &cx.privacy)
            })
        })
        .collect())
}
