//! Grey to black-and-white. The local threshold is the workhorse: a black point per 8×8
//! block that holds an edge (its mean), averaged over the edge blocks among the 5×5 blocks
//! around each block, so shadows, gradients and glare shift the threshold with them. Blocks
//! are byte-aligned, so each block's eight pixels of a row become one byte of the bit matrix
//! without per-pixel bit twiddling.

use rxing::Exceptions;
use rxing::common::{BitArray, BitMatrix, Result as RxResult};

use std::cell::OnceCell;

use super::frame::GreyImage;
use super::transpose;

const BLOCK: usize = 8;
/// Below this spread between a block's darkest and lightest pixel it holds no edge, under
/// [`Threshold::Local`]. Codes printed in two colours of close grey (blue on red) and
/// screens' washed-out modules differ by 15–20 levels: at zxing's 24 their blocks counted as
/// flat paper. At 12 the synthetic sets of tune seeds 7, 11, 23 and 31 read more
/// non-compliant and screen codes, with no wrong text, and the negatives' median and p95
/// stay within noise (sensor noise spreads a flat block by less).
const MIN_DYNAMIC_RANGE: u8 = 12;
/// The same under [`Threshold::LocalStrongEdges`].
const MIN_STRONG_DYNAMIC_RANGE: u8 = 24;
/// Images narrower or shorter than this many pixels use the global threshold instead.
const MIN_LOCAL_SIDE: usize = BLOCK * 5;

/// How grey becomes black and white for one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Threshold {
    /// A threshold per 8×8 block from its 5×5 neighbourhood: copes with shadows and gradients.
    Local,
    /// The same, with blocks of less than [`MIN_STRONG_DYNAMIC_RANGE`] spread taken as flat:
    /// for a smoothed screen, where what is left of the pixel grid's moiré spreads a block by
    /// up to about 20 levels and would otherwise break light modules into specks.
    LocalStrongEdges,
    /// One threshold for the whole image from its histogram: copes with blur and low contrast.
    Global,
    /// A threshold per 8×8 block from its 5×5 neighbourhood as zxing-cpp 3 makes it: an edge
    /// block (over [`MIN_STRONG_DYNAMIC_RANGE`] spread) puts its black point in the middle of
    /// its spread, not at its mean, and counts itself three times. A block of a blurred code or
    /// of a strongly tilted code's far side is mostly paper, so its mean sits near the paper's
    /// grey and the thin light modules between dark ones fall below it.
    MidRange,
}

/// How the local thresholds weigh blocks: the least spread of an edge block, whether its black
/// point is the middle of its spread (else its mean), and how many more times the block itself
/// counts in its window.
#[derive(Debug, Clone, Copy)]
struct LocalRule {
    min_range: u8,
    mid_range: bool,
    own_weight: u32,
}

/// A black-and-white image (set bits are dark pixels) as rows of 64-pixel words for our
/// finder's run scan, and as rxing's `BitMatrix` for its pattern locator, sampler and decoder
/// (rxing's matrix hands out rows only as copies). Bits past `width` are clear. The matrix is
/// made from the words when a finder candidate first needs it: most frames while a camera is
/// being aimed hold none, and filling it took a tenth of such a frame's decode time.
#[derive(Debug, Clone)]
pub(crate) struct Binary {
    /// The bits as rxing reads them, made on first use.
    matrix: OnceCell<BitMatrix>,
    /// Pixels per row.
    pub(crate) width: usize,
    /// Number of rows.
    pub(crate) height: usize,
    words_per_row: usize,
    words: Vec<u64>,
    /// The columns as words, made when a walk first needs them.
    columns: OnceCell<(Vec<u64>, usize)>,
}

impl Binary {
    /// An all-light `width`×`height` image; an empty one (which rxing's matrix refuses) is an
    /// error.
    fn new(width: usize, height: usize) -> RxResult<Binary> {
        if width == 0 || height == 0 || u32::try_from(width).is_err() || u32::try_from(height).is_err() {
            return Err(Exceptions::illegal_argument_with("an image needs pixels"));
        }
        let words_per_row = width.div_ceil(64);
        let words = vec![0; words_per_row * height];
        Ok(Binary { matrix: OnceCell::new(), width, height, words_per_row, words, columns: OnceCell::new() })
    }

    /// The bits as rxing's matrix, made from the words on first use; an error only where
    /// rxing's matrix refuses the size, which `Binary::new` already refused.
    pub(crate) fn matrix(&self) -> RxResult<&BitMatrix> {
        if let Some(matrix) = self.matrix.get() {
            return Ok(matrix);
        }
        let mut matrix = BitMatrix::new(self.width as u32, self.height as u32)?;
        let mut row_bits = BitArray::with_size(self.width);
        for (y, row) in self.words.chunks_exact(self.words_per_row).enumerate() {
            for (i, &word) in row.iter().enumerate() {
                row_bits.setBulk(i * 64, word as usize);
            }
            matrix.setRow(y as u32, &row_bits);
        }
        Ok(self.matrix.get_or_init(|| matrix))
    }

    /// Row `y` as words, pixel `x` at bit `x % 64` of word `x / 64`.
    pub(crate) fn row(&self, y: usize) -> &[u64] {
        &self.words[y * self.words_per_row..][..self.words_per_row]
    }

    /// Whether pixel (`x`, `y`) is dark.
    pub(crate) fn is_dark(&self, x: usize, y: usize) -> bool {
        self.words[y * self.words_per_row + x / 64] >> (x % 64) & 1 == 1
    }

    /// All rows' words, and the words per row.
    pub(crate) fn words(&self) -> (&[u64], usize) {
        (&self.words, self.words_per_row)
    }

    /// The columns as words (column `x` from word `x * words_per_column`, pixel `y` at bit
    /// `y % 64` of its word `y / 64`), and the words per column.
    pub(crate) fn columns(&self) -> (&[u64], usize) {
        let (columns, words_per_column) =
            self.columns.get_or_init(|| transpose::columns(&self.words, self.words_per_row, self.width, self.height));
        (columns, *words_per_column)
    }

    /// Sets row `y` from 0/1 flags, one per pixel, padded with zeros to whole words.
    fn set_row(&mut self, y: usize, dark: &[u8]) {
        let row = &mut self.words[y * self.words_per_row..][..self.words_per_row];
        for (word, flags) in row.iter_mut().zip(dark.chunks_exact(64)) {
            *word = flags.chunks_exact(8).enumerate().fold(0, |w, (k, eight)| w | pack_flags(eight) << (8 * k));
        }
    }
}

/// The black-and-white image of `image` under `threshold`.
pub(crate) fn binarize(image: &GreyImage<'_>, threshold: Threshold) -> RxResult<Binary> {
    if threshold == Threshold::Global || image.width < MIN_LOCAL_SIDE || image.height < MIN_LOCAL_SIDE {
        return global(image);
    }
    let rule = match threshold {
        Threshold::LocalStrongEdges => LocalRule { min_range: MIN_STRONG_DYNAMIC_RANGE, mid_range: false, own_weight: 0 },
        Threshold::MidRange => LocalRule { min_range: MIN_STRONG_DYNAMIC_RANGE, mid_range: true, own_weight: 2 },
        _ => LocalRule { min_range: MIN_DYNAMIC_RANGE, mid_range: false, own_weight: 0 },
    };
    local(image, rule)
}

/// One threshold for the whole image, in the valley between the histogram's two peaks (dark
/// modules and light paper). An image without two distinct peaks has nothing to find.
fn global(image: &GreyImage<'_>) -> RxResult<Binary> {
    const BUCKETS: usize = 32;
    let mut histogram = [0u32; BUCKETS];
    // The central three fifths, where a code being aimed at sits; every fourth row is plenty.
    let (left, right) = (image.width / 5, image.width * 4 / 5);
    let rows = image.pixels.chunks_exact(image.width).skip(image.height / 5).take(image.height * 3 / 5 + 1);
    for row in rows.step_by(4) {
        for &p in &row[left..right.max(left + 1).min(image.width)] {
            histogram[usize::from(p >> 3)] += 1;
        }
    }
    let (first, &first_count) =
        histogram.iter().enumerate().max_by_key(|&(i, c)| (*c, usize::MAX - i)).ok_or(Exceptions::NOT_FOUND)?;
    // The second peak: high, and far from the first.
    // Ties go to the first candidate (lowest bucket), as `max_by_key` keeps the last.
    let second = (0..BUCKETS)
        .rev()
        .max_by_key(|&i| {
            let distance = i.abs_diff(first) as u64;
            distance * distance * u64::from(histogram[i])
        })
        .ok_or(Exceptions::NOT_FOUND)?;
    let (low, high) = (first.min(second), first.max(second));
    if high - low <= BUCKETS / 16 {
        return Err(Exceptions::NOT_FOUND);
    }
    // The valley: deep, and nearer the light peak than the dark one (dark modules are fewer).
    let valley = (low + 1..high)
        .max_by_key(|&i| {
            let from_low = (i - low) as u64;
            from_low * from_low * (high - i) as u64 * u64::from(first_count - histogram[i])
        })
        .unwrap_or(low + 1);
    threshold_rows(image, |_| (valley << 3) as u8 - 1)
}

/// The matrix of pixels at or below `threshold(y / BLOCK)` (one threshold per block row).
fn threshold_rows(image: &GreyImage<'_>, threshold: impl Fn(usize) -> u8) -> RxResult<Binary> {
    let mut binary = Binary::new(image.width, image.height)?;
    let mut dark = vec![0u8; binary.words_per_row * 64];
    for (y, row) in image.pixels.chunks_exact(image.width).enumerate() {
        let t = threshold(y / BLOCK);
        for (d, &p) in dark.iter_mut().zip(row) {
            *d = u8::from(p <= t);
        }
        binary.set_row(y, &dark);
    }
    Ok(binary)
}

fn local(image: &GreyImage<'_>, rule: LocalRule) -> RxResult<Binary> {
    let (width, height) = (image.width, image.height);
    let (blocks_x, blocks_y) = (width.div_ceil(BLOCK), height.div_ceil(BLOCK));
    let black = black_points(image, blocks_x, blocks_y, rule);
    // An image without an edge block has nothing for the local threshold to go by.
    let Some(thresholds) = edge_thresholds(&black, blocks_x, blocks_y, rule.own_weight) else { return global(image) };
    let mut binary = Binary::new(width, height)?;
    // Whole-word rows: the tail past `width` is padded with light pixels and never marked.
    let padded = binary.words_per_row * 64;
    let mut pixel_thresholds = vec![0u8; padded];
    let mut dark = vec![0u8; padded];
    for (y, row) in image.pixels.chunks_exact(width).enumerate() {
        if y % BLOCK == 0 {
            let block_row = &thresholds[(y / BLOCK) * blocks_x..][..blocks_x];
            for (out, &t) in pixel_thresholds.chunks_exact_mut(BLOCK).zip(block_row) {
                out.fill(t);
            }
        }
        // Elementwise, so it vectorises: 1 where the pixel is at or below its block's threshold.
        for ((d, &p), &t) in dark.iter_mut().zip(row).zip(&pixel_thresholds) {
            *d = u8::from(p <= t);
        }
        binary.set_row(y, &dark);
    }
    Ok(binary)
}

/// Eight 0/1 bytes packed into the low byte, byte `i` becoming bit `i`.
#[inline]
fn pack_flags(flags: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&flags[..8]);
    // Each byte's bit lands in the top byte at its own position; lower partial sums never carry.
    (u64::from_le_bytes(bytes).wrapping_mul(0x0102_0408_1020_4080) >> 56) & 0xff
}

/// Each block's black point when it holds an edge (a spread above the rule's least): its mean
/// or the middle of its spread, as the rule says; `None` for a flat block.
fn black_points(image: &GreyImage<'_>, blocks_x: usize, blocks_y: usize, rule: LocalRule) -> Vec<Option<u8>> {
    let (width, height) = (image.width, image.height);
    let mut black = vec![None; blocks_x * blocks_y];
    // Per-column statistics over the eight rows of a block row, elementwise so they vectorise.
    let (mut sums, mut mins, mut maxs) = (vec![0u16; width], vec![0u8; width], vec![0u8; width]);
    for by in 0..blocks_y {
        // The last block row and column are moved inwards to stay whole (they overlap).
        let top = (by * BLOCK).min(height - BLOCK);
        sums.fill(0);
        mins.fill(u8::MAX);
        maxs.fill(0);
        for row in image.pixels[top * width..].chunks_exact(width).take(BLOCK) {
            for (((s, lo), hi), &p) in sums.iter_mut().zip(mins.iter_mut()).zip(maxs.iter_mut()).zip(row) {
                *s += u16::from(p);
                *lo = (*lo).min(p);
                *hi = (*hi).max(p);
            }
        }
        for bx in 0..blocks_x {
            let left = (bx * BLOCK).min(width - BLOCK);
            let columns = left..left + BLOCK;
            let sum: u32 = sums[columns.clone()].iter().map(|&s| u32::from(s)).sum();
            let min = mins[columns.clone()].iter().fold(u8::MAX, |m, &p| m.min(p));
            let max = maxs[columns].iter().fold(0, |m, &p| m.max(p));
            if max - min > rule.min_range {
                let point = if rule.mid_range { (u32::from(min) + u32::from(max)) / 2 } else { sum / (BLOCK * BLOCK) as u32 };
                black[by * blocks_x + bx] = Some(point as u8);
            }
        }
    }
    black
}

/// Each block's threshold: the mean black point of the edge blocks among the 5×5 blocks around
/// it (the window clamped to stay inside the grid near the image edge), an edge block's own
/// point counted `own_weight` more times. A block with no edge block around takes the threshold
/// of the next block in scan order that has one (the last ones, the last one's); `None` when no
/// block holds an edge. Flat blocks take no part in the mean: given half their minimum as a
/// black point (zxing's original hybrid threshold), flat background beside a faint code dragged
/// the thresholds at the code's border down until its dark modules there turned light;
/// zxing-cpp 3 averages edge blocks only. On tune seeds 7, 11, 23 and 31 that read 1489 → 1510
/// codes (screens 103 → 117, over- and under-exposed 80 → 82, walls of codes 770 → 775, damaged
/// 110 → 111, non-compliant 95 → 96, nominal 116 → 117; perspective 98 → 96, rotation 117 →
/// 116), on tune seeds 41 and 53 732 → 745, the shared corpus the same 130. (zxing-cpp also
/// counts a block's own point three times and takes the middle of its spread rather than its
/// mean: each read fewer codes here as the workhorse, and the own weight lost a dense
/// version-40 code of the corpus; both together are [`Threshold::MidRange`], a later attempt.)
fn edge_thresholds(black: &[Option<u8>], blocks_x: usize, blocks_y: usize, own_weight: u32) -> Option<Vec<u8>> {
    // Summed-area tables of the edge blocks' points and of their count, with a zero row and
    // column in front.
    let stride = blocks_x + 1;
    let (mut sums, mut counts) = (vec![0u32; stride * (blocks_y + 1)], vec![0u32; stride * (blocks_y + 1)]);
    for y in 0..blocks_y {
        let (mut row_sum, mut row_count) = (0, 0);
        for x in 0..blocks_x {
            if let Some(point) = black[y * blocks_x + x] {
                row_sum += u32::from(point);
                row_count += 1;
            }
            sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1] + row_sum;
            counts[(y + 1) * stride + x + 1] = counts[y * stride + x + 1] + row_count;
        }
    }
    let window = |centre: usize, blocks: usize| {
        let centre = centre.clamp(2, blocks.saturating_sub(3).max(2));
        (centre - 2, (centre + 3).min(blocks))
    };
    let in_window = |table: &[u32], (x0, x1): (usize, usize), (y0, y1): (usize, usize)| {
        table[y1 * stride + x1] + table[y0 * stride + x0] - table[y0 * stride + x1] - table[y1 * stride + x0]
    };
    let mut thresholds: Vec<Option<u8>> = Vec::with_capacity(blocks_x * blocks_y);
    for y in 0..blocks_y {
        let rows = window(y, blocks_y);
        for x in 0..blocks_x {
            let columns = window(x, blocks_x);
            // The block itself counts `own_weight` times more when it holds an edge.
            let own = black[y * blocks_x + x].map_or((0, 0), |point| (own_weight * u32::from(point), own_weight));
            let count = in_window(&counts, columns, rows) + own.1;
            thresholds.push((count > 0).then(|| ((in_window(&sums, columns, rows) + own.0) / count) as u8));
        }
    }
    let mut next = thresholds.iter().rev().find_map(|&t| t)?;
    let mut filled = vec![0u8; thresholds.len()];
    for (out, t) in filled.iter_mut().zip(&thresholds).rev() {
        next = t.unwrap_or(next);
        *out = next;
    }
    Some(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blurred_light_module_between_dark_ones_stays_light_under_the_mid_range_threshold() {
        // Paper (200) with two dark modules (40, columns 30–31 and 34–35) and, between them, a
        // light module that blur has greyed to 130. The mostly-paper blocks' means put the
        // threshold above 130 and merge the modules; the middle of their spread (120) does not.
        let (width, height) = (64, 64);
        let column = |x: usize| match x {
            30..=31 | 34..=35 => 40,
            32..=33 => 130,
            _ => 200,
        };
        let pixels: Vec<u8> = (0..width * height).map(|i| column(i % width)).collect();
        let image = GreyImage { width, height, pixels: pixels.into() };
        let dark = |threshold| {
            let binary = binarize(&image, threshold).unwrap();
            (0..width).filter(|&x| binary.is_dark(x, height / 2)).collect::<Vec<_>>()
        };
        assert_eq!(dark(Threshold::MidRange), [30, 31, 34, 35]);
        assert_eq!(dark(Threshold::Local), (30..=35).collect::<Vec<_>>(), "the mean threshold merges them");
    }

    #[test]
    fn dark_marks_on_light_paper_under_a_gradient_stay_dark_and_paper_stays_light() {
        let (width, height) = (96, 64);
        let mut pixels = Vec::with_capacity(width * height);
        for y in 0..height {
            for x in 0..width {
                let paper = 120 + (x * 120 / width) as u8; // light from 120 to 240
                let mark = (x / 4 + y / 4) % 2 == 0;
                pixels.push(if mark { paper / 3 } else { paper });
            }
        }
        let image = GreyImage { width, height, pixels: pixels.into() };
        let binary = binarize(&image, Threshold::Local).unwrap();
        let matrix = binary.matrix().unwrap();
        for y in 0..height {
            for x in 0..width {
                assert_eq!(matrix.get(x as u32, y as u32), (x / 4 + y / 4) % 2 == 0, "pixel {x},{y}");
            }
        }
    }

    #[test]
    fn a_faint_code_beside_flat_background_keeps_its_dark_modules_at_the_border() {
        // Flat mid-grey on the left, faint marks (150 on 180, 4-pixel squares) on the right.
        let (width, height) = (128, 64);
        let faint = |x: usize, y: usize| x >= 64 && (x / 4 + y / 4).is_multiple_of(2);
        let pixels: Vec<u8> = (0..width * height)
            .map(|i| (i % width, i / width))
            .map(|(x, y)| {
                if x < 64 {
                    120
                } else if faint(x, y) {
                    150
                } else {
                    180
                }
            })
            .collect();
        let binary = binarize(&GreyImage { width, height, pixels: pixels.into() }, Threshold::Local).unwrap();
        for y in 0..height {
            for x in 64..width {
                assert_eq!(binary.is_dark(x, y), faint(x, y), "pixel {x},{y}");
            }
        }
    }

    #[test]
    fn a_frame_without_an_edge_gets_the_global_threshold() {
        // Dark and light halves meeting at a block border: no block holds an edge.
        let pixels: Vec<u8> = (0..64 * 64).map(|i| if (i % 64) < 24 { 60 } else { 200 }).collect();
        let halves = GreyImage { width: 64, height: 64, pixels: pixels.into() };
        let (local, global) = (binarize(&halves, Threshold::Local).unwrap(), binarize(&halves, Threshold::Global).unwrap());
        assert_eq!(local.words(), global.words());
        assert!(local.is_dark(0, 0) && !local.is_dark(63, 0), "the global threshold splits the two greys");
    }

    #[test]
    fn every_flag_pattern_packs_to_its_bits() {
        for pattern in 0..=255u8 {
            let flags: Vec<u8> = (0..8).map(|i| (pattern >> i) & 1).collect();
            assert_eq!(pack_flags(&flags), u64::from(pattern));
        }
    }

    #[test]
    fn ragged_widths_leave_no_bits_past_the_edge() {
        // Dark but for one light pixel, which gives its block an edge to take a threshold from.
        let mut pixels = vec![0; 45 * 41];
        pixels[0] = 255;
        let binary = binarize(&GreyImage { width: 45, height: 41, pixels: pixels.into() }, Threshold::Local).unwrap();
        assert!(!binary.is_dark(0, 0));
        assert!(binary.matrix().unwrap().get(44, 40));
        assert_eq!(binary.matrix().unwrap().getRow(0).getBitArray()[0] >> 45, 0);
        assert_eq!(binary.row(40), [(1u64 << 45) - 1]);
    }
}
