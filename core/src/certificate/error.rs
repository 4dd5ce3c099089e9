//! Why a health certificate was refused. Messages never contain the holder's name, date of
//! birth or any other certificate content.

use chrono::{DateTime, Utc};
use thiserror::Error;

/// The decoding stage at which the bytes of a certificate stopped making sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum Stage {
    /// The text does not start with `HC1:` or `NZCP:/1/`.
    #[error("prefix")]
    Prefix,
    /// The `HC1:` body is not valid base45.
    #[error("base45")]
    Base45,
    /// The `NZCP:/1/` body is not valid unpadded base32.
    #[error("base32")]
    Base32,
    /// The base45 body is not a zlib stream, or inflates past the size cap.
    #[error("compression")]
    Compression,
    /// The bytes are not a COSE_Sign1 structure (or its headers are broken).
    #[error("COSE")]
    Cose,
    /// The COSE payload is not a CWT claims map, or a claim has the wrong type.
    #[error("CWT claims")]
    Claims,
    /// The health payload (DCC `hcert` or NZ `vc`) is missing or breaks its schema.
    #[error("health payload")]
    Payload,
}

impl Stage {
    /// A short, stable name for scripts (`prefix`, `base45`, …).
    pub fn code(self) -> &'static str {
        match self {
            Stage::Prefix => "prefix",
            Stage::Base45 => "base45",
            Stage::Base32 => "base32",
            Stage::Compression => "compression",
            Stage::Cose => "cose",
            Stage::Claims => "claims",
            Stage::Payload => "payload",
        }
    }
}

/// A well-formed feature this verifier deliberately does not handle.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Unsupported {
    /// A context prefix of a format version we do not read (`HC2:`, `NZCP:/2/`).
    #[error("format version")]
    FormatVersion,
    /// A COSE algorithm other than ES256 (-7), ES384 (-35), ES512 (-36), PS256 (-37) and
    /// EdDSA (-8), or none at all.
    #[error("signature algorithm {0:?}")]
    Algorithm(Option<i64>),
}

/// Which limit an instant fell outside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValidityLimit {
    /// The certificate's own claims (`nbf`, `iat`, `exp`).
    Certificate,
    /// The document signer certificate's `notBefore`/`notAfter`.
    Signer,
}

/// Why a health certificate was refused. Each cause has its own stable [`CertificateError::code`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CertificateError {
    /// The text is longer than any QR code can carry; it was not parsed.
    #[error("certificate text of {length} bytes exceeds the limit of {limit}")]
    TooLong {
        /// Length of the refused text in bytes.
        length: usize,
        /// The largest length accepted.
        limit: usize,
    },
    /// The bytes could not be decoded; `Stage` says where.
    #[error("malformed certificate: bad {0}")]
    Malformed(Stage),
    /// The certificate uses something this verifier does not support.
    #[error("unsupported certificate: {0}")]
    Unsupported(Unsupported),
    /// No trusted key has the certificate's key id (or its issuer is not trusted).
    #[error("the certificate is signed by an unknown key")]
    UnknownKey,
    /// No trusted key with the certificate's key id verifies its signature.
    #[error("the certificate's signature is invalid or the certificate was altered")]
    SignatureInvalid,
    /// The certificate (or its signer) was no longer valid at the instant of the check.
    #[error("the certificate expired at {expired_at}")]
    Expired {
        /// The limit that was passed (UTC).
        expired_at: DateTime<Utc>,
        /// Whose limit it is.
        limit: ValidityLimit,
    },
    /// The certificate (or its signer) was not yet valid at the instant of the check.
    #[error("the certificate is not valid before {valid_from}")]
    NotYetValid {
        /// The start of validity that was not reached (UTC).
        valid_from: DateTime<Utc>,
        /// Whose limit it is.
        limit: ValidityLimit,
    },
}

impl CertificateError {
    /// A short, stable code for scripts and UIs (`malformed_base45`, `signature_invalid`, …).
    pub fn code(&self) -> &'static str {
        match self {
            CertificateError::TooLong { .. } => "too_long",
            CertificateError::Malformed(stage) => match stage {
                Stage::Prefix => "malformed_prefix",
                Stage::Base45 => "malformed_base45",
                Stage::Base32 => "malformed_base32",
                Stage::Compression => "malformed_compression",
                Stage::Cose => "malformed_cose",
                Stage::Claims => "malformed_claims",
                Stage::Payload => "malformed_payload",
            },
            CertificateError::Unsupported(_) => "unsupported",
            CertificateError::UnknownKey => "unknown_key",
            CertificateError::SignatureInvalid => "signature_invalid",
            CertificateError::Expired { .. } => "expired",
            CertificateError::NotYetValid { .. } => "not_yet_valid",
        }
    }
}

impl From<Stage> for CertificateError {
    fn from(stage: Stage) -> Self {
        CertificateError::Malformed(stage)
    }
}
