use super::*;
use crate::poster::{PosterLayout, render_png};

/// A rendered poster as a grey frame whose rows are padded to `stride` bytes with noise.
fn padded_frame(text: &str, extra: usize) -> (Vec<u8>, u32, u32, u32) {
    let png = render_png(&PosterLayout::new(text, "Warung").unwrap()).unwrap();
    let grey = image::load_from_memory(&png).unwrap().into_luma8();
    let (width, height) = grey.dimensions();
    let stride = width as usize + extra;
    let mut bytes = vec![0x5a; stride * height as usize];
    for (y, row) in grey.as_raw().chunks(width as usize).enumerate() {
        bytes[y * stride..y * stride + width as usize].copy_from_slice(row);
    }
    (bytes, width, height, stride as u32)
}

#[test]
fn frame_with_padded_rows_decodes() {
    let (bytes, width, height, row_stride) = padded_frame("https://healthpass.example/c#frame", 13);
    let texts = decode_frame(LumaFrame { bytes: &bytes, width, height, row_stride }).unwrap();
    assert_eq!(texts, ["https://healthpass.example/c#frame"]);
}

#[test]
fn inconsistent_frames_are_refused() {
    let bytes = vec![255u8; 100];
    let frame = |width, height, row_stride| LumaFrame { bytes: &bytes, width, height, row_stride };
    assert_eq!(decode_frame(frame(0, 10, 10)), Err(ScanError::EmptyFrame));
    assert_eq!(decode_frame(frame(10, 10, 9)), Err(ScanError::StrideTooSmall { width: 10, row_stride: 9 }));
    assert_eq!(decode_frame(frame(10, 11, 10)), Err(ScanError::BufferTooShort { needed: 110, actual: 100 }));
    assert_eq!(decode_frame(frame(MAX_SIDE + 1, 1, MAX_SIDE + 1)), Err(ScanError::TooLarge));
    assert_eq!(decode_frame(frame(10, 10, 10)), Ok(vec![]));
}

#[test]
fn last_row_needs_only_its_width_not_a_full_stride() {
    let bytes = vec![255u8; 2 * 16 + 10];
    assert_eq!(decode_frame(LumaFrame { bytes: &bytes, width: 10, height: 3, row_stride: 16 }), Ok(vec![]));
}

#[test]
fn garbage_and_truncated_images_are_unreadable() {
    assert_eq!(decode_image_bytes(b"not an image").unwrap_err().code(), "unreadable_image");
    let png = render_png(&PosterLayout::new("https://healthpass.example/c#x", "A").unwrap()).unwrap();
    assert_eq!(decode_image_bytes(&png[..png.len() / 2]).unwrap_err().code(), "unreadable_image");
}

#[test]
fn missing_file_is_unreadable() {
    let error = decode_image_file(std::path::Path::new("/nonexistent/poster.png")).unwrap_err();
    assert_eq!(error.code(), "unreadable_image");
}
