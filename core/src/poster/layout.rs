//! Where everything sits on a poster, in QR-module units shared by the PNG and SVG renderers.

use qrcode::{Color, EcLevel, QrCode};

use super::RenderError;

/// The instruction in Bahasa Indonesia.
pub const INSTRUCTION_ID: &str = "Pindai kode ini untuk check-in";
/// The instruction in English.
pub const INSTRUCTION_EN: &str = "Scan this code to check in";
/// Light modules around the code, as the QR standard asks.
pub(super) const QUIET_ZONE: usize = 4;

/// A poster ready to draw: the code's modules and the lines of text under it.
#[derive(Debug, Clone)]
pub struct PosterLayout {
    modules: Vec<bool>,
    side: usize,
    title: String,
    instructions: [&'static str; 2],
}

impl PosterLayout {
    /// Lays out a poster whose code carries `qr_text` (a poster URL) under the title `venue_name`.
    ///
    /// Error correction level Q (25 % of the code may be lost) because posters hang at doors:
    /// glare on the lamination, tape over a corner, scuffs.
    pub fn new(qr_text: &str, venue_name: &str) -> Result<Self, RenderError> {
        Self::with_instructions(qr_text, venue_name, [INSTRUCTION_ID, INSTRUCTION_EN])
    }

    /// The same layout with other instruction lines (Bahasa Indonesia first, then English),
    /// for printouts that are not venue posters, such as the backup recovery sheet.
    pub fn with_instructions(qr_text: &str, title: &str, instructions: [&'static str; 2]) -> Result<Self, RenderError> {
        let code = QrCode::with_error_correction_level(qr_text, EcLevel::Q).map_err(|_| RenderError::TooLong)?;
        let side = code.width();
        let modules = code.into_colors().into_iter().map(|c| c == Color::Dark).collect();
        Ok(PosterLayout { modules, side, title: title.to_owned(), instructions })
    }

    /// Whether the module at column `x`, row `y` of the code (without quiet zone) is dark.
    pub(super) fn is_dark(&self, x: usize, y: usize) -> bool {
        self.modules[y * self.side + x]
    }

    /// Modules per side of the code, without quiet zone.
    pub(super) fn side(&self) -> usize {
        self.side
    }

    /// Modules per side including the quiet zone: the poster's width in modules.
    pub(super) fn framed_side(&self) -> usize {
        self.side + 2 * QUIET_ZONE
    }

    /// The lines under the code, with their height in modules: title first, then the instructions.
    pub(super) fn lines(&self) -> [(&str, f32); 3] {
        [(self.title.as_str(), 6.0), (self.instructions[0], 3.5), (self.instructions[1], 3.5)]
    }

    /// Height of the text block in modules (line heights with spacing and a bottom margin).
    pub(super) fn text_block_height(&self) -> f32 {
        self.lines().iter().map(|(_, height)| height * 1.5).sum::<f32>() + QUIET_ZONE as f32
    }
}
