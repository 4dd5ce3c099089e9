//! When the next background sync is due: a few times a day, jittered so that phones do not all
//! ask at the same minute, backing off while the phone is offline or the server refuses, and
//! never sooner than the server lets caches keep its warning index (asking again sooner cannot
//! find anything new).

use chrono::{DateTime, TimeDelta, Utc};

use crate::sync::{SyncError, WarningSyncReport};

/// Time between two syncs that succeeded: four a day.
pub const SYNC_INTERVAL: TimeDelta = TimeDelta::hours(6);
/// The first retry after a sync found the phone offline; each failure in a row doubles it.
pub const OFFLINE_RETRY: TimeDelta = TimeDelta::minutes(15);
/// The first retry after the server refused or sent what the phone refused; each failure in a row doubles it.
pub const REFUSED_RETRY: TimeDelta = TimeDelta::hours(1);
/// The longest wait between two tries.
pub const MAX_BACKOFF: TimeDelta = TimeDelta::hours(24);

/// How a background sync ended, as far as the schedule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncOutcome {
    /// The warnings are up to date; the server lets caches keep its index for `fresh_for`.
    Synced {
        /// `Cache-Control: max-age` of the index, if the server sent one.
        fresh_for: Option<TimeDelta>,
    },
    /// The server could not be reached.
    Offline,
    /// The server refused, or sent something the phone refused, or the store failed.
    Refused,
}

impl SyncOutcome {
    /// The outcome of a warning sync's `result`.
    pub fn of(result: &Result<WarningSyncReport, SyncError>) -> Self {
        match result {
            Ok(report) => {
                SyncOutcome::Synced { fresh_for: report.fresh_for.map(|d| TimeDelta::from_std(d).unwrap_or(MAX_BACKOFF)) }
            }
            Err(SyncError::Remote(error)) if error.is_unreachable() => SyncOutcome::Offline,
            Err(_) => SyncOutcome::Refused,
        }
    }
}

/// A point in the jitter range, drawn once per scheduled sync: 0 makes the wait 3/4 of its
/// nominal length, `u16::MAX` almost 5/4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jitter(pub u16);

impl Jitter {
    /// A jitter from the operating system's generator.
    pub fn random() -> Self {
        Jitter(u16::from_le_bytes(crate::random::bytes()))
    }

    /// `nominal` stretched by this jitter: between 3/4 and 5/4 of it.
    fn apply(self, nominal: TimeDelta) -> TimeDelta {
        let seconds = nominal.num_seconds();
        let spread = seconds / 2 * i64::from(self.0) / 65_536;
        TimeDelta::seconds(seconds - seconds / 4 + spread)
    }
}

/// The sync schedule after a sync: failures in a row, and when the next sync is due (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncSchedule {
    /// Syncs that failed in a row; zero after a success.
    pub failures: u32,
    /// When the next sync is due.
    pub due_at: DateTime<Utc>,
}

/// The schedule after a sync at `now` ended with `outcome`, `failures` failed syncs in a row
/// before it.
pub fn next_sync(outcome: SyncOutcome, failures: u32, now: DateTime<Utc>, jitter: Jitter) -> SyncSchedule {
    let (failures, nominal, not_before) = match outcome {
        // A cache lifetime longer than a day must not silence a phone for longer.
        SyncOutcome::Synced { fresh_for } => (0, SYNC_INTERVAL, fresh_for.unwrap_or_default().min(MAX_BACKOFF)),
        SyncOutcome::Offline => (failures.saturating_add(1), backoff(OFFLINE_RETRY, failures), TimeDelta::zero()),
        SyncOutcome::Refused => (failures.saturating_add(1), backoff(REFUSED_RETRY, failures), TimeDelta::zero()),
    };
    let wait = jitter.apply(nominal).max(not_before);
    SyncSchedule { failures, due_at: now.checked_add_signed(wait).unwrap_or(DateTime::<Utc>::MAX_UTC) }
}

/// `first` doubled once for each of the `failures` before this one, at most [`MAX_BACKOFF`].
fn backoff(first: TimeDelta, failures: u32) -> TimeDelta {
    let factor = 1_i32.checked_shl(failures.min(16)).unwrap_or(i32::MAX);
    first.checked_mul(factor).map_or(MAX_BACKOFF, |wait| wait.min(MAX_BACKOFF))
}
