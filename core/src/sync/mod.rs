//! Sync with a healthpass server: the signed trust list and rule set, and the exposure
//! warnings, fetched incrementally (ETag / `If-None-Match`), every signature verified before
//! anything is stored. A failure changes nothing that was not already complete: the next sync
//! resumes with the first bundle not yet matched. Offline, the phone keeps working from what
//! it stored. Blocking: shells call it off the UI thread.

mod documents;
mod dummy_uploads;
mod error;
mod warnings;

pub use documents::{cached_rule_set, sync_rule_set, sync_trust_list};
pub use dummy_uploads::{next_dummy_upload_at, run_dummy_schedule};
pub use error::SyncError;
pub use warnings::{WarningSyncReport, sync_warnings};

#[cfg(test)]
mod tests;
