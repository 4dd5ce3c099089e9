//! A venue operator's calls: register a venue, ask for a venue-initiated warning.

use super::{RemoteError, ServerClient};
use crate::api::{RegisteredVenue, SubmittedWarning, VenueRegistration, VenueWarningRequest};
use crate::exposure::{LocationId, ProtectedReport, WarningWindow};

/// `POST /v1/venues`: registers a venue and returns its signed poster.
pub fn register_venue(client: &ServerClient, venue: &VenueRegistration) -> Result<RegisteredVenue, RemoteError> {
    client.post_json("/v1/venues", venue)
}

/// `POST /v1/venue-warnings`: seals `window` with the venue's trace secret on this machine and
/// submits it for an officer's approval. Returns the submission id.
pub fn submit_venue_warning(
    client: &ServerClient,
    venue_id: &str,
    trace_secret: &LocationId,
    window: &WarningWindow,
) -> Result<String, RemoteError> {
    let report = ProtectedReport::seal(trace_secret, window);
    Ok(client.post_json::<SubmittedWarning>("/v1/venue-warnings", &VenueWarningRequest::new(venue_id, &report))?.id)
}
