//! Exposure-warning sync: the signed index, then each new hourly bundle streamed through the
//! matcher; one transaction per bundle stores its alerts and marks it done. The store is
//! taken for each step and never held while the network is waited on.

use std::ops::DerefMut;

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::SyncError;
use super::hashing::HashingReader;
use crate::checkin::visited_locations;
use crate::exposure::{
    ExposureMatch, ExposureMatcher, IndexEntry, MAX_INDEX_LEN, PublisherPublicKey, WarningIndex, match_bundle, record_matches,
};
use crate::remote::{Fetched, ServerClient};
use crate::store::{Store, alerts, settings};

/// Default least overlap between a visit and a confirmed case's presence that alerts.
pub const DEFAULT_MIN_OVERLAP_MINUTES: i64 = 15;

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
    pub bundles_matched: usize,
    /// Alerts stored now.
    pub new_alerts: usize,
    /// Body bytes downloaded (the index, when it changed, and each new bundle).
    pub bytes_downloaded: u64,
    /// How long the server lets caches keep the index: asking again sooner cannot find
    /// anything new. `None` when the server did not say.
    pub fresh_for: Option<Duration>,
}

/// Fetches the warning index and every bundle not matched yet, verifies each against the
/// pinned `publishers`, matches it against the diary and stores the alerts. `store` is called
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
    let seen = settings::get(store().read(), INDEX_GENERATED_AT)?.and_then(|text| DateTime::parse_from_rfc3339(&text).ok());
    if seen.is_some_and(|seen| index.generated_at < seen) {
        return Err(SyncError::StaleIndex);
    }
    let matcher = ExposureMatcher::new(visited_locations(&store(), now)?, min_overlap);
    let mut report = WarningSyncReport { fresh_for, bytes_downloaded: bytes.len() as u64, ..WarningSyncReport::default() };
    for entry in &index.bundles {
        if alerts::bundle_processed(store().read(), entry.hour)? {
            continue;
        }
        let (matches, downloaded) = fetch_and_match(client, entry, publishers, &matcher)?;
        report.bytes_downloaded += downloaded;
        let mut store = store();
        let tx = store.write()?;
        report.new_alerts += record_matches(&tx, &matches, entry.hour, now)?;
        alerts::mark_bundle_processed(&tx, entry.hour, &entry.sha256, now)?;
        tx.commit()?;
        report.bundles_matched += 1;
    }
    let mut store = store();
    let tx = store.write()?;
    if let Some(oldest) = index.bundles.iter().map(|e| e.hour).min() {
        alerts::forget_bundles_before(&tx, oldest)?;
    }
    settings::set(&tx, INDEX_GENERATED_AT, &index.generated_at.to_rfc3339())?;
    if let Some(etag) = etag {
        settings::set(&tx, INDEX_ETAG, &etag)?;
    }
    tx.commit()?;
    Ok(report)
}

/// Streams the bundle of `entry.hour` through the matcher; the matches and the bytes read.
/// Matches are returned only when the signature holds and the bytes are the ones the signed
/// index lists.
fn fetch_and_match(
    client: &ServerClient,
    entry: &IndexEntry,
    publishers: &[PublisherPublicKey],
    matcher: &ExposureMatcher,
) -> Result<(Vec<ExposureMatch>, u64), SyncError> {
    let mut reader = HashingReader::new(client.stream(&format!("/v1/warnings/{}", entry.hour))?);
    let found = match_bundle(&mut reader, publishers, entry.hour, matcher)?;
    let read = reader.bytes_read();
    if reader.digest() != entry.sha256 {
        return Err(SyncError::BundleMismatch);
    }
    Ok((found.matches, read))
}
