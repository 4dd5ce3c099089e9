//! `POST|GET /v1/venues/{venue_id}/occupancy`: an anonymous head count for venues that opted
//! in at registration. Phones send +1 on check-in and -1 on leaving; nothing identifies them,
//! so changes are rate-limited per client and in total ([`super::attempts::OCCUPANCY_LIMITS`]):
//! each is a database write, and a flood must not take the write path from uploads.

use std::net::SocketAddr;
use std::time::Instant;

use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::HeaderMap;
use healthpass_core::api::{Occupancy, OccupancyChange, parse_venue_id};

use super::AppState;
use super::error::ApiError;
use super::json::ApiJson;

/// Applies one arrival or departure, within the client's rate.
pub async fn change(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(venue_id): Path<String>,
    ApiJson(body): ApiJson<OccupancyChange>,
) -> Result<Json<Occupancy>, ApiError> {
    let venue_id = parse_venue_id(&venue_id).map_err(|_| ApiError::NotFound)?;
    let change = body.check()?;
    let client = state.client_address.of(peer.ip(), &headers);
    state.occupancy_changes.reserve(client, Instant::now()).map_err(|retry_after| ApiError::TooManyAttempts { retry_after })?;
    let current = state.database.change_occupancy(venue_id, change).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(Occupancy { current }))
}

/// The current head count.
pub async fn current(State(state): State<AppState>, Path(venue_id): Path<String>) -> Result<Json<Occupancy>, ApiError> {
    let venue_id = parse_venue_id(&venue_id).map_err(|_| ApiError::NotFound)?;
    let current = state.database.occupancy(venue_id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(Occupancy { current }))
}
