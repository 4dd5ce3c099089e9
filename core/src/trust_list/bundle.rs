//! The trust list's content, inside the root key's signed envelope (see `crate::keys::envelope`):
//!
//! ```text
//! {"version": 1, "issued_at": RFC 3339 UTC,
//!  "signers": [base64(DER X.509 document signer)...],
//!  "nz_issuers": [DID document...]}
//! ```
//! The signature context is `healthpass/trust-list/v1\0`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{TrustListError, TrustRootKey, TrustRootSigningKey};
use crate::certificate::{DidDocument, DocumentSigner, TrustStore};
use crate::keys::KeyId;
use crate::keys::envelope::{open, seal};

/// Largest trust-list file accepted, in bytes (the EU gateway's full list is about 2 MiB).
pub const MAX_TRUST_LIST_LEN: usize = 8 * 1024 * 1024;
/// The content version this build reads and writes.
pub const TRUST_LIST_VERSION: u32 = 1;
const SIGNATURE_CONTEXT: &[u8] = b"healthpass/trust-list/v1\0";

#[derive(Serialize, Deserialize)]
struct Content {
    version: u32,
    issued_at: DateTime<Utc>,
    #[serde(default)]
    signers: Vec<String>,
    #[serde(default)]
    nz_issuers: Vec<serde_json::Value>,
}

/// A verified trust list: when it was issued and what it trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustList {
    issued_at: DateTime<Utc>,
    key_id: KeyId,
    trust: TrustStore,
}

impl TrustList {
    /// Verifies a trust-list file against the pinned root keys, then parses every entry.
    /// The signature is checked before any entry is parsed.
    pub fn verify(bytes: &[u8], roots: &[TrustRootKey]) -> Result<TrustList, TrustListError> {
        if bytes.len() > MAX_TRUST_LIST_LEN {
            return Err(TrustListError::TooLong { length: bytes.len(), limit: MAX_TRUST_LIST_LEN });
        }
        let (content, key_id) = open(SIGNATURE_CONTEXT, bytes, roots).map_err(TrustListError::from)?;
        let content: Content = serde_json::from_slice(&content).map_err(|_| TrustListError::Malformed("content"))?;
        if content.version != TRUST_LIST_VERSION {
            return Err(TrustListError::UnsupportedVersion(content.version));
        }
        let mut trust = TrustStore::new();
        for (index, signer) in content.signers.iter().enumerate() {
            let der = STANDARD.decode(signer).map_err(|_| TrustListError::InvalidEntry { index })?;
            trust.add_signer(DocumentSigner::from_der(&der).map_err(|_| TrustListError::InvalidEntry { index })?);
        }
        for (index, document) in content.nz_issuers.iter().enumerate() {
            let json = serde_json::to_vec(document).map_err(|_| TrustListError::InvalidEntry { index })?;
            trust.add_issuer(DidDocument::from_json(&json).map_err(|_| TrustListError::InvalidEntry { index })?);
        }
        Ok(TrustList { issued_at: content.issued_at, key_id, trust })
    }

    /// Signs a trust list of DER signer certificates and DID documents (JSON bytes).
    /// Every entry is parsed first, so a publisher cannot ship a list phones would refuse.
    pub fn sign(
        signers_der: &[Vec<u8>],
        did_documents: &[Vec<u8>],
        issued_at: DateTime<Utc>,
        root: &TrustRootSigningKey,
    ) -> Result<Vec<u8>, TrustListError> {
        let mut nz_issuers = Vec::new();
        for (index, json) in did_documents.iter().enumerate() {
            DidDocument::from_json(json).map_err(|_| TrustListError::InvalidEntry { index })?;
            nz_issuers.push(serde_json::from_slice(json).map_err(|_| TrustListError::InvalidEntry { index })?);
        }
        for (index, der) in signers_der.iter().enumerate() {
            DocumentSigner::from_der(der).map_err(|_| TrustListError::InvalidEntry { index })?;
        }
        let content = Content {
            version: TRUST_LIST_VERSION,
            issued_at,
            signers: signers_der.iter().map(|der| STANDARD.encode(der)).collect(),
            nz_issuers,
        };
        let content = serde_json::to_vec(&content).map_err(|_| TrustListError::Malformed("content"))?;
        Ok(seal(SIGNATURE_CONTEXT, &content, root))
    }

    /// When the publisher issued this list (UTC).
    pub fn issued_at(&self) -> DateTime<Utc> {
        self.issued_at
    }

    /// How old the list is at `now`, so a shell can warn when it is stale (negative if the
    /// list claims to come from the future).
    pub fn age(&self, now: DateTime<Utc>) -> Duration {
        now - self.issued_at
    }

    /// The root key that signed it.
    pub fn root_key_id(&self) -> KeyId {
        self.key_id
    }

    /// What the list trusts.
    pub fn trust_store(&self) -> &TrustStore {
        &self.trust
    }

    /// What the list trusts, by value.
    pub fn into_trust_store(self) -> TrustStore {
        self.trust
    }
}
