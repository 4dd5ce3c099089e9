//! The QR text of a CWA event poster: `https://e.coronawarn.app?v=1#<payload>`.
//!
//! The payload after `#` is base64url without padding as the CWA generator writes it; standard
//! base64 (`+`, `/`, padding optional) and upper-case RFC 4648 base32 are read too, because
//! printed posters and the upstream apps' test vectors use them. The decoded payload's size
//! limit is checked by [`parse_cwa_payload`].

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use data_encoding::BASE32_NOPAD;

use super::payload::parse_cwa_payload;
use super::{CwaError, CwaMessage, CwaPoster, EventFormat};

/// The host of every CWA event poster URL.
pub const CWA_HOST: &str = "e.coronawarn.app";
/// Longest QR text read; longer text is refused unread (base32 of the largest payload fits).
pub const MAX_CWA_TEXT_LEN: usize = 4096;

const PADDING_OPTIONAL: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const BASE64_URL: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, PADDING_OPTIONAL);
const BASE64_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, PADDING_OPTIONAL);

/// Whether `text` is a URL on the CWA event host (any scheme case, `http` too), so that a
/// reader should answer with [`read_cwa_text`]'s verdict rather than try other formats.
pub fn is_cwa_text(text: &str) -> bool {
    let text = text.trim();
    let rest = strip_prefix_ignore_case(text, "https://").or_else(|| strip_prefix_ignore_case(text, "http://"));
    rest.is_some_and(|rest| split_host(rest).0.eq_ignore_ascii_case(CWA_HOST))
}

/// Reads scanned QR text as a CWA event poster. Surrounding whitespace is ignored; scheme
/// and host are case-insensitive; the query must be exactly `v=1`.
pub fn read_cwa_text(text: &str) -> Result<CwaPoster, CwaError> {
    if text.len() > MAX_CWA_TEXT_LEN {
        return Err(CwaError::TooLong { length: text.len(), limit: MAX_CWA_TEXT_LEN });
    }
    let rest = strip_prefix_ignore_case(text.trim(), "https://").ok_or(CwaError::NotEventUrl)?;
    let (host, rest) = split_host(rest);
    if !host.eq_ignore_ascii_case(CWA_HOST) {
        return Err(CwaError::NotEventUrl);
    }
    let (before_fragment, fragment) = rest.split_once('#').map_or((rest, None), |(before, after)| (before, Some(after)));
    let (path, query) = before_fragment.split_once('?').map_or((before_fragment, None), |(path, query)| (path, Some(query)));
    if !path.is_empty() && path != "/" {
        return Err(CwaError::UnsupportedPath);
    }
    match query {
        Some("v=1") => {}
        Some(query) if query.split('&').any(|pair| pair.starts_with("v=")) => return Err(CwaError::UnsupportedUrlVersion),
        _ => return Err(CwaError::MissingVersion),
    }
    let fragment = fragment.filter(|f| !f.is_empty()).ok_or(CwaError::MissingPayload)?;
    read_fragment(fragment).and_then(|poster| require_format(poster, EventFormat::Cwa))
}

/// The poster if it is in `format`; otherwise refused as a payload of the wrong version.
pub(super) fn require_format(poster: CwaPoster, format: EventFormat) -> Result<CwaPoster, CwaError> {
    if poster.format() == format {
        return Ok(poster);
    }
    Err(CwaError::UnsupportedVersion { message: CwaMessage::QrCodePayload, version: poster.format().version() })
}

/// Reads the payload text as base64 in the alphabet it uses; when that gives no poster and
/// every character is in the upper-case base32 alphabet, as base32. Base64 goes first so any
/// payload reads back the same through the base64url form the CWA generator prints.
pub(super) fn read_fragment(fragment: &str) -> Result<CwaPoster, CwaError> {
    let engine = if fragment.contains(['+', '/']) { &BASE64_STANDARD } else { &BASE64_URL };
    let as_base64 = engine.decode(fragment).map_err(|_| CwaError::Encoding).and_then(|bytes| parse_cwa_payload(&bytes));
    let is_base32 = fragment.bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b) || b == b'=');
    if as_base64.is_ok() || !is_base32 {
        return as_base64;
    }
    let bytes = BASE32_NOPAD.decode(fragment.trim_end_matches('=').as_bytes()).map_err(|_| CwaError::Encoding)?;
    parse_cwa_payload(&bytes)
}

/// `text` without `prefix`, compared ignoring ASCII case.
pub(super) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// Splits what follows `scheme://` into the host and the rest (path, query, fragment).
pub(super) fn split_host(rest: &str) -> (&str, &str) {
    rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()))
}
