//! A QR code as inline SVG, for the upload code a citizen's phone scans off the officer's screen.

use std::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};

use super::html::escape;

/// Light modules around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// `text` as an SVG QR code (error correction M), `pixels` wide, labelled `label` for screen
/// readers; `None` if the text does not fit a QR code.
pub fn qr_svg(text: &str, label: &str, pixels: u32) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let side = code.width();
    let mut path = String::new();
    for (index, colour) in code.to_colors().into_iter().enumerate() {
        if colour == Color::Dark {
            let _ = write!(path, "M{} {}h1v1h-1z", index % side + QUIET_ZONE, index / side + QUIET_ZONE);
        }
    }
    let framed = side + 2 * QUIET_ZONE;
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {framed} {framed}\" \
         width=\"{pixels}\" height=\"{pixels}\" class=\"qr\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\" shape-rendering=\"crispEdges\"/></svg>",
        label = escape(label)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_drawn_and_labelled() {
        let svg = qr_svg("ABCD-EFGH-JKMN", "Upload code", 240).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-label=\"Upload code\"") && svg.contains("width=\"240\""));
        assert!(svg.matches("h1v1h-1z").count() > 100);
        assert!(qr_svg(&"x".repeat(5000), "too long", 240).is_none());
    }
}
