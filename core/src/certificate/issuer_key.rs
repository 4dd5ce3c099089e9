//! Our issuer's signing key and its self-signed document signer certificate, which goes into
//! the trust list (and into EU/WHO verifiers' lists) so our certificates verify anywhere.

use std::str::FromStr;
use std::time::Duration as StdDuration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use thiserror::Error;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::Encode;
use x509_cert::der::asn1::GeneralizedTime;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::time::{Time, Validity};

use super::algorithm::Algorithm;
use super::signer::DocumentSigner;

const KEY_PREFIX: &str = "healthpass-issuer-secret-v1:";

/// Why an issuer key could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IssuerKeyError {
    /// The text is not a key written by [`IssuerKey::to_text`].
    #[error("not a healthpass issuer key")]
    Encoding,
    /// ES384, ES512 and PS256 are verified but not issued: our issuer signs with ES256 or EdDSA.
    #[error("the issuer signs with ES256 or EdDSA only")]
    UnsupportedAlgorithm,
    /// The country is not two capital letters, or the validity window is empty.
    #[error("invalid issuer details: {0}")]
    InvalidDetails(&'static str),
    /// The signer certificate could not be built.
    #[error("the signer certificate could not be built")]
    Certificate,
}

enum SecretKey {
    P256(p256::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// The issuer's secret key with its self-signed document signer certificate. Only the issuing
/// service holds it.
pub struct IssuerKey {
    secret: SecretKey,
    certificate_der: Vec<u8>,
    signer: DocumentSigner,
}

impl IssuerKey {
    /// A fresh key whose signer certificate names `country` (ISO 3166 alpha-2) and is valid
    /// from `valid_from` to `valid_until` (UTC).
    pub fn generate(
        algorithm: Algorithm,
        country: &str,
        valid_from: DateTime<Utc>,
        valid_until: DateTime<Utc>,
    ) -> Result<Self, IssuerKeyError> {
        let secret = match algorithm {
            Algorithm::Es256 => {
                let bytes: [u8; 32] = crate::random::bytes();
                // A uniformly random 32-byte string is a valid scalar with overwhelming
                // probability; retrying would only matter for a broken generator.
                SecretKey::P256(p256::ecdsa::SigningKey::from_bytes(&bytes.into()).map_err(|_| IssuerKeyError::Certificate)?)
            }
            Algorithm::EdDsa => SecretKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&crate::random::bytes())),
            Algorithm::Es384 | Algorithm::Es512 | Algorithm::Ps256 => return Err(IssuerKeyError::UnsupportedAlgorithm),
        };
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(IssuerKeyError::InvalidDetails("country must be two capital letters"));
        }
        if valid_until <= valid_from {
            return Err(IssuerKeyError::InvalidDetails("validity window is empty"));
        }
        let certificate_der = self_signed_certificate(&secret, country, valid_from, valid_until)?;
        let signer = DocumentSigner::from_der(&certificate_der).map_err(|_| IssuerKeyError::Certificate)?;
        Ok(IssuerKey { secret, certificate_der, signer })
    }

    /// The signature algorithm this key issues with.
    pub fn algorithm(&self) -> Algorithm {
        match self.secret {
            SecretKey::P256(_) => Algorithm::Es256,
            SecretKey::Ed25519(_) => Algorithm::EdDsa,
        }
    }

    /// The self-signed document signer certificate (DER), to publish in trust lists.
    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }

    /// The document signer verifiers trust for this key.
    pub fn document_signer(&self) -> &DocumentSigner {
        &self.signer
    }

    /// Signs `message` as COSE wants it: `r || s` for ES256, the plain signature for EdDSA.
    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer as _;
        match &self.secret {
            SecretKey::P256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_bytes().to_vec()
            }
            SecretKey::Ed25519(key) => key.sign(message).to_bytes().to_vec(),
        }
    }

    /// Signs arbitrary bytes as [`IssuerKey::issue`] signs a certificate; for benchmarks and
    /// tests that compare the bare signature check with full verification.
    pub fn sign_for_benchmark(&self, message: &[u8]) -> Vec<u8> {
        self.sign(message)
    }

    /// One line of text: prefix, algorithm, secret key and certificate, base64url. Keep secret.
    pub fn to_text(&self) -> String {
        let (name, secret) = match &self.secret {
            SecretKey::P256(key) => ("ES256", key.to_bytes().to_vec()),
            SecretKey::Ed25519(key) => ("EdDSA", key.to_bytes().to_vec()),
        };
        format!("{KEY_PREFIX}{name}:{}:{}", URL_SAFE_NO_PAD.encode(secret), URL_SAFE_NO_PAD.encode(&self.certificate_der))
    }

    /// Reads a key written by [`IssuerKey::to_text`]; the certificate must match the key.
    pub fn from_text(text: &str) -> Result<Self, IssuerKeyError> {
        let body = text.trim().strip_prefix(KEY_PREFIX).ok_or(IssuerKeyError::Encoding)?;
        let mut parts = body.split(':');
        let (Some(name), Some(secret), Some(cert), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(IssuerKeyError::Encoding);
        };
        let secret = URL_SAFE_NO_PAD.decode(secret).map_err(|_| IssuerKeyError::Encoding)?;
        let secret: [u8; 32] = secret.as_slice().try_into().map_err(|_| IssuerKeyError::Encoding)?;
        let certificate_der = URL_SAFE_NO_PAD.decode(cert).map_err(|_| IssuerKeyError::Encoding)?;
        let secret = match name {
            "ES256" => {
                SecretKey::P256(p256::ecdsa::SigningKey::from_bytes(&secret.into()).map_err(|_| IssuerKeyError::Encoding)?)
            }
            "EdDSA" => SecretKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&secret)),
            _ => return Err(IssuerKeyError::Encoding),
        };
        let signer = DocumentSigner::from_der(&certificate_der).map_err(|_| IssuerKeyError::Encoding)?;
        let key = IssuerKey { secret, certificate_der, signer };
        // The certificate must carry this key, or verifiers would reject everything we sign.
        let probe = b"healthpass/issuer-key-check";
        if !key.signer.public_key().verifies(key.algorithm(), probe, &key.sign(probe)) {
            return Err(IssuerKeyError::Encoding);
        }
        Ok(key)
    }
}

fn self_signed_certificate(
    secret: &SecretKey,
    country: &str,
    valid_from: DateTime<Utc>,
    valid_until: DateTime<Utc>,
) -> Result<Vec<u8>, IssuerKeyError> {
    fn err<E>(_: E) -> IssuerKeyError {
        IssuerKeyError::Certificate
    }
    let time = |t: DateTime<Utc>| -> Result<Time, IssuerKeyError> {
        let secs = u64::try_from(t.timestamp()).map_err(|_| IssuerKeyError::InvalidDetails("validity before 1970"))?;
        GeneralizedTime::from_unix_duration(StdDuration::from_secs(secs))
            .map(Time::GeneralTime)
            .map_err(|_| IssuerKeyError::InvalidDetails("validity out of range"))
    };
    let validity = Validity { not_before: time(valid_from)?, not_after: time(valid_until)? };
    let subject = Name::from_str(&format!("CN=healthpass DSC,O=healthpass,C={country}")).map_err(err)?;
    let serial_bytes: [u8; 16] = crate::random::bytes();
    let mut serial = serial_bytes;
    serial[0] &= 0x7f; // a positive INTEGER
    serial[0] |= 0x01; // and never a leading zero byte
    let serial = SerialNumber::new(&serial).map_err(err)?;
    // Self-signed: the issuer is the subject. Leaf gives it digitalSignature key usage only.
    let profile = Profile::Leaf { issuer: subject.clone(), enable_key_agreement: false, enable_key_encipherment: false };
    let der = match secret {
        SecretKey::P256(key) => {
            let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(err)?;
            let builder = CertificateBuilder::new(profile, serial, validity, subject, spki, key).map_err(err)?;
            builder.build::<p256::ecdsa::DerSignature>().map_err(err)?.to_der().map_err(err)?
        }
        SecretKey::Ed25519(key) => {
            let spki_der = key.verifying_key().to_public_key_der().map_err(err)?;
            let spki = x509_cert::der::Decode::from_der(spki_der.as_bytes()).map_err(err)?;
            let signer = Ed25519CertificateSigner(key);
            let builder = CertificateBuilder::new(profile, serial, validity, subject, spki, &signer).map_err(err)?;
            builder.build::<Ed25519BitString>().map_err(err)?.to_der().map_err(err)?
        }
    };
    Ok(der)
}

/// Lets the X.509 builder sign with Ed25519: ed25519-dalek's signature type lacks the
/// bit-string encoding the builder asks for, so this wrapper supplies it.
struct Ed25519CertificateSigner<'a>(&'a ed25519_dalek::SigningKey);

/// An Ed25519 signature as an X.509 signature bit string.
struct Ed25519BitString(ed25519_dalek::Signature);

impl x509_cert::spki::SignatureBitStringEncoding for Ed25519BitString {
    fn to_bitstring(&self) -> x509_cert::der::Result<x509_cert::der::asn1::BitString> {
        x509_cert::der::asn1::BitString::from_bytes(&self.0.to_bytes())
    }
}

impl ed25519_dalek::Signer<Ed25519BitString> for Ed25519CertificateSigner<'_> {
    fn try_sign(&self, message: &[u8]) -> Result<Ed25519BitString, ed25519_dalek::SignatureError> {
        self.0.try_sign(message).map(Ed25519BitString)
    }
}

impl ed25519_dalek::ed25519::signature::Keypair for Ed25519CertificateSigner<'_> {
    type VerifyingKey = ed25519_dalek::VerifyingKey;
    fn verifying_key(&self) -> Self::VerifyingKey {
        self.0.verifying_key()
    }
}

impl x509_cert::spki::DynSignatureAlgorithmIdentifier for Ed25519CertificateSigner<'_> {
    fn signature_algorithm_identifier(&self) -> x509_cert::spki::Result<x509_cert::spki::AlgorithmIdentifierOwned> {
        self.0.signature_algorithm_identifier()
    }
}
