//! The part of an image a read code covers, widened by a margin: a finder pattern located
//! there is the code's own, or a look-alike in its data, never the start of another code, so
//! it justifies no more triples and no more attempts.

/// Modules of margin around a read code's outline in which a located pattern still counts as
/// the code's: another code's finder-pattern centre lies 3.5 of its modules inside its own
/// outline, so even a neighbour of similar module size printed edge to edge stays outside.
const MARGIN_MODULES: f32 = 2.0;

/// Whether the point `p` lies inside the code whose outline is `corners` (in any order, as
/// the sampler reports them) and which is `modules` modules across, widened by
/// [`MARGIN_MODULES`]. An outline of fewer than three corners covers nothing.
pub(crate) fn covers(corners: &[(f32, f32)], modules: u32, p: (f32, f32)) -> bool {
    if corners.len() < 3 || modules == 0 {
        return false;
    }
    let count = corners.len() as f32;
    let centre = corners.iter().fold((0.0, 0.0), |(x, y), &(cx, cy)| (x + cx / count, y + cy / count));
    // Moving each corner away from the centre by this factor moves each side out by the margin.
    let widen = 1.0 + 2.0 * MARGIN_MODULES / modules as f32;
    let mut outline: Vec<(f32, f32)> =
        corners.iter().map(|&(x, y)| (centre.0 + (x - centre.0) * widen, centre.1 + (y - centre.1) * widen)).collect();
    outline.sort_by(|a, b| angle(centre, *a).total_cmp(&angle(centre, *b)));
    let side = |a: (f32, f32), b: (f32, f32)| (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
    outline.iter().zip(outline.iter().cycle().skip(1)).all(|(&a, &b)| side(a, b) >= 0.0)
}

/// The direction from `centre` to `p`, in radians.
fn angle(centre: (f32, f32), p: (f32, f32)) -> f32 {
    (p.1 - centre.1).atan2(p.0 - centre.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 21-module code 210 pixels across (10 a module) at (100, 100), corners in the crossing
    /// order a sampler may report: bottom-left, top-left, bottom-right, top-right.
    const CROSSING: [(f32, f32); 4] = [(100.0, 310.0), (100.0, 100.0), (310.0, 310.0), (310.0, 100.0)];

    #[test]
    fn points_inside_a_code_reported_in_crossing_order_are_covered() {
        for p in [(205.0, 205.0), (150.0, 290.0), (290.0, 150.0), (105.0, 105.0)] {
            assert!(covers(&CROSSING, 21, p), "{p:?}");
        }
    }

    #[test]
    fn the_margin_reaches_two_modules_out_and_no_further() {
        assert!(covers(&CROSSING, 21, (85.0, 205.0)));
        assert!(covers(&CROSSING, 21, (205.0, 325.0)));
        // A neighbour printed edge to edge: its finder centre 3.5 modules past the outline.
        assert!(!covers(&CROSSING, 21, (65.0, 205.0)));
        assert!(!covers(&CROSSING, 21, (345.0, 135.0)));
    }

    #[test]
    fn a_degenerate_outline_covers_nothing() {
        assert!(!covers(&CROSSING[..2], 21, (205.0, 205.0)));
        assert!(!covers(&CROSSING, 0, (205.0, 205.0)));
    }
}
