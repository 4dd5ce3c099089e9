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
use chrono::{TimeDelta, Utc};
use healthpass_core::remote::{PosterRegistration, RegisteredPoster};
use healthpass_core::venue::{
    DEFAULT_POSTER_VALIDITY_DAYS, DefaultStay, MAX_POSTER_VALIDITY_DAYS, PosterCommitment, VenueCategory, VenueDetails, VenueId,
    VenuePoster,
};
use serde_json::{Value, json};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::db::NewVenue;
use crate::requests::parse_venue_id;

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

/// The registry's signed reply for `body` as a poster of `venue_id`, valid from now.
fn sign(state: &AppState, venue_id: VenueId, body: PosterRegistration) -> Result<RegisteredPoster, ApiError> {
    let field = |e: healthpass_core::venue::FieldError| ApiError::InvalidField("invalid_field", e.to_string());
    let valid_days = body.valid_days.map_or(DEFAULT_POSTER_VALIDITY_DAYS, i64::from);
    if !(1..=MAX_POSTER_VALIDITY_DAYS).contains(&valid_days) {
        let message = format!("valid_days must be 1 to {MAX_POSTER_VALIDITY_DAYS}");
        return Err(ApiError::InvalidField("invalid_field", message));
    }
    let commitment = PosterCommitment::from_base64url(&body.commitment)
        .map_err(|_| ApiError::InvalidField("invalid_commitment", "the commitment must be 32 bytes of base64url".to_owned()))?;
    let valid_from = Utc::now();
    let details = VenueDetails {
        name: body.name,
        address: body.address,
        category: body.category.parse::<VenueCategory>().map_err(field)?,
        default_stay: DefaultStay::from_minutes(body.default_stay_minutes).map_err(field)?,
        valid_from,
        valid_until: valid_from + TimeDelta::days(valid_days),
    };
    let poster = VenuePoster::committed(venue_id, commitment, details).map_err(field)?;
    let base = &state.poster_base_url;
    let signed = state.keys.registry.sign_poster_for(poster, base);
    Ok(RegisteredPoster::new(&signed, base, &state.keys.registry.public_key()))
}

/// The registry public keys, in their text form.
pub async fn registry_keys(State(state): State<AppState>) -> Json<Value> {
    let keys: Vec<String> = state.keys.registry_public_keys().iter().map(|k| k.to_text()).collect();
    Json(json!({ "keys": keys }))
}
