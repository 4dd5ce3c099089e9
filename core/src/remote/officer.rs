//! A health officer's calls: confirm a case, review submissions, publish warnings.

use super::{RemoteError, ServerClient};
use crate::api::{
    CaseRequest, CaseTerms, ConfirmedCase, NoBody, PendingItem, PendingReviews, PublishedBundle, ReviewDecision, ReviewOutcome,
    ReviewRequest,
};

/// `POST /v1/cases`: confirms a case with the officer's `terms` (advice and infectious period,
/// bound to the code) and returns its upload code.
pub fn confirm_case(client: &ServerClient, terms: &CaseTerms) -> Result<ConfirmedCase, RemoteError> {
    client.post_json("/v1/cases", &CaseRequest::new(terms))
}

/// `GET /v1/review`, page after page: every submission waiting for a decision, oldest first.
pub fn pending_reviews(client: &ServerClient) -> Result<Vec<PendingItem>, RemoteError> {
    let mut page = client.get_json::<PendingReviews>("/v1/review")?;
    let mut items = std::mem::take(&mut page.pending);
    while let Some(after) = page.next_after {
        page = client.get_json::<PendingReviews>(&format!("/v1/review?after={after}"))?;
        if page.next_after.is_some_and(|next| next <= after) {
            return Err(RemoteError::UnexpectedReply("review page"));
        }
        items.append(&mut page.pending);
    }
    Ok(items)
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
