//! The compact binary payload of a poster (layout in docs/PROTOCOL.md, "Poster payload").

use chrono::DateTime;

use super::fields::{DefaultStay, VenueCategory, VenueDetails, VenueId, VenuePoster};
use super::{KeyId, MalformedReason, PosterError};

/// The payload version this build writes and reads.
pub const POSTER_VERSION: u8 = 1;
/// Bytes of an Ed25519 signature, the payload's last field.
pub(crate) const SIGNATURE_LEN: usize = 64;
/// Largest encoded payload: fixed fields, two 400-byte texts (100 characters of up to 4 bytes), signature.
pub const MAX_PAYLOAD_LEN: usize = FIXED_LEN + 2 * (2 + 400) + SIGNATURE_LEN;
/// Bytes before the name: version, key id, venue id, category, stay, seed, valid-from, valid-until.
const FIXED_LEN: usize = 1 + 8 + 16 + 1 + 1 + 16 + 8 + 8;

/// The signed part of `poster` under `key_id` (everything but the signature).
pub(crate) fn encode_signed_part(poster: &VenuePoster, key_id: KeyId) -> Vec<u8> {
    let mut out = Vec::with_capacity(FIXED_LEN + 4 + poster.name().len() + poster.address().len());
    out.push(POSTER_VERSION);
    out.extend_from_slice(&key_id.0);
    out.extend_from_slice(&poster.venue_id().0);
    out.push(poster.category().wire_code());
    out.push(poster.default_stay().quarter_hours());
    out.extend_from_slice(&poster.seed());
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
}

/// Parses a whole payload (signed part followed by the signature).
pub(crate) fn decode(bytes: &[u8]) -> Result<UnverifiedPayload<'_>, PosterError> {
    let mut reader = Reader { bytes, at: 0 };
    let version = reader.byte()?;
    if version != POSTER_VERSION {
        return Err(PosterError::UnsupportedVersion(version));
    }
    let key_id = KeyId(reader.array()?);
    let venue_id = VenueId(reader.array()?);
    let category = VenueCategory::from_wire_code(reader.byte()?)?;
    let default_stay = DefaultStay::from_quarter_hours(reader.byte()?)?;
    let seed = reader.array()?;
    let valid_from = reader.instant()?;
    let valid_until = reader.instant()?;
    let name = reader.text()?;
    let address = reader.text()?;
    let signed_len = reader.at;
    let signature = reader.array()?;
    if reader.at != bytes.len() {
        return Err(MalformedReason::TrailingBytes.into());
    }
    let details = VenueDetails { name, address, category, default_stay, valid_from, valid_until };
    Ok(UnverifiedPayload {
        poster: VenuePoster::new(venue_id, seed, details)?,
        key_id,
        signed_part: &bytes[..signed_len],
        signature,
    })
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
