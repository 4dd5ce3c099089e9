//! The EU Digital COVID Certificate payload (`hcert` claim -260, key 1): the holder and their
//! vaccination, test and recovery entries. Schema: ehn-dcc-development/ehn-dcc-schema.

use chrono::{DateTime, NaiveDate, Utc};
use ciborium::Value;
use serde::Serialize;

use super::claims::{int_key, text_key};
use super::error::{CertificateError, Stage};
use super::holder::Holder;
use super::instant::parse_instant;

/// Claim key of the health certificate container in the CWT.
pub(crate) const HCERT_CLAIM: i64 = -260;
/// Key of the EU DCC inside the container.
pub(crate) const DCC_KEY: i64 = 1;
/// Most entries of one kind accepted (the schema allows one; a few issuers sent more).
const MAX_ENTRIES: usize = 16;

/// SNOMED CT code of COVID-19, the only disease this app counts.
pub const COVID_19: &str = "840539006";
/// LOINC code of a nucleic-acid amplification (PCR) test.
pub const TEST_TYPE_NAAT: &str = "LP6464-4";
/// LOINC code of a rapid antigen test.
pub const TEST_TYPE_RAPID_ANTIGEN: &str = "LP217198-3";
/// SNOMED CT code of a test result "detected" (positive).
pub const TEST_RESULT_DETECTED: &str = "260373001";
/// SNOMED CT code of a test result "not detected" (negative).
pub const TEST_RESULT_NOT_DETECTED: &str = "260415000";

/// An EU DCC: who it is about and what it attests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigitalCovidCertificate {
    /// Schema version the issuer declares (`ver`, e.g. `1.3.0`).
    pub schema_version: String,
    /// The holder (`nam`, `dob`).
    pub holder: Holder,
    /// Vaccination entries (`v`).
    pub vaccinations: Vec<Vaccination>,
    /// Test entries (`t`).
    pub tests: Vec<TestEntry>,
    /// Recovery entries (`r`).
    pub recoveries: Vec<Recovery>,
}

/// One vaccination event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vaccination {
    /// Disease targeted (`tg`, SNOMED CT).
    pub disease: String,
    /// Vaccine or prophylaxis type (`vp`, SNOMED CT or ATC, e.g. `J07BX03`).
    pub vaccine_type: String,
    /// Vaccine product (`mp`, e.g. `EU/1/20/1528`).
    pub product: String,
    /// Marketing authorisation holder or manufacturer (`ma`, e.g. `ORG-100030215`).
    pub manufacturer: String,
    /// Dose number in the series (`dn`; 1 and up in valid certificates).
    pub dose_number: u32,
    /// Doses in the series (`sd`; 1 and up in valid certificates).
    pub series_doses: u32,
    /// Day of vaccination (`dt`).
    pub date: Option<NaiveDate>,
    /// Country of vaccination (`co`, ISO 3166).
    pub country: String,
    /// Certificate issuer (`is`).
    pub issuer: String,
    /// Unique certificate identifier (`ci`).
    pub certificate_id: String,
}

/// One test event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestEntry {
    /// Disease targeted (`tg`).
    pub disease: String,
    /// Test type (`tt`, LOINC): [`TEST_TYPE_NAAT`] or [`TEST_TYPE_RAPID_ANTIGEN`].
    pub test_type: String,
    /// When the sample was collected (`sc`, UTC).
    pub sampled_at: Option<DateTime<Utc>>,
    /// Result (`tr`): [`TEST_RESULT_DETECTED`] or [`TEST_RESULT_NOT_DETECTED`].
    pub result: String,
    /// Testing centre (`tc`).
    pub test_centre: String,
    /// Country of the test (`co`).
    pub country: String,
    /// Certificate issuer (`is`).
    pub issuer: String,
    /// Unique certificate identifier (`ci`).
    pub certificate_id: String,
}

impl TestEntry {
    /// Whether the test found the disease.
    pub fn is_positive(&self) -> bool {
        self.result == TEST_RESULT_DETECTED
    }
}

/// One recovery statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recovery {
    /// Disease recovered from (`tg`).
    pub disease: String,
    /// Day of the first positive test (`fr`).
    pub first_positive: Option<NaiveDate>,
    /// Statement valid from (`df`).
    pub valid_from: Option<NaiveDate>,
    /// Statement valid until (`du`).
    pub valid_until: Option<NaiveDate>,
    /// Country (`co`).
    pub country: String,
    /// Certificate issuer (`is`).
    pub issuer: String,
    /// Unique certificate identifier (`ci`).
    pub certificate_id: String,
}

/// Reads the DCC out of the CWT claims map.
pub(crate) fn parse_dcc(claims: &[(Value, Value)]) -> Result<DigitalCovidCertificate, CertificateError> {
    let bad = || CertificateError::Malformed(Stage::Payload);
    let Some(Value::Map(hcert)) = int_key(claims, HCERT_CLAIM) else { return Err(bad()) };
    let Some(Value::Map(dcc)) = int_key(hcert, DCC_KEY) else { return Err(bad()) };
    let schema_version = opt_text(dcc, "ver")?.unwrap_or_default();
    let names = match text_key(dcc, "nam") {
        Some(Value::Map(m)) => m.as_slice(),
        None => &[],
        Some(_) => return Err(bad()),
    };
    let holder = Holder {
        family_name: opt_text(names, "fn")?.or(opt_text(names, "fnt")?),
        given_name: opt_text(names, "gn")?.or(opt_text(names, "gnt")?),
        date_of_birth: opt_text(dcc, "dob")?.unwrap_or_default(),
    };
    let vaccinations = entries(dcc, "v", |e| {
        Ok(Vaccination {
            disease: opt_text(e, "tg")?.unwrap_or_default(),
            vaccine_type: opt_text(e, "vp")?.unwrap_or_default(),
            product: opt_text(e, "mp")?.unwrap_or_default(),
            manufacturer: opt_text(e, "ma")?.unwrap_or_default(),
            dose_number: dose_count(text_key(e, "dn"))?,
            series_doses: dose_count(text_key(e, "sd"))?,
            date: opt_date(e, "dt")?,
            country: opt_text(e, "co")?.unwrap_or_default(),
            issuer: opt_text(e, "is")?.unwrap_or_default(),
            certificate_id: opt_text(e, "ci")?.unwrap_or_default(),
        })
    })?;
    let tests = entries(dcc, "t", |e| {
        let sampled_at = match text_key(e, "sc") {
            None | Some(Value::Null) => None,
            // Some issuers send an epoch date-time (tag 1) instead of text.
            Some(Value::Tag(1, inner)) => match inner.as_ref() {
                Value::Integer(i) => {
                    let secs = i64::try_from(i128::from(*i)).map_err(|_| bad())?;
                    Some(DateTime::from_timestamp(secs, 0).ok_or_else(bad)?)
                }
                _ => return Err(bad()),
            },
            Some(_) => {
                let text = opt_text(e, "sc")?.ok_or_else(bad)?;
                Some(parse_instant(&text).map_err(|_| bad())?)
            }
        };
        Ok(TestEntry {
            disease: opt_text(e, "tg")?.unwrap_or_default(),
            test_type: opt_text(e, "tt")?.unwrap_or_default(),
            sampled_at,
            result: opt_text(e, "tr")?.unwrap_or_default(),
            test_centre: opt_text(e, "tc")?.unwrap_or_default(),
            country: opt_text(e, "co")?.unwrap_or_default(),
            issuer: opt_text(e, "is")?.unwrap_or_default(),
            certificate_id: opt_text(e, "ci")?.unwrap_or_default(),
        })
    })?;
    let recoveries = entries(dcc, "r", |e| {
        Ok(Recovery {
            disease: opt_text(e, "tg")?.unwrap_or_default(),
            first_positive: opt_date(e, "fr")?,
            valid_from: opt_date(e, "df")?,
            valid_until: opt_date(e, "du")?,
            country: opt_text(e, "co")?.unwrap_or_default(),
            issuer: opt_text(e, "is")?.unwrap_or_default(),
            certificate_id: opt_text(e, "ci")?.unwrap_or_default(),
        })
    })?;
    Ok(DigitalCovidCertificate { schema_version, holder, vaccinations, tests, recoveries })
}

/// Reads the array `key` of entry maps with `read`.
fn entries<T>(
    dcc: &[(Value, Value)],
    key: &str,
    read: impl Fn(&[(Value, Value)]) -> Result<T, CertificateError>,
) -> Result<Vec<T>, CertificateError> {
    match text_key(dcc, key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) if items.len() <= MAX_ENTRIES => items
            .iter()
            .map(|item| match item {
                Value::Map(entry) => read(entry),
                _ => Err(CertificateError::Malformed(Stage::Payload)),
            })
            .collect(),
        Some(_) => Err(CertificateError::Malformed(Stage::Payload)),
    }
}

/// An optional text field; any other type is a schema break. Text inside a date tag
/// (0: RFC 3339 date-time, 1004: full date), as some issuers send, is read as the text.
fn opt_text(map: &[(Value, Value)], key: &str) -> Result<Option<String>, CertificateError> {
    match text_key(map, key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Text(text)) => Ok(Some(text.clone())),
        Some(Value::Tag(0 | 1004, inner)) => match inner.as_ref() {
            Value::Text(text) => Ok(Some(text.clone())),
            _ => Err(CertificateError::Malformed(Stage::Payload)),
        },
        Some(_) => Err(CertificateError::Malformed(Stage::Payload)),
    }
}

/// An optional date field: `YYYY-MM-DD`, or a date-time of which the day counts.
fn opt_date(map: &[(Value, Value)], key: &str) -> Result<Option<NaiveDate>, CertificateError> {
    let Some(text) = opt_text(map, key)? else { return Ok(None) };
    let day = text.get(..10).unwrap_or(&text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map(Some).map_err(|_| CertificateError::Malformed(Stage::Payload))
}

/// A dose count: a non-negative integer (a whole float is read as one). The schema asks for
/// at least 1, but issuers' test data carries 0; a negative count is never accepted.
fn dose_count(value: Option<&Value>) -> Result<u32, CertificateError> {
    let bad = CertificateError::Malformed(Stage::Payload);
    let count = match value {
        Some(Value::Integer(i)) => u32::try_from(i128::from(*i)).map_err(|_| bad.clone())?,
        Some(Value::Float(f)) if f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX) => *f as u32,
        _ => return Err(bad),
    };
    Ok(count)
}
