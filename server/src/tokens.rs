//! Secrets handed to people (API tokens, upload codes) and their stored forms.
//!
//! Tokens carry 256 random bits, so one SHA-256 is enough to store them: a slow password hash
//! protects low-entropy secrets, and these are not that. Upload codes carry 60 bits and are
//! stored as an HMAC under the server's [`UploadCodeKey`], so a copy of the database alone
//! cannot even test guesses; the officer's terms bound to a code are encrypted under a key
//! derived from the code itself, readable only when the citizen presents it. Codes are also
//! rate-limited against guessing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use healthpass_core::api::CaseTerms;

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

/// Bytes of an XChaCha20 nonce.
const NONCE_LEN: usize = 24;

/// The server's secret for upload codes (`DATA/keys/upload-codes.key`, mode 0600): codes are
/// looked up by HMAC under it, and it salts the key that seals each code's [`CaseTerms`].
pub struct UploadCodeKey([u8; 32]);

impl UploadCodeKey {
    /// The key with these secret bytes.
    pub fn from_bytes(secret: [u8; 32]) -> Self {
        UploadCodeKey(secret)
    }

    /// What the database stores to find a code: HMAC-SHA256 of the canonical code, in hex.
    pub fn lookup_hash(&self, canonical_code: &str) -> String {
        // HMAC pads a short key with zeros to the hash's 64-byte block: the same MAC as the
        // 32-byte key, without a fallible constructor.
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(&self.0);
        let mut mac = <Hmac<Sha256> as KeyInit>::new(&block.into());
        mac.update(b"healthpass/upload-code/v1\0");
        mac.update(canonical_code.as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// `terms` encrypted under a key only the holder of `canonical_code` (and this server key) can derive.
    pub fn seal_terms(&self, canonical_code: &str, terms: &CaseTerms) -> Vec<u8> {
        let nonce: [u8; NONCE_LEN] = healthpass_core::random::bytes();
        let cipher = self.terms_cipher(canonical_code);
        let plaintext = terms.to_bytes();
        // Encrypting a 17-byte buffer in memory cannot fail.
        let sealed = cipher.encrypt(XNonce::from_slice(&nonce), Payload { msg: &plaintext, aad: b"" }).unwrap_or_default();
        [nonce.as_slice(), &sealed].concat()
    }

    /// The terms sealed for `canonical_code`, or `None` if they do not open under it.
    pub fn open_terms(&self, canonical_code: &str, sealed: &[u8]) -> Option<CaseTerms> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let plaintext =
            self.terms_cipher(canonical_code).decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: b"" }).ok()?;
        CaseTerms::from_bytes(&plaintext)
    }

    fn terms_cipher(&self, canonical_code: &str) -> XChaCha20Poly1305 {
        let mut key = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's output limit: expansion cannot fail.
        let _ =
            Hkdf::<Sha256>::new(Some(&self.0), canonical_code.as_bytes()).expand(b"healthpass/upload-code-terms/v1", &mut key);
        XChaCha20Poly1305::new(&key.into())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};
    use healthpass_core::api::normalise_upload_code;
    use healthpass_core::exposure::Advice;

    use super::*;

    #[test]
    fn codes_are_found_by_hmac_and_their_terms_open_only_with_the_code() {
        let key = UploadCodeKey::from_bytes([7; 32]);
        let other = UploadCodeKey::from_bytes([8; 32]);
        let code = normalise_upload_code("abcd-efgh-jkmn");
        assert_eq!(key.lookup_hash(&code), key.lookup_hash("ABCDEFGHJKMN"));
        assert_ne!(key.lookup_hash(&code), other.lookup_hash(&code), "another server secret, another hash");
        assert_ne!(key.lookup_hash(&code), hash_secret(&code), "not the plain SHA-256");
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let terms = CaseTerms::new(Advice::Isolate, now - TimeDelta::days(4), now).unwrap();
        let sealed = key.seal_terms(&code, &terms);
        assert_eq!(key.open_terms(&code, &sealed), Some(terms));
        assert_eq!(key.open_terms("ABCDEFGHJKMP", &sealed), None, "another code");
        assert_eq!(other.open_terms(&code, &sealed), None, "another server secret");
        assert_eq!(key.open_terms(&code, &sealed[..10]), None);
    }
}
