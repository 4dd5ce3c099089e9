//! `GET /v1/review` and `POST /v1/review/{id}`: an officer sees what awaits review and
//! approves or rejects it. Only approved reports are ever published; a rejected submission is
//! deleted at once and its sealed contents shredded.
//!
//! The listing shows what an officer needs to judge a submission and nothing that links it to
//! a case: the advice and period it will be published under, its number of reports, and the
//! hour it arrived (a venue warning also names its venue, which is no citizen's secret).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::DateTime;
use healthpass_core::api::{PendingItem, PendingReviews, ReviewDecision, ReviewOutcome, ReviewRequest, SubmissionRef};
use serde::Deserialize;

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::db::{Decision, DecisionOutcome, StoredSubmission, SubmissionKind};
use crate::submission::SubmissionContents;

/// Submissions listed per page unless the officer asks for fewer.
pub const DEFAULT_PAGE: u32 = 100;
/// Most submissions listed in one page, so one request never loads the whole backlog.
pub const MAX_PAGE: u32 = 500;

/// `?after=ID&limit=N`: the page after submission `ID` (from the start when absent).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    after: Option<i64>,
    limit: Option<u32>,
}

/// One page of what is pending, oldest first, and the `after` of the next page (`null` on the
/// last page).
pub async fn list(
    State(state): State<AppState>,
    caller: Authenticated,
    page: Result<Query<Page>, QueryRejection>,
) -> Result<Json<PendingReviews>, ApiError> {
    caller.require(Role::HealthOfficer)?;
    let invalid = || ApiError::InvalidField("invalid_page", format!("after must be an id and limit 1 to {MAX_PAGE}"));
    let Query(page) = page.map_err(|_| invalid())?;
    let limit = page.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(invalid());
    }
    let items = state.database.pending(page.after.unwrap_or(0), i64::from(limit)).await?;
    let next_after = items.last().filter(|_| items.len() == limit as usize).map(|last| last.id);
    let mut pending = Vec::new();
    for item in &items {
        let contents = SubmissionContents::from_bytes(&state.vault.open_sealed(&item.sealed)?).ok_or(ApiError::Internal)?;
        pending.push(describe(item, &contents));
    }
    Ok(Json(PendingReviews { pending, next_after }))
}

/// One pending submission as listed.
fn describe(item: &StoredSubmission, contents: &SubmissionContents) -> PendingItem {
    let (id, kind) = match item.kind {
        SubmissionKind::Upload => (format!("upload-{}", item.id), "upload"),
        SubmissionKind::VenueWarning => (format!("venue-warning-{}", item.id), "venue_warning"),
    };
    PendingItem {
        id,
        kind: kind.to_owned(),
        venue_id: item.venue_id.as_deref().map(hex),
        // Stored by this server as the hour of receipt; the epoch only if a row was damaged.
        received_at: DateTime::from_timestamp(item.received_hour.saturating_mul(3600), 0).unwrap_or_default(),
        reports: u32::try_from(item.report_count).unwrap_or(u32::MAX),
        advice: contents.terms.advice.name().to_owned(),
        infectious_from: contents.terms.infectious_from,
        infectious_until: contents.terms.infectious_until,
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
        DecisionOutcome::Approved => {}
        DecisionOutcome::Rejected(key_name) => state.vault.shred(&key_name)?,
        DecisionOutcome::NotFound => return Err(ApiError::NotFound),
        DecisionOutcome::AlreadyDecided => {
            return Err(ApiError::Conflict("already_decided", "this submission was reviewed before"));
        }
    }
    tracing::info!(state = decision.state(), "reviewed");
    Ok(Json(ReviewOutcome { id, state: decision.state().to_owned() }))
}
