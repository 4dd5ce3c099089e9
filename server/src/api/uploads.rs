//! `POST /v1/uploads`: a citizen redeems a one-time upload code with 128 protected reports.
//! No account; the code is the authorisation. The upload is committed before 201 is sent.

use std::net::SocketAddr;
use std::time::Instant;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::{UploadReceipt, UploadRequest};
use healthpass_core::exposure::UPLOAD_REPORTS;
use sha2::{Digest, Sha256};

use super::AppState;
use super::error::ApiError;
use super::json::ApiJson;
use crate::db::{NewUpload, Redemption};
use crate::tokens::hash_secret;

/// Stores an upload if its code is valid, unused and unexpired.
pub async fn upload(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<UploadRequest>,
) -> Result<(StatusCode, Json<UploadReceipt>), ApiError> {
    let address = client.ip();
    state.attempts.check(address, Instant::now()).map_err(|retry_after| ApiError::TooManyAttempts { retry_after })?;
    let upload = body.check()?;
    let redemption = state
        .database
        .redeem_upload(NewUpload {
            code_hash: hash_secret(&upload.code),
            reports_hash: Sha256::digest(&upload.reports).into(),
            reports: upload.reports,
            report_count: UPLOAD_REPORTS as i64,
            now: Utc::now().timestamp(),
        })
        .await?;
    let refusal = match redemption {
        Redemption::Accepted(upload_id) => {
            tracing::info!(upload_id, "upload accepted");
            return Ok((StatusCode::CREATED, Json(UploadReceipt { upload_id, reports: UPLOAD_REPORTS as u32 })));
        }
        // A phone retrying after a lost response: not a guess.
        Redemption::Replayed => return Err(ApiError::Conflict("upload_replayed", "these reports were accepted before")),
        Redemption::UnknownCode => ApiError::Denied("invalid_code", "no such upload code"),
        Redemption::Expired => ApiError::Gone("code_expired", "the upload code has expired; ask the health office for a new one"),
        Redemption::Used => ApiError::Conflict("code_used", "the upload code was used before"),
    };
    state.attempts.record_failure(address, Instant::now());
    tracing::info!("upload refused: code not usable");
    Err(refusal)
}
