//! QR codes from camera frames and image files.
//!
//! The pipeline (see `pipeline.rs`) packs the frame, shrinks very large ones, and runs an
//! escalation plan of attempts — local threshold first, then inverted codes, other scales and
//! a global threshold — stopping at the first attempt that finds anything or when the work cap
//! per frame is spent. Each attempt uses rxing's port of zxing-cpp's QR reader, which read
//! 119 of 137 corpus photos where rqrr read 56 (see `../shared/corpus/README.md`); a panic
//! inside it is caught and reported as [`ScanError::DecoderFailure`].

mod binarize;
mod decoder;
mod error;
mod frame;
mod image_file;
mod pipeline;
mod scale;

use std::path::Path;

pub use error::ScanError;
pub use frame::{LumaFrame, Rotation};
pub use image_file::{load_grey, scan_image_bytes, scan_image_file};

/// Widest or tallest frame or image accepted, in pixels.
pub const MAX_SIDE: u32 = 16_384;
/// Most pixels in one frame or image (about a 64-megapixel photo).
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;

/// One QR code found in a frame.
#[derive(Debug, Clone, PartialEq)]
pub struct ScannedCode {
    /// The decoded text.
    pub text: String,
    /// The code's corners in upright picture pixels (after the frame's [`Rotation`]), as the
    /// decoder reports them: usually four, clockwise from the top-left finder pattern.
    pub corners: Vec<(f32, f32)>,
}

/// Every QR code found in `frame`, whose sensor image is turned by `rotation` to be upright.
/// No code is an empty list; a malformed frame is an error, never a panic.
pub fn scan_frame(frame: LumaFrame<'_>, rotation: Rotation) -> Result<Vec<ScannedCode>, ScanError> {
    let image = frame::GreyImage::from_frame(&frame)?;
    let found = pipeline::run(&image)?;
    let mut codes: Vec<ScannedCode> = Vec::with_capacity(found.len());
    for f in found {
        if codes.iter().any(|c| c.text == f.text) {
            continue;
        }
        let corners = f.corners.into_iter().map(|p| rotation.apply(p, frame.width, frame.height)).collect();
        codes.push(ScannedCode { text: f.text, corners });
    }
    Ok(codes)
}

/// Every QR code text found in `frame`, in the decoder's order (none is an empty list).
pub fn decode_frame(frame: LumaFrame<'_>) -> Result<Vec<String>, ScanError> {
    texts(scan_frame(frame, Rotation::None))
}

/// Every QR code text in the image file at `path` (PNG, JPEG or WebP).
pub fn decode_image_file(path: &Path) -> Result<Vec<String>, ScanError> {
    texts(scan_image_file(path))
}

/// Every QR code text in an encoded image (PNG, JPEG or WebP).
pub fn decode_image_bytes(bytes: &[u8]) -> Result<Vec<String>, ScanError> {
    texts(scan_image_bytes(bytes))
}

fn texts(codes: Result<Vec<ScannedCode>, ScanError>) -> Result<Vec<String>, ScanError> {
    codes.map(|codes| codes.into_iter().map(|c| c.text).collect())
}

#[cfg(test)]
mod tests;
