//! The HTTP API under `/v1` (documented in docs/PROTOCOL.md, "Server API").

mod attempts;
mod auth;
mod cases;
mod certificates;
mod error;
mod json;
mod occupancy;
mod review;
mod uploads;
mod venue_warnings;
mod venues;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use chrono::TimeDelta;
use serde_json::json;

use crate::db::Database;
use crate::keys::KeyRing;

/// Largest request body the API reads; bigger bodies are refused with 413 before parsing.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    database: Database,
    keys: Arc<KeyRing>,
    upload_code_lifetime: TimeDelta,
    attempts: Arc<attempts::AttemptLimiter>,
}

impl AppState {
    /// State over an open database and the loaded keys; upload codes live `upload_code_lifetime`.
    pub fn new(database: Database, keys: KeyRing, upload_code_lifetime: TimeDelta) -> Self {
        AppState { database, keys: Arc::new(keys), upload_code_lifetime, attempts: Arc::default() }
    }
}

/// All routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/status", get(|| async { axum::Json(json!({ "status": "ok" })) }))
        .route("/v1/registry-keys", get(venues::registry_keys))
        .route("/v1/venues", post(venues::register))
        .route("/v1/venues/{venue_id}/occupancy", get(occupancy::current).post(occupancy::change))
        .route("/v1/cases", post(cases::confirm))
        .route("/v1/certificates", post(certificates::issue))
        .route("/v1/stats/vaccinations", get(certificates::vaccination_stats))
        .route("/v1/uploads", post(uploads::upload))
        .route("/v1/venue-warnings", post(venue_warnings::post))
        .route("/v1/review", get(review::list))
        .route("/v1/review/{id}", post(review::decide))
        .fallback(|| async { error::ApiError::NotFound })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
