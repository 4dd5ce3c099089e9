//! Request bodies, as the client writes them and the server checks them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::{RequestError, parse_json};
use super::terms::CaseTerms;
#[cfg(feature = "issuing")]
use crate::certificate::{CertificateOrder, OrderedEntry};
use crate::exposure::{Advice, SLOT_REPORT_LEN, Submission};
use crate::venue::{FieldError, PosterCommitment, PosterOrder};

/// A body-less `POST` (`/v1/warnings/publish`): the empty JSON object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoBody {}

/// `POST /v1/cases`: the officer's advice and the case's infectious period, bound to the
/// upload code the server hands out (the citizen who uploads cannot change either).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRequest {
    /// The advice's stable name (`monitor_symptoms`, `get_tested`, `isolate`).
    pub advice: String,
    /// Start of the infectious period (UTC).
    pub infectious_from: DateTime<Utc>,
    /// End of the infectious period (UTC, exclusive).
    pub infectious_until: DateTime<Utc>,
}

impl CaseRequest {
    /// The body confirming a case with `terms`.
    pub fn new(terms: &CaseTerms) -> Self {
        CaseRequest {
            advice: terms.advice.name().to_owned(),
            infectious_from: terms.infectious_from,
            infectious_until: terms.infectious_until,
        }
    }

    /// The terms, checked.
    pub fn check(self) -> Result<CaseTerms, RequestError> {
        parse_terms(&self.advice, self.infectious_from, self.infectious_until)
    }
}

/// Parses and checks a `POST /v1/cases` body.
pub fn parse_case(bytes: &[u8]) -> Result<CaseTerms, RequestError> {
    parse_json::<CaseRequest>(bytes)?.check()
}

/// Most reports one venue warning may carry: one per hour slot of a day.
pub const MAX_VENUE_WARNING_REPORTS: usize = 24;

/// `POST /v1/venue-warnings`: slot reports the operator's machine sealed from the seed it kept,
/// with the advice and the window the operator proposes to an officer. The server cannot
/// read the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VenueWarningRequest {
    /// The venue id, 32 hex digits.
    pub venue_id: String,
    /// The advice's stable name.
    pub advice: String,
    /// Start of the window (UTC).
    pub from: DateTime<Utc>,
    /// End of the window (UTC, exclusive).
    pub until: DateTime<Utc>,
    /// The slot reports, concatenated in their wire form, base64url without padding.
    pub reports: String,
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

impl VenueWarningRequest {
    /// The body carrying the reports of `warning` about `venue_id`, proposing `terms`.
    pub fn new(venue_id: &str, warning: &Submission, terms: &CaseTerms) -> Self {
        let reports: Vec<u8> = warning.reports.iter().flat_map(|report| report.to_bytes()).collect();
        VenueWarningRequest {
            venue_id: venue_id.to_owned(),
            advice: terms.advice.name().to_owned(),
            from: terms.infectious_from,
            until: terms.infectious_until,
            reports: URL_SAFE_NO_PAD.encode(reports),
        }
    }

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
    parse_json::<VenueWarningRequest>(bytes)?.check()
}

/// Advice by its stable name and a period within the bounds of [`CaseTerms::new`].
fn parse_terms(advice: &str, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<CaseTerms, RequestError> {
    let advice = Advice::from_name(advice)
        .ok_or_else(|| RequestError::field("invalid_advice", "advice must be monitor_symptoms, get_tested or isolate"))?;
    CaseTerms::new(advice, from, until).map_err(|e| RequestError::field("invalid_period", e.to_string()))
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

/// `POST /v1/venues` (a new venue) and `POST /v1/venues/{venue_id}/posters` (a reprint of it
/// with a fresh seed): the venue's public fields and the commitment to the seed the operator's
/// machine made, nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PosterRegistration {
    /// The venue's name as printed on the poster.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Category name (`mall`, `shop`, …).
    pub category: String,
    /// Default stay in minutes (a multiple of 15).
    pub default_stay_minutes: u32,
    /// First instant the poster is valid (UTC): when the registry signs it if absent. An
    /// earlier start lets a poster cover visits already made (a venue joining mid-outbreak
    /// whose paper sign-in sheet is being moved over); it changes nothing else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<DateTime<Utc>>,
    /// Days the poster is valid, 1 to 365; 90 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
    /// The commitment to the operator's seed, unpadded base64url ([`PosterCommitment`]).
    pub commitment: String,
    /// Whether the venue opts in to the anonymous occupancy counter.
    #[serde(default)]
    pub occupancy: bool,
}

impl PosterRegistration {
    /// The poster this registration asks for; a category this version does not know is
    /// refused.
    pub fn order(&self) -> Result<PosterOrder, FieldError> {
        Ok(PosterOrder {
            name: self.name.clone(),
            address: self.address.clone(),
            category: self.category.parse()?,
            default_stay_minutes: self.default_stay_minutes,
            valid_from: self.valid_from,
            valid_days: self.valid_days,
        })
    }

    /// The commitment this registration carries.
    pub fn commitment(&self) -> Result<PosterCommitment, RequestError> {
        PosterCommitment::from_base64url(&self.commitment)
            .map_err(|_| RequestError::field("invalid_commitment", "the commitment must be 32 bytes of base64url"))
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
