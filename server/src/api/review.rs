//! `GET /v1/review` and `POST /v1/review/{id}`: an officer sees what awaits review and
//! approves or rejects it. Only approved reports are ever published; a rejected submission is
//! deleted at once and its sealed contents shredded.
//!
//! The listing shows what an officer needs to judge a submission and nothing that links it to
//! a case: the advice and period it will be published under, its number of reports, and the
//! hour it arrived (a venue warning also names its venue, which is no citizen's secret).

use axum::Json;
use axum::extract::{Path, State};
use chrono::DateTime;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::db::{Decision, DecisionOutcome, StoredSubmission, SubmissionKind};
use crate::requests::{ReviewBody, ReviewDecision, SubmissionRef};
use crate::submission::SubmissionContents;

/// Everything pending, oldest first.
pub async fn list(State(state): State<AppState>, caller: Authenticated) -> Result<Json<Value>, ApiError> {
    caller.require(Role::HealthOfficer)?;
    let mut pending = Vec::new();
    for item in state.database.pending().await? {
        let contents = SubmissionContents::from_bytes(&state.vault.open_sealed(&item.sealed)?).ok_or(ApiError::Internal)?;
        pending.push(describe(&item, &contents));
    }
    Ok(Json(json!({ "pending": pending })))
}

/// One pending submission as listed.
fn describe(item: &StoredSubmission, contents: &SubmissionContents) -> Value {
    let mut listed = json!({
        "received_at": DateTime::from_timestamp(item.received_hour.saturating_mul(3600), 0),
        "reports": item.report_count,
        "advice": contents.terms.advice.name(),
        "infectious_from": contents.terms.infectious_from,
        "infectious_until": contents.terms.infectious_until,
    });
    match item.kind {
        SubmissionKind::Upload => {
            listed["id"] = json!(format!("upload-{}", item.id));
            listed["kind"] = json!("upload");
        }
        SubmissionKind::VenueWarning => {
            listed["id"] = json!(format!("venue-warning-{}", item.id));
            listed["kind"] = json!("venue_warning");
            listed["venue_id"] = json!(item.venue_id.as_deref().map(hex));
        }
    }
    listed
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Records the officer's decision on one submission.
pub async fn decide(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<Json<Value>, ApiError> {
    caller.require(Role::HealthOfficer)?;
    let (kind, number) = match SubmissionRef::parse(&id).ok_or(ApiError::NotFound)? {
        SubmissionRef::Upload(n) => (SubmissionKind::Upload, n),
        SubmissionRef::VenueWarning(n) => (SubmissionKind::VenueWarning, n),
    };
    let decision = match body.decision {
        ReviewDecision::Approve => Decision::Approve,
        ReviewDecision::Reject => Decision::Reject,
    };
    match state.database.decide(kind, number, decision).await? {
        DecisionOutcome::Approved => {}
        DecisionOutcome::Rejected(key_name) => state.vault.shred(&key_name)?,
        DecisionOutcome::NotFound => return Err(ApiError::NotFound),
        DecisionOutcome::AlreadyDecided => {
            return Err(ApiError::Conflict("already_decided", "this submission was reviewed before"));
        }
    }
    tracing::info!(state = decision.state(), "reviewed");
    Ok(Json(json!({ "id": id, "state": decision.state() })))
}
