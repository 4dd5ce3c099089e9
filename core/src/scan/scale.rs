//! Downscaling by area averaging: big frames shrink to a size where finder patterns are a
//! few pixels per module, which is both faster and smooths sensor noise and JPEG blocks.

use super::frame::GreyImage;

/// `image` shrunk by the integer `factor` (≥ 2), each output pixel the mean of a
/// `factor`×`factor` block; trailing rows and columns that do not fill a block are dropped.
pub(crate) fn shrink(image: &GreyImage, factor: usize) -> GreyImage {
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
    GreyImage { width, height, pixels }
}

/// The common factor 2 without the general loop's per-block iterator overhead.
fn halve(image: &GreyImage, width: usize, height: usize) -> GreyImage {
    let mut pixels = Vec::with_capacity(width * height);
    for rows in image.pixels.chunks_exact(image.width * 2).take(height) {
        let (top, bottom) = rows.split_at(image.width);
        pixels.extend(
            top.chunks_exact(2)
                .zip(bottom.chunks_exact(2))
                .take(width)
                .map(|(a, b)| ((u16::from(a[0]) + u16::from(a[1]) + u16::from(b[0]) + u16::from(b[1]) + 2) / 4) as u8),
        );
    }
    GreyImage { width, height, pixels }
}

/// `image` shrunk by 3/2 (each 3×3 block becomes 2×2 by bilinear weights), the step between
/// the integer factors that a code just too big for one and too small for the other needs.
pub(crate) fn shrink_two_thirds(image: &GreyImage) -> GreyImage {
    let (width, height) = (image.width / 3 * 2, image.height / 3 * 2);
    if width == 0 || height == 0 {
        return image.clone();
    }
    let mut pixels = Vec::with_capacity(width * height);
    let (mut upper, mut lower) = (vec![0u16; image.width], vec![0u16; image.width]);
    // Each 3×3 block becomes 2×2 with weights 2:1 and 1:2 along each axis (9 units per pixel):
    // rows are blended first, elementwise, then columns.
    for rows in image.pixels.chunks_exact(image.width * 3).take(height / 2) {
        let (a, rest) = rows.split_at(image.width);
        let (b, c) = rest.split_at(image.width);
        for ((((u, l), &a), &b), &c) in upper.iter_mut().zip(lower.iter_mut()).zip(a).zip(b).zip(c) {
            *u = 2 * u16::from(a) + u16::from(b);
            *l = u16::from(b) + 2 * u16::from(c);
        }
        for blended in [&upper, &lower] {
            for three in blended.chunks_exact(3).take(width / 2) {
                pixels.push(((2 * three[0] + three[1] + 4) / 9) as u8);
                pixels.push(((three[1] + 2 * three[2] + 4) / 9) as u8);
            }
        }
    }
    GreyImage { width, height, pixels }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_averages_blocks_and_drops_the_ragged_edge() {
        let image = GreyImage { width: 5, height: 2, pixels: vec![0, 100, 200, 200, 7, 100, 200, 200, 200, 7] };
        let small = shrink(&image, 2);
        assert_eq!((small.width, small.height), (2, 1));
        assert_eq!(small.pixels, vec![100, 200]);
    }

    #[test]
    fn halving_matches_the_general_block_mean() {
        let pixels: Vec<u8> = (0..7 * 5).map(|i| (i * 37 % 251) as u8).collect();
        let image = GreyImage { width: 7, height: 5, pixels };
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

    #[test]
    fn two_thirds_weighs_each_corner_pixel_most() {
        let mut pixels = vec![0u8; 9];
        pixels[0] = 90; // top-left of the 3×3 block: weight 4 of 9 in the top-left output
        let small = shrink_two_thirds(&GreyImage { width: 3, height: 3, pixels });
        assert_eq!(small.pixels, vec![40, 0, 0, 0]);
    }

    #[test]
    fn two_thirds_of_a_flat_image_is_flat() {
        let image = GreyImage { width: 7, height: 4, pixels: vec![90; 28] };
        let small = shrink_two_thirds(&image);
        assert_eq!((small.width, small.height), (4, 2));
        assert!(small.pixels.iter().all(|&p| p == 90));
    }
}
