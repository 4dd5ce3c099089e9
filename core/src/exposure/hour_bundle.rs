//! Hour bundles (format v2): everything published in one hour slot, as one signed summary a
//! phone always downloads and buckets it fetches only when the summary's filter says so.
//!
//! Summary (`GET /v1/warnings/{hour}`):
//! ```text
//! "HPWS" | version u8 = 2 | key id (8) | hour u64 | reports u32 | rice bits u8 | groups u8
//!        | buckets u16 | groups × WarningTerms (9) | buckets × (reports u32 | SHA-256 (32))
//!        | Golomb–Rice filter of all tags (to the signature) | Ed25519 signature (64)
//! ```
//! The signature covers `"healthpass/warning-hour/v2\0"` and every byte before it.
//! Bucket `i` (`GET /v1/warnings/{hour}/{i}`): its reports, each `group u8 | slot report (50)`;
//! a report is in bucket `u64(tag[8..16]) mod buckets`. The reports of all submissions are
//! shuffled together before they are split, so neither order nor bucket links two reports.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};
use thiserror::Error;

use super::slot::SlotTag;
use super::slot_report::{SLOT_REPORT_LEN, SlotReport};
use super::tag_filter::{DEFAULT_RICE_BITS, FilterError, TagFilter};
use super::terms::{TermsError, WARNING_TERMS_LEN, WarningTerms};
use super::{PublisherPublicKey, PublisherSigningKey};
use crate::keys::KeyId;

/// The first four bytes of every hour summary.
pub const HOUR_MAGIC: [u8; 4] = *b"HPWS";
/// The format version this build reads and writes.
pub const HOUR_VERSION: u8 = 2;
/// The most reports one hour may publish (about 50 MiB of buckets).
pub const MAX_HOUR_REPORTS: u32 = 1_048_576;
/// Largest summary accepted, in bytes (the filter of [`MAX_HOUR_REPORTS`] at 20 Rice bits fits).
pub const MAX_SUMMARY_LEN: usize = 4 * 1024 * 1024;
/// Bytes of one bucket record: group index, slot report.
pub const BUCKET_RECORD_LEN: usize = 1 + SLOT_REPORT_LEN;
/// Reports per bucket the publisher aims at: a false positive of the filter costs a phone
/// about 10 KB, and the bucket table costs 36 bytes a bucket.
pub const TARGET_BUCKET_REPORTS: usize = 200;
const HEADER_LEN: usize = 4 + 1 + 8 + 8 + 4 + 1 + 1 + 2;
const BUCKET_ENTRY_LEN: usize = 4 + 32;
const SIGNATURE_LEN: usize = 64;
const SIGNATURE_CONTEXT: &[u8] = b"healthpass/warning-hour/v2\0";

/// Why an hour summary or bucket was refused, or could not be sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum HourBundleError {
    /// The bytes end before the header, tables or signature are complete.
    #[error("the hour summary is truncated")]
    Truncated,
    /// Larger than [`MAX_SUMMARY_LEN`], more than [`MAX_HOUR_REPORTS`] reports, or more than
    /// 255 groups.
    #[error("the hour bundle is too large")]
    TooLarge,
    /// The bytes do not start with `HPWS`.
    #[error("not an hour summary")]
    BadMagic,
    /// A format version this build does not read.
    #[error("unsupported hour summary version {0}")]
    UnsupportedVersion(u8),
    /// No trusted publisher key has the header's key id.
    #[error("the hour summary is signed by an unknown publisher key {0}")]
    UnknownKeyId(KeyId),
    /// The signature does not match: forged or altered.
    #[error("the hour summary's signature is forged or it was altered")]
    ForgedSignature,
    /// Signed for another hour than the one asked for (a replay).
    #[error("the hour summary is for hour {found}, not {expected}")]
    WrongHour {
        /// The hour asked for.
        expected: u64,
        /// The hour in the signed header.
        found: u64,
    },
    /// The signed terms of a group are invalid.
    #[error("a group's terms are invalid: {0}")]
    Terms(#[from] TermsError),
    /// The filter is malformed, or the tables disagree with the report count.
    #[error("the hour summary's filter or tables are malformed")]
    Filter(#[from] FilterError),
    /// A bucket's bytes are not the ones the signed summary lists.
    #[error("bucket {0} does not match the signed summary")]
    BucketMismatch(u16),
    /// A bucket record names a group the summary does not have.
    #[error("a report names an unknown group")]
    UnknownGroup,
}

impl HourBundleError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            HourBundleError::Truncated => "truncated",
            HourBundleError::TooLarge => "too_large",
            HourBundleError::BadMagic => "bad_magic",
            HourBundleError::UnsupportedVersion(_) => "unsupported_version",
            HourBundleError::UnknownKeyId(_) => "unknown_key_id",
            HourBundleError::ForgedSignature => "forged_signature",
            HourBundleError::WrongHour { .. } => "wrong_hour",
            HourBundleError::Terms(_) => "invalid_terms",
            HourBundleError::Filter(_) => "malformed_filter",
            HourBundleError::BucketMismatch(_) => "bucket_mismatch",
            HourBundleError::UnknownGroup => "unknown_group",
        }
    }
}

/// One group of a bundle: the reports published under the same terms (several submissions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportGroup {
    /// The officer's advice and infectious period for these reports.
    pub terms: WarningTerms,
    /// The reports.
    pub reports: Vec<SlotReport>,
}

/// A sealed hour: the signed summary and every bucket file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedHour {
    /// The signed summary, served at `/v1/warnings/{hour}`.
    pub summary: Vec<u8>,
    /// Bucket `i`, served at `/v1/warnings/{hour}/{i}`.
    pub buckets: Vec<Vec<u8>>,
}

/// A published report with the terms of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedReport {
    /// The advice and infectious period the publisher signed for it.
    pub terms: WarningTerms,
    /// The report.
    pub report: SlotReport,
}

/// Shuffles the reports of every group together, splits them into buckets and signs the
/// hour's summary (the publisher's side).
pub fn seal_hour(hour: u64, groups: &[ReportGroup], key: &PublisherSigningKey) -> Result<SealedHour, HourBundleError> {
    let group_count = u8::try_from(groups.len()).map_err(|_| HourBundleError::TooLarge)?;
    let mut records: Vec<(u8, SlotReport)> = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        // At most 255 groups (checked above), so the index fits a byte.
        records.extend(group.reports.iter().map(|report| (index as u8, *report)));
    }
    let total = u32::try_from(records.len()).ok().filter(|n| *n <= MAX_HOUR_REPORTS).ok_or(HourBundleError::TooLarge)?;
    crate::random::shuffle(&mut records);
    // At most MAX_HOUR_REPORTS / 200 + 1 buckets, which fits a u16.
    let bucket_count = records.len().div_ceil(TARGET_BUCKET_REPORTS).max(1) as u16;
    let mut buckets = vec![Vec::new(); usize::from(bucket_count)];
    for (group, report) in &records {
        let bucket = &mut buckets[usize::from(bucket_of(&report.tag, bucket_count))];
        bucket.push(*group);
        bucket.extend_from_slice(&report.to_bytes());
    }
    let filter = TagFilter::build(records.iter().map(|(_, report)| report.tag), DEFAULT_RICE_BITS);
    let mut summary = Vec::new();
    summary.extend_from_slice(&HOUR_MAGIC);
    summary.push(HOUR_VERSION);
    summary.extend_from_slice(&key.public_key().key_id().0);
    summary.extend_from_slice(&hour.to_be_bytes());
    summary.extend_from_slice(&total.to_be_bytes());
    summary.push(filter.rice_bits());
    summary.push(group_count);
    summary.extend_from_slice(&bucket_count.to_be_bytes());
    groups.iter().for_each(|group| summary.extend_from_slice(&group.terms.to_bytes()));
    for bucket in &buckets {
        // A bucket holds at most `total` records, a u32.
        summary.extend_from_slice(&((bucket.len() / BUCKET_RECORD_LEN) as u32).to_be_bytes());
        summary.extend_from_slice(&Sha256::digest(bucket));
    }
    summary.extend_from_slice(&filter.to_bytes());
    if summary.len() + SIGNATURE_LEN > MAX_SUMMARY_LEN {
        return Err(HourBundleError::TooLarge);
    }
    let signature = key.sign(&[SIGNATURE_CONTEXT, &summary].concat());
    summary.extend_from_slice(&signature);
    Ok(SealedHour { summary, buckets })
}

/// A verified hour summary: the groups' terms, the bucket table and the tag filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HourSummary {
    /// The publisher key that signed it.
    pub key_id: KeyId,
    /// The hour slot it publishes.
    pub hour: u64,
    /// Reports published in the hour.
    pub reports: u32,
    groups: Vec<WarningTerms>,
    buckets: Vec<(u32, [u8; 32])>,
    filter: TagFilter,
}

impl HourSummary {
    /// Verifies a summary against the trusted publisher keys and `expected_hour`, then reads
    /// it; nothing after the header is parsed before the signature holds.
    pub fn open(bytes: &[u8], trusted: &[PublisherPublicKey], expected_hour: u64) -> Result<Self, HourBundleError> {
        if bytes.len() > MAX_SUMMARY_LEN {
            return Err(HourBundleError::TooLarge);
        }
        if bytes.len() < HEADER_LEN + SIGNATURE_LEN {
            return Err(HourBundleError::Truncated);
        }
        if bytes[..4] != HOUR_MAGIC {
            return Err(HourBundleError::BadMagic);
        }
        if bytes[4] != HOUR_VERSION {
            return Err(HourBundleError::UnsupportedVersion(bytes[4]));
        }
        let (signed, signature) = bytes.split_at(bytes.len() - SIGNATURE_LEN);
        let key_id = KeyId(array(&signed[5..13])?);
        let keys: Vec<&PublisherPublicKey> = trusted.iter().filter(|key| key.key_id() == key_id).collect();
        if keys.is_empty() {
            return Err(HourBundleError::UnknownKeyId(key_id));
        }
        let signature: [u8; SIGNATURE_LEN] = array(signature)?;
        let message = [SIGNATURE_CONTEXT, signed].concat();
        if !keys.iter().any(|key| key.verifies(&message, &signature)) {
            return Err(HourBundleError::ForgedSignature);
        }
        let hour = u64::from_be_bytes(array(&signed[13..21])?);
        if hour != expected_hour {
            return Err(HourBundleError::WrongHour { expected: expected_hour, found: hour });
        }
        let reports = u32::from_be_bytes(array(&signed[21..25])?);
        if reports > MAX_HOUR_REPORTS {
            return Err(HourBundleError::TooLarge);
        }
        let rice_bits = signed[25];
        let group_count = usize::from(signed[26]);
        let bucket_count = usize::from(u16::from_be_bytes(array(&signed[27..29])?));
        let tables_end = HEADER_LEN + group_count * WARNING_TERMS_LEN + bucket_count * BUCKET_ENTRY_LEN;
        let tables = signed.get(HEADER_LEN..tables_end).ok_or(HourBundleError::Truncated)?;
        let (terms, entries) = tables.split_at(group_count * WARNING_TERMS_LEN);
        let groups =
            terms.as_chunks::<WARNING_TERMS_LEN>().0.iter().map(WarningTerms::from_bytes).collect::<Result<Vec<_>, _>>()?;
        let buckets: Vec<(u32, [u8; 32])> = entries
            .as_chunks::<BUCKET_ENTRY_LEN>()
            .0
            .iter()
            .map(|entry| Ok((u32::from_be_bytes(array(&entry[..4])?), array(&entry[4..])?)))
            .collect::<Result<_, HourBundleError>>()?;
        let listed: u64 = buckets.iter().map(|(count, _)| u64::from(*count)).sum();
        if listed != u64::from(reports) || buckets.is_empty() {
            return Err(HourBundleError::Filter(FilterError::Coding));
        }
        let filter = TagFilter::from_bytes(reports, rice_bits, &signed[tables_end..])?;
        Ok(HourSummary { key_id, hour, reports, groups, buckets, filter })
    }

    /// The buckets to fetch for `tags`: those of the tags the filter may hold.
    pub fn buckets_for<'a>(&self, tags: impl IntoIterator<Item = &'a SlotTag>) -> BTreeSet<u16> {
        // The table was read from a u16 count, so its length fits a u16.
        let count = self.buckets.len() as u16;
        tags.into_iter().filter(|tag| self.filter.may_contain(tag)).map(|tag| bucket_of(tag, count)).collect()
    }

    /// How many buckets the hour has.
    pub fn bucket_count(&self) -> usize {
        self.buckets.len()
    }

    /// The size in bytes bucket `index` must have (0 for a bucket the summary does not list).
    pub fn bucket_len(&self, index: u16) -> u64 {
        self.buckets.get(usize::from(index)).map_or(0, |(count, _)| u64::from(*count) * BUCKET_RECORD_LEN as u64)
    }

    /// Checks bucket `index`'s bytes against the signed table and reads its reports.
    pub fn read_bucket(&self, index: u16, bytes: &[u8]) -> Result<Vec<PublishedReport>, HourBundleError> {
        let (count, digest) = self.buckets.get(usize::from(index)).ok_or(HourBundleError::BucketMismatch(index))?;
        let expected_len = usize::try_from(*count).ok().and_then(|c| c.checked_mul(BUCKET_RECORD_LEN));
        if expected_len != Some(bytes.len()) || Sha256::digest(bytes).as_slice() != digest {
            return Err(HourBundleError::BucketMismatch(index));
        }
        bytes
            .as_chunks::<BUCKET_RECORD_LEN>()
            .0
            .iter()
            .map(|record| {
                let terms = *self.groups.get(usize::from(record[0])).ok_or(HourBundleError::UnknownGroup)?;
                Ok(PublishedReport { terms, report: SlotReport::from_array(&array(&record[1..])?) })
            })
            .collect()
    }
}

/// The bucket of `tag` among `count` buckets (`count` ≥ 1).
fn bucket_of(tag: &SlotTag, count: u16) -> u16 {
    let mut last = [0u8; 8];
    last.copy_from_slice(&tag.0[8..]);
    // The remainder is below `count`, a u16.
    (u64::from_be_bytes(last) % u64::from(count.max(1))) as u16
}

fn array<const N: usize>(bytes: &[u8]) -> Result<[u8; N], HourBundleError> {
    bytes.try_into().map_err(|_| HourBundleError::Truncated)
}
