//! Case statistics for readers who may not read the cases: cases by status, closures by
//! reason, days from opening to the first service, cases with an overdue task, services
//! delivered by type, cases referred out and in by the referral's status and past their
//! follow-up, and per partner the cases whose latest referral went there, accepted, and
//! answered within a week.
//!
//! One person has one case (the search before opening keeps it so), and a case counts once
//! in each of the four single tables (status, closure, first service, overdue follow-up)
//! and the overdue tasks, and once per cell at most in the others: services delivered (one
//! per kind delivered, [`ServiceKind`]'s size), referrals out and referrals in (one per
//! status a referral of the case is in, [`ReferralStatus`]'s size each; a person referred in
//! to this organisation is someone else's case, counted here once per status), and the
//! partner table (a case under the partner of its latest referral only: three cells of one
//! partner at most; the partners are every other organisation on the instance and "not on
//! this instance", fixed before counting, so that a row never tells that a referral exists).
//! The squared L2 sensitivity of the whole release is therefore 5 + those three sizes + 3,
//! and every count
//! gets discrete Gaussian noise (OpenDP's exact sampler, as the sources' marginals do) scaled so
//! that the release is ρ-zCDP, hence (ε, δ)-differentially private, for a case added or
//! removed. A reader is answered from the organisation's newest release only, which is
//! post-processing: asking again, or many readers pooling their answers, sees the same fixed
//! noisy numbers. Every cell of every table is released, empty or not, and a count below the
//! threshold is not shown.

use crate::marginals::{MarginalsError, rho};
use faro_domain::Vocabulary;
use faro_domain::case::ServiceKind;
use faro_domain::case::statistics::CaseCounts;
use faro_domain::referral::ReferralStatus;

/// How far one case moves the whole release, squared (L2).
pub fn sensitivity_squared() -> f64 {
    8.0 + (ServiceKind::ALL.len() + 2 * ReferralStatus::ALL.len()) as f64
}

/// The noise's standard deviation for a release at (`epsilon`, `delta`).
pub fn sigma(epsilon: f64, delta: f64) -> Result<f64, MarginalsError> {
    Ok((sensitivity_squared() / (2.0 * rho(epsilon, delta)?)).sqrt())
}

/// Half the width of the interval that holds 95 % of a count's noise.
pub fn margin_95(epsilon: f64, delta: f64) -> Result<u64, MarginalsError> {
    Ok((1.96 * sigma(epsilon, delta)?).ceil() as u64)
}

/// The release of `exact` at (`epsilon`, `delta`): every count with its noise.
pub fn release(
    exact: &CaseCounts<u64>,
    epsilon: f64,
    delta: f64,
) -> Result<CaseCounts<i64>, MarginalsError> {
    let sigma = dashu::rational::RBig::try_from(sigma(epsilon, delta)?)
        .map_err(|e| MarginalsError::Noise(e.to_string()))?;
    let mut failure = None;
    let noisy = exact.map(|count| {
        let drawn = opendp::traits::samplers::sample_discrete_gaussian(sigma.clone())
            .map_err(|e| MarginalsError::Noise(e.to_string()))
            .and_then(|n| i64::try_from(n).map_err(|e| MarginalsError::Noise(e.to_string())));
        match drawn {
            Ok(noise) => i64::try_from(count)
                .unwrap_or(i64::MAX)
                .saturating_add(noise),
            Err(e) => {
                failure.get_or_insert(e);
                0
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(noisy),
    }
}

/// A released count as a reader sees it: hidden (`None`) below `threshold`.
pub fn shown(noisy: i64, threshold: u64) -> Option<u64> {
    u64::try_from(noisy).ok().filter(|n| *n >= threshold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_domain::case::CaseStatus;

    #[test]
    fn every_cell_is_released_with_noise_of_the_promised_size() {
        let mut exact = CaseCounts::zero();
        exact.status[0] = 40;
        exact.delivered[3] = 12;
        exact.partners = [(Some(2), "Refugio Azul"), (None, "")]
            .into_iter()
            .map(
                |(organisation, name)| faro_domain::case::statistics::PartnerCounts {
                    organisation,
                    name: name.into(),
                    referred: 0,
                    accepted: 0,
                    prompt: 0,
                },
            )
            .collect();
        let (epsilon, delta) = (8.0, 1e-6);
        let sigma = sigma(epsilon, delta).unwrap();
        assert!((2.0..4.5).contains(&sigma), "σ {sigma}");
        // Many releases: the noise is centred, spread as σ says, and every cell is drawn
        // (an empty one too, so which cells exist says nothing).
        let n = 4000;
        let (mut sum, mut squares, mut zero_moved, mut partner_moved) = (0.0, 0.0, 0, 0);
        for _ in 0..n {
            let r = release(&exact, epsilon, delta).unwrap();
            assert_eq!(r.status.len(), CaseStatus::ALL.len());
            assert_eq!(r.delivered.len(), ServiceKind::ALL.len());
            assert_eq!(r.referred_in.len(), ReferralStatus::ALL.len());
            let noise = (r.status[0] - 40) as f64;
            sum += noise;
            squares += noise * noise;
            zero_moved += usize::from(r.status[1] != 0);
            assert_eq!(r.partners[0].name, "Refugio Azul");
            partner_moved += usize::from(r.partners[1].prompt != 0);
        }
        let mean = sum / f64::from(n);
        let sd = (squares / f64::from(n) - mean * mean).sqrt();
        assert!(mean.abs() < 0.3, "mean {mean}");
        assert!((sd / sigma - 1.0).abs() < 0.1, "sd {sd} against σ {sigma}");
        assert!(zero_moved > n as usize / 2, "an empty cell gets noise too");
        assert!(partner_moved > n as usize / 2, "a partner's empty cell too");
    }

    #[test]
    fn a_small_count_is_not_shown() {
        assert_eq!(shown(10, 11), None);
        assert_eq!(shown(-3, 11), None);
        assert_eq!(shown(11, 11), Some(11));
    }
}
