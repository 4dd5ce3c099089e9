//! A health officer's calls: confirm a case, review submissions, publish warnings.

use super::{RemoteError, ServerClient};
use crate::api::{
    ConfirmedCase, NoBody, PendingItem, PendingReviews, PublishedBundle, ReviewDecision, ReviewOutcome, ReviewRequest,
};

/// `POST /v1/cases`: confirms a case and returns its upload code.
pub fn confirm_case(client: &ServerClient) -> Result<ConfirmedCase, RemoteError> {
    client.post_json("/v1/cases", &NoBody {})
}

/// `GET /v1/review`: the submissions waiting for a decision.
pub fn pending_reviews(client: &ServerClient) -> Result<Vec<PendingItem>, RemoteError> {
    Ok(client.get_json::<PendingReviews>("/v1/review")?.pending)
}

/// `POST /v1/review/{id}`: approves or rejects one submission.
pub fn decide(client: &ServerClient, id: &str, decision: ReviewDecision) -> Result<ReviewOutcome, RemoteError> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(RemoteError::Refused { status: 404, code: "not_found".to_owned() });
    }
    client.post_json(&format!("/v1/review/{id}"), &ReviewRequest { decision })
}

/// `POST /v1/warnings/publish`: publishes every approved submission in a new bundle.
pub fn publish_warnings(client: &ServerClient) -> Result<PublishedBundle, RemoteError> {
    client.post_json("/v1/warnings/publish", &NoBody {})
}
