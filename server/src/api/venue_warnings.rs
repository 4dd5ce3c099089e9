//! `POST /v1/venue-warnings`: a venue's operator posts one protected report about its own
//! venue (e.g. an outbreak among staff), made with the trace secret shown at registration.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::{SubmittedWarning, VenueWarningRequest};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;

/// Stores the report for review if the venue is the caller's and the report is about it.
pub async fn post(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<VenueWarningRequest>,
) -> Result<(StatusCode, Json<SubmittedWarning>), ApiError> {
    let operator = caller.require(Role::VenueOperator)?;
    let warning = body.check()?;
    // An unknown venue gets the same answer as someone else's: ids are not probed here.
    let owner = state.database.venue_owner(warning.venue_id).await?;
    let Some(owner) = owner.filter(|o| o.operator_id == operator.id) else {
        return Err(ApiError::Denied("not_your_venue", "this venue was not registered by this account"));
    };
    if owner.location_hash.as_deref() != Some(warning.report.location_hash.0.as_slice()) {
        return Err(ApiError::InvalidField("report_not_for_venue", "the report is not about this venue".to_owned()));
    }
    let report = warning.report.to_bytes().to_vec();
    let id = state.database.insert_venue_warning(warning.venue_id, report, Utc::now().timestamp()).await?;
    tracing::info!(submission = id, "venue warning received");
    Ok((StatusCode::CREATED, Json(SubmittedWarning { id: format!("venue-warning-{id}") })))
}
