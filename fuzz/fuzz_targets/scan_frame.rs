//! Camera frames: arbitrary geometry, stride, rotation and pixels through the whole scan
//! pipeline. The first four bytes choose width, height, row padding and rotation (flag bit 7 of
//! the third keeps the buffer as given, so short buffers are tried too); the rest are pixels,
//! repeated to fill the frame.
#![no_main]

use healthpass_core::scan::{LumaFrame, Rotation, scan_frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [w, h, pad, rot, pixels @ ..] = data else { return };
    let (width, height) = (u32::from(*w) + 1, u32::from(*h) + 1);
    let row_stride = width + u32::from(pad & 0x0f);
    let rotation = Rotation::from_degrees(i32::from(rot % 4) * 90).unwrap_or_default();
    let needed = (row_stride * height) as usize;
    let bytes: Vec<u8> = if pad & 0x80 != 0 || pixels.is_empty() {
        pixels.to_vec()
    } else {
        pixels.iter().copied().cycle().take(needed).collect()
    };
    if let Ok(codes) = scan_frame(LumaFrame { bytes: &bytes, width, height, row_stride }, rotation) {
        for code in codes {
            assert!(code.corners.iter().all(|(x, y)| x.is_finite() && y.is_finite()), "corner is not a number");
        }
    }
});
