//! One way to ask for a venue poster, for every signer (`healthpass venue create` with a
//! registry key file, the server's `POST /v1/venues`): the fields an operator gives, with the
//! defaults and limits applied in one place before anything is signed.

use chrono::{DateTime, TimeDelta, Utc};

use super::{DefaultStay, FieldError, VenueCategory, VenueDetails, VenuePoster};

/// Days a poster is valid when the operator does not say.
pub const DEFAULT_POSTER_DAYS: u32 = 365;
/// Longest validity a poster may be signed with, in days (about ten years).
pub const MAX_POSTER_DAYS: u32 = 3660;

/// A poster an operator asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosterOrder {
    /// The venue's name as printed (1–100 characters).
    pub name: String,
    /// Its address (1–100 characters).
    pub address: String,
    /// Kind of place.
    pub category: VenueCategory,
    /// Minutes a visit lasts without a check-out (15–1425, in steps of 15).
    pub default_stay_minutes: u32,
    /// First instant the poster is valid (UTC); the signing instant when absent.
    pub valid_from: Option<DateTime<Utc>>,
    /// Days it stays valid (1–3660); 365 when absent.
    pub valid_days: Option<u32>,
}

impl PosterOrder {
    /// A poster for a new venue (fresh id and seed) as ordered, signed at `now` (UTC).
    pub fn poster(self, now: DateTime<Utc>) -> Result<VenuePoster, FieldError> {
        let valid_days = self.valid_days.unwrap_or(DEFAULT_POSTER_DAYS);
        if !(1..=MAX_POSTER_DAYS).contains(&valid_days) {
            return Err(FieldError::ValidDays);
        }
        let valid_from = self.valid_from.unwrap_or(now);
        let details = VenueDetails {
            name: self.name,
            address: self.address,
            category: self.category,
            default_stay: DefaultStay::from_minutes(self.default_stay_minutes)?,
            valid_from,
            valid_until: valid_from + TimeDelta::days(i64::from(valid_days)),
        };
        VenuePoster::for_new_venue(details)
    }
}
