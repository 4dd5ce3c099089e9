//! What a health officer decides when confirming a case, bound to the upload code it issues:
//! the advice for people who were near the case and the case's infectious period. The
//! uploader cannot choose either; they travel with the submission into the signed bundle.

use crate::exposure::{Advice, InfectiousPeriod, WarningTerms};
use chrono::{DateTime, TimeDelta, Utc};

/// Longest infectious period an officer may set: 21 days (a generous bound on the WHO's
/// 2 days before symptoms to 10 days after; longer is a typing error).
pub const MAX_INFECTIOUS_PERIOD: TimeDelta = TimeDelta::days(21);

/// Bytes of [`CaseTerms::to_bytes`]: advice, start and end of the period.
pub const CASE_TERMS_LEN: usize = 1 + 8 + 8;

/// The officer's advice and the infectious period (UTC, end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseTerms {
    /// What people who were there at the same time should do.
    pub advice: Advice,
    /// Start of the infectious period.
    pub infectious_from: DateTime<Utc>,
    /// End of the infectious period (after the start, at most 21 days later).
    pub infectious_until: DateTime<Utc>,
}

/// Why terms were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    /// The period ends before it starts or is empty.
    #[error("the infectious period must end after it starts")]
    EmptyPeriod,
    /// The period is longer than [`MAX_INFECTIOUS_PERIOD`].
    #[error("the infectious period may be at most 21 days")]
    PeriodTooLong,
}

impl CaseTerms {
    /// Checks the period against its bounds.
    pub fn new(advice: Advice, infectious_from: DateTime<Utc>, infectious_until: DateTime<Utc>) -> Result<Self, TermsError> {
        if infectious_until <= infectious_from {
            return Err(TermsError::EmptyPeriod);
        }
        if infectious_until - infectious_from > MAX_INFECTIOUS_PERIOD {
            return Err(TermsError::PeriodTooLong);
        }
        Ok(CaseTerms { advice, infectious_from, infectious_until })
    }

    /// The terms as the publisher signs them: the period rounded outward to whole hours.
    pub fn warning_terms(&self) -> Result<WarningTerms, crate::exposure::TermsError> {
        let floor = |t: DateTime<Utc>| DateTime::from_timestamp(t.timestamp().div_euclid(3600) * 3600, 0).unwrap_or(t);
        let ceil = |t: DateTime<Utc>| floor(t + TimeDelta::seconds(3599));
        let period = InfectiousPeriod::new(floor(self.infectious_from), ceil(self.infectious_until))?;
        Ok(WarningTerms { advice: self.advice, period })
    }

    /// Fixed-size form: advice (its wire code, [`Advice::code`]), start and end in Unix seconds (BE).
    pub fn to_bytes(&self) -> [u8; CASE_TERMS_LEN] {
        let mut out = [0u8; CASE_TERMS_LEN];
        out[0] = self.advice.code();
        out[1..9].copy_from_slice(&self.infectious_from.timestamp().to_be_bytes());
        out[9..17].copy_from_slice(&self.infectious_until.timestamp().to_be_bytes());
        out
    }

    /// Reads [`CaseTerms::to_bytes`]; `None` for anything it never writes.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let bytes: &[u8; CASE_TERMS_LEN] = bytes.try_into().ok()?;
        let advice = Advice::from_code(bytes[0])?;
        let instant = |range: std::ops::Range<usize>| {
            let seconds = i64::from_be_bytes(bytes[range].try_into().ok()?);
            DateTime::from_timestamp(seconds, 0)
        };
        let (infectious_from, infectious_until) = (instant(1..9)?, instant(9..17)?);
        (infectious_from < infectious_until).then_some(CaseTerms { advice, infectious_from, infectious_until })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn terms_round_trip_and_refuse_bad_periods() {
        let from = now() - TimeDelta::days(5);
        let terms = CaseTerms::new(Advice::Isolate, from, now()).unwrap();
        assert_eq!(CaseTerms::from_bytes(&terms.to_bytes()), Some(terms));
        assert_eq!(CaseTerms::new(Advice::Isolate, now(), now()), Err(TermsError::EmptyPeriod));
        assert_eq!(CaseTerms::new(Advice::GetTested, now() - TimeDelta::days(22), now()), Err(TermsError::PeriodTooLong));
        let signed = terms.warning_terms().unwrap();
        assert_eq!((signed.period.start(), signed.period.end(), signed.advice), (from, now(), Advice::Isolate));
        let odd = CaseTerms::new(Advice::GetTested, from + TimeDelta::minutes(10), now() + TimeDelta::minutes(1)).unwrap();
        let rounded = odd.warning_terms().unwrap().period;
        assert_eq!((rounded.start(), rounded.end()), (from, now() + TimeDelta::hours(1)), "rounded outward");
        let mut bad = terms.to_bytes();
        bad[0] = 9;
        assert_eq!(CaseTerms::from_bytes(&bad), None);
        assert_eq!(CaseTerms::from_bytes(&bad[1..]), None);
    }
}
