//! Downscaling by area averaging: big frames shrink to a size where finder patterns are a
//! few pixels per module, which is both faster and smooths sensor noise and JPEG blocks.

use super::frame::GreyImage;

/// `image` shrunk by the integer `factor` (≥ 2), each output pixel the mean of a
/// `factor`×`factor` block; trailing rows and columns that do not fill a block are dropped.
pub(crate) fn shrink<'a>(image: &GreyImage<'a>, factor: usize) -> GreyImage<'a> {
    let factor = factor.max(1);
    let (width, height) = (image.width / factor, image.height / factor);
    if factor == 1 || width == 0 || height == 0 {
        return image.clone();
    }
    if factor == 2 {
        return halve(image, width, height);
    }
    let area = (factor * factor) as u32;
    let mut sums = vec![0u32; image.width];
    let mut pixels = Vec::with_capacity(width * height);
    for rows in image.pixels.chunks_exact(image.width * factor).take(height) {
        sums.fill(0);
        // Column sums first: elementwise over whole rows, so it vectorises.
        for row in rows.chunks_exact(image.width) {
            for (sum, &p) in sums.iter_mut().zip(row) {
                *sum += u32::from(p);
            }
        }
        pixels.extend(sums.chunks_exact(factor).take(width).map(|block| ((block.iter().sum::<u32>() + area / 2) / area) as u8));
    }
    GreyImage { width, height, pixels: pixels.into() }
}

/// The common factor 2 without the general loop's per-block iterator overhead: the two rows
/// are summed column by column first and then in pairs, both passes plain loops that vectorise.
fn halve<'a>(image: &GreyImage<'a>, width: usize, height: usize) -> GreyImage<'a> {
    let mut pixels = vec![0u8; width * height];
    let mut columns = vec![0u16; 2 * width];
    for (rows, out) in image.pixels.chunks_exact(image.width * 2).zip(pixels.chunks_exact_mut(width)) {
        let (top, bottom) = rows.split_at(image.width);
        for ((sum, &a), &b) in columns.iter_mut().zip(top).zip(bottom) {
            *sum = u16::from(a) + u16::from(b);
        }
        for (o, pair) in out.iter_mut().zip(columns.chunks_exact(2)) {
            *o = ((pair[0] + pair[1] + 2) >> 2) as u8;
        }
    }
    GreyImage { width, height, pixels: pixels.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_averages_blocks_and_drops_the_ragged_edge() {
        let image = GreyImage { width: 5, height: 2, pixels: vec![0, 100, 200, 200, 7, 100, 200, 200, 200, 7].into() };
        let small = shrink(&image, 2);
        assert_eq!((small.width, small.height), (2, 1));
        assert_eq!(small.pixels, vec![100, 200]);
    }

    #[test]
    fn halving_matches_the_general_block_mean() {
        let pixels: Vec<u8> = (0..7 * 5).map(|i| (i * 37 % 251) as u8).collect();
        let image = GreyImage { width: 7, height: 5, pixels: pixels.into() };
        let half = shrink(&image, 2);
        assert_eq!((half.width, half.height), (3, 2));
        for y in 0..2 {
            for x in 0..3 {
                let at = |dx, dy| u32::from(image.pixels[(2 * y + dy) * 7 + 2 * x + dx]);
                let mean = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) / 4;
                assert_eq!(u32::from(half.pixels[y * 3 + x]), mean);
            }
        }
    }
}
