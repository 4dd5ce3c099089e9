//! The HTTP API under `/v1` (documented in docs/PROTOCOL.md, "Server API").

mod auth;
mod cases;
mod error;
mod json;
mod venues;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
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
}

impl AppState {
    /// State over an open database and the loaded keys.
    pub fn new(database: Database, keys: KeyRing) -> Self {
        AppState { database, keys: Arc::new(keys) }
    }
}

/// All routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/status", get(|| async { axum::Json(json!({ "status": "ok" })) }))
        .route("/v1/registry-keys", get(venues::registry_keys))
        .route("/v1/venues", post(venues::register))
        .route("/v1/cases", post(cases::confirm))
        .fallback(|| async { error::ApiError::NotFound })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
