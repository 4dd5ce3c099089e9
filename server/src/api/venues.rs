//! `POST /v1/venues`: an operator registers a venue with the poster's public fields and a
//! commitment to a seed its own machine made; the registry signs those (for the deployment's
//! poster base URL) and returns the signed public part, which the operator completes with the
//! seed. `POST /v1/venues/{venue_id}/posters`: a reprint of the caller's venue with a fresh
//! commitment. The server never makes, sees or stores a seed or a location id: it keeps the
//! venue id, the operator, the occupancy opt-in and, for the operator's venue list, the
//! registry's copy of the poster in force (public fields, commitment, signature).
//! `GET /v1/registry-keys`: the registry public keys phones verify posters with.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::{PosterRegistration, RegisteredPoster, RegistryKeys, parse_venue_id};
use healthpass_core::venue::{FieldError, SignedPoster, VenueId, VenuePoster};

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
    let (_, reply) = register_venue(&state, operator.id, body).await?;
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
    let (_, reply) = reprint_poster(&state, operator.id, venue_id, body).await?;
    Ok((StatusCode::CREATED, Json(reply)))
}

/// Registers a new venue of `operator_id` (the API and the portal): signs its first poster
/// and keeps the registry's copy (public fields and commitment, no seed) for the operator's
/// venue list. The registry's copy and the reply.
pub(crate) async fn register_venue(
    state: &AppState,
    operator_id: i64,
    body: PosterRegistration,
) -> Result<(SignedPoster, RegisteredPoster), ApiError> {
    let venue_id = VenueId::random();
    let occupancy = body.occupancy;
    let (signed, reply) = sign(state, venue_id, body)?;
    state.database.insert_venue(NewVenue { venue_id: venue_id.0, operator_id, occupancy }).await?;
    state.database.keep_registry_copy(venue_id.0, operator_id, signed.bytes().to_vec()).await?;
    tracing::info!(venue = %venue_id, "venue registered");
    Ok((signed, reply))
}

/// Signs a fresh poster for an unrevoked venue of `operator_id` (the API and the portal). An
/// unknown venue gets the same answer as someone else's or a revoked one: ids are not probed.
/// The registry's copy and the reply.
pub(crate) async fn reprint_poster(
    state: &AppState,
    operator_id: i64,
    venue_id: [u8; 16],
    body: PosterRegistration,
) -> Result<(SignedPoster, RegisteredPoster), ApiError> {
    let venue = state.database.venue_of_operator(venue_id, operator_id).await?;
    if venue.is_none_or(|v| v.revoked_at.is_some()) {
        return Err(ApiError::Denied("not_your_venue", "this venue was not registered by this account or is revoked"));
    }
    let (signed, reply) = sign(state, VenueId(venue_id), body)?;
    state.database.keep_registry_copy(venue_id, operator_id, signed.bytes().to_vec()).await?;
    tracing::info!(venue = %VenueId(venue_id), "poster reprinted");
    Ok((signed, reply))
}

/// The registry's signed copy (no seed) and its reply for `body` as a poster of `venue_id`,
/// valid from now unless the operator asked for another start.
fn sign(state: &AppState, venue_id: VenueId, body: PosterRegistration) -> Result<(SignedPoster, RegisteredPoster), ApiError> {
    let commitment = body.commitment()?;
    let details = body.order().and_then(|order| order.details(Utc::now())).map_err(field)?;
    let poster = VenuePoster::committed(venue_id, commitment, details).map_err(field)?;
    let base = &state.poster_base_url;
    let signed = state.keys.registry.sign_poster_for(poster, base);
    let reply = RegisteredPoster::new(&signed, base, &state.keys.registry.public_key());
    Ok((signed, reply))
}

/// A field the registry refuses (name, address, category, stay, validity).
fn field(error: FieldError) -> ApiError {
    ApiError::InvalidField("invalid_field", error.to_string())
}

/// The registry public keys, in their text form.
pub async fn registry_keys(State(state): State<AppState>) -> Json<RegistryKeys> {
    Json(RegistryKeys { keys: state.keys.registry_public_keys().iter().map(|k| k.to_text()).collect() })
}
