//! The `HC1:` transport: context prefix, base45, zlib. Turns QR text into COSE bytes and back.

use std::io::Read;
#[cfg(any(feature = "issuing", test))]
use std::io::Write;

use flate2::read::ZlibDecoder;
#[cfg(any(feature = "issuing", test))]
use flate2::{Compression, write::ZlibEncoder};

use super::error::{CertificateError, Stage, Unsupported};

/// The context prefix of EU DCC / WHO DDCC version 1.
pub const HC1_PREFIX: &str = "HC1:";
/// Largest decompressed COSE message accepted, in bytes. A QR code holds under 3 KiB of
/// compressed data; real certificates inflate to under 2 KiB. The cap stops zlib bombs.
pub const MAX_COSE_LEN: usize = 64 * 1024;

/// Decodes `HC1:` text (already checked for length) into COSE_Sign1 bytes.
pub(crate) fn decode_hc1(text: &str) -> Result<Vec<u8>, CertificateError> {
    let body = text.strip_prefix(HC1_PREFIX).ok_or_else(|| prefix_error(text))?;
    let compressed = base45::decode(body).map_err(|_| CertificateError::Malformed(Stage::Base45))?;
    inflate_capped(&compressed)
}

/// Encodes COSE_Sign1 bytes as `HC1:` text (zlib at the best level, then base45): issuing
/// and tests only, never on a phone.
#[cfg(any(feature = "issuing", test))]
pub(crate) fn encode_hc1(cose: &[u8]) -> String {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let compressed = match encoder.write_all(cose).and_then(|()| encoder.finish()) {
        Ok(bytes) => bytes,
        Err(_) => unreachable!("zlib into memory does not fail"),
    };
    format!("{HC1_PREFIX}{}", base45::encode(compressed))
}

/// Why text that does not start with `HC1:` was refused: another version of the same
/// context (`HC2:`) is unsupported, anything else is not an HC1 prefix at all.
fn prefix_error(text: &str) -> CertificateError {
    let bytes = text.as_bytes();
    if bytes.len() >= 4 && bytes.starts_with(b"HC") && bytes[2].is_ascii_digit() && bytes[3] == b':' {
        CertificateError::Unsupported(Unsupported::FormatVersion)
    } else {
        CertificateError::Malformed(Stage::Prefix)
    }
}

/// Inflates a zlib stream, refusing it once the output passes [`MAX_COSE_LEN`].
fn inflate_capped(compressed: &[u8]) -> Result<Vec<u8>, CertificateError> {
    let mut out = Vec::new();
    let limit = u64::try_from(MAX_COSE_LEN).unwrap_or(u64::MAX) + 1;
    ZlibDecoder::new(compressed)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|_| CertificateError::Malformed(Stage::Compression))?;
    if out.len() > MAX_COSE_LEN || out.is_empty() {
        return Err(CertificateError::Malformed(Stage::Compression));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zlib_bomb_is_refused_at_the_compression_stage() {
        let zeros = vec![0u8; 10 * 1024 * 1024];
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&zeros).unwrap();
        let bomb = encoder.finish().unwrap();
        let text = format!("{HC1_PREFIX}{}", base45::encode(bomb));
        assert_eq!(decode_hc1(&text), Err(CertificateError::Malformed(Stage::Compression)));
    }

    #[test]
    fn round_trip_through_the_transport() {
        let cose = b"\xd2\x84 any bytes".to_vec();
        assert_eq!(decode_hc1(&encode_hc1(&cose)), Ok(cose));
    }

    #[test]
    fn other_context_versions_are_unsupported_and_garbage_is_malformed() {
        assert_eq!(decode_hc1("HC2:6BFOXN"), Err(CertificateError::Unsupported(Unsupported::FormatVersion)));
        assert_eq!(decode_hc1("HL0:6BFOXN"), Err(CertificateError::Malformed(Stage::Prefix)));
    }
}
