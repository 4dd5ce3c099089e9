//! `POST /v1/warnings/publish`: an officer publishes every approved, unpublished report as the
//! next signed hour bundle. Submissions are marked published only after the bundle is on disk;
//! a crash in between publishes them again next time, which phones tolerate (a match is a match).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::PublishedBundle;
use healthpass_core::exposure::{MAX_BUNDLE_REPORTS, PROTECTED_REPORT_LEN, ProtectedReport};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use crate::accounts::Role;

/// Publishes the approved reports (as many whole submissions as fit one bundle).
pub async fn publish(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<(StatusCode, Json<PublishedBundle>), ApiError> {
    caller.require(Role::HealthOfficer)?;
    let _one_publication = state.publishing.lock().await;
    let mut ids = Vec::new();
    let mut reports = Vec::new();
    for submission in state.database.approved_unpublished().await? {
        let count = submission.reports.len() / PROTECTED_REPORT_LEN;
        if reports.len() + count > MAX_BUNDLE_REPORTS as usize {
            break;
        }
        ids.push(submission.id);
        reports.extend(submission.reports.chunks_exact(PROTECTED_REPORT_LEN).filter_map(|c| ProtectedReport::from_bytes(c).ok()));
    }
    if ids.is_empty() {
        return Err(ApiError::Conflict("nothing_to_publish", "no approved reports await publication"));
    }
    let (bundles, keys) = (state.bundles.clone(), state.keys.clone());
    let published = tokio::task::spawn_blocking(move || bundles.publish(&reports, &keys.publisher, Utc::now()))
        .await
        .map_err(|_| ApiError::Internal)?
        .map_err(|error| {
            tracing::error!(%error, "publishing the bundle failed");
            ApiError::Internal
        })?;
    let hour = i64::try_from(published.hour).map_err(|_| ApiError::Internal)?;
    state.database.mark_published(ids, hour).await?;
    tracing::info!(hour = published.hour, reports = published.reports, "warnings published");
    Ok((StatusCode::CREATED, Json(PublishedBundle { hour: published.hour, reports: published.reports })))
}
