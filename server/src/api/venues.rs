//! `POST /v1/venues`: an operator registers a venue with the poster's public fields and a
//! commitment to a seed its own machine made; the registry signs those (for the deployment's
//! poster base URL) and returns the signed public part, which the operator completes with the
//! seed. `POST /v1/venues/{venue_id}/posters`: a reprint of the caller's venue with a fresh
//! commitment. The server never makes, sees or stores a seed, a location id or a poster: it
//! keeps only the venue id, the operator and the occupancy opt-in.
//! `GET /v1/registry-keys`: the registry public keys phones verify posters with.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::{PosterRegistration, RegisteredPoster, RegistryKeys, parse_venue_id};
use healthpass_core::venue::{FieldError, VenueId, VenuePoster};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::db::NewVenue;

/// Registers a new venue for the calling operator and signs its first poster.
pub async fn register(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<PosterRegistration>,
) -> Result<(StatusCode, Json<RegisteredPoster>), ApiError> {
    let operator = caller.require(Role::VenueOperator)?;
    let venue_id = VenueId::random();
    let occupancy = body.occupancy;
    let reply = sign(&state, venue_id, body)?;
    state.database.insert_venue(NewVenue { venue_id: venue_id.0, operator_id: operator.id, occupancy }).await?;
    tracing::info!(venue = %venue_id, "venue registered");
    Ok((StatusCode::CREATED, Json(reply)))
}

/// Signs a fresh poster (a new commitment) for one of the caller's venues.
pub async fn reprint(
    State(state): State<AppState>,
    caller: Authenticated,
    Path(venue_id): Path<String>,
    ApiJson(body): ApiJson<PosterRegistration>,
) -> Result<(StatusCode, Json<RegisteredPoster>), ApiError> {
    let operator = caller.require(Role::VenueOperator)?;
    let venue_id = parse_venue_id(&venue_id)?;
    // An unknown venue gets the same answer as someone else's: ids are not probed here.
    if state.database.venue_operator(venue_id).await? != Some(operator.id) {
        return Err(ApiError::Denied("not_your_venue", "this venue was not registered by this account"));
    }
    let reply = sign(&state, VenueId(venue_id), body)?;
    tracing::info!(venue = %VenueId(venue_id), "poster reprinted");
    Ok((StatusCode::CREATED, Json(reply)))
}

/// The registry's signed reply for `body` as a poster of `venue_id`, valid from now unless the
/// operator asked for another start.
fn sign(state: &AppState, venue_id: VenueId, body: PosterRegistration) -> Result<RegisteredPoster, ApiError> {
    let commitment = body.commitment()?;
    let details = body.order().and_then(|order| order.details(Utc::now())).map_err(field)?;
    let poster = VenuePoster::committed(venue_id, commitment, details).map_err(field)?;
    let base = &state.poster_base_url;
    let signed = state.keys.registry.sign_poster_for(poster, base);
    Ok(RegisteredPoster::new(&signed, base, &state.keys.registry.public_key()))
}

/// A field the registry refuses (name, address, category, stay, validity).
fn field(error: FieldError) -> ApiError {
    ApiError::InvalidField("invalid_field", error.to_string())
}

/// The registry public keys, in their text form.
pub async fn registry_keys(State(state): State<AppState>) -> Json<RegistryKeys> {
    Json(RegistryKeys { keys: state.keys.registry_public_keys().iter().map(|k| k.to_text()).collect() })
}
