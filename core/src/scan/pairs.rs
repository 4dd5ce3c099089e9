//! Finder-pattern triples completed from two located patterns, for codes whose third pattern
//! the finder missed: on a photographed screen the pixel grid's moiré or a glare streak often
//! breaks one pattern's 1:1:3:1:1 runs while the other two survive, and on a small code
//! rotated near 45° the row scan can miss one pattern that a search started at its centre
//! still finds.
//!
//! Two patterns of one code are either the ends of a side (the corner and one neighbour) or
//! the ends of the diagonal. For a side, the missing neighbour lies a side's length from the
//! corner at a right angle, on either side, and either located pattern may be the corner —
//! four places per pair; for the diagonal, the missing corner lies half the diagonal from its
//! middle at a right angle — two places. First rxing's concentric-pattern locator searches
//! each place and the few points around it (`located_sets`); then, for sides only, the
//! missing pattern is simply placed at its estimate with the pair's mean size
//! (`placed_sets`: the sampler estimates the code's dimension from the corner to a
//! neighbour, so it needs the corner located). The sampled grid and error correction then
//! decide, as for any triple.

use rxing::Point;
use rxing::common::BitMatrix;
use rxing::common::cpp_essentials::ConcentricPattern;
use rxing::qrcode::cpp_port::detector::FinderPatternSet;

use super::binarize::Binary;
use super::finder::{locate, locator_can_confirm};
use super::triples::in_sampler_order;

/// Largest ratio of the two located patterns' sizes: both belong to one code, seen at one
/// distance (a screen is held roughly facing the camera).
const MAX_SIZE_RATIO: f64 = 1.4;
/// Modules across the smallest and largest QR code, with some room for the estimate.
const MODULES: (f64, f64) = (21.0 * 0.9, 177.0 * 1.1);
/// Pairs, most alike in size first, whose missing pattern is searched for: each search is up
/// to six places of five locator calls. One is enough: searching the four most alike read no
/// more codes on the tune sets and the shared corpus, and made the shared corpus's frames
/// whose codes do not read slower.
const MAX_SEARCHED_PAIRS: usize = 1;
/// Points searched around each place, in steps of two modules: the place itself and its
/// four neighbours along the image axes (the four diagonal ones as well read no more codes
/// on the tune sets and made frames without a code about 8 % slower in all).
const SEARCH_OFFSETS: [(f32, f32); 5] = [(0.0, 0.0), (0.0, -1.0), (0.0, 1.0), (-1.0, 0.0), (1.0, 0.0)];
/// Farthest a located pattern may lie from the place searched, in modules: farther, it is
/// some other pattern.
const MAX_MISPLACEMENT_MODULES: f64 = 4.0;

/// Two located patterns alike in size, and their mean module size in pixels.
#[derive(Clone, Copy)]
pub(crate) struct Pair {
    a: ConcentricPattern,
    b: ConcentricPattern,
    module: f64,
}

impl Pair {
    /// Whether the pair can be the ends of one side of a code.
    fn spans_a_side(&self) -> bool {
        (MODULES.0..=MODULES.1).contains(&(f64::from(Point::distance(self.a.p, self.b.p)) / self.module + 7.0))
    }

    /// Whether the pair can be the ends of a code's diagonal.
    fn spans_a_diagonal(&self) -> bool {
        let side = f64::from(Point::distance(self.a.p, self.b.p)) / std::f64::consts::SQRT_2;
        (MODULES.0..=MODULES.1).contains(&(side / self.module + 7.0))
    }

    /// The four places of a missing neighbour when the pair spans a side: for each pattern
    /// as the corner, the other one's position turned a right angle either way about it;
    /// each with the corner and the located neighbour.
    fn side_places(&self) -> [(Point, ConcentricPattern, ConcentricPattern); 4] {
        let (a, b) = (self.a, self.b);
        [(a, b, 1.0), (a, b, -1.0), (b, a, 1.0), (b, a, -1.0)].map(|(corner, other, turn)| {
            let side = other.p - corner.p;
            (Point::new(corner.p.x - turn * side.y, corner.p.y + turn * side.x), corner, other)
        })
    }

    /// The two places of a missing corner when the pair spans the diagonal.
    fn diagonal_places(&self) -> [Point; 2] {
        let (middle, half) = ((self.a.p + self.b.p) / 2.0, (self.b.p - self.a.p) / 2.0);
        [1.0, -1.0].map(|turn| Point::new(middle.x - turn * half.y, middle.y + turn * half.x))
    }

    /// The finder pattern that rxing's locator finds in `matrix` (`binary`'s pixels, or
    /// their inverse) at `place` or one of the points around it, if alike in size to the
    /// pair's and near the place. As in the finder's row scan, the locator's first tests run
    /// on `binary`'s packed words first, which spares most points its ring tracing.
    fn locate_near(&self, binary: &Binary, matrix: &BitMatrix, place: Point) -> Option<ConcentricPattern> {
        let step = (2.0 * self.module) as f32;
        // The width the locator may span in each direction: a pattern's and a half.
        let range = (7.0 * 1.5 * self.module) as i32;
        let mean = (f64::from(self.a.size) + f64::from(self.b.size)) / 2.0;
        SEARCH_OFFSETS.iter().find_map(|&(dx, dy)| {
            let at = Point::new(place.x + dx * step, place.y + dy * step);
            let at = at.floor();
            let worth = matrix.is_in(at) && locator_can_confirm(binary, at.x as usize, at.y as usize, range);
            let found = worth.then(|| locate(matrix, at, range))??;
            let size = f64::from(found.size);
            let alike = size <= 2.0 * mean && 2.0 * size >= mean;
            let near = f64::from(Point::distance(found.p, place)) <= MAX_MISPLACEMENT_MODULES * self.module;
            (alike && near).then_some(found)
        })
    }
}

/// The pairs of `patterns` alike enough in size to be of one code, most alike first: built
/// once per attempt and polarity for both [`located_sets`] and [`placed_sets`].
pub(crate) fn alike_pairs(patterns: &[ConcentricPattern]) -> Vec<Pair> {
    let mut pairs: Vec<(f64, Pair)> = Vec::new();
    for (i, a) in patterns.iter().enumerate() {
        for b in &patterns[i + 1..] {
            let (small, large) = (f64::from(a.size.min(b.size)), f64::from(a.size.max(b.size)));
            if small > 0.0 && large <= MAX_SIZE_RATIO * small {
                pairs.push((large / small, Pair { a: *a, b: *b, module: (small + large) / (2.0 * 7.0) }));
            }
        }
    }
    pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
    pairs.into_iter().map(|(_, pair)| pair).collect()
}

/// Triples whose third pattern rxing's locator found in `matrix` (`binary`'s pixels, or their
/// inverse for light-on-dark patterns) where the first [`MAX_SEARCHED_PAIRS`] of `pairs`
/// ([`alike_pairs`]) put it, along a side or across the diagonal.
pub(crate) fn located_sets(binary: &Binary, matrix: &BitMatrix, pairs: &[Pair]) -> Vec<FinderPatternSet> {
    let mut sets: Vec<FinderPatternSet> = Vec::new();
    let mut add = |set: FinderPatternSet| {
        // Two places of one pair can lead the locator to the same pattern.
        if !sets.contains(&set) {
            sets.push(set);
        }
    };
    for pair in pairs.iter().take(MAX_SEARCHED_PAIRS) {
        if pair.spans_a_side() {
            for (place, corner, other) in pair.side_places() {
                if let Some(third) = pair.locate_near(binary, matrix, place) {
                    add(in_sampler_order(other, corner, third));
                }
            }
        }
        if pair.spans_a_diagonal() {
            for place in pair.diagonal_places() {
                if let Some(corner) = pair.locate_near(binary, matrix, place) {
                    add(in_sampler_order(pair.a, corner, pair.b));
                }
            }
        }
    }
    sets
}

/// Triples completed by a third pattern placed at its estimate along a side of each of
/// `pairs` ([`alike_pairs`]), with the pair's mean size, in the pairs' order.
pub(crate) fn placed_sets(pairs: &[Pair]) -> Vec<FinderPatternSet> {
    pairs
        .iter()
        .filter(|pair| pair.spans_a_side())
        .flat_map(|pair| {
            let size = (pair.a.size + pair.b.size) / 2;
            pair.side_places().map(|(place, corner, other)| in_sampler_order(other, corner, ConcentricPattern { p: place, size }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::triples::tests::pattern;
    use super::*;

    #[test]
    fn a_pair_along_a_side_gets_the_missing_neighbour_in_sampler_order() {
        // Top-left and bottom-left of a code 30 modules across, 4 pixels a module.
        let (tl, bl) = (pattern(100.0, 100.0, 28), pattern(100.0, 192.0, 28));
        let sets = placed_sets(&alike_pairs(&[tl, bl]));
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
    fn a_pair_across_the_diagonal_gets_its_corner_located_only_where_it_is() {
        use super::super::binarize::{Threshold, binarize};
        use super::super::frame::GreyImage;
        // A version-2 code (25 modules), 4 pixels a module, inside 4 modules of quiet zone,
        // rendered with its top-left finder pattern or with that pattern painted over.
        let code = qrcode::QrCode::new(b"https://healthpass.example/located").unwrap();
        let (modules, px, quiet) = (code.width(), 4, 4);
        let side = (modules + 2 * quiet) * px;
        let render = |keep_top_left: bool| {
            let mut pixels = vec![255u8; side * side];
            for (x, y) in (0..modules).flat_map(|x| (0..modules).map(move |y| (x, y))) {
                if code[(x, y)] == qrcode::Color::Dark && (keep_top_left || x > 7 || y > 7) {
                    for (dx, dy) in (0..px).flat_map(|dx| (0..px).map(move |dy| (dx, dy))) {
                        pixels[((quiet + y) * px + dy) * side + (quiet + x) * px + dx] = 0;
                    }
                }
            }
            binarize(&GreyImage { width: side, height: side, pixels: pixels.into() }, Threshold::Global).unwrap()
        };
        // A finder pattern's centre, from its module column and row.
        let at = |mx: f32, my: f32| ((quiet as f32 + mx) * px as f32, (quiet as f32 + my) * px as f32);
        let far = modules as f32 - 3.5;
        let (tr, bl) = (at(far, 3.5), at(3.5, far));
        let (tr, bl) = (pattern(tr.0, tr.1, 7 * px as i32), pattern(bl.0, bl.1, 7 * px as i32));
        let (tl_x, tl_y) = at(3.5, 3.5);
        let whole = render(true);
        let sets = located_sets(&whole, whole.matrix().unwrap(), &alike_pairs(&[tr, bl]));
        assert!(sets.iter().any(|s| s.bl == bl && s.tr == tr && (s.tl.p.x - tl_x).hypot(s.tl.p.y - tl_y) < 2.0), "{sets:?}");
        let without = render(false);
        assert!(located_sets(&without, without.matrix().unwrap(), &alike_pairs(&[tr, bl])).is_empty());
    }

    #[test]
    fn unlike_or_implausibly_placed_pairs_are_not_completed() {
        // Sizes twice apart.
        assert!(placed_sets(&alike_pairs(&[pattern(0.0, 0.0, 28), pattern(100.0, 0.0, 56)])).is_empty());
        // Closer than the smallest code's finder patterns can be.
        assert!(placed_sets(&alike_pairs(&[pattern(0.0, 0.0, 28), pattern(30.0, 0.0, 28)])).is_empty());
    }
}
