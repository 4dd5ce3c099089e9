//! Exposure warnings on the phone: sync and match, the alerts, and the consented upload. The
//! network calls block and never hold the store while they wait: shells call them off the
//! UI thread.

use chrono::{DateTime, TimeDelta, Utc};

use crate::checkin::visited_locations;
use crate::exposure::{ExposureAlert, PublisherPublicKey, exposure_alerts, prepare_slot_upload};
use crate::remote::send_submission;
use crate::sync::{WarningSyncReport, sync_warnings};

use super::{HealthPassport, PassportError};

/// Least overlap that alerts unless the citizen chose otherwise, in minutes.
pub const DEFAULT_MIN_OVERLAP_MINUTES: u32 = 15;
/// Longest least overlap that may be asked for, in minutes (one day).
pub const MAX_MIN_OVERLAP_MINUTES: u32 = 1440;
/// Infectious window of an upload unless the officer advises otherwise, in days.
pub const DEFAULT_UPLOAD_DAYS: u32 = 14;
/// Longest infectious window an upload may cover, in days.
pub const MAX_UPLOAD_DAYS: u32 = 21;

/// The least overlap between a visit and a confirmed case's presence that alerts: 1 to 1440
/// minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinimumOverlap(u32);

impl MinimumOverlap {
    /// `minutes` if it is 1 to 1440; [`PassportError::InvalidMinimumOverlap`] otherwise, never
    /// clamped.
    pub fn from_minutes(minutes: u32) -> Result<Self, PassportError> {
        if (1..=MAX_MIN_OVERLAP_MINUTES).contains(&minutes) {
            Ok(MinimumOverlap(minutes))
        } else {
            Err(PassportError::InvalidMinimumOverlap(minutes))
        }
    }

    pub(super) fn duration(self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.0))
    }
}

/// The infectious window of an upload: visits that ended in the last 1 to 21 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadWindow(u32);

impl UploadWindow {
    /// `days` if it is 1 to 21; [`PassportError::InvalidUploadWindow`] otherwise, never clamped.
    pub fn from_days(days: u32) -> Result<Self, PassportError> {
        if (1..=MAX_UPLOAD_DAYS).contains(&days) { Ok(UploadWindow(days)) } else { Err(PassportError::InvalidUploadWindow(days)) }
    }

    /// The instant the window opens, `now` minus its days.
    pub(super) fn since(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - TimeDelta::days(i64::from(self.0))
    }
}

/// What the citizen shared in an upload the server accepted. The server's reply is the same
/// fixed receipt for every submission, real or dummy, so it carries nothing to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadSummary {
    /// Visits shared.
    pub visits_shared: u32,
    /// Slot reports sealed from them (one per visited hour; the submission's size is fixed).
    pub reports: u32,
}

/// Warning-publisher keys from their text form (`healthpass-publisher-public-v1:…`), all or none.
pub(super) fn publisher_keys_from_text<K: AsRef<str>>(texts: &[K]) -> Result<Vec<PublisherPublicKey>, PassportError> {
    texts
        .iter()
        .map(|text| PublisherPublicKey::from_text(text.as_ref()).map_err(|_| PassportError::InvalidPublisherKey))
        .collect()
}

impl HealthPassport {
    /// Fetches the signed warning index and every bundle not matched yet from `server_url`,
    /// verifies each with the pinned `publisher_keys` (`healthpass-publisher-public-v1:…`),
    /// matches them against the diary as of `now` and stores new alerts. Nothing half-done is
    /// ever stored.
    pub fn sync_warnings<K: AsRef<str>>(
        &self,
        server_url: &str,
        publisher_keys: &[K],
        min_overlap: MinimumOverlap,
        now: DateTime<Utc>,
    ) -> Result<WarningSyncReport, PassportError> {
        let keys = publisher_keys_from_text(publisher_keys)?;
        let client = self.client(server_url)?;
        let report = sync_warnings(|| self.store(), &client, &keys, min_overlap.duration(), now)?;
        if report.new_alerts > 0 {
            self.record_backup_change(now)?;
        }
        Ok(report)
    }

    /// Every exposure alert on this phone, newest warning first.
    pub fn exposure_alerts(&self) -> Result<Vec<ExposureAlert>, PassportError> {
        Ok(exposure_alerts(&self.store())?)
    }

    /// The citizen's consented upload: every visit that ended in `window` before `now` except
    /// `exclude_visit_ids`, sealed as slot reports into one fixed-size submission with the
    /// officer's one-time `code` and sent to `server_url`. The officer's advice and infectious
    /// period are bound to the code on the server, not chosen here. An excluded id that is not
    /// in the window is refused (`unknown_visit`) so a slip cannot upload a visit meant to stay
    /// private.
    pub fn upload_visits(
        &self,
        server_url: &str,
        code: &str,
        exclude_visit_ids: &[i64],
        window: UploadWindow,
        now: DateTime<Utc>,
    ) -> Result<UploadSummary, PassportError> {
        let client = self.client(server_url)?;
        let (submission, shared) = {
            let store = self.store();
            let visits = visited_locations(&store, now)?;
            prepare_slot_upload(&visits, exclude_visit_ids, window.since(now), code)?
        };
        send_submission(&client, &submission)?;
        Ok(UploadSummary {
            visits_shared: u32::try_from(shared).unwrap_or(u32::MAX),
            reports: u32::try_from(submission.reports.len()).unwrap_or(u32::MAX),
        })
    }
}
