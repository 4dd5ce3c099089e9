//! Decentralised exposure warnings (after CrowdNotifier / Corona-Warn-App presence tracing).
//!
//! A venue's [`LocationId`] is derived from its poster and known only to phones that scanned
//! it (and to the operator, who made the poster's seed). Format v2: a positive citizen uploads,
//! per visit and hour slot, a [`SlotReport`]: the slot's tag and the coarse window encrypted
//! under the slot's key, in a fixed-size [`Submission`] that dummies share. The publisher
//! signs hour bundles ([`seal_hour`]) carrying the officer's [`WarningTerms`]; a phone fetches
//! each hour's summary, tests its own tags against the summary's filter and fetches only the
//! buckets that may hold them ([`SlotMatcher`]). Only someone holding the poster can
//! recognise or read a report. Formats in docs/PROTOCOL.md, "Exposure warnings".
//!
//! Measured (`nice -n 15 cargo bench -p healthpass-core --bench exposure`, optimised, 2 shared
//! cores, 2 December 2026): the peak day (20 000 cases, about 447 000 reports) costs a phone
//! with 42 visits 760 665 bytes of downloads, 19.4 ms median (24 summaries verified and
//! filtered, 14 buckets checked) and 0.18 MiB of heap for matching; matching 1 000 000
//! reports against 500 visits, every bucket read from files and checked against the signed
//! summary, 417 ms median, 10.6 MiB peak heap (the decoded filter). Unoptimised
//! (`--profile dev`): 0.71 s and 5.14 s.
//!
//! Format v1 (one static location hash per report, 128 padded reports per upload) is gone:
//! nothing deployed speaks it. Diaries keep v1 posters' location ids, so their visits still
//! match v2 warnings.

pub(crate) mod alerts;
mod crowdnotifier;
mod dummy;
mod hour_bundle;
mod index;
mod location;
mod matching;
mod publisher_key;
mod report;
mod slot;
mod slot_matching;
mod slot_report;
mod submission;
mod tag_filter;
mod terms;

pub(crate) use alerts::record_matches;
pub use alerts::{ExposureAlert, exposure_alerts, ignored_warnings, latest_close_contact};
pub use index::{IndexEntry, IndexError, MAX_INDEX_LEN, WARNING_INDEX_VERSION, WarningIndex};
pub use location::LocationId;
pub use matching::{ExposureMatch, VisitedLocation};
pub use publisher_key::{PublisherPublicKey, PublisherSigningKey};
pub use report::{Advice, ReportError, WarningWindow};

pub use dummy::{DUMMY_MAX_HOURS, DUMMY_MEAN_HOURS, DUMMY_MIN_HOURS, next_dummy_upload, os_random_u64};
pub use hour_bundle::{
    BUCKET_RECORD_LEN, HOUR_MAGIC, HOUR_VERSION, HourBundleError, HourSummary, MAX_HOUR_REPORTS, MAX_SUMMARY_LEN,
    PublishedReport, ReportGroup, SealedHour, TARGET_BUCKET_REPORTS, seal_hour,
};
pub use slot::{CoarseWindow, MAX_WINDOW_MINUTES, SLOT_SECONDS, Slot, SlotTag, WINDOW_STEP_SECONDS, WindowError};
pub use slot_matching::{IgnoredReason, SlotMatcher, SlotOutcome};
pub use slot_report::{SLOT_REPORT_LEN, SlotReport, sealed_slot_reports};
pub use submission::{
    CODE_FIELD_LEN, SUBMISSION_CAPACITY, SUBMISSION_LEN, SUBMISSION_MAGIC, SUBMISSION_VERSION, Submission, SubmissionError,
    SubmissionKind, prepare_slot_upload, seal_venue_warning,
};
pub use tag_filter::{DEFAULT_RICE_BITS, FilterError, RICE_BITS_RANGE, TagFilter};
pub use terms::{InfectiousPeriod, MAX_INFECTIOUS_DAYS, TermsError, WARNING_TERMS_LEN, WarningTerms};

#[cfg(test)]
mod crowdnotifier_tests;
#[cfg(test)]
mod slot_tests;
#[cfg(test)]
mod tests;
