//! `POST /v1/venues`: an operator registers a venue and gets its signed poster, plus the trace
//! secret (the venue's location id) it needs to post venue warnings; that secret is shown once
//! and not stored.
//! `GET /v1/registry-keys`: the registry public keys phones verify posters with.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use healthpass_core::venue::{DefaultStay, PosterBaseUrl, VenueCategory, VenueDetails};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::venue_registry::{self, DEFAULT_VALID_DAYS, RegistrationError};

/// Longest validity a registered poster may have, in days.
const MAX_VALID_DAYS: u32 = 3660;

/// The body of `POST /v1/venues`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VenueRegistration {
    name: String,
    address: String,
    category: String,
    default_stay_minutes: u32,
    /// Start of validity; now when absent.
    valid_from: Option<DateTime<Utc>>,
    /// Days of validity; 365 when absent.
    valid_days: Option<u32>,
    /// Opt in to the anonymous occupancy counter; off when absent.
    occupancy: Option<bool>,
}

/// Prefix of the trace secret's text form.
pub const TRACE_SECRET_PREFIX: &str = "healthpass-trace-v1:";

/// Registers a venue for the calling operator and signs its poster.
pub async fn register(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<VenueRegistration>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let operator = caller.require(Role::VenueOperator)?;
    let field = |e: healthpass_core::venue::FieldError| ApiError::InvalidField("invalid_field", e.to_string());
    let valid_days = body.valid_days.unwrap_or(DEFAULT_VALID_DAYS);
    if !(1..=MAX_VALID_DAYS).contains(&valid_days) {
        return Err(ApiError::InvalidField("invalid_field", format!("valid_days must be 1 to {MAX_VALID_DAYS}")));
    }
    let valid_from = body.valid_from.unwrap_or_else(Utc::now);
    let details = VenueDetails {
        name: body.name,
        address: body.address,
        category: body.category.parse::<VenueCategory>().map_err(field)?,
        default_stay: DefaultStay::from_minutes(body.default_stay_minutes).map_err(field)?,
        valid_from,
        valid_until: valid_from + TimeDelta::days(i64::from(valid_days)),
    };
    let signed = venue_registry::register(&state.database, &state.keys, operator.id, details, body.occupancy.unwrap_or(false))
        .await
        .map_err(|error| match error {
            RegistrationError::Field(e) => field(e),
            RegistrationError::Database(e) => e.into(),
            RegistrationError::NoLocation => ApiError::Internal,
        })?;
    let (location, signed) = (signed.location, signed.poster);
    let poster = signed.poster();
    tracing::info!(venue = %poster.venue_id(), "venue registered");
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "venue_id": poster.venue_id().to_string(),
            "key_id": signed.key_id().to_string(),
            "poster_url": signed.to_url(&PosterBaseUrl::default()),
            "valid_from": poster.valid_from(),
            "valid_until": poster.valid_until(),
            "trace_secret": format!("{TRACE_SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(location.0)),
        })),
    ))
}

/// The registry public keys, in their text form.
pub async fn registry_keys(State(state): State<AppState>) -> Json<Value> {
    let keys: Vec<String> = state.keys.registry_public_keys().iter().map(|k| k.to_text()).collect();
    Json(json!({ "keys": keys }))
}
