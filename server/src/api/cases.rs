//! `POST /v1/cases`: a health officer confirms a case and receives a one-time upload code
//! to hand to the citizen. The code is single use, expires after the server's upload-code
//! lifetime (24 hours unless `--upload-code-lifetime` says otherwise) and is stored only as a hash.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::{ConfirmedCase, normalise_upload_code};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use crate::accounts::Role;
use crate::tokens::{hash_secret, new_upload_code};

/// Confirms a case for the calling officer.
pub async fn confirm(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<(StatusCode, Json<ConfirmedCase>), ApiError> {
    let officer = caller.require(Role::HealthOfficer)?;
    let code = new_upload_code();
    let expires_at = Utc::now() + state.upload_code_lifetime;
    let case_id =
        state.database.insert_case(officer.id, &hash_secret(&normalise_upload_code(&code)), expires_at.timestamp()).await?;
    tracing::info!(case_id, "case confirmed");
    Ok((StatusCode::CREATED, Json(ConfirmedCase { case_id, upload_code: code, expires_at })))
}
