//! Reply bodies, as the server writes them and the client reads them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::venue::{
    MalformedReason, PosterBaseUrl, PosterError, PosterSeed, RegistryPublicKey, SignedPoster, TrustedRegistries, assemble_poster,
};

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
    /// The advice bound to the code (stable name).
    pub advice: String,
    /// Start of the infectious period bound to the code (UTC).
    pub infectious_from: DateTime<Utc>,
    /// End of that period (UTC, exclusive).
    pub infectious_until: DateTime<Utc>,
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

/// `GET /v1/review?after=ID&limit=N`: one page of what awaits an officer's decision, oldest
/// first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingReviews {
    /// The pending submissions of this page.
    pub pending: Vec<PendingItem>,
    /// The `after` of the next page; `null` on the last page.
    pub next_after: Option<i64>,
}

/// A submission waiting for an officer's decision: a citizen's upload or a venue's warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingItem {
    /// The id to decide on (`upload-N`, `venue-warning-N`).
    pub id: String,
    /// `upload` or `venue_warning`.
    pub kind: String,
    /// The venue a warning is about (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue_id: Option<String>,
    /// The hour the server received it (UTC, whole hours: nothing finer is kept).
    pub received_at: DateTime<Utc>,
    /// How many slot reports it carries.
    pub reports: u32,
    /// The advice it will be published with (stable name, e.g. `isolate`).
    pub advice: String,
    /// Start of the period it will be published with (UTC).
    pub infectious_from: DateTime<Utc>,
    /// End of that period (UTC, exclusive).
    pub infectious_until: DateTime<Utc>,
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

/// `POST /v1/venues` and `POST /v1/venues/{venue_id}/posters`: the registry's reply, the
/// signed public part of the poster and what the operator needs to finish it. Holds no seed and nothing a location id or tag can be derived from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisteredPoster {
    /// Venue id (hex), kept across reprints.
    pub venue_id: String,
    /// The signed public part ([`SignedPoster::bytes`] of the registry's copy), base64url.
    pub signed: String,
    /// The base URL the registry signed the poster for.
    pub base_url: String,
    /// The registry public key that signed it (text form), to check the reply with.
    pub registry_key: String,
    /// Start of the poster's validity (UTC).
    pub valid_from: DateTime<Utc>,
    /// End of the poster's validity (UTC, exclusive).
    pub valid_until: DateTime<Utc>,
}

impl RegisteredPoster {
    /// The registry's reply for `signed` (its own copy, without seed), printed at `base`.
    pub fn new(signed: &SignedPoster, base: &PosterBaseUrl, registry_key: &RegistryPublicKey) -> Self {
        RegisteredPoster {
            venue_id: signed.poster().venue_id().to_string(),
            signed: URL_SAFE_NO_PAD.encode(signed.bytes()),
            base_url: base.as_str().to_owned(),
            registry_key: registry_key.to_text(),
            valid_from: signed.poster().valid_from(),
            valid_until: signed.poster().valid_until(),
        }
    }

    /// The finished poster: the reply checked against `trusted` (or, when the operator pins
    /// none, the key the reply names) and the operator's `seed` at `now`.
    pub fn assemble(
        &self,
        seed: &PosterSeed,
        trusted: Option<&TrustedRegistries>,
        now: DateTime<Utc>,
    ) -> Result<(SignedPoster, String), PosterError> {
        let malformed = |_| PosterError::Malformed(MalformedReason::Encoding);
        let bytes = URL_SAFE_NO_PAD.decode(&self.signed).map_err(malformed)?;
        let base = PosterBaseUrl::new(&self.base_url).map_err(|_| MalformedReason::NotAPosterUrl)?;
        let named;
        let trusted = match trusted {
            Some(trusted) => trusted,
            None => {
                let key = RegistryPublicKey::from_text(&self.registry_key).map_err(|_| PosterError::ForgedSignature)?;
                named = TrustedRegistries::new(vec![key]);
                &named
            }
        };
        let poster = assemble_poster(&bytes, seed, &base, trusted, now)?;
        let text = poster.to_url(&base);
        Ok((poster, text))
    }
}
