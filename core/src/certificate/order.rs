//! One way to ask for a certificate, for every issuer (`healthpass cert issue`, the server's
//! `POST /v1/certificates`): the fields an officer gives, with the defaults and the limits
//! applied in one place before anything is signed.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use super::dcc::{COVID_19, Recovery, TestEntry, Vaccination};
use super::defaults::{
    DEFAULT_AUTHORITY, DEFAULT_COUNTRY, DEFAULT_MANUFACTURER, DEFAULT_PRODUCT, DEFAULT_VACCINE_TYPE, DEFAULT_VALID_DAYS,
};
use super::holder::Holder;
use super::issue::{IssueError, IssueRequest, IssuedEntry, new_certificate_id};

/// Highest dose number, and longest series, a vaccination certificate may state.
pub const MAX_DOSES: u32 = 9;
/// Longest validity a certificate may be issued with, in days (about ten years).
pub const MAX_CERTIFICATE_DAYS: u32 = 3660;
/// Doses in a series when the officer does not say.
pub const DEFAULT_SERIES_DOSES: u32 = 2;

/// A certificate an officer asks for. Absent fields take the defaults of
/// [`super::DEFAULT_COUNTRY`] and its neighbours; [`CertificateOrder::check`] holds the limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateOrder {
    /// Holder's family name.
    pub family_name: String,
    /// Holder's given name, if any.
    pub given_name: Option<String>,
    /// Date of birth as the DCC writes it (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date_of_birth: String,
    /// Issuing country (ISO 3166 alpha-2); `ID` when absent.
    pub country: Option<String>,
    /// Issuing authority; the ministry when absent.
    pub authority: Option<String>,
    /// Unique certificate identifier (UVCI); a fresh one when absent.
    pub certificate_id: Option<String>,
    /// Days until the certificate expires (1–3660); 365 when absent.
    pub valid_days: Option<u32>,
    /// What it attests.
    pub entry: OrderedEntry,
}

/// What an ordered certificate attests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderedEntry {
    /// Dose `dose` of `doses` (each 1–9; a series of 2 when absent) given on `date`.
    Vaccination {
        /// Dose number.
        dose: u32,
        /// Doses in the series.
        doses: Option<u32>,
        /// Day of vaccination.
        date: NaiveDate,
        /// Product; CoronaVac when absent.
        product: Option<String>,
        /// Vaccine type (ATC code); `J07BX03` when absent.
        vaccine_type: Option<String>,
        /// Manufacturer code; Sinovac's when absent.
        manufacturer: Option<String>,
    },
    /// A test result.
    Test {
        /// Test type code (`TEST_TYPE_NAAT`, `TEST_TYPE_RAPID_ANTIGEN`).
        test_type: String,
        /// When the sample was taken (UTC).
        sampled_at: DateTime<Utc>,
        /// Result code (`TEST_RESULT_DETECTED`, `TEST_RESULT_NOT_DETECTED`).
        result: String,
        /// Testing centre.
        centre: String,
    },
    /// A recovery statement.
    Recovery {
        /// Day of the first positive test.
        first_positive: NaiveDate,
        /// First day the statement is valid.
        valid_from: NaiveDate,
        /// Last day the statement is valid.
        valid_until: NaiveDate,
    },
}

impl CertificateOrder {
    /// Checks the numbers the DCC schema cannot: dose and series 1–9, validity 1–3660 days.
    pub fn check(&self) -> Result<(), IssueError> {
        if let OrderedEntry::Vaccination { dose, doses, .. } = &self.entry {
            let doses = doses.unwrap_or(DEFAULT_SERIES_DOSES);
            if !(1..=MAX_DOSES).contains(dose) || !(1..=MAX_DOSES).contains(&doses) {
                return Err(IssueError::InvalidDose);
            }
        }
        if !(1..=MAX_CERTIFICATE_DAYS).contains(&self.valid_days()) {
            return Err(IssueError::InvalidValidity);
        }
        Ok(())
    }

    /// The certificate to sign at `issued_at` (UTC): limits checked, defaults filled in.
    pub fn into_request(self, issued_at: DateTime<Utc>) -> Result<IssueRequest, IssueError> {
        self.check()?;
        let expires_at = issued_at + TimeDelta::days(i64::from(self.valid_days()));
        let country = self.country.unwrap_or_else(|| DEFAULT_COUNTRY.to_owned());
        let issuer = self.authority.unwrap_or_else(|| DEFAULT_AUTHORITY.to_owned());
        let certificate_id = self.certificate_id.unwrap_or_else(|| new_certificate_id(&country));
        let disease = COVID_19.to_owned();
        let entry = match self.entry {
            OrderedEntry::Vaccination { dose, doses, date, product, vaccine_type, manufacturer } => {
                IssuedEntry::Vaccination(Vaccination {
                    disease,
                    vaccine_type: vaccine_type.unwrap_or_else(|| DEFAULT_VACCINE_TYPE.to_owned()),
                    product: product.unwrap_or_else(|| DEFAULT_PRODUCT.to_owned()),
                    manufacturer: manufacturer.unwrap_or_else(|| DEFAULT_MANUFACTURER.to_owned()),
                    dose_number: dose,
                    series_doses: doses.unwrap_or(DEFAULT_SERIES_DOSES),
                    date: Some(date),
                    country: country.clone(),
                    issuer,
                    certificate_id,
                })
            }
            OrderedEntry::Test { test_type, sampled_at, result, centre } => IssuedEntry::Test(TestEntry {
                disease,
                test_type,
                sampled_at: Some(sampled_at),
                result,
                test_centre: centre,
                country: country.clone(),
                issuer,
                certificate_id,
            }),
            OrderedEntry::Recovery { first_positive, valid_from, valid_until } => IssuedEntry::Recovery(Recovery {
                disease,
                first_positive: Some(first_positive),
                valid_from: Some(valid_from),
                valid_until: Some(valid_until),
                country: country.clone(),
                issuer,
                certificate_id,
            }),
        };
        let holder =
            Holder { family_name: Some(self.family_name), given_name: self.given_name, date_of_birth: self.date_of_birth };
        Ok(IssueRequest { holder, entry, country, issued_at, expires_at })
    }

    fn valid_days(&self) -> u32 {
        self.valid_days.unwrap_or(DEFAULT_VALID_DAYS)
    }
}
