//! Signed venue posters: what the registry signs, how it travels in a QR code, and how a
//! phone verifies it offline. The format is specified in docs/PROTOCOL.md.

mod commitment;
pub mod cwa;
mod error;
mod fields;
mod order;
mod payload;
mod registry_key;
mod scanned;
mod signed;
mod url;

pub use crate::keys::{KeyFileError, KeyId};
pub use commitment::{InvalidPosterSecret, PosterCommitment, PosterSeed};
pub use error::{FieldError, MalformedReason, PosterError};
pub use fields::{
    DEFAULT_POSTER_VALIDITY_DAYS, DefaultStay, MAX_POSTER_VALIDITY_DAYS, MAX_TEXT_CHARS, PosterSecret, VenueCategory,
    VenueDetails, VenueId, VenuePoster,
};
pub use order::PosterOrder;
pub use payload::{MAX_PAYLOAD_LEN, POSTER_VERSION, POSTER_VERSION_V1};
pub use registry_key::{RegistryPublicKey, RegistrySigningKey, TrustedRegistries};
pub use scanned::{ScannedPoster, ScannedPosterError, first_scanned_poster, read_scanned_poster};
pub use signed::{SignedPoster, assemble_poster, stored_poster, verify_poster_bytes};
pub use url::{
    BaseUrlError, DEFAULT_BASE_URL, MAX_BASE_URL_LEN, MAX_POSTER_TEXT_LEN, PosterBaseUrl, read_kept_poster_text, read_poster_text,
};

#[cfg(test)]
pub(crate) mod tests;
