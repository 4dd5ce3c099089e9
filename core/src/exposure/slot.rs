//! Hour slots, per-slot tags and keys, and coarse windows (format v2).
//!
//! A report about a location in hour slot `s` is found by `tag(location id, s)` and encrypted
//! under `key(location id, s)`, both HKDF-SHA256 outputs under our own labels (so never equal
//! to Corona-Warn-App's `SHA-256(location id)`). Tags of one venue in two hours are unlinkable
//! without the poster. An hour, not a day: a visit of a few hours touches few slots (small
//! uploads), and one slot's tag reveals to a poster holder only that hour. Windows are rounded
//! outward to 10 minutes before sealing, as Corona-Warn-App's event registration does.

use chrono::{DateTime, TimeDelta, Utc};
use hkdf::Hkdf;
use sha2::Sha256;
use thiserror::Error;

use super::LocationId;

/// Seconds in one slot (an hour).
pub const SLOT_SECONDS: i64 = 3600;
/// Coarse windows are whole multiples of this many seconds (10 minutes).
pub const WINDOW_STEP_SECONDS: i64 = 600;
/// Longest presence a warning may describe: the longest default stay, 23 h 45.
pub const MAX_WINDOW_MINUTES: i64 = 23 * 60 + 45;
/// Longest coarse window sealed: 23 h 40, the last 10-minute step within [`MAX_WINDOW_MINUTES`].
const MAX_SEALED_STEPS: i64 = MAX_WINDOW_MINUTES * 60 / WINDOW_STEP_SECONDS;
/// HKDF salt of every slot derivation.
const SLOT_SALT: &[u8] = b"healthpass/slot/v2";

/// An hour slot: Unix seconds / 3600 (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot(pub u64);

impl Slot {
    /// The slot holding `instant` (instants before 1970 fall in slot 0; no visit is that old).
    pub fn of(instant: DateTime<Utc>) -> Self {
        Slot(u64::try_from(instant.timestamp().div_euclid(SLOT_SECONDS)).unwrap_or(0))
    }

    /// The slot's first instant.
    pub fn start(self) -> DateTime<Utc> {
        instant(i64::try_from(self.0).unwrap_or(i64::MAX).saturating_mul(SLOT_SECONDS))
    }

    /// The instant the slot ends (exclusive): the start of the next slot.
    pub fn end(self) -> DateTime<Utc> {
        Slot(self.0.saturating_add(1)).start()
    }
}

/// Finds a published report: 16 bytes only holders of the poster can compute for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SlotTag(pub [u8; 16]);

impl LocationId {
    /// The tag of this location's reports in `slot`.
    pub fn slot_tag(&self, slot: Slot) -> SlotTag {
        SlotTag(self.slot_output(b"tag", slot))
    }

    /// The key that encrypts this location's reports in `slot`.
    pub(crate) fn slot_key(&self, slot: Slot) -> [u8; 32] {
        self.slot_output(b"key", slot)
    }

    fn slot_output<const N: usize>(&self, label: &[u8], slot: Slot) -> [u8; N] {
        let mut out = [0u8; N];
        // At most 32 bytes, far below HKDF-SHA256's limit of 255 × 32: expansion cannot fail.
        let _ =
            Hkdf::<Sha256>::new(Some(SLOT_SALT), &self.0).expand_multi_info(&[label, slot.0.to_be_bytes().as_slice()], &mut out);
        out
    }
}

/// Why a presence cannot be sealed as a warning window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum WindowError {
    /// The end is not after the start.
    #[error("the window must end after it starts")]
    Empty,
    /// The window starts before 1970 or too far in the future for the wire format.
    #[error("the window is out of the representable range")]
    OutOfRange,
}

/// A presence rounded outward to 10-minute steps, at most 23 h 40 long (UTC, end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CoarseWindow {
    start_step: u32,
    steps: u8,
}

impl CoarseWindow {
    /// The window around `start`–`end`: the start rounded down and the end rounded up to 10
    /// minutes; a presence longer than the longest stay is cut to 23 h 40 from its start.
    pub fn around(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, WindowError> {
        if end <= start {
            return Err(WindowError::Empty);
        }
        let first = start.timestamp().div_euclid(WINDOW_STEP_SECONDS);
        let last =
            end.timestamp().checked_add(WINDOW_STEP_SECONDS - 1).ok_or(WindowError::OutOfRange)?.div_euclid(WINDOW_STEP_SECONDS);
        let steps = (last - first).min(MAX_SEALED_STEPS);
        Self::from_steps(first, steps)
    }

    /// A window of `steps` 10-minute steps from step `first` (Unix seconds / 600).
    pub(crate) fn from_steps(first: i64, steps: i64) -> Result<Self, WindowError> {
        let start_step = u32::try_from(first).map_err(|_| WindowError::OutOfRange)?;
        let steps = u8::try_from(steps).ok().filter(|s| *s >= 1).ok_or(WindowError::Empty)?;
        Ok(CoarseWindow { start_step, steps })
    }

    /// First instant of the window.
    pub fn start(&self) -> DateTime<Utc> {
        instant(i64::from(self.start_step) * WINDOW_STEP_SECONDS)
    }

    /// End of the window (exclusive).
    pub fn end(&self) -> DateTime<Utc> {
        instant((i64::from(self.start_step) + i64::from(self.steps)) * WINDOW_STEP_SECONDS)
    }

    /// The window's length.
    pub fn duration(&self) -> TimeDelta {
        self.end() - self.start()
    }

    /// Every hour slot the window touches, in order.
    pub fn slots(&self) -> impl Iterator<Item = Slot> {
        let first = Slot::of(self.start()).0;
        let last = Slot::of(self.end() - TimeDelta::seconds(1)).0;
        (first..=last).map(Slot)
    }

    /// The wire form inside a sealed report: start step (u32 BE), number of steps (u8).
    pub(crate) fn to_bytes(self) -> [u8; 5] {
        let mut out = [0u8; 5];
        out[..4].copy_from_slice(&self.start_step.to_be_bytes());
        out[4] = self.steps;
        out
    }

    /// Reads [`CoarseWindow::to_bytes`]; a zero length is refused.
    pub(crate) fn from_bytes(bytes: [u8; 5]) -> Result<Self, WindowError> {
        let start_step = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        Self::from_steps(i64::from(start_step), i64::from(bytes[4]))
    }
}

/// The instant `seconds` after 1970; out-of-range values (never produced from a u32 step
/// count or a u64 hour) fall back to 1970.
fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}
