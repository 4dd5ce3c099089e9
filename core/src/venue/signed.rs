//! Signing a poster with the registry key, and verifying a signed poster on the phone.

use chrono::{DateTime, Utc};

use super::payload::{self, SIGNATURE_LEN};
use super::{KeyId, PosterError, RegistrySigningKey, TrustedRegistries, VenuePoster};

/// Domain separation: a poster signature can never be mistaken for any other signed message.
const SIGNATURE_CONTEXT: &[u8] = b"healthpass/venue-poster/v1\0";

/// A poster with its registry signature: the verified content plus its exact wire bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedPoster {
    poster: VenuePoster,
    key_id: KeyId,
    bytes: Vec<u8>,
}

impl SignedPoster {
    /// The signed content.
    pub fn poster(&self) -> &VenuePoster {
        &self.poster
    }
    /// The registry key that signed it.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }
    /// The full payload (signed part and signature), as carried in the poster URL.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl RegistrySigningKey {
    /// Signs `poster`; the result can be printed with [`SignedPoster::to_url`].
    pub fn sign_poster(&self, poster: VenuePoster) -> SignedPoster {
        let key_id = self.public_key().key_id();
        let mut bytes = payload::encode_signed_part(&poster, key_id);
        let signature = self.sign(&signed_message(&bytes));
        bytes.extend_from_slice(&signature);
        SignedPoster { poster, key_id, bytes }
    }
}

/// Verifies a payload against the trusted registry keys and its validity window at `now`.
///
/// Checks run in this order, so each refusal has one cause: structure and field rules,
/// unknown key id, signature, validity window.
pub fn verify_poster_bytes(bytes: &[u8], trusted: &TrustedRegistries, now: DateTime<Utc>) -> Result<SignedPoster, PosterError> {
    if bytes.len() > payload::MAX_PAYLOAD_LEN {
        return Err(PosterError::TooLong { length: bytes.len(), limit: payload::MAX_PAYLOAD_LEN });
    }
    let parsed = payload::decode(bytes)?;
    let message = signed_message(parsed.signed_part);
    let mut keys = trusted.with_id(parsed.key_id).peekable();
    if keys.peek().is_none() {
        return Err(PosterError::UnknownKeyId(parsed.key_id));
    }
    if !keys.any(|key| key.verifies(&message, &parsed.signature)) {
        return Err(PosterError::ForgedSignature);
    }
    let poster = parsed.poster;
    if now < poster.valid_from() {
        return Err(PosterError::NotYetValid { valid_from: poster.valid_from() });
    }
    if now >= poster.valid_until() {
        return Err(PosterError::Expired { valid_until: poster.valid_until() });
    }
    Ok(SignedPoster { poster, key_id: parsed.key_id, bytes: bytes.to_vec() })
}

/// The poster inside bytes this phone verified when it checked in (read back from its own
/// store): the structure is parsed again, the signature and validity are not re-checked.
pub fn stored_poster(bytes: &[u8]) -> Result<VenuePoster, PosterError> {
    Ok(payload::decode(bytes)?.poster)
}

/// The message an Ed25519 signature covers: the context string, then the signed part.
fn signed_message(signed_part: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNATURE_CONTEXT.len() + signed_part.len() + SIGNATURE_LEN);
    message.extend_from_slice(SIGNATURE_CONTEXT);
    message.extend_from_slice(signed_part);
    message
}
