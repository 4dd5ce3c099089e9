//! Secrets handed to people (API tokens, upload codes) and their stored hashes.
//!
//! Tokens carry 256 random bits and upload codes 60, so one SHA-256 is enough to store them:
//! a slow password hash protects low-entropy secrets, and these are not that. Codes are also
//! rate-limited against guessing. Typed codes are compared in the canonical form of
//! [`healthpass_core::api::normalise_upload_code`].

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A fresh API token: 32 random bytes in base64url.
pub fn new_api_token() -> String {
    URL_SAFE_NO_PAD.encode(healthpass_core::random::bytes::<32>())
}

/// The alphabet of upload codes: Crockford base32, no I, L, O, U, so codes read aloud well.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh upload code: 12 characters of Crockford base32 (60 bits) as `XXXX-XXXX-XXXX`.
pub fn new_upload_code() -> String {
    let random = healthpass_core::random::bytes::<12>();
    let chars: Vec<char> = random.iter().map(|b| CODE_ALPHABET[usize::from(b & 31)] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The stored form of a secret: SHA-256 in hex.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
