//! The HTTP API under `/v1` (documented in docs/PROTOCOL.md, "Server API").

mod attempts;
mod auth;
pub mod backups;
mod binary;
mod cases;
mod certificates;
mod error;
mod json;
mod occupancy;
mod publish;
mod published;
mod review;
mod uploads;
mod venue_warnings;
mod venues;

pub use attempts::ClientAddress;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::TimeDelta;
use healthpass_core::api::ServerStatus;
use healthpass_core::venue::PosterBaseUrl;

use crate::ServerConfig;
use crate::bundles::BundleDirectory;
use crate::db::Database;
use crate::documents::SignedDocuments;
use crate::keys::KeyRing;
use crate::reply_delay::ReplyDelay;
use crate::vault::SubmissionVault;

/// Largest request body the API reads; bigger bodies are refused with 413 before parsing.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    database: Database,
    keys: Arc<KeyRing>,
    bundles: Arc<BundleDirectory>,
    documents: Arc<SignedDocuments>,
    upload_code_lifetime: TimeDelta,
    vault: Arc<SubmissionVault>,
    /// Submissions every bundle holds at least (decoy submissions make up the difference).
    min_submissions: usize,
    /// When upload replies leave.
    reply_delay: ReplyDelay,
    /// The base URL the registry signs posters for.
    poster_base_url: PosterBaseUrl,
    attempts: Arc<attempts::AttemptLimiter>,
    /// The rate limit on anonymous occupancy changes.
    occupancy_changes: Arc<attempts::AttemptLimiter>,
    /// How a request's client address is found (the peer, or the trusted proxy's header).
    client_address: attempts::ClientAddress,
    /// The longest a request may take (408 after).
    request_timeout: Duration,
    backups: Arc<backups::BackupGuards>,
    /// Held while publishing, so two publications never take the same reports.
    publishing: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    /// State over an open database, the loaded keys, the warnings directory, the signed
    /// documents and the submission vault; upload codes live `config.upload_code_lifetime`.
    pub fn new(
        database: Database,
        keys: KeyRing,
        bundles: BundleDirectory,
        documents: SignedDocuments,
        vault: SubmissionVault,
        config: &ServerConfig,
    ) -> Self {
        AppState {
            database,
            keys: Arc::new(keys),
            bundles: Arc::new(bundles),
            documents: Arc::new(documents),
            upload_code_lifetime: config.upload_code_lifetime,
            vault: Arc::new(vault),
            min_submissions: config.min_submissions,
            reply_delay: ReplyDelay::default(),
            poster_base_url: config.poster_base_url.clone(),
            attempts: Arc::new(attempts::AttemptLimiter::new(attempts::UPLOAD_CODE_LIMITS)),
            occupancy_changes: Arc::new(attempts::AttemptLimiter::new(attempts::OCCUPANCY_LIMITS)),
            client_address: config.client_address.clone(),
            request_timeout: config.request_timeout,
            backups: Arc::default(),
            publishing: Arc::default(),
        }
    }
}

/// Runs a request within its deadline; a client that sends its body too slowly, or a handler
/// that hangs, gets 408 instead of holding a connection and a task for ever.
async fn within_deadline(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => error::ApiError::RequestTimeout.into_response(),
    }
}

/// All routes, each request within the state's deadline.
pub fn router(state: AppState) -> Router {
    let deadline = state.request_timeout;
    Router::new()
        .route("/v1/status", get(|| async { axum::Json(ServerStatus { status: "ok".to_owned() }) }))
        .route("/v1/registry-keys", get(venues::registry_keys))
        .route("/v1/keys", get(published::keys))
        .route("/v1/trust-list", get(published::trust_list))
        .route("/v1/rules", get(published::rules))
        .route("/v1/warnings/index", get(published::warning_index))
        .route("/v1/warnings/{hour}", get(published::warning_bundle))
        .route("/v1/warnings/{hour}/{bucket}", get(published::warning_bucket))
        .route("/v1/venues", post(venues::register))
        .route("/v1/venues/{venue_id}/posters", post(venues::reprint))
        .route("/v1/venues/{venue_id}/occupancy", get(occupancy::current).post(occupancy::change))
        .route("/v1/cases", post(cases::confirm))
        .route("/v1/certificates", post(certificates::issue))
        .route("/v1/stats/vaccinations", get(certificates::vaccination_stats))
        .route("/v1/uploads", post(uploads::upload))
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
        .layer(from_fn_with_state(deadline, within_deadline))
}

#[cfg(test)]
mod tests;
