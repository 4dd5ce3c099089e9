//! QR texts from camera frames, for shells that want to decode before deciding what to do
//! (a later certificate scanner uses the same frames).

use healthpass_core::scan::{self, LumaFrame};

use crate::HealthpassError;

/// Every QR code text in an 8-bit luma camera frame: `width` × `height` pixels, rows
/// `row_stride` bytes apart (Android's YUV_420_888 Y plane, iOS's bi-planar Y plane).
/// A frame without a code gives an empty list; [`HealthpassError::InvalidFrame`] when the
/// geometry does not fit the bytes.
#[uniffi::export]
pub fn decode_frame(luma: Vec<u8>, width: u32, height: u32, row_stride: u32) -> Result<Vec<String>, HealthpassError> {
    Ok(scan::decode_frame(LumaFrame { bytes: &luma, width, height, row_stride })?)
}
