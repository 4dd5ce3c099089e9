//! The poster as SVG: one path for the code, text elements for the lines under it.

use std::fmt::Write;

use super::layout::{PosterLayout, QUIET_ZONE};

pub(super) fn render(layout: &PosterLayout) -> String {
    let width = layout.framed_side();
    let height = width as f32 + layout.text_block_height();
    let mut path = String::new();
    for y in 0..layout.side() {
        for x in 0..layout.side() {
            if layout.is_dark(x, y) {
                // Writing to a String cannot fail.
                let _ = write!(path, "M{} {}h1v1h-1z", x + QUIET_ZONE, y + QUIET_ZONE);
            }
        }
    }
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{w_mm}mm\" height=\"{h_mm}mm\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n\
         <path d=\"{path}\" fill=\"#000\" shape-rendering=\"crispEdges\"/>\n",
        w_mm = width * 2,
        h_mm = height * 2.0,
    );
    let mut baseline = width as f32;
    let room = (width - 2 * QUIET_ZONE) as f32;
    for (text, line_height) in layout.lines() {
        baseline += line_height * 1.5;
        // DejaVu Sans Bold averages about 0.65 em per character: shrink long lines to fit.
        let size = line_height.min(room / (0.65 * text.chars().count().max(1) as f32));
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"{size:.2}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>",
            width as f32 / 2.0,
            baseline - line_height * 0.4,
            escape_xml(text)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Escapes the five XML special characters.
fn escape_xml(text: &str) -> String {
    text.chars().fold(String::with_capacity(text.len()), |mut out, ch| {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
        out
    })
}
