//! Instants at the boundary: `i64` Unix seconds, UTC (see the crate documentation).

use chrono::{DateTime, Utc};

use crate::HealthpassError;

/// An instant of a core type as it crosses the boundary: whole seconds since
/// 1970-01-01T00:00:00Z (a `Long`/`Int64` named `UnixSeconds` in Kotlin and Swift).
pub(crate) type UnixSeconds = DateTime<Utc>;

uniffi::custom_type!(UnixSeconds, i64, {
    remote,
    lower: |instant| to_unix_seconds(instant),
    try_lift: |seconds| Ok(from_unix_seconds(seconds)?),
});

/// The instant `seconds` after 1970-01-01T00:00:00Z, or [`HealthpassError::InvalidInstant`]
/// when it is outside what the core represents (about ±262 000 years).
pub(crate) fn from_unix_seconds(seconds: i64) -> Result<DateTime<Utc>, HealthpassError> {
    DateTime::from_timestamp(seconds, 0).ok_or(HealthpassError::InvalidInstant)
}

/// `instant` as Unix seconds (sub-second parts are dropped; the diary stores whole seconds).
pub(crate) fn to_unix_seconds(instant: DateTime<Utc>) -> i64 {
    instant.timestamp()
}

#[cfg(test)]
mod tests {
    use healthpass_core::venue::VenueId;
    use uniffi::{Lift, Lower};

    use super::*;
    use crate::UniFfiTag;

    #[test]
    fn core_instants_cross_as_unix_seconds_and_an_unrepresentable_one_is_refused() {
        let instant = DateTime::from_timestamp(1_795_402_800, 0).unwrap();
        assert_eq!(<UnixSeconds as Lower<UniFfiTag>>::lower(instant), 1_795_402_800);
        assert_eq!(<UnixSeconds as Lift<UniFfiTag>>::try_lift(1_795_402_800).unwrap(), instant);
        assert!(<UnixSeconds as Lift<UniFfiTag>>::try_lift(i64::MAX).is_err());
    }

    #[test]
    fn venue_ids_cross_as_their_hex_and_malformed_hex_is_refused() {
        let id = VenueId([0x5a; 16]);
        let mut written = Vec::new();
        <VenueId as Lower<UniFfiTag>>::write(id, &mut written);
        assert_eq!(<String as Lift<UniFfiTag>>::try_read(&mut written.as_slice()).unwrap(), "5a".repeat(16));
        assert_eq!(<VenueId as Lift<UniFfiTag>>::try_read(&mut written.as_slice()).unwrap(), id);
        let mut malformed = Vec::new();
        <String as Lower<UniFfiTag>>::write("not hex".to_owned(), &mut malformed);
        assert!(<VenueId as Lift<UniFfiTag>>::try_read(&mut malformed.as_slice()).is_err());
    }
}
