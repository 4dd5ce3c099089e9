//! What a pending submission holds, sealed in the vault until it is published or rejected:
//! the terms it is published under (advice and period, from the officer's code or the venue
//! warning) and its reports' wire bytes.

use healthpass_core::api::{CASE_TERMS_LEN, CaseTerms};

/// A submission's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionContents {
    /// Advice and period, published authenticated with the reports.
    pub terms: CaseTerms,
    /// The reports, concatenated in their wire form.
    pub reports: Vec<u8>,
}

impl SubmissionContents {
    /// The plaintext the vault seals: the terms, then the reports.
    pub fn to_bytes(&self) -> Vec<u8> {
        [self.terms.to_bytes().as_slice(), &self.reports].concat()
    }

    /// Reads [`SubmissionContents::to_bytes`]; `None` if the terms are not readable.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (terms, reports) = bytes.split_at_checked(CASE_TERMS_LEN)?;
        Some(SubmissionContents { terms: CaseTerms::from_bytes(terms)?, reports: reports.to_vec() })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};
    use healthpass_core::exposure::Advice;

    use super::*;

    #[test]
    fn contents_round_trip() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let terms = CaseTerms::new(Advice::GetTested, now - TimeDelta::days(3), now).unwrap();
        let contents = SubmissionContents { terms, reports: vec![1, 2, 3] };
        assert_eq!(SubmissionContents::from_bytes(&contents.to_bytes()), Some(contents));
        assert_eq!(SubmissionContents::from_bytes(&[0; 5]), None);
    }
}
