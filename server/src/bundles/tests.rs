//! The warnings directory: slots, atomic files, the signed index, retention and restarts.

use chrono::{TimeDelta, TimeZone};
use healthpass_core::exposure::{
    Advice, HourSummary, InfectiousPeriod, MAX_HOUR_REPORTS, PublisherPublicKey, SlotReport, WarningTerms,
};

use super::*;

fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 1, 30, 0).unwrap() + TimeDelta::hours(hours)
}

/// One group of `count` decoy reports.
fn decoys(count: usize) -> Vec<ReportGroup> {
    let end = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
    let terms = WarningTerms { advice: Advice::GetTested, period: InfectiousPeriod::new(end - TimeDelta::days(3), end).unwrap() };
    vec![ReportGroup { terms, reports: (0..count).map(|_| SlotReport::decoy()).collect() }]
}

fn index_on_disk(dir: &Path, trusted: &[PublisherPublicKey]) -> WarningIndex {
    WarningIndex::open(&std::fs::read(dir.join("warnings/index")).unwrap(), trusted).unwrap()
}

#[test]
fn bundles_take_the_current_hour_or_the_next_free_one() {
    let data = tempfile::tempdir().unwrap();
    let key = PublisherSigningKey::generate();
    let directory = BundleDirectory::open(data.path(), &key, at(0)).unwrap();
    assert_eq!(index_on_disk(data.path(), &[key.public_key()]).bundles, vec![], "an empty index is served from the start");
    let first = directory.publish(&decoys(3), &key, at(0)).unwrap();
    assert_eq!(first, PublishedBundle { hour: unix_hour(at(0)), reports: 3 });
    let second = directory.publish(&decoys(1), &key, at(0)).unwrap();
    assert_eq!(second.hour, first.hour + 1, "the current hour is taken");
    let third = directory.publish(&decoys(2), &key, at(5)).unwrap();
    assert_eq!(third.hour, unix_hour(at(5)));
    let index = index_on_disk(data.path(), &[key.public_key()]);
    assert_eq!(
        index.bundles.iter().map(|e| (e.hour, e.reports)).collect::<Vec<_>>(),
        vec![(first.hour, 3), (second.hour, 1), (third.hour, 2)]
    );
    for entry in &index.bundles {
        let bytes = std::fs::read(data.path().join(format!("warnings/{}", entry.hour))).unwrap();
        assert_eq!(<[u8; 32]>::from(Sha256::digest(&bytes)), entry.sha256);
        let summary = HourSummary::open(&bytes, &[key.public_key()], entry.hour).unwrap();
        assert_eq!(summary.reports, entry.reports);
        assert!(directory.file(entry.hour, Part::Bucket(0)).unwrap().is_some(), "its first bucket is served");
        assert_eq!(directory.file(entry.hour, Part::Summary).unwrap().unwrap().bytes, bytes);
    }
    assert_eq!(directory.index().bytes, std::fs::read(data.path().join("warnings/index")).unwrap());
    assert!(directory.file(first.hour - 1, Part::Summary).unwrap().is_none());
}

#[test]
fn bundles_older_than_fourteen_days_leave_the_index_and_the_disk() {
    let data = tempfile::tempdir().unwrap();
    let key = PublisherSigningKey::generate();
    let directory = BundleDirectory::open(data.path(), &key, at(0)).unwrap();
    let old = directory.publish(&decoys(1), &key, at(0)).unwrap();
    let kept = directory.publish(&decoys(1), &key, at(1)).unwrap();
    let new = directory.publish(&decoys(1), &key, at(14 * 24)).unwrap();
    let hours: Vec<u64> = index_on_disk(data.path(), &[key.public_key()]).bundles.iter().map(|e| e.hour).collect();
    assert_eq!(hours, vec![kept.hour, new.hour]);
    assert!(!data.path().join(format!("warnings/{}", old.hour)).exists());
    assert!(!data.path().join(format!("warnings/{}.0", old.hour)).exists(), "its buckets go too");
    assert!(directory.file(old.hour, Part::Bucket(0)).unwrap().is_none());
    assert!(directory.file(old.hour, Part::Summary).unwrap().is_none());
    assert!(directory.file(kept.hour, Part::Summary).unwrap().is_some());
}

#[test]
fn a_restart_relists_files_on_disk_under_the_current_key() {
    let data = tempfile::tempdir().unwrap();
    let old_key = PublisherSigningKey::generate();
    let published = BundleDirectory::open(data.path(), &old_key, at(0)).unwrap().publish(&decoys(4), &old_key, at(0)).unwrap();
    // A crash after a bundle was renamed into place but before the index was rewritten,
    // and one in the middle of writing a temporary file.
    let orphan = seal_hour(published.hour + 1, &decoys(2), &old_key).unwrap();
    std::fs::write(data.path().join(format!("warnings/{}", published.hour + 1)), &orphan.summary).unwrap();
    std::fs::write(data.path().join("warnings/.index.tmp"), b"half").unwrap();
    let new_key = PublisherSigningKey::generate();
    let reopened = BundleDirectory::open(data.path(), &new_key, at(1)).unwrap();
    let index = index_on_disk(data.path(), &[new_key.public_key()]);
    assert_eq!(
        index.bundles.iter().map(|e| (e.hour, e.reports)).collect::<Vec<_>>(),
        vec![(published.hour, 4), (published.hour + 1, 2)]
    );
    assert!(!data.path().join("warnings/.index.tmp").exists());
    assert_eq!(reopened.publish(&decoys(1), &new_key, at(1)).unwrap().hour, published.hour + 2);
}

#[test]
fn too_many_reports_publish_nothing() {
    let data = tempfile::tempdir().unwrap();
    let key = PublisherSigningKey::generate();
    let directory = BundleDirectory::open(data.path(), &key, at(0)).unwrap();
    let too_many = decoys(MAX_HOUR_REPORTS as usize + 1);
    assert!(matches!(directory.publish(&too_many, &key, at(0)), Err(BundleDirError::Bundle(HourBundleError::TooLarge))));
    assert_eq!(std::fs::read_dir(data.path().join("warnings")).unwrap().count(), 1, "only the index");
}

#[test]
fn summaries_and_buckets_are_served_from_memory_after_publishing_and_after_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let key = PublisherSigningKey::generate();
    let directory = BundleDirectory::open(data.path(), &key, at(0)).unwrap();
    let old = directory.publish(&decoys(2), &key, at(0)).unwrap();
    let hour = directory.publish(&decoys(3), &key, at(1)).unwrap().hour;
    let on_disk = |part: Part| std::fs::read(data.path().join("warnings").join(part.file_name(hour))).unwrap();
    for part in [Part::Summary, Part::Bucket(0)] {
        assert_eq!(directory.cached(hour, part).expect("held in memory once published").bytes, on_disk(part));
    }
    assert!(directory.cached(hour, Part::Bucket(1)).is_none() && directory.file(hour, Part::Bucket(1)).unwrap().is_none());
    drop(directory);

    let reopened = BundleDirectory::open(data.path(), &key, at(1)).unwrap();
    for part in [Part::Summary, Part::Bucket(0)] {
        assert_eq!(reopened.cached(hour, part).expect("held in memory after a restart").bytes, on_disk(part));
    }
    reopened.publish(&decoys(1), &key, at(14 * 24)).unwrap();
    assert!(reopened.cached(old.hour, Part::Bucket(0)).is_none(), "an expired hour leaves memory with its files");
    assert!(reopened.cached(hour, Part::Bucket(0)).is_some());
}

#[test]
fn only_plain_decimal_file_names_are_slots() {
    assert_eq!(Part::of_file_name("498932"), Some((498932, Part::Summary)));
    assert_eq!(Part::of_file_name("498932.7"), Some((498932, Part::Bucket(7))));
    for name in ["index", "0498932", "498932.07", "498932.", ".498932.0.tmp", "498932.70000", "+1"] {
        assert_eq!(Part::of_file_name(name), None, "{name}");
    }
}
