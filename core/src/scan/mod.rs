//! QR codes from camera frames and image files.
//!
//! One concern per file:
//! - `frame.rs`: frame geometry checks, packing padded rows, sensor [`Rotation`].
//! - `scale.rs`: area-average shrinking (÷2, ÷3; ÷4 as half of the half-size image).
//! - `smooth.rs`: a 5×5 box mean that averages a photographed screen's pixel grid away.
//! - `contrast.rs`: dim and hazy frames' narrow band of grey stretched to the full range.
//! - `binarize.rs`: our own local (8×8 blocks, 5×5 neighbourhood; edges from 12 levels of
//!   spread, or 24 for the smoothed screen attempt) and global (histogram valley) thresholds,
//!   written to rxing's `BitMatrix`.
//! - `finder.rs`: finder patterns of both polarities from one run scan over packed rows,
//!   each row candidate's column, row and diagonals tested (as rxing's locator would, but on
//!   packed words) before rxing's concentric-pattern locator confirms it.
//! - `transpose.rs`: the black-and-white image's columns as packed words, for column walks.
//! - `decoder.rs`: rxing's port of zxing-cpp's QR pattern grouping and sampler, driven here
//!   with caps on finder candidates and triples; panics are caught at this edge.
//! - `triples.rs`: finder-pattern triples of strongly tilted codes (corner angles up to
//!   140°, every pattern tried as the corner), sampled after rxing's own triples.
//! - `pairs.rs`: triples completed from two located patterns with the third one's estimate
//!   (moiré or glare on a screen often hides one), sampled last.
//! - `symbol.rs`: a sampled symbol to text — rxing's format, version and codeword parsers and
//!   bit-stream decoder around our Reed–Solomon; rxing's full decoder as the fallback.
//! - `reed_solomon.rs`: error correction of QR blocks over GF(256).
//! - `pipeline.rs`: the escalation plan — full-size local, half-size global and quarter-size
//!   local thresholds first (large frames: both half sizes, then full size); then half size
//!   with the local threshold once two finder patterns were seen, the smoothed full size
//!   (screens) once two attempts located two of them, the full size with zxing-cpp's
//!   mid-range threshold once they located one, and the full-size global threshold once
//!   three were seen. Once a code is read, later attempts run only while two or more located
//!   finder patterns lie outside every code read (another code is there, unread; located by
//!   one attempt is then enough), and the codes of all attempts are merged, so a frame with
//!   many codes gives all of them. Work per frame is bounded: pixels binarised (a cap per
//!   frame) and finder-pattern triples sampled (a cap per attempt). Every attempt reads
//!   light-on-dark codes too.
//! - `region.rs`: the part of an image a read code covers, so that its own finder patterns
//!   (and look-alikes in its data) start no more triples and no more attempts.
//! - `image_file.rs`: PNG, JPEG and WebP files to grey frames, within the size limits.
//!
//! Why rxing's reader and not rqrr: measured on `../shared/corpus` (zxing-cpp's own test
//! photos), rqrr alone read 56 of 137 codes at ~7 ms median and panics on one photo; one
//! rxing attempt read 119. With this pipeline: 129 of 137 (zxing-cpp 3.1.1 with
//! `formats=QRCode`: 123), no false positive on 46 negatives — `benches/scan_compare.py`
//! prints the full table with decode times. Median decode per photo in the same run (best of
//! nine): 0.12 ms on the codes (zxing-cpp 0.14), 0.35 ms on the negatives (zxing-cpp 0.53).

mod binarize;
mod contrast;
mod corner;
mod decoder;
mod error;
mod finder;
mod frame;
#[cfg(feature = "image-files")]
mod image_file;
mod pairs;
mod pipeline;
mod reed_solomon;
mod region;
mod ring;
mod scale;
mod smooth;
mod symbol;
mod transpose;
mod triples;

pub use error::ScanError;
pub use frame::{LumaFrame, Rotation};
#[cfg(feature = "image-files")]
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
#[cfg(feature = "image-files")]
pub fn decode_image_file(path: &std::path::Path) -> Result<Vec<String>, ScanError> {
    texts(scan_image_file(path))
}

/// Every QR code text in an encoded image (PNG, JPEG or WebP).
#[cfg(feature = "image-files")]
pub fn decode_image_bytes(bytes: &[u8]) -> Result<Vec<String>, ScanError> {
    texts(scan_image_bytes(bytes))
}

fn texts(codes: Result<Vec<ScannedCode>, ScanError>) -> Result<Vec<String>, ScanError> {
    codes.map(|codes| codes.into_iter().map(|c| c.text).collect())
}

#[cfg(test)]
mod tests;
