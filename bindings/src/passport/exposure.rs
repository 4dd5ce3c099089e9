//! Exposure warnings on the phone: sync and match, the alerts, and the consented upload.
//! Network calls run on a thread of their own and are `suspend` functions in Kotlin (`async`
//! in Swift), so no call can block the UI thread.

use std::sync::Arc;

use chrono::TimeDelta;
use healthpass_core::checkin::visited_locations;
use healthpass_core::exposure::{PublisherPublicKey, exposure_alerts, prepare_upload};
use healthpass_core::remote::{ServerClient, upload_reports};
use healthpass_core::sync::sync_warnings;

use super::HealthPassport;
use super::background::off_the_calling_thread;
use crate::time::from_unix_seconds;
use crate::{ExposureAdvice, ExposureAlert, HealthpassError, SyncSummary, UploadSummary};

/// Longest infectious window an upload may cover, in days.
const MAX_UPLOAD_DAYS: u32 = 21;

#[uniffi::export]
impl HealthPassport {
    /// Fetches the signed warning index and every bundle not matched yet from `server_url`,
    /// verifies each with the pinned `publisher_keys` (`healthpass-publisher-public-v1:…`),
    /// matches them against the diary (overlap ≥ `min_overlap_minutes`) and stores new alerts.
    /// Offline is [`HealthpassError::Offline`]; nothing half-done is ever stored.
    pub async fn sync_warnings(
        self: Arc<Self>,
        server_url: String,
        publisher_keys: Vec<String>,
        min_overlap_minutes: u32,
        now_unix_seconds: i64,
    ) -> Result<SyncSummary, HealthpassError> {
        off_the_calling_thread(move || {
            let now = from_unix_seconds(now_unix_seconds)?;
            let source = WarningSource::new(&server_url, &publisher_keys, min_overlap_minutes)?;
            Ok(sync_warnings(|| self.store(), &source.client, &source.keys, source.min_overlap, now)?.into())
        })
        .await
    }

    /// Every exposure alert on this phone, newest first.
    pub fn exposure_alerts(&self) -> Result<Vec<ExposureAlert>, HealthpassError> {
        Ok(exposure_alerts(&self.store())?.into_iter().map(ExposureAlert::from).collect())
    }

    /// The citizen's consented upload: every visit that ended in the last `days` days except
    /// `exclude_visit_ids`, sealed as protected reports with `advice`, padded with decoys, sent
    /// with the officer's one-time `code`. An excluded id that is not in the window is refused
    /// ([`HealthpassError::UnknownVisit`]) so a slip cannot upload a visit meant to stay private.
    pub async fn upload_visits(
        self: Arc<Self>,
        server_url: String,
        code: String,
        exclude_visit_ids: Vec<i64>,
        days: u32,
        advice: ExposureAdvice,
        now_unix_seconds: i64,
    ) -> Result<UploadSummary, HealthpassError> {
        off_the_calling_thread(move || {
            let now = from_unix_seconds(now_unix_seconds)?;
            let since = now - TimeDelta::days(i64::from(days.clamp(1, MAX_UPLOAD_DAYS)));
            let client = ServerClient::new(&server_url)?;
            let prepared = {
                let store = self.store();
                let visits = visited_locations(&store, now)?;
                prepare_upload(&visits, &exclude_visit_ids, since, advice.into())?
            };
            let receipt = upload_reports(&client, &code, &prepared.reports)?;
            Ok(UploadSummary { upload_id: receipt.upload_id, visits_shared: prepared.visits as u32, reports: receipt.reports })
        })
        .await
    }
}

/// Where warnings come from and what alerts: the server, its pinned publisher keys and the
/// least overlap, as the shells give them.
pub(super) struct WarningSource {
    pub(super) client: ServerClient,
    pub(super) keys: Vec<PublisherPublicKey>,
    pub(super) min_overlap: TimeDelta,
}

impl WarningSource {
    /// Reads `publisher_keys` (`healthpass-publisher-public-v1:…`) and `server_url`; the overlap is at least a minute.
    pub(super) fn new(server_url: &str, publisher_keys: &[String], min_overlap_minutes: u32) -> Result<Self, HealthpassError> {
        let keys = publisher_keys
            .iter()
            .map(|text| PublisherPublicKey::from_text(text).map_err(|_| HealthpassError::InvalidPublisherKey))
            .collect::<Result<Vec<_>, _>>()?;
        let client = ServerClient::new(server_url)?;
        Ok(WarningSource { client, keys, min_overlap: TimeDelta::minutes(i64::from(min_overlap_minutes.max(1))) })
    }
}
