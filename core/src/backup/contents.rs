//! What a backup keeps (the contents JSON inside the encrypted blob): the visits within
//! retention with the poster bytes exposure matching needs, the wallet's certificates with
//! their holders, the exposure alerts, and the retention setting. The trust list, rule set and
//! warning bundles are signed public documents the phone fetches again, so they are left out.
//!
//! The contents are independent of the store's schema: a backup written before a store
//! migration restores after it. Instants are Unix seconds (UTC); bytes are base64url.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::BackupError;

/// The contents version this build writes and the newest it reads.
pub const CONTENTS_VERSION: u32 = 1;

/// Everything one backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupContents {
    /// [`CONTENTS_VERSION`] when written.
    pub version: u32,
    /// When the backup was made (Unix seconds, UTC).
    pub made_at: i64,
    /// The citizen's visit retention in days, if set.
    pub retention_days: Option<u32>,
    /// Visits, newest check-in first.
    pub visits: Vec<BackedUpVisit>,
    /// Wallet certificates, by holder then oldest first.
    pub certificates: Vec<BackedUpCertificate>,
    /// Exposure alerts, newest warning first.
    pub alerts: Vec<BackedUpAlert>,
}

/// One visit as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackedUpVisit {
    /// `healthpass` or `cwa`.
    pub poster_kind: String,
    /// The registry venue id (base64url of 16 bytes), absent for CWA posters.
    pub venue_id: Option<String>,
    /// The venue's name.
    pub venue_name: String,
    /// The venue's address.
    pub venue_address: String,
    /// The venue category's stable name.
    pub category: String,
    /// The venue's default stay in minutes.
    pub default_stay_min: u32,
    /// The poster's payload bytes (base64url), from which matching derives the location.
    pub poster: String,
    /// Check-in (Unix seconds).
    pub checked_in_at: i64,
    /// Check-out (Unix seconds), if a check-out closed the visit.
    pub checked_out_at: Option<i64>,
    /// `manual`, `rescan` or `superseded`, with `checked_out_at`.
    pub checkout_kind: Option<String>,
}

/// One wallet certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackedUpCertificate {
    /// The family member it belongs to.
    pub holder: String,
    /// The QR text exactly as added (decoded and fingerprinted again on restore).
    pub qr_text: String,
    /// When it was added (Unix seconds).
    pub added_at: i64,
}

/// One exposure alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackedUpAlert {
    /// [`BackedUpVisit::key`] of the visit it concerns, if that visit is in the backup.
    pub visit_key: Option<String>,
    /// The venue's name.
    pub venue_name: String,
    /// Visit start (Unix seconds).
    pub visit_start: i64,
    /// Visit end (Unix seconds).
    pub visit_end: i64,
    /// Start of the confirmed case's presence (Unix seconds).
    pub warning_start: i64,
    /// End of the confirmed case's presence (Unix seconds).
    pub warning_end: i64,
    /// The advice's stable name.
    pub advice: String,
    /// Minutes of overlap.
    pub overlap_minutes: i64,
    /// Hour slot of the bundle it came from.
    pub bundle_hour: u64,
    /// When the phone found the match (Unix seconds).
    pub received_at: i64,
}

impl BackedUpVisit {
    /// The visit's identity across devices: the same poster checked in at the same second is
    /// the same visit. 32 hex digits of SHA-256 over the check-in and the poster bytes.
    pub fn key(&self) -> String {
        visit_key(self.checked_in_at, &self.poster)
    }

    /// When the visit ended for retention: its check-out, else check-in plus the default stay.
    fn ended_at(&self) -> i64 {
        self.checked_out_at.unwrap_or_else(|| self.checked_in_at.saturating_add(i64::from(self.default_stay_min) * 60))
    }
}

/// The key of the visit checked in at `checked_in_at` (Unix seconds) from the poster whose
/// payload is `poster` (base64url).
pub(crate) fn visit_key(checked_in_at: i64, poster: &str) -> String {
    let digest = Sha256::new().chain_update(checked_in_at.to_be_bytes()).chain_update(poster.as_bytes()).finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

impl BackupContents {
    /// Reads the contents JSON from an opened blob; a newer contents version is refused.
    pub fn from_json(bytes: &[u8]) -> Result<Self, BackupError> {
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        let version: Version = serde_json::from_slice(bytes).map_err(|_| BackupError::MalformedContents("json"))?;
        if version.version > CONTENTS_VERSION {
            return Err(BackupError::NewerFormat { found: u8::try_from(version.version).unwrap_or(u8::MAX) });
        }
        serde_json::from_slice(bytes).map_err(|_| BackupError::MalformedContents("json"))
    }

    /// The contents JSON, ready to seal.
    pub fn to_json(&self) -> Vec<u8> {
        // Plain structs of strings and integers always serialise.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The contents with everything that ended more than `retention_days` (the contents' own
    /// setting, else `default_days`) before `now` removed, as the phone's purge removes it.
    pub fn within_retention(mut self, now: DateTime<Utc>, default_days: u32) -> Self {
        let days = self.retention_days.unwrap_or(default_days);
        let cutoff = now.checked_sub_signed(TimeDelta::days(i64::from(days))).map_or(i64::MIN, |c| c.timestamp());
        self.visits.retain(|visit| visit.ended_at() >= cutoff);
        self.alerts.retain(|alert| alert.warning_end >= cutoff);
        self
    }

    /// The union of two backups of one person (a phone's and a tablet's), each visit,
    /// certificate and alert once. A visit closed on one device and open on the other is
    /// taken as closed; the retention setting of the newer backup wins.
    pub fn merge(self, other: BackupContents) -> BackupContents {
        let (newer, older) = if other.made_at > self.made_at { (other, self) } else { (self, other) };
        let mut visits: BTreeMap<String, BackedUpVisit> = BTreeMap::new();
        for visit in newer.visits.into_iter().chain(older.visits) {
            let key = visit.key();
            match visits.get(&key) {
                Some(kept) if kept.checked_out_at.is_some() || visit.checked_out_at.is_none() => {}
                _ => {
                    visits.insert(key, visit);
                }
            }
        }
        let mut certificates: BTreeMap<String, BackedUpCertificate> = BTreeMap::new();
        for certificate in newer.certificates.into_iter().chain(older.certificates) {
            certificates.entry(certificate.qr_text.clone()).or_insert(certificate);
        }
        let mut alerts: BTreeMap<(Option<String>, i64, i64, i64), BackedUpAlert> = BTreeMap::new();
        for alert in newer.alerts.into_iter().chain(older.alerts) {
            alerts.entry((alert.visit_key.clone(), alert.visit_start, alert.warning_start, alert.warning_end)).or_insert(alert);
        }
        let mut merged = BackupContents {
            version: CONTENTS_VERSION,
            made_at: newer.made_at,
            retention_days: newer.retention_days.or(older.retention_days),
            visits: visits.into_values().collect(),
            certificates: certificates.into_values().collect(),
            alerts: alerts.into_values().collect(),
        };
        merged.sort();
        merged
    }

    /// Puts each list in its documented order, so equal contents serialise equally.
    pub(crate) fn sort(&mut self) {
        self.visits.sort_by_key(|v| std::cmp::Reverse((v.checked_in_at, v.key())));
        self.certificates.sort_by(|a, b| (&a.holder, a.added_at, &a.qr_text).cmp(&(&b.holder, b.added_at, &b.qr_text)));
        self.alerts.sort_by_key(|a| std::cmp::Reverse((a.warning_start, a.visit_start)));
    }
}
