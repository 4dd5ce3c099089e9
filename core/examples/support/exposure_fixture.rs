//! The workloads of the exposure bench and of the `exposure_match` example (format v2).
//!
//! - One hour of 1,000,000 published slot reports (50 at places the phone visited, the rest
//!   server-made decoys) against a phone with 500 visits: every bucket read, so every report
//!   costs its hash-map lookup.
//! - The national peak day: [`PEAK_CASES`] uploading cases a day, each sharing
//!   [`VISITS_PER_CASE`] visits of 30 minutes to 2 hours (about 2.2 hour slots a visit once
//!   rounded outward to 10 minutes),
//!   published in 24 hour bundles; a phone with [`PHONE_VISITS`] visits over 14 days fetches
//!   every summary and only the buckets its own tags point to.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use healthpass_core::exposure::{
    Advice, CoarseWindow, HourSummary, InfectiousPeriod, LocationId, PublisherPublicKey, PublisherSigningKey, ReportGroup,
    SealedHour, Slot, SlotMatcher, SlotOutcome, SlotReport, VisitedLocation, WarningTerms, seal_hour, sealed_slot_reports,
};

/// Reports in the published hour of the 1,000,000-report workload.
pub const PUBLISHED: usize = 1_000_000;
/// Visits in the phone's diary of that workload.
pub const VISITS: usize = 500;
/// Published reports at places the phone visited.
pub const AT_VISITED_PLACES: usize = 50;
/// Minimum overlap for an alert.
pub const MIN_OVERLAP: TimeDelta = TimeDelta::minutes(15);
/// Uploading cases on the national peak day.
pub const PEAK_CASES: usize = 20_000;
/// Visits each case shares (its infectious period's check-ins).
pub const VISITS_PER_CASE: usize = 10;
/// Visits in the phone's diary on the peak day: three a day for 14 days.
pub const PHONE_VISITS: usize = 42;
/// Cases of the peak day that were at one of the phone's places at the same time.
pub const CASES_MET: usize = 2;

fn visit_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 10, 12, 0, 0).single().unwrap_or_default()
}

/// The hour slot the 1,000,000 reports are published in (after the visits).
pub fn hour() -> u64 {
    Slot::of(visit_start()).0 + 3
}

/// The officer's terms of every group: isolate, infectious for the 14 days before publication.
fn terms() -> WarningTerms {
    let end = visit_start() + TimeDelta::days(2);
    let period = InfectiousPeriod::new(end - TimeDelta::days(14), end).unwrap_or_else(|_| unreachable!("whole hours"));
    WarningTerms { advice: Advice::Isolate, period }
}

/// The `i`-th place (deterministic, so a second process rebuilds the same diary).
fn place(i: usize) -> LocationId {
    let mut id = [0x5a; 32];
    id[..8].copy_from_slice(&(i as u64).to_be_bytes());
    LocationId(id)
}

/// The phone's diary: one visit of an hour at each of [`VISITS`] places.
pub fn matcher() -> SlotMatcher {
    let visits = (0..VISITS)
        .map(|i| VisitedLocation {
            visit_id: i as i64,
            location: place(i),
            start: visit_start(),
            end: visit_start() + TimeDelta::hours(1),
        })
        .collect();
    SlotMatcher::new(visits, MIN_OVERLAP)
}

/// Writes the hour to `dir` (`summary`, `bucket-{i}`) and the publisher key to `dir/publisher.pub`.
pub fn write_hour(dir: &Path) -> std::io::Result<()> {
    let key = PublisherSigningKey::generate();
    let window = CoarseWindow::around(visit_start(), visit_start() + TimeDelta::minutes(30)).map_err(std::io::Error::other)?;
    let mut reports: Vec<SlotReport> = (0..PUBLISHED - AT_VISITED_PLACES).map(|_| SlotReport::decoy()).collect();
    reports.extend((0..AT_VISITED_PLACES).flat_map(|i| sealed_slot_reports(&place(i * 7), &window)));
    let sealed = seal_hour(hour(), &[ReportGroup { terms: terms(), reports }], &key).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("summary"), &sealed.summary)?;
    for (i, bucket) in sealed.buckets.iter().enumerate() {
        std::fs::write(dir.join(format!("bucket-{i}")), bucket)?;
    }
    std::fs::write(dir.join("publisher.pub"), key.public_key().to_text())
}

/// The public key written by [`write_hour`].
pub fn read_key(dir: &Path) -> std::io::Result<PublisherPublicKey> {
    PublisherPublicKey::from_text(&std::fs::read_to_string(dir.join("publisher.pub"))?).map_err(std::io::Error::other)
}

/// What matching a set of published hours found, and what it cost the phone to download.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PhoneDay {
    /// Reports checked (one hash-map lookup each).
    pub reports_checked: usize,
    /// Alerts found: distinct (visit, warning window) pairs (a window published in several
    /// slots matches once per slot and alerts once).
    pub matches: usize,
    /// Bytes downloaded: every summary and the buckets fetched.
    pub bytes: u64,
    /// Buckets fetched.
    pub buckets: usize,
    alerts: HashSet<(i64, DateTime<Utc>, DateTime<Utc>)>,
}

/// Reads the hour written by [`write_hour`], every bucket, through the matcher.
pub fn match_every_bucket(dir: &Path, key: &PublisherPublicKey, matcher: &SlotMatcher) -> std::io::Result<PhoneDay> {
    let summary = HourSummary::open(&std::fs::read(dir.join("summary"))?, std::slice::from_ref(key), hour())
        .map_err(std::io::Error::other)?;
    let mut day = PhoneDay::default();
    for index in 0..summary.bucket_count() {
        let bytes = std::fs::read(dir.join(format!("bucket-{index}")))?;
        let reports = summary.read_bucket(index as u16, &bytes).map_err(std::io::Error::other)?;
        tally(&mut day, reports.iter().map(|r| matcher.check(r, hour())));
    }
    Ok(day)
}

fn tally(day: &mut PhoneDay, outcomes: impl Iterator<Item = SlotOutcome>) {
    for outcome in outcomes {
        day.reports_checked += 1;
        if let SlotOutcome::Matched(found) = outcome {
            day.alerts.extend(found.iter().map(|m| (m.visit_id, m.window.start, m.window.end)));
            day.matches = day.alerts.len();
        }
    }
}

/// The peak day as published: 24 hour bundles of the uploads of [`PEAK_CASES`] cases, two of
/// whom were at one of the phone's places at the same time.
pub fn peak_day(key: &PublisherSigningKey) -> Vec<(u64, SealedHour)> {
    let first_hour = Slot::of(visit_start()).0;
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut hours: Vec<Vec<SlotReport>> = vec![Vec::new(); 24];
    for case in 0..PEAK_CASES {
        let hour = case % 24;
        for visit in 0..VISITS_PER_CASE {
            let met = case < CASES_MET && visit == 0;
            let location = if met { phone_place(case) } else { place(1_000_000 + (random() % 5_000_000) as usize) };
            let start = if met { phone_visit_start(case) } else { case_visit_start(hour, &mut random) };
            let minutes = 30 + (random() % 91) as i64;
            if let Ok(window) = CoarseWindow::around(start, start + TimeDelta::minutes(minutes)) {
                hours[hour].extend(sealed_slot_reports(&location, &window));
            }
        }
    }
    hours
        .into_iter()
        .enumerate()
        .filter_map(|(h, reports)| {
            let hour = first_hour + 24 + h as u64;
            seal_hour(hour, &[ReportGroup { terms: terms(), reports }], key).ok().map(|sealed| (hour, sealed))
        })
        .collect()
}

/// A case's visit: any instant of the 10 days before its publication hour.
fn case_visit_start(hour: usize, random: &mut impl FnMut() -> u64) -> DateTime<Utc> {
    visit_start() + TimeDelta::hours(24 + hour as i64) - TimeDelta::minutes(180 + (random() % (10 * 24 * 60)) as i64)
}

fn phone_place(i: usize) -> LocationId {
    place(900_000 + i)
}

fn phone_visit_start(i: usize) -> DateTime<Utc> {
    visit_start() - TimeDelta::hours(8 * i as i64 + 3)
}

/// The phone of the peak day: three visits a day for 14 days, at its own places.
pub fn peak_phone() -> SlotMatcher {
    let visits = (0..PHONE_VISITS)
        .map(|i| VisitedLocation {
            visit_id: i as i64,
            location: phone_place(i),
            start: phone_visit_start(i),
            end: phone_visit_start(i) + TimeDelta::minutes(75),
        })
        .collect();
    SlotMatcher::new(visits, MIN_OVERLAP)
}

/// The phone's day: every hour's summary, then only the buckets its tags point to.
pub fn phone_day(hours: &[(u64, SealedHour)], key: &PublisherPublicKey, phone: &SlotMatcher) -> PhoneDay {
    let mut day = PhoneDay::default();
    for (hour, sealed) in hours {
        day.bytes += sealed.summary.len() as u64;
        let Ok(summary) = HourSummary::open(&sealed.summary, std::slice::from_ref(key), *hour) else { continue };
        for index in summary.buckets_for(&phone.tags_until(*hour)) {
            let bytes = &sealed.buckets[usize::from(index)];
            day.bytes += bytes.len() as u64;
            day.buckets += 1;
            if let Ok(reports) = summary.read_bucket(index, bytes) {
                tally(&mut day, reports.iter().map(|r| phone.check(r, *hour)));
            }
        }
    }
    day
}
