//! Matching published reports against the phone's own visits, on the phone.

use std::collections::HashMap;
use std::io::Read;

use chrono::{DateTime, TimeDelta, Utc};

use super::{
    BundleError, BundleHeader, LocationHash, LocationId, ProtectedReport, PublisherPublicKey, WarningWindow, read_bundle,
};

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
    /// The decrypted warning.
    pub window: WarningWindow,
    /// How long the visit and the warning overlap.
    pub overlap: TimeDelta,
}

/// The phone's visits indexed by location hash, ready to test published reports.
///
/// Cost per report: one hash-map lookup; decryption only for the rare report whose hash is
/// one of the phone's own locations.
pub struct ExposureMatcher {
    by_hash: HashMap<LocationHash, Vec<VisitedLocation>>,
    min_overlap: TimeDelta,
}

impl ExposureMatcher {
    /// A matcher over `visits` that reports overlaps of at least `min_overlap`.
    pub fn new(visits: Vec<VisitedLocation>, min_overlap: TimeDelta) -> Self {
        let mut by_hash: HashMap<LocationHash, Vec<VisitedLocation>> = HashMap::new();
        for visit in visits {
            by_hash.entry(visit.location.hash()).or_default().push(visit);
        }
        ExposureMatcher { by_hash, min_overlap }
    }

    /// The visits `report` warns about: same location, decrypts, overlap ≥ the minimum.
    /// A decoy, a foreign location or a report that does not decrypt matches nothing.
    pub fn check(&self, report: &ProtectedReport) -> Vec<ExposureMatch> {
        let Some(visits) = self.by_hash.get(&report.location_hash) else {
            return Vec::new();
        };
        let Ok(window) = report.open(&visits[0].location) else {
            return Vec::new();
        };
        visits
            .iter()
            .filter_map(|visit| {
                let overlap = visit.end.min(window.end) - visit.start.max(window.start);
                (overlap >= self.min_overlap).then_some(ExposureMatch { visit_id: visit.visit_id, window, overlap })
            })
            .collect()
    }
}

/// What one verified bundle holds for this phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleMatches {
    /// The bundle's verified header.
    pub header: BundleHeader,
    /// Every overlap with the phone's visits, in bundle order.
    pub matches: Vec<ExposureMatch>,
}

/// Streams the bundle for hour slot `expected_hour` from `reader` through `matcher`, and
/// returns the matches only once the whole bundle has verified (see [`read_bundle`]): a
/// forged, truncated or replayed bundle yields an error and no matches at all.
pub fn match_bundle(
    reader: impl Read,
    trusted: &[PublisherPublicKey],
    expected_hour: u64,
    matcher: &ExposureMatcher,
) -> Result<BundleMatches, BundleError> {
    let mut matches = Vec::new();
    let header = read_bundle(reader, trusted, expected_hour, |report| matches.extend(matcher.check(report)))?;
    Ok(BundleMatches { header, matches })
}
