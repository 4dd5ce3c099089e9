//! `GET /v1/review` and `POST /v1/review/{id}`: an officer sees what awaits review and
//! approves or rejects it. Only approved reports are ever published.

use axum::Json;
use axum::extract::{Path, State};
use chrono::DateTime;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::db::{Decision, DecisionOutcome, Pending, SubmissionKind};
use crate::requests::{ReviewBody, ReviewDecision, SubmissionRef};

/// Everything pending, oldest first.
pub async fn list(State(state): State<AppState>, caller: Authenticated) -> Result<Json<Value>, ApiError> {
    caller.require(Role::HealthOfficer)?;
    let pending: Vec<Value> = state.database.pending().await?.iter().map(describe).collect();
    Ok(Json(json!({ "pending": pending })))
}

/// One pending submission as listed.
fn describe(item: &Pending) -> Value {
    let received_at = DateTime::from_timestamp(item.received_at, 0);
    match item.kind {
        SubmissionKind::Upload => json!({
            "id": format!("upload-{}", item.id), "kind": "upload", "case_id": item.case_id,
            "received_at": received_at, "reports": item.report_count,
        }),
        SubmissionKind::VenueWarning => json!({
            "id": format!("venue-warning-{}", item.id), "kind": "venue_warning",
            "venue_id": item.venue_id.as_deref().map(hex), "received_at": received_at, "reports": item.report_count,
        }),
    }
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
        DecisionOutcome::Decided => {
            tracing::info!(submission = number, state = decision.state(), "reviewed");
            Ok(Json(json!({ "id": id, "state": decision.state() })))
        }
        DecisionOutcome::NotFound => Err(ApiError::NotFound),
        DecisionOutcome::AlreadyDecided => Err(ApiError::Conflict("already_decided", "this submission was reviewed before")),
    }
}
