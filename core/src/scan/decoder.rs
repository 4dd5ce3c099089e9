//! One decode attempt on one black-and-white matrix: rxing's port of zxing-cpp's QR finder,
//! sampler and decoder. A panic inside rxing is caught here and reported as
//! [`ScanError::DecoderFailure`].

use std::panic::{AssertUnwindSafe, catch_unwind};

use rxing::common::BitMatrix;
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, RXingResult};

use super::ScanError;
use super::binarize::Binarized;
use super::frame::GreyImage;

/// A code found in one attempt, in that image's pixel coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) text: String,
    pub(crate) corners: Vec<(f32, f32)>,
}

/// Every QR code rxing finds in `matrix` (the binarised `image`).
pub(crate) fn decode(image: &GreyImage, matrix: BitMatrix) -> Result<Vec<Found>, ScanError> {
    catch_unwind(AssertUnwindSafe(|| {
        let binarized = Binarized::new(image, matrix).map_err(|_| ScanError::DecoderFailure)?;
        let mut bitmap = BinaryBitmap::new(binarized);
        let hints = DecodeHints {
            TryHarder: Some(true),
            PossibleFormats: Some([BarcodeFormat::QR_CODE].into_iter().collect()),
            ..DecodeHints::default()
        };
        Ok(QrReader
            .decode_multiple_with_hints(&mut bitmap, &hints)
            .map(|all| all.iter().map(found).collect())
            .unwrap_or_default())
    }))
    .unwrap_or(Err(ScanError::DecoderFailure))
}

fn found(result: &RXingResult) -> Found {
    Found { text: result.getText().to_owned(), corners: result.getPoints().iter().map(|p| (p.x, p.y)).collect() }
}
