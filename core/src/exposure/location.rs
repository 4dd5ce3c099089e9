//! Location ids: the secret a poster gives everyone who scans it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::crowdnotifier::crowdnotifier_pre_id;
use crate::venue::cwa::{CwaPoster, EventFormat};
use crate::venue::{PosterSecret, SignedPoster};

/// A venue's identity for exposure matching. For a v2 healthpass poster
/// `SHA-256("healthpass/location-id/v2" || 0x00 || venue id || seed)` with the operator's
/// 32-byte seed: a reprint gets a fresh seed, so a fresh id. For a v1 poster (old diaries)
/// `SHA-256("healthpass/location-id/v1" || 0x00 || venue id || seed)` with the registry's
/// 16-byte seed. For a CWA event poster the id CWA itself uses,
/// for a CrowdNotifier poster its pre-identity ([`LocationId::of_cwa_poster`]). Never leaves the phone.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocationId(pub [u8; 32]);

/// Prefix of a venue operator's trace secret in its text form.
const TRACE_SECRET_PREFIX: &str = "healthpass-trace-v1:";

/// The text is not a trace secret (`healthpass-trace-v1:` + 32 bytes of base64url).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("not a healthpass trace secret")]
pub struct InvalidTraceSecret;

/// What is published about a location: `SHA-256(location id)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocationHash(pub [u8; 32]);

impl LocationId {
    /// The location id of a venue poster; `None` for a v2 poster without its seed (the
    /// registry's own copy, which can derive nothing).
    pub fn of_venue(signed: &SignedPoster) -> Option<Self> {
        let poster = signed.poster();
        let (context, seed): (&[u8], Vec<u8>) = match poster.secret() {
            PosterSecret::RegistrySeed(seed) => (b"healthpass/location-id/v1\0", seed.to_vec()),
            PosterSecret::Commitment(_) => (b"healthpass/location-id/v2\0", signed.seed()?.0.to_vec()),
        };
        let digest = Sha256::new().chain_update(context).chain_update(poster.venue_id().0).chain_update(seed).finalize();
        Some(LocationId(digest.into()))
    }

    /// The location id of an unsigned event poster. A Corona-Warn-App poster's is exactly CWA's
    /// trace location id, `SHA-256("CWA-GUID" || QRCodePayload bytes)`; a CrowdNotifier poster's
    /// is its CrowdNotifier v3 pre-identity, `SHA-256("CN-PREID" || payload || noncePreId)`.
    pub fn of_cwa_poster(poster: &CwaPoster) -> Self {
        match poster.format() {
            EventFormat::Cwa => {
                LocationId(Sha256::new().chain_update(b"CWA-GUID").chain_update(poster.payload()).finalize().into())
            }
            EventFormat::CrowdNotifier => LocationId(crowdnotifier_pre_id(poster.payload())),
        }
    }

    /// The published hash of this id.
    pub fn hash(&self) -> LocationHash {
        LocationHash(Sha256::digest(self.0).into())
    }

    /// The venue operator's trace secret: this id as one line of text, given to the operator
    /// once at registration so the venue can warn its visitors without any citizen's upload.
    pub fn to_trace_secret(&self) -> String {
        format!("{TRACE_SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.0))
    }

    /// Reads a trace secret written by [`LocationId::to_trace_secret`]; white space around it is ignored.
    pub fn from_trace_secret(text: &str) -> Result<Self, InvalidTraceSecret> {
        let encoded = text.trim().strip_prefix(TRACE_SECRET_PREFIX).ok_or(InvalidTraceSecret)?;
        let bytes = URL_SAFE_NO_PAD.decode(encoded).map_err(|_| InvalidTraceSecret)?;
        Ok(LocationId(bytes.try_into().map_err(|_| InvalidTraceSecret)?))
    }

    /// The key that encrypts this location's warnings: HKDF-SHA256 of the id.
    pub(crate) fn warning_key(&self) -> [u8; 32] {
        let mut key = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's limit of 255 × 32, so expansion cannot fail.
        let _ = Hkdf::<Sha256>::new(None, &self.0).expand(b"healthpass/warning-key/v1", &mut key);
        key
    }
}

impl std::fmt::Debug for LocationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The id is a secret of the visit: never print it.
        f.write_str("LocationId(..)")
    }
}
