//! What background sync costs a phone in a day: bytes downloaded and CPU time, measured.
//!
//! A CDN stand-in on loopback (`support/static_http.rs`: ETag, 304, `Cache-Control:
//! public, max-age=60` as the server sends for the index) publishes one signed hour every hour
//! of a simulated day, in warnings format v2 (issue 14: a signed summary with a tag filter,
//! then buckets; each uploading case shares 10 visits of 30–120 minutes, one slot report per
//! hour slot a visit touches). The phone — a real SQLite diary of 60 visits (three weeks of
//! three visits a day), one of them at a place a confirmed case reported — is woken every 15
//! minutes, as often as Android's WorkManager allows, and calls `notify::background_wake`,
//! which syncs only when its schedule says a sync is due; a sync fetches the index (or a 304),
//! each new hour's summary and only the buckets the phone's own tags point to.
//!
//! Bytes are everything the server sent (headers included). CPU time is the whole process's
//! running time during each wake (Linux `schedstat`, all threads): the phone's sync, matching
//! and SQLite, plus the loopback server's sending, so it is an upper bound of the phone's share.
//!
//! `cargo run --release -p healthpass-core --example background_sync_day -- [CASES_PER_DAY]`
//! (default 2,000 uploading cases a day; issue 14's peak model is 20,000).

#[path = "support/static_http.rs"]
mod static_http;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use healthpass_core::checkin::{check_in, check_out};
use healthpass_core::exposure::{
    Advice, CoarseWindow, IndexEntry, InfectiousPeriod, LocationId, PublisherSigningKey, ReportGroup, SLOT_REPORT_LEN,
    SealedHour, SlotReport, WarningIndex, WarningTerms, seal_hour, sealed_slot_reports,
};
use healthpass_core::notify::{Language, background_wake};
use healthpass_core::remote::{ServerClient, UreqTransport};
use healthpass_core::store::Store;
use healthpass_core::venue::{DefaultStay, RegistrySigningKey, SignedPoster, VenueCategory, VenueDetails, VenuePoster};
use sha2::{Digest, Sha256};
use static_http::StaticServer;

/// The phone's wake-up period: WorkManager's shortest periodic interval.
const WAKE_EVERY: TimeDelta = TimeDelta::minutes(15);
/// Visits in the diary.
const VISITS: i64 = 60;
/// Visits each uploading case shares.
const VISITS_PER_CASE: usize = 10;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cases_per_day: usize = std::env::args().nth(1).map(|text| text.parse()).transpose()?.unwrap_or(2_000);
    let day_start = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).single().ok_or("start instant")?;
    let key = PublisherSigningKey::generate();
    let registry = RegistrySigningKey::generate();

    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("diary.db"))?;
    let mut warned_place = None;
    for i in 0..VISITS {
        // Three visits a day over the three weeks before the measured day.
        let start = day_start - TimeDelta::hours(8 * (VISITS - i));
        let poster = poster(&registry, i, day_start)?;
        check_in(&mut store, &poster, start)?;
        check_out(&mut store, start + TimeDelta::minutes(45))?;
        if i == VISITS - 1 {
            warned_place = Some((LocationId::of_venue(&poster).ok_or("a poster with its seed")?, start));
        }
    }
    let (warned_place, warned_start) = warned_place.ok_or("no visit")?;

    let server = StaticServer::start("public, max-age=60")?;
    let client = ServerClient::new(&server.url, Arc::new(UreqTransport::new()))?;
    let publishers = [key.public_key()];
    let store = Mutex::new(store);
    let cases_per_hour = cases_per_day / 24;
    println!(
        "format: warnings v2 (hour summary + buckets), {SLOT_REPORT_LEN}-byte slot reports; {cases_per_day} uploading cases a day \
         ({cases_per_hour} an hour) × {VISITS_PER_CASE} visits; phone: {VISITS} visits, woken every {} min",
        WAKE_EVERY.num_minutes()
    );

    // The phone synced just before the day began; the day's bundles appear one an hour.
    let mut index = WarningIndex { generated_at: day_start, bundles: Vec::new() };
    server.publish("/v1/warnings/index", index.seal(&key));
    let wake = |now| {
        background_wake(
            || store.lock().unwrap_or_else(std::sync::PoisonError::into_inner),
            &client,
            &publishers,
            TimeDelta::minutes(15),
            Language::English,
            now,
        )
    };
    wake(day_start)?;

    let (mut syncs, mut unchanged, mut notifications, mut total_bytes, mut total_cpu) = (0, 0, 0, 0_u64, 0_f64);
    let mut sync_cpu = Vec::new();
    let mut now = day_start + WAKE_EVERY;
    while now <= day_start + TimeDelta::days(1) {
        // Bundles of hours that ended by now are published at the top of the next hour.
        while index.bundles.len() < usize::try_from((now - day_start).num_hours())? {
            let hour = u64::try_from(day_start.timestamp() / 3600)? + index.bundles.len() as u64;
            let warning = (index.bundles.len() == 5).then_some((warned_place, warned_start));
            let (reports, sealed) = hour_bundle(hour, cases_per_hour, warning, &key)?;
            index.bundles.push(IndexEntry { hour, reports, sha256: Sha256::digest(&sealed.summary).into() });
            index.generated_at = day_start + TimeDelta::hours(i64::try_from(index.bundles.len())?);
            server.publish(&format!("/v1/warnings/{hour}"), sealed.summary);
            for (i, bucket) in sealed.buckets.into_iter().enumerate() {
                server.publish(&format!("/v1/warnings/{hour}/{i}"), bucket);
            }
            server.publish("/v1/warnings/index", index.seal(&key));
        }
        let (bytes_before, cpu_before) = (server.bytes_sent(), cpu_seconds());
        let run = wake(now)?;
        let (bytes, cpu) = (server.bytes_sent() - bytes_before, cpu_seconds() - cpu_before);
        total_bytes += bytes;
        total_cpu += cpu;
        notifications += usize::from(run.plan.exposure.is_some());
        if run.synced.is_some() {
            syncs += 1;
            sync_cpu.push(cpu);
            let matched = run.report.map_or(0, |report| report.bundles_matched);
            unchanged += usize::from(matched == 0);
            println!("{}  sync: {matched:2} new bundles, {bytes:>10} bytes, {:8.1} ms CPU", now.format("%H:%M"), cpu * 1e3);
        }
        now += WAKE_EVERY;
    }
    sync_cpu.sort_by(f64::total_cmp);
    println!(
        "day: {} wakes, {syncs} syncs ({unchanged} found nothing new), {notifications} exposure notification(s); \
         {total_bytes} bytes ({:.2} MB) downloaded, {:.0} ms CPU in total, median {:.1} ms CPU per sync",
        TimeDelta::days(1).num_minutes() / WAKE_EVERY.num_minutes(),
        total_bytes as f64 / 1e6,
        total_cpu * 1e3,
        sync_cpu.get(sync_cpu.len() / 2).copied().unwrap_or_default() * 1e3
    );
    Ok(())
}

/// The poster of the `i`-th venue visited.
fn poster(registry: &RegistrySigningKey, i: i64, day_start: DateTime<Utc>) -> Result<SignedPoster, Box<dyn std::error::Error>> {
    let details = VenueDetails {
        name: format!("Toko {i}"),
        address: "Jl. Merdeka 5, Malang".into(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(60)?,
        valid_from: day_start - TimeDelta::days(365),
        valid_until: day_start + TimeDelta::days(365),
    };
    Ok(registry.sign_poster(VenuePoster::for_new_venue(details)?))
}

/// The hour `hour` as published: the uploads of `cases` cases, each 10 visits of 30–120
/// minutes at places of its own during the 10 days before; with `warning`, one more case was at
/// that place for an hour from that instant. Returns the report count and the sealed hour.
fn hour_bundle(
    hour: u64,
    cases: usize,
    warning: Option<(LocationId, DateTime<Utc>)>,
    key: &PublisherSigningKey,
) -> Result<(u32, SealedHour), Box<dyn std::error::Error>> {
    let published = DateTime::from_timestamp(i64::try_from(hour)? * 3600, 0).ok_or("hour")?;
    let period = InfectiousPeriod::new(published - TimeDelta::days(14), published + TimeDelta::hours(1))?;
    let terms = WarningTerms { advice: Advice::GetTested, period };
    let mut reports: Vec<SlotReport> = Vec::new();
    for _ in 0..cases * VISITS_PER_CASE {
        let [place, timing] = [healthpass_core::random::bytes::<32>(), healthpass_core::random::bytes::<32>()];
        let minutes_before = 180 + i64::from(u16::from_le_bytes([timing[0], timing[1]])) % (10 * 24 * 60 - 180);
        let start = published - TimeDelta::minutes(minutes_before);
        let window = CoarseWindow::around(start, start + TimeDelta::minutes(30 + i64::from(timing[2] % 91)))?;
        reports.extend(sealed_slot_reports(&LocationId(place), &window));
    }
    if let Some((place, start)) = warning {
        reports.extend(sealed_slot_reports(&place, &CoarseWindow::around(start, start + TimeDelta::hours(1))?));
    }
    let count = u32::try_from(reports.len())?;
    Ok((count, seal_hour(hour, &[ReportGroup { terms, reports }], key)?))
}

/// CPU time of this process so far, in seconds: the sum over its threads of the time each
/// spent running (`/proc/self/task/*/schedstat`, nanoseconds). Every thread of the run (this
/// one, the HTTP client's and the server's) lives until the end, so none is missed.
fn cpu_seconds() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return f64::NAN;
    };
    let nanoseconds: u64 = tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|line| line.split_whitespace().next().and_then(|ns| ns.parse::<u64>().ok()))
        .sum();
    nanoseconds as f64 / 1e9
}
