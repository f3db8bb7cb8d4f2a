//! Hotspots: points counted on the H3 grid (Uber's hexagons), at a resolution the caller picks
//! from the map's zoom; `faro-privacy` decides who sees them.

use faro_store::ReportPoint;
use h3o::{CellIndex, LatLng, Resolution};
use std::collections::BTreeMap;

/// The coarsest and finest resolutions the hub draws (about 1,300 km to 3 km across).
pub const RESOLUTIONS: std::ops::RangeInclusive<u8> = 1..=7;

/// One cell of the grid with what fell in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HotCell {
    pub cell: CellIndex,
    pub count: u64,
}

/// Points counted per cell at `resolution` (clamped to [`RESOLUTIONS`]), busiest first.
pub fn hotspots(points: &[ReportPoint], resolution: u8) -> Vec<HotCell> {
    let resolution =
        Resolution::try_from(resolution.clamp(*RESOLUTIONS.start(), *RESOLUTIONS.end()))
            .unwrap_or(Resolution::Three);
    let mut cells: BTreeMap<CellIndex, u64> = BTreeMap::new();
    for p in points {
        // A point outside the globe's range is a data error, not a cell.
        let Ok(at) = LatLng::new(p.lat, p.lon) else {
            continue;
        };
        *cells.entry(at.to_cell(resolution)).or_default() += 1;
    }
    let mut out: Vec<HotCell> = cells
        .into_iter()
        .map(|(cell, count)| HotCell { cell, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.cell.cmp(&b.cell)));
    out
}

impl HotCell {
    /// The cell's outline as (longitude, latitude) pairs, closed (the first point repeated),
    /// counter-clockwise as RFC 7946 wants an exterior ring.
    pub fn outline(&self) -> Vec<(f64, f64)> {
        let mut ring: Vec<(f64, f64)> = self
            .cell
            .boundary()
            .iter()
            .map(|v| (v.lng(), v.lat()))
            .collect();
        if signed_area(&ring) < 0.0 {
            ring.reverse();
        }
        if let Some(first) = ring.first().copied() {
            ring.push(first);
        }
        ring
    }

    /// The cell's centre as (longitude, latitude).
    pub fn centre(&self) -> (f64, f64) {
        let c = LatLng::from(self.cell);
        (c.lng(), c.lat())
    }

    /// The cell's H3 index as its usual hexadecimal text.
    pub fn id(&self) -> String {
        self.cell.to_string()
    }
}

/// Twice the ring's signed area in degrees (positive: counter-clockwise).
fn signed_area(ring: &[(f64, f64)]) -> f64 {
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|((x1, y1), (x2, y2))| x1 * y2 - x2 * y1)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lat: f64, lon: f64) -> ReportPoint {
        ReportPoint { lat, lon }
    }

    #[test]
    fn nearby_points_share_a_cell_and_its_key_sum() {
        let kyiv = [
            point(50.45, 30.52),
            point(50.46, 30.53),
            point(50.44, 30.51),
        ];
        let manila = point(14.6, 120.98);
        let cells = hotspots(
            &[kyiv[0], manila, kyiv[1], kyiv[2], point(f64::NAN, 0.0)],
            4,
        );
        assert_eq!(cells.len(), 2, "{cells:?}");
        assert_eq!((cells[0].count, cells[1].count), (3, 1));
        let finer = hotspots(&kyiv, 7);
        assert!(
            finer.len() >= 2,
            "3 km cells part points a few km apart: {finer:?}"
        );
    }

    #[test]
    fn an_outline_is_a_closed_counter_clockwise_ring_around_its_centre() {
        let cell = hotspots(&[point(-33.9, 18.4)], 3)[0];
        let ring = cell.outline();
        assert_eq!(ring.first(), ring.last());
        assert!(ring.len() >= 7);
        assert!(signed_area(&ring[..ring.len() - 1]) > 0.0);
        let (lon, lat) = cell.centre();
        assert!((lon - 18.4).abs() < 1.0 && (lat + 33.9).abs() < 1.0);
        assert_eq!(cell.id().len(), 15);
    }
}
