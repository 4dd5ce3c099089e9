//! Why a trust list was refused.

use thiserror::Error;

use crate::keys::EnvelopeError;

/// Why a trust list was refused. Each cause has its own stable [`TrustListError::code`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TrustListError {
    /// The file is larger than [`super::MAX_TRUST_LIST_LEN`].
    #[error("the trust list of {length} bytes exceeds the limit of {limit}")]
    TooLong {
        /// Size of the refused file in bytes.
        length: usize,
        /// The largest size accepted.
        limit: usize,
    },
    /// The envelope or the signed content is not the trust-list JSON shape.
    #[error("malformed trust list: {0}")]
    Malformed(&'static str),
    /// The content declares a format version this build does not read.
    #[error("unsupported trust list version {0}")]
    UnsupportedVersion(u32),
    /// No pinned root key has the envelope's key id.
    #[error("the trust list is signed by an unknown root key")]
    UnknownRootKey,
    /// The signature does not match the content under the pinned root key.
    #[error("the trust list's signature is forged or the list was altered")]
    ForgedSignature,
    /// The list is older than the one already installed.
    #[error("the trust list is older than the installed one")]
    Rollback,
    /// A listed signer certificate or DID document does not parse.
    #[error("entry {index} of the trust list is invalid")]
    InvalidEntry {
        /// Zero-based position of the entry in its array.
        index: usize,
    },
}

impl TrustListError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            TrustListError::TooLong { .. } => "too_long",
            TrustListError::Malformed(_) => "malformed",
            TrustListError::UnsupportedVersion(_) => "unsupported_version",
            TrustListError::UnknownRootKey => "unknown_root_key",
            TrustListError::ForgedSignature => "forged_signature",
            TrustListError::Rollback => "rollback",
            TrustListError::InvalidEntry { .. } => "invalid_entry",
        }
    }
}

impl From<EnvelopeError> for TrustListError {
    fn from(error: EnvelopeError) -> Self {
        match error {
            EnvelopeError::Malformed(what) => TrustListError::Malformed(what),
            EnvelopeError::UnknownKey => TrustListError::UnknownRootKey,
            EnvelopeError::ForgedSignature => TrustListError::ForgedSignature,
        }
    }
}
