//! A one-page A4 PDF file written by hand: the pages healthpass prints (the venue poster, the
//! backup recovery sheet) need only two standard fonts, text and filled rectangles, so a few
//! objects and a cross-reference table do, with no PDF library to link.

use std::fmt::Write;

/// A4 width in points (210 mm, rounded to the whole point as PDF writers do).
pub const A4_WIDTH_PT: f32 = 595.0;
/// A4 height in points (297 mm, rounded to the whole point).
pub const A4_HEIGHT_PT: f32 = 842.0;

/// A PDF 1.4 file with one A4 page drawing `content`, with the standard Type 1 fonts
/// `fonts[0]` as /F1 and `fonts[1]` as /F2 (WinAnsi encoding, nothing embedded).
pub(crate) fn one_page_a4(content: &str, fonts: [&str; 2]) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4_WIDTH_PT} {A4_HEIGHT_PT}] \
             /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ),
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>", fonts[0]),
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>", fonts[1]),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        let _ = write!(pdf, "{} 0 obj\n{object}\nendobj\n", index + 1);
    }
    let xref = pdf.len();
    let _ = write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(pdf, "{offset:010} 00000 n ");
    }
    let _ = write!(pdf, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
    pdf.into_bytes()
}
