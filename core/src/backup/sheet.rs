//! The recovery sheet: the recovery code as text and as a QR code, to print (PDF) or keep as
//! an image (PNG). Shown once, when backup is switched on; the phone keeps no copy it shows again.
//! Also the modules of any short text's QR code ([`qr_modules`]), so the phones draw the
//! recovery code and the transfer offer on screen with the same encoding the sheet prints.
//!
//! The PNG is drawn by the poster renderer with the sheet's own lines (only with the `posters`
//! feature: it embeds a font). The PDF is one A4 page written here: the QR as filled rectangles
//! and the text in PDF's built-in Helvetica and Courier, so no font is embedded and the file
//! stays about 10 KB.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};
use thiserror::Error;

use super::recovery_code::RecoveryCode;
use crate::a4_pdf::{A4_HEIGHT_PT, A4_WIDTH_PT, one_page_a4};
#[cfg(feature = "posters")]
use crate::poster::{PosterLayout, RenderError, render_png};

/// The sheet's instruction in Bahasa Indonesia.
pub const SHEET_INSTRUCTION_ID: &str = "Kode pemulihan cadangan healthpass. Simpan di tempat aman.";
/// The sheet's instruction in English.
pub const SHEET_INSTRUCTION_EN: &str = "healthpass backup recovery code. Keep it safe and private.";

/// Side of the printed QR code (with its quiet zone), in points: about 9 cm.
const QR_SIDE: f32 = 255.0;
/// Light modules around the code.
const QUIET_ZONE: usize = 4;

/// A QR code too large for the text it was asked to carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the text does not fit in a QR code")]
pub struct TooLongForQr;

/// A QR code's modules (without the quiet zone, which the drawer adds: four light modules on
/// every side), row by row from the top left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrModules {
    /// Modules per row and per column.
    pub side: usize,
    /// `side × side` modules, row after row; `true` is dark.
    pub dark: Vec<bool>,
}

/// The QR code of `text` (error correction level Q: a quarter of the code may be lost), as
/// printed on the sheet and shown on the phones. [`TooLongForQr`] past what the largest code
/// holds at that level (1,663 bytes of arbitrary text).
pub fn qr_modules(text: &str) -> Result<QrModules, TooLongForQr> {
    let qr = QrCode::with_error_correction_level(text, EcLevel::Q).map_err(|_| TooLongForQr)?;
    let side = qr.width();
    Ok(QrModules { side, dark: qr.into_colors().into_iter().map(|c| c == Color::Dark).collect() })
}

/// The sheet as a PNG file's bytes.
#[cfg(feature = "posters")]
pub fn recovery_sheet_png(code: &RecoveryCode) -> Result<Vec<u8>, RenderError> {
    let text = code.to_text();
    render_png(&PosterLayout::with_instructions(&text, &text, [SHEET_INSTRUCTION_ID, SHEET_INSTRUCTION_EN])?)
}

/// The sheet as a one-page A4 PDF file's bytes.
pub fn recovery_sheet_pdf(code: &RecoveryCode) -> Result<Vec<u8>, TooLongForQr> {
    let text = code.to_text();
    let QrModules { side, dark } = qr_modules(&text)?;
    let module = QR_SIDE / (side + 2 * QUIET_ZONE) as f32;
    let left = (A4_WIDTH_PT - QR_SIDE) / 2.0 + QUIET_ZONE as f32 * module;
    let top = A4_HEIGHT_PT - 140.0 - QUIET_ZONE as f32 * module;
    let mut page = String::from("0 g\n");
    for y in 0..side {
        let mut x = 0;
        while x < side {
            if !dark[y * side + x] {
                x += 1;
                continue;
            }
            let run = dark[y * side + x..(y + 1) * side].iter().take_while(|d| **d).count();
            let (px, py) = (left + x as f32 * module, top - (y + 1) as f32 * module);
            let _ = writeln!(page, "{px:.2} {py:.2} {:.2} {module:.2} re", run as f32 * module);
            x += run;
        }
    }
    page.push_str("f\n");
    let lines = [
        ("F1", 20.0, "healthpass", A4_HEIGHT_PT - 90.0),
        ("F2", 22.0, text.as_str(), A4_HEIGHT_PT - 460.0),
        ("F1", 12.0, SHEET_INSTRUCTION_ID, A4_HEIGHT_PT - 510.0),
        ("F1", 12.0, SHEET_INSTRUCTION_EN, A4_HEIGHT_PT - 530.0),
    ];
    for (font, size, line, baseline) in lines {
        let width = text_width(font, size, line);
        let _ =
            writeln!(page, "BT /{font} {size} Tf {:.2} {baseline:.2} Td ({}) Tj ET", (A4_WIDTH_PT - width) / 2.0, escape(line));
    }
    Ok(one_page_a4(&page, ["Helvetica", "Courier-Bold"]))
}

/// Approximate width of `text` in points: Courier is monospaced (0.6 em); Helvetica is taken
/// at its average of 0.5 em, close enough to centre a line.
fn text_width(font: &str, size: f32, text: &str) -> f32 {
    let em = if font == "F2" { 0.6 } else { 0.5 };
    text.chars().count() as f32 * size * em
}

/// `text` as a PDF string body: backslashes and parentheses escaped.
fn escape(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        if matches!(c, '\\' | '(' | ')') {
            out.push('\\');
        }
        out.push(c);
        out
    })
}
