//! One decode attempt on one black-and-white matrix: rxing's port of zxing-cpp's QR finder,
//! sampler and decoder. A panic inside rxing is caught here and reported as
//! [`ScanError::DecoderFailure`].

use std::panic::{AssertUnwindSafe, catch_unwind};

use rxing::common::cpp_essentials::ConcentricPattern;
use rxing::common::{BitMatrix, DetectorRXingResult};
use rxing::qrcode::cpp_port::decoder::Decode;
use rxing::qrcode::cpp_port::detector::{FindFinderPatterns, GenerateFinderPatternSets, SampleQR};

use super::ScanError;
use super::frame::GreyImage;

/// A code found in one attempt, in that image's pixel coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) text: String,
    pub(crate) corners: Vec<(f32, f32)>,
}

/// Most finder-pattern candidates kept per attempt, largest first. A real frame holds three
/// per code plus some noise; a periodic or adversarial image can hold thousands, and every
/// triple of them would be sampled and error-corrected.
const MAX_FINDER_PATTERNS: usize = 60;
/// Most finder-pattern triples sampled and decoded per attempt (the best-scored come first).
const MAX_PATTERN_SETS: usize = 40;

/// Every QR code found in `matrix` (the binarised `image`): rxing's finder, sampler and
/// decoder, driven here so the work on one matrix is capped.
pub(crate) fn decode(image: &GreyImage, matrix: BitMatrix) -> Result<Vec<Found>, ScanError> {
    debug_assert_eq!((matrix.getWidth() as usize, matrix.getHeight() as usize), (image.width, image.height));
    catch_unwind(AssertUnwindSafe(|| Ok(read(&matrix)))).unwrap_or(Err(ScanError::DecoderFailure))
}

fn read(matrix: &BitMatrix) -> Vec<Found> {
    let mut patterns = FindFinderPatterns(matrix, true, 0);
    if patterns.len() > MAX_FINDER_PATTERNS {
        patterns.sort_by_key(|p| std::cmp::Reverse(p.size));
        patterns.truncate(MAX_FINDER_PATTERNS);
    }
    let mut used: Vec<ConcentricPattern> = Vec::new();
    let mut found = Vec::new();
    for set in GenerateFinderPatternSets(&mut patterns).iter().take(MAX_PATTERN_SETS) {
        if used.contains(&set.bl) || used.contains(&set.tl) || used.contains(&set.tr) {
            continue;
        }
        let Ok(detected) = SampleQR(matrix, set) else { continue };
        let Ok(decoded) = Decode(detected.getBits()) else { continue };
        if !decoded.isValid() {
            continue;
        }
        used.extend([set.bl, set.tl, set.tr]);
        found.push(Found { text: decoded.text(), corners: detected.getPoints().iter().map(|p| (p.x, p.y)).collect() });
    }
    found
}
