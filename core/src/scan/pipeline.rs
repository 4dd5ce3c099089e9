//! The escalation plan: a cheap first attempt, then other scales and thresholds only while
//! located finder patterns lie outside every code read so far, within a work cap per frame.

use std::borrow::Cow;

use super::ScanError;
use super::binarize::{Threshold, binarize};
use super::contrast::stretched;
use super::decoder::{Found, MAX_FAILED_SETS, Polarity, Unread, decode};
use super::frame::GreyImage;
use super::scale::shrink;
use super::smooth::box_mean;

/// The image one attempt works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// The working image itself.
    Full,
    /// Shrunk by an integer factor.
    Shrink(usize),
    /// The working image smoothed by a 5×5 box mean (`smooth.rs`): screens' pixel grids.
    Smoothed,
}

impl Scale {
    /// Pixels of a `width`×`height` image at this scale.
    fn pixels(self, width: usize, height: usize) -> usize {
        match self {
            Scale::Full | Scale::Smoothed => width * height,
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
    /// Finder patterns of one polarity that some earlier attempt must have located outside
    /// every code read so far for this one to be worth its work.
    pub(crate) needs_patterns: usize,
    /// Whether, while no code has been read, each of those patterns must have been located by
    /// two attempts (at another scale or threshold, within half its size): a code's finder
    /// patterns are found again across scales, while a textured scene's lookalikes are each
    /// an accident of one. Once a code was read the frame is no textured scene without a
    /// code, and patterns no code explains are likely another code's.
    pub(crate) needs_corroboration: bool,
    /// Whether the attempt is skipped once some code was read: the smoothed attempt is for a
    /// code on a screen, which is shown alone, and on a wall of codes it would only repeat the
    /// full-size work on every unread neighbour.
    pub(crate) only_before_a_read: bool,
    /// Most finder-pattern triples sampled without a code being read, per polarity.
    pub(crate) max_failed_sets: usize,
}

impl Attempt {
    const fn new(scale: Scale, threshold: Threshold, needs_patterns: usize) -> Attempt {
        Attempt {
            scale,
            threshold,
            needs_patterns,
            needs_corroboration: false,
            only_before_a_read: false,
            max_failed_sets: MAX_FAILED_SETS,
        }
    }

    /// This attempt, made before a read only on patterns located by two attempts.
    const fn on_corroborated_patterns(self) -> Attempt {
        Attempt { needs_corroboration: true, ..self }
    }

    /// This attempt, sampling at most `max_failed_sets` triples that read nothing.
    const fn with_failed_sets(self, max_failed_sets: usize) -> Attempt {
        Attempt { max_failed_sets, ..self }
    }

    /// This attempt, skipped once some code was read.
    const fn only_before_a_read(self) -> Attempt {
        Attempt { only_before_a_read: true, ..self }
    }
}

/// The plan, in the order that measurement on the corpus showed pays best. The local
/// threshold at full size reads most codes. Half size with the global threshold (a quarter of
/// the work) differs from it in both ways: it helps blurred, noisy and large-module codes and
/// codes under a lighting gradient that fools the local threshold (on the corpus it read
/// every code that half size with the local threshold read, and more). A quarter size with
/// the local threshold (a sixteenth of the work, made from the half-size image, on every
/// frame where nothing was read yet) averages a photographed screen's pixel grid and a damaged
/// code's specks away: on the synthetic sets of tune seeds 7, 11, 23 and 31 it read 8 more
/// screen codes (93 → 101 of 120) and 5 more damaged ones (104 → 109), because the grid or
/// the damage often breaks every finder pattern at full and half size. The rest wait for
/// evidence of a code that these could not read. A code has three finder patterns, and one
/// located pattern alone is common in textured scenes with no code (the usual frame while the
/// camera is being aimed), so half size with the local threshold waits for two of one
/// polarity: it reads blurred and tilted codes the first attempts missed (12 on tune seeds 7
/// to 53). A third size with the local threshold, made on the same evidence, read no code
/// that the other attempts missed on those seeds, on seeds 61 and 67 or on the corpus, and
/// cost the slowest photos without a code a tenth of their time, so it went. The global
/// threshold at full size, a whole frame of work, waits for three: on the corpus it only ever
/// read codes whose three finder patterns an earlier attempt had located but could not read.
/// The smoothed full-size attempt (a photographed screen's pixel grid averaged away at full
/// resolution, or a thin scratch across a finder pattern) waits for two located patterns that
/// two attempts agree on: one stray is common in photos without a code, and textured ones show
/// pairs too, each at one scale only. Once the pair search (`pairs.rs`) read most screen codes
/// it first served, it read 2 codes on tune seeds 7, 11, 23 and 31 (a scratched code and one
/// whose corner overlaps a shape), both with corroborated pairs; without corroboration it ran
/// on the five slowest of the shared corpus's photos without a code, and on later tune seeds 41
/// and 53 read one screen code more (on the evidence of one quarter-size triple; zxing-cpp
/// reads neither it). It comes before the global threshold at full size so that large frames'
/// work cap leaves room for it, and keeps the local threshold's stronger edge floor
/// (`Threshold::LocalStrongEdges`), which ignores what is left of the grid. The full size
/// again with zxing-cpp's mid-range local threshold (`Threshold::MidRange`) keeps apart the
/// modules of blurred codes and of strongly tilted codes' far sides, which the mean threshold
/// merges: made on one pattern that two attempts located, it read 7 more codes on tune seeds 7
/// to 53 (perspective +3, walls +2), 3 more on seeds 61 and 67, and never runs on the shared
/// corpus's photos without a code, none of which shows such a pattern. As the first full-size
/// attempt instead of the mean threshold it read 18 fewer. On a wall of codes, once one was
/// read, it waits for two patterns that no code explains, corroborated or not: that read 4
/// more wall codes on tune seeds 31, 41, 61 and held-out 1017, at 8 % more work on the walls
/// of seeds 7 and 41 (the median 3 %).
pub(crate) const PLAN: &[Attempt] = &[
    Attempt::new(Scale::Full, Threshold::Local, 0),
    Attempt::new(Scale::Shrink(2), Threshold::Global, 0),
    Attempt::new(Scale::Shrink(2), Threshold::Local, 2),
    Attempt::new(Scale::Shrink(4), Threshold::Local, 0).with_failed_sets(QUARTER_SIZE_FAILED_SETS),
    Attempt::new(Scale::Smoothed, Threshold::LocalStrongEdges, 2).only_before_a_read().on_corroborated_patterns(),
    Attempt::new(Scale::Full, Threshold::MidRange, 1).on_corroborated_patterns(),
    Attempt::new(Scale::Full, Threshold::Global, 3),
];

/// Most triples the quarter-size attempt samples without reading a code: it is made without
/// located patterns as evidence, and at a quarter size a textured scene's blobs pass for
/// finder patterns, so its own cap keeps a photo without a code from spending
/// [`MAX_FAILED_SETS`] samplings there (caps of 2 and 4 read the same codes on the tune sets).
const QUARTER_SIZE_FAILED_SETS: usize = 4;

/// Work cap per frame, in pixels binarised and searched, as a multiple of the working
/// image's pixels; attempts that would overspend it are skipped.
const WORK_CAP_FRAMES: usize = 6;
/// Absolute work cap per frame in pixels, so a camera preview at 1080p and above spends at
/// most about three full-size attempts on a frame with no code before the next frame arrives.
const WORK_CAP_PIXELS: usize = 6_000_000;
/// Least work cap per frame, as a multiple of the working image's pixels, whatever
/// [`WORK_CAP_PIXELS`] says: a large frame tries both half sizes (half a frame of work) before
/// the full-size attempt (a whole frame), which that cap alone kept from a still photo of 4 to
/// 5 megapixels (2592×1944 is just under [`MAX_WORKING_SIDE`]), whose small codes then went
/// unread at half size.
const MIN_WORK_CAP_FRAMES: usize = 2;
/// Working images of more pixels than this try half size first: a code aimed at fills
/// enough of such a frame to survive halving, and each half-size attempt costs a quarter.
const HALF_FIRST_PIXELS: usize = 1_500_000;

/// The plan for a working image of `pixels`: [`PLAN`], or for large frames the same
/// attempts with both half-size ones first (local, then global; both made unconditionally)
/// and the rest in [`PLAN`]'s order. A 1080p frame whose code half size reads with the
/// global threshold then skips the full-size local attempt, four times the work.
pub(crate) fn plan_for(pixels: usize) -> Vec<Attempt> {
    if pixels <= HALF_FIRST_PIXELS {
        return PLAN.to_vec();
    }
    let (mut plan, rest): (Vec<Attempt>, Vec<Attempt>) = PLAN.iter().partition(|a| a.scale == Scale::Shrink(2));
    plan.sort_by_key(|a| a.threshold != Threshold::Local);
    plan.iter_mut().for_each(|a| a.needs_patterns = 0);
    plan.extend(rest);
    plan
}

/// A working image side above which the frame is shrunk before the first attempt: a code
/// that needs more than this many pixels across has modules large enough to survive it.
const MAX_WORKING_SIDE: usize = 2_600;

/// Codes found by the plan, in the coordinates of `image`.
pub(crate) fn run(image: &GreyImage<'_>) -> Result<Vec<Found>, ScanError> {
    run_counting(image).0
}

/// Finder patterns not explained by a code read that justify an attempt once some code was
/// read: one stray pattern is common in a textured scene, two are the start of another code.
const MORE_CODES_PATTERNS: usize = 2;

/// The work one frame took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Work {
    /// Pixels binarised and searched.
    pixels: usize,
    /// Finder-pattern triples sampled and decoded.
    sampled: usize,
    /// Attempts made.
    attempts: usize,
}

/// [`run`], and the work spent.
fn run_counting(image: &GreyImage<'_>) -> (Result<Vec<Found>, ScanError>, Work) {
    let (working, factor) = working_image(image);
    let working = stretched(&working).map_or(working, Cow::Owned);
    let pixels = working.width * working.height;
    let budget = (pixels * WORK_CAP_FRAMES).min(WORK_CAP_PIXELS.max(pixels * MIN_WORK_CAP_FRAMES));
    let plan = plan_for(pixels);
    let mut work = Work::default();
    let mut failure = None;
    let mut scaled: Vec<(Scale, Cow<'_, GreyImage>)> = Vec::new();
    // Codes read so far, and each attempt's unread finder patterns, in working-image pixels.
    let mut found: Vec<Found> = Vec::new();
    let mut unread: Vec<(Polarity, Vec<Unread>)> = Vec::new();
    for attempt in &plan {
        let cost = attempt.scale.pixels(working.width, working.height);
        let needs = if found.is_empty() { attempt.needs_patterns } else { attempt.needs_patterns.max(MORE_CODES_PATTERNS) };
        let after_a_read = attempt.only_before_a_read && !found.is_empty();
        // An attempt made on evidence looks for codes of the evidence's polarity only.
        let corroborated_only = attempt.needs_corroboration && found.is_empty();
        let evidence = |p| unexplained(&unread, &found, p, corroborated_only) >= needs;
        let only = if needs == 0 {
            None
        } else {
            match [Polarity::DarkOnLight, Polarity::LightOnDark].map(evidence) {
                [true, false] => Some(Polarity::DarkOnLight),
                [false, true] => Some(Polarity::LightOnDark),
                [true, true] => None,
                [false, false] => continue,
            }
        };
        if (work.pixels > 0 && work.pixels + cost > budget) || after_a_read {
            continue;
        }
        work.pixels += cost;
        work.attempts += 1;
        let index = match scaled.iter().position(|(s, _)| *s == attempt.scale) {
            Some(index) => index,
            None => {
                let image = match attempt.scale {
                    Scale::Full => Cow::Borrowed(&*working),
                    // A quarter size halves the half-size image when that was made already.
                    Scale::Shrink(n) => match scaled.iter().find(|(s, _)| n % 2 == 0 && *s == Scale::Shrink(n / 2)) {
                        Some((_, half)) => Cow::Owned(shrink(half, 2)),
                        None => Cow::Owned(shrink(&working, n)),
                    },
                    Scale::Smoothed => Cow::Owned(box_mean(&working)),
                };
                scaled.push((attempt.scale, image));
                scaled.len() - 1
            }
        };
        let (_, image) = &scaled[index];
        // A flat image has no two histogram peaks: nothing to find, not a failure.
        let Ok(binary) = binarize(image, attempt.threshold) else { continue };
        match decode(&binary, attempt.max_failed_sets, only) {
            Ok(decoded) => {
                work.sampled += decoded.sampled;
                let to_working = working.width as f32 / image.width as f32;
                for code in decoded.found {
                    if !found.iter().any(|f| f.text == code.text) {
                        found.push(scale_corners(code, to_working));
                    }
                }
                let patterns = decoded
                    .unread
                    .into_iter()
                    .map(|p| Unread { centre: (p.centre.0 * to_working, p.centre.1 * to_working), size: p.size * to_working })
                    .collect();
                unread.push((decoded.unread_polarity, patterns));
            }
            Err(e) => failure = Some(e),
        }
    }
    if found.is_empty() {
        return (failure.map_or(Ok(Vec::new()), Err), work);
    }
    (Ok(found.into_iter().map(|f| scale_corners(f, factor)).collect()), work)
}

/// The most finder patterns of `polarity` that one attempt located and that lie in none of
/// the codes read by any attempt (nor near one); when `corroborated`, only those that another
/// attempt located too.
fn unexplained(unread: &[(Polarity, Vec<Unread>)], found: &[Found], polarity: Polarity, corroborated: bool) -> usize {
    let explained = |p: &Unread| found.iter().any(|f| f.covers(p.centre));
    let of_polarity = || unread.iter().enumerate().filter(|(_, (p, _))| *p == polarity);
    let seen_again = |i: usize, p: &Unread| of_polarity().any(|(j, (_, others))| j != i && others.iter().any(|q| p.near(q)));
    of_polarity()
        .map(|(i, (_, patterns))| patterns.iter().filter(|p| !explained(p) && (!corroborated || seen_again(i, p))).count())
        .max()
        .unwrap_or(0)
}

/// The image the plan starts from, and the factor from its coordinates to the frame's.
fn working_image<'i>(image: &'i GreyImage<'_>) -> (Cow<'i, GreyImage<'i>>, f32) {
    let side = image.width.max(image.height);
    if side <= MAX_WORKING_SIDE {
        return (Cow::Borrowed(image), 1.0);
    }
    let factor = side.div_ceil(MAX_WORKING_SIDE);
    (Cow::Owned(shrink(image, factor)), factor as f32)
}

fn scale_corners(found: Found, factor: f32) -> Found {
    Found { corners: found.corners.into_iter().map(|(x, y)| (x * factor, y * factor)).collect(), ..found }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_frames_try_both_half_sizes_first_and_small_ones_full_size() {
        assert_eq!(plan_for(640 * 480), PLAN);
        let large = plan_for(1920 * 1080);
        assert_eq!(
            large[..3],
            [
                Attempt::new(Scale::Shrink(2), Threshold::Local, 0),
                Attempt::new(Scale::Shrink(2), Threshold::Global, 0),
                Attempt::new(Scale::Full, Threshold::Local, 0),
            ]
        );
        assert_eq!(large.len(), PLAN.len());
        assert!(PLAN.iter().all(|a| large.iter().any(|b| b.scale == a.scale && b.threshold == a.threshold)));
    }

    #[test]
    fn corroborated_patterns_are_those_another_attempt_located_too() {
        let seen = |centres: &[(f32, f32)]| centres.iter().map(|&centre| Unread { centre, size: 20.0 }).collect::<Vec<_>>();
        let dark = Polarity::DarkOnLight;
        // Two attempts agree on two patterns (within half a pattern) and not on a third.
        let unread =
            vec![(dark, seen(&[(100.0, 100.0), (300.0, 100.0), (500.0, 400.0)])), (dark, seen(&[(104.0, 97.0), (296.0, 105.0)]))];
        assert_eq!(unexplained(&unread, &[], dark, false), 3);
        assert_eq!(unexplained(&unread, &[], dark, true), 2);
        assert_eq!(unexplained(&unread, &[], Polarity::LightOnDark, false), 0);
        // Patterns of one attempt only, however many, corroborate nothing; nor do another
        // polarity's patterns at the same places.
        let alone = vec![(dark, seen(&[(100.0, 100.0), (300.0, 100.0), (100.0, 300.0)])), (dark, seen(&[(400.0, 400.0)]))];
        assert_eq!(unexplained(&alone, &[], dark, true), 0);
        let other = vec![
            (dark, seen(&[(100.0, 100.0), (300.0, 100.0)])),
            (Polarity::LightOnDark, seen(&[(100.0, 100.0), (300.0, 100.0)])),
        ];
        assert_eq!(unexplained(&other, &[], dark, true), 0);
    }

    #[test]
    fn a_frame_without_finder_patterns_gets_only_the_unconditional_attempts() {
        let pixels: Vec<u8> = (0..640 * 480).map(|i| ((i % 640 + i / 640) % 256) as u8).collect();
        let image = GreyImage { width: 640, height: 480, pixels: pixels.into() };
        let (found, work) = run_counting(&image);
        assert!(found.is_ok_and(|found| found.is_empty()));
        let unconditional: usize = PLAN.iter().filter(|a| a.needs_patterns == 0).map(|a| a.scale.pixels(640, 480)).sum();
        assert_eq!(work.pixels, unconditional);
        assert!(unconditional < PLAN.iter().map(|a| a.scale.pixels(640, 480)).sum());
    }

    #[test]
    fn a_blank_4k_frame_stays_within_the_work_cap() {
        let pixels: Vec<u8> = (0..3840 * 2160).map(|i| (i * 7 % 251) as u8).collect();
        let image = GreyImage { width: 3840, height: 2160, pixels: pixels.into() };
        let (found, work) = run_counting(&image);
        assert!(found.is_ok_and(|found| found.is_empty()));
        assert!(work.pixels <= WORK_CAP_PIXELS, "spent {work:?}");
        let spendable: usize = plan_for(3840 * 2160).iter().map(|a| a.scale.pixels(3840, 2160)).sum();
        assert!(spendable > WORK_CAP_PIXELS, "the cap must bind on large frames for this test to mean anything");
    }

    #[test]
    fn a_blank_five_megapixel_frame_spends_at_most_two_frames_and_gets_its_full_size_attempt() {
        // 2592×1944 is just under the working-side limit, so the frame is not shrunk: both
        // half sizes come first, then the full size, which the absolute cap alone left out.
        let (width, height) = (2592, 1944);
        let pixels: Vec<u8> = (0..width * height).map(|i| (i * 7 % 251) as u8).collect();
        let (found, work) = run_counting(&GreyImage { width, height, pixels: pixels.into() });
        assert!(found.is_ok_and(|found| found.is_empty()));
        assert!(work.pixels <= MIN_WORK_CAP_FRAMES * width * height, "spent {work:?}");
        assert!(work.pixels > WORK_CAP_PIXELS, "the full-size attempt must fit: {work:?}");
    }

    #[test]
    fn patterns_of_a_code_read_start_no_more_attempts() {
        // A corpus photo as a 720p frame: the first attempt locates two of the code's finder
        // patterns without reading it, the second reads it; those two lie inside it (the
        // sampler reports the corners in crossing order here), so nothing more is tried.
        let photo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/qrcode-1/13.webp");
        let frame = image::open(photo).unwrap().resize_to_fill(1280, 720, image::imageops::FilterType::Triangle);
        let image = GreyImage { width: 1280, height: 720, pixels: frame.into_luma8().into_raw().into() };
        let (found, work) = run_counting(&image);
        assert_eq!(found.unwrap().len(), 1);
        assert_eq!(work.attempts, 2, "{work:?}");
    }

    #[test]
    fn a_frame_tiled_with_finder_patterns_samples_a_bounded_number_of_triples() {
        use super::super::decoder::{MAX_FAILED_SETS, MAX_FINDER_PATTERNS, MAX_SAMPLED_SETS};
        // Finder patterns (7 modules) every 16 modules, 2 pixels a module: hundreds of
        // patterns whose neighbours make right-angled triples of a plausible code's size.
        let (width, height, module, period) = (640, 480, 2, 16);
        let finder = |mx: usize, my: usize| {
            let ring = mx.abs_diff(3).max(my.abs_diff(3));
            mx < 7 && my < 7 && ring != 2
        };
        let pixels: Vec<u8> = (0..width * height)
            .map(|i| {
                let (mx, my) = ((i % width) / module % period, (i / width) / module % period);
                if finder(mx, my) { 0 } else { 255 }
            })
            .collect();
        let tiles = (width / module / period) * (height / module / period);
        assert!(tiles > MAX_FINDER_PATTERNS, "more patterns than one attempt keeps: {tiles}");
        let image = GreyImage { width, height, pixels: pixels.into() };
        let (found, work) = run_counting(&image);
        assert!(found.is_ok_and(|found| found.is_empty()));
        assert!(work.sampled <= work.attempts * 2 * MAX_SAMPLED_SETS, "{work:?}");
        assert!(work.sampled >= MAX_FAILED_SETS, "the cap must bind for this test to mean anything: {work:?}");
    }
}
