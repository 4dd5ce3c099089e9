//! The warning index: which hour bundles exist (the last 14 days), signed by the publisher so
//! a phone knows what to fetch and can check each bundle's SHA-256 before reading it.
//!
//! Content, inside the signed envelope of `crate::keys::envelope` (context
//! `healthpass/warning-index/v1\0`):
//! ```text
//! {"version":1,"generated_at":RFC 3339 UTC,"bundles":[{"hour":N,"reports":K,"sha256":hex}]}
//! ```
//! Hours strictly ascending.

use chrono::{DateTime, SecondsFormat, Utc};
use data_encoding::{HEXLOWER, HEXLOWER_PERMISSIVE};
use serde::Deserialize;
use thiserror::Error;

use super::{MAX_HOUR_REPORTS, PublisherPublicKey, PublisherSigningKey};
use crate::keys::EnvelopeError;
use crate::keys::envelope::{open, seal};

/// The content version this build reads and writes.
pub const WARNING_INDEX_VERSION: u32 = 1;
/// Largest index file accepted, in bytes.
pub const MAX_INDEX_LEN: usize = 1024 * 1024;
const SIGNATURE_CONTEXT: &[u8] = b"healthpass/warning-index/v1\0";

/// Why a warning index was refused. Each cause has its own stable [`IndexError::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IndexError {
    /// The file is larger than [`MAX_INDEX_LEN`].
    #[error("the warning index is larger than {MAX_INDEX_LEN} bytes")]
    TooLarge,
    /// The envelope or the content is not the index's JSON shape.
    #[error("malformed warning index: {0}")]
    Malformed(&'static str),
    /// The content declares a format version this build does not read.
    #[error("unsupported warning index version {0}")]
    UnsupportedVersion(u32),
    /// No trusted publisher key has the envelope's key id.
    #[error("the warning index is signed by an unknown publisher key")]
    UnknownKeyId,
    /// The signature does not match the content.
    #[error("the warning index's signature is forged or the index was altered")]
    ForgedSignature,
}

impl IndexError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            IndexError::TooLarge => "too_large",
            IndexError::Malformed(_) => "malformed",
            IndexError::UnsupportedVersion(_) => "unsupported_version",
            IndexError::UnknownKeyId => "unknown_key_id",
            IndexError::ForgedSignature => "forged_signature",
        }
    }
}

impl From<EnvelopeError> for IndexError {
    fn from(error: EnvelopeError) -> Self {
        match error {
            EnvelopeError::Malformed(what) => IndexError::Malformed(what),
            EnvelopeError::UnknownKey => IndexError::UnknownKeyId,
            EnvelopeError::ForgedSignature => IndexError::ForgedSignature,
        }
    }
}

/// One published hour bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexEntry {
    /// The bundle's hour slot (its file name under `/v1/warnings/`).
    pub hour: u64,
    /// How many reports it carries.
    pub reports: u32,
    /// SHA-256 of the whole bundle file.
    pub sha256: [u8; 32],
}

/// The signed list of published hour bundles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningIndex {
    /// When the publisher wrote it (UTC, whole seconds).
    pub generated_at: DateTime<Utc>,
    /// The bundles, hours strictly ascending.
    pub bundles: Vec<IndexEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Content {
    version: u32,
    generated_at: DateTime<Utc>,
    bundles: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    hour: u64,
    reports: u32,
    sha256: String,
}

impl WarningIndex {
    /// Signs the index with the publisher key (envelope JSON bytes).
    pub fn seal(&self, key: &PublisherSigningKey) -> Vec<u8> {
        // Numbers, hex and an RFC 3339 instant need no JSON escaping: written directly.
        let entries: Vec<String> = self
            .bundles
            .iter()
            .map(|e| format!("{{\"hour\":{},\"reports\":{},\"sha256\":\"{}\"}}", e.hour, e.reports, HEXLOWER.encode(&e.sha256)))
            .collect();
        let content = format!(
            "{{\"version\":{WARNING_INDEX_VERSION},\"generated_at\":\"{}\",\"bundles\":[{}]}}",
            self.generated_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            entries.join(",")
        );
        seal(SIGNATURE_CONTEXT, content.as_bytes(), key)
    }

    /// Verifies an index file against the trusted publisher keys, then reads it. Nothing in
    /// the content is parsed before the signature holds.
    pub fn open(bytes: &[u8], trusted: &[PublisherPublicKey]) -> Result<WarningIndex, IndexError> {
        if bytes.len() > MAX_INDEX_LEN {
            return Err(IndexError::TooLarge);
        }
        let (content, _) = open(SIGNATURE_CONTEXT, bytes, trusted)?;
        let content: Content = serde_json::from_slice(&content).map_err(|_| IndexError::Malformed("content"))?;
        if content.version != WARNING_INDEX_VERSION {
            return Err(IndexError::UnsupportedVersion(content.version));
        }
        let mut bundles = Vec::with_capacity(content.bundles.len());
        for entry in content.bundles {
            if bundles.last().is_some_and(|last: &IndexEntry| last.hour >= entry.hour) {
                return Err(IndexError::Malformed("hours are not strictly ascending"));
            }
            if entry.reports > MAX_HOUR_REPORTS {
                return Err(IndexError::Malformed("a bundle has too many reports"));
            }
            let sha256 = HEXLOWER_PERMISSIVE
                .decode(entry.sha256.as_bytes())
                .ok()
                .and_then(|digest| <[u8; 32]>::try_from(digest).ok())
                .ok_or(IndexError::Malformed("sha256"))?;
            bundles.push(IndexEntry { hour: entry.hour, reports: entry.reports, sha256 });
        }
        Ok(WarningIndex { generated_at: content.generated_at, bundles })
    }
}
