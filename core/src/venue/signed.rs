//! Signing a poster with the registry key, and verifying a signed poster on the phone.

use chrono::{DateTime, Utc};

use super::fields::PosterSecret;
use super::payload::{self, POSTER_VERSION_V1, SIGNATURE_LEN};
use super::{KeyId, PosterBaseUrl, PosterError, PosterSeed, RegistrySigningKey, TrustedRegistries, VenuePoster};

/// Domain separation: a poster signature can never be mistaken for any other signed message.
const SIGNATURE_CONTEXT_V1: &[u8] = b"healthpass/venue-poster/v1\0";
/// v2 signatures also cover the deployment's base URL, so a poster verifies only at the URL
/// its registry printed it for.
const SIGNATURE_CONTEXT_V2: &[u8] = b"healthpass/venue-poster/v2\0";

/// A poster with its registry signature: the verified content plus its exact wire bytes. For
/// a v2 poster read from its URL, also the operator's seed ([`SignedPoster::seed`]); the
/// registry's own reply ([`RegistrySigningKey::sign_poster_for`]) has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedPoster {
    poster: VenuePoster,
    key_id: KeyId,
    seed: Option<PosterSeed>,
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
    /// The operator's seed of a v2 poster read from its URL (`None` for v1 and for the
    /// registry's reply). A secret of everyone holding the poster: never sent to a server.
    pub fn seed(&self) -> Option<PosterSeed> {
        self.seed
    }
    /// The full payload (signed part, signature and, in a v2 poster URL, the seed), as carried
    /// in the poster URL. The registry's reply holds no seed: only public fields.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl RegistrySigningKey {
    /// Signs `poster` for the default base URL (a v1 poster; v2 posters are signed with
    /// [`RegistrySigningKey::sign_poster_for`] and the deployment's URL).
    pub fn sign_poster(&self, poster: VenuePoster) -> SignedPoster {
        self.sign_poster_for(poster, &PosterBaseUrl::default())
    }

    /// Signs `poster` for posters printed at `base`: the registry's part of a v2 poster. The
    /// registry holds only the commitment, so the result carries no seed; the operator
    /// completes it with [`assemble_poster`].
    pub fn sign_poster_for(&self, poster: VenuePoster, base: &PosterBaseUrl) -> SignedPoster {
        let key_id = self.public_key().key_id();
        let mut bytes = payload::encode_signed_part(&poster, key_id);
        let signature = self.sign(&signed_message(&bytes, base));
        bytes.extend_from_slice(&signature);
        SignedPoster { poster, key_id, seed: None, bytes }
    }
}

/// The operator's step of a v2 poster: the registry's signed reply `registered` (public
/// fields, commitment, signature) and the seed the operator kept, checked together as a
/// phone will check them at `now`. Print the result with [`SignedPoster::to_url`].
pub fn assemble_poster(
    registered: &[u8],
    seed: &PosterSeed,
    base: &PosterBaseUrl,
    trusted: &TrustedRegistries,
    now: DateTime<Utc>,
) -> Result<SignedPoster, PosterError> {
    let mut bytes = registered.to_vec();
    bytes.extend_from_slice(&seed.0);
    verify_poster_bytes(&bytes, base, trusted, now)
}

/// Verifies a payload read from a poster URL whose part before `#` is `base`, against the
/// trusted registry keys and its validity window at `now`.
///
/// Checks run in this order, so each refusal has one cause: structure and field rules,
/// unknown key id, signature, the seed against the signed commitment (v2), validity window.
pub fn verify_poster_bytes(
    bytes: &[u8],
    base: &PosterBaseUrl,
    trusted: &TrustedRegistries,
    now: DateTime<Utc>,
) -> Result<SignedPoster, PosterError> {
    if bytes.len() > payload::MAX_PAYLOAD_LEN {
        return Err(PosterError::TooLong { length: bytes.len(), limit: payload::MAX_PAYLOAD_LEN });
    }
    let parsed = payload::decode(bytes)?;
    let message = signed_message(parsed.signed_part, base);
    let mut keys = trusted.with_id(parsed.key_id).peekable();
    if keys.peek().is_none() {
        return Err(PosterError::UnknownKeyId(parsed.key_id));
    }
    if !keys.any(|key| key.verifies(&message, &parsed.signature)) {
        return Err(PosterError::ForgedSignature);
    }
    let poster = parsed.poster;
    if let PosterSecret::Commitment(commitment) = poster.secret() {
        let seed = parsed.seed.ok_or(super::MalformedReason::MissingSeed)?;
        if !commitment.opens_to(&seed) {
            return Err(PosterError::CommitmentMismatch);
        }
    }
    if now < poster.valid_from() {
        return Err(PosterError::NotYetValid { valid_from: poster.valid_from() });
    }
    if now >= poster.valid_until() {
        return Err(PosterError::Expired { valid_until: poster.valid_until() });
    }
    Ok(SignedPoster { poster, key_id: parsed.key_id, seed: parsed.seed, bytes: bytes.to_vec() })
}

/// The poster inside bytes this phone verified when it checked in (read back from its own
/// store): the structure is parsed again, the signature and validity are not re-checked.
pub fn stored_poster(bytes: &[u8]) -> Result<SignedPoster, PosterError> {
    let parsed = payload::decode(bytes)?;
    if matches!(parsed.poster.secret(), PosterSecret::Commitment(_)) && parsed.seed.is_none() {
        return Err(super::MalformedReason::MissingSeed.into());
    }
    Ok(SignedPoster { poster: parsed.poster, key_id: parsed.key_id, seed: parsed.seed, bytes: bytes.to_vec() })
}

/// The message an Ed25519 signature covers: the context string, for v2 the base URL (one
/// length byte, then its bytes), then the signed part.
fn signed_message(signed_part: &[u8], base: &PosterBaseUrl) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNATURE_CONTEXT_V2.len() + 1 + 200 + signed_part.len() + SIGNATURE_LEN);
    if signed_part.first() == Some(&POSTER_VERSION_V1) {
        message.extend_from_slice(SIGNATURE_CONTEXT_V1);
    } else {
        message.extend_from_slice(SIGNATURE_CONTEXT_V2);
        // A base URL is at most 200 bytes (PosterBaseUrl::new), so its length fits a byte.
        message.push(base.as_str().len() as u8);
        message.extend_from_slice(base.as_str().as_bytes());
    }
    message.extend_from_slice(signed_part);
    message
}
