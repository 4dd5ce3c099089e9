//! One way to ask for a venue poster, for every signer (`healthpass venue create` with a
//! registry key file, the server's `POST /v1/venues`): the fields an operator gives, with the
//! defaults and limits applied in one place before anything is signed.

use chrono::{DateTime, TimeDelta, Utc};

use super::{DEFAULT_POSTER_VALIDITY_DAYS, DefaultStay, FieldError, MAX_POSTER_VALIDITY_DAYS, VenueCategory, VenueDetails};

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
    /// Days it stays valid (1–365); 90 when absent.
    pub valid_days: Option<u32>,
}

impl PosterOrder {
    /// The poster's public fields as ordered at `now` (UTC), defaults applied and limits
    /// checked; the signer adds the venue id and the commitment to the operator's seed.
    pub fn details(self, now: DateTime<Utc>) -> Result<VenueDetails, FieldError> {
        let valid_days = self.valid_days.map_or(DEFAULT_POSTER_VALIDITY_DAYS, i64::from);
        if !(1..=MAX_POSTER_VALIDITY_DAYS).contains(&valid_days) {
            return Err(FieldError::ValidDays);
        }
        let valid_from = self.valid_from.unwrap_or(now);
        let valid_until = valid_from.checked_add_signed(TimeDelta::days(valid_days)).ok_or(FieldError::ValidityWindow)?;
        Ok(VenueDetails {
            name: self.name,
            address: self.address,
            category: self.category,
            default_stay: DefaultStay::from_minutes(self.default_stay_minutes)?,
            valid_from,
            valid_until,
        })
    }
}
