//! A sampled QR symbol to text: rxing's parsers read its format, version and codewords and
//! its bit-stream decoder reads the text, with our Reed–Solomon correction in between
//! (`reed_solomon.rs`). A symbol this path cannot read goes to rxing's full decoder, whose
//! parsers also recognise mirrored symbols and differ in how they read damaged format bits,
//! so everything that decoder read before is still read.

use rxing::common::BitMatrix;
use rxing::common::cpp_essentials::DecoderResult;
use rxing::qrcode::common::{ErrorCorrectionLevel, VersionRef};
use rxing::qrcode::cpp_port::decoder::{Decode, DecodeBitStream};
use rxing::qrcode::decoder::{BitMatrixParser, DataBlock};

use super::reed_solomon::correct;

/// The decoded content of `bits` (one bit per module, set for dark), or `None` when it holds
/// no readable symbol.
pub(crate) fn decode_symbol(bits: &BitMatrix) -> Option<DecoderResult<bool>> {
    decode_as_printed(bits).or_else(|| Decode(bits).ok())
}

/// The decoded content of `bits` by our path alone: a symbol as printed (not mirrored) whose
/// format and version bits read. A fraction of [`decode_symbol`]'s cost on a grid that holds
/// no symbol, whose fallback runs rxing's slower error correction on every block.
pub(crate) fn decode_as_printed(bits: &BitMatrix) -> Option<DecoderResult<bool>> {
    corrected_data(bits).and_then(|(data, version, level)| DecodeBitStream(&data, version, level).ok())
}

/// The symbol's data codewords after error correction, with its version and error-correction
/// level; `None` when its format, version or codewords cannot be read or corrected.
fn corrected_data(bits: &BitMatrix) -> Option<(Vec<u8>, VersionRef, ErrorCorrectionLevel)> {
    let mut parser = BitMatrixParser::new(bits.clone()).ok()?;
    let version = parser.readVersion().ok()?;
    let level = parser.readFormatInformation().ok()?.getErrorCorrectionLevel();
    let codewords = parser.readCodewords().ok()?;
    let mut data = Vec::with_capacity(codewords.len());
    for block in DataBlock::getDataBlocks(&codewords, version, level).ok()? {
        let mut codewords = block.getCodewords().to_vec();
        let data_count = block.getNumDataCodewords() as usize;
        let ec_count = codewords.len().saturating_sub(data_count);
        correct(&mut codewords, ec_count).ok()?;
        data.extend_from_slice(&codewords[..data_count]);
    }
    Some((data, version, level))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The modules of a QR symbol of `text` (no quiet zone), transposed when `mirrored`.
    fn symbol(text: &str, mirrored: bool) -> BitMatrix {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).unwrap();
        let size = code.width();
        let mut bits = BitMatrix::new(size as u32, size as u32).unwrap();
        for y in 0..size {
            for x in 0..size {
                let (cx, cy) = if mirrored { (y, x) } else { (x, y) };
                if code[(cx, cy)] == qrcode::Color::Dark {
                    bits.set(x as u32, y as u32);
                }
            }
        }
        bits
    }

    const TEXT: &str = "https://healthpass.example/checkin#v1.Q2hlY2staW4gcG9zdGVy";

    #[test]
    fn a_clean_and_a_damaged_symbol_are_read_by_the_fast_path() {
        let clean = symbol(TEXT, false);
        assert!(corrected_data(&clean).is_some());
        assert_eq!(decode_symbol(&clean).map(|d| d.text()).as_deref(), Some(TEXT));
        // A smudge of 3×3 modules in the data area: a few codewords wrong, within level M.
        let mut damaged = clean.clone();
        for (x, y) in (12..15).flat_map(|x| (12..15).map(move |y| (x, y))) {
            damaged.flip_coords(x, y);
        }
        assert!(corrected_data(&damaged).is_some());
        assert_eq!(decode_symbol(&damaged).map(|d| d.text()).as_deref(), Some(TEXT));
    }

    #[test]
    fn a_mirrored_symbol_is_left_to_rxing_and_still_read() {
        let mirrored = symbol(TEXT, true);
        assert!(corrected_data(&mirrored).is_none());
        assert_eq!(decode_symbol(&mirrored).map(|d| d.text()).as_deref(), Some(TEXT));
    }

    #[test]
    fn a_symbol_damaged_past_repair_reads_nothing() {
        let mut ruined = symbol(TEXT, false);
        for (x, y) in (9..25).flat_map(|x| (9..25).map(move |y| (x, y))) {
            ruined.flip_coords(x, y);
        }
        assert!(decode_symbol(&ruined).is_none());
    }
}
