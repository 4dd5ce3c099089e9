//! Document signer certificates (DSC): the X.509 certificates whose keys sign HC1
//! certificates, as a trust list or a `--dsc` file carries them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use rsa::pkcs1::DecodeRsaPublicKey;
use sha2::{Digest, Sha256};
use thiserror::Error;
use x509_cert::Certificate;
use x509_cert::der::{Decode, Encode};

use super::algorithm::SignerPublicKey;

/// Largest signer certificate accepted, in bytes (real ones are 0.5–2 KiB).
pub const MAX_SIGNER_CERTIFICATE_LEN: usize = 16 * 1024;

const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";
const OID_P521: &str = "1.3.132.0.35";
const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_ED25519: &str = "1.3.101.112";

/// Why a signer certificate was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignerCertificateError {
    /// Not DER, PEM or base64 DER, or larger than [`MAX_SIGNER_CERTIFICATE_LEN`].
    #[error("not an X.509 certificate in DER, PEM or base64")]
    Encoding,
    /// The certificate parses but its key is not P-256, P-384, P-521, RSA or Ed25519 (or is broken).
    #[error("the certificate's public key is not a supported P-256, P-384, P-521, RSA or Ed25519 key")]
    UnsupportedKey,
    /// The validity dates cannot be represented.
    #[error("the certificate's validity dates are out of range")]
    Validity,
}

/// A trusted document signer: its key, its key id and its validity window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSigner {
    key_id: [u8; 8],
    key: SignerPublicKey,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    der: Vec<u8>,
}

impl DocumentSigner {
    /// Reads a DER-encoded X.509 certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, SignerCertificateError> {
        if der.len() > MAX_SIGNER_CERTIFICATE_LEN {
            return Err(SignerCertificateError::Encoding);
        }
        let cert = Certificate::from_der(der).map_err(|_| SignerCertificateError::Encoding)?;
        let tbs = &cert.tbs_certificate;
        let key = public_key(&tbs.subject_public_key_info)?;
        let to_utc = |t: &x509_cert::time::Time| {
            let secs = i64::try_from(t.to_unix_duration().as_secs()).map_err(|_| SignerCertificateError::Validity)?;
            DateTime::from_timestamp(secs, 0).ok_or(SignerCertificateError::Validity)
        };
        let not_before = to_utc(&tbs.validity.not_before)?;
        let not_after = to_utc(&tbs.validity.not_after)?;
        let digest = Sha256::digest(der);
        let mut key_id = [0u8; 8];
        key_id.copy_from_slice(&digest[..8]);
        Ok(DocumentSigner { key_id, key, not_before, not_after, der: der.to_vec() })
    }

    /// Reads a certificate as a file holds it: DER, PEM (`-----BEGIN CERTIFICATE-----`) or
    /// plain base64 of the DER bytes.
    pub fn from_file_bytes(bytes: &[u8]) -> Result<Self, SignerCertificateError> {
        if bytes.len() > 4 * MAX_SIGNER_CERTIFICATE_LEN {
            return Err(SignerCertificateError::Encoding);
        }
        if bytes.first() == Some(&0x30) {
            return Self::from_der(bytes);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| SignerCertificateError::Encoding)?;
        let body: String = text.lines().map(str::trim).filter(|line| !line.starts_with("-----")).collect::<Vec<_>>().concat();
        let der = STANDARD.decode(body.trim()).map_err(|_| SignerCertificateError::Encoding)?;
        Self::from_der(&der)
    }

    /// The HC1 key id: the first 8 bytes of SHA-256 over the certificate's DER encoding.
    pub fn key_id(&self) -> [u8; 8] {
        self.key_id
    }

    /// The public key that checks signatures.
    pub fn public_key(&self) -> &SignerPublicKey {
        &self.key
    }

    /// Start of the certificate's validity (UTC).
    pub fn not_before(&self) -> DateTime<Utc> {
        self.not_before
    }

    /// End of the certificate's validity (UTC).
    pub fn not_after(&self) -> DateTime<Utc> {
        self.not_after
    }

    /// The certificate's DER encoding, as read.
    pub fn der(&self) -> &[u8] {
        &self.der
    }
}

/// The signing key inside a SubjectPublicKeyInfo.
fn public_key(spki: &x509_cert::spki::SubjectPublicKeyInfoOwned) -> Result<SignerPublicKey, SignerCertificateError> {
    let bits = spki.subject_public_key.as_bytes().ok_or(SignerCertificateError::UnsupportedKey)?;
    match spki.algorithm.oid.to_string().as_str() {
        OID_EC_PUBLIC_KEY => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.to_der().ok())
                .and_then(|der| x509_cert::der::asn1::ObjectIdentifier::from_der(&der).ok());
            let unsupported = |_| SignerCertificateError::UnsupportedKey;
            match curve.map(|c| c.to_string()).as_deref() {
                Some(OID_P256) => {
                    p256::ecdsa::VerifyingKey::from_sec1_bytes(bits).map(SignerPublicKey::P256).map_err(unsupported)
                }
                Some(OID_P384) => {
                    p384::ecdsa::VerifyingKey::from_sec1_bytes(bits).map(SignerPublicKey::P384).map_err(unsupported)
                }
                Some(OID_P521) => p521::ecdsa::VerifyingKey::from_sec1_bytes(bits)
                    .map(|_| SignerPublicKey::P521(bits.to_vec()))
                    .map_err(unsupported),
                _ => Err(SignerCertificateError::UnsupportedKey),
            }
        }
        OID_RSA => {
            rsa::RsaPublicKey::from_pkcs1_der(bits).map(SignerPublicKey::Rsa).map_err(|_| SignerCertificateError::UnsupportedKey)
        }
        OID_ED25519 => {
            let bytes: [u8; 32] = bits.try_into().map_err(|_| SignerCertificateError::UnsupportedKey)?;
            ed25519_dalek::VerifyingKey::from_bytes(&bytes)
                .map(SignerPublicKey::Ed25519)
                .map_err(|_| SignerCertificateError::UnsupportedKey)
        }
        _ => Err(SignerCertificateError::UnsupportedKey),
    }
}
