//! The trust list's wire format: a JSON envelope around signed JSON content.
//!
//! ```text
//! envelope: {"key_id": hex(8 bytes), "content": base64url(content), "signature": base64url(64 bytes)}
//! content:  {"version": 1, "issued_at": RFC 3339 UTC,
//!            "signers": [base64(DER X.509 document signer)...],
//!            "nz_issuers": [DID document...]}
//! ```
//! The Ed25519 signature covers `healthpass/trust-list/v1\0` followed by the content bytes,
//! so it cannot be replayed as any other healthpass signature.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{RootKeyId, TrustListError, TrustRootKey, TrustRootSigningKey};
use crate::certificate::{DidDocument, DocumentSigner, TrustStore};

/// Largest trust-list file accepted, in bytes (the EU gateway's full list is about 2 MiB).
pub const MAX_TRUST_LIST_LEN: usize = 8 * 1024 * 1024;
/// The content version this build reads and writes.
pub const TRUST_LIST_VERSION: u32 = 1;
const SIGNATURE_CONTEXT: &[u8] = b"healthpass/trust-list/v1\0";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    key_id: String,
    content: String,
    signature: String,
}

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
    key_id: RootKeyId,
    trust: TrustStore,
}

impl TrustList {
    /// Verifies a trust-list file against the pinned root keys, then parses every entry.
    /// The signature is checked before any entry is parsed.
    pub fn verify(bytes: &[u8], roots: &[TrustRootKey]) -> Result<TrustList, TrustListError> {
        if bytes.len() > MAX_TRUST_LIST_LEN {
            return Err(TrustListError::TooLong { length: bytes.len(), limit: MAX_TRUST_LIST_LEN });
        }
        let envelope: Envelope = serde_json::from_slice(bytes).map_err(|_| TrustListError::Malformed("envelope"))?;
        let key_id = parse_key_id(&envelope.key_id)?;
        let content = URL_SAFE_NO_PAD.decode(&envelope.content).map_err(|_| TrustListError::Malformed("content"))?;
        let signature =
            URL_SAFE_NO_PAD.decode(&envelope.signature).map_err(|_| TrustListError::Malformed("signature"))?;
        let mut keys = roots.iter().filter(|k| k.key_id() == key_id).peekable();
        if keys.peek().is_none() {
            return Err(TrustListError::UnknownRootKey);
        }
        let message = signed_message(&content);
        if !keys.any(|key| key.verifies(&message, &signature)) {
            return Err(TrustListError::ForgedSignature);
        }
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
        let signature = root.sign(&signed_message(&content));
        let envelope = Envelope {
            key_id: root.public_key().key_id().to_string(),
            content: URL_SAFE_NO_PAD.encode(&content),
            signature: URL_SAFE_NO_PAD.encode(signature),
        };
        serde_json::to_vec_pretty(&envelope).map_err(|_| TrustListError::Malformed("envelope"))
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
    pub fn root_key_id(&self) -> RootKeyId {
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

fn parse_key_id(hex: &str) -> Result<RootKeyId, TrustListError> {
    let bad = TrustListError::Malformed("key id");
    if hex.len() != 16 || !hex.is_ascii() {
        return Err(bad);
    }
    let mut id = [0u8; 8];
    for (i, byte) in id.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad.clone())?;
    }
    Ok(RootKeyId(id))
}

fn signed_message(content: &[u8]) -> Vec<u8> {
    [SIGNATURE_CONTEXT, content].concat()
}
