//! Request bodies as pure functions from bytes to typed values, so the HTTP layer and the
//! fuzz target (`fuzz/fuzz_targets/server_requests.rs`) run the same code. Nothing here
//! echoes the body back in an error.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use healthpass_core::exposure::{Advice, SLOT_REPORT_LEN};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use thiserror::Error;

use crate::terms::CaseTerms;

/// Why a body was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RequestError {
    /// Not well-formed JSON.
    #[error("the body is not well-formed JSON")]
    MalformedJson,
    /// JSON, but not the fields this request needs.
    #[error("{0}")]
    InvalidBody(String),
    /// A field breaks a rule; the stable code names which.
    #[error("{message}")]
    InvalidField {
        /// Stable error code (e.g. `invalid_reports`).
        code: &'static str,
        /// What is wrong, without the value.
        message: String,
    },
}

impl RequestError {
    fn field(code: &'static str, message: impl Into<String>) -> Self {
        RequestError::InvalidField { code, message: message.into() }
    }
}

/// Parses `bytes` as JSON of shape `T`.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, RequestError> {
    serde_json::from_slice(bytes).map_err(|error| match error.classify() {
        serde_json::error::Category::Data => RequestError::InvalidBody(field_problem(&error)),
        _ => RequestError::MalformedJson,
    })
}

/// What is wrong with the fields, without anything the client sent: serde's messages quote
/// values (`invalid value: string "…"`) and unknown keys, so only a missing field, whose name
/// is the server's own, is named.
fn field_problem(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let missing = text.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')).map(|(name, _)| name);
    match missing {
        Some(name) if name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => format!("missing field `{name}`"),
        _ => "a field is unknown, or has the wrong type or value".to_owned(),
    }
}

/// The body of `POST /v1/venue-warnings` as sent: reports the operator's machine sealed from
/// the seed it kept, with the advice and the window the operator proposes to an officer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VenueWarningBody {
    venue_id: String,
    advice: String,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    reports: String,
}

/// A checked venue warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueWarning {
    /// The venue it is about.
    pub venue_id: [u8; 16],
    /// The advice and the window, published with the reports once an officer approves.
    pub terms: CaseTerms,
    /// 1 to [`MAX_VENUE_WARNING_REPORTS`] reports, concatenated in their wire form.
    pub reports: Vec<u8>,
}

/// Most reports one venue warning may carry: one per hour slot of a day.
pub const MAX_VENUE_WARNING_REPORTS: usize = 24;

impl VenueWarningBody {
    /// Decodes the venue id, checks the terms and decodes 1 to 24 whole reports.
    pub fn check(self) -> Result<VenueWarning, RequestError> {
        let venue_id = parse_venue_id(&self.venue_id)?;
        let terms = parse_terms(&self.advice, self.from, self.until)?;
        let invalid = || {
            RequestError::field(
                "invalid_reports",
                format!("reports must be base64url of 1 to {MAX_VENUE_WARNING_REPORTS} reports of {SLOT_REPORT_LEN} bytes"),
            )
        };
        if self.reports.len() > (MAX_VENUE_WARNING_REPORTS * SLOT_REPORT_LEN * 4).div_ceil(3) {
            return Err(invalid());
        }
        let reports = URL_SAFE_NO_PAD.decode(self.reports.as_bytes()).map_err(|_| invalid())?;
        if reports.is_empty() || reports.len() % SLOT_REPORT_LEN != 0 {
            return Err(invalid());
        }
        Ok(VenueWarning { venue_id, terms, reports })
    }
}

/// Parses and checks a `POST /v1/venue-warnings` body.
pub fn parse_venue_warning(bytes: &[u8]) -> Result<VenueWarning, RequestError> {
    parse_json::<VenueWarningBody>(bytes)?.check()
}

/// The body of `POST /v1/cases`: the officer's advice and the case's infectious period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseBody {
    advice: String,
    infectious_from: DateTime<Utc>,
    infectious_until: DateTime<Utc>,
}

impl CaseBody {
    /// The terms, checked.
    pub fn check(self) -> Result<CaseTerms, RequestError> {
        parse_terms(&self.advice, self.infectious_from, self.infectious_until)
    }
}

/// Parses and checks a `POST /v1/cases` body.
pub fn parse_case(bytes: &[u8]) -> Result<CaseTerms, RequestError> {
    parse_json::<CaseBody>(bytes)?.check()
}

/// Advice by its stable name and a period within the bounds of [`CaseTerms::new`].
fn parse_terms(advice: &str, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<CaseTerms, RequestError> {
    let advice = Advice::from_name(advice)
        .ok_or_else(|| RequestError::field("invalid_advice", "advice must be monitor_symptoms, get_tested or isolate"))?;
    CaseTerms::new(advice, from, until).map_err(|e| RequestError::field("invalid_period", e.to_string()))
}

/// A venue id in its text form: 32 lower- or upper-case hex digits.
pub fn parse_venue_id(text: &str) -> Result<[u8; 16], RequestError> {
    let invalid = || RequestError::field("invalid_venue_id", "a venue id is 32 hex digits");
    if text.len() != 32 || !text.is_ascii() {
        return Err(invalid());
    }
    let mut id = [0u8; 16];
    for (byte, pair) in id.iter_mut().zip(text.as_bytes().chunks(2)) {
        let pair = std::str::from_utf8(pair).map_err(|_| invalid())?;
        *byte = u8::from_str_radix(pair, 16).map_err(|_| invalid())?;
    }
    Ok(id)
}

/// An officer's decision, the body of `POST /v1/review/{id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// Approve or reject.
    pub decision: ReviewDecision,
}

/// What an officer decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewDecision {
    /// Publish with the next bundle.
    Approve,
    /// Never publish.
    Reject,
}

/// Parses a `POST /v1/review/{id}` body.
pub fn parse_review(bytes: &[u8]) -> Result<ReviewBody, RequestError> {
    parse_json(bytes)
}

/// The id of a reviewed submission in a path: `upload-N` or `venue-warning-N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionRef {
    /// A citizen's upload.
    Upload(i64),
    /// A venue's warning.
    VenueWarning(i64),
}

impl SubmissionRef {
    /// Reads `upload-N` or `venue-warning-N`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let number = |digits: &str| digits.parse::<i64>().ok().filter(|n| *n > 0 && !digits.starts_with(['+', '0']));
        if let Some(digits) = text.strip_prefix("upload-") {
            number(digits).map(SubmissionRef::Upload)
        } else {
            text.strip_prefix("venue-warning-").and_then(number).map(SubmissionRef::VenueWarning)
        }
    }
}

/// The body of `POST /v1/venues/{venue_id}/occupancy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccupancyBody {
    change: i64,
}

impl OccupancyBody {
    /// The change: +1 (someone came in) or -1 (someone left).
    pub fn check(self) -> Result<i64, RequestError> {
        match self.change {
            1 | -1 => Ok(self.change),
            _ => Err(RequestError::field("invalid_change", "change must be 1 or -1")),
        }
    }
}

/// Parses and checks a `POST /v1/venues/{venue_id}/occupancy` body.
pub fn parse_occupancy(bytes: &[u8]) -> Result<i64, RequestError> {
    parse_json::<OccupancyBody>(bytes)?.check()
}

/// The body of `POST /v1/certificates`: a vaccination certificate, with the fields of
/// `healthpass cert issue vaccination`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateBody {
    /// Only `"vaccination"` is issued by the server.
    #[serde(rename = "type")]
    pub kind: CertificateKind,
    /// Holder's family name.
    pub family_name: String,
    /// Holder's given name, if any.
    pub given_name: Option<String>,
    /// Date of birth as the DCC writes it (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub dob: String,
    /// Issuing country (ISO 3166 alpha-2); `ID` when absent.
    pub country: Option<String>,
    /// Issuing authority; the ministry when absent.
    pub authority: Option<String>,
    /// Certificate identifier (UVCI); a fresh one when absent.
    pub certificate_id: Option<String>,
    /// Days until the certificate expires; 365 when absent.
    pub valid_days: Option<u32>,
    /// Dose number.
    pub dose: u32,
    /// Doses in the series; 2 when absent.
    pub doses: Option<u32>,
    /// Day of vaccination.
    pub date: chrono::NaiveDate,
    /// Product; CoronaVac when absent.
    pub product: Option<String>,
    /// Vaccine type (ATC code); `J07BX03` when absent.
    pub vaccine_type: Option<String>,
    /// Manufacturer code; `ORG-100030215` when absent.
    pub manufacturer: Option<String>,
}

/// What kind of certificate is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CertificateKind {
    /// A vaccination certificate.
    Vaccination,
}

/// Longest certificate validity accepted, in days.
pub const MAX_CERTIFICATE_DAYS: u32 = 3660;

impl CertificateBody {
    /// Checks the numbers the DCC cannot check itself.
    pub fn check(self) -> Result<Self, RequestError> {
        let doses = self.doses.unwrap_or(2);
        if !(1..=9).contains(&doses) || !(1..=9).contains(&self.dose) {
            return Err(RequestError::field("invalid_dose", "dose and doses must be 1 to 9"));
        }
        if !(1..=MAX_CERTIFICATE_DAYS).contains(&self.valid_days.unwrap_or(healthpass_core::certificate::DEFAULT_VALID_DAYS)) {
            return Err(RequestError::field("invalid_field", format!("valid_days must be 1 to {MAX_CERTIFICATE_DAYS}")));
        }
        Ok(self)
    }
}

/// Parses and checks a `POST /v1/certificates` body.
pub fn parse_certificate(bytes: &[u8]) -> Result<CertificateBody, RequestError> {
    parse_json::<CertificateBody>(bytes)?.check()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_and_misshapen_bodies_are_told_apart() {
        assert_eq!(parse_review(b"{\"decision\": "), Err(RequestError::MalformedJson));
        assert!(matches!(parse_occupancy(b"{\"change\": \"one\"}"), Err(RequestError::InvalidBody(_))));
        assert!(matches!(parse_review(b"{\"decision\": \"maybe\"}"), Err(RequestError::InvalidBody(_))));
        assert_eq!(parse_review(b"{\"decision\": \"approve\"}").unwrap().decision, ReviewDecision::Approve);
    }

    #[test]
    fn refusals_never_echo_what_the_client_sent() {
        let refusals = [
            parse_case(br#"{"advice": 31337313, "infectious_from": "", "infectious_until": ""}"#).err(),
            parse_case(br#"{"advice": "a", "infectious_from": "", "infectious_until": "", "leak_me_31337": 1}"#).err(),
            parse_case(br#"{"advice": ["leak_me_31337"], "infectious_from": "", "infectious_until": ""}"#).err(),
            parse_review(br#"{"decision": "leak_me_31337"}"#).err(),
        ];
        for error in refusals {
            let Some(RequestError::InvalidBody(message)) = &error else { panic!("{error:?}") };
            assert!(!message.contains("31337"), "{message}");
        }
        assert_eq!(
            parse_case(br#"{"advice": "a"}"#).err(),
            Some(RequestError::InvalidBody("missing field `infectious_from`".into()))
        );
    }

    #[test]
    fn venue_ids_and_submission_refs_parse_strictly() {
        assert_eq!(parse_venue_id("000102030405060708090a0b0c0d0e0f").unwrap()[15], 15);
        assert!(parse_venue_id("000102030405060708090a0b0c0d0e0g").is_err());
        assert!(parse_venue_id("é00102030405060708090a0b0c0d0e0").is_err());
        assert_eq!(SubmissionRef::parse("upload-12"), Some(SubmissionRef::Upload(12)));
        assert_eq!(SubmissionRef::parse("venue-warning-3"), Some(SubmissionRef::VenueWarning(3)));
        for bad in ["upload-0", "upload-+1", "upload-01", "upload-", "case-1", "upload-99999999999999999999"] {
            assert_eq!(SubmissionRef::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn case_terms_and_venue_warnings_are_checked() {
        let case = |advice: &str, from: &str| {
            let body =
                serde_json::json!({ "advice": advice, "infectious_from": from, "infectious_until": "2026-11-30T00:00:00Z" });
            parse_case(body.to_string().as_bytes())
        };
        assert_eq!(case("isolate", "2026-11-25T00:00:00Z").unwrap().advice, Advice::Isolate);
        assert!(matches!(case("panic", "2026-11-25T00:00:00Z"), Err(RequestError::InvalidField { code: "invalid_advice", .. })));
        assert!(matches!(
            case("isolate", "2026-11-01T00:00:00Z"),
            Err(RequestError::InvalidField { code: "invalid_period", .. })
        ));
        assert!(matches!(
            case("isolate", "2026-11-30T00:00:00Z"),
            Err(RequestError::InvalidField { code: "invalid_period", .. })
        ));
        assert!(matches!(parse_case(b"{}"), Err(RequestError::InvalidBody(_))));
        let warning = |reports: &[u8]| {
            let body = serde_json::json!({
                "venue_id": "00".repeat(16), "advice": "get_tested", "from": "2026-11-30T10:00:00Z",
                "until": "2026-11-30T12:00:00Z", "reports": URL_SAFE_NO_PAD.encode(reports),
            });
            parse_venue_warning(body.to_string().as_bytes())
        };
        let two = warning(&[3; 2 * SLOT_REPORT_LEN]).unwrap();
        assert_eq!((two.reports.len(), two.terms.advice), (2 * SLOT_REPORT_LEN, Advice::GetTested));
        for bad in [0, SLOT_REPORT_LEN + 1, (MAX_VENUE_WARNING_REPORTS + 1) * SLOT_REPORT_LEN] {
            let error = warning(&vec![3; bad]).unwrap_err();
            assert!(matches!(error, RequestError::InvalidField { code: "invalid_reports", .. }), "{bad}: {error:?}");
        }
    }

    #[test]
    fn occupancy_changes_by_one() {
        assert_eq!(parse_occupancy(b"{\"change\": -1}"), Ok(-1));
        assert!(matches!(parse_occupancy(b"{\"change\": 2}"), Err(RequestError::InvalidField { code: "invalid_change", .. })));
    }
}
