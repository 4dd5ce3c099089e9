//! What matching works on and finds, on the phone: the phone's visits with their location ids
//! and the overlaps a published warning has with them (the matching itself is
//! [`super::SlotMatcher`]).

use chrono::{DateTime, TimeDelta, Utc};

use super::{LocationId, WarningWindow};

/// One of the phone's visits, as matching needs it.
#[derive(Debug, Clone)]
pub struct VisitedLocation {
    /// The diary's visit id.
    pub visit_id: i64,
    /// The venue's location id (from its poster).
    pub location: LocationId,
    /// Check-in instant.
    pub start: DateTime<Utc>,
    /// Check-out instant (or now, for a visit still open).
    pub end: DateTime<Utc>,
}

/// A published warning that overlaps one of the phone's visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposureMatch {
    /// The visit it overlaps.
    pub visit_id: i64,
    /// The visit's check-in.
    pub visit_start: DateTime<Utc>,
    /// The visit's end as matched.
    pub visit_end: DateTime<Utc>,
    /// The decrypted warning.
    pub window: WarningWindow,
    /// How long the visit and the warning overlap.
    pub overlap: TimeDelta,
}
