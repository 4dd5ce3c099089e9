//! Records of exposure warnings as the shells see them. The advice, the sync report and the
//! upload summary are the core's own types; an alert carries instants, so it crosses as a
//! record of Unix seconds.

use healthpass_core::exposure;
use healthpass_core::exposure::Advice as ExposureAdvice;
use healthpass_core::passport::UploadSummary;
use healthpass_core::sync::WarningSyncReport as SyncSummary;

use crate::time::to_unix_seconds;

/// What people who were where a confirmed case was should do; shells localise it.
#[uniffi::remote(Enum)]
pub enum ExposureAdvice {
    MonitorSymptoms,
    GetTested,
    Isolate,
}

/// What one warning sync did: `unchanged`, `bundles_matched`, `new_alerts` (notify the citizen
/// when > 0), `ignored_warnings` (reports with this phone's tags that broke the bounds: shown,
/// never alerted), `bytes_downloaded`, `fresh_for` (how long asking again finds nothing new).
#[uniffi::remote(Record)]
pub struct SyncSummary {
    pub unchanged: bool,
    pub bundles_matched: u32,
    pub new_alerts: u32,
    pub ignored_warnings: u32,
    pub bytes_downloaded: u64,
    pub fresh_for: Option<std::time::Duration>,
}

/// What an accepted upload shared: `visits_shared`, `reports` (slot reports sealed from them;
/// the submission's size on the wire is fixed).
#[uniffi::remote(Record)]
pub struct UploadSummary {
    pub visits_shared: u32,
    pub reports: u32,
}

/// A published warning that overlapped one of this phone's visits. Instants are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExposureAlert {
    /// The alert's id.
    pub id: i64,
    /// The diary visit it concerns.
    pub visit_id: i64,
    /// The venue's name, from the phone's own visit.
    pub venue_name: String,
    /// The visit's check-in.
    pub visit_start: i64,
    /// The visit's end.
    pub visit_end: i64,
    /// Start of the confirmed case's presence.
    pub warning_start: i64,
    /// End of the confirmed case's presence.
    pub warning_end: i64,
    /// Minutes of overlap.
    pub overlap_minutes: i64,
    /// What to do.
    pub advice: ExposureAdvice,
}

impl From<exposure::ExposureAlert> for ExposureAlert {
    fn from(alert: exposure::ExposureAlert) -> Self {
        ExposureAlert {
            id: alert.id,
            visit_id: alert.visit_id,
            venue_name: alert.venue_name,
            visit_start: to_unix_seconds(alert.visit_start),
            visit_end: to_unix_seconds(alert.visit_end),
            warning_start: to_unix_seconds(alert.warning_start),
            warning_end: to_unix_seconds(alert.warning_end),
            overlap_minutes: alert.overlap_minutes,
            advice: alert.advice,
        }
    }
}
