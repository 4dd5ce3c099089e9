//! The poster as a PNG: 10 pixels per module, text drawn with the embedded DejaVu Sans font.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{GrayImage, Luma};

use super::RenderError;
use super::layout::{PosterLayout, QUIET_ZONE};

/// Pixels per QR module: large enough for print at A5 and for cheap phone cameras.
const MODULE_PX: u32 = 10;

pub(super) fn render(layout: &PosterLayout) -> Result<Vec<u8>, RenderError> {
    let width = layout.framed_side() as u32 * MODULE_PX;
    let text_height = (layout.text_block_height() * MODULE_PX as f32).ceil() as u32;
    let mut canvas = GrayImage::from_pixel(width, width + text_height, Luma([255]));
    for y in 0..layout.side() {
        for x in 0..layout.side() {
            if layout.is_dark(x, y) {
                fill_module(&mut canvas, x + QUIET_ZONE, y + QUIET_ZONE);
            }
        }
    }
    let font = FontRef::try_from_slice(dejavu::sans::bold()).map_err(|e| RenderError::Png(e.to_string()))?;
    let mut baseline = width as f32;
    for (text, height) in layout.lines() {
        let px = height * MODULE_PX as f32;
        baseline += px * 1.5;
        draw_centred(&mut canvas, &font, text, px, baseline - px * 0.4);
    }
    let mut png = Vec::new();
    canvas.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).map_err(|e| RenderError::Png(e.to_string()))?;
    Ok(png)
}

fn fill_module(canvas: &mut GrayImage, x: usize, y: usize) {
    let (x0, y0) = (x as u32 * MODULE_PX, y as u32 * MODULE_PX);
    for dy in 0..MODULE_PX {
        for dx in 0..MODULE_PX {
            canvas.put_pixel(x0 + dx, y0 + dy, Luma([0]));
        }
    }
}

/// Draws one line centred on the canvas with its baseline at `baseline`, shrunk to fit the width.
fn draw_centred(canvas: &mut GrayImage, font: &FontRef<'_>, text: &str, px: f32, baseline: f32) {
    let margin = (QUIET_ZONE as u32 * MODULE_PX) as f32;
    let room = canvas.width() as f32 - 2.0 * margin;
    let natural = line_width(&font.as_scaled(PxScale::from(px)), text);
    let scale = PxScale::from(if natural > room { px * room / natural } else { px });
    let scaled = font.as_scaled(scale);
    let mut pen = (canvas.width() as f32 - line_width(&scaled, text)) / 2.0;
    let mut previous = None;
    for ch in text.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(prev) = previous {
            pen += scaled.kern(prev, id);
        }
        let glyph = id.with_scale_and_position(scale, ab_glyph::point(pen, baseline));
        pen += scaled.h_advance(id);
        previous = Some(id);
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let (x, y) = (bounds.min.x as i64 + i64::from(gx), bounds.min.y as i64 + i64::from(gy));
            if let (Ok(x), Ok(y)) = (u32::try_from(x), u32::try_from(y))
                && let Some(pixel) = canvas.get_pixel_mut_checked(x, y)
            {
                let ink = (coverage.clamp(0.0, 1.0) * 255.0) as u8;
                pixel.0[0] = pixel.0[0].min(255 - ink);
            }
        });
    }
}

fn line_width<F: Font>(font: &ab_glyph::PxScaleFont<&F>, text: &str) -> f32 {
    text.chars().map(|ch| font.h_advance(font.glyph_id(ch))).sum()
}
