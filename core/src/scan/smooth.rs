//! Smoothing for photographed screens: a phone or monitor shows a code through a grid of
//! pixels with dark gaps between them, and the camera's own grid beats against it into moiré.
//! Thresholded as it is, the gaps break a module into dark specks and light modules into
//! stripes, so finder patterns lose their 1:1:3:1:1 runs. A 5×5 box mean fills gaps up to about
//! two camera pixels wide and keeps modules of three or more pixels.

use super::frame::GreyImage;

/// Pixels on each side of the centre that the mean covers (a 5×5 window).
const RADIUS: usize = 2;
/// Pixels in the window.
const AREA: u16 = ((2 * RADIUS + 1) * (2 * RADIUS + 1)) as u16;

/// Rows of horizontal sums kept at once: the window's rows and the one entering it.
const RING: usize = 2 * RADIUS + 2;

/// `image` with each pixel the mean of the 5×5 pixels around it, the border repeated outwards.
/// Only the output is a frame-sized allocation: each row's horizontal sums live in a ring of
/// six rows, and the window's column sums move down a row at a time.
pub(crate) fn box_mean<'a>(image: &GreyImage<'a>) -> GreyImage<'a> {
    let (width, height) = (image.width, image.height);
    if width == 0 || height == 0 {
        return image.clone();
    }
    let radius = RADIUS as isize;
    let mut padded = vec![0u16; width + 2 * RADIUS];
    // Slot `(k + RADIUS) % RING` holds the horizontal sums of row `k` (clamped into the image),
    // each at most 5 × 255 so `u16` holds them; the column sums at most 25 × 255.
    let mut ring = vec![0u16; RING * width];
    let mut fill = |k: isize, ring: &mut [u16]| {
        let row = &image.pixels[k.clamp(0, height as isize - 1) as usize * width..][..width];
        let slot = (k + radius) as usize % RING;
        horizontal_sums(row, &mut padded, &mut ring[slot * width..][..width]);
    };
    let mut columns = vec![0u16; width];
    for k in -radius..=radius {
        fill(k, &mut ring);
        let slot = (k + radius) as usize % RING;
        for (c, &s) in columns.iter_mut().zip(&ring[slot * width..][..width]) {
            *c += s;
        }
    }
    let mut pixels = vec![0u8; width * height];
    for (y, out) in pixels.chunks_exact_mut(width).enumerate() {
        for (o, &c) in out.iter_mut().zip(&columns) {
            *o = ((c + AREA / 2) / AREA) as u8;
        }
        // Row `y + RADIUS + 1` enters the window, row `y - RADIUS` leaves it; the entering row's
        // slot held row `y - RADIUS - 1`, which left at the previous step.
        let (entering, leaving) = (y as isize + radius + 1, y as isize - radius);
        fill(entering, &mut ring);
        let (add, drop) = ((entering + radius) as usize % RING, (leaving + radius) as usize % RING);
        let (add, drop) = (&ring[add * width..][..width], &ring[drop * width..][..width]);
        for ((c, &a), &d) in columns.iter_mut().zip(add).zip(drop) {
            *c = *c + a - d;
        }
    }
    GreyImage { width, height, pixels: pixels.into() }
}

/// The sums of five neighbouring pixels of `row` (its border repeated) into `sums`, via the
/// scratch `padded` row: five shifted slices added elementwise, so it vectorises.
fn horizontal_sums(row: &[u8], padded: &mut [u16], sums: &mut [u16]) {
    let width = row.len();
    padded[..RADIUS].fill(u16::from(row[0]));
    padded[RADIUS + width..].fill(u16::from(row[width - 1]));
    for (p, &v) in padded[RADIUS..RADIUS + width].iter_mut().zip(row) {
        *p = u16::from(v);
    }
    sums.copy_from_slice(&padded[..width]);
    for shift in 1..=2 * RADIUS {
        for (s, &p) in sums.iter_mut().zip(&padded[shift..shift + width]) {
            *s += p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 5×5 mean at (`x`, `y`) computed pixel by pixel, the border repeated.
    fn mean_at(image: &GreyImage<'_>, x: usize, y: usize) -> u8 {
        let clamp = |v: isize, n: usize| v.clamp(0, n as isize - 1) as usize;
        let mut sum = 0u32;
        for dy in -2..=2isize {
            for dx in -2..=2isize {
                let (px, py) = (clamp(x as isize + dx, image.width), clamp(y as isize + dy, image.height));
                sum += u32::from(image.pixels[py * image.width + px]);
            }
        }
        ((sum + 12) / 25) as u8
    }

    #[test]
    fn each_pixel_is_the_mean_of_its_window() {
        for (width, height) in [(1, 1), (3, 7), (17, 9), (64, 5)] {
            let pixels: Vec<u8> = (0..width * height).map(|i| (i * 97 % 256) as u8).collect();
            let image = GreyImage { width, height, pixels: pixels.into() };
            let smooth = box_mean(&image);
            for y in 0..height {
                for x in 0..width {
                    assert_eq!(smooth.pixels[y * width + x], mean_at(&image, x, y), "{width}x{height} at {x},{y}");
                }
            }
        }
    }

    #[test]
    fn a_screen_grid_is_averaged_to_a_third_of_its_spread() {
        // Light pixels two wide with one-pixel dark gaps, as a screen's grid photographed.
        let (width, height) = (30, 30);
        let pixels: Vec<u8> =
            (0..width * height).map(|i| if (i % width) % 3 == 2 || (i / width) % 3 == 2 { 40 } else { 220 }).collect();
        let smooth = box_mean(&GreyImage { width, height, pixels: pixels.into() });
        let inner: Vec<u8> =
            (5..25).flat_map(|y| (5..25).map(move |x| (x, y))).map(|(x, y)| smooth.pixels[y * width + x]).collect();
        let (low, high) = (inner.iter().min().unwrap(), inner.iter().max().unwrap());
        assert!(3 * (high - low) < 220 - 40, "the grid is averaged away: {low}..{high}");
    }
}
