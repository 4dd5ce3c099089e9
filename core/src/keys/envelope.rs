//! The signed JSON envelope shared by every signed document (trust lists and status rule sets
//! under the trust root, the warning index under the publisher):
//!
//! ```text
//! {"key_id": hex(8 bytes), "content": base64url(content bytes), "signature": base64url(64 bytes)}
//! ```
//! The Ed25519 signature covers a per-kind context string (ending in NUL) followed by the
//! content bytes, so a signature on one kind can never be replayed as another. The key's
//! purpose is part of the type, so a document can only be opened with keys of its purpose.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use thiserror::Error;

use super::{KeyId, KeyPurpose, PublicKey, SigningKey};

/// Why a signed envelope was refused; each document kind maps it into its own error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum EnvelopeError {
    /// The envelope is not the three-field JSON shape, or one of its fields does not decode.
    #[error("malformed envelope: {0}")]
    Malformed(&'static str),
    /// No trusted key has the envelope's key id.
    #[error("signed by an unknown key")]
    UnknownKey,
    /// The signature does not match the content under any trusted key with that id.
    #[error("the signature is forged or the content was altered")]
    ForgedSignature,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    key_id: String,
    content: String,
    signature: String,
}

/// Signs `content` under `context` and wraps it in an envelope (pretty JSON bytes).
pub(crate) fn seal<P: KeyPurpose>(context: &[u8], content: &[u8], key: &SigningKey<P>) -> Vec<u8> {
    let signature = key.sign(&[context, content].concat());
    // Hex and base64url need no JSON escaping, so the envelope is written directly.
    format!(
        "{{\n  \"key_id\": \"{}\",\n  \"content\": \"{}\",\n  \"signature\": \"{}\"\n}}",
        key.public_key().key_id(),
        URL_SAFE_NO_PAD.encode(content),
        URL_SAFE_NO_PAD.encode(signature)
    )
    .into_bytes()
}

/// Checks an envelope against the trusted keys and returns the content bytes and the id of
/// the key that signed them. Nothing inside the content is parsed before the signature holds.
pub(crate) fn open<P: KeyPurpose>(
    context: &[u8],
    bytes: &[u8],
    trusted: &[PublicKey<P>],
) -> Result<(Vec<u8>, KeyId), EnvelopeError> {
    let envelope: Envelope = serde_json::from_slice(bytes).map_err(|_| EnvelopeError::Malformed("envelope"))?;
    let key_id = KeyId::from_hex(&envelope.key_id).ok_or(EnvelopeError::Malformed("key id"))?;
    let content = URL_SAFE_NO_PAD.decode(&envelope.content).map_err(|_| EnvelopeError::Malformed("content"))?;
    let signature = URL_SAFE_NO_PAD.decode(&envelope.signature).map_err(|_| EnvelopeError::Malformed("signature"))?;
    let mut keys = trusted.iter().filter(|k| k.key_id() == key_id).peekable();
    if keys.peek().is_none() {
        return Err(EnvelopeError::UnknownKey);
    }
    let message = [context, content.as_slice()].concat();
    if !keys.any(|key| key.verifies(&message, &signature)) {
        return Err(EnvelopeError::ForgedSignature);
    }
    Ok((content, key_id))
}
