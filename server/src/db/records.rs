//! The rows the API reads and writes, independent of the backend.

use crate::vault::Sealed;

/// A venue at registration: nothing of its poster, whose secret the server never sees.
#[derive(Debug, Clone)]
pub struct NewVenue {
    /// The venue id (16 bytes).
    pub venue_id: [u8; 16],
    /// The registering operator's account id.
    pub operator_id: i64,
    /// Whether the venue opted in to the occupancy counter.
    pub occupancy: bool,
}

/// A new upload code: its lookup hash, the officer's sealed terms and its expiry.
#[derive(Debug, Clone)]
pub struct NewCode {
    /// HMAC of the canonical code under the server's upload-code key.
    pub code_hash: String,
    /// The [`healthpass_core::api::CaseTerms`] sealed under a key derived from the code.
    pub terms: Vec<u8>,
    /// Unix time after which the code is refused (and deleted).
    pub expires_at: i64,
}

/// What the database knows of a presented code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeLookup {
    /// Usable: its sealed terms.
    Usable(Vec<u8>),
    /// Redeemed before.
    Used,
    /// Its lifetime ended.
    Expired,
    /// Never issued.
    Unknown,
}

/// A submission to store, sealed in the vault.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    /// SHA-256 of an upload's report bytes: the same bytes again are a replay.
    pub reports_hash: Option<[u8; 32]>,
    /// Terms and reports, sealed.
    pub sealed: Sealed,
    /// How many reports it carries.
    pub report_count: i64,
    /// Unix hour (seconds / 3600) of receipt: the hour only, so arrival times say less.
    pub received_hour: i64,
}

/// The outcome of redeeming an upload code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redemption {
    /// Stored as this submission id; the code is spent.
    Accepted(i64),
    /// No such code.
    UnknownCode,
    /// The code's lifetime is over.
    Expired,
    /// The code was redeemed before (with other reports).
    Used,
    /// These very reports were accepted before.
    Replayed,
}

/// What was submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionKind {
    /// A citizen's upload of reports with a code.
    Upload,
    /// One report posted by a venue's operator.
    VenueWarning,
}

impl SubmissionKind {
    /// The stored name.
    pub fn name(self) -> &'static str {
        match self {
            SubmissionKind::Upload => "upload",
            SubmissionKind::VenueWarning => "venue_warning",
        }
    }

    /// The kind of a stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [SubmissionKind::Upload, SubmissionKind::VenueWarning].into_iter().find(|k| k.name() == name)
    }
}

/// A stored submission, pending or approved.
#[derive(Debug, Clone)]
pub struct StoredSubmission {
    /// Submission id.
    pub id: i64,
    /// Upload or venue warning.
    pub kind: SubmissionKind,
    /// The venue a venue warning is about.
    pub venue_id: Option<Vec<u8>>,
    /// Unix hour of receipt.
    pub received_hour: i64,
    /// Number of reports.
    pub report_count: i64,
    /// Terms and reports, sealed.
    pub sealed: Sealed,
}

/// An officer's decision on a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Publish its reports with the next bundle.
    Approve,
    /// Never publish it.
    Reject,
}

impl Decision {
    /// The state a submission is in after this decision.
    pub fn state(self) -> &'static str {
        match self {
            Decision::Approve => "approved",
            Decision::Reject => "rejected",
        }
    }
}

/// The outcome of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionOutcome {
    /// Approved: it waits for the next publication.
    Approved,
    /// Rejected and deleted: the key of its sealed contents, to shred.
    Rejected(String),
    /// No submission of that kind and id.
    NotFound,
    /// It was approved before.
    AlreadyDecided,
}

/// Vaccinations of one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCounts {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Doses numbered 1.
    pub first_doses: i64,
    /// Doses that complete their series.
    pub completed_series: i64,
    /// Doses beyond the series.
    pub boosters: i64,
}

impl CodeLookup {
    /// A spent code's recorded reason (`used` or `expired`).
    pub fn spent(reason: &str) -> Self {
        match Redemption::refused(Some(reason)) {
            Redemption::Used => CodeLookup::Used,
            _ => CodeLookup::Expired,
        }
    }
}

impl Redemption {
    /// Why a code could not be claimed, by its spent record (`used`, `expired`, or none).
    pub fn refused(spent_reason: Option<&str>) -> Self {
        match spent_reason {
            None => Redemption::UnknownCode,
            Some("used") => Redemption::Used,
            Some(_) => Redemption::Expired,
        }
    }
}

/// Which backup a request names, and the proof it brought: rows match only when both agree.
#[derive(Debug, Clone, Copy)]
pub struct BackupKey {
    /// The blob id derived from the citizen's recovery code.
    pub blob_id: [u8; 16],
    /// SHA-256 of the write credential the request presented.
    pub credential_hash: [u8; 32],
}

/// A stored backup as its holder reads it.
#[derive(Debug, Clone)]
pub struct StoredBackup {
    /// Bumped by every write, from 1.
    pub version: i64,
    /// The opaque encrypted blob.
    pub blob: Vec<u8>,
}
