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
use super::region::covers;
use super::symbol::decode_symbol;
use super::triples::tilted_sets;

/// A code found in one attempt, in that image's pixel coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) text: String,
    pub(crate) corners: Vec<(f32, f32)>,
    /// Modules across the symbol (21 for version 1).
    pub(crate) modules: u32,
}

impl Found {
    /// Whether the finder pattern centred at `p` is this code's own or lies within it.
    pub(crate) fn covers(&self, p: (f32, f32)) -> bool {
        covers(&self.corners, self.modules, p)
    }
}

/// Most finder-pattern candidates kept per attempt and polarity, largest first: a wall of
/// fifty posters in one frame. A periodic or adversarial image can hold thousands, and every
/// triple of them could be sampled and error-corrected; grouping them into triples looks only
/// at each pattern's nearest neighbours, so this many cost little until sampled.
pub(crate) const MAX_FINDER_PATTERNS: usize = 150;
/// Most finder-pattern triples sampled without a code being read, per attempt and polarity
/// (the best-scored come first). On a wall of codes the triples across neighbouring codes
/// score as well as each code's own, so this is well above the codes a frame can hold.
pub(crate) const MAX_FAILED_SETS: usize = 60;
/// Most triples sampled per attempt and polarity: every read uses up three patterns, so
/// reads are bounded by the pattern cap and failures by their own.
#[cfg(test)]
pub(crate) const MAX_SAMPLED_SETS: usize = MAX_FAILED_SETS + MAX_FINDER_PATTERNS / 3;

/// What one attempt found.
#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    /// The codes read.
    pub(crate) found: Vec<Found>,
    /// Centres of the finder patterns located but not part of a code read, in the polarity
    /// with more of them: evidence of codes still unread.
    pub(crate) unread: Vec<(f32, f32)>,
    /// Finder-pattern triples sampled, both polarities together.
    pub(crate) sampled: usize,
}

/// Every QR code found in `binary`: dark-on-light codes, or when there are none, light-on-dark
/// ones; with the work on each capped.
pub(crate) fn decode(binary: &Binary) -> Result<Decoded, ScanError> {
    catch_unwind(AssertUnwindSafe(|| {
        let rows = ScannedRows::read(binary);
        let dark = read(&binary.matrix, dark_patterns(binary, &rows));
        if dark.found.is_empty() {
            let (light, inverted) = light_patterns(binary, &rows);
            let light = match inverted {
                Some(inverted) => read(&inverted, light),
                None => Reading { found: Vec::new(), unread: Vec::new(), sampled: 0 },
            };
            let sampled = dark.sampled + light.sampled;
            // Light-on-dark codes read, or else the polarity with more evidence of a code.
            let more = if !light.found.is_empty() || light.unread.len() > dark.unread.len() { light } else { dark };
            return Ok(Decoded { found: more.found, unread: more.unread, sampled });
        }
        Ok(Decoded { found: dark.found, unread: dark.unread, sampled: dark.sampled })
    }))
    .unwrap_or(Err(ScanError::DecoderFailure))
}

/// The codes of one polarity, the pattern centres they left unused, and the triples sampled.
struct Reading {
    found: Vec<Found>,
    unread: Vec<(f32, f32)>,
    sampled: usize,
}

/// The codes that the finder `patterns` of `matrix` lead to: rxing's triples first, then
/// those of tilted codes (`triples.rs`), within one cap on failed triples. A triple with a pattern inside a
/// code already read is not sampled: it is that code again, or the code and a stray.
fn read(matrix: &BitMatrix, mut patterns: Vec<ConcentricPattern>) -> Reading {
    if patterns.len() > MAX_FINDER_PATTERNS {
        patterns.sort_by_key(|p| std::cmp::Reverse(p.size));
        patterns.truncate(MAX_FINDER_PATTERNS);
    }
    let mut used: Vec<ConcentricPattern> = Vec::new();
    let mut found = Vec::new();
    let (mut sampled, mut failed) = (0, 0);
    let square = GenerateFinderPatternSets(&mut patterns);
    let tilted = tilted_sets(&patterns, &square);
    for set in square.into_iter().chain(tilted) {
        if failed >= MAX_FAILED_SETS {
            break;
        }
        let read_before = |p: &ConcentricPattern| used.contains(p) || found.iter().any(|f: &Found| f.covers((p.p.x, p.p.y)));
        if [&set.bl, &set.tl, &set.tr].into_iter().any(read_before) {
            continue;
        }
        sampled += 1;
        failed += 1;
        let Ok(detected) = SampleQR(matrix, &set) else { continue };
        let Some(decoded) = decode_symbol(detected.getBits()) else { continue };
        if !decoded.isValid() {
            continue;
        }
        failed -= 1;
        used.extend([set.bl, set.tl, set.tr]);
        let corners = detected.getPoints().iter().map(|p| (p.x, p.y)).collect();
        found.push(Found { text: decoded.text(), corners, modules: detected.getBits().width() });
    }
    let unread = patterns
        .iter()
        .filter(|p| !used.contains(p))
        .map(|p| (p.p.x, p.p.y))
        .filter(|&p| !found.iter().any(|f| f.covers(p)))
        .collect();
    Reading { found, unread, sampled }
}
