//! Hour bundles and the warning index: round trips, and every way a bundle or an index is refused.

use std::io::{ErrorKind, Read};

use chrono::{TimeDelta, TimeZone, Utc};

use super::*;
use crate::keys::envelope;

const HOUR: u64 = 494_200;

fn location(byte: u8) -> LocationId {
    LocationId([byte; 32])
}

fn window(start_minutes: i64, end_minutes: i64) -> WarningWindow {
    let base = Utc.with_ymd_and_hms(2026, 5, 18, 10, 0, 0).unwrap();
    WarningWindow {
        start: base + TimeDelta::minutes(start_minutes),
        end: base + TimeDelta::minutes(end_minutes),
        advice: Advice::Isolate,
    }
}

fn reports() -> Vec<ProtectedReport> {
    vec![ProtectedReport::seal(&location(1), &window(0, 60)), ProtectedReport::decoy(), ProtectedReport::decoy()]
}

/// Reads a bundle, collecting the reports `on_report` saw.
fn read(bytes: &[u8], trusted: &[PublisherPublicKey], hour: u64) -> (Result<BundleHeader, BundleError>, Vec<ProtectedReport>) {
    let mut seen = Vec::new();
    let result = read_bundle(bytes, trusted, hour, |report| seen.push(*report));
    (result, seen)
}

fn refusal(bytes: &[u8], trusted: &[PublisherPublicKey]) -> BundleError {
    read(bytes, trusted, HOUR).0.unwrap_err()
}

#[test]
fn a_bundle_round_trips_and_names_its_key() {
    let key = PublisherSigningKey::generate();
    let published = reports();
    let bytes = seal_bundle(HOUR, &published, &key).unwrap();
    assert_eq!(bytes.len() as u64, bundle_len(3));
    assert_eq!(&bytes[..5], b"HPWB\x01");
    let (header, seen) = read(&bytes, &[key.public_key()], HOUR);
    assert_eq!(header, Ok(BundleHeader { key_id: key.public_key().key_id(), hour: HOUR, reports: 3 }));
    assert_eq!(seen, published);
    assert_eq!(seen[0].open(&location(1)), Ok(window(0, 60)));
    let empty = seal_bundle(HOUR, &[], &key).unwrap();
    assert_eq!(
        read(&empty, &[key.public_key()], HOUR),
        (Ok(BundleHeader { key_id: key.public_key().key_id(), hour: HOUR, reports: 0 }), vec![])
    );
}

#[test]
fn a_bundle_larger_than_one_chunk_streams_through() {
    let key = PublisherSigningKey::generate();
    let many: Vec<ProtectedReport> = (0..2000).map(|_| ProtectedReport::decoy()).collect();
    let bytes = seal_bundle(HOUR, &many, &key).unwrap();
    let (header, seen) = read(&bytes, &[key.public_key()], HOUR);
    assert_eq!(header.map(|h| h.reports), Ok(2000));
    assert_eq!(seen, many);
}

#[test]
fn every_old_and_new_key_of_a_rotation_verifies() {
    let old = PublisherSigningKey::generate();
    let new = PublisherSigningKey::generate();
    let trusted = [new.public_key(), old.public_key()];
    assert!(read(&seal_bundle(HOUR, &reports(), &old).unwrap(), &trusted, HOUR).0.is_ok());
    assert!(read(&seal_bundle(HOUR, &reports(), &new).unwrap(), &trusted, HOUR).0.is_ok());
}

#[test]
fn a_bundle_cut_anywhere_is_truncated() {
    let key = PublisherSigningKey::generate();
    let bytes = seal_bundle(HOUR, &reports(), &key).unwrap();
    for length in 0..bytes.len() {
        assert_eq!(refusal(&bytes[..length], &[key.public_key()]), BundleError::Truncated, "cut at {length}");
    }
}

#[test]
fn an_oversized_count_is_refused_before_reading_reports() {
    let key = PublisherSigningKey::generate();
    let mut bytes = seal_bundle(HOUR, &[], &key).unwrap();
    bytes[21..25].copy_from_slice(&(MAX_BUNDLE_REPORTS + 1).to_be_bytes());
    assert_eq!(refusal(&bytes[..BUNDLE_HEADER_LEN], &[key.public_key()]), BundleError::TooLarge { count: 1_048_577 });
    let too_many = vec![ProtectedReport::decoy(); MAX_BUNDLE_REPORTS as usize + 1];
    assert_eq!(seal_bundle(HOUR, &too_many, &key), Err(BundleError::TooLarge { count: 1_048_577 }));
}

#[test]
fn wrong_magic_and_version_are_refused() {
    let key = PublisherSigningKey::generate();
    let bytes = seal_bundle(HOUR, &reports(), &key).unwrap();
    let mut magic = bytes.clone();
    magic[0] = b'X';
    assert_eq!(refusal(&magic, &[key.public_key()]), BundleError::BadMagic);
    let mut version = bytes;
    version[4] = 2;
    assert_eq!(refusal(&version, &[key.public_key()]), BundleError::UnsupportedVersion(2));
}

#[test]
fn a_bundle_from_an_unknown_key_is_refused() {
    let key = PublisherSigningKey::generate();
    let other = PublisherSigningKey::generate().public_key();
    let bytes = seal_bundle(HOUR, &reports(), &key).unwrap();
    assert_eq!(refusal(&bytes, &[other]), BundleError::UnknownKeyId(key.public_key().key_id()));
    assert_eq!(refusal(&bytes, &[other]).code(), "unknown_key_id");
}

#[test]
fn a_forged_signature_or_tampered_byte_is_refused() {
    let key = PublisherSigningKey::generate();
    let bytes = seal_bundle(HOUR, &reports(), &key).unwrap();
    let mut signature = bytes.clone();
    *signature.last_mut().unwrap() ^= 1;
    assert_eq!(refusal(&signature, &[key.public_key()]), BundleError::ForgedSignature);
    for position in [BUNDLE_HEADER_LEN, BUNDLE_HEADER_LEN + 100, BUNDLE_HEADER_LEN + 3 * PROTECTED_REPORT_LEN - 1] {
        let mut report = bytes.clone();
        report[position] ^= 0x80;
        assert_eq!(refusal(&report, &[key.public_key()]), BundleError::ForgedSignature, "byte {position}");
    }
    // Another key's signature over the same content, under the first key's id.
    let impostor = seal_bundle(HOUR, &reports(), &PublisherSigningKey::generate()).unwrap();
    let mut swapped = bytes.clone();
    swapped[bytes.len() - BUNDLE_SIGNATURE_LEN..].copy_from_slice(&impostor[impostor.len() - BUNDLE_SIGNATURE_LEN..]);
    assert_eq!(refusal(&swapped, &[key.public_key()]).code(), "forged_signature");
}

#[test]
fn a_bundle_for_another_hour_is_a_replay() {
    let key = PublisherSigningKey::generate();
    let bytes = seal_bundle(HOUR - 1, &reports(), &key).unwrap();
    assert_eq!(refusal(&bytes, &[key.public_key()]), BundleError::WrongHour { expected: HOUR, found: HOUR - 1 });
    // Rewriting the hour in the header breaks the signature instead.
    let mut moved = bytes;
    moved[13..21].copy_from_slice(&HOUR.to_be_bytes());
    assert_eq!(refusal(&moved, &[key.public_key()]), BundleError::ForgedSignature);
}

#[test]
fn bytes_after_the_signature_are_refused() {
    let key = PublisherSigningKey::generate();
    let mut bytes = seal_bundle(HOUR, &reports(), &key).unwrap();
    bytes.push(0);
    assert_eq!(refusal(&bytes, &[key.public_key()]), BundleError::TrailingBytes);
}

/// Hands out at most three bytes per read, interrupted every other call, then fails if asked.
struct Trickle<'a> {
    bytes: &'a [u8],
    calls: usize,
    fail_at_end: bool,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        self.calls += 1;
        if self.calls.is_multiple_of(2) {
            return Err(ErrorKind::Interrupted.into());
        }
        if self.bytes.is_empty() && self.fail_at_end {
            return Err(ErrorKind::ConnectionReset.into());
        }
        let n = buffer.len().min(3).min(self.bytes.len());
        buffer[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

#[test]
fn short_and_interrupted_reads_are_resumed_and_io_failures_reported() {
    let key = PublisherSigningKey::generate();
    let bytes = seal_bundle(HOUR, &reports(), &key).unwrap();
    let trickle = Trickle { bytes: &bytes, calls: 0, fail_at_end: false };
    assert!(read_bundle(trickle, &[key.public_key()], HOUR, |_| {}).is_ok());
    let cut = Trickle { bytes: &bytes[..100], calls: 0, fail_at_end: true };
    let error = read_bundle(cut, &[key.public_key()], HOUR, |_| {}).unwrap_err();
    assert_eq!((error, error.code()), (BundleError::Io(ErrorKind::ConnectionReset), "io"));
}

#[test]
fn match_bundle_returns_matches_only_from_a_verified_bundle() {
    let key = PublisherSigningKey::generate();
    let base = window(0, 0).start;
    let visit = VisitedLocation {
        visit_id: 7,
        location: location(1),
        start: base + TimeDelta::minutes(30),
        end: base + TimeDelta::minutes(90),
    };
    let matcher = ExposureMatcher::new(vec![visit], TimeDelta::minutes(15));
    let bytes = seal_bundle(HOUR, &reports(), &key).unwrap();
    let found = match_bundle(bytes.as_slice(), &[key.public_key()], HOUR, &matcher).unwrap();
    assert_eq!(found.header.reports, 3);
    assert_eq!(found.matches, vec![ExposureMatch { visit_id: 7, window: window(0, 60), overlap: TimeDelta::minutes(30) }]);
    let mut tampered = bytes;
    tampered[BUNDLE_HEADER_LEN + PROTECTED_REPORT_LEN + 5] ^= 1;
    assert_eq!(match_bundle(tampered.as_slice(), &[key.public_key()], HOUR, &matcher), Err(BundleError::ForgedSignature));
}

fn index() -> WarningIndex {
    WarningIndex {
        generated_at: Utc.with_ymd_and_hms(2026, 5, 18, 11, 0, 7).unwrap(),
        bundles: vec![
            IndexEntry { hour: HOUR - 1, reports: 128, sha256: [0xab; 32] },
            IndexEntry { hour: HOUR, reports: 0, sha256: [0x01; 32] },
        ],
    }
}

#[test]
fn an_index_round_trips_in_the_contract_shape() {
    let key = PublisherSigningKey::generate();
    let bytes = index().seal(&key);
    assert_eq!(WarningIndex::open(&bytes, &[key.public_key()]), Ok(index()));
    let (content, _) = envelope::open(b"healthpass/warning-index/v1\0", &bytes, &[key.public_key()]).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&content).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["generated_at"], "2026-05-18T11:00:07Z");
    assert_eq!(json["bundles"][1], serde_json::json!({ "hour": HOUR, "reports": 0, "sha256": "01".repeat(32) }));
}

#[test]
fn a_tampered_or_foreign_index_is_refused() {
    let key = PublisherSigningKey::generate();
    let bytes = index().seal(&key);
    let other = PublisherSigningKey::generate();
    assert_eq!(WarningIndex::open(&bytes, &[other.public_key()]), Err(IndexError::UnknownKeyId));
    let mut document: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let mut grown = index();
    grown.bundles.push(IndexEntry { hour: HOUR + 1, reports: 1, sha256: [2; 32] });
    let forged: serde_json::Value = serde_json::from_slice(&grown.seal(&other)).unwrap();
    document["content"] = forged["content"].clone();
    let tampered = serde_json::to_vec(&document).unwrap();
    assert_eq!(WarningIndex::open(&tampered, &[key.public_key()]).map_err(|e| e.code()), Err("forged_signature"));
    assert_eq!(WarningIndex::open(b"{}", &[key.public_key()]), Err(IndexError::Malformed("envelope")));
    assert_eq!(WarningIndex::open(&vec![b' '; MAX_INDEX_LEN + 1], &[key.public_key()]), Err(IndexError::TooLarge));
}

#[test]
fn an_index_signed_under_another_context_is_forged() {
    let key = PublisherSigningKey::generate();
    let content = br#"{"version":1,"generated_at":"2026-05-18T11:00:07Z","bundles":[]}"#;
    let bytes = envelope::seal(b"healthpass/trust-list/v1\0", content, &key);
    assert_eq!(WarningIndex::open(&bytes, &[key.public_key()]), Err(IndexError::ForgedSignature));
}

#[test]
fn a_signed_index_with_bad_content_is_refused() {
    let key = PublisherSigningKey::generate();
    let signed = |content: &str| envelope::seal(b"healthpass/warning-index/v1\0", content.as_bytes(), &key);
    let open = |content: &str| WarningIndex::open(&signed(content), &[key.public_key()]);
    let mut descending = index();
    descending.bundles.reverse();
    assert_eq!(
        WarningIndex::open(&descending.seal(&key), &[key.public_key()]),
        Err(IndexError::Malformed("hours are not strictly ascending"))
    );
    assert_eq!(
        open(r#"{"version":2,"generated_at":"2026-05-18T11:00:07Z","bundles":[]}"#),
        Err(IndexError::UnsupportedVersion(2))
    );
    let entry = |reports: u64, sha256: &str| {
        format!(
            r#"{{"version":1,"generated_at":"2026-05-18T11:00:07Z","bundles":[{{"hour":1,"reports":{reports},"sha256":"{sha256}"}}]}}"#
        )
    };
    assert_eq!(open(&entry(1_048_577, &"00".repeat(32))), Err(IndexError::Malformed("a bundle has too many reports")));
    assert_eq!(open(&entry(1, &"00".repeat(31))), Err(IndexError::Malformed("sha256")));
    assert_eq!(open(&entry(1, &"zz".repeat(32))), Err(IndexError::Malformed("sha256")));
    assert_eq!(open("[]"), Err(IndexError::Malformed("content")));
    assert!(open(&entry(1, &"AB".repeat(32))).is_ok(), "upper-case hex is read");
}
