//! `POST /v1/cases`: a health officer confirms a case with its advice and infectious period and
//! receives a one-time upload code to hand to the citizen. The code is single use, expires
//! after the server's upload-code lifetime (24 hours unless `--upload-code-lifetime` says
//! otherwise), is stored only as an HMAC, and carries the officer's terms sealed under a key
//! derived from the code: the uploader cannot choose them, and the state alone cannot read them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::{CaseRequest, ConfirmedCase, normalise_upload_code};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::db::NewCode;
use crate::tokens::new_upload_code;

/// Confirms a case for the calling officer.
pub async fn confirm(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<CaseRequest>,
) -> Result<(StatusCode, Json<ConfirmedCase>), ApiError> {
    let officer = caller.require(Role::HealthOfficer)?;
    let now = Utc::now();
    let terms = body.check()?;
    let code = new_upload_code();
    let canonical = normalise_upload_code(&code);
    let expires_at = now + state.upload_code_lifetime;
    let new_code = NewCode {
        code_hash: state.keys.upload_codes.lookup_hash(&canonical),
        terms: state.keys.upload_codes.seal_terms(&canonical, &terms),
        expires_at: expires_at.timestamp(),
    };
    let case_id = state.database.insert_case(officer.id, new_code).await?;
    tracing::info!("case confirmed");
    Ok((
        StatusCode::CREATED,
        Json(ConfirmedCase {
            case_id,
            upload_code: code,
            expires_at,
            advice: terms.advice.name().to_owned(),
            infectious_from: terms.infectious_from,
            infectious_until: terms.infectious_until,
        }),
    ))
}
