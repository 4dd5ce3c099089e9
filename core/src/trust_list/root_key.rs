//! The health authority's Ed25519 root key that signs trust lists and status rule sets.
//! Phones pin its public half; the publisher alone holds the secret half.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::TrustListError;

const SECRET_PREFIX: &str = "healthpass-trust-root-secret-v1:";
const PUBLIC_PREFIX: &str = "healthpass-trust-root-public-v1:";

/// Names a root key: the first 8 bytes of SHA-256 of the public key, in hex on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RootKeyId(pub [u8; 8]);

impl fmt::Display for RootKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// The secret root key, held by the trust-list publisher only.
pub struct TrustRootSigningKey {
    key: SigningKey,
}

impl TrustRootSigningKey {
    /// A fresh key from the operating system's generator.
    pub fn generate() -> Self {
        TrustRootSigningKey { key: SigningKey::from_bytes(&crate::random::bytes()) }
    }

    /// The public half, to be pinned in the apps.
    pub fn public_key(&self) -> TrustRootKey {
        TrustRootKey { key: self.key.verifying_key() }
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// One line of text (`healthpass-trust-root-secret-v1:` + base64url). Keep it secret.
    pub fn to_text(&self) -> String {
        format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.key.to_bytes()))
    }

    /// Reads a key written by [`TrustRootSigningKey::to_text`].
    pub fn from_text(text: &str) -> Result<Self, TrustListError> {
        let bytes = decode(text, SECRET_PREFIX)?;
        Ok(TrustRootSigningKey { key: SigningKey::from_bytes(&bytes) })
    }
}

/// A pinned public root key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustRootKey {
    key: VerifyingKey,
}

impl TrustRootKey {
    /// The key's id.
    pub fn key_id(&self) -> RootKeyId {
        let digest = Sha256::digest(self.key.as_bytes());
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        RootKeyId(id)
    }

    /// Whether `signature` over `message` verifies (strict Ed25519).
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        Signature::from_slice(signature).is_ok_and(|sig| self.key.verify_strict(message, &sig).is_ok())
    }

    /// One line of text (`healthpass-trust-root-public-v1:` + base64url).
    pub fn to_text(&self) -> String {
        format!("{PUBLIC_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.key.as_bytes()))
    }

    /// Reads a key written by [`TrustRootKey::to_text`].
    pub fn from_text(text: &str) -> Result<Self, TrustListError> {
        let bytes = decode(text, PUBLIC_PREFIX)?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| TrustListError::Malformed("root key"))?;
        Ok(TrustRootKey { key })
    }
}

fn decode(text: &str, prefix: &str) -> Result<[u8; 32], TrustListError> {
    let body = text.trim().strip_prefix(prefix).ok_or(TrustListError::Malformed("root key"))?;
    URL_SAFE_NO_PAD
        .decode(body)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
        .ok_or(TrustListError::Malformed("root key"))
}
