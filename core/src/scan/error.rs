//! Why a frame or image could not be scanned.

use thiserror::Error;

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
    /// The frame or image is larger than [`super::MAX_SIDE`] or [`super::MAX_PIXELS`].
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
