//! The terms of a warning, set by the health officer when the upload code is issued (or when a
//! venue warning is approved) and published, signed, with the reports: the advice and the
//! infectious period. The uploader cannot choose them.

use chrono::{DateTime, TimeDelta, Utc};
use thiserror::Error;

use super::Advice;
use super::slot::Slot;

/// Longest infectious period an officer may set, in days.
pub const MAX_INFECTIOUS_DAYS: i64 = 28;
/// Bytes of the terms on the wire: advice u8, first slot u32 BE, end slot u32 BE.
pub const WARNING_TERMS_LEN: usize = 9;

/// Why warning terms were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TermsError {
    /// The period is empty, reversed, not whole hours, or out of the wire range.
    #[error("the infectious period must be whole hours with its end after its start")]
    Period,
    /// The period is longer than [`MAX_INFECTIOUS_DAYS`].
    #[error("the infectious period may be at most {MAX_INFECTIOUS_DAYS} days")]
    PeriodTooLong,
    /// The advice code is not one this version knows.
    #[error("unknown advice")]
    Advice,
}

/// When a confirmed case could infect others (UTC, whole hours, end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InfectiousPeriod {
    first: u32,
    end: u32,
}

impl InfectiousPeriod {
    /// The period `start`–`end` (both whole hours, at most [`MAX_INFECTIOUS_DAYS`] days).
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, TermsError> {
        let hour = |t: DateTime<Utc>| {
            (t.timestamp() % 3600 == 0 && t.timestamp_subsec_nanos() == 0)
                .then(|| u32::try_from(t.timestamp() / 3600).ok())
                .flatten()
                .ok_or(TermsError::Period)
        };
        Self::from_slots(hour(start)?, hour(end)?)
    }

    fn from_slots(first: u32, end: u32) -> Result<Self, TermsError> {
        if end <= first {
            return Err(TermsError::Period);
        }
        if i64::from(end - first) > MAX_INFECTIOUS_DAYS * 24 {
            return Err(TermsError::PeriodTooLong);
        }
        Ok(InfectiousPeriod { first, end })
    }

    /// The first instant of the period.
    pub fn start(&self) -> DateTime<Utc> {
        Slot(u64::from(self.first)).start()
    }

    /// The end of the period (exclusive).
    pub fn end(&self) -> DateTime<Utc> {
        Slot(u64::from(self.end)).start()
    }

    /// The period's length.
    pub fn duration(&self) -> TimeDelta {
        self.end() - self.start()
    }

    /// Whether `start`–`end` lies inside the period.
    pub fn contains(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        start >= self.start() && end <= self.end()
    }
}

/// What a published group of reports asks of the people who were there, and when its cases
/// were infectious. Signed by the publisher with the reports it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WarningTerms {
    /// What to do.
    pub advice: Advice,
    /// When the case could infect others; a report outside it is ignored.
    pub period: InfectiousPeriod,
}

impl WarningTerms {
    /// The wire form ([`WARNING_TERMS_LEN`] bytes).
    pub fn to_bytes(&self) -> [u8; WARNING_TERMS_LEN] {
        let mut out = [0u8; WARNING_TERMS_LEN];
        out[0] = self.advice.code();
        out[1..5].copy_from_slice(&self.period.first.to_be_bytes());
        out[5..].copy_from_slice(&self.period.end.to_be_bytes());
        out
    }

    /// Reads [`WarningTerms::to_bytes`], with the same checks as [`InfectiousPeriod::new`].
    pub fn from_bytes(bytes: &[u8; WARNING_TERMS_LEN]) -> Result<Self, TermsError> {
        let advice = Advice::from_code(bytes[0]).ok_or(TermsError::Advice)?;
        let first = u32::from_be_bytes([bytes[1], bytes[2], bytes[3], bytes[4]]);
        let end = u32::from_be_bytes([bytes[5], bytes[6], bytes[7], bytes[8]]);
        Ok(WarningTerms { advice, period: InfectiousPeriod::from_slots(first, end)? })
    }
}
