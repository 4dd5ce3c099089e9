//! QR codes from camera frames and image files. A first scanner on `rqrr`; the frame checks
//! here hold for every later decoder.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use thiserror::Error;

/// Widest or tallest frame or image accepted, in pixels.
pub const MAX_SIDE: u32 = 16_384;
/// Most pixels in one frame or image (about a 64-megapixel photo).
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;

/// An 8-bit luma (grey) image as a camera delivers it: rows of `width` bytes, `row_stride`
/// bytes apart (the Y plane of Android's YUV_420_888 or iOS's bi-planar buffers).
#[derive(Debug, Clone, Copy)]
pub struct LumaFrame<'a> {
    /// The pixel bytes; row `y` starts at `y * row_stride`.
    pub bytes: &'a [u8],
    /// Pixels per row.
    pub width: u32,
    /// Number of rows.
    pub height: u32,
    /// Bytes from the start of one row to the start of the next (at least `width`).
    pub row_stride: u32,
}

/// Why a frame or image could not be scanned. An image with no code is not an error.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScanError {
    /// Width or height is zero.
    #[error("the frame is empty")]
    EmptyFrame,
    /// The row stride is smaller than the width.
    #[error("row stride {row_stride} is smaller than width {width}")]
    StrideTooSmall {
        /// The frame's width in pixels.
        width: u32,
        /// The stride given.
        row_stride: u32,
    },
    /// The buffer ends before the last row does.
    #[error("the frame needs {needed} bytes but has {actual}")]
    BufferTooShort {
        /// Bytes the geometry requires.
        needed: u64,
        /// Bytes given.
        actual: u64,
    },
    /// The frame or image is larger than [`MAX_SIDE`] or [`MAX_PIXELS`].
    #[error("the frame or image is too large")]
    TooLarge,
    /// The file could not be read or is not a PNG, JPEG or WebP image.
    #[error("unreadable image: {0}")]
    UnreadableImage(String),
    /// The QR decoder failed internally on this frame; nothing was decoded.
    #[error("the QR decoder failed on this frame")]
    DecoderFailure,
}

impl ScanError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::EmptyFrame | ScanError::StrideTooSmall { .. } | ScanError::BufferTooShort { .. } => "invalid_frame",
            ScanError::TooLarge => "too_large",
            ScanError::UnreadableImage(_) => "unreadable_image",
            ScanError::DecoderFailure => "decoder_failure",
        }
    }
}

/// Every QR code text found in `frame`, in the decoder's order (none is an empty list).
pub fn decode_frame(frame: LumaFrame<'_>) -> Result<Vec<String>, ScanError> {
    check_frame(&frame)?;
    let (width, stride) = (frame.width as usize, frame.row_stride as usize);
    let pixels = frame.bytes;
    // rqrr has assertions that some photos trip; a dependency's panic is reported, not propagated.
    catch_unwind(AssertUnwindSafe(|| {
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(width, frame.height as usize, |x, y| pixels[y * stride + x]);
        prepared.detect_grids().into_iter().filter_map(|grid| grid.decode().ok().map(|(_, text)| text)).collect()
    }))
    .map_err(|_| ScanError::DecoderFailure)
}

/// Every QR code text in the image file at `path` (PNG, JPEG or WebP).
pub fn decode_image_file(path: &Path) -> Result<Vec<String>, ScanError> {
    let bytes = std::fs::read(path).map_err(|e| ScanError::UnreadableImage(e.kind().to_string()))?;
    decode_image_bytes(&bytes)
}

/// Every QR code text in an encoded image (PNG, JPEG or WebP).
pub fn decode_image_bytes(bytes: &[u8]) -> Result<Vec<String>, ScanError> {
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
    decode_frame(LumaFrame { bytes: luma.as_raw(), width, height, row_stride: width })
}

/// Checks the frame's geometry against its buffer and the size limits.
fn check_frame(frame: &LumaFrame<'_>) -> Result<(), ScanError> {
    check_size(frame.width, frame.height)?;
    if frame.row_stride < frame.width {
        return Err(ScanError::StrideTooSmall { width: frame.width, row_stride: frame.row_stride });
    }
    let needed = u64::from(frame.height - 1) * u64::from(frame.row_stride) + u64::from(frame.width);
    let actual = frame.bytes.len() as u64;
    if actual < needed {
        return Err(ScanError::BufferTooShort { needed, actual });
    }
    Ok(())
}

/// Refuses empty frames and frames over [`MAX_SIDE`] or [`MAX_PIXELS`].
fn check_size(width: u32, height: u32) -> Result<(), ScanError> {
    if width == 0 || height == 0 {
        return Err(ScanError::EmptyFrame);
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ScanError::TooLarge);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
