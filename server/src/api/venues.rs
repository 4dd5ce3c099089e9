//! `POST /v1/venues`: an operator registers a venue and gets its signed poster, plus the trace
//! secret (the venue's location id) it needs to post venue warnings; that secret is shown once
//! and not stored.
//! `GET /v1/registry-keys`: the registry public keys phones verify posters with.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use healthpass_core::api::{RegisteredVenue, RegistryKeys, VenueRegistration};
use healthpass_core::exposure::LocationId;
use healthpass_core::venue::PosterBaseUrl;

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::db::NewVenue;

/// Prefix of the trace secret's text form.
pub const TRACE_SECRET_PREFIX: &str = "healthpass-trace-v1:";

/// Registers a venue for the calling operator and signs its poster.
pub async fn register(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<VenueRegistration>,
) -> Result<(StatusCode, Json<RegisteredVenue>), ApiError> {
    let operator = caller.require(Role::VenueOperator)?;
    let occupancy = body.occupancy.unwrap_or(false);
    let field = |e: healthpass_core::venue::FieldError| ApiError::InvalidField("invalid_field", e.to_string());
    let poster = body.order().and_then(|order| order.poster(Utc::now())).map_err(field)?;
    let signed = state.keys.registry.sign_poster(poster);
    let poster = signed.poster();
    let location = LocationId::of_venue(poster);
    state
        .database
        .insert_venue(NewVenue {
            venue_id: poster.venue_id().0,
            operator_id: operator.id,
            poster: signed.bytes().to_vec(),
            location_hash: location.hash().0,
            occupancy,
        })
        .await?;
    tracing::info!(venue = %poster.venue_id(), "venue registered");
    Ok((
        StatusCode::CREATED,
        Json(RegisteredVenue {
            venue_id: poster.venue_id().to_string(),
            key_id: signed.key_id().to_string(),
            poster_url: signed.to_url(&PosterBaseUrl::default()),
            valid_from: poster.valid_from(),
            valid_until: poster.valid_until(),
            trace_secret: format!("{TRACE_SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(location.0)),
        }),
    ))
}

/// The registry public keys, in their text form.
pub async fn registry_keys(State(state): State<AppState>) -> Json<RegistryKeys> {
    Json(RegistryKeys { keys: state.keys.registry_public_keys().iter().map(|k| k.to_text()).collect() })
}
