//! When the server answers an upload: at a delay drawn afresh for every request from one
//! distribution, measured from the request's arrival, whether the upload is real, a dummy or
//! refused. A network observer timing the exchange therefore learns nothing from how long the
//! server took (after Corona-Warn-App's fake requests). The work of a real upload must fit in
//! the shortest delay; when it does not, the reply leaves late and a warning is logged so the
//! range can be widened.

use std::time::Duration;

/// Shortest reply delay unless configured otherwise: above the time a real upload takes to
/// seal and commit (a few fsyncs) on a loaded laptop.
pub const DEFAULT_MIN: Duration = Duration::from_millis(250);
/// Longest reply delay unless configured otherwise.
pub const DEFAULT_MAX: Duration = Duration::from_millis(750);

/// A uniform distribution of reply delays between `min` and `max` (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyDelay {
    min: Duration,
    max: Duration,
}

impl Default for ReplyDelay {
    fn default() -> Self {
        ReplyDelay { min: DEFAULT_MIN, max: DEFAULT_MAX }
    }
}

impl ReplyDelay {
    /// One delay, drawn with the operating system's generator.
    pub fn draw(&self) -> Duration {
        let spread = u64::try_from((self.max - self.min).as_micros()).unwrap_or(u64::MAX);
        let offset = u64::from_le_bytes(healthpass_core::random::bytes()) % spread.saturating_add(1);
        self.min + Duration::from_micros(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_stay_in_range_and_vary() {
        let delay = ReplyDelay::default();
        let drawn: Vec<Duration> = (0..200).map(|_| delay.draw()).collect();
        assert!(drawn.iter().all(|d| (DEFAULT_MIN..=DEFAULT_MAX).contains(d)));
        assert!(drawn.iter().any(|d| *d != drawn[0]), "drawn afresh each time");
        let fixed = ReplyDelay { min: Duration::from_millis(5), max: Duration::from_millis(5) };
        assert_eq!(fixed.draw(), Duration::from_millis(5));
    }
}
