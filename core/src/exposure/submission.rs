//! The body of every report submission (format v2): a citizen's upload, a venue's warning and
//! every phone's dummy upload are the same number of bytes, with the padding inside.
//!
//! ```text
//! "HPSB" | version u8 = 2 | kind u8 (0 dummy, 1 upload, 2 venue warning)
//!        | code (16 bytes: ASCII upload code, zero-padded; zeros unless kind 1)
//!        | count u16 BE | count × 50-byte slot report | zeros up to SUBMISSION_LEN
//! ```
//! Only real reports are published: the padding and dummies carry nothing the server keeps.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::slot::{CoarseWindow, WindowError};
use super::slot_report::{SLOT_REPORT_LEN, SlotReport, sealed_slot_reports};
use super::{LocationId, VisitedLocation};

/// The first four bytes of every submission.
pub const SUBMISSION_MAGIC: [u8; 4] = *b"HPSB";
/// The format version this build writes and reads.
pub const SUBMISSION_VERSION: u8 = 2;
/// Most slot reports one submission carries: 14 days of about nine one-hour visits.
pub const SUBMISSION_CAPACITY: usize = 256;
/// Bytes of the upload-code field.
pub const CODE_FIELD_LEN: usize = 16;
const HEADER_LEN: usize = 4 + 1 + 1 + CODE_FIELD_LEN + 2;
/// Bytes of every submission body on the wire, whatever it carries.
pub const SUBMISSION_LEN: usize = HEADER_LEN + SUBMISSION_CAPACITY * SLOT_REPORT_LEN;

/// What a submission is, known to the server only after TLS and never to the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmissionKind {
    /// Cover traffic every phone sends on its schedule ([`super::next_dummy_upload`]).
    Dummy,
    /// A positive citizen's consented upload with the officer's one-time code.
    Upload {
        /// The upload code as typed (`XXXX-XXXX-XXXX`), at most 16 ASCII characters.
        code: String,
    },
    /// A venue operator's warning, sealed on the operator's machine from the poster's seed.
    VenueWarning,
}

/// Why a submission body was refused or could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SubmissionError {
    /// Not exactly [`SUBMISSION_LEN`] bytes.
    #[error("a submission must be exactly {SUBMISSION_LEN} bytes")]
    Length,
    /// The bytes do not start with `HPSB`.
    #[error("not a report submission")]
    BadMagic,
    /// A format version this build does not read.
    #[error("unsupported submission version {0}")]
    UnsupportedVersion(u8),
    /// The kind byte is not 0, 1 or 2.
    #[error("unknown submission kind")]
    UnknownKind,
    /// The code is empty, longer than 16 bytes or not printable ASCII (or set on a kind without one).
    #[error("the upload code field is malformed")]
    Code,
    /// More reports than [`SUBMISSION_CAPACITY`] (or reports in a dummy, or none in a real one).
    #[error("a submission carries 1 to {SUBMISSION_CAPACITY} reports, a dummy none")]
    Count,
    /// A padding byte is not zero.
    #[error("the submission's padding is not zero")]
    Padding,
    /// No visit is left to share in the upload window (none ended there, or all were left
    /// out): nothing is sent.
    #[error("no visit to share in the upload window")]
    NothingToShare,
    /// A visit to leave out is not among the visits of the upload window: a typo must not upload it.
    #[error("visit {0} is not among the visits of the upload window")]
    UnknownVisit(i64),
    /// A presence could not be sealed as a window.
    #[error(transparent)]
    Window(#[from] WindowError),
}

impl SubmissionError {
    /// A short, stable code for scripts, UIs and server replies.
    pub fn code(&self) -> &'static str {
        match self {
            SubmissionError::Length => "length",
            SubmissionError::BadMagic => "bad_magic",
            SubmissionError::UnsupportedVersion(_) => "unsupported_version",
            SubmissionError::UnknownKind => "unknown_kind",
            SubmissionError::Code => "malformed_code",
            SubmissionError::Count => "report_count",
            SubmissionError::Padding => "padding",
            SubmissionError::NothingToShare => "nothing_to_share",
            SubmissionError::UnknownVisit(_) => "unknown_visit",
            SubmissionError::Window(_) => "window",
        }
    }
}

/// A submission: its kind and its slot reports (shuffled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// Dummy, upload or venue warning.
    pub kind: SubmissionKind,
    /// The slot reports, at most [`SUBMISSION_CAPACITY`]; none in a dummy.
    pub reports: Vec<SlotReport>,
}

impl Submission {
    /// A dummy: the same size on the wire as any upload, carrying nothing.
    pub fn dummy() -> Self {
        Submission { kind: SubmissionKind::Dummy, reports: Vec::new() }
    }

    /// The fixed-size body ([`SUBMISSION_LEN`] bytes); refuses what [`Submission::from_bytes`] would.
    pub fn to_bytes(&self) -> Result<Vec<u8>, SubmissionError> {
        self.check()?;
        let mut out = Vec::with_capacity(SUBMISSION_LEN);
        out.extend_from_slice(&SUBMISSION_MAGIC);
        out.push(SUBMISSION_VERSION);
        let mut code = [0u8; CODE_FIELD_LEN];
        let kind = match &self.kind {
            SubmissionKind::Dummy => 0,
            SubmissionKind::Upload { code: text } => {
                code[..text.len()].copy_from_slice(text.as_bytes());
                1
            }
            SubmissionKind::VenueWarning => 2,
        };
        out.push(kind);
        out.extend_from_slice(&code);
        // check() bounds the count by SUBMISSION_CAPACITY, which fits a u16.
        out.extend_from_slice(&(self.reports.len() as u16).to_be_bytes());
        self.reports.iter().for_each(|report| out.extend_from_slice(&report.to_bytes()));
        out.resize(SUBMISSION_LEN, 0);
        Ok(out)
    }

    /// Reads a submission body: length, magic, version, kind, code, count and zero padding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SubmissionError> {
        if bytes.len() != SUBMISSION_LEN {
            return Err(SubmissionError::Length);
        }
        if bytes[..4] != SUBMISSION_MAGIC {
            return Err(SubmissionError::BadMagic);
        }
        if bytes[4] != SUBMISSION_VERSION {
            return Err(SubmissionError::UnsupportedVersion(bytes[4]));
        }
        let code_field = &bytes[6..6 + CODE_FIELD_LEN];
        let kind = match bytes[5] {
            0 => SubmissionKind::Dummy,
            1 => {
                let len = code_field.iter().position(|b| *b == 0).unwrap_or(CODE_FIELD_LEN);
                if code_field[len..].iter().any(|b| *b != 0) {
                    return Err(SubmissionError::Code);
                }
                let code = std::str::from_utf8(&code_field[..len]).map_err(|_| SubmissionError::Code)?;
                SubmissionKind::Upload { code: code.to_owned() }
            }
            2 => SubmissionKind::VenueWarning,
            _ => return Err(SubmissionError::UnknownKind),
        };
        if !matches!(kind, SubmissionKind::Upload { .. }) && code_field.iter().any(|b| *b != 0) {
            return Err(SubmissionError::Code);
        }
        let count = usize::from(u16::from_be_bytes([bytes[HEADER_LEN - 2], bytes[HEADER_LEN - 1]]));
        if count > SUBMISSION_CAPACITY {
            return Err(SubmissionError::Count);
        }
        let (reports, padding) = bytes[HEADER_LEN..].split_at(count * SLOT_REPORT_LEN);
        if padding.iter().any(|b| *b != 0) {
            return Err(SubmissionError::Padding);
        }
        let (reports, _) = reports.as_chunks::<SLOT_REPORT_LEN>();
        let submission = Submission { kind, reports: reports.iter().map(SlotReport::from_array).collect() };
        submission.check()?;
        Ok(submission)
    }

    fn check(&self) -> Result<(), SubmissionError> {
        if let SubmissionKind::Upload { code } = &self.kind {
            let printable = code.bytes().all(|b| b.is_ascii_graphic());
            if code.is_empty() || code.len() > CODE_FIELD_LEN || !printable {
                return Err(SubmissionError::Code);
            }
        }
        let count_fits = match self.kind {
            SubmissionKind::Dummy => self.reports.is_empty(),
            _ => (1..=SUBMISSION_CAPACITY).contains(&self.reports.len()),
        };
        if !count_fits {
            return Err(SubmissionError::Count);
        }
        Ok(())
    }
}

/// A citizen's upload: every visit that ends after `since`, except those in `exclude`, sealed
/// per slot of its coarse window, shuffled. How many visits it carries is for the citizen's
/// screen only; the body's size never says.
pub fn prepare_slot_upload(
    visits: &[VisitedLocation],
    exclude: &[i64],
    since: DateTime<Utc>,
    code: &str,
) -> Result<(Submission, usize), SubmissionError> {
    let in_window: Vec<&VisitedLocation> = visits.iter().filter(|v| v.end > since && v.end > v.start).collect();
    let known: HashSet<i64> = in_window.iter().map(|v| v.visit_id).collect();
    if let Some(unknown) = exclude.iter().find(|id| !known.contains(id)) {
        return Err(SubmissionError::UnknownVisit(*unknown));
    }
    let chosen: Vec<&VisitedLocation> = in_window.into_iter().filter(|v| !exclude.contains(&v.visit_id)).collect();
    if chosen.is_empty() {
        return Err(SubmissionError::NothingToShare);
    }
    let mut reports = Vec::new();
    for visit in &chosen {
        reports.extend(sealed_slot_reports(&visit.location, &CoarseWindow::around(visit.start, visit.end)?));
    }
    crate::random::shuffle(&mut reports);
    let submission = Submission { kind: SubmissionKind::Upload { code: code.trim().to_owned() }, reports };
    submission.check()?;
    Ok((submission, chosen.len()))
}

/// A venue operator's warning for `start`–`end` at the poster whose location id the operator
/// derives from the seed it kept ([`LocationId::of_venue`]); sealed on the operator's machine.
pub fn seal_venue_warning(
    location: &LocationId,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Submission, SubmissionError> {
    let mut reports = sealed_slot_reports(location, &CoarseWindow::around(start, end)?);
    crate::random::shuffle(&mut reports);
    let submission = Submission { kind: SubmissionKind::VenueWarning, reports };
    submission.check()?;
    Ok(submission)
}
