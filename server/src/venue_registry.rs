//! The registry's side of a venue, shared by `POST /v1/venues` and the portal: sign a new
//! venue's poster and record it; reprint an existing venue's poster with a fresh secret; read a
//! recorded poster back as the QR text to print.

use healthpass_core::exposure::LocationId;
use healthpass_core::venue::{FieldError, PosterBaseUrl, SignedPoster, VenueDetails, VenuePoster, stored_poster};
use thiserror::Error;

use crate::db::{Database, DbError, NewVenue, OperatorVenue, ReplacedPoster};
use crate::keys::KeyRing;

/// Days a poster is valid when the operator does not say.
pub const DEFAULT_VALID_DAYS: u32 = 365;

/// Why a venue could not be registered or reprinted.
#[derive(Debug, Error)]
pub enum RegistrationError {
    /// A field breaks the poster rules.
    #[error(transparent)]
    Field(#[from] FieldError),
    /// The state could not be read or written.
    #[error(transparent)]
    Database(#[from] DbError),
    /// The signed poster holds no secret the registry knows (a v2 poster's seed stays with the
    /// operator), so no location id can be derived here.
    #[error("the poster's location id is not known to the registry")]
    NoLocation,
}

/// A poster the registry signed: the poster and the venue's location id (its trace secret).
pub struct Signed {
    /// The signed poster.
    pub poster: SignedPoster,
    /// The location id its reports are keyed by.
    pub location: LocationId,
}

impl Signed {
    fn of(poster: SignedPoster) -> Result<Self, RegistrationError> {
        let location = LocationId::of_venue(&poster).ok_or(RegistrationError::NoLocation)?;
        Ok(Signed { poster, location })
    }
}

/// Signs a poster for a new venue of `operator_id` and records it.
pub async fn register(
    database: &Database,
    keys: &KeyRing,
    operator_id: i64,
    details: VenueDetails,
    occupancy: bool,
) -> Result<Signed, RegistrationError> {
    let signed = Signed::of(keys.registry.sign_poster(VenuePoster::for_new_venue(details)?))?;
    database
        .insert_venue(NewVenue {
            venue_id: signed.poster.poster().venue_id().0,
            operator_id,
            poster: signed.poster.bytes().to_vec(),
            location_hash: signed.location.hash().0,
            occupancy,
        })
        .await?;
    Ok(signed)
}

/// Signs a new poster for an unrevoked venue of `operator_id`: same id, name, address,
/// category, stay and validity, a fresh secret (old posters then lead nowhere). `None` when
/// the venue is unknown, someone else's, or revoked.
pub async fn reprint(
    database: &Database,
    keys: &KeyRing,
    operator_id: i64,
    venue_id: [u8; 16],
) -> Result<Option<Signed>, RegistrationError> {
    let Some(venue) = database.venue_of_operator(venue_id, operator_id).await? else { return Ok(None) };
    let Ok(old) = stored_poster(&venue.poster) else { return Ok(None) };
    let old = old.poster();
    if venue.revoked_at.is_some() {
        return Ok(None);
    }
    let details = VenueDetails {
        name: old.name().to_owned(),
        address: old.address().to_owned(),
        category: old.category(),
        default_stay: old.default_stay(),
        valid_from: old.valid_from(),
        valid_until: old.valid_until(),
    };
    let fresh = VenuePoster::new(old.venue_id(), healthpass_core::random::bytes(), details)?;
    let signed = Signed::of(keys.registry.sign_poster(fresh))?;
    let replaced =
        ReplacedPoster { venue_id, operator_id, poster: signed.poster.bytes().to_vec(), location_hash: signed.location.hash().0 };
    Ok(database.replace_poster(replaced).await?.then_some(signed))
}

/// A recorded venue's signed poster (the registry's own record, so not verified again); `None`
/// if the bytes do not parse.
pub fn recorded_poster(venue: &OperatorVenue) -> Option<SignedPoster> {
    stored_poster(&venue.poster).ok()
}

/// The QR text of `poster` for this deployment.
pub fn poster_text(poster: &SignedPoster) -> String {
    poster.to_url(&PosterBaseUrl::default())
}
