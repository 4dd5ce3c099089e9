//! `POST /v1/warnings/publish`: an officer publishes every approved, unpublished report as the
//! next signed hour bundle. Submissions are marked published only after the bundle is on disk;
//! a crash in between publishes them again next time, which phones tolerate (a match is a match).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::exposure::{MAX_BUNDLE_REPORTS, PROTECTED_REPORT_LEN, ProtectedReport};
use serde_json::{Value, json};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use crate::accounts::Role;
use crate::bundles::PublishedBundle;

/// Publishes the approved reports (as many whole submissions as fit one bundle).
pub async fn publish(State(state): State<AppState>, caller: Authenticated) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require(Role::HealthOfficer)?;
    let published = publish_approved(&state)
        .await?
        .ok_or(ApiError::Conflict("nothing_to_publish", "no approved reports await publication"))?;
    Ok((StatusCode::CREATED, Json(json!({ "hour": published.hour, "reports": published.reports }))))
}

/// Publishes the approved, unpublished reports as the next bundle; `None` when there are none.
/// Used by the API and the portal.
pub(crate) async fn publish_approved(state: &AppState) -> Result<Option<PublishedBundle>, ApiError> {
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
        return Ok(None);
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
    Ok(Some(published))
}
