//! Venue-registry keys: the Ed25519 key that signs posters, its public half, and the set of
//! public keys a phone trusts. Key rotation is a set with more than one key.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// Names a registry key inside a poster: the first 8 bytes of SHA-256 of the public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub [u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Prefix of a secret registry key in its text form.
const SECRET_PREFIX: &str = "healthpass-registry-secret-v1:";
/// Prefix of a public registry key in its text form.
const PUBLIC_PREFIX: &str = "healthpass-registry-public-v1:";

/// Why a registry key's text form was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum KeyFileError {
    /// The text does not start with the expected `healthpass-registry-…-v1:` prefix.
    #[error("not a healthpass registry key of this kind")]
    WrongKind,
    /// The key bytes are not 32 bytes of unpadded base64url.
    #[error("the key bytes are not 32 bytes of base64url")]
    Encoding,
    /// The bytes are not a valid Ed25519 public key.
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
}

/// The registry's private signing key. Only the registry (server or operator CLI) holds it.
pub struct RegistrySigningKey {
    key: SigningKey,
}

impl RegistrySigningKey {
    /// A fresh key from the operating system's generator.
    pub fn generate() -> Self {
        RegistrySigningKey { key: SigningKey::from_bytes(&crate::random::bytes()) }
    }

    /// The public half, to be shipped to phones.
    pub fn public_key(&self) -> RegistryPublicKey {
        RegistryPublicKey { key: self.key.verifying_key() }
    }

    /// Signs `message` (the caller adds domain separation).
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The key as one line of text (`healthpass-registry-secret-v1:` + base64url). Keep it secret.
    pub fn to_text(&self) -> String {
        format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.key.to_bytes()))
    }

    /// Reads a key written by [`RegistrySigningKey::to_text`]; surrounding white space is ignored.
    pub fn from_text(text: &str) -> Result<Self, KeyFileError> {
        let bytes = decode_key_text(text, SECRET_PREFIX)?;
        Ok(RegistrySigningKey { key: SigningKey::from_bytes(&bytes) })
    }
}

/// A registry's public key, as phones hold it to verify posters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPublicKey {
    key: VerifyingKey,
}

impl RegistryPublicKey {
    /// The id posters use to name this key.
    pub fn key_id(&self) -> KeyId {
        let digest = Sha256::digest(self.key.as_bytes());
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        KeyId(id)
    }

    /// Whether `signature` is this key's strict Ed25519 signature of `message`.
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.key.verify_strict(message, &Signature::from_bytes(signature)).is_ok()
    }

    /// The key as one line of text (`healthpass-registry-public-v1:` + base64url).
    pub fn to_text(&self) -> String {
        format!("{PUBLIC_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.key.as_bytes()))
    }

    /// Reads a key written by [`RegistryPublicKey::to_text`]; surrounding white space is ignored.
    pub fn from_text(text: &str) -> Result<Self, KeyFileError> {
        let bytes = decode_key_text(text, PUBLIC_PREFIX)?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| KeyFileError::InvalidPublicKey)?;
        Ok(RegistryPublicKey { key })
    }
}

/// Decodes the 32 key bytes after `prefix`.
fn decode_key_text(text: &str, prefix: &str) -> Result<[u8; 32], KeyFileError> {
    let encoded = text.trim().strip_prefix(prefix).ok_or(KeyFileError::WrongKind)?;
    let bytes = URL_SAFE_NO_PAD.decode(encoded).map_err(|_| KeyFileError::Encoding)?;
    bytes.try_into().map_err(|_| KeyFileError::Encoding)
}

/// The registry public keys a phone accepts posters from (more than one during a rotation).
#[derive(Debug, Clone, Default)]
pub struct TrustedRegistries {
    keys: Vec<RegistryPublicKey>,
}

impl TrustedRegistries {
    /// A set holding `keys`.
    pub fn new(keys: Vec<RegistryPublicKey>) -> Self {
        TrustedRegistries { keys }
    }

    /// The trusted keys whose id is `key_id` (ids are short, so more than one may match).
    pub(crate) fn with_id(&self, key_id: KeyId) -> impl Iterator<Item = &RegistryPublicKey> {
        self.keys.iter().filter(move |k| k.key_id() == key_id)
    }
}
