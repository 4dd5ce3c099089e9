//! Levels for dim and flat frames: an under-exposed or hazy frame uses only a narrow band of
//! grey, where both thresholds lose the code — the local one takes blocks with less than its
//! fixed spread for flat, the global one's histogram buckets merge ink and paper. Stretching
//! that band to the full range (a monotonic map, so no threshold's order changes) gives both
//! the spread they were tuned for.

use super::frame::GreyImage;

/// A band of grey at least this wide (in levels, holding all but the darkest and lightest
/// 1 % of pixels) is left as it is.
const MIN_SPAN: usize = 96;
/// Share of pixels, in thousandths, left outside the band at each end (specular highlights,
/// black borders).
const TAIL_PER_MILLE: usize = 10;

/// `image` with its band of grey stretched to 0–255, or `None` when the band is wide enough.
pub(crate) fn stretched(image: &GreyImage<'_>) -> Option<GreyImage<'static>> {
    let mut histogram = [0usize; 256];
    // Every fourth pixel of every fourth row is plenty for the band's ends, and costs a
    // sixteenth of a pass over the frame.
    for row in image.pixels.chunks_exact(image.width.max(1)).step_by(4) {
        for &p in row.iter().step_by(4) {
            histogram[usize::from(p)] += 1;
        }
    }
    let total: usize = histogram.iter().sum();
    let tail = total * TAIL_PER_MILLE / 1000;
    let past_tail = |mut levels: Box<dyn Iterator<Item = usize>>| {
        let mut seen = 0;
        levels.find(|&level| {
            seen += histogram[level];
            seen > tail
        })
    };
    let low = past_tail(Box::new(0..256))?;
    let high = past_tail(Box::new((0..256).rev()))?;
    if high <= low || high - low >= MIN_SPAN {
        return None;
    }
    let span = high - low;
    let levels: Vec<u8> = (0..256).map(|p: usize| ((p.clamp(low, high) - low) * 255 / span) as u8).collect();
    let pixels: Vec<u8> = image.pixels.iter().map(|&p| levels[usize::from(p)]).collect();
    Some(GreyImage { width: image.width, height: image.height, pixels: pixels.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dim_frame_is_stretched_to_the_full_range_in_order() {
        // A ramp over the 40 levels 10..=49, one level a column.
        let pixels: Vec<u8> = (0..40 * 40).map(|i| 10 + (i % 40) as u8).collect();
        let bright =
            stretched(&GreyImage { width: 40, height: 40, pixels: pixels.into() }).expect("a band of 40 levels is stretched");
        let ramp = &bright.pixels[..40];
        assert_eq!((ramp[0], ramp[39]), (0, 255));
        assert!(ramp.windows(2).all(|pair| pair[0] <= pair[1]), "{ramp:?}");
        let mut levels = ramp.to_vec();
        levels.dedup();
        assert!(levels.len() > 30, "the band's levels stay apart: {ramp:?}");
    }

    #[test]
    fn a_well_exposed_or_flat_frame_is_left_alone() {
        let full: Vec<u8> = (0..256 * 16).map(|i| (i % 256) as u8).collect();
        assert!(stretched(&GreyImage { width: 256, height: 16, pixels: full.into() }).is_none());
        assert!(stretched(&GreyImage { width: 64, height: 64, pixels: vec![77; 64 * 64].into() }).is_none());
    }
}
