//! Exposure warnings on the phone: sync and match, the alerts, and the consented upload.
//! Network calls run on a thread of their own and are `suspend` functions in Kotlin (`async`
//! in Swift), so no call can block the UI thread.

use std::sync::Arc;

use healthpass_core::passport::{MinimumOverlap, UploadWindow};

use super::HealthPassport;
use super::background::off_the_calling_thread;
use crate::time::from_unix_seconds;
use crate::{ExposureAlert, HealthpassError, SyncSummary, UploadSummary};

#[uniffi::export]
impl HealthPassport {
    /// Fetches the signed warning index and every hour not matched yet from `server_url`,
    /// verifies each with the pinned `publisher_keys` (`healthpass-publisher-public-v1:…`),
    /// matches them against the diary (overlap ≥ `min_overlap_minutes`, 1–1440, else
    /// [`HealthpassError::InvalidMinimumOverlap`]) and stores new alerts. Offline is
    /// [`HealthpassError::Offline`]; nothing half-done is ever stored.
    pub async fn sync_warnings(
        self: Arc<Self>,
        server_url: String,
        publisher_keys: Vec<String>,
        min_overlap_minutes: u32,
        now_unix_seconds: i64,
    ) -> Result<SyncSummary, HealthpassError> {
        off_the_calling_thread(move || {
            let (overlap, now) = (MinimumOverlap::from_minutes(min_overlap_minutes)?, from_unix_seconds(now_unix_seconds)?);
            Ok(self.inner.sync_warnings(&server_url, &publisher_keys, overlap, now)?)
        })
        .await
    }

    /// Every exposure alert on this phone, newest first.
    pub fn exposure_alerts(&self) -> Result<Vec<ExposureAlert>, HealthpassError> {
        Ok(self.inner.exposure_alerts()?.into_iter().map(ExposureAlert::from).collect())
    }

    /// The citizen's consented upload: every visit that ended in the last `days` days (1–21,
    /// else [`HealthpassError::InvalidUploadWindow`]) except `exclude_visit_ids`, sealed as slot
    /// reports in one fixed-size submission with the officer's one-time `code` (which carries
    /// the advice and the infectious period the officer set). An excluded id that is not in
    /// the window is refused ([`HealthpassError::UnknownVisit`]) so a slip cannot upload a
    /// visit meant to stay private.
    pub async fn upload_visits(
        self: Arc<Self>,
        server_url: String,
        code: String,
        exclude_visit_ids: Vec<i64>,
        days: u32,
        now_unix_seconds: i64,
    ) -> Result<UploadSummary, HealthpassError> {
        off_the_calling_thread(move || {
            let (window, now) = (UploadWindow::from_days(days)?, from_unix_seconds(now_unix_seconds)?);
            Ok(self.inner.upload_visits(&server_url, &code, &exclude_visit_ids, window, now)?)
        })
        .await
    }
}
