//! The rows the API reads and writes, independent of the backend.

/// A venue at registration.
#[derive(Debug, Clone)]
pub struct NewVenue {
    /// The venue id (16 bytes).
    pub venue_id: [u8; 16],
    /// The registering operator's account id.
    pub operator_id: i64,
    /// The signed poster bytes.
    pub poster: Vec<u8>,
    /// `SHA-256(location id)`: what this venue's reports carry.
    pub location_hash: [u8; 32],
    /// Whether the venue opted in to the occupancy counter.
    pub occupancy: bool,
}

/// What a venue warning is checked against.
#[derive(Debug, Clone)]
pub struct VenueOwner {
    /// The operator account that registered the venue.
    pub operator_id: i64,
    /// The venue's location hash (absent for venues registered before it was recorded).
    pub location_hash: Option<Vec<u8>>,
}

/// An upload to redeem a code with.
#[derive(Debug, Clone)]
pub struct NewUpload {
    /// Hash of the normalised upload code.
    pub code_hash: String,
    /// SHA-256 of the report bytes: a second upload of the same bytes is a replay.
    pub reports_hash: [u8; 32],
    /// The reports, concatenated.
    pub reports: Vec<u8>,
    /// How many reports `reports` holds.
    pub report_count: i64,
    /// Unix time of receipt; codes expiring at or before it are refused.
    pub now: i64,
}

/// The outcome of redeeming an upload code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redemption {
    /// Stored as this submission id.
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
    /// A citizen's upload of 128 reports with a code.
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

/// A submission awaiting review.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Submission id.
    pub id: i64,
    /// Upload or venue warning.
    pub kind: SubmissionKind,
    /// The case an upload belongs to.
    pub case_id: Option<i64>,
    /// The venue a venue warning is about.
    pub venue_id: Option<Vec<u8>>,
    /// Unix time of receipt.
    pub received_at: i64,
    /// Number of reports.
    pub report_count: i64,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionOutcome {
    /// Recorded.
    Decided,
    /// No submission of that kind and id.
    NotFound,
    /// It was approved or rejected before.
    AlreadyDecided,
}

/// An approved submission awaiting publication.
#[derive(Debug, Clone)]
pub struct Approved {
    /// Submission id.
    pub id: i64,
    /// Its reports, concatenated.
    pub reports: Vec<u8>,
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

impl Redemption {
    /// Why a code could not be claimed: `replayed` when the reports were stored before, else
    /// by the code's row (`None`: no such code; `Some(used_at)`).
    pub fn refusal(replayed: bool, code_used_at: Option<Option<i64>>) -> Self {
        match (replayed, code_used_at) {
            (true, _) => Redemption::Replayed,
            (false, None) => Redemption::UnknownCode,
            (false, Some(Some(_))) => Redemption::Used,
            (false, Some(None)) => Redemption::Expired,
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
