//! The recovery sheet: the recovery code as text and as a QR code, to print (PDF) or keep as
//! an image (PNG). Shown once, when backup is switched on; the phone keeps no copy it shows again.
//!
//! The PNG is drawn by the poster renderer with the sheet's own lines. The PDF is one A4 page
//! written here: the QR as filled rectangles and the text in PDF's built-in Helvetica and
//! Courier, so no font is embedded and the file stays about 10 KB.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

use super::recovery_code::RecoveryCode;
use crate::poster::{PosterLayout, RenderError, render_png};

/// The sheet's instruction in Bahasa Indonesia.
pub const SHEET_INSTRUCTION_ID: &str = "Kode pemulihan cadangan healthpass. Simpan di tempat aman.";
/// The sheet's instruction in English.
pub const SHEET_INSTRUCTION_EN: &str = "healthpass backup recovery code. Keep it safe and private.";

/// A4 in PDF points.
const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
/// Side of the printed QR code (with its quiet zone), in points: about 9 cm.
const QR_SIDE: f32 = 255.0;
/// Light modules around the code.
const QUIET_ZONE: usize = 4;

/// The sheet as a PNG file's bytes.
pub fn recovery_sheet_png(code: &RecoveryCode) -> Result<Vec<u8>, RenderError> {
    let text = code.to_text();
    render_png(&PosterLayout::with_instructions(&text, &text, [SHEET_INSTRUCTION_ID, SHEET_INSTRUCTION_EN])?)
}

/// The sheet as a one-page A4 PDF file's bytes.
pub fn recovery_sheet_pdf(code: &RecoveryCode) -> Result<Vec<u8>, RenderError> {
    let text = code.to_text();
    let qr = QrCode::with_error_correction_level(&text, EcLevel::Q).map_err(|_| RenderError::TooLong)?;
    let side = qr.width();
    let dark: Vec<bool> = qr.into_colors().into_iter().map(|c| c == Color::Dark).collect();
    let module = QR_SIDE / (side + 2 * QUIET_ZONE) as f32;
    let left = (PAGE_WIDTH - QR_SIDE) / 2.0 + QUIET_ZONE as f32 * module;
    let top = PAGE_HEIGHT - 140.0 - QUIET_ZONE as f32 * module;
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
        ("F1", 20.0, "healthpass", PAGE_HEIGHT - 90.0),
        ("F2", 22.0, text.as_str(), PAGE_HEIGHT - 460.0),
        ("F1", 12.0, SHEET_INSTRUCTION_ID, PAGE_HEIGHT - 510.0),
        ("F1", 12.0, SHEET_INSTRUCTION_EN, PAGE_HEIGHT - 530.0),
    ];
    for (font, size, line, baseline) in lines {
        let width = text_width(font, size, line);
        let _ =
            writeln!(page, "BT /{font} {size} Tf {:.2} {baseline:.2} Td ({}) Tj ET", (PAGE_WIDTH - width) / 2.0, escape(line));
    }
    Ok(one_page_pdf(&page))
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

/// A PDF 1.4 file with one A4 page drawing `content`, Helvetica as /F1 and Courier-Bold as /F2.
fn one_page_pdf(content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
             /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding /WinAnsiEncoding >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        let _ = write!(pdf, "{} 0 obj\n{object}\nendobj\n", i + 1);
    }
    let xref = pdf.len();
    let _ = write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(pdf, "{offset:010} 00000 n ");
    }
    let _ = write!(pdf, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
    pdf.into_bytes()
}
