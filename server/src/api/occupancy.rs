//! `POST|GET /v1/venues/{venue_id}/occupancy`: an anonymous head count for venues that opted
//! in at registration. Phones send +1 on check-in and -1 on leaving; nothing identifies them.

use axum::Json;
use axum::extract::{Path, State};
use healthpass_core::api::{Occupancy, OccupancyChange, parse_venue_id};

use super::AppState;
use super::error::ApiError;
use super::json::ApiJson;

/// Applies one arrival or departure.
pub async fn change(
    State(state): State<AppState>,
    Path(venue_id): Path<String>,
    ApiJson(body): ApiJson<OccupancyChange>,
) -> Result<Json<Occupancy>, ApiError> {
    let venue_id = parse_venue_id(&venue_id).map_err(|_| ApiError::NotFound)?;
    let change = body.check()?;
    let current = state.database.change_occupancy(venue_id, change).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(Occupancy { current }))
}

/// The current head count.
pub async fn current(State(state): State<AppState>, Path(venue_id): Path<String>) -> Result<Json<Occupancy>, ApiError> {
    let venue_id = parse_venue_id(&venue_id).map_err(|_| ApiError::NotFound)?;
    let current = state.database.occupancy(venue_id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(Occupancy { current }))
}
