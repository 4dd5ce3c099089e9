//! Camera frames: geometry checks, the packed grey image the pipeline works on, and the
//! sensor rotation that maps decoder coordinates to upright ones.

use std::borrow::Cow;

use super::{MAX_PIXELS, MAX_SIDE, ScanError};

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

/// How far the sensor image must be turned clockwise to appear upright (Android's
/// `ImageInfo.rotationDegrees`, iOS's orientation). Corner points are reported upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rotation {
    /// The frame is already upright.
    #[default]
    None,
    /// Turn 90° clockwise.
    Clockwise90,
    /// Turn 180°.
    Clockwise180,
    /// Turn 270° clockwise (90° counter-clockwise).
    Clockwise270,
}

impl Rotation {
    /// The rotation for a clockwise angle in degrees; `None` for angles that are not a multiple of 90.
    pub fn from_degrees(degrees: i32) -> Option<Rotation> {
        match degrees.rem_euclid(360) {
            0 => Some(Rotation::None),
            90 => Some(Rotation::Clockwise90),
            180 => Some(Rotation::Clockwise180),
            270 => Some(Rotation::Clockwise270),
            _ => None,
        }
    }

    /// Maps a point of a `width`×`height` sensor frame to the upright picture.
    pub(crate) fn apply(self, (x, y): (f32, f32), width: u32, height: u32) -> (f32, f32) {
        let (w, h) = (width as f32, height as f32);
        match self {
            Rotation::None => (x, y),
            Rotation::Clockwise90 => (h - y, x),
            Rotation::Clockwise180 => (w - x, h - y),
            Rotation::Clockwise270 => (y, w - x),
        }
    }
}

/// A packed grey image the pipeline works on: `width * height` bytes, no padding; a camera
/// frame's own bytes when its rows are packed, else a copy.
#[derive(Debug, Clone)]
pub(crate) struct GreyImage<'a> {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) pixels: Cow<'a, [u8]>,
}

impl<'a> GreyImage<'a> {
    /// A checked frame as a packed image: its bytes borrowed when rows are not padded, else
    /// copied into a packed buffer (camera rows are often padded).
    pub(crate) fn from_frame(frame: &LumaFrame<'a>) -> Result<GreyImage<'a>, ScanError> {
        check_frame(frame)?;
        let (width, height, stride) = (frame.width as usize, frame.height as usize, frame.row_stride as usize);
        if stride == width {
            let pixels = frame.bytes.get(..width * height).ok_or(ScanError::DecoderFailure)?;
            return Ok(GreyImage { width, height, pixels: Cow::Borrowed(pixels) });
        }
        let mut pixels = Vec::with_capacity(width * height);
        for row in frame.bytes.chunks(stride).take(height) {
            pixels.extend_from_slice(row.get(..width).ok_or(ScanError::DecoderFailure)?);
        }
        if pixels.len() != width * height {
            return Err(ScanError::DecoderFailure);
        }
        Ok(GreyImage { width, height, pixels: Cow::Owned(pixels) })
    }
}

/// Checks the frame's geometry against its buffer and the size limits.
pub(crate) fn check_frame(frame: &LumaFrame<'_>) -> Result<(), ScanError> {
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
pub(crate) fn check_size(width: u32, height: u32) -> Result<(), ScanError> {
    if width == 0 || height == 0 {
        return Err(ScanError::EmptyFrame);
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ScanError::TooLarge);
    }
    Ok(())
}
