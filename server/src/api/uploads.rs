//! `POST /v1/uploads`: a citizen redeems a one-time upload code with 128 protected reports.
//! No account; the code is the authorisation. The upload is committed before 201 is sent.

use std::net::SocketAddr;
use std::time::Instant;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use healthpass_core::exposure::UPLOAD_REPORTS;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::AppState;
use super::error::ApiError;
use super::json::ApiJson;
use crate::db::{NewUpload, Redemption};
use crate::requests::UploadBody;
use crate::tokens::hash_secret;

/// Stores an upload if its code is valid, unused and unexpired. The attempt is reserved
/// before the code is looked up (see [`super::attempts`]) and given back when the code was good.
pub async fn upload(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UploadBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let upload = body.check()?;
    let client = state.client_address.of(peer.ip(), &headers);
    let reservation =
        state.attempts.reserve(client, Instant::now()).map_err(|retry_after| ApiError::TooManyAttempts { retry_after })?;
    let redemption = state
        .database
        .redeem_upload(NewUpload {
            code_hash: hash_secret(&upload.code),
            reports_hash: Sha256::digest(&upload.reports).into(),
            reports: upload.reports,
            report_count: UPLOAD_REPORTS as i64,
            now: Utc::now().timestamp(),
        })
        .await;
    // A database failure is no guess: the reservation goes back, so an outage does not lock
    // out the phones that retry through it.
    let redemption = match redemption {
        Ok(redemption) => redemption,
        Err(error) => {
            state.attempts.give_back(reservation);
            return Err(error.into());
        }
    };
    let refusal = match redemption {
        Redemption::Accepted(upload_id) => {
            state.attempts.give_back(reservation);
            tracing::info!(upload_id, "upload accepted");
            return Ok((StatusCode::CREATED, Json(json!({ "upload_id": upload_id, "reports": UPLOAD_REPORTS }))));
        }
        // A phone retrying after a lost response: not a guess.
        Redemption::Replayed => {
            state.attempts.give_back(reservation);
            return Err(ApiError::Conflict("upload_replayed", "these reports were accepted before"));
        }
        Redemption::UnknownCode => ApiError::Denied("invalid_code", "no such upload code"),
        Redemption::Expired => ApiError::Gone("code_expired", "the upload code has expired; ask the health office for a new one"),
        Redemption::Used => ApiError::Conflict("code_used", "the upload code was used before"),
    };
    // The reservation stays: it was a failed attempt.
    tracing::info!("upload refused: code not usable");
    Err(refusal)
}
