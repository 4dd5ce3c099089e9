//! The compact binary payload of a poster (layout in docs/PROTOCOL.md, "Poster payload").

use chrono::DateTime;

use super::fields::{DefaultStay, PosterSecret, VenueCategory, VenueDetails, VenueId, VenuePoster};
use super::{KeyId, MalformedReason, PosterCommitment, PosterError, PosterSeed};

/// The payload version this build writes: 2, the registry signs a commitment to the
/// operator's seed. Version 1 (a registry-made seed) is still read, for diaries and old posters.
pub const POSTER_VERSION: u8 = 2;
/// The format of posters whose seed the registry made (read, written only for the v1 server).
pub const POSTER_VERSION_V1: u8 = 1;
/// Bytes of an Ed25519 signature, after the signed part.
pub(crate) const SIGNATURE_LEN: usize = 64;
/// Bytes of the v2 seed, the last field of a v2 poster's URL payload.
const SEED_LEN: usize = 32;
/// Largest encoded payload: v2 fixed fields, two 400-byte texts (100 characters of up to 4
/// bytes), signature and seed.
pub const MAX_PAYLOAD_LEN: usize = FIXED_LEN_V2 + 2 * (2 + 400) + SIGNATURE_LEN + SEED_LEN;
/// v1 bytes before the name: version, key id, venue id, category, stay, seed, valid-from, valid-until.
const FIXED_LEN_V1: usize = 1 + 8 + 16 + 1 + 1 + 16 + 8 + 8;
/// v2 bytes before the name: the same with a 32-byte commitment in place of the seed.
const FIXED_LEN_V2: usize = FIXED_LEN_V1 + 16;

/// The signed part of `poster` under `key_id` (everything before the signature); the version
/// follows the poster's secret (v1 seed, v2 commitment).
pub(crate) fn encode_signed_part(poster: &VenuePoster, key_id: KeyId) -> Vec<u8> {
    let mut out = Vec::with_capacity(FIXED_LEN_V2 + 4 + poster.name().len() + poster.address().len());
    let poster_secret = poster.secret();
    let (version, secret): (u8, &[u8]) = match &poster_secret {
        PosterSecret::RegistrySeed(seed) => (POSTER_VERSION_V1, &seed[..]),
        PosterSecret::Commitment(commitment) => (POSTER_VERSION, &commitment.0[..]),
    };
    out.push(version);
    out.extend_from_slice(&key_id.0);
    out.extend_from_slice(&poster.venue_id().0);
    out.push(poster.category().wire_code());
    out.push(poster.default_stay().quarter_hours());
    out.extend_from_slice(secret);
    // Validity is never before 1970 (VenuePoster::new refuses it), so the cast keeps the value.
    out.extend_from_slice(&(poster.valid_from().timestamp() as u64).to_be_bytes());
    out.extend_from_slice(&(poster.valid_until().timestamp() as u64).to_be_bytes());
    for text in [poster.name(), poster.address()] {
        // At most 100 characters of at most 4 bytes each: always fits a u16.
        out.extend_from_slice(&(text.len() as u16).to_be_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out
}

/// A payload split into its parts; the signature is not checked yet.
pub(crate) struct UnverifiedPayload<'a> {
    /// The poster the payload describes.
    pub poster: VenuePoster,
    /// The registry key that claims to have signed it.
    pub key_id: KeyId,
    /// The bytes the signature covers.
    pub signed_part: &'a [u8],
    /// The Ed25519 signature.
    pub signature: [u8; SIGNATURE_LEN],
    /// The operator's seed after a v2 signature (absent in the registry's reply, and in v1).
    pub seed: Option<PosterSeed>,
}

/// Parses a whole payload: the signed part, the signature and, for v2, the seed if present.
pub(crate) fn decode(bytes: &[u8]) -> Result<UnverifiedPayload<'_>, PosterError> {
    let mut reader = Reader { bytes, at: 0 };
    let version = reader.byte()?;
    if version != POSTER_VERSION && version != POSTER_VERSION_V1 {
        return Err(PosterError::UnsupportedVersion(version));
    }
    let key_id = KeyId(reader.array()?);
    let venue_id = VenueId(reader.array()?);
    let category = VenueCategory::from_wire_code(reader.byte()?)?;
    let default_stay = DefaultStay::from_quarter_hours(reader.byte()?)?;
    let secret = if version == POSTER_VERSION_V1 {
        PosterSecret::RegistrySeed(reader.array()?)
    } else {
        PosterSecret::Commitment(PosterCommitment(reader.array()?))
    };
    let valid_from = reader.instant()?;
    let valid_until = reader.instant()?;
    let name = reader.text()?;
    let address = reader.text()?;
    let signed_len = reader.at;
    let signature = reader.array()?;
    let seed = match (secret, bytes.len() - reader.at) {
        (_, 0) => None,
        (PosterSecret::Commitment(_), SEED_LEN) => Some(PosterSeed(reader.array()?)),
        (PosterSecret::Commitment(_), rest) if rest < SEED_LEN => return Err(MalformedReason::Truncated.into()),
        _ => return Err(MalformedReason::TrailingBytes.into()),
    };
    let details = VenueDetails { name, address, category, default_stay, valid_from, valid_until };
    let poster = match secret {
        PosterSecret::RegistrySeed(seed) => VenuePoster::new(venue_id, seed, details)?,
        PosterSecret::Commitment(commitment) => VenuePoster::committed(venue_id, commitment, details)?,
    };
    Ok(UnverifiedPayload { poster, key_id, signed_part: &bytes[..signed_len], signature, seed })
}

/// A cursor over payload bytes whose reads fail with `Truncated` instead of panicking.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, len: usize) -> Result<&[u8], MalformedReason> {
        let end = self.at.checked_add(len).filter(|end| *end <= self.bytes.len()).ok_or(MalformedReason::Truncated)?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, MalformedReason> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], MalformedReason> {
        self.take(N)?.try_into().map_err(|_| MalformedReason::Truncated)
    }

    fn instant(&mut self) -> Result<chrono::DateTime<chrono::Utc>, PosterError> {
        let seconds = i64::try_from(u64::from_be_bytes(self.array()?)).map_err(|_| super::FieldError::ValidityWindow)?;
        Ok(DateTime::from_timestamp(seconds, 0).ok_or(super::FieldError::ValidityWindow)?)
    }

    fn text(&mut self) -> Result<String, MalformedReason> {
        let len = u16::from_be_bytes(self.array()?);
        let bytes = self.take(usize::from(len))?;
        String::from_utf8(bytes.to_vec()).map_err(|_| MalformedReason::Utf8)
    }
}
