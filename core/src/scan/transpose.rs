//! A black-and-white image's columns as packed words, so walks up and down a column read
//! whole runs with a bit scan instead of a pixel at a time, as rows do.

/// The columns of a `width`×`height` image packed as rows of `words_per_row` words (pixel
/// `x` of row `y` at bit `x % 64` of word `y * words_per_row + x / 64`): column `x` becomes
/// the `height.div_ceil(64)` words from `x * height.div_ceil(64)`, pixel `y` at bit `y % 64`.
/// Returns the words and the words per column.
pub(crate) fn columns(rows: &[u64], words_per_row: usize, width: usize, height: usize) -> (Vec<u64>, usize) {
    let words_per_column = height.div_ceil(64);
    let mut columns = vec![0u64; width * words_per_column];
    let mut block = [0u64; 64];
    for band in 0..words_per_column {
        for word in 0..words_per_row {
            for (i, slot) in block.iter_mut().enumerate() {
                let y = band * 64 + i;
                *slot = if y < height { rows[y * words_per_row + word] } else { 0 };
            }
            transpose_block(&mut block);
            for (i, &bits) in block.iter().enumerate() {
                let x = word * 64 + i;
                if x < width {
                    columns[x * words_per_column + band] = bits;
                }
            }
        }
    }
    (columns, words_per_column)
}

/// Transposes a 64×64 bit block in place (bit `c` of word `r` swaps with bit `r` of word
/// `c`): the off-diagonal halves swap, then their quarters, down to single bits.
fn transpose_block(block: &mut [u64; 64]) {
    let (mut half, mut mask) = (32, 0x0000_0000_ffff_ffff_u64);
    while half != 0 {
        for start in (0..64).step_by(2 * half) {
            for i in start..start + half {
                let swap = ((block[i] >> half) ^ block[i + half]) & mask;
                block[i] ^= swap << half;
                block[i + half] ^= swap;
            }
        }
        half >>= 1;
        mask ^= mask << half;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pixel_lands_at_its_transposed_place_on_ragged_sizes() {
        for (width, height) in [(1usize, 1usize), (63, 65), (64, 64), (130, 70), (7, 200)] {
            let words_per_row = width.div_ceil(64);
            let dark = |x: usize, y: usize| (x * 7 + y * 13 + x * y) % 5 < 2;
            let mut rows = vec![0u64; words_per_row * height];
            for y in 0..height {
                for x in 0..width {
                    if dark(x, y) {
                        rows[y * words_per_row + x / 64] |= 1 << (x % 64);
                    }
                }
            }
            let (columns, per_column) = columns(&rows, words_per_row, width, height);
            assert_eq!(columns.len(), width * per_column);
            for x in 0..width {
                for y in 0..per_column * 64 {
                    let bit = columns[x * per_column + y / 64] >> (y % 64) & 1 == 1;
                    assert_eq!(bit, y < height && dark(x, y), "{width}×{height} at {x},{y}");
                }
            }
        }
    }
}
