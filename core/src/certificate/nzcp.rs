//! The NZ COVID Pass transport (`NZCP:/1/` + unpadded base32) and its credential payload.
//! Specification: nzcp.covid19.health.nz.

use ciborium::Value;
use serde::Serialize;

use super::claims::{CwtClaims, int_key, text_key};
use super::error::{CertificateError, Stage, Unsupported};
use super::holder::Holder;

/// The prefix and version of the only NZ Pass version defined.
pub const NZCP_PREFIX: &str = "NZCP:/1/";
/// CWT claim key of the credential id (`cti`).
const CTI: i64 = 7;

/// What an NZ COVID Pass attests: that its holder may use the pass until it expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NzCovidPass {
    /// The holder (`credentialSubject`).
    pub holder: Holder,
    /// The credential id as a URN (`urn:uuid:…`), from `cti`.
    pub credential_id: Option<String>,
}

/// Decodes `NZCP:/1/…` text into COSE_Sign1 bytes.
pub(crate) fn decode_nzcp(text: &str) -> Result<Vec<u8>, CertificateError> {
    let Some(body) = text.strip_prefix(NZCP_PREFIX) else {
        return Err(if text.starts_with("NZCP:/") {
            CertificateError::Unsupported(Unsupported::FormatVersion)
        } else {
            CertificateError::Malformed(Stage::Prefix)
        });
    };
    data_encoding::BASE32_NOPAD.decode(body.as_bytes()).map_err(|_| CertificateError::Malformed(Stage::Base32))
}

/// Reads the pass out of the claims; `iss`, `nbf` and `exp` are mandatory in an NZ Pass.
pub(crate) fn parse_pass(claims: &CwtClaims) -> Result<NzCovidPass, CertificateError> {
    let bad_claims = || CertificateError::Malformed(Stage::Claims);
    let bad = || CertificateError::Malformed(Stage::Payload);
    if claims.issuer.is_none() || claims.not_before.is_none() || claims.expires_at.is_none() {
        return Err(bad_claims());
    }
    let credential_id = match int_key(&claims.map, CTI) {
        None => None,
        Some(Value::Bytes(b)) if b.len() == 16 => Some(format!("urn:uuid:{}", uuid_text(b))),
        // Tag 64 (a uint8 typed array) around the same bytes, as one issuer's pass has it.
        Some(Value::Tag(64, inner)) => match inner.as_ref() {
            Value::Bytes(b) if b.len() == 16 => Some(format!("urn:uuid:{}", uuid_text(b))),
            _ => return Err(bad_claims()),
        },
        Some(_) => return Err(bad_claims()),
    };
    let Some(Value::Map(vc)) = text_key(&claims.map, "vc") else { return Err(bad()) };
    let is_public_pass = matches!(text_key(vc, "type"), Some(Value::Array(types))
        if types.iter().any(|t| matches!(t, Value::Text(s) if s == "PublicCovidPass")));
    if !is_public_pass {
        return Err(bad());
    }
    let Some(Value::Map(subject)) = text_key(vc, "credentialSubject") else { return Err(bad()) };
    let text = |key: &str| match text_key(subject, key) {
        None => Ok(None),
        Some(Value::Text(t)) => Ok(Some(t.clone())),
        Some(_) => Err(bad()),
    };
    let given_name = text("givenName")?.ok_or_else(bad)?;
    let date_of_birth = text("dob")?.ok_or_else(bad)?;
    let holder = Holder { family_name: text("familyName")?, given_name: Some(given_name), date_of_birth };
    Ok(NzCovidPass { holder, credential_id })
}

/// 16 bytes as `8-4-4-4-12` lowercase hex.
fn uuid_text(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}
