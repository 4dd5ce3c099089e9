//! A venue operator's calls: register a venue, ask for a venue-initiated warning.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{RemoteError, ServerClient};
use crate::exposure::{Advice, Submission};

/// What an operator registers.
#[derive(Debug, Clone, Serialize)]
pub struct VenueRegistration {
    /// The venue's name as printed on the poster.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Category name (`mall`, `shop`, …).
    pub category: String,
    /// Default stay in minutes (a multiple of 15).
    pub default_stay_minutes: u32,
    /// Days the poster is valid (server default when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
    /// Whether the venue opts in to the anonymous occupancy counter.
    pub occupancy: bool,
}

/// A registered venue: its signed poster and the secret for venue-initiated warnings.
#[derive(Debug, Clone, Deserialize)]
pub struct RegisteredVenue {
    /// Venue id (hex).
    pub venue_id: String,
    /// The poster's QR text.
    pub poster_url: String,
    /// The trace secret, shown once: keep it to warn visitors later.
    pub trace_secret: String,
    /// Start of the poster's validity.
    pub valid_from: DateTime<Utc>,
    /// End of the poster's validity.
    pub valid_until: DateTime<Utc>,
}

#[derive(Deserialize)]
struct Submitted {
    id: String,
}

/// `POST /v1/venues`: registers a venue and returns its signed poster.
pub fn register_venue(client: &ServerClient, venue: &VenueRegistration) -> Result<RegisteredVenue, RemoteError> {
    let body = serde_json::to_value(venue).map_err(|_| RemoteError::UnexpectedReply("registration"))?;
    client.post_json("/v1/venues", &body)
}

/// `POST /v1/venue-warnings`: submits a warning sealed on the operator's machine from the
/// poster's seed ([`crate::exposure::seal_venue_warning`]) about `venue_id`, with the advice and
/// window it proposes, for an officer's approval (the server cannot read the reports). Returns the
/// submission id.
pub fn submit_venue_warning(
    client: &ServerClient,
    venue_id: &str,
    warning: &Submission,
    advice: Advice,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<String, RemoteError> {
    let reports: Vec<u8> = warning.reports.iter().flat_map(|report| report.to_bytes()).collect();
    let body = json!({
        "venue_id": venue_id,
        "advice": advice.name(),
        "from": start,
        "until": end,
        "reports": URL_SAFE_NO_PAD.encode(reports),
    });
    Ok(client.post_json::<Submitted>("/v1/venue-warnings", &body)?.id)
}
