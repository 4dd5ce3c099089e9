//! The poster as QR text: an `https://` URL whose fragment carries the base64url payload.
//! Browsers never send the fragment to a server, so a camera app opening the link leaks nothing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use thiserror::Error;

use super::payload::MAX_PAYLOAD_LEN;
use super::signed::{stored_poster, verify_poster_bytes};
use super::{MalformedReason, PosterError, SignedPoster, TrustedRegistries};

/// The URL printed before the fragment when a deployment names none.
pub const DEFAULT_BASE_URL: &str = "https://healthpass.example/c";
/// Longest base URL accepted, in bytes.
pub const MAX_BASE_URL_LEN: usize = 200;
/// Longest poster text any valid poster can have; longer text is refused unread.
pub const MAX_POSTER_TEXT_LEN: usize = MAX_BASE_URL_LEN + 1 + MAX_PAYLOAD_LEN.div_ceil(3) * 4;

/// The part of a poster URL before `#`: an `https://` URL of printable ASCII, at most 200 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosterBaseUrl(String);

/// Why a base URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the base URL must be https://, printable ASCII without '#', at most 200 bytes")]
pub struct BaseUrlError;

impl PosterBaseUrl {
    /// Checks `url` against the base-URL rules.
    pub fn new(url: &str) -> Result<Self, BaseUrlError> {
        let printable = url.bytes().all(|b| b.is_ascii_graphic() && b != b'#');
        if url.len() <= MAX_BASE_URL_LEN && printable && is_https_url(url) {
            Ok(PosterBaseUrl(url.to_owned()))
        } else {
            Err(BaseUrlError)
        }
    }
}

impl PosterBaseUrl {
    /// The URL as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for PosterBaseUrl {
    fn default() -> Self {
        PosterBaseUrl(DEFAULT_BASE_URL.to_owned())
    }
}

/// Whether `url` starts with `https://` followed by at least one character of host.
fn is_https_url(url: &str) -> bool {
    url.get(..8).is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://")) && url.len() > 8
}

impl SignedPoster {
    /// The text to put in the poster's QR code.
    pub fn to_url(&self, base: &PosterBaseUrl) -> String {
        format!("{}#{}", base.0, URL_SAFE_NO_PAD.encode(self.bytes()))
    }
}

/// Reads scanned QR text as a poster and verifies it at `now` (see [`verify_poster_bytes`]).
///
/// A v2 poster's signature covers the base URL, so it verifies only at the URL its registry
/// printed it for (a v1 poster's does not).
pub fn read_poster_text(text: &str, trusted: &TrustedRegistries, now: DateTime<Utc>) -> Result<SignedPoster, PosterError> {
    if text.len() > MAX_POSTER_TEXT_LEN {
        return Err(PosterError::TooLong { length: text.len(), limit: MAX_POSTER_TEXT_LEN });
    }
    let (base, fragment) = text.trim().split_once('#').ok_or(MalformedReason::NotAPosterUrl)?;
    let base = PosterBaseUrl::new(base).map_err(|_| MalformedReason::NotAPosterUrl)?;
    let bytes = URL_SAFE_NO_PAD.decode(fragment).map_err(|_| MalformedReason::Encoding)?;
    verify_poster_bytes(&bytes, &base, trusted, now)
}

/// Reads the poster text an operator kept (it was checked when it was assembled): the poster
/// and its seed, for sealing venue warnings on the operator's machine. Nothing is verified.
pub fn read_kept_poster_text(text: &str) -> Result<SignedPoster, PosterError> {
    if text.len() > MAX_POSTER_TEXT_LEN {
        return Err(PosterError::TooLong { length: text.len(), limit: MAX_POSTER_TEXT_LEN });
    }
    let (_, fragment) = text.trim().split_once('#').ok_or(MalformedReason::NotAPosterUrl)?;
    let bytes = URL_SAFE_NO_PAD.decode(fragment).map_err(|_| MalformedReason::Encoding)?;
    stored_poster(&bytes)
}
