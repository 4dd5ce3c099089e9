//! Signed venue posters: what the registry signs, how it travels in a QR code, and how a
//! phone verifies it offline. The format is specified in docs/PROTOCOL.md.

pub mod cwa;
mod error;
mod fields;
mod payload;
mod registry_key;
mod scanned;
mod signed;
mod url;

pub use crate::keys::{KeyFileError, KeyId};
pub use error::{FieldError, MalformedReason, PosterError};
pub use fields::{DefaultStay, MAX_TEXT_CHARS, VenueCategory, VenueDetails, VenueId, VenuePoster, is_valid_venue_text};
pub use payload::{MAX_PAYLOAD_LEN, POSTER_VERSION};
pub use registry_key::{RegistryPublicKey, RegistrySigningKey, TrustedRegistries};
pub use scanned::{ScannedPoster, ScannedPosterError, first_scanned_poster, read_scanned_poster};
pub use signed::{SignedPoster, stored_poster, verify_poster_bytes};
pub use url::{BaseUrlError, DEFAULT_BASE_URL, MAX_BASE_URL_LEN, MAX_POSTER_TEXT_LEN, PosterBaseUrl, read_poster_text};

#[cfg(test)]
pub(crate) mod tests;
