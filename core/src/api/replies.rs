//! Reply bodies, as the server writes them and the client reads them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /v1/status`: the server is up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerStatus {
    /// Always `ok`.
    pub status: String,
}

/// `GET /v1/keys`: every public key the server signs with, in text form, current first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeys {
    /// Venue-registry keys (posters).
    pub registry: Vec<String>,
    /// Warning-publisher keys (bundles and index).
    pub publisher: Vec<String>,
    /// Trust-root keys (trust list and rule set).
    pub trust_root: Vec<String>,
}

/// `GET /v1/registry-keys`: the registry keys alone, kept for older clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryKeys {
    /// Registry public keys in text form.
    pub keys: Vec<String>,
}

/// `POST /v1/cases`: a confirmed case and the one-time code to hand to the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmedCase {
    /// The server's case number.
    pub case_id: i64,
    /// The single-use upload code (`XXXX-XXXX-XXXX`).
    pub upload_code: String,
    /// When the code stops working (UTC).
    pub expires_at: DateTime<Utc>,
}

/// `POST /v1/uploads`: the server's receipt for an accepted upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadReceipt {
    /// The server's upload number (the officer reviews it under `upload-N`).
    pub upload_id: i64,
    /// Reports received (always the padded count).
    pub reports: u32,
}

/// `POST /v1/venue-warnings`: the submission awaiting review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedWarning {
    /// `venue-warning-N`.
    pub id: String,
}

/// `GET` and `POST /v1/venues/{venue_id}/occupancy`: people there now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occupancy {
    /// The current count.
    pub current: i64,
}

/// `GET /v1/review`: what awaits an officer's decision, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingReviews {
    /// The pending submissions.
    pub pending: Vec<PendingItem>,
}

/// A submission waiting for an officer's decision: a citizen's upload or a venue's warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingItem {
    /// The id to decide on (`upload-N`, `venue-warning-N`).
    pub id: String,
    /// `upload` or `venue_warning`.
    pub kind: String,
    /// The case an upload belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<i64>,
    /// The venue a warning is about (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue_id: Option<String>,
    /// When the server received it (UTC).
    pub received_at: DateTime<Utc>,
    /// How many protected reports it carries.
    pub reports: u32,
}

/// `POST /v1/review/{id}`: the decision recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewOutcome {
    /// The submission.
    pub id: String,
    /// `approved` or `rejected`.
    pub state: String,
}

/// `POST /v1/warnings/publish`: the bundle a publication produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedBundle {
    /// The bundle's hour slot (`GET /v1/warnings/{hour}`).
    pub hour: u64,
    /// Reports in it.
    pub reports: u32,
}

/// `POST /v1/certificates`: the issued certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCertificate {
    /// The `HC1:` QR text.
    pub qr: String,
    /// Its unique identifier (UVCI).
    pub certificate_id: String,
}

/// `GET /v1/stats/vaccinations`: daily counts, oldest day first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaccinationStats {
    /// One entry per day with certificates issued.
    pub days: Vec<VaccinationDay>,
}

/// Vaccinations of one day, by kind of dose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaccinationDay {
    /// The day (`YYYY-MM-DD`).
    pub date: String,
    /// First doses.
    pub first_doses: i64,
    /// Doses that completed a series.
    pub completed_series: i64,
    /// Doses beyond the series.
    pub boosters: i64,
}

/// `POST /v1/venues`: a registered venue, its signed poster and the secret for
/// venue-initiated warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredVenue {
    /// Venue id (hex).
    pub venue_id: String,
    /// The registry key that signed the poster.
    pub key_id: String,
    /// The poster's QR text.
    pub poster_url: String,
    /// Start of the poster's validity (UTC).
    pub valid_from: DateTime<Utc>,
    /// End of the poster's validity (UTC).
    pub valid_until: DateTime<Utc>,
    /// The trace secret, shown once: keep it to warn visitors later.
    pub trace_secret: String,
}
