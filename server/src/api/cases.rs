//! `POST /v1/cases`: a health officer confirms a case with its advice and infectious period and
//! receives a one-time upload code to hand to the citizen. The code is single use, expires
//! after the server's upload-code lifetime (24 hours unless `--upload-code-lifetime` says
//! otherwise), is stored only as an HMAC, and carries the officer's terms sealed under a key
//! derived from the code: the uploader cannot choose them, and the state alone cannot read them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::{CaseRequest, ConfirmedCase};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::case_confirmation::confirm_case;

/// Confirms a case for the calling officer.
pub async fn confirm(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<CaseRequest>,
) -> Result<(StatusCode, Json<ConfirmedCase>), ApiError> {
    let officer = caller.require(Role::HealthOfficer)?;
    let terms = body.check()?;
    let confirmed =
        confirm_case(&state.database, &state.keys, officer.id, &terms, state.upload_code_lifetime, Utc::now()).await?;
    tracing::info!("case confirmed");
    Ok((StatusCode::CREATED, Json(confirmed)))
}
