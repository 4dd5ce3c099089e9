//! Records of exposure warnings as the shells see them.

use healthpass_core::exposure::{self, Advice};
use healthpass_core::sync::WarningSyncReport;

use crate::time::to_unix_seconds;

/// What people who were where a confirmed case was should do; shells localise it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ExposureAdvice {
    /// Watch for symptoms for 14 days.
    MonitorSymptoms,
    /// Get tested.
    GetTested,
    /// Isolate and get tested.
    Isolate,
}

impl From<Advice> for ExposureAdvice {
    fn from(advice: Advice) -> Self {
        match advice {
            Advice::MonitorSymptoms => ExposureAdvice::MonitorSymptoms,
            Advice::GetTested => ExposureAdvice::GetTested,
            Advice::Isolate => ExposureAdvice::Isolate,
        }
    }
}

impl From<ExposureAdvice> for Advice {
    fn from(advice: ExposureAdvice) -> Self {
        match advice {
            ExposureAdvice::MonitorSymptoms => Advice::MonitorSymptoms,
            ExposureAdvice::GetTested => Advice::GetTested,
            ExposureAdvice::Isolate => Advice::Isolate,
        }
    }
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
            advice: alert.advice.into(),
        }
    }
}

/// What one warning sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SyncSummary {
    /// Nothing new on the server since the last complete sync.
    pub unchanged: bool,
    /// Bundles matched now.
    pub bundles_matched: u32,
    /// Alerts stored now (notify the citizen when > 0).
    pub new_alerts: u32,
}

impl From<WarningSyncReport> for SyncSummary {
    fn from(report: WarningSyncReport) -> Self {
        SyncSummary {
            unchanged: report.unchanged,
            bundles_matched: report.bundles_matched as u32,
            new_alerts: report.new_alerts as u32,
        }
    }
}

/// The server's receipt for an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct UploadSummary {
    /// The server's upload number (the officer reviews `upload-N`).
    pub upload_id: i64,
    /// Visits shared (never sent: the server sees only the padded count).
    pub visits_shared: u32,
    /// Reports sent, real and decoy.
    pub reports: u32,
}
