//! A health officer's calls: confirm a case, review submissions, publish warnings.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

use super::{RemoteError, ServerClient};
use crate::exposure::Advice;

/// A confirmed case and the one-time code to hand to the citizen.
#[derive(Debug, Clone, Deserialize)]
pub struct ConfirmedCase {
    /// The server's case number.
    pub case_id: i64,
    /// The single-use upload code (`XXXX-XXXX-XXXX`).
    pub upload_code: String,
    /// When the code stops working.
    pub expires_at: DateTime<Utc>,
}

/// What the officer decides for a case, bound to its upload code: the advice for people who
/// were there at the same time and the case's infectious period (UTC, end exclusive, at most
/// 21 days). The citizen who uploads cannot change either.
#[derive(Debug, Clone, Copy)]
pub struct CaseTerms {
    /// What exposed people should do.
    pub advice: Advice,
    /// Start of the infectious period.
    pub infectious_from: DateTime<Utc>,
    /// End of the infectious period.
    pub infectious_until: DateTime<Utc>,
}

/// A submission waiting for an officer's decision: a citizen's upload or a venue's warning.
#[derive(Debug, Clone, Deserialize)]
pub struct PendingItem {
    /// The id to decide on (`upload-N`, `venue-warning-N`).
    pub id: String,
    /// `upload` or `venue_warning`.
    pub kind: String,
    /// The hour the server received it.
    pub received_at: DateTime<Utc>,
    /// How many protected reports it carries.
    pub reports: u32,
    /// The advice it will be published with (stable name, e.g. `isolate`).
    pub advice: String,
    /// Start of the period it will be published with.
    pub infectious_from: DateTime<Utc>,
    /// End of that period.
    pub infectious_until: DateTime<Utc>,
}

/// An officer's decision on a pending submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDecision {
    /// Publish it with the next bundle.
    Approve,
    /// Never publish it.
    Reject,
}

/// The bundle a publication produced.
#[derive(Debug, Clone, Deserialize)]
pub struct PublishedBundle {
    /// The bundle's hour slot (`GET /v1/warnings/{hour}`).
    pub hour: u64,
    /// Reports in it.
    pub reports: u64,
}

/// One page of `GET /v1/review`.
#[derive(Deserialize)]
struct Pending {
    pending: Vec<PendingItem>,
    /// Where the next page starts; absent on the last page.
    #[serde(default)]
    next_after: Option<i64>,
}

/// `POST /v1/cases`: confirms a case with the officer's `terms` and returns its upload code.
pub fn confirm_case(client: &ServerClient, terms: &CaseTerms) -> Result<ConfirmedCase, RemoteError> {
    let body = json!({
        "advice": terms.advice.name(),
        "infectious_from": terms.infectious_from,
        "infectious_until": terms.infectious_until,
    });
    client.post_json("/v1/cases", &body)
}

/// `GET /v1/review`, page after page: every submission waiting for a decision.
pub fn pending_reviews(client: &ServerClient) -> Result<Vec<PendingItem>, RemoteError> {
    let mut page = client.get_json::<Pending>("/v1/review")?;
    let mut items = std::mem::take(&mut page.pending);
    while let Some(after) = page.next_after {
        page = client.get_json::<Pending>(&format!("/v1/review?after={after}"))?;
        if page.next_after.is_some_and(|next| next <= after) {
            return Err(RemoteError::UnexpectedReply("review page"));
        }
        items.append(&mut page.pending);
    }
    Ok(items)
}

/// `POST /v1/review/{id}`: approves or rejects one submission.
pub fn decide(client: &ServerClient, id: &str, decision: ReviewDecision) -> Result<(), RemoteError> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(RemoteError::Refused { status: 404, code: "not_found".to_owned() });
    }
    let decision = match decision {
        ReviewDecision::Approve => "approve",
        ReviewDecision::Reject => "reject",
    };
    client.post_json::<serde_json::Value>(&format!("/v1/review/{id}"), &json!({ "decision": decision }))?;
    Ok(())
}

/// `POST /v1/warnings/publish`: publishes every approved submission in a new bundle.
pub fn publish_warnings(client: &ServerClient) -> Result<PublishedBundle, RemoteError> {
    client.post_json("/v1/warnings/publish", &json!({}))
}
