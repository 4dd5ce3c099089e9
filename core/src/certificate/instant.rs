//! Reading an instant in every shape real verification clocks and CLI users write it.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use thiserror::Error;

/// The text is not an instant in any accepted shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("not an instant: use RFC 3339, e.g. 2021-11-03T00:00:00Z")]
pub struct InstantError;

/// Parses an instant: RFC 3339 (`Z` or `+02:00`), an offset without colon (`+0200`), no zone
/// at all (read as UTC), up to 9 fractional digits, or a bare date (midnight UTC).
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, InstantError> {
    let text = text.trim();
    if text.len() > 64 {
        return Err(InstantError);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Ok(t.with_timezone(&Utc));
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(t.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).ok_or(InstantError);
    }
    Err(InstantError)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn every_clock_shape_of_the_test_vectors_parses() {
        assert_eq!(parse_instant("2021-05-06T18:00:00Z"), Ok(utc("2021-05-06T18:00:00Z")));
        assert_eq!(parse_instant("2021-08-18T16:36:53+02:00"), Ok(utc("2021-08-18T14:36:53Z")));
        assert_eq!(parse_instant("2021-07-02T07:44:21+0000"), Ok(utc("2021-07-02T07:44:21Z")));
        assert_eq!(parse_instant("2021-06-18T23:59:59+0300"), Ok(utc("2021-06-18T20:59:59Z")));
        assert_eq!(parse_instant("2021-05-30T13:38:52.031014"), Ok(utc("2021-05-30T13:38:52.031014Z")));
        assert_eq!(parse_instant("2021-06-08T20:17:27.9906293Z"), Ok(utc("2021-06-08T20:17:27.9906293Z")));
        assert_eq!(parse_instant("2021-06-08T20:17:27.123456789Z"), Ok(utc("2021-06-08T20:17:27.123456789Z")));
        assert_eq!(parse_instant("2021-06-01"), Ok(utc("2021-06-01T00:00:00Z")));
    }

    #[test]
    fn nonsense_is_refused() {
        assert_eq!(parse_instant("yesterday"), Err(InstantError));
        assert_eq!(parse_instant("2021-13-01T00:00:00Z"), Err(InstantError));
        assert_eq!(parse_instant(""), Err(InstantError));
    }
}
