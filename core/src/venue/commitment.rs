//! The poster seed and the registry's commitment to it (poster format v2).
//!
//! The operator's device makes the seed; the registry only ever sees
//! `SHA-256("healthpass/poster-commitment/v2" || 0x00 || seed)` and signs that. The seed rides
//! in the poster's URL fragment, so only people holding the poster (or a photo of it) know it.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use thiserror::Error;

/// Domain separation of the commitment hash.
const COMMITMENT_CONTEXT: &[u8] = b"healthpass/poster-commitment/v2\0";
/// Prefix of a seed's text form, as the operator's CLI keeps it between registration steps.
const SEED_PREFIX: &str = "healthpass-poster-seed-v2:";

/// A poster's 32-byte random secret, made on the operator's device; a reprint gets a fresh one.
/// Never sent to the server. `Debug` never prints it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PosterSeed(pub [u8; 32]);

/// What the registry signs in place of the seed: a hiding, binding commitment to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PosterCommitment(pub [u8; 32]);

/// The text is not a poster seed (`healthpass-poster-seed-v2:` + 32 bytes of base64url), or
/// not a commitment (32 bytes of base64url).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("not a healthpass poster seed or commitment")]
pub struct InvalidPosterSecret;

impl PosterSeed {
    /// A fresh seed from the operating system's generator.
    pub fn random() -> Self {
        PosterSeed(crate::random::bytes())
    }

    /// The commitment the registry signs for this seed.
    pub fn commitment(&self) -> PosterCommitment {
        PosterCommitment(Sha256::new().chain_update(COMMITMENT_CONTEXT).chain_update(self.0).finalize().into())
    }

    /// The seed as one line of text, for the operator's own files only.
    pub fn to_text(&self) -> String {
        format!("{SEED_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.0))
    }

    /// Reads [`PosterSeed::to_text`]; white space around it is ignored.
    pub fn from_text(text: &str) -> Result<Self, InvalidPosterSecret> {
        let encoded = text.trim().strip_prefix(SEED_PREFIX).ok_or(InvalidPosterSecret)?;
        Ok(PosterSeed(decode_32(encoded)?))
    }
}

impl fmt::Debug for PosterSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PosterSeed(..)")
    }
}

impl PosterCommitment {
    /// The commitment as unpadded base64url (the registration body's `commitment`).
    pub fn to_base64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// Reads [`PosterCommitment::to_base64url`].
    pub fn from_base64url(text: &str) -> Result<Self, InvalidPosterSecret> {
        Ok(PosterCommitment(decode_32(text)?))
    }

    /// Whether `seed` is the seed this commitment was made from.
    pub fn opens_to(&self, seed: &PosterSeed) -> bool {
        seed.commitment() == *self
    }
}

fn decode_32(encoded: &str) -> Result<[u8; 32], InvalidPosterSecret> {
    let bytes = URL_SAFE_NO_PAD.decode(encoded).map_err(|_| InvalidPosterSecret)?;
    bytes.try_into().map_err(|_| InvalidPosterSecret)
}
