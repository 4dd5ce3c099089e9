//! One decode attempt on one grey image with one binarizer: rxing's port of zxing-cpp's QR
//! finder, sampler and decoder. A panic inside rxing is caught here and reported as
//! [`ScanError::DecoderFailure`].

use std::panic::{AssertUnwindSafe, catch_unwind};

use rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use rxing::multi::MultipleBarcodeReader;
use rxing::qrcode::cpp_port::QrReader;
use rxing::{BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Luma8Source, RXingResult};

use super::ScanError;
use super::frame::GreyImage;

/// How grey becomes black and white for one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Threshold {
    /// A threshold per 8×8 block from its 5×5 neighbourhood: copes with shadows and gradients.
    Local,
    /// One threshold for the whole image from its histogram: copes with blur and low contrast.
    Global,
}

/// A code found in one attempt, in that image's pixel coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) text: String,
    pub(crate) corners: Vec<(f32, f32)>,
}

/// Every QR code rxing finds in `image` with `threshold`, on the dark-on-light image and,
/// when `inverted`, on the light-on-dark one.
pub(crate) fn decode(image: &GreyImage, threshold: Threshold, inverted: bool) -> Result<Vec<Found>, ScanError> {
    catch_unwind(AssertUnwindSafe(|| {
        let source = Luma8Source::new_with_slice(&image.pixels, image.width as u32, image.height as u32)
            .map_err(|_| ScanError::DecoderFailure)?;
        Ok(match threshold {
            Threshold::Local => read(BinaryBitmap::new(HybridBinarizer::new(source)), inverted),
            Threshold::Global => read(BinaryBitmap::new(GlobalHistogramBinarizer::new(source)), inverted),
        })
    }))
    .unwrap_or(Err(ScanError::DecoderFailure))
}

fn read<B: Binarizer>(mut bitmap: BinaryBitmap<B>, inverted: bool) -> Vec<Found> {
    let hints = DecodeHints {
        TryHarder: Some(true),
        PossibleFormats: Some([BarcodeFormat::QR_CODE].into_iter().collect()),
        ..DecodeHints::default()
    };
    if inverted {
        bitmap.invert();
    }
    QrReader
        .decode_multiple_with_hints(&mut bitmap, &hints)
        .map(|all| all.iter().map(found).collect())
        .unwrap_or_default()
}

fn found(result: &RXingResult) -> Found {
    Found { text: result.getText().to_owned(), corners: result.getPoints().iter().map(|p| (p.x, p.y)).collect() }
}
