//! A venue operator's calls: register a poster (new venue or reprint), ask for a
//! venue-initiated warning.

use super::{RemoteError, ServerClient};
use crate::api::{CaseTerms, PosterRegistration, RegisteredPoster, SubmittedWarning, VenueWarningRequest};
use crate::exposure::Submission;

/// `POST /v1/venues` (`venue_id` absent) or `POST /v1/venues/{venue_id}/posters` (a reprint):
/// sends `registration` and returns the registry's signed reply, which
/// [`RegisteredPoster::assemble`] finishes with the seed that never left this machine.
pub fn register_poster(
    client: &ServerClient,
    venue_id: Option<&str>,
    registration: &PosterRegistration,
) -> Result<RegisteredPoster, RemoteError> {
    match venue_id {
        None => client.post_json("/v1/venues", registration),
        Some(id) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
            client.post_json(&format!("/v1/venues/{id}/posters"), registration)
        }
        Some(_) => Err(RemoteError::Refused { status: 404, code: "not_found".to_owned() }),
    }
}

/// `POST /v1/venue-warnings`: submits a warning sealed on the operator's machine from the
/// poster's seed ([`crate::exposure::seal_venue_warning`]) about `venue_id`, with the advice and
/// window it proposes (`terms`), for an officer's approval (the server cannot read the reports).
/// Returns the submission id.
pub fn submit_venue_warning(
    client: &ServerClient,
    venue_id: &str,
    warning: &Submission,
    terms: &CaseTerms,
) -> Result<String, RemoteError> {
    let body = VenueWarningRequest::new(venue_id, warning, terms);
    Ok(client.post_json::<SubmittedWarning>("/v1/venue-warnings", &body)?.id)
}
