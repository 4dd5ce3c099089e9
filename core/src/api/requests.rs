//! Request bodies, as the client writes them and the server checks them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::{RequestError, parse_json};
#[cfg(feature = "issuing")]
use crate::certificate::{CertificateOrder, OrderedEntry};
use crate::exposure::{PROTECTED_REPORT_LEN, ProtectedReport, UPLOAD_REPORTS};
use crate::venue::{FieldError, PosterOrder};

/// Bytes of reports in one upload: exactly [`UPLOAD_REPORTS`] protected reports.
pub const UPLOAD_REPORT_BYTES: usize = UPLOAD_REPORTS * PROTECTED_REPORT_LEN;

/// Longest upload code accepted before normalising (dashes and spaces included).
const MAX_CODE_LEN: usize = 32;

/// A body-less `POST` (`/v1/cases`, `/v1/warnings/publish`): the empty JSON object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoBody {}

/// `POST /v1/uploads`: a citizen's padded reports with the officer's one-time code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    /// The upload code as typed.
    pub code: String,
    /// The reports, concatenated, in base64url without padding.
    pub reports: String,
}

/// A checked upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The upload code in canonical form ([`normalise_upload_code`]).
    pub code: String,
    /// Exactly [`UPLOAD_REPORT_BYTES`] bytes of reports.
    pub reports: Vec<u8>,
}

impl UploadRequest {
    /// The body sending `reports` (already padded with decoys) with `code`.
    pub fn new(code: &str, reports: &[ProtectedReport]) -> Self {
        let bytes: Vec<u8> = reports.iter().flat_map(|r| r.to_bytes()).collect();
        UploadRequest { code: code.trim().to_owned(), reports: URL_SAFE_NO_PAD.encode(bytes) }
    }

    /// Checks the code's form and decodes exactly 128 reports.
    pub fn check(self) -> Result<Upload, RequestError> {
        if self.code.len() > MAX_CODE_LEN {
            return Err(RequestError::field("invalid_code", "the upload code is not one the server hands out"));
        }
        let invalid = || {
            RequestError::field("invalid_reports", format!("reports must be base64url of exactly {UPLOAD_REPORT_BYTES} bytes"))
        };
        // Base64 of the right size is 15 360 characters: refuse anything else before decoding.
        if self.reports.len() != (UPLOAD_REPORT_BYTES * 4).div_ceil(3) {
            return Err(invalid());
        }
        let reports = URL_SAFE_NO_PAD.decode(self.reports.as_bytes()).map_err(|_| invalid())?;
        if reports.len() != UPLOAD_REPORT_BYTES {
            return Err(invalid());
        }
        Ok(Upload { code: normalise_upload_code(&self.code), reports })
    }
}

/// The canonical form of a typed upload code: upper case, no dashes or spaces, and the
/// characters people confuse mapped as Crockford base32 does (O→0, I/L→1).
pub fn normalise_upload_code(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// Parses and checks a `POST /v1/uploads` body.
pub fn parse_upload(bytes: &[u8]) -> Result<Upload, RequestError> {
    parse_json::<UploadRequest>(bytes)?.check()
}

/// `POST /v1/venue-warnings`: one protected report sealed by the venue's operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VenueWarningRequest {
    /// The venue id, 32 hex digits.
    pub venue_id: String,
    /// The report in base64url without padding.
    pub report: String,
}

/// A checked venue warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueWarning {
    /// The venue it is about.
    pub venue_id: [u8; 16],
    /// The one protected report.
    pub report: ProtectedReport,
}

impl VenueWarningRequest {
    /// The body carrying `report` about `venue_id`.
    pub fn new(venue_id: &str, report: &ProtectedReport) -> Self {
        VenueWarningRequest { venue_id: venue_id.to_owned(), report: URL_SAFE_NO_PAD.encode(report.to_bytes()) }
    }

    /// Decodes the venue id and the one report.
    pub fn check(self) -> Result<VenueWarning, RequestError> {
        let venue_id = parse_venue_id(&self.venue_id)?;
        let report = URL_SAFE_NO_PAD
            .decode(self.report.as_bytes())
            .ok()
            .and_then(|bytes| ProtectedReport::from_bytes(&bytes).ok())
            .ok_or_else(|| {
                RequestError::field("invalid_report", format!("report must be base64url of {PROTECTED_REPORT_LEN} bytes"))
            })?;
        Ok(VenueWarning { venue_id, report })
    }
}

/// Parses and checks a `POST /v1/venue-warnings` body.
pub fn parse_venue_warning(bytes: &[u8]) -> Result<VenueWarning, RequestError> {
    parse_json::<VenueWarningRequest>(bytes)?.check()
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

/// `POST /v1/review/{id}`: an officer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// Approve or reject.
    pub decision: ReviewDecision,
}

/// What an officer decided about a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewDecision {
    /// Publish it with the next bundle.
    Approve,
    /// Never publish it.
    Reject,
}

/// Parses a `POST /v1/review/{id}` body.
pub fn parse_review(bytes: &[u8]) -> Result<ReviewRequest, RequestError> {
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

/// `POST /v1/venues/{venue_id}/occupancy`: someone came in (+1) or left (-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccupancyChange {
    /// +1 or -1.
    pub change: i64,
}

impl OccupancyChange {
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
    parse_json::<OccupancyChange>(bytes)?.check()
}

/// `POST /v1/venues`: what an operator registers. Absent fields take the registry's defaults
/// ([`crate::venue::PosterOrder`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VenueRegistration {
    /// The venue's name as printed on the poster.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Category name (`mall`, `shop`, …).
    pub category: String,
    /// Default stay in minutes (a multiple of 15).
    pub default_stay_minutes: u32,
    /// Start of validity; now when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<DateTime<Utc>>,
    /// Days of validity; 365 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
    /// Opt in to the anonymous occupancy counter; off when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<bool>,
}

impl VenueRegistration {
    /// The poster this registration asks for; a category this version does not know is refused.
    pub fn order(self) -> Result<PosterOrder, FieldError> {
        Ok(PosterOrder {
            name: self.name,
            address: self.address,
            category: self.category.parse()?,
            default_stay_minutes: self.default_stay_minutes,
            valid_from: self.valid_from,
            valid_days: self.valid_days,
        })
    }
}

/// `POST /v1/certificates`: a vaccination certificate, with the fields of `healthpass cert
/// issue vaccination`; absent fields take the issuing defaults ([`CertificateOrder`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateRequest {
    /// Only `"vaccination"` is issued by the server.
    #[serde(rename = "type")]
    pub kind: CertificateKind,
    /// Holder's family name.
    pub family_name: String,
    /// Holder's given name, if any.
    #[serde(default)]
    pub given_name: Option<String>,
    /// Date of birth as the DCC writes it (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub dob: String,
    /// Issuing country (ISO 3166 alpha-2).
    #[serde(default)]
    pub country: Option<String>,
    /// Issuing authority.
    #[serde(default)]
    pub authority: Option<String>,
    /// Certificate identifier (UVCI); a fresh one when absent.
    #[serde(default)]
    pub certificate_id: Option<String>,
    /// Days until the certificate expires.
    #[serde(default)]
    pub valid_days: Option<u32>,
    /// Dose number.
    pub dose: u32,
    /// Doses in the series.
    #[serde(default)]
    pub doses: Option<u32>,
    /// Day of vaccination.
    pub date: NaiveDate,
    /// Product.
    #[serde(default)]
    pub product: Option<String>,
    /// Vaccine type (ATC code).
    #[serde(default)]
    pub vaccine_type: Option<String>,
    /// Manufacturer code.
    #[serde(default)]
    pub manufacturer: Option<String>,
}

/// What kind of certificate is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CertificateKind {
    /// A vaccination certificate.
    Vaccination,
}

#[cfg(feature = "issuing")]
impl CertificateRequest {
    /// The order this body asks for; its defaults and limits are applied when it is issued.
    pub fn order(self) -> CertificateOrder {
        CertificateOrder {
            family_name: self.family_name,
            given_name: self.given_name,
            date_of_birth: self.dob,
            country: self.country,
            authority: self.authority,
            certificate_id: self.certificate_id,
            valid_days: self.valid_days,
            entry: OrderedEntry::Vaccination {
                dose: self.dose,
                doses: self.doses,
                date: self.date,
                product: self.product,
                vaccine_type: self.vaccine_type,
                manufacturer: self.manufacturer,
            },
        }
    }
}

#[cfg(feature = "issuing")]
/// Parses a `POST /v1/certificates` body and checks its numbers (doses, validity) as issuing
/// will, without signing anything.
pub fn parse_certificate(bytes: &[u8]) -> Result<CertificateOrder, RequestError> {
    let order = parse_json::<CertificateRequest>(bytes)?.order();
    order.check().map_err(|e| RequestError::field(e.code(), e.to_string()))?;
    Ok(order)
}
