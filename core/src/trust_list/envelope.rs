//! The signed JSON envelope shared by everything the health authority's root key signs
//! (trust lists, status rule sets):
//!
//! ```text
//! {"key_id": hex(8 bytes), "content": base64url(content bytes), "signature": base64url(64 bytes)}
//! ```
//! The Ed25519 signature covers a per-kind context string (ending in NUL) followed by the
//! content bytes, so a signature on one kind can never be replayed as another.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::keys::KeyId;

use super::{TrustListError, TrustRootKey, TrustRootSigningKey};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    key_id: String,
    content: String,
    signature: String,
}

/// Signs `content` under `context` and wraps it in an envelope (pretty JSON bytes).
pub(crate) fn seal(context: &[u8], content: &[u8], root: &TrustRootSigningKey) -> Result<Vec<u8>, TrustListError> {
    let signature = root.sign(&[context, content].concat());
    let envelope = Envelope {
        key_id: root.public_key().key_id().to_string(),
        content: URL_SAFE_NO_PAD.encode(content),
        signature: URL_SAFE_NO_PAD.encode(signature),
    };
    serde_json::to_vec_pretty(&envelope).map_err(|_| TrustListError::Malformed("envelope"))
}

/// Checks an envelope against the pinned roots and returns the content bytes and the id of
/// the key that signed them. Nothing inside the content is parsed before the signature holds.
pub(crate) fn open(context: &[u8], bytes: &[u8], roots: &[TrustRootKey]) -> Result<(Vec<u8>, KeyId), TrustListError> {
    let envelope: Envelope = serde_json::from_slice(bytes).map_err(|_| TrustListError::Malformed("envelope"))?;
    let key_id = parse_key_id(&envelope.key_id)?;
    let content = URL_SAFE_NO_PAD.decode(&envelope.content).map_err(|_| TrustListError::Malformed("content"))?;
    let signature = URL_SAFE_NO_PAD.decode(&envelope.signature).map_err(|_| TrustListError::Malformed("signature"))?;
    let mut keys = roots.iter().filter(|k| k.key_id() == key_id).peekable();
    if keys.peek().is_none() {
        return Err(TrustListError::UnknownRootKey);
    }
    let message = [context, content.as_slice()].concat();
    if !keys.any(|key| key.verifies(&message, &signature)) {
        return Err(TrustListError::ForgedSignature);
    }
    Ok((content, key_id))
}

fn parse_key_id(hex: &str) -> Result<KeyId, TrustListError> {
    KeyId::from_hex(hex).ok_or(TrustListError::Malformed("key id"))
}
