//! The escalation plan: a cheap first attempt, then other scales and thresholds only while
//! nothing has been found, within a work cap per frame.

use std::borrow::Cow;

use rxing::common::BitMatrix;

use super::ScanError;
use super::binarize::{Threshold, binarize};
use super::decoder::{Found, decode};
use super::frame::GreyImage;
use super::scale::{shrink, shrink_two_thirds};

/// The image one attempt works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// The working image itself.
    Full,
    /// Shrunk by an integer factor.
    Shrink(usize),
    /// Shrunk to two thirds.
    TwoThirds,
}

/// One attempt: a scale, a threshold, and whether light-on-dark codes are looked for too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Attempt {
    pub(crate) scale: Scale,
    pub(crate) threshold: Threshold,
    pub(crate) inverted: bool,
}

impl Attempt {
    const fn new(scale: Scale, threshold: Threshold, inverted: bool) -> Attempt {
        Attempt { scale, threshold, inverted }
    }
}

/// The plan, in the order that measurement on the corpus showed pays best: the local
/// threshold at full size reads most codes; half size helps blurred, noisy and large-module
/// codes; the global threshold helps codes under a lighting gradient that fools the local one;
/// inverted (light-on-dark) codes come next; the rest are cheap last tries at other scales.
pub(crate) const PLAN: &[Attempt] = &[
    Attempt::new(Scale::Full, Threshold::Local, false),
    Attempt::new(Scale::Shrink(2), Threshold::Local, false),
    Attempt::new(Scale::Full, Threshold::Global, false),
    Attempt::new(Scale::Full, Threshold::Local, true),
    Attempt::new(Scale::Shrink(2), Threshold::Global, false),
    Attempt::new(Scale::TwoThirds, Threshold::Local, false),
    Attempt::new(Scale::Shrink(3), Threshold::Local, false),
    Attempt::new(Scale::Shrink(2), Threshold::Local, true),
];

/// Work cap per frame, in pixels binarised and searched, as a multiple of the working
/// image's pixels: the plan stops escalating once it is spent.
const WORK_CAP_FRAMES: usize = 6;

/// A working image side above which the frame is shrunk before the first attempt: a code
/// that needs more than this many pixels across has modules large enough to survive it.
const MAX_WORKING_SIDE: usize = 2_600;

/// Codes found by the plan, in the coordinates of `image`.
pub(crate) fn run(image: &GreyImage, plan: &[Attempt]) -> Result<Vec<Found>, ScanError> {
    let (working, factor) = working_image(image);
    let budget = working.width * working.height * WORK_CAP_FRAMES;
    let mut spent = 0;
    let mut failure = None;
    let mut scaled: Vec<(Scale, Cow<'_, GreyImage>)> = Vec::new();
    let mut matrices: Vec<(Scale, Threshold, BitMatrix)> = Vec::new();
    for attempt in plan {
        let index = match scaled.iter().position(|(s, _)| *s == attempt.scale) {
            Some(index) => index,
            None => {
                let image = match attempt.scale {
                    Scale::Full => Cow::Borrowed(&*working),
                    Scale::Shrink(n) => Cow::Owned(shrink(&working, n)),
                    Scale::TwoThirds => Cow::Owned(shrink_two_thirds(&working)),
                };
                scaled.push((attempt.scale, image));
                scaled.len() - 1
            }
        };
        let (_, image) = &scaled[index];
        let cost = image.width * image.height;
        if spent > 0 && spent + cost > budget {
            break;
        }
        spent += cost;
        // The inverted attempt reuses the matrix of the same scale and threshold.
        let cached = matrices.iter().position(|(s, t, _)| *s == attempt.scale && *t == attempt.threshold);
        let mut matrix = match cached {
            Some(i) => matrices[i].2.clone(),
            None => match binarize(image, attempt.threshold) {
                Ok(matrix) => {
                    matrices.push((attempt.scale, attempt.threshold, matrix.clone()));
                    matrix
                }
                // A flat image has no two histogram peaks: nothing to find, not a failure.
                Err(_) => continue,
            },
        };
        if attempt.inverted {
            matrix.flip_self();
        }
        match decode(image, matrix) {
            Ok(found) if !found.is_empty() => {
                let to_frame = factor * (working.width as f32 / image.width as f32);
                return Ok(found.into_iter().map(|f| scale_corners(f, to_frame)).collect());
            }
            Ok(_) => {}
            Err(e) => failure = Some(e),
        }
    }
    failure.map_or(Ok(Vec::new()), Err)
}

/// The image the plan starts from, and the factor from its coordinates to the frame's.
fn working_image(image: &GreyImage) -> (Cow<'_, GreyImage>, f32) {
    let side = image.width.max(image.height);
    if side <= MAX_WORKING_SIDE {
        return (Cow::Borrowed(image), 1.0);
    }
    let factor = side.div_ceil(MAX_WORKING_SIDE);
    (Cow::Owned(shrink(image, factor)), factor as f32)
}

fn scale_corners(found: Found, factor: f32) -> Found {
    Found { text: found.text, corners: found.corners.into_iter().map(|(x, y)| (x * factor, y * factor)).collect() }
}
