//! Any poster a citizen may scan at a door: a healthpass poster (signed, verified offline) or
//! an unsigned event poster (Corona-Warn-App, CrowdNotifier), told apart by its URL.

use chrono::{DateTime, Utc};

use super::cwa::{self, CwaError, CwaPoster};
use super::{PosterError, SignedPoster, TrustedRegistries, read_poster_text};

/// A poster read from scanned QR text.
#[derive(Debug, Clone)]
pub enum ScannedPoster {
    /// A healthpass poster whose registry signature verified.
    Signed(SignedPoster),
    /// An event poster: name and address are as printed, nothing vouches for them.
    Event(CwaPoster),
}

/// Why scanned text is not a poster to check in at.
#[derive(Debug, thiserror::Error)]
pub enum ScannedPosterError {
    /// Not an event poster, and no registry key to verify a healthpass poster with.
    #[error("not an event poster, and no registry key to verify a healthpass poster")]
    RegistryRequired,
    /// A healthpass poster (or other text) that was refused.
    #[error(transparent)]
    Signed(#[from] PosterError),
    /// An event poster that was refused.
    #[error(transparent)]
    Event(#[from] CwaError),
}

/// Reads QR text: a URL on the Corona-Warn-App event host as a CWA poster, a URL with `v=4` as
/// a CrowdNotifier poster (only on `crowdnotifier_host` when given), any other text as a
/// healthpass poster verified against `trusted` at `now`.
pub fn read_scanned_poster(
    text: &str,
    trusted: Option<&TrustedRegistries>,
    crowdnotifier_host: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ScannedPoster, ScannedPosterError> {
    if cwa::is_cwa_text(text) {
        return Ok(ScannedPoster::Event(cwa::read_cwa_text(text)?));
    }
    if cwa::is_crowdnotifier_text(text) {
        return Ok(ScannedPoster::Event(cwa::read_crowdnotifier_text(text, crowdnotifier_host)?));
    }
    let trusted = trusted.ok_or(ScannedPosterError::RegistryRequired)?;
    Ok(ScannedPoster::Signed(read_poster_text(text, trusted, now)?))
}

/// The first of several codes read from one picture that is a poster (see
/// [`read_scanned_poster`]); when none is, the first code's refusal; `None` without codes.
pub fn first_scanned_poster(
    texts: &[String],
    trusted: Option<&TrustedRegistries>,
    crowdnotifier_host: Option<&str>,
    now: DateTime<Utc>,
) -> Option<Result<ScannedPoster, ScannedPosterError>> {
    let mut first_refusal = None;
    for text in texts {
        match read_scanned_poster(text, trusted, crowdnotifier_host, now) {
            Ok(poster) => return Some(Ok(poster)),
            Err(refusal) => {
                first_refusal.get_or_insert(refusal);
            }
        }
    }
    first_refusal.map(Err)
}
