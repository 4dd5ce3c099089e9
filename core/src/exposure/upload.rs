//! A citizen's upload: real reports hidden among decoys, always the same size.

use thiserror::Error;

use super::ProtectedReport;

/// Reports in every upload, real and decoy together: 14 days of about nine visits a day.
/// A fixed count means an upload's size says nothing about how many places its owner went.
pub const UPLOAD_REPORTS: usize = 128;

/// Why an upload could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum UploadError {
    /// More visits were chosen than one upload carries.
    #[error("at most {UPLOAD_REPORTS} visits fit in one upload; leave some out")]
    TooManyVisits,
}

/// Pads `reports` with decoys to [`UPLOAD_REPORTS`] and shuffles them, so neither the count
/// nor the position of a report tells real from decoy.
pub fn pad_with_decoys(mut reports: Vec<ProtectedReport>) -> Result<Vec<ProtectedReport>, UploadError> {
    if reports.len() > UPLOAD_REPORTS {
        return Err(UploadError::TooManyVisits);
    }
    reports.resize_with(UPLOAD_REPORTS, ProtectedReport::decoy);
    // Fisher–Yates with the OS generator; the modulo bias of a u64 over 128 slots is negligible.
    for i in (1..reports.len()).rev() {
        let j = (u64::from_le_bytes(crate::random::bytes()) % (i as u64 + 1)) as usize;
        reports.swap(i, j);
    }
    Ok(reports)
}
