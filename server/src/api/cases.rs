//! `POST /v1/cases`: a health officer confirms a case and receives a one-time upload code
//! to hand to the citizen. The code is single use, expires after the server's upload-code
//! lifetime (24 hours unless `--upload-code-lifetime` says otherwise) and is stored only as a hash.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use crate::accounts::Role;
use crate::case_confirmation::confirm_case;

/// Confirms a case for the calling officer.
pub async fn confirm(State(state): State<AppState>, caller: Authenticated) -> Result<(StatusCode, Json<Value>), ApiError> {
    let officer = caller.require(Role::HealthOfficer)?;
    let confirmed = confirm_case(&state.database, officer.id, state.upload_code_lifetime, Utc::now()).await?;
    tracing::info!(case_id = confirmed.case_id, "case confirmed");
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "case_id": confirmed.case_id,
            "upload_code": confirmed.upload_code,
            "expires_at": confirmed.expires_at
        })),
    ))
}
