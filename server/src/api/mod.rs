//! The HTTP API under `/v1` (documented in docs/PROTOCOL.md, "Server API").

mod attempts;
mod auth;
pub mod backups;
mod cases;
mod certificates;
mod error;
mod follow_ups;
mod json;
mod occupancy;
mod publish;
mod published;
mod review;
mod uploads;
mod venue_warnings;
mod venues;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use chrono::TimeDelta;
use serde_json::json;

use crate::bundles::BundleDirectory;
use crate::db::Database;
use crate::documents::SignedDocuments;
use crate::keys::KeyRing;
pub(crate) use attempts::AttemptLimiter;
pub(crate) use publish::publish_approved;

/// Largest request body the API reads; bigger bodies are refused with 413 before parsing.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub(crate) database: Database,
    pub(crate) keys: Arc<KeyRing>,
    pub(crate) bundles: Arc<BundleDirectory>,
    pub(crate) documents: Arc<SignedDocuments>,
    pub(crate) upload_code_lifetime: TimeDelta,
    attempts: Arc<attempts::AttemptLimiter>,
    /// Follow-up requests per client address (counted like failed attempts).
    follow_up_requests: Arc<attempts::AttemptLimiter>,
    backups: Arc<backups::BackupGuards>,
    /// Held while publishing, so two publications never take the same reports.
    pub(crate) publishing: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    /// State over an open database, the loaded keys, the warnings directory and the signed
    /// documents; upload codes live `upload_code_lifetime`.
    pub fn new(
        database: Database,
        keys: KeyRing,
        bundles: BundleDirectory,
        documents: SignedDocuments,
        upload_code_lifetime: TimeDelta,
    ) -> Self {
        AppState {
            database,
            keys: Arc::new(keys),
            bundles: Arc::new(bundles),
            documents: Arc::new(documents),
            upload_code_lifetime,
            attempts: Arc::default(),
            follow_up_requests: Arc::default(),
            backups: Arc::default(),
            publishing: Arc::default(),
        }
    }
}

/// All routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/status", get(|| async { axum::Json(json!({ "status": "ok" })) }))
        .route("/v1/registry-keys", get(venues::registry_keys))
        .route("/v1/keys", get(published::keys))
        .route("/v1/trust-list", get(published::trust_list))
        .route("/v1/rules", get(published::rules))
        .route("/v1/warnings/index", get(published::warning_index))
        .route("/v1/warnings/{hour}", get(published::warning_bundle))
        .route("/v1/venues", post(venues::register))
        .route("/v1/venues/{venue_id}/occupancy", get(occupancy::current).post(occupancy::change))
        .route("/v1/cases", post(cases::confirm))
        .route("/v1/certificates", post(certificates::issue))
        .route("/v1/stats/vaccinations", get(certificates::vaccination_stats))
        .route("/v1/uploads", post(uploads::upload))
        .route("/v1/follow-ups", post(follow_ups::request))
        .route("/v1/venue-warnings", post(venue_warnings::post))
        .route("/v1/review", get(review::list))
        .route("/v1/review/{id}", post(review::decide))
        .route("/v1/warnings/publish", post(publish::publish))
        .route(
            "/v1/backups/{blob_id}",
            put(backups::write)
                .layer(DefaultBodyLimit::max(backups::MAX_BACKUP_BYTES))
                .get(backups::read)
                .delete(backups::delete),
        )
        .fallback(|| async { error::ApiError::NotFound })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
