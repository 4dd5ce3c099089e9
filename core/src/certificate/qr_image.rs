//! A certificate's QR code as a PNG, for printing or showing at a counter.

use image::{GrayImage, Luma};
use qrcode::{Color, EcLevel, QrCode};
use thiserror::Error;

/// Pixels per QR module.
const MODULE_PX: u32 = 6;
/// Light modules around the code, as the QR standard asks.
const QUIET_ZONE: u32 = 4;

/// Why a QR image could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QrImageError {
    /// The text does not fit in a QR code.
    #[error("the certificate text does not fit in a QR code")]
    TooLong,
    /// The PNG encoder failed.
    #[error("PNG encoding failed")]
    Png,
}

/// Renders `qr_text` as a PNG QR code (error correction Q, as the EU DCC recommends).
pub fn render_qr_png(qr_text: &str) -> Result<Vec<u8>, QrImageError> {
    let code = QrCode::with_error_correction_level(qr_text.as_bytes(), EcLevel::Q).map_err(|_| QrImageError::TooLong)?;
    let side = u32::try_from(code.width()).map_err(|_| QrImageError::TooLong)?;
    let pixels = (side + 2 * QUIET_ZONE) * MODULE_PX;
    let mut canvas = GrayImage::from_pixel(pixels, pixels, Luma([255]));
    for (index, colour) in code.to_colors().into_iter().enumerate() {
        if colour != Color::Dark {
            continue;
        }
        let index = u32::try_from(index).map_err(|_| QrImageError::TooLong)?;
        let (x, y) = ((index % side + QUIET_ZONE) * MODULE_PX, (index / side + QUIET_ZONE) * MODULE_PX);
        for dy in 0..MODULE_PX {
            for dx in 0..MODULE_PX {
                canvas.put_pixel(x + dx, y + dy, Luma([0]));
            }
        }
    }
    let mut png = Vec::new();
    canvas.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).map_err(|_| QrImageError::Png)?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_code_scans_back_to_its_text() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/certs/nzcp/valid/nzcp.txt")).unwrap();
        let png = render_qr_png(text.trim()).unwrap();
        assert_eq!(crate::scan::decode_image_bytes(&png).unwrap(), vec![text.trim().to_owned()]);
    }
}
