//! The case statistics an organisation reads (`faro_privacy::cases` releases them with noise
//! for those who may not read the cases): cases by status, closures by reason, days from
//! opening to the first service, cases with an overdue task, services delivered by type, and
//! the cases referred (out and in) by the referral's status and past their follow-up, and
//! what each partner did with the cases referred to it.

use super::{CaseStatus, ClosureReason, ServiceKind};
use crate::Vocabulary;
use crate::referral::ReferralStatus;
use serde::{Deserialize, Serialize};

/// How long a case waited from its opening to its first service delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstService {
    Week,
    Month,
    Quarter,
    Later,
    NotYet,
}

impl FirstService {
    pub const ALL: [FirstService; 5] = [
        FirstService::Week,
        FirstService::Month,
        FirstService::Quarter,
        FirstService::Later,
        FirstService::NotYet,
    ];

    /// The band of a wait of `days` (`None`: no service delivered yet).
    pub fn of(days: Option<i64>) -> FirstService {
        match days {
            None => FirstService::NotYet,
            Some(d) if d <= 7 => FirstService::Week,
            Some(d) if d <= 30 => FirstService::Month,
            Some(d) if d <= 90 => FirstService::Quarter,
            Some(_) => FirstService::Later,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            FirstService::Week => "within_7_days",
            FirstService::Month => "within_30_days",
            FirstService::Quarter => "within_90_days",
            FirstService::Later => "later",
            FirstService::NotYet => "not_yet",
        }
    }
}

/// The tables, each a count per value in its vocabulary's order; `T` is `u64` exact, `i64`
/// noisy. The referral tables count cases, not referrals (a case referred twice in one
/// status counts once there), so that one person moves each cell by one at most; a release
/// made before they existed has them empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCounts<T> {
    /// By [`CaseStatus`].
    pub status: Vec<T>,
    /// Closed cases by [`ClosureReason`].
    pub closures: Vec<T>,
    /// By [`FirstService`].
    pub first_service: Vec<T>,
    /// Open cases with a task past its due date.
    pub overdue: T,
    /// Cases that received a service of each [`ServiceKind`].
    pub delivered: Vec<T>,
    /// The organisation's cases with a referral sent in each [`ReferralStatus`] now.
    #[serde(default)]
    pub referred_out: Vec<T>,
    /// Cases of other organisations with a referral to this one in each [`ReferralStatus`].
    #[serde(default)]
    pub referred_in: Vec<T>,
    /// The organisation's cases with an open referral sent past its follow-up date.
    #[serde(default)]
    pub follow_up_overdue: T,
    /// Per partner (every other organisation on the instance, and providers not on it as
    /// one), the organisation's cases whose latest referral went there.
    #[serde(default)]
    pub partners: Vec<PartnerCounts<T>>,
}

/// The days within which an answer counts as prompt in the released partner figures.
pub const PROMPT_DAYS: i64 = 7;

/// What one partner did with the cases whose latest referral went to it. Each case counts
/// under one partner only (its latest referral's), once in each cell at most.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerCounts<T> {
    /// The organisation's id on the instance; `None` for providers not on it.
    pub organisation: Option<i64>,
    /// Its name when the counts were made.
    pub name: String,
    pub referred: T,
    /// Accepted, or done.
    pub accepted: T,
    /// Answered (accepted or rejected) within [`PROMPT_DAYS`].
    pub prompt: T,
}

impl CaseCounts<u64> {
    /// Every count zero, every table its full size.
    pub fn zero() -> CaseCounts<u64> {
        CaseCounts {
            status: vec![0; CaseStatus::ALL.len()],
            closures: vec![0; ClosureReason::ALL.len()],
            first_service: vec![0; FirstService::ALL.len()],
            overdue: 0,
            delivered: vec![0; ServiceKind::ALL.len()],
            referred_out: vec![0; ReferralStatus::ALL.len()],
            referred_in: vec![0; ReferralStatus::ALL.len()],
            follow_up_overdue: 0,
            partners: Vec::new(),
        }
    }
}

impl<T: Copy> CaseCounts<T> {
    /// Every count with `f` applied, in the same places.
    pub fn map<U>(&self, mut f: impl FnMut(T) -> U) -> CaseCounts<U> {
        let mut all = |v: &[T]| v.iter().map(|x| f(*x)).collect::<Vec<U>>();
        let status = all(&self.status);
        let closures = all(&self.closures);
        let first_service = all(&self.first_service);
        let delivered = all(&self.delivered);
        let referred_out = all(&self.referred_out);
        let referred_in = all(&self.referred_in);
        CaseCounts {
            status,
            closures,
            first_service,
            overdue: f(self.overdue),
            delivered,
            referred_out,
            referred_in,
            follow_up_overdue: f(self.follow_up_overdue),
            partners: self
                .partners
                .iter()
                .map(|p| PartnerCounts {
                    organisation: p.organisation,
                    name: p.name.clone(),
                    referred: f(p.referred),
                    accepted: f(p.accepted),
                    prompt: f(p.prompt),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_falls_in_one_band() {
        let bands: Vec<FirstService> = [
            Some(0),
            Some(7),
            Some(8),
            Some(30),
            Some(31),
            Some(91),
            None,
        ]
        .into_iter()
        .map(FirstService::of)
        .collect();
        assert_eq!(
            bands,
            [
                FirstService::Week,
                FirstService::Week,
                FirstService::Month,
                FirstService::Month,
                FirstService::Quarter,
                FirstService::Later,
                FirstService::NotYet
            ]
        );
    }
}
