//! Ed25519 keys of the health authority, one type per purpose: the venue registry (posters),
//! the trust root (trust lists and rule sets) and the warning publisher (exposure bundles).
//!
//! A key of one purpose cannot be used where another is expected: the purpose is part of the
//! type and of the key's text form (`healthpass-<purpose>-{secret,public}-v1:` + base64url).
//! Key rotation is a set with more than one public key; [`KeyId`] names a key inside signed data.

pub(crate) mod envelope;
mod purpose;

use std::fmt;
use std::marker::PhantomData;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, VerifyingKey};
use sha2::{Digest, Sha256};
use thiserror::Error;

pub use envelope::EnvelopeError;
pub use purpose::{KeyPurpose, Publisher, Registry, TrustRoot};

/// Names a key inside signed data: the first 8 bytes of SHA-256 of the public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub [u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl KeyId {
    /// Reads the 16 lower- or upper-case hex digits written by `Display`.
    pub fn from_hex(hex: &str) -> Option<Self> {
        if hex.len() != 16 || !hex.is_ascii() {
            return None;
        }
        let mut id = [0u8; 8];
        for (i, byte) in id.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(KeyId(id))
    }
}

/// Why a key's text form was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum KeyFileError {
    /// The text does not start with the prefix of this purpose and half (secret or public).
    #[error("not a healthpass key of this kind")]
    WrongKind,
    /// The key bytes are not 32 bytes of unpadded base64url.
    #[error("the key bytes are not 32 bytes of base64url")]
    Encoding,
    /// The bytes are not a valid Ed25519 public key.
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
}

/// A secret signing key of purpose `P`. Only its owner (server or operator tool) holds it.
pub struct SigningKey<P: KeyPurpose> {
    key: ed25519_dalek::SigningKey,
    purpose: PhantomData<P>,
}

impl<P: KeyPurpose> SigningKey<P> {
    /// A fresh key from the operating system's generator.
    pub fn generate() -> Self {
        SigningKey { key: ed25519_dalek::SigningKey::from_bytes(&crate::random::bytes()), purpose: PhantomData }
    }

    /// The public half, to be shipped to phones.
    pub fn public_key(&self) -> PublicKey<P> {
        PublicKey { key: self.key.verifying_key(), purpose: PhantomData }
    }

    /// Signs `message`; callers put a context string first so no signature can be replayed
    /// as another kind of document.
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The key as one line of text (`healthpass-<purpose>-secret-v1:` + base64url). Keep it secret.
    pub fn to_text(&self) -> String {
        format!("{}{}", prefix::<P>("secret"), URL_SAFE_NO_PAD.encode(self.key.to_bytes()))
    }

    /// Reads a key written by [`SigningKey::to_text`]; surrounding white space is ignored.
    pub fn from_text(text: &str) -> Result<Self, KeyFileError> {
        let bytes = decode_key_text(text, &prefix::<P>("secret"))?;
        Ok(SigningKey { key: ed25519_dalek::SigningKey::from_bytes(&bytes), purpose: PhantomData })
    }
}

/// A public key of purpose `P`, as phones hold it to verify signatures.
pub struct PublicKey<P: KeyPurpose> {
    key: VerifyingKey,
    purpose: PhantomData<P>,
}

impl<P: KeyPurpose> PublicKey<P> {
    /// The id signed data uses to name this key.
    pub fn key_id(&self) -> KeyId {
        let digest = Sha256::digest(self.key.as_bytes());
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        KeyId(id)
    }

    /// Whether `signature` is this key's strict Ed25519 signature of `message`; a signature
    /// of the wrong length never verifies.
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        Signature::from_slice(signature).is_ok_and(|sig| self.key.verify_strict(message, &sig).is_ok())
    }

    /// The key as one line of text (`healthpass-<purpose>-public-v1:` + base64url).
    pub fn to_text(&self) -> String {
        format!("{}{}", prefix::<P>("public"), URL_SAFE_NO_PAD.encode(self.key.as_bytes()))
    }

    /// Reads a key written by [`PublicKey::to_text`]; surrounding white space is ignored.
    pub fn from_text(text: &str) -> Result<Self, KeyFileError> {
        let bytes = decode_key_text(text, &prefix::<P>("public"))?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| KeyFileError::InvalidPublicKey)?;
        Ok(PublicKey { key, purpose: PhantomData })
    }
}

// Written by hand: a derive would demand the same traits of the purpose marker `P`.
impl<P: KeyPurpose> Clone for PublicKey<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: KeyPurpose> Copy for PublicKey<P> {}

impl<P: KeyPurpose> PartialEq for PublicKey<P> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<P: KeyPurpose> Eq for PublicKey<P> {}

impl<P: KeyPurpose> fmt::Debug for PublicKey<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey<{}>({})", P::NAME, self.key_id())
    }
}

/// The text prefix of one half of a `P` key.
fn prefix<P: KeyPurpose>(half: &str) -> String {
    format!("healthpass-{}-{half}-v1:", P::NAME)
}

/// Decodes the 32 key bytes after `prefix`.
fn decode_key_text(text: &str, prefix: &str) -> Result<[u8; 32], KeyFileError> {
    let encoded = text.trim().strip_prefix(prefix).ok_or(KeyFileError::WrongKind)?;
    let bytes = URL_SAFE_NO_PAD.decode(encoded).map_err(|_| KeyFileError::Encoding)?;
    bytes.try_into().map_err(|_| KeyFileError::Encoding)
}

#[cfg(test)]
mod tests;
