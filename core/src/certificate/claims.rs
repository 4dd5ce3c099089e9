//! CWT claims (RFC 8392) common to HC1 and NZCP: issuer and the three time claims.

use chrono::{DateTime, Utc};
use ciborium::Value;

use super::cose::parse_cbor;
use super::error::{CertificateError, Stage};

/// CWT claim keys.
const ISS: i64 = 1;
const EXP: i64 = 4;
const NBF: i64 = 5;
const IAT: i64 = 6;

/// The CWT claims a verifier needs, and the whole map for the format-specific payload.
#[derive(Debug, Clone)]
pub(crate) struct CwtClaims {
    pub issuer: Option<String>,
    pub issued_at: Option<DateTime<Utc>>,
    pub not_before: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub map: Vec<(Value, Value)>,
}

/// Parses a COSE payload as a CWT claims map.
pub(crate) fn parse_claims(payload: &[u8]) -> Result<CwtClaims, CertificateError> {
    let Value::Map(map) = parse_cbor(payload, Stage::Claims)? else {
        return Err(CertificateError::Malformed(Stage::Claims));
    };
    let issuer = match int_key(&map, ISS) {
        None => None,
        Some(Value::Text(text)) => Some(text.clone()),
        Some(_) => return Err(CertificateError::Malformed(Stage::Claims)),
    };
    let issued_at = int_key(&map, IAT).map(numeric_date).transpose()?;
    let not_before = int_key(&map, NBF).map(numeric_date).transpose()?;
    let expires_at = int_key(&map, EXP).map(numeric_date).transpose()?;
    Ok(CwtClaims { issuer, issued_at, not_before, expires_at, map })
}

/// The value under integer key `key`.
pub(crate) fn int_key(map: &[(Value, Value)], key: i64) -> Option<&Value> {
    map.iter().find(|(k, _)| matches!(k, Value::Integer(i) if i128::from(*i) == i128::from(key))).map(|(_, v)| v)
}

/// The value under text key `key`.
pub(crate) fn text_key<'a>(map: &'a [(Value, Value)], key: &str) -> Option<&'a Value> {
    map.iter().find(|(k, _)| matches!(k, Value::Text(t) if t == key)).map(|(_, v)| v)
}

/// A CWT NumericDate: seconds since the epoch. Some issuers send a float or wrap it in tag 1
/// (epoch date-time); both mean the same instant, so both are read.
fn numeric_date(value: &Value) -> Result<DateTime<Utc>, CertificateError> {
    let bad = CertificateError::Malformed(Stage::Claims);
    let seconds = match value {
        Value::Tag(1, inner) => return numeric_date(inner),
        Value::Integer(i) => i64::try_from(i128::from(*i)).map_err(|_| bad.clone())?,
        Value::Float(f) if f.is_finite() && f.abs() < 1e15 => f.trunc() as i64,
        _ => return Err(bad),
    };
    DateTime::from_timestamp(seconds, 0).ok_or(bad)
}
