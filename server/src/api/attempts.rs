//! The guessing limit on upload codes: more than [`MAX_FAILURES`] failed codes from one client
//! address within [`WINDOW`] and that address must wait. Kept in memory: a restart forgets it,
//! which costs a guesser at most another ten tries out of 2^60. The same limiter, keyed by
//! backup id, bounds how often one backup may be written.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per address within [`WINDOW`].
pub const MAX_FAILURES: usize = 10;

/// How long a failed attempt counts.
pub const WINDOW: Duration = Duration::from_secs(600);

/// Addresses tracked before the quiet ones are forgotten.
const PRUNE_ABOVE: usize = 10_000;

/// Counted attempts per key (a client address, by default), at most `max` per `window`.
pub struct AttemptLimiter<K = IpAddr> {
    failures: Mutex<HashMap<K, VecDeque<Instant>>>,
    max: usize,
    window: Duration,
}

impl Default for AttemptLimiter<IpAddr> {
    /// The upload-code limit: [`MAX_FAILURES`] per [`WINDOW`].
    fn default() -> Self {
        AttemptLimiter::new(MAX_FAILURES, WINDOW)
    }
}

impl<K: Hash + Eq> AttemptLimiter<K> {
    /// A limiter allowing `max` counted attempts per key within `window`.
    pub fn new(max: usize, window: Duration) -> Self {
        AttemptLimiter { failures: Mutex::default(), max, window }
    }

    /// `Ok` if `key` may try now, or the seconds it must wait.
    pub fn check(&self, key: K, now: Instant) -> Result<(), u64> {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(times) = failures.get_mut(&key) else { return Ok(()) };
        forget_old(times, now, self.window);
        match times.front() {
            Some(oldest) if times.len() >= self.max => Err((self.window - now.duration_since(*oldest)).as_secs().max(1)),
            _ => Ok(()),
        }
    }

    /// Counts an attempt (for upload codes: a failed one) by `key`.
    pub fn record_failure(&self, key: K, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failures.len() > PRUNE_ABOVE {
            failures.retain(|_, times| {
                forget_old(times, now, self.window);
                !times.is_empty()
            });
        }
        let times = failures.entry(key).or_default();
        forget_old(times, now, self.window);
        times.push_back(now);
    }
}

/// Drops attempts older than the window.
fn forget_old(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times.front().is_some_and(|t| now.duration_since(*t) >= window) {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_attempt_waits_until_the_first_ages_out() {
        let (limiter, address, start) = (AttemptLimiter::default(), IpAddr::from([192, 0, 2, 1]), Instant::now());
        for i in 0..MAX_FAILURES as u64 {
            assert_eq!(limiter.check(address, start), Ok(()));
            limiter.record_failure(address, start + Duration::from_secs(i));
        }
        let later = start + Duration::from_secs(100);
        assert_eq!(limiter.check(address, later), Err(500));
        assert_eq!(limiter.check(IpAddr::from([192, 0, 2, 2]), later), Ok(()), "other addresses are not affected");
        assert_eq!(limiter.check(address, start + WINDOW), Ok(()));
    }
}
