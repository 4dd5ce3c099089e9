//! Why a venue poster was refused. Messages never contain the venue's name or address.

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::KeyId;

/// A venue field that breaks the poster rules (see docs/PROTOCOL.md, "Field rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum FieldError {
    /// The name is empty, longer than 100 characters or holds a control character.
    #[error("the venue name must be 1 to 100 characters without control characters")]
    Name,
    /// The address is empty, longer than 100 characters or holds a control character.
    #[error("the venue address must be 1 to 100 characters without control characters")]
    Address,
    /// The default stay is outside 15 min – 23 h 45 or not a whole number of 15-minute steps.
    #[error("the default stay must be 15 minutes to 23 h 45 in 15-minute steps")]
    DefaultStay,
    /// The category code is not one this version knows.
    #[error("unknown venue category")]
    Category,
    /// The validity window is empty or reversed.
    #[error("the poster must be valid from a moment strictly before its end")]
    ValidityWindow,
    /// A validity outside 1–365 days was asked for.
    #[error("the poster must be valid for 1 to 365 days")]
    ValidDays,
    /// A v2 poster valid for longer than a year.
    #[error("a poster may be valid for at most a year; reprint it with a fresh seed")]
    ValidityTooLong,
    /// A venue id that is not 32 lower-case hex digits.
    #[error("a venue id is 32 lower-case hex digits")]
    VenueId,
}

/// Where the bytes of a poster stopped making sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum MalformedReason {
    /// The text is not an `https://` URL with a fragment.
    #[error("not a healthpass poster URL")]
    NotAPosterUrl,
    /// The fragment is not unpadded base64url.
    #[error("the fragment is not base64url")]
    Encoding,
    /// The payload ends before its last field.
    #[error("the payload is truncated")]
    Truncated,
    /// Bytes follow the signature (v1) or the seed (v2).
    #[error("bytes follow the signature")]
    TrailingBytes,
    /// A v2 poster without the operator's seed after its signature.
    #[error("the poster carries no seed")]
    MissingSeed,
    /// A text field is not valid UTF-8.
    #[error("a text field is not UTF-8")]
    Utf8,
    /// A field breaks the poster rules.
    #[error("{0}")]
    Field(#[from] FieldError),
}

/// Why a poster was refused. Each cause has its own stable [`PosterError::code`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PosterError {
    /// The text or its payload cannot be parsed.
    #[error("malformed poster: {0}")]
    Malformed(MalformedReason),
    /// The payload declares a format version this build does not read.
    #[error("unsupported poster version {0}")]
    UnsupportedVersion(u8),
    /// The text is longer than any valid poster can be; it was not parsed.
    #[error("poster text of {length} bytes exceeds the limit of {limit}")]
    TooLong {
        /// Length of the refused text in bytes.
        length: usize,
        /// The largest length a valid poster can have.
        limit: usize,
    },
    /// No trusted venue-registry key has this key id.
    #[error("poster signed by unknown registry key {0}")]
    UnknownKeyId(KeyId),
    /// The signature does not match the payload under the named registry key.
    #[error("the poster's signature is forged or the poster was altered")]
    ForgedSignature,
    /// The seed in the poster URL is not the one the registry's signed commitment names: the
    /// poster was altered or assembled with another poster's seed.
    #[error("the poster's seed does not match the registry's commitment")]
    CommitmentMismatch,
    /// The poster's validity starts after the instant it was checked at.
    #[error("the poster is not valid before {valid_from}")]
    NotYetValid {
        /// Start of the poster's validity (UTC).
        valid_from: DateTime<Utc>,
    },
    /// The poster's validity ended at or before the instant it was checked at.
    #[error("the poster expired at {valid_until}")]
    Expired {
        /// End of the poster's validity (UTC).
        valid_until: DateTime<Utc>,
    },
}

impl PosterError {
    /// A short, stable code for scripts and UIs (`malformed`, `forged_signature`, …).
    pub fn code(&self) -> &'static str {
        match self {
            PosterError::Malformed(_) => "malformed",
            PosterError::UnsupportedVersion(_) => "unsupported_version",
            PosterError::TooLong { .. } => "too_long",
            PosterError::UnknownKeyId(_) => "unknown_key_id",
            PosterError::ForgedSignature => "forged_signature",
            PosterError::CommitmentMismatch => "commitment_mismatch",
            PosterError::NotYetValid { .. } => "not_yet_valid",
            PosterError::Expired { .. } => "expired",
        }
    }
}

impl From<MalformedReason> for PosterError {
    fn from(reason: MalformedReason) -> Self {
        PosterError::Malformed(reason)
    }
}

impl From<FieldError> for PosterError {
    fn from(field: FieldError) -> Self {
        PosterError::Malformed(MalformedReason::Field(field))
    }
}
