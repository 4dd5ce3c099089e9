//! `GET /v1/review` and `POST /v1/review/{id}`: an officer sees what awaits review and
//! approves or rejects it. Only approved reports are ever published.

use axum::Json;
use axum::extract::{Path, State};
use chrono::DateTime;
use healthpass_core::api::{PendingItem, PendingReviews, ReviewDecision, ReviewOutcome, ReviewRequest, SubmissionRef};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::db::{Decision, DecisionOutcome, Pending, SubmissionKind};

/// Everything pending, oldest first.
pub async fn list(State(state): State<AppState>, caller: Authenticated) -> Result<Json<PendingReviews>, ApiError> {
    caller.require(Role::HealthOfficer)?;
    let pending = state.database.pending().await?.iter().map(describe).collect();
    Ok(Json(PendingReviews { pending }))
}

/// One pending submission as listed.
fn describe(item: &Pending) -> PendingItem {
    let (id, kind) = match item.kind {
        SubmissionKind::Upload => (format!("upload-{}", item.id), "upload"),
        SubmissionKind::VenueWarning => (format!("venue-warning-{}", item.id), "venue_warning"),
    };
    PendingItem {
        id,
        kind: kind.to_owned(),
        case_id: item.case_id,
        venue_id: item.venue_id.as_deref().map(hex),
        // Stored by this server as the instant of receipt; the epoch only if a row was damaged.
        received_at: DateTime::from_timestamp(item.received_at, 0).unwrap_or_default(),
        reports: u32::try_from(item.report_count).unwrap_or(u32::MAX),
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
    ApiJson(body): ApiJson<ReviewRequest>,
) -> Result<Json<ReviewOutcome>, ApiError> {
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
            Ok(Json(ReviewOutcome { id, state: decision.state().to_owned() }))
        }
        DecisionOutcome::NotFound => Err(ApiError::NotFound),
        DecisionOutcome::AlreadyDecided => Err(ApiError::Conflict("already_decided", "this submission was reviewed before")),
    }
}
