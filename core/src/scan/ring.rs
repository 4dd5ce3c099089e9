//! rxing's first ring test on our packed words. Once a finder candidate's runs pass, rxing's
//! pattern locator walks around the candidate's centre square (`CenterOfRing`, first ring),
//! and gives up when the walk strays out of range, runs too long or does not go all the way
//! around. In a textured scene that is where almost every candidate fails, after a walk of
//! hundreds of steps through rxing's generic cursor: on the shared corpus's photos without a
//! code, two thirds of the locator's time. The same walk here, step for step on the bits,
//! tells those candidates apart at a fraction of the cost before the locator is called.

use super::binarize::Binary;

/// The directions from the centre that the walk must all visit, one bit each as rxing marks
/// them (`direction_bit`); the middle bit, the centre itself, stays clear.
const ALL_AROUND: u16 = 0b1_1110_1111;

/// Whether rxing's first-ring walk from pixel `centre` can succeed within `range` pixels:
/// `false` only where it fails. The walk steps down to the first pixel of the other colour,
/// turns right and follows the edge on its right, one pixel at a time, until it is back; it
/// fails when a step leaves the image or lands more than `range` pixels (L-infinity) from the
/// centre or on it, after more than `8 × range` steps, or when the directions it visited do
/// not go all the way around. Colours only ever compare, so the same walk serves dark-on-light
/// and light-on-dark patterns. A first edge at the image border is left to rxing.
pub(crate) fn first_ring_can_close(binary: &Binary, centre: (usize, usize), range: i32) -> bool {
    let (cx, cy) = (centre.0 as isize, centre.1 as isize);
    let range = range as isize;
    let colour = |(x, y): (isize, isize)| {
        (x >= 0 && y >= 0 && (x as usize) < binary.width && (y as usize) < binary.height)
            .then(|| binary.is_dark(x as usize, y as usize))
    };
    let centre_colour = colour((cx, cy));
    let Some(down) = (1..=range).find(|&dy| colour((cx, cy + dy)) != centre_colour) else { return false };
    let start = (cx, cy + down);
    if colour(start).is_none() {
        return true;
    }
    let (mut at, mut heading) = (start, (-1, 0));
    let mut around = 0;
    for steps in 1.. {
        around |= direction_bit(at.0 - cx, at.1 - cy);
        let here = colour(at);
        let edge = |(dx, dy): (isize, isize)| colour((at.0 + dx, at.1 + dy)) != here;
        if !edge(right(heading)) {
            heading = right(heading);
        } else if edge(heading) {
            heading = left(heading);
            if edge(heading) {
                heading = left(heading);
                if edge(heading) {
                    return false;
                }
            }
        }
        at = (at.0 + heading.0, at.1 + heading.1);
        let distance = (at.0 - cx).abs().max((at.1 - cy).abs());
        if colour(at).is_none() || distance > range || distance == 0 || steps > 8 * range {
            return false;
        }
        if at == start {
            break;
        }
    }
    around == ALL_AROUND
}

/// `heading` turned right (clockwise on the image, whose `y` grows downwards).
fn right((dx, dy): (isize, isize)) -> (isize, isize) {
    (-dy, dx)
}

/// `heading` turned left.
fn left((dx, dy): (isize, isize)) -> (isize, isize) {
    (dy, -dx)
}

/// The bit rxing's walk marks for a pixel `(dx, dy)` from the centre: each component divided
/// by the larger one's size and rounded down gives one of nine directions (the middle one
/// for the centre).
fn direction_bit(dx: isize, dy: isize) -> u16 {
    let most = dx.abs().max(dy.abs());
    let rounded = |d: isize| match d {
        _ if most == 0 => 0,
        d if d == most => 1,
        d if d < 0 => -1,
        _ => 0,
    };
    1 << (4 + rounded(dx) + 3 * rounded(dy))
}

#[cfg(test)]
mod tests {
    use rxing::Point;
    use rxing::common::BitMatrix;
    use rxing::common::cpp_essentials::CenterOfRing;

    use super::super::binarize::{Threshold, binarize};
    use super::super::frame::GreyImage;
    use super::*;

    /// Where the walk starts: its first edge below `centre` lies in the image.
    fn starts_inside(matrix: &BitMatrix, (x, y): (u32, u32), range: i32) -> bool {
        let below = (1..=range as u32).find(|&dy| y + dy >= matrix.height() || matrix.get(x, y + dy) != matrix.get(x, y));
        below.is_some_and(|dy| y + dy < matrix.height())
    }

    #[test]
    fn the_walk_fails_exactly_where_rxings_first_ring_fails() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
        let (mut closed, mut open) = (0, 0);
        for photo in ["qrcode-2/1.png", "falsepositives-1/15.webp", "falsepositives-2/03.webp"] {
            let bytes = std::fs::read(corpus.join(photo)).unwrap();
            let (pixels, width, height) = super::super::load_grey(&bytes).unwrap();
            let image = GreyImage { width: width as usize, height: height as usize, pixels: pixels.into() };
            let binary = binarize(&image, Threshold::Local).unwrap();
            let matrix = binary.matrix().unwrap();
            for (x, y) in (0..width).step_by(5).flat_map(|x| (0..height).step_by(7).map(move |y| (x, y))) {
                for range in [9, 40] {
                    let theirs = CenterOfRing(matrix, Point::new(x as f32, y as f32), range, 1, true).is_some();
                    let ours = first_ring_can_close(&binary, (x as usize, y as usize), range);
                    if starts_inside(matrix, (x, y), range) {
                        assert_eq!(ours, theirs, "{photo} at ({x}, {y}) within {range}");
                    } else {
                        assert!(ours || !theirs, "{photo} at ({x}, {y}) within {range}");
                    }
                    (closed, open) = if theirs { (closed + 1, open) } else { (closed, open + 1) };
                }
            }
        }
        assert!(closed > 100 && open > 100, "both outcomes must be compared: {closed} closed, {open} open");
    }
}
