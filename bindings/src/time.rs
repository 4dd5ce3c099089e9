//! Instants at the boundary: `i64` Unix seconds, UTC (see the crate documentation).

use chrono::{DateTime, Utc};

use crate::HealthpassError;

/// The instant `seconds` after 1970-01-01T00:00:00Z, or [`HealthpassError::InvalidInstant`]
/// when it is outside what the core represents (about ±262 000 years).
pub(crate) fn from_unix_seconds(seconds: i64) -> Result<DateTime<Utc>, HealthpassError> {
    DateTime::from_timestamp(seconds, 0).ok_or(HealthpassError::InvalidInstant)
}

/// `instant` as Unix seconds (sub-second parts are dropped; the diary stores whole seconds).
pub(crate) fn to_unix_seconds(instant: DateTime<Utc>) -> i64 {
    instant.timestamp()
}
