//! Differentially private tables: a count of every value of each single-valued dimension, over
//! a domain fixed in advance (every year from 2000, every code, every country, and unknown),
//! so that which rows a table has says nothing of the data. Each person is in exactly one
//! cell of each table (sensitivity 1), so `T` tables at ε/`T` each are ε-differentially
//! private together (sequential composition, a person added or removed). The noise is
//! OpenDP's exact discrete Laplace sampler (Canonne, Kamath and Steinke 2020), scale `T`/ε:
//! integer counts with no floating-point leaks. Negative counts are shown as 0, which is
//! post-processing and costs no privacy.

use faro_domain::query::{DimValue, Dimension};
use faro_domain::{Country, Record};
use serde::Serialize;

/// The dimensions a differentially private release counts: every single-valued
/// quasi-identifier.
pub const DP_DIMENSIONS: [Dimension; Dimension::SINGLE_QUASI_IDENTIFIERS.len()] =
    Dimension::SINGLE_QUASI_IDENTIFIERS;

/// The first year a domain holds; earlier years are counted as unknown.
pub const FIRST_YEAR: u16 = 2000;

#[derive(Debug, thiserror::Error)]
pub enum DpError {
    #[error("ε must be a positive number (it is {0})")]
    Epsilon(f64),
    #[error("no randomness for the noise: {0}")]
    Noise(String),
}

/// One noisy count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoisyCell {
    pub dimension: &'static str,
    /// The value's code (`unknown` for unknown).
    pub value: String,
    pub count: u64,
}

/// A release's noisy tables and its privacy parameters.
#[derive(Debug, Clone, Serialize)]
pub struct NoisyTables {
    pub epsilon: f64,
    /// The discrete Laplace scale of every cell's noise.
    pub scale: f64,
    pub cells: Vec<NoisyCell>,
}

/// The domain of `dim`'s values, fixed in advance, with unknown (`None`) last.
fn domain(dim: Dimension, this_year: u16) -> Vec<Option<u32>> {
    let known: Vec<u32> = match dim {
        Dimension::Year => (u32::from(FIRST_YEAR)..=u32::from(this_year)).collect(),
        Dimension::Citizenship | Dimension::ExploitationCountry => {
            Country::all().map(|c| u32::from(c.id())).collect()
        }
        _ => (0..dim.codes().len() as u32).collect(),
    };
    known.into_iter().map(Some).chain([None]).collect()
}

/// The exact count of each value of `dim` in its domain.
fn counts(records: &[Record], dim: Dimension, domain: &[Option<u32>]) -> Vec<u64> {
    let mut counts = vec![0u64; domain.len()];
    let unknown = domain.len() - 1;
    for record in records {
        let slot = dim
            .value_id(record)
            .and_then(|v| domain.iter().position(|d| *d == Some(v)))
            .unwrap_or(unknown);
        counts[slot] += 1;
    }
    counts
}

/// Draws discrete Laplace noise of scale `scale` (a positive rational as a float).
pub fn noise(scale: f64) -> Result<i64, DpError> {
    let scale =
        dashu::rational::RBig::try_from(scale).map_err(|e| DpError::Noise(e.to_string()))?;
    let drawn = opendp::traits::samplers::sample_discrete_laplace(scale)
        .map_err(|e| DpError::Noise(e.to_string()))?;
    i64::try_from(drawn).map_err(|e| DpError::Noise(e.to_string()))
}

/// Every cell of every table with its exact count, in the order the noisy tables list them.
pub fn exact_cells(records: &[Record], this_year: u16) -> Vec<(Dimension, Option<u32>, u64)> {
    DP_DIMENSIONS
        .iter()
        .flat_map(|dim| {
            let domain = domain(*dim, this_year);
            let counts = counts(records, *dim, &domain);
            domain
                .into_iter()
                .zip(counts)
                .map(|(value, count)| (*dim, value, count))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The noisy tables of `records` for a total budget of `epsilon`.
pub fn tables(records: &[Record], epsilon: f64, this_year: u16) -> Result<NoisyTables, DpError> {
    if !(epsilon.is_finite() && epsilon > 0.0) {
        return Err(DpError::Epsilon(epsilon));
    }
    let scale = DP_DIMENSIONS.len() as f64 / epsilon;
    let mut cells = Vec::new();
    for (dim, value, exact) in exact_cells(records, this_year) {
        let noisy = i64::try_from(exact)
            .unwrap_or(i64::MAX)
            .saturating_add(noise(scale)?);
        cells.push(NoisyCell {
            dimension: dim.id(),
            value: value.map_or(DimValue::Unknown, |v| dim.value(v)).text(),
            count: noisy.max(0) as u64,
        });
    }
    Ok(NoisyTables {
        epsilon,
        scale,
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sampler's draws have the discrete Laplace's mean (0) and variance
    /// (2e^{-1/s} / (1 - e^{-1/s})²), within six standard errors over 20,000 draws.
    #[test]
    fn the_noise_has_the_discrete_laplaces_mean_and_variance() {
        for scale in [0.5, 2.0, 6.0] {
            let n = 20_000;
            let draws: Vec<f64> = (0..n).map(|_| noise(scale).unwrap() as f64).collect();
            let mean = draws.iter().sum::<f64>() / n as f64;
            let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            let q = (-1.0 / scale).exp();
            let expected = 2.0 * q / (1.0 - q).powi(2);
            let se_mean = (expected / n as f64).sqrt();
            assert!(mean.abs() < 6.0 * se_mean, "scale {scale}: mean {mean}");
            // The variance of the sample variance is about (κ4 + 2σ⁴)/n; a bound of 15% at
            // 20,000 draws is well beyond six standard errors for these scales.
            assert!(
                (var / expected - 1.0).abs() < 0.15,
                "scale {scale}: {var} vs {expected}"
            );
        }
    }

    #[test]
    fn every_domain_value_has_a_cell_whatever_the_data() {
        let t = tables(&[], 1.0, 2026).unwrap();
        let expected: usize = DP_DIMENSIONS
            .iter()
            .map(|d| match d {
                Dimension::Year => (2026 - FIRST_YEAR as usize + 1) + 1,
                Dimension::Citizenship | Dimension::ExploitationCountry => {
                    Country::all().count() + 1
                }
                _ => d.codes().len() + 1,
            })
            .sum();
        assert_eq!(t.cells.len(), expected);
        assert_eq!(t.scale, 6.0);
        assert!(
            t.cells
                .iter()
                .any(|c| c.dimension == "year" && c.value == "2000")
        );
        assert!(
            t.cells
                .iter()
                .any(|c| c.dimension == "citizenship" && c.value == "unknown")
        );
    }

    #[test]
    fn epsilon_must_be_positive() {
        for e in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(
                matches!(tables(&[], e, 2026), Err(DpError::Epsilon(_))),
                "{e}"
            );
        }
    }
}
