//! One decode attempt on one black-and-white image: our finder-pattern scan, then rxing's
//! port of zxing-cpp's pattern grouping, sampler and decoder, with a second grid for small
//! symbols (`corner.rs`). A panic inside rxing is caught here and reported as
//! [`ScanError::DecoderFailure`].

use std::panic::{AssertUnwindSafe, catch_unwind};

use rxing::Point;
use rxing::common::cpp_essentials::{ConcentricPattern, DecoderResult};
use rxing::common::{BitMatrix, DetectorRXingResult};
use rxing::qrcode::cpp_port::detector::{FinderPatternSet, GenerateFinderPatternSets, SampleQR};

use super::ScanError;
use super::binarize::Binary;
use super::corner::{MAX_MODULES_WITHOUT_VERSION, keeps_timing_patterns, traced_corner_grid};
use super::finder::{ScannedRows, dark_patterns, light_patterns};
use super::pairs::{alike_pairs, located_sets, placed_sets};
use super::region::covers;
use super::symbol::{decode_as_printed, decode_symbol};
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
/// Most tilted triples (`triples.rs`) sampled without a code being read, per attempt and
/// polarity, within [`MAX_FAILED_SETS`]: a tilted code's own triple scores among the first, while
/// a wall of codes offers dozens of wide-angled triples across neighbours.
pub(crate) const MAX_FAILED_TILTED_SETS: usize = 8;
/// Most triples completed from two patterns with the third located near where the pair puts
/// it (`pairs.rs`) sampled without a code being read, per attempt and polarity, within
/// [`MAX_FAILED_SETS`]. Their own cap, so that they cannot use up the placed triples' below
/// (sharing one cap lost a corpus code read by a placed triple); a cap of 8 read no more
/// codes on the tune sets and the shared corpus than 2, and sampled more triples on frames
/// whose codes do not read.
pub(crate) const MAX_FAILED_LOCATED_SETS: usize = 2;
/// Most triples completed from two patterns with the third placed at its estimate
/// (`pairs.rs`) sampled without a code being read, per attempt and polarity, within
/// [`MAX_FAILED_SETS`]: each pair gives four.
pub(crate) const MAX_FAILED_COMPLETED_SETS: usize = 8;
/// Most triples sampled per attempt and polarity: every read uses up three patterns, so
/// reads are bounded by the pattern cap and failures by their own.
#[cfg(test)]
pub(crate) const MAX_SAMPLED_SETS: usize = MAX_FAILED_SETS + MAX_FINDER_PATTERNS / 3;

/// The colours of a code: dark modules on light (the usual print) or light on dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Polarity {
    DarkOnLight,
    LightOnDark,
}

/// A finder pattern located but not part of a code read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unread {
    /// Its centre, in the attempt's pixels.
    pub(crate) centre: (f32, f32),
    /// Its width across, in the same pixels.
    pub(crate) size: f32,
}

impl Unread {
    /// Whether `other` is the same pattern: centres within half the larger one's size.
    pub(crate) fn near(&self, other: &Unread) -> bool {
        let (dx, dy) = (self.centre.0 - other.centre.0, self.centre.1 - other.centre.1);
        (dx * dx + dy * dy).sqrt() <= self.size.max(other.size) / 2.0
    }
}

/// What one attempt found.
#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    /// The codes read.
    pub(crate) found: Vec<Found>,
    /// Centres of the finder patterns located but not part of a code read, in the polarity
    /// with more of them: evidence of codes still unread.
    pub(crate) unread: Vec<Unread>,
    /// The polarity of `unread`.
    pub(crate) unread_polarity: Polarity,
    /// Finder-pattern triples sampled, both polarities together.
    pub(crate) sampled: usize,
}

/// Every QR code found in `binary`: dark-on-light codes, or when there are none, light-on-dark
/// ones (of `only` polarity, when given); with the work on each capped, at most `max_failed`
/// triples (at most [`MAX_FAILED_SETS`]) sampled without a code being read in each.
pub(crate) fn decode(binary: &Binary, max_failed: usize, only: Option<Polarity>) -> Result<Decoded, ScanError> {
    let max_failed = max_failed.min(MAX_FAILED_SETS);
    catch_unwind(AssertUnwindSafe(|| {
        let rows = ScannedRows::read(binary);
        // rxing's matrix is made only once a candidate needs it (`Binary::matrix`).
        let dark = if only == Some(Polarity::LightOnDark) { Vec::new() } else { dark_patterns(binary, &rows) };
        let dark = if dark.is_empty() {
            Ok(Reading::default())
        } else {
            binary.matrix().map(|matrix| read(binary, matrix, dark, max_failed))
        };
        let Ok(dark) = dark else { return Err(ScanError::DecoderFailure) };
        if dark.found.is_empty() && only != Some(Polarity::DarkOnLight) {
            let (light, inverted) = light_patterns(binary, &rows);
            let light = match inverted {
                Some(inverted) => read(binary, &inverted, light, max_failed),
                None => Reading::default(),
            };
            let sampled = dark.sampled + light.sampled;
            // Light-on-dark codes read, or else the polarity with more evidence of a code.
            let (more, polarity) = if !light.found.is_empty() || light.unread.len() > dark.unread.len() {
                (light, Polarity::LightOnDark)
            } else {
                (dark, Polarity::DarkOnLight)
            };
            return Ok(Decoded { found: more.found, unread: more.unread, unread_polarity: polarity, sampled });
        }
        Ok(Decoded { found: dark.found, unread: dark.unread, unread_polarity: Polarity::DarkOnLight, sampled: dark.sampled })
    }))
    .unwrap_or(Err(ScanError::DecoderFailure))
}

/// The codes of one polarity, the pattern centres they left unused, and the triples sampled.
#[derive(Default)]
struct Reading {
    found: Vec<Found>,
    unread: Vec<Unread>,
    sampled: usize,
}

/// The codes that the finder `patterns` of `matrix` lead to: rxing's triples first, then
/// those of tilted codes (`triples.rs`) among the patterns no code read has used, then those
/// completed from two of them with a third located, then placed (`pairs.rs`), within one cap
/// on failed triples (`max_failed`) and smaller ones on failed tilted, located and placed
/// triples.
fn read(binary: &Binary, matrix: &BitMatrix, mut patterns: Vec<ConcentricPattern>, max_failed: usize) -> Reading {
    if patterns.len() > MAX_FINDER_PATTERNS {
        patterns.sort_by_key(|p| std::cmp::Reverse(p.size));
        patterns.truncate(MAX_FINDER_PATTERNS);
    }
    let mut sampling = Sampling { used: Vec::new(), found: Vec::new(), sampled: 0, failed: 0 };
    let square = GenerateFinderPatternSets(&mut patterns);
    sampling.try_sets(matrix, square.iter().copied(), max_failed);
    if sampling.failed < max_failed {
        let free: Vec<ConcentricPattern> = patterns.iter().filter(|p| !sampling.read_before(p)).copied().collect();
        let cap = (sampling.failed + MAX_FAILED_TILTED_SETS).min(max_failed);
        sampling.try_sets(matrix, tilted_sets(&free, &square), cap);
    }
    if sampling.failed < max_failed {
        let free: Vec<ConcentricPattern> = patterns.iter().filter(|p| !sampling.read_before(p)).copied().collect();
        let pairs = alike_pairs(&free);
        let cap = (sampling.failed + MAX_FAILED_LOCATED_SETS).min(max_failed);
        sampling.try_sets(matrix, located_sets(binary, matrix, &pairs), cap);
        let cap = (sampling.failed + MAX_FAILED_COMPLETED_SETS).min(max_failed);
        sampling.try_sets(matrix, placed_sets(&pairs), cap);
    }
    let Sampling { used, found, sampled, .. } = sampling;
    let unread = patterns
        .iter()
        .filter(|p| !used.contains(p))
        .map(|p| Unread { centre: (p.p.x, p.p.y), size: p.size as f32 })
        .filter(|p| !found.iter().any(|f| f.covers(p.centre)))
        .collect();
    Reading { found, unread, sampled }
}

/// The code that the finder patterns `set` lead to: on the grid rxing's sampler places, or
/// when that reads nothing on a symbol without version information whose grid still shows
/// its timing patterns, on the grid with the traced bottom-right corner (`corner.rs`). That
/// second grid is decoded as printed only: the first grid's decode already tried the symbol
/// mirrored. Without the timing check and with rxing's fallback decoder, the second grid
/// doubled the time of the shared corpus's frames whose codes do not read.
fn read_set(matrix: &BitMatrix, set: &FinderPatternSet) -> Option<Found> {
    let detected = SampleQR(matrix, set).ok()?;
    let bits = detected.getBits();
    read_grid(bits, detected.getPoints(), decode_symbol).or_else(|| {
        if bits.width() > MAX_MODULES_WITHOUT_VERSION || !keeps_timing_patterns(bits) {
            return None;
        }
        let (bits, corners) = traced_corner_grid(matrix, set, bits.width(), detected.getPoints())?;
        read_grid(&bits, &corners, decode_as_printed)
    })
}

/// The code that `decode` reads in the sampled modules `bits`, whose corners in pixels are
/// `corners`.
fn read_grid(bits: &BitMatrix, corners: &[Point], decode: fn(&BitMatrix) -> Option<DecoderResult<bool>>) -> Option<Found> {
    let decoded = decode(bits).filter(|d| d.isValid())?;
    Some(Found { text: decoded.text(), corners: corners.iter().map(|p| (p.x, p.y)).collect(), modules: bits.width() })
}

/// The triples sampled so far in one polarity and what they read.
struct Sampling {
    /// Patterns of the codes read.
    used: Vec<ConcentricPattern>,
    found: Vec<Found>,
    sampled: usize,
    /// Triples sampled that read nothing.
    failed: usize,
}

impl Sampling {
    /// Whether `pattern` belongs to a code read, or lies inside one.
    fn read_before(&self, pattern: &ConcentricPattern) -> bool {
        self.used.contains(pattern) || self.found.iter().any(|f| f.covers((pattern.p.x, pattern.p.y)))
    }

    /// Samples `sets` in order until `cap` triples in all have failed. A triple with a pattern
    /// of a code already read is not sampled: it is that code again, or the code and a stray.
    fn try_sets(&mut self, matrix: &BitMatrix, sets: impl IntoIterator<Item = FinderPatternSet>, cap: usize) {
        for set in sets {
            if self.failed >= cap {
                break;
            }
            if [&set.bl, &set.tl, &set.tr].into_iter().any(|p| self.read_before(p)) {
                continue;
            }
            self.sampled += 1;
            self.failed += 1;
            let Some(code) = read_set(matrix, &set) else { continue };
            self.failed -= 1;
            self.used.extend([set.bl, set.tl, set.tr]);
            self.found.push(code);
        }
    }
}
