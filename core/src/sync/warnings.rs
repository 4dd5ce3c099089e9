//! Exposure-warning sync (format v2): the signed index, then for each new hour its signed
//! summary, and only the buckets whose reports may carry one of the phone's own tags; one
//! transaction per hour stores its alerts and ignored count and marks it done. The store is
//! taken for each step and never held while the network is waited on.

use std::ops::DerefMut;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};

use super::SyncError;
use crate::checkin::visited_locations;
use crate::exposure::{
    ExposureMatch, HourSummary, IndexEntry, MAX_INDEX_LEN, MAX_SUMMARY_LEN, PublisherPublicKey, SlotMatcher, SlotOutcome,
    WarningIndex, record_matches,
};
use crate::remote::{Fetched, ServerClient};
use crate::store::{Store, matched_bundles, settings};

/// Settings key of the ETag of the last index processed completely.
const INDEX_ETAG: &str = "warnings.index_etag";
/// Settings key of the `generated_at` of the newest index seen.
const INDEX_GENERATED_AT: &str = "warnings.index_generated_at";

/// What one warning sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WarningSyncReport {
    /// The server's index had not changed since the last complete sync.
    pub unchanged: bool,
    /// Bundles fetched and matched now.
    pub bundles_matched: u32,
    /// Alerts stored now (notify the citizen when > 0).
    pub new_alerts: u32,
    /// Reports carrying one of the phone's tags that the bounds refused (too long, after their
    /// bundle's hour, outside the infectious period, undecryptable): counted, never alerted.
    pub ignored_warnings: u32,
    /// Bytes downloaded now (index, summaries, buckets).
    pub bytes_downloaded: u64,
    /// How long the server lets caches keep the index: asking again sooner cannot find
    /// anything new. `None` when the server did not say.
    pub fresh_for: Option<Duration>,
}

/// Fetches the warning index and every hour not matched yet, verifies each against the pinned
/// `publishers`, matches it against the diary and stores the alerts. `store` is called
/// for each step that reads or writes the store (a phone passes its lock), so a check-in never
/// waits for a slow download.
pub fn sync_warnings<S: DerefMut<Target = Store>>(
    store: impl Fn() -> S,
    client: &ServerClient,
    publishers: &[PublisherPublicKey],
    min_overlap: TimeDelta,
    now: DateTime<Utc>,
) -> Result<WarningSyncReport, SyncError> {
    let known_etag = settings::get(store().read(), INDEX_ETAG)?;
    let (bytes, etag, fresh_for) = match client.fetch("/v1/warnings/index", known_etag.as_deref(), MAX_INDEX_LEN as u64)? {
        Fetched::NotModified { fresh_for } => {
            return Ok(WarningSyncReport { unchanged: true, fresh_for, ..WarningSyncReport::default() });
        }
        Fetched::Body { bytes, etag, fresh_for } => (bytes, etag, fresh_for),
    };
    let index = WarningIndex::open(&bytes, publishers)?;
    let mut report = WarningSyncReport { bytes_downloaded: bytes.len() as u64, fresh_for, ..WarningSyncReport::default() };
    let seen = settings::get(store().read(), INDEX_GENERATED_AT)?.and_then(|text| DateTime::parse_from_rfc3339(&text).ok());
    if seen.is_some_and(|seen| index.generated_at < seen) {
        return Err(SyncError::StaleIndex);
    }
    let matcher = SlotMatcher::new(visited_locations(&store(), now)?, min_overlap);
    for entry in &index.bundles {
        if matched_bundles::bundle_processed(store().read(), entry.hour)? {
            continue;
        }
        let hour = fetch_and_match(client, entry, publishers, &matcher)?;
        let mut store = store();
        let tx = store.write()?;
        report.new_alerts = report.new_alerts.saturating_add(record_matches(&tx, &hour.matches, entry.hour, now)?);
        matched_bundles::mark_bundle_processed(&tx, entry.hour, &entry.sha256, hour.ignored, now)?;
        tx.commit()?;
        report.bundles_matched = report.bundles_matched.saturating_add(1);
        report.ignored_warnings = report.ignored_warnings.saturating_add(u32::try_from(hour.ignored).unwrap_or(u32::MAX));
        report.bytes_downloaded = report.bytes_downloaded.saturating_add(hour.bytes);
    }
    let mut store = store();
    let tx = store.write()?;
    if let Some(oldest) = index.bundles.iter().map(|e| e.hour).min() {
        matched_bundles::forget_bundles_before(&tx, oldest)?;
    }
    settings::set(&tx, INDEX_GENERATED_AT, &index.generated_at.to_rfc3339())?;
    if let Some(etag) = etag {
        settings::set(&tx, INDEX_ETAG, &etag)?;
    }
    tx.commit()?;
    Ok(report)
}

/// What one hour held for this phone.
struct HourMatches {
    matches: Vec<ExposureMatch>,
    ignored: usize,
    bytes: u64,
}

/// Fetches the summary of `entry.hour` (checked against the signed index), then only the
/// buckets the summary's filter points the phone's tags to, and judges their reports.
fn fetch_and_match(
    client: &ServerClient,
    entry: &IndexEntry,
    publishers: &[PublisherPublicKey],
    matcher: &SlotMatcher,
) -> Result<HourMatches, SyncError> {
    let Fetched::Body { bytes, .. } = client.fetch(&format!("/v1/warnings/{}", entry.hour), None, MAX_SUMMARY_LEN as u64)? else {
        return Err(SyncError::BundleMismatch);
    };
    if <[u8; 32]>::from(Sha256::digest(&bytes)) != entry.sha256 {
        return Err(SyncError::BundleMismatch);
    }
    let summary = HourSummary::open(&bytes, publishers, entry.hour)?;
    let mut found = HourMatches { matches: Vec::new(), ignored: 0, bytes: bytes.len() as u64 };
    for index in summary.buckets_for(&matcher.tags_until(entry.hour)) {
        let path = format!("/v1/warnings/{}/{index}", entry.hour);
        let Fetched::Body { bytes, .. } = client.fetch(&path, None, summary.bucket_len(index))? else {
            return Err(SyncError::BundleMismatch);
        };
        found.bytes += bytes.len() as u64;
        for published in summary.read_bucket(index, &bytes)? {
            match matcher.check(&published, entry.hour) {
                SlotOutcome::NoMatch => {}
                SlotOutcome::Ignored(_) => found.ignored += 1,
                SlotOutcome::Matched(matches) => found.matches.extend(matches),
            }
        }
    }
    Ok(found)
}
