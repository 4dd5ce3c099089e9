//! `POST /v1/warnings/publish`: an officer publishes every approved submission as the next
//! signed hour bundle: the reports of at least `k` submissions (decoy submissions made up the
//! difference) shuffled together. Once the bundle is on disk the submissions are deleted and
//! their sealed contents shredded; a crash in between publishes them again next time, which
//! phones tolerate (a match is a match).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::PublishedBundle;
use healthpass_core::exposure::{ReportGroup, SLOT_REPORT_LEN, SlotReport};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use crate::accounts::Role;
use crate::batch;
use crate::submission::SubmissionContents;

/// Publishes the approved reports (as many whole submissions as fit one bundle).
pub async fn publish(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<(StatusCode, Json<PublishedBundle>), ApiError> {
    caller.require(Role::HealthOfficer)?;
    let _one_publication = state.publishing.lock().await;
    let approved = state.database.approved().await?;
    if approved.is_empty() {
        return Err(ApiError::Conflict("nothing_to_publish", "no approved reports await publication"));
    }
    let mut submissions = Vec::with_capacity(approved.len());
    for item in &approved {
        let contents = SubmissionContents::from_bytes(&state.vault.open_sealed(&item.sealed)?).ok_or(ApiError::Internal)?;
        let terms = contents.terms.warning_terms().map_err(|_| ApiError::Internal)?;
        let (chunks, _) = contents.reports.as_chunks::<SLOT_REPORT_LEN>();
        submissions.push(ReportGroup { terms, reports: chunks.iter().map(SlotReport::from_array).collect() });
    }
    let batch::Batch { groups, taken } = batch::assemble(&submissions, state.min_submissions);
    let (bundles, keys) = (state.bundles.clone(), state.keys.clone());
    let published = tokio::task::spawn_blocking(move || bundles.publish(&groups, &keys.publisher, Utc::now()))
        .await
        .map_err(|_| ApiError::Internal)?
        .map_err(|error| {
            tracing::error!(%error, "publishing the bundle failed");
            ApiError::Internal
        })?;
    let taken = &approved[..taken];
    state.database.delete_published(taken.iter().map(|s| s.id).collect()).await?;
    for item in taken {
        state.vault.shred(&item.sealed.key_name)?;
    }
    tracing::info!(hour = published.hour, reports = published.reports, "warnings published");
    Ok((StatusCode::CREATED, Json(PublishedBundle { hour: published.hour, reports: published.reports })))
}
