//! Finder patterns (the three nested squares in a QR code's corners) in a black-and-white
//! image: every third row is read as runs of dark and light pixels, windows of five runs in
//! about 1:1:3:1:1 proportion are candidates, and rxing's concentric-pattern locator confirms
//! each one in two dimensions. It finds what rxing's `FindFinderPatterns` finds with `tryHarder`
//! (a test checks this on corpus photos), but reads each row's runs straight from packed words
//! (a bit scan per run, not per pixel), rejects most windows with integer tests before rxing's
//! ratio check, runs the locator's own symmetric-run tests and its first ring walk on packed
//! words before calling it, and reuses each row's runs, colours swapped, for light-on-dark
//! patterns.

use rxing::Point;
use rxing::common::BitMatrix;
use rxing::common::cpp_essentials::{ConcentricPattern, LocateConcentricPattern, PatternType};

use super::binarize::Binary;
use super::ring::first_ring_can_close;

/// Every this many rows is scanned: a finder pattern's centre square is at least three
/// pixels tall when its modules are a pixel wide.
const ROW_STEP: usize = 3;
/// The finder pattern's dark and light module counts across its centre.
const PROPORTIONS: [PatternType; 5] = [1, 1, 3, 1, 1];
/// Least light space before a pattern, in modules.
const MIN_QUIET_ZONE: f32 = 0.1;

/// The runs of every scanned row of a black-and-white image, read once and searched for
/// dark-on-light patterns first and light-on-dark ones only when those read nothing: a row's
/// runs inverted are the same runs with the colours swapped.
pub(crate) struct ScannedRows {
    runs: Vec<PatternType>,
    /// Each scanned row: its `y` and where its runs end in `runs`.
    rows: Vec<(usize, usize)>,
}

impl ScannedRows {
    /// Reads every `ROW_STEP`th row of `binary`.
    pub(crate) fn read(binary: &Binary) -> ScannedRows {
        let (mut runs, mut rows) = (Vec::new(), Vec::new());
        for y in (ROW_STEP - 1..binary.height).step_by(ROW_STEP) {
            row_runs(binary.row(y), binary.width, &mut runs);
            rows.push((y, runs.len()));
        }
        ScannedRows { runs, rows }
    }

    /// Each scanned row's `y` and runs.
    fn iter(&self) -> impl Iterator<Item = (usize, &[PatternType])> {
        let starts = std::iter::once(0).chain(self.rows.iter().map(|&(_, end)| end));
        self.rows.iter().zip(starts).map(|(&(y, end), start)| (y, &self.runs[start..end]))
    }
}

/// The dark-on-light finder patterns (the usual print) of `binary`, in scan order (top to
/// bottom, left to right), located in `binary.matrix`.
pub(crate) fn dark_patterns(binary: &Binary, rows: &ScannedRows) -> Vec<ConcentricPattern> {
    let mut found = Vec::new();
    for (y, runs) in rows.iter() {
        scan_row(binary, runs, y, &mut found, |centre, range| {
            binary.matrix().ok().and_then(|matrix| locate(matrix, centre, range))
        });
    }
    found
}

/// The light-on-dark finder patterns (inverted codes) of `binary`, in scan order, with the
/// inverted image they were located in (made only once a row candidate needs it).
pub(crate) fn light_patterns(binary: &Binary, rows: &ScannedRows) -> (Vec<ConcentricPattern>, Option<BitMatrix>) {
    let (mut found, mut inverted, mut swapped) = (Vec::new(), None, Vec::new());
    for (y, runs) in rows.iter() {
        swap_colours(runs, &mut swapped);
        scan_row(binary, &swapped, y, &mut found, |centre, range| {
            if inverted.is_none() {
                let mut matrix = binary.matrix().ok()?.clone();
                matrix.flip_self();
                inverted = Some(matrix);
            }
            locate(inverted.as_ref()?, centre, range)
        });
    }
    (found, inverted)
}

/// rxing's concentric-pattern locator from a candidate centre, looking `range` pixels out.
pub(crate) fn locate(matrix: &BitMatrix, centre: Point, range: i32) -> Option<ConcentricPattern> {
    LocateConcentricPattern::<true, 5, 7>(matrix, &PROPORTIONS, centre, range)
}

/// Adds to `found` the patterns whose centre row is `y`, with `runs` read as light first;
/// `locate` confirms the candidates that pass the cheap tests.
fn scan_row(
    binary: &Binary,
    runs: &[PatternType],
    y: usize,
    found: &mut Vec<ConcentricPattern>,
    mut locate: impl FnMut(Point, i32) -> Option<ConcentricPattern>,
) {
    // `i` is the index of a dark run; `front` the pixels before it.
    let (mut i, mut front) = (1, u32::from(runs[0]));
    while i + 5 < runs.len() {
        let window = &runs[i..i + 5];
        let space_before = if i == 1 { f32::MAX } else { f32::from(runs[i - 1]) };
        if !is_finder_row(window, space_before) {
            front += u32::from(runs[i]) + u32::from(runs[i + 1]);
            i += 2;
            continue;
        }
        let centre = front as f32 + f32::from(window[0]) + f32::from(window[1]) + f32::from(window[2]) / 2.0;
        let centre = Point::new(centre, y as f32 + 0.5);
        // Three times the row's width, for patterns seen very much skewed.
        let range = 3 * window.iter().map(|&r| i32::from(r)).sum::<i32>();
        // A row through a pattern already found adds nothing.
        if !found.iter().any(|old| Point::distance(centre, old.p) < old.size as f32 / 2.0)
            && locator_can_confirm(binary, centre.x as usize, y, range)
        {
            found.extend(locate(centre, range));
        }
        // The window's last dark run may start the next pattern.
        front += window[..4].iter().map(|&r| u32::from(r)).sum::<u32>();
        i += 4;
    }
}

/// The runs of the same row with dark and light swapped, in `row_runs`'s form.
fn swap_colours(runs: &[PatternType], swapped: &mut Vec<PatternType>) {
    swapped.clear();
    // The light run in front becomes dark, after an empty light run.
    match runs.split_first() {
        Some((0, rest)) => swapped.extend_from_slice(rest),
        _ => {
            swapped.push(0);
            swapped.extend_from_slice(runs);
        }
    }
    // Now an even count: a trailing empty run was the closing light run and goes; a dark
    // last run gets its empty closing light run.
    if swapped.last() == Some(&0) {
        swapped.pop();
    } else {
        swapped.push(0);
    }
}

/// Whether five runs (dark, light, dark, light, dark) after `space_before` light pixels can
/// cross a finder pattern's centre: cheap integer tests first (the centre is at least three
/// pixels, twice each outer dark run and no narrower than a light run), then rxing's
/// proportion check with edge-to-edge tolerances.
fn is_finder_row(window: &[PatternType], space_before: f32) -> bool {
    let centre = window[2];
    if centre < 3 || centre < 2 * window[0].max(window[4]) || centre < window[1].max(window[3]) {
        return false;
    }
    finder_proportions(window, space_before, MIN_QUIET_ZONE)
}

/// rxing's `IsPattern` for 1:1:3:1:1 with edge-to-edge tolerances: a module size for the dark
/// runs and one for the light runs, within four times of each other, each run within three
/// quarters of a dark module (a third of a light one) of its share, and enough light space in
/// front. The same arithmetic, so it accepts exactly the same windows (a test compares them),
/// without the generic pattern views that made it a tenth of a textured frame's time.
fn finder_proportions(window: &[PatternType], space_before: f32, min_quiet_zone: f32) -> bool {
    let run = |i: usize| f64::from(window[i]);
    let bar = (run(0) + run(2) + run(4)) / 5.0;
    let space = (run(1) + run(3)) / 2.0;
    if bar.max(space) > 4.0 * bar.min(space) || space_before < min_quiet_zone * space as f32 {
        return false;
    }
    let (bar_tolerance, space_tolerance) = (bar * 0.75 + 0.5, space / 3.0 + 0.5);
    let fits = |i: usize, modules: f64, size: f64, tolerance: f64| (run(i) - modules * size).abs() <= tolerance;
    fits(0, 1.0, bar, bar_tolerance)
        && fits(1, 1.0, space, space_tolerance)
        && fits(2, 3.0, bar, bar_tolerance)
        && fits(3, 1.0, space, space_tolerance)
        && fits(4, 1.0, bar, bar_tolerance)
        && ((bar + space) / 2.0) as f32 != 0.0
}

/// Whether rxing's locator can confirm a pattern at pixel (`x`, `y`): it first needs five runs
/// of about 1:1:3:1:1 centred on the point vertically and horizontally (within `range`
/// pixels, moving to the middle of each centre run found) and along both diagonals (within
/// twice that), and gives up at the first direction that fails; then it walks around the
/// centre square (`ring.rs`). The same tests on packed words, which do not depend on the
/// colours, spare most row candidates in textured images the locator's costlier pixel reads
/// and ring tracing.
pub(crate) fn locator_can_confirm(binary: &Binary, x: usize, y: usize, range: i32) -> bool {
    let (mut x, mut y) = (x as isize, y as isize);
    for (dx, dy) in [(0, 1), (1, 0)] {
        let Some(shift) = symmetric_runs(binary, (x, y), (dx, dy), range) else { return false };
        (x, y) = (x + dx * shift, y + dy * shift);
    }
    [(1, 1), (1, -1)].into_iter().all(|d| symmetric_runs(binary, (x, y), d, 2 * range).is_some())
        && first_ring_can_close(binary, (x as usize, y as usize), range)
}

/// Five runs of about 1:1:3:1:1 centred on pixel `at` along direction `d` and back, within
/// `range` pixels in all: the steps along `d` from `at` to the middle of the centre run.
fn symmetric_runs(binary: &Binary, at: (isize, isize), d: (isize, isize), range: i32) -> Option<isize> {
    let (mut forward, mut back) = (Walk::new(binary, at, d), Walk::new(binary, at, (-d.0, -d.1)));
    let mut range = range;
    let (centre_forward, centre_back) = (forward.run(range), back.run(range));
    if centre_forward == 0 || centre_back == 0 {
        return None;
    }
    let mut runs = [0 as PatternType; 5];
    // The starting pixel is in both halves of the centre run.
    runs[2] = (centre_forward + centre_back - 1) as PatternType;
    range -= i32::from(runs[2]);
    for i in 1..=2 {
        for (walk, at) in [(&mut forward, 2 + i), (&mut back, 2 - i)] {
            let run = walk.run(range);
            if run == 0 {
                return None;
            }
            runs[at] = run as PatternType;
            range -= run;
        }
    }
    finder_proportions(&runs, 0.0, 0.0).then_some((i32::from(runs[2]) / 2 - (centre_back - 1)) as isize)
}

/// A walk from a pixel in one of eight directions, one run of equal pixels at a time, with
/// rxing's edge-to-edge counting: a run that reaches the image border counts one pixel past
/// it, and every run after that counts one. Walks along a row or a column read whole runs
/// with bit scans (columns from the transposed words); diagonal ones a pixel at a time.
struct Walk<'a> {
    words: &'a [u64],
    /// The current pixel as a bit index into `words`.
    bit: isize,
    /// Bits from one pixel of the walk to the next.
    step: isize,
    to_border: i32,
    dark: bool,
}

impl<'a> Walk<'a> {
    fn new(binary: &'a Binary, (x, y): (isize, isize), d: (isize, isize)) -> Walk<'a> {
        let steps = |at: isize, d: isize, size: usize| match d {
            1 => size as isize - 1 - at,
            -1 => at,
            _ => isize::MAX,
        };
        let to_border = steps(x, d.0, binary.width).min(steps(y, d.1, binary.height)) as i32;
        let (words, bit, step) = if d.0 == 0 {
            let (columns, words_per_column) = binary.columns();
            (columns, x * 64 * words_per_column as isize + y, d.1)
        } else {
            let (rows, words_per_row) = binary.words();
            let row_bits = 64 * words_per_row as isize;
            (rows, y * row_bits + x, d.1 * row_bits + d.0)
        };
        let mut walk = Walk { words, bit, step, to_border, dark: false };
        walk.dark = walk.dark_at(bit);
        walk
    }

    /// Whether the pixel at bit index `bit` (inside the image) is dark.
    fn dark_at(&self, bit: isize) -> bool {
        self.words[bit as usize / 64] >> (bit as usize % 64) & 1 == 1
    }

    /// Steps to the first pixel unlike the current one (which becomes current), or 0 when
    /// that is more than `range` steps away and not past the border.
    fn run(&mut self, range: i32) -> i32 {
        let most = self.to_border.min(range);
        let change = match (most > 0, self.step) {
            (false, _) => None,
            (true, 1) => steps_forward(self.words, self.bit as usize, self.dark, most as usize),
            (true, -1) => steps_back(self.words, self.bit as usize, self.dark, most as usize),
            (true, _) => (1..=most).find(|&steps| self.dark_at(self.bit + steps as isize * self.step) != self.dark),
        };
        let steps = match change {
            Some(steps) => steps,
            // The run reaches the border: it counts one pixel past it.
            None if most == self.to_border => most.max(0) + 1,
            None => return 0,
        };
        self.bit += steps as isize * self.step;
        self.to_border -= steps;
        self.dark = !self.dark;
        steps
    }
}

/// Steps from bit `at` to the first higher bit unlike `dark`, if at most `most` steps away.
fn steps_forward(words: &[u64], at: usize, dark: bool, most: usize) -> Option<i32> {
    let flip = if dark { u64::MAX } else { 0 };
    let (first, last) = (at + 1, at + most);
    let mut k = first / 64;
    let mut changes = (words[k] ^ flip) & (u64::MAX << (first % 64));
    while changes == 0 {
        k += 1;
        if k * 64 > last {
            return None;
        }
        changes = words[k] ^ flip;
    }
    let change = k * 64 + changes.trailing_zeros() as usize;
    (change <= last).then_some((change - at) as i32)
}

/// Steps from bit `at` to the first lower bit unlike `dark`, if at most `most` steps away.
fn steps_back(words: &[u64], at: usize, dark: bool, most: usize) -> Option<i32> {
    let flip = if dark { u64::MAX } else { 0 };
    let (first, last) = (at - 1, at - most);
    let mut k = first / 64;
    let mut changes = (words[k] ^ flip) & (u64::MAX >> (63 - first % 64));
    while changes == 0 {
        if k * 64 <= last {
            return None;
        }
        k -= 1;
        changes = words[k] ^ flip;
    }
    let change = k * 64 + 63 - changes.leading_zeros() as usize;
    (change >= last).then_some((at - change) as i32)
}

/// Appends to `runs` the run lengths of a row of `width` pixels packed in `words` (set bits
/// dark), alternating light and dark and starting with light (a zero run when the row starts
/// dark); a row ending dark gets a zero light run after it, so there is always an odd number
/// of runs. Each word's colour changes are found at once (the word against itself shifted by
/// a pixel) and read off a set bit at a time.
fn row_runs(words: &[u64], width: usize, runs: &mut Vec<PatternType>) {
    let first = runs.len();
    let (mut last_change, mut carry) = (0, 0);
    for (k, &word) in words.iter().enumerate() {
        // Bit i set where pixel i differs from the one before it (a light pixel before the row).
        let mut changes = word ^ (word << 1 | carry);
        carry = word >> 63;
        if k == words.len() - 1 && !width.is_multiple_of(64) {
            changes &= (1 << (width % 64)) - 1;
        }
        while changes != 0 {
            let at = k * 64 + changes.trailing_zeros() as usize;
            runs.push((at - last_change) as PatternType);
            last_change = at;
            changes &= changes - 1;
        }
    }
    runs.push((width - last_change) as PatternType);
    // An even count means the last run is dark.
    if (runs.len() - first).is_multiple_of(2) {
        runs.push(0);
    }
}

#[cfg(test)]
mod tests {
    use rxing::common::cpp_essentials::{GetPatternRowTP, PatternRow};
    use rxing::qrcode::cpp_port::detector::FindFinderPatterns;

    use super::super::binarize::{Threshold, binarize};
    use super::super::frame::GreyImage;
    use super::*;

    /// rxing's own run lengths of row `y`.
    fn rxing_runs(matrix: &BitMatrix, y: usize) -> Vec<PatternType> {
        let mut row = PatternRow::default();
        GetPatternRowTP(matrix, y as u32, &mut row, false);
        row.into_iter().collect()
    }

    fn flipped(matrix: &BitMatrix) -> BitMatrix {
        let mut flipped = matrix.clone();
        flipped.flip_self();
        flipped
    }

    #[test]
    fn finder_proportions_accept_exactly_what_rxing_accepts() {
        use rxing::common::cpp_essentials::{FixedPattern, IsPattern, PatternView};
        const FINDER: FixedPattern<5, 7, false> = FixedPattern::new(PROPORTIONS);
        let mut accepted = 0;
        // Every window of runs 0..=9, and a scaled sample of wider ones, with and without space in front.
        for code in 0..10u32.pow(5) {
            let digits: Vec<PatternType> = (0..5).map(|i| (code / 10u32.pow(i) % 10) as PatternType).collect();
            for scale in [1, 3, 7] {
                let window: Vec<PatternType> = digits.iter().map(|&d| d * scale + scale / 2).collect();
                for (space, quiet) in [(0.0, 0.1), (1.0, 0.1), (f32::MAX, 0.1), (0.0, 0.0)] {
                    let view = PatternView::from_slice(&window);
                    let theirs = IsPattern::<true, 5, 7, false>(&view, &FINDER, Some(space), quiet, 0.0, 0.0) != 0.0;
                    assert_eq!(finder_proportions(&window, space, quiet), theirs, "{window:?} {space} {quiet}");
                    accepted += usize::from(theirs);
                }
            }
        }
        assert!(accepted > 1000, "the comparison must cover accepted windows too: {accepted}");
    }

    #[test]
    fn runs_match_rxing_on_ragged_widths_and_both_edge_colours() {
        for width in [2, 5, 63, 64, 65, 130] {
            let pixels: Vec<u8> =
                (0..width * 20).map(|i| if (i * i / 7 + i / 3 + i / width) % 5 < 2 { 20 } else { 230 }).collect();
            let binary = binarize(&GreyImage { width, height: 20, pixels: pixels.into() }, Threshold::Global).unwrap();
            let inverted = flipped(binary.matrix().unwrap());
            let (mut runs, mut swapped) = (Vec::new(), Vec::new());
            for y in 0..20 {
                runs.clear();
                row_runs(binary.row(y), width, &mut runs);
                assert_eq!(runs, rxing_runs(binary.matrix().unwrap(), y), "width {width} row {y}");
                assert_eq!(runs.len() % 2, 1);
                swap_colours(&runs, &mut swapped);
                assert_eq!(swapped, rxing_runs(&inverted, y), "width {width} row {y} swapped");
            }
        }
    }

    #[test]
    fn finds_what_rxing_finds_on_corpus_photos() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
        let photos = ["qrcode-2/1.png", "qrcode-4/01.webp", "qrcode-5/01.webp", "falsepositives-1/01.webp"];
        for photo in photos {
            let bytes = std::fs::read(corpus.join(photo)).unwrap();
            let (pixels, width, height) = super::super::load_grey(&bytes).unwrap();
            let image = GreyImage { width: width as usize, height: height as usize, pixels: pixels.into() };
            for threshold in [Threshold::Local, Threshold::Global] {
                let binary = binarize(&image, threshold).unwrap();
                let rows = ScannedRows::read(&binary);
                let dark = dark_patterns(&binary, &rows);
                assert_eq!(dark, FindFinderPatterns(binary.matrix().unwrap(), true, 0), "{photo} {threshold:?}");
                let (light, _) = light_patterns(&binary, &rows);
                assert_eq!(
                    light,
                    FindFinderPatterns(&flipped(binary.matrix().unwrap()), true, 0),
                    "{photo} {threshold:?} inverted"
                );
            }
        }
    }
}
