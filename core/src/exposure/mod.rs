//! Decentralised exposure warnings (after CrowdNotifier / Corona-Warn-App presence tracing).
//!
//! A venue's [`LocationId`] is derived from its poster and known only to phones that scanned
//! it. A positive citizen uploads, per visit, a [`ProtectedReport`]: `SHA-256(location id)` and
//! the time window, encrypted under a key derived from the location id. Every phone matches
//! published reports locally: only someone who scanned that poster can recognise or read one.
//! Formats in docs/PROTOCOL.md, "Exposure warnings".

mod location;
mod matching;
mod report;
mod upload;

pub use location::{LocationHash, LocationId};
pub use matching::{ExposureMatch, ExposureMatcher, VisitedLocation};
pub use report::{Advice, PROTECTED_REPORT_LEN, ProtectedReport, ReportError, WarningWindow};
pub use upload::{UPLOAD_REPORTS, UploadError, pad_with_decoys};

#[cfg(test)]
mod tests;
