//! `POST /v1/venue-warnings`: a venue's operator posts reports about its own venue (e.g. an
//! outbreak among staff), sealed on the operator's machine from the poster secret it kept, with
//! the advice and window it proposes. The server never holds that secret, so it cannot check
//! that the reports are about this venue: it relies on the operator's account (only the
//! registering operator may warn about a venue) and on an officer's approval before anything
//! is published (docs/THREAT_MODEL.md, "Server").

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::{SubmittedWarning, VenueWarningRequest};
use healthpass_core::exposure::SLOT_REPORT_LEN;

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::bundles::unix_hour;
use crate::db::NewSubmission;
use crate::submission::SubmissionContents;

/// Stores the warning for review if the venue is the caller's.
pub async fn post(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<VenueWarningRequest>,
) -> Result<(StatusCode, Json<SubmittedWarning>), ApiError> {
    let operator = caller.require(Role::VenueOperator)?;
    let now = Utc::now();
    let warning = body.check()?;
    // An unknown venue gets the same answer as someone else's: ids are not probed here.
    if state.database.venue_operator(warning.venue_id).await? != Some(operator.id) {
        return Err(ApiError::Denied("not_your_venue", "this venue was not registered by this account"));
    }
    let report_count = (warning.reports.len() / SLOT_REPORT_LEN) as i64;
    let contents = SubmissionContents { terms: warning.terms, reports: warning.reports };
    let sealed = state.vault.seal(&contents.to_bytes())?;
    let submission = NewSubmission { reports_hash: None, sealed, report_count, received_hour: unix_hour(now) as i64 };
    let id = state.database.insert_venue_warning(warning.venue_id, submission).await?;
    tracing::info!("venue warning received");
    Ok((StatusCode::CREATED, Json(SubmittedWarning { id: format!("venue-warning-{id}") })))
}
