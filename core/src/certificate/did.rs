//! `did:web` issuer documents for NZ COVID Passes: which P-256 keys an issuer asserts with.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use thiserror::Error;

/// Largest DID document accepted, in bytes.
pub const MAX_DID_DOCUMENT_LEN: usize = 64 * 1024;

/// Why a DID document was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DidDocumentError {
    /// Not JSON of the DID document shape, or too large.
    #[error("not a DID document")]
    Syntax,
    /// The `id` is not a `did:web:` identifier.
    #[error("the DID document's id is not a did:web identifier")]
    NotDidWeb,
    /// An assertion key is not a valid P-256 JSON Web Key.
    #[error("an assertion key is not a P-256 JSON Web Key")]
    InvalidKey,
}

/// A trusted NZ Pass issuer: its DID and the keys it asserts credentials with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidDocument {
    id: String,
    keys: Vec<(String, p256::ecdsa::VerifyingKey)>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawDocument {
    id: String,
    #[serde(default)]
    verification_method: Vec<RawMethod>,
    #[serde(default)]
    assertion_method: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawMethod {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    public_key_jwk: Option<RawJwk>,
}

#[derive(Deserialize)]
struct RawJwk {
    kty: String,
    crv: String,
    x: String,
    y: String,
}

impl DidDocument {
    /// Reads a DID document (JSON). Only verification methods listed in `assertionMethod` are
    /// kept, since only those may sign credentials.
    pub fn from_json(bytes: &[u8]) -> Result<Self, DidDocumentError> {
        if bytes.len() > MAX_DID_DOCUMENT_LEN {
            return Err(DidDocumentError::Syntax);
        }
        let raw: RawDocument = serde_json::from_slice(bytes).map_err(|_| DidDocumentError::Syntax)?;
        if !raw.id.starts_with("did:web:") {
            return Err(DidDocumentError::NotDidWeb);
        }
        let asserted: Vec<&str> = raw.assertion_method.iter().filter_map(serde_json::Value::as_str).collect();
        let mut keys = Vec::new();
        for method in raw.verification_method {
            let absolute = if method.id.starts_with('#') { format!("{}{}", raw.id, method.id) } else { method.id };
            let relative = absolute.strip_prefix(raw.id.as_str()).unwrap_or("");
            if !asserted.iter().any(|a| *a == absolute || (!relative.is_empty() && *a == relative)) {
                continue;
            }
            if method.kind != "JsonWebKey2020" {
                continue;
            }
            let jwk = method.public_key_jwk.ok_or(DidDocumentError::InvalidKey)?;
            keys.push((absolute, jwk_to_key(&jwk)?));
        }
        Ok(DidDocument { id: raw.id, keys })
    }

    /// The issuer's DID (`did:web:…`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The assertion key with absolute id `did#kid`, if the document lists it.
    pub fn assertion_key(&self, kid: &str) -> Option<&p256::ecdsa::VerifyingKey> {
        let wanted = format!("{}#{}", self.id, kid);
        self.keys.iter().find(|(id, _)| *id == wanted).map(|(_, key)| key)
    }
}

fn jwk_to_key(jwk: &RawJwk) -> Result<p256::ecdsa::VerifyingKey, DidDocumentError> {
    if jwk.kty != "EC" || jwk.crv != "P-256" {
        return Err(DidDocumentError::InvalidKey);
    }
    let x = URL_SAFE_NO_PAD.decode(&jwk.x).map_err(|_| DidDocumentError::InvalidKey)?;
    let y = URL_SAFE_NO_PAD.decode(&jwk.y).map_err(|_| DidDocumentError::InvalidKey)?;
    if x.len() != 32 || y.len() != 32 {
        return Err(DidDocumentError::InvalidKey);
    }
    let mut sec1 = Vec::with_capacity(65);
    sec1.push(0x04);
    sec1.extend_from_slice(&x);
    sec1.extend_from_slice(&y);
    p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map_err(|_| DidDocumentError::InvalidKey)
}
