//! Decentralised exposure warnings (after CrowdNotifier / Corona-Warn-App presence tracing).
//!
//! A venue's [`LocationId`] is derived from its poster and known only to phones that scanned
//! it. A positive citizen uploads, per visit, a [`ProtectedReport`]: `SHA-256(location id)` and
//! the time window, encrypted under a key derived from the location id. Every phone matches
//! published reports locally: only someone who scanned that poster can recognise or read one.
//! Published reports travel in signed hour bundles listed by a signed warning index.
//! Formats in docs/PROTOCOL.md, "Exposure warnings" and "Warning bundles".

mod alerts;
mod bundle;
mod crowdnotifier;
mod index;
mod location;
mod matching;
mod publisher_key;
mod report;
mod upload;

pub use alerts::{ExposureAlert, exposure_alerts, latest_close_contact};
pub(crate) use alerts::{delete_alerts_ended_before, record_matches};
pub use bundle::{
    BUNDLE_HEADER_LEN, BUNDLE_MAGIC, BUNDLE_SIGNATURE_LEN, BUNDLE_VERSION, BundleError, BundleHeader, MAX_BUNDLE_REPORTS,
    bundle_len, read_bundle, seal_bundle,
};
pub use index::{IndexEntry, IndexError, MAX_INDEX_LEN, WARNING_INDEX_VERSION, WarningIndex};
pub use location::{InvalidTraceSecret, LocationHash, LocationId};
pub use matching::{BundleMatches, ExposureMatch, ExposureMatcher, VisitedLocation, match_bundle};
pub use publisher_key::{PublisherPublicKey, PublisherSigningKey};
pub use report::{Advice, PROTECTED_REPORT_LEN, ProtectedReport, ReportError, WarningWindow};
pub use upload::{PreparedUpload, UPLOAD_REPORTS, UploadError, pad_with_decoys, prepare_upload};

#[cfg(test)]
mod bundle_tests;
#[cfg(test)]
mod crowdnotifier_tests;
#[cfg(test)]
mod tests;
