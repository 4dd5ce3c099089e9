//! Encoded images (PNG, JPEG, WebP) to grey frames, within the size limits.

use std::path::Path;

use super::frame::Rotation;
use super::{LumaFrame, MAX_PIXELS, MAX_SIDE, ScanError, ScannedCode, scan_frame};

/// Decodes an encoded image to packed 8-bit grey: `(pixels, width, height)`.
pub fn load_grey(bytes: &[u8]) -> Result<(Vec<u8>, u32, u32), ScanError> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ScanError::UnreadableImage(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let luma = reader
        .decode()
        .map_err(|e| match e {
            image::ImageError::Limits(_) => ScanError::TooLarge,
            other => ScanError::UnreadableImage(other.to_string()),
        })?
        .into_luma8();
    let (width, height) = luma.dimensions();
    Ok((luma.into_raw(), width, height))
}

/// Every QR code in the image file at `path` (PNG, JPEG or WebP).
pub fn scan_image_file(path: &Path) -> Result<Vec<ScannedCode>, ScanError> {
    let bytes = std::fs::read(path).map_err(|e| ScanError::UnreadableImage(e.kind().to_string()))?;
    scan_image_bytes(&bytes)
}

/// Every QR code in an encoded image (PNG, JPEG or WebP).
pub fn scan_image_bytes(bytes: &[u8]) -> Result<Vec<ScannedCode>, ScanError> {
    let (pixels, width, height) = load_grey(bytes)?;
    scan_frame(LumaFrame { bytes: &pixels, width, height, row_stride: width }, Rotation::None)
}
