//! A citizen's upload: the chosen visits sealed as reports, hidden among decoys, always the
//! same size.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::{Advice, ProtectedReport, VisitedLocation, WarningWindow};

/// Reports in every upload, real and decoy together: 14 days of about nine visits a day.
/// A fixed count means an upload's size says nothing about how many places its owner went.
pub const UPLOAD_REPORTS: usize = 128;

/// Why an upload could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum UploadError {
    /// More visits were chosen than one upload carries.
    #[error("at most {UPLOAD_REPORTS} visits fit in one upload; leave some out")]
    TooManyVisits,
    /// A visit to leave out is not in the diary's upload window: a typo must not upload it.
    #[error("visit {0} is not among the visits of the upload window")]
    UnknownVisit(i64),
}

/// An upload ready to send: the padded reports, and how many of them are real visits.
#[derive(Debug, Clone)]
pub struct PreparedUpload {
    /// Exactly [`UPLOAD_REPORTS`] reports, real and decoy, shuffled.
    pub reports: Vec<ProtectedReport>,
    /// How many visits are among them (shown to the citizen, never sent).
    pub visits: usize,
}

/// Seals every visit that ends after `since`, except those in `exclude`, as a report of its
/// time window with `advice`, then pads with decoys ([`pad_with_decoys`]).
pub fn prepare_upload(
    visits: &[VisitedLocation],
    exclude: &[i64],
    since: DateTime<Utc>,
    advice: Advice,
) -> Result<PreparedUpload, UploadError> {
    let in_window: Vec<&VisitedLocation> = visits.iter().filter(|v| v.end > since && v.end > v.start).collect();
    let known: HashSet<i64> = in_window.iter().map(|v| v.visit_id).collect();
    if let Some(unknown) = exclude.iter().find(|id| !known.contains(id)) {
        return Err(UploadError::UnknownVisit(*unknown));
    }
    let reports: Vec<ProtectedReport> = in_window
        .into_iter()
        .filter(|v| !exclude.contains(&v.visit_id))
        .map(|v| ProtectedReport::seal(&v.location, &WarningWindow { start: v.start, end: v.end, advice }))
        .collect();
    let visits = reports.len();
    Ok(PreparedUpload { reports: pad_with_decoys(reports)?, visits })
}

/// Pads `reports` with decoys to [`UPLOAD_REPORTS`] and shuffles them, so neither the count
/// nor the position of a report tells real from decoy.
pub fn pad_with_decoys(mut reports: Vec<ProtectedReport>) -> Result<Vec<ProtectedReport>, UploadError> {
    if reports.len() > UPLOAD_REPORTS {
        return Err(UploadError::TooManyVisits);
    }
    reports.resize_with(UPLOAD_REPORTS, ProtectedReport::decoy);
    crate::random::shuffle(&mut reports);
    Ok(reports)
}
