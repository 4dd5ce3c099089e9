//! Location ids: the secret a poster gives everyone who scans it.

use sha2::{Digest, Sha256};

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
}

impl std::fmt::Debug for LocationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The id is a secret of the visit: never print it.
        f.write_str("LocationId(..)")
    }
}
