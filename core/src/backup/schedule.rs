//! When the phone should back up next: a pure function of what happened, so the shells only
//! set a timer (off the UI thread) and the rule is tested here.
//!
//! - A change is backed up once the diary has been quiet for [`QUIET_PERIOD`] (a check-in
//!   followed by a check-out a minute later is one upload, not two).
//! - A failed attempt is retried after [`FIRST_RETRY`], doubling per consecutive failure up to
//!   [`LONGEST_RETRY`]; offline, the phone waits for the network to come back.
//! - Even without changes the backup is rewritten every [`REFRESH_PERIOD`], well inside the
//!   server's 90 days after which an untouched blob is deleted.

use chrono::{DateTime, TimeDelta, Utc};

/// Quiet time after the last change before a backup starts.
pub const QUIET_PERIOD: TimeDelta = TimeDelta::seconds(30);
/// Wait after the first failed attempt.
pub const FIRST_RETRY: TimeDelta = TimeDelta::seconds(60);
/// The longest wait between retries.
pub const LONGEST_RETRY: TimeDelta = TimeDelta::hours(6);
/// Longest time between two successful backups, changes or not.
pub const REFRESH_PERIOD: TimeDelta = TimeDelta::days(30);

/// What the phone remembers about its backups (instants UTC).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackupHistory {
    /// The last change to the visits, wallet, alerts or retention.
    pub last_change: Option<DateTime<Utc>>,
    /// The last backup the server acknowledged.
    pub last_success: Option<DateTime<Utc>>,
    /// The last attempt, successful or not.
    pub last_attempt: Option<DateTime<Utc>>,
    /// Attempts that failed since the last success.
    pub consecutive_failures: u32,
}

/// When to back up next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextBackup {
    /// Nothing to do: the server has everything and the blob is fresh.
    UpToDate,
    /// Back up at this instant (`now` or later).
    At(DateTime<Utc>),
    /// A backup is due now, but the phone is offline: try as soon as it is back online.
    WhenOnline,
}

/// The next backup for `history` as of `now`, given whether the phone is `offline`.
pub fn next_backup(now: DateTime<Utc>, history: &BackupHistory, offline: bool) -> NextBackup {
    let unsaved_change = match (history.last_change, history.last_success) {
        (Some(change), Some(success)) => change > success,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let refresh_due = history.last_success.and_then(|success| success.checked_add_signed(REFRESH_PERIOD));
    let due = if unsaved_change {
        history.last_change.and_then(|change| change.checked_add_signed(QUIET_PERIOD))
    } else {
        match refresh_due {
            Some(refresh) => Some(refresh),
            None => return NextBackup::UpToDate,
        }
    };
    let Some(mut due) = due else { return NextBackup::At(now) };
    if history.consecutive_failures > 0
        && let Some(attempt) = history.last_attempt
    {
        let retry = attempt.checked_add_signed(retry_wait(history.consecutive_failures)).unwrap_or(attempt);
        due = due.max(retry);
    }
    if offline && due <= now {
        return NextBackup::WhenOnline;
    }
    NextBackup::At(due.max(now))
}

/// The wait after `failures` consecutive failed attempts (at least one).
fn retry_wait(failures: u32) -> TimeDelta {
    let doublings = failures.saturating_sub(1).min(16);
    let wait = FIRST_RETRY.checked_mul(1 << doublings).unwrap_or(LONGEST_RETRY);
    wait.min(LONGEST_RETRY)
}
