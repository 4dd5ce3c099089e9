//! When a phone sends its next dummy upload: cover traffic, so that sending an upload says
//! nothing about its sender (after Corona-Warn-App's "plausible deniability" playbook).
//!
//! Every phone, positive or not, keeps one dummy upload scheduled. The wait until the next is
//! drawn from an exponential distribution with a mean of [`DUMMY_MEAN_HOURS`] (a Poisson
//! process: the past says nothing about when the next one comes), kept between
//! [`DUMMY_MIN_HOURS`] and [`DUMMY_MAX_HOURS`]. A real upload, made whenever the citizen
//! chooses, is one more event of the same shape; the schedule carries on after it.

use chrono::{DateTime, TimeDelta, Utc};

/// Mean wait between two dummy uploads, in hours (two days).
pub const DUMMY_MEAN_HOURS: f64 = 48.0;
/// Shortest wait, in hours: never a burst.
pub const DUMMY_MIN_HOURS: f64 = 1.0;
/// Longest wait, in hours: every phone sends at least one a week.
pub const DUMMY_MAX_HOURS: f64 = 7.0 * 24.0;

/// The instant of the next dummy upload after `now`; `random` yields uniform 64-bit values
/// (the operating system's generator in the app, a fixed sequence in tests).
pub fn next_dummy_upload(now: DateTime<Utc>, random: &mut impl FnMut() -> u64) -> DateTime<Utc> {
    // 53 random bits as a uniform value in (0, 1]: never 0, so the logarithm is finite.
    let uniform = ((random() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
    let hours = (-uniform.ln() * DUMMY_MEAN_HOURS).clamp(DUMMY_MIN_HOURS, DUMMY_MAX_HOURS);
    // At most a week of seconds: the cast keeps the value, and the sum cannot overflow a date.
    let wait = TimeDelta::seconds((hours * 3600.0) as i64);
    now.checked_add_signed(wait).unwrap_or(now)
}

/// A uniform 64-bit value from the operating system's generator, for [`next_dummy_upload`].
pub fn os_random_u64() -> u64 {
    u64::from_le_bytes(crate::random::bytes())
}
