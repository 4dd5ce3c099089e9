//! A second grid for a symbol too small for version information (version 6 and below).
//! Where rxing's sampler finds no alignment pattern at the bottom right, it puts that corner
//! where the three finder-pattern centres make a parallelogram unless the symbol looks
//! tilted; zxing-cpp 3 first tries the corner where lines traced along the finder patterns'
//! rings meet, and only then the parallelogram. A symbol that the frame stretches a little
//! more at one side (glare thinning the dark modules there, a slight tilt, a dim blurred
//! frame) is read only with the traced corner, so when rxing's grid reads nothing we sample
//! that one too.

use rxing::Point;
use rxing::common::cpp_essentials::intersect;
use rxing::common::{BitMatrix, DefaultGridSampler, GridSampler, Quadrilateral, SamplerControl};
use rxing::qrcode::cpp_port::detector::{FinderPatternSet, Mod2Pix, TraceLine};

/// Modules across the largest symbol without version information (version 6): above it the
/// sampler reads the version and places its grid by every alignment pattern.
pub(crate) const MAX_MODULES_WITHOUT_VERSION: u32 = 41;

/// Least share of timing-pattern modules (row and column 6 between the finder patterns,
/// alternating dark and light) that a sampled grid must show for the symbol's other grid to
/// be worth sampling: a grid whose corner alone is off keeps most of them (the three finder
/// patterns fix that row and column), while a triple of stray patterns shows about half.
const MIN_TIMING_SHARE: f32 = 0.8;

/// Whether the sampled grid `bits` shows its timing patterns well enough for a grid with
/// another bottom-right corner to be tried: see [`MIN_TIMING_SHARE`].
pub(crate) fn keeps_timing_patterns(bits: &BitMatrix) -> bool {
    let modules = bits.width();
    let along = 8..modules.saturating_sub(8);
    let total = 2 * along.len();
    let held = along.flat_map(|i| [bits.get(i, 6), bits.get(6, i)].map(|dark| dark == (i % 2 == 0))).filter(|&held| held).count();
    total > 0 && held as f32 >= MIN_TIMING_SHARE * total as f32
}

/// The modules of the symbol `modules` across with finder patterns `set`, sampled with its
/// bottom-right corner where the lines along the finder patterns' rings meet, and its corners
/// in pixels; `None` when those lines are not found, that grid leaves the image, or it has
/// the corners `sampled` (the sampler's grid may have used that corner itself).
pub(crate) fn traced_corner_grid(
    matrix: &BitMatrix,
    set: &FinderPatternSet,
    modules: u32,
    sampled: &[Point],
) -> Option<(BitMatrix, [Point; 4])> {
    // The outer and inner edges of the dark ring between each outer pattern and the top-left
    // one, continued to where they meet: the middle of the two crossings.
    let line = |from: Point, edge| TraceLine(matrix, from, set.tl.p, edge);
    let (left_outer, left_inner) = (line(set.bl.p, 2), line(set.bl.p, 3));
    let (top_outer, top_inner) = (line(set.tr.p, 2), line(set.tr.p, 3));
    let corner = (intersect(&left_outer, &top_outer).ok()? + intersect(&left_inner, &top_inner).ok()?) / 2.0;
    if !matrix.is_in(corner) {
        return None;
    }
    // The crossing is the centre of the module three in from the corner, as an alignment
    // pattern's would be.
    let quad = Quadrilateral::from([set.tl.p, set.tr.p, corner, set.bl.p]);
    let transform = Mod2Pix(modules as i32, Point::from((3, 3)), quad).ok()?;
    let whole = SamplerControl { p0: Point::default(), p1: Point::from((modules, modules)), transform };
    let (bits, corners) = DefaultGridSampler.sample_grid(matrix, modules, modules, &[whole]).ok()?;
    let same = corners.len() == sampled.len() && corners.iter().zip(sampled).all(|(a, b)| Point::distance(*a, *b) < 0.5);
    (!same).then_some((bits, corners))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symbol_keeps_its_timing_patterns_and_a_blank_or_shifted_grid_does_not() {
        let code = qrcode::QrCode::new(b"timing").unwrap();
        let size = code.width() as u32;
        // The symbol's modules, sampled `shift` modules to the right (light past its edge).
        let grid = |shift: u32| {
            let mut bits = BitMatrix::new(size, size).unwrap();
            for (x, y) in (0..size).flat_map(|x| (0..size).map(move |y| (x, y))) {
                if x + shift < size && code[((x + shift) as usize, y as usize)] == qrcode::Color::Dark {
                    bits.set(x, y);
                }
            }
            bits
        };
        assert!(keeps_timing_patterns(&grid(0)));
        assert!(!keeps_timing_patterns(&grid(1)));
        assert!(!keeps_timing_patterns(&BitMatrix::new(size, size).unwrap()));
    }
}
