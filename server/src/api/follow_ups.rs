//! `POST /v1/follow-ups`: a citizen asks the health office to call back. No account: the
//! request holds a phone number, an optional name and a language, nothing else. Requests are
//! limited per client address (as failed upload codes are) so the queue cannot be flooded.

use std::net::SocketAddr;
use std::time::Instant;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use healthpass_core::api::{FollowUpReceived, FollowUpRequest};

use super::AppState;
use super::error::ApiError;
use super::json::ApiJson;
use crate::db::NewFollowUp;

/// Stores a checked request in the officers' queue.
pub async fn request(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<FollowUpRequest>,
) -> Result<(StatusCode, Json<FollowUpReceived>), ApiError> {
    let client = state.client_address.of(peer.ip(), &headers);
    let request = body.check().map_err(|e| ApiError::InvalidField("invalid_follow_up", e.to_string()))?;
    state.follow_up_requests.reserve(client, Instant::now()).map_err(|retry_after| ApiError::RateLimited { retry_after })?;
    let now = Utc::now().timestamp();
    state
        .database
        .insert_follow_up(NewFollowUp { phone: request.phone, name: request.name, language: request.language, now })
        .await?;
    tracing::info!("follow-up requested");
    Ok((StatusCode::CREATED, Json(FollowUpReceived { received: true })))
}
