//! Offline verification: decode, find the key, check the signature, check the clock.
//!
//! Every step reports separately ([`CheckReport`]), so a UI or script can say "genuine but
//! expired"; [`verify_certificate`] folds the report into one answer.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::algorithm::{Algorithm, SignerPublicKey};
use super::claims::{CwtClaims, parse_claims};
use super::cose::{SignedMessage, parse_sign1};
use super::dcc::parse_dcc;
use super::decoded::{CertificateContent, CertificateFormat, HealthCertificate};
use super::error::{CertificateError, Unsupported, ValidityLimit};
use super::hc1::decode_hc1;
use super::nzcp::{decode_nzcp, parse_pass};
use super::signer::DocumentSigner;
use super::trust::TrustStore;

/// Longest certificate text accepted, in bytes. A version-40 QR code holds at most 4,296
/// alphanumeric characters; twice that leaves room and still refuses a 1 MB paste unread.
pub const MAX_CERTIFICATE_TEXT_LEN: usize = 8 * 1024;

/// How far a certificate's `iat` may lie after the verifier's clock and still count as
/// issued: issuing servers' and phones' clocks drift by minutes, and a certificate refused as
/// "not yet valid" right after issuance helps no one. `nbf` and `exp` get no slack.
pub const ISSUED_AT_CLOCK_SKEW: TimeDelta = TimeDelta::minutes(5);

/// The outcome of the signature check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureCheck {
    /// A trusted key with the certificate's key id verifies the signature.
    Valid,
    /// Trusted keys have that key id, but none verifies the signature.
    Invalid,
    /// No trusted key has that key id (or the issuer is not trusted).
    UnknownKey,
}

/// The outcome of the clock check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeCheck {
    /// Every time claim (and the signer's window, when known) admits the instant.
    Valid,
    /// The certificate or its signer was no longer valid.
    Expired {
        /// The limit passed (UTC).
        expired_at: DateTime<Utc>,
        /// Whose limit it is.
        limit: ValidityLimit,
    },
    /// The certificate or its signer was not yet valid.
    NotYetValid {
        /// The start not reached (UTC).
        valid_from: DateTime<Utc>,
        /// Whose limit it is.
        limit: ValidityLimit,
    },
}

impl TimeCheck {
    /// A short, stable code (`valid`, `expired`, `not_yet_valid`).
    pub fn code(self) -> &'static str {
        match self {
            TimeCheck::Valid => "valid",
            TimeCheck::Expired { .. } => "expired",
            TimeCheck::NotYetValid { .. } => "not_yet_valid",
        }
    }
}

impl SignatureCheck {
    /// A short, stable code (`valid`, `invalid`, `unknown_key`).
    pub fn code(self) -> &'static str {
        match self {
            SignatureCheck::Valid => "valid",
            SignatureCheck::Invalid => "invalid",
            SignatureCheck::UnknownKey => "unknown_key",
        }
    }
}

/// Everything a verifier found about a certificate that decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// The decoded content (not to be trusted unless [`CheckReport::verdict`] is `Ok`).
    pub certificate: HealthCertificate,
    /// The signature check.
    pub signature: SignatureCheck,
    /// The clock check.
    pub time: TimeCheck,
}

impl CheckReport {
    /// One answer: the signature decides first, then the clock.
    pub fn verdict(&self) -> Result<(), CertificateError> {
        match self.signature {
            SignatureCheck::UnknownKey => return Err(CertificateError::UnknownKey),
            SignatureCheck::Invalid => return Err(CertificateError::SignatureInvalid),
            SignatureCheck::Valid => {}
        }
        match self.time {
            TimeCheck::Valid => Ok(()),
            TimeCheck::Expired { expired_at, limit } => Err(CertificateError::Expired { expired_at, limit }),
            TimeCheck::NotYetValid { valid_from, limit } => Err(CertificateError::NotYetValid { valid_from, limit }),
        }
    }
}

/// Decodes a certificate from its QR text without checking signature or clock: for display
/// of what a wallet already holds, never for a decision.
pub fn decode_certificate(text: &str) -> Result<HealthCertificate, CertificateError> {
    decode(text).map(|(certificate, _)| certificate)
}

/// Decodes and checks a certificate against `trust` at instant `at`; `Err` only when it
/// cannot be decoded at all.
pub fn check_certificate(text: &str, trust: &TrustStore, at: DateTime<Utc>) -> Result<CheckReport, CertificateError> {
    let (certificate, message) = decode(text)?;
    let (signature, signer) = match certificate.format {
        CertificateFormat::EuDcc => check_hc1_signature(&message, trust),
        CertificateFormat::NzPass => (check_nzcp_signature(&certificate, &message, trust), None),
    };
    let time = check_time(&certificate, signer, at);
    Ok(CheckReport { certificate, signature, time })
}

/// Decodes and checks a certificate; `Ok` only when it is genuine and valid at `at`.
pub fn verify_certificate(text: &str, trust: &TrustStore, at: DateTime<Utc>) -> Result<HealthCertificate, CertificateError> {
    let report = check_certificate(text, trust, at)?;
    report.verdict()?;
    Ok(report.certificate)
}

/// Transport, COSE, claims and payload, in that order.
fn decode(text: &str) -> Result<(HealthCertificate, SignedMessage), CertificateError> {
    if text.len() > MAX_CERTIFICATE_TEXT_LEN {
        return Err(CertificateError::TooLong { length: text.len(), limit: MAX_CERTIFICATE_TEXT_LEN });
    }
    let text = text.trim();
    let (format, cose) = if text.starts_with("NZCP:") {
        (CertificateFormat::NzPass, decode_nzcp(text)?)
    } else {
        (CertificateFormat::EuDcc, decode_hc1(text)?)
    };
    let message = parse_sign1(&cose)?;
    if format == CertificateFormat::NzPass && message.algorithm != Algorithm::Es256 {
        return Err(CertificateError::Unsupported(Unsupported::Algorithm(Some(message.algorithm.cose_value()))));
    }
    let claims: CwtClaims = parse_claims(&message.payload)?;
    let content = match format {
        CertificateFormat::EuDcc => CertificateContent::Dcc(parse_dcc(&claims.map)?),
        CertificateFormat::NzPass => CertificateContent::NzPass(parse_pass(&claims)?),
    };
    let certificate = HealthCertificate {
        format,
        issuer: claims.issuer,
        issued_at: claims.issued_at,
        not_before: claims.not_before,
        expires_at: claims.expires_at,
        key_id: message.key_id.clone(),
        algorithm: message.algorithm,
        fingerprint: Sha256::new()
            .chain_update(&message.signed_bytes)
            .chain_update(message.algorithm.canonical_signature(&message.signature))
            .finalize()
            .into(),
        content,
    };
    Ok((certificate, message))
}

/// Tries every trusted signer with the key id; the first that verifies is the signer.
fn check_hc1_signature<'a>(message: &SignedMessage, trust: &'a TrustStore) -> (SignatureCheck, Option<&'a DocumentSigner>) {
    let candidates = trust.signers_with_key_id(&message.key_id);
    if candidates.is_empty() {
        return (SignatureCheck::UnknownKey, None);
    }
    for signer in candidates {
        if signer.public_key().verifies(message.algorithm, &message.signed_bytes, &message.signature) {
            return (SignatureCheck::Valid, Some(signer));
        }
    }
    (SignatureCheck::Invalid, None)
}

/// The key is `iss#kid` in the issuer's DID document; the issuer must be trusted.
fn check_nzcp_signature(certificate: &HealthCertificate, message: &SignedMessage, trust: &TrustStore) -> SignatureCheck {
    let Some(document) = certificate.issuer.as_deref().and_then(|iss| trust.issuer(iss)) else {
        return SignatureCheck::UnknownKey;
    };
    let Ok(kid) = std::str::from_utf8(&message.key_id) else { return SignatureCheck::UnknownKey };
    let Some(key) = document.assertion_key(kid) else { return SignatureCheck::UnknownKey };
    let key = SignerPublicKey::P256(*key);
    if key.verifies(Algorithm::Es256, &message.signed_bytes, &message.signature) {
        SignatureCheck::Valid
    } else {
        SignatureCheck::Invalid
    }
}

/// `nbf` ≤ at, `iat` ≤ at + [`ISSUED_AT_CLOCK_SKEW`], at ≤ `exp` (NZCP: at < `exp`), and for HC1 with a known signer also
/// signer.notBefore ≤ `iat`, at ≤ signer.notAfter and `exp` ≤ signer.notAfter.
fn check_time(certificate: &HealthCertificate, signer: Option<&DocumentSigner>, at: DateTime<Utc>) -> TimeCheck {
    let own = ValidityLimit::Certificate;
    if let Some(start) = certificate.not_before
        && at < start
    {
        return TimeCheck::NotYetValid { valid_from: start, limit: own };
    }
    if let Some(issued) = certificate.issued_at
        && at.checked_add_signed(ISSUED_AT_CLOCK_SKEW).is_some_and(|late| late < issued)
    {
        return TimeCheck::NotYetValid { valid_from: issued, limit: own };
    }
    if let Some(exp) = certificate.expires_at {
        let expired = match certificate.format {
            CertificateFormat::EuDcc => at > exp,
            CertificateFormat::NzPass => at >= exp,
        };
        if expired {
            return TimeCheck::Expired { expired_at: exp, limit: own };
        }
    }
    if let Some(signer) = signer {
        let signer_limit = ValidityLimit::Signer;
        let issued = certificate.issued_at.unwrap_or(at);
        if issued < signer.not_before() || at < signer.not_before() {
            return TimeCheck::NotYetValid { valid_from: signer.not_before(), limit: signer_limit };
        }
        let last = certificate.expires_at.unwrap_or(at).max(at);
        if last > signer.not_after() {
            return TimeCheck::Expired { expired_at: signer.not_after(), limit: signer_limit };
        }
    }
    TimeCheck::Valid
}
