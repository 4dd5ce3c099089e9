//! Printable venue posters: the QR code of a signed poster with the venue's name and a
//! one-line instruction in Bahasa Indonesia and in English under it. PNG and SVG share one
//! layout, so both print the same; the A4 PDF adds the category, the steps and the validity.

mod layout;
mod pdf;
mod png;
mod svg;

use thiserror::Error;

pub use layout::PosterLayout;
pub use pdf::{CODE_FRAME_CM, PrintedDetails};

pub use crate::a4_pdf::{A4_HEIGHT_PT, A4_WIDTH_PT};

pub use crate::venue::{INSTRUCTION_EN, INSTRUCTION_ID, STEPS_EN, STEPS_ID, category_label};

/// Why a poster could not be rendered.
#[derive(Debug, Error)]
pub enum RenderError {
    /// The text does not fit in a QR code.
    #[error("the poster text does not fit in a QR code")]
    TooLong,
    /// The PNG encoder failed.
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

/// Renders `layout` as a PNG file's bytes.
pub fn render_png(layout: &PosterLayout) -> Result<Vec<u8>, RenderError> {
    png::render(layout)
}

/// Renders `layout` as a one-page A4 PDF with the category and validity of `details`.
pub fn render_pdf(layout: &PosterLayout, details: &PrintedDetails) -> Vec<u8> {
    pdf::render(layout, details)
}

/// Renders `layout` as an SVG document.
pub fn render_svg(layout: &PosterLayout) -> String {
    svg::render(layout)
}

#[cfg(test)]
mod tests;
