//! COSE_Sign1 (RFC 9052) as health certificates carry it: tagged (18), untagged, or inside a
//! CWT tag (61). Reads the key id, the algorithm, the payload and the bytes the signature covers.

use ciborium::Value;
use coset::{AsCborValue, CoseSign1, RegisteredLabelWithPrivate};

use super::algorithm::Algorithm;
use super::error::{CertificateError, Stage, Unsupported};

/// Deepest CBOR nesting accepted anywhere in a certificate; real ones nest at most 6 deep.
pub(crate) const MAX_CBOR_DEPTH: usize = 32;

const TAG_COSE_SIGN1: u64 = 18;
const TAG_CWT: u64 = 61;

/// A parsed COSE_Sign1 whose signature has not been checked yet.
#[derive(Debug, Clone)]
pub(crate) struct SignedMessage {
    /// The key id: from the protected header, else from the unprotected one.
    pub key_id: Vec<u8>,
    /// The signature algorithm: the protected header's, else the unprotected header's.
    pub algorithm: Algorithm,
    /// The payload bytes (a CWT claims map).
    pub payload: Vec<u8>,
    /// The `Sig_structure` the signature covers.
    pub signed_bytes: Vec<u8>,
    /// The signature.
    pub signature: Vec<u8>,
}

/// Parses CBOR with a nesting cap, so hostile input cannot exhaust the stack.
pub(crate) fn parse_cbor(bytes: &[u8], stage: Stage) -> Result<Value, CertificateError> {
    ciborium::de::from_reader_with_recursion_limit(bytes, MAX_CBOR_DEPTH).map_err(|_| CertificateError::Malformed(stage))
}

/// Parses a COSE_Sign1 message.
pub(crate) fn parse_sign1(bytes: &[u8]) -> Result<SignedMessage, CertificateError> {
    let mut value = parse_cbor(bytes, Stage::Cose)?;
    // A CWT tag may wrap the COSE tag; both are optional.
    if let Value::Tag(TAG_CWT, inner) = value {
        value = *inner;
    }
    if let Value::Tag(TAG_COSE_SIGN1, inner) = value {
        value = *inner;
    }
    let message = CoseSign1::from_cbor_value(value).map_err(|_| CertificateError::Malformed(Stage::Cose))?;
    let key_id = if message.protected.header.key_id.is_empty() {
        message.unprotected.key_id.clone()
    } else {
        message.protected.header.key_id.clone()
    };
    // The protected header is signed; the unprotected one is not. Real issuers put the
    // algorithm in either (the EU vectors accept both), and only a signer key of that
    // algorithm's type can verify, so an unprotected algorithm is read when the protected
    // header has none; one that contradicts the protected algorithm was put there by someone
    // else and the message is refused.
    let (protected_alg, unprotected_alg) = (message.protected.header.alg.as_ref(), message.unprotected.alg.as_ref());
    if let (Some(protected), Some(unprotected)) = (protected_alg, unprotected_alg)
        && protected != unprotected
    {
        return Err(CertificateError::Malformed(Stage::Cose));
    }
    let alg_value = match protected_alg.or(unprotected_alg) {
        Some(RegisteredLabelWithPrivate::Assigned(a)) => Some(*a as i64),
        Some(RegisteredLabelWithPrivate::PrivateUse(v)) => Some(*v),
        Some(RegisteredLabelWithPrivate::Text(_)) | None => None,
    };
    let algorithm =
        alg_value.and_then(Algorithm::from_cose).ok_or(CertificateError::Unsupported(Unsupported::Algorithm(alg_value)))?;
    let payload = message.payload.clone().ok_or(CertificateError::Malformed(Stage::Cose))?;
    let signed_bytes = message.tbs_data(&[]);
    Ok(SignedMessage { key_id, algorithm, payload, signed_bytes, signature: message.signature })
}
