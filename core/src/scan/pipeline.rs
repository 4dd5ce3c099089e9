//! The escalation plan: a cheap first attempt, then other scales and thresholds only while
//! nothing has been found, within a work cap per frame.

use std::borrow::Cow;

use super::ScanError;
use super::binarize::{Threshold, binarize};
use super::decoder::{Found, decode};
use super::frame::GreyImage;
use super::scale::shrink;

/// The image one attempt works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// The working image itself.
    Full,
    /// Shrunk by an integer factor.
    Shrink(usize),
}

impl Scale {
    /// Pixels of a `width`×`height` image at this scale.
    fn pixels(self, width: usize, height: usize) -> usize {
        match self {
            Scale::Full => width * height,
            Scale::Shrink(n) => (width / n.max(1)) * (height / n.max(1)),
        }
    }
}

/// One attempt: a scale and a threshold (each attempt looks for dark-on-light codes, then
/// light-on-dark ones), made only once earlier attempts have located enough finder patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Attempt {
    pub(crate) scale: Scale,
    pub(crate) threshold: Threshold,
    /// Finder patterns of one polarity that some earlier attempt must have located (and yet
    /// read nothing) for this one to be worth its work.
    pub(crate) needs_patterns: usize,
}

impl Attempt {
    const fn new(scale: Scale, threshold: Threshold, needs_patterns: usize) -> Attempt {
        Attempt { scale, threshold, needs_patterns }
    }
}

/// The plan, in the order that measurement on the corpus showed pays best. The local
/// threshold at full size reads most codes. Half size with the global threshold (a quarter of
/// the work) differs from it in both ways: it helps blurred, noisy and large-module codes and
/// codes under a lighting gradient that fools the local threshold (on the corpus it read
/// every code that half size with the local threshold read, and more). The rest wait for
/// evidence of a code that these two could not read. A code has three finder patterns, and
/// one located pattern alone is common in textured scenes with no code (the usual frame
/// while the camera is being aimed), so half size and a third with the local threshold wait
/// for two of one polarity: on the corpus they read nothing the first two attempts missed,
/// and are kept for large-module and noisy codes elsewhere. The global threshold at full
/// size, a whole frame of work, waits for three: on the corpus it only ever read codes whose
/// three finder patterns an earlier attempt had located but could not read.
pub(crate) const PLAN: &[Attempt] = &[
    Attempt::new(Scale::Full, Threshold::Local, 0),
    Attempt::new(Scale::Shrink(2), Threshold::Global, 0),
    Attempt::new(Scale::Shrink(2), Threshold::Local, 2),
    Attempt::new(Scale::Shrink(3), Threshold::Local, 2),
    Attempt::new(Scale::Full, Threshold::Global, 3),
];

/// Work cap per frame, in pixels binarised and searched, as a multiple of the working
/// image's pixels; attempts that would overspend it are skipped.
const WORK_CAP_FRAMES: usize = 6;
/// Absolute work cap per frame in pixels, so a camera preview at 1080p and above spends at
/// most about three full-size attempts on a frame with no code before the next frame arrives.
const WORK_CAP_PIXELS: usize = 6_000_000;
/// Working images of more pixels than this try half size first: a code aimed at fills
/// enough of such a frame to survive halving, and the attempt costs a quarter.
const HALF_FIRST_PIXELS: usize = 1_500_000;

/// The plan for a working image of `pixels`: [`PLAN`], or for large frames the same
/// attempts with the half-size local attempt moved first (and so made unconditionally).
pub(crate) fn plan_for(pixels: usize) -> Vec<Attempt> {
    let mut plan = PLAN.to_vec();
    let half = plan.iter().position(|a| a.scale == Scale::Shrink(2) && a.threshold == Threshold::Local);
    if let (true, Some(i)) = (pixels > HALF_FIRST_PIXELS, half) {
        let half = plan.remove(i);
        plan.insert(0, Attempt { needs_patterns: 0, ..half });
    }
    plan
}

/// A working image side above which the frame is shrunk before the first attempt: a code
/// that needs more than this many pixels across has modules large enough to survive it.
const MAX_WORKING_SIDE: usize = 2_600;

/// Codes found by the plan, in the coordinates of `image`.
pub(crate) fn run(image: &GreyImage) -> Result<Vec<Found>, ScanError> {
    run_counting(image).0
}

/// [`run`], and the work spent in pixels.
fn run_counting(image: &GreyImage) -> (Result<Vec<Found>, ScanError>, usize) {
    let (working, factor) = working_image(image);
    let pixels = working.width * working.height;
    let budget = (pixels * WORK_CAP_FRAMES).min(WORK_CAP_PIXELS.max(pixels));
    let plan = plan_for(pixels);
    let mut spent = 0;
    let mut failure = None;
    let mut scaled: Vec<(Scale, Cow<'_, GreyImage>)> = Vec::new();
    let mut most_patterns = 0;
    for attempt in &plan {
        let cost = attempt.scale.pixels(working.width, working.height);
        if (spent > 0 && spent + cost > budget) || most_patterns < attempt.needs_patterns {
            continue;
        }
        spent += cost;
        let index = match scaled.iter().position(|(s, _)| *s == attempt.scale) {
            Some(index) => index,
            None => {
                let image = match attempt.scale {
                    Scale::Full => Cow::Borrowed(&*working),
                    Scale::Shrink(n) => Cow::Owned(shrink(&working, n)),
                };
                scaled.push((attempt.scale, image));
                scaled.len() - 1
            }
        };
        let (_, image) = &scaled[index];
        // A flat image has no two histogram peaks: nothing to find, not a failure.
        let Ok(binary) = binarize(image, attempt.threshold) else { continue };
        match decode(&binary) {
            Ok(decoded) if !decoded.found.is_empty() => {
                let to_frame = factor * (working.width as f32 / image.width as f32);
                return (Ok(decoded.found.into_iter().map(|f| scale_corners(f, to_frame)).collect()), spent);
            }
            Ok(decoded) => most_patterns = most_patterns.max(decoded.patterns),
            Err(e) => failure = Some(e),
        }
    }
    (failure.map_or(Ok(Vec::new()), Err), spent)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_frames_try_half_size_first_and_small_ones_full_size() {
        assert_eq!(plan_for(640 * 480)[0], PLAN[0]);
        let large = plan_for(1920 * 1080);
        assert_eq!(large[0], Attempt::new(Scale::Shrink(2), Threshold::Local, 0));
        assert_eq!(large.len(), PLAN.len());
    }

    #[test]
    fn a_frame_without_finder_patterns_gets_only_the_unconditional_attempts() {
        let pixels = (0..640 * 480).map(|i| ((i % 640 + i / 640) % 256) as u8).collect();
        let image = GreyImage { width: 640, height: 480, pixels };
        let (found, spent) = run_counting(&image);
        assert!(found.is_ok_and(|found| found.is_empty()));
        let unconditional: usize = PLAN.iter().filter(|a| a.needs_patterns == 0).map(|a| a.scale.pixels(640, 480)).sum();
        assert_eq!(spent, unconditional);
        assert!(unconditional < PLAN.iter().map(|a| a.scale.pixels(640, 480)).sum());
    }

    #[test]
    fn a_blank_4k_frame_stays_within_the_work_cap() {
        let pixels = (0..3840 * 2160).map(|i| (i * 7 % 251) as u8).collect();
        let image = GreyImage { width: 3840, height: 2160, pixels };
        let (found, spent) = run_counting(&image);
        assert!(found.is_ok_and(|found| found.is_empty()));
        assert!(spent <= WORK_CAP_PIXELS, "spent {spent}");
        let spendable: usize = plan_for(3840 * 2160).iter().map(|a| a.scale.pixels(3840, 2160)).sum();
        assert!(spendable > WORK_CAP_PIXELS, "the cap must bind on large frames for this test to mean anything");
    }
}
