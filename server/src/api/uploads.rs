//! `POST /v1/uploads`: a citizen redeems a one-time upload code with slot reports, or a phone
//! sends a dummy upload; both are one fixed-size submission body (format v2) and get the same
//! reply. No account; the code is the authorisation. The reports are stored sealed (see
//! [`crate::vault`]) with the terms the officer bound to the code, and without any link to the
//! case; the upload is committed before the reply is sent. The log says only that an upload
//! arrived, never which.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, State};
use axum::http::header::{CONTENT_TYPE, HeaderName};
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use healthpass_core::exposure::{SLOT_REPORT_LEN, Submission, SubmissionKind};
use healthpass_core::remote::SUBMISSION_RECEIPT;
use sha2::{Digest, Sha256};

use super::AppState;
use super::attempts::ClientKey;
use super::binary::ApiBytes;
use super::error::ApiError;
use crate::bundles::unix_hour;
use crate::db::{CodeLookup, NewSubmission, Redemption};
use crate::submission::SubmissionContents;
use healthpass_core::api::normalise_upload_code;

/// Receives a submission: stores an upload if its code is valid, unused and unexpired, drops
/// a dummy, and answers at a delay drawn from [`crate::reply_delay::ReplyDelay`] whatever the
/// outcome. An accepted upload and a dummy get the same status and the same reply bytes.
pub async fn upload(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<(StatusCode, [(HeaderName, &'static str); 1], &'static [u8]), ApiError> {
    let deadline = tokio::time::Instant::now() + state.reply_delay.draw();
    let client = state.client_address.of(peer.ip(), &headers);
    let outcome = receive(&state, client, &body).await;
    if tokio::time::Instant::now() > deadline {
        tracing::warn!("an upload took longer than its reply delay; widen the delay range");
    }
    tokio::time::sleep_until(deadline).await;
    outcome.map(|()| (StatusCode::ACCEPTED, [(CONTENT_TYPE, "application/json")], SUBMISSION_RECEIPT))
}

/// What became of a well-formed submission, as the guessing limit sees it.
enum Outcome {
    /// Stored, dropped as a dummy, or a replay: no guess.
    Received,
    /// The code was not usable: a failed guess, refused with this error.
    Refused(ApiError),
}

/// Reserves a guess before the code is looked up (see [`super::attempts`]) and gives it back
/// unless the code turned out not usable; a database failure or a malformed body is no guess.
async fn receive(state: &AppState, client: ClientKey, body: &[u8]) -> Result<(), ApiError> {
    let reservation =
        state.attempts.reserve(client, Instant::now()).map_err(|retry_after| ApiError::TooManyAttempts { retry_after })?;
    match store(state, body).await {
        // The reservation stays: it was a failed attempt.
        Ok(Outcome::Refused(refusal)) => {
            tracing::info!("upload refused: code not usable");
            Err(refusal)
        }
        Ok(Outcome::Received) => {
            state.attempts.give_back(reservation);
            Ok(())
        }
        Err(error) => {
            state.attempts.give_back(reservation);
            Err(error)
        }
    }
}

/// Parses the body, then stores an upload or drops a dummy.
async fn store(state: &AppState, body: &[u8]) -> Result<Outcome, ApiError> {
    let submission = Submission::from_bytes(body).map_err(|e| ApiError::InvalidField("invalid_submission", e.to_string()))?;
    let code = match submission.kind {
        // Cover traffic: nothing is kept, nothing is logged, no guess is counted.
        SubmissionKind::Dummy => return Ok(Outcome::Received),
        SubmissionKind::VenueWarning => {
            return Err(ApiError::InvalidField("invalid_submission", "venue warnings go to /v1/venue-warnings".to_owned()));
        }
        SubmissionKind::Upload { code } => normalise_upload_code(&code),
    };
    let reports: Vec<u8> = submission.reports.iter().flat_map(|r| r.to_bytes()).collect();
    Ok(Outcome::Refused(match redeem(state, &code, reports).await? {
        Redemption::Accepted(_) => {
            tracing::info!("upload accepted");
            return Ok(Outcome::Received);
        }
        Redemption::Replayed => return Err(replayed()),
        Redemption::UnknownCode => ApiError::Denied("invalid_code", "no such upload code"),
        Redemption::Expired => ApiError::Gone("code_expired", "the upload code has expired; ask the health office for a new one"),
        Redemption::Used => ApiError::Conflict("code_used", "the upload code was used before"),
    }))
}

/// Redeems `code` for `reports` (slot reports, concatenated): sealed with the officer's terms
/// in the vault, stored without any link to the case.
async fn redeem(state: &AppState, code: &str, reports: Vec<u8>) -> Result<Redemption, ApiError> {
    let now = Utc::now();
    let code_hash = state.keys.upload_codes.lookup_hash(code);
    let reports_hash: [u8; 32] = Sha256::digest(&reports).into();
    if state.database.upload_stored(reports_hash).await? {
        return Ok(Redemption::Replayed);
    }
    state.database.delete_expired_codes(now.timestamp()).await?;
    Ok(match state.database.code_lookup(&code_hash, now.timestamp()).await? {
        CodeLookup::Usable(sealed_terms) => {
            // Terms that do not open under the presented code: the code is not the one issued.
            let terms = state.keys.upload_codes.open_terms(code, &sealed_terms).ok_or(ApiError::Internal)?;
            let report_count = (reports.len() / SLOT_REPORT_LEN) as i64;
            let contents = SubmissionContents { terms, reports };
            let sealed = state.vault.seal(&contents.to_bytes())?;
            let key_name = sealed.key_name.clone();
            let submission =
                NewSubmission { reports_hash: Some(reports_hash), sealed, report_count, received_hour: unix_hour(now) as i64 };
            let redemption = state.database.redeem_upload(&code_hash, now.timestamp(), submission).await?;
            if !matches!(redemption, Redemption::Accepted(_)) {
                state.vault.shred(&key_name)?;
            }
            redemption
        }
        CodeLookup::Used => Redemption::Used,
        CodeLookup::Expired => Redemption::Expired,
        CodeLookup::Unknown => Redemption::UnknownCode,
    })
}

/// A phone retrying after a lost response: not a guess, so not counted as one.
fn replayed() -> ApiError {
    ApiError::Conflict("upload_replayed", "these reports were accepted before")
}
