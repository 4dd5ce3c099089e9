//! Finder-pattern triples completed from two located patterns, for codes whose third pattern
//! the finder missed: on a photographed screen the pixel grid's moiré or a glare streak often
//! breaks one pattern's 1:1:3:1:1 runs while the other two survive.
//!
//! Two patterns of one code are either the ends of a side (the corner and one neighbour) or
//! the ends of the diagonal. Only the side can be completed for the sampler, which estimates
//! the code's dimension from the corner to a neighbour and so needs the corner located: the
//! missing neighbour lies a side's length from the corner at a right angle, on either side,
//! and either located pattern may be the corner — four candidates per pair. The missing
//! pattern is placed at its estimate with the pair's mean size; the sampled grid and error
//! correction then decide, as for any triple.

use rxing::Point;
use rxing::common::cpp_essentials::ConcentricPattern;
use rxing::qrcode::cpp_port::detector::FinderPatternSet;

use super::triples::in_sampler_order;

/// Largest ratio of the two located patterns' sizes: both belong to one code, seen at one
/// distance (a screen is held roughly facing the camera).
const MAX_SIZE_RATIO: f64 = 1.4;
/// Modules across the smallest and largest QR code, with some room for the estimate.
const MODULES: (f64, f64) = (21.0 * 0.9, 177.0 * 1.1);

/// Triples of `patterns` completed by an estimated third pattern, pairs of most alike size
/// first.
pub(crate) fn completed_sets(patterns: &[ConcentricPattern]) -> Vec<FinderPatternSet> {
    let mut pairs: Vec<(f64, ConcentricPattern, ConcentricPattern)> = Vec::new();
    for (i, a) in patterns.iter().enumerate() {
        for b in &patterns[i + 1..] {
            let (small, large) = (f64::from(a.size.min(b.size)), f64::from(a.size.max(b.size)));
            if small <= 0.0 || large > MAX_SIZE_RATIO * small {
                continue;
            }
            let module = (small + large) / (2.0 * 7.0);
            let modules = f64::from(Point::distance(a.p, b.p)) / module + 7.0;
            if (MODULES.0..=MODULES.1).contains(&modules) {
                pairs.push((large / small, *a, *b));
            }
        }
    }
    pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut sets = Vec::with_capacity(4 * pairs.len());
    for (_, a, b) in pairs {
        for (corner, other) in [(a, b), (b, a)] {
            let side = other.p - corner.p;
            for turn in [1.0, -1.0] {
                let third = ConcentricPattern {
                    p: Point::new(corner.p.x - turn * side.y, corner.p.y + turn * side.x),
                    size: (a.size + b.size) / 2,
                };
                sets.push(in_sampler_order(other, corner, third));
            }
        }
    }
    sets
}

#[cfg(test)]
mod tests {
    use super::super::triples::tests::pattern;
    use super::*;

    #[test]
    fn a_pair_along_a_side_gets_the_missing_neighbour_in_sampler_order() {
        // Top-left and bottom-left of a code 30 modules across, 4 pixels a module.
        let (tl, bl) = (pattern(100.0, 100.0, 28), pattern(100.0, 192.0, 28));
        let sets = completed_sets(&[tl, bl]);
        assert_eq!(sets.len(), 4);
        let tr = pattern(192.0, 100.0, 28);
        assert!(sets.contains(&FinderPatternSet { bl, tl, tr }), "{sets:?}");
        // Every candidate is clockwise: bottom-left, top-left, top-right.
        for set in &sets {
            let (ba, bc) = (set.bl.p - set.tl.p, set.tr.p - set.tl.p);
            assert!(bc.x * ba.y - bc.y * ba.x > 0.0, "{set:?}");
        }
    }

    #[test]
    fn unlike_or_implausibly_placed_pairs_are_not_completed() {
        // Sizes twice apart.
        assert!(completed_sets(&[pattern(0.0, 0.0, 28), pattern(100.0, 0.0, 56)]).is_empty());
        // Closer than the smallest code's finder patterns can be.
        assert!(completed_sets(&[pattern(0.0, 0.0, 28), pattern(30.0, 0.0, 28)]).is_empty());
    }
}
