//! One decode attempt on one black-and-white image: our finder-pattern scan, then rxing's
//! port of zxing-cpp's pattern grouping, sampler and decoder. A panic inside rxing is caught
//! here and reported as [`ScanError::DecoderFailure`].

use std::panic::{AssertUnwindSafe, catch_unwind};

use rxing::common::cpp_essentials::ConcentricPattern;
use rxing::common::{BitMatrix, DetectorRXingResult};
use rxing::qrcode::cpp_port::detector::{GenerateFinderPatternSets, SampleQR};

use super::ScanError;
use super::binarize::Binary;
use super::finder::{ScannedRows, dark_patterns, light_patterns};
use super::symbol::decode_symbol;

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

/// What one attempt found.
#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    /// The codes read.
    pub(crate) found: Vec<Found>,
    /// Finder patterns located, in the polarity with more of them.
    pub(crate) patterns: usize,
}

/// Every QR code found in `binary`: dark-on-light codes, or when there are none, light-on-dark
/// ones; with the work on each capped.
pub(crate) fn decode(binary: &Binary) -> Result<Decoded, ScanError> {
    catch_unwind(AssertUnwindSafe(|| {
        let rows = ScannedRows::read(binary);
        let dark = dark_patterns(binary, &rows);
        let mut most = dark.len();
        let mut found = read(&binary.matrix, dark);
        if found.is_empty() {
            let (light, inverted) = light_patterns(binary, &rows);
            most = most.max(light.len());
            if let Some(inverted) = inverted {
                found = read(&inverted, light);
            }
        }
        Ok(Decoded { found, patterns: most })
    }))
    .unwrap_or(Err(ScanError::DecoderFailure))
}

/// The codes that the finder `patterns` of `matrix` lead to.
fn read(matrix: &BitMatrix, mut patterns: Vec<ConcentricPattern>) -> Vec<Found> {
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
        let Some(decoded) = decode_symbol(detected.getBits()) else { continue };
        if !decoded.isValid() {
            continue;
        }
        used.extend([set.bl, set.tl, set.tr]);
        found.push(Found { text: decoded.text(), corners: detected.getPoints().iter().map(|p| (p.x, p.y)).collect() });
    }
    found
}
