//! The matching workload of the exposure bench and of the `exposure_match` example: one hour
//! bundle of 1,000,000 published reports (50 of them at places the phone visited, the rest
//! decoys) and a phone with 500 visits, all at distinct places.

use std::path::Path;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use healthpass_core::exposure::{
    Advice, ExposureMatcher, LocationId, ProtectedReport, PublisherPublicKey, PublisherSigningKey, VisitedLocation,
    WarningWindow, seal_bundle,
};

/// Reports in the published bundle.
pub const PUBLISHED: usize = 1_000_000;
/// Visits in the phone's diary.
pub const VISITS: usize = 500;
/// Published reports at places the phone visited.
pub const AT_VISITED_PLACES: usize = 50;
/// The bundle's hour slot.
pub const HOUR: u64 = 494_000;
/// Minimum overlap for an alert.
pub const MIN_OVERLAP: TimeDelta = TimeDelta::minutes(15);

fn visit_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 10, 12, 0, 0).single().unwrap_or_default()
}

/// The `i`-th visited place (deterministic, so a second process rebuilds the same diary).
fn place(i: usize) -> LocationId {
    let mut id = [0x5a; 32];
    id[..8].copy_from_slice(&(i as u64).to_be_bytes());
    LocationId(id)
}

/// The phone's diary: one visit of an hour at each of [`VISITS`] places.
pub fn matcher() -> ExposureMatcher {
    let visits = (0..VISITS)
        .map(|i| VisitedLocation {
            visit_id: i as i64,
            location: place(i),
            start: visit_start(),
            end: visit_start() + TimeDelta::hours(1),
        })
        .collect();
    ExposureMatcher::new(visits, MIN_OVERLAP)
}

/// Writes the bundle to `dir/bundle` and the publisher's public key to `dir/publisher.pub`.
pub fn write_bundle(dir: &Path) -> std::io::Result<()> {
    let key = PublisherSigningKey::generate();
    let window = WarningWindow { start: visit_start(), end: visit_start() + TimeDelta::minutes(30), advice: Advice::GetTested };
    let mut reports: Vec<ProtectedReport> = (0..PUBLISHED - AT_VISITED_PLACES).map(|_| ProtectedReport::decoy()).collect();
    reports.extend((0..AT_VISITED_PLACES).map(|i| ProtectedReport::seal(&place(i * 7), &window)));
    let bundle = seal_bundle(HOUR, &reports, &key).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("bundle"), bundle)?;
    std::fs::write(dir.join("publisher.pub"), key.public_key().to_text())
}

/// The public key written by [`write_bundle`].
pub fn read_key(dir: &Path) -> std::io::Result<PublisherPublicKey> {
    PublisherPublicKey::from_text(&std::fs::read_to_string(dir.join("publisher.pub"))?).map_err(std::io::Error::other)
}
