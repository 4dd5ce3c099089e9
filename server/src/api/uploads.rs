//! `POST /v1/uploads`: a citizen redeems a one-time upload code with protected reports.
//! No account; the code is the authorisation. The reports are stored sealed (see
//! [`crate::vault`]) with the terms the officer bound to the code, and without any link to the
//! case; the upload is committed before the reply is sent. The log says only that an upload
//! arrived, never which.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::exposure::UPLOAD_REPORTS;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::AppState;
use super::error::ApiError;
use super::json::ApiJson;
use crate::bundles::unix_hour;
use crate::db::{CodeLookup, NewSubmission, Redemption};
use crate::requests::UploadBody;
use crate::submission::SubmissionContents;

/// Stores an upload if its code is valid, unused and unexpired, and answers at a delay drawn
/// from [`crate::reply_delay::ReplyDelay`] whatever the outcome.
pub async fn upload(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<UploadBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let deadline = tokio::time::Instant::now() + state.reply_delay.draw();
    let outcome = redeem(&state, client.ip(), body).await;
    if tokio::time::Instant::now() > deadline {
        tracing::warn!("an upload took longer than its reply delay; widen the delay range");
    }
    tokio::time::sleep_until(deadline).await;
    outcome
}

/// Checks the guessing limit and the code, and stores the upload.
async fn redeem(state: &AppState, address: IpAddr, body: UploadBody) -> Result<(StatusCode, Json<Value>), ApiError> {
    state.attempts.check(address, Instant::now()).map_err(|retry_after| ApiError::TooManyAttempts { retry_after })?;
    let upload = body.check()?;
    let now = Utc::now();
    let code_hash = state.keys.upload_codes.lookup_hash(&upload.code);
    let reports_hash: [u8; 32] = Sha256::digest(&upload.reports).into();
    if state.database.upload_stored(reports_hash).await? {
        return Err(replayed());
    }
    state.database.delete_expired_codes(now.timestamp()).await?;
    let redemption = match state.database.code_lookup(&code_hash, now.timestamp()).await? {
        CodeLookup::Usable(sealed_terms) => {
            // Terms that do not open under the presented code: the code is not the one issued.
            let terms = state.keys.upload_codes.open_terms(&upload.code, &sealed_terms).ok_or(ApiError::Internal)?;
            let contents = SubmissionContents { terms, reports: upload.reports };
            let sealed = state.vault.seal(&contents.to_bytes())?;
            let key_name = sealed.key_name.clone();
            let submission = NewSubmission {
                reports_hash: Some(reports_hash),
                sealed,
                report_count: UPLOAD_REPORTS as i64,
                received_hour: unix_hour(now) as i64,
            };
            let redemption = state.database.redeem_upload(&code_hash, now.timestamp(), submission).await?;
            if !matches!(redemption, Redemption::Accepted(_)) {
                state.vault.shred(&key_name)?;
            }
            redemption
        }
        CodeLookup::Used => Redemption::Used,
        CodeLookup::Expired => Redemption::Expired,
        CodeLookup::Unknown => Redemption::UnknownCode,
    };
    let refusal = match redemption {
        Redemption::Accepted(upload_id) => {
            tracing::info!("upload accepted");
            return Ok((StatusCode::CREATED, Json(json!({ "upload_id": upload_id, "reports": UPLOAD_REPORTS }))));
        }
        Redemption::Replayed => return Err(replayed()),
        Redemption::UnknownCode => ApiError::Denied("invalid_code", "no such upload code"),
        Redemption::Expired => ApiError::Gone("code_expired", "the upload code has expired; ask the health office for a new one"),
        Redemption::Used => ApiError::Conflict("code_used", "the upload code was used before"),
    };
    state.attempts.record_failure(address, Instant::now());
    tracing::info!("upload refused: code not usable");
    Err(refusal)
}

/// A phone retrying after a lost response: not a guess, so not counted as one.
fn replayed() -> ApiError {
    ApiError::Conflict("upload_replayed", "these reports were accepted before")
}
