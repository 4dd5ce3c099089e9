//! The poster as a one-page A4 PDF, written by hand: the PDF needed here is small (two standard
//! fonts, text and filled rectangles), so a few objects and a cross-reference table do, with no
//! PDF library to link. The code is drawn as vector rectangles, so it prints sharp at any size.
//!
//! Page (points, origin bottom left): the venue name and category at the top, the code in the
//! middle at [`CODE_FRAME_CM`] including its quiet zone, the instructions in Bahasa Indonesia
//! and English under it, the validity at the bottom.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::layout::{PosterLayout, QUIET_ZONE};
use crate::a4_pdf::{A4_HEIGHT_PT, A4_WIDTH_PT, one_page_a4};
use crate::venue::{STEPS_EN, STEPS_ID, VenueCategory, category_label};

/// Side of the code including its quiet zone, in centimetres; the code itself is at least
/// 8 cm for any poster (quiet zone 4 modules on each side of at least 21).
pub const CODE_FRAME_CM: f32 = 13.5;
/// Points per centimetre.
const PT_PER_CM: f32 = 72.0 / 2.54;
/// Left and right margin, in points (2 cm).
const MARGIN: f32 = 2.0 * PT_PER_CM;

/// What the PDF prints besides the code and the name.
#[derive(Debug, Clone)]
pub struct PrintedDetails {
    /// The venue's category, printed in both languages.
    pub category: VenueCategory,
    /// First instant the poster is valid.
    pub valid_from: DateTime<Utc>,
    /// Instant the poster stops being valid.
    pub valid_until: DateTime<Utc>,
}

/// One line of text: font (`F1` regular, `F2` bold), size in points, and the text.
struct Line<'a> {
    bold: bool,
    size: f32,
    text: &'a str,
}

/// Renders the poster as the bytes of a one-page A4 PDF.
pub(super) fn render(layout: &PosterLayout, details: &PrintedDetails) -> Vec<u8> {
    let mut content = String::new();
    let mut y = A4_HEIGHT_PT - MARGIN - 10.0;
    // Names run to 100 characters: long ones get a smaller size so they fit in four lines.
    let title_size = if layout.title().chars().count() <= 60 { 26.0 } else { 18.0 };
    for line in wrap(layout.title(), title_size) {
        y -= title_size * 1.2;
        text(&mut content, &Line { bold: true, size: title_size, text: &line }, y);
    }
    let (category_id, category_en) = category_label(details.category);
    let category = format!("Kategori / Category: {category_id} / {category_en}");
    y -= 24.0;
    text(&mut content, &Line { bold: false, size: 14.0, text: &category }, y);

    let frame = CODE_FRAME_CM * PT_PER_CM;
    let module = frame / layout.framed_side() as f32;
    let left = (A4_WIDTH_PT - frame) / 2.0;
    let top = y - 12.0;
    content.push_str("0 g\n");
    for row in 0..layout.side() {
        let mut column = 0;
        while column < layout.side() {
            if !layout.is_dark(column, row) {
                column += 1;
                continue;
            }
            let start = column;
            while column < layout.side() && layout.is_dark(column, row) {
                column += 1;
            }
            let x = left + (start + QUIET_ZONE) as f32 * module;
            let y = top - (row + QUIET_ZONE + 1) as f32 * module;
            let _ = writeln!(content, "{x:.3} {y:.3} {:.3} {module:.3} re", (column - start) as f32 * module);
        }
    }
    content.push_str("f\n");

    let mut y = top - frame - 6.0;
    block(
        &mut content,
        &[Line { bold: true, size: 20.0, text: super::INSTRUCTION_ID }, Line { bold: false, size: 12.0, text: STEPS_ID }],
        &mut y,
    );
    y -= 8.0;
    block(
        &mut content,
        &[Line { bold: true, size: 20.0, text: super::INSTRUCTION_EN }, Line { bold: false, size: 12.0, text: STEPS_EN }],
        &mut y,
    );
    let validity = format!(
        "Berlaku / Valid: {} - {} (UTC)",
        details.valid_from.format("%Y-%m-%d %H:%M"),
        details.valid_until.format("%Y-%m-%d %H:%M")
    );
    text(&mut content, &Line { bold: false, size: 11.0, text: &validity }, MARGIN);
    one_page_a4(&content, ["Helvetica", "Helvetica-Bold"])
}

/// Appends `lines`, each wrapped to the page width, moving the baseline `y` down.
fn block(content: &mut String, lines: &[Line<'_>], y: &mut f32) {
    for line in lines {
        for part in wrap(line.text, line.size) {
            *y -= line.size * 1.35;
            text(content, &Line { bold: line.bold, size: line.size, text: &part }, *y);
        }
    }
}

/// Appends a line of text at the left margin with its baseline at `y`.
fn text(content: &mut String, line: &Line<'_>, y: f32) {
    let font = if line.bold { "F2" } else { "F1" };
    let _ = writeln!(content, "BT /{font} {:.1} Tf {MARGIN:.2} {y:.2} Td ({}) Tj ET", line.size, pdf_string(line.text));
}

/// Splits `text` at spaces into lines that fit between the margins at `size` points
/// (Helvetica averages about 0.55 em per character; longer words are cut).
fn wrap(text: &str, size: f32) -> Vec<String> {
    let fit = (((A4_WIDTH_PT - 2.0 * MARGIN) / (0.55 * size)) as usize).max(8);
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word = word;
        while word.chars().count() > fit {
            let cut = word.char_indices().nth(fit).map_or(word.len(), |(i, _)| i);
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            lines.push(word[..cut].to_owned());
            word = &word[cut..];
        }
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > fit {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text` as a PDF literal string in WinAnsi (Latin-1) encoding: `\`, `(` and `)` escaped,
/// other Latin-1 characters as octal escapes, anything beyond Latin-1 as `?`.
fn pdf_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            '\u{a0}'..='\u{ff}' => {
                let _ = write!(out, "\\{:03o}", u32::from(c));
            }
            _ => out.push('?'),
        }
    }
    out
}
