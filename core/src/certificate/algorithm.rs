//! The three COSE signature algorithms a health certificate may use, and the public keys that
//! check them.

use p256::ecdsa::signature::Verifier as _;
use rsa::RsaPublicKey;
use sha2::Sha256;

/// A COSE signature algorithm this verifier supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// ECDSA over P-256 with SHA-256 (COSE -7); the signature is `r || s`, 64 bytes.
    Es256,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (COSE -37).
    Ps256,
    /// Ed25519 (COSE -8).
    EdDsa,
}

impl Algorithm {
    /// The algorithm for a COSE algorithm number, if supported.
    pub fn from_cose(value: i64) -> Option<Self> {
        match value {
            -7 => Some(Algorithm::Es256),
            -37 => Some(Algorithm::Ps256),
            -8 => Some(Algorithm::EdDsa),
            _ => None,
        }
    }

    /// The COSE algorithm number.
    pub fn cose_value(self) -> i64 {
        match self {
            Algorithm::Es256 => -7,
            Algorithm::Ps256 => -37,
            Algorithm::EdDsa => -8,
        }
    }

    /// The JOSE/COSE name (`ES256`, `PS256`, `EdDSA`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Es256 => "ES256",
            Algorithm::Ps256 => "PS256",
            Algorithm::EdDsa => "EdDSA",
        }
    }
}

/// A public key that can check certificate signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerPublicKey {
    /// A P-256 key (for ES256).
    P256(p256::ecdsa::VerifyingKey),
    /// An RSA key (for PS256).
    Rsa(RsaPublicKey),
    /// An Ed25519 key (for EdDSA).
    Ed25519(ed25519_dalek::VerifyingKey),
}

impl SignerPublicKey {
    /// Whether `signature` over `message` verifies under this key with `algorithm`. A key of
    /// another type than the algorithm needs never verifies.
    pub fn verifies(&self, algorithm: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        match (self, algorithm) {
            (SignerPublicKey::P256(key), Algorithm::Es256) => {
                // COSE mandates r || s; a few issuers emit DER. Both are the same signature, so
                // accepting DER weakens nothing.
                let parsed = if signature.len() == 64 {
                    p256::ecdsa::Signature::from_slice(signature)
                } else {
                    p256::ecdsa::Signature::from_der(signature)
                };
                parsed.is_ok_and(|sig| key.verify(message, &sig).is_ok())
            }
            (SignerPublicKey::Rsa(key), Algorithm::Ps256) => {
                let verifier = rsa::pss::VerifyingKey::<Sha256>::new(key.clone());
                rsa::pss::Signature::try_from(signature).is_ok_and(|sig| verifier.verify(message, &sig).is_ok())
            }
            (SignerPublicKey::Ed25519(key), Algorithm::EdDsa) => {
                ed25519_dalek::Signature::from_slice(signature).is_ok_and(|sig| key.verify_strict(message, &sig).is_ok())
            }
            _ => false,
        }
    }
}
